//! Rust panics never reach the JVM as UniFFI's bare `InternalException`:
//! every entry point runs under [`catch`] or [`CatchUnwind`], which turn a
//! panic into the core's `internal` error.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use mpaas_push::Error;

fn internal(p: &(dyn std::any::Any + Send)) -> Error {
    let msg = (p.downcast_ref::<&str>().copied().map(str::to_owned))
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Error::internal(format!(
        "a bug in mpaas-push (Rust panic: {msg}); please report it"
    ))
}

/// Runs `f`, turning a panic into the core's `internal` error.
pub(crate) fn catch<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(internal(&*p)))
}

/// A future whose panics become the core's `internal` error.
pub(crate) struct CatchUnwind<F>(pub(crate) Pin<Box<F>>);

impl<T, F: Future<Output = Result<T, Error>>> Future for CatchUnwind<F> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        catch_unwind(AssertUnwindSafe(|| fut.poll(cx)))
            .unwrap_or_else(|p| Poll::Ready(Err(internal(&*p))))
    }
}
