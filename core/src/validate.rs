//! Every documented PushBroadcast rule (spec §2–§3), checked before anything
//! is signed. "Now" is injected; calendar days are China days (UTC+8).
//!
//! Type and value-set rules that the Rust types already enforce are checked
//! by the JSON reader (`model::json`); this module holds the rules a typed
//! request can still break: emptiness, ranges, cross-field and time rules.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Days, Timelike, Utc};
use serde_json::Value;

use crate::checks::{
    MAX_DAYS_AHEAD, MAX_EXTENDED_PARAMS, MAX_MAP_ENTRIES, MAX_PAYLOAD_DEPTH,
    RESERVED_EXTENDED_KEYS, no_nul, not_blank,
};
use crate::error::ValidationError;
use crate::model::schedule::{Every, Recurrence, Schedule, china_day};
use crate::model::{BroadcastRequest, PushStatus};
use crate::rule::Rule;

type Check = Result<(), ValidationError>;

/// Checks every rule of `req` as of `now`; the first failure is returned.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpaas_push::{validate, BroadcastRequest, DeliveryType, PushStatus};
/// let req = BroadcastRequest::builder()
///     .app_id("A").workspace_id("W").delivery_type(DeliveryType::Ios)
///     .msgkey("m-1").expired_seconds(300).task_name("t").template_name("tpl")
///     .push_status(PushStatus::All)
///     .build()?;
/// let err = validate(&req, Utc::now()).unwrap_err();
/// assert_eq!(err.field(), "unBindPeriod");
/// assert_eq!(err.rule().as_str(), "required_if");
/// # Ok::<(), mpaas_push::Error>(())
/// ```
pub fn validate(req: &BroadcastRequest, now: DateTime<Utc>) -> Check {
    not_blank("appId", &req.app_id)?;
    not_blank("workspaceId", &req.workspace_id)?;
    if let Some(t) = &req.tenant_id {
        no_nul("tenantId", t)?;
    }
    not_blank("msgkey", &req.msgkey)?;
    if req.expired_seconds <= 0 {
        return Err(ValidationError::new(
            "expiredSeconds",
            Rule::Positive,
            "must be greater than 0",
        )
        .with_value(req.expired_seconds));
    }
    not_blank("taskName", &req.task_name)?;
    not_blank("templateName", &req.template_name)?;
    if req.template_name.contains(',') {
        return Err(ValidationError::new(
            "templateName",
            Rule::NoComma,
            "must not contain a comma",
        )
        .with_value(&req.template_name));
    }
    string_map("templateKeyValue", req.template_key_value.as_ref())?;
    audience(req)?;
    if let Some(s) = &req.schedule {
        schedule(s, now)?;
    }
    payload(req)?;
    vendor_levels(req)?;
    if let Some(v) = &req.mi_channel_id {
        no_nul("miChannelId", v)?;
    }
    if let Some(v) = &req.channel_id {
        no_nul("channelId", v)?;
    }
    extended_params(req.extended_params.as_ref())
}

fn string_map(field: &str, map: Option<&BTreeMap<String, String>>) -> Check {
    if let Some(m) = map.filter(|m| m.len() > MAX_MAP_ENTRIES) {
        return Err(ValidationError::new(
            field,
            Rule::MaxKeys,
            format!("must have at most {MAX_MAP_ENTRIES} entries"),
        )
        .with_value(m.len()));
    }
    for (k, v) in map.into_iter().flatten() {
        if k.is_empty() {
            return Err(ValidationError::new(
                field,
                Rule::EmptyKey,
                "keys must not be empty",
            ));
        }
        no_nul(field, k)?;
        // The path is written only for the error (not once per entry).
        if v.contains('\0') {
            no_nul(&format!("{field}.{k}"), v)?;
        }
    }
    Ok(())
}

