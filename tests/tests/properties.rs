//! Property tests: what is signed is byte-identical to what is sent.
//!
//! Arbitrary valid requests — every action, Unicode text with spaces, `*`,
//! `~`, `+`, `&`, `=`, `%`, CJK and emoji, arbitrary maps within the rules,
//! both signature methods, with and without an STS token:
//!
//! * `sent_bytes_decode_to_the_signed_parameters` (pure): the V1 query and
//!   form body decode to exactly the signed parameter set, and the
//!   signature recomputed over what was decoded is the one sent; the V3
//!   `x-acs-content-sha256` is the SHA-256 of the exact body bytes, the body
//!   decodes to the operation parameters and the signature verifies
//!   (independent verifier).
//! * `the_emulator_verifies_and_records_the_signed_parameters`: sent by the
//!   client to the in-process emulator, the signature verifies and the
//!   parameters the emulator recorded are the signed ones, byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use mpaas_push::encode::parse_form;
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::sign::rpc;
use mpaas_push::wire::{Params, PayloadEncoding};
use mpaas_push::{
    Action, AnyRequest, ApiVersion, Client, Credentials, Endpoint, FixedClock, FixedNonce,
    RetryPolicy, SignatureMethod, schedule,
};
use mpaas_push_emulator::{
    AccessKey, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
};
use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

const STS_ID: &str = "STS.property-id";
const STS_TOKEN: &str = "sts/token+value=secret&x";

/// RPC common parameters (what the gateway strips before the service).
const COMMON: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

// ---------------------------------------------------------------- strategies

/// One character, biased towards what encoders get wrong.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        1 => prop::char::range('0', '9'),
        4 => prop::sample::select(vec![
            ' ', '*', '~', '+', '&', '=', '%', '/', '?', '#', '\'', '"', '\\', ',', '.', '-',
            '_', '!', '(', ')', ':', ';', '@', '[', ']', '{', '}', '<', '>', '\n', '\t', '\r',
        ]),
        2 => prop::char::range('\u{4e00}', '\u{9fff}'),
        1 => prop::char::range('\u{1f300}', '\u{1faff}'),
        1 => any::<char>().prop_filter("no NUL", |c| *c != '\0'),
    ]
}

fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    vec(text_char(), min..=max).prop_map(String::from_iter)
}

fn non_blank(max: usize) -> impl Strategy<Value = String> {
    text(1, max).prop_filter("not blank", |s| !s.trim().is_empty())
}

/// When the request is sent: fixed in the future or recurring daily.
#[derive(Debug, Clone)]
enum When {
    Unset,
    Immediate,
    InMinutes(i64),
    DailyForDays(u64, String),
}

fn when() -> impl Strategy<Value = When> {
    prop_oneof![
        3 => Just(When::Unset),
        1 => Just(When::Immediate),
        2 => (2i64..100_000).prop_map(When::InMinutes),
        2 => (0u64..=170, 0u32..24, 0u32..60, 0u32..60)
            .prop_map(|(d, h, m, s)| When::DailyForDays(d, format!("{h:02}:{m:02}:{s:02}"))),
    ]
}

