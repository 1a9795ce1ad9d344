//! The documented TypeScript shapes of the companion actions (`index.d.ts`):
//! list and cancel scheduled tasks, revoke, delivery figures, and the
//! action → request / result maps of `send` and `prepare`. Like
//! [`crate::types`], these structs only describe types: requests are read as
//! neutral JSON by the core, results are the core's JSON.
//!
//! Times: requests take a `Date`, epoch milliseconds or RFC 3339 text;
//! results give epoch milliseconds (`number`, `null` when the service sent
//! none) — `new Date(ms)` converts. Enumerations in results are the service's
//! integers, documented on each field.
#![allow(dead_code)]

use napi_derive::napi;
use serde_json::Value;

use crate::types::{BroadcastRequest, BroadcastResult};

/// `QueryPushSchedulerList`: the scheduled tasks whose trigger time (not
/// creation time) falls between `startTime` and `endTime`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct SchedulerListQuery {
    /// `AppId` (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `StartTime`: window start (required), a `Date`, epoch ms or RFC 3339.
    #[napi(ts_type = "Date | number | string")]
    pub start_time: Value,
    /// `EndTime`: window end (required, not before `startTime`).
    #[napi(ts_type = "Date | number | string")]
    pub end_time: Value,
    /// `Type`: only tasks of this kind: simple = 0, template = 1, batch = 2,
    /// broadcast = 3.
    #[napi(
        js_name = "type",
        ts_type = "0 | 1 | 2 | 3 | '0' | '1' | '2' | '3' | 'simple' | 'template' | 'batch' | 'multiple' | 'broadcast'"
    )]
    pub kind: Option<Value>,
    /// `UniqueId`: a task id lists its runs; a run id lists itself.
    pub unique_id: Option<String>,
    /// `PageNumber`, from 1 (service default 1).
    pub page_number: Option<u32>,
    /// `PageSize`, 1–500 (service default 500).
    pub page_size: Option<u32>,
}

/// One scheduled task, or one run of a recurring task.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ScheduledTask {
    /// `UniqueId`: the task id (fixed-time task) or the run id (recurring).
    pub unique_id: String,
    /// `ParentId`: the task id the run belongs to.
    #[napi(ts_type = "string | null")]
    pub parent_id: Value,
    /// `PushTime`: when it is (or was) due, epoch ms.
    #[napi(ts_type = "number | null")]
    pub push_time: Value,
    /// `PushTitle`.
    #[napi(ts_type = "string | null")]
    pub push_title: Value,
    /// `PushContent`.
    #[napi(ts_type = "string | null")]
    pub push_content: Value,
    /// `Type`: simple = 0, template = 1, batch = 2, broadcast = 3 (a later
    /// service value is passed through).
    #[napi(js_name = "type", ts_type = "0 | 1 | 2 | 3 | (number & {}) | null")]
    pub kind: Value,
    /// `DeliveryType`: Android = 1, iOS = 2, user id = 3, HarmonyOS = 7.
    #[napi(ts_type = "1 | 2 | 3 | 7 | (number & {}) | null")]
    pub delivery_type: Value,
    /// `StrategyType`: fixed time = 1, recurring = 2.
    #[napi(ts_type = "1 | 2 | (number & {}) | null")]
    pub strategy_type: Value,
    /// `ExecutedStatus` = 1: the push went out.
    pub executed: bool,
    /// `CreateType`: how the task was created (service-defined).
    #[napi(ts_type = "number | null")]
    pub create_type: Value,
    /// `GmtCreate`: when the task was created, epoch ms.
    #[napi(ts_type = "number | null")]
    pub created_at: Value,
}

/// What `querySchedulers` resolves to: one page.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct SchedulerPage {
    /// `RequestId` of the response.
    pub request_id: String,
    /// `TotalCount`: tasks matching the query, over all pages.
    pub total_count: f64,
    /// The page returned.
    pub page_number: u32,
    /// The page size in effect.
    pub page_size: u32,
    /// The tasks of this page.
    pub tasks: Vec<ScheduledTask>,
    /// The next page's number, `null` on the last page.
    #[napi(ts_type = "number | null")]
    pub next_page: Value,
}

