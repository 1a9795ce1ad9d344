//! The real transport on loopback: HTTPS to the emulator serving TLS (with
//! certificates that must be accepted and ones that must be refused), and
//! a real HTTP proxy (tinyproxy) with CONNECT and basic auth. Nothing is
//! mocked: the refusals come from rustls and from the proxy.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Duration;

use mpaas_push::{
    BroadcastRequest, Client, ClientBuilder, Credentials, DeliveryType, ErrorCode, Period,
    ProxyConfig, RetryPolicy, Target, TaskDetailQuery,
};
use mpaas_push_conformance::proxy::Tinyproxy;
use mpaas_push_emulator::tls::{CertKind, GeneratedTls, generate};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};

const ID: &str = "tls-access-key-id";
const SECRET: &str = "tls-secret-value-456";
const PROXY_USER: &str = "proxy-user";
const PROXY_PASSWORD: &str = "proxy-pw-Secret-77";

/// One row of docs/reliability.md's "HTTPS and proxies" table, in
/// `target/reliability/rust-transport-<name>.json` (one file per test:
/// tests run in parallel).
fn record(name: &str, what: &str, result: Result<(), &mpaas_push::Error>, accepted: u64) {
    let row = match result {
        Ok(()) => {
            serde_json::json!({"name": name, "what": what, "outcome": "ok", "accepted": accepted})
        }
        Err(e) => serde_json::json!({
            "name": name, "what": what, "outcome": "error", "code": e.code().as_str(),
            "maybeSent": e.maybe_sent(), "attempts": e.attempts(), "accepted": accepted,
        }),
    };
    let out = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/reliability");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join(format!("rust-transport-{name}.json")),
        serde_json::json!({"language": "rust", "transport": [row]}).to_string(),
    )
    .unwrap();
}

async fn tls_emulator(kind: CertKind) -> (Emulator, GeneratedTls) {
    let generated = generate(kind).unwrap();
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    cfg.tls = Some(generated.identity.clone());
    let emu = Emulator::start(cfg).await.unwrap();
    assert!(emu.url().starts_with("https://127.0.0.1:"), "{}", emu.url());
    (emu, generated)
}

fn builder(emu: &Emulator) -> ClientBuilder {
    Client::builder()
        .endpoint(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        // Whatever the machine's environment says: these tests choose.
        .proxy(ProxyConfig::None)
        .retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(5), Duration::from_millis(20)),
        )
}

