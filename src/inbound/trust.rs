//! Who stands behind what arrives relayed.
//!
//! The inbox proves who signed a request; an `Announce` (by a community, a peer hub, anyone)
//! carries an activity or object of someone else. A server speaks for the actors on its own
//! host, so what the announcer embeds is trusted inline only when its id, its actor and its
//! author (`attributedTo`) are all on the announcer's host. Anything else is taken from its
//! origin: fetched by id, with a signed request, from the host of its actor, and then checked
//! as if that actor had sent it. A Delete that cannot be fetched (Mastodon's and ours carry a
//! fragment id) is confirmed by its object being gone at the object's origin. An actor's
//! endpoints must be on its own host (`objects::person::check_actor_endpoints`), so that a document cannot
//! send our deliveries elsewhere. FEDERATION.md ("Trust") states the same rules.

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{object_id, object_type};
use crate::state::{authority, Ctx};
use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use url::Url;

pub fn same_host(a: &Url, b: &Url) -> bool {
    authority(a) == authority(b)
}

/// The URL a field names (a string, or an object with an `id` or `href`).
fn url_of(value: &Value) -> Option<Url> {
    object_id(value).or_else(|| {
        value
            .get("href")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok())
    })
}

/// Every author an object names in `attributedTo` (a string, an object, or a list of either).
pub fn authors(object: &Value) -> Vec<Url> {
    match object.get("attributedTo") {
        Some(Value::Array(items)) => items.iter().filter_map(url_of).collect(),
        Some(v) => url_of(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Fetches `id` from its own server (signed, no redirects) and checks that the answer is the
/// document with that id, served from that host.
pub async fn fetch_from_origin(data: &Ctx, id: &Url) -> AppResult<Value> {
    let fetched = fetch_object_http::<_, Value>(id, &data.reset_request_count())
        .await
        .map_err(|e| AppError::Refused(format!("{id} could not be taken from its origin: {e}")))?;
    if !same_host(&fetched.url, id) || object_id(&fetched.object).as_ref() != Some(id) {
        return Err(AppError::Refused(format!(
            "{id} is not what its origin serves at that address"
        )));
    }
    Ok(fetched.object)
}

/// Whether `value` is an activity (it has an actor and an object) rather than an object.
pub fn is_activity(value: &Value) -> bool {
    value.get("actor").is_some() && value.get("object").is_some()
}

/// What an `Announce` by `announcer` carries, as its own actor stands behind it. An activity
/// is taken inline when its id and actor are on the announcer's host, and otherwise fetched
/// from the host of its actor; a post is taken inline when its id and authors are on the
/// announcer's host, and otherwise fetched from its own. A bare id is always fetched.
pub async fn announced(data: &Ctx, announcer: &Actor, inner: &Value) -> AppResult<Value> {
    let id =
        object_id(inner).ok_or_else(|| AppError::BadRequest("Announce without object".into()))?;
    let host = announcer.parsed_ap_id();
    if inner.is_object() && !is_activity(inner) {
        return trusted_object(data, inner, host).await;
    }
    let claimed = inner.get("actor").and_then(url_of);
    if inner.is_object() {
        let actor = claimed
            .clone()
            .ok_or_else(|| AppError::BadRequest(format!("{id} has no actor")))?;
        if same_host(&id, host) && same_host(&actor, host) {
            return Ok(inner.clone());
        }
    }
    let fetched = match fetch_from_origin(data, &id).await {
        Ok(doc) => doc,
        Err(e) => {
            if let Some(confirmed) = confirmed_delete(data, inner, claimed.as_ref()).await {
                return Ok(confirmed);
            }
            return confirmed_by_object(data, inner, claimed.as_ref())
                .await
                .map_err(|_| e);
        }
    };
    if !is_activity(&fetched) {
        if inner.is_object() {
            return Err(AppError::Refused(format!(
                "{id} was announced as an activity, but its origin serves an object"
            )));
        }
        // A post announced by reference: its own server served it.
        return Ok(fetched);
    }
    let actor = fetched
        .get("actor")
        .and_then(url_of)
        .ok_or_else(|| AppError::Refused(format!("{id} as served has no actor")))?;
    if !same_host(&id, &actor) {
        return Err(AppError::Refused(format!(
            "{id} is not an activity of {actor}"
        )));
    }
    if claimed.is_some_and(|c| c != actor) {
        return Err(AppError::Refused(format!(
            "{id} is an activity of {actor}, not of the actor it was announced with"
        )));
    }
    Ok(fetched)
}

/// A relayed `Delete` whose id cannot be fetched (it carries a fragment, as Mastodon's and
/// ours do) stands when its object, on its actor's host, is gone there: 404, 410 or a
/// Tombstone.
async fn confirmed_delete(data: &Ctx, inner: &Value, actor: Option<&Url>) -> Option<Value> {
    if inner.get("type").and_then(Value::as_str) != Some("Delete") {
        return None;
    }
    let (actor, object) = (actor?, inner.get("object").and_then(object_id)?);
    let id = inner.get("id").and_then(object_id)?;
    let ours = authority(&object) == data.config.server.domain;
    if ours || !same_host(&object, actor) || !same_host(&id, actor) || object == *actor {
        return None;
    }
    match crate::inbound::peering::fetch_current(data, &object).await {
        Ok(None) => {
            tracing::info!(activity = %id, %object, "relayed Delete confirmed: its object is gone at its origin");
            Some(inner.clone())
        }
        _ => None,
    }
}

/// A relayed `Create` or `Update` whose id cannot be fetched stands for what its object is
/// at the object's origin: the post, fetched from the claimed actor's host, must name that
/// actor as its author. The activity is rebuilt around the fetched post.
async fn confirmed_by_object(data: &Ctx, inner: &Value, actor: Option<&Url>) -> AppResult<Value> {
    let kind = inner
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let refused = || AppError::Refused("not confirmed by its origin".into());
    if !matches!(kind, "Create" | "Update") {
        return Err(refused());
    }
    let actor = actor.ok_or_else(refused)?;
    let id = inner.get("id").and_then(object_id).ok_or_else(refused)?;
    let object = inner
        .get("object")
        .and_then(object_id)
        .ok_or_else(refused)?;
    if !same_host(&object, actor) || !same_host(&id, actor) {
        return Err(refused());
    }
    let fetched = fetch_from_origin(data, &object).await?;
    if !authors(&fetched).contains(actor) {
        return Err(AppError::Refused(format!("{object} is not by {actor}")));
    }
    let mut rebuilt = inner.clone();
    rebuilt["object"] = fetched;
    tracing::info!(activity = %id, %object, "relayed {kind} confirmed by its object at its origin");
    Ok(rebuilt)
}

/// The object (a post) an `Announce` carries or an activity embeds, trusted as embedded only
/// when its id and every author are on `origin` (the host that vouches for it); otherwise, or
/// when it is a bare id, fetched from its own server.
pub async fn trusted_object(data: &Ctx, object: &Value, origin: &Url) -> AppResult<Value> {
    let id = object_id(object).ok_or_else(|| AppError::BadRequest("object without id".into()))?;
    if object.is_object()
        && same_host(&id, origin)
        && authors(object).iter().all(|a| same_host(a, origin))
    {
        return Ok(object.clone());
    }
    fetch_from_origin(data, &id).await
}

/// Whether `actor` may moderate the remote `community`: it is the community itself, or the
/// community's own moderators collection (its `attributedTo`, on its host) lists it. A
/// community hosted here is moderated only by its local moderators, through this hub's own
/// pages and API, never by what arrives.
pub async fn moderates(data: &Ctx, community: &Actor, actor: &Url) -> AppResult<bool> {
    if community.is_local {
        return Ok(false);
    }
    if community.parsed_ap_id() == actor {
        return Ok(true);
    }
    let mut conn = data.pool.get().await?;
    let url = Community::find(&mut conn, community.id)
        .await?
        .and_then(|c| c.moderators_url)
        .and_then(|u| Url::parse(&u).ok())
        .filter(|u| same_host(u, community.parsed_ap_id()));
    drop(conn);
    let Some(url) = url else {
        return Ok(false);
    };
    let doc = match fetch_from_origin(data, &url).await {
        Ok(doc) => doc,
        Err(e) => {
            tracing::info!(community = %community.ap_id, error = %e, "moderators collection unreadable");
            return Ok(false);
        }
    };
    let mut items = collection_items(&doc);
    // A collection that pages its items: read its first page (on the same host).
    if items.is_empty() {
        if let Some(first) = doc.get("first") {
            items = if first.is_object() {
                collection_items(first)
            } else {
                match first.as_str().and_then(|s| Url::parse(s).ok()) {
                    Some(page) if same_host(&page, &url) => fetch_from_origin(data, &page)
                        .await
                        .map(|p| collection_items(&p))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                }
            };
        }
    }
    Ok(items.contains(actor))
}

fn collection_items(doc: &Value) -> Vec<Url> {
    doc.get("orderedItems")
        .or_else(|| doc.get("items"))
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(url_of).collect())
        .unwrap_or_default()
}
/// The type of an embedded object, for log lines.
pub fn kind_of(value: &Value) -> &str {
    object_type(value).unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn authors_are_read_from_every_shape() {
        let a = "https://a.example/u/1";
        let b = "https://b.example/u/2";
        assert_eq!(authors(&json!({"attributedTo": a})).len(), 1);
        assert_eq!(
            authors(&json!({"attributedTo": [a, {"type": "Person", "id": b}]})),
            vec![Url::parse(a).unwrap(), Url::parse(b).unwrap()]
        );
        assert!(authors(&json!({"name": "x"})).is_empty());
        assert!(is_activity(&json!({"actor": a, "object": b})));
        assert!(!is_activity(&json!({"attributedTo": a})));
    }
}
