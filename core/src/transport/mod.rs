//! The HTTP exchange: HTTP/1.1 over hyper's connection API with a small pool
//! of keep-alive connections to the client's one endpoint, connect and read
//! deadlines, a bounded body, and classification of network failures into
//! "not sent" and "maybe sent".
//!
//! Why not a general HTTP client: a client here talks to exactly one
//! origin, and a general client's per-request machinery (URL re-parsing,
//! middleware layers, a pool keyed by origin, redirect handling) cost more
//! than the whole signing of a request (`benchmarks/PROFILING.md`). What is
//! kept from the maintained crates: hyper's HTTP/1.1, hyper-util's TCP
//! connector, proxy matcher and CONNECT tunnel, rustls with the platform's
//! verifier.

mod connect;
mod proxy;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::header::{HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION};
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use rustls::pki_types::CertificateDer;

use crate::config::{Endpoint, Timeouts};
use crate::error::{Error, ErrorKind, ServiceError, TimeoutKind};
use crate::prepare::PreparedRequest;
use crate::response::RawResponse;
use crate::rule::Rule;
use crate::secret::Redactor;

use connect::{Connector, Target};
pub(crate) use connect::{parse_ca_pem, read_ca_file};
pub use proxy::ProxyConfig;
pub(crate) use proxy::check_proxy_url;

/// An idle connection is closed after this long unused (the gateway's own
/// keep-alive is longer; a stale connection costs a reconnect, never a call).
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Idle connections kept per engine; more are closed when returned.
const MAX_IDLE: usize = 512;

/// Settings of the HTTP layer, shared by a client's engines.
#[derive(Debug, Clone)]
pub(crate) struct TransportConfig {
    timeouts: Timeouts,
    max_response_bytes: usize,
    target: Arc<Target>,
}

impl TransportConfig {
    /// Decides the route to `endpoint` (reading proxy variables from the
    /// environment now, for [`ProxyConfig::FromEnv`]).
    pub(crate) fn new(
        timeouts: Timeouts,
        proxy: &ProxyConfig,
        extra_roots: Vec<CertificateDer<'static>>,
        max_response_bytes: usize,
        endpoint: &Endpoint,
    ) -> Result<Self, Error> {
        let uri: Uri = endpoint
            .url()
            .parse()
            .map_err(|_| Error::internal("the endpoint URL is not a valid HTTP URI"))?;
        let route = proxy::route(proxy, &uri);
        Ok(Self {
            timeouts,
            max_response_bytes,
            target: Arc::new(Target::new(uri, route, extra_roots)),
        })
    }
}

type Sender = http1::SendRequest<Full<Bytes>>;

struct Idle {
    tx: Sender,
    since: Instant,
}

/// One engine's connections to the endpoint.
pub(crate) struct Transport {
    cfg: TransportConfig,
    connector: Connector,
    pool: Mutex<Vec<Idle>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let idle = self.pool.lock().map_or(0, |p| p.len());
        f.debug_struct("Transport")
            .field("target", &self.cfg.target)
            .field("idle", &idle)
            .finish()
    }
}

impl Transport {
    pub(crate) fn new(cfg: &TransportConfig) -> Result<Self, Error> {
        Ok(Self {
            cfg: cfg.clone(),
            connector: Connector::new(),
            pool: Mutex::new(Vec::new()),
        })
    }

