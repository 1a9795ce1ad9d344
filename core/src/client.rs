//! [`Client`]: validates, signs and sends, with timeouts and safe retries.
//! Create one and share it: it is `Send + Sync + Clone` (an `Arc` inside) and
//! owns one connection pool.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use crate::clock::{Clock, NonceSource, RandomNonce, SharedClock, SharedNonceSource, SystemClock};
use crate::config::{
    ApiVersion, DEFAULT_REGION, Endpoint, MAX_ATTEMPTS, MAX_DURATION, MAX_DURATION_TEXT,
    RESPONSE_BYTES_RANGE, RetryPolicy, Timeouts, response_bytes_text,
};
use crate::credentials::{Credentials, CredentialsProvider, DefaultChain};
use crate::error::{Error, ErrorKind, TimeoutKind, ValidationError};
use crate::local::LocalEngines;
use crate::model::{
    BroadcastRequest, CancelSchedulerRequest, RevokeMessageRequest, RevokeTaskRequest,
    SchedulerListQuery, TaskDetailQuery, TaskListQuery,
};
use crate::operation::{AnyRequest, Operation, dispatch};
use crate::prepare::{PreparedRequest, SigningContext, prepare, prepare_to_send};
use crate::response::BroadcastResult;
use crate::results::{CancelResult, RevokeResult, SchedulerPage, TaskDetail, TaskListPage};
use crate::retry::{self, CallState};
use crate::rule::Rule;
use crate::secret::Redactor;
use crate::sign::SignatureMethod;
use crate::transport::{ProxyConfig, Transport, TransportConfig};
use crate::wire::{Params, PayloadEncoding};
use serde_json::Value;

/// Default cap on a response body (1 MiB): larger answers are not MPS JSON.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1 << 20;

/// The crate version, sent in the user agent.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A Message Push Service client. Create once, share everywhere (cloning is
/// cheap and shares the connection pool).
///
/// ```no_run
/// use mpaas_push::{BroadcastRequest, Client, Credentials, DeliveryType, Period};
/// # async fn demo() -> Result<(), mpaas_push::Error> {
/// let client = Client::builder()
///     .credentials(Credentials::new("LTAI…", "secret"))
///     .build()?;
/// let req = BroadcastRequest::builder()
///     .app_id("ONEX570DA89211721").workspace_id("default")
///     .delivery_type(DeliveryType::Android).msgkey("order-1234")
///     .expired_seconds(300).task_name("news").template_name("news_tpl")
///     .template_value("content", "Hello").bind_period(Period::Days7)
///     .build()?;
/// let sent = client.push_broadcast(&req).await?;
/// println!("task {:?} (request {})", sent.task_id, sent.request_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: Endpoint,
    region: String,
    api_version: ApiVersion,
    signature: SignatureMethod,
    credentials: Arc<dyn CredentialsProvider>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: SharedClock,
    nonce: SharedNonceSource,
    payload_encoding: PayloadEncoding,
    user_agent: String,
    transport: Transport,
    /// Settings to build the per-thread pools of blocking calls.
    transport_config: TransportConfig,
    /// Blocking calls' per-thread runtimes and pools.
    local: LocalEngines,
    /// Learned server-minus-local clock offset (ms), applied when signing.
    skew_ms: AtomicI64,
    /// Retries this client may still make (shared by every call).
    retry_budget: retry::RetryBudget,
    /// The redactor of the credentials last used: building one encodes each
    /// secret three ways and sorts them, and the credentials rarely change
    /// between calls (a static key never does).
    redactor: std::sync::Mutex<Option<(Credentials, Arc<Redactor>)>>,
    /// The process that created the client (its pool is that process's).
    pid: u32,
    /// The shared runtime's handle, looked up on the first async call (a
    /// client only sends from the process that created it, see `pid`).
    shared: std::sync::OnceLock<tokio::runtime::Handle>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("endpoint", &i.endpoint.url())
            .field("region", &i.region)
            .field("api_version", &i.api_version.as_str())
            .field("signature", &i.signature.as_str())
            .field("credentials", &i.credentials)
            .field("timeouts", &i.timeouts)
            .field("retry", &i.retry)
            .finish_non_exhaustive()
    }
}

