//! HTTPS and proxies from the command line, as users meet them: the
//! emulator's `--tls`, `--ca-file`, and the proxy environment variables
//! (`HTTPS_PROXY`, `https_proxy`, `NO_PROXY`) honoured by default with
//! `--proxy none` overriding them, through a real proxy (tinyproxy).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{DEMO_ID, DEMO_SECRET, EmulatorProcess, run, temp_dir};
use mpaas_push_conformance::proxy::Tinyproxy;

const REQUEST: &[&str] = &[
    "--app-id",
    "ONEX570DA89211721",
    "--workspace-id",
    "default",
    "--delivery-type",
    "android",
    "--msgkey",
    "auto",
    "--expired-seconds",
    "300",
    "--task-name",
    "tls",
    "--template-name",
    "demo_tpl",
    "--template-kv",
    "content=Hello",
    "--bind-period",
    "7d",
];

/// One row of docs/reliability.md's "HTTPS and proxies" table, in
/// `target/reliability/rust-transport-<name>.json`: the rows only a process
/// with its own environment can show. `accepted` counts the broadcasts the
/// CLI reported accepted (a task id in its JSON result).
fn record(name: &str, what: &str, runs: &[&common::Run]) {
    let accepted = runs
        .iter()
        .filter(|r| r.status == 0 && r.stdout.contains("\"taskId\""))
        .count();
    assert_eq!(accepted, runs.len(), "{runs:?}");
    let row =
        serde_json::json!({"name": name, "what": what, "outcome": "ok", "accepted": accepted});
    let out = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/reliability");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join(format!("rust-transport-{name}.json")),
        serde_json::json!({"language": "rust", "transport": [row]}).to_string(),
    )
    .unwrap();
}

struct TlsEmulator {
    emu: EmulatorProcess,
    ca: String,
    _dir: common::TempDir,
}

fn tls_emulator() -> TlsEmulator {
    tls_emulator_with(&[])
}

fn tls_emulator_with(extra: &[&str]) -> TlsEmulator {
    let dir = temp_dir("tls");
    let ca = dir.join("ca.pem").display().to_string();
    let mut args = vec!["--tls", "--tls-ca-out", &ca];
    args.extend(extra);
    let emu = EmulatorProcess::start(&args);
    assert!(emu.url.starts_with("https://127.0.0.1:"), "{}", emu.url);
    assert!(
        emu.banner().contains(&format!("CA certificate: {ca}")),
        "the banner names the CA file"
    );
    TlsEmulator { emu, ca, _dir: dir }
}

fn broadcast(endpoint: &str, extra: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut args = vec![
        "broadcast",
        "--json",
        "--endpoint",
        endpoint,
        "--retries",
        "1",
    ];
    args.extend(REQUEST);
    args.extend(extra);
    let mut all = vec![
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", DEMO_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEMO_SECRET),
    ];
    all.extend(env);
    run(&args, &all)
}

#[test]
fn https_with_the_emulators_ca_and_refused_without_it() {
    let t = tls_emulator();
    let ok = broadcast(&t.emu.url, &["--ca-file", &t.ca], &[]);
    assert_eq!(ok.status, 0, "{ok:?}");
    // SSL_CERT_FILE is honoured as OpenSSL-based tools honour it.
    let env = broadcast(&t.emu.url, &[], &[("SSL_CERT_FILE", t.ca.as_str())]);
    assert_eq!(env.status, 0, "{env:?}");
    // And SSL_CERT_DIR, a folder of PEM files.
    let dir = temp_dir("cert-dir");
    std::fs::copy(&t.ca, dir.join("emulator-ca.pem")).unwrap();
    let dir_env = broadcast(
        &t.emu.url,
        &[],
        &[("SSL_CERT_DIR", dir.display().to_string().as_str())],
    );
    assert_eq!(dir_env.status, 0, "{dir_env:?}");
    let refused = broadcast(&t.emu.url, &[], &[]);
    assert_eq!(refused.status, 1, "{refused:?}");
    let e = refused.error();
    assert_eq!(e["code"], "tls", "{e}");
    assert_eq!(e["maybeSent"], false, "{e}");
}