    /// Sends `req` (signed for `endpoint`) once. Errors are already
    /// classified; texts are redacted.
    pub(crate) async fn send(
        &self,
        endpoint: &Endpoint,
        req: PreparedRequest,
        r: &Redactor,
    ) -> Result<RawResponse, Error> {
        let mut request = self.http_request(endpoint, req)?;
        let read = self.cfg.timeouts.read;
        let (tx, response) = loop {
            let (mut tx, pooled) = match self.checkout() {
                Some(tx) => (tx, true),
                None => (self.open().await?, false),
            };
            if tx.ready().await.is_err() {
                if pooled {
                    continue; // closed while idle; nothing was written
                }
                return Err(connect_error(
                    "the connection closed before the request was written",
                ));
            }
            match tokio::time::timeout(read, tx.try_send_request(request)).await {
                Err(_) => return Err(read_timeout("waiting for the response")),
                Ok(Ok(response)) => break (tx, response),
                Ok(Err(mut e)) => match e.take_message() {
                    // hyper hands the request back when not a byte of it
                    // was written: a pooled connection the server had
                    // closed. Safe to send on another one.
                    Some(back) if pooled => request = back,
                    Some(_) => return Err(connect_error(&connect::describe(e.error()))),
                    None => return Err(lost(e.error(), r)),
                },
            }
        };

        let (parts, mut body) = response.into_parts();
        let status = parts.status.as_u16();
        if status == 407
            && let Some(p) = self.cfg.target.proxy_for_absolute_form()
        {
            // The proxy itself answered: nothing went further.
            return Err(ErrorKind::Proxy {
                message: format!(
                    "{} answered HTTP 407, proxy authentication required; check the proxy's \
                     user name and password",
                    p.authority()
                ),
            }
            .into());
        }
        let hdr = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let date = hdr("date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .map(DateTime::<Utc>::from);
        let retry_after = hdr("x-acs-retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        let mut raw = RawResponse {
            status,
            date,
            retry_after,
            request_id_header: hdr("x-acs-request-id").map(str::to_owned),
            body: Vec::new(),
        };
        self.read_body(&mut body, &mut raw, r).await?;
        // The whole answer was read: the connection is clean for the next call.
        if !tx.is_closed() {
            let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
            if pool.len() < MAX_IDLE {
                pool.push(Idle {
                    tx,
                    since: Instant::now(),
                });
            }
        }
        Ok(raw)
    }

    async fn read_body(
        &self,
        body: &mut Incoming,
        raw: &mut RawResponse,
        r: &Redactor,
    ) -> Result<(), Error> {
        let max = self.cfg.max_response_bytes;
        if let Some(len) = body.size_hint().exact() {
            raw.body
                .reserve(usize::try_from(len).unwrap_or(max).min(max));
        }
        while !body.is_end_stream() {
            let frame = tokio::time::timeout(self.cfg.timeouts.read, body.frame())
                .await
                .map_err(|_| read_timeout("while reading the response body"))?;
            let Some(frame) = frame else { break };
            let frame = frame.map_err(|e| lost(&e, r))?;
            let Ok(chunk) = frame.into_data() else {
                continue;
            };
            if raw.body.len() + chunk.len() > max {
                let keep = max.saturating_sub(raw.body.len());
                raw.body.extend_from_slice(&chunk[..keep.min(chunk.len())]);
                return Err(ErrorKind::InvalidResponse {
                    message: format!("the response body exceeds {max} bytes"),
                    details: Box::new(ServiceError {
                        http_status: raw.status,
                        request_id: raw.request_id_header.clone(),
                        body_excerpt: r.redact(&String::from_utf8_lossy(
                            &raw.body[..raw.body.len().min(crate::response::MAX_EXCERPT_BYTES)],
                        )),
                        ..Default::default()
                    }),
                }
                .into());
            }
            raw.body.extend_from_slice(&chunk);
        }
        Ok(())
    }

    /// The most recently used idle connection that is still open.
    fn checkout(&self) -> Option<Sender> {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(idle) = pool.pop() {
            if !idle.tx.is_closed() && idle.since.elapsed() < IDLE_TIMEOUT {
                return Some(idle.tx);
            }
        }
        None
    }

    /// A new connection (TCP, proxy, TLS, HTTP/1.1 handshake) within the
    /// connect deadline; its I/O runs as a task on the current runtime.
    async fn open(&self) -> Result<Sender, Error> {
        let connect = self.cfg.timeouts.connect;
        let target = &self.cfg.target;
        let stream = tokio::time::timeout(connect, self.connector.connect(target))
            .await
            .map_err(|_| -> Error {
                ErrorKind::Timeout {
                    kind: TimeoutKind::Connect,
                    maybe_sent: false,
                    message: format!("no connection to {} within {connect:?}", target.authority),
                }
                .into()
            })??;
        let (tx, conn) = http1::Builder::new()
            .handshake(TokioIo::new(stream))
            .await
            .map_err(|e| connect_error(&connect::describe(&e)))?;
        tokio::spawn(async move {
            // Ends when the server closes the connection or the pool drops
            // its sender; errors surface through the request that saw them.
            let _ = conn.await;
        });
        Ok(tx)
    }

    /// The signed request as hyper takes it: origin-form target (absolute
    /// form through a plain-HTTP proxy), the prepared headers in order, the
    /// body moved, not copied.
    fn http_request(
        &self,
        endpoint: &Endpoint,
        req: PreparedRequest,
    ) -> Result<Request<Full<Bytes>>, Error> {
        let mut headers = HeaderMap::with_capacity(req.headers.len() + 1);
        for (k, v) in &req.headers {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| Error::internal(format!("invalid header name {k:?}")))?;
            let value = HeaderValue::from_str(v).map_err(|_| {
                Error::from(crate::error::ValidationError::new(
                    k.as_str(),
                    Rule::HeaderValue,
                    "contains characters not allowed in an HTTP header",
                ))
            })?;
            headers.append(name, value);
        }
        let proxy = self.cfg.target.proxy_for_absolute_form();
        if let Some(auth) = proxy.and_then(|p| p.auth.clone()) {
            headers.insert(PROXY_AUTHORIZATION, auth);
        }
        let url = Bytes::from(req.url);
        // The endpoint's URL ends in "/": the origin form starts there.
        let base = endpoint.url();
        let target = if proxy.is_none() && url.starts_with(base.as_bytes()) {
            url.slice(base.len() - 1..)
        } else {
            url
        };
        let uri = Uri::from_maybe_shared(target)
            .map_err(|_| Error::internal("cannot build the request: invalid URL"))?;
        let mut request = Request::new(Full::new(Bytes::from(req.body)));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

fn connect_error(message: &str) -> Error {
    ErrorKind::Connect {
        message: message.to_owned(),
    }
    .into()
}

fn read_timeout(what: &str) -> Error {
    ErrorKind::Timeout {
        kind: TimeoutKind::Read,
        maybe_sent: true,
        message: format!("no response data within the read timeout {what}"),
    }
    .into()
}

/// A failure after (part of) the request was written: it may have reached
/// the service.
fn lost(e: &hyper::Error, r: &Redactor) -> Error {
    ErrorKind::ConnectionLost {
        message: r.redact(&connect::describe(e)),
    }
    .into()
}
