//! Rust log records (the core's `tracing` events, bridged through the `log`
//! crate) go to Python's `logging` under their module path, e.g.
//! `mpaas_push.client` for the core's "sending" / "attempt failed" events.
//!
//! pyo3-log caches Python loggers but not their levels here: with cached
//! levels, a first event logged before the application configured `logging`
//! (or before a test raised the level) would disable debug records for good.
//! Instead every call into the engine reads the effective level of the
//! `mpaas_push` logger (one cheap Python call, the GIL is held anyway) and
//! sets the Rust-side maximum level from it, so disabled levels still cost
//! nothing on the engine's threads and a reconfiguration applies to the next
//! call.

use log::LevelFilter;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Installs the bridge (once per process) and applies the current level.
pub(crate) fn init(py: Python<'_>) {
    if let Ok(logger) = pyo3_log::Logger::new(py, pyo3_log::Caching::Loggers) {
        // Only the SDK's records (not the TLS verifier's); Err: another won.
        let _ = logger
            .filter(LevelFilter::Off)
            .filter_target("mpaas_push".to_owned(), LevelFilter::Debug)
            .install();
    }
    sync_level(py);
}

/// Python `logging` level number → the most verbose Rust level it lets through.
fn filter_for(level: i64) -> LevelFilter {
    match level {
        i64::MIN..=10 => LevelFilter::Debug,
        11..=20 => LevelFilter::Info,
        21..=30 => LevelFilter::Warn,
        31..=40 => LevelFilter::Error,
        _ => LevelFilter::Off,
    }
}

/// Re-reads the effective level of the `mpaas_push` logger; called at the
/// start of every call that may log.
pub(crate) fn sync_level(py: Python<'_>) {
    let level = LOGGER
        .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(py
                .import("logging")?
                .call_method1("getLogger", ("mpaas_push",))?
                .unbind())
        })
        .and_then(|l| {
            l.bind(py)
                .call_method0("getEffectiveLevel")?
                .extract::<i64>()
        });
    // If `logging` cannot be asked, keep records flowing: pyo3-log still
    // checks `isEnabledFor` on each one.
    log::set_max_level(level.map_or(LevelFilter::Debug, filter_for));
}
