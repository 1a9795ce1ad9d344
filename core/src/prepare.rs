//! Assembles a signed HTTP request from operation parameters — pure: time,
//! nonce and credentials are inputs. The same [`PreparedRequest`] is what a
//! dry run shows and what the transport sends, byte for byte.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::{ApiVersion, Endpoint};
use crate::credentials::Credentials;
use crate::encode::{form_body, percent_encode_into};
use crate::secret::Redactor;
use crate::sign::{SignatureMethod, acs3, rpc};
use crate::wire::Params;

/// `Content-Type` of every request body (signed exactly like this in V3).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Everything a signature depends on besides the operation parameters.
#[derive(Debug, Clone, Copy)]
pub struct SigningContext<'a> {
    /// Where the request goes (its host is signed in V3).
    pub endpoint: &'a Endpoint,
    /// `Version`.
    pub api_version: ApiVersion,
    /// Signature method.
    pub method: SignatureMethod,
    /// Credentials to sign with.
    pub credentials: &'a Credentials,
    /// Signing time (`Timestamp` / `x-acs-date`), whole seconds are used.
    pub timestamp: DateTime<Utc>,
    /// `SignatureNonce` / `x-acs-signature-nonce`.
    pub nonce: &'a str,
    /// `user-agent` header (not signed).
    pub user_agent: &'a str,
}

/// A signed HTTP request, plus the intermediate artefacts of its signature.
/// Serialises to the dry-run JSON (`method`, `url`, `headers`, `body`,
/// `signedParams`, `stringToSign`, `signature`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PreparedRequest {
    /// HTTP method (`POST`).
    pub method: String,
    /// Full URL (V1: with the common parameters and `Signature` in the query).
    pub url: String,
    /// Headers in the order sent (`host` listed for clarity; the HTTP client
    /// writes the same value). Serialised as a JSON object in this order.
    #[serde(serialize_with = "headers_as_object")]
    pub headers: Vec<(String, String)>,
    /// The form body.
    pub body: String,
    /// Signature method name (`hmac-sha1` / `acs3-hmac-sha256`).
    pub signature_method: String,
    /// V1: every signed parameter (query and body). V3: the body parameters.
    /// Filled by dry runs; empty on the requests a client sends.
    pub signed_params: BTreeMap<String, String>,
    /// V3 only: the canonical request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_request: Option<String>,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signature (Base64 for V1, hex for V3).
    pub signature: String,
    /// The nonce used.
    pub nonce: String,
    /// The timestamp used (`YYYY-MM-DDThh:mm:ssZ`).
    pub timestamp: String,
}

impl PreparedRequest {
    /// A copy with every secret (STS token) removed from every field.
    pub fn redacted(&self, r: &Redactor) -> Self {
        self.clone().into_redacted(r)
    }

