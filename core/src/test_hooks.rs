//! Test-only fault injection inside the core (cargo feature `test-hooks`):
//! arm a panic at one point of the next call, so every binding's suite can
//! prove that a panic in the engine becomes an exception, the host process
//! survives and the client keeps working. Without the feature this module
//! does not exist and the core's hook sites (`test_hook!`) expand to nothing,
//! so release builds carry no trace of it.
//!
//! ```
//! use mpaas_push::test_hooks::{panic_next, PanicPoint};
//! panic_next(PanicPoint::Send); // the next call panics on a runtime worker
//! # mpaas_push::test_hooks::disarm();
//! ```

use std::sync::atomic::{AtomicU8, Ordering};

/// Where an armed panic fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PanicPoint {
    /// On the caller's thread, before validation.
    Validate,
    /// On a runtime worker, before the request is sent.
    Send,
    /// On a runtime worker, while reading the response.
    Parse,
}

impl PanicPoint {
    fn code(self) -> u8 {
        match self {
            Self::Validate => 1,
            Self::Send => 2,
            Self::Parse => 3,
        }
    }

    /// Reads `validate`, `send` or `parse`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "validate" => Some(Self::Validate),
            "send" => Some(Self::Send),
            "parse" => Some(Self::Parse),
            _ => None,
        }
    }
}

static ARMED: AtomicU8 = AtomicU8::new(0);

/// Arms one panic at `point` for the next call that reaches it (any client,
/// any thread).
pub fn panic_next(point: PanicPoint) {
    ARMED.store(point.code(), Ordering::SeqCst);
}

/// Disarms a pending panic.
pub fn disarm() {
    ARMED.store(0, Ordering::SeqCst);
}

/// Panics if a panic is armed at `point` (and disarms it).
#[inline]
pub(crate) fn check(point: PanicPoint) {
    if ARMED
        .compare_exchange(point.code(), 0, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        panic!("test hook: panic armed at {point:?}");
    }
}
