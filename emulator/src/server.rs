//! The HTTP server: one hyper HTTP/1.1 connection task per client, each with
//! a kill switch so faults can drop the connection; routes `/_emulator/` to
//! the controls and everything else to gateway → service.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt, Limited};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::faults::Fault;
use crate::gateway::{self, Seen};
use crate::ids::request_id;
use crate::reply::{Answer, Body, GatewayError, bytes_response, json_response};
use crate::state::{Recorded, State};
use crate::{controls, service};

pub(crate) async fn serve(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
    mut stop: watch::Receiver<bool>,
) {
    // Connection tasks are kept so that a stop waits for them: once
    // `serve` returns, no request is being handled and no answer can still
    // be written, so what the state holds is final (`--tasks-out`).
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            _ = stop.changed() => break,
        };
        let Ok((sock, peer)) = accepted else {
            // Out of file descriptors or similar: back off briefly.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = sock.set_nodelay(true);
        let state = Arc::clone(&state);
        let mut stop = stop.clone();
        let tls = tls.clone();
        connections.spawn(async move {
            match tls {
                None => serve_connection(sock, peer, state, &mut stop).await,
                Some(acceptor) => {
                    let handshake = tokio::select! {
                        h = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(sock)) => h,
                        _ = stop.changed() => return,
                    };
                    match handshake {
                        Ok(Ok(tls)) => serve_connection(tls, peer, state, &mut stop).await,
                        // Refused certificate, plain HTTP on the TLS port, or
                        // a client that never finished: nothing was received.
                        _ => state.count_failed_handshake(),
                    }
                }
            }
        });
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

/// Serves HTTP/1.1 on one accepted connection until it closes, the service
/// kills it (fault injection) or the emulator stops.
async fn serve_connection<S>(
    sock: S,
    peer: SocketAddr,
    state: Arc<State>,
    stop: &mut watch::Receiver<bool>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let kill = Arc::new(Notify::new());
    let k = Arc::clone(&kill);
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let state = Arc::clone(&state);
        let kill = Arc::clone(&k);
        async move { Ok::<_, Infallible>(handle(&state, req, peer, &kill).await) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(sock), svc);
    // A stop wins over an answer ready in the same poll: once stopped, the
    // emulator writes nothing more, as a service that died would.
    tokio::select! {
        biased;
        _ = stop.changed() => {}
        _ = kill.notified() => {}
        _ = conn => {}
    }
}

/// Drops the connection: the connection task stops polling and closes it.
async fn drop_connection(kill: &Notify) -> Response<Body> {
    kill.notify_one();
    std::future::pending().await
}

/// Answers one request. Generic over the request body so that
/// [`crate::fuzzing`] drives this very code without a socket.
pub(crate) async fn handle<B>(
    state: &State,
    req: Request<B>,
    peer: SocketAddr,
    kill: &Notify,
) -> Response<Body>
where
    B: hyper::body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut response = route(state, req, peer, kill).await;
    // hyper writes `Date` from the system clock; when a test moved the
    // emulator's clock, the header must show the emulator's time (clients
    // measure clock skew from it).
    if state.clock_offset_ms() != 0
        && let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(state.now().into()))
    {
        response.headers_mut().insert(http::header::DATE, v);
    }
    response
}

