//! Leaf checks and limits shared by the request readers (`model::*`) and the
//! rule checker (`validate`): blank and NUL checks and the documented limits
//! (spec §2–§3). Depends only on `error` and `rule`, so every layer above may
//! use it without an import cycle.

use crate::error::ValidationError;
use crate::rule::Rule;

/// At most this many `ExtendedParams` keys (service code 3035 beyond).
pub const MAX_EXTENDED_PARAMS: usize = 20;

/// `ExtendedParams` keys the service reserves for itself.
pub const RESERVED_EXTENDED_KEYS: &[&str] = &[
    "notifyType",
    "action",
    "silent",
    "pushType",
    "templateCode",
    "channel",
    "taskId",
];

/// At most this many entries in a string map (`templateKeyValue`,
/// `thirdChannelCategory`, `notifyLevel`); undocumented upstream, chosen so
/// that a runaway map is refused before it is signed, the same way in every
/// language, while any real template fits many times over.
pub const MAX_MAP_ENTRIES: usize = 1000;

/// A recurring schedule may end at most this many days after today.
pub const MAX_DAYS_AHEAD: u64 = 180;

/// Deepest nesting accepted inside a transparent payload.
pub const MAX_PAYLOAD_DEPTH: usize = 32;

type Check = Result<(), ValidationError>;

/// Fails with [`Rule::NoNul`] when `value` contains a NUL character.
pub(crate) fn no_nul(field: &str, value: &str) -> Check {
    if value.contains('\0') {
        return Err(
            ValidationError::new(field, Rule::NoNul, "must not contain a NUL character")
                .with_value(value.escape_debug()),
        );
    }
    Ok(())
}

/// Fails with [`Rule::NotBlank`] when `value` is empty or only whitespace,
/// then applies [`no_nul`].
pub(crate) fn not_blank(field: &str, value: &str) -> Check {
    if value.trim().is_empty() {
        return Err(
            ValidationError::new(field, Rule::NotBlank, "must not be empty or blank")
                .with_value(format!("{value:?}")),
        );
    }
    no_nul(field, value)
}
