//! Writes the seed corpora under `fuzz/corpus/<target>/` (run from `fuzz/`:
//! `cargo run --example seeds`); the files are committed, this documents and
//! reproduces where they came from.
//!
//! * `request_json`: requests of the shared vectors (`tests/vectors/`).
//! * `emulator_request`: the same requests signed (V1 and V3, and with an
//!   STS token) with the emulator's default key at the fuzzing clock
//!   (`mpaas_push_emulator::fuzzing::NOW`), each checked to be accepted by
//!   `handle_parts`; a few broken ones; the test controls.
//! * `response_parser`: real answers of a live emulator (successes of every
//!   action, business failures, gateway errors, faults), plus a few
//!   hand-written gateway shapes (XML, camelCase).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use mpaas_push::prepare::{PreparedRequest, SigningContext, prepare};
use mpaas_push::{
    Action, AnyRequest, ApiVersion, Credentials, Endpoint, SignatureMethod, schedule,
    wire::PayloadEncoding,
};
use mpaas_push_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, fuzzing};
use mpaas_push_fuzz::{RequestParts, request_bytes, response_bytes};
use serde_json::{Value, json};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let vectors = fuzz.join("../tests/vectors");
    let corpus = fuzz.join("corpus");
    let cases = vector_requests(&vectors)?;
    let n = request_json(&corpus.join("request_json"), &cases)?;
    println!("request_json: {n} files");
    let n = emulator_request(&corpus.join("emulator_request"), &cases)?;
    println!("emulator_request: {n} files");
    let n = response_parser(&corpus.join("response_parser"))?;
    println!("response_parser: {n} files");
    Ok(())
}

/// `(label, action, request JSON)` from the shared vectors.
fn vector_requests(dir: &Path) -> Res<Vec<(String, Action, Value)>> {
    let read = |name: &str| -> Res<Value> {
        Ok(serde_json::from_str(&std::fs::read_to_string(
            dir.join(name),
        )?)?)
    };
    let mut out = Vec::new();
    let mut add = |file: &str, list: &Value, every: usize| -> Res<()> {
        for (i, c) in list.as_array().into_iter().flatten().enumerate() {
            if i % every != 0 {
                continue;
            }
            let action = match c.get("action").and_then(Value::as_str) {
                Some(a) => a.parse::<Action>()?,
                None => Action::PushBroadcast,
            };
            let name = c["name"].as_str().unwrap_or("case");
            out.push((format!("{file}-{name}"), action, c["request"].clone()));
        }
        Ok(())
    };
    add("requests", &read("requests.json")?["cases"], 1)?;
    add("valid", &read("valid-requests.json")?["cases"], 2)?;
    add("invalid", &read("invalid-requests.json")?["cases"], 8)?;
    let companion = read("companion-requests.json")?;
    add("companion", &companion["cases"], 2)?;
    let rules = read("companion-rules.json")?;
    add("companion-valid", &rules["valid"], 1)?;
    add("companion-invalid", &rules["invalid"], 4)?;
    Ok(out)
}

/// Empties `dir` of generated seeds; `finding-*` (inputs of past findings)
/// and `cov-*` (inputs fuzzing added) stay.
fn fresh(dir: &Path) -> Res<()> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !(name.starts_with("finding-") || name.starts_with("cov-")) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

