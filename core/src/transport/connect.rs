//! Opening a connection to the endpoint: TCP (hyper-util's connector), an
//! optional proxy (CONNECT tunnel via hyper-util, or plain HTTP), and TLS
//! (rustls with the platform's verifier), all under the connect deadline.
//!
//! Every failure here happens before a byte of the request is written, so
//! each is "not sent".

use std::io::IoSlice;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tower_service::Service;

use crate::error::{Error, ErrorKind, ValidationError};
use crate::rule::Rule;
use crate::transport::proxy::{Proxy, Route};

/// A connection: plain TCP, or TLS over a connection (TLS to a proxy, then
/// TLS to the endpoint through its tunnel, is TLS over TLS).
#[derive(Debug)]
pub(crate) enum Stream {
    Tcp(TcpStream),
    Tls(Box<TlsStream<Stream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Self::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Self::Tls(s) => Pin::new(&mut **s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Self::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Self::Tls(s) => Pin::new(&mut **s).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Self::Tcp(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Self::Tls(s) => Pin::new(&mut **s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Self::Tcp(s) => s.is_write_vectored(),
            Self::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Self::Tcp(s) => Pin::new(s).poll_flush(cx),
            Self::Tls(s) => Pin::new(&mut **s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Self::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Self::Tls(s) => Pin::new(&mut **s).poll_shutdown(cx),
        }
    }
}

/// The rustls configuration of one client, built on its first TLS
/// connection: loading the platform's roots costs tens of millions of
/// instructions, which a plain-HTTP client (the emulator) never pays, and
/// which a client's per-thread engines share.
#[derive(Default)]
pub(crate) struct TlsSettings {
    /// CA certificates trusted on top of the system's (`caFile`).
    extra_roots: Vec<CertificateDer<'static>>,
    config: OnceLock<Result<Arc<rustls::ClientConfig>, String>>,
}

impl std::fmt::Debug for TlsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsSettings")
            .field("extra_roots", &self.extra_roots.len())
            .field("loaded", &self.config.get().is_some())
            .finish()
    }
}

impl TlsSettings {
    fn config(&self) -> Result<Arc<rustls::ClientConfig>, Error> {
        self.config
            .get_or_init(|| build_tls_config(&self.extra_roots).map(Arc::new))
            .clone()
            .map_err(|e| Error::config(format!("cannot set up TLS: {e}")))
    }
}

fn build_tls_config(
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    // The platform verifier: the system's roots (on Linux, with
    // `SSL_CERT_FILE` / `SSL_CERT_DIR` as OpenSSL reads them), full checks.
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(Arc::clone(&provider))
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra_roots.iter().cloned(),
            Arc::clone(&provider),
        )
    }
    .map_err(|e| format!("the platform's certificate verifier is unavailable: {e}"))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous() // the platform verifier: the system's roots, checked fully
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The CA certificates of a PEM file (`caFile`), read now; a `config`
/// error naming the option if the file cannot be read or holds none.
pub(crate) fn read_ca_file(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let pem = std::fs::read(path).map_err(|e| {
        Error::option(
            ValidationError::new("caFile", Rule::Certificates, format!("cannot be read: {e}"))
                .with_value(path.display()),
        )
    })?;
    parse_ca_pem(&pem, "caFile")
}

/// The certificates of PEM text (`option` names the option in errors).
pub(crate) fn parse_ca_pem(
    pem: &[u8],
    option: &str,
) -> Result<Vec<CertificateDer<'static>>, Error> {
    let bad =
        |message: String| Error::option(ValidationError::new(option, Rule::Certificates, message));
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(format!("is not valid PEM: {e}")))?;
    if certs.is_empty() {
        return Err(bad(
            "holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into(),
        ));
    }
    Ok(certs)
}

