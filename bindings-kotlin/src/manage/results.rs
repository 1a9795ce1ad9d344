//! The companion results as JVM records, read from the core's result JSON
//! (`Client::send_any`: camelCase, times as integer milliseconds,
//! enumerations as the service's integers). Nothing is computed here: the
//! next page of a list is the core's `nextPage`, copied as is. Integer
//! fields are signed (`Int`, `Long`) so Java sees plain getters.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mpaas_push::Error;
use serde_json::{Map, Value};

use super::requests::PushKind;
use crate::model::DeliveryType;

/// Reads one object of the core's result JSON. A missing required key or a
/// value of the wrong type is a bug (the core writes this JSON), so it
/// becomes an `internal` error.
struct Fields<'a> {
    obj: &'a Map<String, Value>,
    what: &'static str,
}

impl<'a> Fields<'a> {
    fn of(v: &'a Value, what: &'static str) -> Result<Self, Error> {
        v.as_object().map(|obj| Self { obj, what }).ok_or_else(|| {
            Error::internal(format!("the core's {what} result is not a JSON object"))
        })
    }

    fn bad(&self, key: &str) -> Error {
        Error::internal(format!(
            "the core's {} result has no usable `{key}`",
            self.what
        ))
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str) -> Result<String, Error> {
        self.opt_string(key).ok_or_else(|| self.bad(key))
    }

    fn opt_string(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Value::as_str).map(str::to_owned)
    }

    fn opt_i64(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(Value::as_i64)
    }

    fn i64(&self, key: &str) -> Result<i64, Error> {
        self.opt_i64(key).ok_or_else(|| self.bad(key))
    }

    fn i32(&self, key: &str) -> Result<i32, Error> {
        self.opt_i32(key)?.ok_or_else(|| self.bad(key))
    }

    fn opt_i32(&self, key: &str) -> Result<Option<i32>, Error> {
        self.opt_i64(key)
            .map(|n| i32::try_from(n).map_err(|_| self.bad(key)))
            .transpose()
    }

    fn f64(&self, key: &str) -> Result<f64, Error> {
        self.get(key)
            .and_then(Value::as_f64)
            .ok_or_else(|| self.bad(key))
    }

    fn bool(&self, key: &str) -> Result<bool, Error> {
        self.get(key)
            .and_then(Value::as_bool)
            .ok_or_else(|| self.bad(key))
    }

    fn time(&self, key: &str) -> Option<SystemTime> {
        self.opt_i64(key).map(from_epoch_ms)
    }

    fn list<T>(
        &self,
        key: &str,
        read: impl Fn(&'a Value) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items.iter().map(read).collect(),
            Some(_) => Err(self.bad(key)),
        }
    }
}

fn from_epoch_ms(ms: i64) -> SystemTime {
    let d = Duration::from_millis(ms.unsigned_abs());
    if ms >= 0 {
        UNIX_EPOCH + d
    } else {
        UNIX_EPOCH - d
    }
}

/// One scheduled task, or one run of a recurring task
/// (`QueryPushSchedulerList`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScheduledTask {
    /// `UniqueId`: the task id (fixed-time task) or the run id (recurring).
    pub unique_id: String,
    /// `ParentId`: the task id a run belongs to.
    pub parent_id: Option<String>,
    /// `PushTime`: when it is (or was) due.
    pub push_time: Option<SystemTime>,
    /// `PushTitle`.
    pub push_title: Option<String>,
    /// `PushContent`.
    pub push_content: Option<String>,
    /// `Type` as the service sent it: 0 simple, 1 template, 2 batch,
    /// 3 broadcast.
    pub kind: Option<i64>,
    /// `kind` as a [`PushKind`] (null for a value this version does not know).
    pub push_kind: Option<PushKind>,
    /// `DeliveryType` as sent: 1 Android, 2 iOS, 3 user id, 7 HarmonyOS.
    pub delivery_type: Option<i64>,
    /// `deliveryType` as a [`DeliveryType`] (null for user-id pushes).
    pub delivery: Option<DeliveryType>,
    /// `StrategyType`: 1 fixed time, 2 recurring.
    pub strategy_type: Option<i64>,
    /// `ExecutedStatus`: the push went out.
    pub executed: bool,
    /// `CreateType`: how the task was created (service-defined).
    pub create_type: Option<i64>,
    /// `GmtCreate`: when the task was created.
    pub created_at: Option<SystemTime>,
}

fn scheduled_task(v: &Value) -> Result<ScheduledTask, Error> {
    let f = Fields::of(v, "scheduled task")?;
    let kind = f.opt_i64("type");
    let delivery_type = f.opt_i64("deliveryType");
    Ok(ScheduledTask {
        unique_id: f.string("uniqueId")?,
        parent_id: f.opt_string("parentId"),
        push_time: f.time("pushTime"),
        push_title: f.opt_string("pushTitle"),
        push_content: f.opt_string("pushContent"),
        kind,
        push_kind: kind.and_then(PushKind::from_int),
        delivery_type,
        delivery: delivery_type.and_then(DeliveryType::from_int),
        strategy_type: f.opt_i64("strategyType"),
        executed: f.bool("executed")?,
        create_type: f.opt_i64("createType"),
        created_at: f.time("createdAt"),
    })
}

