//! Command-line syntax (clap). Only the *shape* of each flag is checked here
//! (a number is a number, `K=V` has an `=`, a date is `YYYY-MM-DD`); every
//! request rule lives in the core and is applied to the neutral JSON that
//! [`crate::request`] builds from these flags.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Send Alibaba Cloud mPaaS Message Push (MPS) broadcasts, inspect the exact
/// signed request without sending it, or run a local MPS emulator.
///
/// Credentials are read from the environment (ALIBABA_CLOUD_ACCESS_KEY_ID,
/// ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN; or
/// MPAAS_AK_ENV / MPAAS_SK_ENV), ~/.aliyun/config.json or
/// ~/.alibabacloud/credentials — never from a command-line flag.
///
/// Exit status: 0 success; 2 invalid input (usage, validation, configuration,
/// credentials); 1 service, network or internal error.
#[derive(Debug, Parser)]
#[command(name = "mpaas-push", version, propagate_version = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Send one PushBroadcast (or print it signed, with --dry-run)
    ///
    /// Give the request either with one flag per field or as the neutral
    /// camelCase JSON of the product spec (--request FILE), not both.
    /// Every rule is checked before anything is signed or sent.
    ///
    /// Example:
    ///   mpaas-push broadcast --app-id ONEX570DA89211721 --workspace-id default
    ///     --delivery-type android --msgkey auto --expired-seconds 300
    ///     --task-name "Daily news" --template-name news_tpl
    ///     --template-kv content=Hello --bind-period 7d --dry-run
    #[command(verbatim_doc_comment)]
    Broadcast(Box<BroadcastArgs>),
    /// Run the local MPS emulator on 127.0.0.1 until Ctrl-C (SIGINT/SIGTERM).
    ///
    /// Prints `MPS emulator listening on http://127.0.0.1:PORT` as its first
    /// line, then the access key id(s) it accepts.
    Emulator(Box<EmulatorArgs>),
    /// Start an emulator in this process, send one real broadcast to it, print
    /// the result and stop. Needs no account and no credentials.
    Demo(DemoArgs),
    /// List or cancel scheduled (fixed-time and recurring) broadcasts
    ///
    /// Examples:
    ///   mpaas-push schedules list --app-id ONEX570DA89211721 --workspace-id default
    ///   mpaas-push schedules cancel --app-id ONEX570DA89211721 --workspace-id default 1000001
    #[command(verbatim_doc_comment, subcommand)]
    Schedules(SchedulesCommand),
    /// Revoke a broadcast task (last 7 days only) or one message
    ///
    /// Examples:
    ///   mpaas-push revoke --app-id A --workspace-id W --task-id 1000001
    ///   mpaas-push revoke --app-id A --workspace-id W --message-id order-1 --target-id user-7
    #[command(verbatim_doc_comment)]
    Revoke(Box<RevokeArgs>),
    /// Delivery figures of a task, or of every task since a time
    ///
    /// Examples:
    ///   mpaas-push report --app-id A --workspace-id W 1000001
    ///   mpaas-push report --app-id A --workspace-id W --since 2026-11-01T00:00:00Z
    #[command(verbatim_doc_comment)]
    Report(Box<ReportArgs>),
}

/// App, workspace and tenant of a companion command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Target")]
pub(crate) struct TargetArgs {
    /// mPaaS app id.
    #[arg(long, env = "MPAAS_PUSH_APP_ID", value_name = "APP_ID")]
    pub(crate) app_id: Option<String>,

    /// mPaaS workspace id.
    #[arg(long, env = "MPAAS_PUSH_WORKSPACE_ID", value_name = "WORKSPACE_ID")]
    pub(crate) workspace_id: Option<String>,

    /// Tenant id (multi-tenant workspaces only).
    #[arg(long, value_name = "TENANT_ID")]
    pub(crate) tenant_id: Option<String>,
}

/// Output and dry-run options of a companion command.
#[derive(Debug, Args)]
#[command(next_help_heading = "Dry run and output")]
pub(crate) struct OutputArgs {
    /// Validate and sign, print the exact HTTP request as JSON and send
    /// nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,