/// A `config` error naming the option.
fn bad(field: &str, rule: Rule, message: &str, value: impl fmt::Display) -> Error {
    Error::option(ValidationError::new(field, rule, message).with_value(value))
}

/// What [`ClientBuilder::checked`] derived from the settings: read once,
/// used by `build`.
struct Checked {
    region: String,
    endpoint: Endpoint,
    user_agent: String,
    /// The CA certificates of `caFile` / `ca_pem`.
    extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
}

/// Builder of [`Client`]; every setting has the documented default.
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    endpoint: Option<String>,
    region: Option<String>,
    api_version: ApiVersion,
    signature: SignatureMethod,
    credentials: Option<Arc<dyn CredentialsProvider>>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    proxy: ProxyConfig,
    ca_file: Option<std::path::PathBuf>,
    ca_pem: Option<Vec<u8>>,
    allow_http: bool,
    language: Option<String>,
    user_agent_suffix: Option<String>,
    clock: Option<SharedClock>,
    nonce: Option<SharedNonceSource>,
    payload_encoding: PayloadEncoding,
    max_response_bytes: Option<usize>,
}

impl ClientBuilder {
    /// Endpoint host or URL (default `https://mpaas.<region>.aliyuncs.com`).
    /// Plain `http://` only for loopback hosts unless [`allow_http`](Self::allow_http).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Region id (default `cn-hangzhou`); picks the default endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// API version (default `2020-10-28`).
    pub fn api_version(mut self, v: ApiVersion) -> Self {
        self.api_version = v;
        self
    }

    /// Signature method (default HMAC-SHA1).
    pub fn signature_method(mut self, m: SignatureMethod) -> Self {
        self.signature = m;
        self
    }

