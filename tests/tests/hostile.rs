//! Hostile input and panics, against the Rust core: NUL characters, huge
//! maps, deeply nested payloads and JSON give clear validation errors (or a
//! clean send) and never a panic; a panic armed inside the core (feature
//! `test-hooks`) becomes an `internal` error and the client keeps working.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use mpaas_push::test_hooks::{PanicPoint, disarm, panic_next};
use mpaas_push::{Action, AnyRequest, BroadcastRequest, Client, Credentials, ErrorCode};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::{Value, json};

const ID: &str = "hostile-id";
const SECRET: &str = "hostile-secret";

fn base() -> Value {
    json!({
        "appId": "ONEX570DA89211721", "workspaceId": "test", "deliveryType": 1,
        "msgkey": "m-1", "expiredSeconds": 300, "taskName": "hostile",
        "templateName": "broadcast_tpl", "templateKeyValue": {"content": "hi"}, "bindPeriod": 1
    })
}

fn rejection(v: &Value) -> mpaas_push::Error {
    match BroadcastRequest::from_json(v) {
        Err(e) => e.into(),
        Ok(r) => mpaas_push::validate(&r, chrono::Utc::now())
            .map(|()| panic!("accepted: {v}"))
            .unwrap_err()
            .into(),
    }
}

#[test]
fn nul_characters_are_named() {
    for (field, value) in [
        ("taskName", json!("a\u{0}b")),
        ("msgkey", json!("\u{0}")),
        ("templateKeyValue", json!({"content": "x\u{0}"})),
        ("tenantId", json!("t\u{0}")),
    ] {
        let mut v = base();
        v[field] = value;
        let e = rejection(&v);
        assert_eq!(e.code(), ErrorCode::Validation, "{field}: {e}");
        assert!(e.field().unwrap().starts_with(field), "{field}: {e}");
        assert_eq!(
            e.validation().unwrap().rule().as_str(),
            "no_nul",
            "{field}: {e}"
        );
    }
    let e = AnyRequest::from_json(
        Action::RevokePushMessage,
        &json!({"appId": "A", "workspaceId": "W", "messageId": "m\u{0}", "targetId": "t"}),
    )
    .unwrap()
    .validate(chrono::Utc::now())
    .unwrap_err();
    assert_eq!((e.field(), e.rule().as_str()), ("messageId", "no_nul"));
}

