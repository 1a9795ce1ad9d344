//! The asyncio bridge: calls run on the core's runtime and their results go
//! back to the event loop in batches.
//!
//! Per call, `NativeClient.push_broadcast_async` (or `call_async`, for any
//! action) spawns one task on the core's runtime and returns at once; the
//! Python wrapper awaits an `asyncio.Future` of its loop. A finished call
//! appends `(future, result)` to its loop's [`LoopBridge`] queue without
//! touching Python. Only the call that finds the queue idle asks for a drain:
//! one blocking-pool task takes the GIL and schedules the bridge's `_drain`
//! on the loop with `call_soon_threadsafe`, which then resolves every queued
//! future on the loop's own thread. Under load one GIL acquisition and one
//! loop wake-up serve many calls, and the engine's worker threads never wait
//! for the GIL.
//! Errors cross as `mpaas_push::Error` and become exceptions in the drain.
//!
//! A bridge refers to its loop weakly (the Python side keeps one per loop in
//! a `WeakKeyDictionary`); results for a loop that is gone or closed are
//! dropped. Cancelling the awaiting task aborts the call (`CallHandle`).

use std::sync::{Arc, Mutex};

use mpaas_push::Error;
use pyo3::prelude::*;
use pyo3::types::PyWeakrefReference;

use crate::errors::to_py;

type Done = (Py<PyAny>, Result<String, Error>);

#[derive(Default)]
struct Queue {
    done: Vec<Done>,
    /// A drain is scheduled (or about to be) and will see new entries.
    scheduled: bool,
}

struct Shared {
    /// `weakref.ref(loop)`.
    event_loop: Py<PyAny>,
    queue: Mutex<Queue>,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The results waiting for one event loop; created by the Python wrapper,
/// one per loop.
#[pyclass(frozen, module = "mpaas_push._native")]
pub(crate) struct LoopBridge {
    shared: Arc<Shared>,
}

#[pymethods]
impl LoopBridge {
    #[new]
    fn new(event_loop: &Bound<'_, PyAny>) -> PyResult<Self> {
        let weak = PyWeakrefReference::new(event_loop)?.into_any().unbind();
        Ok(Self {
            shared: Arc::new(Shared {
                event_loop: weak,
                queue: Mutex::new(Queue::default()),
            }),
        })
    }

    /// Resolves the queued futures (runs on the loop's thread).
    fn _drain(&self, py: Python<'_>) {
        let done = {
            let mut q = self.shared.lock();
            q.scheduled = false;
            std::mem::take(&mut q.done)
        };
        for (future, result) in done {
            resolve(future.bind(py), result);
        }
    }
}

fn resolve(future: &Bound<'_, PyAny>, result: Result<String, Error>) {
    let py = future.py();
    // A future whose task was cancelled meanwhile takes no result.
    if future
        .call_method0(pyo3::intern!(py, "done"))
        .and_then(|d| d.is_truthy())
        .unwrap_or(true)
    {
        return;
    }
    let outcome = match result {
        Ok(text) => future.call_method1(pyo3::intern!(py, "set_result"), (text,)),
        Err(e) => future.call_method1(
            pyo3::intern!(py, "set_exception"),
            (to_py(e).into_value(py),),
        ),
    };
    if let Err(e) = outcome {
        e.write_unraisable(py, Some(future));
    }
}

/// Queues a finished call; the first result after a drain schedules the
/// next one. Called on the engine's threads, without the GIL.
fn complete(shared: &Arc<Shared>, future: Py<PyAny>, result: Result<String, Error>) {
    let wake = {
        let mut q = shared.lock();
        q.done.push((future, result));
        !std::mem::replace(&mut q.scheduled, true)
    };
    if wake {
        let shared = Arc::clone(shared);
        // Taking the GIL may wait for the loop's thread: never on a worker.
        tokio::task::spawn_blocking(move || Python::attach(|py| schedule_drain(py, shared)));
    }
}

fn schedule_drain(py: Python<'_>, shared: Arc<Shared>) {
    let scheduled = shared
        .event_loop
        .bind(py)
        .call0()
        .ok()
        .filter(|l| !l.is_none())
        .map(|l| {
            let bridge = LoopBridge {
                shared: Arc::clone(&shared),
            };
            let drain = Bound::new(py, bridge)?.getattr(pyo3::intern!(py, "_drain"))?;
            l.call_method1(pyo3::intern!(py, "call_soon_threadsafe"), (drain,))
        });
    if !matches!(scheduled, Some(Ok(_))) {
        // The loop is gone or closed: nobody awaits these any more. Drop
        // them here, with the GIL.
        let mut q = shared.lock();
        q.done.clear();
        q.scheduled = false;
    }
}

/// Spawns `call` on the core's runtime; its result resolves `future` through
/// `bridge`. Panics inside `call` become `MpaasPushError(code="internal")`.
pub(crate) fn spawn<F>(bridge: &LoopBridge, future: Py<PyAny>, call: F) -> PyResult<CallHandle>
where
    F: std::future::Future<Output = Result<String, Error>> + Send + 'static,
{
    let handle = mpaas_push::runtime::handle().map_err(to_py)?;
    let shared = Arc::clone(&bridge.shared);
    let task = handle.spawn(async move {
        let result = crate::panics::CatchUnwindCore(Box::pin(call)).await;
        complete(&shared, future, result);
    });
    Ok(CallHandle(task.abort_handle()))
}

/// One asyncio call in flight; `cancel()` aborts it (the awaiting task was
/// cancelled).
#[pyclass(frozen, module = "mpaas_push._native")]
pub(crate) struct CallHandle(tokio::task::AbortHandle);

#[pymethods]
impl CallHandle {
    fn cancel(&self) {
        self.0.abort();
    }
}
