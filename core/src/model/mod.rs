//! The typed requests (spec §2, companion actions protocol §5) and their
//! readers. This file only declares the submodules and re-exports their
//! public items; the submodules use each other directly (never through this
//! file), so the module graph stays acyclic (`scripts/check_layers.py`).

pub(crate) mod broadcast;
pub(crate) mod companion;
pub(crate) mod enums;
mod json;
pub mod schedule;

pub use broadcast::{BroadcastRequest, BroadcastRequestBuilder, Payload};
pub use companion::{
    CancelSchedulerRequest, Paging, RevokeMessageRequest, RevokeTaskRequest, SchedulerListQuery,
    Target, TaskDetailQuery, TaskListQuery,
};
pub use enums::{
    AndroidChannel, CircleType, Classification, DeliveryType, NotifyType, PayloadVendor, Period,
    PushAction, PushKind, PushStatus, StrategyType, UniqueIdKind, Urgency,
};
pub use schedule::{Every, Recurrence, Schedule};
