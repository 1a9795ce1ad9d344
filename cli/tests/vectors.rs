//! Acceptance tests of `mpaas-push broadcast`, run against the built binary:
//! the shared vectors (official-SDK signatures, invalid requests) through
//! `--request FILE --dry-run`, the same requests through field flags, and the
//! command's input, credential and exit-status contract.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use chrono::{DateTime, FixedOffset, Utc};
use common::{credential_env, env_refs, run, run_with, s, temp_dir, vectors, write_json};
use serde_json::{Value, json};

const REDACTED: &str = "** redacted **";

/// Runs a dry run of `case` pinned to its v1 nonce and timestamp, with the
/// request given by `request_args`, and checks the vector's signed
/// parameters and signature.
fn assert_dry_run_matches_v1(case: &Value, request_args: &[String], how: &str) {
    let name = s(case, "name");
    let v1 = &case["v1"];
    let mut args: Vec<&str> = vec!["broadcast"];
    args.extend(request_args.iter().map(String::as_str));
    args.extend([
        "--dry-run",
        "--json",
        "--nonce",
        s(v1, "nonce"),
        "--timestamp",
        s(v1, "timestamp"),
    ]);
    let env = credential_env(case);
    let r = run(&args, &env_refs(&env));
    assert_eq!(r.status, 0, "{name} ({how}): {r:?}");
    let p = r.json();
    assert_eq!(p["method"], "POST", "{name}");
    assert_eq!(p["signatureMethod"], "hmac-sha1", "{name}");
    assert_eq!(p["nonce"], v1["nonce"], "{name}");
    assert_eq!(p["timestamp"], v1["timestamp"], "{name}");
    assert_eq!(p["signature"], v1["signature"], "{name} ({how}): signature");
    let mut want = v1["signedParams"].clone();
    if let Some(token) = case["credentials"]["securityToken"].as_str() {
        // Dry runs never show the STS token; the signature above was still
        // computed with it.
        assert_eq!(p["signedParams"]["SecurityToken"], REDACTED, "{name}");
        assert!(!r.stdout.contains(token), "{name}: token printed");
        want["SecurityToken"] = json!(REDACTED);
    }
    assert_eq!(p["signedParams"], want, "{name} ({how}): signed params");
    let url = s(&p, "url");
    assert!(
        url.starts_with("https://mpaas.cn-hangzhou.aliyuncs.com/?"),
        "{url}"
    );
    assert_eq!(p["headers"]["user-agent"], "mpaas-push/0.1.0 (cli)");
}