fn audience(req: &BroadcastRequest) -> Check {
    match req.effective_push_status() {
        PushStatus::Bound if req.bind_period.is_none() => Err(ValidationError::new(
            "bindPeriod",
            Rule::RequiredIf,
            "is required when pushStatus is 0 (bound, the default)",
        )),
        PushStatus::All | PushStatus::Unbound if req.unbind_period.is_none() => {
            Err(ValidationError::new(
                "unBindPeriod",
                Rule::RequiredIf,
                format!(
                    "is required when pushStatus is {} ({})",
                    req.effective_push_status().wire(),
                    req.effective_push_status().name()
                ),
            ))
        }
        _ => Ok(()),
    }
}

fn schedule(s: &Schedule, now: DateTime<Utc>) -> Check {
    match s {
        Schedule::Immediate => Ok(()),
        Schedule::At(t) => {
            let field = "strategyContent.fixedTime";
            if t.timestamp_subsec_nanos() != 0 {
                return Err(ValidationError::new(
                    field,
                    Rule::WholeSeconds,
                    "must be a whole second (epoch ms divisible by 1000)",
                )
                .with_value(t.timestamp_millis()));
            }
            if *t <= now {
                return Err(ValidationError::new(
                    field,
                    Rule::InFuture,
                    format!(
                        "must be in the future (now is {})",
                        now.format("%Y-%m-%dT%H:%M:%SZ")
                    ),
                )
                .with_value(format!(
                    "{} ({})",
                    t.timestamp_millis(),
                    t.format("%Y-%m-%dT%H:%M:%SZ")
                )));
            }
            Ok(())
        }
        Schedule::Recurring(r) => recurrence(r, now),
    }
}

fn recurrence(r: &Recurrence, now: DateTime<Utc>) -> Check {
    let today = china_day(now);
    for (field, day) in [
        ("strategyContent.startTime", r.start),
        ("strategyContent.endTime", r.end),
    ] {
        if day < today {
            return Err(ValidationError::new(
                field,
                Rule::NotBeforeToday,
                format!("must not be before today ({today}, China time)"),
            )
            .with_value(day));
        }
    }
    if r.end < r.start {
        return Err(ValidationError::new(
            "strategyContent.endTime",
            Rule::NotBeforeStart,
            format!("must not be before startTime ({})", r.start),
        )
        .with_value(r.end));
    }
    let limit = today
        .checked_add_days(Days::new(MAX_DAYS_AHEAD))
        .unwrap_or(today);
    if r.end > limit {
        return Err(ValidationError::new(
            "strategyContent.endTime",
            Rule::MaxDaysAhead,
            format!("must be at most {MAX_DAYS_AHEAD} days after today ({limit}, China time)"),
        )
        .with_value(r.end));
    }
    let field = "strategyContent.circleValue";
    let max = match &r.every {
        Every::Daily => None,
        Every::Weekly(_) => Some(7),
        Every::Monthly(_) => Some(31),
    };
    if let Some(max) = max {
        let days = r.every.days();
        if days.is_empty() {
            return Err(ValidationError::new(
                field,
                Rule::NotEmpty,
                "must list at least one day for weekly and monthly schedules",
            ));
        }
        let mut seen = HashSet::new();
        for &d in days {
            if !(1..=max).contains(&d) {
                return Err(ValidationError::new(
                    field,
                    Rule::Range,
                    format!("days must be between 1 and {max}"),
                )
                .with_value(format!("{days:?}")));
            }
            if !seen.insert(d) {
                return Err(
                    ValidationError::new(field, Rule::Unique, "days must not repeat")
                        .with_value(format!("{days:?}")),
                );
            }
        }
    }
    if r.time.nanosecond() != 0 {
        return Err(ValidationError::new(
            "strategyContent.time",
            Rule::TimeFormat,
            "must be a whole second (HH:mm:ss)",
        ));
    }
    Ok(())
}

