//! Request ids and task ids in the shapes the real service uses.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static SEQ: AtomicU64 = AtomicU64::new(1);

/// A request id shaped like the gateway's (`8-4-4-4-12` uppercase hex),
/// unique within the process.
pub(crate) fn request_id() -> String {
    // `getpid` is a system call on every call: read it once.
    static PID: OnceLock<u64> = OnceLock::new();
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let pid = *PID.get_or_init(|| u64::from(std::process::id()));
    let t = chrono::Utc::now().timestamp_micros() as u64;
    format_id(t, pid, n)
}

/// `{:08X}-{:04X}-{:04X}-{:04X}-{:012X}` of the time (µs), pid and sequence
/// number: the 16 bytes laid out big-endian and written as an uppercase UUID.
fn format_id(t: u64, pid: u64, n: u64) -> String {
    let mut b = [0u8; 16];
    b[0..4].copy_from_slice(&((t >> 16) as u32).to_be_bytes());
    b[4..6].copy_from_slice(&(t as u16).to_be_bytes());
    b[6..8].copy_from_slice(&(pid as u16).to_be_bytes());
    b[8..10].copy_from_slice(&((n >> 48) as u16).to_be_bytes());
    b[10..16].copy_from_slice(&n.to_be_bytes()[2..8]);
    uuid::Uuid::from_bytes(b)
        .hyphenated()
        .encode_upper(&mut uuid::Uuid::encode_buffer())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_as_format() {
        for (t, pid, n) in [
            (0, 0, 0),
            (1_767_225_600_123_456, 4_242_424, 1),
            (u64::MAX, u64::MAX, u64::MAX),
            (0x0123_4567_89AB_CDEF, 0xFEDC_BA98, 0x0001_0000_0000_0001),
        ] {
            let want = format!(
                "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
                (t >> 16) as u32,
                (t & 0xffff) as u16,
                (pid & 0xffff) as u16,
                ((n >> 48) & 0xffff) as u16,
                n & 0xffff_ffff_ffff
            );
            assert_eq!(format_id(t, pid, n), want);
        }
        let a = request_id();
        let b = request_id();
        assert_eq!(a.len(), 36);
        assert_ne!(a, b);
    }
}
