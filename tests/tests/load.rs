//! Load: 10,000 broadcasts through one shared client at 256 in flight
//! against the emulator — every call resolves exactly once, the emulator
//! accepts every Msgkey exactly once — plus peak RSS and file descriptors
//! across 100 client create/close cycles. Figures go to
//! `target/reliability/rust-load.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use mpaas_push::{BroadcastRequest, Client, Credentials};
use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::{Value, json};
use tokio::sync::Semaphore;

const ID: &str = "load-id";
const SECRET: &str = "load-secret";
const CALLS: usize = 10_000;
const IN_FLIGHT: usize = 256;

fn request(msgkey: &str) -> BroadcastRequest {
    BroadcastRequest::from_json(&json!({
        "appId": "ONEX570DA89211721", "workspaceId": "test", "deliveryType": 1,
        "msgkey": msgkey, "expiredSeconds": 300, "taskName": "load",
        "templateName": "broadcast_tpl", "templateKeyValue": {"content": "hi"}, "bindPeriod": 1
    }))
    .unwrap()
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    (kib / 1024.0 * 10.0).round() / 10.0
}

async fn all_tasks(url: &str) -> Vec<Value> {
    let body = reqwest::get(format!("{url}/_emulator/tasks?all=true"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&body).unwrap();
    v["tasks"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_broadcasts_none_lost_none_doubled() {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![AccessKey::new(ID, SECRET)];
    cfg.max_stored_tasks = 2 * CALLS;
    let emu = Emulator::start(cfg).await.unwrap();
    let build = || {
        Client::builder()
            .endpoint(emu.url())
            .credentials(Credentials::new(ID, SECRET))
            .build()
            .unwrap()
    };

    // 100 create → call → close cycles: no descriptor growth.
    let warm = build();
    warm.push_broadcast(&request("warm-up")).await.unwrap();
    drop(warm);
    let fds_before = open_fds();
    for i in 0..100 {
        let c = build();
        c.push_broadcast(&request(&format!("cycle-{i}")))
            .await
            .unwrap();
    }
    // Connections close when their pool is dropped; give the runtime a beat.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let fds_after = open_fds();

    // 10,000 calls, 256 in flight, one client.
    let client = build();
    let gate = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let permit = Arc::clone(&gate).acquire_owned().await.unwrap();
        let client = client.clone();
        calls.spawn(async move {
            let msgkey = format!("load-{i}");
            let r = client.push_broadcast(&request(&msgkey)).await;
            drop(permit);
            (msgkey, r)
        });
    }
    let mut resolved = HashSet::new();
    let mut errors = Vec::new();
    while let Some(done) = calls.join_next().await {
        let (msgkey, r) = done.unwrap();
        if let Err(e) = &r {
            errors.push(format!("{msgkey}: {e}"));
        }
        assert!(resolved.insert(msgkey), "a call resolved twice");
    }
    let tasks = all_tasks(&emu.url()).await;
    let mut per_key = std::collections::HashMap::<String, usize>::new();
    for t in &tasks {
        if let Some(k) = t["msgkey"].as_str().filter(|k| k.starts_with("load-")) {
            *per_key.entry(k.to_owned()).or_default() += 1;
        }
    }
    let duplicated = per_key.values().filter(|n| **n > 1).count();
    let lost = CALLS - per_key.len();
    let figures = json!({
        "calls": CALLS, "inFlight": IN_FLIGHT, "resolved": resolved.len(),
        "lost": lost, "duplicated": duplicated, "peakRssMiB": peak_rss_mib(),
        "fdsBefore": fds_before, "fdsAfter": fds_after,
    });
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/reliability");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("rust-load.json"),
        serde_json::to_string_pretty(&json!({"language": "rust", "load": figures})).unwrap(),
    )
    .unwrap();
    emu.shutdown().await;

    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(resolved.len(), CALLS);
    assert_eq!((lost, duplicated), (0, 0), "{figures}");
    assert!(fds_after <= fds_before + 3, "descriptors grew: {figures}");
}
