//! Every response parser and the error classifier, on any status, headers
//! and body (input format: `mpaas_push_fuzz::raw_response`): a typed result
//! or an `Error`, never a panic; errors and results print and serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpaas_push::response::{classify_error, parse_broadcast};
use mpaas_push::results::{
    parse_cancel, parse_revoke, parse_scheduler_page, parse_task_detail, parse_task_list,
};
use mpaas_push::{Error, Redactor, Secret};

fn look<T: std::fmt::Debug + serde::Serialize>(r: Result<T, Error>) {
    match r {
        Ok(v) => {
            let _ = serde_json::to_string(&v);
            let _ = format!("{v:?}");
        }
        Err(e) => look_err(&e),
    }
}

fn look_err(e: &Error) {
    let _ = format!("{e} {e:?}");
    let _ = (e.code(), e.maybe_sent(), e.retryable(), e.http_status());
    let _ = (e.request_id(), e.service_code(), e.clock_offset());
}

fuzz_target!(|data: &[u8]| {
    let input = mpaas_push_fuzz::raw_response(data);
    let (raw, paging) = (&input.raw, input.paging);
    let sent = mpaas_push_fuzz::now();
    let token = Secret::new("fuzz-sts-token");
    let r = Redactor::new([&token]);
    look(parse_broadcast(raw, sent, &r));
    look(parse_scheduler_page(raw, paging, sent, &r));
    look(parse_cancel(raw, sent, &r));
    look(parse_revoke(raw, sent, &r));
    look(parse_task_detail(raw, sent, &r));
    look(parse_task_list(raw, paging, sent, &r));
    look_err(&classify_error(raw, sent, &r));
});
