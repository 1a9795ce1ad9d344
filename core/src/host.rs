//! Failures of converting a host-language value into the core's types, for
//! the bindings: they name the field and carry one of the core's
//! [`Rule`]s, so that no binding mints a rule id or a limit of its own.

use crate::error::{Error, ValidationError};
use crate::rule::Rule;

/// Deepest nesting a binding converts from a host value (a JS object, a
/// Python dict) before it stops: far above the payload limit
/// ([`crate::MAX_PAYLOAD_DEPTH`]), so the core's own check still names the
/// exact path for any realistic payload, but bounded so that a cyclic or
/// absurdly deep host value never exhausts the stack.
pub const MAX_INPUT_DEPTH: usize = 4 * crate::checks::MAX_PAYLOAD_DEPTH;

/// Text at `field` is not valid Unicode (e.g. a lone UTF-16 surrogate in a
/// JS, Java or Python string). The value is never quoted: it may be a
/// secret.
pub fn not_unicode(field: &str) -> Error {
    ValidationError::new(
        field,
        Rule::Utf8,
        "is not valid Unicode text (it holds a lone UTF-16 surrogate)",
    )
    .into()
}

/// The host value at `field` has a type no JSON value has (a function, a
/// symbol, a `datetime` where text is expected, ...); `got` names the
/// host's type.
pub fn wrong_type(field: &str, expected: &str, got: &str) -> Error {
    ValidationError::new(field, Rule::Type, format!("must be {expected}"))
        .with_value(got)
        .into()
}

/// The host value at `field` nests deeper than [`MAX_INPUT_DEPTH`] (or
/// refers to itself).
pub fn too_deep(field: &str) -> Error {
    ValidationError::new(
        field,
        Rule::MaxDepth,
        format!(
            "nests deeper than {} levels (or contains itself)",
            crate::checks::MAX_PAYLOAD_DEPTH
        ),
    )
    .into()
}

/// A conversion failure ([`not_unicode`], [`wrong_type`], [`too_deep`]) met
/// while reading client options: the same field, rule and message as a
/// `config` error, so that every bad option has the same code. The value is
/// kept: the errors of this module only ever quote a host type name (never
/// the caller's text, which may be a secret).
///
/// ```
/// use mpaas_push::{ErrorCode, Rule, host};
/// let e = host::in_options(host::too_deep("retry"));
/// assert_eq!(e.code(), ErrorCode::Config);
/// assert_eq!((e.field(), e.rule()), (Some("retry"), Some(Rule::MaxDepth)));
/// ```
pub fn in_options(e: Error) -> Error {
    match e.details() {
        Some(v) => {
            let mut o = ValidationError::new(v.field(), v.rule(), v.message());
            if let Some(value) = v.value() {
                o = o.with_value(value);
            }
            Error::option(o)
        }
        None => e,
    }
}

/// A host's instant (a `java.time.Instant`, crossing as a
/// [`SystemTime`](std::time::SystemTime)) at `field` as UTC; an instant the
/// calendar cannot hold is a `range` error.
pub fn instant(
    field: &str,
    t: std::time::SystemTime,
) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    let (secs, nanos) = match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok(), d.subsec_nanos()),
        Err(e) => {
            let d = e.duration();
            let s = i64::try_from(d.as_secs()).ok().map(|s| -s);
            match d.subsec_nanos() {
                0 => (s, 0),
                n => (s.and_then(|s| s.checked_sub(1)), 1_000_000_000 - n),
            }
        }
    };
    let at = secs.and_then(|s| chrono::DateTime::from_timestamp(s, nanos));
    at.ok_or_else(|| out_of_range(field, "is not an instant the calendar can hold"))
}

/// A calendar day given as days since 1970-01-01 (`LocalDate.toEpochDay()`);
/// a day the calendar cannot hold is a `range` error.
pub fn epoch_day(field: &str, day: i64) -> Result<chrono::NaiveDate, Error> {
    i32::try_from(day)
        .ok()
        .and_then(|d| chrono::NaiveDate::from_num_days_from_ce_opt(d.checked_add(719_163)?))
        .ok_or_else(|| out_of_range(field, "is not a day the calendar can hold"))
}

/// A time of day given as seconds after midnight (`LocalTime.toSecondOfDay()`);
/// anything outside 0..86399 is a `range` error.
pub fn second_of_day(field: &str, seconds: i64) -> Result<chrono::NaiveTime, Error> {
    u32::try_from(seconds)
        .ok()
        .and_then(|s| chrono::NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
        .ok_or_else(|| out_of_range(field, "must be a second of the day, 0 to 86399"))
}

/// A host integer at `field` in the core's narrower integer type (a
/// `java.lang.Integer` page size, a day of a schedule); one that does not
/// fit is a `range` error quoting it. The core's own limits are checked
/// afterwards, as for any value.
pub fn narrow<T: TryFrom<i64>>(field: &str, n: i64) -> Result<T, Error> {
    T::try_from(n).map_err(|_| {
        ValidationError::new(field, Rule::Range, "is out of range")
            .with_value(n)
            .into()
    })
}

/// JSON text a host hands for one JSON object (e.g. a vendor's body of
/// `transparentMessagePayload`): not JSON is a `json` error, JSON that is
/// not an object a `type` error, both at `field`.
pub fn json_object(
    field: &str,
    text: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        Ok(other) => Err(
            ValidationError::new(field, Rule::Type, "must be a JSON object")
                .with_value(&other)
                .into(),
        ),
        Err(e) => Err(
            ValidationError::new(field, Rule::Json, format!("is not valid JSON: {e}"))
                .with_value(text)
                .into(),
        ),
    }
}

fn out_of_range(field: &str, message: &str) -> Error {
    ValidationError::new(field, Rule::Range, message).into()
}

/// The JSON kind of `v`, as errors name what was given.
fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// A dry run's pins as a binding receives them in one map (`field`: what
/// the caller named it): `nonce` and `timestamp`, either absent or null,
/// each text (a host date-time already converted to RFC 3339 text); any
/// other key or kind is the `type` rule, the same in every language.
///
/// ```
/// use serde_json::json;
/// let (n, t) = mpaas_push::host::pins(json!({"nonce": "n1"}), "options").unwrap();
/// assert_eq!((n.as_deref(), t), (Some("n1"), None));
/// let e = mpaas_push::host::pins(json!({"nonse": "n1"}), "options").unwrap_err();
/// assert_eq!(e.field(), Some("nonse"));
/// ```
pub fn pins(
    value: serde_json::Value,
    field: &str,
) -> Result<(Option<String>, Option<String>), Error> {
    use serde_json::Value;
    let mut pins = (None, None);
    let map = match value {
        Value::Null => return Ok(pins),
        Value::Object(m) => m,
        other => {
            return Err(wrong_type(
                field,
                "a map of nonce and timestamp",
                json_kind(&other),
            ));
        }
    };
    for (key, value) in map {
        let slot = match key.as_str() {
            "nonce" => &mut pins.0,
            "timestamp" => &mut pins.1,
            _ => {
                return Err(wrong_type(
                    &key,
                    &format!("absent: the {field} are nonce and timestamp"),
                    "given",
                ));
            }
        };
        *slot = match value {
            Value::Null => None,
            Value::String(s) => Some(s),
            other => {
                return Err(wrong_type(&key, "text or a date-time", json_kind(&other)));
            }
        };
    }
    Ok(pins)
}
