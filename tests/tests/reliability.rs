//! The shared fault matrix (`tests/reliability/faults.json`) run by the Rust
//! core against the emulator: outcome, error code, `maybe_sent`, attempts the
//! emulator saw and broadcasts it accepted (never more than one per Msgkey).
//! Observations go to `target/reliability/rust.json` for
//! `scripts/reliability_report.py`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::PathBuf;
use std::time::Duration;

use mpaas_push::{BroadcastRequest, Client, Credentials, RetryPolicy, generate_msgkey};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::{Map, Value, json};

const ID: &str = "reliability-id";
const SECRET: &str = "reliability-secret";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn table() -> Value {
    let path = repo_root().join("tests/reliability/faults.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn control(url: &str, method: &str, route: &str, body: Option<Value>) -> Value {
    let http = reqwest::Client::new();
    let url = format!("{url}/_emulator/{route}");
    let req = match method {
        "GET" => http.get(url),
        _ => http.post(url).body(body.unwrap_or(json!({})).to_string()),
    };
    let resp = req.send().await.unwrap();
    assert!(
        resp.status().is_success(),
        "control {route}: {}",
        resp.status()
    );
    serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
}

fn ms(v: &Value, key: &str, defaults: &Value) -> Duration {
    Duration::from_millis(v[key].as_u64().or(defaults[key].as_u64()).unwrap())
}

/// A loopback port nothing listens on.
fn closed_port() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

async fn run_scenario(doc: &Value, sc: &Value) -> Map<String, Value> {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    let emu = Emulator::start(cfg).await.unwrap();
    let url = emu.url();
    if let Some(off) = sc["clockOffsetSeconds"].as_i64() {
        control(&url, "POST", "clock", Some(json!({ "offsetSeconds": off }))).await;
    }
    for f in sc["faults"].as_array().unwrap() {
        control(&url, "POST", "faults", Some(f.clone())).await;
    }
    let d = &doc["clientDefaults"];
    let c = sc.get("client").cloned().unwrap_or(json!({}));
    let endpoint = match sc["endpoint"].as_str() {
        Some("closed-port") => closed_port(),
        _ => url.clone(),
    };
    let client = Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new(ID, SECRET))
        .connect_timeout(ms(&c, "connectTimeoutMs", d))
        .read_timeout(ms(&c, "readTimeoutMs", d))
        .total_timeout(ms(&c, "totalTimeoutMs", d))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(
                    c["maxAttempts"]
                        .as_u64()
                        .or(d["maxAttempts"].as_u64())
                        .unwrap() as u32,
                )
                .with_delays(ms(&c, "baseDelayMs", d), ms(&c, "maxDelayMs", d))
                .with_retry_maybe_sent(
                    c["retryMaybeSent"]
                        .as_bool()
                        .or(d["retryMaybeSent"].as_bool())
                        .unwrap(),
                ),
        )
        .build()
        .unwrap();
    let msgkey = generate_msgkey();
    let mut request = doc["request"].clone();
    request["msgkey"] = json!(msgkey);
    let req = BroadcastRequest::from_json(&request).unwrap();
    let result = client.push_broadcast(&req).await;

    let mut seen = Map::new();
    seen.insert("name".into(), sc["name"].clone());
    match &result {
        Ok(r) => {
            seen.insert("outcome".into(), json!("ok"));
            seen.insert("alreadyAccepted".into(), json!(r.already_accepted));
        }
        Err(e) => {
            seen.insert("outcome".into(), json!("error"));
            seen.insert("code".into(), json!(e.code().as_str()));
            seen.insert("maybeSent".into(), json!(e.maybe_sent()));
            seen.insert("clientAttempts".into(), json!(e.attempts()));
            if let Some(s) = e.http_status() {
                seen.insert("httpStatus".into(), json!(s));
            }
            if let Some(k) = e.timeout_kind() {
                seen.insert("timeoutKind".into(), json!(k.as_str()));
            }
            if let Some(c) = e.service_code() {
                seen.insert("serviceCode".into(), json!(c));
            }
        }
    }
    let requests = control(&url, "GET", "requests?action=PushBroadcast", None).await;
    seen.insert(
        "emulatorAttempts".into(),
        json!(requests["requests"].as_array().unwrap().len()),
    );
    let tasks = control(&url, "GET", "tasks?all=true", None).await;
    let accepted = tasks["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["msgkey"] == msgkey.as_str())
        .count();
    seen.insert("accepted".into(), json!(accepted));
    emu.shutdown().await;
    seen
}

/// Keys of `expect` that differ in `seen`.
fn mismatches(expect: &Value, seen: &Map<String, Value>) -> Vec<String> {
    expect
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| seen.get(*k) != Some(*v))
        .map(|(k, v)| {
            format!(
                "{k}: expected {v}, observed {}",
                seen.get(k).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix() {
    let doc = table();
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for sc in doc["scenarios"].as_array().unwrap() {
        let seen = run_scenario(&doc, sc).await;
        let bad = mismatches(&sc["expect"], &seen);
        assert!(seen["accepted"].as_u64().unwrap() <= 1, "{seen:?}");
        if !bad.is_empty() {
            failures.push(format!("{}: {}", sc["name"], bad.join("; ")));
        }
        rows.push(Value::Object(seen));
    }
    let out = repo_root().join("target/reliability");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("rust.json"),
        serde_json::to_string_pretty(&json!({"language": "rust", "observed": rows})).unwrap(),
    )
    .unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
