//! The JVM (Kotlin / Java) binding of mpaas-push (UniFFI): typed records in,
//! converted into the core's typed requests (`TryFrom`); the core's typed
//! results out (`From`); one sealed `MpaasPushException`. Conversion only:
//! every rule, option check and page decision lives in the core crate.

#![allow(clippy::result_large_err)] // UniFFI lowers `MpaasPushError` by value.

pub mod client;
pub mod companion;
pub mod errors;
pub mod model;
mod panics;
pub mod text;

use errors::MpaasPushError;

uniffi::setup_scaffolding!();

/// The library version (the core's).
#[uniffi::export]
pub fn version() -> String {
    mpaas_push::VERSION.to_owned()
}

/// Where [`debug_arm_core_panic`] arms a panic: before validation (caller's
/// thread), before sending or reading the response (a runtime worker); `Off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
#[allow(missing_docs)]
pub enum PanicPoint {
    Validate,
    Send,
    Parse,
    Off,
}

/// Test hook: panics inside Rust (`test-hooks` build only, else `Internal`).
#[uniffi::export]
pub fn debug_panic() -> Result<(), MpaasPushError> {
    panics::catch(|| {
        #[cfg(feature = "test-hooks")]
        panic!("debug_panic called");
        #[cfg(not(feature = "test-hooks"))]
        Err(mpaas_push::Error::internal(
            "debugPanic() needs the test-hooks build",
        ))
    })
    .map_err(MpaasPushError::from)
}

/// Test hook: arms one panic inside the core at `point` (`test-hooks` build).
#[uniffi::export]
pub fn debug_arm_core_panic(point: PanicPoint) -> Result<(), MpaasPushError> {
    #[cfg(feature = "test-hooks")]
    {
        use mpaas_push::test_hooks::{PanicPoint as P, disarm, panic_next};
        match point {
            PanicPoint::Validate => panic_next(P::Validate),
            PanicPoint::Send => panic_next(P::Send),
            PanicPoint::Parse => panic_next(P::Parse),
            PanicPoint::Off => disarm(),
        }
        Ok(())
    }
    #[cfg(not(feature = "test-hooks"))]
    Err(mpaas_push::Error::internal(format!(
        "debugArmCorePanic({point:?}) needs the test-hooks build"
    ))
    .into())
}
