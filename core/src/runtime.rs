//! The one tokio runtime of the process, shared with the bindings.
//!
//! * Python (pyo3, with its own asyncio bridge) and the JVM (UniFFI) use [`runtime()`]:
//!   a multi-threaded runtime created lazily on first use.
//! * Node (napi-rs) builds its runtime itself with [`runtime_builder()`] in
//!   `module_init`, hands it to napi, and registers its handle here with
//!   [`adopt_handle`] so that core work runs on that same runtime.
//!
//! The runtime records the process id that created it. After `fork()` the
//! parent's runtime has no threads in the child, so the first use in the
//! child builds a fresh runtime for it; clients created before the fork
//! refuse to send in the child (their pooled connections belong to the
//! parent) with a clear error instead of hanging.

use std::sync::{Mutex, OnceLock};

use tokio::runtime::{Builder, Handle, Runtime};

use crate::error::Error;

/// The current process's runtime and the pid that built it. Runtimes are
/// leaked on purpose: they live as long as the process, and dropping one
/// inside an async context would panic.
static RUNTIME: Mutex<Option<(&'static Runtime, u32)>> = Mutex::new(None);
static ADOPTED: OnceLock<(Handle, u32)> = OnceLock::new();

/// The builder every runtime of this library is made with: multi-threaded,
/// two worker threads at least, all drivers enabled, named threads.
pub fn runtime_builder() -> Builder {
    // Panics on these threads are reported as `internal` errors, not printed.
    crate::panic::install_hook();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let mut b = Builder::new_multi_thread();
    b.worker_threads(workers)
        .thread_name(crate::panic::THREAD_NAME)
        .enable_all();
    b
}

/// The process-wide runtime, created on first use (and again on first use
/// in a forked child). `None` only if the OS refuses to start threads, or if
/// a handle was adopted instead.
pub fn runtime() -> Option<&'static Runtime> {
    if ADOPTED.get().is_some() {
        return None;
    }
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|e| e.into_inner());
    match *slot {
        Some((rt, built_by)) if built_by == pid => Some(rt),
        _ => {
            let rt: &'static Runtime = Box::leak(Box::new(runtime_builder().build().ok()?));
            *slot = Some((rt, pid));
            Some(rt)
        }
    }
}

/// Registers a runtime built elsewhere (napi's) as the shared one. Returns
/// `false` if a runtime was already in use.
pub fn adopt_handle(handle: Handle) -> bool {
    RUNTIME.lock().unwrap_or_else(|e| e.into_inner()).is_none()
        && ADOPTED.set((handle, std::process::id())).is_ok()
}

/// A handle to the shared runtime of this process, or an error if no
/// runtime could be started (or an adopted one belongs to a parent process).
pub fn handle() -> Result<Handle, Error> {
    if let Some((h, pid)) = ADOPTED.get() {
        if *pid != std::process::id() {
            return Err(Error::config(
                "mpaas-push's runtime belongs to the parent process; fork() is not supported here",
            ));
        }
        return Ok(h.clone());
    }
    runtime()
        .map(|rt| rt.handle().clone())
        .ok_or_else(|| Error::internal("could not start the tokio runtime"))
}
