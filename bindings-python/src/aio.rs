//! The asyncio bridge: calls run on the core's runtime and their results go
//! back to the event loop in batches.
//!
//! Per call, [`spawn`] starts one task on the core's runtime and returns at
//! once an `asyncio.Future` of the running loop (what `call_async` and
//! `Pager.__anext__` hand to Python to await). A finished call appends
//! `(future, outcome)` to its loop's [`LoopBridge`] queue without touching
//! Python. Only the call that finds the queue idle asks for a drain:
//! one blocking-pool task takes the GIL and schedules the bridge's `_drain`
//! on the loop with `call_soon_threadsafe`, which then resolves every queued
//! future on the loop's own thread. Under load one GIL acquisition and one
//! loop wake-up serve many calls, and the engine's worker threads never wait
//! for the GIL.
//! Results cross as Rust values and errors as `mpaas_push::Error`; both
//! become Python objects in the drain.
//!
//! A bridge refers to its loop weakly (one per loop); results for a loop
//! that is gone or closed are dropped. When the future is done for any reason (a cancelled awaiting
//! task included) its `CallHandle` callback aborts the call.

use std::sync::{Arc, Mutex};

use mpaas_push::Error;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyWeakrefReference;

use crate::errors::to_py;

/// A finished call's value, turned into a Python object with the GIL.
pub(crate) type Outcome = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

type Done = (Py<PyAny>, Result<Outcome, Error>);

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

/// The results waiting for one event loop (one per loop).
#[pyclass(frozen, module = "mpaas_push._native")]
pub(crate) struct LoopBridge {
    shared: Arc<Shared>,
}

/// The bridges of the loops that made calls (most programs run one); those
/// of loops that are gone are dropped when a new one is added. Only used
/// with the GIL held.
static BRIDGES: Mutex<Vec<Arc<Shared>>> = Mutex::new(Vec::new());

/// `asyncio.get_running_loop`, looked up once.
static RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The bridge of `event_loop`, created on its first call.
fn bridge(event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Shared>> {
    let py = event_loop.py();
    let referent = |b: &Arc<Shared>| b.event_loop.bind(py).call0().ok();
    let mut bridges = BRIDGES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(b) = bridges
        .iter()
        .find(|b| referent(b).is_some_and(|l| l.is(event_loop)))
    {
        return Ok(Arc::clone(b));
    }
    bridges.retain(|b| referent(b).is_some_and(|l| !l.is_none()));
    let shared = Arc::new(Shared {
        event_loop: PyWeakrefReference::new(event_loop)?.into_any().unbind(),
        queue: Mutex::new(Queue::default()),
    });
    bridges.push(Arc::clone(&shared));
    Ok(shared)
}

#[pymethods]
impl LoopBridge {
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

fn resolve(future: &Bound<'_, PyAny>, result: Result<Outcome, Error>) {
    let py = future.py();
    // A future whose task was cancelled meanwhile takes no result.
    if future
        .call_method0(intern!(py, "done"))
        .and_then(|d| d.is_truthy())
        .unwrap_or(true)
    {
        return;
    }
    let outcome = match result.map_err(to_py).and_then(|make| make(py)) {
        Ok(value) => future.call_method1(intern!(py, "set_result"), (value,)),
        Err(e) => future.call_method1(intern!(py, "set_exception"), (e.into_value(py),)),
    };
    if let Err(e) = outcome {
        e.write_unraisable(py, Some(future));
    }
}

/// Queues a finished call; the first result after a drain schedules the
/// next one. Called on the engine's threads, without the GIL.
fn complete(shared: &Arc<Shared>, future: Py<PyAny>, result: Result<Outcome, Error>) {
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
            let drain = Bound::new(py, bridge)?.getattr(intern!(py, "_drain"))?;
            l.call_method1(intern!(py, "call_soon_threadsafe"), (drain,))
        });
    if !matches!(scheduled, Some(Ok(_))) {
        // The loop is gone or closed: nobody awaits these any more. Drop
        // them here, with the GIL.
        let mut q = shared.lock();
        q.done.clear();
        q.scheduled = false;
    }
}

/// Spawns `call` on the core's runtime and returns the `asyncio.Future`
/// (of the running loop) it resolves. Panics inside `call` become
/// `MpaasPushError(code="internal")`.
pub(crate) fn spawn<F>(py: Python<'_>, call: F) -> PyResult<Bound<'_, PyAny>>
where
    F: std::future::Future<Output = Result<Outcome, Error>> + Send + 'static,
{
    let running_loop = RUNNING_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let event_loop = running_loop.bind(py).call0()?;
    let shared = bridge(&event_loop)?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let handle = mpaas_push::runtime::handle().map_err(to_py)?;
    let target = future.clone().unbind();
    let task = handle.spawn(async move {
        let result = mpaas_push::panic::CatchUnwind::new(call).await;
        complete(&shared, target, result);
    });
    future.call_method1(
        intern!(py, "add_done_callback"),
        (CallHandle(task.abort_handle()),),
    )?;
    Ok(future)
}

/// One asyncio call in flight: the done-callback of its future, which
/// aborts the call (a no-op once it has finished).
#[pyclass(frozen, module = "mpaas_push._native")]
pub(crate) struct CallHandle(tokio::task::AbortHandle);

#[pymethods]
impl CallHandle {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        self.0.abort();
    }
}
