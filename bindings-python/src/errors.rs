//! The one mapping from `mpaas_push::Error` to the Python exception
//! hierarchy:
//!
//! ```text
//! MpaasPushError(Exception)            code "internal" and the base of all
//! ├── ValidationError                  validation (.field, .rule, .value)
//! ├── ConfigError                      config (.field, .rule, .value)
//! │   └── CredentialsError             credentials
//! ├── TransportError                   connect, timeout, connection_lost
//! └── ServiceError                     service, signature_mismatch, auth, invalid_response
//!     ├── ThrottledError               throttled
//!     ├── ClockSkewError               clock_skew (.clock_offset)
//!     └── PushFailedError              push_failed
//! ```
//!
//! Every instance carries `code`, `message`, `request_id`, `http_status`,
//! `service_code`, `retryable`, `maybe_sent`, `attempts`, `field`, `rule`,
//! `value`, `recommend`, `clock_offset`, `timeout_kind` (None when unknown).

use mpaas_push::{Error, ErrorCode};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    mpaas_push,
    MpaasPushError,
    PyException,
    "Base of every mpaas-push error."
);
pyo3::create_exception!(
    mpaas_push,
    ValidationError,
    MpaasPushError,
    "A request rule failed; nothing was sent."
);
pyo3::create_exception!(
    mpaas_push,
    ConfigError,
    MpaasPushError,
    "Bad client configuration; nothing was sent."
);
pyo3::create_exception!(
    mpaas_push,
    CredentialsError,
    ConfigError,
    "No usable credentials; nothing was sent."
);
pyo3::create_exception!(
    mpaas_push,
    TransportError,
    MpaasPushError,
    "Network failure: connect, timeout or lost connection."
);
pyo3::create_exception!(
    mpaas_push,
    ServiceError,
    MpaasPushError,
    "The gateway or the service answered with an error."
);
pyo3::create_exception!(
    mpaas_push,
    ThrottledError,
    ServiceError,
    "Throttled by the gateway (Throttling*, HTTP 429)."
);
pyo3::create_exception!(
    mpaas_push,
    ClockSkewError,
    ServiceError,
    "The gateway rejected the timestamp: the local clock is off."
);
pyo3::create_exception!(
    mpaas_push,
    PushFailedError,
    ServiceError,
    "HTTP 2xx but the service did not accept the push."
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("MpaasPushError", py.get_type::<MpaasPushError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("CredentialsError", py.get_type::<CredentialsError>())?;
    m.add("TransportError", py.get_type::<TransportError>())?;
    m.add("ServiceError", py.get_type::<ServiceError>())?;
    m.add("ThrottledError", py.get_type::<ThrottledError>())?;
    m.add("ClockSkewError", py.get_type::<ClockSkewError>())?;
    m.add("PushFailedError", py.get_type::<PushFailedError>())?;
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    m.add("ERROR_CODES", codes)?;
    Ok(())
}

/// Converts a core error into the matching Python exception.
pub(crate) fn to_py(e: Error) -> PyErr {
    let message = e.to_string();
    let err = match e.code() {
        ErrorCode::Validation => ValidationError::new_err(message.clone()),
        ErrorCode::Config => ConfigError::new_err(message.clone()),
        ErrorCode::Credentials => CredentialsError::new_err(message.clone()),
        ErrorCode::Connect | ErrorCode::Timeout | ErrorCode::ConnectionLost => {
            TransportError::new_err(message.clone())
        }
        ErrorCode::Throttled => ThrottledError::new_err(message.clone()),
        ErrorCode::ClockSkew => ClockSkewError::new_err(message.clone()),
        ErrorCode::PushFailed => PushFailedError::new_err(message.clone()),
        ErrorCode::SignatureMismatch
        | ErrorCode::Auth
        | ErrorCode::Service
        | ErrorCode::InvalidResponse => ServiceError::new_err(message.clone()),
        _ => MpaasPushError::new_err(message.clone()),
    };
    Python::attach(|py| {
        let v = err.value(py);
        let svc = e.service();
        let details = e.details();
        let attrs: [(&str, Py<PyAny>); 15] = [
            (
                "code",
                e.code()
                    .as_str()
                    .into_pyobject(py)
                    .map(|o| o.into_any().unbind())
                    .unwrap_or_else(|_| py.None()),
            ),
            ("message", to_obj(py, Some(message.as_str()))),
            ("request_id", to_obj(py, e.request_id())),
            ("http_status", opt_int(py, e.http_status().map(i64::from))),
            ("service_code", to_obj(py, e.service_code())),
            ("retryable", bool_obj(py, e.retryable())),
            ("maybe_sent", bool_obj(py, e.maybe_sent())),
            ("attempts", opt_int(py, Some(i64::from(e.attempts())))),
            ("field", to_obj(py, details.map(|x| x.field()))),
            ("rule", to_obj(py, details.map(|x| x.rule().as_str()))),
            ("value", to_obj(py, details.and_then(|x| x.value()))),
            (
                "recommend",
                to_obj(py, svc.and_then(|s| s.recommend.as_deref())),
            ),
            ("clock_offset", opt_int(py, e.clock_offset())),
            (
                "timeout_kind",
                to_obj(py, e.timeout_kind().map(|k| k.as_str())),
            ),
            (
                "body_excerpt",
                to_obj(py, svc.map(|s| s.body_excerpt.as_str())),
            ),
        ];
        for (k, val) in attrs {
            let _ = v.setattr(k, val);
        }
    });
    err
}

fn to_obj(py: Python<'_>, s: Option<&str>) -> Py<PyAny> {
    match s {
        Some(s) => s
            .into_pyobject(py)
            .map(|o| o.into_any().unbind())
            .unwrap_or_else(|_| py.None()),
        None => py.None(),
    }
}

fn opt_int(py: Python<'_>, n: Option<i64>) -> Py<PyAny> {
    match n {
        Some(n) => n
            .into_pyobject(py)
            .map(|o| o.into_any().unbind())
            .unwrap_or_else(|_| py.None()),
        None => py.None(),
    }
}

fn bool_obj(py: Python<'_>, b: bool) -> Py<PyAny> {
    b.into_pyobject(py)
        .map(|o| o.to_owned().into_any().unbind())
        .unwrap_or_else(|_| py.None())
}
