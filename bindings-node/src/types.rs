//! The documented TypeScript shapes of the package (`index.d.ts`). These
//! structs only describe types: values are read and written as neutral JSON
//! (see `convert`), so that the core checks every rule and names the field
//! path, and so that an unknown key is an error rather than silently
//! dropped. String-literal unions spell out every accepted enum value.
#![allow(dead_code)]

use napi_derive::napi;
use serde_json::Value;

/// Options of `new Client(options)` and `Client.fromEnv(options)`. Times are
/// in milliseconds. Unknown keys are rejected (code `config`).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ClientOptions {
    /// AccessKey id. Give it with `accessKeySecret`, or neither: then the
    /// default chain is used (environment `ALIBABA_CLOUD_ACCESS_KEY_ID` /
    /// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`,
    /// `MPAAS_AK_ENV` / `MPAAS_SK_ENV`, `~/.aliyun/config.json`,
    /// `~/.alibabacloud/credentials`).
    pub access_key_id: Option<String>,
    /// AccessKey secret; never stored on the JavaScript object, never printed.
    pub access_key_secret: Option<String>,
    /// STS security token (with an `STS.` AccessKey id).
    pub security_token: Option<String>,
    /// Endpoint host or URL (default `https://mpaas.<region>.aliyuncs.com`).
    /// Plain `http://` only for loopback hosts unless `allowHttp`.
    pub endpoint: Option<String>,
    /// Region id (default `cn-hangzhou`); picks the default endpoint.
    pub region: Option<String>,
    /// Signature method (default `hmac-sha1`).
    #[napi(ts_type = "'hmac-sha1' | 'acs3-hmac-sha256'")]
    pub signature: Option<Value>,
    /// API version (default `2020-10-28`).
    #[napi(ts_type = "'2020-10-28' | '2019-08-21'")]
    pub api_version: Option<Value>,
    /// Connect deadline per attempt in ms (default 5000).
    pub connect_timeout_ms: Option<f64>,
    /// Read deadline per attempt in ms (default 10000).
    pub read_timeout_ms: Option<f64>,
    /// Deadline over all attempts and backoff in ms (default 30000).
    pub total_timeout_ms: Option<f64>,
    /// Retry policy (default: 3 attempts, only failures that cannot have
    /// reached the service).
    pub retry: Option<RetryOptions>,
    /// Allow plain `http://` to a non-loopback host (dangerous; default false).
    pub allow_http: Option<bool>,
    /// Proxy URL (`http://user:pass@host:port`), or `'env'` to honour
    /// `HTTPS_PROXY` / `NO_PROXY`. Default: no proxy, environment ignored.
    pub proxy: Option<String>,
    /// Text appended to the user agent.
    pub user_agent_suffix: Option<String>,
}

/// When and how often a call is retried. Every retry is signed anew (fresh
/// nonce and timestamp) and keeps the same `msgkey`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct RetryOptions {
    /// Attempts in all, the first included (default 3; 1 = never retry).
    pub max_attempts: Option<u32>,
    /// First backoff ceiling in ms, doubled each retry, full jitter (default 200).
    pub base_delay_ms: Option<f64>,
    /// Largest delay between attempts in ms, also the cap on the service's
    /// `x-acs-retry-after` (default 20000).
    pub max_delay_ms: Option<f64>,
    /// Also retry failures that may have reached the service (timeouts after
    /// the request was written, lost connections, HTTP 500/502/504). Default
    /// false: a maybe-sent broadcast is never repeated silently.
    pub retry_maybe_sent: Option<bool>,
}

