//! Client options in one language-neutral shape, read and checked once for
//! every language (spec §6).
//!
//! Python hands its keyword arguments, Node its options object, the CLI its
//! flags and the JVM its `ClientConfig` record to [`ClientOptions`]; none of
//! them checks an option itself. A bad option is a `config` error that names
//! the option (camelCase, nested with `.`) and the [`Rule`] it broke, and
//! never quotes a credential. Durations are milliseconds (`connectTimeoutMs`)
//! in every language, so one vector file (`tests/vectors/client-options.json`)
//! pins the behaviour everywhere.
//!
//! ```
//! use mpaas_push::{ClientOptions, ErrorCode, Rule};
//! let opts = ClientOptions::from_json(&serde_json::json!({
//!     "accessKeyId": "LTAI-example", "accessKeySecret": "s3cr3t",
//!     "endpoint": "http://127.0.0.1:9", "retry": {"maxAttempts": 2}
//! }))?;
//! assert!(opts.build("rust").is_ok());
//!
//! let opts = ClientOptions::from_json(&serde_json::json!({"connectTimeoutMs": 1e30}))?;
//! let e = opts.check().unwrap_err();
//! assert_eq!(e.code(), ErrorCode::Config);
//! assert_eq!((e.field(), e.rule()), (Some("connectTimeoutMs"), Some(Rule::Range)));
//! # Ok::<(), mpaas_push::Error>(())
//! ```

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::client::{Client, ClientBuilder};
use crate::config::{MAX_ATTEMPTS, MAX_DURATION_TEXT, RetryPolicy, response_bytes_text};
use crate::credentials::Credentials;
use crate::error::{Error, ValidationError};
use crate::rule::Rule;
use crate::secret::{Secret, redact_userinfo};
use crate::transport::ProxyConfig;

/// Every top-level option, in documentation order.
pub const OPTION_NAMES: &[&str] = &[
    "accessKeyId",
    "accessKeySecret",
    "securityToken",
    "endpoint",
    "allowHttp",
    "region",
    "signature",
    "apiVersion",
    "connectTimeoutMs",
    "readTimeoutMs",
    "totalTimeoutMs",
    "retry",
    "proxy",
    "caFile",
    "userAgentSuffix",
    "maxResponseBytes",
];

/// Every option of `retry`.
pub const RETRY_OPTION_NAMES: &[&str] =
    &["maxAttempts", "baseDelayMs", "maxDelayMs", "retryMaybeSent"];

/// Options whose values are secrets: never quoted in an error.
const SECRET_OPTIONS: &[&str] = &["accessKeySecret", "securityToken"];

/// Retry options; every field optional (defaults of [`RetryPolicy`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RetryOptions {
    /// Attempts in all, the first included: 1 to [`MAX_ATTEMPTS`].
    pub max_attempts: Option<i64>,
    /// First backoff ceiling in milliseconds.
    pub base_delay_ms: Option<f64>,
    /// Longest wait between attempts in milliseconds.
    pub max_delay_ms: Option<f64>,
    /// Also retry failures that may have reached the service.
    pub retry_maybe_sent: Option<bool>,
}

