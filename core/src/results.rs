//! Typed results of the companion actions (spec protocol §5) and their
//! parsers. Success is HTTP 2xx and `ResultCode` "OK" (when present); the
//! revoke actions also need `PushResult.Success` true. `ResultContent` is
//! accepted as an object or as a JSON string holding one, keys in PascalCase
//! or camelCase. Integers documented as enumerations are kept as the
//! service's integers (typed accessors convert), so a value added by the
//! service later never fails a response.
//!
//! Times serialise as integer milliseconds since the epoch (as on the wire).

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::model::companion::Paging;
use crate::model::{DeliveryType, PushKind, StrategyType};
use crate::response::{
    RawResponse, classify_error, details, get, get_str, invalid, parse_json_object,
};
use crate::secret::Redactor;

mod ms {
    use chrono::{DateTime, TimeZone, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<i64>::deserialize(d)?.and_then(|ms| Utc.timestamp_millis_opt(ms).single()))
    }

    pub(super) fn serialize<S: Serializer>(
        t: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_i64(t.timestamp_millis()),
            None => s.serialize_none(),
        }
    }
}

/// One scheduled task (or one run of a recurring task) from
/// `QueryPushSchedulerList`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ScheduledTask {
    /// `UniqueId`: the task id (fixed-time task) or the run id (recurring).
    pub unique_id: String,
    /// `ParentId`: the task id the run belongs to.
    pub parent_id: Option<String>,
    /// `PushTime`: when it is (or was) due.
    #[serde(with = "ms", default)]
    pub push_time: Option<DateTime<Utc>>,
    /// `PushTitle`.
    pub push_title: Option<String>,
    /// `PushContent`.
    pub push_content: Option<String>,
    /// `Type`: 0 simple, 1 template, 2 batch, 3 broadcast ([`Self::push_kind`]).
    #[serde(rename = "type")]
    pub kind: Option<i64>,
    /// `DeliveryType`: 1 Android, 2 iOS, 3 user id, 7 HarmonyOS.
    pub delivery_type: Option<i64>,
    /// `StrategyType`: 1 fixed time, 2 recurring ([`Self::strategy`]).
    pub strategy_type: Option<i64>,
    /// `ExecutedStatus` = 1: the push went out.
    pub executed: bool,
    /// `CreateType`: how the task was created (service-defined integer).
    pub create_type: Option<i64>,
    /// `GmtCreate`: when the task was created.
    #[serde(with = "ms", default)]
    pub created_at: Option<DateTime<Utc>>,
}

impl ScheduledTask {
    /// [`Self::kind`] as a [`PushKind`], if it is a documented value.
    pub fn push_kind(&self) -> Option<PushKind> {
        self.kind.and_then(PushKind::from_int)
    }

    /// [`Self::strategy_type`] as a [`StrategyType`].
    pub fn strategy(&self) -> Option<StrategyType> {
        self.strategy_type.and_then(StrategyType::from_int)
    }

    /// [`Self::delivery_type`] as a [`DeliveryType`] (user-id pushes have none).
    pub fn delivery(&self) -> Option<DeliveryType> {
        self.delivery_type.and_then(DeliveryType::from_int)
    }
}

/// One page of `QueryPushSchedulerList`.
///
/// ```
/// use mpaas_push::{Paging, response::RawResponse, results::parse_scheduler_page};
/// let raw = RawResponse { status: 200, body: br#"{"RequestId":"r","ResultCode":"OK",
///   "ResultContent":{"Data":{"TotalCount":3,"List":[{"UniqueId":"1000001","StrategyType":1,"ExecutedStatus":"0"}]}}}"#.to_vec(), ..Default::default() };
/// let page = parse_scheduler_page(&raw, Paging::new(1, 1), chrono::Utc::now(), &Default::default()).unwrap();
/// assert_eq!(page.total_count, 3);
/// assert_eq!(page.next_page, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SchedulerPage {
    /// `RequestId`.
    pub request_id: String,
    /// `TotalCount`: tasks matching the query, over all pages.
    pub total_count: u64,
    /// The page returned.
    pub page_number: u32,
    /// The page size in effect.
    pub page_size: u32,
    /// The tasks of this page.
    pub tasks: Vec<ScheduledTask>,
    /// The next page's number, or `None` on the last page.
    pub next_page: Option<u32>,
}

