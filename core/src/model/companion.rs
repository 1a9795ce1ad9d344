//! Requests of the companion actions that manage what a broadcast leaves
//! behind (spec protocol §5): list and cancel scheduled tasks, revoke a task
//! or a message, read a task's delivery figures. Each type reads the neutral
//! camelCase JSON (field paths in errors), checks its rules with an injected
//! "now" and converts itself to wire parameters — in this file only.
//!
//! Times are [`DateTime<Utc>`] in Rust and integer milliseconds since the
//! epoch (or RFC 3339 text) in neutral JSON, as on the wire.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use super::enums::{PushKind, UniqueIdKind};
use super::json::{Obj, type_error};
use crate::checks::{no_nul, not_blank};
use crate::error::ValidationError;
use crate::rule::Rule;
use crate::wire::Params;

/// Page size the service uses when `PageSize` is absent (documented).
pub const DEFAULT_PAGE_SIZE: u32 = 500;

/// Largest accepted `PageSize`.
pub const MAX_PAGE_SIZE: u32 = 500;

/// `RevokePushTask` only reaches messages of the last this many days.
pub const REVOKE_WINDOW_DAYS: i64 = 7;

type Check = Result<(), ValidationError>;

/// Where a request goes: app, workspace and optional tenant — common to
/// every action.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Target {
    /// `AppId`.
    pub app_id: String,
    /// `WorkspaceId`.
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
}

impl Target {
    /// App and workspace, no tenant.
    ///
    /// ```
    /// let t = mpaas_push::Target::new("ONEX570DA89211721", "default");
    /// assert_eq!(t.workspace_id, "default");
    /// ```
    pub fn new(app_id: impl Into<String>, workspace_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            workspace_id: workspace_id.into(),
            tenant_id: None,
        }
    }

    fn read(o: &Obj<'_>) -> Result<Self, ValidationError> {
        Ok(Self {
            app_id: o.required_string("appId")?,
            workspace_id: o.required_string("workspaceId")?,
            tenant_id: o.string("tenantId")?,
        })
    }

    fn check(&self) -> Check {
        not_blank("appId", &self.app_id)?;
        not_blank("workspaceId", &self.workspace_id)?;
        if let Some(t) = &self.tenant_id {
            no_nul("tenantId", t)?;
        }
        Ok(())
    }

    fn put(&self, p: &mut Params) {
        p.insert("AppId".into(), self.app_id.clone());
        p.insert("WorkspaceId".into(), self.workspace_id.clone());
        if let Some(t) = &self.tenant_id {
            p.insert("TenantId".into(), t.clone());
        }
    }
}

const TARGET_FIELDS: [&str; 3] = ["appId", "workspaceId", "tenantId"];

