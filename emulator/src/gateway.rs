//! The POP gateway: decodes the request, verifies its RPC HMAC-SHA1 or
//! `ACS3-HMAC-SHA256` signature, the timestamp window and nonce freshness,
//! and hands the operation parameters to the service. Errors carry the real
//! codes and HTTP statuses.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use http::HeaderMap;
use mpaas_push::encode::parse_form;
use mpaas_push::sign::{acs3, rpc};
use mpaas_push::wire::Params;

use crate::reply::GatewayError;
use crate::state::State;

/// Actions this emulator implements, with the versions that have them
/// (the companion actions exist in 2020-10-28 only).
pub(crate) const ACTIONS: &[(&str, &[&str])] = &[
    ("PushBroadcast", &["2020-10-28", "2019-08-21"]),
    ("QueryPushSchedulerList", &["2020-10-28"]),
    ("CancelPushScheduler", &["2020-10-28"]),
    ("RevokePushTask", &["2020-10-28"]),
    ("RevokePushMessage", &["2020-10-28"]),
    ("QueryPushAnalysisTaskDetail", &["2020-10-28"]),
    ("QueryPushAnalysisTaskList", &["2020-10-28"]),
];
/// API versions the gateway routes.
pub(crate) const VERSIONS: &[&str] = &["2020-10-28", "2019-08-21"];

/// RPC common parameters, stripped before the service sees the request.
const COMMON: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "RegionId",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// What the gateway learned about a request, even when it rejects it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Seen {
    pub(crate) action: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) signature_method: Option<&'static str>,
    pub(crate) access_key_id: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) timestamp: Option<String>,
    /// Operation parameters (common ones removed).
    pub(crate) params: Params,
}

/// The parts of an HTTP request the gateway reads.
#[derive(Debug)]
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    /// The query string, decoded once by [`parse_query`] (`None`: malformed).
    pub(crate) query: Option<Vec<(String, String)>>,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// Decodes the query string (absent = empty) into its pairs, in order;
/// `None` on a malformed escape. Done once per request: [`peek_action`] and
/// [`verify`] both read the result.
pub(crate) fn parse_query(query: Option<&str>) -> Option<Vec<(String, String)>> {
    parse_form(query.unwrap_or_default())
}

/// The action, readable before the body (V1 query or V3 header): the
/// `x-acs-action` header, else the first `Action` of the parsed query.
pub(crate) fn peek_action(
    query: Option<&[(String, String)]>,
    headers: &HeaderMap,
) -> Option<String> {
    if let Some(a) = header(headers, "x-acs-action") {
        return Some(a.to_owned());
    }
    query
        .and_then(|q| q.iter().find(|(k, _)| k == "Action"))
        .map(|(_, v)| v.clone())
}

fn invalid_encoding() -> GatewayError {
    GatewayError::new(
        400,
        "InvalidParameter",
        "The request query or body is not valid UTF-8 form encoding.",
    )
}

fn decode(text: &[u8]) -> Result<Params, GatewayError> {
    let s = std::str::from_utf8(text).map_err(|_| invalid_encoding())?;
    Ok(parse_form(s)
        .ok_or_else(invalid_encoding)?
        .into_iter()
        .collect())
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ")
        .ok()
        .map(|t| t.and_utc())
}

/// Verifies `req`; on success `Seen` holds the operation parameters.
pub(crate) fn verify(
    state: &State,
    req: &mut Incoming<'_>,
    seen: &mut Seen,
) -> Result<(), GatewayError> {
    if req.path != "/" {
        return Err(GatewayError::new(
            404,
            "InvalidApi.NotFound",
            "Specified api is not found, please check your url and method.",
        ));
    }
    if req.method != "POST" && req.method != "GET" {
        return Err(GatewayError::new(
            400,
            "UnsupportedHTTPMethod",
            format!("The HTTP method {} is not supported.", req.method),
        ));
    }
    let query: Params = req
        .query
        .take()
        .ok_or_else(invalid_encoding)?
        .into_iter()
        .collect();
    let body = decode(req.body)?;
    match header(req.headers, "authorization") {
        Some(auth) if auth.starts_with("ACS3-HMAC-SHA256") => {
            let mut all = query.clone();
            all.extend(body);
            verify_acs3(state, req, auth, &query, all, seen)
        }
        _ => {
            let mut all = query;
            all.extend(body);
            verify_rpc(state, req, all, seen)
        }
    }
}

fn route(action: &str, version: &str) -> Result<(), GatewayError> {
    if !VERSIONS.contains(&version) {
        return Err(GatewayError::new(
            400,
            "InvalidVersion",
            format!("Specified parameter Version is not valid: {version}."),
        ));
    }
    if !ACTIONS
        .iter()
        .any(|(a, versions)| *a == action && versions.contains(&version))
    {
        return Err(GatewayError::new(
            404,
            "InvalidApi.NotFound",
            format!("Specified api {action} is not found, please check your url and method."),
        ));
    }
    Ok(())
}

fn check_time(state: &State, ts: &str) -> Result<(), GatewayError> {
    let t = parse_time(ts).ok_or_else(|| {
        GatewayError::new(
            400,
            "InvalidTimeStamp.Format",
            format!("Specified time stamp or date value is not well formatted: {ts}."),
        )
    })?;
    let skew = (state.now() - t).num_seconds().unsigned_abs();
    if skew > state.config.timestamp_window.as_secs() {
        return Err(GatewayError::new(
            400,
            "InvalidTimeStamp.Expired",
            format!(
                "Specified time stamp or date value is expired. Server time: {}.",
                state.now().format("%Y-%m-%dT%H:%M:%SZ")
            ),
        ));
    }
    Ok(())
}

