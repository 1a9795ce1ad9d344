//! The shared vector files, run against the Rust core.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use mpaas_push::encode::parse_form;
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::sign::{acs3, rpc};
use mpaas_push::wire::{PayloadEncoding, operation_params};
use mpaas_push::{
    ApiVersion, BroadcastRequest, Client, Credentials, Endpoint, SignatureMethod, validate,
};
use mpaas_push_conformance::load;

mod common;
use common::verify_acs3;
use serde_json::Value;

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

#[test]
fn hmac_sha1_signer_vectors() {
    let doc = load("sign-hmac-sha1.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for c in cases {
        let name = s(c, "name");
        let params = str_map(&c["params"]);
        let cq = rpc::canonical_query(&params);
        assert_eq!(cq, s(c, "canonicalQuery"), "{name}: canonical query");
        let sts = rpc::string_to_sign(s(c, "method"), &cq);
        assert_eq!(sts, s(c, "stringToSign"), "{name}: string to sign");
        let sig = rpc::signature(s(c, "accessKeySecret"), &sts);
        assert_eq!(sig, s(c, "signature"), "{name}: signature");
    }
}

#[test]
fn acs3_signer_vectors() {
    let doc = load("sign-acs3-hmac-sha256.json");
    for c in doc["cases"].as_array().unwrap() {
        let name = s(c, "name");
        let headers = str_map(&c["headers"]);
        let query = str_map(&c["query"]);
        let hashed_payload = &headers["x-acs-content-sha256"];
        assert_eq!(
            &acs3::sha256_hex(s(c, "body").as_bytes()),
            hashed_payload,
            "{name}: body hash"
        );
        let cr = acs3::canonical_request(
            s(c, "method"),
            s(c, "path"),
            &query,
            &headers,
            hashed_payload,
        );
        assert_eq!(cr, s(c, "canonicalRequest"), "{name}: canonical request");
        assert_eq!(
            acs3::sha256_hex(cr.as_bytes()),
            s(c, "hashedCanonicalRequest"),
            "{name}"
        );
        let sig = acs3::signature(s(c, "accessKeySecret"), &acs3::string_to_sign(&cr));
        let auth = acs3::authorization(s(c, "accessKeyId"), &acs3::signed_headers(&headers), &sig);
        assert_eq!(auth, s(c, "authorization"), "{name}: authorization");
    }
}

fn creds_of(c: &Value) -> Credentials {
    let cr = &c["credentials"];
    let mut creds = Credentials::new(s(cr, "accessKeyId"), s(cr, "accessKeySecret"));
    if let Some(t) = cr["securityToken"].as_str() {
        creds = creds.with_security_token(t);
    }
    creds
}

fn time(v: &str) -> DateTime<Utc> {
    v.parse().unwrap()
}

/// Signs a vector request through the pure layers (validate → wire → prepare),
/// exactly what the client does, without redaction.
fn sign_case(
    c: &Value,
    method: SignatureMethod,
    at: DateTime<Utc>,
    nonce: &str,
) -> mpaas_push::PreparedRequest {
    let req = BroadcastRequest::from_json(&c["request"]).unwrap();
    validate(&req, at).unwrap_or_else(|e| panic!("{}: {e}", s(c, "name")));
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
        "PushBroadcast",
        &operation_params(&req, PayloadEncoding::Flattened),
    )
}

