//! The one tokio runtime of the process, shared with the bindings.
//!
//! * Python (pyo3-async-runtimes) and the JVM (UniFFI) use [`runtime()`]:
//!   a multi-threaded runtime created lazily on first use.
//! * Node (napi-rs) builds its runtime itself with [`runtime_builder()`] in
//!   `module_init`, hands it to napi, and registers its handle here with
//!   [`adopt_handle`] so that core work runs on that same runtime.
//!
//! The runtime records the process id that created it: after `fork()` the
//! child must not use the parent's runtime (its threads do not exist), and
//! [`handle()`] returns a clear error instead of hanging.

use std::sync::OnceLock;

use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::Error;

/// The lazily built runtime (`None` if it could not be built) and the pid
/// that built it. `get_or_init` runs the builder once even under concurrent
/// first use, so no runtime is ever dropped (which would panic inside an
/// async context).
static RUNTIME: OnceLock<Option<(Runtime, u32)>> = OnceLock::new();
static ADOPTED: OnceLock<(Handle, u32)> = OnceLock::new();

/// The builder every runtime of this library is made with: multi-threaded,
/// two worker threads at least, all drivers enabled, named threads.
pub fn runtime_builder() -> Builder {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let mut b = Builder::new_multi_thread();
    b.worker_threads(workers)
        .thread_name("mpaas-push")
        .enable_all();
    b
}

/// The process-wide runtime, created on first use. `None` only if the OS
/// refuses to start threads, or if a handle was adopted instead.
pub fn runtime() -> Option<&'static Runtime> {
    if ADOPTED.get().is_some() {
        return None;
    }
    built().map(|(rt, _)| rt)
}

fn built() -> Option<&'static (Runtime, u32)> {
    RUNTIME
        .get_or_init(|| {
            runtime_builder()
                .build()
                .ok()
                .map(|rt| (rt, std::process::id()))
        })
        .as_ref()
}

/// Registers a runtime built elsewhere (napi's) as the shared one. Returns
/// `false` if a runtime was already in use.
pub fn adopt_handle(handle: Handle) -> bool {
    RUNTIME.get().is_none() && ADOPTED.set((handle, std::process::id())).is_ok()
}

/// A handle to the shared runtime, or an error after `fork()` or if no
/// runtime could be started.
pub fn handle() -> Result<Handle, Error> {
    let (h, pid) = match ADOPTED.get() {
        Some((h, pid)) => (h.clone(), *pid),
        None => {
            let (rt, pid) =
                built().ok_or_else(|| Error::internal("could not start the tokio runtime"))?;
            (rt.handle().clone(), *pid)
        }
    };
    if pid != std::process::id() {
        return Err(Error::config(
            "mpaas-push was used before fork(); its runtime does not exist in the child process. \
             Create clients after forking (e.g. in each worker).",
        ));
    }
    Ok(h)
}