    /// [`PreparedRequest::redacted`] without the copy: only the fields that
    /// hold a secret are rewritten (with long-term keys, none are: the
    /// secret is never sent, only an STS token is).
    #[must_use]
    pub fn into_redacted(mut self, r: &Redactor) -> Self {
        r.redact_in_place(&mut self.url);
        for (_, v) in &mut self.headers {
            r.redact_in_place(v);
        }
        r.redact_in_place(&mut self.body);
        for v in self.signed_params.values_mut() {
            r.redact_in_place(v);
        }
        if let Some(c) = &mut self.canonical_request {
            r.redact_in_place(c);
        }
        r.redact_in_place(&mut self.string_to_sign);
        self
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn headers_as_object<S: serde::Serializer>(
    headers: &[(String, String)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(headers.len()))?;
    for (k, v) in headers {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// `YYYY-MM-DDThh:mm:ssZ`, the only timestamp form the gateway takes.
pub fn format_timestamp(t: DateTime<Utc>) -> String {
    // chrono's RFC 3339 writer, not `format(...)`, which parses its format
    // string on every call: the same text for whole seconds with `Z`.
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Signs `action` with `params` (the operation parameters) as `ctx` says.
pub fn prepare(ctx: &SigningContext<'_>, action: &str, params: &Params) -> PreparedRequest {
    prepare_with(ctx, action, params, true)
}

/// [`prepare`] for sending: the same request and signature, without
/// [`PreparedRequest::signed_params`] (left empty: only dry runs show it).
pub(crate) fn prepare_to_send(
    ctx: &SigningContext<'_>,
    action: &str,
    params: &Params,
) -> PreparedRequest {
    prepare_with(ctx, action, params, false)
}

fn prepare_with(
    ctx: &SigningContext<'_>,
    action: &str,
    params: &Params,
    keep_signed: bool,
) -> PreparedRequest {
    match ctx.method {
        SignatureMethod::HmacSha1 => prepare_rpc(ctx, action, params, keep_signed),
        SignatureMethod::Acs3HmacSha256 => prepare_acs3(ctx, action, params, keep_signed),
    }
}

/// The common parameters `query` (sorted) and the operation parameters
/// merged in name order, each marked `true` when it is a common one; an
/// operation parameter of the same name as a common one replaces it.
fn merge<'a>(query: &[(&'a str, &'a str)], params: &'a Params) -> Vec<(&'a str, &'a str, bool)> {
    let mut out = Vec::with_capacity(query.len() + params.len());
    let mut q = query.iter().copied().peekable();
    for (k, v) in params {
        while let Some(&(qk, qv)) = q.peek() {
            match qk.cmp(k.as_str()) {
                std::cmp::Ordering::Less => out.push((qk, qv, true)),
                std::cmp::Ordering::Equal => {}
                std::cmp::Ordering::Greater => break,
            }
            q.next();
        }
        out.push((k.as_str(), v.as_str(), false));
    }
    out.extend(q.map(|(k, v)| (k, v, true)));
    out
}

/// Appends an RPC-encoded `k=v` pair in form encoding: the two differ only
/// in the space (`%20` there, `+` here; a `%` of the text is `%25`, so every
/// `%20` is a space).
fn push_as_form(out: &mut String, encoded: &str) {
    // Split at every `%` (a one-byte search, unlike `find("%20")`, which
    // builds a substring searcher per call): each part after the first
    // starts with the two hex digits of its escape.
    let mut parts = encoded.split('%');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        match part.strip_prefix("20") {
            Some(rest) => {
                out.push('+');
                out.push_str(rest);
            }
            None => {
                out.push('%');
                out.push_str(part);
            }
        }
    }
}

fn body_of(params: &Params) -> String {
    form_body(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn prepare_rpc(
    ctx: &SigningContext<'_>,
    action: &str,
    params: &Params,
    keep_signed: bool,
) -> PreparedRequest {
    let timestamp = format_timestamp(ctx.timestamp);
    // The common parameters, sorted by name (byte order, as in `Params`).
    let mut query: Vec<(&str, &str)> = Vec::with_capacity(9);
    query.extend([
        ("AccessKeyId", ctx.credentials.access_key_id()),
        ("Action", action),
        ("Format", "json"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", ctx.nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", timestamp.as_str()),
        ("Version", ctx.api_version.as_str()),
    ]);
    if let Some(tok) = ctx.credentials.security_token() {
        query.push(("SecurityToken", tok.expose()));
    }
    query.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let signed = merge(&query, params);
    // The canonical query (same text as `rpc::canonical_query`), keeping
    // where each encoded `k=v` is: the URL query and the body reuse them.
    let mut canonical = rpc::CanonicalQuery::new("POST", signed.len());
    let mut pieces = Vec::with_capacity(signed.len());
    for &(k, v, _) in &signed {
        let start = canonical.query().len() + usize::from(!canonical.query().is_empty());
        canonical.push(k, v);
        pieces.push(start..canonical.query().len());
    }
    let (cq, string_to_sign) = canonical.into_parts();
    let signature = rpc::signature(
        ctx.credentials.access_key_secret().expose(),
        &string_to_sign,
    );

    let mut url = String::with_capacity(ctx.endpoint.url().len() + cq.len());
    url.push_str(ctx.endpoint.url());
    url.push('?');
    let common = || signed.iter().zip(&pieces).filter(|((_, _, c), _)| *c);
    if common().count() == query.len() {
        for (_, piece) in common() {
            url.push_str(&cq[piece.clone()]);
            url.push('&');
        }
    } else {
        // An operation parameter took a common one's name: the URL still
        // carries the common value.
        for (k, v) in &query {
            percent_encode_into(&mut url, k);
            url.push('=');
            percent_encode_into(&mut url, v);
            url.push('&');
        }
    }
    url.push_str("Signature=");
    percent_encode_into(&mut url, &signature);

    let mut body = String::with_capacity(cq.len());
    for ((k, v, _), piece) in signed.iter().zip(&pieces).filter(|((_, _, c), _)| !*c) {
        if !body.is_empty() {
            body.push('&');
        }
        // Without a space the two encodings are the same text.
        if k.contains(' ') || v.contains(' ') {
            push_as_form(&mut body, &cq[piece.clone()]);
        } else {
            body.push_str(&cq[piece.clone()]);
        }
    }

    PreparedRequest {
        method: "POST".to_owned(),
        url,
        headers: vec![
            ("host".to_owned(), ctx.endpoint.host().to_owned()),
            ("content-type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
            ("accept".to_owned(), "application/json".to_owned()),
            ("user-agent".to_owned(), ctx.user_agent.to_owned()),
        ],
        body,
        signature_method: ctx.method.as_str().to_owned(),
        signed_params: if keep_signed {
            signed
                .iter()
                .map(|&(k, v, _)| (k.to_owned(), v.to_owned()))
                .collect()
        } else {
            BTreeMap::new()
        },
        canonical_request: None,
        string_to_sign,
        signature,
        nonce: ctx.nonce.to_owned(),
        timestamp,
    }
}

fn prepare_acs3(
    ctx: &SigningContext<'_>,
    action: &str,
    params: &Params,
    keep_signed: bool,
) -> PreparedRequest {
    let timestamp = format_timestamp(ctx.timestamp);
    let body = body_of(params);
    let content_sha256 = acs3::sha256_hex(body.as_bytes());
    let mut signed_headers: BTreeMap<String, String> = [
        ("content-type", FORM_CONTENT_TYPE),
        ("host", ctx.endpoint.host()),
        ("x-acs-action", action),
        ("x-acs-content-sha256", content_sha256.as_str()),
        ("x-acs-date", timestamp.as_str()),
        ("x-acs-signature-nonce", ctx.nonce),
        ("x-acs-version", ctx.api_version.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    if let Some(tok) = ctx.credentials.security_token() {
        signed_headers.insert(
            "x-acs-accesskey-id".to_owned(),
            ctx.credentials.access_key_id().to_owned(),
        );
        signed_headers.insert("x-acs-security-token".to_owned(), tok.expose().to_owned());
    }
    let canonical = acs3::canonical_request(
        "POST",
        "/",
        &BTreeMap::new(),
        &signed_headers,
        &content_sha256,
    );
    let string_to_sign = acs3::string_to_sign(&canonical);
    let signature = acs3::signature(
        ctx.credentials.access_key_secret().expose(),
        &string_to_sign,
    );
    let authorization = acs3::authorization(
        ctx.credentials.access_key_id(),
        &acs3::signed_headers(&signed_headers),
        &signature,
    );
    let mut headers: Vec<(String, String)> = signed_headers.into_iter().collect();
    headers.push(("authorization".to_owned(), authorization));
    headers.push(("accept".to_owned(), "application/json".to_owned()));
    headers.push(("user-agent".to_owned(), ctx.user_agent.to_owned()));
    PreparedRequest {
        method: "POST".to_owned(),
        url: ctx.endpoint.url().to_owned(),
        headers,
        body,
        signature_method: ctx.method.as_str().to_owned(),
        signed_params: if keep_signed {
            params.clone()
        } else {
            BTreeMap::new()
        },
        canonical_request: Some(canonical),
        string_to_sign,
        signature,
        nonce: ctx.nonce.to_owned(),
        timestamp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_as_form_turns_only_encoded_spaces_into_plus() {
        for text in [" 20", "%20", "a b  c", "%", "x%2520 ", "", "  ", "20 20"] {
            let mut out = String::new();
            push_as_form(&mut out, &crate::encode::percent_encode(text));
            assert_eq!(out, crate::encode::form_encode(text), "{text:?}");
        }
    }
    use crate::encode::percent_encode;

    /// The V1 request as its definition reads, one map and one encoding
    /// pass per part, against the single-pass assembly of `prepare_rpc`.
    #[test]
    fn rpc_assembly_matches_the_definition() {
        let endpoint = Endpoint::parse("http://127.0.0.1:9", false).expect("endpoint");
        let credentials = Credentials::new("LTAI-x", "secret");
        let at = DateTime::<Utc>::from_timestamp(1_764_720_000, 0).expect("time");
        let ctx = SigningContext {
            endpoint: &endpoint,
            api_version: ApiVersion::V2020_10_28,
            method: SignatureMethod::HmacSha1,
            credentials: &credentials,
            timestamp: at,
            nonce: "n 1",
            user_agent: "ua",
        };
        let texts = ["a b", "100%20 off", "群发 *~'()!", "x+y=z&w", "", "%"];
        for collide in [None, Some("Format"), Some("AccessKeyId"), Some("Version")] {
            let mut params: Params = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("K{i} {t}"), (*t).to_owned()))
                .collect();
            if let Some(k) = collide {
                params.insert(k.to_owned(), "op value".to_owned());
            }
            let p = prepare(&ctx, "PushBroadcast", &params);

            let ts = format_timestamp(at);
            let query: Params = [
                ("AccessKeyId", "LTAI-x"),
                ("Action", "PushBroadcast"),
                ("Format", "json"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", "n 1"),
                ("SignatureVersion", "1.0"),
                ("Timestamp", ts.as_str()),
                ("Version", "2020-10-28"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
            let mut signed = query.clone();
            signed.extend(params.clone());
            let sts = rpc::string_to_sign("POST", &rpc::canonical_query(&signed));
            let sig = rpc::signature("secret", &sts);
            let mut url = "http://127.0.0.1:9/?".to_owned();
            for (k, v) in &query {
                url.push_str(&format!("{}={}&", percent_encode(k), percent_encode(v)));
            }
            url.push_str(&format!("Signature={}", percent_encode(&sig)));
            let body = form_body(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            assert_eq!(p.string_to_sign, sts, "{collide:?}");
            assert_eq!(p.signature, sig, "{collide:?}");
            assert_eq!(p.url, url, "{collide:?}");
            assert_eq!(p.body, body, "{collide:?}");
            assert_eq!(p.signed_params, signed, "{collide:?}");
            let sent = prepare_to_send(&ctx, "PushBroadcast", &params);
            assert_eq!((sent.url, sent.body), (p.url, p.body));
            assert!(sent.signed_params.is_empty());
        }
    }

    #[test]
    fn timestamp_text_is_chronos() {
        for secs in [
            0_i64,
            59,
            951_782_400,
            1_764_720_000,
            4_102_444_799,
            253_402_300_799,
        ] {
            let t = DateTime::<Utc>::from_timestamp(secs, 999_999_999).expect("in range");
            assert_eq!(
                format_timestamp(t),
                t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
        }
        let early = DateTime::<Utc>::from_timestamp(-62_000_000_000, 0).expect("in range");
        assert_eq!(
            format_timestamp(early),
            early.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        );
    }
}
