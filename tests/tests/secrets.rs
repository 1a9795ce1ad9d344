//! Secrets, in Rust: every error family is provoked with a client whose
//! access key secret and STS token are distinctive, with the core's logs
//! captured at TRACE; neither appears (raw or percent-encoded) in any error
//! `Display`/`Debug`, log line, client `Debug` or dry run. The signature may.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mpaas_push::encode::percent_encode;
use mpaas_push::test_hooks::{PanicPoint, panic_next};
use mpaas_push::{
    BroadcastRequest, Client, ClientBuilder, Credentials, CredentialsProvider, EnvironmentProvider,
    Error, ErrorCode, RetryPolicy,
};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::{Value, json};

const ID: &str = "STS.secret-test-id";
const SECRET: &str = "Sx9-very-distinctive-secret-Q7";
const TOKEN: &str = "Tk4/distinctive+sts=token";
const WRONG: &str = "Wr0ng-distinctive-secret-Z2";
const PROXY_PASSWORD: &str = "Px5-distinctive-proxy-pw";

/// Everything the subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn forbidden() -> Vec<String> {
    [SECRET, TOKEN, WRONG, PROXY_PASSWORD]
        .iter()
        .flat_map(|s| {
            [
                (*s).to_owned(),
                percent_encode(s),
                percent_encode(&percent_encode(s)),
            ]
        })
        .collect()
}

fn assert_clean(what: &str, text: &str) {
    for f in forbidden() {
        assert!(!text.contains(&f), "{what} shows {f:?}: {text}");
    }
}

fn request(msgkey: &str) -> BroadcastRequest {
    BroadcastRequest::from_json(&json!({
        "appId": "ONEX570DA89211721", "workspaceId": "test", "deliveryType": 1,
        "msgkey": msgkey, "expiredSeconds": 300, "taskName": "secrets",
        "templateName": "broadcast_tpl", "templateKeyValue": {"content": "hi"}, "bindPeriod": 1
    }))
    .unwrap()
}

async fn control(url: &str, route: &str, body: Value) {
    reqwest::Client::new()
        .post(format!("{url}/_emulator/{route}"))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
}

