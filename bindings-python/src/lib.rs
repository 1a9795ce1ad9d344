//! The Python binding of mpaas-push (`mpaas_push._native`): conversion and
//! error mapping only — every rule lives in the core crate. The public,
//! documented Python API is the pure-Python package `mpaas_push` that wraps
//! this module.

mod aio;
mod client;
mod errors;
mod logging;
mod panics;

use pyo3::prelude::*;

/// Epoch milliseconds of 00:00 China time (UTC+8) of `YYYY-MM-DD`, the form
/// recurring schedules use on the wire.
#[pyfunction]
fn china_midnight_ms(day: &str) -> PyResult<i64> {
    panics::guard(|| {
        let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
            errors::to_py(
                mpaas_push::ValidationError::new(
                    "date",
                    "date_format",
                    "must be a YYYY-MM-DD date",
                )
                .with_value(day)
                .into(),
            )
        })?;
        Ok(mpaas_push::schedule::china_midnight_ms(d))
    })
}

/// A fresh unique Msgkey (UUID v4 text), for callers that ask for one.
#[pyfunction]
fn generate_msgkey() -> String {
    mpaas_push::generate_msgkey()
}

/// Panics inside Rust on purpose (test builds only) to prove the panic
/// surfaces as `MpaasPushError`.
#[cfg(feature = "panic-hook")]
#[pyfunction]
fn _debug_panic() -> PyResult<()> {
    panics::guard(|| -> PyResult<()> { panic!("deliberate test panic") })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Rust log records (the core's tracing events) go to Python's `logging`
    // under `mpaas_push.*`; silent unless the application configures logging.
    logging::init(m.py());
    // The core's runtime is created lazily on first use (keeps `import`
    // fast); asyncio calls run on it too (see `aio`).
    m.add("__version__", mpaas_push::VERSION)?;
    m.add_function(wrap_pyfunction!(china_midnight_ms, m)?)?;
    m.add_function(wrap_pyfunction!(generate_msgkey, m)?)?;
    // Set as a plain attribute: a test hook, kept out of `__all__`.
    #[cfg(feature = "panic-hook")]
    m.setattr("_debug_panic", wrap_pyfunction!(_debug_panic, m)?)?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<aio::LoopBridge>()?;
    m.add_class::<aio::CallHandle>()?;
    errors::register(m)?;
    Ok(())
}
