//! # mpaas-push-emulator
//!
//! A local stand-in for the Alibaba Cloud mPaaS Message Push Service (MPS)
//! gateway and service, bound to 127.0.0.1. Every test suite of mpaas-push
//! (and your own CI) talks to it over real HTTP:
//!
//! * **Gateway**: verifies RPC HMAC-SHA1 (query + form body) and
//!   `ACS3-HMAC-SHA256` (headers) signatures with the configured access keys
//!   and STS tokens, the timestamp window (15 minutes) and nonce reuse, and
//!   answers with the real error shapes (`SignatureDoesNotMatch` with the
//!   server's string to sign, `InvalidTimeStamp.Expired`, `SignatureNonceUsed`,
//!   `InvalidAccessKeyId.NotFound`, `MissingParameter`, `InvalidApi.NotFound`).
//! * **Service**: `PushBroadcast` validated with the very rules of the
//!   `mpaas-push` core, mapped to MPS result codes (3019, 3020, 3022, 3023,
//!   3026, 3035…); templates with `#placeholder#`s; `Msgkey` uniqueness;
//!   scheduled tasks (at most 100 pending per app). The companion actions
//!   (version 2020-10-28) on the same tasks — `QueryPushSchedulerList`,
//!   `CancelPushScheduler`, `RevokePushTask`, `RevokePushMessage`,
//!   `QueryPushAnalysisTaskDetail`, `QueryPushAnalysisTaskList` — validated
//!   with the core's rules too (see [Service](#service) below).
//! * **Tasks**: every accepted broadcast is a task; fixed-time tasks execute
//!   when the emulator's clock reaches them, recurring ones once per
//!   occurrence (China time), each execution with deterministic figures
//!   (`PushNum` = [`EmulatorConfig::audience_size`], 98 % success, 95 %
//!   arrival, 60 s). Tests move the clock with `POST /_emulator/clock`.
//! * **Test controls** under `/_emulator/…`: recorded requests, reset, clock
//!   offset and advance, tasks and scripted faults (see [`controls`]).
//!
//! # Service
//!
//! Business answers are HTTP 200 with `RequestId`, `ResultCode` and
//! `ResultMessage`. A request that breaks a core rule gets `ResultCode`
//! 3003 (`appId`/`workspaceId`) or 3028 (`INVALID_PARAM`, anything else),
//! the message naming the field. Beyond that:
//!
//! * `QueryPushSchedulerList`: `ResultContent.Data{TotalCount, List}` of the
//!   fixed-time tasks and the runs (`<taskId>-<yyyymmdd>`) of recurring
//!   tasks whose push time is within `[StartTime, EndTime]`, sorted by push
//!   time; `UniqueId` = a task id lists that task's entries, a run id that
//!   run; a `Type` other than 3 (broadcast) matches nothing. Cancelled tasks
//!   and runs are not listed; `ExecutedStatus` is `"1"` once executed.
//! * `CancelPushScheduler`: cancels pending tasks (a task id: the task and
//!   all its future runs) and pending runs (a run id). `Type` is not needed:
//!   the shape of an id tells. If at least one id was cancelled: `OK` with
//!   `ResultContent` `"cancelled: <ids>"` (plus `"; not cancelled (unknown,
//!   executed or already cancelled): <ids>"` for the rest). If none could
//!   be: `ResultCode` 3028 with a message naming the ids.
//! * `RevokePushTask`: `ResultCode` `OK` and `PushResult{Success: true,
//!   Data: <TaskId>}` when the task (or run) executed within the last 7 days
//!   of emulator time; otherwise `ResultCode` `OK` but `PushResult{Success:
//!   false, ResultCode, ResultMsg}` with `ResultCode` `TASK_NOT_EXIST`,
//!   `TASK_NOT_PUSHED` or `REVOKE_WINDOW_EXPIRED` (message names the 7-day
//!   window).
//! * `RevokePushMessage`: success (`Data` = `MessageId`) when `MessageId` is
//!   a Msgkey this emulator accepted for the app (from the bounded Msgkey
//!   memory); otherwise `PushResult.Success` false, `MESSAGE_NOT_EXIST`.
//! * `QueryPushAnalysisTaskDetail`: `ResultContent.Data{TaskId, StartTime,
//!   EndTime, Duration, PushNum, PushSuccessNum, PushArrivalNum}` — for a
//!   recurring task the sum over its executed runs (a run id: that run); a
//!   task not executed yet has zeros and no times; an unknown id is
//!   `ResultCode` `TASK_NOT_EXIST`.
//! * `QueryPushAnalysisTaskList`: `ResultContent.Data` = tasks created at or
//!   after `StartTime`, newest first, filtered by exact `TaskId` /
//!   `TaskName`, paged (`PageNumber` 1, `PageSize` 500 by default), executed
//!   runs of a recurring task in its `List`; tasks cancelled before they
//!   ever ran are left out.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = mpaas_push_emulator::Emulator::start(Default::default()).await?;
//! println!("MPS emulator on {}", emulator.url());
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```

pub mod controls;
mod faults;
#[doc(hidden)]
pub mod fuzzing;
mod gateway;
mod ids;
pub mod neutral;
mod reply;
mod server;
mod service;
mod state;
mod tasks;
pub mod tls;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use faults::{Fault, FaultRule};

/// Access key id accepted by a default-configured emulator.
pub const DEFAULT_ACCESS_KEY_ID: &str = "emulator-access-key-id";
/// Secret of [`DEFAULT_ACCESS_KEY_ID`] (not a real secret: the emulator is
/// local and fake).
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "emulator-access-key-secret";

/// An access key the emulator accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey {
    /// Access key id.
    pub id: String,
    /// Its secret.
    pub secret: String,
    /// If set, requests with this key must carry exactly this STS token.
    pub security_token: Option<String>,
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &"** redacted **")
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

impl AccessKey {
    /// A long-term key.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            security_token: None,
        }
    }

    /// Parses `ID:SECRET` or `ID:SECRET:STS_TOKEN` (the CLI flag form).
    ///
    /// ```
    /// let k = mpaas_push_emulator::AccessKey::parse("id:secret").unwrap();
    /// assert_eq!((k.id.as_str(), k.secret.as_str()), ("id", "secret"));
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.splitn(3, ':');
        let id = parts.next().unwrap_or_default();
        let secret = parts.next().unwrap_or_default();
        if id.is_empty() || secret.is_empty() {
            return Err("expected ID:SECRET or ID:SECRET:STS_TOKEN".to_owned());
        }
        Ok(Self {
            id: id.to_owned(),
            secret: secret.to_owned(),
            security_token: parts.next().filter(|t| !t.is_empty()).map(str::to_owned),
        })
    }
}