#[test]
fn request_vectors_reproduce_the_official_sdk_signatures() {
    let doc = vectors("requests.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 9);
    let dir = temp_dir("vectors");
    for case in cases {
        let file = write_json(&dir, &format!("{}.json", s(case, "name")), &case["request"]);
        let args = vec!["--request".to_owned(), file.display().to_string()];
        assert_dry_run_matches_v1(case, &args, "--request FILE");
    }
}

/// The field flags that express a neutral JSON request (the inverse of what
/// the CLI does), so every vector can also be run through flags.
fn flags_for(request: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut flag = |name: &str, value: String| {
        out.push(format!("--{name}"));
        out.push(value);
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let china = FixedOffset::east_opt(8 * 3600).unwrap();
    let day = |ms: &Value| {
        DateTime::<Utc>::from_timestamp_millis(ms.as_i64().unwrap())
            .unwrap()
            .with_timezone(&china)
            .format("%Y-%m-%d")
            .to_string()
    };
    for (key, v) in request.as_object().unwrap() {
        match key.as_str() {
            "templateKeyValue" | "thirdChannelCategory" | "notifyLevel" | "extendedParams" => {
                let name = match key.as_str() {
                    "templateKeyValue" => "template-kv",
                    "thirdChannelCategory" => "third-channel-category",
                    "notifyLevel" => "notify-level",
                    _ => "extended-param",
                };
                for (k, x) in v.as_object().unwrap() {
                    flag(name, format!("{k}={}", x.as_str().unwrap()));
                }
            }
            "transparentMessagePayload" => {
                for (vendor, body) in v.as_object().unwrap() {
                    flag("payload", format!("{vendor}={body}"));
                }
            }
            "transparentMessageUrgency" => flag("urgency", text(v)),
            "strategyType" => {}
            "strategyContent" => {
                if let Some(ms) = v.get("fixedTime") {
                    let at = DateTime::<Utc>::from_timestamp_millis(ms.as_i64().unwrap())
                        .unwrap()
                        .with_timezone(&china);
                    flag("at", at.to_rfc3339());
                } else {
                    let kind = match v["circleType"].as_i64().unwrap() {
                        1 => "daily".to_owned(),
                        2 => "weekly".to_owned(),
                        _ => "monthly".to_owned(),
                    };
                    let every = match v["circleValue"].as_array() {
                        Some(days) if !days.is_empty() => format!(
                            "{kind}:{}",
                            days.iter()
                                .map(Value::to_string)
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                        _ => kind,
                    };
                    flag("every", every);
                    flag("from", day(&v["startTime"]));
                    flag("to", day(&v["endTime"]));
                    flag("time", text(&v["time"]));
                }
            }
            "unBindPeriod" => flag("unbind-period", text(v)),
            other => {
                let kebab: String = other
                    .chars()
                    .flat_map(|c| {
                        if c.is_ascii_uppercase() {
                            vec!['-', c.to_ascii_lowercase()]
                        } else {
                            vec![c]
                        }
                    })
                    .collect();
                flag(&kebab, text(v));
            }
        }
    }
    out
}

#[test]
fn request_vectors_through_field_flags_sign_identically() {
    let doc = vectors("requests.json");
    for case in doc["cases"].as_array().unwrap() {
        assert_dry_run_matches_v1(case, &flags_for(&case["request"]), "field flags");
    }
}

fn case<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no vector {name}"))
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

const BASE_FLAGS: &[&str] = &[
    "--app-id",
    "ONEX570DA89211721",
    "--workspace-id",
    "test",
    "--delivery-type",
    "android",
    "--msgkey",
    "1578807462788",
    "--expired-seconds",
    "300",
    "--task-name",
    "群发测试任务",
    "--template-name",
    "群发模板",
    "--template-kv",
    "content=公告内容",
    "--push-status",
    "bound",
    "--bind-period",
    "7d",
];

#[test]
fn readable_flag_values_match_the_vectors() {
    let doc = vectors("requests.json");
    // Enum names instead of numbers, a weekly schedule and a fixed time.
    assert_dry_run_matches_v1(
        case(&doc, "android-immediate-bound-7d"),
        &strings(BASE_FLAGS),
        "readable names",
    );
    let mut weekly = strings(BASE_FLAGS);
    weekly.extend(strings(&[
        "--every",
        "weekly:1,3",
        "--from",
        "2026-11-29",
        "--to",
        "2026-12-13",
        "--time",
        "09:45:11",
    ]));
    assert_dry_run_matches_v1(case(&doc, "recurring-weekly"), &weekly, "--every");
    let mut at = strings(BASE_FLAGS);
    at.extend(strings(&["--at", "2026-11-29T11:49:18+08:00"]));
    assert_dry_run_matches_v1(case(&doc, "scheduled-fixed-time"), &at, "--at +08:00");
    let mut at_utc = strings(BASE_FLAGS);
    at_utc.extend(strings(&["--at", "2026-11-29T03:49:18Z"]));
    assert_dry_run_matches_v1(case(&doc, "scheduled-fixed-time"), &at_utc, "--at Z");
}

#[test]
fn invalid_request_vectors_exit_2_naming_the_field() {
    let doc = vectors("invalid-requests.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 16);
    let dir = temp_dir("invalid");
    let env = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret"),
    ];
    for case in cases {
        let name = s(case, "name");
        let file = write_json(&dir, &format!("{name}.json"), &case["request"]);
        let r = run(
            &[
                "broadcast",
                "--request",
                file.to_str().unwrap(),
                "--dry-run",
                "--json",
                "--timestamp",
                s(case, "now"),
            ],
            &env,
        );
        assert_eq!(r.status, 2, "{name}: {r:?}");
        let e = r.error();
        assert_eq!(e["code"], "validation", "{name}: {e}");
        assert_eq!(e["field"], case["field"], "{name}: {e}");
        if let Some(rule) = case["rule"].as_str() {
            assert_eq!(e["rule"], rule, "{name}: {e}");
        }
        assert_eq!(e["maybeSent"], false, "{name}");
        assert_eq!(e["retryable"], false, "{name}");
        assert!(e["message"].as_str().unwrap().contains(s(case, "field")));
    }
}

#[test]
fn invalid_flags_name_the_field_and_the_flag() {
    let mut args = strings(&["broadcast"]);
    args.extend(strings(BASE_FLAGS));
    args.extend(strings(&[
        "--every",
        "weekly:1,9",
        "--from",
        "2026-11-29",
        "--to",
        "2026-12-13",
        "--time",
        "09:45:11",
        "--dry-run",
        "--timestamp",
        "2026-11-28T04:00:00Z",
    ]));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&argv, &[]);
    assert_eq!(r.status, 2, "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    assert!(
        r.stderr
            .contains("strategyContent.circleValue (flag --every)"),
        "{r:?}"
    );
    // The same through --json.
    let mut json_args = argv.clone();
    json_args.push("--json");
    let e = run(&json_args, &[]).error();
    assert_eq!(e["field"], "strategyContent.circleValue");
    assert_eq!(e["code"], "validation");
    // A text where an integer belongs is the core's type error.
    let mut bad = strings(&["broadcast", "--dry-run", "--json"]);
    bad.extend(strings(BASE_FLAGS));
    let i = bad.iter().position(|a| a == "300").unwrap();
    bad[i] = "soon".to_owned();
    let argv: Vec<&str> = bad.iter().map(String::as_str).collect();
    let r = run(&argv, &[]);
    assert_eq!(r.status, 2, "{r:?}");
    assert_eq!(r.error()["field"], "expiredSeconds");
    assert_eq!(r.error()["rule"], "type");
}

#[test]
fn request_file_and_field_flags_do_not_mix() {
    let dir = temp_dir("mix");
    let file = write_json(&dir, "r.json", &json!({}));
    let r = run(
        &[
            "broadcast",
            "--request",
            file.to_str().unwrap(),
            "--app-id",
            "X",
            "--dry-run",
            "--json",
        ],
        &[],
    );
    assert_eq!(r.status, 2, "{r:?}");
    let e = r.error();
    assert_eq!(e["code"], "usage");
    assert!(s(&e, "message").contains("--app-id"), "{e}");
    let r = run(
        &[
            "broadcast",
            "--request",
            file.to_str().unwrap(),
            "--app-id",
            "X",
        ],
        &[],
    );
    assert_eq!(r.status, 2, "{r:?}");
    assert!(r.stderr.contains("--request cannot be combined"), "{r:?}");
}

#[test]
fn request_from_stdin_and_unreadable_files() {
    let doc = vectors("requests.json");
    let c = case(&doc, "android-immediate-bound-7d");
    let env = credential_env(c);
    let v1 = &c["v1"];
    let r = run_with(
        &[
            "broadcast",
            "--request",
            "-",
            "--dry-run",
            "--json",
            "--nonce",
            s(v1, "nonce"),
            "--timestamp",
            s(v1, "timestamp"),
        ],
        &env_refs(&env),
        Some(&c["request"].to_string()),
    );
    assert_eq!(r.status, 0, "{r:?}");
    assert_eq!(r.json()["signature"], v1["signature"]);

    let r = run_with(
        &["broadcast", "--request", "-", "--dry-run", "--json"],
        &[],
        Some("{\"appId\": "),
    );
    assert_eq!(r.status, 2, "{r:?}");
    assert_eq!(r.error()["code"], "validation");
    assert_eq!(r.error()["rule"], "json");

    let missing = temp_dir("missing").join("no-such-file.json");
    let r = run(
        &[
            "broadcast",
            "--request",
            missing.to_str().unwrap(),
            "--json",
        ],
        &[],
    );
    assert_eq!(r.status, 2, "{r:?}");
    assert_eq!(r.error()["code"], "usage");
}

#[test]
fn a_real_send_without_credentials_exits_2_before_sending() {
    let mut args = strings(&["broadcast", "--json"]);
    args.extend(strings(BASE_FLAGS));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&argv, &[]);
    assert_eq!(r.status, 2, "{r:?}");
    let e = r.error();
    assert_eq!(e["code"], "credentials", "{e}");
    assert_eq!(e["maybeSent"], false);
    assert!(
        s(&e, "message").contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{e}"
    );

    // Text mode: the same, on stderr.
    let r = run(
        &argv[..1]
            .iter()
            .chain(&argv[2..])
            .copied()
            .collect::<Vec<_>>(),
        &[],
    );
    assert_eq!(r.status, 2, "{r:?}");
    assert!(r.stderr.contains("code:         credentials"), "{r:?}");
}

#[test]
fn a_dry_run_without_credentials_signs_with_placeholders() {
    let mut args = strings(&["broadcast", "--dry-run", "--json"]);
    args.extend(strings(BASE_FLAGS));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&argv, &[]);
    assert_eq!(r.status, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("no credentials found; signing with placeholder keys"),
        "{r:?}"
    );
    assert_eq!(
        r.json()["signedParams"]["AccessKeyId"],
        "dry-run-access-key-id"
    );
}

