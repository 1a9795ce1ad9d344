//! Client CPU per `PushBroadcast` of the Rust core against a separate
//! emulator process, and the physical floor it is compared with. One flavour
//! per process (so peak RSS is that flavour's); prints one JSON line (the
//! benchmark contract of `benchmarks/run.sh`) and exits 1 if any call failed.
//!
//! ```text
//! mpaas-push-bench --flavour F --endpoint http://127.0.0.1:PORT [--n N] [--warmup W]
//!     [--concurrency C] [--emulator-pid PID] [--key-id ID] [--key-secret S] [--vectors PATH]
//! ```
//!
//! Flavours:
//! * `floor-seq`: N requests signed before the clock with the core's own
//!   `prepare` (fresh nonce and `Msgkey` each, timestamp now), written by hand
//!   on ONE keep-alive `std::net::TcpStream`, response head and
//!   `Content-Length` body read by hand, one at a time. No HTTP library, no
//!   runtime: what any client must at least spend per call on this machine.
//! * `ours-blocking-seq`: `Client::push_broadcast_blocking`, one at a time.
//! * `ours-async-seq`: `Client::push_broadcast(..).await`, one at a time,
//!   from a current-thread tokio runtime of the caller.
//! * `ours-async-c32`: `--concurrency` (32) calls in flight on one client.
//! * `ours-async-capacity`: same, meant for the latency emulator (256).
//! * `core-dry-run`: pinned dry run (`prepare_broadcast_at`) of every case of
//!   `tests/vectors/requests.json`, CPU µs per call; no network.
//!
//! Client CPU is `getrusage(RUSAGE_SELF)` user + system (every thread of the
//! process) over the measured calls only; emulator CPU comes from
//! `/proc/<pid>/stat` over the same calls.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{DateTime, Utc};
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::wire::{PayloadEncoding, operation_params};
use mpaas_push::{
    ApiVersion, BroadcastRequest, Client, Credentials, DeliveryType, Endpoint, Period,
    SignatureMethod, VERSION,
};
use serde_json::{Value, json};

const APP_ID: &str = "ONEX570DA89211721";
const WORKSPACE_ID: &str = "test";
const TEMPLATE_NAME: &str = "broadcast_tpl";
const CONTENT: &str = "hello from the benchmark";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    flavour: String,
    endpoint: String,
    n: usize,
    warmup: usize,
    concurrency: usize,
    emulator_pid: Option<u32>,
    key_id: String,
    key_secret: String,
    vectors: String,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        flavour: String::new(),
        endpoint: String::new(),
        n: 2000,
        warmup: 100,
        concurrency: 32,
        emulator_pid: None,
        key_id: "benchid".into(),
        key_secret: "benchsecret".into(),
        vectors: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/vectors/requests.json"
        )
        .into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.parse::<usize>().map_err(|_| format!("bad number {v:?}"));
        match flag.as_str() {
            "--flavour" => a.flavour = val()?,
            "--endpoint" => a.endpoint = val()?,
            "--n" => a.n = num(val()?)?,
            "--warmup" => a.warmup = num(val()?)?,
            "--concurrency" => a.concurrency = num(val()?)?.max(1),
            "--emulator-pid" => {
                a.emulator_pid = Some(val()?.parse().map_err(|_| "bad pid".to_owned())?);
            }
            "--key-id" => a.key_id = val()?,
            "--key-secret" => a.key_secret = val()?,
            "--vectors" => a.vectors = val()?,
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    if a.flavour.is_empty() {
        return Err("--flavour is required".into());
    }
    if a.endpoint.is_empty() && a.flavour != "core-dry-run" {
        return Err("--endpoint is required".into());
    }
    Ok(a)
}

/// User + system CPU of the whole process (µs), voluntary + involuntary
/// context switches, peak RSS (KiB).
#[allow(unsafe_code)]
fn rusage() -> (u64, u64, u64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; RUSAGE_SELF is always valid.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut r) };
    let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    (
        us(r.ru_utime) + us(r.ru_stime),
        (r.ru_nvcsw + r.ru_nivcsw) as u64,
        r.ru_maxrss as u64,
    )
}

/// utime + stime of another process, in seconds.
fn process_cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SC_CLK_TCK is 100 on every Linux this runs on.
    Some(ticks as f64 / 100.0)
}

fn load_1m() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

