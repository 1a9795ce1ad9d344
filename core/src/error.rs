//! The one public error type, [`Error`], and its stable machine codes.
//!
//! Every failure — a broken request rule, bad configuration, a network
//! problem, a gateway or service rejection — is an [`Error`] variant with a
//! stable [`ErrorCode`] (`error.code().as_str()` is the same string in every
//! language), and says whether retrying is safe ([`Error::retryable`]) and
//! whether the request may have reached the service ([`Error::maybe_sent`]).
//! No variant ever holds a secret: texts from the network pass through the
//! client's [`Redactor`](crate::Redactor) first.

use std::fmt;
use std::time::Duration;

use crate::rule::Rule;

/// Stable, language-neutral error codes (spec §4).
///
/// ```
/// use mpaas_push::ErrorCode;
/// assert_eq!(ErrorCode::Throttled.as_str(), "throttled");
/// assert_eq!(ErrorCode::ALL.len(), 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A request rule failed; nothing was sent.
    Validation,
    /// Bad client configuration; nothing was sent.
    Config,
    /// No usable credentials; nothing was sent.
    Credentials,
    /// The connection could not be established; the request was not written.
    Connect,
    /// The endpoint's certificate was refused (untrusted issuer, another
    /// name, expired) or TLS could not be agreed; nothing was sent. Never
    /// retried: the same certificate would be refused again.
    Tls,
    /// The proxy could not be reached, refused the tunnel, or wants other
    /// credentials (HTTP 407); nothing was sent. Never retried.
    Proxy,
    /// A connect, read or total deadline fired.
    Timeout,
    /// The connection broke after the request was written.
    ConnectionLost,
    /// `Throttling*` or HTTP 429.
    Throttled,
    /// `SignatureDoesNotMatch` / `IncompleteSignature`.
    SignatureMismatch,
    /// `InvalidTimeStamp.*`: the local clock is off.
    ClockSkew,
    /// `InvalidAccessKeyId.*`, `InvalidSecurityToken.*`, `Forbidden*`.
    Auth,
    /// Any other gateway error.
    Service,
    /// HTTP 2xx, but the service reports the push as failed.
    PushFailed,
    /// A response that is not the documented JSON.
    InvalidResponse,
    /// A bug, including a caught panic.
    Internal,
}

impl ErrorCode {
    /// Every code, in the order of the spec table.
    pub const ALL: [ErrorCode; 16] = [
        Self::Validation,
        Self::Config,
        Self::Credentials,
        Self::Connect,
        Self::Tls,
        Self::Proxy,
        Self::Timeout,
        Self::ConnectionLost,
        Self::Throttled,
        Self::SignatureMismatch,
        Self::ClockSkew,
        Self::Auth,
        Self::Service,
        Self::PushFailed,
        Self::InvalidResponse,
        Self::Internal,
    ];

    /// The stable string form (`"validation"`, `"connection_lost"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::Config => "config",
            Self::Credentials => "credentials",
            Self::Connect => "connect",
            Self::Tls => "tls",
            Self::Proxy => "proxy",
            Self::Timeout => "timeout",
            Self::ConnectionLost => "connection_lost",
            Self::Throttled => "throttled",
            Self::SignatureMismatch => "signature_mismatch",
            Self::ClockSkew => "clock_skew",
            Self::Auth => "auth",
            Self::Service => "service",
            Self::PushFailed => "push_failed",
            Self::InvalidResponse => "invalid_response",
            Self::Internal => "internal",
        }
    }
}

/// The exception family each language raises for a code (Python's
/// `TransportError`, the JVM's `MpaasPushException.Transport`, …): decided
/// here once, so every binding groups codes the same way.
///
/// ```
/// use mpaas_push::{ErrorCode, ErrorFamily};
/// assert_eq!(ErrorCode::Tls.family(), ErrorFamily::Transport);
/// assert_eq!(ErrorCode::Auth.family(), ErrorFamily::Service);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorFamily {
    /// `validation`.
    Validation,
    /// `config`.
    Config,
    /// `credentials` (a kind of configuration error).
    Credentials,
    /// `connect`, `tls`, `proxy`, `timeout`, `connection_lost`.
    Transport,
    /// `signature_mismatch`, `auth`, `service`, `invalid_response`.
    Service,
    /// `throttled` (a service error).
    Throttled,
    /// `clock_skew` (a service error).
    ClockSkew,
    /// `push_failed` (a service error).
    PushFailed,
    /// `internal`.
    Internal,
}

