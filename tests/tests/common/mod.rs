//! Helpers shared by the conformance test files.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;

/// An implementation of the ACS3 verification written from the protocol
/// notes, independent of `mpaas_push::sign::acs3`.
pub(crate) fn verify_acs3(p: &mpaas_push::PreparedRequest, secret: &str) -> Result<(), String> {
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Digest, Sha256};
    let hexs = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let auth = p.header("authorization").ok_or("no authorization")?;
    let rest = auth.strip_prefix("ACS3-HMAC-SHA256 ").ok_or("algorithm")?;
    let mut parts = BTreeMap::new();
    for kv in rest.split(',') {
        let (k, v) = kv.split_once('=').ok_or("auth part")?;
        parts.insert(k, v);
    }
    let signed: Vec<&str> = parts["SignedHeaders"].split(';').collect();
    for required in [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        if !signed.contains(&required) {
            return Err(format!("{required} not signed"));
        }
    }
    let body_hash = hexs(&Sha256::digest(p.body.as_bytes()));
    if p.header("x-acs-content-sha256") != Some(body_hash.as_str()) {
        return Err("content hash does not match the body".into());
    }
    let mut cr = String::from("POST\n/\n\n");
    for h in &signed {
        cr += &format!(
            "{h}:{}\n",
            p.header(h).ok_or(format!("missing {h}"))?.trim()
        );
    }
    cr += &format!("\n{}\n{body_hash}", parts["SignedHeaders"]);
    let sts = format!("ACS3-HMAC-SHA256\n{}", hexs(&Sha256::digest(cr.as_bytes())));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    let want = hexs(&mac.finalize().into_bytes());
    if parts["Signature"] != want {
        return Err(format!("signature {} != {want}", parts["Signature"]));
    }
    Ok(())
}