fn fields(extra: &[&'static str]) -> Vec<&'static str> {
    TARGET_FIELDS.iter().chain(extra).copied().collect()
}

/// Reads a time: integer milliseconds since the epoch or RFC 3339 text.
fn read_time(o: &Obj<'_>, key: &str) -> Result<Option<DateTime<Utc>>, ValidationError> {
    let Some(v) = o.get(key) else {
        return Ok(None);
    };
    let field = o.path(key);
    let t = match v {
        Value::Number(n) => n
            .as_i64()
            .and_then(|ms| Utc.timestamp_millis_opt(ms).single()),
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        _ => None,
    };
    t.map(Some).ok_or_else(|| {
        type_error(
            &field,
            "milliseconds since the epoch or an RFC 3339 time",
            v,
        )
    })
}

fn required_time(o: &Obj<'_>, key: &str) -> Result<DateTime<Utc>, ValidationError> {
    o.required(key)?;
    read_time(o, key).map(|t| t.unwrap_or_default())
}

/// Reads an id given as a string or an integer.
fn read_id(o: &Obj<'_>, key: &str) -> Result<Option<String>, ValidationError> {
    match o.get(key) {
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
        Some(Value::Number(n)) => Err(type_error(
            &o.path(key),
            "a string or an integer",
            &Value::Number(n.clone()),
        )),
        _ => o.string(key),
    }
}

fn required_id(o: &Obj<'_>, key: &str) -> Result<String, ValidationError> {
    o.required(key)?;
    read_id(o, key).map(Option::unwrap_or_default)
}

fn read_u32(o: &Obj<'_>, key: &str) -> Result<Option<u32>, ValidationError> {
    match o.int(key)? {
        None => Ok(None),
        Some(n) => u32::try_from(n).map(Some).map_err(|_| {
            ValidationError::new(o.path(key), Rule::Range, "must be between 1 and 4294967295")
                .with_value(n)
        }),
    }
}

fn enum_of<T>(
    o: &Obj<'_>,
    key: &str,
    read: fn(&Value, &str) -> Result<T, ValidationError>,
) -> Result<Option<T>, ValidationError> {
    o.get(key).map(|v| read(v, &o.path(key))).transpose()
}

/// Paging of the list actions: `PageNumber` from 1, `PageSize` 1–500.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Paging {
    /// `PageNumber` (service default 1).
    pub page_number: Option<u32>,
    /// `PageSize` (service default 500).
    pub page_size: Option<u32>,
}

impl Paging {
    /// One page of `page_size` entries.
    ///
    /// ```
    /// let p = mpaas_push::Paging::new(2, 50);
    /// assert_eq!((p.number(), p.size()), (2, 50));
    /// ```
    pub fn new(page_number: u32, page_size: u32) -> Self {
        Self {
            page_number: Some(page_number),
            page_size: Some(page_size),
        }
    }

    /// The page asked for (1 when unset).
    pub fn number(&self) -> u32 {
        self.page_number.unwrap_or(1)
    }

    /// The page size in effect ([`DEFAULT_PAGE_SIZE`] when unset).
    pub fn size(&self) -> u32 {
        self.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    fn read(o: &Obj<'_>) -> Result<Self, ValidationError> {
        Ok(Self {
            page_number: read_u32(o, "pageNumber")?,
            page_size: read_u32(o, "pageSize")?,
        })
    }

    fn check(&self) -> Check {
        if self.page_number == Some(0) {
            return Err(
                ValidationError::new("pageNumber", Rule::Min, "must be at least 1").with_value(0),
            );
        }
        if let Some(s) = self.page_size
            && !(1..=MAX_PAGE_SIZE).contains(&s)
        {
            return Err(ValidationError::new(
                "pageSize",
                Rule::Range,
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            )
            .with_value(s));
        }
        Ok(())
    }

    fn put(&self, p: &mut Params) {
        if let Some(n) = self.page_number {
            p.insert("PageNumber".into(), n.to_string());
        }
        if let Some(s) = self.page_size {
            p.insert("PageSize".into(), s.to_string());
        }
    }
}

fn optional_not_blank(field: &str, v: Option<&String>) -> Check {
    v.map_or(Ok(()), |v| not_blank(field, v))
}

fn ms(t: DateTime<Utc>) -> String {
    t.timestamp_millis().to_string()
}

fn check_epoch(field: &str, t: DateTime<Utc>) -> Check {
    if t.timestamp_millis() < 0 {
        return Err(
            ValidationError::new(field, Rule::Min, "must not be before 1970-01-01")
                .with_value(t.timestamp_millis()),
        );
    }
    Ok(())
}

macro_rules! json_entry {
    ($ty:ty, $read:path) => {
        impl $ty {
            /// Reads the neutral camelCase JSON form; failures name the field.
            pub fn from_json(value: &Value) -> Result<Self, ValidationError> {
                $read(value)
            }

            /// Parses then reads neutral JSON text.
            pub fn from_json_str(text: &str) -> Result<Self, ValidationError> {
                let value: Value = serde_json::from_str(text).map_err(|e| {
                    ValidationError::new("request", Rule::Json, format!("is not valid JSON: {e}"))
                })?;
                Self::from_json(&value)
            }
        }
    };
}

/// `QueryPushSchedulerList`: the scheduled tasks whose trigger time falls in
/// `[start, end]` (not their creation time).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpaas_push::{PushKind, SchedulerListQuery, Target};
/// let mut q = SchedulerListQuery::new(
///     Target::new("ONEX570DA89211721", "default"),
///     Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
///     Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap(),
/// );
/// q.kind = Some(PushKind::Broadcast);
/// assert!(q.validate().is_ok());
/// assert_eq!(q.params()["Type"], "3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchedulerListQuery {
    /// App, workspace, tenant.
    pub target: Target,
    /// `StartTime`: window start (trigger time).
    pub start: DateTime<Utc>,
    /// `EndTime`: window end (trigger time).
    pub end: DateTime<Utc>,
    /// `Type`: only tasks of this kind.
    pub kind: Option<PushKind>,
    /// `UniqueId`: a parent id lists its children; a child id itself.
    pub unique_id: Option<String>,
    /// `PageNumber` / `PageSize`.
    pub paging: Paging,
}

impl SchedulerListQuery {
    /// Tasks of `target` triggered between `start` and `end`.
    pub fn new(target: Target, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            target,
            start,
            end,
            kind: None,
            unique_id: None,
            paging: Paging::default(),
        }
    }

    /// Checks every rule.
    pub fn validate(&self) -> Check {
        self.target.check()?;
        check_epoch("startTime", self.start)?;
        if self.end < self.start {
            return Err(ValidationError::new(
                "endTime",
                Rule::TimeOrder,
                "must not be before startTime",
            )
            .with_value(self.end.timestamp_millis()));
        }
        optional_not_blank("uniqueId", self.unique_id.as_ref())?;
        self.paging.check()
    }

    /// Wire parameters.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        self.target.put(&mut p);
        p.insert("StartTime".into(), ms(self.start));
        p.insert("EndTime".into(), ms(self.end));
        if let Some(k) = self.kind {
            p.insert("Type".into(), k.wire().into());
        }
        if let Some(u) = &self.unique_id {
            p.insert("UniqueId".into(), u.clone());
        }
        self.paging.put(&mut p);
        p
    }

    fn read(value: &Value) -> Result<Self, ValidationError> {
        let known = fields(&[
            "startTime",
            "endTime",
            "type",
            "uniqueId",
            "pageNumber",
            "pageSize",
        ]);
        let o = Obj::new(value, "", &known)?;
        Ok(Self {
            target: Target::read(&o)?,
            start: required_time(&o, "startTime")?,
            end: required_time(&o, "endTime")?,
            kind: enum_of(&o, "type", PushKind::from_json)?,
            unique_id: read_id(&o, "uniqueId")?,
            paging: Paging::read(&o)?,
        })
    }
}
json_entry!(SchedulerListQuery, SchedulerListQuery::read);