/// `CancelPushScheduler`: cancels scheduled tasks by unique id.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct CancelSchedulerRequest {
    /// `AppId` (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `UniqueIds` (required, at least one, no duplicates, no commas): the
    /// task ids `pushBroadcast` returned, or run ids with `type: 'child'`.
    #[napi(ts_type = "Array<string | number> | string")]
    pub unique_ids: Value,
    /// `Type`: which ids these are: task (parent) ids = 0 (the service's
    /// default), run (child) ids = 1.
    #[napi(
        js_name = "type",
        ts_type = "0 | 1 | '0' | '1' | 'parent' | 'task' | 'child' | 'subtask'"
    )]
    pub kind: Option<Value>,
}

/// What `cancelSchedulers` resolves to.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct CancelResult {
    /// `RequestId` of the response.
    pub request_id: String,
    /// `ResultCode` (`OK`).
    #[napi(ts_type = "string | null")]
    pub result_code: Value,
    /// `ResultMessage`.
    #[napi(ts_type = "string | null")]
    pub result_message: Value,
    /// `ResultContent`: the service's text about what was cancelled.
    #[napi(ts_type = "string | null")]
    pub content: Value,
}

/// `RevokePushTask`: withdraws the messages of a broadcast or batch task.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct RevokeTaskRequest {
    /// `AppId` (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `TaskId` (required): the task id `pushBroadcast` returned.
    #[napi(ts_type = "string | number")]
    pub task_id: Value,
    /// When the task was pushed (not sent): more than 7 days before now is
    /// refused before sending (rule `revoke_window`). A `Date`, epoch ms or
    /// RFC 3339.
    #[napi(ts_type = "Date | number | string")]
    pub sent_at: Option<Value>,
}

/// `RevokePushMessage`: withdraws one message of a simple or template push.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct RevokeMessageRequest {
    /// `AppId` (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `MessageId` (required): the msgkey the message was sent with.
    #[napi(ts_type = "string | number")]
    pub message_id: Value,
    /// `TargetId` (required): the device id or user id it went to.
    #[napi(ts_type = "string | number")]
    pub target_id: Value,
}

/// What `revokeTask` and `revokeMessage` resolve to.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct RevokeResult {
    /// `RequestId` of the response.
    pub request_id: String,
    /// `ResultCode` (`OK`).
    #[napi(ts_type = "string | null")]
    pub result_code: Value,
    /// `ResultMessage`.
    #[napi(ts_type = "string | null")]
    pub result_message: Value,
    /// `PushResult.Data`.
    #[napi(ts_type = "string | null")]
    pub data: Value,
    /// `PushResult.ResultMsg`.
    #[napi(ts_type = "string | null")]
    pub push_result_message: Value,
}

/// `QueryPushAnalysisTaskDetail`: delivery figures of one task.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TaskDetailQuery {
    /// `AppId` (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `TaskId` (required).
    #[napi(ts_type = "string | number")]
    pub task_id: Value,
}

/// What `taskDetail` resolves to: the delivery figures of one task.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TaskDetail {
    /// `RequestId` of the response.
    pub request_id: String,
    /// `TaskId`.
    pub task_id: String,
    /// `StartTime`: when delivery started, epoch ms.
    #[napi(ts_type = "number | null")]
    pub start_time: Value,
    /// `EndTime`: when delivery ended, epoch ms.
    #[napi(ts_type = "number | null")]
    pub end_time: Value,
    /// `Duration`, as the service words it.
    #[napi(ts_type = "string | null")]
    pub duration: Value,
    /// `PushNum`: messages pushed.
    pub push_num: f64,
    /// `PushSuccessNum`: pushed successfully.
    pub push_success_num: f64,
    /// `PushArrivalNum`: arrived on devices.
    pub push_arrival_num: f64,
}

