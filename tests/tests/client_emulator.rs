//! The Rust client against the real emulator over HTTP on 127.0.0.1:
//! gateway checks, service rules, retries and faults driven through the
//! emulator's `/_emulator/` control API (as every language's suite does).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};
use mpaas_push::{
    BroadcastRequest, Client, ClientBuilder, Credentials, DeliveryType, ErrorCode, FixedClock,
    FixedNonce, Period, RetryPolicy, Schedule, SignatureMethod, TimeoutKind,
};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::{Value, json};

const ID: &str = "test-access-key-id";
const SECRET: &str = "test-secret-value-123";
const STS_ID: &str = "STS.test-id";
const TOKEN: &str = "sts/token+value=secret";

async fn emulator() -> Emulator {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![
        AccessKey::new(ID, SECRET),
        AccessKey {
            id: STS_ID.into(),
            secret: SECRET.into(),
            security_token: Some(TOKEN.into()),
        },
    ];
    Emulator::start(cfg).await.unwrap()
}

fn builder(emu: &Emulator) -> ClientBuilder {
    Client::builder()
        .endpoint(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(5), Duration::from_millis(50)),
        )
}

fn request(msgkey: &str) -> BroadcastRequest {
    BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("test")
        .delivery_type(DeliveryType::Android)
        .msgkey(msgkey)
        .expired_seconds(300)
        .task_name("群发 task")
        .template_name("broadcast_tpl")
        .template_value("content", "hello world*~")
        .bind_period(Period::Days7)
        .build()
        .unwrap()
}

async fn control(emu: &Emulator, method: &str, route: &str, body: Option<Value>) -> Value {
    let http = reqwest::Client::new();
    let url = format!("{}/_emulator/{route}", emu.url());
    let req = match method {
        "GET" => http.get(url),
        _ => http.post(url).body(body.unwrap_or(json!({})).to_string()),
    };
    let resp = req.send().await.unwrap();
    assert!(
        resp.status().is_success(),
        "control {route}: {}",
        resp.status()
    );
    serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
}

async fn fault(emu: &Emulator, rule: Value) {
    control(emu, "POST", "faults", Some(rule)).await;
}

async fn requests(emu: &Emulator) -> Vec<Value> {
    control(emu, "GET", "requests", None).await["requests"]
        .as_array()
        .unwrap()
        .clone()
}

fn assert_no_secret(text: &str) {
    for s in [SECRET, TOKEN, "sts%2Ftoken", "sts%252Ftoken"] {
        assert!(!text.contains(s), "secret {s:?} leaked in {text}");
    }
}

#[tokio::test]
async fn both_signatures_and_sts_are_accepted() {
    let emu = emulator().await;
    for method in [SignatureMethod::HmacSha1, SignatureMethod::Acs3HmacSha256] {
        for creds in [
            Credentials::new(ID, SECRET),
            Credentials::new(STS_ID, SECRET).with_security_token(TOKEN),
        ] {
            let key = format!("{method}-{}", creds.access_key_id());
            let client = builder(&emu)
                .signature_method(method)
                .credentials(creds)
                .build()
                .unwrap();
            let res = client.push_broadcast(&request(&key)).await.unwrap();
            assert!(res.task_id.is_some());
            assert!(!res.request_id.is_empty());
        }
    }
    let got = requests(&emu).await;
    assert_eq!(got.len(), 4);
    assert_eq!(got[0]["signatureMethod"], "hmac-sha1");
    assert_eq!(got[1]["accessKeyId"], STS_ID);
    assert_eq!(got[2]["signatureMethod"], "acs3-hmac-sha256");
    assert_eq!(got[0]["params"]["TaskName"], "群发 task");
    assert_eq!(got[0]["code"], "OK");
    emu.shutdown().await;
}

