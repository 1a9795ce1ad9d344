//! The companion-action vector files (`companion-requests.json` from the
//! official Python SDK, `companion-rules.json`), run against the Rust core.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use mpaas_push::encode::parse_form;
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::wire::PayloadEncoding;
use mpaas_push::{
    Action, AnyRequest, ApiVersion, Client, Credentials, Endpoint, PreparedRequest, SignatureMethod,
};
use mpaas_push_conformance::load;
use serde_json::Value;

mod common;
use common::verify_acs3;

fn str_map(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("missing {k}"))
}

fn time(v: &str) -> DateTime<Utc> {
    v.parse().unwrap()
}

fn creds_of(c: &Value) -> Credentials {
    let cr = &c["credentials"];
    let mut creds = Credentials::new(s(cr, "accessKeyId"), s(cr, "accessKeySecret"));
    if let Some(t) = cr["securityToken"].as_str() {
        creds = creds.with_security_token(t);
    }
    creds
}

fn request_of(c: &Value) -> AnyRequest {
    let action: Action = s(c, "action").parse().unwrap();
    AnyRequest::from_json(action, &c["request"]).unwrap_or_else(|e| panic!("{}: {e}", s(c, "name")))
}

/// validate → wire → prepare, unredacted (what the client sends).
fn sign(c: &Value, method: SignatureMethod, at: DateTime<Utc>, nonce: &str) -> PreparedRequest {
    let req = request_of(c);
    req.validate(at)
        .unwrap_or_else(|e| panic!("{}: {e}", s(c, "name")));
    let endpoint = Endpoint::parse("mpaas.cn-hangzhou.aliyuncs.com", false).unwrap();
    let creds = creds_of(c);
    let ctx = SigningContext {
        endpoint: &endpoint,
        api_version: ApiVersion::V2020_10_28,
        method,
        credentials: &creds,
        timestamp: at,
        nonce,
        user_agent: "test",
    };
    prepare(
        &ctx,
        req.action().as_str(),
        &req.params(PayloadEncoding::default()),
    )
}

fn cases() -> Vec<Value> {
    let doc = load("companion-requests.json");
    let cases = doc["cases"].as_array().unwrap().clone();
    // Every companion action is covered.
    for a in Action::ALL.iter().filter(|a| **a != Action::PushBroadcast) {
        assert!(
            cases.iter().any(|c| s(c, "action") == a.as_str()),
            "no vector for {a}"
        );
    }
    cases
}

#[test]
fn companion_vectors_hmac_sha1_match_the_official_sdk() {
    for c in cases() {
        let name = s(&c, "name");
        let v1 = &c["v1"];
        let p = sign(
            &c,
            SignatureMethod::HmacSha1,
            time(s(v1, "timestamp")),
            s(v1, "nonce"),
        );
        assert_eq!(
            p.signed_params,
            str_map(&v1["signedParams"]),
            "{name}: signed params"
        );
        assert_eq!(p.signature, s(v1, "signature"), "{name}: signature");
        // Same split as the SDK: common params in the query, operation params in the body.
        let body: BTreeMap<String, String> = parse_form(&p.body).unwrap().into_iter().collect();
        assert_eq!(body, str_map(&v1["bodyParams"]), "{name}: body params");
        let (_, query) = p.url.split_once('?').unwrap();
        let query: BTreeMap<String, String> = parse_form(query).unwrap().into_iter().collect();
        assert_eq!(query, str_map(&v1["queryParams"]), "{name}: query params");
    }
}

#[test]
fn companion_vectors_acs3_body_matches_and_signature_verifies() {
    for c in cases() {
        let name = s(&c, "name");
        let v3 = &c["v3"];
        let p = sign(
            &c,
            SignatureMethod::Acs3HmacSha256,
            time(s(v3, "date")),
            s(v3, "nonce"),
        );
        let body: BTreeMap<String, String> = parse_form(&p.body).unwrap().into_iter().collect();
        assert_eq!(body, str_map(&v3["bodyParams"]), "{name}: body params");
        assert_eq!(p.header("x-acs-action"), Some(s(&c, "action")), "{name}");
        assert_eq!(p.header("x-acs-version"), Some("2020-10-28"));
        assert_eq!(p.header("x-acs-date"), Some(s(v3, "date")));
        assert_eq!(
            p.url, "https://mpaas.cn-hangzhou.aliyuncs.com/",
            "{name}: no query"
        );
        let secret = s(&c["credentials"], "accessKeySecret");
        verify_acs3(&p, secret).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(verify_acs3(&p, "wrong-secret").is_err());
        if let Some(tok) = c["credentials"]["securityToken"].as_str() {
            assert_eq!(p.header("x-acs-security-token"), Some(tok), "{name}");
        }
    }
}

#[test]
fn companion_dry_run_through_the_client_redacts_the_token() {
    for c in cases() {
        let v1 = &c["v1"];
        let client = Client::builder().credentials(creds_of(&c)).build().unwrap();
        let p = client
            .prepare_any(
                &request_of(&c),
                Some(time(s(v1, "timestamp"))),
                Some(s(v1, "nonce")),
            )
            .unwrap();
        assert_eq!(p.signature, s(v1, "signature"), "{}", s(&c, "name"));
        if let Some(tok) = c["credentials"]["securityToken"].as_str() {
            let shown = serde_json::to_string(&p).unwrap();
            assert!(!shown.contains(tok), "token in dry run: {shown}");
        }
    }
}

#[test]
fn companion_rules_reject_naming_field_and_rule() {
    let doc = load("companion-rules.json");
    let invalid = doc["invalid"].as_array().unwrap();
    assert!(invalid.len() >= 20);
    for c in invalid {
        let name = s(c, "name");
        let action: Action = s(c, "action").parse().unwrap();
        let now = time(s(c, "now"));
        let err: mpaas_push::Error = match AnyRequest::from_json(action, &c["request"]) {
            Err(e) => e.into(),
            Ok(req) => match req.validate(now) {
                Err(e) => e.into(),
                Ok(()) => panic!("{name}: accepted but must be rejected"),
            },
        };
        assert_eq!(err.field(), Some(s(c, "field")), "{name}: {err}");
        assert_eq!(
            err.validation().unwrap().rule().as_str(),
            s(c, "rule"),
            "{name}: {err}"
        );
        assert!(!err.maybe_sent());
    }
    for c in doc["valid"].as_array().unwrap() {
        let name = s(c, "name");
        let action: Action = s(c, "action").parse().unwrap();
        let req =
            AnyRequest::from_json(action, &c["request"]).unwrap_or_else(|e| panic!("{name}: {e}"));
        req.validate(time(s(c, "now")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            req.params(PayloadEncoding::default()),
            str_map(&c["wire"]),
            "{name}"
        );
    }
}