/// One `PushBroadcast`: the neutral camelCase request of the product
/// documentation. Enums take the documented number or a readable name.
/// Every rule is checked before anything is sent; a failure rejects with
/// code `validation` and `field` naming the path (e.g. `strategy.end`).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct BroadcastRequest {
    /// `AppId`: the mPaaS app id (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `DeliveryType`: android = 1, ios = 2, harmonyos = 7 (required).
    #[napi(ts_type = "1 | 2 | 7 | 'android' | 'ios' | 'harmonyos'")]
    pub delivery_type: Value,
    /// `Msgkey`: your unique business id of this broadcast (required; the
    /// service rejects a repeat). `generateMsgkey()` makes one on request.
    pub msgkey: String,
    /// `ExpiredSeconds`: validity window in seconds, > 0 (required).
    pub expired_seconds: f64,
    /// `TaskName` (required, not blank).
    pub task_name: String,
    /// `TemplateName`: a template of the console (required, no comma).
    pub template_name: String,
    /// `TemplateKeyValue`: values of the template's `#name#` placeholders.
    #[napi(ts_type = "Record<string, string>")]
    pub template_key_value: Option<Value>,
    /// `PushStatus`: bound = 0 (default), all = 1, unbound = 2.
    #[napi(ts_type = "0 | 1 | 2 | 'bound' | 'all' | 'unbound'")]
    pub push_status: Option<Value>,
    /// `BindPeriod` (required when pushStatus is bound): 7 days = 1,
    /// 15 days = 2, 60 days = 3, permanent = 4.
    #[napi(
        ts_type = "1 | 2 | 3 | 4 | '7d' | '7_days' | '15d' | '15_days' | '60d' | '60_days' | 'permanent'"
    )]
    pub bind_period: Option<Value>,
    /// `UnBindPeriod` (required when pushStatus is all or unbound).
    #[napi(
        ts_type = "1 | 2 | 3 | 4 | '7d' | '7_days' | '15d' | '15_days' | '60d' | '60_days' | 'permanent'"
    )]
    pub un_bind_period: Option<Value>,
    /// `AndroidChannel`: MPS channel = 1, default vendor channel = 2.
    #[napi(ts_type = "1 | 2 | 'mps' | 'vendor' | 'default'")]
    pub android_channel: Option<Value>,
    /// `Classification` (vivo): operational = 0, system = 1 (service default).
    #[napi(ts_type = "0 | 1 | '0' | '1' | 'operational' | 'system'")]
    pub classification: Option<Value>,
    /// When to send (typed): `{ at: Date }` once, or a recurring schedule.
    /// Converted to `strategyType` + `strategyContent`; do not give both.
    #[napi(ts_type = "AtStrategy | RecurringStrategy")]
    pub strategy: Option<Value>,
    /// `StrategyType`, raw form: immediate = 0, fixed time = 1, recurring = 2.
    #[napi(
        ts_type = "0 | 1 | 2 | '0' | '1' | '2' | 'immediate' | 'fixed' | 'at' | 'scheduled' | 'recurring' | 'loop'"
    )]
    pub strategy_type: Option<Value>,
    /// `StrategyContent`, raw form: an object or its JSON text.
    #[napi(ts_type = "FixedStrategyContent | RecurringStrategyContent | string")]
    pub strategy_content: Option<Value>,
    /// `TransparentMessagePayload`: vendor → JSON object (hms, honor, fcm,
    /// harmonyos).
    #[napi(
        ts_type = "Partial<Record<'hms' | 'honor' | 'fcm' | 'harmonyos', Record<string, unknown>>>"
    )]
    pub transparent_message_payload: Option<Value>,
    /// `TransparentMessageUrgency`: only with a payload.
    #[napi(ts_type = "'HIGH' | 'NORMAL' | 'high' | 'normal'")]
    pub transparent_message_urgency: Option<Value>,
    /// `ThirdChannelCategory`: vendor → message class, e.g. `{ hms: '9' }`.
    #[napi(ts_type = "Record<string, string>")]
    pub third_channel_category: Option<Value>,
    /// `NotifyLevel`: vendor → level, e.g. `{ oppo: '2' }`.
    #[napi(ts_type = "Record<string, string>")]
    pub notify_level: Option<Value>,
    /// `MiChannelId`: Xiaomi channel id.
    pub mi_channel_id: Option<String>,
    /// `ChannelId`: Android notification channel.
    pub channel_id: Option<String>,
    /// `NotifyType`.
    #[napi(ts_type = "'transparent' | 'notify'")]
    pub notify_type: Option<Value>,
    /// `PushAction`: open a URL = 0, open an Activity = 1.
    #[napi(ts_type = "0 | 1 | 'open_url' | 'url' | 'open_activity' | 'activity'")]
    pub push_action: Option<Value>,
    /// `Silent`: 1 / true = silent.
    #[napi(ts_type = "0 | 1 | '0' | '1' | boolean")]
    pub silent: Option<Value>,
    /// `ExtendedParams`: at most 20 keys; reserved keys are rejected.
    #[napi(ts_type = "Record<string, string>")]
    pub extended_params: Option<Value>,
}

