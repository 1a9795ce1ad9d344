//! A bug must never take a host process down or talk to the user's
//! terminal: every binding runs its entry points through [`catch`] (and
//! its futures through [`CatchUnwind`]), which turn a panic into an
//! `internal` [`Error`] carrying the panic message.
//!
//! Rust's default panic hook prints the message and, with
//! `RUST_BACKTRACE`, a backtrace on stderr before unwinding starts. The
//! first use of this module installs a hook in front of the process's own
//! that stays silent for panics on a thread that is inside [`catch`] or
//! [`CatchUnwind::poll`], or on one of the engine's runtime threads, and
//! hands every other panic to the previous hook unchanged — so a host that
//! has its own Rust code keeps its diagnostics.

use std::cell::Cell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};

use crate::error::Error;

thread_local! {
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

/// Name prefix of the engine's runtime threads (see `runtime`).
pub(crate) const THREAD_NAME: &str = "mpaas-push";

/// Installs the quiet hook (once per process).
pub(crate) fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let ours = QUIET.with(Cell::get) > 0
                || std::thread::current()
                    .name()
                    .is_some_and(|n| n.starts_with(THREAD_NAME));
            if !ours {
                previous(info);
            }
        }));
    });
}

/// Marks the current thread quiet for as long as it lives.
struct Quiet;

impl Quiet {
    fn enter() -> Self {
        install_hook();
        QUIET.with(|q| q.set(q.get() + 1));
        Self
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    }
}

/// The text of a panic payload.
pub fn message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// The `internal` error a caught panic becomes.
pub fn to_error(p: &(dyn std::any::Any + Send)) -> Error {
    Error::internal(format!(
        "a bug in mpaas-push (Rust panic: {}); please report it",
        message(p)
    ))
}

/// Runs `f`; a panic inside becomes `on_panic(internal error)`, silently.
///
/// ```
/// let r: Result<u8, String> = mpaas_push::panic::catch(|| panic!("boom"), |e| e.to_string());
/// assert!(r.unwrap_err().contains("boom"));
/// ```
pub fn catch<T, E>(
    f: impl FnOnce() -> Result<T, E>,
    on_panic: impl FnOnce(Error) -> E,
) -> Result<T, E> {
    let _quiet = Quiet::enter();
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(on_panic(to_error(&*p))))
}

/// A future whose panics become `Error::internal`, silently.
#[derive(Debug)]
pub struct CatchUnwind<F>(Pin<Box<F>>);

impl<F> CatchUnwind<F> {
    /// Wraps `f`.
    pub fn new(f: F) -> Self {
        Self(Box::pin(f))
    }
}

impl<T, F: Future<Output = Result<T, Error>>> Future for CatchUnwind<F> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let _quiet = Quiet::enter();
        let fut = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(p) => p,
            Err(p) => Poll::Ready(Err(to_error(&*p))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_internal_errors() {
        let r: Result<(), Error> = catch(|| panic!("kaboom {}", 1), |e| e);
        let e = r.unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Internal);
        assert!(e.to_string().contains("kaboom 1"), "{e}");
        let r: Result<u8, Error> = catch(|| Ok(7), |e| e);
        assert_eq!(r.unwrap(), 7);
        QUIET.with(|q| assert_eq!(q.get(), 0));
    }
}
