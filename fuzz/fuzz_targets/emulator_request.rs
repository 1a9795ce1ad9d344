//! The emulator's handling of one request — query and form decoding,
//! V1/V3 signature checks, routing, the service and the test controls —
//! through `mpaas_push_emulator::fuzzing::handle_parts` (input format:
//! `mpaas_push_fuzz::split_request`). Any request gets an HTTP answer; no
//! panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = mpaas_push_fuzz::split_request(data);
    let status = mpaas_push_emulator::fuzzing::handle_parts(
        &p.method,
        &p.path_and_query,
        &p.headers,
        &p.body,
    );
    assert!((100..600).contains(&status), "no answer: {status}");
});
