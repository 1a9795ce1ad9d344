//! The request as JVM types: the `BroadcastRequest` record, `Schedule` and
//! the request enums. [`BroadcastRequest::to_core`] writes the neutral
//! camelCase JSON (spec §2) and hands it to the core reader, so every rule
//! and every field path in an error is the core's.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use mpaas_push::{ValidationError, schedule::china_midnight_ms};
use serde_json::{Map, Value, json};

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
        start_date: String,
        /// Last day, `YYYY-MM-DD`.
        end_date: String,
        /// Time of day, `HH:mm:ss` (China time).
        time: String,
    },
    /// On the given weekdays (1 = Monday … 7 = Sunday).
    Weekly {
        /// Weekdays 1..7.
        days: Vec<i32>,
        /// First day, `YYYY-MM-DD`.
        start_date: String,
        /// Last day, `YYYY-MM-DD`.
        end_date: String,
        /// Time of day, `HH:mm:ss`.
        time: String,
    },
    /// On the given days of the month (1..31).
    Monthly {
        /// Days 1..31.
        days: Vec<i32>,
        /// First day, `YYYY-MM-DD`.
        start_date: String,
        /// Last day, `YYYY-MM-DD`.
        end_date: String,
        /// Time of day, `HH:mm:ss`.
        time: String,
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
        let recurring =
            |circle: u8, days: Option<&Vec<i32>>, start: &str, end: &str, time: &str| {
                let mut c = Map::new();
                c.insert(
                    "startTime".into(),
                    day_ms(start, "strategyContent.startTime")?.into(),
                );
                c.insert(
                    "endTime".into(),
                    day_ms(end, "strategyContent.endTime")?.into(),
                );
                c.insert("circleType".into(), circle.into());
                if let Some(d) = days {
                    c.insert("circleValue".into(), json!(d));
                }
                c.insert("time".into(), time.into());
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
    pub app_id: String,
    /// mPaaS workspace id.
    pub workspace_id: String,
    /// Which devices receive it.
    pub delivery_type: DeliveryType,
    /// Your unique business id of this push (kept across retries).
    pub msgkey: String,
    /// Seconds the message stays deliverable (> 0).
    pub expired_seconds: i64,
    /// Task name shown in the console.
    pub task_name: String,
    /// Template name (no comma).
    pub template_name: String,
    /// Values of the template's `#name#` placeholders.
    #[uniffi(default = None)]
    pub template_key_value: Option<HashMap<String, String>>,
    /// Tenant id.
    #[uniffi(default = None)]
    pub tenant_id: Option<String>,
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
    pub transparent_message_payload: Option<HashMap<String, String>>,
    /// Urgency of the transparent message (only with a payload).
    #[uniffi(default = None)]
    pub transparent_message_urgency: Option<Urgency>,
    /// Vendor message class, e.g. `{"hms": "9"}`.
    #[uniffi(default = None)]
    pub third_channel_category: Option<HashMap<String, String>>,
    /// Vendor notification level, e.g. `{"oppo": "2"}`.
    #[uniffi(default = None)]
    pub notify_level: Option<HashMap<String, String>>,
    /// Xiaomi channel id.
    #[uniffi(default = None)]
    pub mi_channel_id: Option<String>,
    /// Android notification channel.
    #[uniffi(default = None)]
    pub channel_id: Option<String>,
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
    pub extended_params: Option<HashMap<String, String>>,
}

fn string_map(m: &HashMap<String, String>) -> Value {
    Value::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
            .collect(),
    )
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
        put("appId", Some(self.app_id.as_str().into()));
        put("workspaceId", Some(self.workspace_id.as_str().into()));
        put("tenantId", self.tenant_id.as_deref().map(Value::from));
        put("deliveryType", Some(self.delivery_type.json()));
        put("msgkey", Some(self.msgkey.as_str().into()));
        put("expiredSeconds", Some(self.expired_seconds.into()));
        put("taskName", Some(self.task_name.as_str().into()));
        put("templateName", Some(self.template_name.as_str().into()));
        put(
            "templateKeyValue",
            self.template_key_value.as_ref().map(string_map),
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
            let mut vendors = Map::new();
            for (vendor, text) in p {
                let body = serde_json::from_str::<Value>(text).map_err(|e| {
                    ValidationError::new(
                        format!("transparentMessagePayload.{vendor}"),
                        "json",
                        format!("is not valid JSON: {e}"),
                    )
                    .with_value(text)
                })?;
                vendors.insert(vendor.clone(), body);
            }
            put("transparentMessagePayload", Some(Value::Object(vendors)));
        }
        put(
            "transparentMessageUrgency",
            self.transparent_message_urgency.map(Urgency::json),
        );
        put(
            "thirdChannelCategory",
            self.third_channel_category.as_ref().map(string_map),
        );
        put("notifyLevel", self.notify_level.as_ref().map(string_map));
        put(
            "miChannelId",
            self.mi_channel_id.as_deref().map(Value::from),
        );
        put("channelId", self.channel_id.as_deref().map(Value::from));
        put("notifyType", self.notify_type.map(NotifyType::json));
        put("pushAction", self.push_action.map(PushAction::json));
        put("silent", self.silent.map(Value::from));
        put(
            "extendedParams",
            self.extended_params.as_ref().map(string_map),
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
}