fn check_key<'s>(
    state: &'s State,
    id: &str,
    token: Option<&str>,
) -> Result<&'s crate::AccessKey, GatewayError> {
    let key = state.key(id).ok_or_else(|| {
        GatewayError::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    })?;
    if key.security_token.as_deref() != token {
        return Err(GatewayError::new(
            400,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "Specified SecurityToken mismatch with the AccessKey.",
        ));
    }
    Ok(key)
}

fn check_nonce(state: &State, nonce: &str) -> Result<(), GatewayError> {
    if !state.use_nonce(nonce, state.now()) {
        return Err(GatewayError::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ));
    }
    Ok(())
}

fn operation_params(all: &Params) -> Params {
    all.iter()
        .filter(|(k, _)| !COMMON.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn verify_rpc(
    state: &State,
    req: &Incoming<'_>,
    mut all: Params,
    seen: &mut Seen,
) -> Result<(), GatewayError> {
    seen.signature_method = Some("hmac-sha1");
    seen.action = all.get("Action").cloned();
    seen.version = all.get("Version").cloned();
    seen.access_key_id = all.get("AccessKeyId").cloned();
    seen.nonce = all.get("SignatureNonce").cloned();
    seen.timestamp = all.get("Timestamp").cloned();
    seen.params = operation_params(&all);
    let signature = all.remove("Signature");
    for name in [
        "Action",
        "Version",
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureNonce",
        "SignatureVersion",
        "Timestamp",
    ] {
        let present = if name == "Signature" {
            signature.is_some()
        } else {
            all.contains_key(name)
        };
        if !present {
            return Err(GatewayError::missing(name));
        }
    }
    let get = |k: &str| all.get(k).map(String::as_str).unwrap_or_default();
    route(get("Action"), get("Version"))?;
    if get("SignatureMethod") != "HMAC-SHA1" || get("SignatureVersion") != "1.0" {
        return Err(GatewayError::new(
            400,
            "InvalidSignatureMethod",
            "Specified signature method or version is not supported (HMAC-SHA1, 1.0).",
        ));
    }
    check_time(state, get("Timestamp"))?;
    let key = check_key(
        state,
        get("AccessKeyId"),
        all.get("SecurityToken").map(String::as_str),
    )?;
    let string_to_sign = rpc::string_to_sign(req.method, &rpc::canonical_query(&all));
    if rpc::signature(&key.secret, &string_to_sign) != signature.unwrap_or_default() {
        return Err(GatewayError::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        ));
    }
    check_nonce(state, get("SignatureNonce"))
}

/// `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
fn parse_authorization(auth: &str) -> Option<(String, Vec<String>, String)> {
    let rest = auth.strip_prefix("ACS3-HMAC-SHA256")?.trim_start();
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => credential = Some(v.to_owned()),
            "SignedHeaders" => signed = Some(v.split(';').map(str::to_owned).collect()),
            "Signature" => signature = Some(v.to_owned()),
            _ => {}
        }
    }
    Some((credential?, signed?, signature?))
}

fn verify_acs3(
    state: &State,
    req: &Incoming<'_>,
    auth: &str,
    query: &Params,
    all: Params,
    seen: &mut Seen,
) -> Result<(), GatewayError> {
    let h = req.headers;
    seen.signature_method = Some("acs3-hmac-sha256");
    seen.action = header(h, "x-acs-action").map(str::to_owned);
    seen.version = header(h, "x-acs-version").map(str::to_owned);
    seen.nonce = header(h, "x-acs-signature-nonce").map(str::to_owned);
    seen.timestamp = header(h, "x-acs-date").map(str::to_owned);
    seen.params = operation_params(&all);
    let incomplete = |m: &str| GatewayError::new(400, "IncompleteSignature", m.to_owned());
    let (credential, signed, signature) = parse_authorization(auth).ok_or_else(|| {
        incomplete("The Authorization header is not a valid ACS3-HMAC-SHA256 authorization.")
    })?;
    seen.access_key_id = Some(credential.clone());
    for name in [
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ] {
        if header(h, name).is_none() {
            return Err(GatewayError::missing(name));
        }
    }
    for name in h
        .keys()
        .map(http::HeaderName::as_str)
        .filter(|n| n.starts_with("x-acs-"))
        .chain(["host"])
    {
        if !signed.iter().any(|s| s == name) {
            return Err(incomplete(&format!("The header {name} must be signed.")));
        }
    }
    let get = |k: &str| header(h, k).unwrap_or_default();
    route(get("x-acs-action"), get("x-acs-version"))?;
    check_time(state, get("x-acs-date"))?;
    let key = check_key(state, &credential, header(h, "x-acs-security-token"))?;
    let body_hash = acs3::sha256_hex(req.body);
    if get("x-acs-content-sha256") != body_hash {
        return Err(GatewayError::new(
            400,
            "SignatureDoesNotMatch",
            "The x-acs-content-sha256 header does not match the request body.",
        ));
    }
    let mut signed_headers = BTreeMap::new();
    for name in &signed {
        let values: Vec<&str> = h
            .get_all(name.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::trim)
            .collect();
        signed_headers.insert(name.to_ascii_lowercase(), values.join(","));
    }
    let canonical =
        acs3::canonical_request(req.method, req.path, query, &signed_headers, &body_hash);
    let string_to_sign = acs3::string_to_sign(&canonical);
    if acs3::signature(&key.secret, &string_to_sign) != signature {
        return Err(GatewayError::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        ));
    }
    check_nonce(state, get("x-acs-signature-nonce"))
}
