//! Client configuration: endpoint, API version, timeouts and retry policy,
//! with the documented defaults (spec §5–§6).

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use crate::error::{Error, ValidationError};
use crate::rule::Rule;

/// A `config` error on the `endpoint` option.
fn endpoint_error(rule: Rule, message: String, value: &str) -> Error {
    Error::option(
        ValidationError::new("endpoint", rule, message).with_value(format_args!("{value:?}")),
    )
}

/// Default endpoint host.
pub const DEFAULT_ENDPOINT: &str = "https://mpaas.cn-hangzhou.aliyuncs.com";
/// Most attempts a call may make, the first included.
pub const MAX_ATTEMPTS: u32 = 10;

/// Longest timeout or retry delay a client accepts (one day): longer is
/// almost always a unit mistake (seconds given as milliseconds).
pub const MAX_DURATION: Duration = Duration::from_secs(86_400);

/// The text of a failed one-day bound.
pub(crate) const MAX_DURATION_TEXT: &str = "must be at most 86400000 (one day)";

/// Smallest and largest response body cap, in bytes.
pub const RESPONSE_BYTES_RANGE: (usize, usize) = (1024, 64 * 1024 * 1024);

/// The text of a failed response-cap range.
pub(crate) fn response_bytes_text() -> String {
    let (lo, hi) = RESPONSE_BYTES_RANGE;
    format!("must be between {lo} and {hi}")
}

/// Default region.
pub const DEFAULT_REGION: &str = "cn-hangzhou";

/// MPS API version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `2020-10-28`: every field of the request model exists (default).
    #[default]
    V2020_10_28,
    /// `2019-08-21`: the version of the product's older samples.
    V2019_08_21,
}

impl ApiVersion {
    /// The `Version` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2020_10_28 => "2020-10-28",
            Self::V2019_08_21 => "2019-08-21",
        }
    }
}

impl std::str::FromStr for ApiVersion {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "2020-10-28" => Ok(Self::V2020_10_28),
            "2019-08-21" => Ok(Self::V2019_08_21),
            _ => Err(Error::config(format!(
                "unsupported API version {s:?}; expected \"2020-10-28\" or \"2019-08-21\""
            ))),
        }
    }
}

/// A checked endpoint: scheme, host and port, path `/`.
///
/// ```
/// use mpaas_push::Endpoint;
/// let e = Endpoint::parse("mpaas.cn-hangzhou.aliyuncs.com", false)?;
/// assert_eq!(e.url(), "https://mpaas.cn-hangzhou.aliyuncs.com/");
/// assert_eq!(e.host(), "mpaas.cn-hangzhou.aliyuncs.com");
/// let local = Endpoint::parse("http://127.0.0.1:8080", false)?;
/// assert_eq!(local.host(), "127.0.0.1:8080");
/// assert!(Endpoint::parse("http://example.com", false).is_err());
/// # Ok::<(), mpaas_push::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: Url,
    host: String,
}

impl Endpoint {
    /// Parses `endpoint` (a host, `host:port`, or an `https://` / loopback
    /// `http://` URL). Plain HTTP to a non-loopback host needs `allow_http`.
    pub fn parse(endpoint: &str, allow_http: bool) -> Result<Self, Error> {
        let text = endpoint.trim();
        if text.is_empty() {
            return Err(endpoint_error(
                Rule::NotBlank,
                "must not be empty".into(),
                text,
            ));
        }
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("https://{text}")
        };
        let url = Url::parse(&with_scheme)
            .map_err(|e| endpoint_error(Rule::Url, format!("is not a valid URL: {e}"), text))?;
        let host_str = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| endpoint_error(Rule::Url, "has no host".into(), text))?
            .to_owned();
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::option(ValidationError::new(
                "endpoint",
                Rule::Url,
                "must not contain user info",
            )));
        }
        if !(url.path() == "/" || url.path().is_empty())
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(endpoint_error(
                Rule::Url,
                "must not have a path, query or fragment".into(),
                text,
            ));
        }
        match url.scheme() {
            "https" => {}
            "http" if allow_http || is_loopback(&host_str) => {}
            "http" => {
                return Err(endpoint_error(
                    Rule::HttpsRequired,
                    "uses plain http to a host that is not on this machine; use https, or opt in with allowHttp".into(),
                    text,
                ));
            }
            other => {
                return Err(endpoint_error(
                    Rule::Url,
                    format!("has scheme {other:?}; expected https (or http)"),
                    text,
                ));
            }
        }
        let host = match url.port() {
            Some(p) => format!("{host_str}:{p}"),
            None => host_str,
        };
        Ok(Self { url, host })
    }

    /// The request URL (`scheme://host[:port]/`).
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The `host` header value as the HTTP client sends it (port included
    /// when not the scheme default).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the endpoint is on this machine.
    pub fn is_loopback(&self) -> bool {
        self.url.host_str().is_some_and(is_loopback)
    }
}

fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Deadlines (spec §5): connect and read per attempt, total over all attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Establishing a connection (TCP + TLS). Default 5 s.
    pub connect: Duration,
    /// Waiting for response bytes in one attempt. Default 10 s.
    pub read: Duration,
    /// The whole call, all attempts and backoff included. Default 30 s.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            read: Duration::from_secs(10),
            total: Duration::from_secs(30),
        }
    }
}

/// When and how often to retry (spec §5).
///
/// ```
/// let p = mpaas_push::RetryPolicy::default();
/// assert_eq!(p.max_attempts, 3);
/// assert!(!p.retry_maybe_sent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry). Default 3.
    pub max_attempts: u32,
    /// First backoff ceiling; doubled each retry, full jitter. Default 200 ms.
    pub base_delay: Duration,
    /// Largest delay between attempts, also the cap on `x-acs-retry-after`.
    /// Default 20 s.
    pub max_delay: Duration,
    /// Also retry failures that may have reached the service (timeouts after
    /// the request was written, lost connections, 500/502/504). The Msgkey
    /// stays the same, so the service can recognise a duplicate. Default off.
    pub retry_maybe_sent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            retry_maybe_sent: false,
        }
    }
}

impl RetryPolicy {
    /// A single attempt, no retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts.
    #[must_use]
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }

    /// Sets the backoff base and cap.
    #[must_use]
    pub fn with_delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max;
        self
    }

    /// Opts in to retrying failures that may have reached the service.
    #[must_use]
    pub fn with_retry_maybe_sent(mut self, yes: bool) -> Self {
        self.retry_maybe_sent = yes;
        self
    }

    /// Full-jitter backoff before retry number `retry` (1-based), with
    /// `unit` a random number in `[0, 1)`.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let exp = self.base_delay.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        exp.min(self.max_delay).mul_f64(unit.clamp(0.0, 1.0))
    }
}