/// Result of `CancelPushScheduler`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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

/// Result of `RevokePushTask` / `RevokePushMessage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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

/// Delivery figures of one task (`QueryPushAnalysisTaskDetail`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskDetail {
    /// `RequestId`.
    pub request_id: String,
    /// `TaskId`.
    pub task_id: String,
    /// `StartTime`: when delivery started.
    #[serde(with = "ms", default)]
    pub start_time: Option<DateTime<Utc>>,
    /// `EndTime`: when delivery ended.
    #[serde(with = "ms", default)]
    pub end_time: Option<DateTime<Utc>>,
    /// `Duration`, as the service words it.
    pub duration: Option<String>,
    /// `PushNum`: messages pushed.
    pub push_num: u64,
    /// `PushSuccessNum`: pushed successfully.
    pub push_success_num: u64,
    /// `PushArrivalNum`: arrived on devices.
    pub push_arrival_num: f64,
}

/// One task of `QueryPushAnalysisTaskList`, with its sub-tasks (the runs of a
/// recurring push).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskReport {
    /// `TaskId`.
    pub task_id: String,
    /// `TaskName`.
    pub task_name: Option<String>,
    /// `TemplateId`.
    pub template_id: Option<String>,
    /// `TemplateName`.
    pub template_name: Option<String>,
    /// `Type`: 0 simple, 1 template, 2 batch, 3 broadcast.
    #[serde(rename = "type")]
    pub kind: Option<i64>,
    /// `GmtCreate`.
    #[serde(with = "ms", default)]
    pub created_at: Option<DateTime<Utc>>,
    /// `List`: sub-tasks.
    pub sub_tasks: Vec<TaskReport>,
}

impl TaskReport {
    /// [`Self::kind`] as a [`PushKind`].
    pub fn push_kind(&self) -> Option<PushKind> {
        self.kind.and_then(PushKind::from_int)
    }
}

/// One page of `QueryPushAnalysisTaskList`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TaskListPage {
    /// `RequestId`.
    pub request_id: String,
    /// The page returned.
    pub page_number: u32,
    /// The page size in effect.
    pub page_size: u32,
    /// The tasks of this page.
    pub tasks: Vec<TaskReport>,
    /// The next page's number, or `None` on the last (a short) page.
    pub next_page: Option<u32>,
}

/// A successful response's body, checked for `ResultCode`.
struct Body {
    obj: Map<String, Value>,
    request_id: String,
    result_code: Option<String>,
    result_message: Option<String>,
}

fn business_failure(
    raw: &RawResponse,
    r: &Redactor,
    request_id: Option<String>,
    code: Option<String>,
    message: Option<String>,
) -> Error {
    let mut d = details(raw, r);
    d.request_id = request_id;
    d.code = code;
    d.message = message;
    ErrorKind::PushFailed(Box::new(d)).into()
}

fn body(raw: &RawResponse, sent_at: DateTime<Utc>, r: &Redactor) -> Result<Body, Error> {
    if !(200..300).contains(&raw.status) {
        return Err(classify_error(raw, sent_at, r));
    }
    let obj = parse_json_object(raw, r)?;
    let request_id = get_str(&obj, "RequestId").or_else(|| raw.request_id_header.clone());
    let result_code = get_str(&obj, "ResultCode");
    let result_message = get_str(&obj, "ResultMessage").map(|m| r.redact(&m));
    if let Some(code) = &result_code
        && !code.eq_ignore_ascii_case("OK")
    {
        return Err(business_failure(
            raw,
            r,
            request_id,
            Some(code.clone()),
            result_message,
        ));
    }
    let Some(request_id) = request_id else {
        return Err(invalid(raw, r, "RequestId is missing"));
    };
    Ok(Body {
        obj,
        request_id,
        result_code,
        result_message,
    })
}

