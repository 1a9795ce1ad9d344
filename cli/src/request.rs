//! Turns flags or a `--request` file into the neutral camelCase JSON of the
//! spec and reads it with [`BroadcastRequest::from_json`]: flags and files
//! share one reader, one set of rules and the same error field paths. Values
//! are passed on as given; nothing here decides whether a value is allowed.

use std::io::Read;
use std::path::Path;

use mpaas_push::BroadcastRequest;
use serde_json::{Map, Value, json};

use crate::args::FieldArgs;
use crate::error::CliError;

/// The `msgkey` value that asks for a generated one.
pub(crate) const AUTO_MSGKEY: &str = "auto";

/// A request read from the command line, with the msgkey in use (and whether
/// it was generated).
#[derive(Debug)]
pub(crate) struct Input {
    /// The typed request.
    pub(crate) request: BroadcastRequest,
    /// Whether `msgkey` was `auto` and a fresh one was generated.
    pub(crate) generated_msgkey: bool,
}

/// Reads `--request FILE` (`-` = standard input).
fn from_file(path: &Path) -> Result<Input, CliError> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| CliError::usage(format!("cannot read the request from stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read request file {}: {e}", path.display()))
        })?
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => from_value(with_target_env(value)),
        // Not JSON: let the core's reader name the problem, as the bindings do.
        Err(_) => match BroadcastRequest::from_json_str(&text) {
            Err(e) => Err(CliError::from(mpaas_push::Error::from(e))),
            Ok(request) => Ok(Input {
                request,
                generated_msgkey: false,
            }),
        },
    }
}

/// Reads the request from `--request FILE` or from the field flags, never
/// both.
pub(crate) fn read(file: Option<&Path>, fields: &FieldArgs) -> Result<Input, CliError> {
    let from_flags = neutral_json(fields);
    match file {
        None => from_value(with_target_env(from_flags)),
        Some(path) => {
            let given = from_flags.as_object().map(flags_of).unwrap_or_default();
            if !given.is_empty() {
                return Err(CliError::usage(format!(
                    "--request cannot be combined with request field flags (got {})",
                    given.join(", ")
                )));
            }
            from_file(path)
        }
    }
}

/// App and workspace from `MPAAS_PUSH_APP_ID` / `MPAAS_PUSH_WORKSPACE_ID`
/// when the request does not name them, as every command reads them.
fn with_target_env(mut value: Value) -> Value {
    if let Value::Object(m) = &mut value {
        for (field, var) in [
            ("appId", "MPAAS_PUSH_APP_ID"),
            ("workspaceId", "MPAAS_PUSH_WORKSPACE_ID"),
        ] {
            if !m.contains_key(field)
                && let Ok(v) = std::env::var(var)
            {
                m.insert(field.to_owned(), Value::String(v));
            }
        }
    }
    value
}

/// The flags that produced these neutral JSON fields.
fn flags_of(fields: &Map<String, Value>) -> Vec<&'static str> {
    let mut flags: Vec<&'static str> = fields
        .iter()
        .map(|(k, v)| match k.as_str() {
            "schedule" if v.get("at").is_some() => "--at",
            "schedule" => "--every",
            other => flag_for_field(other).unwrap_or("a request field flag"),
        })
        .collect();
    flags.sort_unstable();
    flags.dedup();
    flags
}

/// Replaces `msgkey: "auto"` with a generated key, then reads the request.
fn from_value(mut value: Value) -> Result<Input, CliError> {
    let mut generated_msgkey = false;
    if let Some(key) = value.get_mut("msgkey")
        && key.as_str() == Some(AUTO_MSGKEY)
    {
        *key = Value::String(mpaas_push::generate_msgkey());
        generated_msgkey = true;
    }
    let request = BroadcastRequest::from_json(&value)
        .map_err(|e| CliError::from(mpaas_push::Error::from(e)))?;
    Ok(Input {
        request,
        generated_msgkey,
    })
}

/// An integer when the text is one, else the text itself (so the core reports
/// a type error naming the field).
fn int_or_text(s: &str) -> Value {
    s.parse::<i64>()
        .map_or_else(|_| Value::String(s.to_owned()), Value::from)
}

