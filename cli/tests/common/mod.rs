//! Helpers shared by the CLI tests: run the built `mpaas-push` binary in a
//! hermetic environment (no credentials, an empty HOME) and read its output.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_mpaas-push");

/// Variables that could leak credentials or settings from the developer's
/// environment into a test.
const SCRUBBED: &[&str] = &[
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_PROFILE",
    "ALIBABA_CLOUD_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
    "MPAAS_AK_ENV",
    "MPAAS_SK_ENV",
    "MPAAS_PUSH_ENDPOINT",
    "MPAAS_PUSH_APP_ID",
    "MPAAS_PUSH_WORKSPACE_ID",
    "RUST_BACKTRACE",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// A fresh, empty directory under the system temp dir.
fn fresh_dir(name: &str) -> PathBuf {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mpaas-push-cli-test-{name}-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A temporary directory, removed when dropped.
#[derive(Debug)]
pub(crate) struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

/// A fresh, empty directory, removed when the guard is dropped.
pub(crate) fn temp_dir(name: &str) -> TempDir {
    TempDir(fresh_dir(name))
}

/// An empty HOME (no credential files in it), shared by every test run:
/// emptied on first use, never removed (statics are not dropped).
pub(crate) fn empty_home() -> &'static Path {
    static HOME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let dir = std::env::temp_dir().join("mpaas-push-cli-test-empty-home");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Writes `value` as JSON to `dir/name` and returns the path.
pub(crate) fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path
}

/// What a run of the binary produced.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) status: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Stdout parsed as one JSON document.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// The `error` object of a `--json` failure.
    pub(crate) fn error(&self) -> Value {
        let v = self.json();
        assert!(v["error"].is_object(), "no error object: {self:?}");
        v["error"].clone()
    }
}

/// A hermetic command: credential variables removed, HOME an empty
/// directory, then `env` applied.
pub(crate) fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for k in SCRUBBED {
        cmd.env_remove(k);
    }
    cmd.env("HOME", empty_home());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Runs the binary to completion with `stdin` (or nothing) as input.
pub(crate) fn run_with(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let mut cmd = command(args, env);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn mpaas-push");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "panic output: {run:?}"
    );
    run
}

/// Runs the binary to completion.
pub(crate) fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with(args, env, None)
}

/// Loads a vector file of the shared suite.
pub(crate) fn vectors(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// `Value` → `&str`, panicking with the key name.
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing {key} in {v}"))
}

/// The credential environment of a vector case.
pub(crate) fn credential_env(case: &Value) -> Vec<(&'static str, String)> {
    let c = &case["credentials"];
    let mut env = vec![
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            s(c, "accessKeyId").to_owned(),
        ),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            s(c, "accessKeySecret").to_owned(),
        ),
    ];
    if let Some(t) = c["securityToken"].as_str() {
        env.push(("ALIBABA_CLOUD_SECURITY_TOKEN", t.to_owned()));
    }
    env
}

/// `[(String, String)]` → `[(&str, &str)]`.
pub(crate) fn env_refs<'a>(env: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The emulator's built-in demo key (printed by `mpaas-push emulator`).
pub(crate) const DEMO_ID: &str = "emulator-access-key-id";
pub(crate) const DEMO_SECRET: &str = "emulator-access-key-secret";

/// A `mpaas-push emulator` child process, killed on drop.
pub(crate) struct EmulatorProcess {
    child: Child,
    pub(crate) url: String,
    banner_rest: mpsc::Receiver<String>,
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl EmulatorProcess {
    pub(crate) fn start(extra: &[&str]) -> Self {
        let mut args = vec!["emulator", "--port", "0"];
        args.extend(extra);
        let mut child = command(&args, &[])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn mpaas-push emulator");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("the emulator printed no banner; stderr: {err}");
            }
        };
        let url = first
            .strip_prefix("MPS emulator listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .trim()
            .to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:") || url.starts_with("https://127.0.0.1:"),
            "{url}"
        );
        Self {
            child,
            url,
            banner_rest: rx,
        }
    }

    /// SIGTERM, as `kill` sends it, and waits for the exit status.
    pub(crate) fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
        self.child.wait().expect("wait for the emulator")
    }

    /// The banner lines after the first one.
    pub(crate) fn banner(&self) -> String {
        let mut lines = Vec::new();
        while let Ok(l) = self.banner_rest.recv_timeout(Duration::from_millis(300)) {
            lines.push(l);
        }
        lines.join("\n")
    }
}