    /// Static credentials.
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(Arc::new(c));
        self
    }

    /// A credentials provider, asked before every attempt.
    pub fn credentials_provider(mut self, p: Arc<dyn CredentialsProvider>) -> Self {
        self.credentials = Some(p);
        self
    }

    /// All three deadlines.
    pub fn timeouts(mut self, t: Timeouts) -> Self {
        self.timeouts = t;
        self
    }

    /// Connect deadline per attempt (default 5 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.timeouts.connect = d;
        self
    }

    /// Read deadline per attempt (default 10 s).
    pub fn read_timeout(mut self, d: Duration) -> Self {
        self.timeouts.read = d;
        self
    }

    /// Deadline over all attempts (default 30 s).
    pub fn total_timeout(mut self, d: Duration) -> Self {
        self.timeouts.total = d;
        self
    }

    /// Retry policy (default: 3 attempts, only what cannot have been sent).
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }

    /// Proxy (default: [`ProxyConfig::FromEnv`], `HTTPS_PROXY` /
    /// `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` as curl reads them).
    pub fn proxy(mut self, p: ProxyConfig) -> Self {
        self.proxy = p;
        self
    }

    /// Also trust the CA certificates in this PEM file (a company's TLS
    /// inspection proxy, a private endpoint), on top of the system's roots.
    /// Read when the client is built.
    pub fn ca_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.ca_file = Some(path.into());
        self
    }

    /// Also trust the CA certificates in this PEM text, on top of the
    /// system's roots (and of [`ClientBuilder::ca_file`]).
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem = Some(pem.into());
        self
    }

    /// Allows plain `http://` to non-loopback hosts (dangerous; default off).
    pub fn allow_http(mut self, yes: bool) -> Self {
        self.allow_http = yes;
        self
    }

    /// The host language in the user agent (`rust`, `python`, `node`, `jvm`).
    pub fn language(mut self, lang: impl Into<String>) -> Self {
        self.language = Some(lang.into());
        self
    }

    /// Text appended to the user agent.
    pub fn user_agent_suffix(mut self, s: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(s.into());
        self
    }

    /// The clock used for validation and signing (tests, dry runs).
    pub fn clock(mut self, c: Arc<dyn Clock>) -> Self {
        self.clock = Some(c);
        self
    }

    /// The nonce source (tests).
    pub fn nonce_source(mut self, n: Arc<dyn NonceSource>) -> Self {
        self.nonce = Some(n);
        self
    }

    /// How `TransparentMessagePayload` is sent (default flattened).
    pub fn payload_encoding(mut self, e: PayloadEncoding) -> Self {
        self.payload_encoding = e;
        self
    }

    /// Largest response body accepted (default 1 MiB).
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = Some(n);
        self
    }

    /// Checks every setting without building anything (no credential
    /// lookup, no HTTP client): each failure names the option as the
    /// neutral client options spell it (spec §6).
    pub fn check(&self) -> Result<(), Error> {
        self.checked().map(|_| ())
    }

    /// The region, endpoint and user agent the settings give, or the first
    /// option that is wrong.
    fn checked(&self) -> Result<Checked, Error> {
        let region = self.region.as_deref().unwrap_or(DEFAULT_REGION);
        if region.is_empty() {
            return Err(bad("region", Rule::NotBlank, "must not be empty", region));
        }
        if !region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(bad(
                "region",
                Rule::Pattern,
                "may only contain letters, digits and '-'",
                region,
            ));
        }
        let endpoint = match &self.endpoint {
            Some(e) => Endpoint::parse(e, self.allow_http)?,
            None => Endpoint::parse(&format!("https://mpaas.{region}.aliyuncs.com"), false)?,
        };
        let t = self.timeouts;
        let r = self.retry;
        for (name, d) in [
            ("connectTimeoutMs", t.connect),
            ("readTimeoutMs", t.read),
            ("totalTimeoutMs", t.total),
            ("retry.baseDelayMs", r.base_delay),
            ("retry.maxDelayMs", r.max_delay),
        ] {
            // Timeouts must be positive; retry delays may be zero.
            if d.is_zero() && !name.starts_with("retry.") {
                return Err(bad(name, Rule::Positive, "must be greater than 0", 0));
            }
            if d > MAX_DURATION {
                return Err(bad(name, Rule::Range, MAX_DURATION_TEXT, d.as_millis()));
            }
        }
        if !(1..=MAX_ATTEMPTS).contains(&r.max_attempts) {
            return Err(bad(
                "retry.maxAttempts",
                Rule::Range,
                "must be between 1 and 10",
                r.max_attempts,
            ));
        }
        let (lo, hi) = RESPONSE_BYTES_RANGE;
        if let Some(n) = self.max_response_bytes.filter(|n| !(lo..=hi).contains(n)) {
            return Err(bad(
                "maxResponseBytes",
                Rule::Range,
                &response_bytes_text(),
                n,
            ));
        }
        if r.base_delay > r.max_delay {
            return Err(bad(
                "retry.baseDelayMs",
                Rule::Range,
                "must not exceed retry.maxDelayMs",
                r.base_delay.as_millis(),
            ));
        }
        if let ProxyConfig::Url(u) = &self.proxy {
            crate::transport::check_proxy_url(u)?;
        }
        let mut extra_roots = match &self.ca_file {
            Some(path) => crate::transport::read_ca_file(path)?,
            None => Vec::new(),
        };
        if let Some(pem) = &self.ca_pem {
            extra_roots.extend(crate::transport::parse_ca_pem(pem, "caPem")?);
        }
        let language = self.language.as_deref().unwrap_or("rust");
        let mut user_agent = format!("mpaas-push/{VERSION} ({language})");
        if let Some(s) = self.user_agent_suffix.as_deref().filter(|s| !s.is_empty()) {
            if http::HeaderValue::from_str(s).is_err() {
                return Err(bad(
                    "userAgentSuffix",
                    Rule::HeaderValue,
                    "contains characters not allowed in an HTTP header",
                    format_args!("{s:?}"),
                ));
            }
            user_agent.push(' ');
            user_agent.push_str(s);
        }
        Ok(Checked {
            region: region.to_owned(),
            endpoint,
            user_agent,
            extra_roots,
        })
    }

    /// Checks the configuration and builds the client. Without explicit
    /// credentials, the default chain (environment, CLI config, INI file) is
    /// resolved now, so a missing key fails here rather than at first send.
    pub fn build(self) -> Result<Client, Error> {
        let Checked {
            region,
            endpoint,
            user_agent,
            extra_roots,
        } = self.checked()?;
        let t = self.timeouts;
        let credentials: Arc<dyn CredentialsProvider> = match self.credentials {
            Some(c) => c,
            None => Arc::new(DefaultChain::default().resolve()?),
        };
        let transport_config = TransportConfig::new(
            t,
            &self.proxy,
            extra_roots,
            self.max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            &endpoint,
        )?;
        let transport = Transport::new(&transport_config)?;
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                region,
                api_version: self.api_version,
                signature: self.signature,
                credentials,
                timeouts: t,
                retry: self.retry,
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                nonce: self.nonce.unwrap_or_else(|| Arc::new(RandomNonce)),
                payload_encoding: self.payload_encoding,
                user_agent,
                transport,
                transport_config,
                local: LocalEngines::default(),
                skew_ms: AtomicI64::new(0),
                retry_budget: retry::RetryBudget::default(),
                redactor: std::sync::Mutex::new(None),
                pid: std::process::id(),
                shared: std::sync::OnceLock::new(),
            }),
        })
    }
}

