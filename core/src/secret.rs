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

use aho_corasick::{AhoCorasick, MatchKind};
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
    /// Every form of every secret, found leftmost-longest in one pass over
    /// a text (so an encoded form is never half-replaced by a shorter form
    /// it contains); `None` when there is nothing to hide.
    matcher: Option<AhoCorasick>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let forms = self.matcher.as_ref().map_or(0, AhoCorasick::patterns_len);
        write!(f, "Redactor({forms} forms)")
    }
}

impl Redactor {
    /// A redactor for the given secrets (raw, percent-encoded once and twice,
    /// and form-encoded).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut needles: Vec<String> = Vec::new();
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
        let matcher = (!needles.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&needles)
                    .ok()
            })
            .flatten();
        needles.iter_mut().for_each(Zeroize::zeroize);
        Self { matcher }
    }

    /// `text` with every occurrence of a secret replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        match &self.matcher {
            Some(m) if m.is_match(text) => {
                let mut out = String::with_capacity(text.len());
                m.replace_all_with(text, &mut out, |_, _, dst| {
                    dst.push_str(REDACTED);
                    true
                });
                out
            }
            _ => text.to_owned(),
        }
    }

    /// [`Redactor::redact`] in place: `text` is rewritten only when it
    /// holds a secret.
    pub fn redact_in_place(&self, text: &mut String) {
        if let Some(m) = &self.matcher
            && m.is_match(text.as_str())
        {
            *text = self.redact(text);
        }
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

    #[test]
    fn a_longer_form_wins_over_a_shorter_secret_it_contains() {
        let (short, long) = (Secret::new("abcd"), Secret::new("abcd efgh"));
        let r = Redactor::new([&short, &long]);
        assert_eq!(
            r.redact("x abcd efgh y abcd z"),
            format!("x {REDACTED} y {REDACTED} z")
        );
        assert_eq!(
            r.redact("abcd+efgh"),
            REDACTED,
            "the form encoding of the long one"
        );
        assert_eq!(format!("{r:?}"), "Redactor(5 forms)");
        assert!(!format!("{r:?}").contains("abcd"));
    }

    #[test]
    fn in_place_rewrites_only_a_text_that_holds_a_secret() {
        let r = Redactor::new([&Secret::new("s3cr3t-value")]);
        let mut clean = String::from("nothing to hide here");
        let before = clean.as_ptr();
        r.redact_in_place(&mut clean);
        assert_eq!(clean.as_ptr(), before, "not copied");
        let mut dirty = String::from("k=s3cr3t-value&x=1");
        r.redact_in_place(&mut dirty);
        assert_eq!(dirty, format!("k={REDACTED}&x=1"));
        let mut none = String::from("s3cr3t-value");
        Redactor::default().redact_in_place(&mut none);
        assert_eq!(none, "s3cr3t-value");
    }
}
