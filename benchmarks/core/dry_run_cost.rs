//! The core's CPU work per call, counted in instructions (callgrind) so the
//! figure is the same on a busy or a quiet machine: for every case of
//! `tests/vectors/requests.json`, read the neutral JSON, validate, encode
//! and sign (a pinned dry run), ITERATIONS times. Copied into
//! `core/examples/` of the revision being measured by `instructions.sh`, so
//! it only uses API that exists before and after the one-rulebook work.

use chrono::{DateTime, Utc};
use mpaas_push::{BroadcastRequest, Client, Credentials};
use serde_json::Value;

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/requests.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("vectors"))
        .expect("json");
    let cases: Vec<(Value, DateTime<Utc>, String)> = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let v1 = &c["v1"];
            (
                c["request"].clone(),
                v1["timestamp"].as_str().expect("ts").parse().expect("ts"),
                v1["nonce"].as_str().expect("nonce").to_owned(),
            )
        })
        .collect();
    let client = Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(Credentials::new("LTAI-bench", "bench-secret"))
        .build()
        .expect("client");
    let mut bytes = 0usize;
    for _ in 0..iterations {
        for (json, at, nonce) in &cases {
            let req = BroadcastRequest::from_json(json).expect("request");
            let p = client
                .prepare_broadcast_at(&req, *at, nonce)
                .expect("prepare");
            bytes += p.body.len();
        }
    }
    println!("calls={} bytes={bytes}", iterations * cases.len());
}