/// Aborts a spawned task when the caller stops waiting for it.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Client {
    /// A builder with the documented defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with default settings and credentials from the default chain
    /// (environment, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`).
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// The endpoint in use.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The user agent sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// Validates, signs and sends one PushBroadcast, retrying only what the
    /// service cannot have acted on (unless the retry policy opts in). Every
    /// attempt is signed anew (fresh nonce and timestamp) with the same
    /// `Msgkey`. Runs on the shared runtime, so any executor may await it;
    /// dropping the future cancels the call.
    pub async fn push_broadcast(&self, req: &BroadcastRequest) -> Result<BroadcastResult, Error> {
        self.send(req).await
    }

    /// Blocking [`push_broadcast`](Self::push_broadcast) for synchronous
    /// callers. Must not be called from inside an async runtime.
    pub fn push_broadcast_blocking(
        &self,
        req: &BroadcastRequest,
    ) -> Result<BroadcastResult, Error> {
        self.send_blocking(req)
    }

    /// Dry run: validates and signs with the client's clock and nonce source,
    /// returning the exact HTTP request (secrets redacted) without sending.
    pub fn prepare_broadcast(&self, req: &BroadcastRequest) -> Result<PreparedRequest, Error> {
        self.prepare(req)
    }

    /// Dry run with a pinned clock and nonce: `at` is both "now" for
    /// validation and the signing time. Reproduces official-SDK vectors.
    pub fn prepare_broadcast_at(
        &self,
        req: &BroadcastRequest,
        at: DateTime<Utc>,
        nonce: &str,
    ) -> Result<PreparedRequest, Error> {
        self.prepare_at(req, at, nonce)
    }

    /// Validates, signs and sends any [`Operation`]. Read-only actions
    /// (`Query*`) are also retried after failures that may have reached the
    /// service; writes (broadcast, cancel, revoke) only when the retry policy
    /// opts in. Dropping the future cancels the call.
    ///
    /// ```no_run
    /// use mpaas_push::{Client, Target, TaskDetailQuery};
    /// # async fn demo(client: Client) -> Result<(), mpaas_push::Error> {
    /// let figures = client.send(&TaskDetailQuery::new(Target::new("A", "W"), "1000001")).await?;
    /// println!("{} pushed, {} arrived", figures.push_num, figures.push_arrival_num);
    /// # Ok(()) }
    /// ```
    pub async fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        test_hook!(Validate);
        op.validate(self.inner.clock.now())?;
        let params = op.params(self.inner.payload_encoding);
        self.spawn_call::<O>(params, op.context()).await
    }

    /// Blocking [`send`](Self::send). Must not be called from inside an
    /// async runtime.
    ///
    /// The exchange runs on the calling thread (its own current-thread
    /// runtime and connection pool, see [`crate::MAX_LOCAL_ENGINES`]), so a
    /// sequential caller pays no thread hand-offs.
    pub fn send_blocking<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::config(format!(
                "a blocking {} was called inside an async runtime; use the async method",
                O::ACTION
            )));
        }
        let inner = &self.inner;
        let Some(engine) = inner.local.for_this_thread(&inner.transport_config)? else {
            return crate::runtime::handle()?.block_on(self.send(op));
        };
        let Some(rt) = engine.runtime() else {
            return crate::runtime::handle()?.block_on(self.send(op));
        };
        test_hook!(Validate);
        op.validate(inner.clock.now())?;
        inner.check_pid()?;
        let params = op.params(inner.payload_encoding);
        let ctx = op.context();
        let run = || rt.block_on(inner.execute::<O>(&engine.transport, &params, ctx));
        crate::panic::catch(run, |e| {
            // The engine may be half-used: the next call builds a new one.
            inner.local.forget_this_thread();
            e
        })
    }

    /// Dry run of any [`Operation`] (see [`prepare_broadcast`](Self::prepare_broadcast)).
    pub fn prepare<O: Operation>(&self, op: &O) -> Result<PreparedRequest, Error> {
        let now = self.inner.clock.now();
        let nonce = self.inner.nonce.nonce();
        self.prepare_at(op, now, &nonce)
    }

    /// Dry run of any [`Operation`] with a pinned clock and nonce.
    pub fn prepare_at<O: Operation>(
        &self,
        op: &O,
        at: DateTime<Utc>,
        nonce: &str,
    ) -> Result<PreparedRequest, Error> {
        op.validate(at)?;
        let params = op.params(self.inner.payload_encoding);
        let creds = self.inner.credentials.credentials()?;
        let prepared = self
            .inner
            .sign(&creds, O::ACTION, &params, at, nonce, false);
        Ok(prepared.into_redacted(&self.inner.redactor_for(&creds)))
    }

    /// Sends a request of any [`Action`] and returns its result as neutral
    /// camelCase JSON (what the CLI and the bindings use).
    pub async fn send_any(&self, req: &AnyRequest) -> Result<Value, Error> {
        dispatch!(req, |r| to_value(self.send(r).await?))
    }

    /// Blocking [`send_any`](Self::send_any).
    pub fn send_any_blocking(&self, req: &AnyRequest) -> Result<Value, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::config(
                "a blocking call was made inside an async runtime; use the async method",
            ));
        }
        dispatch!(req, |r| to_value(self.send_blocking(r)?))
    }

    /// Dry run with optional pins as every binding receives them:
    /// `timestamp` is RFC 3339 text (`2026-11-28T04:00:00Z`; also "now" for
    /// validation), `nonce` any non-blank text. What is not pinned comes
    /// from the client's clock and nonce source, in every language.
    pub fn prepare_pinned<O: Operation>(
        &self,
        op: &O,
        timestamp: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<PreparedRequest, Error> {
        let (at, nonce) = self.pins(timestamp, nonce)?;
        self.prepare_at(op, at, &nonce)
    }

    /// [`prepare_pinned`](Self::prepare_pinned) for a request of any [`Action`].
    pub fn prepare_any_pinned(
        &self,
        req: &AnyRequest,
        timestamp: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<PreparedRequest, Error> {
        let (at, nonce) = self.pins(timestamp, nonce)?;
        self.prepare_any(req, Some(at), Some(&nonce))
    }

    fn pins(
        &self,
        timestamp: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<(DateTime<Utc>, String), Error> {
        let at = match timestamp {
            None => self.inner.clock.now(),
            Some(t) => DateTime::parse_from_rfc3339(t)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    ValidationError::new(
                        "timestamp",
                        Rule::TimeFormat,
                        "must be an RFC 3339 time, e.g. 2026-11-28T04:00:00Z",
                    )
                    .with_value(t)
                })?,
        };
        let nonce = match nonce {
            None => self.inner.nonce.nonce(),
            Some(n) if n.trim().is_empty() || n.contains('\0') => {
                return Err(ValidationError::new(
                    "nonce",
                    Rule::NotBlank,
                    "must be non-blank text without NUL",
                )
                .with_value(format_args!("{n:?}"))
                .into());
            }
            Some(n) => n.to_owned(),
        };
        Ok((at, nonce))
    }

    /// Dry run of a request of any [`Action`]; `at`/`nonce` pin the
    /// signature (the client's clock and nonce source otherwise).
    pub fn prepare_any(
        &self,
        req: &AnyRequest,
        at: Option<DateTime<Utc>>,
        nonce: Option<&str>,
    ) -> Result<PreparedRequest, Error> {
        let at = at.unwrap_or_else(|| self.inner.clock.now());
        let nonce = nonce.map_or_else(|| self.inner.nonce.nonce(), str::to_owned);
        dispatch!(req, |r| self.prepare_at(r, at, &nonce))
    }

    /// One page of scheduled tasks (`QueryPushSchedulerList`).
    pub async fn query_schedulers(&self, q: &SchedulerListQuery) -> Result<SchedulerPage, Error> {
        self.send(q).await
    }

    /// Cancels scheduled tasks (`CancelPushScheduler`).
    pub async fn cancel_schedulers(
        &self,
        r: &CancelSchedulerRequest,
    ) -> Result<CancelResult, Error> {
        self.send(r).await
    }

    /// Revokes a broadcast task's messages (`RevokePushTask`).
    pub async fn revoke_task(&self, r: &RevokeTaskRequest) -> Result<RevokeResult, Error> {
        self.send(r).await
    }

    /// Revokes one message (`RevokePushMessage`).
    pub async fn revoke_message(&self, r: &RevokeMessageRequest) -> Result<RevokeResult, Error> {
        self.send(r).await
    }

    /// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
    pub async fn task_detail(&self, q: &TaskDetailQuery) -> Result<TaskDetail, Error> {
        self.send(q).await
    }

    /// One page of task reports (`QueryPushAnalysisTaskList`).
    pub async fn task_list(&self, q: &TaskListQuery) -> Result<TaskListPage, Error> {
        self.send(q).await
    }

    async fn spawn_call<O: Operation>(
        &self,
        params: Params,
        ctx: O::Context,
    ) -> Result<O::Output, Error> {
        let action = O::ACTION;
        self.inner.check_pid()?;
        let handle = match self.inner.shared.get() {
            Some(h) => h.clone(),
            None => {
                let h = crate::runtime::handle()?;
                self.inner.shared.get_or_init(|| h.clone()).clone()
            }
        };
        let inner = Arc::clone(&self.inner);
        let mut task = AbortOnDrop(
            handle.spawn(async move { inner.execute::<O>(&inner.transport, &params, ctx).await }),
        );
        match (&mut task.0).await {
            Ok(result) => result,
            Err(e) if e.is_panic() => Err(Error::internal(format!(
                "panic while sending {action}: {}",
                crate::panic::message(&*e.into_panic())
            ))),
            Err(_) => Err(Error::internal(format!("{action} was cancelled"))),
        }
    }
}