#[test]
fn a_malformed_credentials_file_is_reported_even_in_a_dry_run() {
    let home = temp_dir("bad-home");
    std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
    std::fs::write(
        home.join(".alibabacloud/credentials"),
        "[default]\ntype = access_key\naccess_key_id = only-an-id\n",
    )
    .unwrap();
    let mut args = strings(&["broadcast", "--dry-run", "--json"]);
    args.extend(strings(BASE_FLAGS));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&argv, &[("HOME", home.to_str().unwrap())]);
    assert_eq!(r.status, 2, "{r:?}");
    assert_eq!(r.error()["code"], "credentials");
}

#[test]
fn auto_msgkey_is_generated_and_shown() {
    let mut args = strings(&["broadcast", "--dry-run", "--json"]);
    args.extend(strings(BASE_FLAGS));
    let i = args.iter().position(|a| a == "1578807462788").unwrap();
    args[i] = "auto".to_owned();
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&argv, &[]);
    assert_eq!(r.status, 0, "{r:?}");
    let key = r.json()["signedParams"]["Msgkey"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(key.len(), 36, "{key}");
    assert_ne!(key, "auto");
    assert!(
        r.stderr.contains(&format!("generated msgkey {key}")),
        "{r:?}"
    );
}

#[test]
fn acs3_dry_run_signs_the_vector_body() {
    let doc = vectors("requests.json");
    let c = case(&doc, "vendor-options");
    let v3 = &c["v3"];
    let dir = temp_dir("acs3");
    let file = write_json(&dir, "r.json", &c["request"]);
    let env = credential_env(c);
    let r = run(
        &[
            "broadcast",
            "--request",
            file.to_str().unwrap(),
            "--signature",
            "acs3-hmac-sha256",
            "--dry-run",
            "--json",
            "--nonce",
            s(v3, "nonce"),
            "--timestamp",
            s(v3, "date"),
        ],
        &env_refs(&env),
    );
    assert_eq!(r.status, 0, "{r:?}");
    let p = r.json();
    assert_eq!(p["signatureMethod"], "acs3-hmac-sha256");
    assert_eq!(p["signedParams"], v3["bodyParams"]);
    assert_eq!(p["headers"]["x-acs-signature-nonce"], v3["nonce"]);
    assert_eq!(p["headers"]["x-acs-date"], v3["date"]);
    assert!(p["canonicalRequest"].is_string());
    assert!(s(&p["headers"], "authorization").starts_with("ACS3-HMAC-SHA256 Credential=testid,"));
}