impl ErrorCode {
    /// The family of this code.
    pub fn family(self) -> ErrorFamily {
        match self {
            Self::Validation => ErrorFamily::Validation,
            Self::Config => ErrorFamily::Config,
            Self::Credentials => ErrorFamily::Credentials,
            Self::Connect | Self::Tls | Self::Proxy | Self::Timeout | Self::ConnectionLost => {
                ErrorFamily::Transport
            }
            Self::Throttled => ErrorFamily::Throttled,
            Self::ClockSkew => ErrorFamily::ClockSkew,
            Self::PushFailed => ErrorFamily::PushFailed,
            Self::SignatureMismatch | Self::Auth | Self::Service | Self::InvalidResponse => {
                ErrorFamily::Service
            }
            Self::Internal => ErrorFamily::Internal,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request rule that failed: which field, which rule, which value.
///
/// ```
/// use mpaas_push::{Rule, ValidationError};
/// let e = ValidationError::new("strategyContent.endTime", Rule::MaxDaysAhead, "must be at most 180 days after today")
///     .with_value("2027-06-01");
/// assert_eq!(e.field(), "strategyContent.endTime");
/// assert_eq!(e.to_string(), "strategyContent.endTime: must be at most 180 days after today (got 2027-06-01)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    field: String,
    rule: Rule,
    message: String,
    value: Option<String>,
}

/// Longest value (in characters) quoted in a validation message.
const MAX_VALUE_CHARS: usize = 120;

impl ValidationError {
    /// A failure of `rule` on `field` (camelCase path, nested with `.`),
    /// with a human explanation.
    pub fn new(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule,
            message: message.into(),
            value: None,
        }
    }

    /// Adds the offending value (shortened when long).
    #[must_use]
    pub fn with_value(mut self, value: impl fmt::Display) -> Self {
        let v = value.to_string();
        let v = if v.chars().count() > MAX_VALUE_CHARS {
            let mut s: String = v.chars().take(MAX_VALUE_CHARS).collect();
            s.push('…');
            s
        } else {
            v
        };
        self.value = Some(v);
        self
    }

    /// The field path, e.g. `strategyContent.endTime`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule that failed (`rule().as_str()` is the stable id, e.g.
    /// `required`, `one_of`, `in_future`).
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The human explanation of the rule.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The offending value as text, when there was one.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)?;
        if let Some(v) = &self.value {
            write!(f, " (got {v})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Which deadline fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the connection (nothing was written).
    Connect,
    /// Waiting for the response of one attempt.
    Read,
    /// The deadline over all attempts.
    Total,
}

impl TimeoutKind {
    /// `"connect"`, `"read"` or `"total"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Read => "read",
            Self::Total => "total",
        }
    }
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the gateway or the service answered, for errors that come with a
/// response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// HTTP status of the response.
    pub http_status: u16,
    /// `RequestId` of the response, when present.
    pub request_id: Option<String>,
    /// The gateway `Code` (e.g. `Throttling.User`) or the MPS `ResultCode`.
    pub code: Option<String>,
    /// The gateway `Message`, `ResultMessage` or `PushResult.ResultMsg`.
    pub message: Option<String>,
    /// The gateway's `Recommend` troubleshooting URL.
    pub recommend: Option<String>,
    /// The gateway's `HostId`.
    pub host_id: Option<String>,
    /// Value of the `x-acs-retry-after` header (milliseconds on the wire).
    pub retry_after: Option<Duration>,
    /// The first bytes of the response body (bounded, secrets removed).
    pub body_excerpt: String,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(c), Some(m)) => write!(f, "{c}: {m}")?,
            (Some(c), None) => write!(f, "{c}")?,
            (None, Some(m)) => write!(f, "{m}")?,
            (None, None) => write!(f, "unexpected response")?,
        }
        write!(f, " (HTTP {}", self.http_status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", RequestId {id}")?;
        }
        write!(f, ")")
    }
}

