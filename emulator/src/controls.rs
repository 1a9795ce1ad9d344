//! Test controls, served under `/_emulator/` on the emulator's own
//! (loopback-only) port. All bodies are JSON.
//!
//! | method and path | does |
//! |---|---|
//! | `GET /_emulator/health` | `{"ok":true,"received":N}` |
//! | `GET /_emulator/requests` | every recorded request, oldest first: `{"requests":[{seq, receivedAt, action, version, signatureMethod, accessKeyId, nonce, timestamp, msgkey, params, status, code, taskId, fault}]}`; `?action=PushBroadcast` filters |
//! | `POST /_emulator/reset` | forgets requests, faults, nonces, Msgkeys, tasks and the clock offset |
//! | `POST /_emulator/faults` | adds a [`FaultRule`](crate::FaultRule) (or an array of them), e.g. `{"fault":{"type":"status","status":503},"count":2,"action":"PushBroadcast"}` |
//! | `GET /_emulator/faults` | the rules not used up yet |
//! | `GET /_emulator/tasks` | stored scheduled and recurring tasks |
//! | `GET`/`POST /_emulator/clock` | read / set `{"offsetSeconds": N}` added to the emulator's clock (clock-skew tests) |
//! | `GET /_emulator/config` | access key ids and templates in use |
//!
//! Fault types (`fault.type`): `status` (`status`, `code`, `message`),
//! `throttle` (`retryAfterMs`, `status`), `delay` (`ms`), `drop_before_body`,
//! `drop_after_body`, `malformed_json`, `huge_body` (`bytes`). Faults apply to
//! requests that passed the gateway's signature checks (except
//! `drop_before_body`, which fires before the body is read); `process` says
//! whether the service acts on the request before the fault shows (default:
//! yes for `delay`, `drop_after_body`, `malformed_json` and `huge_body`).

use bytes::Bytes;
use http::{Method, Response};
use serde_json::{Value, json};

use crate::faults::FaultRule;
use crate::reply::{Body, json_response};
use crate::state::State;

fn bad_request(message: impl std::fmt::Display) -> Response<Body> {
    json_response(
        400,
        &json!({"ok": false, "error": message.to_string()}),
        "emulator",
    )
}

fn ok(v: Value) -> Response<Body> {
    json_response(200, &v, "emulator")
}

/// Handles `/_emulator/<route>`.
pub(crate) fn handle(
    state: &State,
    method: &Method,
    route: &str,
    query: Option<&str>,
    body: &Bytes,
) -> Response<Body> {
    match (method.as_str(), route) {
        ("GET", "health") => ok(json!({"ok": true, "received": state.received_count()})),
        ("GET", "requests") => {
            let action = query
                .and_then(mpaas_push::encode::parse_form)
                .and_then(|q| q.into_iter().find(|(k, _)| k == "action").map(|(_, v)| v));
            let list: Vec<_> = state
                .recorded()
                .into_iter()
                .filter(|r| action.is_none() || r.action == action)
                .collect();
            ok(json!({"requests": list}))
        }
        ("POST", "reset") => {
            state.reset();
            ok(json!({"ok": true}))
        }
        ("GET", "faults") => ok(json!({"faults": state.faults()})),
        ("POST", "faults") => {
            let rules: Result<Vec<FaultRule>, _> = match serde_json::from_slice::<Value>(body) {
                Ok(Value::Array(items)) => items.into_iter().map(serde_json::from_value).collect(),
                Ok(v) => serde_json::from_value(v).map(|r| vec![r]),
                Err(e) => return bad_request(format!("body is not JSON: {e}")),
            };
            match rules {
                Ok(rules) => {
                    let n = rules.len();
                    for r in rules {
                        state.add_fault(r);
                    }
                    ok(json!({"ok": true, "added": n}))
                }
                Err(e) => bad_request(format!("not a fault rule: {e}")),
            }
        }
        ("GET", "tasks") => ok(json!({"tasks": state.tasks()})),
        ("GET", "clock") => ok(json!({
            "offsetSeconds": state.clock_offset_ms() / 1000,
            "now": state.now().to_rfc3339(),
        })),
        ("POST", "clock") => match serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("offsetSeconds").and_then(Value::as_i64))
        {
            Some(s) => {
                state.set_clock_offset_ms(s.saturating_mul(1000));
                ok(json!({"ok": true, "now": state.now().to_rfc3339()}))
            }
            None => bad_request("expected {\"offsetSeconds\": <integer>}"),
        },
        ("GET", "config") => ok(json!({
            "accessKeyIds": state.config.access_keys.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(),
            "templates": state.config.templates,
            "maxPendingTasksPerApp": state.config.max_pending_tasks_per_app,
            "timestampWindowSeconds": state.config.timestamp_window.as_secs(),
        })),
        _ => json_response(
            404,
            &json!({"ok": false, "error": format!("no control {} /_emulator/{route}", method)}),
            "emulator",
        ),
    }
}
