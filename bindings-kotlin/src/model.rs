//! The PushBroadcast request as JVM types and its one conversion into the
//! core's request (`TryFrom`, the core's builder). Days, times and instants
//! cross typed (`LocalDate`, `LocalTime`, `Instant`): nothing is parsed here.

use std::collections::HashMap;
use std::time::SystemTime;

use mpaas_push::{Error, Every, Payload, host};

use crate::text::{JvmString, map, opt};

/// A JVM enum mirroring the core enum of the same name (`From` both ways).
macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident ),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $name { $( $(#[$vdoc])* $variant, )+ }

        impl From<$name> for mpaas_push::$name {
            fn from(v: $name) -> Self {
                match v { $( $name::$variant => Self::$variant, )+ }
            }
        }

        impl $name {
            /// The JVM variant of a core value (`None` if unknown here).
            #[allow(dead_code)]
            pub(crate) fn from_core(v: mpaas_push::$name) -> Option<Self> {
                match v { $( mpaas_push::$name::$variant => Some(Self::$variant), )+ _ => None }
            }
        }
    };
}
pub(crate) use mirror_enum;

mirror_enum! {
    /// Which devices receive the broadcast.
    DeliveryType { /** `1` */ Android, /** `2` */ Ios, /** `7` */ HarmonyOs }
}
mirror_enum! {
    /// Which devices: bound to a user (default), all, or unbound.
    PushStatus { /** `0` */ Bound, /** `1` */ All, /** `2` */ Unbound }
}
mirror_enum! {
    /// How recently devices must have been active (bind / unbind period).
    Period { /** `1` */ Days7, /** `2` */ Days15, /** `3` */ Days60, /** `4` */ Permanent }
}
mirror_enum! {
    /// Android delivery channel.
    AndroidChannel { /** `1`: MPS's own channel */ Mps, /** `2`: the vendor channel */ Vendor }
}
mirror_enum! {
    /// vivo message class.
    Classification { /** `"0"` */ Operational, /** `"1"` */ System }
}
mirror_enum! {
    /// Urgency of a transparent message (only with a payload).
    Urgency { /** `HIGH` */ High, /** `NORMAL` */ Normal }
}
mirror_enum! {
    /// Notification or transparent (data) message.
    NotifyType { /** `transparent` */ Transparent, /** `notify` */ Notify }
}
mirror_enum! {
    /// What a tap does.
    PushAction { /** `0` */ OpenUrl, /** `1` */ OpenActivity }
}
mirror_enum! {
    /// A vendor of `transparentMessagePayload`.
    PayloadVendor { /** `hms` */ Hms, /** `honor` */ Honor, /** `fcm` */ Fcm, /** `harmonyos` */ HarmonyOs }
}

/// A calendar day: `java.time.LocalDate` (crosses as its epoch day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub i64);
uniffi::custom_type!(Day, i64, { lower: |d| d.0, try_lift: |n| Ok(Day(n)) });

/// A time of day: `java.time.LocalTime` (crosses as its second of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOfDay(pub i32);
uniffi::custom_type!(TimeOfDay, i32, { lower: |t| t.0, try_lift: |n| Ok(TimeOfDay(n)) });

/// When the broadcast goes out (spec §3): days (`LocalDate`) and `time`
/// (`LocalTime`) in China time (UTC+8); at most 180 days ahead.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
#[allow(missing_docs)]
pub enum Schedule {
    /// Now.
    Immediate,
    /// Once, at an `Instant` in whole seconds, in the future.
    At { time: SystemTime },
    /// Every day from `start_date` to `end_date` at `time`.
    Daily {
        start_date: Day,
        end_date: Day,
        time: TimeOfDay,
    },
    /// On the given weekdays (1 = Monday … 7 = Sunday).
    Weekly {
        days: Vec<i32>,
        start_date: Day,
        end_date: Day,
        time: TimeOfDay,
    },
    /// On the given days of the month (1..31).
    Monthly {
        days: Vec<i32>,
        start_date: Day,
        end_date: Day,
        time: TimeOfDay,
    },
}

impl TryFrom<Schedule> for mpaas_push::Schedule {
    type Error = Error;

    fn try_from(s: Schedule) -> Result<Self, Error> {
        let days = |d: Vec<i32>| -> Result<Vec<u8>, Error> {
            let narrow = |n: i32| host::narrow("schedule.days", i64::from(n));
            d.into_iter().map(narrow).collect()
        };
        let (every, start, end, time) = match s {
            Schedule::Immediate => return Ok(Self::Immediate),
            Schedule::At { time } => return Ok(Self::At(host::instant("schedule.at", time)?)),
            Schedule::Daily {
                start_date,
                end_date,
                time,
            } => (Every::Daily, start_date, end_date, time),
            Schedule::Weekly {
                days: d,
                start_date,
                end_date,
                time,
            } => (Every::Weekly(days(d)?), start_date, end_date, time),
            Schedule::Monthly {
                days: d,
                start_date,
                end_date,
                time,
            } => (Every::Monthly(days(d)?), start_date, end_date, time),
        };
        Ok(Self::recurring(
            every,
            host::epoch_day("schedule.start", start.0)?,
            host::epoch_day("schedule.end", end.0)?,
            host::second_of_day("schedule.time", i64::from(time.0))?,
        ))
    }
}

/// One PushBroadcast request (spec §2): required fields first, then optional.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct BroadcastRequest {
    pub app_id: JvmString,
    pub workspace_id: JvmString,
    pub delivery_type: DeliveryType,
    /// Your unique business id of this push (kept across retries).
    pub msgkey: JvmString,
    /// Seconds the message stays deliverable (> 0).
    pub expired_seconds: i64,
    pub task_name: JvmString,
    /// Template name (no comma).
    pub template_name: JvmString,
    /// Values of the template's `#name#` placeholders.
    #[uniffi(default = None)]
    pub template_key_value: Option<HashMap<JvmString, JvmString>>,
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
    #[uniffi(default = None)]
    pub android_channel: Option<AndroidChannel>,
    #[uniffi(default = None)]
    pub classification: Option<Classification>,
    /// When to send (immediately when absent).
    #[uniffi(default = None)]
    pub schedule: Option<Schedule>,
    /// Vendor → its JSON object as text, e.g. `{"data":"x"}`.
    #[uniffi(default = None)]
    pub transparent_message_payload: Option<HashMap<PayloadVendor, JvmString>>,
    /// Urgency of the transparent message (only with a payload).
    #[uniffi(default = None)]
    pub transparent_message_urgency: Option<Urgency>,
    /// Vendor message class, e.g. `{"hms": "9"}`.
    #[uniffi(default = None)]
    pub third_channel_category: Option<HashMap<JvmString, JvmString>>,
    /// Vendor notification level, e.g. `{"oppo": "2"}`.
    #[uniffi(default = None)]
    pub notify_level: Option<HashMap<JvmString, JvmString>>,
    #[uniffi(default = None)]
    pub mi_channel_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub channel_id: Option<JvmString>,
    #[uniffi(default = None)]
    pub notify_type: Option<NotifyType>,
    #[uniffi(default = None)]
    pub push_action: Option<PushAction>,
    #[uniffi(default = None)]
    pub silent: Option<bool>,
    /// Extra parameters (at most 20; reserved keys rejected).
    #[uniffi(default = None)]
    pub extended_params: Option<HashMap<JvmString, JvmString>>,
}