#[test]
fn deep_nesting_is_a_validation_error_not_a_stack_overflow() {
    // As JSON text: the parser's recursion limit.
    let text = format!(
        "{{\"appId\":\"A\",\"transparentMessagePayload\":{{\"hms\":{}1{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = BroadcastRequest::from_json_str(&text).unwrap_err();
    assert_eq!(e.rule().as_str(), "json", "{e}");
    // As a value built in memory (10,000 levels): the payload depth rule.
    // (Built by moving, not with `json!`, which would re-serialise each level.)
    let mut deep = json!(1);
    for _ in 0..10_000 {
        let mut level = serde_json::Map::new();
        level.insert("a".into(), deep);
        deep = Value::Object(level);
    }
    let mut payload = serde_json::Map::new();
    payload.insert("hms".into(), deep);
    let mut v = base();
    v["transparentMessagePayload"] = Value::Object(payload);
    let e = rejection(&v);
    assert_eq!(e.code(), ErrorCode::Validation, "{e}");
    assert!(
        e.field().unwrap().starts_with("transparentMessagePayload"),
        "{e}"
    );
    assert_eq!(e.validation().unwrap().rule().as_str(), "max_depth", "{e}");
    // (serde_json drops a value recursively: the caller's 10,000-level tree
    // is taken apart level by level here, as a caller would have to.)
    let mut node = v["transparentMessagePayload"]["hms"].take();
    while let Value::Object(mut m) = node {
        node = m.remove("a").unwrap_or(Value::Null);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_maps_are_refused_before_signing() {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    let emu = Emulator::start(cfg).await.unwrap();
    let client = Client::builder()
        .endpoint(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .build()
        .unwrap();
    let mut v = base();
    let map: serde_json::Map<String, Value> = (0..100_000)
        .map(|i| (format!("k{i}"), json!("v")))
        .collect();
    v["templateKeyValue"] = Value::Object(map);
    v["msgkey"] = json!("huge-map");
    // Refused before signing, naming the map (the core's MAX_MAP_ENTRIES).
    let e = rejection(&v);
    assert_eq!(e.field(), Some("templateKeyValue"), "{e}");
    assert_eq!(e.validation().unwrap().rule().as_str(), "max_keys", "{e}");
    // At the limit the request is valid, signed and sent.
    let mut v = base();
    v["templateKeyValue"] = Value::Object(
        (0..mpaas_push::MAX_MAP_ENTRIES)
            .map(|i| (format!("k{i}"), json!("v")))
            .collect(),
    );
    v["msgkey"] = json!("map-at-limit");
    let req = BroadcastRequest::from_json(&v).unwrap();
    let e = client.push_broadcast(&req).await;
    assert!(
        !matches!(&e, Err(e) if e.code() == ErrorCode::Validation),
        "{e:?}"
    );
    // 101 extended params: the documented cap.
    let mut v = base();
    v["extendedParams"] = Value::Object((0..101).map(|i| (format!("k{i}"), json!("v"))).collect());
    let e = rejection(&v);
    assert_eq!(e.validation().unwrap().rule().as_str(), "max_keys", "{e}");
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_the_core_is_an_internal_error_and_the_client_survives() {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    let emu = Emulator::start(cfg).await.unwrap();
    let client = Client::builder()
        .endpoint(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .build()
        .unwrap();
    for (i, point) in [PanicPoint::Send, PanicPoint::Parse]
        .into_iter()
        .enumerate()
    {
        panic_next(point);
        let mut v = base();
        v["msgkey"] = json!(format!("panic-{i}"));
        let e = client
            .push_broadcast(&BroadcastRequest::from_json(&v).unwrap())
            .await
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Internal, "{point:?}: {e}");
        assert!(e.to_string().contains("panic"), "{e}");
        v["msgkey"] = json!(format!("after-panic-{i}"));
        client
            .push_broadcast(&BroadcastRequest::from_json(&v).unwrap())
            .await
            .unwrap();
    }
    // Blocking calls run on the calling thread: a panic there is caught
    // too, the thread's engine is rebuilt, and the next call works.
    for (i, point) in [PanicPoint::Send, PanicPoint::Parse]
        .into_iter()
        .enumerate()
    {
        let c = client.clone();
        let codes = std::thread::spawn(move || {
            panic_next(point);
            let mut v = base();
            v["msgkey"] = json!(format!("blocking-panic-{i}"));
            let first = c
                .push_broadcast_blocking(&BroadcastRequest::from_json(&v).unwrap())
                .unwrap_err()
                .code();
            v["msgkey"] = json!(format!("blocking-after-{i}"));
            let second = c.push_broadcast_blocking(&BroadcastRequest::from_json(&v).unwrap());
            (first, second.is_ok())
        })
        .join()
        .unwrap();
        assert_eq!(codes, (ErrorCode::Internal, true), "{point:?}");
    }
    // On the caller's thread the panic unwinds to the caller (the bindings
    // catch it at their boundary); the client still works afterwards.
    panic_next(PanicPoint::Validate);
    let c2 = client.clone();
    let caught = tokio::spawn(async move {
        c2.push_broadcast(&BroadcastRequest::from_json(&base()).unwrap())
            .await
    })
    .await;
    assert!(caught.unwrap_err().is_panic());
    disarm();
    client
        .push_broadcast(&BroadcastRequest::from_json(&base()).unwrap())
        .await
        .unwrap();
    emu.shutdown().await;
}
