//! Everything the CLI prints: results and dry runs on stdout, notes on
//! stderr, errors as text on stderr or (with `--json`) as JSON on stdout.
//! Write failures (a closed pipe) are ignored rather than turned into panics.

use std::io::Write;

use mpaas_push::{BroadcastResult, PreparedRequest};
use serde_json::{Map, Value, json};

use crate::error::{CliError, USAGE};
use crate::request::flag_for_field;

/// How to print.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mode {
    /// Machine JSON on stdout.
    pub(crate) json: bool,
    /// The request came from field flags (errors then name the flag too).
    pub(crate) from_flags: bool,
}

/// Writes `text` and a newline to stdout, then flushes.
pub(crate) fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{text}");
    let _ = o.flush();
}

/// Writes `text` and a newline to stderr.
pub(crate) fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

fn json_text(v: &Value, pretty: bool) -> String {
    let r = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    // Serialising a `Value` cannot fail; keep a valid document regardless.
    r.unwrap_or_else(|_| "{}".to_owned())
}

/// Prints a dry run: the prepared request as JSON (pretty unless `--json`).
/// Serialised from the struct itself, so the keys keep the core's order
/// (method, url, headers, body, …) and headers their sending order.
pub(crate) fn prepared(p: &PreparedRequest, mode: Mode) {
    let text = if mode.json {
        serde_json::to_string(p)
    } else {
        serde_json::to_string_pretty(p)
    };
    match text {
        Ok(t) => out(&t),
        Err(e) => note(&format!("error: cannot print the prepared request: {e}")),
    }
}

/// The `--json` form of a successful broadcast.
pub(crate) fn success_json(r: &BroadcastResult, msgkey: &str) -> Value {
    json!({
        "requestId": r.request_id,
        "taskId": r.task_id,
        "resultCode": r.result_code,
        "resultMessage": r.result_message,
        "msgkey": msgkey,
        "httpStatus": r.http_status,
    })
}

/// Prints a successful broadcast.
pub(crate) fn success(r: &BroadcastResult, msgkey: &str, generated: bool, mode: Mode) {
    if mode.json {
        out(&json_text(&success_json(r, msgkey), false));
        return;
    }
    let mut s = String::from("Broadcast accepted.\n");
    s += &format!("  request id: {}\n", r.request_id);
    match r.task_id.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => s += &format!("  task id:    {t}\n"),
        None => s += "  task id:    (none; immediate pushes may have none)\n",
    }
    s += &format!(
        "  msgkey:     {msgkey}{}",
        if generated { " (generated)" } else { "" }
    );
    if let Some(code) = &r.result_code {
        s += &format!("\n  result:     {code}");
        if let Some(m) = r.result_message.as_deref().filter(|m| !m.is_empty()) {
            s += &format!(" ({m})");
        }
    }
    out(&s);
}

/// The `--json` form of an error: `{"error": {...}}`, absent fields omitted.
pub(crate) fn error_json(e: &CliError) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.to_owned(), v);
        }
    };
    match e {
        CliError::Core { error, msgkey } => {
            put("code", json!(error.code().as_str()));
            if let Some(v) = error.details() {
                put("field", json!(v.field()).filter_empty());
                put("rule", json!(v.rule().as_str()));
                put("value", json!(v.value()));
            }
            put("message", json!(error.to_string()));
            put("requestId", json!(error.request_id()));
            put("httpStatus", json!(error.http_status()));
            put("serviceCode", json!(error.service_code()));
            if let Some(d) = error.service() {
                put("serviceMessage", json!(d.message));
                put("recommend", json!(d.recommend));
            }
            put("timeout", json!(error.timeout_kind().map(|k| k.as_str())));
            put("clockOffsetSeconds", json!(error.clock_offset()));
            put("retryable", json!(error.retryable()));
            put("maybeSent", json!(error.maybe_sent()));
            if error.attempts() > 0 {
                put("attempts", json!(error.attempts()));
            }
            put("msgkey", json!(msgkey));
        }
        CliError::Usage(message) => {
            put("code", json!(USAGE));
            put("message", json!(message));
            put("retryable", json!(false));
            put("maybeSent", json!(false));
        }
        CliError::Emulator(message) => {
            put("code", json!("emulator"));
            put("message", json!(message));
        }
    }
    json!({ "error": Value::Object(m) })
}

/// `""` → null, so an empty field path is omitted.
trait FilterEmpty {
    fn filter_empty(self) -> Value;
}

impl FilterEmpty for Value {
    fn filter_empty(self) -> Value {
        match &self {
            Value::String(s) if s.is_empty() => Value::Null,
            _ => self,
        }
    }
}

/// Prints an error: JSON on stdout with `--json`, else text on stderr.
pub(crate) fn error(e: &CliError, mode: Mode) {
    if mode.json {
        out(&json_text(&error_json(e), false));
        return;
    }
    note(&error_text(e, mode));
}

/// The text form of an error.
pub(crate) fn error_text(e: &CliError, mode: Mode) -> String {
    match e {
        CliError::Usage(m) => format!("error: {m}"),
        CliError::Emulator(m) => format!("error: emulator: {m}"),
        CliError::Core { error, msgkey } => {
            let mut s = format!("error: {}\n  code:         {}", error, error.code());
            if let Some(v) = error.details() {
                s += &format!("\n  field:        {}", v.field());
                if mode.from_flags
                    && let Some(flag) = flag_for_field(v.field())
                {
                    s += &format!(" (flag {flag})");
                }
                s += &format!("\n  rule:         {}", v.rule());
            }
            if let Some(id) = error.request_id() {
                s += &format!("\n  request id:   {id}");
            }
            if let Some(status) = error.http_status() {
                s += &format!("\n  http status:  {status}");
            }
            if let Some(code) = error.service_code() {
                s += &format!("\n  service code: {code}");
            }
            if let Some(url) = error.service().and_then(|d| d.recommend.as_deref()) {
                s += &format!("\n  recommend:    {url}");
            }
            if let Some(k) = msgkey {
                s += &format!("\n  msgkey:       {k}");
            }
            let sent = error.attempts() > 0 || error.maybe_sent();
            if sent {
                s += if error.maybe_sent() {
                    "\n  The request may have reached the service: do not resend blindly; \
                     if you retry, reuse the same msgkey."
                } else if error.retryable() {
                    "\n  The service did not act on the request; it is safe to retry."
                } else {
                    "\n  The service did not act on the request."
                };
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpaas_push::ValidationError;

    #[test]
    fn validation_error_json_names_field_and_rule() {
        let e = CliError::from(mpaas_push::Error::from(ValidationError::new(
            "appId",
            mpaas_push::Rule::Required,
            "is required",
        )));
        let v = error_json(&e);
        assert_eq!(v["error"]["code"], "validation");
        assert_eq!(v["error"]["field"], "appId");
        assert_eq!(v["error"]["rule"], "required");
        assert_eq!(v["error"]["maybeSent"], false);
        assert!(v["error"].get("requestId").is_none());
        let text = error_text(
            &e,
            Mode {
                json: false,
                from_flags: true,
            },
        );
        assert!(text.contains("appId (flag --app-id)"), "{text}");
    }

    #[test]
    fn empty_field_is_omitted() {
        let e = CliError::from(mpaas_push::Error::from(ValidationError::new(
            "",
            mpaas_push::Rule::Json,
            "is not valid JSON",
        )));
        assert!(error_json(&e)["error"].get("field").is_none());
        assert_eq!(
            error_json(&CliError::usage("bad"))["error"]["code"],
            "usage"
        );
    }
}
