//! Builds the core [`Client`] from the client options. Credentials come only
//! from the default chain (environment and credential files); a dry run
//! without any falls back to placeholder keys so a request can always be
//! inspected.

use mpaas_push::{ApiVersion, Client, ClientBuilder, Credentials, ErrorCode, RetryPolicy};

use crate::args::ClientArgs;
use crate::error::CliError;

/// Access key id used to sign a dry run when no credentials are configured.
pub(crate) const PLACEHOLDER_ACCESS_KEY_ID: &str = "dry-run-access-key-id";
/// Secret used to sign a dry run when no credentials are configured.
pub(crate) const PLACEHOLDER_ACCESS_KEY_SECRET: &str = "dry-run-secret";

/// The user-agent language tag of this command.
const LANGUAGE: &str = "cli";

/// A client and whether it signs with placeholder keys.
#[derive(Debug)]
pub(crate) struct Built {
    /// The client.
    pub(crate) client: Client,
    /// True when a dry run found no credentials and uses the placeholders.
    pub(crate) placeholder_credentials: bool,
}

/// A builder with every option given on the command line; core defaults for
/// the rest. Option values are checked by the core (configuration errors).
fn builder(a: &ClientArgs) -> Result<ClientBuilder, CliError> {
    let mut b = Client::builder().language(LANGUAGE);
    if let Some(e) = &a.endpoint {
        b = b.endpoint(e.clone());
    }
    if let Some(r) = &a.region {
        b = b.region(r.clone());
    }
    if let Some(s) = &a.signature {
        b = b.signature_method(s.parse()?);
    }
    if let Some(v) = &a.api_version {
        b = b.api_version(v.parse::<ApiVersion>()?);
    }
    if let Some(d) = a.connect_timeout {
        b = b.connect_timeout(d);
    }
    if let Some(d) = a.read_timeout {
        b = b.read_timeout(d);
    }
    if let Some(d) = a.total_timeout {
        b = b.total_timeout(d);
    }
    let mut retry = RetryPolicy::default();
    if let Some(n) = a.retries {
        retry = retry.with_max_attempts(n);
    }
    if a.retry_maybe_sent {
        retry = retry.with_retry_maybe_sent(true);
    }
    Ok(b.retry_policy(retry))
}

/// Builds the client. With `dry_run`, missing credentials are replaced by
/// placeholder keys.
pub(crate) fn build(a: &ClientArgs, dry_run: bool) -> Result<Built, CliError> {
    let configured = mpaas_push::DefaultChain::default().try_resolve()?;
    match builder(a)?.build() {
        Ok(client) => Ok(Built {
            client,
            placeholder_credentials: false,
        }),
        Err(e) if dry_run && e.code() == ErrorCode::Credentials && configured.is_none() => {
            let client = builder(a)?
                .credentials(Credentials::new(
                    PLACEHOLDER_ACCESS_KEY_ID,
                    PLACEHOLDER_ACCESS_KEY_SECRET,
                ))
                .build()?;
            Ok(Built {
                client,
                placeholder_credentials: true,
            })
        }
        Err(e) => Err(e.into()),
    }
}