fn request(msgkey: &str) -> Result<BroadcastRequest, BoxError> {
    Ok(BroadcastRequest::builder()
        .app_id(APP_ID)
        .workspace_id(WORKSPACE_ID)
        .delivery_type(DeliveryType::Android)
        .msgkey(msgkey)
        .expired_seconds(300)
        .task_name("bench")
        .template_name(TEMPLATE_NAME)
        .template_value("content", CONTENT)
        .bind_period(Period::Days7)
        .build()?)
}

fn client(a: &Args) -> Result<Client, BoxError> {
    Ok(Client::builder()
        .endpoint(a.endpoint.as_str())
        .credentials(Credentials::new(a.key_id.as_str(), a.key_secret.as_str()))
        .build()?)
}

/// Outcome of a batch of calls.
#[derive(Default)]
struct Tally {
    errors: usize,
    first: Option<String>,
}

impl Tally {
    fn fail(&mut self, why: String) {
        self.errors += 1;
        self.first.get_or_insert(why);
    }
}

fn check_result(r: Result<mpaas_push::BroadcastResult, mpaas_push::Error>, t: &mut Tally) {
    match r {
        Ok(ok) if ok.result_code.as_deref() == Some("OK") && ok.task_id.is_some() => {}
        Ok(ok) => t.fail(format!("unexpected result {ok:?}")),
        Err(e) => t.fail(e.to_string()),
    }
}

// ---------------------------------------------------------------- floor

/// One pre-signed request, as the bytes written on the socket.
fn presign(a: &Args, count: usize, run: &str) -> Result<Vec<Vec<u8>>, BoxError> {
    let endpoint = Endpoint::parse(&a.endpoint, false)?;
    let credentials = Credentials::new(a.key_id.as_str(), a.key_secret.as_str());
    let now = Utc::now();
    let base = operation_params(&request("x")?, PayloadEncoding::Flattened);
    let url = endpoint.url();
    let path_at = url
        .find("://")
        .and_then(|i| url[i + 3..].find('/').map(|j| i + 3 + j))
        .ok_or("endpoint URL without a path")?;
    let user_agent = format!("mpaas-push/{VERSION} (floor)");
    (0..count)
        .map(|i| {
            let id = format!("{run}-{i}");
            let mut params = base.clone();
            params.insert("Msgkey".to_owned(), id.clone());
            let ctx = SigningContext {
                endpoint: &endpoint,
                api_version: ApiVersion::V2020_10_28,
                method: SignatureMethod::HmacSha1,
                credentials: &credentials,
                timestamp: now,
                nonce: &id,
                user_agent: &user_agent,
            };
            let p = prepare(&ctx, "PushBroadcast", &params);
            let mut out = Vec::with_capacity(p.url.len() + p.body.len() + 256);
            write!(out, "POST {} HTTP/1.1\r\n", &p.url[path_at..])?;
            for (k, v) in &p.headers {
                write!(out, "{k}: {v}\r\n")?;
            }
            write!(out, "content-length: {}\r\n\r\n", p.body.len())?;
            out.extend_from_slice(p.body.as_bytes());
            Ok(out)
        })
        .collect()
}

/// Sends one request and reads its answer: `Ok(None)` on success.
fn floor_call(
    r: &mut BufReader<TcpStream>,
    req: &[u8],
    line: &mut String,
    body: &mut Vec<u8>,
) -> Result<Option<String>, BoxError> {
    r.get_mut().write_all(req)?;
    line.clear();
    r.read_line(line)?;
    let ok_status = line.starts_with("HTTP/1.1 200");
    let status_line = line.trim_end().to_owned();
    let mut length = None;
    loop {
        line.clear();
        if r.read_line(line)? == 0 {
            return Err("connection closed".into());
        }
        let h = line.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = Some(v.trim().parse::<usize>()?);
        }
    }
    let length = length.ok_or("no Content-Length in the answer")?;
    body.clear();
    body.resize(length, 0);
    r.read_exact(body)?;
    let text = String::from_utf8_lossy(body);
    if ok_status && text.contains(r#""ResultCode":"OK""#) && text.contains(r#""Data":""#) {
        Ok(None)
    } else {
        Ok(Some(format!("{status_line}: {text}")))
    }
}

