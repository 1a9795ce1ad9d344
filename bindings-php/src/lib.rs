//! The PHP extension of mpaas-push (ext-php-rs, PHP 8.2): conversion and
//! error mapping only — every rule lives in the core crate.
//!
//! * [`client::Client`] is `MpaasPush\Client`: options and requests are
//!   converted to the core's neutral JSON ([`convert`]) and read by the core;
//!   results come back as `MpaasPush\BroadcastResult`,
//!   `MpaasPush\PreparedRequest` or arrays (companion actions), list actions
//!   as a `MpaasPush\PageIterator`.
//! * Every failure is one of the `MpaasPush\Exception\*` classes carrying
//!   the core's stable code and details; a Rust panic is code `internal`
//!   ([`errors`]).

pub mod client;
mod convert;
pub mod errors;
pub mod request;

use ext_php_rs::prelude::*;

/// The version of the native engine (the crate version).
#[php_function]
#[php(name = "MpaasPush\\version")]
pub fn version() -> &'static str {
    mpaas_push::VERSION
}

/// A fresh unique Msgkey (UUID v4 text).
#[php_function]
#[php(name = "MpaasPush\\generateMsgkey")]
pub fn generate_msgkey() -> String {
    mpaas_push::generate_msgkey()
}

/// Every stable error code, in the order of the spec (the values of
/// `getErrorCode()`).
#[php_function]
#[php(name = "MpaasPush\\errorCodes")]
pub fn error_codes() -> Vec<&'static str> {
    mpaas_push::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect()
}

// Test hooks, only in the test build (`--features test-hooks`, which
// enables the core's `test-hooks`); the released extension has none.

/// Test build only: panics inside the extension (throws code `internal`).
#[cfg(feature = "test-hooks")]
#[php_function]
#[php(name = "MpaasPush\\Test\\debugPanic")]
pub fn debug_panic() -> PhpResult<()> {
    errors::guard(|| panic!("deliberate test panic"))
}

/// Test build only: arms ONE panic inside the core for the next call that
/// reaches `point` (`validate`, `send` or `parse`); `none` disarms.
#[cfg(feature = "test-hooks")]
#[php_function]
#[php(name = "MpaasPush\\Test\\armCorePanic")]
pub fn arm_core_panic(point: &str) -> PhpResult<()> {
    use mpaas_push::test_hooks::{PanicPoint, disarm, panic_next};
    errors::guard(|| {
        match point {
            "none" => disarm(),
            p => panic_next(PanicPoint::parse(p).ok_or_else(|| {
                errors::config(format!(
                    "unknown panic point {p:?}: use validate, send, parse or none"
                ))
            })?),
        }
        Ok(())
    })
}

/// The module PHP loads: the exception classes (parents first), the other
/// classes and the functions. Private: the entry point PHP looks up
/// (`get_module`, exported unmangled) is generated here by ext-php-rs.
mod entry {
    use ext_php_rs::prelude::*;

    use super::*;

    #[php_module]
    pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
        // `extension=mpaas_push`, `extension_loaded('mpaas_push')`, `php -m`.
        let module = errors::register(module.name("mpaas_push"))
            .class::<client::BroadcastRequest>()
            .class::<client::BroadcastResult>()
            .class::<client::PreparedRequest>()
            .class::<client::PageIterator>()
            .class::<client::Client>()
            .function(wrap_function!(version))
            .function(wrap_function!(generate_msgkey))
            .function(wrap_function!(error_codes));
        #[cfg(feature = "test-hooks")]
        let module = module
            .function(wrap_function!(debug_panic))
            .function(wrap_function!(arm_core_panic));
        module
    }
}
