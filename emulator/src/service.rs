//! The MPS service behind the gateway: `PushBroadcast` and its companion
//! actions, validated with the core's own rules (never a second copy: the
//! wire parameters are turned back into the neutral JSON the core reads),
//! mapped to MPS result codes, plus templates, Msgkey uniqueness and the
//! push tasks ([`crate::tasks`]). The answers are described in the crate
//! documentation ("Service").

use mpaas_push::wire::Params;
use mpaas_push::{
    Action, AnyRequest, BroadcastRequest, CancelSchedulerRequest, PushKind, RevokeMessageRequest,
    RevokeTaskRequest, Rule, SchedulerListQuery, TaskDetailQuery, TaskListQuery, ValidationError,
    validate,
};
use serde_json::{Value, json};

use crate::neutral::{neutral_json, neutral_json_for};
use crate::reply::{Answer, Rejection};
use crate::state::{MsgkeyCheck, State};
use crate::tasks::{NewTask, detail_json, render};

fn reject(code: &str, name: &str, detail: impl std::fmt::Display) -> Rejection {
    (code.to_owned(), format!("{name}: {detail}"))
}

/// The MPS result code for a failed rule (doc "API call result codes").
fn result_code(e: &ValidationError) -> (&'static str, &'static str) {
    let field = e.field();
    match field {
        "taskName" => ("3019", "TASKNAME_NULL"),
        "expiredSeconds" => ("3020", "EXPIREDSECONDS_WRONG"),
        "appId" | "workspaceId" => ("3003", "NEED_APPID_WORKSPACEID"),
        "deliveryType" => ("3009", "DELIVERY_TYPE_NOT_SUPPORTED"),
        "templateName" if e.rule() != Rule::NoComma => ("3025", "NEED_TEMPLATE"),
        "extendedParams" if e.rule() == Rule::MaxKeys => ("3035", "EXTEND_PARAM_TO_MUCH"),
        f if f.starts_with("extendedParams") => ("3044", "INVALID_EXTEND_PARAM"),
        _ => ("3028", "INVALID_PARAM"),
    }
}

/// `#name#` placeholders of a template text, in order of appearance.
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('#') {
        let after = &rest[start + 1..];
        match after.find('#') {
            Some(end) if end > 0 => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            Some(_) => rest = &after[1..],
            None => break,
        }
    }
    out
}

/// Handles a verified `PushBroadcast`; `Ok` is the task id (`PushResult.Data`).
pub(crate) fn push_broadcast(state: &State, params: &Params) -> Result<String, Rejection> {
    let to_rejection = |e: ValidationError| {
        let (code, name) = result_code(&e);
        reject(code, name, e)
    };
    let req = BroadcastRequest::from_json(&neutral_json(params)).map_err(to_rejection)?;
    validate(&req, state.now()).map_err(to_rejection)?;
    if req.expired_seconds > state.config.max_expired_seconds {
        return Err(reject(
            "3026",
            "EXPIREDTIME_TOO_LONG",
            format!(
                "expiredSeconds {} exceeds {}",
                req.expired_seconds, state.config.max_expired_seconds
            ),
        ));
    }
    let Some(template) = state.config.templates.get(&req.template_name) else {
        return Err(reject(
            "3022",
            "TEMPLATE_NOT_EXIST",
            format!("template {:?} does not exist", req.template_name),
        ));
    };
    let values = req.template_key_value.as_ref();
    if let Some(missing) = placeholders(template)
        .into_iter()
        .find(|p| !values.is_some_and(|v| v.contains_key(*p)))
    {
        return Err(reject(
            "3023",
            "TEMPLATEKV_NOT_ENOUGH",
            format!(
                "templateKeyValue has no value for #{missing}# of template {:?}",
                req.template_name
            ),
        ));
    }
    let task_id = match state.claim_msgkey(&req.app_id, &req.msgkey) {
        MsgkeyCheck::Duplicate(task) => {
            return Err(reject(
                "DUPLICATE_MSGKEY",
                "DUPLICATE_MSGKEY",
                format!(
                    "msgkey {:?} was already accepted as task {task}",
                    req.msgkey
                ),
            ));
        }
        MsgkeyCheck::New(id) => id,
    };
    let schedule = req
        .schedule
        .clone()
        .unwrap_or(mpaas_push::Schedule::Immediate);
    let template_id = state
        .config
        .templates
        .keys()
        .position(|k| *k == req.template_name)
        .map_or(0, |i| i + 1);
    let stored = state.add_task(NewTask {
        task_id: task_id.clone(),
        app_id: req.app_id.clone(),
        workspace_id: req.workspace_id.clone(),
        msgkey: req.msgkey.clone(),
        task_name: req.task_name.clone(),
        template_id: template_id.to_string(),
        template_name: req.template_name.clone(),
        content: render(template, values),
        delivery_type: req.delivery_type.wire().parse().unwrap_or_default(),
        strategy_content: schedule.content_json(),
        schedule,
        created_ms: state.now().timestamp_millis(),
    });
    if !stored {
        state.release_msgkey(&req.app_id, &req.msgkey);
        return Err(reject(
            "PENDING_TASK_LIMIT",
            "PENDING_TASK_LIMIT",
            format!(
                "app {} already has {} pending scheduled tasks",
                req.app_id, state.config.max_pending_tasks_per_app
            ),
        ));
    }
    Ok(task_id)
}