    /// Print machine-readable JSON on stdout instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `mpaas-push schedules …`.
#[derive(Debug, Subcommand)]
pub(crate) enum SchedulesCommand {
    /// List scheduled tasks due in a time window (QueryPushSchedulerList)
    List(Box<ScheduleListArgs>),
    /// Cancel scheduled tasks by id (CancelPushScheduler)
    Cancel(Box<ScheduleCancelArgs>),
}

/// `mpaas-push schedules list`.
#[derive(Debug, Args)]
pub(crate) struct ScheduleListArgs {
    /// App, workspace, tenant.
    #[command(flatten)]
    pub(crate) target: TargetArgs,

    /// Window start: tasks due at or after this time (RFC 3339 or epoch
    /// milliseconds). [default: 7 days ago]
    #[arg(long, value_name = "TIME", help_heading = "Query")]
    pub(crate) from: Option<String>,

    /// Window end (RFC 3339 or epoch milliseconds). [default: 181 days
    /// ahead, past the furthest a recurring schedule may run]
    #[arg(long, value_name = "TIME", help_heading = "Query")]
    pub(crate) to: Option<String>,

    /// Only tasks of this kind: simple, template, batch, broadcast (or 0–3).
    #[arg(long = "type", value_name = "KIND", help_heading = "Query")]
    pub(crate) kind: Option<String>,

    /// A task id (lists its runs) or a run id.
    #[arg(long, value_name = "ID", help_heading = "Query")]
    pub(crate) unique_id: Option<String>,

    /// Only this page (default: every page).
    #[arg(long, value_name = "N", help_heading = "Query")]
    pub(crate) page: Option<u32>,

    /// Entries per page, 1–500. [default: 500]
    #[arg(long, value_name = "N", help_heading = "Query")]
    pub(crate) page_size: Option<u32>,

    /// Client settings.
    #[command(flatten)]
    pub(crate) client: ClientArgs,

    /// Output.
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `mpaas-push schedules cancel`.
#[derive(Debug, Args)]
pub(crate) struct ScheduleCancelArgs {
    /// The ids to cancel (task ids returned by broadcast, or run ids).
    #[arg(value_name = "ID", required = true)]
    pub(crate) ids: Vec<String>,

    /// Which kind of ids these are: parent (task ids) or child (run ids).
    #[arg(long, value_name = "KIND")]
    pub(crate) id_kind: Option<String>,

    /// App, workspace, tenant.
    #[command(flatten)]
    pub(crate) target: TargetArgs,

    /// Client settings.
    #[command(flatten)]
    pub(crate) client: ClientArgs,

    /// Output.
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `mpaas-push revoke`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["task_id", "message_id"])))]
pub(crate) struct RevokeArgs {
    /// Revoke this broadcast task (RevokePushTask).
    #[arg(long, value_name = "TASK_ID", help_heading = "What to revoke")]
    pub(crate) task_id: Option<String>,

    /// When the task was pushed (RFC 3339 or epoch ms): refused before
    /// sending when older than 7 days.
    #[arg(
        long,
        value_name = "TIME",
        requires = "task_id",
        help_heading = "What to revoke"
    )]
    pub(crate) sent_at: Option<String>,

    /// Revoke the message sent with this msgkey (RevokePushMessage)…
    #[arg(
        long,
        value_name = "MSGKEY",
        requires = "target_id",
        help_heading = "What to revoke"
    )]
    pub(crate) message_id: Option<String>,

    /// …to this device or user id.
    #[arg(
        long,
        value_name = "ID",
        requires = "message_id",
        help_heading = "What to revoke"
    )]
    pub(crate) target_id: Option<String>,

    /// App, workspace, tenant.
    #[command(flatten)]
    pub(crate) target: TargetArgs,

    /// Client settings.
    #[command(flatten)]
    pub(crate) client: ClientArgs,

    /// Output.
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `mpaas-push report`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["task_id", "since"])))]
pub(crate) struct ReportArgs {
    /// The task (QueryPushAnalysisTaskDetail).
    #[arg(value_name = "TASK_ID")]
    pub(crate) task_id: Option<String>,

