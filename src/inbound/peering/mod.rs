//! An `Announce` from a peer hub: the Create, Update or Delete of one of its public items
//! (or, from a relaying peer, of an item from further away).
//!
//! Trust: only hubs we peer with are heard. An item whose origin is the announcing hub is
//! taken as embedded (the hub signed the Announce and hosts the item); an item from another
//! origin is fetched again from that origin, and a Delete of it is applied only once the
//! origin no longer serves it. Each wrapped activity is applied once, whichever way it
//! arrives first (directly, or from one peer or another), which is also what stops relay
//! loops; in relay mode we pass it on to our other peers, never to its origin or sender.
//!
//! [`backfill`] reads a new peer's item collection in the background.

pub mod backfill;

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::peer::Peer;
use crate::db::models::received_activity::ReceivedActivity;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{ensure, object_id, object_type};
use crate::federation::actor_context;
use crate::federation::objects::event::event_context;
use crate::federation::objects::funding_call::{call_context, FundingCall as CallObject};
use crate::federation::objects::person::{Person, ACTOR_TYPES};
use crate::federation::objects::resource::{resource_context, Resource as ResourceObject};
use crate::state::{authority, Ctx};
use activitypub_federation::traits::Object;
use serde_json::Value;
use url::Url;

/// Whether `announcer` is the instance actor of a hub we peer with: our instance actor
/// follows it and it accepted (a hub that only asked us, awaiting approval, is not heard).
pub async fn is_peer(data: &Ctx, announcer: &Actor) -> AppResult<bool> {
    if announcer.kind != "Application" {
        return Ok(false);
    }
    let mut conn = data.pool.get().await?;
    let Some(ours) = Actor::find_local(&mut conn, data.config.host()).await? else {
        return Ok(false);
    };
    let follow =
        crate::db::models::follow::Follow::find_pair(&mut conn, ours.id, announcer.id).await?;
    Ok(follow.is_some_and(|f| f.is_accepted()))
}

pub async fn receive_announce(data: &Ctx, announce: &Value, announcer: &Actor) -> AppResult<()> {
    if !is_peer(data, announcer).await? {
        tracing::info!(actor = %announcer.ap_id, "Announce by a hub we do not peer with; refused");
        return Err(AppError::Forbidden);
    }
    let sender = announcer.domain.clone();
    let mut conn = data.pool.get().await?;
    Peer::touch(&mut conn, &sender).await?;
    drop(conn);
    let inner = announce.get("object").cloned().unwrap_or(Value::Null);
    let id = inner
        .get("id")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("hub Announce without an activity id".into()))?;
    let actor = inner
        .get("actor")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("hub Announce of an activity without actor".into()))?;
    let origin = authority(&actor);
    ensure(
        authority(&id) == origin,
        format!("{id} is not an activity of {actor}"),
    )?;
    if origin == data.config.server.domain {
        // One of ours, coming back through a relay that did not know: nothing to do.
        return Ok(());
    }
    let trusted = origin == sender;
    // A relaying peer's copy is noted apart, so that relay loops end, but never claims the
    // activity's own id (which would make us drop the origin's delivery of it as a
    // duplicate), and its `published` orders nothing: the item is read from its origin.
    let claim = if trusted {
        id.to_string()
    } else {
        format!("relayed:{id}")
    };
    let mut conn = data.pool.get().await?;
    if !ReceivedActivity::insert_new(&mut conn, &claim, crate::db::now()).await? {
        tracing::debug!(activity = %id, "hub item already applied");
        return Ok(());
    }
    drop(conn);
    if trusted && is_stale(data, &inner).await? {
        tracing::info!(activity = %id, "hub item change older than one already applied; ignored");
        return Ok(());
    }
    if let Err(e) = apply(data, &inner, &actor, trusted).await {
        let mut conn = data.pool.get().await?;
        ReceivedActivity::forget(&mut conn, &claim).await?;
        return Err(e);
    }
    if trusted {
        record_version(data, &inner).await?;
    }
    if data.config.peering.relay {
        let object = inner.get("object");
        let context = match object.and_then(object_type) {
            _ if object.is_some_and(CallObject::is_call) => call_context(),
            _ if object.is_some_and(ResourceObject::is_resource) => resource_context(),
            Some("Tombstone")
                if object.and_then(|o| o.get("formerType")) == Some(&Value::from("Article")) =>
            {
                resource_context()
            }
            Some("Tombstone")
                if object.and_then(|o| o.get("formerType")) == Some(&Value::from("Page")) =>
            {
                call_context()
            }
            Some("Event" | "Tombstone") if object.is_some_and(Value::is_object) => event_context(),
            _ => actor_context(),
        };
        let mut conn = data.pool.get().await?;
        crate::federation::peering::to_peers(
            &mut conn,
            &data.config,
            &inner,
            context,
            &[sender, origin],
        )
        .await?;
        drop(conn);
        data.queue.wake();
    }
    Ok(())
}

