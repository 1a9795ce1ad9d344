//! Secret values (access key secret, STS token) and the redaction of their
//! every printed form.
//!
//! A [`Secret`] has a redacting `Debug`, no `Display`, and is only readable
//! through [`Secret::expose`]. Because signing puts the STS token into URLs and
//! strings to sign (percent-encoded once or twice), a [`Redactor`] also scrubs
//! those encoded forms from any text that leaves the crate: error messages,
//! response excerpts and dry-run output.
//!
//! The bytes of a [`Secret`] are overwritten with zeros when it is dropped
//! (`zeroize`), so a released secret does not linger in freed heap memory.

use std::fmt;

use zeroize::Zeroize;

use crate::encode::{form_encode, percent_encode};

/// Placeholder written wherever a secret was removed.
pub const REDACTED: &str = "** redacted **";

/// A secret string. Its `Debug` output never shows the value, and its
/// bytes are zeroed on drop.
///
/// ```
/// use mpaas_push::Secret;
/// let s = Secret::new("s3cr3t");
/// assert_eq!(format!("{s:?}"), "Secret(** redacted **)");
/// assert_eq!(s.expose(), "s3cr3t");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself. Call sites are the signer and the redactor only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl zeroize::ZeroizeOnDrop for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({REDACTED})")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Removes secrets, in every encoding the wire uses, from text.
///
/// ```
/// use mpaas_push::{Redactor, Secret};
/// let r = Redactor::new([&Secret::new("ab/cd")]);
/// assert_eq!(r.redact("x=ab%2Fcd"), "x=** redacted **");
/// ```
#[derive(Clone, Default)]
pub struct Redactor {
    needles: Vec<String>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor for the given secrets (raw, percent-encoded once and twice,
    /// and form-encoded).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut needles = Vec::new();
        for secret in secrets {
            let raw = secret.expose();
            // Very short values would redact unrelated text and are not
            // meaningful secrets anyway.
            if raw.len() < 4 {
                continue;
            }
            let once = percent_encode(raw);
            let twice = percent_encode(&once);
            let form = form_encode(raw);
            for n in [raw.to_owned(), once, twice, form] {
                if !needles.contains(&n) {
                    needles.push(n);
                }
            }
        }
        // Longest first, so that an encoded form is not half-replaced by a
        // shorter one it contains.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Self { needles }
    }

    /// `text` with every occurrence of a secret replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for n in &self.needles {
            if out.contains(n.as_str()) {
                out = out.replace(n.as_str(), REDACTED);
            }
        }
        out
    }
}

/// `scheme://host…` with any `user:password@` replaced, for messages.
pub(crate) fn redact_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://{}@{}", &url[..s], REDACTED, &url[at + 1..]),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("topsecretvalue");
        assert!(!format!("{s:?}").contains("topsecretvalue"));
        assert!(!format!("{s:#?}").contains("topsecretvalue"));
    }

    #[test]
    fn redacts_all_encodings() {
        let tok = Secret::new("CAIS+token/with=chars");
        let r = Redactor::new([&tok]);
        for form in [
            "CAIS+token/with=chars".to_owned(),
            percent_encode("CAIS+token/with=chars"),
            percent_encode(&percent_encode("CAIS+token/with=chars")),
            form_encode("CAIS+token/with=chars"),
        ] {
            let text = format!("before {form} after");
            let red = r.redact(&text);
            assert_eq!(red, format!("before {REDACTED} after"), "{form}");
        }
    }
}
