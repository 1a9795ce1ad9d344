//! Which way a client's requests go: straight to the endpoint, or through a
//! proxy (explicit, or from `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` /
//! `NO_PROXY` read the way curl reads them, via hyper-util's matcher).
//!
//! A client talks to one endpoint, so the route is decided once, when the
//! client is built, not per request.

use http::{HeaderValue, Uri};
use hyper_util::client::proxy::matcher::Matcher;

use crate::error::{Error, ValidationError};
use crate::rule::Rule;
use crate::secret::redact_userinfo;

/// Proxy settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyConfig {
    /// No proxy, whatever the environment says.
    None,
    /// Honour `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY` (and
    /// their lower-case forms) from the environment, as curl and Alibaba
    /// Cloud's own SDKs do (default). Read when the client is built.
    #[default]
    FromEnv,
    /// Send every request through this proxy URL (`http://user:pass@host:port`).
    Url(String),
}

/// Checks a proxy URL (`http(s)://[user:password@]host[:port]`) without
/// ever quoting its credentials.
pub(crate) fn check_proxy_url(u: &str) -> Result<(), Error> {
    let bad = |message: &str| {
        Error::option(
            ValidationError::new("proxy", Rule::Url, message).with_value(redact_userinfo(u)),
        )
    };
    let url = url::Url::parse(u)
        .map_err(|_| bad("is not a valid URL; expected \"env\", \"none\" or http://host:port"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must be an http:// or https:// proxy URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    Ok(())
}

/// A proxy to go through.
#[derive(Clone)]
pub(crate) struct Proxy {
    /// `scheme://host:port/`, credentials removed.
    pub(crate) uri: Uri,
    /// `Basic …` from the URL's user info. A secret: never printed.
    pub(crate) auth: Option<HeaderValue>,
}

impl Proxy {
    /// `host:port` of the proxy, for messages (never the credentials).
    pub(crate) fn authority(&self) -> &str {
        self.uri.authority().map_or("", |a| a.as_str())
    }

    pub(crate) fn is_https(&self) -> bool {
        self.uri.scheme_str() == Some("https")
    }
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("uri", &self.uri)
            .field("auth", &self.auth.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// The way to the endpoint.
#[derive(Debug, Clone)]
pub(crate) enum Route {
    Direct,
    Proxy(Proxy),
    /// The environment names a proxy this client cannot use (SOCKS): every
    /// call fails before connecting rather than silently going direct.
    Unsupported {
        scheme: String,
    },
}

/// The route to `target` (`scheme://host:port/`) under `cfg`, reading the
/// environment now for [`ProxyConfig::FromEnv`].
pub(crate) fn route(cfg: &ProxyConfig, target: &Uri) -> Route {
    let matcher = match cfg {
        ProxyConfig::None => return Route::Direct,
        ProxyConfig::FromEnv => Matcher::from_env(),
        ProxyConfig::Url(u) => Matcher::builder().all(u.clone()).build(),
    };
    match matcher.intercept(target) {
        None => Route::Direct,
        Some(i) => match i.uri().scheme_str() {
            Some("http" | "https") => Route::Proxy(Proxy {
                uri: i.uri().clone(),
                auth: i.basic_auth().cloned(),
            }),
            other => Route::Unsupported {
                scheme: other.unwrap_or_default().to_owned(),
            },
        },
    }
}