/// One page of `QueryPushSchedulerList`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SchedulerPage {
    /// `RequestId`.
    pub request_id: String,
    /// `TotalCount`: tasks matching the query, over all pages.
    pub total_count: i64,
    /// The page returned.
    pub page_number: i32,
    /// The page size in effect.
    pub page_size: i32,
    /// The tasks of this page.
    pub tasks: Vec<ScheduledTask>,
    /// The next page's number (the core decides), null on the last page.
    pub next_page: Option<i32>,
}

impl SchedulerPage {
    pub(crate) fn read(v: &Value) -> Result<Self, Error> {
        let f = Fields::of(v, "scheduler page")?;
        Ok(Self {
            request_id: f.string("requestId")?,
            total_count: f.i64("totalCount")?,
            page_number: f.i32("pageNumber")?,
            page_size: f.i32("pageSize")?,
            tasks: f.list("tasks", scheduled_task)?,
            next_page: f.opt_i32("nextPage")?,
        })
    }
}

/// Result of `CancelPushScheduler`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CancelResult {
    /// `RequestId`.
    pub request_id: String,
    /// `ResultCode` (`OK`).
    pub result_code: Option<String>,
    /// `ResultMessage`.
    pub result_message: Option<String>,
    /// `ResultContent`: the service's text about what was cancelled.
    pub content: Option<String>,
}

impl CancelResult {
    pub(crate) fn read(v: &Value) -> Result<Self, Error> {
        let f = Fields::of(v, "cancel")?;
        Ok(Self {
            request_id: f.string("requestId")?,
            result_code: f.opt_string("resultCode"),
            result_message: f.opt_string("resultMessage"),
            content: f.opt_string("content"),
        })
    }
}

/// Result of `RevokePushTask` / `RevokePushMessage` (a refusal is thrown as
/// `MpaasPushException.PushFailed`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RevokeResult {
    /// `RequestId`.
    pub request_id: String,
    /// `ResultCode` (`OK`).
    pub result_code: Option<String>,
    /// `ResultMessage`.
    pub result_message: Option<String>,
    /// `PushResult.Data`.
    pub data: Option<String>,
    /// `PushResult.ResultMsg`.
    pub push_result_message: Option<String>,
}

impl RevokeResult {
    pub(crate) fn read(v: &Value) -> Result<Self, Error> {
        let f = Fields::of(v, "revoke")?;
        Ok(Self {
            request_id: f.string("requestId")?,
            result_code: f.opt_string("resultCode"),
            result_message: f.opt_string("resultMessage"),
            data: f.opt_string("data"),
            push_result_message: f.opt_string("pushResultMessage"),
        })
    }
}

/// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TaskDetail {
    /// `RequestId`.
    pub request_id: String,
    /// `TaskId`.
    pub task_id: String,
    /// `StartTime`: when delivery started.
    pub start_time: Option<SystemTime>,
    /// `EndTime`: when delivery ended.
    pub end_time: Option<SystemTime>,
    /// `Duration`, as the service words it.
    pub duration: Option<String>,
    /// `PushNum`: messages pushed.
    pub push_num: i64,
    /// `PushSuccessNum`: pushed successfully.
    pub push_success_num: i64,
    /// `PushArrivalNum`: arrived on devices.
    pub push_arrival_num: f64,
}

impl TaskDetail {
    pub(crate) fn read(v: &Value) -> Result<Self, Error> {
        let f = Fields::of(v, "task detail")?;
        Ok(Self {
            request_id: f.string("requestId")?,
            task_id: f.string("taskId")?,
            start_time: f.time("startTime"),
            end_time: f.time("endTime"),
            duration: f.opt_string("duration"),
            push_num: f.i64("pushNum")?,
            push_success_num: f.i64("pushSuccessNum")?,
            push_arrival_num: f.f64("pushArrivalNum")?,
        })
    }
}

/// One task of `QueryPushAnalysisTaskList`, with its sub-tasks (the runs of
/// a recurring push).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskReport {
    /// `TaskId`.
    pub task_id: String,
    /// `TaskName`.
    pub task_name: Option<String>,
    /// `TemplateId`.
    pub template_id: Option<String>,
    /// `TemplateName`.
    pub template_name: Option<String>,
    /// `Type` as sent: 0 simple, 1 template, 2 batch, 3 broadcast.
    pub kind: Option<i64>,
    /// `kind` as a [`PushKind`].
    pub push_kind: Option<PushKind>,
    /// `GmtCreate`.
    pub created_at: Option<SystemTime>,
    /// `List`: the sub-tasks.
    pub sub_tasks: Vec<TaskReport>,
}

