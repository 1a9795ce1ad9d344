//! [`Operation`]: what the client needs to know about each MPS action — its
//! name, whether it may be retried after it may have reached the service,
//! its rules, its wire parameters and its response parser — plus [`Action`],
//! the same set chosen at run time with neutral JSON in and out (how the CLI
//! and the bindings reach every action through one entry point).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::{Error, ValidationError};
use crate::model::companion::Paging;
use crate::model::{
    BroadcastRequest, CancelSchedulerRequest, RevokeMessageRequest, RevokeTaskRequest,
    SchedulerListQuery, TaskDetailQuery, TaskListQuery,
};
use crate::response::{BroadcastResult, RawResponse, parse_broadcast};
use crate::results::{
    CancelResult, RevokeResult, SchedulerPage, TaskDetail, TaskListPage, parse_cancel,
    parse_revoke, parse_scheduler_page, parse_task_detail, parse_task_list,
};
use crate::rule::Rule;
use crate::secret::Redactor;
use crate::validate::validate;
use crate::wire::{Params, PayloadEncoding, operation_params};

/// One MPS action: a request type that validates itself, turns itself into
/// wire parameters and knows how to read the answer.
///
/// ```
/// use mpaas_push::{Operation, RevokeTaskRequest, TaskDetailQuery};
/// assert_eq!(TaskDetailQuery::ACTION, "QueryPushAnalysisTaskDetail");
/// assert!(TaskDetailQuery::IDEMPOTENT);
/// assert!(!RevokeTaskRequest::IDEMPOTENT);
/// ```
pub trait Operation: fmt::Debug + Send + Sync {
    /// The `Action` name.
    const ACTION: &'static str;
    /// Read-only: safe to retry after a failure that may have reached the
    /// service. Writes follow the PushBroadcast rules instead.
    const IDEMPOTENT: bool;
    /// The typed result.
    type Output: Send + 'static;
    /// What the parser needs from the request (e.g. the page asked for).
    type Context: Copy + Send + Sync + 'static;

    /// Checks every rule as of `now`.
    fn validate(&self, now: DateTime<Utc>) -> Result<(), ValidationError>;
    /// The operation parameters (no common or signature parameters).
    fn params(&self, payload: PayloadEncoding) -> Params;
    /// The parser's context.
    fn context(&self) -> Self::Context;
    /// The result a retry's failure `e` stands for when an earlier attempt
    /// may have reached the service — e.g. a broadcast refused as a duplicate
    /// Msgkey was accepted by that earlier attempt. `None`: `e` stands.
    fn already_done(e: &Error) -> Option<Self::Output> {
        let _ = e;
        None
    }
    /// Reads a response; `sent_at` is the signing time (for clock skew).
    fn parse(
        ctx: Self::Context,
        raw: &RawResponse,
        sent_at: DateTime<Utc>,
        r: &Redactor,
    ) -> Result<Self::Output, Error>;
}

impl Operation for BroadcastRequest {
    const ACTION: &'static str = "PushBroadcast";
    const IDEMPOTENT: bool = false;
    type Output = BroadcastResult;
    type Context = ();

    fn validate(&self, now: DateTime<Utc>) -> Result<(), ValidationError> {
        validate(self, now)
    }
    fn params(&self, payload: PayloadEncoding) -> Params {
        operation_params(self, payload)
    }
    fn context(&self) {}
    fn already_done(e: &Error) -> Option<BroadcastResult> {
        BroadcastResult::already_accepted_from(e)
    }
    fn parse(
        (): (),
        raw: &RawResponse,
        sent_at: DateTime<Utc>,
        r: &Redactor,
    ) -> Result<BroadcastResult, Error> {
        parse_broadcast(raw, sent_at, r)
    }
}

/// Implements [`Operation`] for a companion request.
macro_rules! operation {
    ($ty:ty, $action:literal, idempotent = $idem:literal, $out:ty,
     validate = |$s:ident, $now:ident| $validate:expr,
     context = $ctx_ty:ty, |$c:ident| $ctx:expr,
     parse = |$pc:pat_param, $raw:ident, $sent:ident, $r:ident| $parse:expr) => {
        impl Operation for $ty {
            const ACTION: &'static str = $action;
            const IDEMPOTENT: bool = $idem;
            type Output = $out;
            type Context = $ctx_ty;

            fn validate(&self, $now: DateTime<Utc>) -> Result<(), ValidationError> {
                let $s = self;
                $validate
            }
            fn params(&self, _: PayloadEncoding) -> Params {
                <$ty>::params(self)
            }
            fn context(&self) -> $ctx_ty {
                let $c = self;
                $ctx
            }
            fn parse(
                $pc: $ctx_ty,
                $raw: &RawResponse,
                $sent: DateTime<Utc>,
                $r: &Redactor,
            ) -> Result<$out, Error> {
                $parse
            }
        }
    };
}

