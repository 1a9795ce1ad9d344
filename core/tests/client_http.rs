//! The client against a real HTTP server on 127.0.0.1: success, business and
//! gateway failures, retries (fresh nonce and timestamp, same Msgkey),
//! timeouts, refused and dropped connections, bad and oversized bodies.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use mpaas_push::sign::{acs3, rpc};
use mpaas_push::{
    BroadcastRequest, Client, ClientBuilder, Clock, Credentials, DeliveryType, ErrorCode, Period,
    RetryPolicy, SignatureMethod, TimeoutKind,
};
use support::{Action, Server, gateway, ok};

const SECRET: &str = "test-secret-value-123";
const TOKEN: &str = "sts/token+value=secret";

fn request() -> BroadcastRequest {
    BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("test")
        .delivery_type(DeliveryType::Android)
        .msgkey("msg-key-42")
        .expired_seconds(300)
        .task_name("群发 task")
        .template_name("tpl")
        .template_value("content", "hello world*~")
        .bind_period(Period::Days7)
        .build()
        .unwrap()
}

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .endpoint(server.url.clone())
        .credentials(Credentials::new("testid", SECRET).with_security_token(TOKEN))
        .retry_policy(
            RetryPolicy::default()
                .with_delays(Duration::from_millis(10), Duration::from_millis(100)),
        )
}

fn assert_no_secret(text: &str) {
    for s in [SECRET, TOKEN, "sts%2Ftoken", "sts%252Ftoken"] {
        assert!(!text.contains(s), "secret {s:?} leaked in {text}");
    }
}

/// Recomputes the V1 signature of a received request from what was received.
fn verify_v1(r: &support::Received) {
    let mut p = r.params();
    let sig = p.remove("Signature").expect("Signature in query");
    let sts = rpc::string_to_sign(&r.method, &rpc::canonical_query(&p));
    assert_eq!(
        rpc::signature(SECRET, &sts),
        sig,
        "server-side V1 verification"
    );
}

#[tokio::test]
async fn success_returns_task_id_and_the_request_verifies() {
    let server = Server::start(vec![ok("task-1")]).await;
    let client = builder(&server).build().unwrap();
    let res = client.push_broadcast(&request()).await.unwrap();
    assert_eq!(res.task_id.as_deref(), Some("task-1"));
    assert_eq!(res.request_id, "req-ok");
    let got = server.received();
    assert_eq!(got.len(), 1);
    verify_v1(&got[0]);
    let p = got[0].params();
    assert_eq!(p["Action"], "PushBroadcast");
    assert_eq!(p["TaskName"], "群发 task");
    assert_eq!(p["SecurityToken"], TOKEN);
    assert_eq!(
        got[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        got[0]
            .header("user-agent")
            .unwrap()
            .starts_with("mpaas-push/")
    );
    assert!(got[0].header("user-agent").unwrap().ends_with("(rust)"));
}

#[tokio::test]
async fn acs3_request_verifies_on_the_server() {
    let server = Server::start(vec![ok("task-3")]).await;
    let client = builder(&server)
        .signature_method(SignatureMethod::Acs3HmacSha256)
        .build()
        .unwrap();
    client.push_broadcast(&request()).await.unwrap();
    let r = &server.received()[0];
    assert_eq!(r.target, "/", "V3 sends no query");
    let auth = r.header("authorization").unwrap();
    let signed_list = auth
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let signed: std::collections::BTreeMap<String, String> = signed_list
        .split(';')
        .map(|h| (h.to_owned(), r.header(h).unwrap().to_owned()))
        .collect();
    assert_eq!(signed["host"], server.url.trim_start_matches("http://"));
    assert_eq!(
        acs3::sha256_hex(r.body.as_bytes()),
        signed["x-acs-content-sha256"]
    );
    let cr = acs3::canonical_request(
        "POST",
        "/",
        &Default::default(),
        &signed,
        &signed["x-acs-content-sha256"],
    );
    let sig = acs3::signature(SECRET, &acs3::string_to_sign(&cr));
    assert!(auth.ends_with(&format!("Signature={sig}")), "{auth}");
}

#[tokio::test]
async fn business_failure_with_http_200_is_an_error() {
    let server = Server::start(vec![Action::Respond(
        200,
        vec![],
        r#"{"RequestId":"r-3022","ResultCode":"3022","ResultMessage":"TEMPLATE_NOT_EXIST"}"#.into(),
    )])
    .await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::PushFailed);
    assert_eq!(e.service_code(), Some("3022"));
    assert_eq!(e.request_id(), Some("r-3022"));
    assert!(e.maybe_sent() && !e.retryable());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn gateway_error_is_classified_and_not_retried() {
    let server = Server::start(vec![gateway(400, "SignatureDoesNotMatch", &[])]).await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::SignatureMismatch);
    assert_eq!(e.request_id(), Some("req-SignatureDoesNotMatch"));
    assert_eq!(e.http_status(), Some(400));
    assert_eq!(
        e.service().unwrap().recommend.as_deref(),
        Some("https://example.invalid/SignatureDoesNotMatch")
    );
    assert_eq!(server.received().len(), 1);
    assert_no_secret(&format!("{e} {e:?}"));
}

