//! The one conversion from `mpaas_push::Error` to a PHP exception, and the
//! guard every entry point runs under (a Rust panic becomes the core's
//! `internal` error, thrown like any other, never an abort).
//!
//! ```text
//! MpaasPush\Exception\MpaasPushException (\Exception)   internal, and the base of all
//! ├── ValidationException                 validation
//! ├── ConfigException                     config
//! │   └── CredentialsException            credentials
//! ├── TransportException                  connect, tls, proxy, timeout, connection_lost
//! └── ServiceException                    service, signature_mismatch, auth, invalid_response
//!     ├── ThrottledException              throttled
//!     ├── ClockSkewException              clock_skew
//!     └── PushFailedException             push_failed
//! ```
//!
//! Every class has the same accessors (`getErrorCode()`, `getField()`,
//! `getRule()`, `getValue()`, `getRequestId()`, `getHttpStatus()`,
//! `getServiceCode()`, `isRetryable()`, `isMaybeSent()`, `getAttempts()`,
//! `getRecommend()`, `getClockOffset()`, `getTimeoutKind()`,
//! `getBodyExcerpt()`); PHP's own `getCode()` is final and stays `0`. No
//! accessor ever holds a secret: the core redacts them first.

use std::sync::Arc;

use ext_php_rs::class::RegisteredClass;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, ZendObject, Zval};
use ext_php_rs::zend::{ExecutorGlobals, ce};
use mpaas_push::{Error, ErrorFamily, ErrorKind};

/// What the core says about a failure, as the accessors return it.
#[derive(Debug)]
pub(crate) struct Info {
    code: &'static str,
    field: Option<String>,
    rule: Option<&'static str>,
    value: Option<String>,
    request_id: Option<String>,
    http_status: Option<u16>,
    service_code: Option<String>,
    retryable: bool,
    maybe_sent: bool,
    attempts: u32,
    recommend: Option<String>,
    clock_offset: Option<i64>,
    timeout_kind: Option<&'static str>,
    body_excerpt: Option<String>,
}

impl Info {
    fn of(e: &Error) -> Self {
        let svc = e.service();
        let d = e.details();
        Self {
            code: e.code().as_str(),
            field: d.map(|x| x.field().to_owned()),
            rule: d.map(|x| x.rule().as_str()),
            value: d.and_then(|x| x.value()).map(str::to_owned),
            request_id: e.request_id().map(str::to_owned),
            http_status: e.http_status(),
            service_code: e.service_code().map(str::to_owned),
            retryable: e.retryable(),
            maybe_sent: e.maybe_sent(),
            attempts: e.attempts(),
            recommend: svc.and_then(|s| s.recommend.clone()),
            clock_offset: e.clock_offset(),
            timeout_kind: e.timeout_kind().map(|k| k.as_str()),
            body_excerpt: svc.map(|s| s.body_excerpt.clone()),
        }
    }
}

/// Declares the exception classes: each holds the [`Info`] of its error
/// and has the same accessors (ext-php-rs does not share Rust methods
/// between a parent and a child class).
macro_rules! exceptions {
    ($($name:ident($php:literal, $($parent:tt)+): $doc:literal;)*) => {$(
        #[doc = $doc]
        #[php_class]
        #[php(name = $php)]
        #[php(extends($($parent)+))]
        #[derive(Debug, Default)]
        pub struct $name {
            info: Option<Arc<Info>>,
        }

        #[php_impl]
        impl $name {
            /// The stable error code (`validation`, `config`, …, `internal`).
            pub fn get_error_code(&self) -> &'static str {
                self.info.as_ref().map_or("internal", |i| i.code)
            }
            /// The request field or option at fault (validation, config).
            pub fn get_field(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.field.clone())
            }
            /// The rule the field broke (`required`, `one_of`, …).
            pub fn get_rule(&self) -> Option<&'static str> {
                self.info.as_ref().and_then(|i| i.rule)
            }
            /// The offending value, when it may be shown (never a secret).
            pub fn get_value(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.value.clone())
            }
            /// The gateway's request id, when there was a response.
            pub fn get_request_id(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.request_id.clone())
            }
            /// The HTTP status, when there was a response.
            pub fn get_http_status(&self) -> Option<u16> {
                self.info.as_ref().and_then(|i| i.http_status)
            }
            /// The gateway's or the service's error code (`Throttling.User`, …).
            pub fn get_service_code(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.service_code.clone())
            }
            /// Whether trying again later may succeed.
            pub fn is_retryable(&self) -> bool {
                self.info.as_ref().is_some_and(|i| i.retryable)
            }
            /// Whether the request may have reached the service (a broadcast
            /// may have gone out).
            pub fn is_maybe_sent(&self) -> bool {
                self.info.as_ref().is_some_and(|i| i.maybe_sent)
            }
            /// Attempts made (0 when nothing was sent).
            pub fn get_attempts(&self) -> u32 {
                self.info.as_ref().map_or(0, |i| i.attempts)
            }
            /// The gateway's troubleshooting link, when given.
            pub fn get_recommend(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.recommend.clone())
            }
            /// Server minus local clock in seconds (`clock_skew`).
            pub fn get_clock_offset(&self) -> Option<i64> {
                self.info.as_ref().and_then(|i| i.clock_offset)
            }
            /// `connect`, `read` or `total` (`timeout`).
            pub fn get_timeout_kind(&self) -> Option<&'static str> {
                self.info.as_ref().and_then(|i| i.timeout_kind)
            }
            /// The start of the response body (service errors).
            pub fn get_body_excerpt(&self) -> Option<String> {
                self.info.as_ref().and_then(|i| i.body_excerpt.clone())
            }
        }
    )*
        /// Registers the classes, parents first.
        pub(crate) fn register(module: ModuleBuilder) -> ModuleBuilder {
            module$(.class::<$name>())*
        }
    };
}