/// `ResultContent.Data`, accepting JSON text at either level.
fn content_data(b: &Body, raw: &RawResponse, r: &Redactor) -> Result<Value, Error> {
    let unwrap_text = |v: &Value| -> Result<Value, Error> {
        match v {
            Value::String(s) => serde_json::from_str(s)
                .map_err(|e| invalid(raw, r, &format!("ResultContent is text but not JSON ({e})"))),
            other => Ok(other.clone()),
        }
    };
    let content = get(&b.obj, "ResultContent")
        .ok_or_else(|| invalid(raw, r, "ResultContent is missing"))
        .and_then(unwrap_text)?;
    let data = content
        .as_object()
        .and_then(|c| get(c, "Data"))
        .ok_or_else(|| invalid(raw, r, "ResultContent.Data is missing"))
        .and_then(unwrap_text)?;
    Ok(data)
}

fn int(obj: &Map<String, Value>, key: &str) -> Option<i64> {
    match get(obj, key)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn float(obj: &Map<String, Value>, key: &str) -> Option<f64> {
    match get(obj, key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn time(obj: &Map<String, Value>, key: &str) -> Option<DateTime<Utc>> {
    match get(obj, key)? {
        Value::String(s) if s.parse::<i64>().is_err() => DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        _ => int(obj, key).and_then(|ms| Utc.timestamp_millis_opt(ms).single()),
    }
}

fn objects<'a>(
    v: Option<&'a Value>,
    raw: &RawResponse,
    r: &Redactor,
    what: &str,
) -> Result<Vec<&'a Map<String, Value>>, Error> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_object()
                    .ok_or_else(|| invalid(raw, r, &format!("{what} holds a non-object")))
            })
            .collect(),
        Some(_) => Err(invalid(raw, r, &format!("{what} is not a list"))),
    }
}

fn scheduled_task(
    o: &Map<String, Value>,
    raw: &RawResponse,
    r: &Redactor,
) -> Result<ScheduledTask, Error> {
    let unique_id =
        get_str(o, "UniqueId").ok_or_else(|| invalid(raw, r, "a task has no UniqueId"))?;
    Ok(ScheduledTask {
        unique_id,
        parent_id: get_str(o, "ParentId"),
        push_time: time(o, "PushTime"),
        push_title: get_str(o, "PushTitle"),
        push_content: get_str(o, "PushContent"),
        kind: int(o, "Type"),
        delivery_type: int(o, "DeliveryType"),
        strategy_type: int(o, "StrategyType"),
        executed: int(o, "ExecutedStatus") == Some(1)
            || get(o, "ExecutedStatus").and_then(Value::as_bool) == Some(true),
        create_type: int(o, "CreateType"),
        created_at: time(o, "GmtCreate"),
    })
}

/// Parses a `QueryPushSchedulerList` response; `paging` is what was asked.
pub fn parse_scheduler_page(
    raw: &RawResponse,
    paging: Paging,
    sent_at: DateTime<Utc>,
    r: &Redactor,
) -> Result<SchedulerPage, Error> {
    let b = body(raw, sent_at, r)?;
    let data = content_data(&b, raw, r)?;
    let data = data
        .as_object()
        .ok_or_else(|| invalid(raw, r, "ResultContent.Data is not an object"))?;
    let tasks = objects(get(data, "List"), raw, r, "ResultContent.Data.List")?
        .into_iter()
        .map(|o| scheduled_task(o, raw, r))
        .collect::<Result<Vec<_>, _>>()?;
    let total_count = int(data, "TotalCount")
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(tasks.len() as u64);
    let (number, size) = (paging.number(), paging.size());
    let seen = u64::from(number) * u64::from(size);
    let next_page = (!tasks.is_empty() && seen < total_count).then(|| number.saturating_add(1));
    Ok(SchedulerPage {
        request_id: b.request_id,
        total_count,
        page_number: number,
        page_size: size,
        tasks,
        next_page,
    })
}

