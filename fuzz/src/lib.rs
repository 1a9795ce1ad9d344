//! Input formats shared by the fuzz targets and the seed generator
//! (`examples/seeds.rs`), so that a corpus file means the same thing to both.
//!
//! * `request_json`: the input is the request's JSON text (UTF-8).
//! * `response_parser`: [`RESPONSE_HEADER`] bytes, then the body — see
//!   [`raw_response`].
//! * `emulator_request`: an HTTP/1-like text — see [`split_request`].

use std::time::Duration;

use chrono::{DateTime, Utc};
use mpaas_push::Paging;
use mpaas_push::response::RawResponse;

/// The fixed "now" of every target: the emulator's clock in
/// `mpaas_push_emulator::fuzzing`, the validation time of `request_json`,
/// the sending time of `response_parser`. Also the `now` of the shared
/// vectors, so their requests are valid at it.
pub fn now() -> DateTime<Utc> {
    mpaas_push_emulator::fuzzing::now()
}

/// Bytes before the body in a `response_parser` input.
pub const RESPONSE_HEADER: usize = 3;

/// What a `response_parser` input stands for.
#[derive(Debug)]
pub struct ResponseInput {
    /// The response.
    pub raw: RawResponse,
    /// The page the list parsers were asked for.
    pub paging: Paging,
}

/// Reads a `response_parser` input: bytes 0–1 the HTTP status (big
/// endian, any `u16`); byte 2 flags — bit 0 a `Date` header (the flag byte
/// picks the skew), bit 1 `x-acs-retry-after`, bit 2 `x-acs-request-id`,
/// bits 3–4 the page asked for (default, 1×500, 2×1, `u32::MAX`×500); the
/// rest is the body. Shorter inputs are padded with zeros.
pub fn raw_response(data: &[u8]) -> ResponseInput {
    let mut head = [0u8; RESPONSE_HEADER];
    let n = data.len().min(RESPONSE_HEADER);
    head[..n].copy_from_slice(&data[..n]);
    let flags = head[2];
    let raw = RawResponse {
        status: u16::from_be_bytes([head[0], head[1]]),
        date: (flags & 1 != 0)
            .then(|| now() + chrono::Duration::minutes(i64::from(flags) * 7 - 900)),
        retry_after: (flags & 2 != 0).then(|| Duration::from_millis(u64::from(flags) * 100)),
        request_id_header: (flags & 4 != 0).then(|| "header-request-id".to_owned()),
        body: data[n..].to_vec(),
    };
    let paging = match (flags >> 3) & 3 {
        0 => Paging::default(),
        1 => Paging::new(1, 500),
        2 => Paging::new(2, 1),
        _ => Paging::new(u32::MAX, 500),
    };
    ResponseInput { raw, paging }
}

/// Writes a `response_parser` input (the inverse of [`raw_response`]).
pub fn response_bytes(status: u16, flags: u8, body: &[u8]) -> Vec<u8> {
    let mut out = status.to_be_bytes().to_vec();
    out.push(flags);
    out.extend_from_slice(body);
    out
}

/// One request for `mpaas_push_emulator::fuzzing::handle_parts`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RequestParts {
    /// Request method.
    pub method: String,
    /// Path and query.
    pub path_and_query: String,
    /// Header lines, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// Splits an `emulator_request` input, HTTP/1 style: the first line is
/// `METHOD PATH?QUERY`, then `name: value` header lines, an empty line, the
/// body (raw bytes). Lines end in `\n` (a trailing `\r` is dropped); the
/// head is read as lossy UTF-8; a header line without `:` is a header with
/// an empty value. No empty line: no body.
pub fn split_request(data: &[u8]) -> RequestParts {
    let (head, body) = match find(data, b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => match find(data, b"\r\n\r\n") {
            Some(i) => (&data[..i], &data[i + 4..]),
            None => (data, &[][..]),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    let (method, path_and_query) = first.split_once(' ').unwrap_or((first, "/"));
    RequestParts {
        method: method.to_owned(),
        path_and_query: path_and_query.to_owned(),
        headers: lines
            .map(|l| {
                let (k, v) = l.split_once(':').unwrap_or((l, ""));
                (k.to_owned(), v.trim_start().to_owned())
            })
            .collect(),
        body: body.to_vec(),
    }
}

/// Writes an `emulator_request` input (the inverse of [`split_request`]).
pub fn request_bytes(parts: &RequestParts) -> Vec<u8> {
    let mut out = format!("{} {}\n", parts.method, parts.path_and_query);
    for (k, v) in &parts.headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out.push('\n');
    let mut out = out.into_bytes();
    out.extend_from_slice(&parts.body);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trip() {
        let parts = RequestParts {
            method: "POST".into(),
            path_and_query: "/?Action=PushBroadcast&A=%20".into(),
            headers: vec![
                ("host".into(), "127.0.0.1:1".into()),
                ("x-a".into(), "".into()),
            ],
            body: b"A=1\n\nB=2".to_vec(),
        };
        assert_eq!(split_request(&request_bytes(&parts)), parts);
    }

    #[test]
    fn response_round_trip() {
        let r = raw_response(&response_bytes(200, 0b0000_0101, b"{}"));
        assert_eq!(r.raw.status, 200);
        assert!(r.raw.date.is_some() && r.raw.request_id_header.is_some());
        assert_eq!(r.raw.body, b"{}");
        assert_eq!(raw_response(b"").raw.status, 0);
    }
}
