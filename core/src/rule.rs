//! The stable ids of every rule a request or a client option can break.
//!
//! A leaf module: it imports nothing of this crate, so every layer (the
//! readers, the validators, the options, the bindings) names rules from one
//! list. Bindings cannot invent ids: a [`ValidationError`](crate::ValidationError)
//! can only be made with a [`Rule`], and `tests/vectors/error-codes.json`
//! lists `Rule::ALL` so that every language can enumerate the same set (as
//! pydantic-core's `ErrorType` does).

use strum::{EnumCount, EnumIter, IntoEnumIterator, IntoStaticStr};

/// One rule id. `rule.as_str()` is the same snake_case text in every
/// language.
///
/// ```
/// use mpaas_push::Rule;
/// assert_eq!(Rule::RequiredIf.as_str(), "required_if");
/// assert_eq!("max_depth".parse::<Rule>(), Ok(Rule::MaxDepth));
/// assert!(Rule::all().any(|r| r == Rule::Utf8));
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, IntoStaticStr, EnumIter, EnumCount,
)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// A required field or option is missing.
    Required,
    /// Required because of another field's value (e.g. `bindPeriod` when
    /// `pushStatus` is bound).
    RequiredIf,
    /// Only allowed together with a transparent payload (an urgency without
    /// a payload).
    RequiresPayload,
    /// Two options must be given together (`accessKeyId` and
    /// `accessKeySecret`, or a security token with both).
    RequiredTogether,
    /// Not allowed in this combination.
    NotAllowed,
    /// The JSON type (or the host language's type) is wrong.
    Type,
    /// A field or option this version does not know.
    UnknownField,
    /// Not one of the allowed values.
    OneOf,
    /// A number outside its allowed range.
    Range,
    /// Must be greater than zero.
    Positive,
    /// Below the minimum.
    Min,
    /// Must be a whole number of seconds.
    WholeSeconds,
    /// Must not be empty or only white space.
    NotBlank,
    /// Must not be empty.
    NotEmpty,
    /// Must not contain the NUL character.
    NoNul,
    /// Must not contain a comma (the wire joins lists with commas).
    NoComma,
    /// A map key must not be empty.
    EmptyKey,
    /// Items must be unique.
    Unique,
    /// Text is not valid Unicode (e.g. a lone UTF-16 surrogate).
    Utf8,
    /// Not valid JSON, or not the expected JSON shape.
    Json,
    /// Nested deeper than the limit.
    MaxDepth,
    /// More map keys or list items than the limit.
    MaxKeys,
    /// A reserved `extendedParams` key.
    ReservedKey,
    /// An unknown transparent-payload vendor.
    PayloadVendor,
    /// A time that must be in the future is not.
    InFuture,
    /// An end before a start.
    TimeOrder,
    /// Not a time in the documented format.
    TimeFormat,
    /// Not a date `YYYY-MM-DD`.
    DateFormat,
    /// A recurring schedule must start today or later.
    NotBeforeToday,
    /// A recurring schedule must not end before it starts.
    NotBeforeStart,
    /// A date too far ahead.
    MaxDaysAhead,
    /// A date must be a day start (00:00 China time).
    DayStart,
    /// Revocation is only possible for a limited time after sending.
    RevokeWindow,
    /// Not a valid URL (endpoint, proxy).
    Url,
    /// Characters outside the allowed set (e.g. a region id).
    Pattern,
    /// Plain HTTP to a host that is not on this machine.
    HttpsRequired,
    /// Text that cannot go in an HTTP header (user-agent suffix).
    HeaderValue,
    /// A certificate file that cannot be read or holds no PEM certificate (caFile).
    Certificates,
}

impl Rule {
    /// Every rule id, in declaration order.
    pub const COUNT: usize = <Self as EnumCount>::COUNT;

    /// The stable snake_case id.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every rule, in declaration order.
    pub fn all() -> impl Iterator<Item = Rule> {
        Self::iter()
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, UnknownRule> {
        Self::iter().find(|r| r.as_str() == s).ok_or(UnknownRule)
    }
}

/// A text that is not a rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownRule;

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a rule id")
    }
}

impl std::error::Error for UnknownRule {}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::all() {
            let s = r.as_str();
            assert!(seen.insert(s), "duplicate id {s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
            );
            assert_eq!(s.parse::<Rule>(), Ok(r));
        }
        assert_eq!(seen.len(), Rule::COUNT);
        assert!("no_such_rule".parse::<Rule>().is_err());
    }
}
