//! The request as JVM types: the `BroadcastRequest` record, `Schedule` and
//! the request enums. [`BroadcastRequest::to_core`] writes the neutral
//! camelCase JSON (spec §2) and hands it to the core reader, so every rule
//! and every field path in an error is the core's.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use mpaas_push::{ValidationError, schedule::china_midnight_ms};
use serde_json::{Map, Value, json};

use crate::text::JvmString;

/// Maps a binding enum onto the core enum's canonical name.
macro_rules! request_enum {
    ($(#[$doc:meta])* $name:ident => $core:ident { $( $(#[$vdoc:meta])* $variant:ident ),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            /// The neutral-JSON form: the core enum's canonical name.
            pub(crate) fn json(self) -> Value {
                let core = match self { $( Self::$variant => mpaas_push::$core::$variant, )+ };
                Value::from(core.name())
            }

            /// The binding variant of a core value the service sent as an
            /// integer (read with the core's `from_int`); `None` for a value
            /// this version does not know.
            #[allow(dead_code)]
            pub(crate) fn from_int(n: i64) -> Option<Self> {
                match mpaas_push::$core::from_int(n)? {
                    $( mpaas_push::$core::$variant => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use request_enum;

request_enum! {
    /// Which devices receive the broadcast.
    DeliveryType => DeliveryType { /** `1` */ Android, /** `2` */ Ios, /** `7` */ HarmonyOs }
}
request_enum! {
    /// Which devices: bound to a user (default), all, or unbound.
    PushStatus => PushStatus { /** `0` */ Bound, /** `1` */ All, /** `2` */ Unbound }
}
request_enum! {
    /// How recently devices must have been active (bind / unbind period).
    Period => Period { /** `1` */ Days7, /** `2` */ Days15, /** `3` */ Days60, /** `4` */ Permanent }
}
request_enum! {
    /// Android delivery channel.
    AndroidChannel => AndroidChannel { /** `1`: MPS's own channel */ Mps, /** `2`: the vendor channel */ Vendor }
}
request_enum! {
    /// vivo message class.
    Classification => Classification { /** `"0"` */ Operational, /** `"1"` */ System }
}
request_enum! {
    /// Urgency of a transparent message (only with a payload).
    Urgency => Urgency { /** `HIGH` */ High, /** `NORMAL` */ Normal }
}
request_enum! {
    /// Notification or transparent (data) message.
    NotifyType => NotifyType { /** `transparent` */ Transparent, /** `notify` */ Notify }
}
request_enum! {
    /// What a tap does.
    PushAction => PushAction { /** `0` */ OpenUrl, /** `1` */ OpenActivity }
}

/// When the broadcast goes out (spec §3). Dates are calendar days in China
/// time (UTC+8) as `YYYY-MM-DD`; `time` is `HH:mm:ss`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Schedule {
    /// Now (`strategyType` 0).
    Immediate,
    /// Once, at an instant in whole seconds (`strategyType` 1).
    At {
        /// The instant (`java.time.Instant`).
        time: SystemTime,
    },
    /// Every day from `start_date` to `end_date` at `time`.
    Daily {
        /// First day, `YYYY-MM-DD`.
        start_date: JvmString,
        /// Last day, `YYYY-MM-DD`.
        end_date: JvmString,
        /// Time of day, `HH:mm:ss` (China time).
        time: JvmString,
    },
    /// On the given weekdays (1 = Monday … 7 = Sunday).
    Weekly {
        /// Weekdays 1..7.
        days: Vec<i32>,
        /// First day, `YYYY-MM-DD`.
        start_date: JvmString,
        /// Last day, `YYYY-MM-DD`.
        end_date: JvmString,
        /// Time of day, `HH:mm:ss`.
        time: JvmString,
    },
    /// On the given days of the month (1..31).
    Monthly {
        /// Days 1..31.
        days: Vec<i32>,
        /// First day, `YYYY-MM-DD`.
        start_date: JvmString,
        /// Last day, `YYYY-MM-DD`.
        end_date: JvmString,
        /// Time of day, `HH:mm:ss`.
        time: JvmString,
    },
}

fn day_ms(text: &str, field: &str) -> Result<i64, ValidationError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(china_midnight_ms)
        .map_err(|_| {
            ValidationError::new(field, "date_format", "must be a date YYYY-MM-DD").with_value(text)
        })
}

pub(crate) fn epoch_ms(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

impl Schedule {
    /// `(strategyType, strategyContent)` in the neutral JSON form.
    fn json(&self) -> Result<(Value, Option<Value>), ValidationError> {
        let recurring = |circle: u8,
                         days: Option<&Vec<i32>>,
                         start: &JvmString,
                         end: &JvmString,
                         time: &JvmString| {
            let (start_field, end_field) = ("strategyContent.startTime", "strategyContent.endTime");
            let mut c = Map::new();
            c.insert(
                "startTime".into(),
                day_ms(start.text(start_field)?, start_field)?.into(),
            );
            c.insert(
                "endTime".into(),
                day_ms(end.text(end_field)?, end_field)?.into(),
            );
            c.insert("circleType".into(), circle.into());
            if let Some(d) = days {
                c.insert("circleValue".into(), json!(d));
            }
            c.insert("time".into(), time.text("strategyContent.time")?.into());
            Ok::<_, ValidationError>((json!(2), Some(Value::Object(c))))
        };
        match self {
            Self::Immediate => Ok((json!(0), None)),
            Self::At { time } => Ok((json!(1), Some(json!({ "fixedTime": epoch_ms(*time) })))),
            Self::Daily {
                start_date,
                end_date,
                time,
            } => recurring(1, None, start_date, end_date, time),
            Self::Weekly {
                days,
                start_date,
                end_date,
                time,
            } => recurring(2, Some(days), start_date, end_date, time),
            Self::Monthly {
                days,
                start_date,
                end_date,
                time,
            } => recurring(3, Some(days), start_date, end_date, time),
        }
    }
}

/// One PushBroadcast request (spec §2). Required fields first; everything
/// else defaults to "not sent".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BroadcastRequest {
    /// mPaaS app id.
    pub app_id: JvmString,
    /// mPaaS workspace id.
    pub workspace_id: JvmString,
    /// Which devices receive it.
    pub delivery_type: DeliveryType,
    /// Your unique business id of this push (kept across retries).
    pub msgkey: JvmString,
    /// Seconds the message stays deliverable (> 0).
    pub expired_seconds: i64,
    /// Task name shown in the console.
    pub task_name: JvmString,
    /// Template name (no comma).
    pub template_name: JvmString,
    /// Values of the template's `#name#` placeholders.
    #[uniffi(default = None)]
    pub template_key_value: Option<HashMap<JvmString, JvmString>>,
    /// Tenant id.
    #[uniffi(default = None)]
    pub tenant_id: Option<JvmString>,
    /// Which devices (bound by default).
    #[uniffi(default = None)]
    pub push_status: Option<PushStatus>,
    /// Required when pushing to bound devices.
    #[uniffi(default = None)]
    pub bind_period: Option<Period>,
    /// Required when pushing to all or unbound devices.
    #[uniffi(default = None)]
    pub un_bind_period: Option<Period>,
    /// Android channel.
    #[uniffi(default = None)]
    pub android_channel: Option<AndroidChannel>,
    /// vivo classification.
    #[uniffi(default = None)]
    pub classification: Option<Classification>,
    /// When to send (immediately when absent).
    #[uniffi(default = None)]
    pub schedule: Option<Schedule>,
    /// Vendor (`hms`, `honor`, `fcm`, `harmonyos`) → JSON object text.
    #[uniffi(default = None)]
    pub transparent_message_payload: Option<HashMap<JvmString, JvmString>>,
    /// Urgency of the transparent message (only with a payload).
    #[uniffi(default = None)]
    pub transparent_message_urgency: Option<Urgency>,
    /// Vendor message class, e.g. `{"hms": "9"}`.
    #[uniffi(default = None)]
    pub third_channel_category: Option<HashMap<JvmString, JvmString>>,
    /// Vendor notification level, e.g. `{"oppo": "2"}`.
    #[uniffi(default = None)]
    pub notify_level: Option<HashMap<JvmString, JvmString>>,
    /// Xiaomi channel id.
    #[uniffi(default = None)]
    pub mi_channel_id: Option<JvmString>,
    /// Android notification channel.
    #[uniffi(default = None)]
    pub channel_id: Option<JvmString>,
    /// Notification or transparent message.
    #[uniffi(default = None)]
    pub notify_type: Option<NotifyType>,
    /// What a tap does.
    #[uniffi(default = None)]
    pub push_action: Option<PushAction>,
    /// Silent push.
    #[uniffi(default = None)]
    pub silent: Option<bool>,
    /// Extra parameters (at most 20; reserved keys rejected).
    #[uniffi(default = None)]
    pub extended_params: Option<HashMap<JvmString, JvmString>>,
}

/// A string map as a JSON object; a key that is not Unicode text is named
/// by the map, a value by `field.key`.
fn string_map(m: &HashMap<JvmString, JvmString>, field: &str) -> Result<Value, ValidationError> {
    let mut o = Map::new();
    for (k, v) in m {
        let key = k.text(field)?;
        o.insert(key.to_owned(), v.text(&format!("{field}.{key}"))?.into());
    }
    Ok(Value::Object(o))
}

/// An optional string as JSON.
fn opt(s: Option<&JvmString>, field: &str) -> Result<Option<Value>, ValidationError> {
    s.map(|s| s.text(field).map(Value::from)).transpose()
}

/// An optional string map as JSON.
fn opt_map(
    m: Option<&HashMap<JvmString, JvmString>>,
    field: &str,
) -> Result<Option<Value>, ValidationError> {
    m.map(|m| string_map(m, field)).transpose()
}

impl BroadcastRequest {
    /// The neutral camelCase JSON of spec §2.
    pub fn to_json(&self) -> Result<Value, ValidationError> {
        let mut o = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                o.insert(k.to_owned(), v);
            }
        };
        put("appId", Some(self.app_id.text("appId")?.into()));
        put(
            "workspaceId",
            Some(self.workspace_id.text("workspaceId")?.into()),
        );
        put("tenantId", opt(self.tenant_id.as_ref(), "tenantId")?);
        put("deliveryType", Some(self.delivery_type.json()));
        put("msgkey", Some(self.msgkey.text("msgkey")?.into()));
        put("expiredSeconds", Some(self.expired_seconds.into()));
        put("taskName", Some(self.task_name.text("taskName")?.into()));
        put(
            "templateName",
            Some(self.template_name.text("templateName")?.into()),
        );
        put(
            "templateKeyValue",
            opt_map(self.template_key_value.as_ref(), "templateKeyValue")?,
        );
        put("pushStatus", self.push_status.map(PushStatus::json));
        put("bindPeriod", self.bind_period.map(Period::json));
        put("unBindPeriod", self.un_bind_period.map(Period::json));
        put(
            "androidChannel",
            self.android_channel.map(AndroidChannel::json),
        );
        put(
            "classification",
            self.classification.map(Classification::json),
        );
        if let Some(s) = &self.schedule {
            let (kind, content) = s.json()?;
            put("strategyType", Some(kind));
            put("strategyContent", content);
        }
        if let Some(p) = &self.transparent_message_payload {
            const FIELD: &str = "transparentMessagePayload";
            let mut vendors = Map::new();
            for (vendor, text) in p {
                let vendor = vendor.text(FIELD)?;
                let path = format!("{FIELD}.{vendor}");
                let text = text.text(&path)?;
                let body = serde_json::from_str::<Value>(text).map_err(|e| {
                    ValidationError::new(path, "json", format!("is not valid JSON: {e}"))
                        .with_value(text)
                })?;
                vendors.insert(vendor.to_owned(), body);
            }
            put(FIELD, Some(Value::Object(vendors)));
        }
        put(
            "transparentMessageUrgency",
            self.transparent_message_urgency.map(Urgency::json),
        );
        put(
            "thirdChannelCategory",
            opt_map(self.third_channel_category.as_ref(), "thirdChannelCategory")?,
        );
        put(
            "notifyLevel",
            opt_map(self.notify_level.as_ref(), "notifyLevel")?,
        );
        put(
            "miChannelId",
            opt(self.mi_channel_id.as_ref(), "miChannelId")?,
        );
        put("channelId", opt(self.channel_id.as_ref(), "channelId")?);
        put("notifyType", self.notify_type.map(NotifyType::json));
        put("pushAction", self.push_action.map(PushAction::json));
        put("silent", self.silent.map(Value::from));
        put(
            "extendedParams",
            opt_map(self.extended_params.as_ref(), "extendedParams")?,
        );
        Ok(Value::Object(o))
    }

    /// The core request (every rule checked by the core reader).
    pub fn to_core(&self) -> Result<mpaas_push::BroadcastRequest, ValidationError> {
        mpaas_push::BroadcastRequest::from_json(&self.to_json()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> BroadcastRequest {
        BroadcastRequest {
            app_id: "A".into(),
            workspace_id: "W".into(),
            delivery_type: DeliveryType::Android,
            msgkey: "m".into(),
            expired_seconds: 300,
            task_name: "t".into(),
            template_name: "tpl".into(),
            template_key_value: None,
            tenant_id: None,
            push_status: None,
            bind_period: Some(Period::Days7),
            un_bind_period: None,
            android_channel: None,
            classification: None,
            schedule: None,
            transparent_message_payload: None,
            transparent_message_urgency: None,
            third_channel_category: None,
            notify_level: None,
            mi_channel_id: None,
            channel_id: None,
            notify_type: None,
            push_action: None,
            silent: None,
            extended_params: None,
        }
    }

    #[test]
    fn minimal_request_reads() -> Result<(), ValidationError> {
        let r = minimal().to_core()?;
        assert_eq!(r.bind_period, Some(mpaas_push::Period::Days7));
        Ok(())
    }

    #[test]
    fn errors_name_core_paths() {
        let mut r = minimal();
        r.schedule = Some(Schedule::Daily {
            start_date: "2026-13-01".into(),
            end_date: "2026-12-01".into(),
            time: "09:00:00".into(),
        });
        assert_eq!(
            r.to_core().err().map(|e| e.field().to_owned()).as_deref(),
            Some("strategyContent.startTime")
        );
        let mut r = minimal();
        r.transparent_message_payload = Some(HashMap::from([("hms".into(), "{".into())]));
        assert_eq!(
            r.to_core().err().map(|e| e.field().to_owned()).as_deref(),
            Some("transparentMessagePayload.hms")
        );
    }

    #[test]
    fn lone_surrogates_name_the_field() {
        // What JvmStrings.kt writes for "\uDC00" (WTF-8).
        let lone = || JvmString::from_bytes(vec![0xED, 0xB0, 0x80]);
        let rule =
            |r: &BroadcastRequest| r.to_core().err().map(|e| (e.field().to_owned(), e.rule()));
        let mut r = minimal();
        r.template_key_value = Some(HashMap::from([("content".into(), lone())]));
        assert_eq!(rule(&r), Some(("templateKeyValue.content".into(), "utf8")));
        let mut r = minimal();
        r.schedule = Some(Schedule::Weekly {
            days: vec![1],
            start_date: "2026-12-01".into(),
            end_date: "2026-12-31".into(),
            time: lone(),
        });
        assert_eq!(rule(&r), Some(("strategyContent.time".into(), "utf8")));
    }
}