/// Every client option, as the caller gave it; [`ClientOptions::build`]
/// checks them all and builds the [`Client`].
///
/// Numbers are kept as given (`i64`/`f64`, possibly negative or huge) so the
/// check, not the host language's conversion, decides what is wrong with
/// them: a typed binding (the JVM) fills this struct directly, the dynamic
/// ones go through [`ClientOptions::from_json`].
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ClientOptions {
    /// AccessKey id; with `access_key_secret`, replaces the default chain.
    pub access_key_id: Option<String>,
    /// AccessKey secret.
    pub access_key_secret: Option<Secret>,
    /// STS token; only with an explicit key pair.
    pub security_token: Option<Secret>,
    /// Endpoint host or URL.
    pub endpoint: Option<String>,
    /// Allow plain `http://` to a host that is not on this machine.
    pub allow_http: Option<bool>,
    /// Region id; picks the default endpoint.
    pub region: Option<String>,
    /// `hmac-sha1` or `acs3-hmac-sha256`.
    pub signature: Option<String>,
    /// `2020-10-28` or `2019-08-21`.
    pub api_version: Option<String>,
    /// Connect deadline per attempt, milliseconds.
    pub connect_timeout_ms: Option<f64>,
    /// Read deadline per attempt, milliseconds.
    pub read_timeout_ms: Option<f64>,
    /// Deadline over all attempts, milliseconds.
    pub total_timeout_ms: Option<f64>,
    /// Retry policy.
    pub retry: Option<RetryOptions>,
    /// `"env"` (default), `"none"` or a proxy URL.
    pub proxy: Option<Secret>,
    /// A PEM file of CA certificates trusted on top of the system's.
    pub ca_file: Option<String>,
    /// Appended to the `user-agent`.
    pub user_agent_suffix: Option<String>,
    /// Largest response body read, bytes.
    pub max_response_bytes: Option<i64>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |s: &Option<Secret>| s.as_ref().map(|_| crate::secret::REDACTED);
        f.debug_struct("ClientOptions")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &hidden(&self.access_key_secret))
            .field("security_token", &hidden(&self.security_token))
            .field("endpoint", &self.endpoint.as_deref().map(redact_userinfo))
            .field("allow_http", &self.allow_http)
            .field("region", &self.region)
            .field("signature", &self.signature)
            .field("api_version", &self.api_version)
            .field("connect_timeout_ms", &self.connect_timeout_ms)
            .field("read_timeout_ms", &self.read_timeout_ms)
            .field("total_timeout_ms", &self.total_timeout_ms)
            .field("retry", &self.retry)
            .field(
                "proxy",
                &self.proxy.as_ref().map(|p| redact_userinfo(p.expose())),
            )
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("ca_file", &self.ca_file)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// A `config` error naming `field` and `rule`.
pub(crate) fn option_error(field: &str, rule: Rule, message: impl Into<String>) -> Error {
    Error::option(ValidationError::new(field, rule, message))
}

fn option_error_with(field: &str, rule: Rule, message: &str, value: impl fmt::Display) -> Error {
    if SECRET_OPTIONS.contains(&field) {
        return option_error(field, rule, message);
    }
    Error::option(ValidationError::new(field, rule, message).with_value(value))
}

