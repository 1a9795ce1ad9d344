//! `Schedule`: a typed container for the core's typed schedule
//! (`"immediate"`, `{"at": …}`, `{"every": …, "days": …, "start": …,
//! "end": …, "time": …}`). Datetimes, dates and times become ISO text; the
//! core reads and checks them when the request is built.

use pyo3::prelude::*;
use pyo3::types::PyAny;
use serde_json::{Value, json};

use crate::convert::value;
use crate::errors::to_py;

/// When a broadcast is sent: build one with `immediate()`, `at()`,
/// `daily()`, `weekly()` or `monthly()`. Calendar days and the time of day
/// are China time (UTC+8), as the service counts them.
#[pyclass(frozen, eq, module = "mpaas_push")]
#[derive(PartialEq)]
pub(crate) struct Schedule(pub(crate) Value);

fn recurring(
    every: &str,
    days: Option<&Bound<'_, PyAny>>,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    time: &Bound<'_, PyAny>,
) -> PyResult<Schedule> {
    let field =
        |name: &str, v: &Bound<'_, PyAny>| value(v, &format!("schedule.{name}")).map_err(to_py);
    let mut s = json!({"every": every, "start": field("start", start)?, "end": field("end", end)?, "time": field("time", time)?});
    if let Some(days) = days {
        s["days"] = field("days", days)?;
    }
    Ok(Schedule(s))
}

#[pymethods]
impl Schedule {
    /// Send now.
    #[staticmethod]
    fn immediate() -> Self {
        Self(Value::from("immediate"))
    }

    /// Send once at `when`, a timezone-aware datetime in whole seconds.
    #[staticmethod]
    fn at(when: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(
            json!({"at": value(when, "schedule.at").map_err(to_py)?}),
        ))
    }

    /// Every day from `start` to `end` (dates, inclusive) at `time`.
    #[staticmethod]
    #[pyo3(signature = (*, start, end, time))]
    fn daily(
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        time: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        recurring("daily", None, start, end, time)
    }

    /// On `days` of the week (1 = Monday … 7 = Sunday).
    #[staticmethod]
    #[pyo3(signature = (days, *, start, end, time))]
    fn weekly(
        days: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        time: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        recurring("weekly", Some(days), start, end, time)
    }

    /// On `days` of the month (1 … 31).
    #[staticmethod]
    #[pyo3(signature = (days, *, start, end, time))]
    fn monthly(
        days: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        time: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        recurring("monthly", Some(days), start, end, time)
    }

    fn __repr__(&self) -> String {
        format!("Schedule({})", self.0)
    }
}
