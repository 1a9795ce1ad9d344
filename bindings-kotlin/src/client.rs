//! The `Client` object, its `ClientConfig` record and the result records.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use mpaas_push::{
    ApiVersion, Client as CoreClient, Credentials, Error, ProxyConfig, RetryPolicy, SignatureMethod,
};

use crate::errors::{MpaasPushError, config, credentials};
use crate::model::BroadcastRequest;
use crate::panics::{CatchUnwind, catch};
use crate::text::JvmString;

/// Client options (spec §6); every field is optional. Without
/// `access_key_id` / `access_key_secret`, credentials come from the default
/// chain (environment, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`).
/// `toString()` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct ClientConfig {
    /// AccessKey id.
    #[uniffi(default = None)]
    pub access_key_id: Option<JvmString>,
    /// AccessKey secret.
    #[uniffi(default = None)]
    pub access_key_secret: Option<JvmString>,
    /// STS security token.
    #[uniffi(default = None)]
    pub security_token: Option<JvmString>,
    /// Endpoint URL (default `https://mpaas.cn-hangzhou.aliyuncs.com`).
    #[uniffi(default = None)]
    pub endpoint: Option<JvmString>,
    /// Region id (default `cn-hangzhou`).
    #[uniffi(default = None)]
    pub region: Option<JvmString>,
    /// `hmac-sha1` (default) or `acs3-hmac-sha256`.
    #[uniffi(default = None)]
    pub signature: Option<JvmString>,
    /// `2020-10-28` (default) or `2019-08-21`.
    #[uniffi(default = None)]
    pub api_version: Option<JvmString>,
    /// Connect deadline (default 5 s).
    #[uniffi(default = None)]
    pub connect_timeout: Option<Duration>,
    /// Read deadline per attempt (default 10 s).
    #[uniffi(default = None)]
    pub read_timeout: Option<Duration>,
    /// Deadline over all attempts.
    #[uniffi(default = None)]
    pub total_timeout: Option<Duration>,
    /// Attempts in all (default 3; 1 = no retries).
    #[uniffi(default = None)]
    pub max_attempts: Option<u32>,
    /// Also retry failures that may have reached the service (opt-in).
    #[uniffi(default = None)]
    pub retry_maybe_sent: Option<bool>,
    /// Allow plain `http://` to a non-loopback host.
    #[uniffi(default = None)]
    pub allow_http: Option<bool>,
    /// Proxy URL, or `env` for the proxy environment variables.
    #[uniffi(default = None)]
    pub proxy: Option<JvmString>,
    /// Appended to the user agent.
    #[uniffi(default = None)]
    pub user_agent_suffix: Option<JvmString>,
    /// First backoff ceiling between attempts, doubled each retry with
    /// full jitter (default 200 ms).
    #[uniffi(default = None)]
    pub retry_base_delay: Option<Duration>,
    /// Longest wait between attempts, also the cap on the service's
    /// `x-acs-retry-after` (default 20 s).
    #[uniffi(default = None)]
    pub retry_max_delay: Option<Duration>,
}

impl fmt::Display for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |s: &Option<JvmString>| if s.is_some() { "<redacted>" } else { "null" };
        write!(
            f,
            "ClientConfig(accessKeyId={:?}, accessKeySecret={}, securityToken={}, endpoint={:?}, \
             region={:?}, signature={:?}, apiVersion={:?}, connectTimeout={:?}, readTimeout={:?}, \
             totalTimeout={:?}, maxAttempts={:?}, retryMaybeSent={:?}, allowHttp={:?}, proxy={:?}, \
             userAgentSuffix={:?}, retryBaseDelay={:?}, retryMaxDelay={:?})",
            self.access_key_id,
            hidden(&self.access_key_secret),
            hidden(&self.security_token),
            self.endpoint,
            self.region,
            self.signature,
            self.api_version,
            self.connect_timeout,
            self.read_timeout,
            self.total_timeout,
            self.max_attempts,
            self.retry_maybe_sent,
            self.allow_http,
            self.proxy,
            self.user_agent_suffix,
            self.retry_base_delay,
            self.retry_max_delay,
        )
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An option's text; a JVM string with a lone surrogate is a `config`
/// error naming the option (never quoting it: it may be a secret).
fn option<'a>(v: &'a Option<JvmString>, name: &str) -> Result<Option<&'a str>, Error> {
    v.as_ref()
        .map(|s| {
            s.ok()
                .ok_or_else(|| config(format!("{name} {}", crate::text::UTF8_MESSAGE)))
        })
        .transpose()
}

