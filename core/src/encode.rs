//! Percent-encodings used on the wire.
//!
//! * [`percent_encode`] is Alibaba Cloud's RPC rule (`pe()` in the protocol
//!   notes): UTF-8 bytes, RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~` kept,
//!   every other byte `%XY` with uppercase hex, so space is `%20`, `*` is
//!   `%2A` and `~` stays. It builds canonical query strings and URLs.
//! * [`form_encode`] is `application/x-www-form-urlencoded` exactly as the
//!   official SDKs write request bodies (Python `urlencode`): the same set,
//!   except that space becomes `+`. The gateway decodes the body before it
//!   canonicalises, so both encodings sign identically.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Bytes escaped by Alibaba Cloud's RPC rule: everything except the RFC 3986
/// unreserved set `A-Z a-z 0-9 - _ . ~` (`percent-encoding` writes uppercase
/// hex, and yields runs of kept bytes as one slice).
const RPC_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends `s` escaped, space as `+` when `space_as_plus` (form bodies).
fn encode_into(out: &mut String, s: &str, space_as_plus: bool) {
    out.reserve(s.len());
    if !space_as_plus {
        utf8_percent_encode(s, RPC_ESCAPED).for_each(|chunk| out.push_str(chunk));
        return;
    }
    for (i, part) in s.split(' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        utf8_percent_encode(part, RPC_ESCAPED).for_each(|chunk| out.push_str(chunk));
    }
}

/// Alibaba Cloud RPC percent-encoding of `s` (space → `%20`, `*` → `%2A`,
/// `~` kept, uppercase hex).
///
/// ```
/// assert_eq!(mpaas_push::encode::percent_encode("a b*~/"), "a%20b%2A~%2F");
/// ```
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2 + 8);
    percent_encode_into(&mut out, s);
    out
}

/// [`percent_encode`] appending to `out` (no intermediate allocation).
pub fn percent_encode_into(out: &mut String, s: &str) {
    encode_into(out, s, false);
}

/// Appends `pe(s)` to `once` and `pe(pe(s))` to `twice` in one pass: the
/// RPC string to sign is the canonical query encoded again, and encoding
/// the canonical query a second time costs as much as building it. A kept
/// byte is kept by both; an escape `%XY` of the first becomes `%25XY` in the
/// second (its `%` escaped, `X` and `Y` being unreserved hex digits).
///
/// ```
/// let (mut once, mut twice) = (String::new(), String::new());
/// mpaas_push::encode::percent_encode_twice_into(&mut once, &mut twice, "a b~*");
/// assert_eq!(once, "a%20b~%2A");
/// assert_eq!(twice, mpaas_push::encode::percent_encode(&once));
/// ```
pub fn percent_encode_twice_into(once: &mut String, twice: &mut String, s: &str) {
    once.reserve(s.len());
    twice.reserve(s.len());
    for chunk in utf8_percent_encode(s, RPC_ESCAPED) {
        once.push_str(chunk);
        match chunk.strip_prefix('%') {
            Some(hex) => {
                twice.push_str("%25");
                twice.push_str(hex);
            }
            None => twice.push_str(chunk),
        }
    }
}

/// Form encoding of `s` as the official SDKs send bodies (space → `+`).
///
/// ```
/// assert_eq!(mpaas_push::encode::form_encode("hello world*~"), "hello+world%2A~");
/// ```
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2 + 8);
    encode_into(&mut out, s, true);
    out
}

/// Encodes `params` as a form body `k=v&k=v` in the given (sorted) order.
///
/// ```
/// let body = mpaas_push::encode::form_body([("A", "x y"), ("B", "1")]);
/// assert_eq!(body, "A=x+y&B=1");
/// ```
pub fn form_body<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::with_capacity(256);
    for (i, (k, v)) in params.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, k, true);
        out.push('=');
        encode_into(&mut out, v, true);
    }
    out
}

/// Decodes a form-encoded component (`+` → space, `%XY` → byte). Returns
/// `None` when an escape is malformed or the bytes are not UTF-8.
///
/// ```
/// assert_eq!(mpaas_push::encode::form_decode("a+b%2A").as_deref(), Some("a b*"));
/// ```
pub fn form_decode(s: &str) -> Option<String> {
    // `percent_decode` passes malformed escapes through; the form rule
    // rejects them.
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'%') {
        let at = i + p;
        let hex = bytes.get(at + 1..at + 3)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        i = at + 3;
    }
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Parses a form body or query string into `(name, value)` pairs.
/// Returns `None` on a malformed escape or non-UTF-8 bytes.
///
/// ```
/// let pairs = mpaas_push::encode::parse_form("A=x+y&B=").unwrap();
/// assert_eq!(pairs, vec![("A".into(), "x y".into()), ("B".into(), "".into())]);
/// ```
pub fn parse_form(s: &str) -> Option<Vec<(String, String)>> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Some((form_decode(k)?, form_decode(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpc_rule_edges() {
        let cases = [
            (" ", "%20"),
            ("*", "%2A"),
            ("~", "~"),
            ("+", "%2B"),
            ("/", "%2F"),
            ("=", "%3D"),
            ("&", "%26"),
            ("%", "%25"),
            ("\n", "%0A"),
            ("-_.", "-_."),
            ("!'()", "%21%27%28%29"),
            ("阿", "%E9%98%BF"),
            ("🎉", "%F0%9F%8E%89"),
            (":", "%3A"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(percent_encode(input), want, "{input:?}");
        }
    }

    #[test]
    fn form_rule_edges() {
        assert_eq!(form_encode("a b"), "a+b");
        assert_eq!(form_encode("a+b"), "a%2Bb");
        assert_eq!(form_encode("*~"), "%2A~");
        assert_eq!(form_encode("公告"), "%E5%85%AC%E5%91%8A");
    }

    #[test]
    fn form_round_trip() {
        for s in ["", "a b+c", "群发 测试*任务~v1+(x)!'/a=b&c%", "🎉\n\t\u{0}"] {
            assert_eq!(form_decode(&form_encode(s)).as_deref(), Some(s));
        }
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%E9"), None);
        assert_eq!(form_decode("%4"), None);
    }
}
