//! HTTPS for the emulator: a throw-away CA and a server certificate made on
//! the spot (rcgen), or a given certificate and key, served with rustls.
//!
//! Tests use the variants that must be refused — a certificate for another
//! name, an expired one, one from a CA the client does not trust — to prove
//! that the client checks what it is given before sending anything.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A server certificate chain and its private key, in PEM.
#[derive(Clone)]
pub struct TlsIdentity {
    /// The server certificate (first) and any intermediates, PEM.
    pub cert_chain_pem: String,
    /// The server's private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key_pem: String,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity").finish_non_exhaustive()
    }
}

/// What the generated server certificate is like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CertKind {
    /// Valid now, for `127.0.0.1`, `::1` and `localhost`.
    #[default]
    Valid,
    /// Valid now, but only for `other.invalid` (a name mismatch on loopback).
    OtherName,
    /// For loopback, but expired (2020–2021).
    Expired,
}

/// A generated CA and a server identity it signed.
#[derive(Debug, Clone)]
pub struct GeneratedTls {
    /// The CA certificate a client must trust, PEM.
    pub ca_pem: String,
    /// The server's identity.
    pub identity: TlsIdentity,
}

/// Makes a throw-away CA and a server certificate of `kind` signed by it.
pub fn generate(kind: CertKind) -> Result<GeneratedTls, String> {
    let err = |e: rcgen::Error| e.to_string();
    let ca_key = KeyPair::generate().map_err(err)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    ca.distinguished_name
        .push(DnType::CommonName, "mpaas-push emulator test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca.self_signed(&ca_key).map_err(err)?;

    let names: Vec<String> = match kind {
        CertKind::OtherName => vec!["other.invalid".into()],
        CertKind::Valid | CertKind::Expired => vec!["localhost".into()],
    };
    let mut server = CertificateParams::new(names).map_err(err)?;
    if kind != CertKind::OtherName {
        server.subject_alt_names.extend([
            SanType::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()),
            SanType::IpAddress(std::net::Ipv6Addr::LOCALHOST.into()),
        ]);
    }
    server
        .distinguished_name
        .push(DnType::CommonName, "mpaas-push emulator");
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    if kind == CertKind::Expired {
        server.not_before = rcgen::date_time_ymd(2020, 1, 1);
        server.not_after = rcgen::date_time_ymd(2021, 1, 1);
    }
    let server_key = KeyPair::generate().map_err(err)?;
    let issuer = Issuer::new(ca, ca_key);
    let server_cert = server.signed_by(&server_key, &issuer).map_err(err)?;
    Ok(GeneratedTls {
        ca_pem: ca_cert.pem(),
        identity: TlsIdentity {
            cert_chain_pem: server_cert.pem(),
            key_pem: server_key.serialize_pem(),
        },
    })
}

/// The rustls server configuration for `identity` (HTTP/1.1 over ALPN).
pub(crate) fn server_config(identity: &TlsIdentity) -> std::io::Result<Arc<rustls::ServerConfig>> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{what}: {e}"))
    };
    let certs = CertificateDer::pem_slice_iter(identity.cert_chain_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad("the certificate file is not valid PEM", &e))?;
    if certs.is_empty() {
        return Err(bad("the certificate file", &"holds no certificate"));
    }
    let key = PrivateKeyDer::from_pem_slice(identity.key_pem.as_bytes())
        .map_err(|e| bad("the key file holds no usable private key", &e))?;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad("TLS", &e))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| bad("the certificate and key do not make a TLS identity", &e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
