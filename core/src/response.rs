//! Turns an HTTP response into a typed result or a classified [`Error`]
//! (spec §4): success is HTTP 2xx, `ResultCode` "OK" when present and
//! `PushResult.Success` true; gateway errors are recognised by their `Code`
//! (JSON in PascalCase or camelCase, or XML), and every error keeps the
//! request id, status, codes and a bounded, redacted body excerpt.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, ServiceError};
use crate::secret::Redactor;

/// Longest body excerpt kept in an error, in bytes.
pub const MAX_EXCERPT_BYTES: usize = 1024;

/// A received response, reduced to what classification needs.
#[derive(Debug, Clone, Default)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The `Date` header.
    pub date: Option<DateTime<Utc>>,
    /// The `x-acs-retry-after` header (milliseconds on the wire).
    pub retry_after: Option<Duration>,
    /// The `x-acs-request-id` header.
    pub request_id_header: Option<String>,
    /// The body (already bounded by the transport).
    pub body: Vec<u8>,
}

/// A successful PushBroadcast.
///
/// ```
/// use mpaas_push::response::{parse_broadcast, RawResponse};
/// let raw = RawResponse {
///     status: 200,
///     body: br#"{"RequestId":"r-1","ResultCode":"OK","PushResult":{"Success":true,"Data":"task-9"}}"#.to_vec(),
///     ..Default::default()
/// };
/// let ok = parse_broadcast(&raw, chrono::Utc::now(), &Default::default()).unwrap();
/// assert_eq!(ok.request_id, "r-1");
/// assert_eq!(ok.task_id.as_deref(), Some("task-9"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BroadcastResult {
    /// `RequestId`.
    pub request_id: String,
    /// `PushResult.Data`: the push task id (needed to cancel or revoke);
    /// may be absent for immediate pushes.
    pub task_id: Option<String>,
    /// `ResultCode` (normally `OK`).
    pub result_code: Option<String>,
    /// `ResultMessage`.
    pub result_message: Option<String>,
    /// `PushResult.ResultMsg`.
    pub push_result_message: Option<String>,
    /// HTTP status.
    pub http_status: u16,
    /// True when an earlier attempt may have reached the service, the caller
    /// opted into retrying such failures, and the retry was refused because
    /// the service already has this `Msgkey` ([`DUPLICATE_MSGKEY_CODES`]): the
    /// broadcast went out exactly once. `task_id` is then unknown (`None`).
    pub already_accepted: bool,
}

/// `ResultCode`s meaning "this Msgkey was already accepted". The real
/// service's code is undocumented; `DUPLICATE_MSGKEY` is the emulator's.
pub const DUPLICATE_MSGKEY_CODES: &[&str] = &["DUPLICATE_MSGKEY"];

impl BroadcastResult {
    /// The success a retry stands for when the service refused it as a
    /// duplicate of an earlier attempt that was accepted.
    pub(crate) fn already_accepted_from(e: &Error) -> Option<Self> {
        let d = match e.kind() {
            ErrorKind::PushFailed(d) => d,
            _ => return None,
        };
        let code = d.code.as_deref()?;
        if !DUPLICATE_MSGKEY_CODES.contains(&code) {
            return None;
        }
        Some(Self {
            request_id: d.request_id.clone().unwrap_or_default(),
            task_id: None,
            result_code: Some(code.to_owned()),
            result_message: d.message.clone(),
            push_result_message: None,
            http_status: d.http_status,
            already_accepted: true,
        })
    }
}

pub(crate) fn get<'a>(obj: &'a Map<String, Value>, pascal: &str) -> Option<&'a Value> {
    obj.get(pascal).or_else(|| {
        let mut camel = pascal.to_owned();
        if let Some(first) = camel.get_mut(0..1) {
            first.make_ascii_lowercase();
        }
        obj.get(&camel)
    })
}

