//! A request's operation parameters in wire form (spec §2 "Wire form"):
//! PascalCase names, integers as decimal strings, string maps as compact JSON
//! with sorted keys, the schedule as `StrategyType` + `StrategyContent`, and
//! the transparent payload flattened the way the official SDK sends it.
//! This is the only place that turns the typed model into wire strings.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::BroadcastRequest;
use crate::operation::Action;

/// How `TransparentMessagePayload` is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadEncoding {
    /// Flattened into `TransparentMessagePayload.hms.android.ttl=…` form
    /// fields, list items numbered from 1 — what the current official SDK
    /// sends (default).
    #[default]
    Flattened,
    /// One `TransparentMessagePayload` field holding the JSON object text.
    JsonString,
}

/// Wire parameters, sorted by name.
pub type Params = BTreeMap<String, String>;

/// The operation parameters of `req` (no common/signature parameters).
///
/// ```
/// use mpaas_push::{wire, BroadcastRequest, DeliveryType, Period};
/// let req = BroadcastRequest::builder()
///     .app_id("A").workspace_id("W").delivery_type(DeliveryType::Android)
///     .msgkey("m").expired_seconds(300).task_name("t").template_name("tpl")
///     .template_value("content", "hi").bind_period(Period::Days7).build()?;
/// let p = wire::operation_params(&req, wire::PayloadEncoding::Flattened);
/// assert_eq!(p["TemplateKeyValue"], r#"{"content":"hi"}"#);
/// assert_eq!(p["BindPeriod"], "1");
/// assert!(!p.contains_key("PushStatus"));
/// # Ok::<(), mpaas_push::Error>(())
/// ```
pub fn operation_params(req: &BroadcastRequest, payload: PayloadEncoding) -> Params {
    let mut p = Params::new();
    let mut put = |k: &str, v: String| {
        p.insert(k.to_owned(), v);
    };
    put("AppId", req.app_id.clone());
    put("WorkspaceId", req.workspace_id.clone());
    if let Some(v) = &req.tenant_id {
        put("TenantId", v.clone());
    }
    put("DeliveryType", req.delivery_type.wire().to_owned());
    put("Msgkey", req.msgkey.clone());
    put("ExpiredSeconds", req.expired_seconds.to_string());
    put("TaskName", req.task_name.clone());
    put("TemplateName", req.template_name.clone());
    if let Some(m) = &req.template_key_value {
        put("TemplateKeyValue", json_map(m));
    }
    if let Some(v) = req.push_status {
        put("PushStatus", v.wire().to_owned());
    }
    if let Some(v) = req.bind_period {
        put("BindPeriod", v.wire().to_owned());
    }
    if let Some(v) = req.unbind_period {
        put("UnBindPeriod", v.wire().to_owned());
    }
    if let Some(v) = req.android_channel {
        put("AndroidChannel", v.wire().to_owned());
    }
    if let Some(v) = req.classification {
        put("Classification", v.wire().to_owned());
    }
    if let Some(s) = &req.schedule {
        put("StrategyType", s.strategy_type().wire().to_owned());
        if let Some(c) = s.content_json() {
            put("StrategyContent", c);
        }
    }
    if let Some(v) = req.transparent_message_urgency {
        put("TransparentMessageUrgency", v.wire().to_owned());
    }
    if let Some(m) = &req.third_channel_category {
        put("ThirdChannelCategory", json_map(m));
    }
    if let Some(m) = &req.notify_level {
        put("NotifyLevel", json_map(m));
    }
    if let Some(v) = &req.mi_channel_id {
        put("MiChannelId", v.clone());
    }
    if let Some(v) = &req.channel_id {
        put("ChannelId", v.clone());
    }
    if let Some(v) = req.notify_type {
        put("NotifyType", v.wire().to_owned());
    }
    if let Some(v) = req.push_action {
        put("PushAction", v.wire().to_owned());
    }
    if let Some(v) = req.silent {
        put("Silent", if v { "1" } else { "0" }.to_owned());
    }
    if let Some(m) = &req.extended_params {
        put("ExtendedParams", json_map(m));
    }
    if let Some(payload_map) = &req.transparent_message_payload {
        let as_value = Value::Object(
            payload_map
                .iter()
                .map(|(vendor, body)| (vendor.wire().to_owned(), Value::Object(body.clone())))
                .collect(),
        );
        match payload {
            PayloadEncoding::Flattened => flatten("TransparentMessagePayload", &as_value, &mut p),
            PayloadEncoding::JsonString => {
                p.insert("TransparentMessagePayload".to_owned(), as_value.to_string());
            }
        }
    }
    p
}

/// Compact JSON of a string map, keys sorted (the map is a `BTreeMap`).
fn json_map(m: &BTreeMap<String, String>) -> String {
    // Serialising a map of strings cannot fail.
    serde_json::to_string(m).unwrap_or_default()
}

/// Flattens `value` under `prefix` as the official SDK's form encoder does:
/// objects add `.key`, arrays add `.1`, `.2`…, nulls and empty containers
/// vanish, scalars become their Python `str()` text.
pub fn flatten(prefix: &str, value: &Value, out: &mut Params) {
    match value {
        Value::Null => {}
        Value::Object(m) => {
            for (k, v) in m {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{}", i + 1), v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        Value::Bool(b) => {
            out.insert(
                prefix.to_owned(),
                if *b { "True" } else { "False" }.to_owned(),
            );
        }
        Value::Number(n) => {
            out.insert(prefix.to_owned(), python_number(n));
        }
    }
}

/// Python's `str()` of a JSON number (`1`, `1.5`, `1.0`, `1e+16`, `1e-05`).
fn python_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or_default();
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    let exp = f.abs().log10().floor() as i32;
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') { s } else { format!("{s}.0") }
    } else {
        // Shortest round-trip digits, Python exponent style.
        let s = format!("{f:e}");
        let (mantissa, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or_default();
        let sign = if e < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", e.abs())
    }
}

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

/// The inverse of [`operation_params`]: rebuilds the neutral camelCase JSON
/// of a request from received wire parameters (the emulator uses it, so the
/// service side applies exactly the client's rules). Integers are parsed,
/// JSON-valued parameters decoded, a flattened payload re-nested (numbered
/// keys `1..n` become arrays). Values that do not decode are passed through
/// as strings, so the reader reports a type error naming the field.
///
/// ```
/// use mpaas_push::wire::{neutral_json, Params};
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
/// use mpaas_push::wire::{neutral_json_for, Params};
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
    use serde_json::json;

    #[test]
    fn flatten_matches_sdk() {
        let mut out = Params::new();
        flatten(
            "P",
            &json!({"hms": {"a": [1, {"b": true}], "e": {}, "n": null, "f": 1.5, "g": 1e20, "h": 0.00001, "i": 2.0}}),
            &mut out,
        );
        let want: Params = [
            ("P.hms.a.1", "1"),
            ("P.hms.a.2.b", "True"),
            ("P.hms.f", "1.5"),
            ("P.hms.g", "1e+20"),
            ("P.hms.h", "1e-05"),
            ("P.hms.i", "2.0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(out, want);
    }

    #[test]
    fn companion_wire_round_trips_through_neutral_json_for() {
        use crate::{AnyRequest, wire::PayloadEncoding};
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
        let req = crate::BroadcastRequest::from_json(&json!({
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
            let back = crate::BroadcastRequest::from_json(&neutral_json(&wire)).unwrap();
            assert_eq!(back, req, "{enc:?}");
        }
    }
}