fn builder(url: &str, secret: &str) -> ClientBuilder {
    Client::builder()
        .endpoint(url)
        .credentials(Credentials::new(ID, secret).with_security_token(TOKEN))
        .read_timeout(Duration::from_millis(300))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(1)
                .with_delays(Duration::from_millis(5), Duration::from_millis(10)),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_errors_logs_or_dry_runs() {
    let logs = Captured::default();
    let sink = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .init();

    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey {
        id: ID.into(),
        secret: SECRET.into(),
        security_token: Some(TOKEN.into()),
    }];
    let emu = Emulator::start(cfg).await.unwrap();
    let url = emu.url();
    let client = builder(&url, SECRET).build().unwrap();
    assert_clean("client Debug", &format!("{client:?}"));

    let mut errors: Vec<Error> = Vec::new();
    let mut n = 0;
    let mut key = || {
        n += 1;
        format!("secret-{n}")
    };
    // validation, config, credentials: nothing reaches the network.
    errors.push(
        BroadcastRequest::from_json(&json!({"appId": SECRET}))
            .unwrap_err()
            .into(),
    );
    errors.push(
        Client::builder()
            .endpoint(format!("ftp://{SECRET}@example"))
            .credentials(Credentials::new(ID, SECRET))
            .build()
            .unwrap_err(),
    );
    let half: mpaas_push::EnvLookup =
        Arc::new(|k| (k == "ALIBABA_CLOUD_ACCESS_KEY_SECRET").then(|| SECRET.to_owned()));
    errors.push(
        EnvironmentProvider::with_lookup(half)
            .credentials()
            .unwrap_err(),
    );
    // connect: a closed port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    errors.push(
        builder(&closed, SECRET)
            .build()
            .unwrap()
            .push_broadcast(&request(&key()))
            .await
            .unwrap_err(),
    );
    // Faults, one call each.
    for fault in [
        json!({"type": "delay", "ms": 1000}),     // timeout
        json!({"type": "drop_after_body"}),       // connection_lost
        json!({"type": "throttle"}),              // throttled
        json!({"type": "status", "status": 500}), // service
        json!({"type": "push_failed"}),           // push_failed
        json!({"type": "not_json"}),              // invalid_response
    ] {
        control(&url, "faults", json!({ "fault": fault })).await;
        errors.push(client.push_broadcast(&request(&key())).await.unwrap_err());
    }
    // signature_mismatch (the server string to sign carries the token).
    let wrong = builder(&url, WRONG).build().unwrap();
    errors.push(wrong.push_broadcast(&request(&key())).await.unwrap_err());
    // auth: an unknown key id.
    let unknown = Client::builder()
        .endpoint(url.as_str())
        .credentials(Credentials::new("unknown-id", SECRET).with_security_token(TOKEN))
        .build()
        .unwrap();
    errors.push(unknown.push_broadcast(&request(&key())).await.unwrap_err());
    // clock_skew: the emulator 20 minutes ahead, no retry.
    control(&url, "clock", json!({"offsetSeconds": 1200})).await;
    errors.push(client.push_broadcast(&request(&key())).await.unwrap_err());
    control(&url, "clock", json!({"offsetSeconds": 0})).await;
    // tls: an HTTPS emulator whose CA the client does not trust.
    let tls =
        mpaas_push_emulator::tls::generate(mpaas_push_emulator::tls::CertKind::Valid).unwrap();
    let mut tls_cfg = EmulatorConfig::default();
    tls_cfg.tls = Some(tls.identity);
    let tls_emu = Emulator::start(tls_cfg).await.unwrap();
    let tls_client = builder(&tls_emu.url(), SECRET).build().unwrap();
    errors.push(
        tls_client
            .push_broadcast(&request(&key()))
            .await
            .unwrap_err(),
    );
    tls_emu.shutdown().await;
    // proxy: a proxy URL with a password, where nothing listens.
    let closed = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let proxied = builder("https://mpaas.cn-hangzhou.aliyuncs.com", SECRET)
        .proxy(mpaas_push::ProxyConfig::Url(format!(
            "http://proxy-user:{PROXY_PASSWORD}@127.0.0.1:{port}"
        )))
        .build()
        .unwrap();
    assert_clean("client Debug with a proxy", &format!("{proxied:?}"));
    errors.push(proxied.push_broadcast(&request(&key())).await.unwrap_err());
    // internal: a panic inside the core.
    panic_next(PanicPoint::Send);
    errors.push(client.push_broadcast(&request(&key())).await.unwrap_err());

    let mut families: Vec<&str> = errors.iter().map(|e| e.code().as_str()).collect();
    families.sort_unstable();
    families.dedup();
    let all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let mut want = all.clone();
    want.sort_unstable();
    assert_eq!(families, want, "every family provoked");
    for e in &errors {
        assert_clean(e.code().as_str(), &format!("{e} | {e:?}"));
        if let Some(d) = e.service() {
            assert_clean("body excerpt", &d.body_excerpt);
        }
    }

    // Dry runs (both signature methods) and a success.
    for sig in ["hmac-sha1", "acs3-hmac-sha256"] {
        let c = builder(&url, SECRET)
            .signature_method(sig.parse().unwrap())
            .build()
            .unwrap();
        let p = c.prepare_broadcast(&request(&key())).unwrap();
        assert_clean("dry run", &serde_json::to_string(&p).unwrap());
        assert_clean("dry run Debug", &format!("{p:?}"));
        c.push_broadcast(&request(&key())).await.unwrap();
    }
    emu.shutdown().await;

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("string_to_sign"),
        "TRACE logs were captured: {text}"
    );
    assert_clean("logs", &text);
}
