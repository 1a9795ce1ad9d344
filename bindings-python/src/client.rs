//! `NativeClient`: the core `Client` behind a Python object. Requests and
//! results cross the boundary as JSON text (the neutral camelCase form), so
//! the core's reader does every check.

use std::sync::RwLock;
use std::time::Duration;

use mpaas_push::{
    Action, AnyRequest, ApiVersion, BroadcastRequest, Client, Credentials, Error, PreparedRequest,
    ProxyConfig, RetryPolicy, SignatureMethod,
};
use pyo3::prelude::*;
use serde_json::Value;

use crate::aio::{CallHandle, LoopBridge};
use crate::errors::to_py;
use crate::logging::sync_level;
use crate::panics::guard;

fn config_error(message: impl Into<String>) -> PyErr {
    to_py(Error::from(mpaas_push::ErrorKind::Config {
        message: message.into(),
    }))
}

fn seconds(cfg: &Value, key: &str) -> PyResult<Option<Duration>> {
    match cfg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(s) if s.is_finite() && s > 0.0 => Ok(Some(Duration::from_secs_f64(s))),
            _ => Err(config_error(format!(
                "{key} must be a positive number of seconds, got {v}"
            ))),
        },
    }
}

fn text<'a>(cfg: &'a Value, key: &str) -> PyResult<Option<&'a str>> {
    match cfg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(config_error(format!("{key} must be a string, got {v}"))),
    }
}

fn build(
    cfg: &Value,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
) -> PyResult<Client> {
    let mut b = Client::builder().language("python");
    if let Some(e) = text(cfg, "endpoint")? {
        b = b.endpoint(e);
    }
    if let Some(r) = text(cfg, "region")? {
        b = b.region(r);
    }
    if let Some(s) = text(cfg, "signature")? {
        b = b.signature_method(s.parse::<SignatureMethod>().map_err(to_py)?);
    }
    if let Some(v) = text(cfg, "apiVersion")? {
        b = b.api_version(v.parse::<ApiVersion>().map_err(to_py)?);
    }
    if let Some(d) = seconds(cfg, "connectTimeout")? {
        b = b.connect_timeout(d);
    }
    if let Some(d) = seconds(cfg, "readTimeout")? {
        b = b.read_timeout(d);
    }
    if let Some(d) = seconds(cfg, "totalTimeout")? {
        b = b.total_timeout(d);
    }
    if let Some(r) = cfg.get("retry").filter(|r| !r.is_null()) {
        let mut p = RetryPolicy::default();
        if let Some(n) = r.get("maxAttempts").and_then(Value::as_u64) {
            p = p.with_max_attempts(u32::try_from(n).unwrap_or(u32::MAX));
        }
        let base = seconds(r, "baseDelay")?.unwrap_or(p.base_delay);
        let max = seconds(r, "maxDelay")?.unwrap_or(p.max_delay);
        p = p.with_delays(base, max);
        if let Some(yes) = r.get("retryMaybeSent").and_then(Value::as_bool) {
            p = p.with_retry_maybe_sent(yes);
        }
        b = b.retry_policy(p);
    }
    if cfg.get("allowHttp").and_then(Value::as_bool) == Some(true) {
        b = b.allow_http(true);
    }
    match text(cfg, "proxy")? {
        None => {}
        Some("env") => b = b.proxy(ProxyConfig::FromEnv),
        Some(url) => b = b.proxy(ProxyConfig::Url(url.to_owned())),
    }
    if let Some(s) = text(cfg, "userAgentSuffix")? {
        b = b.user_agent_suffix(s);
    }
    match (access_key_id, access_key_secret) {
        (Some(id), Some(secret)) => {
            let mut c = Credentials::new(id, secret);
            if let Some(t) = security_token {
                c = c.with_security_token(t);
            }
            b = b.credentials(c);
        }
        (None, None) => {}
        _ => {
            return Err(to_py(Error::from(mpaas_push::ErrorKind::Credentials {
                message: "access_key_id and access_key_secret must be given together".into(),
            })));
        }
    }
    b.build().map_err(to_py)
}

fn parse_request(json: &str) -> PyResult<BroadcastRequest> {
    BroadcastRequest::from_json_str(json).map_err(|e| to_py(e.into()))
}

/// Reads `request_json` as a request of `action` (its wire name or its
/// snake_case form); an unknown action is a `ConfigError`.
fn parse_any(action: &str, request_json: &str) -> Result<AnyRequest, Error> {
    let action: Action = action.parse()?;
    AnyRequest::from_json_str(action, request_json).map_err(Error::from)
}

/// A pinned dry-run time, `YYYY-MM-DDThh:mm:ssZ` (any RFC 3339 text).
fn parse_timestamp(t: &str) -> PyResult<chrono::DateTime<chrono::Utc>> {
    t.parse::<chrono::DateTime<chrono::Utc>>().map_err(|_| {
        to_py(
            mpaas_push::ValidationError::new(
                "timestamp",
                "time_format",
                "must be YYYY-MM-DDThh:mm:ssZ",
            )
            .with_value(t)
            .into(),
        )
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v)
        .map_err(|e| to_py(Error::internal(format!("cannot encode result: {e}"))))
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
            .ok_or_else(|| config_error("the client is closed"))
    }
}

