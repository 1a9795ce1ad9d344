//! # mpaas-push
//!
//! Validated, signed Alibaba Cloud mPaaS Message Push Service (MPS)
//! `PushBroadcast` requests: the engine behind the Python, Node.js and JVM
//! packages of this project.
//!
//! * **Validation first**: every documented rule (spec §2–§3) is checked
//!   before anything is signed ([`validate()`]); failures name the field path,
//!   the rule and the value.
//! * **Exact signing**: RPC HMAC-SHA1 (default) and `ACS3-HMAC-SHA256`,
//!   byte-identical to Alibaba Cloud's official SDKs ([`sign`], [`prepare`]).
//! * **Safe transport**: HTTPS (rustls), connect/read/total deadlines, and
//!   retries only of what cannot have reached the service — each attempt
//!   re-signed, the `Msgkey` unchanged ([`Client`]).
//! * **Typed errors** with stable codes ([`ErrorCode`]), `retryable` and
//!   `maybe_sent`; secrets never printed ([`Secret`]).
//!
//! ```no_run
//! use mpaas_push::{BroadcastRequest, Client, DeliveryType, Period};
//! # fn main() -> Result<(), mpaas_push::Error> {
//! let client = Client::from_env()?; // ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET
//! let req = BroadcastRequest::builder()
//!     .app_id("ONEX570DA89211721")
//!     .workspace_id("default")
//!     .delivery_type(DeliveryType::Android)
//!     .msgkey("order-1234")
//!     .expired_seconds(300)
//!     .task_name("Daily news")
//!     .template_name("news_tpl")
//!     .template_value("content", "Hello")
//!     .bind_period(Period::Days7)
//!     .build()?;
//! let result = client.push_broadcast_blocking(&req)?;
//! println!("task id: {:?}", result.task_id);
//! # Ok(()) }
//! ```

/// Fires a test panic armed at `PanicPoint::$point` (cargo feature
/// `test-hooks`, see `test_hooks`); expands to nothing without the feature.
macro_rules! test_hook {
    ($point:ident) => {
        #[cfg(feature = "test-hooks")]
        $crate::test_hooks::check($crate::test_hooks::PanicPoint::$point);
    };
}

mod checks;
mod client;
mod clock;
mod config;
mod credentials;
pub mod encode;
mod error;
pub mod host;
mod local;
mod model;
mod operation;
mod options;
mod pager;
pub mod panic;
pub mod prepare;
pub mod response;
pub mod results;
mod retry;
mod rule;
pub mod runtime;
mod secret;
pub mod sign;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
mod transport;
mod validate;
pub mod wire;

pub use checks::{
    MAX_DAYS_AHEAD, MAX_EXTENDED_PARAMS, MAX_MAP_ENTRIES, MAX_PAYLOAD_DEPTH, RESERVED_EXTENDED_KEYS,
};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES, VERSION};
pub use clock::{
    Clock, FixedClock, FixedNonce, NonceSource, RandomNonce, SharedClock, SharedNonceSource,
    SystemClock, generate_msgkey,
};
pub use config::{
    ApiVersion, DEFAULT_ENDPOINT, DEFAULT_REGION, Endpoint, MAX_ATTEMPTS, MAX_DURATION,
    RESPONSE_BYTES_RANGE, RetryPolicy, Timeouts,
};
pub use credentials::{
    Credentials, CredentialsProvider, DefaultChain, EnvLookup, EnvironmentProvider,
    read_cli_config, read_ini_file,
};
pub use error::{
    Error, ErrorCode, ErrorFamily, ErrorKind, Result, ServiceError, TimeoutKind, ValidationError,
};
pub use local::MAX_LOCAL_ENGINES;
pub use model::companion::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, REVOKE_WINDOW_DAYS};
pub use model::schedule;
pub use model::{
    AndroidChannel, BroadcastRequest, BroadcastRequestBuilder, CancelSchedulerRequest, CircleType,
    Classification, DeliveryType, Every, NotifyType, Paging, Payload, PayloadVendor, Period,
    PushAction, PushKind, PushStatus, Recurrence, RevokeMessageRequest, RevokeTaskRequest,
    Schedule, SchedulerListQuery, StrategyType, Target, TaskDetailQuery, TaskListQuery,
    UniqueIdKind, Urgency,
};
pub use operation::{Action, AnyRequest, Operation};
pub use options::{ClientOptions, OPTION_NAMES, RETRY_OPTION_NAMES, RetryOptions};
pub use pager::{AnyItem, AnyPager, Paged, Pager};
pub use prepare::PreparedRequest;
pub use response::{BroadcastResult, DUPLICATE_MSGKEY_CODES};
pub use results::{
    CancelResult, RevokeResult, ScheduledTask, SchedulerPage, TaskDetail, TaskListPage, TaskReport,
};
pub use rule::{Rule, UnknownRule};
pub use secret::{REDACTED, Redactor, Secret};
pub use sign::SignatureMethod;
pub use transport::ProxyConfig;
pub use validate::validate;
