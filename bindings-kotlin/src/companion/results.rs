//! The companion results as JVM records, converted from the core's typed
//! results (`From`); the next page of a list is the core's. Integers are
//! signed (`Int`, `Long`); fields are the service's names in camelCase.
#![allow(missing_docs)]

use std::time::SystemTime;

use chrono::{DateTime, Utc};

use super::requests::PushKind;
use crate::model::{DeliveryType, mirror_enum};

mirror_enum! {
    /// How a listed task was scheduled (the service's `StrategyType`).
    StrategyType { /** `0` */ Immediate, /** `1`: once, at a fixed time */ Fixed, /** `2` */ Recurring }
}

fn time(t: Option<DateTime<Utc>>) -> Option<SystemTime> {
    t.map(SystemTime::from)
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn long(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One scheduled task or run of a recurring task (`QueryPushSchedulerList`):
/// `uniqueId` is the task id (fixed time) or the run id, `parentId` the task of
/// a run; `kind` / `deliveryType` as sent, `pushKind` / `delivery` typed (null
/// when unknown here, e.g. user-id pushes); `executed`: the push went out.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScheduledTask {
    pub unique_id: String,
    pub parent_id: Option<String>,
    pub push_time: Option<SystemTime>,
    pub push_title: Option<String>,
    pub push_content: Option<String>,
    pub kind: Option<i64>,
    pub push_kind: Option<PushKind>,
    pub delivery_type: Option<i64>,
    pub delivery: Option<DeliveryType>,
    pub strategy: Option<StrategyType>,
    pub executed: bool,
    pub create_type: Option<i64>,
    pub created_at: Option<SystemTime>,
}

impl From<mpaas_push::ScheduledTask> for ScheduledTask {
    fn from(t: mpaas_push::ScheduledTask) -> Self {
        Self {
            push_kind: t.push_kind().and_then(PushKind::from_core),
            delivery: t.delivery().and_then(DeliveryType::from_core),
            strategy: t.strategy().and_then(StrategyType::from_core),
            unique_id: t.unique_id,
            parent_id: t.parent_id,
            push_time: time(t.push_time),
            push_title: t.push_title,
            push_content: t.push_content,
            kind: t.kind,
            delivery_type: t.delivery_type,
            executed: t.executed,
            create_type: t.create_type,
            created_at: time(t.created_at),
        }
    }
}

/// One page of `QueryPushSchedulerList`: `totalCount` over all pages,
/// `nextPage` the core's (null on the last page).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SchedulerPage {
    pub request_id: String,
    pub total_count: i64,
    pub page_number: i32,
    pub page_size: i32,
    pub tasks: Vec<ScheduledTask>,
    pub next_page: Option<i32>,
}

impl From<mpaas_push::SchedulerPage> for SchedulerPage {
    fn from(p: mpaas_push::SchedulerPage) -> Self {
        Self {
            request_id: p.request_id,
            total_count: long(p.total_count),
            page_number: int(p.page_number),
            page_size: int(p.page_size),
            tasks: p.tasks.into_iter().map(Into::into).collect(),
            next_page: p.next_page.map(int),
        }
    }
}

/// Result of `CancelPushScheduler`; `content` is the service's text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CancelResult {
    pub request_id: String,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub content: Option<String>,
}

impl From<mpaas_push::CancelResult> for CancelResult {
    fn from(r: mpaas_push::CancelResult) -> Self {
        Self {
            request_id: r.request_id,
            result_code: r.result_code,
            result_message: r.result_message,
            content: r.content,
        }
    }
}

/// Result of `RevokePushTask` / `RevokePushMessage` (a refusal throws
/// `PushFailed`); `data` / `pushResultMessage` are `PushResult.Data` / `.ResultMsg`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevokeResult {
    pub request_id: String,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub data: Option<String>,
    pub push_result_message: Option<String>,
}

impl From<mpaas_push::RevokeResult> for RevokeResult {
    fn from(r: mpaas_push::RevokeResult) -> Self {
        Self {
            request_id: r.request_id,
            result_code: r.result_code,
            result_message: r.result_message,
            data: r.data,
            push_result_message: r.push_result_message,
        }
    }
}

/// Delivery figures of one task (`QueryPushAnalysisTaskDetail`): pushed,
/// pushed successfully, arrived; `duration` as the service words it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TaskDetail {
    pub request_id: String,
    pub task_id: String,
    pub start_time: Option<SystemTime>,
    pub end_time: Option<SystemTime>,
    pub duration: Option<String>,
    pub push_num: i64,
    pub push_success_num: i64,
    pub push_arrival_num: f64,
}

impl From<mpaas_push::TaskDetail> for TaskDetail {
    fn from(d: mpaas_push::TaskDetail) -> Self {
        Self {
            request_id: d.request_id,
            task_id: d.task_id,
            start_time: time(d.start_time),
            end_time: time(d.end_time),
            duration: d.duration,
            push_num: long(d.push_num),
            push_success_num: long(d.push_success_num),
            push_arrival_num: d.push_arrival_num,
        }
    }
}

/// One task of `QueryPushAnalysisTaskList` with its `subTasks` (the runs of a
/// recurring push).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskReport {
    pub task_id: String,
    pub task_name: Option<String>,
    pub template_id: Option<String>,
    pub template_name: Option<String>,
    pub kind: Option<i64>,
    pub push_kind: Option<PushKind>,
    pub created_at: Option<SystemTime>,
    pub sub_tasks: Vec<TaskReport>,
}

impl From<mpaas_push::TaskReport> for TaskReport {
    fn from(t: mpaas_push::TaskReport) -> Self {
        Self {
            push_kind: t.push_kind().and_then(PushKind::from_core),
            task_id: t.task_id,
            task_name: t.task_name,
            template_id: t.template_id,
            template_name: t.template_name,
            kind: t.kind,
            created_at: time(t.created_at),
            sub_tasks: t.sub_tasks.into_iter().map(Into::into).collect(),
        }
    }
}

/// One page of `QueryPushAnalysisTaskList`; `nextPage` is the core's.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskListPage {
    pub request_id: String,
    pub page_number: i32,
    pub page_size: i32,
    pub tasks: Vec<TaskReport>,
    pub next_page: Option<i32>,
}

impl From<mpaas_push::TaskListPage> for TaskListPage {
    fn from(p: mpaas_push::TaskListPage) -> Self {
        Self {
            request_id: p.request_id,
            page_number: int(p.page_number),
            page_size: int(p.page_size),
            tasks: p.tasks.into_iter().map(Into::into).collect(),
            next_page: p.next_page.map(int),
        }
    }
}
