//! `mpaas-push demo` and `mpaas-push emulator`, end to end over HTTP on
//! 127.0.0.1: the command-line emulator serves real broadcasts sent by the
//! command-line client.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{DEMO_ID, DEMO_SECRET, EmulatorProcess, run, s};

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
    "cli test",
    "--template-name",
    "demo_tpl",
    "--template-kv",
    "content=Hello",
    "--bind-period",
    "7d",
];

fn broadcast(endpoint: &str, id: &str, secret: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["broadcast", "--endpoint", endpoint, "--retries", "1"];
    args.extend(REQUEST);
    args.extend(extra);
    run(
        &args,
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", id),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret),
        ],
    )
}

#[test]
fn demo_sends_one_broadcast_and_exits_0() {
    let r = run(&["demo"], &[]);
    assert_eq!(r.status, 0, "{r:?}");
    for what in [
        "endpoint:",
        "request id:",
        "task id:",
        "msgkey:",
        "http://127.0.0.1:",
    ] {
        assert!(r.stdout.contains(what), "{what}: {r:?}");
    }
    let r = run(&["demo", "--json"], &[]);
    assert_eq!(r.status, 0, "{r:?}");
    let v = r.json();
    assert!(!s(&v, "requestId").is_empty(), "{v}");
    assert_eq!(s(&v, "msgkey").len(), 36, "{v}");
    assert!(s(&v, "endpoint").starts_with("http://127.0.0.1:"), "{v}");
}

#[test]
fn emulator_command_serves_the_cli_client() {
    let emu = EmulatorProcess::start(&[]);
    let banner = emu.banner();
    assert!(banner.contains(DEMO_ID), "{banner}");
    assert!(
        banner.contains(DEMO_SECRET),
        "the demo key is printed: {banner}"
    );

    // Text output.
    let r = broadcast(&emu.url, DEMO_ID, DEMO_SECRET, &[]);
    assert_eq!(r.status, 0, "{r:?}");
    assert!(r.stdout.contains("request id:"), "{r:?}");
    assert!(r.stdout.contains("(generated)"), "{r:?}");

    // JSON output, both signature methods.
    for sig in ["hmac-sha1", "acs3-hmac-sha256"] {
        let r = broadcast(
            &emu.url,
            DEMO_ID,
            DEMO_SECRET,
            &["--json", "--signature", sig],
        );
        assert_eq!(r.status, 0, "{sig}: {r:?}");
        let v = r.json();
        assert!(!s(&v, "requestId").is_empty(), "{v}");
        assert_eq!(s(&v, "msgkey").len(), 36, "{v}");
    }

    // A wrong secret is a service error: exit 1, with the request id.
    let r = broadcast(&emu.url, DEMO_ID, "wrong-secret", &["--json"]);
    assert_eq!(r.status, 1, "{r:?}");
    let e = r.error();
    assert_eq!(e["code"], "signature_mismatch", "{e}");
    assert_eq!(e["maybeSent"], false);
    assert!(e["requestId"].is_string(), "{e}");
    assert!(!r.stdout.contains("wrong-secret"), "{r:?}");
}

#[test]
fn emulator_command_takes_keys_and_templates_without_printing_secrets() {
    let emu = EmulatorProcess::start(&[
        "--access-key",
        "cli-test-id:cli-test-secret",
        "--template",
        "cli_tpl=Hi #content#",
    ]);
    let banner = emu.banner();
    assert!(banner.contains("cli-test-id"), "{banner}");
    assert!(!banner.contains("cli-test-secret"), "{banner}");
    assert!(banner.contains("cli_tpl"), "{banner}");

    let mut args = vec!["broadcast", "--endpoint", emu.url.as_str(), "--json"];
    args.extend(
        REQUEST
            .iter()
            .map(|a| if *a == "demo_tpl" { "cli_tpl" } else { a }),
    );
    let ok = run(
        &args,
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "cli-test-id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "cli-test-secret"),
        ],
    );
    assert_eq!(ok.status, 0, "{ok:?}");
    // The default key is not accepted any more.
    let r = broadcast(&emu.url, DEMO_ID, DEMO_SECRET, &["--json"]);
    assert_eq!(r.status, 1, "{r:?}");
    assert_eq!(r.error()["code"], "auth", "{r:?}");
}

/// `--tasks-out` writes what was accepted when the emulator is stopped:
/// the other languages' "service dies mid-load" tests compare with it.
#[test]
fn emulator_writes_its_accepted_tasks_when_stopped() {
    let dir = common::temp_dir("tasks-out");
    let out = dir.join("tasks.json");
    let mut emu = EmulatorProcess::start(&["--tasks-out", &out.display().to_string()]);
    let mut msgkeys = Vec::new();
    for _ in 0..2 {
        let r = broadcast(&emu.url, DEMO_ID, DEMO_SECRET, &["--json"]);
        assert_eq!(r.status, 0, "{r:?}");
        msgkeys.push(s(&r.json(), "msgkey").to_owned());
    }
    assert!(!out.exists(), "written on exit only");
    assert!(emu.terminate().success());
    let tasks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut seen: Vec<String> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["msgkey"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    msgkeys.sort();
    assert_eq!(seen, msgkeys, "{tasks}");
}

#[test]
fn emulator_flag_errors_exit_2() {
    let r = run(&["emulator", "--access-key", "no-secret"], &[]);
    assert_eq!(r.status, 2, "{r:?}");
    let r = run(&["emulator", "--template", "no-equals"], &[]);
    assert_eq!(r.status, 2, "{r:?}");
    let r = run(&["emulator", "--templates", "/no/such/templates.json"], &[]);
    assert_eq!(r.status, 2, "{r:?}");
}

#[test]
fn emulator_runs_on_one_thread_with_custom_caps() {
    let emu = EmulatorProcess::start(&[
        "--threads",
        "1",
        "--max-stored-tasks",
        "50000",
        "--max-recorded-requests",
        "20000",
    ]);
    let r = broadcast(&emu.url, DEMO_ID, DEMO_SECRET, &["--json"]);
    assert_eq!(r.status, 0, "{r:?}");
    let r = run(&["emulator", "--threads", "0"], &[]);
    assert_eq!(r.status, 2, "{r:?}");
}