/// Answers a verified request of `action` (one the gateway routes).
pub(crate) fn handle(state: &State, action: &str, params: &Params) -> Answer {
    let Ok(action) = action.parse::<Action>() else {
        return Answer::failed((
            "InvalidApi.NotFound".to_owned(),
            format!("{action} is not implemented"),
        ));
    };
    if action == Action::PushBroadcast {
        return Answer::push(push_broadcast(state, params));
    }
    let revoke = matches!(action, Action::RevokePushTask | Action::RevokePushMessage);
    let req = match read(state, action, params) {
        Ok(req) => req,
        // The revoke actions answer in the PushBroadcast shape.
        Err(e) if revoke => return Answer::push(Err(e)),
        Err(e) => return Answer::failed(e),
    };
    match req {
        AnyRequest::QueryPushSchedulerList(q) => scheduler_list(state, &q),
        AnyRequest::CancelPushScheduler(r) => cancel(state, &r),
        AnyRequest::RevokePushTask(r) => revoke_task(state, &r),
        AnyRequest::RevokePushMessage(r) => revoke_message(state, &r),
        AnyRequest::QueryPushAnalysisTaskDetail(q) => task_detail(state, &q),
        AnyRequest::QueryPushAnalysisTaskList(q) => task_list(state, &q),
        _ => Answer::failed((
            "InvalidApi.NotFound".to_owned(),
            format!("{action} is not implemented"),
        )),
    }
}

/// The answer to a request a fault kept from the service: a success of
/// the action's shape with nothing in it.
pub(crate) fn unprocessed(action: &str, params: &Params) -> Answer {
    match action.parse::<Action>() {
        Ok(Action::QueryPushSchedulerList) => {
            Answer::content(json!({"Data": {"TotalCount": 0, "List": []}}))
        }
        Ok(Action::CancelPushScheduler) => Answer::content(json!("")),
        Ok(Action::RevokePushTask | Action::RevokePushMessage) => Answer::revoke(Ok(String::new())),
        Ok(Action::QueryPushAnalysisTaskDetail) => {
            let id = params.get("TaskId").map_or("", String::as_str);
            Answer::content(json!({"Data": detail_json(id, &[])}))
        }
        Ok(Action::QueryPushAnalysisTaskList) => Answer::content(json!({"Data": []})),
        _ => Answer::push(Ok(String::new())),
    }
}

/// The MPS result code of a failed companion-action rule.
fn companion_code(e: &ValidationError) -> (&'static str, &'static str) {
    match e.field() {
        "appId" | "workspaceId" => ("3003", "NEED_APPID_WORKSPACEID"),
        _ => ("3028", "INVALID_PARAM"),
    }
}

/// Reads and validates the request with the core's rules.
fn read(state: &State, action: Action, params: &Params) -> Result<AnyRequest, Rejection> {
    let to_rejection = |e: ValidationError| {
        let (code, name) = companion_code(&e);
        reject(code, name, e)
    };
    let req =
        AnyRequest::from_json(action, &neutral_json_for(action, params)).map_err(to_rejection)?;
    req.validate(state.now()).map_err(to_rejection)?;
    Ok(req)
}

/// One page of `items` (pages from 1).
fn page<T>(items: Vec<T>, number: u32, size: u32) -> Vec<T> {
    let skip = (number.saturating_sub(1) as usize).saturating_mul(size as usize);
    items.into_iter().skip(skip).take(size as usize).collect()
}

