//! The JavaScript `Client` class: the core `Client` behind a napi object.
//! Options and requests are read as neutral JSON ([`crate::convert`]);
//! results go back as plain objects (the core's camelCase serialisation).

use std::sync::{Arc, RwLock};
use std::time::Duration;

use mpaas_push::{
    Action, ApiVersion, Client as CoreClient, Credentials, Error, ProxyConfig, RetryPolicy,
    SignatureMethod, ValidationError,
};
use napi::bindgen_prelude::{Env, JsObjectValue, PromiseRaw, Unknown};
use napi::{JsValue, ValueType};
use napi_derive::napi;
use serde_json::Value;

use crate::companion::{self, Shared};
use crate::convert::{Reader, js_string, rename};
use crate::errors::{config, credentials};
use crate::panics::{CatchUnwind, catch, guard};

/// Every accepted option, in documentation order.
const OPTIONS: &[&str] = &[
    "accessKeyId",
    "accessKeySecret",
    "securityToken",
    "endpoint",
    "region",
    "signature",
    "apiVersion",
    "connectTimeoutMs",
    "readTimeoutMs",
    "totalTimeoutMs",
    "retry",
    "allowHttp",
    "proxy",
    "userAgentSuffix",
];
const RETRY_OPTIONS: &[&str] = &["maxAttempts", "baseDelayMs", "maxDelayMs", "retryMaybeSent"];
const CREDENTIAL_OPTIONS: &[&str] = &["accessKeyId", "accessKeySecret", "securityToken"];
const PREPARE_OPTIONS: &[&str] = &["nonce", "timestamp"];

/// Rejects keys outside `known`, suggesting a near miss.
fn check_keys(
    obj: &serde_json::Map<String, Value>,
    known: &[&str],
    what: &str,
) -> Result<(), Error> {
    if let Some(key) = obj.keys().find(|k| !known.contains(&k.as_str())) {
        let lower = key.to_ascii_lowercase();
        let hint = known
            .iter()
            .find(|k| {
                let k = k.to_ascii_lowercase();
                k == lower || k.starts_with(&lower) || lower.starts_with(&k)
            })
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(config(format!("unknown {what} `{key}`{hint}")));
    }
    Ok(())
}

fn text<'a>(cfg: &'a serde_json::Map<String, Value>, key: &str) -> Result<Option<&'a str>, Error> {
    match cfg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        // Credential values are never quoted back.
        Some(_) if CREDENTIAL_OPTIONS.contains(&key) => {
            Err(credentials(format!("option `{key}` must be a string")))
        }
        Some(v) => Err(config(format!("option `{key}` must be a string, got {v}"))),
    }
}

fn millis(cfg: &serde_json::Map<String, Value>, key: &str) -> Result<Option<Duration>, Error> {
    match cfg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_f64() {
            Some(ms) if ms.is_finite() && ms > 0.0 && ms < 1e12 => {
                Ok(Some(Duration::from_secs_f64(ms / 1000.0)))
            }
            _ => Err(config(format!(
                "option `{key}` must be a positive number of milliseconds, got {v}"
            ))),
        },
    }
}

fn flag(cfg: &serde_json::Map<String, Value>, key: &str) -> Result<Option<bool>, Error> {
    match cfg.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => Err(config(format!("option `{key}` must be a boolean, got {v}"))),
    }
}

fn retry_policy(r: &Value) -> Result<RetryPolicy, Error> {
    let Some(r) = r.as_object() else {
        return Err(config(format!("option `retry` must be an object, got {r}")));
    };
    check_keys(r, RETRY_OPTIONS, "retry option")?;
    let mut p = RetryPolicy::default();
    match r.get("maxAttempts") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_u64() {
            Some(n) => p = p.with_max_attempts(u32::try_from(n).unwrap_or(u32::MAX)),
            None => {
                return Err(config(format!(
                    "option `retry.maxAttempts` must be a whole number, got {v}"
                )));
            }
        },
    }
    let base = millis(r, "baseDelayMs")
        .map_err(|_| {
            config("option `retry.baseDelayMs` must be a positive number of milliseconds")
        })?
        .unwrap_or(p.base_delay);
    let max = millis(r, "maxDelayMs")
        .map_err(|_| config("option `retry.maxDelayMs` must be a positive number of milliseconds"))?
        .unwrap_or(p.max_delay);
    p = p.with_delays(base, max);
    if let Some(yes) = flag(r, "retryMaybeSent")
        .map_err(|_| config("option `retry.retryMaybeSent` must be a boolean"))?
    {
        p = p.with_retry_maybe_sent(yes);
    }
    Ok(p)
}