/// A valid broadcast (neutral JSON without the schedule) and its schedule.
/// `templates`: names the receiving emulator knows (all use `#content#`).
fn broadcast() -> impl Strategy<Value = (Value, When)> {
    let template = prop::sample::select(vec!["broadcast_tpl", "demo_tpl", "群发模板"]);
    let audience = prop_oneof![
        (Just(None), 1i64..=4).prop_map(|(s, p): (Option<i64>, i64)| (s, Some(p), None)),
        (Just(Some(0)), 1i64..=4).prop_map(|(s, p)| (s, Some(p), None)),
        (1i64..=2, 1i64..=4).prop_map(|(s, p)| (Some(s), None, Some(p))),
    ];
    let vendor_levels = (
        proptest::option::of(1u8..=14),
        proptest::option::of(1u8..=13),
        btree_map(text(1, 8), text(0, 8), 0..3),
    )
        .prop_map(|(hms, harmony, other)| {
            let mut m: BTreeMap<String, String> = other
                .into_iter()
                .filter(|(k, _)| k != "hms" && k != "harmonyos")
                .collect();
            if let Some(h) = hms {
                m.insert("hms".into(), h.to_string());
            }
            if let Some(h) = harmony {
                m.insert("harmonyos".into(), h.to_string());
            }
            m
        });
    let notify_level = btree_map(text(1, 8), 1u8..=2, 0..3)
        .prop_map(|m| m.into_iter().map(|(k, v)| (k, v.to_string())).collect());
    let extended = btree_map(text(1, 12), text(0, 24), 0..6).prop_map(|m| {
        m.into_iter()
            .filter(|(k, _)| !mpaas_push::RESERVED_EXTENDED_KEYS.contains(&k.as_str()))
            .collect::<BTreeMap<_, _>>()
    });
    // Payload object keys: letters only (see the report on `.` and
    // all-digit keys in the flattened form).
    let payload = (
        prop::sample::select(vec!["hms", "honor", "fcm", "harmonyos"]),
        btree_map("[a-z][a-zA-Z_]{0,8}", text(0, 24), 1..4),
        proptest::option::of(prop::sample::select(vec!["HIGH", "NORMAL"])),
    );
    (
        (
            non_blank(16),
            non_blank(16),
            proptest::option::of(text(0, 12)),
            prop::sample::select(vec![json!(1), json!(2), json!(7), json!("android")]),
            non_blank(32),
            1i64..=259_200,
            non_blank(32),
            template,
            text(0, 40),
            btree_map(text(1, 12), text(0, 30), 0..5),
        ),
        (
            audience,
            proptest::option::of(vendor_levels),
            proptest::option::of(notify_level),
            proptest::option::of(extended),
            proptest::option::of(payload),
            proptest::option::of(text(0, 12)),
            proptest::option::of(any::<bool>()),
            when(),
        ),
    )
        .prop_map(
            |(
                (app, ws, tenant, delivery, msgkey, expired, task, tpl, content, kv),
                (aud, levels, notify, ext, payload, channel, silent, when),
            )| {
                let mut kv: BTreeMap<String, String> = kv;
                kv.insert("content".into(), content);
                let mut o = Map::new();
                o.insert("appId".into(), json!(app));
                o.insert("workspaceId".into(), json!(ws));
                if let Some(t) = tenant {
                    o.insert("tenantId".into(), json!(t));
                }
                o.insert("deliveryType".into(), delivery);
                o.insert("msgkey".into(), json!(msgkey));
                o.insert("expiredSeconds".into(), json!(expired));
                o.insert("taskName".into(), json!(task));
                o.insert("templateName".into(), json!(tpl));
                o.insert("templateKeyValue".into(), json!(kv));
                let (status, bind, unbind) = aud;
                if let Some(s) = status {
                    o.insert("pushStatus".into(), json!(s));
                }
                if let Some(p) = bind {
                    o.insert("bindPeriod".into(), json!(p));
                }
                if let Some(p) = unbind {
                    o.insert("unBindPeriod".into(), json!(p));
                }
                if let Some(m) = levels.filter(|m| !m.is_empty()) {
                    o.insert("thirdChannelCategory".into(), json!(m));
                }
                if let Some(m) = notify.filter(|m: &BTreeMap<String, String>| !m.is_empty()) {
                    o.insert("notifyLevel".into(), json!(m));
                }
                if let Some(m) = ext {
                    o.insert("extendedParams".into(), json!(m));
                }
                if let Some((vendor, body, urgency)) = payload {
                    o.insert("transparentMessagePayload".into(), json!({ vendor: body }));
                    if let Some(u) = urgency {
                        o.insert("transparentMessageUrgency".into(), json!(u));
                    }
                }
                if let Some(c) = channel {
                    o.insert("channelId".into(), json!(c));
                }
                if let Some(s) = silent {
                    o.insert("silent".into(), json!(s));
                }
                (Value::Object(o), when)
            },
        )
}