/// Everything needed to open a connection to one endpoint; shared by the
/// client's engines.
#[derive(Debug)]
pub(crate) struct Target {
    /// `scheme://host:port/` of the endpoint.
    pub(crate) uri: Uri,
    pub(crate) https: bool,
    /// `host[:port]` for messages.
    pub(crate) authority: String,
    pub(crate) route: Route,
    pub(crate) tls: TlsSettings,
}

impl Target {
    pub(crate) fn new(uri: Uri, route: Route, extra_roots: Vec<CertificateDer<'static>>) -> Self {
        Self {
            https: uri.scheme_str() == Some("https"),
            authority: uri
                .authority()
                .map_or_else(String::new, |a| a.as_str().to_owned()),
            uri,
            route,
            tls: TlsSettings {
                extra_roots,
                config: OnceLock::new(),
            },
        }
    }

    /// Whether requests go to a plain-HTTP proxy in absolute form (an
    /// `http://` endpoint behind a proxy); HTTPS endpoints use a tunnel.
    pub(crate) fn proxy_for_absolute_form(&self) -> Option<&Proxy> {
        match &self.route {
            Route::Proxy(p) if !self.https => Some(p),
            _ => None,
        }
    }
}

/// Opens connections for one engine (a TCP connector is bound to nothing
/// runtime-specific, but each engine keeps its own).
#[derive(Debug, Clone)]
pub(crate) struct Connector {
    http: HttpConnector,
}

impl Connector {
    pub(crate) fn new() -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false); // TLS is ours, on top
        http.set_nodelay(true);
        Self { http }
    }

    /// A connection to `target`, through its route. Errors are `connect`
    /// errors that name the host (or the proxy) and the reason.
    pub(crate) async fn connect(&self, target: &Target) -> Result<Stream, Error> {
        match &target.route {
            Route::Direct => {
                let tcp = tcp(&self.http, &target.uri)
                    .await
                    .map_err(|e| connect_error(format!("{}: {e}", target.authority)))?;
                self.tls_if_https(target, tcp).await
            }
            Route::Proxy(p) => {
                let tls_config = if p.is_https() {
                    Some(target.tls.config()?)
                } else {
                    None
                };
                let io = open_proxy(&self.http, p, tls_config).await?;
                if !target.https {
                    // Plain HTTP: the proxy forwards absolute-form requests.
                    return Ok(io);
                }
                let io = tunnel(io, p, target).await?;
                self.tls_if_https(target, io).await
            }
            Route::Unsupported { scheme } => Err(Error::config(format!(
                "the environment's proxy for {} uses the {scheme:?} scheme, which this client \
                 does not support; use an http:// or https:// proxy, or the proxy option",
                target.authority
            ))),
        }
    }

    async fn tls_if_https(&self, target: &Target, io: Stream) -> Result<Stream, Error> {
        if !target.https {
            return Ok(io);
        }
        let to = &target.authority;
        tls(target.tls.config()?, &target.uri, io)
            .await
            .map_err(|e| match e {
                TlsFailure::Refused(why) => ErrorKind::Tls {
                    message: format!("{to}: {why}"),
                }
                .into(),
                TlsFailure::Broken(why) => connect_error(format!("TLS with {to}: {why}")),
            })
    }
}

async fn tcp(http: &HttpConnector, uri: &Uri) -> Result<Stream, String> {
    let mut http = http.clone();
    std::future::poll_fn(|cx| http.poll_ready(cx))
        .await
        .map_err(|e| describe(&e))?;
    let io = http.call(uri.clone()).await.map_err(|e| describe(&e))?;
    Ok(Stream::Tcp(io.into_inner()))
}

/// Why a TLS handshake failed: the peer or its certificate was refused
/// (rustls said no: not retried), or the connection broke (retried like
/// any connect failure).
enum TlsFailure {
    Refused(String),
    Broken(String),
}

