//! The companion requests as JVM records and their one conversion into the
//! core's typed requests (`TryFrom`); every rule and field path is the core's.
//! Fields are the service's parameters in camelCase; times are `Instant`s.
#![allow(missing_docs)]

use std::time::SystemTime;

use mpaas_push::{Error, Paging, Target, host};

use crate::model::mirror_enum;
use crate::text::{JvmString, opt};

mirror_enum! {
    /// Kind of push (`Type` of `QueryPushSchedulerList`; `type` in results).
    PushKind { /** `0` */ Simple, /** `1` */ Template, /** `2` */ Batch, /** `3` */ Broadcast }
}
mirror_enum! {
    /// Which kind of ids `CancelPushScheduler` receives (`Type`); the service
    /// assumes parent ids when absent.
    UniqueIdKind {
        /** `0`: scheduled-task ids, what `pushBroadcast` returns as `taskId` */ Parent,
        /** `1`: ids of single runs of a recurring task */ Child,
    }
}

fn target(app: &JvmString, ws: &JvmString, tenant: &Option<JvmString>) -> Result<Target, Error> {
    let mut t = Target::new(app.text("appId")?, ws.text("workspaceId")?);
    t.tenant_id = opt(tenant, "tenantId")?;
    Ok(t)
}

fn paging(number: Option<i32>, size: Option<i32>) -> Result<Paging, Error> {
    let narrow = |n: Option<i32>, field| n.map(|n| host::narrow(field, i64::from(n))).transpose();
    let mut p = Paging::default();
    p.page_number = narrow(number, "pageNumber")?;
    p.page_size = narrow(size, "pageSize")?;
    Ok(p)
}

/// `QueryPushSchedulerList`: one page of the tasks whose trigger time falls in
/// `[startTime, endTime]`; `uniqueId`: a task lists its runs; `pageNumber`
/// from 1, `pageSize` 1–500. Every page: `scheduledTasks(query)` (a `Flow`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SchedulerListQuery {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub start_time: SystemTime,
    pub end_time: SystemTime,
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub kind: Option<PushKind>,
    #[uniffi(default = None)]
    pub unique_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub page_number: Option<i32>,
    #[uniffi(default = None)]
    pub page_size: Option<i32>,
}

impl TryFrom<SchedulerListQuery> for mpaas_push::SchedulerListQuery {
    type Error = Error;

    fn try_from(q: SchedulerListQuery) -> Result<Self, Error> {
        let t = target(&q.app_id, &q.workspace_id, &q.tenant_id)?;
        let start = host::instant("startTime", q.start_time)?;
        let mut r = Self::new(t, start, host::instant("endTime", q.end_time)?);
        r.kind = q.kind.map(Into::into);
        r.unique_id = opt(&q.unique_id, "uniqueId")?;
        r.paging = paging(q.page_number, q.page_size)?;
        Ok(r)
    }
}

/// `CancelPushScheduler`: cancels scheduled tasks that have not run yet
/// (`uniqueIds`: at least one, no duplicates; `idKind`: parent by default).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CancelSchedulerRequest {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub unique_ids: Vec<JvmString>,
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub id_kind: Option<UniqueIdKind>,
}

impl TryFrom<CancelSchedulerRequest> for mpaas_push::CancelSchedulerRequest {
    type Error = Error;

    fn try_from(r: CancelSchedulerRequest) -> Result<Self, Error> {
        let ids = (r.unique_ids.iter().enumerate())
            .map(|(i, id)| id.text(&format!("uniqueIds[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let mut c = Self::new(target(&r.app_id, &r.workspace_id, &r.tenant_id)?, ids);
        c.id_kind = r.id_kind.map(Into::into);
        Ok(c)
    }
}

/// `RevokePushTask`: withdraws the messages of a broadcast task; with `sentAt`
/// (never sent) a task older than the 7-day window is refused before sending.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevokeTaskRequest {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub task_id: JvmString,
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub sent_at: Option<SystemTime>,
}

impl TryFrom<RevokeTaskRequest> for mpaas_push::RevokeTaskRequest {
    type Error = Error;

    fn try_from(r: RevokeTaskRequest) -> Result<Self, Error> {
        let t = target(&r.app_id, &r.workspace_id, &r.tenant_id)?;
        let mut c = Self::new(t, r.task_id.text("taskId")?);
        c.sent_at = r.sent_at.map(|s| host::instant("sentAt", s)).transpose()?;
        Ok(c)
    }
}

/// `RevokePushMessage`: withdraws one message (`messageId`: its msgkey;
/// `targetId`: the device or user it went to).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevokeMessageRequest {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub message_id: JvmString,
    pub target_id: JvmString,
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
}

impl TryFrom<RevokeMessageRequest> for mpaas_push::RevokeMessageRequest {
    type Error = Error;

    fn try_from(r: RevokeMessageRequest) -> Result<Self, Error> {
        let t = target(&r.app_id, &r.workspace_id, &r.tenant_id)?;
        Ok(Self::new(
            t,
            r.message_id.text("messageId")?,
            r.target_id.text("targetId")?,
        ))
    }
}

/// `QueryPushAnalysisTaskDetail`: the delivery figures of one task.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskDetailQuery {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub task_id: JvmString,
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
}

impl TryFrom<TaskDetailQuery> for mpaas_push::TaskDetailQuery {
    type Error = Error;

    fn try_from(q: TaskDetailQuery) -> Result<Self, Error> {
        let t = target(&q.app_id, &q.workspace_id, &q.tenant_id)?;
        Ok(Self::new(t, q.task_id.text("taskId")?))
    }
}

/// `QueryPushAnalysisTaskList`: one page of the tasks created since
/// `startTime`. Every page: `taskReports(query)` (a `Flow`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskListQuery {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub start_time: SystemTime,
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub task_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub task_name: Option<JvmString>,
    #[uniffi(default = None)]
    pub page_number: Option<i32>,
    #[uniffi(default = None)]
    pub page_size: Option<i32>,
}

impl TryFrom<TaskListQuery> for mpaas_push::TaskListQuery {
    type Error = Error;

    fn try_from(q: TaskListQuery) -> Result<Self, Error> {
        let t = target(&q.app_id, &q.workspace_id, &q.tenant_id)?;
        let mut r = Self::new(t, host::instant("startTime", q.start_time)?);
        r.task_id = opt(&q.task_id, "taskId")?;
        r.task_name = opt(&q.task_name, "taskName")?;
        r.paging = paging(q.page_number, q.page_size)?;
        Ok(r)
    }
}