fn to_value<T: serde::Serialize>(v: T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::internal(format!("cannot encode result: {e}")))
}

impl Inner {
    /// The redactor of `c`, reused while the credentials stay the same.
    fn redactor_for(&self, c: &Credentials) -> Arc<Redactor> {
        let mut last = self
            .redactor
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*last {
            Some((seen, r)) if seen == c => Arc::clone(r),
            _ => {
                let r = Arc::new(Redactor::new(
                    std::iter::once(c.access_key_secret()).chain(c.security_token()),
                ));
                *last = Some((c.clone(), Arc::clone(&r)));
                r
            }
        }
    }
}

impl Inner {
    fn sign(
        &self,
        creds: &Credentials,
        action: &str,
        params: &Params,
        at: DateTime<Utc>,
        nonce: &str,
        to_send: bool,
    ) -> PreparedRequest {
        let ctx = SigningContext {
            endpoint: &self.endpoint,
            api_version: self.api_version,
            method: self.signature,
            credentials: creds,
            timestamp: at,
            nonce,
            user_agent: &self.user_agent,
        };
        if to_send {
            prepare_to_send(&ctx, action, params)
        } else {
            prepare(&ctx, action, params)
        }
    }

    fn check_pid(&self) -> Result<(), Error> {
        if self.pid != std::process::id() {
            return Err(Error::config(
                "this client was created before fork(); its connections belong to the parent \
                 process. Create a new client in the child process.",
            ));
        }
        Ok(())
    }

