//! The one mapping from `mpaas_push::Error` to the JVM's sealed
//! `MpaasPushException`: one subclass per error family (spec §4), each with
//! the same flat properties (`null` when unknown). `code` is the stable
//! string of the core (`validation`, `connect`, `signature_mismatch`, …);
//! `detail` is the human message. No property ever holds a secret.

use mpaas_push::{Error, ErrorCode, ErrorKind};

/// Defines the error enum: every variant carries the same fields.
macro_rules! families {
    ($( $(#[$doc:meta])* $variant:ident ),+ $(,)?) => {
        /// Every failure of mpaas-push. Kotlin: `sealed class
        /// MpaasPushException` with one subclass per family.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        #[non_exhaustive]
        pub enum MpaasPushError {
            $(
                $(#[$doc])*
                #[error("{detail}")]
                $variant {
                    /// Stable machine code (`validation`, `config`, …, `internal`).
                    code: String,
                    /// Human message (the core's text).
                    detail: String,
                    /// `RequestId` of the response, when there was one.
                    request_id: Option<String>,
                    /// HTTP status of the response, when there was one.
                    http_status: Option<u16>,
                    /// The gateway `Code` or MPS `ResultCode`, when there was one.
                    service_code: Option<String>,
                    /// Whether the default retry policy retries this failure.
                    retryable: bool,
                    /// Whether the request may have reached the service.
                    maybe_sent: bool,
                    /// Attempts made (0 when nothing was sent).
                    attempts: u32,
                    /// Validation: the field path, e.g. `strategyContent.endTime`.
                    field: Option<String>,
                    /// Validation: the rule id, e.g. `required`.
                    rule: Option<String>,
                    /// Validation: the offending value as text.
                    value: Option<String>,
                    /// The gateway's `Recommend` troubleshooting URL.
                    recommend: Option<String>,
                    /// Clock skew: server minus local clock in seconds.
                    clock_offset_seconds: Option<i64>,
                    /// Timeout: `connect`, `read` or `total`.
                    timeout_kind: Option<String>,
                },
            )+
        }

        impl MpaasPushError {
            fn build(family: Family, e: &Error) -> Self {
                let svc = e.service();
                let v = e.validation();
                let code = e.code().as_str().to_owned();
                let detail = e.to_string();
                let request_id = e.request_id().map(str::to_owned);
                let http_status = e.http_status();
                let service_code = e.service_code().map(str::to_owned);
                let retryable = e.retryable();
                let maybe_sent = e.maybe_sent();
                let attempts = e.attempts();
                let field = v.map(|x| x.field().to_owned());
                let rule = v.map(|x| x.rule().to_owned());
                let value = v.and_then(|x| x.value()).map(str::to_owned);
                let recommend = svc.and_then(|s| s.recommend.clone());
                let clock_offset_seconds = e.clock_offset();
                let timeout_kind = e.timeout_kind().map(|k| k.as_str().to_owned());
                match family {
                    $(Family::$variant => Self::$variant {
                        code, detail, request_id, http_status, service_code, retryable,
                        maybe_sent, attempts, field, rule, value, recommend,
                        clock_offset_seconds, timeout_kind,
                    },)+
                }
            }
        }

        #[derive(Clone, Copy)]
        enum Family { $($variant),+ }
    };
}

families! {
    /// A request rule failed (`field`, `rule`, `value`); nothing was sent.
    Validation,
    /// Bad client configuration; nothing was sent.
    Config,
    /// No usable credentials; nothing was sent.
    Credentials,
    /// Connect failure (not sent), timeout or broken connection (maybe sent).
    Transport,
    /// The gateway answered with an error (`signature_mismatch`, `auth`,
    /// `service`, `invalid_response`).
    Service,
    /// `Throttling*` / HTTP 429; not sent, retryable.
    Throttled,
    /// `InvalidTimeStamp.*`: the local clock is off (`clockOffsetSeconds`).
    ClockSkew,
    /// HTTP 2xx, but the service reports the push as failed.
    PushFailed,
    /// A bug in mpaas-push, including a caught Rust panic.
    Internal,
}

impl From<Error> for MpaasPushError {
    fn from(e: Error) -> Self {
        let family = match e.code() {
            ErrorCode::Validation => Family::Validation,
            ErrorCode::Config => Family::Config,
            ErrorCode::Credentials => Family::Credentials,
            ErrorCode::Connect | ErrorCode::Timeout | ErrorCode::ConnectionLost => {
                Family::Transport
            }
            ErrorCode::Throttled => Family::Throttled,
            ErrorCode::ClockSkew => Family::ClockSkew,
            ErrorCode::PushFailed => Family::PushFailed,
            ErrorCode::SignatureMismatch
            | ErrorCode::Auth
            | ErrorCode::Service
            | ErrorCode::InvalidResponse => Family::Service,
            _ => Family::Internal,
        };
        Self::build(family, &e)
    }
}

/// UniFFI's own failures (e.g. a value it could not lift) become `Internal`.
impl From<uniffi::UnexpectedUniFFICallbackError> for MpaasPushError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Error::internal(e.reason).into()
    }
}

/// A `config` error (bad options, …).
pub(crate) fn config(message: impl Into<String>) -> Error {
    Error::from(ErrorKind::Config {
        message: message.into(),
    })
}

/// A `credentials` error.
pub(crate) fn credentials(message: impl Into<String>) -> Error {
    Error::from(ErrorKind::Credentials {
        message: message.into(),
    })
}