#[tokio::test]
async fn gateway_rejections_are_classified() {
    let emu = emulator().await;
    let wrong = builder(&emu)
        .credentials(Credentials::new(ID, "wrong-secret"))
        .build()
        .unwrap();
    let e = wrong.push_broadcast(&request("k1")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::SignatureMismatch);
    assert!(
        e.service()
            .unwrap()
            .message
            .as_deref()
            .unwrap()
            .contains("server string to sign is:POST&%2F&")
    );
    assert!(e.request_id().is_some());
    assert_eq!(e.http_status(), Some(400));

    let unknown = builder(&emu)
        .credentials(Credentials::new("nobody", SECRET))
        .build()
        .unwrap();
    let e = unknown.push_broadcast(&request("k2")).await.unwrap_err();
    assert_eq!((e.code(), e.http_status()), (ErrorCode::Auth, Some(404)));
    assert_eq!(e.service_code(), Some("InvalidAccessKeyId.NotFound"));

    let bad_token = builder(&emu)
        .credentials(Credentials::new(STS_ID, SECRET).with_security_token("other-token"))
        .build()
        .unwrap();
    let e = bad_token.push_broadcast(&request("k3")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Auth);
    assert_no_secret(&format!("{e} {e:?}"));

    // A reused nonce: retried (a fresh nonce would succeed), but this client
    // insists on the same one.
    let same_nonce = builder(&emu)
        .nonce_source(Arc::new(FixedNonce("n-1".into())))
        .build()
        .unwrap();
    same_nonce.push_broadcast(&request("k4")).await.unwrap();
    let e = same_nonce.push_broadcast(&request("k5")).await.unwrap_err();
    assert_eq!(e.service_code(), Some("SignatureNonceUsed"));
    assert_eq!(e.attempts(), 3);
    emu.shutdown().await;
}

#[tokio::test]
async fn clock_skew_is_corrected_from_the_date_header() {
    let emu = emulator().await;
    let late = Utc::now() - chrono::Duration::hours(2);
    let client = builder(&emu)
        .clock(Arc::new(FixedClock(late)))
        .build()
        .unwrap();
    let res = client.push_broadcast(&request("skewed")).await.unwrap();
    assert!(res.task_id.is_some());
    let got = requests(&emu).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["code"], "InvalidTimeStamp.Expired");
    assert_eq!(got[1]["code"], "OK");
    emu.shutdown().await;
}

