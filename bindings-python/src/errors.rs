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

use mpaas_push::{Error, ErrorCode, ErrorFamily};
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

/// Defines the exception classes and registers them in the module.
macro_rules! exceptions {
    ($($name:ident($base:ty): $doc:literal;)*) => {
        $(pyo3::create_exception!(mpaas_push, $name, $base, $doc);)*

        pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add(stringify!($name), m.py().get_type::<$name>())?;)*
            let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
            m.add("ERROR_CODES", codes)
        }
    };
}

exceptions! {
    MpaasPushError(PyException): "Base of every mpaas-push error.";
    ValidationError(MpaasPushError): "A request rule failed; nothing was sent.";
    ConfigError(MpaasPushError): "Bad client configuration; nothing was sent.";
    CredentialsError(ConfigError): "No usable credentials; nothing was sent.";
    TransportError(MpaasPushError): "Network failure: connect, TLS, proxy, timeout or lost connection.";
    ServiceError(MpaasPushError): "The gateway or the service answered with an error.";
    ThrottledError(ServiceError): "Throttled by the gateway (Throttling*, HTTP 429).";
    ClockSkewError(ServiceError): "The gateway rejected the timestamp: the local clock is off.";
    PushFailedError(ServiceError): "HTTP 2xx but the service did not accept the push.";
}

/// Converts a core error into the matching Python exception.
pub(crate) fn to_py(e: Error) -> PyErr {
    let message = e.to_string();
    let err = match e.code().family() {
        ErrorFamily::Validation => PyErr::new::<ValidationError, _>(message.clone()),
        ErrorFamily::Config => ConfigError::new_err(message.clone()),
        ErrorFamily::Credentials => CredentialsError::new_err(message.clone()),
        ErrorFamily::Transport => TransportError::new_err(message.clone()),
        ErrorFamily::Throttled => ThrottledError::new_err(message.clone()),
        ErrorFamily::ClockSkew => ClockSkewError::new_err(message.clone()),
        ErrorFamily::PushFailed => PushFailedError::new_err(message.clone()),
        ErrorFamily::Service => ServiceError::new_err(message.clone()),
        _ => MpaasPushError::new_err(message.clone()),
    };
    Python::attach(|py| {
        let v = err.value(py);
        let svc = e.service();
        let details = e.details();
        let attrs: [(&str, Py<PyAny>); 15] = [
            ("code", obj(py, e.code().as_str())),
            ("message", obj(py, message.as_str())),
            ("request_id", obj(py, e.request_id())),
            ("http_status", obj(py, e.http_status())),
            ("service_code", obj(py, e.service_code())),
            ("retryable", obj(py, e.retryable())),
            ("maybe_sent", obj(py, e.maybe_sent())),
            ("attempts", obj(py, e.attempts())),
            ("field", obj(py, details.map(|x| x.field()))),
            ("rule", obj(py, details.map(|x| x.rule().as_str()))),
            ("value", obj(py, details.and_then(|x| x.value()))),
            (
                "recommend",
                obj(py, svc.and_then(|s| s.recommend.as_deref())),
            ),
            ("clock_offset", obj(py, e.clock_offset())),
            (
                "timeout_kind",
                obj(py, e.timeout_kind().map(|k| k.as_str())),
            ),
            (
                "body_excerpt",
                obj(py, svc.map(|s| s.body_excerpt.as_str())),
            ),
        ];
        for (k, val) in attrs {
            let _ = v.setattr(k, val);
        }
    });
    err
}

fn obj<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: T) -> Py<PyAny> {
    v.into_py_any(py).unwrap_or_else(|_| py.None())
}