/// Parses a `CancelPushScheduler` response.
pub fn parse_cancel(
    raw: &RawResponse,
    sent_at: DateTime<Utc>,
    r: &Redactor,
) -> Result<CancelResult, Error> {
    let b = body(raw, sent_at, r)?;
    let content = match get(&b.obj, "ResultContent") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    Ok(CancelResult {
        request_id: b.request_id,
        result_code: b.result_code,
        result_message: b.result_message,
        content,
    })
}

/// Parses a `RevokePushTask` / `RevokePushMessage` response.
pub fn parse_revoke(
    raw: &RawResponse,
    sent_at: DateTime<Utc>,
    r: &Redactor,
) -> Result<RevokeResult, Error> {
    let b = body(raw, sent_at, r)?;
    let push = get(&b.obj, "PushResult").and_then(Value::as_object);
    let push_msg = push
        .and_then(|p| get_str(p, "ResultMsg"))
        .map(|m| r.redact(&m));
    let Some(push) = push else {
        return Err(invalid(raw, r, "PushResult is missing"));
    };
    match get(push, "Success") {
        Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => {
            return Err(business_failure(
                raw,
                r,
                Some(b.request_id),
                get_str(push, "ResultCode").or(b.result_code),
                push_msg.or(b.result_message),
            ));
        }
        _ => {
            return Err(invalid(
                raw,
                r,
                "PushResult.Success is missing or not a boolean",
            ));
        }
    }
    Ok(RevokeResult {
        request_id: b.request_id,
        result_code: b.result_code,
        result_message: b.result_message,
        data: get_str(push, "Data").filter(|d| !d.is_empty()),
        push_result_message: push_msg,
    })
}

/// Parses a `QueryPushAnalysisTaskDetail` response.
pub fn parse_task_detail(
    raw: &RawResponse,
    sent_at: DateTime<Utc>,
    r: &Redactor,
) -> Result<TaskDetail, Error> {
    let b = body(raw, sent_at, r)?;
    let data = content_data(&b, raw, r)?;
    let d = data
        .as_object()
        .ok_or_else(|| invalid(raw, r, "ResultContent.Data is not an object"))?;
    let count = |k: &str| int(d, k).and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
    Ok(TaskDetail {
        request_id: b.request_id,
        task_id: get_str(d, "TaskId")
            .ok_or_else(|| invalid(raw, r, "ResultContent.Data.TaskId is missing"))?,
        start_time: time(d, "StartTime"),
        end_time: time(d, "EndTime"),
        duration: get_str(d, "Duration"),
        push_num: count("PushNum"),
        push_success_num: count("PushSuccessNum"),
        push_arrival_num: float(d, "PushArrivalNum").unwrap_or(0.0),
    })
}

fn task_report(
    o: &Map<String, Value>,
    raw: &RawResponse,
    r: &Redactor,
    depth: usize,
) -> Result<TaskReport, Error> {
    if depth > 8 {
        return Err(invalid(raw, r, "task list nested too deeply"));
    }
    Ok(TaskReport {
        task_id: get_str(o, "TaskId").ok_or_else(|| invalid(raw, r, "a task has no TaskId"))?,
        task_name: get_str(o, "TaskName"),
        template_id: get_str(o, "TemplateId"),
        template_name: get_str(o, "TemplateName"),
        kind: int(o, "Type"),
        created_at: time(o, "GmtCreate"),
        sub_tasks: objects(get(o, "List"), raw, r, "List")?
            .into_iter()
            .map(|s| task_report(s, raw, r, depth + 1))
            .collect::<Result<_, _>>()?,
    })
}

