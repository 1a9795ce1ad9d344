//! Rust panics never cross into Python as `PanicException` (a
//! `BaseException` that `except Exception` misses) or kill the interpreter:
//! every entry point runs under [`guard`], and futures under [`CatchUnwind`].

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

fn to_err(p: Box<dyn std::any::Any + Send>) -> pyo3::PyErr {
    errors::to_py(mpaas_push::Error::internal(format!(
        "a bug in mpaas-push (Rust panic: {}); please report it",
        message(&*p)
    )))
}

/// Runs `f`, turning a panic into `MpaasPushError(code="internal")`.
pub(crate) fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(to_err(p)))
}

/// A future whose panics become `MpaasPushError(code="internal")`.
pub(crate) struct CatchUnwind<F>(pub(crate) Pin<Box<F>>);

impl<T, F: Future<Output = PyResult<T>>> Future for CatchUnwind<F> {
    type Output = PyResult<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(p) => p,
            Err(p) => Poll::Ready(Err(to_err(p))),
        }
    }
}
