//! The server-side inverse of the core's wire parameters: rebuilds the
//! neutral camelCase JSON of a received request, so the service side reads
//! and validates it with exactly the client's rules
//! ([`mpaas_push::BroadcastRequest::from_json`],
//! [`mpaas_push::AnyRequest::from_json`]).

use mpaas_push::Action;
use mpaas_push::wire::Params;
use serde_json::Value;

/// Wire parameters whose value is a decimal integer.
const INTEGER_PARAMS: &[&str] = &[
    "DeliveryType",
    "ExpiredSeconds",
    "PushStatus",
    "BindPeriod",
    "UnBindPeriod",
    "AndroidChannel",
    "StrategyType",
    "PushAction",
    "Silent",
];

/// Wire parameters whose value is JSON text.
const JSON_PARAMS: &[&str] = &[
    "TemplateKeyValue",
    "ThirdChannelCategory",
    "NotifyLevel",
    "ExtendedParams",
    "StrategyContent",
    "TransparentMessagePayload",
];

const PAYLOAD: &str = "TransparentMessagePayload";

/// The inverse of [`mpaas_push::wire::operation_params`]: rebuilds the neutral camelCase JSON
/// of a request from received wire parameters (the emulator uses it, so the
/// service side applies exactly the client's rules). Integers are parsed,
/// JSON-valued parameters decoded, a flattened payload re-nested (numbered
/// keys `1..n` become arrays). Values that do not decode are passed through
/// as strings, so the reader reports a type error naming the field.
///
/// ```
/// use mpaas_push::wire::Params;
/// use mpaas_push_emulator::neutral::neutral_json;
/// let mut p = Params::new();
/// p.insert("DeliveryType".into(), "7".into());
/// p.insert("TemplateKeyValue".into(), r#"{"a":"b"}"#.into());
/// p.insert("TransparentMessagePayload.hms.token.1".into(), "t1".into());
/// let v = neutral_json(&p);
/// assert_eq!(v["deliveryType"], 7);
/// assert_eq!(v["templateKeyValue"]["a"], "b");
/// assert_eq!(v["transparentMessagePayload"]["hms"]["token"][0], "t1");
/// ```
pub fn neutral_json(params: &Params) -> Value {
    let mut out = serde_json::Map::new();
    let mut payload = serde_json::Map::new();
    for (name, value) in params {
        if let Some(path) = name.strip_prefix(PAYLOAD).and_then(|r| r.strip_prefix('.')) {
            insert_path(&mut payload, path, value);
            continue;
        }
        let decoded = if INTEGER_PARAMS.contains(&name.as_str()) {
            value
                .parse::<i64>()
                .map_or_else(|_| Value::String(value.clone()), Value::from)
        } else if JSON_PARAMS.contains(&name.as_str()) {
            serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.clone()))
        } else {
            Value::String(value.clone())
        };
        out.insert(camel_case(name), decoded);
    }
    if !payload.is_empty() {
        out.insert(
            "transparentMessagePayload".to_owned(),
            arrays_from_numbered(Value::Object(payload)),
        );
    }
    Value::Object(out)
}

/// Companion-action parameters whose value is a decimal integer (times in
/// epoch ms, `Type`, paging).
const COMPANION_INTEGER_PARAMS: &[&str] =
    &["StartTime", "EndTime", "Type", "PageNumber", "PageSize"];

/// [`neutral_json`] for any [`Action`]: rebuilds the neutral camelCase JSON
/// of a received request, so the service side (the emulator) reads and
/// validates it with exactly the client's rules. `PushBroadcast` delegates to
/// [`neutral_json`]; for the companion actions names become lowerCamel,
/// `StartTime`, `EndTime`, `Type`, `PageNumber` and `PageSize` become JSON
/// integers when they parse (else stay strings, so the reader reports a type
/// error naming the field) and `UniqueIds` becomes an array split on `,`.
///
/// ```
/// use mpaas_push::Action;
/// use mpaas_push::wire::Params;
/// use mpaas_push_emulator::neutral::neutral_json_for;
/// let mut p = Params::new();
/// p.insert("AppId".into(), "A".into());
/// p.insert("UniqueIds".into(), "1,2".into());
/// p.insert("Type".into(), "0".into());
/// let v = neutral_json_for(Action::CancelPushScheduler, &p);
/// assert_eq!(v, serde_json::json!({"appId": "A", "uniqueIds": ["1", "2"], "type": 0}));
/// ```
pub fn neutral_json_for(action: Action, params: &Params) -> Value {
    if action == Action::PushBroadcast {
        return neutral_json(params);
    }
    let out = params
        .iter()
        .map(|(name, value)| {
            let decoded = if COMPANION_INTEGER_PARAMS.contains(&name.as_str()) {
                value
                    .parse::<i64>()
                    .map_or_else(|_| Value::String(value.clone()), Value::from)
            } else if name == "UniqueIds" {
                Value::Array(
                    value
                        .split(',')
                        .map(|id| Value::String(id.to_owned()))
                        .collect(),
                )
            } else {
                Value::String(value.clone())
            };
            (camel_case(name), decoded)
        })
        .collect();
    Value::Object(out)
}

