//! `NativeClient`: the core `Client` behind a Python object. Requests and
//! options arrive as Python objects (converted once, see `convert`),
//! results leave as the classes of `results`; every check is the core's.

use std::sync::{Arc, RwLock};

use mpaas_push::{AnyItem, AnyPager, AnyRequest, Client, Error};
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::aio::{Outcome, spawn};
use crate::convert;
use crate::errors::to_py;
use crate::logging::sync_level;
use crate::panics::guard;
use crate::results::{self, ScheduledTask, TaskReport};

/// A typed core result, to be turned into its Python class with the GIL.
fn outcome<T: Into<R>, R>(r: Result<T, Error>) -> Result<Outcome, Error>
where
    R: for<'py> IntoPyObject<'py> + Send + 'static,
{
    r.map(|v| -> Outcome {
        let host: R = v.into();
        Box::new(move |py| host.into_py_any(py))
    })
}

/// Sends any request (`$send` on `op`, blocking or awaited) and keeps its
/// typed result.
macro_rules! dispatch {
    ($req:expr, |$op:ident| $send:expr) => {
        match &$req {
            AnyRequest::PushBroadcast(b) => {
                let $op = &**b;
                outcome::<_, results::BroadcastResult>($send)
            }
            AnyRequest::QueryPushSchedulerList($op) => outcome::<_, results::SchedulerPage>($send),
            AnyRequest::CancelPushScheduler($op) => outcome::<_, results::CancelResult>($send),
            AnyRequest::RevokePushTask($op) => outcome::<_, results::RevokeResult>($send),
            AnyRequest::RevokePushMessage($op) => outcome::<_, results::RevokeResult>($send),
            AnyRequest::QueryPushAnalysisTaskDetail($op) => {
                outcome::<_, results::TaskDetail>($send)
            }
            AnyRequest::QueryPushAnalysisTaskList($op) => {
                outcome::<_, results::TaskListPage>($send)
            }
            _ => Err(Error::internal("an action this binding does not know")),
        }
    };
}

/// The native client; use `mpaas_push.Client`, which wraps it.
#[pyclass(frozen, module = "mpaas_push._native")]
pub(crate) struct NativeClient {
    inner: RwLock<Option<Client>>,
    repr: String,
}

impl NativeClient {
    fn client(&self) -> PyResult<Client> {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| {
                let message = "the client is closed".into();
                to_py(
                    mpaas_push::ErrorKind::Config {
                        message,
                        option: None,
                    }
                    .into(),
                )
            })
    }
}

#[pymethods]
impl NativeClient {
    /// Builds the client from `options` (snake_case or camelCase keys);
    /// `from_env`: credentials must come from the environment.
    #[new]
    fn new(options: &Bound<'_, PyDict>, from_env: bool) -> PyResult<Self> {
        guard(|| {
            let opts = convert::options(options)?;
            let built = if from_env {
                opts.build_from_env("python")
            } else {
                opts.build("python")
            };
            let client = built.map_err(to_py)?;
            let repr = format!(
                "Client(endpoint={:?}, user_agent={:?})",
                client.endpoint().url(),
                client.user_agent()
            );
            Ok(Self {
                inner: RwLock::new(Some(client)),
                repr,
            })
        })
    }

    /// Sends one request of `action` (wire name or snake_case), blocking
    /// with the GIL released.
    #[pyo3(signature = (action, request, fields))]
    fn call(
        &self,
        py: Python<'_>,
        action: &Bound<'_, PyAny>,
        request: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        guard(|| {
            let client = self.client()?;
            let req = convert::any_request(action, request, fields)?;
            sync_level(py);
            let done = py.detach(|| dispatch!(req, |op| client.send_blocking(op)));
            done.map_err(to_py)?(py)
        })
    }

    /// The asyncio variant of `call`: returns the future to await.
    #[pyo3(signature = (action, request, fields))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        action: &Bound<'py, PyAny>,
        request: Option<&Bound<'py, PyAny>>,
        fields: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let client = self.client()?;
            let req = convert::any_request(action, request, fields)?;
            sync_level(py);
            spawn(
                py,
                async move { dispatch!(req, |op| client.send(op).await) },
            )
        })
    }

    /// Dry run of `action`; `nonce` / `timestamp` (RFC 3339 text or an
    /// aware datetime) pin the signature, the client's clock and nonce
    /// source give the rest.
    #[pyo3(signature = (action, request, fields, nonce=None, timestamp=None))]
    fn prepare(
        &self,
        action: &Bound<'_, PyAny>,
        request: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
        nonce: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<results::PreparedRequest> {
        guard(|| {
            let client = self.client()?;
            let req = convert::any_request(action, request, fields)?;
            let nonce = convert::text_arg(nonce, "nonce").map_err(to_py)?;
            let timestamp = convert::text_arg(timestamp, "timestamp").map_err(to_py)?;
            let prepared = client.prepare_any_pinned(&req, timestamp.as_deref(), nonce.as_deref());
            Ok(prepared.map_err(to_py)?.into())
        })
    }

    /// Every item of a list action, page after page (see `Pager`).
    #[pyo3(signature = (action, request, fields))]
    fn pager(
        &self,
        action: &Bound<'_, PyAny>,
        request: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Pager> {
        guard(|| {
            let req = convert::any_request(action, request, fields)?;
            let pager = AnyPager::new(self.client()?, req).map_err(to_py)?;
            Ok(Pager(Arc::new(tokio::sync::Mutex::new(pager))))
        })
    }

    /// Releases the client (its connection pool); later calls fail with
    /// `ConfigError`.
    fn close(&self) {
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
    }

    fn __repr__(&self) -> String {
        self.repr.clone()
    }
}

/// An item of a pager as its Python class.
fn item(item: Option<AnyItem>) -> Outcome {
    Box::new(move |py| match item {
        Some(AnyItem::ScheduledTask(t)) => ScheduledTask::from(t).into_py_any(py),
        Some(AnyItem::TaskReport(t)) => TaskReport::from(t).into_py_any(py),
        Some(_) => Err(to_py(Error::internal("an item this binding does not know"))),
        None => Err(pyo3::exceptions::PyStopAsyncIteration::new_err(())),
    })
}

/// Every item of a list query, one page fetched at a time as the iteration
/// reaches it (the core decides which page comes next). Iterate it
/// (`for`, blocking, GIL released) or `async for` it. After an error the
/// same page is asked for again on the next step.
#[pyclass(frozen, module = "mpaas_push._native")]
pub(crate) struct Pager(Arc<tokio::sync::Mutex<AnyPager>>);

#[pymethods]
impl Pager {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guard(|| {
            sync_level(py);
            let next = py
                .detach(|| self.0.blocking_lock().next_blocking())
                .map_err(to_py)?;
            next.map(|i| item(Some(i))(py)).transpose()
        })
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            sync_level(py);
            let pager = Arc::clone(&self.0);
            spawn(
                py,
                async move { Ok(item(pager.lock().await.next().await?)) },
            )
        })
    }
}