/// Send once, at `at` (whole seconds, in the future).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct AtStrategy {
    /// The instant (sent as `fixedTime`, epoch ms).
    #[napi(ts_type = "Date")]
    pub at: Value,
}

/// Send repeatedly, from `start` to `end` (China calendar days, UTC+8) at
/// `time` (China time).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct RecurringStrategy {
    /// Which days: every day, on weekdays (`days` 1 = Monday … 7 = Sunday)
    /// or on days of the month (`days` 1 … 31).
    #[napi(ts_type = "'daily' | 'weekly' | 'monthly'")]
    pub every: Value,
    /// The days of the week or month (not for `daily`).
    pub days: Option<Vec<u32>>,
    /// First day, `YYYY-MM-DD` (not before today; China time).
    pub start: String,
    /// Last day, `YYYY-MM-DD` (at most 180 days after today).
    pub end: String,
    /// Time of day, `HH:MM:SS` (China time).
    pub time: String,
}

/// Raw `strategyContent` of a one-off schedule (`strategyType` 1).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct FixedStrategyContent {
    /// Epoch ms, whole seconds, in the future.
    pub fixed_time: f64,
}

/// Raw `strategyContent` of a recurring schedule (`strategyType` 2).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct RecurringStrategyContent {
    /// Epoch ms of 00:00 China time of the first day (see `chinaMidnightMs`).
    pub start_time: f64,
    /// Epoch ms of 00:00 China time of the last day.
    pub end_time: f64,
    /// daily = 1, weekly = 2, monthly = 3.
    #[napi(ts_type = "1 | 2 | 3 | 'daily' | 'weekly' | 'monthly'")]
    pub circle_type: Value,
    /// Days of the week (1–7) or month (1–31); absent for daily.
    pub circle_value: Option<Vec<u32>>,
    /// `HH:mm:ss`.
    pub time: String,
}

/// What `pushBroadcast` resolves to.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct BroadcastResult {
    /// `RequestId` of the response.
    pub request_id: String,
    /// `PushResult.Data`: the task id (needed to cancel or revoke a
    /// scheduled push); `null` when the service returned none.
    #[napi(ts_type = "string | null")]
    pub task_id: Value,
    /// `ResultCode` (normally `OK`).
    #[napi(ts_type = "string | null")]
    pub result_code: Value,
    /// `ResultMessage`.
    #[napi(ts_type = "string | null")]
    pub result_message: Value,
    /// `PushResult.ResultMsg`.
    #[napi(ts_type = "string | null")]
    pub push_result_message: Value,
    /// HTTP status (2xx).
    pub http_status: u32,
    /// `true` when an earlier attempt may have reached the service, the
    /// client opted into retrying such failures (`retry.retryMaybeSent`) and
    /// the retry was refused because the service already has this `msgkey`:
    /// the broadcast went out exactly once. `taskId` is then `null`. Always
    /// `false` otherwise.
    pub already_accepted: bool,
}

