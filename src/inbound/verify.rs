//! Receiving a signed activity: the steps of the library's `receive_activity`, in its order
//! and with its checks (the body's digest; the activity parsed; its id and actor on one
//! domain, a valid URL, not ours; the actor dereferenced; the HTTP signature with that
//! actor's key, digest required, an hour at most; then the activity's own `verify` and
//! `receive`), with the RSA check done by aws-lc-rs on keys parsed once and kept, rather than
//! by the pure-Rust `rsa` crate parsing the PEM on every request.

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::inbound::InboxActivity;
use crate::state::Ctx;
use activitypub_federation::error::Error as FedError;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::traits::Activity;
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use url::Url;

/// How old a signature may be (as the library and Mastodon accept).
const EXPIRES_AFTER: Duration = Duration::from_secs(60 * 60);

/// Verifies and processes one activity posted to an inbox.
pub async fn receive(data: &Ctx, parts: &Parts, body: &[u8]) -> AppResult<()> {
    verify_digest(parts.headers.get("digest"), body)?;
    let activity: InboxActivity = serde_json::from_slice(body).map_err(|err| {
        let id = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("id")?.as_str().and_then(|s| Url::parse(s).ok()));
        FedError::ParseReceivedActivity { err, id }
    })?;
    check_urls(data, activity.id(), activity.actor())?;
    let signer = activity.actor();
    let recent = recent_key(data, signer);
    if recent.is_none_or(|pem| verify_signature(data, parts, &pem).is_err()) {
        let actor = ObjectId::<Actor>::from(signer.clone())
            .dereference(data)
            .await?;
        verify_signature(data, parts, &actor.public_key_pem)?;
        remember_key(data, signer, &actor.public_key_pem);
    }
    activity.verify(data).await?;
    activity.receive(data).await?;
    Ok(())
}

/// The `Digest` header against the body: each SHA-256 it lists must match.
fn verify_digest(header: Option<&HeaderValue>, body: &[u8]) -> Result<(), FedError> {
    let header = header
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.split(';').next())
        .ok_or(FedError::ActivityBodyDigestInvalid)?;
    let parts: Vec<&str> = header
        .split(',')
        .filter_map(|p| p.split_once('=').map(|(_, value)| value))
        .collect();
    if parts.is_empty() {
        return Err(FedError::ActivityBodyDigestInvalid);
    }
    let ours = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body));
    if parts.iter().any(|p| *p != ours) {
        return Err(FedError::ActivityBodyDigestInvalid);
    }
    Ok(())
}

/// The library's URL checks on an activity: id and actor on one domain; http only where
/// allowed; not our own; a plain domain; no explicit port outside debug mode. (Its DNS check
/// of the id's domain is left to the actor's fetch, which refuses private addresses.)
fn check_urls(data: &Ctx, id: &Url, actor: &Url) -> Result<(), FedError> {
    if id.domain() != actor.domain() {
        return Err(FedError::UrlVerificationError("Domains do not match"));
    }
    let config = &data.config;
    let relaxed = config.federation.allow_private_addresses;
    match id.scheme() {
        "https" => {}
        "http" if !config.server.https || relaxed => {}
        "http" => {
            return Err(FedError::UrlVerificationError(
                "Http urls are only allowed in debug mode",
            ))
        }
        _ => return Err(FedError::UrlVerificationError("Invalid url scheme")),
    }
    if data.config_is_local(id) {
        return Err(FedError::UrlVerificationError(
            "Activity was sent from local instance",
        ));
    }
    let Some(domain) = id.domain() else {
        return Err(FedError::UrlVerificationError("Url must have a domain"));
    };
    if !domain
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return Err(FedError::UrlVerificationError(
            "Invalid characters in domain",
        ));
    }
    if !relaxed && id.port().is_some() {
        return Err(FedError::UrlVerificationError(
            "Explicit port is not allowed",
        ));
    }
    Ok(())
}

fn verify_signature(data: &Ctx, parts: &Parts, public_key_pem: &str) -> Result<(), FedError> {
    let mut map = BTreeMap::new();
    for (name, value) in &parts.headers {
        if let Ok(value) = value.to_str() {
            map.insert(name.to_string(), value.to_string());
        }
    }
    // HTTP/2 and some proxies drop Host; the sender signed ours.
    map.entry("host".to_string())
        .or_insert_with(|| data.config.server.domain.clone());
    let path = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("");
    static CONFIG: LazyLock<http_signature_normalization::Config> = LazyLock::new(|| {
        http_signature_normalization::Config::new()
            .set_expiration(EXPIRES_AFTER)
            .require_digest()
    });
    let verified = CONFIG
        .begin_verify(parts.method.as_str(), path, map)
        .map_err(|e| FedError::Other(e.to_string()))?
        .verify(|signature, signing_string| verify_rsa(public_key_pem, signature, signing_string));
    if verified {
        Ok(())
    } else {
        Err(FedError::ActivitySignatureInvalid)
    }
}

