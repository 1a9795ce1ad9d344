//! The enumerations of a PushBroadcast request, each with its wire value and
//! readable names. Conversion to and from the wire happens here and only here.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::ValidationError;
use crate::rule::Rule;

/// Defines a request enum: variants, their wire strings, their integer form
/// (for integer-typed parameters) and their readable names (first = canonical).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, $int:expr, [$($alias:literal),+] );+ $(;)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value sent on the wire (a decimal string for integer
            /// parameters).
            pub fn wire(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            /// The readable name (`snake_case`), as accepted by the bindings.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => [$($alias),+][0],)+ }
            }

            fn int(self) -> Option<i64> {
                match self { $($name::$variant => $int,)+ }
            }

            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($alias),+],)+ }
            }

            /// The variant whose wire integer is `n`.
            pub fn from_int(n: i64) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.int() == Some(n))
            }

            /// Text listing the accepted values, for error messages.
            fn accepted() -> String {
                Self::ALL
                    .iter()
                    .map(|v| match v.int() {
                        Some(i) => format!("{} ({})", i, v.name()),
                        None => format!("{:?}", v.wire()),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }

            /// Reads the neutral-JSON form: the documented integer or string,
            /// or a readable name (case-insensitive).
            pub fn from_json(v: &Value, field: &str) -> Result<Self, ValidationError> {
                let found = match v {
                    Value::Number(n) => n.as_i64().and_then(Self::from_int),
                    Value::String(s) => s.parse().ok(),
                    _ => None,
                };
                found.ok_or_else(|| {
                    ValidationError::new(field, Rule::OneOf, format!("must be one of {}", Self::accepted()))
                        .with_value(v)
                })
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| {
                        v.wire() == s
                            || v.aliases().iter().any(|a| a.eq_ignore_ascii_case(s))
                    })
                    .ok_or_else(|| {
                        ValidationError::new(stringify!($name), Rule::OneOf, format!("must be one of {}", Self::accepted()))
                            .with_value(s)
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

wire_enum! {
    /// Which devices receive the broadcast (`DeliveryType`).
    ///
    /// ```
    /// use mpaas_push::DeliveryType;
    /// assert_eq!(DeliveryType::HarmonyOs.wire(), "7");
    /// assert_eq!("ios".parse::<DeliveryType>().unwrap(), DeliveryType::Ios);
    /// ```
    DeliveryType {
        /// Android devices (`1`).
        Android => "1", Some(1), ["android"];
        /// iOS devices (`2`).
        Ios => "2", Some(2), ["ios"];
        /// HarmonyOS devices (`7`).
        HarmonyOs => "7", Some(7), ["harmonyos"];
    }
}

wire_enum! {
    /// Audience by login binding (`PushStatus`); the service default is
    /// [`PushStatus::Bound`].
    ///
    /// ```
    /// use mpaas_push::PushStatus;
    /// assert_eq!(PushStatus::All.wire(), "1");
    /// ```
    PushStatus {
        /// Devices bound to a user (`0`); needs a bind period.
        Bound => "0", Some(0), ["bound"];
        /// Bound and unbound devices (`1`); needs an unbind period.
        All => "1", Some(1), ["all"];
        /// Unbound devices only (`2`); needs an unbind period.
        Unbound => "2", Some(2), ["unbound"];
    }
}

wire_enum! {
    /// How recently devices were bound / unbound (`BindPeriod`, `UnBindPeriod`).
    ///
    /// ```
    /// use mpaas_push::Period;
    /// assert_eq!("permanent".parse::<Period>().unwrap().wire(), "4");
    /// ```
    Period {
        /// Within the last 7 days (`1`).
        Days7 => "1", Some(1), ["7d", "7_days"];
        /// Within the last 15 days (`2`).
        Days15 => "2", Some(2), ["15d", "15_days"];
        /// Within the last 60 days (`3`).
        Days60 => "3", Some(3), ["60d", "60_days"];
        /// Any time (`4`).
        Permanent => "4", Some(4), ["permanent"];
    }
}

wire_enum! {
    /// Android delivery channel (`AndroidChannel`).
    AndroidChannel {
        /// The MPS self-built channel (`1`).
        Mps => "1", Some(1), ["mps"];
        /// The default (vendor) channel (`2`).
        Vendor => "2", Some(2), ["vendor", "default"];
    }
}

wire_enum! {
    /// vivo message class (`Classification`); the service default is
    /// [`Classification::System`].
    Classification {
        /// Operational message (`"0"`).
        Operational => "0", Some(0), ["operational"];
        /// System message (`"1"`).
        System => "1", Some(1), ["system"];
    }
}

wire_enum! {
    /// Urgency of a transparent message (`TransparentMessageUrgency`); only
    /// allowed together with a payload.
    Urgency {
        /// `HIGH`.
        High => "HIGH", None, ["high"];
        /// `NORMAL`.
        Normal => "NORMAL", None, ["normal"];
    }
}

wire_enum! {
    /// Channel type (`NotifyType`).
    NotifyType {
        /// `transparent`: MPS self-built channel message.
        Transparent => "transparent", None, ["transparent"];
        /// `notify`: notification (default).
        Notify => "notify", None, ["notify"];
    }
}

wire_enum! {
    /// What a tap on the notification does (`PushAction`).
    PushAction {
        /// Open a web URL (`0`).
        OpenUrl => "0", Some(0), ["open_url", "url"];
        /// Open an Activity via intent (`1`).
        OpenActivity => "1", Some(1), ["open_activity", "activity"];
    }
}

wire_enum! {
    /// Vendors accepted as keys of `TransparentMessagePayload`.
    PayloadVendor {
        /// Huawei (`hms`).
        Hms => "hms", None, ["hms"];
        /// Honor (`honor`).
        Honor => "honor", None, ["honor"];
        /// Firebase Cloud Messaging (`fcm`).
        Fcm => "fcm", None, ["fcm"];
        /// HarmonyOS (`harmonyos`).
        HarmonyOs => "harmonyos", None, ["harmonyos"];
    }
}

wire_enum! {
    /// `StrategyType`: when the broadcast goes out.
    StrategyType {
        /// Now (`0`).
        Immediate => "0", Some(0), ["immediate"];
        /// Once, at a fixed time (`1`).
        Fixed => "1", Some(1), ["fixed", "at", "scheduled"];
        /// On a recurring schedule (`2`).
        Recurring => "2", Some(2), ["recurring", "loop"];
    }
}

wire_enum! {
    /// Recurrence kind (`circleType`).
    CircleType {
        /// Every day (`1`).
        Daily => "1", Some(1), ["daily"];
        /// On given days of the week (`2`).
        Weekly => "2", Some(2), ["weekly"];
        /// On given days of the month (`3`).
        Monthly => "3", Some(3), ["monthly"];
    }
}

wire_enum! {
    /// The kind of push a scheduled task or report belongs to (`Type` of
    /// `QueryPushSchedulerList` and of the analysis reports).
    ///
    /// ```
    /// use mpaas_push::PushKind;
    /// assert_eq!(PushKind::Broadcast.wire(), "3");
    /// assert_eq!("broadcast".parse::<PushKind>().unwrap(), PushKind::Broadcast);
    /// ```
    PushKind {
        /// Simple push (`0`).
        Simple => "0", Some(0), ["simple"];
        /// Template push (`1`).
        Template => "1", Some(1), ["template"];
        /// Batch push (`2`).
        Batch => "2", Some(2), ["batch", "multiple"];
        /// Broadcast push (`3`).
        Broadcast => "3", Some(3), ["broadcast"];
    }
}

wire_enum! {
    /// Which kind of id `CancelPushScheduler` receives (`Type`). The service
    /// documentation leaves the values open; `0` (parent task ids, what
    /// PushBroadcast returns) is what the service assumes when it is absent.
    ///
    /// ```
    /// use mpaas_push::UniqueIdKind;
    /// assert_eq!(UniqueIdKind::Child.wire(), "1");
    /// ```
    UniqueIdKind {
        /// Parent (scheduled task) ids (`0`).
        Parent => "0", Some(0), ["parent", "task"];
        /// Child ids of a recurring task's runs (`1`).
        Child => "1", Some(1), ["child", "subtask"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_accepts_ints_and_names() {
        assert_eq!(
            DeliveryType::from_json(&json!(7), "d").unwrap(),
            DeliveryType::HarmonyOs
        );
        assert_eq!(
            DeliveryType::from_json(&json!("Android"), "d").unwrap(),
            DeliveryType::Android
        );
        assert_eq!(
            Classification::from_json(&json!("0"), "c").unwrap(),
            Classification::Operational
        );
        assert_eq!(
            Classification::from_json(&json!(1), "c").unwrap(),
            Classification::System
        );
        assert_eq!(
            Urgency::from_json(&json!("HIGH"), "u").unwrap(),
            Urgency::High
        );
        let e = DeliveryType::from_json(&json!(3), "deliveryType").unwrap_err();
        assert_eq!(e.field(), "deliveryType");
        assert_eq!(e.rule().as_str(), "one_of");
        assert!(
            e.to_string()
                .contains("1 (android), 2 (ios), 7 (harmonyos)"),
            "{e}"
        );
        assert!(PushStatus::from_json(&json!(1.5), "p").is_err());
        assert!(PushStatus::from_json(&json!(true), "p").is_err());
    }
}