/// Options of `prepare` and `prepareBroadcast`: pin the signature for a
/// reproducible dry run.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct PrepareOptions {
    /// `SignatureNonce` to use (default: a fresh random one).
    pub nonce: Option<String>,
    /// Signing time, also "now" for validation: a `Date` or
    /// `YYYY-MM-DDThh:mm:ssZ` (default: the current time).
    #[napi(ts_type = "string | Date")]
    pub timestamp: Option<Value>,
}

/// The dry run: the exact HTTP request that would be sent (secrets redacted)
/// and the intermediate artefacts of its signature.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct PreparedRequest {
    /// `POST`.
    pub method: String,
    /// Full URL (hmac-sha1: the common parameters and `Signature` in the query).
    pub url: String,
    /// Headers, in the order sent.
    #[napi(ts_type = "Record<string, string>")]
    pub headers: Value,
    /// The form body.
    pub body: String,
    /// `hmac-sha1` or `acs3-hmac-sha256`.
    #[napi(ts_type = "'hmac-sha1' | 'acs3-hmac-sha256'")]
    pub signature_method: Value,
    /// Every signed parameter (hmac-sha1) or the body parameters (acs3).
    #[napi(ts_type = "Record<string, string>")]
    pub signed_params: Value,
    /// acs3-hmac-sha256 only: the canonical request.
    pub canonical_request: Option<String>,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signature (Base64 for hmac-sha1, hex for acs3).
    pub signature: String,
    /// The nonce used.
    pub nonce: String,
    /// The timestamp used (`YYYY-MM-DDThh:mm:ssZ`).
    pub timestamp: String,
}

/// The shape of every error this package throws or rejects with: an
/// `Error` instance with these extra properties (`null` when unknown).
/// `isMpaasPushError(e)` narrows to it.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct MpaasPushError {
    /// `'Error'`.
    pub name: String,
    /// Human explanation (secrets never included).
    pub message: String,
    /// Stack trace.
    pub stack: Option<String>,
    /// The stable machine code (the same string in every language).
    #[napi(
        ts_type = "'validation' | 'config' | 'credentials' | 'connect' | 'timeout' | 'connection_lost' | 'throttled' | 'signature_mismatch' | 'clock_skew' | 'auth' | 'service' | 'push_failed' | 'invalid_response' | 'internal'"
    )]
    pub code: Value,
    /// `RequestId` of the response, when there was one.
    #[napi(ts_type = "string | null")]
    pub request_id: Value,
    /// HTTP status of the response, when there was one.
    #[napi(ts_type = "number | null")]
    pub http_status: Value,
    /// The gateway `Code` (e.g. `Throttling.User`) or the MPS `ResultCode`
    /// (e.g. `3022`, `DUPLICATE_MSGKEY`).
    #[napi(ts_type = "string | null")]
    pub service_code: Value,
    /// Whether the default policy retries this failure.
    pub retryable: bool,
    /// Whether the request may have reached the service (in any attempt).
    pub maybe_sent: bool,
    /// Attempts made (0 when nothing was sent).
    pub attempts: u32,
    /// `validation`: the field path, e.g. `strategy.end`.
    #[napi(ts_type = "string | null")]
    pub field: Value,
    /// `validation`: the rule id, e.g. `required`, `one_of`.
    #[napi(ts_type = "string | null")]
    pub rule: Value,
    /// `validation`: the offending value, as text.
    #[napi(ts_type = "string | null")]
    pub value: Value,
    /// The gateway's troubleshooting URL.
    #[napi(ts_type = "string | null")]
    pub recommend: Value,
    /// `clock_skew`: server minus local clock, in seconds.
    #[napi(ts_type = "number | null")]
    pub clock_offset: Value,
    /// `timeout`: which deadline fired.
    #[napi(ts_type = "'connect' | 'read' | 'total' | null")]
    pub timeout_kind: Value,
    /// The first bytes of the response body (bounded, secrets removed).
    #[napi(ts_type = "string | null")]
    pub body_excerpt: Value,
}