/// What went wrong: one variant per [`ErrorCode`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A request rule failed; nothing was sent.
    #[error("invalid request: {0}")]
    Validation(ValidationError),
    /// Bad client configuration; nothing was sent.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
        /// The option and the rule it broke, when one option is to blame
        /// (client options, spec §6).
        option: Option<Box<ValidationError>>,
    },
    /// No credentials, or a malformed credentials source; nothing was sent.
    #[error("credentials: {message}")]
    Credentials {
        /// What is wrong.
        message: String,
    },
    /// The connection could not be established; the request was not written.
    #[error("could not connect (request not sent): {message}")]
    Connect {
        /// The underlying cause.
        message: String,
    },
    /// The endpoint's TLS certificate was refused, or TLS failed; the
    /// request was not written.
    #[error("TLS failed (request not sent): {message}")]
    Tls {
        /// The host and the reason.
        message: String,
    },
    /// The proxy could not be reached or refused; the request was not written.
    #[error("proxy failed (request not sent): {message}")]
    Proxy {
        /// The proxy (host:port, never its credentials) and the reason.
        message: String,
    },
    /// A deadline fired.
    #[error("{kind} timeout ({}): {message}", if *.maybe_sent { "the request may have been sent" } else { "request not sent" })]
    Timeout {
        /// Which deadline.
        kind: TimeoutKind,
        /// Whether the request may have reached the service.
        maybe_sent: bool,
        /// Details.
        message: String,
    },
    /// The connection broke after the request was written.
    #[error("connection lost after the request was sent: {message}")]
    ConnectionLost {
        /// The underlying cause.
        message: String,
    },
    /// Throttled by the gateway (`Throttling*`, HTTP 429).
    #[error("throttled: {0}")]
    Throttled(Box<ServiceError>),
    /// The gateway computed a different signature (wrong secret, or a bug).
    #[error("signature mismatch: {0}")]
    SignatureMismatch(Box<ServiceError>),
    /// The gateway rejected the timestamp: the local clock is off.
    #[error("clock skew: {details}{}", match .offset { Some(o) => format!(" (server clock minus local clock: {o}s)"), None => String::new() })]
    ClockSkew {
        /// The gateway's answer.
        details: Box<ServiceError>,
        /// Server time minus local signing time in seconds, measured from the
        /// response `Date` header.
        offset: Option<i64>,
    },
    /// Credentials not accepted or not allowed.
    #[error("not authorized: {0}")]
    Auth(Box<ServiceError>),
    /// Any other gateway error.
    #[error("service error: {0}")]
    Service(Box<ServiceError>),
    /// HTTP 2xx, but the service did not accept the push (`ResultCode` ≠ OK
    /// or `PushResult.Success` false).
    #[error("push failed: {0}")]
    PushFailed(Box<ServiceError>),
    /// The response is not the documented JSON.
    #[error("invalid response: {message}; {details}")]
    InvalidResponse {
        /// What was wrong with it.
        message: String,
        /// Status, request id and body excerpt of the response.
        details: Box<ServiceError>,
    },
    /// A bug in this library, including a caught panic.
    #[error("internal error: {message}")]
    Internal {
        /// Details.
        message: String,
    },
}

impl ErrorKind {
    /// The stable machine code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::Validation,
            Self::Config { .. } => ErrorCode::Config,
            Self::Credentials { .. } => ErrorCode::Credentials,
            Self::Connect { .. } => ErrorCode::Connect,
            Self::Tls { .. } => ErrorCode::Tls,
            Self::Proxy { .. } => ErrorCode::Proxy,
            Self::Timeout { .. } => ErrorCode::Timeout,
            Self::ConnectionLost { .. } => ErrorCode::ConnectionLost,
            Self::Throttled(_) => ErrorCode::Throttled,
            Self::SignatureMismatch(_) => ErrorCode::SignatureMismatch,
            Self::ClockSkew { .. } => ErrorCode::ClockSkew,
            Self::Auth(_) => ErrorCode::Auth,
            Self::Service(_) => ErrorCode::Service,
            Self::PushFailed(_) => ErrorCode::PushFailed,
            Self::InvalidResponse { .. } => ErrorCode::InvalidResponse,
            Self::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// Whether this failure alone may have reached the service.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Self::Validation(_)
            | Self::Config { .. }
            | Self::Credentials { .. }
            | Self::Connect { .. }
            | Self::Tls { .. }
            | Self::Proxy { .. }
            | Self::Throttled(_)
            | Self::SignatureMismatch(_)
            | Self::ClockSkew { .. }
            | Self::Auth(_) => false,
            Self::Timeout { maybe_sent, .. } => *maybe_sent,
            Self::Service(d) => status_may_have_processed(d.http_status),
            Self::ConnectionLost { .. }
            | Self::PushFailed(_)
            | Self::InvalidResponse { .. }
            | Self::Internal { .. } => true,
        }
    }

    /// Whether the default policy retries this failure.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Connect { .. } | Self::Throttled(_) | Self::ClockSkew { .. } => true,
            Self::Timeout { maybe_sent, .. } => !*maybe_sent,
            Self::Service(d) => {
                d.http_status == 503
                    || (matches!(
                        d.code.as_deref(),
                        Some("ServiceUnavailable" | "SignatureNonceUsed")
                    ) && !status_may_have_processed(d.http_status))
            }
            _ => false,
        }
    }
}