/// Sets an optional builder field when the JVM value is present.
macro_rules! set {
    ($b:ident . $setter:ident($v:expr)) => {
        if let Some(v) = $v {
            $b = $b.$setter(v);
        }
    };
}

impl TryFrom<BroadcastRequest> for mpaas_push::BroadcastRequest {
    type Error = Error;

    fn try_from(r: BroadcastRequest) -> Result<Self, Error> {
        let mut b = Self::builder()
            .app_id(r.app_id.text("appId")?)
            .workspace_id(r.workspace_id.text("workspaceId")?)
            .delivery_type(r.delivery_type)
            .msgkey(r.msgkey.text("msgkey")?)
            .expired_seconds(r.expired_seconds)
            .task_name(r.task_name.text("taskName")?)
            .template_name(r.template_name.text("templateName")?);
        set!(b.template_key_value(map(&r.template_key_value, "templateKeyValue")?));
        set!(b.tenant_id(opt(&r.tenant_id, "tenantId")?));
        set!(b.push_status(r.push_status));
        set!(b.bind_period(r.bind_period));
        set!(b.unbind_period(r.un_bind_period));
        set!(b.android_channel(r.android_channel));
        set!(b.classification(r.classification));
        set!(b.schedule(r.schedule.map(mpaas_push::Schedule::try_from).transpose()?));
        set!(b.transparent_message_payload(payload(r.transparent_message_payload)?));
        set!(b.transparent_message_urgency(r.transparent_message_urgency));
        set!(b.third_channel_category(map(&r.third_channel_category, "thirdChannelCategory")?));
        set!(b.notify_level(map(&r.notify_level, "notifyLevel")?));
        set!(b.mi_channel_id(opt(&r.mi_channel_id, "miChannelId")?));
        set!(b.channel_id(opt(&r.channel_id, "channelId")?));
        set!(b.notify_type(r.notify_type));
        set!(b.push_action(r.push_action));
        set!(b.silent(r.silent));
        set!(b.extended_params(map(&r.extended_params, "extendedParams")?));
        b.build()
    }
}

/// Each vendor's JSON text read as the object the core holds.
fn payload(p: Option<HashMap<PayloadVendor, JvmString>>) -> Result<Option<Payload>, Error> {
    let Some(p) = p else { return Ok(None) };
    p.into_iter()
        .map(|(vendor, text)| {
            let vendor = mpaas_push::PayloadVendor::from(vendor);
            let field = format!("transparentMessagePayload.{}", vendor.wire());
            Ok((vendor, host::json_object(&field, &text.text(&field)?)?))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}