fn scheduler_list(state: &State, q: &SchedulerListQuery) -> Answer {
    let t = &q.target;
    let entries = if q.kind.is_none_or(|k| k == PushKind::Broadcast) {
        state.with_tasks(|tasks, _| {
            tasks.scheduler_entries(
                &t.app_id,
                &t.workspace_id,
                q.start.timestamp_millis(),
                q.end.timestamp_millis(),
                q.unique_id.as_deref(),
            )
        })
    } else {
        Vec::new()
    };
    let total = entries.len();
    let list = page(entries, q.paging.number(), q.paging.size());
    Answer::content(json!({"Data": {"TotalCount": total, "List": list}}))
}

fn cancel(state: &State, r: &CancelSchedulerRequest) -> Answer {
    let t = &r.target;
    let (done, refused) =
        state.with_tasks(|tasks, _| tasks.cancel(&t.app_id, &t.workspace_id, &r.unique_ids));
    if done.is_empty() {
        return Answer::failed(reject(
            "3028",
            "INVALID_PARAM",
            format!(
                "uniqueIds: no pending scheduled task with id {} (unknown, executed or already \
                 cancelled)",
                refused.join(", ")
            ),
        ));
    }
    let mut text = format!("cancelled: {}", done.join(","));
    if !refused.is_empty() {
        text.push_str(&format!(
            "; not cancelled (unknown, executed or already cancelled): {}",
            refused.join(",")
        ));
    }
    Answer::content(Value::String(text))
}

fn revoke_task(state: &State, r: &RevokeTaskRequest) -> Answer {
    let t = &r.target;
    let outcome = state.with_tasks(|tasks, now| {
        tasks.revoke(
            &t.app_id,
            &t.workspace_id,
            &r.task_id,
            now.timestamp_millis(),
        )
    });
    Answer::revoke(outcome.map(|()| r.task_id.clone()))
}

fn revoke_message(state: &State, r: &RevokeMessageRequest) -> Answer {
    if state.msgkey_known(&r.target.app_id, &r.message_id) {
        Answer::revoke(Ok(r.message_id.clone()))
    } else {
        Answer::revoke(Err((
            "MESSAGE_NOT_EXIST",
            format!(
                "message {} of app {} does not exist",
                r.message_id, r.target.app_id
            ),
        )))
    }
}

fn task_detail(state: &State, q: &TaskDetailQuery) -> Answer {
    let t = &q.target;
    match state.with_tasks(|tasks, _| tasks.detail(&t.app_id, &t.workspace_id, &q.task_id)) {
        Some(data) => Answer::content(json!({ "Data": data })),
        None => Answer::failed((
            "TASK_NOT_EXIST".to_owned(),
            format!("TASK_NOT_EXIST: taskId: task {} does not exist", q.task_id),
        )),
    }
}