#[tokio::test]
async fn service_rules_map_to_result_codes() {
    let emu = emulator().await;
    let client = builder(&emu).build().unwrap();
    let mut no_tpl = request("r1");
    no_tpl.template_name = "missing_tpl".into();
    let e = client.push_broadcast(&no_tpl).await.unwrap_err();
    assert_eq!(
        (e.code(), e.service_code()),
        (ErrorCode::PushFailed, Some("3022"))
    );

    let mut no_kv = request("r2");
    no_kv.template_key_value = None;
    let e = client.push_broadcast(&no_kv).await.unwrap_err();
    assert_eq!(e.service_code(), Some("3023"));

    let first = client.push_broadcast(&request("dup")).await.unwrap();
    let e = client.push_broadcast(&request("dup")).await.unwrap_err();
    assert_eq!(e.service_code(), Some("DUPLICATE_MSGKEY"));
    assert!(
        e.to_string().contains(first.task_id.as_deref().unwrap()),
        "{e}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn at_most_100_pending_scheduled_tasks_per_app() {
    let emu = emulator().await;
    let client = builder(&emu).build().unwrap();
    let at = Schedule::at(
        (Utc::now() + chrono::Duration::days(1))
            .with_nanosecond(0)
            .unwrap(),
    );
    for i in 0..100 {
        let mut r = request(&format!("s-{i}"));
        r.schedule = Some(at.clone());
        client.push_broadcast(&r).await.unwrap();
    }
    let mut r = request("s-100");
    r.schedule = Some(at);
    let e = client.push_broadcast(&r).await.unwrap_err();
    assert_eq!(e.service_code(), Some("PENDING_TASK_LIMIT"));
    let tasks = control(&emu, "GET", "tasks", None).await;
    assert_eq!(tasks["tasks"].as_array().unwrap().len(), 100);
    emu.shutdown().await;
}

#[tokio::test]
async fn throttled_then_success_resigns_with_the_same_msgkey() {
    let emu = emulator().await;
    fault(
        &emu,
        json!({"fault": {"type": "throttle", "retryAfterMs": 20}, "count": 2}),
    )
    .await;
    let client = builder(&emu).build().unwrap();
    client.push_broadcast(&request("t-1")).await.unwrap();
    let got = requests(&emu).await;
    assert_eq!(got.len(), 3);
    let nonces: HashSet<_> = got
        .iter()
        .map(|r| r["nonce"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(nonces.len(), 3);
    assert!(got.iter().all(|r| r["msgkey"] == "t-1"));
    assert_eq!(got[0]["code"], "Throttling.User");
    assert_eq!(got[2]["code"], "OK");
    emu.shutdown().await;
}

#[tokio::test]
async fn timeout_after_the_service_acted_is_not_retried_and_a_resend_is_a_duplicate() {
    let emu = emulator().await;
    fault(&emu, json!({"fault": {"type": "delay", "ms": 1500}})).await;
    let client = builder(&emu)
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let e = client.push_broadcast(&request("slow")).await.unwrap_err();
    assert_eq!(e.timeout_kind(), Some(TimeoutKind::Read), "{e}");
    assert!(e.maybe_sent() && !e.retryable());
    assert_eq!(requests(&emu).await.len(), 1, "not retried");
    // The caller resends with the same Msgkey: the service reports the earlier acceptance.
    let e = client.push_broadcast(&request("slow")).await.unwrap_err();
    assert_eq!(e.service_code(), Some("DUPLICATE_MSGKEY"));
    emu.shutdown().await;
}

#[tokio::test]
async fn every_fault_is_classified() {
    let emu = emulator().await;
    let client = builder(&emu).build().unwrap();
    let cases = [
        (json!({"type": "status", "status": 503}), None, 2),
        (
            json!({"type": "status", "status": 500}),
            Some(ErrorCode::Service),
            1,
        ),
        (
            json!({"type": "drop_after_body"}),
            Some(ErrorCode::ConnectionLost),
            1,
        ),
        (
            json!({"type": "malformed_json"}),
            Some(ErrorCode::InvalidResponse),
            1,
        ),
        (
            json!({"type": "huge_body", "bytes": 5_000_000}),
            Some(ErrorCode::InvalidResponse),
            1,
        ),
    ];
    for (i, (f, want, attempts)) in cases.into_iter().enumerate() {
        control(&emu, "POST", "reset", None).await;
        fault(&emu, json!({"fault": f, "action": "PushBroadcast"})).await;
        let out = client.push_broadcast(&request(&format!("f-{i}"))).await;
        match want {
            None => assert!(out.is_ok(), "{f}: {out:?}"),
            Some(code) => {
                let e = out.unwrap_err();
                assert_eq!(e.code(), code, "{f}: {e}");
                assert!(e.maybe_sent(), "{f}");
            }
        }
        assert_eq!(requests(&emu).await.len(), attempts, "{f}");
    }
    control(&emu, "POST", "reset", None).await;
    fault(&emu, json!({"fault": {"type": "drop_before_body"}})).await;
    let e = client.push_broadcast(&request("d")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::ConnectionLost, "{e}");
    emu.shutdown().await;
}

#[tokio::test]
async fn connection_refused_is_retried_and_not_sent() {
    let emu = emulator().await;
    let url = emu.url();
    emu.shutdown().await;
    let client = Client::builder()
        .endpoint(url)
        .credentials(Credentials::new(ID, SECRET))
        .retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .build()
        .unwrap();
    let e = client.push_broadcast(&request("x")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Connect, "{e}");
    assert!(!e.maybe_sent());
    assert_eq!(e.attempts(), 3);
}

#[tokio::test]
async fn explicit_proxy_carries_the_request() {
    let emu = emulator().await;
    // The emulator plays the proxy: it receives the absolute-form request.
    let client = Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(Credentials::new(ID, SECRET))
        .proxy(mpaas_push::ProxyConfig::Url(emu.url()))
        .build()
        .unwrap();
    client.push_broadcast(&request("via-proxy")).await.unwrap();
    assert_eq!(requests(&emu).await.len(), 1);
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_many_concurrent_calls() {
    let emu = emulator().await;
    let client = builder(&emu).build().unwrap();
    let handles: Vec<_> = (0..200)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move { c.push_broadcast(&request(&format!("c-{i}"))).await })
        })
        .collect();
    let mut tasks = HashSet::new();
    for h in handles {
        tasks.insert(h.await.unwrap().unwrap().task_id.unwrap());
    }
    assert_eq!(tasks.len(), 200);
    assert_eq!(emu.received_count(), 200);
    emu.shutdown().await;
}

#[tokio::test]
async fn garbage_gets_an_error_response_and_the_emulator_survives() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let emu = emulator().await;
    let raw: [&[u8]; 6] = [
        b"POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 7\r\n\r\n%zz=%%%",
        b"POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 4\r\n\r\n\xff\xfe\x00\x01",
        b"POST /?Action=PushBroadcast HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
        b"GET /nope HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        b"POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\nauthorization: ACS3-HMAC-SHA256 garbage\r\ncontent-length: 0\r\n\r\n",
        b"\x00\x01\x02 not http at all\r\n\r\n",
    ];
    for bytes in raw {
        let mut s = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
        s.write_all(bytes).await.unwrap();
        let mut out = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), s.read_to_end(&mut out)).await;
        let text = String::from_utf8_lossy(&out);
        if !bytes.starts_with(b"\x00") {
            assert!(
                text.starts_with("HTTP/1.1 4"),
                "{:?} → {text}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    let client = builder(&emu).build().unwrap();
    client
        .push_broadcast(&request("after-garbage"))
        .await
        .unwrap();
    emu.shutdown().await;
}

/// A clock that advances one second per reading.
#[derive(Debug)]
struct Ticking(std::sync::atomic::AtomicI64);

impl mpaas_push::Clock for Ticking {
    fn now(&self) -> DateTime<Utc> {
        let s = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        DateTime::from_timestamp(s, 0).unwrap()
    }
}

#[tokio::test]
async fn every_attempt_gets_a_fresh_timestamp() {
    let emu = emulator().await;
    fault(
        &emu,
        json!({"fault": {"type": "status", "status": 503}, "count": 2}),
    )
    .await;
    let client = builder(&emu)
        .clock(Arc::new(Ticking(Utc::now().timestamp().into())))
        .build()
        .unwrap();
    client.push_broadcast(&request("fresh")).await.unwrap();
    let got = requests(&emu).await;
    let stamps: HashSet<_> = got
        .iter()
        .map(|r| r["timestamp"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!((got.len(), stamps.len()), (3, 3));
    emu.shutdown().await;
}

#[tokio::test]
async fn opt_in_retries_maybe_sent_failures_with_the_same_msgkey() {
    let emu = emulator().await;
    fault(&emu, json!({"fault": {"type": "status", "status": 500}})).await;
    let client = builder(&emu)
        .retry_policy(
            RetryPolicy::default()
                .with_delays(Duration::from_millis(5), Duration::from_millis(20))
                .with_retry_maybe_sent(true),
        )
        .build()
        .unwrap();
    client.push_broadcast(&request("opt-in")).await.unwrap();
    let got = requests(&emu).await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["msgkey"], got[1]["msgkey"]);
    assert_ne!(got[0]["nonce"], got[1]["nonce"]);
    emu.shutdown().await;
}

#[tokio::test]
async fn total_deadline_bounds_the_whole_call() {
    let emu = emulator().await;
    fault(&emu, json!({"fault": {"type": "delay", "ms": 3000}})).await;
    let e = builder(&emu)
        .total_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .push_broadcast(&request("deadline"))
        .await
        .unwrap_err();
    assert_eq!(e.timeout_kind(), Some(TimeoutKind::Total), "{e}");
    assert!(e.maybe_sent());
    emu.shutdown().await;
}

#[tokio::test]
async fn validation_fails_before_any_connection() {
    let emu = emulator().await;
    let mut req = request("invalid");
    req.expired_seconds = 0;
    let e = builder(&emu)
        .build()
        .unwrap()
        .push_broadcast(&req)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("expiredSeconds"));
    assert_eq!(e.attempts(), 0);
    assert_eq!(emu.received_count(), 0);
    emu.shutdown().await;
}

#[test]
fn blocking_variant_works_from_plain_threads() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt.block_on(emulator());
    let client = builder(&emu).build().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let c = client.clone();
            std::thread::spawn(move || c.push_broadcast_blocking(&request(&format!("b-{i}"))))
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().is_ok());
    }
    // Inside an async context the blocking call refuses instead of deadlocking.
    let e = rt
        .block_on(async { client.push_broadcast_blocking(&request("b-x")) })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Config);
    rt.block_on(emu.shutdown());
}

