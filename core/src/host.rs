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

/// An option at `field` whose text is not valid Unicode: a `config` error,
/// never quoting the value.
pub fn option_not_unicode(field: &str) -> Error {
    Error::option(ValidationError::new(
        field,
        Rule::Utf8,
        "is not valid Unicode text (it holds a lone UTF-16 surrogate)",
    ))
}

/// A conversion failure ([`not_unicode`], [`wrong_type`], [`too_deep`]) met
/// while reading client options: the same field, rule and message as a
/// `config` error, so that every bad option has the same code; no value is
/// kept (an option may be a secret).
///
/// ```
/// use mpaas_push::{ErrorCode, Rule, host};
/// let e = host::in_options(host::too_deep("retry"));
/// assert_eq!(e.code(), ErrorCode::Config);
/// assert_eq!((e.field(), e.rule()), (Some("retry"), Some(Rule::MaxDepth)));
/// ```
pub fn in_options(e: Error) -> Error {
    match e.details() {
        Some(v) => Error::option(ValidationError::new(v.field(), v.rule(), v.message())),
        None => e,
    }
}
