//! Loopback load generator: how many valid signed `PushBroadcast` requests per
//! second the emulator answers. The emulator is the server every client
//! benchmark runs against, so it must never be the bottleneck.
//!
//! ```text
//! cargo run --release -p mpaas-push-emulator --example loadgen -- \
//!     [--requests N] [--connections C] [--server-threads 1] [--client-threads 1] \
//!     [--signature hmac-sha1|acs3-hmac-sha256]
//! ```
//!
//! The emulator runs in-process on its own tokio runtime with
//! `--server-threads` worker threads (default 1: "one core"). Before the clock
//! starts, N distinct valid requests are signed (fresh `Msgkey` and nonce
//! each, timestamp = now) and the C keep-alive HTTP/1.1 connections are
//! opened, so client-side signing and connection setup are not measured.
//! The requests are then sent from a separate client runtime, one in flight
//! per connection; every answer must be HTTP 200 with `"ResultCode":"OK"`
//! (any failure: exit status 1). One summary line is printed, e.g.
//!
//! ```text
//! emulator throughput: 25,300 req/s (N=100000, connections=64, server threads=1, signature=hmac-sha1), p50 1.2 ms, p99 4.1 ms, server cpu 99%
//! ```
//!
//! p50/p99 are per-request round trips seen by the client. `server cpu` (on
//! Linux) is the CPU time the emulator's threads used over the timed run:
//! about 100% per server thread means the emulator set the pace; clearly
//! less means the client or other work on the machine did, and the figure
//! understates the emulator. Leave a core for the client, and where other
//! work competes, pin it away, e.g. `taskset -c 2,3 target/release/examples/loadgen …`.

use std::error::Error;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::Utc;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::wire::{Params, PayloadEncoding, operation_params};
use mpaas_push::{
    ApiVersion, BroadcastRequest, Credentials, DeliveryType, Endpoint, Period, SignatureMethod,
    validate,
};
use mpaas_push_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
};

type BoxError = Box<dyn Error + Send + Sync>;
type Req = Request<Full<Bytes>>;

/// Name of the emulator runtime's threads (at most 15 bytes: Linux `comm`).
const SERVER_THREAD: &str = "emulator";

const USAGE: &str = "usage: loadgen [--requests N] [--connections C] [--server-threads T] \
[--client-threads T] [--signature hmac-sha1|acs3-hmac-sha256]";

#[derive(Debug)]
struct Args {
    requests: usize,
    connections: usize,
    server_threads: usize,
    client_threads: usize,
    signature: SignatureMethod,
}

/// The arguments, or `None` after printing the usage for `--help`.
fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        requests: 100_000,
        connections: 64,
        server_threads: 1,
        client_threads: 1,
        signature: SignatureMethod::HmacSha1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return Ok(None);
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let count = |v: &str| match v.replace('_', "").parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{flag}: expected a positive integer, got {v:?}")),
        };
        match flag.as_str() {
            "--requests" | "-n" => args.requests = count(&value)?,
            "--connections" | "-c" => args.connections = count(&value)?,
            "--server-threads" => args.server_threads = count(&value)?,
            "--client-threads" => args.client_threads = count(&value)?,
            "--signature" => args.signature = value.parse().map_err(|e| format!("{e}"))?,
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    args.connections = args.connections.min(args.requests);
    Ok(Some(args))
}

fn runtime(threads: usize, name: &str) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .thread_name(name)
        .enable_all()
        .build()
}

/// Signs `n` distinct valid broadcasts (on every core: this is not timed).
fn presign(n: usize, endpoint: &Endpoint, method: SignatureMethod) -> Result<Vec<Req>, BoxError> {
    let now = Utc::now();
    let req = BroadcastRequest::builder()
        .app_id("ONEX570DA89211721")
        .workspace_id("loadgen")
        .delivery_type(DeliveryType::Android)
        .msgkey("loadgen")
        .expired_seconds(300)
        .task_name("loadgen 群发")
        .template_name("broadcast_tpl")
        .template_value("content", "hello from loadgen*~")
        .bind_period(Period::Days7)
        .build()?;
    validate(&req, now)?;
    let base = operation_params(&req, PayloadEncoding::Flattened);
    let credentials = Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
    // Unique per run, so repeated runs against one emulator never collide.
    let run = now.timestamp_micros();
    let origin_len = endpoint.url().trim_end_matches('/').len();

    let sign_range = |range: std::ops::Range<usize>| -> Result<Vec<Req>, BoxError> {
        let mut out = Vec::with_capacity(range.len());
        for i in range {
            let id = format!("lg-{run:x}-{i}");
            let mut params: Params = base.clone();
            params.insert("Msgkey".to_owned(), id.clone());
            let ctx = SigningContext {
                endpoint,
                api_version: ApiVersion::V2020_10_28,
                method,
                credentials: &credentials,
                timestamp: now,
                nonce: &id,
                user_agent: "mpaas-push-emulator-loadgen",
            };
            let p = prepare(&ctx, "PushBroadcast", &params);
            let mut b = Request::post(&p.url[origin_len..]);
            for (k, v) in &p.headers {
                b = b.header(k.as_str(), v.as_str());
            }
            out.push(b.body(Full::new(Bytes::from(p.body)))?);
        }
        Ok(out)
    };

    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = n.div_ceil(workers);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let sign_range = &sign_range;
                s.spawn(move || sign_range(start..(start + chunk).min(n)))
            })
            .collect();
        let mut all = Vec::with_capacity(n);
        for h in handles {
            all.extend(h.join().map_err(|_| "signing thread panicked")??);
        }
        Ok(all)
    })
}

#[derive(Debug, Default)]
struct ConnResult {
    latencies_us: Vec<u32>,
    failures: usize,
    first_failure: Option<String>,
}

