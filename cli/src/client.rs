//! Builds the core [`Client`] from the client options: the flags and an
//! optional `--client-options` file become the neutral options of every
//! language and go to [`ClientOptions`], which checks them all. Without
//! credentials in the options file, they come from the default chain
//! (environment and credential files); a dry run without any falls back to
//! placeholder keys so a request can always be inspected.

use mpaas_push::{Client, ClientOptions, ErrorCode, Secret};
use serde_json::{Map, Value, json};

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

/// The neutral options: the `--client-options` file, then the flags on top.
/// Seconds on the command line become the milliseconds of the neutral form
/// (a unit conversion; the core checks the value).
fn options(a: &ClientArgs) -> Result<ClientOptions, CliError> {
    let mut v = match &a.client_options {
        None => Value::Object(Map::new()),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CliError::usage(format!(
                    "cannot read client options file {}: {e}",
                    path.display()
                ))
            })?;
            serde_json::from_str(&text).map_err(|e| {
                CliError::usage(format!(
                    "client options file {} is not JSON: {e}",
                    path.display()
                ))
            })?
        }
    };
    if let Value::Object(m) = &mut v {
        let mut put = |k: &str, x: Option<Value>| {
            if let Some(x) = x {
                m.insert(k.to_owned(), x);
            }
        };
        let ms = |s: Option<f64>| s.map(|s| json!(s * 1000.0));
        put("endpoint", a.endpoint.clone().map(Value::String));
        put("region", a.region.clone().map(Value::String));
        put("signature", a.signature.clone().map(Value::String));
        put("apiVersion", a.api_version.clone().map(Value::String));
        put("connectTimeoutMs", ms(a.connect_timeout));
        put("readTimeoutMs", ms(a.read_timeout));
        put("totalTimeoutMs", ms(a.total_timeout));
        put(
            "caFile",
            a.ca_file
                .as_ref()
                .map(|p| Value::String(p.display().to_string())),
        );
        put("proxy", a.proxy.clone().map(Value::String));
        if a.retries.is_some() || a.retry_maybe_sent {
            let retry = m
                .entry("retry")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(r) = retry {
                if let Some(n) = a.retries {
                    r.insert("maxAttempts".into(), json!(n));
                }
                if a.retry_maybe_sent {
                    r.insert("retryMaybeSent".into(), json!(true));
                }
            }
        }
    }
    Ok(ClientOptions::from_json(&v)?)
}

/// Builds the client. With `dry_run`, missing credentials are replaced by
/// placeholder keys.
pub(crate) fn build(a: &ClientArgs, dry_run: bool) -> Result<Built, CliError> {
    let opts = options(a)?;
    let explicit = opts.access_key_id.is_some() || opts.access_key_secret.is_some();
    let configured = explicit || mpaas_push::DefaultChain::default().try_resolve()?.is_some();
    match opts.build(LANGUAGE) {
        Ok(client) => Ok(Built {
            client,
            placeholder_credentials: false,
        }),
        Err(e) if dry_run && e.code() == ErrorCode::Credentials && !configured => {
            let mut opts = opts;
            opts.access_key_id = Some(PLACEHOLDER_ACCESS_KEY_ID.to_owned());
            opts.access_key_secret = Some(Secret::from(PLACEHOLDER_ACCESS_KEY_SECRET));
            Ok(Built {
                client: opts.build(LANGUAGE)?,
                placeholder_credentials: true,
            })
        }
        Err(e) => Err(e.into()),
    }
}
