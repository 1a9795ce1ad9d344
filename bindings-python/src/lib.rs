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

/// The exception for a Python value the binding cannot hand to the engine;
/// `mpaas_push._text` (the one place that checks) raises it. `rule` is
/// `utf8` (a lone UTF-16 surrogate: no UTF-8 form) or `max_depth` (nested
/// too deeply to convert to JSON); `kind` is `validation` (a
/// `ValidationError` naming `field` and `rule`), `config` or `credentials`
/// (a `ConfigError` / `CredentialsError` whose message names `field`; no
/// value is shown, it may be a secret).
#[pyfunction]
#[pyo3(signature = (kind, field, rule, value=None))]
fn input_error(
    py: Python<'_>,
    kind: &str,
    field: &str,
    rule: &str,
    value: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let (rule, message): (&'static str, &str) = match rule {
        "utf8" => (
            "utf8",
            "contains a lone UTF-16 surrogate (such as \\ud800), which has no UTF-8 form",
        ),
        "max_depth" => ("max_depth", "nests too deeply to be converted to JSON"),
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown input rule {other:?}"
            )));
        }
    };
    let error: mpaas_push::Error = match kind {
        "validation" => {
            let mut v = mpaas_push::ValidationError::new(field, rule, message);
            if let Some(value) = value {
                v = v.with_value(value);
            }
            v.into()
        }
        "config" => mpaas_push::ErrorKind::Config {
            message: format!("{field} {message}"),
        }
        .into(),
        "credentials" => mpaas_push::ErrorKind::Credentials {
            message: format!("{field} {message}"),
        }
        .into(),
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown error kind {other:?}"
            )));
        }
    };
    Ok(errors::to_py(error).into_value(py).into_any())
}

/// Panics inside Rust on purpose (test builds only) to prove the panic
/// surfaces as `MpaasPushError`.
#[cfg(feature = "panic-hook")]
#[pyfunction]
fn _debug_panic() -> PyResult<()> {
    panics::guard(|| -> PyResult<()> { panic!("deliberate test panic") })
}

/// Arms ONE panic inside the core (test builds only) for the next call that
/// reaches `point`: `validate` (the caller's thread, before validation),
/// `send` or `parse` (a runtime worker, before sending / while reading the
/// response). Any client, any thread.
#[cfg(feature = "panic-hook")]
#[pyfunction]
fn _arm_core_panic(point: &str) -> PyResult<()> {
    let p = mpaas_push::test_hooks::PanicPoint::parse(point).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "unknown panic point {point:?} (validate, send or parse)"
        ))
    })?;
    mpaas_push::test_hooks::panic_next(p);
    Ok(())
}

/// Disarms a panic armed by `_arm_core_panic` and not fired yet.
#[cfg(feature = "panic-hook")]
#[pyfunction]
fn _disarm_core_panic() {
    mpaas_push::test_hooks::disarm();
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
    m.add_function(wrap_pyfunction!(input_error, m)?)?;
    // Set as plain attributes: test hooks, kept out of `__all__`.
    #[cfg(feature = "panic-hook")]
    {
        m.setattr("_debug_panic", wrap_pyfunction!(_debug_panic, m)?)?;
        m.setattr("_arm_core_panic", wrap_pyfunction!(_arm_core_panic, m)?)?;
        m.setattr(
            "_disarm_core_panic",
            wrap_pyfunction!(_disarm_core_panic, m)?,
        )?;
    }
    m.add_class::<client::NativeClient>()?;
    m.add_class::<aio::LoopBridge>()?;
    m.add_class::<aio::CallHandle>()?;
    errors::register(m)?;
    Ok(())
}
