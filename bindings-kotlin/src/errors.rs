//! The one mapping from `mpaas_push::Error` to the sealed
//! `MpaasPushException` (one subclass per family, spec §4); never a secret.

use mpaas_push::{Error, ErrorFamily};

macro_rules! families {
    ($( $(#[$doc:meta])* $variant:ident ),+ $(,)?) => {
        /// Every failure of mpaas-push: `sealed class MpaasPushException`, one
        /// subclass per family, each with `code`, `detail`, `requestId`,
        /// `httpStatus`, `serviceCode`, `retryable`, `maybeSent`, `attempts`,
        /// `field` / `rule` / `value` (validation and config errors),
        /// `recommend`, `clockOffsetSeconds` and `timeoutKind` (null when unknown).
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        #[allow(missing_docs)]
        #[non_exhaustive]
        pub enum MpaasPushError {
            $(
                $(#[$doc])*
                #[error("{detail}")]
                $variant {
                    code: String,
                    detail: String,
                    request_id: Option<String>,
                    http_status: Option<i32>,
                    service_code: Option<String>,
                    retryable: bool,
                    maybe_sent: bool,
                    attempts: i32,
                    field: Option<String>,
                    rule: Option<String>,
                    value: Option<String>,
                    recommend: Option<String>,
                    clock_offset_seconds: Option<i64>,
                    timeout_kind: Option<String>,
                },
            )+
        }

        impl From<Error> for MpaasPushError {
            /// The one conversion of a core error.
            fn from(e: Error) -> Self {
                let v = e.details();
                let code = e.code().as_str().to_owned();
                let detail = e.to_string();
                let request_id = e.request_id().map(str::to_owned);
                let http_status = e.http_status().map(i32::from);
                let service_code = e.service_code().map(str::to_owned);
                let retryable = e.retryable();
                let maybe_sent = e.maybe_sent();
                let attempts = i32::try_from(e.attempts()).unwrap_or(i32::MAX);
                let field = v.map(|x| x.field().to_owned());
                let rule = v.map(|x| x.rule().as_str().to_owned());
                let value = v.and_then(|x| x.value()).map(str::to_owned);
                let recommend = e.service().and_then(|s| s.recommend.clone());
                let clock_offset_seconds = e.clock_offset();
                let timeout_kind = e.timeout_kind().map(|k| k.as_str().to_owned());
                match family(e.code().family()) {
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
    /// Bad client configuration (`field` names the option); nothing was sent.
    Config,
    /// No usable credentials; nothing was sent.
    Credentials,
    /// Connect failure (not sent), timeout or broken connection (maybe sent).
    Transport,
    /// The gateway answered with an error (`signature_mismatch`, `auth`, …).
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

fn family(f: ErrorFamily) -> Family {
    match f {
        ErrorFamily::Validation => Family::Validation,
        ErrorFamily::Config => Family::Config,
        ErrorFamily::Credentials => Family::Credentials,
        ErrorFamily::Transport => Family::Transport,
        ErrorFamily::Throttled => Family::Throttled,
        ErrorFamily::ClockSkew => Family::ClockSkew,
        ErrorFamily::PushFailed => Family::PushFailed,
        ErrorFamily::Service => Family::Service,
        _ => Family::Internal,
    }
}
