//! Reader of the neutral camelCase JSON form of a request (spec §2), shared
//! by the CLI and every binding so that type and value-set rules live in one
//! place. Each failure names the field path.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::broadcast::{BroadcastRequest, Optional, Payload, Required, assemble};
use super::enums::{
    AndroidChannel, CircleType, Classification, DeliveryType, NotifyType, PayloadVendor, Period,
    PushAction, PushStatus, StrategyType, Urgency,
};
use super::schedule::{Every, Recurrence, Schedule, day_from_china_midnight_ms, parse_hms};
use crate::checks::MAX_PAYLOAD_DEPTH;
use crate::error::ValidationError;
use crate::rule::Rule;

/// Every accepted top-level field, in spec order.
pub(crate) const FIELDS: &[&str] = &[
    "appId",
    "workspaceId",
    "tenantId",
    "deliveryType",
    "msgkey",
    "expiredSeconds",
    "taskName",
    "templateName",
    "templateKeyValue",
    "pushStatus",
    "bindPeriod",
    "unBindPeriod",
    "androidChannel",
    "classification",
    "strategyType",
    "strategyContent",
    "transparentMessagePayload",
    "transparentMessageUrgency",
    "thirdChannelCategory",
    "notifyLevel",
    "miChannelId",
    "channelId",
    "notifyType",
    "pushAction",
    "silent",
    "extendedParams",
    "schedule",
];

pub(crate) fn unknown_field(path: &str, key: &str, known: &[&str]) -> ValidationError {
    let full = join(path, key);
    let hint = known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(key))
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    ValidationError::new(
        full,
        Rule::UnknownField,
        format!("is not a known field{hint}"),
    )
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn type_error(field: &str, expected: &str, got: &Value) -> ValidationError {
    ValidationError::new(field, Rule::Type, format!("must be {expected}")).with_value(got)
}

/// A JSON object view that reads fields by name and reports paths.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

impl<'a> Obj<'a> {
    pub(crate) fn new(
        value: &'a Value,
        path: &'a str,
        known: &[&str],
    ) -> Result<Self, ValidationError> {
        let map = value.as_object().ok_or_else(|| {
            type_error(
                if path.is_empty() { "request" } else { path },
                "an object",
                value,
            )
        })?;
        if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(unknown_field(path, k, known));
        }
        Ok(Self { map, path })
    }

    /// The value of `key`; JSON `null` counts as absent.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn path(&self, key: &str) -> String {
        join(self.path, key)
    }

    pub(crate) fn required(&self, key: &str) -> Result<&'a Value, ValidationError> {
        self.get(key)
            .ok_or_else(|| ValidationError::new(self.path(key), Rule::Required, "is required"))
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, ValidationError> {
        self.get(key)
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| type_error(&self.path(key), "a string", v))
            })
            .transpose()
    }

    pub(crate) fn required_string(&self, key: &str) -> Result<String, ValidationError> {
        self.required(key)?;
        self.string(key).map(Option::unwrap_or_default)
    }

    pub(crate) fn int(&self, key: &str) -> Result<Option<i64>, ValidationError> {
        self.get(key)
            .map(|v| {
                v.as_i64()
                    .ok_or_else(|| type_error(&self.path(key), "an integer", v))
            })
            .transpose()
    }

    pub(crate) fn string_map(
        &self,
        key: &str,
    ) -> Result<Option<BTreeMap<String, String>>, ValidationError> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let field = self.path(key);
        let obj = v
            .as_object()
            .ok_or_else(|| type_error(&field, "an object of strings", v))?;
        obj.iter()
            .map(|(k, v)| match v.as_str() {
                Some(s) => Ok((k.clone(), s.to_owned())),
                None => Err(type_error(&join(&field, k), "a string", v)),
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }
}

macro_rules! enum_field {
    ($obj:expr, $key:literal, $ty:ty) => {
        $obj.get($key)
            .map(|v| <$ty>::from_json(v, &$obj.path($key)))
            .transpose()?
    };
}

