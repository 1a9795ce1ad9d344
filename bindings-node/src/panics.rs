//! Rust panics never unwind into Node (that aborts the process): every
//! entry point runs its body under [`guard`] (sync calls, Promise
//! settlement) or [`CatchUnwind`] (futures), which turn a panic into the
//! core's `internal` error. `#[napi(catch_unwind)]` on the exports is the
//! last line of defence for napi's own glue.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use mpaas_push::Error;
use napi::bindgen_prelude::Env;

use crate::errors;

fn message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// The `internal` error a panic becomes.
pub(crate) fn internal(p: &(dyn std::any::Any + Send)) -> Error {
    Error::internal(format!(
        "a bug in mpaas-push (Rust panic: {}); please report it",
        message(p)
    ))
}

/// Runs `f` on the JavaScript thread; a core error or a panic becomes the
/// JavaScript error napi throws.
pub(crate) fn guard<T>(env: &Env, f: impl FnOnce() -> Result<T, Error>) -> napi::Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(errors::to_js(env, &e)),
        Err(p) => Err(errors::to_js(env, &internal(&*p))),
    }
}

/// Runs `f`, turning a panic into the core's `internal` error.
pub(crate) fn catch<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(internal(&*p)))
}

/// A future whose panics become the core's `internal` error. Its output is
/// always `Ok` for napi: the core result inside is settled on the
/// JavaScript thread, where the error object can be built.
pub(crate) struct CatchUnwind<F>(pub(crate) Pin<Box<F>>);

impl<T, F: Future<Output = Result<T, Error>>> Future for CatchUnwind<F> {
    type Output = napi::Result<Result<T, Error>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(Poll::Ready(r)) => Poll::Ready(Ok(r)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(p) => Poll::Ready(Ok(Err(internal(&*p)))),
        }
    }
}
