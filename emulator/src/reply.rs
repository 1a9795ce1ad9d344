//! Response bodies in the real shapes: gateway (POP) errors and MPS results.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use serde_json::{Value, json};

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

/// An MPS business answer (HTTP 200).
pub(crate) fn push_result(request_id: &str, outcome: &Result<String, (String, String)>) -> Value {
    match outcome {
        Ok(task_id) => json!({
            "RequestId": request_id,
            "ResultCode": "OK",
            "ResultMessage": "param is valid",
            "PushResult": {"Success": true, "ResultMsg": "success", "Data": task_id},
        }),
        Err((code, message)) => json!({
            "RequestId": request_id,
            "ResultCode": code,
            "ResultMessage": message,
            "PushResult": {"Success": false, "ResultMsg": message, "Data": null},
        }),
    }
}
