//! Test controls, served under `/_emulator/` on the emulator's own
//! (loopback-only) port. All bodies are JSON.
//!
//! | method and path | does |
//! |---|---|
//! | `GET /_emulator/health` | `{"ok":true,"received":N}` |
//! | `GET /_emulator/requests` | every recorded request, oldest first: `{"requests":[{seq, receivedAt, action, version, signatureMethod, accessKeyId, nonce, timestamp, msgkey, params, status, code, taskId, fault}]}`; `?action=PushBroadcast` filters |
//! | `POST /_emulator/reset` | forgets requests, faults, nonces, Msgkeys, tasks and the clock offset |
//! | `POST /_emulator/faults` | adds a [`FaultRule`] (or an array of them), e.g. `{"fault":{"type":"status","status":503},"count":2,"action":"PushBroadcast"}` |
//! | `GET /_emulator/faults` | the rules not used up yet |
//! | `GET /_emulator/tasks` | scheduled and recurring tasks, oldest first: `{"tasks":[{seq, taskId, appId, workspaceId, msgkey, taskName, templateName, strategyType, strategyContent, createdAt, status, dueAt, nextDueAt, figures, runs:[{uniqueId, pushTime, status, figures}], revokedAt}]}`; `status` is `pending`, `executed` or `cancelled` (a run may also be `skipped`: due before the task was created); `figures` = `{pushNum, pushSuccessNum, pushArrivalNum, startTime, endTime}`; `?all=true` adds immediate broadcasts |
//! | `GET /_emulator/clock` | `{"offsetSeconds", "offsetMs", "now"}` |
//! | `POST /_emulator/clock` | moves the emulator's clock: `{"offsetSeconds": N}` or `{"offsetMs": N}` sets the offset added to the system clock (clock-skew tests), `{"advanceSeconds": N}` or `{"advanceMs": N}` adds to it (negative goes back); answers like `GET`. Tasks due at the new "now" execute the next time anything looks at them |
//! | `GET /_emulator/config` | access key ids, templates and limits in use |
//!
//! Tasks execute lazily: every request and control that reads or changes
//! tasks first executes everything due at the emulator's "now" (system clock
//! plus offset), each execution with the figures `PushNum` =
//! `audienceSize` (default 1000), `PushSuccessNum` = 98 %, `PushArrivalNum`
//! = 95 %, from its due time for 60 s.
//!
//! Fault types (`fault.type`): `status` (`status`, `code`, `message`),
//! `throttle` (`retryAfterMs`, `status`), `delay` (`ms`), `drop_before_body`,
//! `drop_after_body`, `malformed_json` (truncated JSON), `not_json` (an HTML
//! page), `push_failed` (`code`, `message`: HTTP 200 with
//! `PushResult.Success` false), `huge_body` (`bytes`). Faults apply to
//! requests that passed the gateway's signature checks (except
//! `drop_before_body`, which fires before the body is read); `process` says
//! whether the service acts on the request before the fault shows (default:
//! yes for `delay`, `drop_after_body`, `malformed_json`, `not_json` and
//! `huge_body`).

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

fn clock(state: &State) -> Value {
    json!({
        "offsetSeconds": state.clock_offset_ms() / 1000,
        "offsetMs": state.clock_offset_ms(),
        "now": state.now().to_rfc3339(),
    })
}

/// The first value of `name` in the query string.
fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query
        .and_then(mpaas_push::encode::parse_form)
        .and_then(|q| q.into_iter().find(|(k, _)| k == name).map(|(_, v)| v))
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
            let action = query_param(query, "action");
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
        ("GET", "tasks") => {
            let all = query_param(query, "all").is_some_and(|v| v == "true" || v == "1");
            ok(json!({"tasks": state.tasks_json(all)}))
        }
        ("GET", "clock") => ok(clock(state)),
        ("POST", "clock") => {
            let v = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
            let int = |k: &str| v.get(k).and_then(Value::as_i64);
            let current = state.clock_offset_ms();
            let offset = if let Some(s) = int("offsetSeconds") {
                s.saturating_mul(1000)
            } else if let Some(ms) = int("offsetMs") {
                ms
            } else if let Some(s) = int("advanceSeconds") {
                current.saturating_add(s.saturating_mul(1000))
            } else if let Some(ms) = int("advanceMs") {
                current.saturating_add(ms)
            } else {
                return bad_request(
                    "expected {\"offsetSeconds\"|\"offsetMs\"|\"advanceSeconds\"|\"advanceMs\": <integer>}",
                );
            };
            // Far beyond any test (±100 years): keeps chrono in range.
            const LIMIT_MS: i64 = 100 * 366 * 86_400_000;
            if !(-LIMIT_MS..=LIMIT_MS).contains(&offset) {
                return bad_request("the clock offset must stay within ±100 years");
            }
            state.set_clock_offset_ms(offset);
            let mut out = clock(state);
            out["ok"] = json!(true);
            ok(out)
        }
        ("GET", "config") => ok(json!({
            "accessKeyIds": state.config.access_keys.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(),
            "templates": state.config.templates,
            "maxPendingTasksPerApp": state.config.max_pending_tasks_per_app,
            "maxStoredTasks": state.config.max_stored_tasks,
            "audienceSize": state.config.audience_size,
            "timestampWindowSeconds": state.config.timestamp_window.as_secs(),
            "latencyMs": u64::try_from(state.config.latency.as_millis()).unwrap_or(u64::MAX),
        })),
        _ => json_response(
            404,
            &json!({"ok": false, "error": format!("no control {} /_emulator/{route}", method)}),
            "emulator",
        ),
    }
}