/// Every failure of this crate: an [`ErrorKind`] plus what the retry loop
/// knows (attempts made, whether an earlier attempt may have been sent).
/// See [`ErrorCode`] for the stable codes.
///
/// ```
/// use mpaas_push::{Error, ErrorCode, Rule, ValidationError};
/// let e = Error::from(ValidationError::new("appId", Rule::Required, "is required"));
/// assert_eq!(e.code(), ErrorCode::Validation);
/// assert!(!e.maybe_sent());
/// assert!(!e.retryable());
/// assert_eq!(e.field(), Some("appId"));
/// assert_eq!(e.to_string(), "invalid request: appId: is required");
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    attempts: u32,
    earlier_maybe_sent: bool,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code().as_str())
            .field("kind", &self.inner.kind)
            .field("attempts", &self.inner.attempts)
            .field("maybe_sent", &self.maybe_sent())
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner.kind, f)?;
        if self.inner.attempts > 1 {
            write!(f, " (after {} attempts", self.inner.attempts)?;
            if self.inner.earlier_maybe_sent && !self.inner.kind.maybe_sent() {
                write!(f, "; an earlier attempt may have been sent")?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Validation(v) => Some(v),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                attempts: 0,
                earlier_maybe_sent: false,
            }),
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        ErrorKind::Validation(e).into()
    }
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        ErrorKind::Config {
            message: message.into(),
            option: None,
        }
        .into()
    }

    /// A `config` error naming the option (`field`) and its [`Rule`].
    pub fn option(v: ValidationError) -> Self {
        ErrorKind::Config {
            message: v.to_string(),
            option: Some(Box::new(v)),
        }
        .into()
    }

    pub(crate) fn credentials(message: impl Into<String>) -> Self {
        ErrorKind::Credentials {
            message: message.into(),
        }
        .into()
    }

    /// An internal error (used by bindings for caught panics).
    pub fn internal(message: impl Into<String>) -> Self {
        ErrorKind::Internal {
            message: message.into(),
        }
        .into()
    }

    /// Records the attempt count and whether an earlier attempt may have
    /// reached the service.
    pub(crate) fn after_attempts(mut self, attempts: u32, earlier_maybe_sent: bool) -> Self {
        self.inner.attempts = attempts;
        self.inner.earlier_maybe_sent = earlier_maybe_sent;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// Consumes the error, returning what went wrong.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    /// The stable machine code.
    pub fn code(&self) -> ErrorCode {
        self.inner.kind.code()
    }

    /// Whether the request may have reached the service, in this or an
    /// earlier attempt. `false` means it certainly did not.
    pub fn maybe_sent(&self) -> bool {
        self.inner.earlier_maybe_sent || self.inner.kind.maybe_sent()
    }

    /// Whether the default retry policy retries this failure (the service
    /// cannot have acted on it and trying again may succeed).
    pub fn retryable(&self) -> bool {
        self.inner.kind.retryable()
    }

    /// Attempts made before this error was returned (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// The field path of a validation error, or the option of a `config`
    /// error.
    pub fn field(&self) -> Option<&str> {
        self.details().map(ValidationError::field)
    }

    /// The rule a validation error or a bad option broke.
    pub fn rule(&self) -> Option<Rule> {
        self.details().map(ValidationError::rule)
    }

    /// Field, rule, message and value of a validation error or of a bad
    /// option (`config` error): what every binding exposes as `field`,
    /// `rule` and `value`.
    pub fn details(&self) -> Option<&ValidationError> {
        match &self.inner.kind {
            ErrorKind::Validation(v) => Some(v),
            ErrorKind::Config {
                option: Some(v), ..
            } => Some(v),
            _ => None,
        }
    }

    /// The validation failure, for [`ErrorKind::Validation`].
    pub fn validation(&self) -> Option<&ValidationError> {
        match &self.inner.kind {
            ErrorKind::Validation(v) => Some(v),
            _ => None,
        }
    }

    /// The response details, for errors that come with a response.
    pub fn service(&self) -> Option<&ServiceError> {
        match &self.inner.kind {
            ErrorKind::Throttled(d)
            | ErrorKind::SignatureMismatch(d)
            | ErrorKind::Auth(d)
            | ErrorKind::Service(d)
            | ErrorKind::PushFailed(d)
            | ErrorKind::ClockSkew { details: d, .. }
            | ErrorKind::InvalidResponse { details: d, .. } => Some(d),
            _ => None,
        }
    }

    /// `RequestId` of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        self.service().and_then(|d| d.request_id.as_deref())
    }

    /// HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.service().map(|d| d.http_status)
    }

    /// The gateway `Code` or MPS `ResultCode`, when there was one.
    pub fn service_code(&self) -> Option<&str> {
        self.service().and_then(|d| d.code.as_deref())
    }

    /// Which deadline fired, for [`ErrorKind::Timeout`].
    pub fn timeout_kind(&self) -> Option<TimeoutKind> {
        match &self.inner.kind {
            ErrorKind::Timeout { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Server minus local clock in seconds, for [`ErrorKind::ClockSkew`].
    pub fn clock_offset(&self) -> Option<i64> {
        match &self.inner.kind {
            ErrorKind::ClockSkew { offset, .. } => *offset,
            _ => None,
        }
    }
}

/// 5xx other than 503 may be answered after the service started working.
fn status_may_have_processed(status: u16) -> bool {
    status >= 500 && status != 503
}

/// Shorthand for `Result<T, mpaas_push::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(status: u16, code: &str) -> Box<ServiceError> {
        Box::new(ServiceError {
            http_status: status,
            code: Some(code.into()),
            ..Default::default()
        })
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()));
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_')
            );
        }
    }

    #[test]
    fn service_flags_follow_status() {
        let e503 = Error::from(ErrorKind::Service(svc(503, "ServiceUnavailable")));
        assert!(e503.retryable() && !e503.maybe_sent());
        let e500 = Error::from(ErrorKind::Service(svc(500, "InternalError")));
        assert!(!e500.retryable() && e500.maybe_sent());
        let nonce = Error::from(ErrorKind::Service(svc(400, "SignatureNonceUsed")));
        assert!(nonce.retryable() && !nonce.maybe_sent());
        let missing = Error::from(ErrorKind::Service(svc(400, "MissingParameter")));
        assert!(!missing.retryable() && !missing.maybe_sent());
        let pf = Error::from(ErrorKind::PushFailed(svc(200, "3022")));
        assert!(!pf.retryable() && pf.maybe_sent());
    }

    #[test]
    fn timeout_flags() {
        let read = Error::from(ErrorKind::Timeout {
            kind: TimeoutKind::Read,
            maybe_sent: true,
            message: String::new(),
        });
        assert!(read.maybe_sent() && !read.retryable());
        let connect = Error::from(ErrorKind::Timeout {
            kind: TimeoutKind::Connect,
            maybe_sent: false,
            message: String::new(),
        });
        assert!(!connect.maybe_sent() && connect.retryable());
        assert!(read.to_string().contains("may have been sent"));
        let retried =
            Error::from(ErrorKind::Throttled(svc(400, "Throttling.User"))).after_attempts(3, true);
        assert!(
            retried.maybe_sent(),
            "an earlier maybe-sent attempt taints the final error"
        );
        assert!(
            retried
                .to_string()
                .contains("after 3 attempts; an earlier attempt may have been sent")
        );
    }
}