fn payload(req: &BroadcastRequest) -> Check {
    let field = "transparentMessagePayload";
    match &req.transparent_message_payload {
        None => {
            if let Some(u) = req.transparent_message_urgency {
                return Err(ValidationError::new(
                    "transparentMessageUrgency",
                    Rule::RequiresPayload,
                    "is only allowed together with transparentMessagePayload",
                )
                .with_value(u.wire()));
            }
            Ok(())
        }
        Some(p) if p.is_empty() => Err(ValidationError::new(
            field,
            Rule::NotEmpty,
            "must contain at least one vendor (hms, honor, fcm, harmonyos)",
        )),
        Some(p) => {
            for (vendor, body) in p {
                let path = format!("{field}.{}", vendor.wire());
                // Depth first: `has_value` recurses without a limit.
                for (k, v) in body {
                    no_nul(&path, k)?;
                    check_json(&format!("{path}.{k}"), v, 1)?;
                }
                if !body.values().any(has_value) {
                    return Err(ValidationError::new(
                        path,
                        Rule::NotEmpty,
                        "must hold at least one value (empty objects, lists and nulls are not sent)",
                    ));
                }
            }
            Ok(())
        }
    }
}

/// Whether `v` flattens to at least one wire value.
fn has_value(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Array(items) => items.iter().any(has_value),
        Value::Object(m) => m.values().any(has_value),
        _ => true,
    }
}

fn check_json(path: &str, v: &Value, depth: usize) -> Check {
    if depth > MAX_PAYLOAD_DEPTH {
        return Err(ValidationError::new(
            path,
            Rule::MaxDepth,
            format!("nests deeper than {MAX_PAYLOAD_DEPTH} levels"),
        ));
    }
    match v {
        Value::String(s) => no_nul(path, s),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| check_json(&format!("{path}.{}", i + 1), x, depth + 1)),
        Value::Object(m) => m.iter().try_for_each(|(k, x)| {
            no_nul(path, k)?;
            check_json(&format!("{path}.{k}"), x, depth + 1)
        }),
        _ => Ok(()),
    }
}

/// `ThirdChannelCategory` and `NotifyLevel` documented value ranges.
fn vendor_levels(req: &BroadcastRequest) -> Check {
    level_map(
        "thirdChannelCategory",
        req.third_channel_category.as_ref(),
        |k| match k {
            "hms" => Some(14),
            "harmonyos" => Some(13),
            _ => None,
        },
    )?;
    level_map("notifyLevel", req.notify_level.as_ref(), |k| match k {
        "hms" => Some(2),
        _ => Some(3),
    })
}

/// Checks a vendor → level map: every value of a key with a known range
/// (`max_for(key)`) must be a plain decimal `"1"..="max"`.
fn level_map(
    field: &str,
    map: Option<&BTreeMap<String, String>>,
    max_for: impl Fn(&str) -> Option<u8>,
) -> Check {
    string_map(field, map)?;
    for (k, v) in map.into_iter().flatten() {
        let Some(max) = max_for(k) else { continue };
        let plain = !v.starts_with(['0', '+']);
        if !(plain && v.parse::<u8>().is_ok_and(|n| (1..=max).contains(&n))) {
            return Err(ValidationError::new(
                format!("{field}.{k}"),
                Rule::Range,
                format!("must be a number from \"1\" to \"{max}\""),
            )
            .with_value(format!("{v:?}")));
        }
    }
    Ok(())
}

fn extended_params(map: Option<&BTreeMap<String, String>>) -> Check {
    let field = "extendedParams";
    let Some(map) = map else { return Ok(()) };
    if map.len() > MAX_EXTENDED_PARAMS {
        return Err(ValidationError::new(
            field,
            Rule::MaxKeys,
            format!("must have at most {MAX_EXTENDED_PARAMS} keys"),
        )
        .with_value(format!("{} keys", map.len())));
    }
    if let Some(k) = map
        .keys()
        .find(|k| RESERVED_EXTENDED_KEYS.contains(&k.as_str()))
    {
        return Err(ValidationError::new(
            field,
            Rule::ReservedKey,
            format!(
                "must not use a reserved key ({})",
                RESERVED_EXTENDED_KEYS.join(", ")
            ),
        )
        .with_value(k));
    }
    string_map(field, Some(map))
}