/// Parses a `NAME=TEXT` template flag.
///
/// ```
/// let (n, t) = mpaas_push_emulator::parse_template("news=Hello #name#").unwrap();
/// assert_eq!((n.as_str(), t.as_str()), ("news", "Hello #name#"));
/// ```
pub fn parse_template(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, body)) if !name.is_empty() => Ok((name.to_owned(), body.to_owned())),
        _ => Err("expected NAME=TEXT".to_owned()),
    }
}

/// Reads templates from a JSON file `{"name": "text with #placeholders#"}`.
pub fn load_templates(path: &std::path::Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: expected {{\"name\": \"text\"}}: {e}", path.display()))
}

/// Emulator settings; `Default` gives a ready-to-use emulator with the
/// default access key and demo templates.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// Port on 127.0.0.1 (0 = any free port).
    pub port: u16,
    /// Accepted access keys.
    pub access_keys: Vec<AccessKey>,
    /// Templates by name: text with `#placeholder#`s.
    pub templates: BTreeMap<String, String>,
    /// Requests kept for `/_emulator/requests` (oldest dropped first).
    pub max_recorded_requests: usize,
    /// Pending scheduled tasks allowed per app (the service allows 100).
    pub max_pending_tasks_per_app: usize,
    /// Push tasks kept (every accepted broadcast is one); beyond, the
    /// oldest finished task is forgotten first.
    pub max_stored_tasks: usize,
    /// Devices every execution reaches: its `PushNum` (`PushSuccessNum` is
    /// 98 % of it, `PushArrivalNum` 95 %).
    pub audience_size: u64,
    /// Msgkeys remembered for duplicate detection (oldest forgotten first).
    pub max_remembered_msgkeys: usize,
    /// Nonces remembered for replay detection (oldest forgotten first).
    pub max_remembered_nonces: usize,
    /// Accepted clock difference for `Timestamp` / `x-acs-date`.
    pub timestamp_window: Duration,
    /// Largest `ExpiredSeconds` accepted (3026 EXPIREDTIME_TOO_LONG beyond).
    pub max_expired_seconds: i64,
    /// Largest request body read (larger: `InvalidParameter`, HTTP 413).
    pub max_body_bytes: usize,
    /// Every service answer waits this long first (zero: none). Simulates a
    /// far-away region for latency-bound capacity benchmarks: the wait is a
    /// timer, so one emulator thread holds thousands of waiting calls.
    pub latency: Duration,
    /// Serve HTTPS with this identity instead of plain HTTP
    /// ([`tls::generate`] makes one).
    pub tls: Option<tls::TlsIdentity>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            port: 0,
            access_keys: vec![AccessKey::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_ACCESS_KEY_SECRET,
            )],
            templates: default_templates(),
            max_recorded_requests: 10_000,
            max_pending_tasks_per_app: 100,
            max_stored_tasks: 10_000,
            audience_size: 1000,
            max_remembered_msgkeys: 200_000,
            max_remembered_nonces: 200_000,
            timestamp_window: Duration::from_secs(15 * 60),
            max_expired_seconds: 3 * 24 * 3600,
            max_body_bytes: 1 << 20,
            latency: Duration::ZERO,
            tls: None,
        }
    }
}