#[test]
fn bad_client_options_are_configuration_errors() {
    let mut base = strings(&["broadcast", "--dry-run", "--json"]);
    base.extend(strings(BASE_FLAGS));
    for extra in [
        &["--retries", "0"][..],
        &["--signature", "md5"],
        &["--api-version", "2000-01-01"],
        &["--connect-timeout", "0"],
        &["--endpoint", "http://example.com"],
        &["--region", "bad region"],
    ] {
        let mut args = base.clone();
        args.extend(strings(extra));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&argv, &[]);
        assert_eq!(r.status, 2, "{extra:?}: {r:?}");
        assert_eq!(r.error()["code"], "config", "{extra:?}: {r:?}");
    }
    // The endpoint also comes from MPAAS_PUSH_ENDPOINT.
    let argv: Vec<&str> = base.iter().map(String::as_str).collect();
    let r = run(&argv, &[("MPAAS_PUSH_ENDPOINT", "http://127.0.0.1:9")]);
    assert_eq!(r.status, 0, "{r:?}");
    assert!(s(&r.json(), "url").starts_with("http://127.0.0.1:9/?"));
}

#[test]
fn connection_refused_is_a_connect_error_exit_1() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let endpoint = format!("http://127.0.0.1:{port}");
    let mut args = strings(&[
        "broadcast",
        "--json",
        "--endpoint",
        &endpoint,
        "--retries",
        "1",
        "--connect-timeout",
        "2",
    ]);
    args.extend(strings(BASE_FLAGS));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(
        &argv,
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret"),
        ],
    );
    assert_eq!(r.status, 1, "{r:?}");
    let e = r.error();
    assert_eq!(e["code"], "connect", "{e}");
    assert_eq!(e["maybeSent"], false);
    assert_eq!(e["retryable"], true);
    assert_eq!(e["msgkey"], "1578807462788");
    assert!(!r.stdout.contains("testsecret") && !r.stderr.contains("testsecret"));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let r = run(&["broadcast", "--nonce", "abc"], &[]);
    assert_eq!(r.status, 2, "--nonce needs --dry-run: {r:?}");
    // Schedule flags are read by the core like every other field: a
    // missing --from or a bad --at is a validation error naming the field.
    let doc = vectors("requests.json");
    let base = flags_for(&case(&doc, "android-immediate-bound-7d")["request"]);
    let with = |extra: &[&str]| {
        let mut a: Vec<String> = vec!["broadcast".into(), "--dry-run".into(), "--json".into()];
        a.extend(base.iter().cloned());
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a
    };
    let argv = with(&[
        "--every",
        "daily",
        "--to",
        "2030-01-01",
        "--time",
        "09:00:00",
    ]);
    let r = run(&argv.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert_eq!(r.status, 2, "{r:?}");
    let e = r.error();
    assert_eq!(
        (s(&e, "code"), s(&e, "field"), s(&e, "rule")),
        ("validation", "schedule.start", "required"),
        "{e}"
    );
    let argv = with(&["--at", "tomorrow"]);
    let r = run(&argv.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert_eq!(r.status, 2, "{r:?}");
    let e = r.error();
    assert_eq!(
        (s(&e, "field"), s(&e, "rule")),
        ("schedule.at", "time_format"),
        "{e}"
    );
    let r = run(&["broadcast", "--no-such-flag"], &[]);
    assert_eq!(r.status, 2, "{r:?}");

    let r = run(&["--help"], &[]);
    assert_eq!(r.status, 0, "{r:?}");
    for word in [
        "broadcast",
        "emulator",
        "demo",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
    ] {
        assert!(r.stdout.contains(word), "{word}: {}", r.stdout);
    }
    let r = run(&["broadcast", "--help"], &[]);
    assert_eq!(r.status, 0, "{r:?}");
    for flag in [
        "--app-id",
        "--workspace-id",
        "--tenant-id",
        "--delivery-type",
        "--msgkey",
        "--expired-seconds",
        "--task-name",
        "--template-name",
        "--template-kv",
        "--push-status",
        "--bind-period",
        "--unbind-period",
        "--android-channel",
        "--classification",
        "--at",
        "--every",
        "--from",
        "--to",
        "--time",
        "--payload",
        "--urgency",
        "--third-channel-category",
        "--notify-level",
        "--mi-channel-id",
        "--channel-id",
        "--notify-type",
        "--push-action",
        "--silent",
        "--extended-param",
        "--request",
        "--endpoint",
        "--region",
        "--signature",
        "--api-version",
        "--connect-timeout",
        "--read-timeout",
        "--total-timeout",
        "--retries",
        "--retry-maybe-sent",
        "--dry-run",
        "--nonce",
        "--timestamp",
        "--json",
    ] {
        assert!(r.stdout.contains(flag), "{flag} missing from help");
    }
    assert!(!r.stdout.contains("--access-key-secret"));
}