/// `request` with `when` as of `now`.
fn scheduled(mut request: Value, when: &When, now: DateTime<Utc>) -> Value {
    let o = request.as_object_mut().unwrap();
    match when {
        When::Unset => {}
        When::Immediate => {
            o.insert("strategyType".into(), json!(0));
        }
        When::InMinutes(m) => {
            let at = (now.timestamp() + m * 60) * 1000;
            o.insert("strategyType".into(), json!(1));
            o.insert("strategyContent".into(), json!({ "fixedTime": at }));
        }
        When::DailyForDays(days, time) => {
            let today = schedule::china_day(now);
            let end = today + chrono::Days::new(*days);
            o.insert("strategyType".into(), json!(2));
            o.insert(
                "strategyContent".into(),
                json!({
                    "startTime": schedule::china_midnight_ms(today),
                    "endTime": schedule::china_midnight_ms(end),
                    "circleType": 1,
                    "time": time,
                }),
            );
        }
    }
    request
}

fn target() -> impl Strategy<Value = Map<String, Value>> {
    (
        non_blank(16),
        non_blank(16),
        proptest::option::of(text(0, 12)),
    )
        .prop_map(|(a, w, t)| {
            let mut o = Map::new();
            o.insert("appId".into(), json!(a));
            o.insert("workspaceId".into(), json!(w));
            if let Some(t) = t {
                o.insert("tenantId".into(), json!(t));
            }
            o
        })
}

fn paging() -> impl Strategy<Value = Vec<(&'static str, Value)>> {
    (
        proptest::option::of(1u32..=u32::MAX),
        proptest::option::of(1u32..=500),
    )
        .prop_map(|(n, s)| {
            let mut v = Vec::new();
            if let Some(n) = n {
                v.push(("pageNumber", json!(n)));
            }
            if let Some(s) = s {
                v.push(("pageSize", json!(s)));
            }
            v
        })
}

/// A valid companion request of any action.
fn companion() -> impl Strategy<Value = (Action, Value)> {
    let with = |mut t: Map<String, Value>, fields: Vec<(&'static str, Value)>| {
        for (k, v) in fields {
            t.insert(k.into(), v);
        }
        Value::Object(t)
    };
    let time = 0i64..4_000_000_000_000;
    prop_oneof![
        (
            target(),
            time.clone(),
            0i64..100_000_000_000,
            proptest::option::of(0i64..=3),
            proptest::option::of(non_blank(20)),
            paging()
        )
            .prop_map(move |(t, start, span, kind, id, paging)| {
                let mut f = vec![
                    ("startTime", json!(start)),
                    ("endTime", json!(start + span)),
                ];
                if let Some(k) = kind {
                    f.push(("type", json!(k)));
                }
                if let Some(id) = id {
                    f.push(("uniqueId", json!(id)));
                }
                f.extend(paging);
                (Action::QueryPushSchedulerList, with(t, f))
            }),
        (
            target(),
            btree_set(
                non_blank(20).prop_filter("no comma", |s| !s.contains(',')),
                1..5
            ),
            proptest::option::of(0i64..=1)
        )
            .prop_map(move |(t, ids, kind)| {
                let mut f = vec![("uniqueIds", json!(ids))];
                if let Some(k) = kind {
                    f.push(("type", json!(k)));
                }
                (Action::CancelPushScheduler, with(t, f))
            }),
        (target(), non_blank(24)).prop_map(move |(t, id)| (
            Action::RevokePushTask,
            with(t, vec![("taskId", json!(id))])
        )),
        (target(), non_blank(24), non_blank(24)).prop_map(move |(t, m, u)| {
            let f = vec![("messageId", json!(m)), ("targetId", json!(u))];
            (Action::RevokePushMessage, with(t, f))
        }),
        (target(), non_blank(24)).prop_map(move |(t, id)| {
            let f = vec![("taskId", json!(id))];
            (Action::QueryPushAnalysisTaskDetail, with(t, f))
        }),
        (
            target(),
            time,
            proptest::option::of(non_blank(24)),
            proptest::option::of(non_blank(24)),
            paging()
        )
            .prop_map(move |(t, start, id, name, paging)| {
                let mut f = vec![("startTime", json!(start))];
                if let Some(id) = id {
                    f.push(("taskId", json!(id)));
                }
                if let Some(n) = name {
                    f.push(("taskName", json!(n)));
                }
                f.extend(paging);
                (Action::QueryPushAnalysisTaskList, with(t, f))
            }),
    ]
}