/// `CancelPushScheduler`: cancels one or more scheduled tasks by unique id
/// (the task id PushBroadcast returned for a scheduled or recurring push).
///
/// ```
/// use mpaas_push::{CancelSchedulerRequest, Target};
/// let r = CancelSchedulerRequest::new(Target::new("A", "W"), ["1000001", "1000002"]);
/// assert_eq!(r.params()["UniqueIds"], "1000001,1000002");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CancelSchedulerRequest {
    /// App, workspace, tenant.
    pub target: Target,
    /// `UniqueIds` (sent comma-separated).
    pub unique_ids: Vec<String>,
    /// `Type`: which kind of ids these are.
    pub id_kind: Option<UniqueIdKind>,
}

impl CancelSchedulerRequest {
    /// Cancels `unique_ids` of `target`.
    pub fn new<I, S>(target: Target, unique_ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            target,
            unique_ids: unique_ids.into_iter().map(Into::into).collect(),
            id_kind: None,
        }
    }

    /// Checks every rule.
    pub fn validate(&self) -> Check {
        self.target.check()?;
        if self.unique_ids.is_empty() {
            return Err(ValidationError::new(
                "uniqueIds",
                Rule::NotEmpty,
                "must list at least one id",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, id) in self.unique_ids.iter().enumerate() {
            let field = format!("uniqueIds[{i}]");
            not_blank(&field, id)?;
            if id.contains(',') {
                return Err(ValidationError::new(
                    field,
                    Rule::NoComma,
                    "must not contain a comma (the list separator)",
                )
                .with_value(id));
            }
            if !seen.insert(id.as_str()) {
                return Err(
                    ValidationError::new(field, Rule::Unique, "is listed twice").with_value(id)
                );
            }
        }
        Ok(())
    }

    /// Wire parameters.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        self.target.put(&mut p);
        p.insert("UniqueIds".into(), self.unique_ids.join(","));
        if let Some(k) = self.id_kind {
            p.insert("Type".into(), k.wire().into());
        }
        p
    }

    fn read(value: &Value) -> Result<Self, ValidationError> {
        let known = fields(&["uniqueIds", "type"]);
        let o = Obj::new(value, "", &known)?;
        let target = Target::read(&o)?;
        let list = o.required("uniqueIds")?;
        let field = o.path("uniqueIds");
        let unique_ids = match list {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
                    _ => Err(type_error(&format!("{field}[{i}]"), "a string", v)),
                })
                .collect::<Result<Vec<_>, _>>()?,
            Value::String(s) => vec![s.clone()],
            _ => return Err(type_error(&field, "a list of ids", list)),
        };
        Ok(Self {
            target,
            unique_ids,
            id_kind: enum_of(&o, "type", UniqueIdKind::from_json)?,
        })
    }
}
json_entry!(CancelSchedulerRequest, CancelSchedulerRequest::read);

