//! Rust panics never cross into Python as `PanicException` (a
//! `BaseException` that `except Exception` misses), kill the interpreter or
//! print to the terminal: every entry point runs under [`guard`] (the core's
//! `panic::catch`), asyncio calls under the core's `panic::CatchUnwind`.

use pyo3::PyResult;

/// Runs `f`, turning a panic into `MpaasPushError(code="internal")`.
pub(crate) fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    mpaas_push::panic::catch(f, crate::errors::to_py)
}
