#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
//! Rust unit tests of the conversions (typed JVM records → core types,
//! core results → JVM records). Behaviour is the core's and tested there.

use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use mpaas_push::{ClientOptions, Rule};

use mpaas_push_jvm::client::{ClientConfig, RetryConfig};
use mpaas_push_jvm::model::{
    BroadcastRequest, Day, DeliveryType, PayloadVendor, Period, Schedule, TimeOfDay,
};
use mpaas_push_jvm::text::JvmString;

fn s(text: &str) -> JvmString {
    JvmString::from_utf16le(
        &text
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<_>>(),
    )
}

/// "a\uD800b" as the Kotlin side lowers it (UTF-16LE code units).
fn lone() -> JvmString {
    JvmString::from_utf16le(&[0x61, 0, 0x00, 0xD8, 0x62, 0])
}

fn minimal() -> BroadcastRequest {
    BroadcastRequest {
        app_id: s("A"),
        workspace_id: s("W"),
        delivery_type: DeliveryType::Android,
        msgkey: s("m"),
        expired_seconds: 300,
        task_name: s("t"),
        template_name: s("tpl"),
        template_key_value: None,
        tenant_id: None,
        push_status: None,
        bind_period: Some(Period::Days7),
        un_bind_period: None,
        android_channel: None,
        classification: None,
        schedule: None,
        transparent_message_payload: None,
        transparent_message_urgency: None,
        third_channel_category: None,
        notify_level: None,
        mi_channel_id: None,
        channel_id: None,
        notify_type: None,
        push_action: None,
        silent: None,
        extended_params: None,
    }
}

fn failure(r: BroadcastRequest) -> (String, Rule) {
    let e = mpaas_push::BroadcastRequest::try_from(r).unwrap_err();
    (e.field().unwrap_or_default().to_owned(), e.rule().unwrap())
}

#[test]
fn utf16_text_round_trips_and_a_lone_surrogate_names_the_field() {
    assert_eq!(s("群发 😀").text("x").unwrap(), "群发 😀");
    let mut r = minimal();
    r.template_key_value = Some(HashMap::from([(s("content"), lone())]));
    assert_eq!(failure(r), ("templateKeyValue.content".into(), Rule::Utf8));
    let mut r = minimal();
    r.template_key_value = Some(HashMap::from([(lone(), s("v"))]));
    assert_eq!(failure(r), ("templateKeyValue".into(), Rule::Utf8));
}

#[test]
fn utf8_and_utf16_wire_forms_read_alike() {
    assert_eq!(
        JvmString::from_wire([&[0][..], "群发".as_bytes()].concat()),
        s("群发")
    );
    assert_eq!(
        JvmString::from_wire(vec![1, 0x61, 0, 0x00, 0xD8, 0x62, 0]),
        lone()
    );
    assert!(JvmString::from_wire(vec![0, 0xFF]).text("x").is_err());
}

#[test]
fn typed_schedules_become_the_core_schedule() {
    let mut r = minimal();
    // 2026-12-01 is epoch day 20423; 09:30:00 is second 34200.
    r.schedule = Some(Schedule::Weekly {
        days: vec![1, 3],
        start_date: Day(20423),
        end_date: Day(20423),
        time: TimeOfDay(34200),
    });
    let core = mpaas_push::BroadcastRequest::try_from(r).unwrap();
    let content = core.schedule.unwrap().content_json().unwrap();
    assert!(
        content.contains(r#""circleValue":[1,3],"time":"09:30:00""#),
        "{content}"
    );
    let mut r = minimal();
    r.schedule = Some(Schedule::Monthly {
        days: vec![-1],
        start_date: Day(20423),
        end_date: Day(20423),
        time: TimeOfDay(0),
    });
    assert_eq!(failure(r), ("schedule.days".into(), Rule::Range));
    let mut r = minimal();
    r.schedule = Some(Schedule::Daily {
        start_date: Day(i64::MAX),
        end_date: Day(0),
        time: TimeOfDay(0),
    });
    assert_eq!(failure(r), ("schedule.start".into(), Rule::Range));
    let mut r = minimal();
    r.schedule = Some(Schedule::At {
        time: UNIX_EPOCH - Duration::from_millis(1500),
    });
    let at = mpaas_push::BroadcastRequest::try_from(r)
        .unwrap()
        .schedule
        .unwrap();
    assert_eq!(at.content_json().unwrap(), r#"{"fixedTime":-1500}"#);
}

#[test]
fn payload_text_is_read_by_the_core_helper() {
    let mut r = minimal();
    r.transparent_message_payload = Some(HashMap::from([(PayloadVendor::Hms, s("{"))]));
    assert_eq!(
        failure(r),
        ("transparentMessagePayload.hms".into(), Rule::Json)
    );
    let mut r = minimal();
    r.transparent_message_payload = Some(HashMap::from([(PayloadVendor::HarmonyOs, s("[1]"))]));
    assert_eq!(
        failure(r),
        ("transparentMessagePayload.harmonyos".into(), Rule::Type)
    );
}

#[test]
fn client_config_reaches_the_core_options_unchecked() {
    let cfg = ClientConfig {
        connect_timeout_ms: Some(-1.0),
        retry: Some(RetryConfig {
            max_attempts: Some(-1),
            base_delay_ms: None,
            max_delay_ms: None,
            retry_maybe_sent: None,
        }),
        access_key_secret: Some(lone()),
        ..ClientConfig::default()
    };
    let e = ClientOptions::try_from(cfg.clone()).unwrap_err();
    assert_eq!(
        (e.field(), e.rule()),
        (Some("accessKeySecret"), Some(Rule::Utf8))
    );
    let cfg = ClientConfig {
        access_key_secret: None,
        ..cfg
    };
    let o = ClientOptions::try_from(cfg).unwrap();
    assert_eq!(o.connect_timeout_ms, Some(-1.0));
    let e = o.check().unwrap_err();
    assert_eq!(
        (e.field(), e.rule()),
        (Some("connectTimeoutMs"), Some(Rule::Positive))
    );
}