/// `RevokePushTask`: withdraws the messages of a broadcast (or batch) task.
/// The service only reaches messages of the last 7 days; give `sent_at`
/// (when the task was pushed) and the client refuses older ones before
/// sending.
///
/// ```
/// use chrono::{Duration, Utc};
/// use mpaas_push::{RevokeTaskRequest, Target};
/// let mut r = RevokeTaskRequest::new(Target::new("A", "W"), "1000001");
/// r.sent_at = Some(Utc::now() - Duration::days(8));
/// assert_eq!(r.validate(Utc::now()).unwrap_err().rule().as_str(), "revoke_window");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RevokeTaskRequest {
    /// App, workspace, tenant.
    pub target: Target,
    /// `TaskId`.
    pub task_id: String,
    /// When the task was pushed (not sent on the wire; checked against the
    /// 7-day window).
    pub sent_at: Option<DateTime<Utc>>,
}

impl RevokeTaskRequest {
    /// Revokes `task_id` of `target`.
    pub fn new(target: Target, task_id: impl Into<String>) -> Self {
        Self {
            target,
            task_id: task_id.into(),
            sent_at: None,
        }
    }

    /// Checks every rule as of `now`.
    pub fn validate(&self, now: DateTime<Utc>) -> Check {
        self.target.check()?;
        not_blank("taskId", &self.task_id)?;
        if let Some(at) = self.sent_at {
            let age = now - at;
            if age > chrono::Duration::days(REVOKE_WINDOW_DAYS) {
                return Err(ValidationError::new(
                    "sentAt",
                    Rule::RevokeWindow,
                    format!(
                        "is more than {REVOKE_WINDOW_DAYS} days ago; the service only revokes \
                         messages of the last {REVOKE_WINDOW_DAYS} days"
                    ),
                )
                .with_value(at.to_rfc3339()));
            }
        }
        Ok(())
    }

    /// Wire parameters.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        self.target.put(&mut p);
        p.insert("TaskId".into(), self.task_id.clone());
        p
    }

    fn read(value: &Value) -> Result<Self, ValidationError> {
        let o = Obj::new(value, "", &fields(&["taskId", "sentAt"]))?;
        Ok(Self {
            target: Target::read(&o)?,
            task_id: required_id(&o, "taskId")?,
            sent_at: read_time(&o, "sentAt")?,
        })
    }
}
json_entry!(RevokeTaskRequest, RevokeTaskRequest::read);

/// `RevokePushMessage`: withdraws one message of a simple or template push,
/// by the caller's message id (msgkey) and the device or user it went to.
///
/// ```
/// use mpaas_push::{RevokeMessageRequest, Target};
/// let r = RevokeMessageRequest::new(Target::new("A", "W"), "order-1234", "user-7");
/// assert_eq!(r.params()["MessageId"], "order-1234");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RevokeMessageRequest {
    /// App, workspace, tenant.
    pub target: Target,
    /// `MessageId`: the msgkey the message was sent with.
    pub message_id: String,
    /// `TargetId`: device id or user id.
    pub target_id: String,
}

