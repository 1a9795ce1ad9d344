//! The one conversion from `mpaas_push::Error` to a JavaScript `Error`, and
//! the guards that run every entry point (a Rust panic becomes the core's
//! `internal` error, never an abort).
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
//! | `field`, `rule`, `value` | the broken request rule or option |
//! | `clockOffset` | server minus local clock in seconds (`clock_skew`) |
//! | `timeoutKind` | `connect`, `read` or `total` (`timeout`) |
//!
//! No property ever holds a secret: the core redacts them first.

use std::future::Future;

use mpaas_push::panic::{CatchUnwind, catch};
use mpaas_push::{Error, ErrorKind};
use napi::bindgen_prelude::{Env, JsObjectValue, Object, PromiseRaw, ToNapiValue};
use napi::{JsValue, Status};

/// A `config` error without an option (a closed client, a test build hook).
pub(crate) fn config(message: impl Into<String>) -> Error {
    ErrorKind::Config {
        message: message.into(),
        option: None,
    }
    .into()
}

fn decorate(obj: &mut Object<'_>, e: &Error) -> napi::Result<()> {
    let svc = e.service();
    let d = e.details();
    obj.set_named_property("code", e.code().as_str())?;
    obj.set_named_property("requestId", e.request_id())?;
    obj.set_named_property("httpStatus", e.http_status().map(u32::from))?;
    obj.set_named_property("serviceCode", e.service_code())?;
    obj.set_named_property("retryable", e.retryable())?;
    obj.set_named_property("maybeSent", e.maybe_sent())?;
    obj.set_named_property("attempts", e.attempts())?;
    obj.set_named_property("field", d.map(|x| x.field()))?;
    obj.set_named_property("rule", d.map(|x| x.rule().as_str()))?;
    obj.set_named_property("value", d.and_then(|x| x.value()))?;
    obj.set_named_property("recommend", svc.and_then(|s| s.recommend.as_deref()))?;
    obj.set_named_property("clockOffset", e.clock_offset())?;
    obj.set_named_property("timeoutKind", e.timeout_kind().map(|k| k.as_str()))?;
    obj.set_named_property("bodyExcerpt", svc.map(|s| s.body_excerpt.as_str()))?;
    Ok(())
}

/// The JavaScript `Error` napi throws or rejects with. Must run on the
/// JavaScript thread.
fn to_js(env: &Env, e: &Error) -> napi::Error {
    let message = e.to_string();
    env.create_error(napi::Error::new(Status::GenericFailure, message.clone()))
        .and_then(|mut obj| {
            decorate(&mut obj, e)?;
            Ok(napi::Error::from(obj.to_unknown()))
        })
        // The environment is shutting down: a plain error is all that is left.
        .unwrap_or_else(|_| {
            napi::Error::new(Status::GenericFailure, format!("{}: {message}", e.code()))
        })
}

/// Runs `f` on the JavaScript thread; an error or a panic is thrown.
pub(crate) fn guard<T>(env: &Env, f: impl FnOnce() -> Result<T, Error>) -> napi::Result<T> {
    catch(f, |e| e).map_err(|e| to_js(env, &e))
}

/// Runs `fut` on the engine's runtime; `done` turns its output into the
/// value the Promise resolves to, on the JavaScript thread. Errors and
/// panics (in either) reject it.
pub(crate) fn spawn<'env, T, V>(
    env: &'env Env,
    fut: impl Future<Output = Result<T, Error>> + Send + 'static,
    done: impl FnOnce(&'env Env, T) -> Result<V, Error> + 'static,
) -> napi::Result<PromiseRaw<'env, V>>
where
    T: Send + 'static,
    V: ToNapiValue,
{
    let fut = CatchUnwind::new(fut);
    env.spawn_future_with_callback(async move { Ok(fut.await) }, move |env, out| {
        guard(env, || done(env, out?))
    })
}