fn task_list(state: &State, q: &TaskListQuery) -> Answer {
    let t = &q.target;
    let reports = state.with_tasks(|tasks, _| {
        tasks.reports(
            &t.app_id,
            &t.workspace_id,
            q.start.timestamp_millis(),
            q.task_id.as_deref(),
            q.task_name.as_deref(),
        )
    });
    Answer::content(json!({ "Data": page(reports, q.paging.number(), q.paging.size()) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EmulatorConfig;

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn message(a: &Answer) -> String {
        a.body("r")["ResultMessage"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn companion_requests_follow_the_core_rules() {
        let state = State::new(EmulatorConfig::default());
        let aw = [("AppId", "A"), ("WorkspaceId", "W")];
        let with = |extra: &[(&str, &str)]| params(&[&aw[..], extra].concat());
        let a = handle(
            &state,
            "QueryPushSchedulerList",
            &with(&[("StartTime", "yesterday"), ("EndTime", "1")]),
        );
        assert_eq!(a.code, "3028");
        assert!(
            message(&a).starts_with("INVALID_PARAM: startTime"),
            "{}",
            message(&a)
        );
        let a = handle(
            &state,
            "QueryPushSchedulerList",
            &with(&[("StartTime", "2"), ("EndTime", "1")]),
        );
        assert!(message(&a).contains("endTime"), "{}", message(&a));
        let a = handle(
            &state,
            "CancelPushScheduler",
            &params(&[("WorkspaceId", "W"), ("UniqueIds", "1")]),
        );
        assert_eq!(a.code, "3003");
        assert!(message(&a).contains("appId"), "{}", message(&a));
        let a = handle(
            &state,
            "CancelPushScheduler",
            &with(&[("UniqueIds", "1,,2")]),
        );
        assert!(message(&a).contains("uniqueIds[1]"), "{}", message(&a));
        let a = handle(&state, "RevokePushTask", &with(&[("TaskId", " ")]));
        let body = a.body("r");
        assert_eq!(
            (
                body["ResultCode"].clone(),
                body["PushResult"]["Success"].clone()
            ),
            (json!("3028"), json!(false))
        );
        let a = handle(
            &state,
            "QueryPushAnalysisTaskList",
            &with(&[("StartTime", "0"), ("Bogus", "1")]),
        );
        assert_eq!(a.code, "3028");
        assert!(message(&a).contains("bogus"), "{}", message(&a));
        let a = handle(
            &state,
            "QueryPushAnalysisTaskList",
            &with(&[("StartTime", "0"), ("PageSize", "501")]),
        );
        assert!(message(&a).contains("pageSize"), "{}", message(&a));
    }

    #[test]
    fn broadcast_task_detail_cancel_and_revoke() {
        let state = State::new(EmulatorConfig::default());
        let aw = [("AppId", "A"), ("WorkspaceId", "W")];
        let with = |extra: &[(&str, &str)]| params(&[&aw[..], extra].concat());
        let push = handle(
            &state,
            "PushBroadcast",
            &with(&[
                ("DeliveryType", "1"),
                ("Msgkey", "m-1"),
                ("ExpiredSeconds", "300"),
                ("TaskName", "t"),
                ("TemplateName", "broadcast_tpl"),
                ("TemplateKeyValue", r#"{"content":"x"}"#),
                ("BindPeriod", "1"),
            ]),
        );
        let task = push.task_id.clone().unwrap();
        let d = handle(
            &state,
            "QueryPushAnalysisTaskDetail",
            &with(&[("TaskId", &task)]),
        );
        let data = &d.body("r")["ResultContent"]["Data"];
        assert_eq!(
            (data["PushNum"].clone(), data["PushSuccessNum"].clone()),
            (json!(1000), json!(980))
        );
        assert_eq!(data["PushArrivalNum"], json!(950.0));
        assert_eq!(data["Duration"], "60s");
        let d = handle(
            &state,
            "QueryPushAnalysisTaskDetail",
            &with(&[("TaskId", "42")]),
        );
        assert_eq!(d.code, "TASK_NOT_EXIST");
        let d = unprocessed("QueryPushAnalysisTaskDetail", &with(&[("TaskId", "42")]));
        let zero = d.body("r")["ResultContent"]["Data"]["PushArrivalNum"].to_string();
        assert_eq!(zero, "0.0");
        // Immediate: executed at once, so nothing to cancel.
        let c = handle(
            &state,
            "CancelPushScheduler",
            &with(&[("UniqueIds", &format!("{task},9"))]),
        );
        assert_eq!(c.code, "3028");
        assert!(
            message(&c).contains(&format!("{task}, 9")),
            "{}",
            message(&c)
        );
        let r = handle(&state, "RevokePushTask", &with(&[("TaskId", &task)]));
        assert_eq!(r.body("r")["PushResult"]["Data"], json!(task));
        let r = handle(
            &state,
            "RevokePushMessage",
            &with(&[("MessageId", "m-1"), ("TargetId", "d")]),
        );
        assert_eq!(r.code, "OK");
        let r = handle(
            &state,
            "RevokePushMessage",
            &with(&[("MessageId", "m-2"), ("TargetId", "d")]),
        );
        assert_eq!(r.code, "MESSAGE_NOT_EXIST");
        assert_eq!(r.body("r")["ResultCode"], "OK");
        assert_eq!(r.body("r")["PushResult"]["Success"], false);
        let l = handle(
            &state,
            "QueryPushAnalysisTaskList",
            &with(&[("StartTime", "0")]),
        );
        assert_eq!(
            l.body("r")["ResultContent"]["Data"][0]["TaskId"],
            json!(task)
        );
        assert_eq!(l.body("r")["ResultContent"]["Data"][0]["TemplateId"], "1");
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(
            placeholders("Hi #name#, #content#!"),
            vec!["name", "content"]
        );
        assert_eq!(placeholders("## #a# #"), vec!["a"]);
        assert!(placeholders("no tags").is_empty());
    }
}