fn string_map(pairs: &[(String, String)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// `daily`, `weekly:1,3`, `monthly:1,15` → (`every`, `days`) of the typed
/// schedule. Days that are not integers are passed as text for the core to
/// reject.
fn every_json(every: &str) -> (Value, Option<Value>) {
    let (kind, days) = match every.split_once(':') {
        Some((k, d)) => (k, Some(d)),
        None => (every, None),
    };
    let days = days.map(|d| {
        Value::Array(
            d.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(int_or_text)
                .collect(),
        )
    });
    (Value::String(kind.trim().to_owned()), days)
}

/// The neutral JSON of the flags that were given (absent flags are absent).
pub(crate) fn neutral_json(f: &FieldArgs) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.to_owned(), v);
        }
    };
    let text = |s: &Option<String>| s.as_ref().map(|s| Value::String(s.clone()));
    let map = |p: &[(String, String)]| (!p.is_empty()).then(|| string_map(p));

    put("appId", text(&f.app_id));
    put("workspaceId", text(&f.workspace_id));
    put("tenantId", text(&f.tenant_id));
    put("deliveryType", text(&f.delivery_type));
    put("msgkey", text(&f.msgkey));
    put(
        "expiredSeconds",
        f.expired_seconds.as_deref().map(int_or_text),
    );
    put("taskName", text(&f.task_name));
    put("templateName", text(&f.template_name));
    put("templateKeyValue", map(&f.template_kv));
    put("pushStatus", text(&f.push_status));
    put("bindPeriod", text(&f.bind_period));
    put("unBindPeriod", text(&f.unbind_period));
    put("androidChannel", text(&f.android_channel));
    put("classification", text(&f.classification));
    // The typed schedule: the core reads it and writes the wire codes.
    if let Some(at) = &f.at {
        put("schedule", Some(json!({ "at": at })));
    }
    if let Some(every) = &f.every {
        let (kind, days) = every_json(every);
        let mut c = Map::new();
        c.insert("every".into(), kind);
        if let Some(days) = days {
            c.insert("days".into(), days);
        }
        for (key, v) in [("start", &f.from), ("end", &f.to), ("time", &f.time)] {
            if let Some(v) = v {
                c.insert(key.into(), Value::String(v.clone()));
            }
        }
        put("schedule", Some(Value::Object(c)));
    }
    if !f.payload.is_empty() {
        let payload: Map<String, Value> = f.payload.iter().cloned().collect();
        put("transparentMessagePayload", Some(Value::Object(payload)));
    }
    put("transparentMessageUrgency", text(&f.urgency));
    put("thirdChannelCategory", map(&f.third_channel_category));
    put("notifyLevel", map(&f.notify_level));
    put("miChannelId", text(&f.mi_channel_id));
    put("channelId", text(&f.channel_id));
    put("notifyType", text(&f.notify_type));
    put("pushAction", text(&f.push_action));
    put("silent", text(&f.silent));
    put("extendedParams", map(&f.extended_param));
    Value::Object(m)
}

/// The flag that sets a top-level request field, for error messages.
pub(crate) fn flag_for_field(field: &str) -> Option<&'static str> {
    let top = field.split(['.', '[']).next().unwrap_or(field);
    Some(match top {
        "appId" => "--app-id",
        "workspaceId" => "--workspace-id",
        "tenantId" => "--tenant-id",
        "deliveryType" => "--delivery-type",
        "msgkey" => "--msgkey",
        "expiredSeconds" => "--expired-seconds",
        "taskName" => "--task-name",
        "templateName" => "--template-name",
        "templateKeyValue" => "--template-kv",
        "pushStatus" => "--push-status",
        "bindPeriod" => "--bind-period",
        "unBindPeriod" => "--unbind-period",
        "androidChannel" => "--android-channel",
        "classification" => "--classification",
        "transparentMessagePayload" => "--payload",
        "transparentMessageUrgency" => "--urgency",
        "thirdChannelCategory" => "--third-channel-category",
        "notifyLevel" => "--notify-level",
        "miChannelId" => "--mi-channel-id",
        "channelId" => "--channel-id",
        "notifyType" => "--notify-type",
        "pushAction" => "--push-action",
        "silent" => "--silent",
        "extendedParams" => "--extended-param",
        // Companion commands.
        // (`startTime`, `type` and `taskId` are spelt differently per
        // command, so they get no hint.)
        "endTime" => "--to",
        "uniqueId" => "--unique-id",
        "pageNumber" => "--page",
        "pageSize" => "--page-size",
        "sentAt" => "--sent-at",
        "messageId" => "--message-id",
        "targetId" => "--target-id",
        "uniqueIds" => "the ID arguments",
        _ => return schedule_flag(field),
    })
}