pub(crate) fn read_request(value: &Value) -> Result<BroadcastRequest, ValidationError> {
    let o = Obj::new(value, "", FIELDS)?;
    let required = Required {
        app_id: o.required_string("appId")?,
        workspace_id: o.required_string("workspaceId")?,
        delivery_type: DeliveryType::from_json(o.required("deliveryType")?, "deliveryType")?,
        msgkey: o.required_string("msgkey")?,
        expired_seconds: {
            o.required("expiredSeconds")?;
            o.int("expiredSeconds")?.unwrap_or_default()
        },
        task_name: o.required_string("taskName")?,
        template_name: o.required_string("templateName")?,
    };
    let optional = Optional {
        tenant_id: o.string("tenantId")?,
        template_key_value: o.string_map("templateKeyValue")?,
        push_status: enum_field!(o, "pushStatus", PushStatus),
        bind_period: enum_field!(o, "bindPeriod", Period),
        unbind_period: enum_field!(o, "unBindPeriod", Period),
        android_channel: enum_field!(o, "androidChannel", AndroidChannel),
        classification: enum_field!(o, "classification", Classification),
        schedule: read_schedule(&o)?,
        transparent_message_payload: read_payload(&o)?,
        transparent_message_urgency: enum_field!(o, "transparentMessageUrgency", Urgency),
        third_channel_category: o.string_map("thirdChannelCategory")?,
        notify_level: o.string_map("notifyLevel")?,
        mi_channel_id: o.string("miChannelId")?,
        channel_id: o.string("channelId")?,
        notify_type: enum_field!(o, "notifyType", NotifyType),
        push_action: enum_field!(o, "pushAction", PushAction),
        silent: read_silent(&o)?,
        extended_params: o.string_map("extendedParams")?,
    };
    Ok(assemble(required, optional))
}

fn read_silent(o: &Obj<'_>) -> Result<Option<bool>, ValidationError> {
    match o.get("silent") {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => match v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err(
                ValidationError::new("silent", Rule::OneOf, "must be 0, 1, false or true")
                    .with_value(v),
            ),
        },
    }
}

fn read_payload(o: &Obj<'_>) -> Result<Option<Payload>, ValidationError> {
    let Some(v) = o.get("transparentMessagePayload") else {
        return Ok(None);
    };
    let field = "transparentMessagePayload";
    let obj = v
        .as_object()
        .ok_or_else(|| type_error(field, "an object of vendor → JSON object", v))?;
    let mut out = Payload::new();
    for (vendor, body) in obj {
        let vendor: PayloadVendor = vendor.parse().map_err(|_| {
            ValidationError::new(
                field,
                Rule::PayloadVendor,
                "keys must be vendors hms, honor, fcm or harmonyos",
            )
            .with_value(vendor)
        })?;
        let path = join(field, vendor.wire());
        let body = body
            .as_object()
            .ok_or_else(|| type_error(&path, "a JSON object", body))?;
        // Refuse absurd nesting before anything walks the tree recursively
        // (cloning, validating, flattening). Moderately deep payloads go on
        // to `validate`, which names the exact path past the limit.
        if nests_deeper_than(v, crate::host::MAX_INPUT_DEPTH) {
            return Err(ValidationError::new(
                path,
                Rule::MaxDepth,
                format!("nests deeper than {MAX_PAYLOAD_DEPTH} levels"),
            ));
        }
        out.insert(vendor, body.clone());
    }
    Ok(Some(out))
}

/// Whether `v` has more than `max` levels of arrays/objects, found without
/// recursion (a hostile tree may be deeper than the stack allows).
fn nests_deeper_than(v: &Value, max: usize) -> bool {
    let mut stack = vec![(v, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(m) => Box::new(m.values()),
            _ => continue,
        };
        if depth >= max {
            return true;
        }
        stack.extend(children.map(|c| (c, depth + 1)));
    }
    false
}

const FIXED_FIELDS: &[&str] = &["fixedTime"];
const RECURRING_FIELDS: &[&str] = &["startTime", "endTime", "circleType", "circleValue", "time"];

