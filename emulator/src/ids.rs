//! Request ids and task ids in the shapes the real service uses.

use std::sync::atomic::{AtomicU64, Ordering};

static SEQ: AtomicU64 = AtomicU64::new(1);

/// A request id shaped like the gateway's (`8-4-4-4-12` uppercase hex),
/// unique within the process.
pub(crate) fn request_id() -> String {
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let pid = u64::from(std::process::id());
    let t = chrono::Utc::now().timestamp_micros() as u64;
    format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        (t >> 16) as u32,
        (t & 0xffff) as u16,
        (pid & 0xffff) as u16,
        ((n >> 48) & 0xffff) as u16,
        n & 0xffff_ffff_ffff
    )
}