    /// Instead: every task created since this time (RFC 3339 or epoch ms;
    /// QueryPushAnalysisTaskList, all pages).
    #[arg(long, value_name = "TIME", conflicts_with = "task_id")]
    pub(crate) since: Option<String>,

    /// With --since: only tasks of this name.
    #[arg(long, value_name = "NAME", requires = "since")]
    pub(crate) task_name: Option<String>,

    /// App, workspace, tenant.
    #[command(flatten)]
    pub(crate) target: TargetArgs,

    /// Client settings.
    #[command(flatten)]
    pub(crate) client: ClientArgs,

    /// Output.
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `mpaas-push broadcast`.
#[derive(Debug, Args)]
pub(crate) struct BroadcastArgs {
    /// Read the request from FILE: the neutral camelCase JSON of the spec
    /// (maps as objects, `strategyType` + `strategyContent` object). `-`
    /// reads standard input. Cannot be combined with request field flags.
    #[arg(long, value_name = "FILE", help_heading = "Request")]
    pub(crate) request: Option<PathBuf>,

    /// The request, one flag per field.
    #[command(flatten)]
    pub(crate) fields: FieldArgs,

    /// Client settings.
    #[command(flatten)]
    pub(crate) client: ClientArgs,

    /// Validate and sign, print the exact HTTP request as JSON (method, url,
    /// headers, body, signedParams, stringToSign, signature, …) and send
    /// nothing. Without credentials, signs with placeholder keys.
    #[arg(long, help_heading = "Dry run and output")]
    pub(crate) dry_run: bool,

    /// Pin the SignatureNonce of a dry run (default: a fresh random nonce).
    #[arg(
        long,
        value_name = "NONCE",
        requires = "dry_run",
        help_heading = "Dry run and output"
    )]
    pub(crate) nonce: Option<String>,

    /// Pin the clock of a dry run (RFC 3339, e.g. 2026-11-28T03:49:18Z): the
    /// signing Timestamp and "now" for validation (default: the system clock).
    #[arg(
        long,
        value_name = "RFC3339",
        requires = "dry_run",
        help_heading = "Dry run and output"
    )]
    pub(crate) timestamp: Option<String>,

    /// Print machine-readable JSON on stdout (results and errors) instead of
    /// text.
    #[arg(long, help_heading = "Dry run and output")]
    pub(crate) json: bool,
}

/// One flag per request field (spec §2). Values are passed to the core as
/// given; enums accept their documented value or readable name.
#[derive(Debug, Args, Default)]
#[group(id = "fields", multiple = true)]
#[command(next_help_heading = "Request fields")]
pub(crate) struct FieldArgs {
    /// mPaaS app id (AppId). Required. [env: MPAAS_PUSH_APP_ID, also for
    /// a --request file without appId]
    #[arg(long, value_name = "ID")]
    pub(crate) app_id: Option<String>,

    /// mPaaS workspace id (WorkspaceId). Required. [env:
    /// MPAAS_PUSH_WORKSPACE_ID, also for a --request file without it]
    #[arg(long, value_name = "ID")]
    pub(crate) workspace_id: Option<String>,

    /// mPaaS tenant id (TenantId).
    #[arg(long, value_name = "ID")]
    pub(crate) tenant_id: Option<String>,

    /// Target platform (DeliveryType): android|ios|harmonyos or 1|2|7. Required.
    #[arg(long, value_name = "TYPE")]
    pub(crate) delivery_type: Option<String>,

    /// Your unique business message id (Msgkey), kept across retries.
    /// Required. `auto` generates a UUID and prints it.
    #[arg(long, value_name = "KEY")]
    pub(crate) msgkey: Option<String>,

    /// How long the message stays valid, in seconds (ExpiredSeconds, > 0).
    /// Required.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub(crate) expired_seconds: Option<String>,

    /// Push task name (TaskName). Required.
    #[arg(long, value_name = "NAME")]
    pub(crate) task_name: Option<String>,

    /// Console template name (TemplateName, no comma). Required.
    #[arg(long, value_name = "NAME")]
    pub(crate) template_name: Option<String>,

