//! `mpaas-push emulator`: runs the local MPS emulator until SIGINT/SIGTERM.

use std::path::PathBuf;

use mpaas_push_emulator::tls::{CertKind, TlsIdentity};
use mpaas_push_emulator::{
    AccessKey, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig,
    load_templates, parse_template,
};

use crate::args::{EmulatorArgs, TlsFault};
use crate::error::CliError;
use crate::output;

/// The emulator settings the flags describe.
pub(crate) fn config(a: &EmulatorArgs) -> Result<EmulatorConfig, CliError> {
    let mut config = EmulatorConfig::default();
    config.port = a.port;
    if let Some(n) = a.max_recorded_requests {
        config.max_recorded_requests = n;
    }
    if let Some(ms) = a.latency_ms {
        config.latency = std::time::Duration::from_millis(ms);
    }
    if let Some(n) = a.max_stored_tasks {
        config.max_stored_tasks = n;
    }
    if !a.access_key.is_empty() {
        config.access_keys = a
            .access_key
            .iter()
            .enumerate()
            // The flag value holds a secret: never repeat it in a message.
            .map(|(i, k)| {
                AccessKey::parse(k)
                    .map_err(|e| CliError::usage(format!("--access-key #{}: {e}", i + 1)))
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(path) = &a.templates {
        config
            .templates
            .extend(load_templates(path).map_err(|e| CliError::usage(format!("--templates {e}")))?);
    }
    for t in &a.template {
        let (name, text) =
            parse_template(t).map_err(|e| CliError::usage(format!("--template {t:?}: {e}")))?;
        config.templates.insert(name, text);
    }
    if let (Some(cert), Some(key)) = (&a.tls_cert, &a.tls_key) {
        let read = |flag: &str, p: &std::path::Path| {
            std::fs::read_to_string(p)
                .map_err(|e| CliError::usage(format!("{flag} {}: {e}", p.display())))
        };
        config.tls = Some(TlsIdentity {
            cert_chain_pem: read("--tls-cert", cert)?,
            key_pem: read("--tls-key", key)?,
        });
    }
    Ok(config)
}

/// For `--tls`: a new CA and server identity; the CA written to a file
/// whose path is returned.
fn generate_tls(a: &EmulatorArgs, config: &mut EmulatorConfig) -> Result<PathBuf, CliError> {
    let kind = match a.tls_fault {
        None => CertKind::Valid,
        Some(TlsFault::OtherName) => CertKind::OtherName,
        Some(TlsFault::Expired) => CertKind::Expired,
    };
    let generated = mpaas_push_emulator::tls::generate(kind)
        .map_err(|e| CliError::Emulator(format!("cannot make a TLS certificate: {e}")))?;
    let path = a.tls_ca_out.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("mpaas-push-emulator-ca-{}.pem", std::process::id()))
    });
    std::fs::write(&path, &generated.ca_pem).map_err(|e| {
        CliError::Emulator(format!(
            "cannot write the CA certificate to {}: {e}",
            path.display()
        ))
    })?;
    config.tls = Some(generated.identity);
    Ok(path)
}

fn is_demo_key(k: &AccessKey) -> bool {
    k.id == DEFAULT_ACCESS_KEY_ID && k.secret == DEFAULT_ACCESS_KEY_SECRET
}

/// What the emulator prints once listening; the first line is stable
/// (`MPS emulator listening on URL`) so scripts can read the URL from it.
pub(crate) fn banner(url: &str, config: &EmulatorConfig) -> String {
    let mut s = format!("MPS emulator listening on {url}");
    for k in &config.access_keys {
        s += &format!("\naccess key id: {}", k.id);
        if is_demo_key(k) {
            // The built-in key is a public demo value, printed so the README
            // demo works; secrets given with --access-key are never printed.
            s += &format!(" (built-in demo key)\naccess key secret: {}", k.secret);
        }
        if k.security_token.is_some() {
            s += " (requires its STS token)";
        }
    }
    let names: Vec<&str> = config.templates.keys().map(String::as_str).collect();
    s += &format!("\ntemplates: {}", names.join(", "));
    if let Some(k) = config.access_keys.iter().find(|k| is_demo_key(k)) {
        s += &format!(
            "\ntry it from another shell:\n  \
             MPAAS_PUSH_ENDPOINT={url} ALIBABA_CLOUD_ACCESS_KEY_ID={} ALIBABA_CLOUD_ACCESS_KEY_SECRET={} \\\n  \
             mpaas-push broadcast --app-id ONEX570DA89211721 --workspace-id default --delivery-type android \\\n    \
             --msgkey auto --expired-seconds 300 --task-name demo --template-name demo_tpl \\\n    \
             --template-kv content=Hello --bind-period 7d",
            k.id, k.secret
        );
    }
    s += "\nstop with Ctrl-C";
    s
}

/// Starts the emulator, prints the banner and serves until a signal.
pub(crate) async fn run(a: &EmulatorArgs) -> Result<(), CliError> {
    let mut config = config(a)?;
    let ca = if a.tls {
        Some(generate_tls(a, &mut config)?)
    } else {
        None
    };
    let shown = config.clone();
    let emulator = Emulator::start(config)
        .await
        .map_err(|e| CliError::Emulator(format!("cannot listen on 127.0.0.1:{}: {e}", a.port)))?;
    let mut text = banner(&emulator.url(), &shown);
    if let Some(ca) = ca {
        text += &format!(
            "\nCA certificate: {} (trust it with --ca-file or the caFile option)",
            ca.display()
        );
    }
    output::out(&text);
    match &a.tasks_out {
        None => emulator.run_until_signal().await,
        Some(path) => {
            let tasks = emulator.run_until_signal_with_tasks().await;
            std::fs::write(path, serde_json::Value::Array(tasks).to_string()).map_err(|e| {
                CliError::Emulator(format!("cannot write the tasks to {}: {e}", path.display()))
            })?;
        }
    }
    output::note("MPS emulator stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn args(keys: &[&str], templates: &[&str]) -> EmulatorArgs {
        EmulatorArgs {
            port: 0,
            access_key: keys.iter().map(|s| (*s).to_owned()).collect(),
            template: templates.iter().map(|s| (*s).to_owned()).collect(),
            templates: None,
            threads: None,
            max_recorded_requests: None,
            max_stored_tasks: None,
            latency_ms: None,
            tls: false,
            tls_ca_out: None,
            tls_fault: None,
            tasks_out: None,
            tls_cert: None,
            tls_key: None,
        }
    }

    #[test]
    fn default_key_is_shown_in_full() {
        let c = config(&args(&[], &["news=Hi #name#"])).unwrap();
        assert_eq!(c.templates["news"], "Hi #name#");
        assert!(c.templates.contains_key("demo_tpl"), "defaults kept");
        let b = banner("http://127.0.0.1:1", &c);
        assert!(b.starts_with("MPS emulator listening on http://127.0.0.1:1\n"));
        assert!(b.contains(DEFAULT_ACCESS_KEY_SECRET));
    }

    #[test]
    fn custom_secrets_are_never_printed() {
        let c = config(&args(&["my-id:my-very-secret:my-token"], &[])).unwrap();
        let b = banner("http://127.0.0.1:1", &c);
        assert!(b.contains("my-id"));
        assert!(
            !b.contains("my-very-secret") && !b.contains("my-token"),
            "{b}"
        );
        let e = config(&args(&["only-an-id"], &[])).unwrap_err();
        assert_eq!(e.exit_status(), 2);
        assert!(config(&args(&[], &["no-equals-sign"])).is_err());
    }
}