pub(crate) fn get_str(obj: &Map<String, Value>, pascal: &str) -> Option<String> {
    match get(obj, pascal)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn excerpt(body: &[u8], r: &Redactor) -> String {
    let cut = body.len().min(MAX_EXCERPT_BYTES);
    let text = String::from_utf8_lossy(&body[..cut]);
    let mut s = r.redact(&text);
    if body.len() > cut {
        s.push('…');
    }
    s
}

pub(crate) fn details(raw: &RawResponse, r: &Redactor) -> ServiceError {
    ServiceError {
        http_status: raw.status,
        request_id: raw.request_id_header.clone(),
        retry_after: raw.retry_after,
        body_excerpt: excerpt(&raw.body, r),
        ..Default::default()
    }
}

/// Extracts `<Tag>text</Tag>` from an XML error body.
fn xml_tag(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&close)? + start;
    Some(body[start..end].trim().to_owned())
}

/// Fills code/message/ids from a gateway error body (JSON or XML).
fn gateway_fields(raw: &RawResponse, d: &mut ServiceError, r: &Redactor) {
    let red = |s: Option<String>| s.map(|v| r.redact(&v));
    match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(obj)) => {
            d.code = red(get_str(&obj, "Code"));
            d.message = red(get_str(&obj, "Message"));
            d.request_id = get_str(&obj, "RequestId").or(d.request_id.take());
            d.recommend = get_str(&obj, "Recommend");
            d.host_id = get_str(&obj, "HostId");
        }
        _ => {
            let text = String::from_utf8_lossy(&raw.body);
            if text.trim_start().starts_with('<') {
                d.code = red(xml_tag(&text, "Code"));
                d.message = red(xml_tag(&text, "Message"));
                d.request_id = xml_tag(&text, "RequestId").or(d.request_id.take());
                d.recommend = xml_tag(&text, "Recommend");
                d.host_id = xml_tag(&text, "HostId");
            }
        }
    }
}

/// Classifies a non-2xx response.
pub fn classify_error(raw: &RawResponse, sent_at: DateTime<Utc>, r: &Redactor) -> Error {
    let mut d = details(raw, r);
    gateway_fields(raw, &mut d, r);
    let code = d.code.clone().unwrap_or_default();
    let boxed = Box::new(d);
    let kind = if raw.status == 429 || code.starts_with("Throttling") {
        ErrorKind::Throttled(boxed)
    } else if code == "SignatureDoesNotMatch" || code == "IncompleteSignature" {
        ErrorKind::SignatureMismatch(boxed)
    } else if code.starts_with("InvalidTimeStamp") {
        ErrorKind::ClockSkew {
            details: boxed,
            offset: raw.date.map(|server| (server - sent_at).num_seconds()),
        }
    } else if [
        "InvalidAccessKeyId",
        "InvalidAccessKeySecret",
        "InvalidSecurityToken",
        "Forbidden",
    ]
    .iter()
    .any(|p| code.starts_with(p))
    {
        ErrorKind::Auth(boxed)
    } else {
        ErrorKind::Service(boxed)
    };
    kind.into()
}

/// Parses the body of a 2xx response as a JSON object, or explains why not.
pub fn parse_json_object(raw: &RawResponse, r: &Redactor) -> Result<Map<String, Value>, Error> {
    match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(invalid(raw, r, "the body is JSON but not an object")),
        Err(e) => Err(invalid(raw, r, &format!("the body is not JSON ({e})"))),
    }
}

pub(crate) fn invalid(raw: &RawResponse, r: &Redactor, message: &str) -> Error {
    ErrorKind::InvalidResponse {
        message: message.to_owned(),
        details: Box::new(details(raw, r)),
    }
    .into()
}

/// The usual successful PushBroadcast answer, read straight into fields
/// (no `serde_json::Value` tree): PascalCase names, text values,
/// `PushResult.Success` true. Anything else (camelCase, numbers for text,
/// a failure, a missing field) falls back to the general reading below,
/// which decides every other case; for the bodies this accepts both agree.
#[derive(serde::Deserialize)]
#[allow(non_snake_case)]
struct UsualBroadcast {
    RequestId: String,
    ResultCode: Option<String>,
    ResultMessage: Option<String>,
    PushResult: UsualPush,
}

#[derive(serde::Deserialize)]
#[allow(non_snake_case)]
struct UsualPush {
    Success: bool,
    ResultMsg: Option<String>,
    Data: Option<String>,
}