    /// A template placeholder value (TemplateKeyValue): `#KEY#` is replaced
    /// by VALUE. Repeatable.
    #[arg(
        long = "template-kv",
        alias = "template-key-value",
        value_name = "KEY=VALUE",
        value_parser = parse_key_value
    )]
    pub(crate) template_kv: Vec<(String, String)>,

    /// Audience (PushStatus): bound|all|unbound or 0|1|2 (service default:
    /// bound).
    #[arg(long, value_name = "STATUS")]
    pub(crate) push_status: Option<String>,

    /// Devices bound within (BindPeriod): 7d|15d|60d|permanent or 1|2|3|4.
    /// Required when the audience is bound.
    #[arg(long, value_name = "PERIOD")]
    pub(crate) bind_period: Option<String>,

    /// Devices unbound within (UnBindPeriod): 7d|15d|60d|permanent or
    /// 1|2|3|4. Required when the audience is all or unbound.
    #[arg(
        long = "unbind-period",
        alias = "un-bind-period",
        value_name = "PERIOD"
    )]
    pub(crate) unbind_period: Option<String>,

    /// Android channel (AndroidChannel): mps|vendor or 1|2.
    #[arg(long, value_name = "CHANNEL")]
    pub(crate) android_channel: Option<String>,

    /// vivo message class (Classification): operational|system or 0|1
    /// (service default: system).
    #[arg(long, value_name = "CLASS")]
    pub(crate) classification: Option<String>,

    /// Send once at this instant (StrategyType 1), RFC 3339 with an offset,
    /// e.g. 2026-12-01T09:00:00+08:00. Whole seconds, in the future.
    #[arg(
        long,
        value_name = "RFC3339",
        conflicts_with = "every",
        help_heading = "Schedule (default: send now)"
    )]
    pub(crate) at: Option<String>,

    /// Send repeatedly (StrategyType 2): daily, weekly:DAYS (1=Monday …
    /// 7=Sunday) or monthly:DAYS (1 … 31), DAYS comma-separated, e.g.
    /// weekly:1,3. Needs --from, --to and --time.
    #[arg(
        long,
        value_name = "daily|weekly:1,3|monthly:1,15",
        help_heading = "Schedule (default: send now)"
    )]
    pub(crate) every: Option<String>,

    /// First day of a recurring schedule, YYYY-MM-DD (China time, UTC+8);
    /// not before today.
    #[arg(
        long,
        value_name = "DATE",
        requires = "every",
        help_heading = "Schedule (default: send now)"
    )]
    pub(crate) from: Option<String>,

    /// Last day of a recurring schedule, YYYY-MM-DD (China time, UTC+8); at
    /// most 180 days after today.
    #[arg(
        long,
        value_name = "DATE",
        requires = "every",
        help_heading = "Schedule (default: send now)"
    )]
    pub(crate) to: Option<String>,

    /// Time of day of each recurring send, HH:MM:SS (China time, UTC+8).
    #[arg(
        long,
        value_name = "HH:MM:SS",
        requires = "every",
        help_heading = "Schedule (default: send now)"
    )]
    pub(crate) time: Option<String>,

    /// A vendor pass-through payload (TransparentMessagePayload): VENDOR is
    /// hms|honor|fcm|harmonyos, JSON an object. Repeatable.
    #[arg(
        long,
        alias = "transparent-message-payload",
        value_name = "VENDOR=JSON",
        value_parser = parse_payload
    )]
    pub(crate) payload: Vec<(String, serde_json::Value)>,

    /// Urgency of the pass-through message (TransparentMessageUrgency):
    /// HIGH|NORMAL. Only with --payload.
    #[arg(long, alias = "transparent-message-urgency", value_name = "URGENCY")]
    pub(crate) urgency: Option<String>,

    /// Vendor message class (ThirdChannelCategory), e.g. hms=9. Repeatable.
    #[arg(long, value_name = "VENDOR=CLASS", value_parser = parse_key_value)]
    pub(crate) third_channel_category: Vec<(String, String)>,

    /// Vendor reminder level (NotifyLevel), e.g. oppo=2. Repeatable.
    #[arg(long, value_name = "VENDOR=LEVEL", value_parser = parse_key_value)]
    pub(crate) notify_level: Vec<(String, String)>,

    /// Xiaomi channel id (MiChannelId).
    #[arg(long, value_name = "ID")]
    pub(crate) mi_channel_id: Option<String>,

    /// Android notification channel id (ChannelId).
    #[arg(long, value_name = "ID")]
    pub(crate) channel_id: Option<String>,

    /// Channel type (NotifyType): transparent|notify.
    #[arg(long, value_name = "TYPE")]
    pub(crate) notify_type: Option<String>,

    /// Tap action (PushAction): open_url|open_activity or 0|1.
    #[arg(long, value_name = "ACTION")]
    pub(crate) push_action: Option<String>,

    /// Silent push (Silent): `--silent` alone means 1; `--silent 0` sends 0.
    #[arg(
        long,
        value_name = "0|1",
        num_args = 0..=1,
        default_missing_value = "1"
    )]
    pub(crate) silent: Option<String>,

    /// An extension parameter delivered to the app (ExtendedParams), at most
    /// 20, reserved keys rejected. Repeatable.
    #[arg(
        long = "extended-param",
        alias = "extended-params",
        value_name = "KEY=VALUE",
        value_parser = parse_key_value
    )]
    pub(crate) extended_param: Vec<(String, String)>,
}