impl RevokeMessageRequest {
    /// Revokes `message_id` sent to `target_id`.
    pub fn new(
        target: Target,
        message_id: impl Into<String>,
        target_id: impl Into<String>,
    ) -> Self {
        Self {
            target,
            message_id: message_id.into(),
            target_id: target_id.into(),
        }
    }

    /// Checks every rule.
    pub fn validate(&self) -> Check {
        self.target.check()?;
        not_blank("messageId", &self.message_id)?;
        not_blank("targetId", &self.target_id)
    }

    /// Wire parameters.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        self.target.put(&mut p);
        p.insert("MessageId".into(), self.message_id.clone());
        p.insert("TargetId".into(), self.target_id.clone());
        p
    }

    fn read(value: &Value) -> Result<Self, ValidationError> {
        let o = Obj::new(value, "", &fields(&["messageId", "targetId"]))?;
        Ok(Self {
            target: Target::read(&o)?,
            message_id: required_id(&o, "messageId")?,
            target_id: required_id(&o, "targetId")?,
        })
    }
}
json_entry!(RevokeMessageRequest, RevokeMessageRequest::read);

/// `QueryPushAnalysisTaskDetail`: delivery figures of one task.
///
/// ```
/// use mpaas_push::{TaskDetailQuery, Target};
/// let q = TaskDetailQuery::new(Target::new("A", "W"), "1000001");
/// assert_eq!(q.params()["TaskId"], "1000001");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskDetailQuery {
    /// App, workspace, tenant.
    pub target: Target,
    /// `TaskId`.
    pub task_id: String,
}

impl TaskDetailQuery {
    /// Figures of `task_id`.
    pub fn new(target: Target, task_id: impl Into<String>) -> Self {
        Self {
            target,
            task_id: task_id.into(),
        }
    }

    /// Checks every rule.
    pub fn validate(&self) -> Check {
        self.target.check()?;
        not_blank("taskId", &self.task_id)
    }

    /// Wire parameters.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        self.target.put(&mut p);
        p.insert("TaskId".into(), self.task_id.clone());
        p
    }

    fn read(value: &Value) -> Result<Self, ValidationError> {
        let o = Obj::new(value, "", &fields(&["taskId"]))?;
        Ok(Self {
            target: Target::read(&o)?,
            task_id: required_id(&o, "taskId")?,
        })
    }
}
json_entry!(TaskDetailQuery, TaskDetailQuery::read);

/// `QueryPushAnalysisTaskList`: tasks created since `start`, with their
/// sub-tasks (the runs of a recurring push).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpaas_push::{TaskListQuery, Target};
/// let mut q = TaskListQuery::new(Target::new("A", "W"), Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap());
/// q.task_name = Some("Daily news".into());
/// assert_eq!(q.params()["StartTime"], "1796083200000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskListQuery {
    /// App, workspace, tenant.
    pub target: Target,
    /// `StartTime`.
    pub start: DateTime<Utc>,
    /// `TaskId`: only this task.
    pub task_id: Option<String>,
    /// `TaskName`: only tasks of this name.
    pub task_name: Option<String>,
    /// `PageNumber` / `PageSize`.
    pub paging: Paging,
}

impl TaskListQuery {
    /// Tasks of `target` since `start`.
    pub fn new(target: Target, start: DateTime<Utc>) -> Self {
        Self {
            target,
            start,
            task_id: None,
            task_name: None,
            paging: Paging::default(),
        }
    }

    /// Checks every rule.
    pub fn validate(&self) -> Check {
        self.target.check()?;
        check_epoch("startTime", self.start)?;
        optional_not_blank("taskId", self.task_id.as_ref())?;
        optional_not_blank("taskName", self.task_name.as_ref())?;
        self.paging.check()
    }