fn usual_broadcast(raw: &RawResponse, r: &Redactor) -> Option<BroadcastResult> {
    let b: UsualBroadcast = serde_json::from_slice(&raw.body).ok()?;
    let ok = b.PushResult.Success
        && b.ResultCode
            .as_deref()
            .is_none_or(|c| c.eq_ignore_ascii_case("OK"));
    ok.then(|| BroadcastResult {
        request_id: b.RequestId,
        task_id: b.PushResult.Data.filter(|d| !d.is_empty()),
        result_code: b.ResultCode,
        result_message: b.ResultMessage.map(|m| r.redact(&m)),
        push_result_message: b.PushResult.ResultMsg.map(|m| r.redact(&m)),
        http_status: raw.status,
        already_accepted: false,
    })
}

/// Parses a PushBroadcast response (any status).
pub fn parse_broadcast(
    raw: &RawResponse,
    sent_at: DateTime<Utc>,
    r: &Redactor,
) -> Result<BroadcastResult, Error> {
    if !(200..300).contains(&raw.status) {
        return Err(classify_error(raw, sent_at, r));
    }
    match usual_broadcast(raw, r) {
        Some(result) => Ok(result),
        None => broadcast_in_general(raw, r),
    }
}

/// [`parse_broadcast`] of a 2xx answer, any body.
fn broadcast_in_general(raw: &RawResponse, r: &Redactor) -> Result<BroadcastResult, Error> {
    let obj = parse_json_object(raw, r)?;
    let request_id = get_str(&obj, "RequestId").or_else(|| raw.request_id_header.clone());
    let result_code = get_str(&obj, "ResultCode");
    let result_message = get_str(&obj, "ResultMessage").map(|m| r.redact(&m));
    let push = get(&obj, "PushResult").and_then(Value::as_object);
    let push_msg = push
        .and_then(|p| get_str(p, "ResultMsg"))
        .map(|m| r.redact(&m));
    let failed = |code: Option<String>| -> Error {
        let mut d = details(raw, r);
        d.request_id = request_id.clone();
        d.code = code;
        d.message = push_msg.clone().or_else(|| result_message.clone());
        ErrorKind::PushFailed(Box::new(d)).into()
    };
    if let Some(code) = &result_code
        && !code.eq_ignore_ascii_case("OK")
    {
        return Err(failed(Some(code.clone())));
    }
    let Some(push) = push else {
        return Err(invalid(raw, r, "PushResult is missing"));
    };
    match get(push, "Success") {
        Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => {
            return Err(failed(get_str(push, "ResultCode")));
        }
        _ => {
            return Err(invalid(
                raw,
                r,
                "PushResult.Success is missing or not a boolean",
            ));
        }
    }
    let Some(request_id) = request_id else {
        return Err(invalid(raw, r, "RequestId is missing"));
    };
    Ok(BroadcastResult {
        request_id,
        task_id: get_str(push, "Data").filter(|d| !d.is_empty()),
        result_code,
        result_message,
        push_result_message: push_msg,
        http_status: raw.status,
        already_accepted: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn the_usual_reading_agrees_with_the_general_one() {
        let ok = r#"{"RequestId":"R1","ResultCode":"OK","ResultMessage":"m","PushResult":{"Success":true,"ResultMsg":"x","Data":"42"}}"#;
        let bodies = [
            ok,
            r#"{"RequestId":"R1","PushResult":{"Success":true,"Data":""}}"#,
            r#"{"RequestId":"R1","ResultCode":"ok","PushResult":{"Success":true},"Extra":[1,{"a":null}]}"#,
            r#"{"RequestId":"R1","requestId":"R2","ResultCode":null,"PushResult":{"Success":true,"Data":null}}"#,
            r#"{"RequestId":"R1","ResultCode":"3003","PushResult":{"Success":true}}"#,
            r#"{"RequestId":"R1","PushResult":{"Success":false,"ResultCode":"9"}}"#,
            r#"{"requestId":"R1","pushResult":{"success":true,"data":"7"}}"#,
            r#"{"RequestId":7,"PushResult":{"Success":true,"Data":8}}"#,
            r#"{"RequestId":"R1","RequestId":"R2","PushResult":{"Success":true}}"#,
            r#"{"PushResult":{"Success":true}}"#,
            r#"[1]"#,
        ];
        let r = Redactor::default();
        let mut usual = 0;
        for body in bodies {
            let raw = raw(200, body);
            let general = broadcast_in_general(&raw, &r);
            if let Some(fast) = usual_broadcast(&raw, &r) {
                usual += 1;
                let general = general.unwrap_or_else(|e| panic!("{body}: {e}"));
                assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{body}");
            }
            let parsed = parse_broadcast(&raw, Utc::now(), &r);
            assert_eq!(
                format!("{parsed:?}"),
                format!("{:?}", broadcast_in_general(&raw, &r)),
                "{body}"
            );
        }
        assert_eq!(usual, 4, "the usual shapes take the typed reading");
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            body: body.as_bytes().to_vec(),
            ..Default::default()
        }
    }

    fn err(status: u16, body: &str) -> Error {
        parse_broadcast(&raw(status, body), Utc::now(), &Redactor::default()).unwrap_err()
    }

    #[test]
    fn gateway_codes_classify() {
        let cases = [
            (
                400,
                r#"{"Code":"Throttling.User","RequestId":"r"}"#,
                ErrorCode::Throttled,
            ),
            (429, r#"{"Code":"Whatever"}"#, ErrorCode::Throttled),
            (
                400,
                r#"{"code":"SignatureDoesNotMatch","message":"m","requestId":"r2"}"#,
                ErrorCode::SignatureMismatch,
            ),
            (
                400,
                r#"{"Code":"InvalidTimeStamp.Expired"}"#,
                ErrorCode::ClockSkew,
            ),
            (
                404,
                r#"{"Code":"InvalidAccessKeyId.NotFound"}"#,
                ErrorCode::Auth,
            ),
            (403, r#"{"Code":"Forbidden.RAM"}"#, ErrorCode::Auth),
            (400, r#"{"Code":"MissingParameter"}"#, ErrorCode::Service),
            (503, "<html>busy</html>", ErrorCode::Service),
            (
                400,
                "<Error><Code>Throttling</Code><RequestId>x</RequestId></Error>",
                ErrorCode::Throttled,
            ),
        ];
        for (status, body, code) in cases {
            assert_eq!(err(status, body).code(), code, "{body}");
        }
        let e = err(
            400,
            r#"{"code":"SignatureDoesNotMatch","message":"m","requestId":"r2"}"#,
        );
        assert_eq!(e.request_id(), Some("r2"));
        assert_eq!(e.http_status(), Some(400));
    }

    #[test]
    fn business_failures() {
        let e = err(
            200,
            r#"{"RequestId":"r","ResultCode":"3022","ResultMessage":"TEMPLATE_NOT_EXIST"}"#,
        );
        assert_eq!(e.code(), ErrorCode::PushFailed);
        assert_eq!(e.service_code(), Some("3022"));
        assert!(e.maybe_sent());
        let e = err(
            200,
            r#"{"RequestId":"r","ResultCode":"OK","PushResult":{"Success":false,"ResultMsg":"no"}}"#,
        );
        assert_eq!(e.code(), ErrorCode::PushFailed);
        assert_eq!(err(200, "not json").code(), ErrorCode::InvalidResponse);
        assert_eq!(err(200, "[1]").code(), ErrorCode::InvalidResponse);
        assert_eq!(
            err(200, r#"{"RequestId":"r","ResultCode":"OK"}"#).code(),
            ErrorCode::InvalidResponse
        );
    }

    #[test]
    fn clock_offset_from_date() {
        let sent: DateTime<Utc> = "2026-11-28T04:00:00Z".parse().unwrap();
        let mut r = raw(400, r#"{"Code":"InvalidTimeStamp.Expired"}"#);
        r.date = Some("2026-11-28T04:20:00Z".parse().unwrap());
        let e = parse_broadcast(&r, sent, &Redactor::default()).unwrap_err();
        assert_eq!(e.clock_offset(), Some(1200));
    }

    #[test]
    fn secrets_are_scrubbed_from_messages() {
        let tok = crate::Secret::new("sts-token-value");
        let red = Redactor::new([&tok]);
        let body = r#"{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:POST&%2F&SecurityToken%3Dsts-token-value"}"#;
        let e = parse_broadcast(&raw(400, body), Utc::now(), &red).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("sts-token-value"), "{shown}");
    }
}