/// Builds a core client from the options object (already read as JSON).
fn build(cfg: &serde_json::Map<String, Value>, from_env: bool) -> Result<CoreClient, Error> {
    check_keys(cfg, OPTIONS, "option")?;
    let mut b = CoreClient::builder().language("node");
    if let Some(e) = text(cfg, "endpoint")? {
        b = b.endpoint(e);
    }
    if let Some(r) = text(cfg, "region")? {
        b = b.region(r);
    }
    if let Some(s) = text(cfg, "signature")? {
        b = b.signature_method(s.parse::<SignatureMethod>()?);
    }
    if let Some(v) = text(cfg, "apiVersion")? {
        b = b.api_version(v.parse::<ApiVersion>()?);
    }
    if let Some(d) = millis(cfg, "connectTimeoutMs")? {
        b = b.connect_timeout(d);
    }
    if let Some(d) = millis(cfg, "readTimeoutMs")? {
        b = b.read_timeout(d);
    }
    if let Some(d) = millis(cfg, "totalTimeoutMs")? {
        b = b.total_timeout(d);
    }
    if let Some(r) = cfg.get("retry").filter(|r| !r.is_null()) {
        b = b.retry_policy(retry_policy(r)?);
    }
    if let Some(yes) = flag(cfg, "allowHttp")? {
        b = b.allow_http(yes);
    }
    match text(cfg, "proxy")? {
        None => {}
        Some("env") => b = b.proxy(ProxyConfig::FromEnv),
        Some(url) => b = b.proxy(ProxyConfig::Url(url.to_owned())),
    }
    if let Some(s) = text(cfg, "userAgentSuffix")? {
        b = b.user_agent_suffix(s);
    }
    let id = text(cfg, "accessKeyId")?;
    let secret = text(cfg, "accessKeySecret")?;
    let token = text(cfg, "securityToken")?;
    if from_env && (id.is_some() || secret.is_some() || token.is_some()) {
        return Err(config(
            "Client.fromEnv() reads credentials from the environment; pass accessKeyId / \
             accessKeySecret / securityToken to new Client() instead",
        ));
    }
    match (id, secret) {
        (Some(id), Some(secret)) => {
            let mut c = Credentials::new(id, secret);
            if let Some(t) = token {
                c = c.with_security_token(t);
            }
            b = b.credentials(c);
        }
        (None, None) if token.is_some() => {
            return Err(credentials(
                "securityToken needs accessKeyId and accessKeySecret",
            ));
        }
        (None, None) => {}
        _ => {
            return Err(credentials(
                "accessKeyId and accessKeySecret must be given together",
            ));
        }
    }
    b.build()
}