/// The templates a default emulator knows.
pub fn default_templates() -> BTreeMap<String, String> {
    [
        ("broadcast_tpl", "#content#"),
        ("demo_tpl", "Hello from mpaas-push: #content#"),
        ("群发模板", "#content#"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// A running emulator. Dropping it does not stop the server; call
/// [`Emulator::shutdown`].
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    https: bool,
    state: Arc<state::State>,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Emulator {
    /// Binds 127.0.0.1:`config.port` and starts serving on the current tokio
    /// runtime.
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Self> {
        let tls = match &config.tls {
            Some(identity) => Some(tokio_rustls::TlsAcceptor::from(tls::server_config(
                identity,
            )?)),
            None => None,
        };
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let https = tls.is_some();
        let state = Arc::new(state::State::new(config));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(server::serve(listener, tls, Arc::clone(&state), stopped));
        Ok(Self {
            addr,
            https,
            state,
            stop,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`, or `https://…` when serving TLS.
    pub fn url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// TLS handshakes that failed (a client that refused the certificate,
    /// or spoke plain HTTP to the HTTPS port). Always 0 for plain HTTP.
    pub fn failed_handshakes(&self) -> u64 {
        self.state.failed_handshakes()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The service dies now: stops accepting and drops every open
    /// connection, answers in progress included. What it accepted stays
    /// readable ([`Emulator::tasks`]); [`Emulator::shutdown`] still waits
    /// for the server task.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Every task the emulator accepted (as `/_emulator/tasks?all=true`
    /// lists them), readable after [`Emulator::stop`].
    pub fn tasks(&self) -> Vec<serde_json::Value> {
        self.state.tasks_json(true)
    }

    /// Stops accepting, closes open connections and waits for the server.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }

    /// Serves until SIGINT or SIGTERM, then shuts down.
    pub async fn run_until_signal(self) {
        wait_for_signal().await;
        self.shutdown().await;
    }

    /// Serves until SIGINT or SIGTERM, shuts down (every connection
    /// dropped, as if the service died) and returns every task accepted,
    /// those of requests cut off mid-answer included: what a test that
    /// stops a separate emulator process needs to tell "accepted" from
    /// "never arrived".
    pub async fn run_until_signal_with_tasks(self) -> Vec<serde_json::Value> {
        wait_for_signal().await;
        let _ = self.stop.send(true);
        let _ = self.task.await;
        self.state.tasks_json(true)
    }

    /// Number of requests received so far (all routes but `/_emulator`).
    pub fn received_count(&self) -> u64 {
        self.state.received_count()
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