fn read_schedule(o: &Obj<'_>) -> Result<Option<Schedule>, ValidationError> {
    if let Some(typed) = o.get("schedule") {
        for raw in ["strategyType", "strategyContent"] {
            if o.get(raw).is_some() {
                return Err(ValidationError::new(
                    raw,
                    Rule::NotAllowed,
                    "must be absent when schedule is given (give one or the other)",
                ));
            }
        }
        return read_typed_schedule(typed).map(Some);
    }
    let kind = enum_field!(o, "strategyType", StrategyType);
    let content_value = o.get("strategyContent");
    // `strategyContent` may also be given as the JSON string the raw API takes.
    let parsed;
    let content = match content_value {
        Some(Value::String(text)) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|e| {
                ValidationError::new(
                    "strategyContent",
                    Rule::Json,
                    format!("is not valid JSON: {e}"),
                )
                .with_value(text)
            })?;
            Some(&parsed)
        }
        other => other,
    };
    let Some(kind) = kind else {
        return match content {
            None => Ok(None),
            Some(_) => Err(ValidationError::new(
                "strategyType",
                Rule::Required,
                "is required when strategyContent is given",
            )),
        };
    };
    let schedule = match kind {
        StrategyType::Immediate => {
            if let Some(c) = content {
                return Err(ValidationError::new(
                    "strategyContent",
                    Rule::NotAllowed,
                    "must be absent for an immediate push (strategyType 0)",
                )
                .with_value(c));
            }
            Schedule::Immediate
        }
        StrategyType::Fixed | StrategyType::Recurring => {
            let content = content.ok_or_else(|| {
                ValidationError::new(
                    "strategyContent",
                    Rule::Required,
                    format!("is required when strategyType is {}", kind.wire()),
                )
            })?;
            if kind == StrategyType::Fixed {
                read_fixed(content)?
            } else {
                read_recurring(content)?
            }
        }
    };
    Ok(Some(schedule))
}

const TYPED_RECURRING_FIELDS: &[&str] = &["every", "days", "start", "end", "time"];

/// The typed schedule every binding offers (spec §3): `"immediate"`,
/// `{"at": epoch ms | RFC 3339 text}`, or `{"every": "daily" | "weekly" |
/// "monthly", "days": [..], "start": "YYYY-MM-DD", "end": "YYYY-MM-DD",
/// "time": "HH:mm:ss"}`. Strategy and circle codes are written only by the
/// core (`wire`), never by a binding.
fn read_typed_schedule(v: &Value) -> Result<Schedule, ValidationError> {
    match v {
        Value::String(s) if s == "immediate" => return Ok(Schedule::Immediate),
        Value::Object(m) if m.contains_key("at") => {
            let c = Obj::new(v, "schedule", &["at"])?;
            let at = c.required("at")?;
            let t = match at {
                Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .map_err(|_| {
                        ValidationError::new(
                            "schedule.at",
                            Rule::TimeFormat,
                            "must be an RFC 3339 time with an offset, e.g. 2030-01-01T09:00:00+08:00",
                        )
                        .with_value(text)
                    })?,
                _ => {
                    let ms = c.int("at")?.unwrap_or_default();
                    chrono::DateTime::from_timestamp_millis(ms).ok_or_else(|| {
                        ValidationError::new("schedule.at", Rule::Range, "is not a valid epoch-ms instant")
                            .with_value(ms)
                    })?
                }
            };
            return Ok(Schedule::At(t));
        }
        Value::Object(_) => {}
        _ => {
            return Err(type_error(
                "schedule",
                "\"immediate\", {\"at\": …} or {\"every\": …}",
                v,
            ));
        }
    }
    let c = Obj::new(v, "schedule", TYPED_RECURRING_FIELDS)?;
    let every = c.required_string("every")?;
    let day = |key: &str| -> Result<chrono::NaiveDate, ValidationError> {
        let text = c.required_string(key)?;
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
            ValidationError::new(c.path(key), Rule::DateFormat, "must be a date YYYY-MM-DD")
                .with_value(&text)
        })
    };
    let start = day("start")?;
    let end = day("end")?;
    let days = match c.get("days") {
        None => None,
        Some(v) => Some(read_days(v, "schedule.days")?),
    };
    let every = match (every.as_str(), days) {
        ("daily", None) => Every::Daily,
        ("daily", Some(d)) => {
            return Err(ValidationError::new(
                "schedule.days",
                Rule::NotAllowed,
                "must be absent for a daily schedule",
            )
            .with_value(format!("{d:?}")));
        }
        ("weekly" | "monthly", None) => {
            return Err(ValidationError::new(
                "schedule.days",
                Rule::Required,
                "is required for weekly and monthly schedules",
            ));
        }
        ("weekly", Some(d)) => Every::Weekly(d),
        ("monthly", Some(d)) => Every::Monthly(d),
        (other, _) => {
            return Err(ValidationError::new(
                "schedule.every",
                Rule::OneOf,
                "must be one of daily, weekly, monthly",
            )
            .with_value(other));
        }
    };
    let time = read_hms(&c.required_string("time")?, "schedule.time")?;
    Ok(Schedule::Recurring(Recurrence {
        start,
        end,
        every,
        time,
    }))
}