/// Reads an options object (`undefined`/`null` = none) as JSON; problems
/// are `config` errors naming the option.
fn options_json(
    env: &Env,
    options: Option<&Unknown<'_>>,
    what: &str,
) -> Result<serde_json::Map<String, Value>, Error> {
    let Some(v) = options else {
        return Ok(serde_json::Map::new());
    };
    let json = Reader::new(env)
        .value(v, what, 0)
        .map_err(|e| match e.validation() {
            Some(v) => config(format!("{}: {}", v.field(), v.message())),
            None => e,
        })?;
    match json {
        None | Some(Value::Null) => Ok(serde_json::Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(other) => Err(config(format!("{what} must be an object, got {other}"))),
    }
}

/// A Message Push Service client. Create one and share it: it owns one
/// connection pool, and any number of calls may run at once. Secrets are
/// never stored on the JavaScript object.
#[napi]
#[derive(Debug)]
pub struct Client {
    /// Shared with the client's iterators; `None` after `close()`.
    pub(crate) inner: Shared,
    endpoint: String,
    user_agent: String,
}

impl Client {
    fn make(env: &Env, options: Option<&Unknown<'_>>, from_env: bool) -> napi::Result<Self> {
        guard(env, || {
            let cfg = options_json(env, options, "options")?;
            let client = build(&cfg, from_env)?;
            Ok(Self {
                endpoint: client.endpoint().url().to_owned(),
                user_agent: client.user_agent().to_owned(),
                inner: Arc::new(RwLock::new(Some(client))),
            })
        })
    }

    pub(crate) fn core(&self) -> Result<CoreClient, Error> {
        companion::core(&self.inner)
    }

    /// The one asynchronous entry of every action: reads `request` on the
    /// JavaScript thread, sends it with `send_any` on the engine's runtime
    /// and settles the Promise with the core's result JSON or the error.
    /// Conversion errors reject the Promise like every other failure.
    pub(crate) fn spawn_send<'env>(
        &self,
        env: &'env Env,
        action: Result<Action, Error>,
        request: &Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        let parsed = catch(|| companion::read(env, action?, request));
        let client = self.core();
        let call = async move {
            let request = parsed?;
            let result = client?.send_any(&request.any).await;
            result.map_err(|e| rename(e, request.typed_strategy))
        };
        env.spawn_future_with_callback(CatchUnwind(Box::pin(call)), |env, outcome| {
            guard(env, || outcome)
        })
    }

    /// The one dry run of every action (`prepare_any`), thrown errors.
    pub(crate) fn dry_run(
        &self,
        env: &Env,
        action: Result<Action, Error>,
        request: &Unknown<'_>,
        options: Option<&Unknown<'_>>,
    ) -> napi::Result<Value> {
        guard(env, || {
            let client = self.core()?;
            let request = companion::read(env, action?, request)?;
            let (nonce, at) = prepare_options(env, options)?;
            let prepared = client
                .prepare_any(&request.any, at, nonce.as_deref())
                .map_err(|e| rename(e, request.typed_strategy))?;
            to_value(&prepared)
        })
    }

    fn description(&self) -> Value {
        serde_json::json!({
            "endpoint": self.endpoint,
            "userAgent": self.user_agent,
            "closed": self.is_closed(),
        })
    }

    fn is_closed(&self) -> bool {
        self.inner
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
    }
}

/// Reads the options of `prepare` / `prepareBroadcast`: the pinned nonce
/// and timestamp.
fn prepare_options(
    env: &Env,
    options: Option<&Unknown<'_>>,
) -> Result<(Option<String>, Option<chrono::DateTime<chrono::Utc>>), Error> {
    let Some(v) = options else {
        return Ok((None, None));
    };
    let kind = v
        .get_type()
        .map_err(|e| Error::internal(e.reason.clone()))?;
    if matches!(kind, ValueType::Undefined | ValueType::Null) {
        return Ok((None, None));
    }
    if kind != ValueType::Object {
        return Err(config("prepare options must be an object"));
    }
    let obj = v
        .coerce_to_object()
        .map_err(|e| Error::internal(e.reason.clone()))?;
    let ts: Unknown<'_> = obj
        .get_named_property("timestamp")
        .map_err(|e| Error::internal(e.reason.clone()))?;
    let reader = Reader::new(env);
    let at = match ts
        .get_type()
        .map_err(|e| Error::internal(e.reason.clone()))?
    {
        ValueType::Undefined | ValueType::Null => None,
        ValueType::String => {
            let t = js_string(&ts, "timestamp")?;
            Some(t.parse::<chrono::DateTime<chrono::Utc>>().map_err(|_| {
                Error::from(
                    ValidationError::new(
                        "timestamp",
                        "time_format",
                        "must be YYYY-MM-DDThh:mm:ssZ or a Date",
                    )
                    .with_value(&t),
                )
            })?)
        }
        _ => {
            let ms = reader.date_ms(&ts, "timestamp")?;
            Some(chrono::DateTime::from_timestamp_millis(ms).ok_or_else(|| {
                Error::from(
                    ValidationError::new("timestamp", "range", "is out of range").with_value(ms),
                )
            })?)
        }
    };
    // The rest is plain JSON (nonce) and unknown keys are refused.
    let mut rest = Reader::new(env);
    let mut fields = serde_json::Map::new();
    for key in rest.keys(&obj, "options")? {
        if key == "timestamp" {
            continue;
        }
        let child: Unknown<'_> = obj
            .get_named_property(&key)
            .map_err(|e| Error::internal(e.reason.clone()))?;
        if let Some(value) = rest.value(&child, &key, 1)? {
            fields.insert(key, value);
        }
    }
    check_keys(&fields, PREPARE_OPTIONS, "prepare option")?;
    let nonce = match fields.get("nonce") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            return Err(config(format!("option `nonce` must be a string, got {v}")));
        }
    };
    Ok((nonce, at))
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::internal(format!("cannot encode the result: {e}")))
}