fn build(cfg: &ClientConfig, from_env: bool) -> Result<CoreClient, Error> {
    let mut b = CoreClient::builder().language("kotlin");
    if let Some(e) = option(&cfg.endpoint, "endpoint")? {
        b = b.endpoint(e);
    }
    if let Some(r) = option(&cfg.region, "region")? {
        b = b.region(r);
    }
    if let Some(s) = option(&cfg.signature, "signature")? {
        b = b.signature_method(s.parse::<SignatureMethod>()?);
    }
    if let Some(v) = option(&cfg.api_version, "apiVersion")? {
        b = b.api_version(v.parse::<ApiVersion>()?);
    }
    for (d, name) in [
        (cfg.connect_timeout, "connectTimeout"),
        (cfg.read_timeout, "readTimeout"),
        (cfg.total_timeout, "totalTimeout"),
    ] {
        if d == Some(Duration::ZERO) {
            return Err(config(format!("{name} must be positive")));
        }
    }
    if let Some(d) = cfg.connect_timeout {
        b = b.connect_timeout(d);
    }
    if let Some(d) = cfg.read_timeout {
        b = b.read_timeout(d);
    }
    if let Some(d) = cfg.total_timeout {
        b = b.total_timeout(d);
    }
    let retry_given = cfg.max_attempts.is_some()
        || cfg.retry_maybe_sent.is_some()
        || cfg.retry_base_delay.is_some()
        || cfg.retry_max_delay.is_some();
    if retry_given {
        let mut p = RetryPolicy::default();
        if let Some(n) = cfg.max_attempts {
            p = p.with_max_attempts(n);
        }
        if let Some(yes) = cfg.retry_maybe_sent {
            p = p.with_retry_maybe_sent(yes);
        }
        let base = cfg.retry_base_delay.unwrap_or(p.base_delay);
        let max = cfg.retry_max_delay.unwrap_or(p.max_delay);
        b = b.retry_policy(p.with_delays(base, max));
    }
    if let Some(yes) = cfg.allow_http {
        b = b.allow_http(yes);
    }
    match option(&cfg.proxy, "proxy")? {
        None => {}
        Some("env") => b = b.proxy(ProxyConfig::FromEnv),
        Some(url) => b = b.proxy(ProxyConfig::Url(url.to_owned())),
    }
    if let Some(s) = option(&cfg.user_agent_suffix, "userAgentSuffix")? {
        b = b.user_agent_suffix(s);
    }
    let token = option(&cfg.security_token, "securityToken")?;
    let given = (
        option(&cfg.access_key_id, "accessKeyId")?,
        option(&cfg.access_key_secret, "accessKeySecret")?,
    );
    if from_env && (given.0.is_some() || given.1.is_some() || token.is_some()) {
        return Err(config(
            "Client.fromEnv() reads credentials from the environment; pass accessKeyId / \
             accessKeySecret / securityToken to Client(ClientConfig(...)) instead",
        ));
    }
    match given {
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

/// What the service answered to a successful push.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BroadcastResult {
    /// `RequestId`.
    pub request_id: String,
    /// `PushResult.Data`: the task id (needed to cancel or revoke); may be
    /// absent for immediate pushes.
    pub task_id: Option<String>,
    /// `ResultCode` (normally `OK`).
    pub result_code: Option<String>,
    /// `ResultMessage`.
    pub result_message: Option<String>,
    /// `PushResult.ResultMsg`.
    pub push_result_message: Option<String>,
    /// HTTP status.
    pub http_status: u16,
    /// `true` when this answer is the service's duplicate-`Msgkey`
    /// rejection of a retry (only with `retryMaybeSent`): an earlier
    /// attempt of this call was accepted, the broadcast went out once, and
    /// `taskId` may be absent. `false` for an ordinary acceptance.
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
            http_status: r.http_status,
            already_accepted: r.already_accepted,
        }
    }
}

/// One HTTP header of a prepared request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Header {
    /// Header name.
    pub name: String,
    /// Header value.
    pub value: String,
}

/// A dry run: the exact HTTP request that would be sent (secrets redacted).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PreparedRequest {
    /// HTTP method (`POST`).
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers in the order sent.
    pub headers: Vec<Header>,
    /// The form body.
    pub body: String,
    /// `hmac-sha1` or `acs3-hmac-sha256`.
    pub signature_method: String,
    /// V1: every signed parameter; V3: the body parameters.
    pub signed_params: HashMap<String, String>,
    /// V3 only: the canonical request.
    pub canonical_request: Option<String>,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signature (Base64 for V1, hex for V3).
    pub signature: String,
    /// The nonce used.
    pub nonce: String,
    /// The timestamp used (`YYYY-MM-DDThh:mm:ssZ`).
    pub timestamp: String,
}