fn camel_case(wire: &str) -> String {
    let mut chars = wire.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn insert_path(obj: &mut serde_json::Map<String, Value>, path: &str, value: &str) {
    match path.split_once('.') {
        None => {
            obj.insert(path.to_owned(), Value::String(value.to_owned()));
        }
        Some((head, rest)) => {
            let child = obj
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if !child.is_object() {
                *child = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(m) = child {
                insert_path(m, rest, value);
            }
        }
    }
}

/// Objects whose keys are exactly `1..n` become arrays (list items are
/// numbered from 1 on the wire).
fn arrays_from_numbered(v: Value) -> Value {
    match v {
        Value::Object(m) => {
            let n = m.len();
            let numbered = n > 0 && (1..=n).all(|i| m.contains_key(&i.to_string()));
            let mut m: serde_json::Map<String, Value> = m
                .into_iter()
                .map(|(k, x)| (k, arrays_from_numbered(x)))
                .collect();
            if numbered {
                Value::Array((1..=n).filter_map(|i| m.remove(&i.to_string())).collect())
            } else {
                Value::Object(m)
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpaas_push::wire::{PayloadEncoding, operation_params};
    use mpaas_push::{AnyRequest, BroadcastRequest};
    use serde_json::json;

    #[test]
    fn companion_wire_round_trips_through_neutral_json_for() {
        let cases = [
            (
                Action::QueryPushSchedulerList,
                json!({"appId": "A", "workspaceId": "W", "tenantId": "T",
                       "startTime": 1_795_900_000_000_i64, "endTime": 1_796_000_000_000_i64,
                       "type": 3, "uniqueId": "1000001", "pageNumber": 2, "pageSize": 20}),
            ),
            (
                Action::CancelPushScheduler,
                json!({"appId": "A", "workspaceId": "W", "uniqueIds": ["1", "2-20261201"], "type": 1}),
            ),
            (
                Action::RevokePushTask,
                json!({"appId": "A", "workspaceId": "W", "taskId": "1000001"}),
            ),
            (
                Action::RevokePushMessage,
                json!({"appId": "A", "workspaceId": "W", "messageId": "m", "targetId": "dev-1"}),
            ),
            (
                Action::QueryPushAnalysisTaskDetail,
                json!({"appId": "A", "workspaceId": "W", "taskId": "7"}),
            ),
            (
                Action::QueryPushAnalysisTaskList,
                json!({"appId": "A", "workspaceId": "W", "startTime": 0, "taskName": "n x",
                       "pageSize": 5}),
            ),
        ];
        for (action, neutral) in cases {
            let req = AnyRequest::from_json(action, &neutral).unwrap();
            let wire = req.params(PayloadEncoding::default());
            let back = neutral_json_for(action, &wire);
            assert_eq!(back, neutral, "{action}");
            let again = AnyRequest::from_json(action, &back).unwrap();
            assert_eq!(again.params(PayloadEncoding::default()), wire, "{action}");
        }
        // Non-integers stay strings, so the reader names the field.
        let mut p = Params::new();
        p.insert("AppId".into(), "A".into());
        p.insert("WorkspaceId".into(), "W".into());
        p.insert("StartTime".into(), "yesterday".into());
        p.insert("EndTime".into(), "1".into());
        let v = neutral_json_for(Action::QueryPushSchedulerList, &p);
        assert_eq!(v["startTime"], "yesterday");
        let e = AnyRequest::from_json(Action::QueryPushSchedulerList, &v).unwrap_err();
        assert_eq!((e.field(), e.rule().as_str()), ("startTime", "type"));
        // An empty list is one blank id: the rules name `uniqueIds[0]`.
        let mut p = Params::new();
        p.insert("AppId".into(), "A".into());
        p.insert("WorkspaceId".into(), "W".into());
        p.insert("UniqueIds".into(), String::new());
        let e = AnyRequest::from_json(
            Action::CancelPushScheduler,
            &neutral_json_for(Action::CancelPushScheduler, &p),
        )
        .unwrap()
        .validate(chrono::Utc::now())
        .unwrap_err();
        assert_eq!(e.field(), "uniqueIds[0]");
        // PushBroadcast is `neutral_json`.
        let mut p = Params::new();
        p.insert("DeliveryType".into(), "7".into());
        assert_eq!(
            neutral_json_for(Action::PushBroadcast, &p),
            neutral_json(&p)
        );
    }

    #[test]
    fn wire_round_trip_through_neutral_json() {
        let req = BroadcastRequest::from_json(&json!({
            "appId": "A", "workspaceId": "W", "deliveryType": 2, "msgkey": "m",
            "expiredSeconds": 300, "taskName": "t", "templateName": "tpl",
            "templateKeyValue": {"content": "x y"}, "pushStatus": 1, "unBindPeriod": 4,
            "strategyType": 2, "strategyContent": {"startTime": 1795881600000_i64,
                "endTime": 1795881600000_i64, "circleType": 3, "circleValue": [31, 1], "time": "08:00:00"},
            "transparentMessagePayload": {"hms": {"android": {"ttl": "600s"}, "token": ["a", "b"]}},
            "transparentMessageUrgency": "HIGH", "silent": 1, "extendedParams": {"sound": "x"}
        }))
        .unwrap();
        for enc in [PayloadEncoding::Flattened, PayloadEncoding::JsonString] {
            let wire = operation_params(&req, enc);
            let back = BroadcastRequest::from_json(&neutral_json(&wire)).unwrap();
            assert_eq!(back, req, "{enc:?}");
        }
    }
}
