//! `mpaas-push schedules list|cancel`, `revoke` and `report` against the
//! command-line emulator, over HTTP on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use chrono::{Duration, SecondsFormat, Timelike, Utc};
use common::{DEMO_ID, DEMO_SECRET, EmulatorProcess, run, s};
use serde_json::Value;

const CREDS: [(&str, &str); 2] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", DEMO_ID),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEMO_SECRET),
];

/// Runs a command against `emu` for the demo app and workspace.
fn cli(emu: &EmulatorProcess, args: &[&str]) -> common::Run {
    let mut all: Vec<&str> = args.to_vec();
    all.extend([
        "--endpoint",
        emu.url.as_str(),
        "--app-id",
        "ONEX570DA89211721",
        "--workspace-id",
        "default",
    ]);
    run(&all, &CREDS)
}

/// A raw HTTP/1.1 call to the emulator's control API.
fn control(emu: &EmulatorProcess, method: &str, route: &str, body: &str) -> Value {
    let addr = emu.url.trim_start_matches("http://");
    let mut conn = TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "{method} /_emulator/{route} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut text = String::new();
    conn.read_to_string(&mut text).unwrap();
    let (_, json) = text.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn broadcast(emu: &EmulatorProcess, msgkey: &str, schedule: &[&str]) -> String {
    let mut args = vec![
        "broadcast",
        "--json",
        "--delivery-type",
        "android",
        "--msgkey",
        msgkey,
        "--expired-seconds",
        "3600",
        "--task-name",
        "cli schedule",
        "--template-name",
        "demo_tpl",
        "--template-kv",
        "content=Hello",
        "--bind-period",
        "7d",
    ];
    args.extend(schedule);
    let r = cli(emu, &args);
    assert_eq!(r.status, 0, "{r:?}");
    s(&r.json(), "taskId").to_owned()
}

fn ids(v: &Value) -> Vec<String> {
    v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| s(t, "uniqueId").to_owned())
        .collect()
}