/// `QueryPushAnalysisTaskList`: tasks created since `startTime`, with their
/// sub-tasks (the runs of a recurring push).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TaskListQuery {
    /// `AppId` (required).
    pub app_id: String,
    /// `WorkspaceId` (required).
    pub workspace_id: String,
    /// `TenantId`.
    pub tenant_id: Option<String>,
    /// `StartTime` (required): a `Date`, epoch ms or RFC 3339.
    #[napi(ts_type = "Date | number | string")]
    pub start_time: Value,
    /// `TaskId`: only this task.
    #[napi(ts_type = "string | number")]
    pub task_id: Option<Value>,
    /// `TaskName`: only tasks of this name.
    pub task_name: Option<String>,
    /// `PageNumber`, from 1 (service default 1).
    pub page_number: Option<u32>,
    /// `PageSize`, 1–500 (service default 500).
    pub page_size: Option<u32>,
}

/// One task of `QueryPushAnalysisTaskList`, with its sub-tasks.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TaskReport {
    /// `TaskId`.
    pub task_id: String,
    /// `TaskName`.
    #[napi(ts_type = "string | null")]
    pub task_name: Value,
    /// `TemplateId`.
    #[napi(ts_type = "string | null")]
    pub template_id: Value,
    /// `TemplateName`.
    #[napi(ts_type = "string | null")]
    pub template_name: Value,
    /// `Type`: simple = 0, template = 1, batch = 2, broadcast = 3.
    #[napi(js_name = "type", ts_type = "0 | 1 | 2 | 3 | (number & {}) | null")]
    pub kind: Value,
    /// `GmtCreate`: when the task was created, epoch ms.
    #[napi(ts_type = "number | null")]
    pub created_at: Value,
    /// `List`: the sub-tasks (runs of a recurring push).
    pub sub_tasks: Vec<TaskReport>,
}

/// What `taskList` resolves to: one page.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TaskListPage {
    /// `RequestId` of the response.
    pub request_id: String,
    /// The page returned.
    pub page_number: u32,
    /// The page size in effect.
    pub page_size: u32,
    /// The tasks of this page.
    pub tasks: Vec<TaskReport>,
    /// The next page's number, `null` on the last (a short) page.
    #[napi(ts_type = "number | null")]
    pub next_page: Value,
}

/// The request of each action, by wire name (`send` / `prepare`).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ActionRequests {
    /// `pushBroadcast`.
    #[napi(js_name = "PushBroadcast")]
    pub push_broadcast: BroadcastRequest,
    /// `querySchedulers`.
    #[napi(js_name = "QueryPushSchedulerList")]
    pub query_push_scheduler_list: SchedulerListQuery,
    /// `cancelSchedulers`.
    #[napi(js_name = "CancelPushScheduler")]
    pub cancel_push_scheduler: CancelSchedulerRequest,
    /// `revokeTask`.
    #[napi(js_name = "RevokePushTask")]
    pub revoke_push_task: RevokeTaskRequest,
    /// `revokeMessage`.
    #[napi(js_name = "RevokePushMessage")]
    pub revoke_push_message: RevokeMessageRequest,
    /// `taskDetail`.
    #[napi(js_name = "QueryPushAnalysisTaskDetail")]
    pub query_push_analysis_task_detail: TaskDetailQuery,
    /// `taskList`.
    #[napi(js_name = "QueryPushAnalysisTaskList")]
    pub query_push_analysis_task_list: TaskListQuery,
}

/// The result of each action, by wire name (`send`).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ActionResults {
    /// `pushBroadcast`.
    #[napi(js_name = "PushBroadcast")]
    pub push_broadcast: BroadcastResult,
    /// `querySchedulers`.
    #[napi(js_name = "QueryPushSchedulerList")]
    pub query_push_scheduler_list: SchedulerPage,
    /// `cancelSchedulers`.
    #[napi(js_name = "CancelPushScheduler")]
    pub cancel_push_scheduler: CancelResult,
    /// `revokeTask`.
    #[napi(js_name = "RevokePushTask")]
    pub revoke_push_task: RevokeResult,
    /// `revokeMessage`.
    #[napi(js_name = "RevokePushMessage")]
    pub revoke_push_message: RevokeResult,
    /// `taskDetail`.
    #[napi(js_name = "QueryPushAnalysisTaskDetail")]
    pub query_push_analysis_task_detail: TaskDetail,
    /// `taskList`.
    #[napi(js_name = "QueryPushAnalysisTaskList")]
    pub query_push_analysis_task_list: TaskListPage,
}
