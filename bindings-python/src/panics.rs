//! Rust panics never cross into Python as `PanicException` (a
//! `BaseException` that `except Exception` misses) or kill the interpreter:
//! every entry point runs under [`guard`], and asyncio calls under
//! [`CatchUnwindCore`].

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use pyo3::PyResult;

use crate::errors;

fn message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

fn panic_error(p: &(dyn std::any::Any + Send)) -> mpaas_push::Error {
    mpaas_push::Error::internal(format!(
        "a bug in mpaas-push (Rust panic: {}); please report it",
        message(p)
    ))
}

fn to_err(p: Box<dyn std::any::Any + Send>) -> pyo3::PyErr {
    errors::to_py(panic_error(&*p))
}

/// Runs `f`, turning a panic into `MpaasPushError(code="internal")`.
pub(crate) fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(to_err(p)))
}

/// A future whose panics become `Error::internal` (code "internal"),
/// converted to `MpaasPushError` where the result reaches Python; it needs no
/// GIL, so it can run on the engine's threads.
pub(crate) struct CatchUnwindCore<F>(pub(crate) Pin<Box<F>>);

impl<T, F: Future<Output = Result<T, mpaas_push::Error>>> Future for CatchUnwindCore<F> {
    type Output = Result<T, mpaas_push::Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(p) => p,
            Err(p) => Poll::Ready(Err(panic_error(&*p))),
        }
    }
}
