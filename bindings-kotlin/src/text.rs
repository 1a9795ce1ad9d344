//! Strings from the JVM. A Kotlin / Java `String` is UTF-16 and may hold a
//! lone surrogate (`"\uD800"`), which is not Unicode text: UniFFI's own
//! `String` lowering throws a bare `java.nio.charset.MalformedInputException`
//! for it, naming no field (and a lossy encoder would silently send `?`).
//! So every string a caller hands in crosses as a [`JvmString`]: the Kotlin
//! side (`jvmStringBytes` in `JvmStrings.kt`) writes it faithfully, a lone
//! surrogate as its generalised UTF-8 (WTF-8) bytes, and [`JvmString::text`]
//! — the one check — turns such bytes into a validation error with rule
//! `utf8` where the request is converted and the field path is known.
//! Kotlin and Java see a plain `String` (`typealias JvmString = String`).

use std::fmt;

use mpaas_push::ValidationError;

/// A string from Kotlin / Java: its UTF-8 text, or the bytes of a string
/// that held a lone UTF-16 surrogate.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct JvmString(Result<String, Vec<u8>>);

uniffi::custom_type!(
    /// A Kotlin / Java `String` handed to mpaas-push. A lone UTF-16 surrogate
    /// in it is refused as `MpaasPushException.Validation` (rule `utf8`,
    /// `field` = its path; `Config` for a `ClientConfig` option).
    JvmString, Vec<u8>, {
    lower: |s| match s.0 {
        Ok(text) => text.into_bytes(),
        Err(bytes) => bytes,
    },
    try_lift: |bytes| Ok(JvmString::from_bytes(bytes)),
});

impl JvmString {
    /// Reads the bytes the Kotlin side wrote (UTF-8, or WTF-8 when the
    /// string held a lone surrogate).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(String::from_utf8(bytes).map_err(|e| e.into_bytes()))
    }

    /// The text, or the validation error `{field, rule: "utf8"}` when the
    /// JVM string held a lone surrogate.
    pub(crate) fn text(&self, field: &str) -> Result<&str, ValidationError> {
        match &self.0 {
            Ok(s) => Ok(s),
            Err(bytes) => Err(ValidationError::new(field, "utf8", UTF8_MESSAGE)
                .with_value(String::from_utf8_lossy(bytes))),
        }
    }

    /// The text, or `None` when it held a lone surrogate (for messages
    /// that must not quote the value, e.g. of a secret).
    pub(crate) fn ok(&self) -> Option<&str> {
        self.0.as_deref().ok()
    }
}

/// Why a string is refused.
pub(crate) const UTF8_MESSAGE: &str = "is not valid Unicode text: it holds a lone UTF-16 \
     surrogate (half of a surrogate pair); nothing was sent";

impl From<&str> for JvmString {
    fn from(s: &str) -> Self {
        Self(Ok(s.to_owned()))
    }
}

impl From<String> for JvmString {
    fn from(s: String) -> Self {
        Self(Ok(s))
    }
}

impl fmt::Debug for JvmString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Ok(s) => fmt::Debug::fmt(s, f),
            Err(b) => fmt::Debug::fmt(&String::from_utf8_lossy(b), f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_reads_as_text() {
        let s = JvmString::from_bytes("群发 ok".as_bytes().to_vec());
        assert_eq!(s.text("taskName").ok(), Some("群发 ok"));
    }

    #[test]
    fn a_lone_surrogate_is_a_named_utf8_error() {
        // "a\uD800b" as the Kotlin side writes it (WTF-8).
        let s = JvmString::from_bytes(vec![b'a', 0xED, 0xA0, 0x80, b'b']);
        let e = s.text("templateKeyValue.content").err();
        assert_eq!(
            e.as_ref().map(|e| (e.field(), e.rule())),
            Some(("templateKeyValue.content", "utf8"))
        );
        assert_eq!(s.ok(), None);
    }
}
