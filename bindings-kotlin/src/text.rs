//! Caller strings cross as a [`JvmString`]: UTF-8, or the raw UTF-16 code
//! units of a string with a surrogate (uniffi.toml): a lone surrogate (not
//! Unicode text) becomes the core's `host::not_unicode` error naming the
//! field, never a bare encoder error.

use std::collections::{BTreeMap, HashMap};

use mpaas_push::{Error, host};

/// A string from Kotlin / Java: its text, or `None` when it held a lone
/// UTF-16 surrogate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JvmString(Option<String>);

uniffi::custom_type!(
    /// A Kotlin / Java `String`; a lone UTF-16 surrogate in it is refused
    /// naming the field (`Validation`, or `Config` for an option).
    JvmString, Vec<u8>, {
    lower: |s| [&[0][..], s.0.unwrap_or_default().as_bytes()].concat(),
    try_lift: |bytes| Ok(JvmString::from_wire(bytes)),
});

impl JvmString {
    /// Reads what the Kotlin side wrote: `0` and UTF-8 (no surrogate in the
    /// string), else `1` and its UTF-16LE code units.
    pub fn from_wire(mut bytes: Vec<u8>) -> Self {
        match bytes.first() {
            Some(0) => {
                bytes.remove(0);
                Self(String::from_utf8(bytes).ok())
            }
            Some(_) => Self::from_utf16le(&bytes[1..]),
            None => Self(Some(String::new())),
        }
    }

    /// Reads the UTF-16LE code units the Kotlin side wrote.
    pub fn from_utf16le(bytes: &[u8]) -> Self {
        let units = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]));
        Self(
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok(),
        )
    }

    /// The text, or the core's `not_unicode` error at `field`.
    pub fn text(&self, field: &str) -> Result<String, Error> {
        self.0.clone().ok_or_else(|| host::not_unicode(field))
    }

    /// The text of a client option, or the core's `not_unicode` as a `config` error.
    pub(crate) fn option(&self, field: &str) -> Result<String, Error> {
        self.0
            .clone()
            .ok_or_else(|| host::in_options(host::not_unicode(field)))
    }
}

/// An optional string at `field`.
pub(crate) fn opt(s: &Option<JvmString>, field: &str) -> Result<Option<String>, Error> {
    s.as_ref().map(|s| s.text(field)).transpose()
}

/// A string map at `field`: a bad key names the map, a bad value `field.key`.
pub(crate) fn map(
    m: &Option<HashMap<JvmString, JvmString>>,
    field: &str,
) -> Result<Option<BTreeMap<String, String>>, Error> {
    let Some(m) = m else { return Ok(None) };
    let entry = |(k, v): (&JvmString, &JvmString)| {
        let k = k.text(field)?;
        let v = v.text(&format!("{field}.{k}"))?;
        Ok((k, v))
    };
    m.iter().map(entry).collect::<Result<_, _>>().map(Some)
}
