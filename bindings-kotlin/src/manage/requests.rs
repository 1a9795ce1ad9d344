//! The companion requests as JVM records (list and cancel scheduled tasks,
//! revoke, delivery figures). Each record only writes the neutral camelCase
//! JSON the core reads (`AnyRequest::from_json`): every rule, and every field
//! path in an error, is the core's. Times are `java.time.Instant` and cross
//! as integer milliseconds since the epoch.

use std::time::SystemTime;

use mpaas_push::{Action, ValidationError};
use serde_json::{Map, Value};

use crate::model::{epoch_ms, request_enum};
use crate::text::JvmString;

request_enum! {
    /// Kind of push (`Type` of `QueryPushSchedulerList`; `type` in results).
    PushKind => PushKind { /** `0` */ Simple, /** `1` */ Template, /** `2` */ Batch, /** `3` */ Broadcast }
}
request_enum! {
    /// Which kind of ids `CancelPushScheduler` receives (`Type`); the service
    /// assumes parent ids when absent.
    UniqueIdKind => UniqueIdKind {
        /** `0`: scheduled-task ids, what `pushBroadcast` returns as `taskId` */ Parent,
        /** `1`: ids of single runs of a recurring task */ Child,
    }
}

/// One companion request: its action and its neutral JSON.
pub(crate) trait Request: Send + 'static {
    /// The action the core reads the JSON as.
    const ACTION: Action;
    /// The neutral camelCase JSON (absent optional fields are left out);
    /// a string that is not Unicode text is a `utf8` validation error.
    fn to_json(&self) -> Result<Value, ValidationError>;
}

/// Builds a JSON object, leaving out `None` values.
struct Json(Map<String, Value>);

impl Json {
    fn new(
        app_id: &JvmString,
        workspace_id: &JvmString,
        tenant_id: Option<&JvmString>,
    ) -> Result<Self, ValidationError> {
        let mut j = Self(Map::new());
        j.text("appId", Some(app_id))?;
        j.text("workspaceId", Some(workspace_id))?;
        j.text("tenantId", tenant_id)?;
        Ok(j)
    }

    fn put<V: Into<Value>>(&mut self, key: &str, v: Option<V>) {
        if let Some(v) = v {
            self.0.insert(key.to_owned(), v.into());
        }
    }

    fn text(&mut self, key: &str, v: Option<&JvmString>) -> Result<(), ValidationError> {
        if let Some(v) = v {
            self.put(key, Some(v.text(key)?));
        }
        Ok(())
    }

    fn time(&mut self, key: &str, t: Option<SystemTime>) {
        self.put(key, t.map(epoch_ms));
    }

    fn done(self) -> Result<Value, ValidationError> {
        Ok(Value::Object(self.0))
    }
}

/// `QueryPushSchedulerList`: one page of the scheduled tasks whose trigger
/// time (not creation time) falls in `[startTime, endTime]`. Iterate every
/// page with `client.scheduledTasks(query)` (a `Flow`) or
/// `scheduledTasksBlocking(query)`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SchedulerListQuery {
    /// mPaaS app id (`AppId`).
    pub app_id: JvmString,
    /// mPaaS workspace id (`WorkspaceId`).
    pub workspace_id: JvmString,
    /// Window start, by trigger time (`StartTime`, sent in ms).
    pub start_time: SystemTime,
    /// Window end, by trigger time, not before `startTime` (`EndTime`).
    pub end_time: SystemTime,
    /// Tenant id (`TenantId`).
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    /// Only tasks of this kind (`Type`; JSON field `type`).
    #[uniffi(default = None)]
    pub kind: Option<PushKind>,
    /// A parent id lists its runs; a run id lists itself (`UniqueId`).
    #[uniffi(default = None)]
    pub unique_id: Option<JvmString>,
    /// Page to fetch, from 1 (`PageNumber`; service default 1).
    #[uniffi(default = None)]
    pub page_number: Option<i32>,
    /// Tasks per page, 1–500 (`PageSize`; service default 500).
    #[uniffi(default = None)]
    pub page_size: Option<i32>,
}

impl Request for SchedulerListQuery {
    const ACTION: Action = Action::QueryPushSchedulerList;

    fn to_json(&self) -> Result<Value, ValidationError> {
        let mut j = Json::new(&self.app_id, &self.workspace_id, self.tenant_id.as_ref())?;
        j.time("startTime", Some(self.start_time));
        j.time("endTime", Some(self.end_time));
        j.put("type", self.kind.map(PushKind::json));
        j.text("uniqueId", self.unique_id.as_ref())?;
        j.put("pageNumber", self.page_number);
        j.put("pageSize", self.page_size);
        j.done()
    }
}