    /// Wire parameters.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        self.target.put(&mut p);
        p.insert("StartTime".into(), ms(self.start));
        if let Some(t) = &self.task_id {
            p.insert("TaskId".into(), t.clone());
        }
        if let Some(t) = &self.task_name {
            p.insert("TaskName".into(), t.clone());
        }
        self.paging.put(&mut p);
        p
    }

    fn read(value: &Value) -> Result<Self, ValidationError> {
        let known = fields(&["startTime", "taskId", "taskName", "pageNumber", "pageSize"]);
        let o = Obj::new(value, "", &known)?;
        Ok(Self {
            target: Target::read(&o)?,
            start: required_time(&o, "startTime")?,
            task_id: read_id(&o, "taskId")?,
            task_name: o.string("taskName")?,
            paging: Paging::read(&o)?,
        })
    }
}
json_entry!(TaskListQuery, TaskListQuery::read);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> serde_json::Map<String, Value> {
        json!({"appId": "A", "workspaceId": "W"})
            .as_object()
            .cloned()
            .unwrap_or_default()
    }

    fn with(extra: Value) -> Value {
        let mut m = base();
        if let Value::Object(e) = extra {
            m.extend(e);
        }
        Value::Object(m)
    }

    #[test]
    fn scheduler_query_reads_and_checks() {
        let q = SchedulerListQuery::from_json(&with(json!({
            "startTime": 1_795_900_000_000_i64, "endTime": "2026-12-31T00:00:00Z",
            "type": "broadcast", "pageSize": 20
        })))
        .unwrap();
        assert_eq!(q.kind, Some(PushKind::Broadcast));
        assert_eq!(q.params()["StartTime"], "1795900000000");
        assert_eq!(q.params()["PageSize"], "20");
        assert!(!q.params().contains_key("PageNumber"));
        let e = SchedulerListQuery::from_json(&with(json!({"startTime": 2000, "endTime": 1000})))
            .unwrap()
            .validate()
            .unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("endTime", "time_order"));
        let e = SchedulerListQuery::from_json(&with(json!({"startTime": 1}))).unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("endTime", "required"));
        let e = SchedulerListQuery::from_json(&with(
            json!({"startTime": 1, "endTime": 2, "pageSize": 501}),
        ))
        .unwrap()
        .validate()
        .unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("pageSize", "range"));
        let e = SchedulerListQuery::from_json(&with(
            json!({"startTime": 1, "endTime": 2, "pagesize": 5}),
        ))
        .unwrap_err();
        assert_eq!(e.rule().as_str(), "unknown_field");
        assert!(e.to_string().contains("pageSize"), "{e}");
    }

    #[test]
    fn cancel_ids() {
        let r = CancelSchedulerRequest::from_json(&with(json!({"uniqueIds": ["a", 7]}))).unwrap();
        assert_eq!(r.params()["UniqueIds"], "a,7");
        for (ids, field, rule) in [
            (json!([]), "uniqueIds", "not_empty"),
            (json!(["a", " "]), "uniqueIds[1]", "not_blank"),
            (json!(["a,b"]), "uniqueIds[0]", "no_comma"),
            (json!(["a", "a"]), "uniqueIds[1]", "unique"),
        ] {
            let e = CancelSchedulerRequest::from_json(&with(json!({ "uniqueIds": ids })))
                .unwrap()
                .validate()
                .unwrap_err();
            assert_eq!((e.field(), e.rule().as_str()), (field, rule));
        }
    }

    #[test]
    fn revoke_window() {
        let now: DateTime<Utc> = "2026-11-28T00:00:00Z".parse().unwrap();
        let r = RevokeTaskRequest::from_json(&with(
            json!({"taskId": 1000001, "sentAt": "2026-11-21T00:00:00Z"}),
        ))
        .unwrap();
        assert_eq!(r.task_id, "1000001");
        assert!(r.validate(now).is_ok());
        let r = RevokeTaskRequest::from_json(&with(
            json!({"taskId": "1", "sentAt": "2026-11-20T23:59:59Z"}),
        ))
        .unwrap();
        assert_eq!(
            r.validate(now).unwrap_err().rule().as_str(),
            "revoke_window"
        );
        assert!(!r.params().contains_key("SentAt"));
    }

    #[test]
    fn blank_and_missing_fields_are_named() {
        let e = RevokeMessageRequest::from_json(&with(json!({"messageId": "m"}))).unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("targetId", "required"));
        let e =
            TaskDetailQuery::from_json(&json!({"appId": "A", "workspaceId": " ", "taskId": "1"}))
                .unwrap()
                .validate()
                .unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("workspaceId", "not_blank"));
        let e = TaskListQuery::from_json(&with(json!({"startTime": 1.5}))).unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("startTime", "type"));
    }
}