/// When the wrapped change happened (its `published`).
fn changed_at(activity: &Value) -> Option<chrono::NaiveDateTime> {
    activity
        .get("published")
        .and_then(Value::as_str)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.naive_utc())
}

/// The item a change is about and when it happened, if it says.
fn version_of(activity: &Value) -> Option<(chrono::NaiveDateTime, Url)> {
    Some((
        changed_at(activity)?,
        activity.get("object").and_then(object_id)?,
    ))
}

/// Whether a newer change of the same item (or its deletion) was already applied.
/// Deliveries are retried independently, so they may arrive out of order.
async fn is_stale(data: &Ctx, activity: &Value) -> AppResult<bool> {
    let Some((at, object)) = version_of(activity) else {
        return Ok(false);
    };
    let mut conn = data.pool.get().await?;
    let last = crate::db::models::peer_item::version(&mut conn, object.as_str()).await?;
    Ok(last.is_some_and(|(last, _)| at < last))
}

/// Records an applied change as the item's latest.
async fn record_version(data: &Ctx, activity: &Value) -> AppResult<()> {
    let Some((at, object)) = version_of(activity) else {
        return Ok(());
    };
    let deleted = activity.get("type").and_then(Value::as_str) == Some("Delete");
    let mut conn = data.pool.get().await?;
    crate::db::models::peer_item::set_version(&mut conn, object.as_str(), at, deleted).await?;
    Ok(())
}

/// Applies a Create, Update or Delete of an item whose origin is `actor`'s server.
async fn apply(data: &Ctx, activity: &Value, actor: &Url, trusted: bool) -> AppResult<()> {
    let kind = activity
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let object = activity.get("object").cloned().unwrap_or(Value::Null);
    let object_url =
        object_id(&object).ok_or_else(|| AppError::BadRequest("activity without object".into()))?;
    ensure(
        authority(&object_url) == authority(actor),
        format!("{actor} may not announce {object_url}"),
    )?;
    let activity_id = activity
        .get("id")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("activity without id".into()))?;
    match kind {
        "Create" | "Update" => {
            let object = if trusted && object.is_object() {
                object
            } else {
                fetch_current(data, &object_url)
                    .await?
                    .ok_or_else(|| AppError::BadRequest(format!("{object_url} is gone")))?
            };
            apply_object(data, &activity_id, object).await
        }
        "Delete" => {
            if !trusted && fetch_current(data, &object_url).await?.is_some() {
                tracing::info!(object = %object_url, "relayed Delete of an item its origin still serves; ignored");
                return Ok(());
            }
            forget(data, actor, &object_url).await
        }
        other => {
            tracing::info!(activity = %activity_id, kind = other, "hub Announce of an activity we do not apply; ignored");
            Ok(())
        }
    }
}

/// The item as its origin serves it now, or None when the origin says it is gone.
/// 404 and 410 mean gone; any other failure is an error (the sender retries later).
pub async fn fetch_current(data: &Ctx, url: &Url) -> AppResult<Option<Value>> {
    let res = data
        .http
        .get(url.as_str())
        .header("Accept", "application/activity+json")
        .send()
        .await
        .map_err(|e| AppError::BadRequest(format!("fetching {url}: {e}")))?;
    let status = res.status().as_u16();
    if status == 404 || status == 410 {
        return Ok(None);
    }
    if !res.status().is_success() {
        return Err(AppError::BadRequest(format!(
            "fetching {url}: status {status}"
        )));
    }
    let bytes = res
        .bytes()
        .await
        .map_err(|e| AppError::BadRequest(format!("fetching {url}: {e}")))?;
    if bytes.len() > 1 << 20 {
        return Err(AppError::BadRequest(format!("{url}: document too large")));
    }
    let doc: Value = serde_json::from_slice(&bytes)
        .map_err(|e| AppError::bad_input(&format!("JSON from {url}"), e))?;
    let same = object_id(&doc).is_some_and(|id| id == *url);
    if !same {
        return Err(AppError::BadRequest(format!("{url} served another object")));
    }
    Ok((object_type(&doc) != Some("Tombstone")).then_some(doc))
}