fn task_report(v: &Value) -> Result<TaskReport, Error> {
    let f = Fields::of(v, "task report")?;
    let kind = f.opt_i64("type");
    Ok(TaskReport {
        task_id: f.string("taskId")?,
        task_name: f.opt_string("taskName"),
        template_id: f.opt_string("templateId"),
        template_name: f.opt_string("templateName"),
        kind,
        push_kind: kind.and_then(PushKind::from_int),
        created_at: f.time("createdAt"),
        sub_tasks: f.list("subTasks", task_report)?,
    })
}

/// One page of `QueryPushAnalysisTaskList`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaskListPage {
    /// `RequestId`.
    pub request_id: String,
    /// The page returned.
    pub page_number: i32,
    /// The page size in effect.
    pub page_size: i32,
    /// The tasks of this page.
    pub tasks: Vec<TaskReport>,
    /// The next page's number (the core decides), null on the last page.
    pub next_page: Option<i32>,
}

impl TaskListPage {
    pub(crate) fn read(v: &Value) -> Result<Self, Error> {
        let f = Fields::of(v, "task list page")?;
        Ok(Self {
            request_id: f.string("requestId")?,
            page_number: f.i32("pageNumber")?,
            page_size: f.i32("pageSize")?,
            tasks: f.list("tasks", task_report)?,
            next_page: f.opt_i32("nextPage")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use mpaas_push::response::RawResponse;
    use mpaas_push::results::{parse_scheduler_page, parse_task_detail, parse_task_list};
    use mpaas_push::{Paging, Redactor};

    use super::*;

    fn raw(body: &str) -> RawResponse {
        RawResponse {
            status: 200,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    type Test = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn scheduler_page_from_the_core_json() -> Test {
        let body = r#"{"RequestId":"r","ResultCode":"OK","ResultContent":{"Data":{"TotalCount":3,
            "List":[{"UniqueId":"1000001","ParentId":"9","PushTime":1795900000000,"Type":3,
            "DeliveryType":3,"StrategyType":2,"ExecutedStatus":"1","GmtCreate":-1000}]}}}"#;
        let core = parse_scheduler_page(
            &raw(body),
            Paging::new(1, 1),
            chrono::Utc::now(),
            &Redactor::default(),
        )?;
        let page = SchedulerPage::read(&serde_json::to_value(core)?)?;
        assert_eq!(
            (page.total_count, page.page_number, page.page_size),
            (3, 1, 1)
        );
        assert_eq!(page.next_page, Some(2));
        let t = &page.tasks[0];
        assert_eq!(t.unique_id, "1000001");
        assert_eq!(t.parent_id.as_deref(), Some("9"));
        assert_eq!(
            t.push_time,
            Some(UNIX_EPOCH + Duration::from_millis(1_795_900_000_000))
        );
        assert_eq!(
            (t.kind, t.push_kind, t.delivery_type, t.delivery),
            (Some(3), Some(PushKind::Broadcast), Some(3), None)
        );
        assert!(t.executed);
        assert_eq!(t.created_at, Some(UNIX_EPOCH - Duration::from_secs(1)));
        Ok(())
    }

    #[test]
    fn task_list_and_detail_from_the_core_json() -> Test {
        let body = r#"{"RequestId":"r","ResultCode":"OK","ResultContent":{"Data":[
            {"TaskId":7,"TaskName":"n","Type":1,"List":[{"TaskId":"7-1"}]}]}}"#;
        let core = parse_task_list(
            &raw(body),
            Paging::new(2, 5),
            chrono::Utc::now(),
            &Redactor::default(),
        )?;
        let page = TaskListPage::read(&serde_json::to_value(core)?)?;
        assert_eq!((page.page_number, page.next_page), (2, None));
        assert_eq!(page.tasks[0].push_kind, Some(PushKind::Template));
        assert_eq!(page.tasks[0].sub_tasks[0].task_id, "7-1");
        let core = parse_task_detail(
            &raw(
                r#"{"RequestId":"r","ResultContent":{"Data":{"TaskId":7,"PushNum":10,
                "PushSuccessNum":9,"PushArrivalNum":8.5}}}"#,
            ),
            chrono::Utc::now(),
            &Redactor::default(),
        )?;
        let d = TaskDetail::read(&serde_json::to_value(core)?)?;
        assert_eq!(
            (d.push_num, d.push_success_num, d.push_arrival_num),
            (10, 9, 8.5)
        );
        assert_eq!(d.start_time, None);
        Ok(())
    }

    #[test]
    fn an_unexpected_shape_is_internal() {
        let e = CancelResult::read(&serde_json::json!({"resultCode": "OK"})).err();
        assert_eq!(e.map(|e| e.code()), Some(mpaas_push::ErrorCode::Internal));
    }
}
