//! `ClientConfig` (handed as is to the core's `ClientOptions`), `ClientCore`
//! (under Kotlin's `Client`) and the one path of every call: record → core.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use mpaas_push::{ClientOptions, Error, Operation, RetryOptions, Secret, host};

use crate::errors::MpaasPushError;
use crate::panics::{CatchUnwind, catch};
use crate::text::JvmString;

/// Client options (spec §6), all optional, durations in ms; without a key
/// pair credentials come from the default chain. `toString()` hides secrets.
#[derive(Clone, Default, PartialEq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct ClientConfig {
    /// AccessKey id.
    #[uniffi(default = None)]
    pub access_key_id: Option<JvmString>,
    /// AccessKey secret.
    #[uniffi(default = None)]
    pub access_key_secret: Option<JvmString>,
    /// STS security token (only with a key pair).
    #[uniffi(default = None)]
    pub security_token: Option<JvmString>,
    /// Endpoint URL (default `https://mpaas.cn-hangzhou.aliyuncs.com`).
    #[uniffi(default = None)]
    pub endpoint: Option<JvmString>,
    /// Allow plain `http://` to a host that is not this machine.
    #[uniffi(default = None)]
    pub allow_http: Option<bool>,
    /// Region id (default `cn-hangzhou`).
    #[uniffi(default = None)]
    pub region: Option<JvmString>,
    /// `hmac-sha1` (default) or `acs3-hmac-sha256`.
    #[uniffi(default = None)]
    pub signature: Option<JvmString>,
    /// `2020-10-28` (default) or `2019-08-21`.
    #[uniffi(default = None)]
    pub api_version: Option<JvmString>,
    /// Connect deadline per attempt, ms (default 5000).
    #[uniffi(default = None)]
    pub connect_timeout_ms: Option<f64>,
    /// Read deadline per attempt, ms (default 10000).
    #[uniffi(default = None)]
    pub read_timeout_ms: Option<f64>,
    /// Deadline over all attempts, ms.
    #[uniffi(default = None)]
    pub total_timeout_ms: Option<f64>,
    /// Retry policy.
    #[uniffi(default = None)]
    pub retry: Option<RetryConfig>,
    /// `env` (the proxy environment variables; the default), `none`, or a
    /// proxy URL.
    #[uniffi(default = None)]
    pub proxy: Option<JvmString>,
    /// A PEM file of CA certificates trusted on top of the system's roots.
    #[uniffi(default = None)]
    pub ca_file: Option<JvmString>,
    /// Appended to the user agent.
    #[uniffi(default = None)]
    pub user_agent_suffix: Option<JvmString>,
    /// Largest response body read, bytes.
    #[uniffi(default = None)]
    pub max_response_bytes: Option<i64>,
}

/// Retry options, all optional: `maxAttempts` in all (default 3), backoff
/// `baseDelayMs` doubled up to `maxDelayMs` with full jitter, and
/// `retryMaybeSent` to also retry what may have reached the service.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
#[allow(missing_docs)]
pub struct RetryConfig {
    #[uniffi(default = None)]
    pub max_attempts: Option<i64>,
    #[uniffi(default = None)]
    pub base_delay_ms: Option<f64>,
    #[uniffi(default = None)]
    pub max_delay_ms: Option<f64>,
    #[uniffi(default = None)]
    pub retry_maybe_sent: Option<bool>,
}

impl TryFrom<ClientConfig> for ClientOptions {
    type Error = Error;

    fn try_from(c: ClientConfig) -> Result<Self, Error> {
        let text = |v: Option<JvmString>, field: &str| v.map(|s| s.option(field)).transpose();
        let secret = |v, field| Ok::<_, Error>(text(v, field)?.map(Secret::from));
        let mut o = ClientOptions::default();
        o.access_key_id = text(c.access_key_id, "accessKeyId")?;
        o.access_key_secret = secret(c.access_key_secret, "accessKeySecret")?;
        o.security_token = secret(c.security_token, "securityToken")?;
        o.endpoint = text(c.endpoint, "endpoint")?;
        o.allow_http = c.allow_http;
        o.region = text(c.region, "region")?;
        o.signature = text(c.signature, "signature")?;
        o.api_version = text(c.api_version, "apiVersion")?;
        o.connect_timeout_ms = c.connect_timeout_ms;
        o.read_timeout_ms = c.read_timeout_ms;
        o.total_timeout_ms = c.total_timeout_ms;
        o.retry = c.retry.map(|r| {
            let mut o = RetryOptions::default();
            o.max_attempts = r.max_attempts;
            o.base_delay_ms = r.base_delay_ms;
            o.max_delay_ms = r.max_delay_ms;
            o.retry_maybe_sent = r.retry_maybe_sent;
            o
        });
        o.proxy = secret(c.proxy, "proxy")?;
        o.ca_file = text(c.ca_file, "caFile")?;
        o.user_agent_suffix = text(c.user_agent_suffix, "userAgentSuffix")?;
        o.max_response_bytes = c.max_response_bytes;
        Ok(o)
    }
}

impl fmt::Display for ClientConfig {
    /// The core's redacted view of the options.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ClientOptions::try_from(self.clone()) {
            Ok(o) => write!(f, "{o:?}"),
            Err(e) => write!(f, "ClientConfig({e})"),
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A successful push: `taskId` (`PushResult.Data`, to cancel or revoke);
/// `alreadyAccepted`: the service's duplicate-`Msgkey` answer to a retry.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct BroadcastResult {
    pub request_id: String,
    pub task_id: Option<String>,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub push_result_message: Option<String>,
    pub http_status: i32,
    pub already_accepted: bool,
}