    /// Runs `O` to completion: attempts until one succeeds or
    /// [`retry::next_delay`] says stop, all within the total deadline.
    async fn execute<O: Operation>(
        &self,
        transport: &Transport,
        params: &Params,
        ctx: O::Context,
    ) -> Result<O::Output, Error> {
        let total = self.timeouts.total;
        let deadline = Instant::now() + total;
        let mut call = CallState {
            attempt: 0,
            idempotent: O::IDEMPOTENT,
            skew_retried: false,
        };
        let mut earlier_maybe_sent = false;
        let mut paid: Option<u32> = None;
        loop {
            call.attempt += 1;
            let creds = self
                .credentials
                .credentials()
                .map_err(|e| e.after_attempts(call.attempt - 1, earlier_maybe_sent))?;
            let attempt = self.attempt::<O>(transport, params, ctx, &creds, call.attempt);
            let err = match tokio::time::timeout_at(deadline, attempt).await {
                Ok(Ok(v)) => {
                    self.retry_budget.observe(Ok(()));
                    self.retry_budget.deposit(paid);
                    return Ok(v);
                }
                Ok(Err(e)) => {
                    self.retry_budget.observe(Err(&e));
                    e
                }
                Err(_) => {
                    return Err(Error::from(ErrorKind::Timeout {
                        kind: TimeoutKind::Total,
                        maybe_sent: true,
                        message: format!("no result within the total deadline of {total:?}"),
                    })
                    .after_attempts(call.attempt, earlier_maybe_sent));
                }
            };
            if earlier_maybe_sent && let Some(done) = O::already_done(&err) {
                tracing::debug!(
                    action = O::ACTION,
                    attempt = call.attempt,
                    "an earlier attempt was accepted"
                );
                return Ok(done);
            }
            tracing::debug!(action = O::ACTION, attempt = call.attempt, code = err.code().as_str(), error = %err, "attempt failed");
            let remaining = deadline.saturating_duration_since(Instant::now());
            let next = retry::next_delay(
                &self.retry,
                &err,
                call,
                Some(remaining),
                crate::clock::random_unit(),
            );
            let skew_fix = matches!(
                err.kind(),
                ErrorKind::ClockSkew {
                    offset: Some(_),
                    ..
                }
            ) && !call.skew_retried;
            if let ErrorKind::ClockSkew {
                offset: Some(o), ..
            } = err.kind()
                && !call.skew_retried
            {
                // Later attempts (and calls) sign with the offset measured
                // from the response `Date`.
                self.skew_ms
                    .fetch_add(o.saturating_mul(1000), Ordering::Relaxed);
                call.skew_retried = true;
            }
            let Some(delay) = next else {
                return Err(err.after_attempts(call.attempt, earlier_maybe_sent));
            };
            // Re-signing with the measured clock offset is a correction, not
            // a retry of a failure: it is not charged to the budget.
            if !skew_fix {
                paid = self.retry_budget.withdraw(&err);
                if paid.is_none() {
                    tracing::debug!(
                        action = O::ACTION,
                        "no retry: the retry budget is exhausted or the endpoint is down"
                    );
                    return Err(err.after_attempts(call.attempt, earlier_maybe_sent));
                }
            }
            earlier_maybe_sent |= err.maybe_sent();
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: signed now (with the measured clock offset) under a fresh
    /// nonce, sent, and its response parsed.
    async fn attempt<O: Operation>(
        &self,
        transport: &Transport,
        params: &Params,
        ctx: O::Context,
        creds: &Credentials,
        attempt: u32,
    ) -> Result<O::Output, Error> {
        let action = O::ACTION;
        let redactor = self.redactor_for(creds);
        let skew = chrono::Duration::milliseconds(self.skew_ms.load(Ordering::Relaxed));
        let signed_at = self.clock.now() + skew;
        let nonce = self.nonce.nonce();
        let prepared = self.sign(creds, action, params, signed_at, &nonce, true);
        tracing::debug!(
            action,
            attempt,
            nonce = %nonce,
            string_to_sign = %redactor.redact(&prepared.string_to_sign),
            "sending"
        );
        test_hook!(Send);
        let raw = transport.send(&self.endpoint, prepared, &redactor).await?;
        test_hook!(Parse);
        O::parse(ctx, &raw, signed_at, &redactor)
    }
}