/// `--tls-fault` serves a certificate signed by the trusted CA that a
/// client must still refuse: the other bindings' suites use it.
#[test]
fn tls_fault_certificates_are_refused_even_with_the_ca() {
    for (kind, reason) in [("other-name", "127.0.0.1"), ("expired", "expired")] {
        let t = tls_emulator_with(&["--tls-fault", kind]);
        let refused = broadcast(&t.emu.url, &["--ca-file", &t.ca], &[]);
        assert_eq!(refused.status, 1, "{kind}: {refused:?}");
        let e = refused.error();
        assert_eq!(e["code"], "tls", "{kind}: {e}");
        assert_eq!(e["maybeSent"], false, "{kind}: {e}");
        let message = e["message"].as_str().unwrap_or_default().to_lowercase();
        assert!(message.contains(reason), "{kind}: {e}");
    }
}

#[test]
fn the_environments_proxy_is_honoured_by_default() {
    let t = tls_emulator();
    let proxy = Tinyproxy::start(Some(("env-user", "env-Pw-31")));
    let url = proxy.url(Some(("env-user", "env-Pw-31")));
    let port = t.emu.url.rsplit(':').next().unwrap().to_owned();
    let connect = format!("CONNECT 127.0.0.1:{port} HTTP/1.1");

    let upper = broadcast(
        &t.emu.url,
        &["--ca-file", &t.ca],
        &[("HTTPS_PROXY", url.as_str())],
    );
    assert_eq!(upper.status, 0, "{upper:?}");
    assert_eq!(proxy.requests(), vec![connect.clone()]);

    let lower = broadcast(
        &t.emu.url,
        &["--ca-file", &t.ca],
        &[("https_proxy", url.as_str())],
    );
    assert_eq!(lower.status, 0, "{lower:?}");
    assert_eq!(proxy.requests().len(), 2, "lower-case https_proxy too");
    record(
        "proxy-env-default",
        "HTTPS_PROXY / https_proxy from the environment, honoured by default",
        &[&upper, &lower],
    );

    // NO_PROXY covering the host bypasses the proxy.
    let bypass = broadcast(
        &t.emu.url,
        &["--ca-file", &t.ca],
        &[
            ("HTTPS_PROXY", url.as_str()),
            ("NO_PROXY", "localhost,127.0.0.1"),
        ],
    );
    assert_eq!(bypass.status, 0, "{bypass:?}");
    // An explicit "none" wins over the environment.
    let none = broadcast(
        &t.emu.url,
        &["--ca-file", &t.ca, "--proxy", "none"],
        &[("HTTPS_PROXY", url.as_str())],
    );
    assert_eq!(none.status, 0, "{none:?}");
    assert_eq!(
        proxy.requests().len(),
        2,
        "the proxy saw neither: {:?}",
        proxy.requests()
    );
    record(
        "proxy-env-no-proxy",
        "NO_PROXY covering the host: the proxy's log shows no request",
        &[&bypass],
    );
    record(
        "proxy-explicit-none",
        "an explicit \"no proxy\" option wins over HTTPS_PROXY",
        &[&none],
    );

    // A wrong password from the environment: the proxy error, no secret shown.
    let wrong = proxy.url(Some(("env-user", "wrong-Pw-88")));
    let refused = broadcast(
        &t.emu.url,
        &["--ca-file", &t.ca],
        &[("HTTPS_PROXY", wrong.as_str())],
    );
    assert_eq!(refused.status, 1, "{refused:?}");
    assert_eq!(refused.error()["code"], "proxy", "{refused:?}");
    for text in [&refused.stdout, &refused.stderr] {
        assert!(
            !text.contains("wrong-Pw-88") && !text.contains("env-Pw-31"),
            "{text}"
        );
    }
}