operation!(
    SchedulerListQuery,
    "QueryPushSchedulerList",
    idempotent = true,
    SchedulerPage,
    validate = |s, _now| s.validate(),
    context = Paging,
    |s| s.paging,
    parse = |paging, raw, sent, r| parse_scheduler_page(raw, paging, sent, r)
);
operation!(
    CancelSchedulerRequest,
    "CancelPushScheduler",
    idempotent = false,
    CancelResult,
    validate = |s, _now| s.validate(),
    context = (),
    |_s| (),
    parse = |(), raw, sent, r| parse_cancel(raw, sent, r)
);
operation!(
    RevokeTaskRequest,
    "RevokePushTask",
    idempotent = false,
    RevokeResult,
    validate = |s, now| s.validate(now),
    context = (),
    |_s| (),
    parse = |(), raw, sent, r| parse_revoke(raw, sent, r)
);
operation!(
    RevokeMessageRequest,
    "RevokePushMessage",
    idempotent = false,
    RevokeResult,
    validate = |s, _now| s.validate(),
    context = (),
    |_s| (),
    parse = |(), raw, sent, r| parse_revoke(raw, sent, r)
);
operation!(
    TaskDetailQuery,
    "QueryPushAnalysisTaskDetail",
    idempotent = true,
    TaskDetail,
    validate = |s, _now| s.validate(),
    context = (),
    |_s| (),
    parse = |(), raw, sent, r| parse_task_detail(raw, sent, r)
);
operation!(
    TaskListQuery,
    "QueryPushAnalysisTaskList",
    idempotent = true,
    TaskListPage,
    validate = |s, _now| s.validate(),
    context = Paging,
    |s| s.paging,
    parse = |paging, raw, sent, r| parse_task_list(raw, paging, sent, r)
);

/// Every action this client sends, chosen at run time (CLI, bindings).
///
/// ```
/// use mpaas_push::Action;
/// let a: Action = "revoke_push_task".parse().unwrap();
/// assert_eq!(a, Action::RevokePushTask);
/// assert_eq!(a.as_str(), "RevokePushTask");
/// assert_eq!("QueryPushSchedulerList".parse::<Action>().unwrap(), Action::QueryPushSchedulerList);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// [`BroadcastRequest`].
    PushBroadcast,
    /// [`SchedulerListQuery`].
    QueryPushSchedulerList,
    /// [`CancelSchedulerRequest`].
    CancelPushScheduler,
    /// [`RevokeTaskRequest`].
    RevokePushTask,
    /// [`RevokeMessageRequest`].
    RevokePushMessage,
    /// [`TaskDetailQuery`].
    QueryPushAnalysisTaskDetail,
    /// [`TaskListQuery`].
    QueryPushAnalysisTaskList,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 7] = [
        Self::PushBroadcast,
        Self::QueryPushSchedulerList,
        Self::CancelPushScheduler,
        Self::RevokePushTask,
        Self::RevokePushMessage,
        Self::QueryPushAnalysisTaskDetail,
        Self::QueryPushAnalysisTaskList,
    ];

    /// The wire `Action` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PushBroadcast => BroadcastRequest::ACTION,
            Self::QueryPushSchedulerList => SchedulerListQuery::ACTION,
            Self::CancelPushScheduler => CancelSchedulerRequest::ACTION,
            Self::RevokePushTask => RevokeTaskRequest::ACTION,
            Self::RevokePushMessage => RevokeMessageRequest::ACTION,
            Self::QueryPushAnalysisTaskDetail => TaskDetailQuery::ACTION,
            Self::QueryPushAnalysisTaskList => TaskListQuery::ACTION,
        }
    }

    /// Whether the action is read-only (retried freely).
    pub fn idempotent(self) -> bool {
        match self {
            Self::PushBroadcast => BroadcastRequest::IDEMPOTENT,
            Self::QueryPushSchedulerList => SchedulerListQuery::IDEMPOTENT,
            Self::CancelPushScheduler => CancelSchedulerRequest::IDEMPOTENT,
            Self::RevokePushTask => RevokeTaskRequest::IDEMPOTENT,
            Self::RevokePushMessage => RevokeMessageRequest::IDEMPOTENT,
            Self::QueryPushAnalysisTaskDetail => TaskDetailQuery::IDEMPOTENT,
            Self::QueryPushAnalysisTaskList => TaskListQuery::IDEMPOTENT,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = Error;

    /// The wire name or its `snake_case` form.
    fn from_str(s: &str) -> Result<Self, Error> {
        let squash = |t: &str| t.replace('_', "").to_ascii_lowercase();
        let wanted = squash(s);
        Self::ALL
            .into_iter()
            .find(|a| squash(a.as_str()) == wanted)
            .ok_or_else(|| {
                Error::option(
                    ValidationError::new(
                        "action",
                        Rule::OneOf,
                        format!(
                            "must be one of {}",
                            Self::ALL.map(Action::as_str).join(", ")
                        ),
                    )
                    .with_value(format_args!("{s:?}")),
                )
            })
    }
}

/// A request of any [`Action`], read from neutral JSON.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AnyRequest {
    /// `PushBroadcast`.
    PushBroadcast(Box<BroadcastRequest>),
    /// `QueryPushSchedulerList`.
    QueryPushSchedulerList(SchedulerListQuery),
    /// `CancelPushScheduler`.
    CancelPushScheduler(CancelSchedulerRequest),
    /// `RevokePushTask`.
    RevokePushTask(RevokeTaskRequest),
    /// `RevokePushMessage`.
    RevokePushMessage(RevokeMessageRequest),
    /// `QueryPushAnalysisTaskDetail`.
    QueryPushAnalysisTaskDetail(TaskDetailQuery),
    /// `QueryPushAnalysisTaskList`.
    QueryPushAnalysisTaskList(TaskListQuery),
}