/// Where and how requests are sent.
#[derive(Debug, Args)]
#[command(next_help_heading = "Client options")]
pub(crate) struct ClientArgs {
    /// Service endpoint: an https:// URL or host (plain http:// only to
    /// loopback hosts, e.g. the emulator). [default:
    /// https://mpaas.<REGION>.aliyuncs.com]
    #[arg(long, env = "MPAAS_PUSH_ENDPOINT", value_name = "URL")]
    pub(crate) endpoint: Option<String>,

    /// Region id; picks the default endpoint. [default: cn-hangzhou]
    #[arg(long, value_name = "REGION")]
    pub(crate) region: Option<String>,

    /// Signature method: hmac-sha1 (RPC, SignatureVersion 1.0) or
    /// acs3-hmac-sha256. [default: hmac-sha1]
    #[arg(long, value_name = "METHOD")]
    pub(crate) signature: Option<String>,

    /// MPS API version: 2020-10-28 or 2019-08-21. [default: 2020-10-28]
    #[arg(long, value_name = "VERSION")]
    pub(crate) api_version: Option<String>,

    /// Deadline for establishing a connection, per attempt, in seconds
    /// (fractions allowed). [default: 5]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub(crate) connect_timeout: Option<f64>,

    /// Deadline for the response of one attempt, in seconds. [default: 10]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub(crate) read_timeout: Option<f64>,

    /// Deadline for the whole call, all attempts and backoff included, in
    /// seconds. [default: 30]
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub(crate) total_timeout: Option<f64>,

    /// Attempts in all, the first included (1 = never retry). Only failures
    /// the service cannot have acted on are retried. [default: 3]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub(crate) retries: Option<i64>,

    /// Also retry failures that may have reached the service (timeouts after
    /// sending, lost connections, 500/502/504); the Msgkey stays the same.
    #[arg(long)]
    pub(crate) retry_maybe_sent: bool,

    /// Also trust the CA certificates in this PEM file (on top of the
    /// system's roots; `SSL_CERT_FILE` / `SSL_CERT_DIR` are honoured too).
    #[arg(long, value_name = "FILE")]
    pub(crate) ca_file: Option<PathBuf>,

    /// Proxy: "env" (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY, the
    /// default), "none", or a URL http(s)://[USER:PASSWORD@]HOST:PORT.
    #[arg(long, value_name = "PROXY")]
    pub(crate) proxy: Option<String>,

    /// More client options as a JSON file in the neutral form of the other
    /// languages (`{"proxy": "env", "retry": {"baseDelayMs": 100}, …}`;
    /// durations in milliseconds). The flags above take precedence.
    #[arg(long, value_name = "FILE")]
    pub(crate) client_options: Option<PathBuf>,
}

