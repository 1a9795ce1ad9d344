//! `tests/vectors/client-options.json` through the command line: the options
//! go in a `--client-options` file and the command must fail with the same
//! code, field and rule as every other language (exit 2), or build its
//! client and print a dry run (exit 0). The CLI has no constructor/fromEnv
//! distinction, so `fromEnv` cases are skipped (and counted).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use common::{run, s, temp_dir, vectors, write_json};

#[test]
fn client_option_vectors_through_the_cli() {
    let doc = vectors("client-options.json");
    let requests = vectors("requests.json");
    let request = requests["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "android-immediate-bound-7d")
        .unwrap()["request"]
        .clone();
    let dir = temp_dir("client-options");
    let req = write_json(&dir, "request.json", &request);
    let (mut ran, mut skipped) = (0, 0);
    for c in doc["cases"].as_array().unwrap() {
        let name = s(c, "name");
        if c["fromEnv"].as_bool() == Some(true) {
            skipped += 1;
            continue;
        }
        let opts = write_json(&dir, &format!("{name}.json"), &c["options"]);
        let r = run(
            &[
                "broadcast",
                "--request",
                req.to_str().unwrap(),
                "--client-options",
                opts.to_str().unwrap(),
                "--dry-run",
                "--json",
            ],
            &[],
        );
        ran += 1;
        if c["expect"] == "ok" {
            assert_eq!(r.status, 0, "{name}: {r:?}");
            continue;
        }
        assert_eq!(r.status, 2, "{name}: {r:?}");
        let e = r.error();
        let want = &c["expect"];
        assert_eq!(
            (s(&e, "code"), s(&e, "field"), s(&e, "rule")),
            (s(want, "code"), s(want, "field"), s(want, "rule")),
            "{name}: {e}"
        );
        for secret in c["mustNotContain"].as_array().into_iter().flatten() {
            let secret = secret.as_str().unwrap();
            assert!(
                !r.stdout.contains(secret) && !r.stderr.contains(secret),
                "{name}: {secret:?} printed: {r:?}"
            );
        }
    }
    let from_env = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["fromEnv"].as_bool() == Some(true))
        .count();
    assert_eq!(skipped, from_env);
    assert!(ran >= 40, "{ran}");
}

#[test]
fn broadcast_reads_app_and_workspace_from_the_environment() {
    let requests = vectors("requests.json");
    let mut request = requests["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "android-immediate-bound-7d")
        .unwrap()["request"]
        .clone();
    let m = request.as_object_mut().unwrap();
    m.remove("appId");
    m.remove("workspaceId");
    let dir = temp_dir("target-env");
    let req = write_json(&dir, "request.json", &request);
    let env = [
        ("MPAAS_PUSH_APP_ID", "APP-FROM-ENV"),
        ("MPAAS_PUSH_WORKSPACE_ID", "ws-from-env"),
    ];
    let r = run(
        &[
            "broadcast",
            "--request",
            req.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
        &env,
    );
    assert_eq!(r.status, 0, "{r:?}");
    let signed = &r.json()["signedParams"];
    assert_eq!(
        (s(signed, "AppId"), s(signed, "WorkspaceId")),
        ("APP-FROM-ENV", "ws-from-env")
    );
    // Without the variables the same request names the missing field.
    let r = run(
        &[
            "broadcast",
            "--request",
            req.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
        &[],
    );
    assert_eq!(r.status, 2, "{r:?}");
    assert_eq!(s(&r.error(), "field"), "appId");
}
