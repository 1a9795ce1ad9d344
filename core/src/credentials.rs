//! Credentials and where they come from (spec §6, protocol §7): explicit
//! keys (optionally with an STS token), the environment, the Alibaba Cloud CLI
//! config file and the INI credentials file. Providers implement
//! [`CredentialsProvider`], so refreshing providers (RAM role, ECS metadata)
//! can be added without touching the client.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::error::Error;
use crate::secret::Secret;

/// An access key (id + secret), optionally with an STS token.
///
/// ```
/// use mpaas_push::Credentials;
/// let c = Credentials::new("LTAI-id", "s3cr3t").with_security_token("tok3n-value");
/// let shown = format!("{c:?}");
/// assert!(shown.contains("LTAI-id") && !shown.contains("s3cr3t") && !shown.contains("tok3n"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
}

impl Credentials {
    /// Long-term access key credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<Secret>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// Adds an STS security token (temporary credentials).
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key id (not secret; it is sent with every request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret.
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The STS token, if any.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    fn check(self, source: &str) -> Result<Self, Error> {
        if self.access_key_id.trim().is_empty() || self.access_key_secret.expose().is_empty() {
            return Err(Error::credentials(format!(
                "{source}: access key id and secret must both be non-empty"
            )));
        }
        Ok(self)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .finish()
    }
}

/// A source of credentials. Called once per attempt, so a provider may
/// return refreshed credentials; it should cache and must be cheap.
pub trait CredentialsProvider: Send + Sync + fmt::Debug {
    /// The current credentials.
    fn credentials(&self) -> Result<Credentials, Error>;
}

impl CredentialsProvider for Credentials {
    fn credentials(&self) -> Result<Credentials, Error> {
        Ok(self.clone())
    }
}

/// Reads environment variables; tests substitute their own.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

fn process_env() -> EnvLookup {
    Arc::new(|k| std::env::var(k).ok())
}

fn non_empty(env: &EnvLookup, key: &str) -> Option<String> {
    env(key).filter(|v| !v.is_empty())
}

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID` /
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (+ `ALIBABA_CLOUD_SECURITY_TOKEN`), or
/// the product samples' `MPAAS_AK_ENV` / `MPAAS_SK_ENV`.
#[derive(Clone)]
pub struct EnvironmentProvider {
    env: EnvLookup,
}

impl fmt::Debug for EnvironmentProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvironmentProvider")
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self { env: process_env() }
    }
}

impl EnvironmentProvider {
    /// Reads variables through `env` instead of the process environment.
    pub fn with_lookup(env: EnvLookup) -> Self {
        Self { env }
    }

    /// `Ok(None)` when the variables are not set at all.
    pub fn try_credentials(&self) -> Result<Option<Credentials>, Error> {
        for (id_key, secret_key) in [
            (
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            ),
            ("MPAAS_AK_ENV", "MPAAS_SK_ENV"),
        ] {
            match (
                non_empty(&self.env, id_key),
                non_empty(&self.env, secret_key),
            ) {
                (Some(id), Some(secret)) => {
                    let mut c = Credentials::new(id, secret);
                    if let Some(t) = non_empty(&self.env, "ALIBABA_CLOUD_SECURITY_TOKEN") {
                        c = c.with_security_token(t);
                    }
                    return Ok(Some(c));
                }
                (None, None) => {}
                (Some(_), None) => {
                    return Err(Error::credentials(format!(
                        "{id_key} is set but {secret_key} is not"
                    )));
                }
                (None, Some(_)) => {
                    return Err(Error::credentials(format!(
                        "{secret_key} is set but {id_key} is not"
                    )));
                }
            }
        }
        Ok(None)
    }
}

impl CredentialsProvider for EnvironmentProvider {
    fn credentials(&self) -> Result<Credentials, Error> {
        self.try_credentials()?.ok_or_else(|| {
            Error::credentials(
                "ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set",
            )
        })
    }
}

/// Reads the Alibaba Cloud CLI config (`~/.aliyun/config.json`), modes `AK`
/// and `StsToken`. `profile` = `None` uses the file's `current` profile.
pub fn read_cli_config(path: &Path, profile: Option<&str>) -> Result<Credentials, Error> {
    let src = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::credentials(format!("cannot read {src}: {e}")))?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| Error::credentials(format!("{src} is not valid JSON: {e}")))?;
    let name = profile
        .map(str::to_owned)
        .or_else(|| {
            doc.get("current")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_owned());
    let profiles = doc
        .get("profiles")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::credentials(format!("{src}: missing \"profiles\" array")))?;
    let p = profiles
        .iter()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()))
        .ok_or_else(|| Error::credentials(format!("{src}: no profile named {name:?}")))?;
    let field = |k: &str| {
        p.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let source = format!("{src} profile {name:?}");
    match p.get("mode").and_then(Value::as_str).unwrap_or("AK") {
        "AK" => Credentials::new(field("access_key_id"), field("access_key_secret")).check(&source),
        "StsToken" => {
            let token = field("sts_token");
            if token.is_empty() {
                return Err(Error::credentials(format!(
                    "{source}: mode StsToken needs sts_token"
                )));
            }
            Credentials::new(field("access_key_id"), field("access_key_secret"))
                .with_security_token(token)
                .check(&source)
        }
        other => Err(Error::credentials(format!(
            "{source}: mode {other:?} is not supported (AK and StsToken are)"
        ))),
    }
}

/// Reads an INI credentials file (`~/.alibabacloud/credentials`), section
/// `profile` (default `default`), `type = access_key`.
pub fn read_ini_file(path: &Path, profile: Option<&str>) -> Result<Credentials, Error> {
    let src = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::credentials(format!("cannot read {src}: {e}")))?;
    let want = profile.unwrap_or("default");
    let mut section: Option<String> = None;
    let mut values: Vec<(String, String)> = Vec::new();
    let mut found = false;
    for (n, raw) in text.lines().enumerate() {
        // Inline comments are stripped, as the official library does.
        let line = raw.split(['#', ';']).next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.trim().to_owned());
            found |= name.trim() == want;
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(Error::credentials(format!(
                "{src} line {}: expected `key = value`",
                n + 1
            )));
        };
        if section.as_deref() == Some(want) {
            values.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    if !found {
        return Err(Error::credentials(format!("{src}: no section [{want}]")));
    }
    let get = |k: &str| {
        values
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let source = format!("{src} [{want}]");
    match get("type").as_str() {
        "access_key" | "" => {
            Credentials::new(get("access_key_id"), get("access_key_secret")).check(&source)
        }
        other => Err(Error::credentials(format!(
            "{source}: type {other:?} is not supported (access_key is)"
        ))),
    }
}

/// The default chain: environment, then the CLI config file, then the INI
/// credentials file. Nothing here touches the network.
#[derive(Clone)]
pub struct DefaultChain {
    env: EnvLookup,
    home: Option<PathBuf>,
}

impl fmt::Debug for DefaultChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultChain")
            .field("home", &self.home)
            .finish()
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self {
            env: process_env(),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }
}

impl DefaultChain {
    /// A chain reading `env` and files under `home` (for tests and embedders).
    pub fn with_env(env: EnvLookup, home: Option<PathBuf>) -> Self {
        Self { env, home }
    }

    /// Resolves credentials once, naming every source tried when none works.
    pub fn resolve(&self) -> Result<Credentials, Error> {
        self.try_resolve()?.ok_or_else(|| {
            Error::credentials(
                "no credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET \
                 (or MPAAS_AK_ENV / MPAAS_SK_ENV), or create ~/.aliyun/config.json or \
                 ~/.alibabacloud/credentials",
            )
        })
    }

    /// Like [`resolve`](Self::resolve), but `Ok(None)` when no source is
    /// configured at all; a source that exists but is broken (half-set
    /// variables, a malformed file, an unsupported mode) is still an error.
    pub fn try_resolve(&self) -> Result<Option<Credentials>, Error> {
        if let Some(c) = EnvironmentProvider::with_lookup(self.env.clone()).try_credentials()? {
            return Ok(Some(c));
        }
        let profile = non_empty(&self.env, "ALIBABA_CLOUD_PROFILE");
        let cli_disabled = non_empty(&self.env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if !cli_disabled && let Some(home) = &self.home {
            let path = home.join(".aliyun").join("config.json");
            if path.is_file() {
                return read_cli_config(&path, profile.as_deref()).map(Some);
            }
        }
        let ini_paths: Vec<PathBuf> = match non_empty(&self.env, "ALIBABA_CLOUD_CREDENTIALS_FILE") {
            Some(p) => vec![PathBuf::from(p)],
            None => self
                .home
                .iter()
                .flat_map(|h| {
                    [
                        h.join(".alibabacloud").join("credentials"),
                        h.join(".alibabacloud").join("credentials.ini"),
                    ]
                })
                .collect(),
        };
        for path in &ini_paths {
            if path.is_file() {
                return read_ini_file(path, profile.as_deref()).map(Some);
            }
        }
        Ok(None)
    }
}

impl CredentialsProvider for DefaultChain {
    fn credentials(&self) -> Result<Credentials, Error> {
        self.resolve()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> EnvLookup {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Arc::new(move |k| m.get(k).cloned())
    }

    fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mpaas-push-cred-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn env_first_then_mpaas_fallback() {
        let c = DefaultChain::with_env(
            env(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id1"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "sec1"),
                ("ALIBABA_CLOUD_SECURITY_TOKEN", "tok1"),
                ("MPAAS_AK_ENV", "id2"),
                ("MPAAS_SK_ENV", "sec2"),
            ]),
            None,
        )
        .resolve()
        .unwrap();
        assert_eq!(c.access_key_id(), "id1");
        assert_eq!(c.security_token().unwrap().expose(), "tok1");
        let c = DefaultChain::with_env(
            env(&[("MPAAS_AK_ENV", "id2"), ("MPAAS_SK_ENV", "sec2")]),
            None,
        )
        .resolve()
        .unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret().expose()),
            ("id2", "sec2")
        );
    }

    #[test]
    fn half_configured_env_is_an_error() {
        let e = DefaultChain::with_env(env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "id1")]), None)
            .resolve()
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Credentials);
    }

    #[test]
    fn cli_config_modes() {
        let home = tempdir("cli");
        std::fs::create_dir_all(home.join(".aliyun")).unwrap();
        std::fs::write(
            home.join(".aliyun/config.json"),
            r#"{"current":"sts","profiles":[
                {"name":"default","mode":"AK","access_key_id":"akid","access_key_secret":"aksecret"},
                {"name":"sts","mode":"StsToken","access_key_id":"STS.id","access_key_secret":"stssecret","sts_token":"ststoken"},
                {"name":"role","mode":"RamRoleArn","access_key_id":"a","access_key_secret":"b"}]}"#,
        )
        .unwrap();
        let chain = DefaultChain::with_env(env(&[]), Some(home.clone()));
        let c = chain.resolve().unwrap();
        assert_eq!(c.access_key_id(), "STS.id");
        assert_eq!(c.security_token().unwrap().expose(), "ststoken");
        let c = DefaultChain::with_env(
            env(&[("ALIBABA_CLOUD_PROFILE", "default")]),
            Some(home.clone()),
        )
        .resolve()
        .unwrap();
        assert_eq!(c.access_key_id(), "akid");
        assert!(c.security_token().is_none());
        let e = DefaultChain::with_env(
            env(&[("ALIBABA_CLOUD_PROFILE", "role")]),
            Some(home.clone()),
        )
        .resolve()
        .unwrap_err();
        assert!(e.to_string().contains("RamRoleArn"), "{e}");
    }

    #[test]
    fn ini_file_sections_and_comments() {
        let home = tempdir("ini");
        std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
        std::fs::write(
            home.join(".alibabacloud/credentials"),
            "[default]\ntype = access_key  # the only supported type\naccess_key_id = inid\naccess_key_secret = insecret\n\n[other]\ntype = ecs_ram_role\nrole_name = r\n",
        )
        .unwrap();
        let c = DefaultChain::with_env(env(&[]), Some(home.clone()))
            .resolve()
            .unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret().expose()),
            ("inid", "insecret")
        );
        let e = DefaultChain::with_env(
            env(&[("ALIBABA_CLOUD_PROFILE", "other")]),
            Some(home.clone()),
        )
        .resolve()
        .unwrap_err();
        assert!(e.to_string().contains("ecs_ram_role"));
        std::fs::write(
            home.join(".alibabacloud/credentials"),
            "[default]\nthis line is broken\n",
        )
        .unwrap();
        let e = DefaultChain::with_env(env(&[]), Some(home))
            .resolve()
            .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn nothing_found_names_the_sources() {
        let e = DefaultChain::with_env(env(&[]), Some(tempdir("none")))
            .resolve()
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Credentials);
        assert!(e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
    }
}