/// `thisKey` for `this_key`, so that snake_case hosts (Python) can hand
/// their keyword names as they are.
fn camel(key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains('_') {
        return key.into();
    }
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Reads one JSON object of options, keys in camelCase or snake_case.
struct Reader<'a> {
    prefix: &'static str,
    entries: Vec<(String, &'a Value)>,
}

impl<'a> Reader<'a> {
    fn new(value: &'a Value, prefix: &'static str, known: &[&str]) -> Result<Self, Error> {
        let field = if prefix.is_empty() {
            "options"
        } else {
            "retry"
        };
        let map: &Map<String, Value> = value.as_object().ok_or_else(|| {
            option_error_with(field, Rule::Type, "must be an object", type_name(value))
        })?;
        let mut entries = Vec::with_capacity(map.len());
        for (k, v) in map {
            let name = camel(k).into_owned();
            if !known.contains(&name.as_str()) {
                let hint = known
                    .iter()
                    .find(|n| n.eq_ignore_ascii_case(&name) || n.eq_ignore_ascii_case(k))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                return Err(option_error(
                    &format!("{prefix}{k}"),
                    Rule::UnknownField,
                    format!("is not a known option{hint}"),
                ));
            }
            if entries.iter().any(|(n, _)| *n == name) {
                return Err(option_error(
                    &format!("{prefix}{name}"),
                    Rule::Unique,
                    "is given twice (camelCase and snake_case)",
                ));
            }
            if !v.is_null() {
                entries.push((name, v));
            }
        }
        Ok(Self { prefix, entries })
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    fn field(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn type_error(&self, key: &str, expected: &str, v: &Value) -> Error {
        option_error_with(
            &self.field(key),
            Rule::Type,
            &format!("must be {expected}"),
            type_name(v),
        )
    }

    fn text(&self, key: &str) -> Result<Option<String>, Error> {
        self.get(key)
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(self.type_error(key, "a string", v)),
            })
            .transpose()
    }

    fn flag(&self, key: &str) -> Result<Option<bool>, Error> {
        self.get(key)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| self.type_error(key, "a boolean", v))
            })
            .transpose()
    }

    fn number(&self, key: &str) -> Result<Option<f64>, Error> {
        self.get(key)
            .map(|v| {
                v.as_f64()
                    .ok_or_else(|| self.type_error(key, "a number", v))
            })
            .transpose()
    }

    fn integer(&self, key: &str) -> Result<Option<i64>, Error> {
        self.get(key)
            .map(|v| match v {
                Value::Number(n) => n
                    .as_i64()
                    .or_else(|| n.as_u64().map(|_| i64::MAX))
                    .or_else(|| {
                        n.as_f64()
                            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                            .map(|f| f as i64)
                    })
                    .ok_or_else(|| self.type_error(key, "a whole number", v)),
                _ => Err(self.type_error(key, "a whole number", v)),
            })
            .transpose()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl ClientOptions {
    /// Reads options from their neutral JSON form (keys in camelCase or
    /// snake_case; `null` means "not given"). Only shapes are checked here;
    /// [`build`](Self::build) checks values.
    pub fn from_json(value: &Value) -> Result<Self, Error> {
        let r = Reader::new(value, "", OPTION_NAMES)?;
        let secret =
            |key: &str| -> Result<Option<Secret>, Error> { Ok(r.text(key)?.map(Secret::from)) };
        let retry = match r.get("retry") {
            None => None,
            Some(v) => {
                let rr = Reader::new(v, "retry.", RETRY_OPTION_NAMES)?;
                Some(RetryOptions {
                    max_attempts: rr.integer("maxAttempts")?,
                    base_delay_ms: rr.number("baseDelayMs")?,
                    max_delay_ms: rr.number("maxDelayMs")?,
                    retry_maybe_sent: rr.flag("retryMaybeSent")?,
                })
            }
        };
        Ok(Self {
            access_key_id: r.text("accessKeyId")?,
            access_key_secret: secret("accessKeySecret")?,
            security_token: secret("securityToken")?,
            endpoint: r.text("endpoint")?,
            allow_http: r.flag("allowHttp")?,
            region: r.text("region")?,
            signature: r.text("signature")?,
            api_version: r.text("apiVersion")?,
            connect_timeout_ms: r.number("connectTimeoutMs")?,
            read_timeout_ms: r.number("readTimeoutMs")?,
            total_timeout_ms: r.number("totalTimeoutMs")?,
            retry,
            proxy: secret("proxy")?,
            ca_file: r.text("caFile")?,
            user_agent_suffix: r.text("userAgentSuffix")?,
            max_response_bytes: r.integer("maxResponseBytes")?,
        })
    }

    /// Checks every value without building anything (no credential lookup,
    /// no network): what [`build`](Self::build) would refuse.
    pub fn check(&self) -> Result<(), Error> {
        self.to_builder(ClientBuilder::default(), false).map(|_| ())
    }

    /// Checks every option and builds the client; `language` names the
    /// host in the user agent (`python`, `node`, `kotlin`, `cli`, `rust`).
    /// Without a key pair, credentials come from the default chain.
    pub fn build(&self, language: &str) -> Result<Client, Error> {
        self.builder(language)?.build()
    }

    /// As [`build`](Self::build), but credentials must come from the
    /// default chain: giving any credential option is an error, so that a
    /// key pair meant for the environment is never silently ignored.
    pub fn build_from_env(&self, language: &str) -> Result<Client, Error> {
        for (name, given) in [
            ("accessKeyId", self.access_key_id.is_some()),
            ("accessKeySecret", self.access_key_secret.is_some()),
            ("securityToken", self.security_token.is_some()),
        ] {
            if given {
                return Err(option_error(
                    name,
                    Rule::NotAllowed,
                    "is not allowed with fromEnv: credentials come from the environment; \
                     pass them to the constructor instead",
                ));
            }
        }
        self.build(language)
    }

    /// A checked builder, for callers that add what has no neutral form
    /// (a clock, a nonce source, a credentials provider).
    pub fn builder(&self, language: &str) -> Result<ClientBuilder, Error> {
        self.to_builder(Client::builder().language(language), true)
    }

    fn to_builder(
        &self,
        mut b: ClientBuilder,
        with_credentials: bool,
    ) -> Result<ClientBuilder, Error> {
        let credentials = self.credentials()?;
        if let Some(c) = credentials.filter(|_| with_credentials) {
            b = b.credentials(c);
        }
        if let Some(e) = &self.endpoint {
            b = b.endpoint(e.clone());
        }
        if let Some(yes) = self.allow_http {
            b = b.allow_http(yes);
        }
        if let Some(r) = &self.region {
            b = b.region(r.clone());
        }
        if let Some(s) = &self.signature {
            b = b.signature_method(one_of("signature", s, &["hmac-sha1", "acs3-hmac-sha256"])?);
        }
        if let Some(v) = &self.api_version {
            b = b.api_version(one_of("apiVersion", v, &["2020-10-28", "2019-08-21"])?);
        }
        if let Some(ms) = self.connect_timeout_ms {
            b = b.connect_timeout(duration("connectTimeoutMs", ms, Rule::Positive)?);
        }
        if let Some(ms) = self.read_timeout_ms {
            b = b.read_timeout(duration("readTimeoutMs", ms, Rule::Positive)?);
        }
        if let Some(ms) = self.total_timeout_ms {
            b = b.total_timeout(duration("totalTimeoutMs", ms, Rule::Positive)?);
        }
        if let Some(r) = &self.retry {
            b = b.retry_policy(r.policy()?);
        }
        if let Some(p) = &self.proxy {
            b = b.proxy(match p.expose() {
                "env" => ProxyConfig::FromEnv,
                "none" | "" => ProxyConfig::None,
                url => ProxyConfig::Url(url.to_owned()),
            });
        }
        if let Some(path) = &self.ca_file {
            b = b.ca_file(path);
        }
        if let Some(s) = &self.user_agent_suffix {
            b = b.user_agent_suffix(s.clone());
        }
        if let Some(n) = self.max_response_bytes {
            // Negative counts cannot reach the builder; its range check
            // gives the same rule and text.
            let bytes = usize::try_from(n).map_err(|_| {
                option_error_with("maxResponseBytes", Rule::Range, &response_bytes_text(), n)
            })?;
            b = b.max_response_bytes(bytes);
        }
        // The builder checks what needs the assembled settings (endpoint,
        // region, proxy URL, user agent) and names the option on failure.
        b.check()?;
        Ok(b)
    }

    /// The explicit key pair, if any, with the pairing rules.
    fn credentials(&self) -> Result<Option<Credentials>, Error> {
        let id = self.access_key_id.as_deref();
        let secret = self.access_key_secret.as_ref();
        if let Some(id) = id {
            check_text("accessKeyId", id, true)?;
        }
        for (name, s) in [
            ("accessKeySecret", secret),
            ("securityToken", self.security_token.as_ref()),
        ] {
            if let Some(s) = s {
                check_text(name, s.expose(), false)?;
            }
        }
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let mut c = Credentials::new(id, secret.clone());
                if let Some(t) = &self.security_token {
                    c = c.with_security_token(t.clone());
                }
                Ok(Some(c))
            }
            (Some(_), None) => Err(option_error(
                "accessKeySecret",
                Rule::RequiredTogether,
                "is required with accessKeyId",
            )),
            (None, Some(_)) => Err(option_error(
                "accessKeyId",
                Rule::RequiredTogether,
                "is required with accessKeySecret",
            )),
            (None, None) if self.security_token.is_some() => Err(option_error(
                "securityToken",
                Rule::RequiredTogether,
                "needs accessKeyId and accessKeySecret (an STS token is never combined with keys from elsewhere)",
            )),
            (None, None) => Ok(None),
        }
    }
}