async fn tls(
    config: Arc<rustls::ClientConfig>,
    uri: &Uri,
    io: Stream,
) -> Result<Stream, TlsFailure> {
    let host = uri.host().unwrap_or_default();
    let name = ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']'))
        .map_err(|_| TlsFailure::Refused(format!("{host:?} is not a valid TLS server name")))?
        .to_owned();
    match TlsConnector::from(config).connect(name, io).await {
        Ok(tls) => Ok(Stream::Tls(Box::new(tls))),
        Err(e) if e.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()) => {
            Err(TlsFailure::Refused(describe(&e)))
        }
        Err(e) => Err(TlsFailure::Broken(describe(&e))),
    }
}

/// Connects to a proxy: TCP, then TLS for an `https://` proxy.
async fn open_proxy(
    http: &HttpConnector,
    p: &Proxy,
    tls_config: Option<Arc<rustls::ClientConfig>>,
) -> Result<Stream, Error> {
    let fail = |e: String| proxy_error(format!("{}: {e}", p.authority()));
    let tcp = tcp(http, &p.uri).await.map_err(fail)?;
    match tls_config {
        Some(config) => tls(config, &p.uri, tcp).await.map_err(|e| match e {
            TlsFailure::Refused(why) | TlsFailure::Broken(why) => fail(format!("TLS: {why}")),
        }),
        None => Ok(tcp),
    }
}

/// The longest proxy answer to a CONNECT that is read.
const MAX_CONNECT_RESPONSE: usize = 16 * 1024;

/// Asks the proxy for a tunnel to `target` (RFC 9110 §9.3.6) and returns
/// the connection once the proxy said yes. The proxy's status decides the
/// error: 407 (credentials) and any other refusal are told apart.
async fn tunnel(mut io: Stream, p: &Proxy, target: &Target) -> Result<Stream, Error> {
    let host = target.uri.host().unwrap_or_default();
    let port = target.uri.port_u16().unwrap_or(443);
    let to = format!("{host}:{port}");
    let mut head = format!("CONNECT {to} HTTP/1.1\r\nHost: {to}\r\n").into_bytes();
    if let Some(auth) = &p.auth {
        head.extend_from_slice(b"Proxy-Authorization: ");
        head.extend_from_slice(auth.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    let proxy = p.authority();
    let io_error = |e: std::io::Error| proxy_error(format!("{proxy}, tunnel to {to}: {e}"));
    io.write_all(&head).await.map_err(io_error)?;
    drop(head); // may hold the credentials

    let mut buf = Vec::with_capacity(1024);
    loop {
        if buf.len() >= MAX_CONNECT_RESPONSE {
            return Err(proxy_error(format!(
                "{proxy}: its answer to CONNECT is longer than {MAX_CONNECT_RESPONSE} bytes"
            )));
        }
        let n = io.read_buf(&mut buf).await.map_err(io_error)?;
        if n == 0 {
            return Err(proxy_error(format!(
                "{proxy} closed the connection instead of opening a tunnel to {to}"
            )));
        }
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut answer = httparse::Response::new(&mut headers);
        match answer.parse(&buf) {
            Ok(httparse::Status::Partial) => continue,
            Err(e) => {
                return Err(proxy_error(format!(
                    "{proxy}: invalid answer to CONNECT ({e})"
                )));
            }
            Ok(httparse::Status::Complete(_)) => {
                let code = answer.code.unwrap_or_default();
                let reason = answer.reason.unwrap_or_default();
                return match code {
                    200..=299 => Ok(io),
                    401 | 407 => Err(proxy_error(format!(
                        "{proxy} refused the tunnel to {to}: HTTP {code} {reason}; \
                         check the proxy's user name and password"
                    ))),
                    _ => Err(proxy_error(format!(
                        "{proxy} refused the tunnel to {to}: HTTP {code} {reason}"
                    ))),
                };
            }
        }
    }
}

fn proxy_error(message: String) -> Error {
    ErrorKind::Proxy { message }.into()
}

fn connect_error(message: String) -> Error {
    ErrorKind::Connect { message }.into()
}

/// An error and its causes on one line, each said once.
pub(crate) fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = String::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        let part = err.to_string();
        if !part.is_empty() && !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        cur = err.source();
    }
    text
}
