//! The one mapping from `mpaas_push::Error` to a JavaScript `Error`.
//!
//! Every error of this package is a plain `Error` instance (so `instanceof
//! Error`, stack traces and `err.message` work as everywhere in Node) with
//! these own properties, `null` when unknown:
//!
//! | property | from the core |
//! |---|---|
//! | `code` | `error.code()`: `validation`, `config`, …, `internal` |
//! | `requestId`, `httpStatus`, `serviceCode`, `recommend`, `bodyExcerpt` | the response, when there was one |
//! | `retryable`, `maybeSent`, `attempts` | what the retry loop knows |
//! | `field`, `rule`, `value` | the failed request rule |
//! | `clockOffset` | server minus local clock in seconds (`clock_skew`) |
//! | `timeoutKind` | `connect`, `read` or `total` (`timeout`) |
//!
//! No property ever holds a secret: the core redacts network texts first.

use mpaas_push::{Error, ErrorKind};
use napi::bindgen_prelude::{Env, JsObjectValue, Object};
use napi::{JsValue, Status};

/// A `config` error (bad options, closed client, …).
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

/// Sets every documented property on `obj`.
fn decorate(obj: &mut Object<'_>, e: &Error) -> napi::Result<()> {
    let svc = e.service();
    let v = e.validation();
    obj.set_named_property("code", e.code().as_str())?;
    obj.set_named_property("requestId", e.request_id())?;
    obj.set_named_property("httpStatus", e.http_status().map(u32::from))?;
    obj.set_named_property("serviceCode", e.service_code())?;
    obj.set_named_property("retryable", e.retryable())?;
    obj.set_named_property("maybeSent", e.maybe_sent())?;
    obj.set_named_property("attempts", e.attempts())?;
    obj.set_named_property("field", v.map(|x| x.field()))?;
    obj.set_named_property("rule", v.map(|x| x.rule()))?;
    obj.set_named_property("value", v.and_then(|x| x.value()))?;
    obj.set_named_property("recommend", svc.and_then(|s| s.recommend.as_deref()))?;
    obj.set_named_property("clockOffset", e.clock_offset())?;
    obj.set_named_property("timeoutKind", e.timeout_kind().map(|k| k.as_str()))?;
    obj.set_named_property("bodyExcerpt", svc.map(|s| s.body_excerpt.as_str()))?;
    Ok(())
}

/// Converts a core error into the JavaScript `Error` that napi throws (sync
/// calls) or rejects the Promise with (async calls). Must run on the
/// JavaScript thread.
pub(crate) fn to_js(env: &Env, e: &Error) -> napi::Error {
    let message = e.to_string();
    let built = env
        .create_error(napi::Error::new(Status::GenericFailure, message.clone()))
        .and_then(|mut obj| {
            decorate(&mut obj, e)?;
            Ok(napi::Error::from(obj.to_unknown()))
        });
    match built {
        Ok(err) => err,
        // The environment could not build the object (it is shutting down):
        // a plain error with the code as its status is the best left.
        Err(_) => napi::Error::new(Status::GenericFailure, format!("{}: {message}", e.code())),
    }
}
