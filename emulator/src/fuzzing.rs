//! Fuzzing entry point (`fuzz/fuzz_targets/emulator_request.rs`); not a
//! stable API.
//!
//! [`handle_parts`] hands one request, already split into method, path and
//! query, headers and body, to the very code the server runs for a request
//! read from a socket: gateway decoding of the query and form body,
//! signature verification (V1 and V3), routing, the service (or the
//! `/_emulator/` controls) — only the socket and hyper's HTTP/1 parsing are
//! left out.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http_body_util::Full;
use tokio::sync::Notify;

use crate::EmulatorConfig;
use crate::state::State;

/// The emulator clock during [`handle_parts`]: requests signed at this
/// instant with [`crate::DEFAULT_ACCESS_KEY_ID`] pass the timestamp check.
pub const NOW: &str = "2026-11-28T04:00:00Z";

/// [`NOW`] as a time.
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

thread_local! {
    static RUNTIME: Option<tokio::runtime::Runtime> = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .ok();
}

/// Answers one request with a fresh default emulator (default access key
/// and templates, clock at [`NOW`], nothing recorded) and returns the HTTP
/// status it would send. Every call is independent, so a fuzz input always
/// gives the same answer.
///
/// A method, path or header hyper would refuse to parse gets 400 without
/// reaching the emulator, as hyper answers it. Returns 0 if the request did
/// not complete (only a scripted fault does that, and a fresh emulator has
/// none).
pub fn handle_parts(
    method: &str,
    path_and_query: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> u16 {
    let mut builder = http::Request::builder().method(method).uri(path_and_query);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let Ok(request) = builder.body(Full::new(Bytes::copy_from_slice(body))) else {
        return 400;
    };
    let state = State::new(EmulatorConfig::default());
    state.set_clock_offset_ms((now() - Utc::now()).num_milliseconds());
    let kill = Arc::new(Notify::new());
    let peer = SocketAddr::from((Ipv4Addr::LOCALHOST, 40_000));
    RUNTIME.with(|rt| {
        let Some(rt) = rt else { return 0 };
        rt.block_on(async {
            let answer = crate::server::handle(&state, request, peer, &kill);
            match tokio::time::timeout(std::time::Duration::from_secs(10), answer).await {
                Ok(response) => response.status().as_u16(),
                Err(_) => 0,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_without_a_socket() {
        assert_eq!(handle_parts("GET", "/_emulator/health", &[], b""), 200);
        // Unsigned: the gateway asks for the first missing parameter.
        assert_eq!(
            handle_parts("POST", "/?Action=PushBroadcast", &[], b""),
            400
        );
        assert_eq!(handle_parts("POST", "/nope", &[], b""), 404);
        assert_eq!(handle_parts("BAD METHOD", "/", &[], b""), 400);
        let bad_header = [("x\n".to_owned(), "v".to_owned())];
        assert_eq!(handle_parts("POST", "/", &bad_header, b""), 400);
    }

    #[test]
    fn signed_requests_reach_the_service() {
        use mpaas_push::prepare::{SigningContext, prepare};
        use mpaas_push::{
            ApiVersion, BroadcastRequest, Credentials, DeliveryType, Endpoint, Operation, Period,
            SignatureMethod,
        };
        let req = BroadcastRequest::builder()
            .app_id("ONEX570DA89211721")
            .workspace_id("default")
            .delivery_type(DeliveryType::Android)
            .msgkey("fuzz-seed-1")
            .expired_seconds(300)
            .task_name("a task")
            .template_name("broadcast_tpl")
            .template_value("content", "hi")
            .bind_period(Period::Days7)
            .build()
            .unwrap();
        let endpoint = Endpoint::parse("http://127.0.0.1:8080", false).unwrap();
        let credentials = Credentials::new(
            crate::DEFAULT_ACCESS_KEY_ID,
            crate::DEFAULT_ACCESS_KEY_SECRET,
        );
        for method in [SignatureMethod::HmacSha1, SignatureMethod::Acs3HmacSha256] {
            let ctx = SigningContext {
                endpoint: &endpoint,
                api_version: ApiVersion::default(),
                method,
                credentials: &credentials,
                timestamp: now(),
                nonce: "fuzz-nonce",
                user_agent: "fuzz",
            };
            let p = prepare(
                &ctx,
                BroadcastRequest::ACTION,
                &req.params(Default::default()),
            );
            let path = p.url.strip_prefix("http://127.0.0.1:8080").unwrap();
            let status = handle_parts(&p.method, path, &p.headers, p.body.as_bytes());
            assert_eq!(status, 200, "{method:?}");
        }
    }
}