/// `mpaas-push emulator`.
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// Port on 127.0.0.1; 0 picks a free port (the URL is printed).
    #[arg(long, default_value_t = 0, value_name = "PORT")]
    pub(crate) port: u16,

    /// An access key the emulator accepts, ID:SECRET or ID:SECRET:STS_TOKEN.
    /// Repeatable. [default: the built-in demo key, printed at start]
    #[arg(long, value_name = "ID:SECRET[:TOKEN]")]
    pub(crate) access_key: Vec<String>,

    /// A template, NAME=TEXT with #placeholder#s; added to the built-in demo
    /// templates (and those of --templates). Repeatable.
    #[arg(long, value_name = "NAME=TEXT")]
    pub(crate) template: Vec<String>,

    /// Templates from a JSON file {"name": "text with #placeholder#"}, added
    /// to the built-in demo templates.
    #[arg(long, value_name = "FILE")]
    pub(crate) templates: Option<PathBuf>,

    /// Worker threads; 1 serves every connection on one thread (lowest
    /// latency for a single client, as in the benchmarks). [default: 2]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) threads: Option<u16>,

    /// Most requests kept for `/_emulator/requests`. [default: 10000]
    #[arg(long, value_name = "N")]
    pub(crate) max_recorded_requests: Option<usize>,

    /// Most tasks (broadcasts) kept; the oldest finished go first. [default: 10000]
    #[arg(long, value_name = "N")]
    pub(crate) max_stored_tasks: Option<usize>,

    /// Answer every service call after this many milliseconds (a far-away
    /// region, for latency-bound benchmarks); the control API is not delayed.
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub(crate) latency_ms: Option<u64>,

    /// Serve HTTPS with a throw-away CA and a certificate for 127.0.0.1,
    /// ::1 and localhost, made now; the CA's PEM file is written to
    /// --tls-ca-out and its path printed (trust it with --ca-file / caFile).
    #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
    pub(crate) tls: bool,

    /// Where --tls writes the CA certificate (PEM). [default: a new file in
    /// the system's temporary directory]
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub(crate) tls_ca_out: Option<PathBuf>,

    /// With --tls: serve a certificate every client must refuse, so an
    /// application's handling of certificate errors can be tested as the
    /// control API's faults test the rest.
    #[arg(long, value_enum, value_name = "KIND", requires = "tls")]
    pub(crate) tls_fault: Option<TlsFault>,

    /// When stopped (SIGINT/SIGTERM), write every task accepted to FILE as
    /// JSON (as `/_emulator/tasks?all=true` lists them): what a test that
    /// stops the emulator mid-load compares its calls' outcomes with.
    #[arg(long, value_name = "FILE")]
    pub(crate) tasks_out: Option<PathBuf>,

    /// Serve HTTPS with this certificate chain (PEM; with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,

    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
}

/// A certificate `mpaas-push emulator --tls --tls-fault` serves instead of
/// a valid one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TlsFault {
    /// Signed by the CA, valid now, but for `other.invalid` only.
    OtherName,
    /// Signed by the CA, for loopback, expired in 2021.
    Expired,
}

/// `mpaas-push demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Print the result as JSON on stdout instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) => Ok((k.to_owned(), v.to_owned())),
        None => Err("expected KEY=VALUE".to_owned()),
    }
}

fn parse_payload(s: &str) -> Result<(String, serde_json::Value), String> {
    let (vendor, json) = s
        .split_once('=')
        .ok_or_else(|| "expected VENDOR=JSON, e.g. hms='{\"data\":\"x\"}'".to_owned())?;
    let value = serde_json::from_str(json).map_err(|e| format!("invalid JSON: {e}"))?;
    Ok((vendor.to_owned(), value))
}

/// A number of seconds (fractions allowed), read as text → number only: its
/// range is the core's rule (client options, spec §6).
fn parse_seconds(s: &str) -> Result<f64, String> {
    s.parse()
        .map_err(|_| "expected a number of seconds, e.g. 2.5".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn value_shapes() {
        assert_eq!(
            parse_key_value("a=b=c"),
            Ok(("a".to_owned(), "b=c".to_owned()))
        );
        assert!(parse_key_value("ab").is_err());
        assert!(parse_payload("hms={").is_err());
        assert_eq!(parse_seconds("2.5"), Ok(2.5));
        assert!(parse_seconds("x").is_err());
    }
}