/// Parses a `QueryPushAnalysisTaskList` response; `paging` is what was asked.
pub fn parse_task_list(
    raw: &RawResponse,
    paging: Paging,
    sent_at: DateTime<Utc>,
    r: &Redactor,
) -> Result<TaskListPage, Error> {
    let b = body(raw, sent_at, r)?;
    let data = content_data(&b, raw, r)?;
    let tasks = objects(Some(&data), raw, r, "ResultContent.Data")?
        .into_iter()
        .map(|o| task_report(o, raw, r, 0))
        .collect::<Result<Vec<_>, _>>()?;
    let (number, size) = (paging.number(), paging.size());
    let next_page = (tasks.len() >= size as usize).then(|| number.saturating_add(1));
    Ok(TaskListPage {
        request_id: b.request_id,
        page_number: number,
        page_size: size,
        tasks,
        next_page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn scheduler_page_from_text_content_and_camel_case() {
        let body = r#"{"requestId":"r","resultCode":"OK","resultContent":"{\"data\":{\"totalCount\":2,\"list\":[{\"uniqueId\":\"a\",\"pushTime\":1795900000000,\"executedStatus\":1,\"type\":3},{\"uniqueId\":\"b\"}]}}"}"#;
        let p = parse_scheduler_page(
            &raw(200, body),
            Paging::default(),
            Utc::now(),
            &Redactor::default(),
        )
        .unwrap();
        assert_eq!(p.total_count, 2);
        assert_eq!(p.next_page, None);
        assert!(p.tasks[0].executed);
        assert_eq!(p.tasks[0].push_kind(), Some(PushKind::Broadcast));
        assert_eq!(
            p.tasks[0].push_time.map(|t| t.timestamp_millis()),
            Some(1_795_900_000_000)
        );
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["tasks"][0]["pushTime"], 1_795_900_000_000_i64);
        assert_eq!(json["tasks"][0]["type"], 3);
    }

    #[test]
    fn failures_are_classified() {
        let r = Redactor::default();
        let e = parse_cancel(
            &raw(
                200,
                r#"{"RequestId":"r","ResultCode":"3028","ResultMessage":"INVALID_PARAM"}"#,
            ),
            Utc::now(),
            &r,
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.service_code()),
            (ErrorCode::PushFailed, Some("3028"))
        );
        let e = parse_revoke(&raw(200, r#"{"RequestId":"r","ResultCode":"OK","PushResult":{"Success":false,"ResultMsg":"too old"}}"#), Utc::now(), &r).unwrap_err();
        assert_eq!(e.code(), ErrorCode::PushFailed);
        let e = parse_task_detail(
            &raw(200, r#"{"RequestId":"r","ResultCode":"OK"}"#),
            Utc::now(),
            &r,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidResponse);
        let e = parse_task_list(
            &raw(400, r#"{"Code":"Throttling.User"}"#),
            Paging::default(),
            Utc::now(),
            &r,
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Throttled);
    }

    #[test]
    fn task_list_pages_and_sub_tasks() {
        let body = r#"{"RequestId":"r","ResultCode":"OK","ResultContent":{"Data":[{"TaskId":7,"TaskName":"n","Type":3,"List":[{"TaskId":"7-1"}]},{"TaskId":8}]}}"#;
        let p = parse_task_list(
            &raw(200, body),
            Paging::new(1, 2),
            Utc::now(),
            &Redactor::default(),
        )
        .unwrap();
        assert_eq!(p.tasks[0].task_id, "7");
        assert_eq!(p.tasks[0].sub_tasks[0].task_id, "7-1");
        assert_eq!(p.next_page, Some(2));
        let d = parse_task_detail(
            &raw(200, r#"{"RequestId":"r","ResultCode":"OK","ResultContent":{"Data":{"TaskId":7,"PushNum":10,"PushSuccessNum":9,"PushArrivalNum":8.0,"StartTime":1795900000000}}}"#),
            Utc::now(),
            &Redactor::default(),
        )
        .unwrap();
        assert_eq!(
            (d.push_num, d.push_success_num, d.push_arrival_num),
            (10, 9, 8.0)
        );
    }
}