impl RetryOptions {
    /// The policy these options give; its ranges are checked with the rest
    /// of the client's settings (`ClientBuilder::check`).
    fn policy(&self) -> Result<RetryPolicy, Error> {
        let mut p = RetryPolicy::default();
        if let Some(n) = self.max_attempts {
            // Only what `u32` cannot hold is refused here, with the same rule
            // and text as the builder's range check.
            let n = u32::try_from(n).map_err(|_| {
                option_error_with(
                    "retry.maxAttempts",
                    Rule::Range,
                    &format!("must be between 1 and {MAX_ATTEMPTS}"),
                    n,
                )
            })?;
            p = p.with_max_attempts(n);
        }
        let base = match self.base_delay_ms {
            Some(ms) => duration("retry.baseDelayMs", ms, Rule::Min)?,
            None => p.base_delay,
        };
        let max = match self.max_delay_ms {
            Some(ms) => duration("retry.maxDelayMs", ms, Rule::Min)?,
            None => p.max_delay,
        };
        p = p.with_delays(base, max);
        if let Some(yes) = self.retry_maybe_sent {
            p = p.with_retry_maybe_sent(yes);
        }
        Ok(p)
    }
}

/// Milliseconds to a `Duration`. Refused here is only what a `Duration`
/// cannot hold (not finite, negative — `negative` is the rule —, or beyond
/// its range); zero and the one-day bound are the builder's checks.
fn duration(field: &str, ms: f64, negative: Rule) -> Result<Duration, Error> {
    if !ms.is_finite() {
        return Err(option_error_with(
            field,
            Rule::Type,
            "must be a finite number",
            ms,
        ));
    }
    if ms < 0.0 {
        let msg = match negative {
            Rule::Positive => "must be greater than 0",
            _ => "must not be negative",
        };
        return Err(option_error_with(field, negative, msg, ms));
    }
    Duration::try_from_secs_f64(ms / 1000.0)
        .map_err(|_| option_error_with(field, Rule::Range, MAX_DURATION_TEXT, ms))
}

