//! The Node.js binding of mpaas-push (napi-rs 3): conversion and error
//! mapping only — every rule lives in the core crate.
//!
//! * [`client::Client`] is the JavaScript `Client` class: `pushBroadcast()`
//!   returns a Promise settled from the core's tokio runtime, so network I/O
//!   never blocks the event loop.
//! * Requests cross the boundary as the neutral camelCase JSON of the spec
//!   ([`convert`]), read by `BroadcastRequest::from_json`, which names the
//!   offending field; only the typed `strategy` sugar is converted here.
//! * Every failure is a JavaScript `Error` carrying the core's stable `code`
//!   and details ([`errors`]); a Rust panic becomes code `internal` and
//!   never aborts the process ([`panics`]).
//! * The companion actions (list / cancel scheduled tasks, revoke, delivery
//!   figures) and `send` / `prepare` for any action go through the same
//!   generic entry ([`companion`], [`manage`]): `AnyRequest::from_json` +
//!   `send_any` / `prepare_any`; the list actions are also async iterators
//!   ([`iterators`]) that follow the core's `nextPage`.
//! * [`types`] and [`companion_types`] hold the documented TypeScript shapes
//!   of `index.d.ts`.
//!
//! One tokio runtime per process: [`init`] builds it with the core's builder,
//! registers its handle with the core and hands it to napi, so napi's
//! Promises and the core's requests run on the same threads.

pub mod client;
mod companion;
pub mod companion_types;
mod convert;
mod errors;
pub mod iterators;
mod manage;
mod panics;
pub mod types;

use napi::bindgen_prelude::{Env, JsObjectValue, PromiseRaw, Unknown};
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

/// Epoch milliseconds of 00:00 China time (UTC+8) of a `YYYY-MM-DD` day: the
/// form of `strategyContent.startTime` / `endTime`. Throws a `validation`
/// error (field `date`) for anything else.
#[napi]
pub fn china_midnight_ms(
    env: &Env,
    #[napi(ts_arg_type = "string")] day: Unknown<'_>,
) -> napi::Result<i64> {
    panics::guard(env, || {
        let day = match day.get_type() {
            Ok(ValueType::String) => convert::js_string(&day, "date")?,
            _ => {
                return Err(mpaas_push::ValidationError::new(
                    "date",
                    "type",
                    "must be a YYYY-MM-DD date string",
                )
                .into());
            }
        };
        convert::parse_day(&day, "date").map(mpaas_push::schedule::china_midnight_ms)
    })
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
    let code = value
        .coerce_to_object()?
        .get_named_property::<Unknown<'_>>("code")?;
    if code.get_type()? != ValueType::String {
        return Ok(false);
    }
    let code = code.coerce_to_string()?.into_utf8()?.into_owned()?;
    Ok(mpaas_push::ErrorCode::ALL
        .iter()
        .any(|c| c.as_str() == code))
}

/// Test hook: panics inside Rust when the package was built with the
/// `panic-hook` feature (the test build), to prove that a panic surfaces as
/// an `Error` with code `internal`; otherwise throws a `config` error.
/// Present in both builds so the typings do not depend on the feature.
#[napi(js_name = "_debugPanic", skip_typescript)]
pub fn debug_panic(env: &Env) -> napi::Result<()> {
    panics::guard(env, || {
        if cfg!(feature = "panic-hook") {
            panic!("deliberate test panic");
        }
        Err(errors::config(
            "_debugPanic is only available in test builds",
        ))
    })
}

/// Test hook: arms ONE panic inside the core for the next call (any
/// client) that reaches `point`: `'validate'` (in `Client::send`, before
/// validation), `'send'` (on a runtime worker, before the request goes out)
/// or `'parse'` (on a runtime worker, reading the response); `'none'`
/// disarms. Needs the `panic-hook` feature (the test build, which enables
/// the core's `test-hooks`); otherwise throws a `config` error. Present in
/// both builds so the typings do not depend on the feature.
#[napi(js_name = "_armCorePanic", skip_typescript)]
pub fn arm_core_panic(env: &Env, point: Unknown<'_>) -> napi::Result<()> {
    panics::guard(env, || {
        let point = convert::js_string(&point, "point")?;
        arm(&point)
    })
}

#[cfg(feature = "panic-hook")]
fn arm(point: &str) -> Result<(), mpaas_push::Error> {
    use mpaas_push::test_hooks::{PanicPoint, disarm, panic_next};
    if point == "none" {
        disarm();
        return Ok(());
    }
    let p = PanicPoint::parse(point).ok_or_else(|| {
        errors::config(format!(
            "unknown panic point {point:?}: use 'validate', 'send', 'parse' or 'none'"
        ))
    })?;
    panic_next(p);
    Ok(())
}

#[cfg(not(feature = "panic-hook"))]
fn arm(_point: &str) -> Result<(), mpaas_push::Error> {
    Err(errors::config(
        "_armCorePanic is only available in test builds",
    ))
}

/// Test hook: the async variant of `_debugPanic`; the returned Promise
/// rejects with code `internal` after a panic inside the future on the
/// runtime (test builds), or with code `config` otherwise.
#[napi(js_name = "_debugPanicAsync", skip_typescript)]
pub fn debug_panic_async(env: &Env) -> napi::Result<PromiseRaw<'_, ()>> {
    let call = async {
        tokio::task::yield_now().await;
        if cfg!(feature = "panic-hook") {
            panic!("deliberate test panic in a future");
        }
        Err::<(), _>(errors::config(
            "_debugPanicAsync is only available in test builds",
        ))
    };
    env.spawn_future_with_callback(panics::CatchUnwind(Box::pin(call)), |env, outcome| {
        panics::guard(env, || outcome)
    })
}
