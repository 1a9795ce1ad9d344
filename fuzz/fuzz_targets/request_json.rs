//! The neutral-JSON request reader, every rule, the wire parameters and the
//! signing of every action: any text must give a value or a
//! `ValidationError`, never a panic. For a request that passes its rules,
//! also checks what the client relies on: the V1 body decodes to exactly
//! the operation parameters, and the parameters read back (as the emulator
//! reads them) into a request with the same parameters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpaas_push::encode::parse_form;
use mpaas_push::prepare::{SigningContext, prepare};
use mpaas_push::wire::{Params, PayloadEncoding};
use mpaas_push_emulator::neutral::neutral_json_for;
use mpaas_push::{
    Action, AnyRequest, ApiVersion, BroadcastRequest, Credentials, Endpoint, SignatureMethod,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = mpaas_push_fuzz::now();
    for action in Action::ALL {
        let Ok(req) = AnyRequest::from_json_str(action, text) else {
            continue;
        };
        let valid = req.validate(now);
        for payload in [PayloadEncoding::Flattened, PayloadEncoding::JsonString] {
            let params = req.params(payload);
            if valid.is_ok() {
                check_valid(action, &params, payload, now);
            }
        }
    }
    if let Ok(req) = BroadcastRequest::from_json_str(text) {
        let _ = mpaas_push::validate(&req, now);
        let _ = format!("{req:?}");
    }
});

fn check_valid(
    action: Action,
    params: &Params,
    payload: PayloadEncoding,
    now: chrono::DateTime<chrono::Utc>,
) {
    let flattened_payload = payload == PayloadEncoding::Flattened
        && params
            .keys()
            .any(|k| k.starts_with("TransparentMessagePayload."));
    // What the emulator does with a received request: neutral JSON back,
    // then the very same reader and rules. Known gap, skipped here: the
    // flattened payload form is ambiguous for object keys holding `.` or
    // digits only (`{"a.b":1}` reads back as `{"a":{"b":1}}`, `{"1":"x"}`
    // as `["x"]`), so it is checked through `JsonString` only.
    if !flattened_payload {
        read_back(action, params, payload, now);
    }
    sign_and_decode(action, params, now);
}

fn read_back(
    action: Action,
    params: &Params,
    payload: PayloadEncoding,
    now: chrono::DateTime<chrono::Utc>,
) {
    let back = neutral_json_for(action, params);
    let again = AnyRequest::from_json(action, &back)
        .unwrap_or_else(|e| panic!("{action}: wire params do not read back: {e}\n{params:?}"));
    if let Err(e) = again.validate(now) {
        panic!("{action}: wire params read back break a rule: {e}\n{params:?}");
    }
    assert_eq!(
        &again.params(payload),
        params,
        "{action}: params round trip"
    );
}

/// The V1 body decodes to exactly the operation parameters.
fn sign_and_decode(action: Action, params: &Params, now: chrono::DateTime<chrono::Utc>) {
    let Ok(endpoint) = Endpoint::parse("http://127.0.0.1:8080", false) else {
        return;
    };
    let credentials = Credentials::new("fuzz-id", "fuzz-secret");
    let ctx = SigningContext {
        endpoint: &endpoint,
        api_version: ApiVersion::default(),
        method: SignatureMethod::HmacSha1,
        credentials: &credentials,
        timestamp: now,
        nonce: "fuzz-nonce",
        user_agent: "fuzz",
    };
    let p = prepare(&ctx, action.as_str(), params);
    let sent: Params = parse_form(&p.body)
        .expect("the body is form encoding")
        .into_iter()
        .collect();
    assert_eq!(
        &sent, params,
        "{action}: the body is not the signed parameters"
    );
}
