//! Criterion benchmarks of the per-request CPU work: reading the neutral JSON,
//! validation, wire encoding, percent-encoding and the pure signing paths
//! (RPC HMAC-SHA1 and `ACS3-HMAC-SHA256`), plus a client dry run.
//!
//! Every case of `tests/vectors/requests.json` is benchmarked; the HMAC-SHA1
//! signature of each case is checked against the official-SDK vector before
//! timing, so the numbers are for the correct code path.
//!
//! Run with `cargo bench -p mpaas-push --bench sign`.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::wire::{PayloadEncoding, operation_params};
use mpaas_push::{ApiVersion, BroadcastRequest, Client, Credentials, Endpoint, SignatureMethod};
use serde_json::Value;

const USER_AGENT: &str = "mpaas-push-bench";
const ACTION: &str = "PushBroadcast";

/// One `requests.json` case, pre-parsed.
struct Case {
    name: String,
    json: Value,
    req: BroadcastRequest,
    credentials: Credentials,
    timestamp: DateTime<Utc>,
    nonce: String,
    v1_signature: String,
}

fn load_cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/requests.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let root: Value = serde_json::from_str(&text).expect("requests.json is valid JSON");
    root["cases"]
        .as_array()
        .expect("requests.json has a `cases` array")
        .iter()
        .map(|c| {
            let name = c["name"].as_str().expect("case name").to_owned();
            let json = c["request"].clone();
            let req = BroadcastRequest::from_json(&json)
                .unwrap_or_else(|e| panic!("case {name}: request does not parse: {e}"));
            let cred = &c["credentials"];
            let mut credentials = Credentials::new(
                cred["accessKeyId"]
                    .as_str()
                    .expect("accessKeyId")
                    .to_owned(),
                cred["accessKeySecret"]
                    .as_str()
                    .expect("accessKeySecret")
                    .to_owned(),
            );
            if let Some(tok) = cred["securityToken"].as_str() {
                credentials = credentials.with_security_token(tok.to_owned());
            }
            let v1 = &c["v1"];
            let timestamp =
                DateTime::parse_from_rfc3339(v1["timestamp"].as_str().expect("v1.timestamp"))
                    .expect("v1.timestamp is RFC 3339")
                    .with_timezone(&Utc);
            let nonce = v1["nonce"].as_str().expect("v1.nonce").to_owned();
            let v1_signature = v1["signature"].as_str().expect("v1.signature").to_owned();
            Case {
                name,
                json,
                req,
                credentials,
                timestamp,
                nonce,
                v1_signature,
            }
        })
        .collect()
}

fn endpoint() -> Endpoint {
    Endpoint::parse("mpaas.cn-hangzhou.aliyuncs.com", false).expect("valid endpoint")
}

fn ctx<'a>(case: &'a Case, endpoint: &'a Endpoint, method: SignatureMethod) -> SigningContext<'a> {
    SigningContext {
        endpoint,
        api_version: ApiVersion::V2020_10_28,
        method,
        credentials: &case.credentials,
        timestamp: case.timestamp,
        nonce: &case.nonce,
        user_agent: USER_AGENT,
    }
}

fn configure(g: &mut BenchmarkGroup<'_, WallTime>) {
    g.sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1));
}

/// A 200-character mix of ASCII, reserved characters, spaces, Chinese and emoji.
fn mixed_200() -> String {
    let unit = "Hello world~*/+=&? 群发测试任务公告内容 🚀🎉 a-b_c.d ";
    let s: String = unit.chars().cycle().take(200).collect();
    assert_eq!(s.chars().count(), 200);
    s
}

fn benches(c: &mut Criterion) {
    let cases = load_cases();
    let endpoint = endpoint();

    // Sanity: the timed paths produce the official-SDK signatures.
    for case in &cases {
        mpaas_push::validate(&case.req, case.timestamp)
            .unwrap_or_else(|e| panic!("case {}: does not validate: {e}", case.name));
        let params = operation_params(&case.req, PayloadEncoding::Flattened);
        let p = prepare(
            &ctx(case, &endpoint, SignatureMethod::HmacSha1),
            ACTION,
            &params,
        );
        assert_eq!(
            p.signature, case.v1_signature,
            "case {}: HMAC-SHA1 signature",
            case.name
        );
    }

    let mut g = c.benchmark_group("validate");
    configure(&mut g);
    for case in &cases {
        g.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| mpaas_push::validate(black_box(&case.req), black_box(case.timestamp)));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("json_read");
    configure(&mut g);
    for case in &cases {
        g.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| BroadcastRequest::from_json(black_box(&case.json)));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("wire_encode");
    configure(&mut g);
    for case in &cases {
        g.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| operation_params(black_box(&case.req), PayloadEncoding::Flattened));
        });
    }
    g.finish();

    let mut g = c.benchmark_group("percent_encode");
    configure(&mut g);
    let mixed = mixed_200();
    g.bench_function("mixed_200_chars", |b| {
        b.iter(|| mpaas_push::encode::percent_encode(black_box(&mixed)));
    });
    g.finish();

    for (group, method) in [
        ("sign_hmac_sha1", SignatureMethod::HmacSha1),
        ("sign_acs3", SignatureMethod::Acs3HmacSha256),
    ] {
        let mut g = c.benchmark_group(group);
        configure(&mut g);
        for case in &cases {
            let params = operation_params(&case.req, PayloadEncoding::Flattened);
            let ctx = ctx(case, &endpoint, method);
            g.bench_with_input(
                BenchmarkId::from_parameter(&case.name),
                &params,
                |b, params| {
                    b.iter(|| prepare(black_box(&ctx), ACTION, black_box(params)));
                },
            );
        }
        g.finish();
    }

    let mut g = c.benchmark_group("validate_and_sign_hmac_sha1");
    configure(&mut g);
    for case in &cases {
        let ctx = ctx(case, &endpoint, SignatureMethod::HmacSha1);
        g.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| {
                let req = black_box(&case.req);
                mpaas_push::validate(req, case.timestamp).unwrap();
                let params = operation_params(req, PayloadEncoding::Flattened);
                prepare(black_box(&ctx), ACTION, &params)
            });
        });
    }
    g.finish();

    let mut g = c.benchmark_group("dry_run_client");
    configure(&mut g);
    for case in &cases {
        let client = Client::builder()
            .credentials(case.credentials.clone())
            .build()
            .expect("client builds");
        let p = client
            .prepare_broadcast_at(&case.req, case.timestamp, &case.nonce)
            .expect("dry run succeeds");
        assert_eq!(
            p.signature, case.v1_signature,
            "case {}: dry-run signature",
            case.name
        );
        g.bench_with_input(BenchmarkId::from_parameter(&case.name), case, |b, case| {
            b.iter(|| {
                client
                    .prepare_broadcast_at(black_box(&case.req), case.timestamp, &case.nonce)
                    .unwrap()
            });
        });
    }
    g.finish();
}

criterion_group!(sign_benches, benches);
criterion_main!(sign_benches);
