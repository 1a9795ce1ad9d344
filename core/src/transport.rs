//! The HTTP exchange: one pooled `reqwest` client (rustls) per [`Client`],
//! connect and read deadlines, a bounded body, and classification of network
//! failures into "not sent" and "maybe sent".
//!
//! [`Client`]: crate::Client

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::config::{Endpoint, Timeouts};
use crate::error::{Error, ErrorKind, ServiceError, TimeoutKind};
use crate::prepare::PreparedRequest;
use crate::response::RawResponse;
use crate::rule::Rule;
use crate::secret::Redactor;

/// Proxy settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyConfig {
    /// No proxy, whatever the environment says (default).
    #[default]
    None,
    /// Honour `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` from the environment.
    FromEnv,
    /// Send every request through this proxy URL (`http://user:pass@host:port`).
    Url(String),
}

/// Checks a proxy URL (`http(s)://[user:password@]host[:port]`) without
/// ever quoting its credentials.
pub(crate) fn check_proxy_url(u: &str) -> Result<(), Error> {
    let bad = |message: &str| {
        Error::option(
            crate::error::ValidationError::new("proxy", Rule::Url, message)
                .with_value(crate::secret::redact_userinfo(u)),
        )
    };
    let url = url::Url::parse(u)
        .map_err(|_| bad("is not a valid URL; expected \"env\", \"none\" or http://host:port"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be an http:// or https:// proxy URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    Ok(())
}

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub(crate) struct TransportConfig {
    pub(crate) timeouts: Timeouts,
    pub(crate) proxy: ProxyConfig,
    pub(crate) max_response_bytes: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Transport {
    http: reqwest::Client,
    read_timeout: Duration,
    max_response_bytes: usize,
}

impl Transport {
    pub(crate) fn new(cfg: &TransportConfig) -> Result<Self, Error> {
        let mut b = reqwest::Client::builder()
            .connect_timeout(cfg.timeouts.connect)
            .read_timeout(cfg.timeouts.read)
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            // A signed POST is never re-sent elsewhere.
            .redirect(reqwest::redirect::Policy::none());
        b =
            match &cfg.proxy {
                ProxyConfig::None => b.no_proxy(),
                ProxyConfig::FromEnv => b,
                ProxyConfig::Url(u) => b.proxy(reqwest::Proxy::all(u.as_str()).map_err(|e| {
                    Error::config(format!("invalid proxy URL: {}", e.without_url()))
                })?),
            };
        let http = b
            .build()
            .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            http,
            read_timeout: cfg.timeouts.read,
            max_response_bytes: cfg.max_response_bytes,
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
        let mut headers = HeaderMap::with_capacity(req.headers.len());
        for (k, v) in &req.headers {
            if k == "host" {
                continue; // written by the HTTP client from the URL, same value
            }
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| Error::internal(format!("invalid header name {k:?}")))?;
            let value = HeaderValue::from_str(v).map_err(|_| {
                Error::from(crate::error::ValidationError::new(
                    k.as_str(),
                    Rule::HeaderValue,
                    "contains characters not allowed in an HTTP header",
                ))
            })?;
            headers.insert(name, value);
        }
        let mut request = reqwest::Request::new(Method::POST, request_url(endpoint, &req.url)?);
        *request.headers_mut() = headers;
        *request.body_mut() = Some(req.body.into());
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|e| classify(&e, r))?;

        let status = response.status().as_u16();
        let hdr = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let date = hdr("date")
            .and_then(|d| httpdate::parse_http_date(&d).ok())
            .map(DateTime::<Utc>::from);
        let retry_after = hdr("x-acs-retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        let request_id_header = hdr("x-acs-request-id");
        let mut raw = RawResponse {
            status,
            date,
            retry_after,
            request_id_header,
            body: Vec::new(),
        };
        let mut response = response;
        loop {
            let chunk = tokio::time::timeout(self.read_timeout, response.chunk())
                .await
                .map_err(|_| read_timeout("while reading the response body"))?
                .map_err(|e| classify(&e, r))?;
            let Some(chunk) = chunk else { break };
            if raw.body.len() + chunk.len() > self.max_response_bytes {
                let keep = self.max_response_bytes.saturating_sub(raw.body.len());
                raw.body.extend_from_slice(&chunk[..keep.min(chunk.len())]);
                return Err(ErrorKind::InvalidResponse {
                    message: format!(
                        "the response body exceeds {} bytes",
                        self.max_response_bytes
                    ),
                    details: Box::new(ServiceError {
                        http_status: status,
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
        Ok(raw)
    }
}

/// The URL of a request signed for `endpoint`: the endpoint's parsed URL
/// with the signed query set, which parses only the query (the text is the
/// same as parsing `url` whole).
fn request_url(endpoint: &Endpoint, url: &str) -> Result<url::Url, Error> {
    let base = endpoint.url();
    if url == base {
        return Ok(endpoint.parsed().clone());
    }
    if let Some(query) = url.strip_prefix(base).and_then(|q| q.strip_prefix('?')) {
        let mut u = endpoint.parsed().clone();
        u.set_query(Some(query));
        return Ok(u);
    }
    url::Url::parse(url).map_err(|_| Error::internal("cannot build request: invalid URL"))
}

fn read_timeout(what: &str) -> Error {
    ErrorKind::Timeout {
        kind: TimeoutKind::Read,
        maybe_sent: true,
        message: format!("no response data within the read timeout {what}"),
    }
    .into()
}

/// The error and its causes, without the URL (which carries signed,
/// possibly secret, parameters).
fn describe(e: &reqwest::Error, r: &Redactor) -> String {
    let mut text = String::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    let mut first = true;
    while let Some(err) = cur {
        let part = if first {
            // reqwest's own Display may include the URL; rebuild it without.
            match e.status() {
                Some(s) => format!("HTTP status {s}"),
                None => kind_of(e).to_owned(),
            }
        } else {
            err.to_string()
        };
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        first = false;
        cur = err.source();
    }
    r.redact(&text)
}

fn kind_of(e: &reqwest::Error) -> &'static str {
    if e.is_connect() {
        "connection failed"
    } else if e.is_timeout() {
        "timed out"
    } else if e.is_body() {
        "error in the body"
    } else if e.is_decode() {
        "error decoding the response"
    } else if e.is_request() {
        "error sending the request"
    } else {
        "HTTP error"
    }
}

fn classify(e: &reqwest::Error, r: &Redactor) -> Error {
    let message = describe(e, r);
    let kind = if e.is_connect() {
        if e.is_timeout() || message.contains("timed out") {
            ErrorKind::Timeout {
                kind: TimeoutKind::Connect,
                maybe_sent: false,
                message,
            }
        } else {
            ErrorKind::Connect { message }
        }
    } else if e.is_timeout() {
        ErrorKind::Timeout {
            kind: TimeoutKind::Read,
            maybe_sent: true,
            message,
        }
    } else {
        ErrorKind::ConnectionLost { message }
    };
    kind.into()
}
