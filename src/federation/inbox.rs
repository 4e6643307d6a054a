//! The inbox: per-actor inboxes and the shared inbox share one handler.
//!
//! Cheap checks run before anything is fetched: body size, a `Signature` header whose key
//! belongs to the activity's host, well-formed JSON with `id`, `type` and `actor`. Only then
//! does the library fetch the actor, verify the digest and the signature, and dispatch.

use crate::db::models::actor::Actor;
use crate::error::{AppError, AppResult};
use crate::federation::activities::InboxActivity;
use crate::federation::{authority, Ctx};
use activitypub_federation::axum::inbox::{receive_activity, ActivityData};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use url::Url;

/// Largest accepted activity. The library reads at most 1 MiB; we answer 413 above that
/// instead of failing inside it.
pub const MAX_INBOX_BODY: usize = 1024 * 1024;

pub async fn post_inbox(data: Ctx, request: Request) -> Response {
    match handle(data, request).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e) => e.into_response(),
    }
}

/// The `keyId` of a `Signature` header, without its fragment.
fn signature_key_owner(header: &str) -> Option<Url> {
    let start = header.find("keyId=\"")? + "keyId=\"".len();
    let rest = &header[start..];
    let key_id = &rest[..rest.find('"')?];
    let mut url = Url::parse(key_id).ok()?;
    url.set_fragment(None);
    Some(url)
}

async fn handle(data: Ctx, request: Request) -> AppResult<()> {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, MAX_INBOX_BODY)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;

    let signature = parts
        .headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::Signature("missing Signature header".into()))?;
    let key_owner = signature_key_owner(signature)
        .ok_or_else(|| AppError::Signature("Signature header has no usable keyId".into()))?;

    let json: Value = serde_json::from_slice(&bytes)?;
    let field = |name: &str| json.get(name).and_then(Value::as_str);
    let (Some(id), Some(kind), Some(actor)) = (field("id"), field("type"), field("actor")) else {
        return Err(AppError::BadRequest(
            "an activity needs string id, type and actor".into(),
        ));
    };
    let actor = Url::parse(actor)?;
    if authority(&key_owner) != authority(&actor) {
        return Err(AppError::Signature(format!(
            "key {key_owner} cannot sign for {actor}"
        )));
    }

    // A deleted account announces its own deletion; its key can no longer be fetched and we
    // hold nothing of it, so there is nothing to verify or do.
    if kind == "Delete" && json.get("object").and_then(Value::as_str) == Some(actor.as_str()) {
        let mut conn = data.pool.get().await?;
        if Actor::find_by_ap_id(&mut conn, actor.as_str())
            .await?
            .is_none()
        {
            tracing::info!(activity = id, "Delete of an actor we never knew; ignored");
            return Ok(());
        }
    }

    let request = Request::from_parts(parts, Body::from(bytes));
    let activity_data = ActivityData::from_request(request, &())
        .await
        .map_err(|_| AppError::BadRequest("unreadable body".into()))?;
    let result =
        receive_activity::<InboxActivity, Actor, crate::app::AppState>(activity_data, &data).await;
    match result {
        Ok(()) => {
            tracing::info!(activity = id, kind, "activity received");
            // A host that talks to us is alive, whatever our deliveries to it said.
            let mut conn = data.pool.get().await?;
            crate::db::models::host::Host::contacted(&mut conn, &authority(&actor)).await?;
            Ok(())
        }
        // The signing actor could not be fetched: we cannot verify who sent this.
        Err(AppError::Remote(e)) => Err(AppError::Signature(format!(
            "could not verify the sender {actor}: {e}"
        ))),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_owner_is_key_id_without_fragment() {
        let h = r#"keyId="https://a.example/users/x#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="abc""#;
        assert_eq!(
            signature_key_owner(h).map(|u| u.to_string()).as_deref(),
            Some("https://a.example/users/x")
        );
        assert!(signature_key_owner("algorithm=\"rsa\"").is_none());
    }
}
