//! Signs and sends one delivery.
//!
//! This replaces the library's `SendActivityTask::sign_and_send` for deliveries, for two
//! reasons: that signer is hard-wired to the `rsa` crate (about 300 RSA-2048 signatures per
//! second per core, measured by `cargo bench --bench federation`; every delivery needs one),
//! and it hides the answer's status and `Retry-After`, which the retry policy needs. The
//! request is signed exactly as the library signs in Mastodon-compatible mode, with the
//! same crate (`http-signature-normalization-reqwest`: `(request-target) host date digest`,
//! rsa-sha256); only the RSA operation is done by aws-lc-rs (already linked for TLS), with
//! each actor's parsed key cached.

use crate::db::models::actor::Actor;
use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use base64::Engine;
use bytes::Bytes;
use http_signature_normalization_reqwest::prelude::{Config, SignExt};
use reqwest_middleware::ClientWithMiddleware;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime};
use url::Url;

/// What the remote server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
}

/// Why a delivery produced no answer.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The delivery cannot work: a bad inbox URL, an actor without a key.
    #[error("{0}")]
    Invalid(String),
    /// No answer: connection refused, timeout, TLS...
    #[error("{0}")]
    Unreachable(String),
}

impl From<http_signature_normalization_reqwest::SignError> for SendError {
    fn from(e: http_signature_normalization_reqwest::SignError) -> Self {
        SendError::Invalid(format!("signing: {e}"))
    }
}

impl From<reqwest::Error> for SendError {
    fn from(e: reqwest::Error) -> Self {
        SendError::Unreachable(e.to_string())
    }
}

impl From<reqwest_middleware::Error> for SendError {
    fn from(e: reqwest_middleware::Error) -> Self {
        SendError::Unreachable(e.to_string())
    }
}

/// Signatures expire after an hour, as the library's do.
static SIGNING: LazyLock<Config> = LazyLock::new(|| {
    Config::new()
        .mastodon_compat()
        .set_expiration(Duration::from_secs(3600))
});

/// Parsed private keys by actor id (parsing a key costs more than using it).
static KEYS: LazyLock<Mutex<HashMap<String, Arc<RsaKeyPair>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn key_of(actor: &Actor) -> Result<Arc<RsaKeyPair>, SendError> {
    let id = actor.ap_id.to_string();
    if let Some(key) = KEYS.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
        return Ok(key.clone());
    }
    let pem = actor
        .private_key_pem
        .as_deref()
        .ok_or_else(|| SendError::Invalid(format!("{id} has no private key")))?;
    let der: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(der.trim())
        .map_err(|e| SendError::Invalid(format!("private key of {id}: {e}")))?;
    let key = Arc::new(
        RsaKeyPair::from_pkcs8(&der)
            .map_err(|e| SendError::Invalid(format!("private key of {id}: {e}")))?,
    );
    KEYS.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id, key.clone());
    Ok(key)
}

fn sign(key: &RsaKeyPair, signing_string: &str) -> Result<String, SendError> {
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &aws_lc_rs::rand::SystemRandom::new(),
        signing_string.as_bytes(),
        &mut signature,
    )
    .map_err(|_| SendError::Invalid("RSA signing failed".into()))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(signature))
}

/// The address checks the library applies before a delivery: an http(s) URL with a host
/// name (no IP literal), no explicit port and no plain http unless allowed, not ourselves.
pub fn check_inbox(
    inbox: &Url,
    own_domain: &str,
    allow_http: bool,
    allow_ports: bool,
) -> Result<(), String> {
    match inbox.scheme() {
        "https" => {}
        "http" if allow_http => {}
        other => return Err(format!("{inbox}: scheme {other} is not allowed")),
    }
    let Some(domain) = inbox.domain() else {
        return Err(format!("{inbox}: an inbox needs a host name"));
    };
    if !domain
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(format!("{inbox}: invalid characters in the host name"));
    }
    if inbox.port().is_some() && !allow_ports {
        return Err(format!("{inbox}: explicit ports are not allowed"));
    }
    if crate::state::authority(inbox) == own_domain {
        return Err(format!("{inbox}: is on this hub"));
    }
    Ok(())
}

/// Signs `body` as `actor` and POSTs it to `inbox`.
pub async fn send(
    client: &ClientWithMiddleware,
    actor: &Actor,
    inbox: &Url,
    body: Bytes,
    timeout: Duration,
) -> Result<Answer, SendError> {
    let key = key_of(actor)?;
    let key_id = format!("{}#main-key", actor.ap_id);
    let request = client
        .post(inbox.as_str())
        .timeout(timeout)
        .header(
            "content-type",
            activitypub_federation::FEDERATION_CONTENT_TYPE,
        )
        .header("date", httpdate::fmt_http_date(SystemTime::now()))
        .signature_with_digest(
            SIGNING.clone(),
            key_id,
            sha2::Sha256::default(),
            body,
            move |s| sign(&key, s),
        )
        .await?;
    let response = client.execute(request).await?;
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    Ok(Answer {
        status: response.status().as_u16(),
        retry_after,
    })
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn inbox_checks() {
        let ok =
            |u: &str, http, ports| check_inbox(&Url::parse(u).unwrap(), "hub.example", http, ports);
        assert!(ok("https://a.example/inbox", false, false).is_ok());
        assert!(ok("http://a.example/inbox", false, false).is_err());
        assert!(ok("http://a.example/inbox", true, false).is_ok());
        assert!(ok("https://a.example:8443/inbox", false, false).is_err());
        assert!(ok("https://a.example:8443/inbox", false, true).is_ok());
        assert!(ok("https://127.0.0.1/inbox", false, true).is_err());
        assert!(ok("https://[::1]/inbox", false, true).is_err());
        assert!(ok("https://hub.example/inbox", false, true).is_err());
        assert!(ok("ftp://a.example/inbox", true, true).is_err());
    }

    #[test]
    fn signatures_verify_with_the_public_key() {
        let keys = activitypub_federation::http_signatures::generate_actor_keypair().unwrap();
        let mut actor_key = None;
        let der: String = keys
            .private_key
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(der)
            .unwrap();
        if let Ok(k) = RsaKeyPair::from_pkcs8(&der) {
            actor_key = Some(k);
        }
        let key = actor_key.expect("library keys parse");
        let sig = sign(&key, "(request-target): post /inbox").unwrap();
        let sig = base64::engine::general_purpose::STANDARD
            .decode(sig)
            .unwrap();
        use rsa::pkcs8::DecodePublicKey;
        use sha2::Digest;
        let public = rsa::RsaPublicKey::from_public_key_pem(&keys.public_key).unwrap();
        let hashed = sha2::Sha256::digest(b"(request-target): post /inbox");
        public
            .verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &hashed, &sig)
            .expect("aws-lc-rs signatures verify with the rsa crate");
    }
}
