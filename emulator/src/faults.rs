//! Scripted faults: "for the next N matching requests, do X". Tests in every
//! language drive them through `POST /_emulator/faults`.

use serde::{Deserialize, Serialize};

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

fn four_hundred() -> u16 {
    400
}

/// What to do instead of (or besides) answering normally.
///
/// JSON form: `{"type": "delay", "ms": 2000}`; `process` says whether the
/// service still acts on the request (records the Msgkey, creates the task)
/// before the fault shows — what makes a fault "after the request reached the
/// service".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with an HTTP status and gateway error code (default: not
    /// processed), e.g. `{"type":"status","status":503,"code":"ServiceUnavailable"}`.
    Status {
        /// HTTP status.
        status: u16,
        /// Gateway `Code` (default from the status: 500 `InternalError`,
        /// 503 `ServiceUnavailable`, otherwise `InternalError`).
        #[serde(default)]
        code: Option<String>,
        /// Gateway `Message`.
        #[serde(default)]
        message: Option<String>,
        /// Whether the service acts first.
        #[serde(default)]
        process: bool,
    },
    /// `Throttling.User`, optionally with `x-acs-retry-after` (ms).
    Throttle {
        /// Value of `x-acs-retry-after` in milliseconds.
        #[serde(default, rename = "retryAfterMs")]
        retry_after_ms: Option<u64>,
        /// HTTP status (400 as the gateway does; 429 also seen).
        #[serde(default = "four_hundred")]
        status: u16,
    },
    /// Wait before answering (default: processed first), to make clients
    /// time out after the request reached the service.
    Delay {
        /// Milliseconds to wait.
        ms: u64,
        /// Whether the service acts first.
        #[serde(default = "yes")]
        process: bool,
    },
    /// Close the connection before reading the request body.
    DropBeforeBody,
    /// Read the body, then close the connection without answering (default:
    /// processed first).
    DropAfterBody {
        /// Whether the service acts first.
        #[serde(default = "yes")]
        process: bool,
    },
    /// Answer HTTP 200 with truncated JSON (default: processed first).
    MalformedJson {
        /// Whether the service acts first.
        #[serde(default = "yes")]
        process: bool,
    },
    /// Answer HTTP 200 with a body that is not JSON at all (an HTML error
    /// page, as a misconfigured proxy sends; default: processed first).
    NotJson {
        /// Whether the service acts first.
        #[serde(default = "yes")]
        process: bool,
    },
    /// Answer HTTP 200, `ResultCode` OK but `PushResult.Success` false with
    /// this `ResultCode`/`ResultMsg` (default: not processed).
    PushFailed {
        /// `PushResult.ResultCode` (default `PUSH_FAILED`).
        #[serde(default)]
        code: Option<String>,
        /// `PushResult.ResultMsg`.
        #[serde(default)]
        message: Option<String>,
        /// Whether the service acts first.
        #[serde(default)]
        process: bool,
    },
    /// Answer HTTP 200 with a body of `bytes` bytes (default: processed first).
    HugeBody {
        /// Body size.
        bytes: u64,
        /// Whether the service acts first.
        #[serde(default = "yes")]
        process: bool,
    },
}

impl Fault {
    /// Whether the service acts on the request before the fault shows.
    pub fn processes(&self) -> bool {
        match self {
            Fault::Status { process, .. }
            | Fault::Delay { process, .. }
            | Fault::DropAfterBody { process }
            | Fault::MalformedJson { process }
            | Fault::NotJson { process }
            | Fault::PushFailed { process, .. }
            | Fault::HugeBody { process, .. } => *process,
            Fault::Throttle { .. } | Fault::DropBeforeBody => false,
        }
    }

    /// Short name for the request log.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::Status { .. } => "status",
            Fault::Throttle { .. } => "throttle",
            Fault::Delay { .. } => "delay",
            Fault::DropBeforeBody => "drop_before_body",
            Fault::DropAfterBody { .. } => "drop_after_body",
            Fault::MalformedJson { .. } => "malformed_json",
            Fault::NotJson { .. } => "not_json",
            Fault::PushFailed { .. } => "push_failed",
            Fault::HugeBody { .. } => "huge_body",
        }
    }
}

/// A fault for the next `count` requests matching `action` (and `msgkey`,
/// when given).
///
/// ```
/// let rule: mpaas_push_emulator::FaultRule =
///     serde_json::from_str(r#"{"fault":{"type":"throttle","retryAfterMs":50},"count":2,"action":"PushBroadcast"}"#).unwrap();
/// assert_eq!(rule.count, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct FaultRule {
    /// The fault.
    pub fault: Fault,
    /// How many matching requests it applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Only requests for this action (default: any).
    #[serde(default)]
    pub action: Option<String>,
    /// Only requests with this Msgkey (default: any).
    #[serde(default)]
    pub msgkey: Option<String>,
}

impl FaultRule {
    pub(crate) fn matches_action(&self, action: Option<&str>) -> bool {
        self.action.as_deref().is_none_or(|a| Some(a) == action)
    }
}