fn schedule_flag(field: &str) -> Option<&'static str> {
    Some(match field {
        "strategyContent.fixedTime" | "schedule.at" => "--at",
        "strategyContent.startTime" | "schedule.start" => "--from",
        "strategyContent.endTime" | "schedule.end" => "--to",
        "strategyContent.circleType"
        | "strategyContent.circleValue"
        | "schedule.every"
        | "schedule.days" => "--every",
        "strategyContent.time" | "schedule.time" => "--time",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn flags_become_neutral_json() {
        let f = FieldArgs {
            app_id: Some("A".into()),
            delivery_type: Some("android".into()),
            expired_seconds: Some("300".into()),
            template_kv: vec![("content".into(), "Hi".into())],
            every: Some("weekly:1, 3".into()),
            from: Some("2026-11-29".into()),
            to: Some("2026-12-13".into()),
            time: Some("09:45:11".into()),
            silent: Some("1".into()),
            ..FieldArgs::default()
        };
        assert_eq!(
            neutral_json(&f),
            json!({
                "appId": "A", "deliveryType": "android", "expiredSeconds": 300,
                "templateKeyValue": {"content": "Hi"}, "silent": "1",
                "schedule": {"every": "weekly", "days": [1, 3], "start": "2026-11-29",
                    "end": "2026-12-13", "time": "09:45:11"}
            })
        );
    }

    #[test]
    fn schedule_text_passes_through() {
        let f = FieldArgs {
            at: Some("2026-11-29T11:49:18+08:00".into()),
            expired_seconds: Some("soon".into()),
            ..FieldArgs::default()
        };
        let v = neutral_json(&f);
        assert_eq!(v["schedule"], json!({"at": "2026-11-29T11:49:18+08:00"}));
        assert_eq!(v["expiredSeconds"], json!("soon"));
        assert_eq!(every_json("daily"), (json!("daily"), None));
        assert_eq!(every_json("weekly:"), (json!("weekly"), Some(json!([]))));
        assert_eq!(
            every_json("monthly:1,x"),
            (json!("monthly"), Some(json!([1, "x"])))
        );
    }

    #[test]
    fn auto_msgkey_is_generated() {
        let v = json!({
            "appId": "A", "workspaceId": "W", "deliveryType": 1, "msgkey": "auto",
            "expiredSeconds": 300, "taskName": "t", "templateName": "tpl", "bindPeriod": 1
        });
        let input = from_value(v).unwrap();
        assert!(input.generated_msgkey);
        assert_eq!(input.request.msgkey.len(), 36);
    }

    #[test]
    fn request_file_and_field_flags_do_not_mix() {
        let f = FieldArgs {
            app_id: Some("A".into()),
            every: Some("daily".into()),
            ..FieldArgs::default()
        };
        let e = read(Some(Path::new("request.json")), &f).unwrap_err();
        let CliError::Usage(m) = e else {
            panic!("{e:?}")
        };
        assert!(m.contains("--app-id, --every"), "{m}");
    }

    #[test]
    fn fields_map_to_flags() {
        assert_eq!(
            flag_for_field("templateKeyValue.content"),
            Some("--template-kv")
        );
        assert_eq!(flag_for_field("strategyContent.endTime"), Some("--to"));
        assert_eq!(flag_for_field("strategyType"), None);
    }
}
