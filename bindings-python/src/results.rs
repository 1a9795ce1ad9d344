//! The core's typed results as frozen Python classes with attribute access
//! (`get_all`), built field by field from the Rust structs: no JSON on the
//! way. Times are UTC-aware `datetime`s; enumerations stay the service's
//! integers, with typed accessors (`push_kind`, `delivery`) computed by the
//! core.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use mpaas_push::results as core;
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;

/// A core field → its Python value, read on attribute access from the core
/// struct the class keeps (nothing is copied when the result is made).
trait Field {
    fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

/// Types pyo3 converts by reference.
macro_rules! same {
    ($($t:ty),*) => {$(impl Field for $t {
        fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> { self.into_bound_py_any(py) }
    })*};
}
same!(String, Option<String>, bool, u16, u32, u64, f64, Option<i64>, Option<u32>, Option<DateTime<Utc>>, BTreeMap<String, String>);

impl Field for Vec<(String, String)> {
    fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.iter()
            .cloned()
            .collect::<BTreeMap<_, _>>()
            .into_bound_py_any(py)
    }
}

/// Nested results: a list of their Python classes.
macro_rules! nested {
    ($($core:ty => $class:ident),*) => {$(impl Field for Vec<$core> {
        fn py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.iter().cloned().map($class::from).collect::<Vec<_>>().into_bound_py_any(py)
        }
    })*};
}
nested!(core::ScheduledTask => ScheduledTask, core::TaskReport => TaskReport);

/// Defines a frozen Python class around a core result struct: one read-only
/// attribute per field (`= conv` computes it from the struct), a
/// keyword-style `repr` and `extra` methods.
macro_rules! record {
    (@get $py:ident, $v:expr, $field:ident) => { Field::py(&$v.$field, $py) };
    (@get $py:ident, $v:expr, $field:ident, $conv:expr) => { $conv(&$v).into_bound_py_any($py) };
    ($(#[$meta:meta])* $name:ident from $core:ty {
        $($field:ident: $ty:ty $(= $conv:expr)?),* $(,)?
    } $($extra:tt)*) => {
        $(#[$meta])*
        #[pyclass(frozen, eq, module = "mpaas_push")]
        #[derive(Clone, PartialEq)]
        pub(crate) struct $name(pub(crate) $core);

        impl From<$core> for $name {
            fn from(v: $core) -> Self {
                Self(v)
            }
        }

        #[pymethods]
        impl $name {
            $(
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    record!(@get py, self.0, $field $(, $conv)?)
                }
            )*
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let fields: Vec<String> = vec![$(format!(
                    "{}={}", stringify!($field), self.$field(py)?.repr()?
                )),*];
                Ok(format!("{}({})", stringify!($name), fields.join(", ")))
            }
            $($extra)*
        }
    };
}

/// `cls(value)` of the enumeration `cls` of `mpaas_push`, or `None`.
fn member(py: Python<'_>, cls: &str, value: Option<i64>) -> PyResult<Py<PyAny>> {
    match value {
        Some(v) => py
            .import("mpaas_push")?
            .getattr(cls)?
            .call1((v,))?
            .into_py_any(py),
        None => Ok(py.None()),
    }
}

record! {
    /// A broadcast the service accepted (`already_accepted`: a retry met the
    /// success of an earlier attempt, see the README).
    BroadcastResult from mpaas_push::BroadcastResult {
        request_id: String, task_id: Option<String>, result_code: Option<String>,
        result_message: Option<String>, http_status: u16, push_result_message: Option<String>,
        already_accepted: bool,
    }
}

record! {
    /// The exact HTTP request a call would send (a dry run); STS tokens are
    /// shown as `** redacted **`.
    PreparedRequest from mpaas_push::PreparedRequest {
        method: String, url: String, headers: BTreeMap<String, String>, body: String,
        signature_method: String, signed_params: BTreeMap<String, String>,
        string_to_sign: String, signature: String, nonce: String, timestamp: String,
        canonical_request: Option<String>,
    }
}

record! {
    /// One scheduled task, or one run of a recurring task.
    ScheduledTask from core::ScheduledTask {
        unique_id: String, parent_id: Option<String>, push_time: Option<DateTime<Utc>>,
        push_title: Option<String>, push_content: Option<String>, kind: Option<i64>,
        delivery_type: Option<i64>,
        schedule_kind: Option<String> = |t: &core::ScheduledTask| t.strategy().map(|s| s.name().to_owned()),
        executed: bool,
        create_type: Option<i64>, created_at: Option<DateTime<Utc>>,
    }
    /// `kind` as a `PushKind` (`None` if undocumented).
    #[getter]
    fn push_kind(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, "PushKind", self.0.kind.filter(|&k| mpaas_push::PushKind::from_int(k).is_some()))
    }
    /// `delivery_type` as a `DeliveryType` (user-id pushes have none).
    #[getter]
    fn delivery(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = self.0.delivery_type.filter(|&d| mpaas_push::DeliveryType::from_int(d).is_some());
        member(py, "DeliveryType", d)
    }
}

record! {
    /// One page of `QueryPushSchedulerList` (`next_page`: `None` on the last).
    SchedulerPage from core::SchedulerPage {
        request_id: String, total_count: u64, page_number: u32, page_size: u32,
        tasks: Vec<ScheduledTask>, next_page: Option<u32>,
    }
}

record! {
    /// Result of `CancelPushScheduler`.
    CancelResult from core::CancelResult {
        request_id: String, result_code: Option<String>, result_message: Option<String>,
        content: Option<String>,
    }
}

record! {
    /// Result of `RevokePushTask` / `RevokePushMessage`.
    RevokeResult from core::RevokeResult {
        request_id: String, result_code: Option<String>, result_message: Option<String>,
        data: Option<String>, push_result_message: Option<String>,
    }
}

record! {
    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    TaskDetail from core::TaskDetail {
        request_id: String, task_id: String, start_time: Option<DateTime<Utc>>,
        end_time: Option<DateTime<Utc>>, duration: Option<String>, push_num: u64,
        push_success_num: u64, push_arrival_num: f64,
    }
}

record! {
    /// One task of `QueryPushAnalysisTaskList`, with its sub-tasks.
    TaskReport from core::TaskReport {
        task_id: String, task_name: Option<String>, template_id: Option<String>,
        template_name: Option<String>, kind: Option<i64>, created_at: Option<DateTime<Utc>>,
        sub_tasks: Vec<TaskReport>,
    }
    /// `kind` as a `PushKind` (`None` if undocumented).
    #[getter]
    fn push_kind(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        member(py, "PushKind", self.0.kind.filter(|&k| mpaas_push::PushKind::from_int(k).is_some()))
    }
}

record! {
    /// One page of `QueryPushAnalysisTaskList` (`next_page`: `None` on the last).
    TaskListPage from core::TaskListPage {
        request_id: String, page_number: u32, page_size: u32, tasks: Vec<TaskReport>,
        next_page: Option<u32>,
    }
}

/// Registers the result classes.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BroadcastResult>()?;
    m.add_class::<PreparedRequest>()?;
    m.add_class::<ScheduledTask>()?;
    m.add_class::<SchedulerPage>()?;
    m.add_class::<CancelResult>()?;
    m.add_class::<RevokeResult>()?;
    m.add_class::<TaskDetail>()?;
    m.add_class::<TaskReport>()?;
    m.add_class::<TaskListPage>()
}