/// `CancelPushScheduler`: cancels scheduled tasks that have not run yet.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CancelSchedulerRequest {
    /// mPaaS app id (`AppId`).
    pub app_id: JvmString,
    /// mPaaS workspace id (`WorkspaceId`).
    pub workspace_id: JvmString,
    /// The ids to cancel, at least one, no duplicates, no commas
    /// (`UniqueIds`, sent comma-separated).
    pub unique_ids: Vec<JvmString>,
    /// Tenant id (`TenantId`).
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    /// What kind of ids `uniqueIds` holds (`Type`; JSON field `type`).
    #[uniffi(default = None)]
    pub id_kind: Option<UniqueIdKind>,
}

impl Request for CancelSchedulerRequest {
    const ACTION: Action = Action::CancelPushScheduler;

    fn to_json(&self) -> Result<Value, ValidationError> {
        let mut j = Json::new(&self.app_id, &self.workspace_id, self.tenant_id.as_ref())?;
        let ids = (self.unique_ids.iter().enumerate())
            .map(|(i, id)| id.text(&format!("uniqueIds[{i}]")).map(Value::from))
            .collect::<Result<Vec<_>, _>>()?;
        j.put("uniqueIds", Some(ids));
        j.put("type", self.id_kind.map(UniqueIdKind::json));
        j.done()
    }
}

/// `RevokePushTask`: withdraws the messages of a broadcast (or batch) task.
/// The service only reaches messages of the last 7 days: give `sentAt` and
/// an older task is refused before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevokeTaskRequest {
    /// mPaaS app id (`AppId`).
    pub app_id: JvmString,
    /// mPaaS workspace id (`WorkspaceId`).
    pub workspace_id: JvmString,
    /// The task id `pushBroadcast` returned (`TaskId`).
    pub task_id: JvmString,
    /// Tenant id (`TenantId`).
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    /// When the task was pushed; checked against the 7-day window, never
    /// sent.
    #[uniffi(default = None)]
    pub sent_at: Option<SystemTime>,
}

impl Request for RevokeTaskRequest {
    const ACTION: Action = Action::RevokePushTask;

    fn to_json(&self) -> Result<Value, ValidationError> {
        let mut j = Json::new(&self.app_id, &self.workspace_id, self.tenant_id.as_ref())?;
        j.text("taskId", Some(&self.task_id))?;
        j.time("sentAt", self.sent_at);
        j.done()
    }
}

/// `RevokePushMessage`: withdraws one message of a simple or template push.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevokeMessageRequest {
    /// mPaaS app id (`AppId`).
    pub app_id: JvmString,
    /// mPaaS workspace id (`WorkspaceId`).
    pub workspace_id: JvmString,
    /// The msgkey the message was sent with (`MessageId`).
    pub message_id: JvmString,
    /// The device id or user id it went to (`TargetId`).
    pub target_id: JvmString,
    /// Tenant id (`TenantId`).
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
}

impl Request for RevokeMessageRequest {
    const ACTION: Action = Action::RevokePushMessage;

    fn to_json(&self) -> Result<Value, ValidationError> {
        let mut j = Json::new(&self.app_id, &self.workspace_id, self.tenant_id.as_ref())?;
        j.text("messageId", Some(&self.message_id))?;
        j.text("targetId", Some(&self.target_id))?;
        j.done()
    }
}

/// `QueryPushAnalysisTaskDetail`: the delivery figures of one task.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskDetailQuery {
    /// mPaaS app id (`AppId`).
    pub app_id: JvmString,
    /// mPaaS workspace id (`WorkspaceId`).
    pub workspace_id: JvmString,
    /// The task id (`TaskId`).
    pub task_id: JvmString,
    /// Tenant id (`TenantId`).
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
}

impl Request for TaskDetailQuery {
    const ACTION: Action = Action::QueryPushAnalysisTaskDetail;

    fn to_json(&self) -> Result<Value, ValidationError> {
        let mut j = Json::new(&self.app_id, &self.workspace_id, self.tenant_id.as_ref())?;
        j.text("taskId", Some(&self.task_id))?;
        j.done()
    }
}