fn one_of<T: std::str::FromStr>(field: &str, v: &str, accepted: &[&str]) -> Result<T, Error> {
    if let Ok(t) = v.parse() {
        return Ok(t);
    }
    Err(option_error_with(
        field,
        Rule::OneOf,
        &format!("must be one of {}", accepted.join(", ")),
        format_args!("{v:?}"),
    ))
}

fn check_text(field: &str, v: &str, quote: bool) -> Result<(), Error> {
    let fail = |rule, msg: &str| {
        if quote {
            option_error_with(field, rule, msg, format_args!("{v:?}"))
        } else {
            option_error(field, rule, msg)
        }
    };
    if v.contains('\0') {
        return Err(fail(Rule::NoNul, "must not contain a NUL character"));
    }
    if v.trim().is_empty() {
        return Err(fail(Rule::NotBlank, "must not be empty or blank"));
    }
    Ok(())
}

impl<'de> serde::Deserialize<'de> for ClientOptions {
    /// Any serde data format (a JS object through napi, a Python dict
    /// through pythonize, JSON text) reads through [`ClientOptions::from_json`],
    /// so the rules are the same whichever host supplied the options.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Self::from_json(&v).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> (String, Rule) {
        let e = ClientOptions::from_json(&v)
            .and_then(|o| o.check())
            .unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Config, "{e}");
        (e.field().unwrap_or_default().to_owned(), e.rule().unwrap())
    }

    #[test]
    fn snake_case_keys_are_read_and_duplicates_refused() {
        let o = ClientOptions::from_json(
            &json!({"connect_timeout_ms": 5, "retry": {"max_attempts": 2}}),
        )
        .unwrap();
        assert_eq!(o.connect_timeout_ms, Some(5.0));
        assert_eq!(
            err(json!({"connectTimeoutMs": 5, "connect_timeout_ms": 5})),
            ("connectTimeoutMs".into(), Rule::Unique)
        );
        assert_eq!(
            err(json!({"conectTimeoutMs": 5})),
            ("conectTimeoutMs".into(), Rule::UnknownField)
        );
    }

    #[test]
    fn secrets_are_never_quoted() {
        let e = ClientOptions::from_json(&json!({"accessKeySecret": 12345678})).unwrap_err();
        assert_eq!(e.rule(), Some(Rule::Type));
        assert!(!e.to_string().contains("12345678"), "{e}");
        let o =
            ClientOptions::from_json(&json!({"proxy": "http://u:pw-secret@127.0.0.1:1"})).unwrap();
        assert!(!format!("{o:?}").contains("pw-secret"));
    }
}