/// Any valid request: `(action, JSON without schedule, schedule)`.
fn any_request() -> impl Strategy<Value = (Action, Value, When)> {
    prop_oneof![
        broadcast().prop_map(|(v, w)| (Action::PushBroadcast, v, w)),
        companion().prop_map(|(a, v)| (a, v, When::Unset)),
    ]
}

fn signing() -> impl Strategy<Value = (SignatureMethod, bool)> {
    (
        prop::sample::select(vec![
            SignatureMethod::HmacSha1,
            SignatureMethod::Acs3HmacSha256,
        ]),
        any::<bool>(),
    )
}

fn credentials(sts: bool) -> Credentials {
    if sts {
        Credentials::new(STS_ID, DEFAULT_ACCESS_KEY_SECRET).with_security_token(STS_TOKEN)
    } else {
        Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
    }
}

/// Reads and validates a generated request; a generator bug fails loudly.
fn read(action: Action, v: &Value, now: DateTime<Utc>) -> Result<AnyRequest, TestCaseError> {
    let req = AnyRequest::from_json(action, v)
        .map_err(|e| TestCaseError::fail(format!("generated {action} unreadable: {e}\n{v}")))?;
    req.validate(now)
        .map_err(|e| TestCaseError::fail(format!("generated {action} invalid: {e}\n{v}")))?;
    Ok(req)
}

fn pairs_to_map(pairs: Vec<(String, String)>) -> Result<Params, TestCaseError> {
    let n = pairs.len();
    let map: Params = pairs.into_iter().collect();
    prop_assert_eq!(map.len(), n, "a parameter name is sent twice");
    Ok(map)
}

// ------------------------------------------------------------ pure property