impl AnyRequest {
    /// Reads `value` as a request of `action`.
    ///
    /// ```
    /// use mpaas_push::{Action, AnyRequest};
    /// let v = serde_json::json!({"appId": "A", "workspaceId": "W", "taskId": "1"});
    /// let req = AnyRequest::from_json(Action::QueryPushAnalysisTaskDetail, &v).unwrap();
    /// assert_eq!(req.action(), Action::QueryPushAnalysisTaskDetail);
    /// ```
    pub fn from_json(action: Action, value: &Value) -> Result<Self, ValidationError> {
        Ok(match action {
            Action::PushBroadcast => {
                Self::PushBroadcast(Box::new(BroadcastRequest::from_json(value)?))
            }
            Action::QueryPushSchedulerList => {
                Self::QueryPushSchedulerList(SchedulerListQuery::from_json(value)?)
            }
            Action::CancelPushScheduler => {
                Self::CancelPushScheduler(CancelSchedulerRequest::from_json(value)?)
            }
            Action::RevokePushTask => Self::RevokePushTask(RevokeTaskRequest::from_json(value)?),
            Action::RevokePushMessage => {
                Self::RevokePushMessage(RevokeMessageRequest::from_json(value)?)
            }
            Action::QueryPushAnalysisTaskDetail => {
                Self::QueryPushAnalysisTaskDetail(TaskDetailQuery::from_json(value)?)
            }
            Action::QueryPushAnalysisTaskList => {
                Self::QueryPushAnalysisTaskList(TaskListQuery::from_json(value)?)
            }
        })
    }

    /// Parses JSON text, then [`AnyRequest::from_json`].
    pub fn from_json_str(action: Action, text: &str) -> Result<Self, ValidationError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ValidationError::new("request", Rule::Json, format!("is not valid JSON: {e}"))
        })?;
        Self::from_json(action, &value)
    }

    /// The action of this request.
    pub fn action(&self) -> Action {
        match self {
            Self::PushBroadcast(_) => Action::PushBroadcast,
            Self::QueryPushSchedulerList(_) => Action::QueryPushSchedulerList,
            Self::CancelPushScheduler(_) => Action::CancelPushScheduler,
            Self::RevokePushTask(_) => Action::RevokePushTask,
            Self::RevokePushMessage(_) => Action::RevokePushMessage,
            Self::QueryPushAnalysisTaskDetail(_) => Action::QueryPushAnalysisTaskDetail,
            Self::QueryPushAnalysisTaskList(_) => Action::QueryPushAnalysisTaskList,
        }
    }
}

macro_rules! dispatch {
    ($req:expr, |$r:ident| $body:expr) => {
        match $req {
            AnyRequest::PushBroadcast(b) => {
                let $r: &BroadcastRequest = b;
                $body
            }
            AnyRequest::QueryPushSchedulerList($r) => $body,
            AnyRequest::CancelPushScheduler($r) => $body,
            AnyRequest::RevokePushTask($r) => $body,
            AnyRequest::RevokePushMessage($r) => $body,
            AnyRequest::QueryPushAnalysisTaskDetail($r) => $body,
            AnyRequest::QueryPushAnalysisTaskList($r) => $body,
        }
    };
}
pub(crate) use dispatch;

impl AnyRequest {
    /// Checks every rule of the request as of `now`.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), ValidationError> {
        dispatch!(self, |r| Operation::validate(r, now))
    }

    /// The request's operation parameters.
    ///
    /// ```
    /// use mpaas_push::{Action, AnyRequest, wire::PayloadEncoding};
    /// let v = serde_json::json!({"appId": "A", "workspaceId": "W", "uniqueIds": ["1", "2"]});
    /// let req = AnyRequest::from_json(Action::CancelPushScheduler, &v).unwrap();
    /// assert_eq!(req.params(PayloadEncoding::default())["UniqueIds"], "1,2");
    /// ```
    pub fn params(&self, payload: PayloadEncoding) -> Params {
        dispatch!(self, |r| Operation::params(r, payload))
    }
}
