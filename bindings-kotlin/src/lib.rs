//! The JVM (Kotlin / Java) binding of mpaas-push, generated with UniFFI:
//! typed records and enums in, the core's neutral JSON reader behind them,
//! typed results and one sealed `MpaasPushException` out. Conversion and
//! error mapping only: every rule lives in the core crate.
//!
//! Kotlin sees (package `io.github.mpaaspush`):
//! * `Client(ClientConfig(...))`, `Client.fromEnv(...)`, `suspend fun
//!   pushBroadcast(req)`, `pushBroadcastBlocking(req)`, `prepareBroadcast(req,
//!   nonce, timestamp)`, `close()` (AutoCloseable; calls in flight finish);
//! * the `BroadcastRequest` record with `Schedule` and the request enums;
//! * the companion actions (issue 7): `querySchedulers`, `cancelSchedulers`,
//!   `revokeTask`, `revokeMessage`, `taskDetail`, `taskList`, each with a
//!   `…Blocking` twin and a `prepare…` dry run, their request and result
//!   records, `PushKind` and `UniqueIdKind`; `sendJson` / `prepareJson` for
//!   any action as neutral JSON text; page iteration in `Paging.kt`;
//! * `MpaasPushException` with one subclass per error family;
//! * every caller string crosses as `JvmString` (a `String` to Kotlin and
//!   Java): a lone UTF-16 surrogate becomes a validation error with rule
//!   `utf8` naming the field, not UniFFI's bare encoder exception.

// `MpaasPushError` is the FFI error type: UniFFI lowers it by value into a
// buffer once per failure, so it cannot be boxed and its size does not matter.
#![allow(clippy::result_large_err)]

mod client;
mod errors;
mod manage;
mod model;
mod panics;
mod text;

pub use client::{BroadcastResult, Client, ClientConfig, Header, PreparedRequest};
pub use errors::MpaasPushError;
pub use manage::requests::{
    CancelSchedulerRequest, PushKind, RevokeMessageRequest, RevokeTaskRequest, SchedulerListQuery,
    TaskDetailQuery, TaskListQuery, UniqueIdKind,
};
pub use manage::results::{
    CancelResult, RevokeResult, ScheduledTask, SchedulerPage, TaskDetail, TaskListPage, TaskReport,
};
pub use model::{
    AndroidChannel, BroadcastRequest, Classification, DeliveryType, NotifyType, Period, PushAction,
    PushStatus, Schedule, Urgency,
};
pub use text::JvmString;

uniffi::setup_scaffolding!();

/// The library version (the core's).
#[uniffi::export]
pub fn version() -> String {
    mpaas_push::VERSION.to_owned()
}

/// Test hook: panics inside Rust when the crate was built with the
/// `panic-hook` feature (the test build of scripts/kotlin.sh), so the suite
/// can prove a panic becomes `MpaasPushException.Internal` and the JVM lives
/// on. In a normal build it throws `MpaasPushException.Config`.
#[uniffi::export]
pub fn debug_panic() -> Result<(), MpaasPushError> {
    panics::catch(|| {
        if cfg!(feature = "panic-hook") {
            panic!("debug_panic called");
        }
        Err(errors::config(
            "debugPanic() needs a build with the panic-hook feature",
        ))
    })
    .map_err(MpaasPushError::from)
}

/// Test hook: arms ONE panic inside the core for the next call (any
/// client, any thread) that reaches `point`: `validate` (the caller's
/// thread, before validation), `send` (a runtime worker, before sending) or
/// `parse` (a runtime worker, reading the response); `off` disarms. That
/// call then throws `MpaasPushException.Internal` and the client keeps
/// working. Needs the `panic-hook` feature (the test build of
/// scripts/kotlin.sh, which enables the core's `test-hooks`); otherwise it
/// throws `MpaasPushException.Config`.
#[uniffi::export]
pub fn debug_arm_core_panic(point: String) -> Result<(), MpaasPushError> {
    arm(&point).map_err(MpaasPushError::from)
}

#[cfg(feature = "panic-hook")]
fn arm(point: &str) -> Result<(), mpaas_push::Error> {
    use mpaas_push::test_hooks::{PanicPoint, disarm, panic_next};
    match (point, PanicPoint::parse(point)) {
        ("off", _) => disarm(),
        (_, Some(p)) => panic_next(p),
        (_, None) => {
            return Err(errors::config(format!(
                "unknown panic point {point:?}: expected validate, send, parse or off"
            )));
        }
    }
    Ok(())
}

#[cfg(not(feature = "panic-hook"))]
fn arm(_point: &str) -> Result<(), mpaas_push::Error> {
    Err(errors::config(
        "debugArmCorePanic() needs a build with the panic-hook feature",
    ))
}
