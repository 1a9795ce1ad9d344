//! The `mpaas-push` command: send or dry-run Alibaba Cloud mPaaS Message Push
//! `PushBroadcast` requests, manage what they leave behind (scheduled tasks,
//! revocation, delivery reports) and run the local MPS emulator. A thin shell over
//! the `mpaas-push` core: flags become the neutral request JSON, and every
//! rule, signature and error comes from the core.
//!
//! Exit status: 0 success; 2 invalid input (usage, validation, configuration,
//! credentials); 1 service, network or internal failure. Panics are caught
//! and reported as one-line internal errors.

mod args;
mod broadcast;
mod client;
mod companion;
mod demo;
mod emulator_cmd;
mod error;
mod output;
mod request;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use clap::error::ErrorKind as ClapErrorKind;
use serde_json::json;

use crate::args::{Cli, Command};
use crate::error::{CliError, EXIT_FAILURE, EXIT_INVALID, EXIT_OK, exit};
use crate::output::Mode;

/// Where the panic hook leaves the location of a panic for the report.
static PANIC_LOCATION: Mutex<Option<String>> = Mutex::new(None);

fn main() -> ExitCode {
    let json = wants_json(std::env::args().skip(1));
    // No "thread panicked" text or backtrace for users (even with
    // RUST_BACKTRACE set): record where, and report one line below.
    std::panic::set_hook(Box::new(|info| {
        if let (Some(loc), Ok(mut slot)) = (info.location(), PANIC_LOCATION.lock()) {
            *slot = Some(format!("{}:{}", loc.file(), loc.line()));
        }
    }));
    match catch_unwind(AssertUnwindSafe(|| run(json))) {
        Ok(status) => exit(status),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            let location = PANIC_LOCATION
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .map(|l| format!(" at {l}"))
                .unwrap_or_default();
            let message = format!("internal error: {what}{location} (this is a bug)");
            if json {
                output::out(
                    &json!({"error": {"code": "internal", "message": message, "maybeSent": true}})
                        .to_string(),
                );
            } else {
                output::note(&format!("error: {message}"));
            }
            exit(EXIT_FAILURE)
        }
    }
}

/// Whether `--json` is among the options (before any `--`), so that even
/// usage errors can be reported as JSON.
fn wants_json(args: impl Iterator<Item = String>) -> bool {
    args.take_while(|a| a != "--").any(|a| a == "--json")
}

/// Parses the command line and runs the command; returns the exit status.
fn run(json: bool) -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, json),
    };
    let threads = match &cli.command {
        Command::Emulator(a) => a.threads.unwrap_or(2),
        _ => 2,
    };
    let mut builder = if threads == 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(usize::from(threads));
        b
    };
    let runtime = match builder.thread_name("mpaas-push-cli").enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            let e = CliError::from(mpaas_push::Error::internal(format!(
                "cannot start the async runtime: {e}"
            )));
            output::error(
                &e,
                Mode {
                    json,
                    ..Mode::default()
                },
            );
            return e.exit_status();
        }
    };
    let (mode, result) = match &cli.command {
        Command::Broadcast(a) => (broadcast::mode(a), runtime.block_on(broadcast::run(a))),
        Command::Emulator(a) => (Mode::default(), runtime.block_on(emulator_cmd::run(a))),
        Command::Demo(a) => (demo::mode(a), runtime.block_on(demo::run(a))),
        Command::Schedules(c) => (
            companion::schedules_mode(c),
            runtime.block_on(companion::schedules(c)),
        ),
        Command::Revoke(a) => (
            companion::mode(&a.output),
            runtime.block_on(companion::revoke(a)),
        ),
        Command::Report(a) => (
            companion::mode(&a.output),
            runtime.block_on(companion::report(a)),
        ),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            output::error(&e, mode);
            e.exit_status()
        }
    }
}

/// Prints a clap error (help and version are not errors) and returns its
/// exit status: JSON on stdout with `--json`, clap's own text otherwise.
fn usage_error(e: &clap::Error, json: bool) -> u8 {
    let informational = matches!(
        e.kind(),
        ClapErrorKind::DisplayHelp | ClapErrorKind::DisplayVersion
    );
    if informational || !json {
        let _ = e.print();
        return if informational { EXIT_OK } else { EXIT_INVALID };
    }
    // clap's text up to its "Usage:" hint, on one line.
    let rendered = e.render().to_string();
    let message = rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    output::error(
        &CliError::usage(message),
        Mode {
            json: true,
            from_flags: false,
        },
    );
    EXIT_INVALID
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_flag_is_found_before_double_dash() {
        let v = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert!(wants_json(v(&["broadcast", "--json"]).into_iter()));
        assert!(!wants_json(v(&["broadcast", "--", "--json"]).into_iter()));
        assert!(!wants_json(v(&["broadcast"]).into_iter()));
    }
}
