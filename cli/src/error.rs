//! The CLI's failures and their exit statuses.

use std::process::ExitCode;

use mpaas_push::ErrorCode;

/// Exit status of a success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status of a service, network or internal failure.
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit status of invalid input: usage, validation, configuration, credentials.
pub(crate) const EXIT_INVALID: u8 = 2;

/// Code of command-line usage errors in `--json` output (next to the core's
/// stable codes).
pub(crate) const USAGE: &str = "usage";

/// Something that stops a command.
#[derive(Debug)]
pub(crate) enum CliError {
    /// A failure reported by the core, with the request's msgkey once known.
    Core {
        /// The error.
        error: mpaas_push::Error,
        /// The msgkey of the request, when one was built.
        msgkey: Option<String>,
    },
    /// The command line or a file it names is unusable.
    Usage(String),
    /// Starting or running the emulator failed.
    Emulator(String),
}

impl From<mpaas_push::Error> for CliError {
    fn from(error: mpaas_push::Error) -> Self {
        Self::Core {
            error,
            msgkey: None,
        }
    }
}

impl CliError {
    /// A usage error.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// Attaches the request's msgkey (shown with errors, so a caller can
    /// retry with the same key).
    pub(crate) fn with_msgkey(self, key: &str) -> Self {
        match self {
            Self::Core { error, .. } => Self::Core {
                error,
                msgkey: Some(key.to_owned()),
            },
            other => other,
        }
    }

    /// The exit status for this failure.
    pub(crate) fn exit_status(&self) -> u8 {
        match self {
            Self::Core { error, .. } => exit_status_of(error.code()),
            Self::Usage(_) => EXIT_INVALID,
            Self::Emulator(_) => EXIT_FAILURE,
        }
    }
}

/// 2 for input problems (nothing was sent), 1 for everything else.
pub(crate) fn exit_status_of(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::Validation | ErrorCode::Config | ErrorCode::Credentials => EXIT_INVALID,
        _ => EXIT_FAILURE,
    }
}

/// `u8` → [`ExitCode`].
pub(crate) fn exit(status: u8) -> ExitCode {
    ExitCode::from(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_problems_exit_2() {
        for code in ErrorCode::ALL {
            let want = match code.as_str() {
                "validation" | "config" | "credentials" => 2,
                _ => 1,
            };
            assert_eq!(exit_status_of(code), want, "{code}");
        }
        assert_eq!(CliError::usage("x").exit_status(), 2);
    }
}