#[test]
fn blocking_calls_run_on_the_calling_thread_with_fallback_and_safe_drop() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt.block_on(emulator());
    let client = builder(&emu).build().unwrap();
    // Sequential calls on one thread reuse its engine (one connection).
    for i in 0..20 {
        client
            .push_broadcast_blocking(&request(&format!("seq-{i}")))
            .unwrap();
    }
    // More calling threads than engines: the rest use the shared runtime.
    let n = mpaas_push::MAX_LOCAL_ENGINES + 6;
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let c = client.clone();
            std::thread::spawn(move || c.push_broadcast_blocking(&request(&format!("t-{i}"))))
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    // A companion call takes the same path.
    let q = mpaas_push::TaskDetailQuery::new(
        mpaas_push::Target::new("ONEX570DA89211721", "test"),
        "1000001",
    );
    client.send_blocking(&q).unwrap();
    // The last clone may be dropped on a runtime worker: no panic.
    rt.block_on(async move {
        tokio::spawn(async move { drop(client) }).await.unwrap();
    });
    rt.block_on(emu.shutdown());
}

#[test]
fn configuration_errors_and_debug_output() {
    let e = Client::builder()
        .endpoint("http://mpaas.example.com")
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Config);
    let e = Client::builder()
        .credentials(Credentials::new("a", "b"))
        .read_timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Config);
    let c = Client::builder()
        .credentials(Credentials::new("a", SECRET).with_security_token(TOKEN))
        .build()
        .unwrap();
    assert_eq!(
        c.endpoint().url(),
        "https://mpaas.cn-hangzhou.aliyuncs.com/"
    );
    assert_no_secret(&format!("{c:?}"));
}

/// `latency` (the capacity benchmark's far-away region) delays every service
/// answer by at least that long, and only service answers: the controls
/// report it without waiting.
#[tokio::test]
async fn emulator_latency_delays_service_answers() {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    cfg.latency = Duration::from_millis(300);
    let emu = Emulator::start(cfg).await.unwrap();
    let started = std::time::Instant::now();
    assert_eq!(control(&emu, "GET", "config", None).await["latencyMs"], 300);
    assert!(started.elapsed() < Duration::from_millis(300));
    let client = builder(&emu).build().unwrap();
    let started = std::time::Instant::now();
    let res = client.push_broadcast(&request("latency-1")).await.unwrap();
    assert!(res.task_id.is_some());
    assert!(started.elapsed() >= Duration::from_millis(300));
    emu.shutdown().await;
}
