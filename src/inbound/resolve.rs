//! What a member pastes into search: the address of a person, project, organisation or
//! community (or its `@name@host` handle), or of a post, thread, reply or event elsewhere.
//! What we hold is found at once; anything else is fetched (signed) from its own server and
//! kept, through the same doors as what arrives in the inbox, so that its page here offers
//! its actions (follow, reply, join), as Mastodon does. Web and API use this module (the one
//! part of `inbound` they may use).

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::post::Post;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{object_id, object_type, single_type};
use crate::federation::objects::note::POST_TYPES;
use crate::federation::objects::person::ACTOR_TYPES;
use crate::inbound::load_actor;
use crate::inbound::trust::same_host;
use crate::state::Ctx;
use activitypub_federation::fetch::fetch_object_http;
use serde_json::{json, Value};
use url::Url;

/// What an address leads to.
#[derive(Debug)]
pub enum Found {
    Actor(Actor),
    Post(Post),
    Event(Event),
}

/// Finds or fetches what `query` names. `NotFound` when nothing usable is there.
pub async fn resolve(data: &Ctx, query: &str) -> AppResult<Found> {
    let query = query.trim();
    let Ok(url) = Url::parse(query) else {
        // A handle.
        return Ok(Found::Actor(
            crate::services::actors::lookup(data, query).await?,
        ));
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AppError::NotFound);
    }
    if let Some(found) = held(data, &url).await? {
        return Ok(found);
    }
    if crate::state::authority(&url) == data.config.server.domain {
        // Our own address of an actor (`/@name`, `/projects/name`...), or nothing.
        return Ok(Found::Actor(
            crate::services::actors::lookup(data, query).await?,
        ));
    }
    let fetched = fetch_object_http::<_, Value>(&url, &data.reset_request_count())
        .await
        .map_err(|e| {
            tracing::info!(%url, error = %e, "lookup: nothing readable there");
            AppError::NotFound
        })?;
    let mut object = fetched.object;
    single_type(&mut object, POST_TYPES);
    let id = object_id(&object).ok_or(AppError::NotFound)?;
    // The answer may have another id than the address (a post's page); look again.
    if let Some(found) = held(data, &id).await? {
        return Ok(found);
    }
    let kind = object_type(&object).unwrap_or_default().to_string();
    if ACTOR_TYPES.contains(&kind.as_str()) {
        return Ok(Found::Actor(load_actor(&id, data).await?));
    }
    let activity = Url::parse(&format!("{id}#looked-up"))?;
    if kind == "Event" {
        let organizer = ["attributedTo", "actor"]
            .iter()
            .find_map(|k| object.get(*k).and_then(first_id))
            .ok_or(AppError::NotFound)?;
        crate::inbound::events::store(data, &activity, &organizer, object, true).await?;
    } else if POST_TYPES.contains(&kind.as_str()) {
        keep_post(data, &activity, object).await?;
    } else {
        tracing::info!(%url, kind, "lookup: a type we do not keep");
        return Err(AppError::NotFound);
    }
    held(data, &id).await?.ok_or(AppError::NotFound)
}

/// What we hold under `id` already.
async fn held(data: &Ctx, id: &Url) -> AppResult<Option<Found>> {
    let mut conn = data.pool.get().await?;
    if let Some(post) = Post::find_by_ap_id(&mut conn, id.as_str()).await? {
        return Ok(Some(Found::Post(post)));
    }
    if let Some(event) = Event::find_by_ap_id(&mut conn, id.as_str()).await? {
        return Ok(Some(Found::Event(event)));
    }
    if let Some(actor) = Actor::find_by_ap_id(&mut conn, id.as_str()).await? {
        return Ok(Some(Found::Actor(actor)));
    }
    Ok(None)
}

/// The first id of a value that may be a list (`attributedTo` of a Mobilizon event).
fn first_id(value: &Value) -> Option<Url> {
    match value {
        Value::Array(items) => items.iter().find_map(object_id),
        other => object_id(other),
    }
}

/// A post fetched from its own server: into its community's thread when it belongs to one
/// (the community is read first when we do not know it yet), else kept as an ordinary post.
async fn keep_post(data: &Ctx, activity: &Url, object: Value) -> AppResult<()> {
    let author_id = object
        .get("attributedTo")
        .and_then(first_id)
        .ok_or(AppError::NotFound)?;
    let id = object_id(&object).ok_or(AppError::NotFound)?;
    if !same_host(&id, &author_id) {
        return Err(AppError::BadRequest(format!(
            "{id} is not a post of {author_id}"
        )));
    }
    let author = load_actor(&author_id, data).await?;
    let mut community = crate::inbound::threads::community_of(data, &object).await?;
    if community.is_none() {
        if let Some(named) = object.get("audience").and_then(first_id) {
            // An unknown community the post names: read it, then look again.
            if load_actor(&named, data).await.is_ok() {
                community = crate::inbound::threads::community_of(data, &object).await?;
            }
        }
    }
    let create = json!({"type": "Create", "id": activity.to_string(), "actor": author_id.to_string(), "object": object});
    match community {
        Some(found) => {
            crate::inbound::threads::receive_post(data, &create, object, &author, None, found).await
        }
        None => {
            crate::inbound::create::receive_ordinary(data, activity, object, &author, true).await
        }
    }
}
