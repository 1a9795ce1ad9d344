//! The Python binding of mpaas-push (`mpaas_push._native`): conversion and
//! error mapping only — every rule lives in the core crate. The public,
//! documented Python API is the package `mpaas_push`, which re-exports the
//! classes defined here and wraps `NativeClient` in `Client`.

mod aio;
mod client;
mod convert;
mod errors;
mod logging;
mod panics;
mod results;
mod schedule;

use pyo3::prelude::*;

/// A fresh unique Msgkey (UUID v4 text), for callers that ask for one.
#[pyfunction]
fn generate_msgkey() -> String {
    mpaas_push::generate_msgkey()
}

/// Test builds only: panics inside Rust to prove the panic surfaces as
/// `MpaasPushError`.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _debug_panic() -> PyResult<()> {
    panics::guard(|| -> PyResult<()> { panic!("deliberate test panic") })
}

/// Test builds only: arms ONE panic inside the core for the next call that
/// reaches `point` (`validate`, `send` or `parse`).
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _arm_core_panic(point: &str) -> PyResult<()> {
    let p = mpaas_push::test_hooks::PanicPoint::parse(point).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("unknown panic point {point:?}"))
    })?;
    mpaas_push::test_hooks::panic_next(p);
    Ok(())
}

/// Test builds only: disarms a panic armed and not fired yet.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _disarm_core_panic() {
    mpaas_push::test_hooks::disarm();
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Rust log records (the core's tracing events) go to Python's `logging`
    // under `mpaas_push.*`; silent unless the application configures logging.
    logging::init(m.py());
    m.add("__version__", mpaas_push::VERSION)?;
    m.add_function(wrap_pyfunction!(generate_msgkey, m)?)?;
    // Set as plain attributes: test hooks, kept out of `__all__`.
    #[cfg(feature = "test-hooks")]
    for f in [
        wrap_pyfunction!(_debug_panic, m)?,
        wrap_pyfunction!(_arm_core_panic, m)?,
        wrap_pyfunction!(_disarm_core_panic, m)?,
    ] {
        m.setattr(
            f.getattr("__name__")?
                .cast_into::<pyo3::types::PyString>()?,
            f,
        )?;
    }
    m.add_class::<client::NativeClient>()?;
    m.add_class::<client::Pager>()?;
    m.add_class::<schedule::Schedule>()?;
    m.add_class::<aio::LoopBridge>()?;
    m.add_class::<aio::CallHandle>()?;
    results::register(m)?;
    errors::register(m)
}