fn check_sent_bytes(
    action: Action,
    params: &Params,
    method: SignatureMethod,
    sts: bool,
    encoding: PayloadEncoding,
) -> Result<(), TestCaseError> {
    let endpoint = Endpoint::parse("https://mpaas.cn-hangzhou.aliyuncs.com", false).unwrap();
    let creds = credentials(sts);
    let ctx = SigningContext {
        endpoint: &endpoint,
        api_version: ApiVersion::default(),
        method,
        credentials: &creds,
        timestamp: "2026-11-28T04:00:00Z".parse().unwrap(),
        nonce: "0123456789abcdef0123456789abcdef",
        user_agent: "properties",
    };
    let p = prepare(&ctx, action.as_str(), params);
    let body =
        pairs_to_map(parse_form(&p.body).ok_or_else(|| {
            TestCaseError::fail(format!("body is not form encoding: {}", p.body))
        })?)?;
    prop_assert_eq!(&body, params, "the body is not the operation parameters");
    match method {
        SignatureMethod::HmacSha1 => {
            let (_, query) = p.url.split_once('?').expect("V1 has a query");
            let mut query = pairs_to_map(parse_form(query).expect("query is form encoding"))?;
            let signature = query.remove("Signature").expect("Signature in the query");
            let mut sent = query.clone();
            for (k, v) in &body {
                prop_assert!(
                    sent.insert(k.clone(), v.clone()).is_none(),
                    "{k} is both in the query and the body"
                );
            }
            prop_assert_eq!(&sent, &p.signed_params, "sent != signed ({:?})", encoding);
            // The signature covers exactly what was decoded.
            let to_sign = rpc::string_to_sign("POST", &rpc::canonical_query(&sent));
            prop_assert_eq!(
                rpc::signature(DEFAULT_ACCESS_KEY_SECRET, &to_sign),
                signature,
                "the signature is not over the sent parameters"
            );
            prop_assert_eq!(
                query.get("SecurityToken").map(String::as_str),
                sts_token(sts)
            );
        }
        _ => {
            let hash: String = Sha256::digest(p.body.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            prop_assert_eq!(p.header("x-acs-content-sha256"), Some(hash.as_str()));
            prop_assert_eq!(&p.signed_params, params);
            prop_assert!(!p.url.contains('?'), "V3 sends no query: {}", p.url);
            prop_assert_eq!(p.header("x-acs-security-token"), sts_token(sts));
            common::verify_acs3(&p, DEFAULT_ACCESS_KEY_SECRET).map_err(TestCaseError::fail)?;
        }
    }
    Ok(())
}

/// `PROPTEST_CASES` when set (longer local runs), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn sts_token(sts: bool) -> Option<&'static str> {
    sts.then_some(STS_TOKEN)
}

#[test]
fn sent_bytes_decode_to_the_signed_parameters() {
    let now: DateTime<Utc> = "2026-11-28T04:00:00Z".parse().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: cases(256),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(any_request(), signing(), any::<bool>()),
            |((action, v, when), (method, sts), json_payload)| {
                let req = read(action, &scheduled(v, &when, now), now)?;
                let encoding = if json_payload {
                    PayloadEncoding::JsonString
                } else {
                    PayloadEncoding::Flattened
                };
                check_sent_bytes(action, &req.params(encoding), method, sts, encoding)
            },
        )
        .unwrap();
}

// ------------------------------------------------------- emulator property

struct Harness {
    rt: tokio::runtime::Runtime,
    emulator: Emulator,
    http: reqwest::Client,
}

impl Harness {
    fn start() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut config = EmulatorConfig::default();
        config.access_keys.push(AccessKey {
            id: STS_ID.into(),
            secret: DEFAULT_ACCESS_KEY_SECRET.into(),
            security_token: Some(STS_TOKEN.into()),
        });
        let emulator = rt.block_on(Emulator::start(config)).unwrap();
        Self {
            rt,
            emulator,
            http: reqwest::Client::new(),
        }
    }

    fn control(&self, method: &str, route: &str) -> Value {
        let url = format!("{}/_emulator/{route}", self.emulator.url());
        self.rt.block_on(async {
            let req = match method {
                "GET" => self.http.get(url),
                _ => self.http.post(url).body("{}"),
            };
            let resp = req.send().await.unwrap();
            assert!(resp.status().is_success(), "control {route}");
            serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
        })
    }
}

