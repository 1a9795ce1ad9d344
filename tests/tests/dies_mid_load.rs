//! The service dies in the middle of a load (issue 15): 10,000 broadcasts at
//! 64 in flight through one client, the emulator stopped 0.4 s in (every
//! connection dropped, answers in progress included). Every call must
//! resolve; no call the service accepted may be reported "not sent"; and
//! thanks to the client's retry budget the doomed calls fail at once with
//! the real cause instead of each waiting through its own backoff (34 s
//! before the budget). Figures go to `target/reliability/rust-dies.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mpaas_push::{BroadcastRequest, Client, Credentials, DeliveryType, Period, ProxyConfig};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::json;
use tokio::sync::Semaphore;

const ID: &str = "dies-access-key-id";
const SECRET: &str = "dies-secret-value-789";
const CALLS: usize = 10_000;
const IN_FLIGHT: usize = 64;
const DIES_AFTER: Duration = Duration::from_millis(400);
/// Generous: the calls left after the death fail in well under a second
/// here; without the budget they took tens of seconds.
const FAIL_FAST_WITHIN: Duration = Duration::from_secs(10);

fn request(msgkey: &str) -> BroadcastRequest {
    BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("test")
        .delivery_type(DeliveryType::Android)
        .msgkey(msgkey)
        .expired_seconds(300)
        .task_name("dies mid-load")
        .template_name("broadcast_tpl")
        .template_value("content", "x")
        .bind_period(Period::Days7)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_dies_mid_load_every_call_resolves_fast_and_truthfully() {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    cfg.max_stored_tasks = 2 * CALLS;
    let emu = Arc::new(Emulator::start(cfg).await.unwrap());
    // Default retry policy: what a user gets.
    let client = Client::builder()
        .endpoint(emu.url())
        .credentials(Credentials::new(ID, SECRET))
        .proxy(ProxyConfig::None)
        .build()
        .unwrap();

    let started = Instant::now();
    let killer = {
        let emu = Arc::clone(&emu);
        tokio::spawn(async move {
            tokio::time::sleep(DIES_AFTER).await;
            emu.stop();
            Instant::now()
        })
    };
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let permit = Arc::clone(&gate).acquire_owned().await.unwrap();
        let client = client.clone();
        calls.spawn(async move {
            let msgkey = format!("dies-{i}");
            let r = client.push_broadcast(&request(&msgkey)).await;
            drop(permit);
            (msgkey, r)
        });
    }
    let mut resolved = HashSet::new();
    let mut ok = HashSet::new();
    let mut unsent = Vec::new();
    let mut by_code = BTreeMap::<String, usize>::new();
    while let Some(done) = calls.join_next().await {
        let (msgkey, r) = done.unwrap();
        match &r {
            Ok(_) => {
                ok.insert(msgkey.clone());
                *by_code.entry("ok".into()).or_default() += 1;
            }
            Err(e) => {
                let kind = format!(
                    "{}{}",
                    e.code().as_str(),
                    if e.maybe_sent() { " (maybe sent)" } else { "" }
                );
                *by_code.entry(kind).or_default() += 1;
                if !e.maybe_sent() {
                    unsent.push(msgkey.clone());
                }
            }
        }
        assert!(resolved.insert(msgkey), "a call resolved twice");
    }
    let finished = Instant::now();
    let died = killer.await.unwrap();
    let accepted: HashSet<String> = emu
        .tasks()
        .iter()
        .filter_map(|t| t["msgkey"].as_str().map(str::to_owned))
        .collect();
    let after_death = finished.saturating_duration_since(died);
    let falsely_unsent: Vec<&String> = unsent.iter().filter(|k| accepted.contains(*k)).collect();
    let figures = json!({
        "calls": CALLS, "inFlight": IN_FLIGHT, "diesAfterMs": DIES_AFTER.as_millis(),
        "resolved": resolved.len(), "outcomes": by_code, "accepted": accepted.len(),
        "falselyUnsent": falsely_unsent.len(),
        "secondsAfterDeath": (after_death.as_secs_f64() * 100.0).round() / 100.0,
        "secondsTotal": (finished.duration_since(started).as_secs_f64() * 100.0).round() / 100.0,
    });
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/reliability");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("rust-dies.json"),
        serde_json::to_string_pretty(&json!({"language": "rust", "dies": figures})).unwrap(),
    )
    .unwrap();

    assert_eq!(resolved.len(), CALLS, "{figures}");
    assert!(
        falsely_unsent.is_empty(),
        "accepted but reported unsent: {figures}"
    );
    assert!(ok.iter().all(|k| accepted.contains(k)), "{figures}");
    assert!(
        ok.len() < CALLS,
        "the service died before the end: {figures}"
    );
    assert!(after_death < FAIL_FAST_WITHIN, "{figures}");
}
