//! Injectable time and randomness: the client reads "now" and nonces only
//! through these traits, so tests and dry runs can pin them.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

/// A source of "now".
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant (tests, reproducible dry runs).
///
/// ```
/// use mpaas_push::{Clock, FixedClock};
/// let t = "2026-11-28T03:49:18Z".parse().unwrap();
/// assert_eq!(FixedClock(t).now(), t);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A source of `SignatureNonce` values; each call must return a value never
/// returned before.
pub trait NonceSource: Send + Sync + fmt::Debug {
    /// A fresh nonce.
    fn nonce(&self) -> String;
}

/// 128 random bits from the operating system, as 32 lowercase hex digits
/// (the shape the official SDKs send).
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomNonce;

impl NonceSource for RandomNonce {
    fn nonce(&self) -> String {
        random_hex128()
    }
}

/// Always the same nonce (only for dry runs and vector tests: the gateway
/// rejects a reused nonce).
#[derive(Debug, Clone)]
pub struct FixedNonce(pub String);

impl NonceSource for FixedNonce {
    fn nonce(&self) -> String {
        self.0.clone()
    }
}

/// 32 lowercase hex digits of OS randomness.
pub(crate) fn random_hex128() -> String {
    // Into a buffer, not `hex::encode` (a char iterator collected into a
    // String: ~8x the instructions, once per attempt).
    let mut out = [0u8; 32];
    match hex::encode_to_slice(random_bytes128(), &mut out) {
        Ok(()) => std::str::from_utf8(&out).unwrap_or_default().to_owned(),
        Err(_) => unreachable!("32 hex digits fit 32 bytes"),
    }
}

/// 16 bytes of OS randomness.
fn random_bytes128() -> [u8; 16] {
    let mut buf = [0u8; 16];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness: fall back to time and a process counter, which is
        // still unique per process (uniqueness, not secrecy, is what matters).
        use std::sync::atomic::{AtomicU64, Ordering};
        static SEQ: AtomicU64 = AtomicU64::new(0);
        let t = Utc::now().timestamp_nanos_opt().unwrap_or_default() as u64;
        buf[..8].copy_from_slice(&t.to_le_bytes());
        buf[8..].copy_from_slice(
            &(SEQ.fetch_add(1, Ordering::Relaxed) ^ u64::from(std::process::id())).to_le_bytes(),
        );
    }
    buf
}

/// A random float in `[0, 1)` (backoff jitter).
pub(crate) fn random_unit() -> f64 {
    let mut buf = [0u8; 8];
    let _ = getrandom::fill(&mut buf);
    (u64::from_le_bytes(buf) >> 11) as f64 / (1u64 << 53) as f64
}

/// Generates a unique `Msgkey` (a UUID-shaped random id) for callers that
/// explicitly ask for one.
///
/// ```
/// let k = mpaas_push::generate_msgkey();
/// assert_eq!(k.len(), 36);
/// assert_eq!(&k[14..15], "4");
/// assert_ne!(k, mpaas_push::generate_msgkey());
/// ```
pub fn generate_msgkey() -> String {
    // `from_random_bytes` sets the RFC 4122 version 4 / variant 1 bits.
    uuid::Builder::from_random_bytes(random_bytes128())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Shared handle types used by the configuration.
pub type SharedClock = Arc<dyn Clock>;
/// Shared nonce source.
pub type SharedNonceSource = Arc<dyn NonceSource>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_nonces_are_32_lowercase_hex_digits_and_differ() {
        let (a, b) = (RandomNonce.nonce(), RandomNonce.nonce());
        assert_ne!(a, b);
        for n in [a, b] {
            assert_eq!(n.len(), 32, "{n}");
            assert!(
                n.bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)),
                "{n}"
            );
        }
    }
}