fn safe(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn request_json(dir: &Path, cases: &[(String, Action, Value)]) -> Res<usize> {
    fresh(dir)?;
    for (label, _, req) in cases {
        std::fs::write(
            dir.join(format!("{}.json", safe(label))),
            serde_json::to_string_pretty(req)?,
        )?;
    }
    Ok(cases.len())
}

fn sign(
    action: Action,
    params: &mpaas_push::wire::Params,
    method: SignatureMethod,
    credentials: &Credentials,
    endpoint: &Endpoint,
    at: DateTime<Utc>,
    nonce: &str,
) -> PreparedRequest {
    let ctx = SigningContext {
        endpoint,
        api_version: ApiVersion::default(),
        method,
        credentials,
        timestamp: at,
        nonce,
        user_agent: "mpaas-push-fuzz-seeds",
    };
    prepare(&ctx, action.as_str(), params)
}

fn parts_of(p: &PreparedRequest, endpoint: &Endpoint) -> RequestParts {
    let base = endpoint.url().trim_end_matches('/');
    RequestParts {
        method: p.method.clone(),
        path_and_query: p.url.strip_prefix(base).unwrap_or("/").to_owned(),
        headers: p.headers.clone(),
        body: p.body.clone().into_bytes(),
    }
}

fn emulator_request(dir: &Path, cases: &[(String, Action, Value)]) -> Res<usize> {
    fresh(dir)?;
    let endpoint = Endpoint::parse("http://127.0.0.1:8080", false)?;
    let key = Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
    let mut n = 0;
    let mut write = |label: &str, parts: &RequestParts, want: Option<u16>| -> Res<()> {
        let status = fuzzing::handle_parts(
            &parts.method,
            &parts.path_and_query,
            &parts.headers,
            &parts.body,
        );
        if let Some(want) = want
            && status != want
        {
            return Err(format!("{label}: status {status}, expected {want}").into());
        }
        std::fs::write(
            dir.join(format!("{}.http", safe(label))),
            request_bytes(parts),
        )?;
        n += 1;
        Ok(())
    };
    for (i, (label, action, req)) in cases.iter().enumerate() {
        // Invalid requests are signed too: the service rejects them (HTTP
        // 200 with a result code) after the gateway accepted them.
        let Ok(any) = AnyRequest::from_json(*action, req) else {
            continue;
        };
        let params = any.params(PayloadEncoding::default());
        let method = if i % 2 == 0 {
            SignatureMethod::HmacSha1
        } else {
            SignatureMethod::Acs3HmacSha256
        };
        let p = sign(
            *action,
            &params,
            method,
            &key,
            &endpoint,
            fuzzing::now(),
            &format!("seed-{i}"),
        );
        write(label, &parts_of(&p, &endpoint), Some(200))?;
    }
    // Broken on purpose: signature, clock, key, token, path, method.
    let broadcast = AnyRequest::from_json(Action::PushBroadcast, &cases[0].2)?;
    let params = broadcast.params(PayloadEncoding::default());
    for method in [SignatureMethod::HmacSha1, SignatureMethod::Acs3HmacSha256] {
        let tag = method.as_str();
        let sts = Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
            .with_security_token("sts-token");
        let wrong = Credentials::new(DEFAULT_ACCESS_KEY_ID, "wrong-secret");
        let unknown = Credentials::new("unknown-id", DEFAULT_ACCESS_KEY_SECRET);
        let now = fuzzing::now();
        let late = now + chrono::Duration::hours(1);
        for (label, creds, at, want) in [
            ("sts-token", &sts, now, 400),
            ("wrong-secret", &wrong, now, 400),
            ("unknown-key", &unknown, now, 404),
            ("expired", &key, late, 400),
        ] {
            let p = sign(
                Action::PushBroadcast,
                &params,
                method,
                creds,
                &endpoint,
                at,
                label,
            );
            write(
                &format!("broken-{tag}-{label}"),
                &parts_of(&p, &endpoint),
                Some(want),
            )?;
        }
        let p = sign(
            Action::PushBroadcast,
            &params,
            method,
            &key,
            &endpoint,
            now,
            "x",
        );
        let mut parts = parts_of(&p, &endpoint);
        parts.body.extend_from_slice(b"&Extra=1");
        write(&format!("broken-{tag}-body-changed"), &parts, Some(400))?;
        let mut parts = parts_of(&p, &endpoint);
        parts.method = "GET".into();
        write(&format!("broken-{tag}-get"), &parts, Some(400))?;
    }
    let control = |method: &str, path: &str, body: &str| RequestParts {
        method: method.into(),
        path_and_query: path.into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    };
    for (label, parts) in [
        ("control-health", control("GET", "/_emulator/health", "")),
        (
            "control-requests",
            control("GET", "/_emulator/requests?action=PushBroadcast", ""),
        ),
        (
            "control-tasks",
            control("GET", "/_emulator/tasks?all=true", ""),
        ),
        (
            "control-faults",
            control(
                "POST",
                "/_emulator/faults",
                r#"[{"fault":{"type":"status","status":503},"count":2,"action":"PushBroadcast"},{"fault":{"type":"throttle","retryAfterMs":1500,"status":400}}]"#,
            ),
        ),
        (
            "control-clock",
            control("POST", "/_emulator/clock", r#"{"advanceSeconds":3600}"#),
        ),
        ("control-reset", control("POST", "/_emulator/reset", "")),
        ("control-config", control("GET", "/_emulator/config", "")),
    ] {
        write(label, &parts, Some(200))?;
    }
    Ok(n)
}

/// A live emulator on a background runtime, driven over plain HTTP/1.1.
struct Live {
    _rt: tokio::runtime::Runtime,
    endpoint: Endpoint,
    key: Credentials,
    offset_ms: i64,
    nonce: u64,
}

struct Answer {
    status: u16,
    flags: u8,
    body: Vec<u8>,
}

impl Live {
    fn start() -> Res<Self> {
        let rt = tokio::runtime::Runtime::new()?;
        let emulator = rt.block_on(mpaas_push_emulator::Emulator::start(Default::default()))?;
        let endpoint = Endpoint::parse(&emulator.url(), false)?;
        // The server task keeps running on the runtime; it stops with it.
        std::mem::forget(emulator);
        Ok(Self {
            _rt: rt,
            endpoint,
            key: Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET),
            offset_ms: 0,
            nonce: 0,
        })
    }

    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms)
    }

    fn http(
        &self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Res<Answer> {
        let mut s = TcpStream::connect(self.endpoint.host())?;
        let mut req = format!("{method} {path} HTTP/1.1\r\n");
        let mut has_host = false;
        for (k, v) in headers {
            has_host |= k.eq_ignore_ascii_case("host");
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !has_host {
            req.push_str(&format!("host: {}\r\n", self.endpoint.host()));
        }
        req.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        ));
        s.write_all(req.as_bytes())?;
        s.write_all(body)?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("no header end")?;
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or("no status")?;
        let mut flags = 0;
        let mut len = None;
        for l in lines {
            let (k, v) = l.split_once(':').unwrap_or((l, ""));
            match k.to_ascii_lowercase().as_str() {
                "date" => flags |= 1,
                "x-acs-retry-after" => flags |= 2,
                "x-acs-request-id" => flags |= 4,
                "content-length" => len = v.trim().parse::<usize>().ok(),
                _ => {}
            }
        }
        let mut body = raw[split + 4..].to_vec();
        if let Some(len) = len {
            body.truncate(len);
        }
        Ok(Answer {
            status,
            flags,
            body,
        })
    }

    fn control(&self, method: &str, route: &str, body: Value) -> Res<Value> {
        let a = self.http(
            method,
            &format!("/_emulator/{route}"),
            &[],
            body.to_string().as_bytes(),
        )?;
        Ok(serde_json::from_slice(&a.body)?)
    }

    fn set_offset(&mut self, ms: i64) -> Res<()> {
        self.control("POST", "clock", json!({"offsetMs": ms}))?;
        self.offset_ms = ms;
        Ok(())
    }

    fn send_with(
        &mut self,
        action: Action,
        req: &Value,
        creds: Option<&Credentials>,
        at: Option<DateTime<Utc>>,
    ) -> Res<Answer> {
        let any = AnyRequest::from_json(action, req)?;
        self.nonce += 1;
        let p = sign(
            action,
            &any.params(PayloadEncoding::default()),
            SignatureMethod::HmacSha1,
            creds.unwrap_or(&self.key),
            &self.endpoint,
            at.unwrap_or_else(|| self.now()),
            &format!("live-{}", self.nonce),
        );
        let parts = parts_of(&p, &self.endpoint);
        self.http(
            &parts.method,
            &parts.path_and_query,
            &parts.headers,
            &parts.body,
        )
    }

    fn send(&mut self, action: Action, req: Value) -> Res<Answer> {
        self.send_with(action, &req, None, None)
    }
}