fn floor_run(
    r: &mut BufReader<TcpStream>,
    reqs: &[Vec<u8>],
    t: &mut Tally,
) -> Result<(), BoxError> {
    let mut line = String::new();
    let mut body = Vec::new();
    for req in reqs {
        if let Some(why) = floor_call(r, req, &mut line, &mut body)? {
            t.fail(why);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- ours

fn blocking_run(c: &Client, prefix: &str, n: usize, t: &mut Tally) -> Result<(), BoxError> {
    for i in 0..n {
        let req = request(&format!("{prefix}-{i}"))?;
        check_result(c.push_broadcast_blocking(&req), t);
    }
    Ok(())
}

/// `n` calls with `concurrency` in flight, from the current task.
async fn async_run(c: &Client, prefix: &str, n: usize, concurrency: usize) -> Tally {
    let next = Arc::new(AtomicUsize::new(0));
    let lanes = (0..concurrency.min(n.max(1))).map(|_| {
        let next = Arc::clone(&next);
        async move {
            let mut t = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return t;
                }
                match request(&format!("{prefix}-{i}")) {
                    Ok(req) => check_result(c.push_broadcast(&req).await, &mut t),
                    Err(e) => t.fail(e.to_string()),
                }
            }
        }
    });
    let mut all = Tally::default();
    for t in futures_util::future::join_all(lanes).await {
        all.errors += t.errors;
        if let Some(f) = t.first {
            all.first.get_or_insert(f);
        }
    }
    all
}

// ---------------------------------------------------------------- dry run

type Case = (BroadcastRequest, DateTime<Utc>, String);

fn dry_run_cases(path: &str) -> Result<Vec<Case>, BoxError> {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    doc["cases"]
        .as_array()
        .ok_or("no cases")?
        .iter()
        .map(|c| {
            let v1 = &c["v1"];
            Ok((
                BroadcastRequest::from_json(&c["request"])?,
                v1["timestamp"].as_str().ok_or("timestamp")?.parse()?,
                v1["nonce"].as_str().ok_or("nonce")?.to_owned(),
            ))
        })
        .collect()
}

/// Rounds over every case; returns the calls made.
fn dry_run(c: &Client, cases: &[Case], rounds: usize) -> Result<usize, BoxError> {
    let mut bytes = 0;
    for _ in 0..rounds {
        for (req, at, nonce) in cases {
            bytes += c.prepare_broadcast_at(req, *at, nonce)?.body.len();
        }
    }
    std::hint::black_box(bytes);
    Ok(rounds * cases.len())
}

// ---------------------------------------------------------------- main

struct Flavour {
    client: &'static str,
    label: &'static str,
    scenario: &'static str,
}

fn flavour(name: &str) -> Option<Flavour> {
    let (client, label, scenario) = match name {
        "floor-seq" => (
            "floor",
            "pre-signed requests, one keep-alive std::net::TcpStream, no HTTP library, sequential",
            "seq",
        ),
        "ours-blocking-seq" => ("ours", "Client::push_broadcast_blocking, sequential", "seq"),
        "ours-async-seq" => (
            "ours",
            "Client::push_broadcast().await, sequential (caller: current-thread tokio runtime)",
            "seq",
        ),
        "ours-async-c32" => (
            "ours",
            "Client::push_broadcast().await, N in flight on one client",
            "c32",
        ),
        "ours-async-capacity" => (
            "ours",
            "Client::push_broadcast().await, N in flight on one client, 50 ms emulator",
            "capacity",
        ),
        "core-dry-run" => (
            "ours",
            "Client::prepare_broadcast_at (pinned dry run), every requests.json case",
            "dry_run",
        ),
        _ => return None,
    };
    Some(Flavour {
        client,
        label,
        scenario,
    })
}

fn run(a: &Args) -> Result<bool, BoxError> {
    let f = flavour(&a.flavour).ok_or_else(|| format!("unknown flavour {:?}", a.flavour))?;
    let run_id = format!("rb{}x{}", std::process::id(), Utc::now().timestamp_micros());
    let prefix = format!("{run_id}-{}", a.flavour);
    let concurrency = match f.scenario {
        "seq" | "dry_run" => 1,
        _ => a.concurrency,
    };
    let mut warm = Tally::default();
    let mut tally = Tally::default();
    let emu = |pid: Option<u32>| pid.and_then(process_cpu_seconds);

    // Everything before `start` is set-up; `measure` runs the N calls.
    let load0 = load_1m();
    let (seconds, cpu_us, csw, emu_cpu, n) = match a.flavour.as_str() {
        "floor-seq" => {
            let reqs = presign(a, a.warmup + a.n, &prefix)?;
            let endpoint = Endpoint::parse(&a.endpoint, false)?;
            let host = endpoint.host();
            let stream = TcpStream::connect(host)?;
            stream.set_nodelay(true)?;
            let mut r = BufReader::with_capacity(16 * 1024, stream);
            floor_run(&mut r, &reqs[..a.warmup], &mut warm)?;
            let (c0, s0, _) = rusage();
            let e0 = emu(a.emulator_pid);
            let t0 = Instant::now();
            floor_run(&mut r, &reqs[a.warmup..], &mut tally)?;
            let secs = t0.elapsed().as_secs_f64();
            let (c1, s1, _) = rusage();
            (secs, c1 - c0, s1 - s0, e0.zip(emu(a.emulator_pid)), a.n)
        }
        "ours-blocking-seq" => {
            let c = client(a)?;
            blocking_run(&c, &format!("{prefix}-w"), a.warmup, &mut warm)?;
            let (c0, s0, _) = rusage();
            let e0 = emu(a.emulator_pid);
            let t0 = Instant::now();
            blocking_run(&c, &format!("{prefix}-m"), a.n, &mut tally)?;
            let secs = t0.elapsed().as_secs_f64();
            let (c1, s1, _) = rusage();
            (secs, c1 - c0, s1 - s0, e0.zip(emu(a.emulator_pid)), a.n)
        }
        "ours-async-seq" | "ours-async-c32" | "ours-async-capacity" => {
            let c = client(a)?;
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            warm = rt.block_on(async_run(&c, &format!("{prefix}-w"), a.warmup, concurrency));
            let (c0, s0, _) = rusage();
            let e0 = emu(a.emulator_pid);
            let t0 = Instant::now();
            tally = rt.block_on(async_run(&c, &format!("{prefix}-m"), a.n, concurrency));
            let secs = t0.elapsed().as_secs_f64();
            let (c1, s1, _) = rusage();
            (secs, c1 - c0, s1 - s0, e0.zip(emu(a.emulator_pid)), a.n)
        }
        "core-dry-run" => {
            let c = Client::builder()
                .endpoint("http://127.0.0.1:9")
                .credentials(Credentials::new("LTAI-bench", "bench-secret"))
                .build()?;
            let cases = dry_run_cases(&a.vectors)?;
            let rounds = a.n.div_ceil(cases.len()).max(1);
            dry_run(&c, &cases, a.warmup.div_ceil(cases.len()).max(1))?;
            let (c0, s0, _) = rusage();
            let t0 = Instant::now();
            let calls = dry_run(&c, &cases, rounds)?;
            let secs = t0.elapsed().as_secs_f64();
            let (c1, s1, _) = rusage();
            (secs, c1 - c0, s1 - s0, None, calls)
        }
        _ => unreachable!("flavour() accepted it"),
    };
    let (_, _, maxrss_kib) = rusage();
    let nf = n as f64;
    let round = |x: f64, d: i32| (x * 10f64.powi(d)).round() / 10f64.powi(d);
    let mut out = json!({
        "language": "rust",
        "client": f.client,
        "sdk": format!("mpaas-push {VERSION}"),
        "flavour": a.flavour,
        "label": f.label,
        "scenario": f.scenario,
        "concurrency": concurrency,
        "n": n,
        "warmup": a.warmup,
        "seconds": round(seconds, 4),
        "peak_rss_mib": round(maxrss_kib as f64 / 1024.0, 1),
        "load_1m": [round(load0, 2), round(load_1m(), 2)],
        "errors": warm.errors + tally.errors,
        "context_switches_per_call": round(csw as f64 / nf, 2),
    });
    if f.scenario == "dry_run" {
        out["us_per_call"] = json!(round(cpu_us as f64 / nf, 2));
        out["emulator_cpu_ms_per_call"] = Value::Null;
    } else {
        out["calls_per_s"] = json!(round(nf / seconds, 1));
        out["cpu_ms_per_call"] = json!(round(cpu_us as f64 / 1000.0 / nf, 4));
        out["emulator_cpu_ms_per_call"] = match emu_cpu {
            Some((e0, e1)) => json!(round((e1 - e0) * 1000.0 / nf, 4)),
            None => Value::Null,
        };
    }
    if let Some(first) = warm.first.or(tally.first) {
        out["first_error"] = json!(first);
    }
    println!("{out}");
    Ok(out["errors"] == 0)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("mpaas-push-bench: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("mpaas-push-bench {}: {e}", args.flavour);
            ExitCode::FAILURE
        }
    }
}
