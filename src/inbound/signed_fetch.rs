//! Who signed a GET: private posts are served only to a signed fetch by an actor allowed to
//! read them (Mastodon's authorized fetch, for one object). The signature is draft-cavage,
//! as every server sends for GETs; its key is the signer's, fetched if unknown.

use crate::db::models::actor::Actor;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use axum::http::{HeaderMap, Method, Uri};
use std::collections::BTreeMap;
use std::time::Duration;
use url::Url;

/// How old a signature may be (what the inbox and Mastodon accept).
const EXPIRES_AFTER: Duration = Duration::from_secs(60 * 60);

/// The actor whose valid signature the request carries, `None` when unsigned; a signature
/// that does not verify is an error (401), so that a server sees why it was refused.
pub async fn signer(
    data: &Ctx,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
) -> AppResult<Option<Actor>> {
    let Some(signature) = headers.get("signature").and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let owner = key_owner(signature)
        .ok_or_else(|| AppError::Signature("Signature header has no usable keyId".into()))?;
    let actor = crate::inbound::load_actor(&owner, data).await?;
    let mut map = BTreeMap::new();
    for (name, value) in headers {
        if let Ok(value) = value.to_str() {
            map.insert(name.to_string(), value.to_string());
        }
    }
    // HTTP/2 and some proxies drop Host; the signer signed ours.
    map.entry("host".to_string())
        .or_insert_with(|| data.config.server.domain.clone());
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let unverified = http_signature_normalization::Config::new()
        .set_expiration(EXPIRES_AFTER)
        .begin_verify(method.as_str(), path, map)
        .map_err(|e| AppError::Signature(format!("unreadable signature: {e}")))?;
    let verified = unverified.verify(|sig, signing_string| {
        crate::inbound::verify::verify_rsa(&actor.public_key_pem, sig, signing_string)
    });
    if !verified {
        tracing::info!(signer = %actor.ap_id, %uri, "signed fetch whose signature does not verify");
        return Err(AppError::Signature(format!(
            "the signature does not verify with the key of {}",
            actor.ap_id
        )));
    }
    Ok(Some(actor))
}

/// The `keyId` of a Signature header, without its fragment: the key's owner.
fn key_owner(header: &str) -> Option<Url> {
    let start = header.find("keyId=\"")? + "keyId=\"".len();
    let end = header[start..].find('"')? + start;
    let mut url = Url::parse(&header[start..end]).ok()?;
    url.set_fragment(None);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_owner_is_the_key_id_without_fragment() {
        let h = r#"keyId="https://a.example/users/x#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="abc""#;
        assert_eq!(
            key_owner(h).map(|u| u.to_string()).as_deref(),
            Some("https://a.example/users/x")
        );
        assert!(key_owner("signature=\"abc\"").is_none());
    }
}