#[pymethods]
impl NativeClient {
    #[new]
    #[pyo3(signature = (config_json, access_key_id=None, access_key_secret=None, security_token=None))]
    fn new(
        config_json: &str,
        access_key_id: Option<String>,
        access_key_secret: Option<String>,
        security_token: Option<String>,
    ) -> PyResult<Self> {
        guard(|| {
            let cfg: Value = serde_json::from_str(config_json)
                .map_err(|e| config_error(format!("invalid client configuration: {e}")))?;
            let client = build(&cfg, access_key_id, access_key_secret, security_token)?;
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

    /// Sends one broadcast (neutral JSON in, result JSON out); the GIL is
    /// released for the whole call.
    fn push_broadcast(&self, py: Python<'_>, request_json: &str) -> PyResult<String> {
        guard(|| {
            let client = self.client()?;
            sync_level(py);
            let req = parse_request(request_json)?;
            let result = py.detach(|| client.push_broadcast_blocking(&req));
            to_json(&result.map_err(to_py)?)
        })
    }

    /// The asyncio variant: starts the call on the engine's runtime and
    /// returns at once; `future` (an `asyncio.Future` of the running loop)
    /// receives the result JSON or the exception through `bridge`, the
    /// loop's `LoopBridge`. `CallHandle.cancel()` aborts the call.
    fn push_broadcast_async(
        &self,
        py: Python<'_>,
        request_json: String,
        bridge: &Bound<'_, LoopBridge>,
        future: Py<PyAny>,
    ) -> PyResult<CallHandle> {
        guard(|| {
            let client = self.client()?;
            sync_level(py);
            crate::aio::spawn(bridge.get(), future, async move {
                let req = BroadcastRequest::from_json_str(&request_json).map_err(Error::from)?;
                let result = client.push_broadcast(&req).await?;
                serde_json::to_string(&result)
                    .map_err(|e| Error::internal(format!("cannot encode result: {e}")))
            })
        })
    }

    /// Dry run; `nonce`/`timestamp` (`YYYY-MM-DDThh:mm:ssZ`) pin the
    /// signature (the timestamp is also "now" for validation).
    #[pyo3(signature = (request_json, nonce=None, timestamp=None))]
    fn prepare_broadcast(
        &self,
        request_json: &str,
        nonce: Option<String>,
        timestamp: Option<String>,
    ) -> PyResult<String> {
        guard(|| {
            let client = self.client()?;
            let req = parse_request(request_json)?;
            let prepared: PreparedRequest = match (nonce, timestamp) {
                (None, None) => client.prepare_broadcast(&req),
                (nonce, ts) => {
                    let at = match ts {
                        Some(t) => parse_timestamp(&t)?,
                        None => chrono::Utc::now(),
                    };
                    let nonce = nonce.unwrap_or_else(mpaas_push::generate_msgkey);
                    client.prepare_broadcast_at(&req, at, &nonce)
                }
            }
            .map_err(to_py)?;
            to_json(&prepared)
        })
    }

    /// Sends one request of any action (`action` is the wire name, e.g.
    /// `QueryPushSchedulerList`, or its snake_case form): neutral JSON in,
    /// the core's result JSON out. The GIL is released for the whole call.
    fn call(&self, py: Python<'_>, action: &str, request_json: &str) -> PyResult<String> {
        guard(|| {
            let client = self.client()?;
            sync_level(py);
            let req = parse_any(action, request_json).map_err(to_py)?;
            let result = py.detach(|| client.send_any_blocking(&req));
            to_json(&result.map_err(to_py)?)
        })
    }

    /// The asyncio variant of `call` (see `push_broadcast_async`).
    fn call_async(
        &self,
        py: Python<'_>,
        action: String,
        request_json: String,
        bridge: &Bound<'_, LoopBridge>,
        future: Py<PyAny>,
    ) -> PyResult<CallHandle> {
        guard(|| {
            let client = self.client()?;
            sync_level(py);
            crate::aio::spawn(bridge.get(), future, async move {
                let req = parse_any(&action, &request_json)?;
                let result = client.send_any(&req).await?;
                serde_json::to_string(&result)
                    .map_err(|e| Error::internal(format!("cannot encode result: {e}")))
            })
        })
    }

    /// Dry run of any action; `nonce`/`timestamp` (`YYYY-MM-DDThh:mm:ssZ`)
    /// pin the signature (the timestamp is also "now" for validation).
    #[pyo3(signature = (action, request_json, nonce=None, timestamp=None))]
    fn prepare(
        &self,
        action: &str,
        request_json: &str,
        nonce: Option<String>,
        timestamp: Option<String>,
    ) -> PyResult<String> {
        guard(|| {
            let client = self.client()?;
            let req = parse_any(action, request_json).map_err(to_py)?;
            let at = timestamp.as_deref().map(parse_timestamp).transpose()?;
            let prepared = client
                .prepare_any(&req, at, nonce.as_deref())
                .map_err(to_py)?;
            to_json(&prepared)
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