#[napi]
impl Client {
    /// A client. Without `accessKeyId`/`accessKeySecret`, credentials come
    /// from the default chain (environment, `~/.aliyun/config.json`,
    /// `~/.alibabacloud/credentials`) and a missing key throws now (code
    /// `credentials`). Bad options throw code `config`.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: &Env,
        #[napi(ts_arg_type = "ClientOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Self> {
        Self::make(env, options.as_ref(), false)
    }

    /// A client whose credentials come from the environment or the
    /// credential files; `options` are the other options of `new Client()`.
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "options?: Omit<ClientOptions, 'accessKeyId' | 'accessKeySecret' | 'securityToken'>"
    )]
    pub fn from_env(env: &Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        Self::make(env, options.as_ref(), true)
    }

    /// Validates, signs and sends one PushBroadcast. Resolves to the result;
    /// rejects with an `Error` whose `code` says what happened (`maybeSent`
    /// tells whether the broadcast may have gone out). Runs on the engine's
    /// own threads: the event loop is never blocked. Only failures that
    /// cannot have reached the service are retried (each attempt signed
    /// anew, the same `msgkey`).
    #[napi(catch_unwind, ts_return_type = "Promise<BroadcastResult>")]
    pub fn push_broadcast<'env>(
        &self,
        env: &'env Env,
        #[napi(ts_arg_type = "BroadcastRequest")] request: Unknown<'_>,
    ) -> napi::Result<PromiseRaw<'env, Value>> {
        self.spawn_send(env, Ok(Action::PushBroadcast), &request)
    }

    /// Dry run: validates and signs without sending and returns the exact
    /// HTTP request (secrets redacted). `nonce` and `timestamp` pin the
    /// signature (the timestamp is also "now" for validation).
    #[napi(catch_unwind, ts_return_type = "PreparedRequest")]
    pub fn prepare_broadcast(
        &self,
        env: &Env,
        #[napi(ts_arg_type = "BroadcastRequest")] request: Unknown<'_>,
        #[napi(ts_arg_type = "PrepareOptions")] options: Option<Unknown<'_>>,
    ) -> napi::Result<Value> {
        self.dry_run(env, Ok(Action::PushBroadcast), &request, options.as_ref())
    }

    /// Releases the connection pool; later calls fail with code `config`.
    /// Calls already running finish normally.
    #[napi(catch_unwind)]
    pub fn close(&self) {
        *self.inner.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Whether `close()` was called.
    #[napi(getter, catch_unwind)]
    pub fn closed(&self) -> bool {
        self.is_closed()
    }

    /// The endpoint URL in use.
    #[napi(getter, catch_unwind)]
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// The user agent sent with every request.
    #[napi(getter, catch_unwind)]
    pub fn user_agent(&self) -> String {
        self.user_agent.clone()
    }

    /// `Client(endpoint=…, userAgent=…)` — never a secret.
    #[napi(js_name = "toString", catch_unwind)]
    pub fn to_display(&self) -> String {
        format!(
            "Client(endpoint={:?}, userAgent={:?}{})",
            self.endpoint,
            self.user_agent,
            if self.is_closed() { ", closed" } else { "" }
        )
    }

    /// What `JSON.stringify(client)` shows: endpoint, user agent, closed.
    #[napi(
        js_name = "toJSON",
        catch_unwind,
        ts_return_type = "{ endpoint: string; userAgent: string; closed: boolean }"
    )]
    pub fn to_json(&self) -> Value {
        self.description()
    }

    /// What `util.inspect(client)` / `console.log(client)` shows.
    #[napi(
        symbol_for = "nodejs.util.inspect.custom",
        skip_typescript,
        catch_unwind
    )]
    pub fn inspect(&self) -> String {
        self.to_display()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_options_are_named_with_a_hint() {
        let mut m = serde_json::Map::new();
        m.insert("readTimeout".into(), Value::from(5));
        let e = check_keys(&m, OPTIONS, "option").unwrap_err();
        assert!(e.to_string().contains("readTimeoutMs"), "{e}");
    }
}