#[test]
fn request_vectors_hmac_sha1_match_the_official_sdk() {
    let doc = load("requests.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 9);
    for c in cases {
        let name = s(c, "name");
        let v1 = &c["v1"];
        let p = sign_case(
            c,
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
        assert_eq!(p.method, s(v1, "method"));
        // What is sent is what was signed: query + body decode to the signed set.
        let (_, query) = p.url.split_once('?').unwrap();
        let mut sent: BTreeMap<String, String> = parse_form(query).unwrap().into_iter().collect();
        let signature = sent.remove("Signature").unwrap();
        assert_eq!(signature, p.signature, "{name}: URL signature");
        sent.extend(parse_form(&p.body).unwrap());
        assert_eq!(sent, p.signed_params, "{name}: sent = signed");
    }
}

#[test]
fn request_vectors_acs3_body_matches_and_signature_verifies() {
    let doc = load("requests.json");
    for c in doc["cases"].as_array().unwrap() {
        let name = s(c, "name");
        let v3 = &c["v3"];
        let p = sign_case(
            c,
            SignatureMethod::Acs3HmacSha256,
            time(s(v3, "date")),
            s(v3, "nonce"),
        );
        let body: BTreeMap<String, String> = parse_form(&p.body).unwrap().into_iter().collect();
        assert_eq!(body, str_map(&v3["bodyParams"]), "{name}: body params");
        assert_eq!(p.header("x-acs-date"), Some(s(v3, "date")));
        assert_eq!(p.header("x-acs-signature-nonce"), Some(s(v3, "nonce")));
        assert_eq!(p.header("x-acs-action"), Some("PushBroadcast"));
        assert_eq!(p.header("x-acs-version"), Some("2020-10-28"));
        assert_eq!(
            p.url, "https://mpaas.cn-hangzhou.aliyuncs.com/",
            "{name}: no query in V3"
        );
        let secret = s(&c["credentials"], "accessKeySecret");
        verify_acs3(&p, secret).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(verify_acs3(&p, "wrong-secret").is_err());
        if let Some(tok) = c["credentials"]["securityToken"].as_str() {
            assert_eq!(p.header("x-acs-security-token"), Some(tok));
            assert_eq!(
                p.header("x-acs-accesskey-id"),
                Some(s(&c["credentials"], "accessKeyId"))
            );
        }
    }
}

#[test]
fn client_dry_run_reproduces_vectors_and_redacts_the_token() {
    let doc = load("requests.json");
    for c in doc["cases"].as_array().unwrap() {
        let v1 = &c["v1"];
        let client = Client::builder().credentials(creds_of(c)).build().unwrap();
        let req = BroadcastRequest::from_json(&c["request"]).unwrap();
        let p = client
            .prepare_broadcast_at(&req, time(s(v1, "timestamp")), s(v1, "nonce"))
            .unwrap();
        assert_eq!(p.signature, s(v1, "signature"), "{}", s(c, "name"));
        if let Some(tok) = c["credentials"]["securityToken"].as_str() {
            let shown = serde_json::to_string(&p).unwrap();
            assert!(!shown.contains(tok), "token in dry run: {shown}");
            assert!(!shown.contains(&mpaas_push::encode::percent_encode(tok)));
            assert_eq!(p.signed_params["SecurityToken"], mpaas_push::REDACTED);
        }
    }
}

fn reject(c: &Value) -> mpaas_push::Error {
    let name = s(c, "name");
    let now = time(s(c, "now"));
    match BroadcastRequest::from_json(&c["request"]) {
        Err(e) => e.into(),
        Ok(req) => match validate(&req, now) {
            Err(e) => e.into(),
            Ok(()) => panic!("{name}: accepted but must be rejected"),
        },
    }
}

#[test]
fn invalid_request_vectors_are_rejected_naming_the_field() {
    let doc = load("invalid-requests.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 16);
    for c in cases {
        let name = s(c, "name");
        let e = reject(c);
        assert_eq!(e.field(), Some(s(c, "field")), "{name}: {e}");
        if let Some(rule) = c["rule"].as_str() {
            assert_eq!(e.validation().unwrap().rule().as_str(), rule, "{name}: {e}");
        }
        assert_eq!(e.code().as_str(), "validation");
        assert!(!e.maybe_sent());
    }
}

#[test]
fn valid_request_vectors_pass_and_encode_as_pinned() {
    let doc = load("valid-requests.json");
    for c in doc["cases"].as_array().unwrap() {
        let name = s(c, "name");
        let req =
            BroadcastRequest::from_json(&c["request"]).unwrap_or_else(|e| panic!("{name}: {e}"));
        validate(&req, time(s(c, "now"))).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(want) = c.get("params") {
            let enc = match c["payloadEncoding"].as_str() {
                Some("json") => PayloadEncoding::JsonString,
                _ => PayloadEncoding::Flattened,
            };
            assert_eq!(operation_params(&req, enc), str_map(want), "{name}");
        }
    }
}

#[test]
fn error_code_contract_matches_the_core() {
    let doc = load("error-codes.json");
    let listed: Vec<&str> = doc["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| s(c, "code"))
        .collect();
    let core: Vec<&str> = mpaas_push::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(listed, core);
}

#[test]
fn rule_list_matches_the_core() {
    let doc = load("error-codes.json");
    let listed: Vec<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| s(c, "rule"))
        .collect();
    let core: Vec<&str> = mpaas_push::Rule::all().map(|r| r.as_str()).collect();
    assert_eq!(listed, core);
    // Every rule a shared vector expects is one the core can produce.
    for file in ["invalid-requests.json", "companion-rules.json"] {
        let doc = load(file);
        let mut stack = vec![&doc];
        while let Some(v) = stack.pop() {
            match v {
                Value::Object(o) => {
                    if let Some(Value::String(r)) = o.get("rule") {
                        assert!(r.parse::<mpaas_push::Rule>().is_ok(), "{file}: rule {r}");
                    }
                    stack.extend(o.values());
                }
                Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }
}
