//! The emulator against Alibaba Cloud's official Python SDKs of both
//! generations: `aliyun-python-sdk-core` + `aliyun-python-sdk-mpaas` (API
//! 2019-08-21, RPC HMAC-SHA1) and `alibabacloud-mpaas20201028` with the V1
//! (HMAC-SHA1) and the default V3 (`ACS3-HMAC-SHA256`) signature.
//!
//! The SDKs are installed from PyPI at pinned versions into a throwaway venv
//! under `<workspace>/target/official-sdk-venv` (reused once complete), and
//! `tests/official_sdks/send_broadcast.py` sends one `PushBroadcast` with each.
//! Needs `python3` (with `venv`) and access to PyPI: without them the tests
//! fail, they do not skip.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use mpaas_push_emulator::{AccessKey, Emulator, EmulatorConfig};
use serde_json::Value;

/// Exactly the versions this test was verified with: the three SDK packages
/// and the signing stack under the current-generation one.
const PINNED: &[&str] = &[
    "aliyun-python-sdk-core==2.16.1",
    "aliyun-python-sdk-mpaas==1.0.0",
    "alibabacloud-mpaas20201028==3.4.1",
    "alibabacloud-tea-openapi==0.4.6",
    "darabonba-core==1.0.9",
    "alibabacloud-credentials==1.0.12",
];

const ID: &str = "testid";
const SECRET: &str = "testsecret";
const STS_ID: &str = "STS.testid";
const TOKEN: &str = "tok";

/// Written into the venv after a successful install; its content is the pin
/// list, so changing a pin reinstalls.
const MARKER: &str = ".mpaas-push-installed";

fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("official-sdk-venv")
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

fn driver() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("official_sdks")
        .join("send_broadcast.py")
}

fn run(what: &str, cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}): {cmd:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    out
}

/// Creates the venv and installs the pinned SDKs, unless a previous run
/// completed that with the same pins. Blocking; runs once per test binary.
fn ensure_venv() -> PathBuf {
    let venv = venv_dir();
    let marker = venv.join(MARKER);
    let pins = PINNED.join("\n");
    let python = venv_python(&venv);
    if std::fs::read_to_string(&marker).is_ok_and(|m| m == pins) && python.exists() {
        return venv;
    }
    run(
        "creating the venv (needs python3 with the venv module)",
        Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
    );
    run(
        "installing the official SDKs from PyPI",
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
            ])
            .args(PINNED),
    );
    std::fs::write(&marker, &pins)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", marker.display()));
    venv
}

async fn venv() -> PathBuf {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    tokio::task::spawn_blocking(|| VENV.get_or_init(ensure_venv).clone())
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

async fn emulator() -> Emulator {
    let mut cfg = EmulatorConfig::default();
    cfg.access_keys = vec![
        AccessKey::new(ID, SECRET),
        AccessKey {
            id: STS_ID.into(),
            secret: SECRET.into(),
            security_token: Some(TOKEN.into()),
        },
    ];
    Emulator::start(cfg).await.unwrap()
}

/// Runs the driver; returns its stdout as JSON after checking exit 0.
async fn send(emu: &Emulator, sdk: &str, sts: bool, msgkey: &str) -> Value {
    let python = venv_python(&venv().await);
    let mut cmd = Command::new(python);
    cmd.arg(driver())
        .arg("--endpoint")
        .arg(emu.addr().to_string())
        .args(["--sdk", sdk, "--msgkey", msgkey])
        .args(["--access-key-secret", SECRET])
        // Loopback must never go through a proxy of the environment.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
    if sts {
        cmd.args(["--access-key-id", STS_ID, "--security-token", TOKEN]);
    } else {
        cmd.args(["--access-key-id", ID]);
    }
    let what = format!("{sdk} driver (sts: {sts})");
    let out = tokio::task::spawn_blocking(move || run(&what, &mut cmd))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{sdk}: stdout is not JSON ({e}): {stdout}"))
}

async fn recorded(emu: &Emulator) -> Vec<Value> {
    let url = format!("{}/_emulator/requests", emu.url());
    let resp = reqwest::get(url).await.unwrap();
    assert!(resp.status().is_success(), "requests: {}", resp.status());
    let v: Value = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap();
    v["requests"].as_array().unwrap().clone()
}

/// Sends a broadcast with `sdk` using a long-term key and then an STS key,
/// and checks both answers and what the emulator recorded.
async fn check(sdk: &str, signature_method: &str, version: &str) {
    let emu = emulator().await;
    for (sts, key_id) in [(false, ID), (true, STS_ID)] {
        let msgkey = format!("{sdk}-{}", if sts { "sts" } else { "ak" });
        let body = send(&emu, sdk, sts, &msgkey).await;
        assert_eq!(body["ResultCode"], "OK", "{sdk}: {body}");
        assert_eq!(body["PushResult"]["Success"], true, "{sdk}: {body}");
        let task_id = body["PushResult"]["Data"].as_str().unwrap_or_default();
        assert!(!task_id.is_empty(), "{sdk}: no task id in {body}");
        assert!(body["RequestId"].as_str().is_some(), "{sdk}: {body}");

        let got = recorded(&emu).await;
        let mine: Vec<_> = got.iter().filter(|r| r["msgkey"] == *msgkey).collect();
        assert_eq!(mine.len(), 1, "{sdk}: expected one request, got {got:#?}");
        let r = mine[0];
        assert_eq!(r["action"], "PushBroadcast", "{r:#}");
        assert_eq!(r["signatureMethod"], signature_method, "{r:#}");
        assert_eq!(r["version"], version, "{r:#}");
        assert_eq!(r["accessKeyId"], key_id, "{r:#}");
        assert_eq!(r["status"], 200, "{r:#}");
        assert_eq!(r["code"], "OK", "{r:#}");
        assert_eq!(r["taskId"], task_id, "{r:#}");
        let p = &r["params"];
        assert_eq!(p["AppId"], "ONEX570DA89211721", "{r:#}");
        assert_eq!(p["WorkspaceId"], "test", "{r:#}");
        assert_eq!(p["DeliveryType"], "1", "{r:#}");
        assert_eq!(p["ExpiredSeconds"], "300", "{r:#}");
        assert_eq!(p["TemplateName"], "broadcast_tpl", "{r:#}");
        assert_eq!(
            p["TemplateKeyValue"], r#"{"content":"hello from the official SDK"}"#,
            "{r:#}"
        );
        assert_eq!(p["TaskName"], "official sdk", "{r:#}");
        assert_eq!(p["PushStatus"], "0", "{r:#}");
        assert_eq!(p["BindPeriod"], "1", "{r:#}");
    }
    assert_eq!(emu.received_count(), 2, "{sdk}: retries or extra requests");
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn old_core_sdk_2019_08_21_hmac_sha1() {
    check("core-2019", "hmac-sha1", "2019-08-21").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tea_sdk_2020_10_28_v1_hmac_sha1() {
    check("tea-v2", "hmac-sha1", "2020-10-28").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tea_sdk_2020_10_28_v3_acs3_hmac_sha256() {
    check("tea-v3", "acs3-hmac-sha256", "2020-10-28").await;
}
