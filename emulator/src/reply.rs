//! Response bodies in the real shapes: gateway (POP) errors and MPS results.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use serde_json::{Map, Value, json};

/// The response body type of every route.
pub(crate) type Body = BoxBody<Bytes, std::convert::Infallible>;

/// A JSON response.
pub(crate) fn json_response(status: u16, body: &Value, request_id: &str) -> Response<Body> {
    // Compact JSON, the same bytes as `body.to_string()` without going
    // through `fmt::Write`; serialising a `Value` cannot fail.
    let json = serde_json::to_vec(body).unwrap_or_default();
    bytes_response(status, Bytes::from(json), request_id)
}

/// A raw response with JSON content type. The `Date` header is added by
/// hyper (same RFC 7231 format, cached per second instead of formatted for
/// every response).
pub(crate) fn bytes_response(status: u16, body: Bytes, request_id: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(body).boxed());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-acs-request-id", v);
    }
    r
}

/// A gateway error as the POP gateway sends it.
#[derive(Debug, Clone)]
pub(crate) struct GatewayError {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl GatewayError {
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn missing(name: &str) -> Self {
        Self::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    pub(crate) fn body(&self, request_id: &str, host: &str) -> Value {
        json!({
            "RequestId": request_id,
            "HostId": host,
            "Code": self.code,
            "Message": self.message,
            "Recommend": format!(
                "https://api.aliyun.com/troubleshoot?q={}&product=mPaaS&requestId={request_id}",
                self.code
            ),
        })
    }

    pub(crate) fn response(&self, request_id: &str, host: &str) -> Response<Body> {
        json_response(self.status, &self.body(request_id, host), request_id)
    }
}

/// A business rejection: MPS result code and message.
pub(crate) type Rejection = (String, String);

/// What the service answers (HTTP 200): the body fields besides
/// `RequestId`, the result code for the request log and, for
/// PushBroadcast, the task id it created.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) code: String,
    pub(crate) task_id: Option<String>,
    fields: Map<String, Value>,
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Answer {
    /// The response body.
    pub(crate) fn body(&self, request_id: &str) -> Value {
        let mut m = Map::new();
        m.insert("RequestId".into(), request_id.into());
        m.extend(self.fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        Value::Object(m)
    }

    /// The PushBroadcast shape: `PushResult{Success, ResultMsg, Data}` with
    /// the task id, or the rejection in `ResultCode` and `PushResult`.
    pub(crate) fn push(outcome: Result<String, Rejection>) -> Self {
        match outcome {
            Ok(task_id) => Self {
                code: "OK".into(),
                fields: object(json!({
                    "ResultCode": "OK",
                    "ResultMessage": "param is valid",
                    "PushResult": {"Success": true, "ResultMsg": "success", "Data": task_id},
                })),
                task_id: Some(task_id),
            },
            Err((code, message)) => Self {
                fields: object(json!({
                    "ResultCode": code,
                    "ResultMessage": message,
                    "PushResult": {"Success": false, "ResultMsg": message, "Data": null},
                })),
                code,
                task_id: None,
            },
        }
    }

    /// A revocation: `ResultCode` `OK` and `PushResult.Success` telling
    /// whether it happened (a refusal carries its own `ResultCode` inside
    /// `PushResult`).
    pub(crate) fn revoke(outcome: Result<String, (&str, String)>) -> Self {
        let push = match &outcome {
            Ok(data) => json!({"Success": true, "ResultMsg": "success", "Data": data}),
            Err((code, message)) => {
                json!({"Success": false, "ResultCode": code, "ResultMsg": message, "Data": null})
            }
        };
        Self {
            code: match &outcome {
                Ok(_) => "OK".into(),
                Err((code, _)) => (*code).to_owned(),
            },
            task_id: None,
            fields: object(json!({
                "ResultCode": "OK",
                "ResultMessage": "param is valid",
                "PushResult": push,
            })),
        }
    }

    /// Success with `ResultContent`.
    pub(crate) fn content(content: Value) -> Self {
        Self {
            code: "OK".into(),
            task_id: None,
            fields: object(json!({
                "ResultCode": "OK",
                "ResultMessage": "param is valid",
                "ResultContent": content,
            })),
        }
    }

    /// A failure of a `ResultContent` action: code and message only.
    pub(crate) fn failed((code, message): Rejection) -> Self {
        Self {
            fields: object(json!({"ResultCode": code, "ResultMessage": message})),
            code,
            task_id: None,
        }
    }
}
