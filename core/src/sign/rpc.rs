//! RPC signature, HMAC-SHA1 (`SignatureMethod=HMAC-SHA1`,
//! `SignatureVersion=1.0`):
//!
//! ```text
//! CanonicalQuery = sorted pe(name)=pe(value) joined by "&"   (all params but Signature)
//! StringToSign   = METHOD "&" pe("/") "&" pe(CanonicalQuery)
//! Signature      = Base64(HMAC-SHA1(key = secret + "&", StringToSign))
//! ```

use std::collections::BTreeMap;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::encode::{percent_encode, percent_encode_into, percent_encode_twice_into};

/// The canonical query and the string to sign of one request, built
/// together pair by pair: the string to sign is the canonical query encoded
/// once more, so both come out of one encoding pass over the parameters
/// (same text as [`canonical_query`] and [`string_to_sign`]).
///
/// ```
/// use mpaas_push::sign::rpc::{CanonicalQuery, string_to_sign};
/// let mut q = CanonicalQuery::new("POST", 2);
/// q.push("A", "1");
/// q.push("b", "x y");
/// assert_eq!(q.query(), "A=1&b=x%20y");
/// let (query, sts) = q.into_parts();
/// assert_eq!(sts, string_to_sign("POST", &query));
/// ```
#[derive(Debug)]
pub struct CanonicalQuery {
    query: String,
    string_to_sign: String,
}

impl CanonicalQuery {
    /// Empty, for about `pairs` parameters, signed with `method`.
    pub fn new(method: &str, pairs: usize) -> Self {
        let mut string_to_sign = String::with_capacity(method.len() + 5 + pairs * 60);
        string_to_sign.push_str(method);
        string_to_sign.push_str("&%2F&");
        Self {
            query: String::with_capacity(pairs * 48),
            string_to_sign,
        }
    }

    /// Appends `pe(name)=pe(value)`; pairs must come sorted by name.
    pub fn push(&mut self, name: &str, value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
            self.string_to_sign.push_str("%26");
        }
        percent_encode_twice_into(&mut self.query, &mut self.string_to_sign, name);
        self.query.push('=');
        self.string_to_sign.push_str("%3D");
        percent_encode_twice_into(&mut self.query, &mut self.string_to_sign, value);
    }

    /// The canonical query so far.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The canonical query and the string to sign.
    pub fn into_parts(self) -> (String, String) {
        (self.query, self.string_to_sign)
    }
}

/// The sorted, percent-encoded parameter string that is signed.
///
/// ```
/// let mut p = std::collections::BTreeMap::new();
/// p.insert("b".to_string(), "x y".to_string());
/// p.insert("A".to_string(), "1".to_string());
/// assert_eq!(mpaas_push::sign::rpc::canonical_query(&p), "A=1&b=x%20y");
/// ```
pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
    canonical_query_of(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// [`canonical_query`] of name/value pairs already sorted by name.
fn canonical_query_of<'a>(sorted: impl ExactSizeIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::with_capacity(sorted.len() * 48);
    for (i, (k, v)) in sorted.enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, k);
        out.push('=');
        percent_encode_into(&mut out, v);
    }
    out
}

/// `METHOD&%2F&pe(canonical_query)`.
///
/// ```
/// assert_eq!(mpaas_push::sign::rpc::string_to_sign("POST", "A=1&B=x%20y"), "POST&%2F&A%3D1%26B%3Dx%2520y");
/// ```
pub fn string_to_sign(method: &str, canonical_query: &str) -> String {
    let mut out = String::with_capacity(method.len() + 5 + canonical_query.len() * 5 / 4);
    out.push_str(method);
    out.push_str("&%2F&");
    percent_encode_into(&mut out, canonical_query);
    out
}

/// Base64 HMAC-SHA1 of `string_to_sign` keyed with `secret + "&"`.
///
/// ```
/// // Alibaba Cloud's public documentation example.
/// let sts = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
/// assert_eq!(mpaas_push::sign::rpc::signature("testsecret", sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
/// ```
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut key = Vec::with_capacity(secret.len() + 1);
    key.extend_from_slice(secret.as_bytes());
    key.push(b'&');
    // HMAC accepts keys of any length.
    let mut mac = match Hmac::<Sha1>::new_from_slice(&key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `pe()` of the signature for the URL query.
pub fn encoded_signature(signature: &str) -> String {
    percent_encode(signature)
}