impl ConnResult {
    fn fail(&mut self, why: String) {
        self.failures += 1;
        self.first_failure.get_or_insert(why);
    }
}

async fn connect(
    addr: SocketAddr,
) -> Result<hyper::client::conn::http1::SendRequest<Full<Bytes>>, BoxError> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// Sends `reqs` one after another on one keep-alive connection.
async fn drive(
    mut sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    reqs: Vec<Req>,
) -> ConnResult {
    let mut r = ConnResult {
        latencies_us: Vec::with_capacity(reqs.len()),
        ..Default::default()
    };
    let total = reqs.len();
    for (i, req) in reqs.into_iter().enumerate() {
        if let Err(e) = sender.ready().await {
            let lost = total - i;
            r.failures += lost - 1;
            r.fail(format!("connection lost ({lost} requests not sent): {e}"));
            break;
        }
        let t0 = Instant::now();
        let answer = async {
            let resp = sender.send_request(req).await?;
            let status = resp.status();
            let body = resp.into_body().collect().await?.to_bytes();
            Ok::<_, BoxError>((status, body))
        }
        .await;
        let us = u32::try_from(t0.elapsed().as_micros()).unwrap_or(u32::MAX);
        match answer {
            Ok((StatusCode::OK, body)) if contains(&body, br#""ResultCode":"OK""#) => {
                r.latencies_us.push(us);
            }
            Ok((status, body)) => r.fail(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(400)])
            )),
            Err(e) => r.fail(format!("request failed: {e}")),
        }
    }
    r
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `25300` → `25,300`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn percentile_ms(sorted_us: &[u32], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted_us.len() as f64 * p).ceil() as usize).clamp(1, sorted_us.len()) - 1;
    f64::from(sorted_us[idx]) / 1000.0
}

/// CPU time (ns) used so far by this process's threads named `name`, from
/// Linux's `/proc/self/task/*/schedstat`; `None` elsewhere.
fn threads_cpu_ns(name: &str) -> Option<u64> {
    let mut total = 0;
    let mut found = false;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        let dir = task.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if comm.trim_end() != name {
            continue;
        }
        let stat = std::fs::read_to_string(dir.join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
        found = true;
    }
    found.then_some(total)
}

fn run(args: &Args) -> Result<bool, BoxError> {
    let server_rt = runtime(args.server_threads, SERVER_THREAD)?;
    let emulator = server_rt.block_on(Emulator::start(EmulatorConfig::default()))?;
    let addr = emulator.addr();
    let endpoint = Endpoint::parse(&emulator.url(), false)?;

    let reqs = presign(args.requests, &endpoint, args.signature)?;

    // Deal the requests round-robin onto the connections.
    let c = args.connections;
    let mut per_conn: Vec<Vec<Req>> = (0..c)
        .map(|_| Vec::with_capacity(args.requests.div_ceil(c)))
        .collect();
    for (i, r) in reqs.into_iter().enumerate() {
        per_conn[i % c].push(r);
    }

    let client_rt = runtime(args.client_threads, "loadgen-client")?;
    let (elapsed, server_cpu_ns, results) = client_rt.block_on(async {
        let mut senders = Vec::with_capacity(c);
        for _ in 0..c {
            senders.push(connect(addr).await?);
        }
        let cpu_before = threads_cpu_ns(SERVER_THREAD);
        let start = Instant::now();
        let tasks: Vec<_> = senders
            .into_iter()
            .zip(per_conn)
            .map(|(s, reqs)| tokio::spawn(drive(s, reqs)))
            .collect();
        let mut results = Vec::with_capacity(c);
        for t in tasks {
            results.push(t.await?);
        }
        let elapsed = start.elapsed();
        let cpu = cpu_before
            .zip(threads_cpu_ns(SERVER_THREAD))
            .map(|(a, b)| b.saturating_sub(a));
        Ok::<_, BoxError>((elapsed, cpu, results))
    })?;
    drop(client_rt);

    let received = emulator.received_count();
    server_rt.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(5), emulator.shutdown()).await;
    });

    let failures: usize = results.iter().map(|r| r.failures).sum();
    let mut lat: Vec<u32> = results
        .iter()
        .flat_map(|r| r.latencies_us.iter().copied())
        .collect();
    lat.sort_unstable();
    let ok = lat.len();
    let rate = ok as f64 / elapsed.as_secs_f64();
    // How busy the server threads were: ~100% per thread means the emulator,
    // not this client, set the pace.
    let server_cpu = server_cpu_ns
        .map(|ns| {
            format!(
                ", server cpu {:.0}%",
                ns as f64 / 1e7 / elapsed.as_secs_f64()
            )
        })
        .unwrap_or_default();
    println!(
        "emulator throughput: {} req/s (N={}, connections={}, server threads={}, signature={}), p50 {:.1} ms, p99 {:.1} ms{server_cpu}",
        thousands(rate.round() as u64),
        args.requests,
        c,
        args.server_threads,
        args.signature,
        percentile_ms(&lat, 0.50),
        percentile_ms(&lat, 0.99),
    );
    if received != args.requests as u64 {
        eprintln!(
            "warning: emulator counted {received} requests, {} sent",
            args.requests
        );
    }
    if failures > 0 {
        eprintln!(
            "FAILED: {failures} of {} requests did not get HTTP 200 with \"ResultCode\":\"OK\"",
            args.requests
        );
        if let Some(first) = results.iter().find_map(|r| r.first_failure.as_deref()) {
            eprintln!("first failure: {first}");
        }
        return Ok(false);
    }
    Ok(true)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("loadgen: {e}");
            ExitCode::FAILURE
        }
    }
}
