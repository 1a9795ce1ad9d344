//! Rust panics never reach the JVM as UniFFI's bare `InternalException`
//! nor print to the terminal: every entry point runs under [`catch`] or the
//! core's `panic::CatchUnwind`, which turn a panic into the core's
//! `internal` error.

pub(crate) use mpaas_push::panic::CatchUnwind;

/// Runs `f`, turning a panic into the core's `internal` error.
pub(crate) fn catch<T>(
    f: impl FnOnce() -> Result<T, mpaas_push::Error>,
) -> Result<T, mpaas_push::Error> {
    mpaas_push::panic::catch(f, |e| e)
}