fn response_parser(dir: &Path) -> Res<usize> {
    fresh(dir)?;
    let mut live = Live::start()?;
    let start = fuzzing::now();
    live.set_offset((start - Utc::now()).num_milliseconds())?;
    let ms = |t: DateTime<Utc>| t.timestamp_millis();
    let base = json!({
        "appId": "ONEX570DA89211721", "workspaceId": "default", "deliveryType": 1,
        "expiredSeconds": 300, "taskName": "群发 测试*~", "templateName": "broadcast_tpl",
        "templateKeyValue": {"content": "公告 🎉"}, "pushStatus": 0, "bindPeriod": 1,
    });
    let with = |extra: Value| {
        let mut v = base.clone();
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        v
    };
    let target = json!({"appId": "ONEX570DA89211721", "workspaceId": "default"});
    let on = |extra: Value| {
        let mut v = target.clone();
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        v
    };
    let mut out: BTreeMap<String, Answer> = BTreeMap::new();
    let task_id = |a: &Answer| -> String {
        serde_json::from_slice::<Value>(&a.body)
            .ok()
            .and_then(|v| v["PushResult"]["Data"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };

    let a = live.send(
        Action::PushBroadcast,
        with(json!({"msgkey": "seed-immediate"})),
    )?;
    out.insert("broadcast-ok".into(), a);
    let a = live.send(
        Action::PushBroadcast,
        with(json!({"msgkey": "seed-immediate"})),
    )?;
    out.insert("broadcast-duplicate-msgkey".into(), a);
    let a = live.send(
        Action::PushBroadcast,
        with(json!({"msgkey": "seed-no-template", "templateName": "nope"})),
    )?;
    out.insert("broadcast-template-not-exist".into(), a);
    let fixed = start + chrono::Duration::hours(1);
    let a = live.send(
        Action::PushBroadcast,
        with(json!({"msgkey": "seed-fixed", "strategyType": 1, "strategyContent": {"fixedTime": ms(fixed)}})),
    )?;
    let fixed_id = task_id(&a);
    out.insert("broadcast-scheduled".into(), a);
    let day = chrono::Duration::days(1);
    let midnight = |t: DateTime<Utc>| schedule::china_midnight_ms(schedule::china_day(t));
    let a = live.send(
        Action::PushBroadcast,
        with(json!({"msgkey": "seed-daily", "strategyType": 2, "strategyContent": {
            "startTime": midnight(start), "endTime": midnight(start + day * 3), "circleType": 1, "time": "20:00:00"}})),
    )?;
    let daily_id = task_id(&a);
    out.insert("broadcast-recurring".into(), a);
    let a = live.send(
        Action::QueryPushSchedulerList,
        on(json!({"startTime": ms(start), "endTime": ms(start + day * 5)})),
    )?;
    out.insert("scheduler-list".into(), a);
    let a = live.send(
        Action::QueryPushSchedulerList,
        on(json!({"startTime": ms(start), "endTime": ms(start + day * 5), "pageNumber": 9, "pageSize": 1})),
    )?;
    out.insert("scheduler-list-empty-page".into(), a);
    let a = live.send(
        Action::CancelPushScheduler,
        on(json!({"uniqueIds": [format!("{daily_id}-x"), "unknown"]})),
    )?;
    out.insert("cancel-none".into(), a);
    live.set_offset(live.offset_ms + 2 * 3_600_000)?;
    let a = live.send(
        Action::CancelPushScheduler,
        on(json!({"uniqueIds": [daily_id.clone(), fixed_id.clone()]})),
    )?;
    out.insert("cancel-some".into(), a);
    let a = live.send(
        Action::QueryPushAnalysisTaskDetail,
        on(json!({"taskId": fixed_id.clone()})),
    )?;
    out.insert("task-detail".into(), a);
    let a = live.send(
        Action::QueryPushAnalysisTaskDetail,
        on(json!({"taskId": "404"})),
    )?;
    out.insert("task-detail-unknown".into(), a);
    let a = live.send(
        Action::QueryPushAnalysisTaskList,
        on(json!({"startTime": ms(start - day)})),
    )?;
    out.insert("task-list".into(), a);
    let a = live.send(
        Action::RevokePushTask,
        on(json!({"taskId": fixed_id.clone()})),
    )?;
    out.insert("revoke-task".into(), a);
    let a = live.send(Action::RevokePushTask, on(json!({"taskId": "404"})))?;
    out.insert("revoke-task-unknown".into(), a);
    let a = live.send(
        Action::RevokePushMessage,
        on(json!({"messageId": "seed-immediate", "targetId": "user-1"})),
    )?;
    out.insert("revoke-message".into(), a);
    let a = live.send(
        Action::RevokePushMessage,
        on(json!({"messageId": "nope", "targetId": "user-1"})),
    )?;
    out.insert("revoke-message-unknown".into(), a);

    // Gateway errors.
    let wrong = Credentials::new(DEFAULT_ACCESS_KEY_ID, "wrong");
    let unknown = Credentials::new("unknown", "x");
    let req = with(json!({"msgkey": "seed-gw"}));
    let a = live.send_with(Action::PushBroadcast, &req, Some(&wrong), None)?;
    out.insert("gateway-signature-mismatch".into(), a);
    let a = live.send_with(Action::PushBroadcast, &req, Some(&unknown), None)?;
    out.insert("gateway-unknown-key".into(), a);
    let late = live.now() - chrono::Duration::hours(1);
    let a = live.send_with(Action::PushBroadcast, &req, None, Some(late))?;
    out.insert("gateway-expired".into(), a);
    let a = live.http("POST", "/?Action=PushBroadcast", &[], b"")?;
    out.insert("gateway-missing-parameter".into(), a);

    // Faults, one broadcast each.
    for (i, (label, fault)) in [
        ("fault-503", json!({"type": "status", "status": 503})),
        ("fault-500", json!({"type": "status", "status": 500})),
        (
            "fault-throttle",
            json!({"type": "throttle", "retryAfterMs": 1500, "status": 400}),
        ),
        (
            "fault-throttle-429",
            json!({"type": "throttle", "status": 429}),
        ),
        ("fault-malformed", json!({"type": "malformed_json"})),
        ("fault-not-json", json!({"type": "not_json"})),
        ("fault-push-failed", json!({"type": "push_failed"})),
    ]
    .into_iter()
    .enumerate()
    {
        live.control("POST", "faults", json!({"fault": fault, "count": 1}))?;
        let a = live.send(
            Action::PushBroadcast,
            with(json!({"msgkey": format!("seed-fault-{i}")})),
        )?;
        out.insert(label.into(), a);
    }

    let mut n = 0;
    for (label, a) in &out {
        std::fs::write(
            dir.join(format!("{label}.bin")),
            response_bytes(a.status, a.flags, &a.body),
        )?;
        n += 1;
    }
    for (label, status, flags, body) in [
        (
            "xml-throttling",
            400,
            5,
            "<?xml version=\"1.0\"?><Error><RequestId>r-1</RequestId><HostId>h</HostId><Code>Throttling.User</Code><Message>flow control</Message></Error>",
        ),
        (
            "camel-case-error",
            400,
            0,
            r#"{"code":"SignatureDoesNotMatch","message":"m","requestId":"r2"}"#,
        ),
        (
            "clock-skew-date",
            400,
            0b1000_0001,
            r#"{"Code":"InvalidTimeStamp.Expired","Message":"expired"}"#,
        ),
        (
            "forbidden",
            403,
            0,
            r#"{"Code":"Forbidden.RAM","Message":"no"}"#,
        ),
        ("html-502", 502, 0, "<html><body>Bad Gateway</body></html>"),
        ("ok-array", 200, 0, "[1,2,3]"),
        ("ok-empty", 200, 4, ""),
        (
            "ok-camel",
            200,
            0b0001_0000,
            r#"{"requestId":"r","resultCode":"OK","pushResult":{"success":true,"data":123}}"#,
        ),
        (
            "result-code-number",
            200,
            0,
            r#"{"RequestId":"r","ResultCode":3022,"ResultMessage":"TEMPLATE_NOT_EXIST"}"#,
        ),
        (
            "list-string-data",
            200,
            0b0001_1000,
            r#"{"RequestId":"r","ResultCode":"OK","ResultContent":{"Data":"{\"TotalCount\":1,\"List\":[{\"UniqueId\":\"1\",\"PushTime\":1795800000000,\"ExecutedStatus\":\"1\"}]}"}}"#,
        ),
    ] {
        std::fs::write(
            dir.join(format!("{label}.bin")),
            response_bytes(status, flags, body.as_bytes()),
        )?;
        n += 1;
    }
    Ok(n)
}
