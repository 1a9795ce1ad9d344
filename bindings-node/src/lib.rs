//! The Node.js binding of mpaas-push (napi-rs 3): conversion and error
//! mapping only — every rule lives in the core crate.
//!
//! * [`client::Client`] is the JavaScript `Client` class: options and
//!   requests are converted to the core's neutral JSON ([`convert`]) and read
//!   by the core; calls return Promises settled from the core's tokio
//!   runtime, so network I/O never blocks the event loop.
//! * The list actions are async iterators over the core's `AnyPager`
//!   ([`pager`]).
//! * Every failure is a JavaScript `Error` carrying the core's stable `code`
//!   and details, and a Rust panic becomes code `internal` ([`errors`]).
//! * The TypeScript shapes of requests, options and results are written in
//!   `header.d.ts`, which napi puts at the top of the generated `index.d.ts`.
//!
//! One tokio runtime per process: [`init`] builds it with the core's builder,
//! registers its handle with the core and hands it to napi, so napi's
//! Promises and the core's requests run on the same threads.

pub mod client;
mod convert;
mod errors;
pub mod pager;

use napi::bindgen_prelude::{JsObjectValue, Unknown};
use napi::{JsValue, ValueType};
use napi_derive::napi;

/// Builds the process's one runtime (core's builder), registers its handle
/// with the core and gives it to napi before napi starts a pool of its own.
/// If the OS refuses threads here, napi and the core each fall back to
/// starting their own runtime on first use.
#[napi_derive::module_init]
fn init() {
    if let Ok(rt) = mpaas_push::runtime::runtime_builder().build() {
        // `false` only if the core already started a runtime of its own,
        // which cannot happen before the addon is loaded.
        let _adopted = mpaas_push::runtime::adopt_handle(rt.handle().clone());
        napi::bindgen_prelude::create_custom_tokio_runtime(rt);
    }
}

/// The version of the native engine (the crate version).
#[napi]
pub fn version() -> &'static str {
    mpaas_push::VERSION
}

/// A fresh unique Msgkey (UUID v4 text), for callers that want the SDK to
/// make one up. Never used implicitly: `msgkey` stays a required field.
#[napi]
pub fn generate_msgkey() -> String {
    mpaas_push::generate_msgkey()
}

/// Every stable error code, in the order of the spec (the values of
/// `error.code`).
#[napi(ts_return_type = "Array<MpaasPushError['code']>")]
pub fn error_codes() -> Vec<&'static str> {
    mpaas_push::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect()
}

/// Whether `value` is an error raised by this package (an `Error` whose
/// `code` is one of `errorCodes()`).
#[napi(ts_return_type = "value is MpaasPushError")]
pub fn is_mpaas_push_error(value: Unknown<'_>) -> napi::Result<bool> {
    if value.get_type()? != ValueType::Object || !value.is_error()? {
        return Ok(false);
    }
    let code: Unknown<'_> = value.coerce_to_object()?.get_named_property("code")?;
    if code.get_type()? != ValueType::String {
        return Ok(false);
    }
    let code = code.coerce_to_string()?.into_utf8()?.into_owned()?;
    Ok(mpaas_push::ErrorCode::ALL
        .iter()
        .any(|c| c.as_str() == code))
}

/// Test hooks, only in the test build (`--features test-hooks`, which
/// enables the core's `test-hooks`); the published package has none.
#[cfg(feature = "test-hooks")]
pub mod test_hooks {
    use mpaas_push::test_hooks::{PanicPoint, disarm, panic_next};
    use napi::bindgen_prelude::{Env, PromiseRaw, Unknown};
    use napi_derive::napi;

    use crate::errors::{config, guard, spawn};

    /// Panics inside the binding: the call throws code `internal`.
    #[napi(js_name = "_debugPanic", skip_typescript)]
    pub fn debug_panic(env: &Env) -> napi::Result<()> {
        guard(env, || panic!("deliberate test panic"))
    }

    /// Panics inside a future on the runtime: the Promise rejects with
    /// code `internal`.
    #[napi(js_name = "_debugPanicAsync", skip_typescript)]
    pub fn debug_panic_async(env: &Env) -> napi::Result<PromiseRaw<'_, ()>> {
        let call = async {
            tokio::task::yield_now().await;
            panic!("deliberate test panic in a future")
        };
        spawn(env, call, |_, ()| Ok(()))
    }

    /// Arms ONE panic inside the core for the next call that reaches
    /// `point` (`'validate'`, `'send'` or `'parse'`); `'none'` disarms.
    #[napi(js_name = "_armCorePanic", skip_typescript)]
    pub fn arm_core_panic(env: &Env, point: Unknown<'_>) -> napi::Result<()> {
        guard(env, || {
            let point = crate::convert::to_json(&point, "point")?;
            match point.as_str() {
                Some("none") => disarm(),
                Some(p) => panic_next(PanicPoint::parse(p).ok_or_else(|| {
                    config(format!(
                        "unknown panic point {p:?}: use 'validate', 'send', 'parse' or 'none'"
                    ))
                })?),
                None => return Err(config("the panic point must be a string")),
            }
            Ok(())
        })
    }
}