/// A clock that advances one second per reading.
#[derive(Debug)]
struct Ticking(AtomicI64);

impl Clock for Ticking {
    fn now(&self) -> DateTime<Utc> {
        let s = self.0.fetch_add(1, Ordering::SeqCst);
        DateTime::from_timestamp(s, 0).unwrap()
    }
}

#[tokio::test]
async fn throttled_then_success_resigns_with_the_same_msgkey() {
    let server = Server::start(vec![
        gateway(400, "Throttling.User", &[("x-acs-retry-after", "30")]),
        gateway(429, "Throttling.Api", &[]),
        ok("task-2"),
    ])
    .await;
    let start = Utc::now().timestamp();
    let client = builder(&server)
        .clock(Arc::new(Ticking(AtomicI64::new(start))))
        .build()
        .unwrap();
    let res = client.push_broadcast(&request()).await.unwrap();
    assert_eq!(res.task_id.as_deref(), Some("task-2"));
    let got = server.received();
    assert_eq!(got.len(), 3);
    let nonces: HashSet<_> = got
        .iter()
        .map(|r| r.params()["SignatureNonce"].clone())
        .collect();
    let stamps: HashSet<_> = got
        .iter()
        .map(|r| r.params()["Timestamp"].clone())
        .collect();
    assert_eq!(nonces.len(), 3, "fresh nonce per attempt");
    assert_eq!(stamps.len(), 3, "fresh timestamp per attempt");
    for r in &got {
        assert_eq!(r.params()["Msgkey"], "msg-key-42");
        verify_v1(r);
    }
}

#[tokio::test]
async fn read_timeout_after_send_is_not_retried_and_maybe_sent() {
    let server = Server::start(vec![Action::Delay(
        Duration::from_secs(3),
        Box::new(ok("late")),
    )])
    .await;
    let e = builder(&server)
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout, "{e}");
    assert_eq!(e.timeout_kind(), Some(TimeoutKind::Read));
    assert!(e.maybe_sent() && !e.retryable());
    assert_eq!(
        server.received().len(),
        1,
        "a maybe-sent broadcast is not retried by default"
    );
    assert_no_secret(&format!("{e} {e:?}"));
}

#[tokio::test]
async fn opt_in_retries_maybe_sent_failures_with_the_same_msgkey() {
    let server = Server::start(vec![gateway(500, "InternalError", &[]), ok("task-4")]).await;
    let client = builder(&server)
        .retry_policy(
            RetryPolicy::default()
                .with_delays(Duration::from_millis(5), Duration::from_millis(20))
                .with_retry_maybe_sent(true),
        )
        .build()
        .unwrap();
    client.push_broadcast(&request()).await.unwrap();
    let got = server.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].params()["Msgkey"], got[1].params()["Msgkey"]);
    assert_ne!(
        got[0].params()["SignatureNonce"],
        got[1].params()["SignatureNonce"]
    );

    let server = Server::start(vec![gateway(500, "InternalError", &[])]).await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Service);
    assert!(e.maybe_sent());
    assert_eq!(server.received().len(), 1, "500 is not retried by default");
}

#[tokio::test]
async fn service_unavailable_is_retried() {
    let server = Server::start(vec![gateway(503, "ServiceUnavailable", &[]), ok("task-5")]).await;
    let res = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap();
    assert_eq!(res.task_id.as_deref(), Some("task-5"));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn connection_refused_is_retried_and_not_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new("testid", SECRET))
        .retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .build()
        .unwrap();
    let e = client.push_broadcast(&request()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Connect, "{e}");
    assert!(!e.maybe_sent() && e.retryable());
    assert_eq!(e.attempts(), 3);
    assert_no_secret(&format!("{e} {e:?}"));
}