#[test]
fn the_emulator_verifies_and_records_the_signed_parameters() {
    let h = Harness::start();
    let mut runner = TestRunner::new(Config {
        cases: cases(64),
        failure_persistence: None,
        ..Config::default()
    });
    let cases = AtomicU64::new(0);
    runner
        .run(
            &(any_request(), signing(), any::<bool>()),
            |((action, v, when), (method, sts), json_payload)| {
                let case = cases.fetch_add(1, Ordering::Relaxed) + 1;
                h.control("POST", "reset");
                // Whole seconds: the signed timestamp is whole seconds too.
                let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
                let mut v = scheduled(v, &when, now);
                if action == Action::PushBroadcast {
                    let key = format!("{case}-{}", v["msgkey"].as_str().unwrap());
                    v["msgkey"] = json!(key);
                }
                let req = read(action, &v, now)?;
                let client = Client::builder()
                    .endpoint(h.emulator.url())
                    .credentials(credentials(sts))
                    .signature_method(method)
                    .payload_encoding(if json_payload {
                        PayloadEncoding::JsonString
                    } else {
                        PayloadEncoding::Flattened
                    })
                    .clock(Arc::new(FixedClock(now)))
                    .nonce_source(Arc::new(FixedNonce(format!("property-{case}"))))
                    .retry_policy(RetryPolicy::none())
                    .build()
                    .unwrap();
                // The dry run signs exactly what the send below signs (same
                // clock, same nonce).
                let prepared = client.prepare_any(&req, None, None).unwrap();
                let outcome = client.send_any_blocking(&req);
                let recorded = h.control("GET", "requests")["requests"].clone();
                let recorded = recorded.as_array().unwrap();
                prop_assert_eq!(recorded.len(), 1, "one request per case");
                let r = &recorded[0];
                prop_assert_eq!(
                    r["status"].as_u64(),
                    Some(200),
                    "the gateway refused the request: {} ({:?})",
                    r["code"],
                    outcome
                );
                if action == Action::PushBroadcast {
                    prop_assert!(outcome.is_ok(), "broadcast refused: {:?}\n{}", outcome, v);
                }
                let signed: BTreeMap<String, String> = prepared
                    .signed_params
                    .iter()
                    .filter(|(k, _)| !COMMON.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let got: BTreeMap<String, String> =
                    serde_json::from_value(r["params"].clone()).unwrap();
                prop_assert_eq!(got, signed, "recorded params != signed params");
                prop_assert_eq!(r["nonce"].as_str(), Some(prepared.nonce.as_str()));
                prop_assert_eq!(r["timestamp"].as_str(), Some(prepared.timestamp.as_str()));
                prop_assert_eq!(r["action"].as_str(), Some(action.as_str()));
                prop_assert_eq!(r["signatureMethod"].as_str(), Some(method.as_str()));
                Ok(())
            },
        )
        .unwrap();
    let Harness { rt, emulator, .. } = h;
    rt.block_on(emulator.shutdown());
}

// ------------------------------------------------------ payload numbers

/// A number in the transparent payload is sent as the caller wrote it (the
/// shortest text of the same `f64`), in both payload encodings — found by
/// `fuzz/` (`request_json`): without serde_json's `float_roundtrip`, e.g.
/// `6.666666666666666e52` was read 1 ulp off and sent changed.
#[test]
fn payload_numbers_are_sent_as_given() {
    let now: DateTime<Utc> = "2026-11-28T04:00:00Z".parse().unwrap();
    let numbers = prop_oneof![
        Just(6.666_666_666_666_666e52),
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
    ];
    let mut runner = TestRunner::new(Config {
        cases: cases(256),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&numbers, |x| {
            let written = serde_json::to_string(&x).unwrap();
            let text = format!(
                r#"{{"appId":"A","workspaceId":"W","deliveryType":1,"msgkey":"m",
                   "expiredSeconds":300,"taskName":"t","templateName":"tpl","bindPeriod":1,
                   "transparentMessagePayload":{{"hms":{{"n":{written}}}}}}}"#
            );
            let req = AnyRequest::from_json_str(Action::PushBroadcast, &text).unwrap();
            req.validate(now).unwrap();
            let flat = req.params(PayloadEncoding::Flattened);
            prop_assert_eq!(
                flat["TransparentMessagePayload.hms.n"]
                    .parse::<f64>()
                    .unwrap(),
                x
            );
            let json = req.params(PayloadEncoding::JsonString);
            let sent: Value = serde_json::from_str(&json["TransparentMessagePayload"]).unwrap();
            prop_assert_eq!(sent["hms"]["n"].to_string(), written);
            Ok(())
        })
        .unwrap();
}