#[test]
fn schedules_revoke_and_report_through_the_emulator() {
    let emu = EmulatorProcess::start(&[]);
    let at = (Utc::now() + Duration::hours(1))
        .with_nanosecond(0)
        .unwrap()
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    let fixed = broadcast(&emu, "cli-fixed", &["--at", &at]);
    let day = |n: i64| {
        (Utc::now() + Duration::hours(8) + Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (from, to) = (day(1), day(2));
    let daily = broadcast(
        &emu,
        "cli-daily",
        &[
            "--every", "daily", "--from", &from, "--to", &to, "--time", "09:00:00",
        ],
    );

    // All pages, JSON: the fixed task and both runs of the daily one.
    let r = cli(&emu, &["schedules", "list", "--json", "--page-size", "1"]);
    assert_eq!(r.status, 0, "{r:?}");
    let listed = ids(&r.json());
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed.contains(&fixed), "{listed:?}");
    assert_eq!(
        listed.iter().filter(|i| i.starts_with(&daily)).count(),
        2,
        "{listed:?}"
    );

    // One page: the paging facts come from the core.
    let r = cli(
        &emu,
        &[
            "schedules",
            "list",
            "--json",
            "--page",
            "1",
            "--page-size",
            "2",
        ],
    );
    let page = r.json();
    assert_eq!(page["totalCount"], 3, "{page}");
    assert_eq!(page["nextPage"], 2, "{page}");

    // Text: a table.
    let r = cli(&emu, &["schedules", "list"]);
    assert_eq!(r.status, 0, "{r:?}");
    assert!(r.stdout.starts_with("ID "), "{r:?}");
    assert!(
        r.stdout.contains(&fixed) && r.stdout.contains("pending"),
        "{r:?}"
    );
    assert!(r.stdout.contains("3 scheduled task(s)"), "{r:?}");

    // Cancel the fixed task: gone from the list; cancelling again fails.
    let r = cli(&emu, &["schedules", "cancel", &fixed]);
    assert_eq!(r.status, 0, "{r:?}");
    assert!(r.stdout.contains(&format!("Cancelled: {fixed}")), "{r:?}");
    let r = cli(&emu, &["schedules", "list", "--json"]);
    assert!(!ids(&r.json()).contains(&fixed));
    let r = cli(&emu, &["schedules", "cancel", &fixed, "--json"]);
    assert_eq!(r.status, 1, "{r:?}");
    assert_eq!(r.error()["code"], "push_failed", "{r:?}");

    // Three days on, both daily runs have gone out. The CLI's clock is now
    // 3 days behind: the first attempt of each call gets
    // InvalidTimeStamp.Expired and is re-signed with the measured offset.
    control(&emu, "POST", "clock", r#"{"advanceSeconds": 259200}"#);
    let r = cli(&emu, &["report", &daily, "--json"]);
    assert_eq!(r.status, 0, "{r:?}");
    let d = r.json();
    assert_eq!(d["pushNum"], 2000, "{d}");
    assert_eq!(d["pushSuccessNum"], 1960, "{d}");
    let r = cli(&emu, &["report", &daily]);
    assert!(r.stdout.contains("pushed:     2000"), "{r:?}");
    assert!(r.stdout.contains("succeeded:  1960 (98.0%)"), "{r:?}");

    let since = (Utc::now() - Duration::days(1)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let r = cli(&emu, &["report", "--since", &since, "--json"]);
    assert_eq!(r.status, 0, "{r:?}");
    let tasks = r.json()["tasks"].clone();
    let mine = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["taskId"] == daily.as_str())
        .unwrap_or_else(|| panic!("{tasks}"));
    assert_eq!(mine["subTasks"].as_array().unwrap().len(), 2, "{mine}");

    // Revoke within 7 days works; 8 days later the service refuses.
    let r = cli(&emu, &["revoke", "--task-id", &daily]);
    assert_eq!(r.status, 0, "{r:?}");
    assert!(r.stdout.contains(&format!("Revoked task {daily}")), "{r:?}");
    control(&emu, "POST", "clock", r#"{"advanceSeconds": 691200}"#);
    let r = cli(&emu, &["revoke", "--task-id", &daily, "--json"]);
    assert_eq!(r.status, 1, "{r:?}");
    let e = r.error();
    assert_eq!(e["code"], "push_failed", "{e}");
    assert_eq!(e["serviceCode"], "REVOKE_WINDOW_EXPIRED", "{e}");

    // A message by msgkey.
    let r = cli(
        &emu,
        &[
            "revoke",
            "--message-id",
            "cli-daily",
            "--target-id",
            "user-7",
            "--json",
        ],
    );
    assert_eq!(r.status, 0, "{r:?}");
}

#[test]
fn invalid_companion_input_exits_2_and_sends_nothing() {
    let emu = EmulatorProcess::start(&[]);
    let cases: &[(&[&str], &str, &str)] = &[
        (&["schedules", "cancel", "a,b"], "uniqueIds[0]", "no_comma"),
        (&["schedules", "cancel", "a", "a"], "uniqueIds[1]", "unique"),
        (
            &["schedules", "list", "--page-size", "501"],
            "pageSize",
            "range",
        ),
        (
            &["schedules", "list", "--from", "yesterday"],
            "startTime",
            "type",
        ),
        (&["schedules", "list", "--type", "9"], "type", "one_of"),
        (
            &[
                "revoke",
                "--task-id",
                "1",
                "--sent-at",
                "2020-01-01T00:00:00Z",
            ],
            "sentAt",
            "revoke_window",
        ),
        (&["report", "--since=-5"], "startTime", "min"),
    ];
    for (args, field, rule) in cases {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let r = cli(&emu, &with_json);
        assert_eq!(r.status, 2, "{args:?}: {r:?}");
        let e = r.error();
        assert_eq!(e["code"], "validation", "{args:?}: {e}");
        assert_eq!(e["field"], *field, "{args:?}: {e}");
        assert_eq!(e["rule"], *rule, "{args:?}: {e}");
    }
    // Text errors name the flag where there is one.
    let r = cli(&emu, &["schedules", "list", "--page-size", "0"]);
    assert!(r.stderr.contains("(flag --page-size)"), "{r:?}");
    // Missing target.
    let r = run(
        &[
            "schedules",
            "list",
            "--endpoint",
            emu.url.as_str(),
            "--json",
        ],
        &CREDS,
    );
    assert_eq!(r.status, 2, "{r:?}");
    assert_eq!(r.error()["field"], "appId");
    let seen = control(&emu, "GET", "requests", "");
    assert_eq!(seen["requests"].as_array().map(Vec::len), Some(0), "{seen}");
}

#[test]
fn dry_runs_show_the_signed_request() {
    let r = run(
        &[
            "schedules",
            "cancel",
            "1000001",
            "1000002",
            "--app-id",
            "A",
            "--workspace-id",
            "W",
            "--dry-run",
            "--json",
        ],
        &CREDS,
    );
    assert_eq!(r.status, 0, "{r:?}");
    let p = r.json();
    assert_eq!(p["signedParams"]["Action"], "CancelPushScheduler", "{p}");
    assert_eq!(p["signedParams"]["UniqueIds"], "1000001,1000002", "{p}");
    assert!(!r.stdout.contains(DEMO_SECRET));
}