impl From<mpaas_push::BroadcastResult> for BroadcastResult {
    fn from(r: mpaas_push::BroadcastResult) -> Self {
        Self {
            request_id: r.request_id,
            task_id: r.task_id,
            result_code: r.result_code,
            result_message: r.result_message,
            push_result_message: r.push_result_message,
            http_status: i32::from(r.http_status),
            already_accepted: r.already_accepted,
        }
    }
}

/// One HTTP header of a prepared request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// A dry run: the exact HTTP request (secrets redacted), the signed parameters
/// (V1: all; V3: the body's), V3's canonical request, the string to sign.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct PreparedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<Header>,
    pub body: String,
    pub signature_method: String,
    pub signed_params: HashMap<String, String>,
    pub canonical_request: Option<String>,
    pub string_to_sign: String,
    pub signature: String,
    pub nonce: String,
    pub timestamp: String,
}

impl From<mpaas_push::PreparedRequest> for PreparedRequest {
    fn from(p: mpaas_push::PreparedRequest) -> Self {
        Self {
            method: p.method,
            url: p.url,
            headers: (p.headers.into_iter())
                .map(|(name, value)| Header { name, value })
                .collect(),
            body: p.body,
            signature_method: p.signature_method,
            signed_params: p.signed_params.into_iter().collect(),
            canonical_request: p.canonical_request,
            string_to_sign: p.string_to_sign,
            signature: p.signature,
            nonce: p.nonce,
            timestamp: p.timestamp,
        }
    }
}

/// The client under Kotlin's `Client`: create one and share it (one
/// connection pool, any number of calls at once); `close()` releases it.
#[derive(Debug, uniffi::Object)]
pub struct ClientCore {
    pub(crate) inner: mpaas_push::Client,
}

impl ClientCore {
    fn build(config: Option<ClientConfig>, from_env: bool) -> Result<Arc<Self>, MpaasPushError> {
        catch(|| {
            let o = ClientOptions::try_from(config.unwrap_or_default())?;
            let inner = if from_env {
                o.build_from_env("kotlin")?
            } else {
                o.build("kotlin")?
            };
            Ok(Arc::new(Self { inner }))
        })
        .map_err(MpaasPushError::from)
    }

    /// Converts `req`, sends it and converts the result; a panic is `internal`.
    pub(crate) async fn call<Q, O, R>(&self, req: Q) -> Result<R, MpaasPushError>
    where
        Q: TryInto<O, Error = Error> + Send + 'static,
        O: Operation + Sync,
        R: From<O::Output>,
    {
        let client = self.inner.clone();
        // The core runs the exchange on its own runtime: any dispatcher may poll.
        let call = async move { client.send(&req.try_into()?).await.map(R::from) };
        CatchUnwind::new(call).await.map_err(MpaasPushError::from)
    }

    /// Blocking [`call`](Self::call), on the calling thread.
    pub(crate) fn call_blocking<Q, O, R>(&self, req: Q) -> Result<R, MpaasPushError>
    where
        Q: TryInto<O, Error = Error>,
        O: Operation,
        R: From<O::Output>,
    {
        catch(|| self.inner.send_blocking(&req.try_into()?).map(R::from)).map_err(Into::into)
    }

    /// Dry run; what is not pinned comes from the client's clock and nonces.
    pub(crate) fn dry_run<Q, O>(
        &self,
        req: Q,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError>
    where
        Q: TryInto<O, Error = Error>,
        O: Operation,
    {
        catch(|| {
            let op: O = req.try_into()?;
            let (nonce, at) = pins(nonce, timestamp)?;
            let p = self
                .inner
                .prepare_pinned(&op, at.as_deref(), nonce.as_deref())?;
            Ok(p.into())
        })
        .map_err(Into::into)
    }
}

/// The pins as the core's `prepare_pinned` reads them (RFC 3339 instant).
pub(crate) fn pins(
    nonce: Option<JvmString>,
    timestamp: Option<SystemTime>,
) -> Result<(Option<String>, Option<String>), Error> {
    let nonce = nonce.map(|n| n.text("nonce")).transpose()?;
    let at = (timestamp
        .map(|t| host::instant("timestamp", t))
        .transpose()?)
    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    Ok((nonce, at))
}

#[uniffi::export]
impl ClientCore {
    /// A client from `config`; a bad option throws `Config` naming it.
    #[uniffi::constructor(default(config = None))]
    pub fn new(config: Option<ClientConfig>) -> Result<Arc<Self>, MpaasPushError> {
        Self::build(config, false)
    }

    /// Credentials from the environment or credential files; `config`
    /// holds the other options (no credential option: `not_allowed`).
    #[uniffi::constructor(default(config = None))]
    pub fn from_env(config: Option<ClientConfig>) -> Result<Arc<Self>, MpaasPushError> {
        Self::build(config, true)
    }

    /// The endpoint URL in use.
    pub fn endpoint(&self) -> String {
        self.inner.endpoint().url().to_owned()
    }

    /// The user agent sent with every request.
    pub fn user_agent(&self) -> String {
        self.inner.user_agent().to_owned()
    }
}