/// The keys that signers' signatures were recently verified with, by hub (hubs share a
/// process in tests) and signer: a busy peer's activities are then verified without reading
/// its actor each time. The actor is still read by the activity's own handling; a key that
/// no longer verifies (rotated) sends the check back to the stored actor, and a suspended
/// or blocked sender is refused before this step (`inbox`).
type RecentKeys = HashMap<String, HashMap<String, (Arc<str>, Instant)>>;
static RECENT: LazyLock<Mutex<RecentKeys>> = LazyLock::new(Default::default);
const RECENT_FOR: Duration = Duration::from_secs(10 * 60);

fn recent_key(data: &Ctx, signer: &Url) -> Option<Arc<str>> {
    let recent = RECENT.lock().unwrap_or_else(|e| e.into_inner());
    recent
        .get(data.config.server.domain.as_str())?
        .get(signer.as_str())
        .filter(|(_, at)| at.elapsed() < RECENT_FOR)
        .map(|(pem, _)| pem.clone())
}

fn remember_key(data: &Ctx, signer: &Url, pem: &str) {
    let mut recent = RECENT.lock().unwrap_or_else(|e| e.into_inner());
    let ours = recent.entry(data.config.server.domain.clone()).or_default();
    if ours.len() >= MAX_KEYS {
        ours.clear();
    }
    ours.insert(
        signer.as_str().to_string(),
        (Arc::from(pem), Instant::now()),
    );
}

/// Keys parsed so far, by their PEM text (a key rotation brings a new PEM, hence a new
/// entry). Emptied when it grows past [`MAX_KEYS`], so it cannot grow without bound.
static KEYS: LazyLock<Mutex<HashMap<String, Arc<ParsedPublicKey>>>> =
    LazyLock::new(Default::default);
const MAX_KEYS: usize = 10_000;

/// An RSA public key from its PEM (SubjectPublicKeyInfo, or PKCS#1 as some servers send),
/// parsed once. Keys of 1,024 bits are accepted, as the library accepted them.
fn parsed_key(pem: &str) -> Option<Arc<ParsedPublicKey>> {
    if let Some(key) = KEYS.lock().unwrap_or_else(|e| e.into_inner()).get(pem) {
        return Some(key.clone());
    }
    use rsa::pkcs1::{DecodeRsaPublicKey, EncodeRsaPublicKey};
    use rsa::pkcs8::DecodePublicKey;
    let key = rsa::RsaPublicKey::from_public_key_pem(pem)
        .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem))
        .ok()?;
    let der = key.to_pkcs1_der().ok()?;
    let parsed = ParsedPublicKey::new(
        &RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
        der.as_bytes(),
    )
    .ok()?;
    let parsed = Arc::new(parsed);
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if keys.len() >= MAX_KEYS {
        keys.clear();
    }
    keys.insert(pem.to_string(), parsed.clone());
    Some(parsed)
}

/// Whether `signature` (base64) is the RSA-SHA256 signature of `signing_string` by `pem`.
pub fn verify_rsa(pem: &str, signature: &str, signing_string: &str) -> bool {
    let Some(key) = parsed_key(pem) else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(signature) else {
        return false;
    };
    key.verify_sig(signing_string.as_bytes(), &bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1v15::SigningKey;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::signature::{SignatureEncoding, Signer};

    #[test]
    fn rsa_signatures_verify_with_cached_keys_in_either_pem_form() {
        use rsa::pkcs1::EncodeRsaPublicKey;
        let mut rng = rand::thread_rng();
        let private = rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap();
        let spki = private
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        let pkcs1 = private
            .to_public_key()
            .to_pkcs1_pem(LineEnding::LF)
            .unwrap();
        let signer = SigningKey::<Sha256>::new(private);
        let text = "(request-target): post /inbox\nhost: hub.example\ndigest: SHA-256=x";
        let signature = base64::engine::general_purpose::STANDARD
            .encode(signer.sign(text.as_bytes()).to_bytes());
        for pem in [spki.as_str(), pkcs1.as_str()] {
            assert!(verify_rsa(pem, &signature, text));
            // Again, from the cache.
            assert!(verify_rsa(pem, &signature, text));
            assert!(!verify_rsa(pem, &signature, &format!("{text}!")));
            assert!(!verify_rsa(pem, "not base64 at all!", text));
        }
        assert!(!verify_rsa(
            "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----",
            &signature,
            text
        ));
    }

    #[test]
    fn digests_must_all_match_the_body() {
        let body = br#"{"type":"Create"}"#;
        let good = format!(
            "SHA-256={}",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
        );
        let header = |v: &str| HeaderValue::from_str(v).unwrap();
        assert!(verify_digest(Some(&header(&good)), body).is_ok());
        assert!(verify_digest(Some(&header(&good)), b"{}").is_err());
        assert!(verify_digest(Some(&header(&format!("{good},SHA-256=AAAA"))), body).is_err());
        assert!(verify_digest(Some(&header("garbage")), body).is_err());
        assert!(verify_digest(None, body).is_err());
    }
}