/// A time of day `HH:mm:ss`, for both schedule forms.
fn read_hms(text: &str, field: &str) -> Result<chrono::NaiveTime, ValidationError> {
    parse_hms(text).ok_or_else(|| {
        ValidationError::new(field, Rule::TimeFormat, "must be a valid HH:mm:ss time")
            .with_value(text)
    })
}

/// Days of a weekly or monthly schedule as small integers; the ranges per
/// kind are `validate`'s.
fn read_days(v: &Value, field: &str) -> Result<Vec<u8>, ValidationError> {
    let arr = v
        .as_array()
        .ok_or_else(|| type_error(field, "an array of days", v))?;
    arr.iter()
        .map(|d| {
            d.as_u64()
                .and_then(|n| u8::try_from(n).ok())
                .ok_or_else(|| {
                    ValidationError::new(
                        field,
                        Rule::Range,
                        "days must be integers 1..7 (weekly) or 1..31 (monthly)",
                    )
                    .with_value(d)
                })
        })
        .collect()
}

fn read_fixed(content: &Value) -> Result<Schedule, ValidationError> {
    let c = Obj::new(content, "strategyContent", FIXED_FIELDS)?;
    c.required("fixedTime")?;
    let ms = c.int("fixedTime")?.unwrap_or_default();
    let t = chrono::DateTime::from_timestamp_millis(ms).ok_or_else(|| {
        ValidationError::new(
            "strategyContent.fixedTime",
            Rule::Range,
            "is not a valid epoch-ms instant",
        )
        .with_value(ms)
    })?;
    Ok(Schedule::At(t))
}

fn read_day(c: &Obj<'_>, key: &str) -> Result<chrono::NaiveDate, ValidationError> {
    c.required(key)?;
    let ms = c.int(key)?.unwrap_or_default();
    day_from_china_midnight_ms(ms).ok_or_else(|| {
        ValidationError::new(
            c.path(key),
            Rule::DayStart,
            "must be epoch ms of 00:00 China time (UTC+8) of a day",
        )
        .with_value(ms)
    })
}

fn read_recurring(content: &Value) -> Result<Schedule, ValidationError> {
    let c = Obj::new(content, "strategyContent", RECURRING_FIELDS)?;
    let start = read_day(&c, "startTime")?;
    let end = read_day(&c, "endTime")?;
    let circle = CircleType::from_json(c.required("circleType")?, "strategyContent.circleType")?;
    let days = match c.get("circleValue") {
        None => None,
        Some(v) => Some(read_days(v, "strategyContent.circleValue")?),
    };
    let every = match (circle, days) {
        (CircleType::Daily, None) => Every::Daily,
        (CircleType::Daily, Some(d)) if d.is_empty() => Every::Daily,
        (CircleType::Daily, Some(d)) => {
            return Err(ValidationError::new(
                "strategyContent.circleValue",
                Rule::NotAllowed,
                "must be absent for a daily schedule (circleType 1)",
            )
            .with_value(format!("{d:?}")));
        }
        (_, None) => {
            return Err(ValidationError::new(
                "strategyContent.circleValue",
                Rule::Required,
                "is required for weekly and monthly schedules",
            ));
        }
        (CircleType::Weekly, Some(d)) => Every::Weekly(d),
        (_, Some(d)) => Every::Monthly(d),
    };
    let time_text = {
        c.required("time")?;
        c.string("time")?.unwrap_or_default()
    };
    let time = read_hms(&time_text, "strategyContent.time")?;
    Ok(Schedule::Recurring(Recurrence {
        start,
        end,
        every,
        time,
    }))
}

impl BroadcastRequest {
    /// Reads the neutral camelCase JSON of spec §2 (maps as objects,
    /// `strategyType` + `strategyContent` object, enums as documented values
    /// or readable names). Unknown fields are an error.
    ///
    /// ```
    /// let req = mpaas_push::BroadcastRequest::from_json(&serde_json::json!({
    ///     "appId": "ONEX570DA89211721", "workspaceId": "default", "deliveryType": "ios",
    ///     "msgkey": "m-1", "expiredSeconds": 300, "taskName": "t", "templateName": "tpl",
    ///     "pushStatus": 1, "unBindPeriod": 2
    /// }))?;
    /// assert_eq!(req.delivery_type, mpaas_push::DeliveryType::Ios);
    /// # Ok::<(), mpaas_push::ValidationError>(())
    /// ```
    pub fn from_json(value: &Value) -> Result<Self, ValidationError> {
        read_request(value)
    }

