//! The MPS service behind the gateway: `PushBroadcast` validated with the
//! core's own rules (never a second copy), mapped to MPS result codes, plus
//! templates, Msgkey uniqueness and scheduled tasks.

use mpaas_push::wire::{Params, neutral_json};
use mpaas_push::{BroadcastRequest, Schedule, ValidationError, validate};

use crate::state::{MsgkeyCheck, State, Task};

/// A business rejection: MPS result code and message.
pub(crate) type Rejection = (String, String);

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
        "templateName" if e.rule() != "no_comma" => ("3025", "NEED_TEMPLATE"),
        "extendedParams" if e.rule() == "max_keys" => ("3035", "EXTEND_PARAM_TO_MUCH"),
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
    if let Some(schedule @ (Schedule::At(_) | Schedule::Recurring(_))) = &req.schedule {
        let stored = state.add_task(Task {
            task_id: task_id.clone(),
            app_id: req.app_id.clone(),
            workspace_id: req.workspace_id.clone(),
            msgkey: req.msgkey.clone(),
            task_name: req.task_name.clone(),
            strategy_type: schedule.strategy_type().wire().to_owned(),
            strategy_content: schedule.content_json(),
            created_at: state.now().to_rfc3339(),
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
    }
    Ok(task_id)
}

#[cfg(test)]
mod tests {
    use super::placeholders;

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