fn request(msgkey: &str) -> BroadcastRequest {
    BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("test")
        .delivery_type(DeliveryType::Android)
        .msgkey(msgkey)
        .expired_seconds(300)
        .task_name("tls task")
        .template_name("broadcast_tpl")
        .template_value("content", "over TLS")
        .bind_period(Period::Days7)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_the_ca_added_sends_a_broadcast_and_a_companion_action() {
    let (emu, tls) = tls_emulator(CertKind::Valid).await;
    let client = builder(&emu).ca_pem(tls.ca_pem.clone()).build().unwrap();
    let result = client.push_broadcast(&request("tls-ok")).await.unwrap();
    let task = result.task_id.clone().unwrap();
    let detail = client
        .task_detail(&TaskDetailQuery::new(
            Target::new("ONEX570DA89211721", "test"),
            task.as_str(),
        ))
        .await
        .unwrap();
    assert_eq!(detail.task_id, task);
    // The blocking API takes the same TLS path on the calling thread.
    let blocking = builder(&emu).ca_pem(tls.ca_pem.clone()).build().unwrap();
    let thread =
        std::thread::spawn(move || blocking.push_broadcast_blocking(&request("tls-blocking")));
    tokio::task::block_in_place(|| thread.join())
        .unwrap()
        .unwrap();
    assert_eq!(emu.received_count(), 3);
    assert_eq!(emu.failed_handshakes(), 0);
    record(
        "https-ca-added",
        "HTTPS with the emulator's CA added (async, companion, blocking)",
        Ok(()),
        emu.received_count(),
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn the_ca_file_option_is_read_from_disk() {
    let (emu, tls) = tls_emulator(CertKind::Valid).await;
    let path = std::env::temp_dir().join(format!("mpaas-push-ca-{}.pem", std::process::id()));
    std::fs::write(&path, &tls.ca_pem).unwrap();
    let client = builder(&emu).ca_file(&path).build().unwrap();
    client.push_broadcast(&request("tls-file")).await.unwrap();
    std::fs::remove_file(&path).unwrap();
    // A file that is gone is a configuration error naming the option.
    let e = builder(&emu).ca_file(&path).build().unwrap_err();
    assert_eq!(e.code(), ErrorCode::Config);
    assert_eq!(e.field(), Some("caFile"));
    assert_eq!(e.rule().map(|r| r.as_str()), Some("certificates"));
    emu.shutdown().await;
}

/// Refused before anything is sent: code `tls`, not maybe-sent, one
/// attempt (never retried), the emulator received nothing.
async fn assert_refused(kind: CertKind, add_ca: bool, reason: &str, row: (&str, &str)) {
    let (emu, tls) = tls_emulator(kind).await;
    let mut b = builder(&emu);
    if add_ca {
        b = b.ca_pem(tls.ca_pem.clone());
    }
    let e = b
        .build()
        .unwrap()
        .push_broadcast(&request("tls-refused"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Tls, "{kind:?}: {e}");
    assert!(!e.maybe_sent(), "{e}");
    assert!(!e.retryable(), "{e}");
    assert_eq!(e.attempts(), 1, "certificate failures are not retried: {e}");
    let text = e.to_string();
    assert!(
        text.contains(&format!("127.0.0.1:{}", emu.addr().port())),
        "{text}"
    );
    assert!(text.contains(reason), "{kind:?}: {text}");
    assert!(!text.contains(SECRET));
    assert_eq!(
        emu.received_count(),
        0,
        "{kind:?}: nothing may reach the service"
    );
    record(row.0, row.1, Err(&e), emu.received_count());
    // The emulator sees the handshake fail once the client has hung up.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while emu.failed_handshakes() == 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(emu.failed_handshakes() >= 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn an_untrusted_ca_is_refused() {
    assert_refused(
        CertKind::Valid,
        false,
        "UnknownIssuer",
        ("https-untrusted-ca", "HTTPS, the CA not added"),
    )
    .await;
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused() {
    assert_refused(
        CertKind::OtherName,
        true,
        "not valid for name",
        ("https-other-name", "HTTPS, a certificate for another name"),
    )
    .await;
}

#[tokio::test]
async fn an_expired_certificate_is_refused() {
    assert_refused(
        CertKind::Expired,
        true,
        "certificate expired",
        ("https-expired", "HTTPS, an expired certificate"),
    )
    .await;
}

#[tokio::test]
async fn https_through_a_real_proxy_with_basic_auth() {
    let (emu, tls) = tls_emulator(CertKind::Valid).await;
    let proxy = Tinyproxy::start(Some((PROXY_USER, PROXY_PASSWORD)));
    let client = builder(&emu)
        .ca_pem(tls.ca_pem.clone())
        .proxy(ProxyConfig::Url(
            proxy.url(Some((PROXY_USER, PROXY_PASSWORD))),
        ))
        .build()
        .unwrap();
    for i in 0..3 {
        client
            .push_broadcast(&request(&format!("via-proxy-{i}")))
            .await
            .unwrap();
    }
    assert_eq!(emu.received_count(), 3);
    record(
        "proxy-connect-auth",
        "HTTPS through tinyproxy (CONNECT, basic auth)",
        Ok(()),
        emu.received_count(),
    );
    // One tunnel, kept alive for the three calls.
    let port = emu.addr().port();
    assert_eq!(
        proxy.requests(),
        vec![format!("CONNECT 127.0.0.1:{port} HTTP/1.1")]
    );
    assert!(!format!("{client:?}").contains(PROXY_PASSWORD));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_wrong_proxy_password_is_a_proxy_error() {
    let (emu, tls) = tls_emulator(CertKind::Valid).await;
    let proxy = Tinyproxy::start(Some((PROXY_USER, PROXY_PASSWORD)));
    let e = builder(&emu)
        .ca_pem(tls.ca_pem.clone())
        .proxy(ProxyConfig::Url(
            proxy.url(Some((PROXY_USER, "wrong-Pw-99"))),
        ))
        .build()
        .unwrap()
        .push_broadcast(&request("bad-proxy-auth"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Proxy, "{e}");
    assert!(!e.maybe_sent() && !e.retryable(), "{e}");
    assert_eq!(e.attempts(), 1);
    let text = e.to_string();
    assert!(
        text.contains(&format!("127.0.0.1:{}", proxy.port())),
        "{text}"
    );
    assert!(text.contains("user name and password"), "{text}");
    assert!(
        !text.contains("wrong-Pw-99") && !text.contains(PROXY_USER),
        "{text}"
    );
    assert_eq!(emu.received_count(), 0);
    record(
        "proxy-wrong-password",
        "tinyproxy, wrong password",
        Err(&e),
        emu.received_count(),
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_proxy_is_a_proxy_error() {
    let (emu, tls) = tls_emulator(CertKind::Valid).await;
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port(); // closed again: nothing listens there
    let e = builder(&emu)
        .ca_pem(tls.ca_pem.clone())
        .proxy(ProxyConfig::Url(format!(
            "http://u:pw-Hidden-1@127.0.0.1:{port}"
        )))
        .build()
        .unwrap()
        .push_broadcast(&request("no-proxy-there"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Proxy, "{e}");
    assert!(!e.maybe_sent() && e.attempts() == 1, "{e}");
    assert!(!e.to_string().contains("pw-Hidden-1"));
    assert_eq!(emu.received_count(), 0);
    record(
        "proxy-unreachable",
        "a proxy where nothing listens",
        Err(&e),
        emu.received_count(),
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn plain_http_through_a_real_proxy() {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    let emu = Emulator::start(cfg).await.unwrap();
    let proxy = Tinyproxy::start(None);
    let client = builder(&emu)
        .proxy(ProxyConfig::Url(proxy.url(None)))
        .build()
        .unwrap();
    client.push_broadcast(&request("http-proxy")).await.unwrap();
    let logged = proxy.requests();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(
        logged[0].starts_with(&format!("POST {}/?", emu.url())),
        "{logged:?}"
    );
    record(
        "proxy-plain-http",
        "plain HTTP through tinyproxy (absolute form)",
        Ok(()),
        emu.received_count(),
    );
    emu.shutdown().await;
}