/// `QueryPushAnalysisTaskList`: one page of the tasks created since
/// `startTime`, each with its sub-tasks (the runs of a recurring push).
/// Iterate every page with `client.taskReports(query)` (a `Flow`) or
/// `taskReportsBlocking(query)`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskListQuery {
    /// mPaaS app id (`AppId`).
    pub app_id: JvmString,
    /// mPaaS workspace id (`WorkspaceId`).
    pub workspace_id: JvmString,
    /// Tasks created since (`StartTime`, sent in ms).
    pub start_time: SystemTime,
    /// Tenant id (`TenantId`).
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    /// Only this task (`TaskId`).
    #[uniffi(default = None)]
    pub task_id: Option<JvmString>,
    /// Only tasks of this name (`TaskName`).
    #[uniffi(default = None)]
    pub task_name: Option<JvmString>,
    /// Page to fetch, from 1 (`PageNumber`).
    #[uniffi(default = None)]
    pub page_number: Option<i32>,
    /// Tasks per page, 1–500 (`PageSize`).
    #[uniffi(default = None)]
    pub page_size: Option<i32>,
}

impl Request for TaskListQuery {
    const ACTION: Action = Action::QueryPushAnalysisTaskList;

    fn to_json(&self) -> Result<Value, ValidationError> {
        let mut j = Json::new(&self.app_id, &self.workspace_id, self.tenant_id.as_ref())?;
        j.time("startTime", Some(self.start_time));
        j.text("taskId", self.task_id.as_ref())?;
        j.text("taskName", self.task_name.as_ref())?;
        j.put("pageNumber", self.page_number);
        j.put("pageSize", self.page_size);
        j.done()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use mpaas_push::AnyRequest;
    use mpaas_push::wire::PayloadEncoding;
    use serde_json::json;

    use super::*;

    fn at(ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(ms)
    }

    fn wire<R: Request>(r: &R) -> Result<Vec<(String, String)>, mpaas_push::ValidationError> {
        let req = AnyRequest::from_json(R::ACTION, &r.to_json()?)?;
        req.validate(chrono::Utc::now())?;
        Ok(req.params(PayloadEncoding::default()).into_iter().collect())
    }

    #[test]
    fn scheduler_query_writes_the_neutral_json() {
        let q = SchedulerListQuery {
            app_id: "A".into(),
            workspace_id: "W".into(),
            start_time: at(1_795_800_000_000),
            end_time: at(1_795_900_000_000),
            tenant_id: None,
            kind: Some(PushKind::Broadcast),
            unique_id: None,
            page_number: Some(2),
            page_size: None,
        };
        assert_eq!(
            q.to_json().ok(),
            Some(
                json!({"appId": "A", "workspaceId": "W", "startTime": 1_795_800_000_000_i64,
                   "endTime": 1_795_900_000_000_i64, "type": "broadcast", "pageNumber": 2})
            )
        );
        let params = wire(&q).map_err(|e| e.to_string());
        assert_eq!(
            params
                .ok()
                .and_then(|p| p.into_iter().find(|(k, _)| k == "Type")),
            Some(("Type".into(), "3".into()))
        );
    }

    #[test]
    fn rules_and_paths_are_the_core_s() {
        let c = CancelSchedulerRequest {
            app_id: "A".into(),
            workspace_id: "W".into(),
            unique_ids: vec!["1".into(), "1".into()],
            tenant_id: None,
            id_kind: Some(UniqueIdKind::Child),
        };
        let e = wire(&c).err();
        assert_eq!(
            e.as_ref().map(|e| (e.field(), e.rule())),
            Some(("uniqueIds[1]", "unique"))
        );
        let r = RevokeTaskRequest {
            app_id: "A".into(),
            workspace_id: "W".into(),
            task_id: "1".into(),
            tenant_id: None,
            sent_at: Some(SystemTime::now() - Duration::from_secs(8 * 86_400)),
        };
        let e = wire(&r).err();
        assert_eq!(
            e.as_ref().map(|e| (e.field(), e.rule())),
            Some(("sentAt", "revoke_window"))
        );
        let l = TaskListQuery {
            app_id: "A".into(),
            workspace_id: "W".into(),
            start_time: at(0),
            tenant_id: None,
            task_id: None,
            task_name: None,
            page_number: None,
            page_size: Some(-1),
        };
        let e = wire(&l).err();
        assert_eq!(
            e.as_ref().map(|e| (e.field(), e.rule())),
            Some(("pageSize", "range"))
        );
    }

    #[test]
    fn enums_map_back_from_the_service_integers() {
        assert_eq!(PushKind::from_int(3), Some(PushKind::Broadcast));
        assert_eq!(PushKind::from_int(9), None);
        assert_eq!(UniqueIdKind::from_int(1), Some(UniqueIdKind::Child));
    }
}