exceptions! {
    MpaasPushException("MpaasPush\\Exception\\MpaasPushException", ce = ce::exception, stub = "\\Exception"):
        "Base of every mpaas-push exception (code `internal` when thrown itself).";
    ValidationException("MpaasPush\\Exception\\ValidationException", MpaasPushException):
        "A request rule failed; nothing was sent.";
    ConfigException("MpaasPush\\Exception\\ConfigException", MpaasPushException):
        "Bad client configuration; nothing was sent.";
    CredentialsException("MpaasPush\\Exception\\CredentialsException", ConfigException):
        "No usable credentials; nothing was sent.";
    TransportException("MpaasPush\\Exception\\TransportException", MpaasPushException):
        "Network failure: connect, TLS, proxy, timeout or lost connection.";
    ServiceException("MpaasPush\\Exception\\ServiceException", MpaasPushException):
        "The gateway or the service answered with an error.";
    ThrottledException("MpaasPush\\Exception\\ThrottledException", ServiceException):
        "Throttled by the gateway (Throttling*, HTTP 429).";
    ClockSkewException("MpaasPush\\Exception\\ClockSkewException", ServiceException):
        "The gateway rejected the timestamp: the local clock is off.";
    PushFailedException("MpaasPush\\Exception\\PushFailedException", ServiceException):
        "HTTP 2xx but the service did not accept the push.";
}

/// Sets `Exception`'s protected and private properties (message, file,
/// line, trace) as PHP's own constructor would, in `Exception`'s scope.
fn fill(obj: &mut ZendObject, message: &str) {
    let site = ext_php_rs::types::ZendCallable::try_from_name("debug_backtrace")
        .and_then(|f| f.try_call(vec![&2_i64])) // DEBUG_BACKTRACE_IGNORE_ARGS
        .ok();
    let prev = ExecutorGlobals::get().fake_scope;
    ExecutorGlobals::get_mut().fake_scope = std::ptr::from_ref(ce::exception()).cast_mut();
    let _ = obj.set_property("message", message);
    if let Some(frames) = site.as_ref().and_then(Zval::array) {
        if let Some(first) = frames.get_index(0).and_then(Zval::array) {
            if let Some(file) = first.get("file").and_then(Zval::str) {
                let _ = obj.set_property("file", file);
            }
            if let Some(line) = first.get("line").and_then(Zval::long) {
                let _ = obj.set_property("line", line);
            }
        }
        let _ = obj.set_property("trace", site.as_ref().map(Zval::shallow_clone));
    }
    ExecutorGlobals::get_mut().fake_scope = prev;
}

fn throwable<T: RegisteredClass>(
    make: impl FnOnce(Option<Arc<Info>>) -> T,
    e: &Error,
) -> PhpException {
    let message = e.to_string();
    let mut obj = ZendClassObject::new(make(Some(Arc::new(Info::of(e)))));
    fill(&mut obj.std, &message);
    let zv = ext_php_rs::convert::IntoZval::into_zval(obj, false);
    match zv {
        Ok(zv) => PhpException::from_class::<T>(message).with_object(zv),
        Err(_) => PhpException::from_class::<T>(message),
    }
}

/// Converts a core error into the matching exception.
pub(crate) fn to_php(e: &Error) -> PhpException {
    macro_rules! of {
        ($t:ident) => {
            throwable(|info| $t { info }, e)
        };
    }
    match e.code().family() {
        ErrorFamily::Validation => of!(ValidationException),
        ErrorFamily::Config => of!(ConfigException),
        ErrorFamily::Credentials => of!(CredentialsException),
        ErrorFamily::Transport => of!(TransportException),
        ErrorFamily::Throttled => of!(ThrottledException),
        ErrorFamily::ClockSkew => of!(ClockSkewException),
        ErrorFamily::PushFailed => of!(PushFailedException),
        ErrorFamily::Service => of!(ServiceException),
        _ => of!(MpaasPushException),
    }
}

/// A `config` error without an option (a closed client, a test hook).
pub(crate) fn config(message: impl Into<String>) -> Error {
    ErrorKind::Config {
        message: message.into(),
        option: None,
    }
    .into()
}

/// Runs `f`; an error or a panic (the core's `internal`) is thrown.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> PhpResult<T> {
    mpaas_push::panic::catch(f, |e| e).map_err(|e| to_php(&e))
}