/// Stores or refreshes one item document (an actor, an Event or a funding call) vouched for
/// by a peer.
pub async fn apply_object(data: &Ctx, activity_id: &Url, mut object: Value) -> AppResult<()> {
    let id = object_id(&object).ok_or_else(|| AppError::BadRequest("item without id".into()))?;
    if CallObject::is_call(&object) {
        let publisher = object
            .get("attributedTo")
            .and_then(crate::federation::lenient::id_of)
            .unwrap_or_else(|| id.clone());
        return crate::inbound::funding_calls::store(data, activity_id, &publisher, object, true)
            .await;
    }
    if ResourceObject::is_resource(&object) {
        let publisher = object
            .get("attributedTo")
            .and_then(crate::federation::lenient::id_of)
            .unwrap_or_else(|| id.clone());
        return crate::inbound::resources::store(data, activity_id, &publisher, object, true).await;
    }
    crate::federation::activities::single_type(&mut object, &["Group", "Organization", "Event"]);
    match object_type(&object) {
        Some("Event") => {
            let organizer = event_organizer(&object).unwrap_or_else(|| id.clone());
            crate::inbound::events::store(data, activity_id, &organizer, object, true).await
        }
        Some(t) if ACTOR_TYPES.contains(&t) && t != "Person" && t != "Application" => {
            let person: Person = serde_json::from_value(object)
                .map_err(|e| AppError::bad_input("actor object", e))?;
            let data = data.reset_request_count();
            <Actor as Object>::verify(&person, &id, &data).await?;
            <Actor as Object>::from_json(person, &data).await?;
            Ok(())
        }
        other => {
            tracing::info!(object = %id, kind = ?other, "hub item of a type we do not keep; ignored");
            Ok(())
        }
    }
}

/// Stores a page of item documents vouched for by a peer (its backfill), as
/// [`apply_object`] would one by one; the page's events, most of a hub's items, are kept
/// together (`inbound::events::store_page`). Returns how many items were applied.
pub async fn apply_objects(data: &Ctx, items: Vec<(Url, Value)>) -> usize {
    let mut applied = 0;
    let mut events = Vec::new();
    for (activity, mut object) in items {
        if !CallObject::is_call(&object) && !ResourceObject::is_resource(&object) {
            crate::federation::activities::single_type(
                &mut object,
                &["Group", "Organization", "Event"],
            );
            if object_type(&object) == Some("Event") {
                if let Some(id) = object_id(&object) {
                    events.push(crate::inbound::events::Kept {
                        activity,
                        actor: event_organizer(&object).unwrap_or(id),
                        object,
                    });
                    continue;
                }
            }
        }
        match apply_object(data, &activity, object).await {
            Ok(()) => applied += 1,
            Err(e) => tracing::info!(%activity, error = %e, "backfill item skipped"),
        }
    }
    applied + crate::inbound::events::store_page(data, events).await
}

/// Who an item Event names as its organiser.
fn event_organizer(object: &Value) -> Option<Url> {
    object
        .get("attributedTo")
        .or_else(|| object.get("organizer"))
        .and_then(crate::federation::objects::person::first_url)
        .and_then(|u| Url::parse(&u).ok())
}

/// A Delete of an item: a project, organisation or community (the actor), an event or a
/// funding call.
async fn forget(data: &Ctx, actor: &Url, object: &Url) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if let Some(found) = Actor::find_by_ap_id(&mut conn, object.as_str()).await? {
        if !found.is_local {
            crate::services::peering::forget_actor(&mut conn, &found, true).await?;
            tracing::info!(object = %object, "hub item deleted by its origin");
        }
        return Ok(());
    }
    if let Some(call) =
        crate::db::models::funding_call::FundingCall::find_by_ap_id(&mut conn, object.as_str())
            .await?
    {
        drop(conn);
        return crate::inbound::funding_calls::delete(data, actor, object, call).await;
    }
    if let Some(resource) =
        crate::db::models::resource::Resource::find_by_ap_id(&mut conn, object.as_str()).await?
    {
        drop(conn);
        return crate::inbound::resources::delete(data, actor, object, resource).await;
    }
    match Event::find_by_ap_id(&mut conn, object.as_str()).await? {
        Some(event) => {
            drop(conn);
            crate::inbound::events::delete(data, actor, object, event).await
        }
        None => Ok(()),
    }
}