impl From<mpaas_push::PreparedRequest> for PreparedRequest {
    fn from(p: mpaas_push::PreparedRequest) -> Self {
        Self {
            method: p.method,
            url: p.url,
            headers: p
                .headers
                .into_iter()
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

fn request(req: &BroadcastRequest) -> Result<mpaas_push::BroadcastRequest, Error> {
    req.to_core().map_err(Error::from)
}

fn parse_json(text: &JvmString) -> Result<mpaas_push::BroadcastRequest, Error> {
    mpaas_push::BroadcastRequest::from_json_str(text.text("request")?).map_err(Error::from)
}

/// A Message Push Service client. Create one and share it: it owns one
/// connection pool and any number of calls (threads or coroutines) may run
/// at once. `close()` (AutoCloseable) releases it; calls already running
/// finish normally, later calls throw `IllegalStateException`.
#[derive(Debug, uniffi::Object)]
pub struct Client {
    pub(crate) inner: CoreClient,
}

impl Client {
    fn prepare(
        &self,
        req: Result<mpaas_push::BroadcastRequest, Error>,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        catch(|| {
            let req = req?;
            let prepared = match (nonce, timestamp) {
                (None, None) => self.inner.prepare_broadcast(&req)?,
                (nonce, at) => {
                    let at =
                        at.map_or_else(chrono::Utc::now, chrono::DateTime::<chrono::Utc>::from);
                    let nonce = match &nonce {
                        Some(n) => n.text("nonce")?.to_owned(),
                        None => mpaas_push::generate_msgkey(),
                    };
                    self.inner.prepare_broadcast_at(&req, at, &nonce)?
                }
            };
            Ok(prepared.into())
        })
        .map_err(MpaasPushError::from)
    }

    async fn push(
        &self,
        req: Result<mpaas_push::BroadcastRequest, Error>,
    ) -> Result<BroadcastResult, MpaasPushError> {
        let client = self.inner.clone();
        // The core runs the call on its own tokio runtime; this future only
        // waits for it, so any Kotlin dispatcher may poll it.
        let call = async move {
            let req = req?;
            client.push_broadcast(&req).await.map(BroadcastResult::from)
        };
        CatchUnwind(Box::pin(call))
            .await
            .map_err(MpaasPushError::from)
    }
}

#[uniffi::export]
impl Client {
    /// A client from `config` (all fields optional). Bad options throw
    /// `MpaasPushException.Config`, missing credentials `.Credentials`.
    #[uniffi::constructor(default(config = None))]
    pub fn new(config: Option<ClientConfig>) -> Result<Arc<Self>, MpaasPushError> {
        catch(|| build(&config.unwrap_or_else(empty_config), false))
            .map(|inner| Arc::new(Self { inner }))
            .map_err(MpaasPushError::from)
    }

    /// A client whose credentials come from the environment
    /// (`ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `_SECURITY_TOKEN`) or the
    /// credential files; `config` holds the other options.
    #[uniffi::constructor(default(config = None))]
    pub fn from_env(config: Option<ClientConfig>) -> Result<Arc<Self>, MpaasPushError> {
        catch(|| build(&config.unwrap_or_else(empty_config), true))
            .map(|inner| Arc::new(Self { inner }))
            .map_err(MpaasPushError::from)
    }

    /// Validates, signs and sends one PushBroadcast (a `suspend fun` in
    /// Kotlin). Only failures that cannot have reached the service are
    /// retried, each attempt re-signed with the same `msgkey`. Cancelling
    /// the coroutine cancels the call.
    pub async fn push_broadcast(
        &self,
        request: BroadcastRequest,
    ) -> Result<BroadcastResult, MpaasPushError> {
        let req = catch(|| self::request(&request));
        self.push(req).await
    }

    /// [`push_broadcast`](Self::push_broadcast) for blocking callers
    /// (plain Java threads). Blocks the calling thread only.
    pub fn push_broadcast_blocking(
        &self,
        request: BroadcastRequest,
    ) -> Result<BroadcastResult, MpaasPushError> {
        catch(|| {
            let req = self::request(&request)?;
            self.inner
                .push_broadcast_blocking(&req)
                .map(BroadcastResult::from)
        })
        .map_err(MpaasPushError::from)
    }

    /// `push_broadcast` with the request as neutral camelCase JSON text
    /// (spec §2), e.g. read from a file.
    pub async fn push_broadcast_json(
        &self,
        request_json: JvmString,
    ) -> Result<BroadcastResult, MpaasPushError> {
        let req = catch(|| parse_json(&request_json));
        self.push(req).await
    }

    /// Dry run: validates and signs without sending and returns the exact
    /// HTTP request (secrets redacted). `nonce` and `timestamp` pin the
    /// signature (the timestamp is also "now" for validation).
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_broadcast(
        &self,
        request: BroadcastRequest,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        let req = catch(|| self::request(&request));
        self.prepare(req, nonce, timestamp)
    }

    /// [`prepare_broadcast`](Self::prepare_broadcast) with the request as
    /// neutral camelCase JSON text (spec §2).
    #[uniffi::method(default(nonce = None, timestamp = None))]
    pub fn prepare_broadcast_json(
        &self,
        request_json: JvmString,
        nonce: Option<JvmString>,
        timestamp: Option<SystemTime>,
    ) -> Result<PreparedRequest, MpaasPushError> {
        let req = catch(|| parse_json(&request_json));
        self.prepare(req, nonce, timestamp)
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

fn empty_config() -> ClientConfig {
    ClientConfig {
        access_key_id: None,
        access_key_secret: None,
        security_token: None,
        endpoint: None,
        region: None,
        signature: None,
        api_version: None,
        connect_timeout: None,
        read_timeout: None,
        total_timeout: None,
        max_attempts: None,
        retry_maybe_sent: None,
        retry_base_delay: None,
        retry_max_delay: None,
        allow_http: None,
        proxy: None,
        user_agent_suffix: None,
    }
}