#[tokio::test]
async fn connection_dropped_after_the_request_is_lost_maybe_sent() {
    let server = Server::start(vec![Action::DropAfterRead]).await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ConnectionLost, "{e}");
    assert!(e.maybe_sent());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn malformed_json_is_an_invalid_response() {
    let server = Server::start(vec![Action::Respond(
        200,
        vec![],
        "{\"RequestId\": tru".into(),
    )])
    .await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidResponse);
    assert!(e.maybe_sent());
    assert_eq!(e.service().unwrap().body_excerpt, "{\"RequestId\": tru");
}

#[tokio::test]
async fn oversized_body_is_cut_and_rejected() {
    let server = Server::start(vec![Action::Huge(3 << 20)]).await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidResponse, "{e}");
    assert!(e.to_string().contains("exceeds 1048576 bytes"), "{e}");
    assert!(e.service().unwrap().body_excerpt.len() <= 1024);
}

#[tokio::test]
async fn clock_skew_is_measured_and_retried_once_corrected() {
    let server_now = Utc::now() + chrono::Duration::minutes(20);
    let date = server_now.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let server = Server::start(vec![
        gateway(400, "InvalidTimeStamp.Expired", &[("date", &date)]),
        ok("task-6"),
    ])
    .await;
    let res = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap();
    assert_eq!(res.task_id.as_deref(), Some("task-6"));
    let got = server.received();
    assert_eq!(got.len(), 2);
    let second: DateTime<Utc> = got[1].params()["Timestamp"].parse().unwrap();
    assert!(
        (second - server_now).num_seconds().abs() <= 5,
        "re-signed with the server's time"
    );

    let server = Server::start(vec![
        gateway(400, "InvalidTimeStamp.Expired", &[("date", &date)]),
        gateway(400, "InvalidTimeStamp.Expired", &[("date", &date)]),
        ok("never"),
    ])
    .await;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ClockSkew);
    assert!(e.clock_offset().is_some());
    assert_eq!(
        server.received().len(),
        2,
        "clock skew is retried once only"
    );
}

#[tokio::test]
async fn total_deadline_bounds_the_whole_call() {
    let server = Server::start(vec![Action::Delay(
        Duration::from_secs(3),
        Box::new(ok("late")),
    )])
    .await;
    let e = builder(&server)
        .total_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .push_broadcast(&request())
        .await
        .unwrap_err();
    assert_eq!(e.timeout_kind(), Some(TimeoutKind::Total), "{e}");
    assert!(e.maybe_sent());
}

#[tokio::test]
async fn validation_fails_before_any_connection() {
    let server = Server::start(vec![]).await;
    let mut req = request();
    req.expired_seconds = 0;
    let e = builder(&server)
        .build()
        .unwrap()
        .push_broadcast(&req)
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("expiredSeconds"));
    assert_eq!(e.attempts(), 0);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn one_client_many_concurrent_calls() {
    let server = Server::start(vec![]).await;
    let client = builder(&server).build().unwrap();
    let calls = (0..64).map(|i| {
        let c = client.clone();
        async move {
            let mut req = request();
            req.msgkey = format!("k-{i}");
            c.push_broadcast(&req).await
        }
    });
    let results = futures_join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    let got = server.received();
    assert_eq!(got.len(), 64);
    let nonces: HashSet<_> = got
        .iter()
        .map(|r| r.params()["SignatureNonce"].clone())
        .collect();
    let keys: HashSet<_> = got.iter().map(|r| r.params()["Msgkey"].clone()).collect();
    assert_eq!((nonces.len(), keys.len()), (64, 64));
}

async fn futures_join_all<F: std::future::Future + Send + 'static>(
    fs: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = fs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[test]
fn blocking_variant_works_from_plain_threads() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(Server::start(vec![ok("b-1"), ok("b-2")]));
    let client = builder(&server).build().unwrap();
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || c.push_broadcast_blocking(&request()))
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap().is_ok());
    }
    // Inside an async context the blocking call refuses instead of deadlocking.
    let e = rt
        .block_on(async { client.push_broadcast_blocking(&request()) })
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Config);
}

#[test]
fn configuration_errors() {
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

#[tokio::test]
async fn explicit_proxy_carries_the_request() {
    let proxy = Server::start(vec![ok("via-proxy")]).await;
    let client = Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(Credentials::new("testid", SECRET))
        .proxy(mpaas_push::ProxyConfig::Url(proxy.url.clone()))
        .build()
        .unwrap();
    let res = client.push_broadcast(&request()).await.unwrap();
    assert_eq!(res.task_id.as_deref(), Some("via-proxy"));
    let got = proxy.received();
    assert_eq!(got.len(), 1);
    assert!(
        got[0].target.starts_with("http://127.0.0.1:9/?"),
        "{}",
        got[0].target
    );
    verify_v1(&got[0]);
}