async fn route<B>(state: &State, req: Request<B>, peer: SocketAddr, kill: &Notify) -> Response<Body>
where
    B: hyper::body::Body<Data = Bytes>,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let query = parts.uri.query();
    if let Some(route) = path.strip_prefix("/_emulator/") {
        if !peer.ip().is_loopback() {
            return json_response(
                403,
                &serde_json::json!({"error": "loopback only"}),
                "emulator",
            );
        }
        let body = match Limited::new(body, 1 << 20).collect().await {
            Ok(b) => b.to_bytes(),
            Err(_) => Bytes::new(),
        };
        return controls::handle(state, &parts.method, route, query, &body);
    }

    state.count_received();
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let request_id = request_id();
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    // Decoded once: the action is peeked from it before the body is read,
    // and the gateway verifies with it afterwards.
    let query_pairs = gateway::parse_query(query);
    let mut record = Recorded {
        seq: 0,
        received_at: state
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        action: gateway::peek_action(query_pairs.as_deref(), &parts.headers),
        version: None,
        signature_method: None,
        access_key_id: None,
        nonce: None,
        timestamp: None,
        msgkey: None,
        params: Default::default(),
        status: 0,
        code: String::new(),
        task_id: None,
        fault: None,
    };

    if let Some(f @ Fault::DropBeforeBody) = state.take_fault(true, record.action.as_deref(), None)
    {
        record.fault = Some(f.name());
        record.code = "connection dropped".to_owned();
        state.record(record);
        return drop_connection(kill).await;
    }

    let body = match Limited::new(body, state.config.max_body_bytes)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            let e = GatewayError::new(
                413,
                "InvalidParameter",
                "The request body is too large or could not be read.",
            );
            record.status = e.status;
            record.code = e.code.to_owned();
            state.record(record);
            // The rest of the body was not read: the connection cannot
            // carry another request, so say so (clients must not reuse it).
            let mut r = e.response(&request_id, host);
            r.headers_mut()
                .insert(http::header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
    };

    let mut seen = Seen::default();
    let verified = gateway::verify(
        state,
        &mut gateway::Incoming {
            method: parts.method.as_str(),
            path,
            query: query_pairs,
            headers: &parts.headers,
            body: &body,
        },
        &mut seen,
    );
    // `seen` is not needed after this: move its fields into the record (the
    // service then reads the operation parameters from the record).
    record.action = seen.action.or(record.action);
    record.version = seen.version;
    record.signature_method = seen.signature_method;
    record.access_key_id = seen.access_key_id;
    record.nonce = seen.nonce;
    record.timestamp = seen.timestamp;
    record.msgkey = seen.params.get("Msgkey").cloned();
    record.params = seen.params;

    if let Err(e) = verified {
        record.status = e.status;
        record.code = e.code.to_owned();
        state.record(record);
        return e.response(&request_id, host);
    }

    let fault = state.take_fault(false, record.action.as_deref(), record.msgkey.as_deref());
    record.fault = fault.as_ref().map(Fault::name);
    let action = record.action.clone().unwrap_or_default();
    let outcome = if fault.as_ref().is_none_or(Fault::processes) {
        Some(service::handle(state, &action, &record.params))
    } else {
        None
    };
    if let Some(answer) = &outcome {
        record.task_id.clone_from(&answer.task_id);
    }
    // What a fault that kept the request from the service answers with.
    let fallback = service::unprocessed(&action, &record.params);
    let normal = |outcome: &Option<Answer>| outcome.as_ref().unwrap_or(&fallback).body(&request_id);
    let code_of = |outcome: &Option<Answer>| match outcome {
        Some(a) => a.code.clone(),
        None => String::new(),
    };

    let response = match fault {
        None => {
            record.status = 200;
            record.code = code_of(&outcome);
            json_response(200, &normal(&outcome), &request_id)
        }
        Some(Fault::Status {
            status,
            code,
            message,
            ..
        }) => {
            let code = code.unwrap_or_else(|| {
                if status == 503 {
                    "ServiceUnavailable"
                } else {
                    "InternalError"
                }
                .to_owned()
            });
            let message = message.unwrap_or_else(|| {
                "The request processing has failed due to some unknown error.".to_owned()
            });
            let body = serde_json::json!({
                "RequestId": request_id, "HostId": host, "Code": code, "Message": message,
                "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=mPaaS&requestId={request_id}"),
            });
            record.status = status;
            record.code = code;
            json_response(status, &body, &request_id)
        }
        Some(Fault::Throttle {
            retry_after_ms,
            status,
        }) => {
            let e = GatewayError::new(
                status,
                "Throttling.User",
                "Request was denied due to user flow control.",
            );
            record.status = status;
            record.code = e.code.to_owned();
            let mut r = e.response(&request_id, host);
            if let Some(ms) = retry_after_ms
                && let Ok(v) = HeaderValue::from_str(&ms.to_string())
            {
                r.headers_mut().insert("x-acs-retry-after", v);
            }
            r
        }
        Some(Fault::Delay { ms, .. }) => {
            record.status = 200;
            record.code = code_of(&outcome);
            state.record(record);
            tokio::time::sleep(Duration::from_millis(ms)).await;
            return json_response(200, &normal(&outcome), &request_id);
        }
        Some(Fault::DropAfterBody { .. } | Fault::DropBeforeBody) => {
            record.code = "connection dropped".to_owned();
            state.record(record);
            return drop_connection(kill).await;
        }
        Some(Fault::MalformedJson { .. }) => {
            let full = normal(&outcome).to_string();
            let cut = full.len() / 2;
            record.status = 200;
            record.code = "malformed_json".to_owned();
            bytes_response(
                200,
                Bytes::from(full.into_bytes()).slice(..cut),
                &request_id,
            )
        }
        Some(Fault::NotJson { .. }) => {
            record.status = 200;
            record.code = "not_json".to_owned();
            bytes_response(
                200,
                Bytes::from_static(b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
                &request_id,
            )
        }
        Some(Fault::PushFailed { code, message, .. }) => {
            let code = code.unwrap_or_else(|| "PUSH_FAILED".to_owned());
            let message = message.unwrap_or_else(|| "the push could not be delivered".to_owned());
            let body = serde_json::json!({
                "RequestId": request_id, "ResultCode": "OK", "ResultMessage": "",
                "PushResult": {"Success": false, "ResultCode": code, "ResultMsg": message, "Data": ""},
            });
            record.status = 200;
            record.code = code;
            json_response(200, &body, &request_id)
        }
        Some(Fault::HugeBody { bytes, .. }) => {
            record.status = 200;
            record.code = "huge_body".to_owned();
            let mut r = Response::new(BodyExt::boxed(Repeat { remaining: bytes }));
            r.headers_mut().insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            state.record(record);
            return r;
        }
    };
    state.record(record);
    response
}

/// A body of `remaining` bytes of filler, streamed in 64 KiB chunks.
struct Repeat {
    remaining: u64,
}

static FILLER: [u8; 64 * 1024] = [b' '; 64 * 1024];

impl hyper::body::Body for Repeat {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let n = self.remaining.min(FILLER.len() as u64);
        self.remaining -= n;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
            &FILLER[..n as usize],
        )))))
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.remaining)
    }
}
