//! A request's operation parameters in wire form (spec §2 "Wire form"):
//! PascalCase names, integers as decimal strings, string maps as compact JSON
//! with sorted keys, the schedule as `StrategyType` + `StrategyContent`, and
//! the transparent payload flattened the way the official SDK sends it.
//! This is the only place that turns the typed model into wire strings.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::broadcast::BroadcastRequest;

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
}