    /// Parses then reads neutral JSON text (see [`BroadcastRequest::from_json`]).
    pub fn from_json_str(text: &str) -> Result<Self, ValidationError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ValidationError::new("request", Rule::Json, format!("is not valid JSON: {e}"))
        })?;
        Self::from_json(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "appId": "A", "workspaceId": "W", "deliveryType": 1, "msgkey": "m",
            "expiredSeconds": 300, "taskName": "t", "templateName": "tpl", "bindPeriod": 1
        })
    }

    fn with(extra: Value) -> Value {
        let mut v = base();
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn field_of(v: Value) -> String {
        read_request(&v).unwrap_err().field().to_owned()
    }

    #[test]
    fn minimal_request_reads() {
        let r = read_request(&base()).unwrap();
        assert_eq!(r.bind_period, Some(Period::Days7));
        assert_eq!(r.schedule, None);
    }

    #[test]
    fn unknown_fields_are_rejected_with_hint() {
        let e = read_request(&with(json!({"unbindPeriod": 1}))).unwrap_err();
        assert_eq!(e.field(), "unbindPeriod");
        assert!(e.message().contains("unBindPeriod"));
        assert_eq!(
            field_of(with(
                json!({"strategyType": 1, "strategyContent": {"fixedTime": 1, "x": 2}})
            )),
            "strategyContent.x"
        );
    }

    #[test]
    fn type_errors_name_the_path() {
        assert_eq!(
            field_of(with(json!({"expiredSeconds": "300"}))),
            "expiredSeconds"
        );
        assert_eq!(
            field_of(with(json!({"templateKeyValue": {"a": 1}}))),
            "templateKeyValue.a"
        );
        assert_eq!(field_of(with(json!({"appId": 5}))), "appId");
        assert_eq!(field_of(json!([1])), "request");
        assert_eq!(field_of(with(json!({"silent": 2}))), "silent");
        assert_eq!(
            field_of(with(json!({"transparentMessagePayload": {"hms": "x"}}))),
            "transparentMessagePayload.hms"
        );
    }

    #[test]
    fn null_is_absent() {
        let r = read_request(&with(json!({"tenantId": null, "strategyType": null}))).unwrap();
        assert_eq!(r.tenant_id, None);
        assert_eq!(field_of(with(json!({"appId": null}))), "appId");
    }

    #[test]
    fn schedule_forms() {
        let r = read_request(&with(json!({"strategyType": 0}))).unwrap();
        assert_eq!(r.schedule, Some(Schedule::Immediate));
        let r = read_request(&with(
            json!({"strategyType": "fixed", "strategyContent": "{\"fixedTime\":1795924158000}"}),
        ))
        .unwrap();
        assert!(matches!(r.schedule, Some(Schedule::At(_))));
        assert_eq!(
            field_of(with(json!({"strategyContent": {"fixedTime": 1}}))),
            "strategyType"
        );
        assert_eq!(
            field_of(with(
                json!({"strategyType": 0, "strategyContent": {"fixedTime": 1}})
            )),
            "strategyContent"
        );
        let daily = json!({"strategyType": 2, "strategyContent": {
            "startTime": 1795881600000_i64, "endTime": 1795881600000_i64, "circleType": 1, "circleValue": [], "time": "09:00:00"}});
        assert!(read_request(&with(daily)).is_ok());
        let off_midnight = json!({"strategyType": 2, "strategyContent": {
            "startTime": 1795881600001_i64, "endTime": 1795881600000_i64, "circleType": 1, "time": "09:00:00"}});
        assert_eq!(field_of(with(off_midnight)), "strategyContent.startTime");
        let bad_time = json!({"strategyType": 2, "strategyContent": {
            "startTime": 1795881600000_i64, "endTime": 1795881600000_i64, "circleType": 1, "time": "9:00"}});
        assert_eq!(field_of(with(bad_time)), "strategyContent.time");
    }
}
