//! Events received from elsewhere (Mobilizon, Gancio, other hubs): stored with their
//! organiser and origin when someone here follows the organiser (or the person who posted
//! it) or the event is addressed to someone here; changed by Update, removed by Delete, in
//! both cases only by the event's own server.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::follow::Follow;
use crate::error::{AppError, AppResult};
use crate::federation::activities::ensure;
use crate::federation::objects::event::Event as EventObject;
use crate::federation::objects::note::audience_urls;
use crate::inbound::load_actor;
use crate::state::{authority, Ctx};
use scoped_futures::ScopedFutureExt;
use serde_json::Value;
use url::Url;

fn same_host(a: &Url, b: &Url) -> bool {
    authority(a) == authority(b)
}

/// A Create or Update of an event by `actor`. Creates of events nobody here has a reason
/// to see are dropped, like posts.
pub async fn receive(data: &Ctx, activity: &Url, actor: &Url, object: Value) -> AppResult<()> {
    store(data, activity, actor, object, false).await
}

/// As [`receive`]; events to `keep` are kept whoever follows their organiser: those
/// announced by a peer hub or read from its item collection (peers keep each other's
/// calendar), and those a member asked for by their address.
pub async fn store(
    data: &Ctx,
    activity: &Url,
    actor: &Url,
    object: Value,
    keep: bool,
) -> AppResult<()> {
    let event: EventObject = serde_json::from_value(object)
        .map_err(|e| AppError::BadRequest(format!("unreadable Event: {e}")))?;
    ensure(
        same_host(&event.id, actor),
        format!("{actor} may not publish {}", event.id),
    )?;
    let organizer_id = event.organizer_id().unwrap_or_else(|| actor.clone());
    ensure(
        same_host(&organizer_id, actor),
        format!("{} is not organised on {actor}'s server", event.id),
    )?;
    let mut conn = data.pool.get().await?;
    let existing = Event::find_by_ap_id(&mut conn, event.id.as_str()).await?;
    if existing.as_ref().is_some_and(|e| e.is_local) {
        return Err(AppError::Forbidden);
    }
    drop(conn);
    let organizer = load_actor(&organizer_id, data).await?;
    let creator = if &organizer_id == actor {
        None
    } else {
        Some(load_actor(actor, data).await?)
    };
    let mut conn = data.pool.get().await?;
    if existing.is_none() && !keep {
        let mut reason = Follow::has_local_follower(&mut conn, organizer.id).await?;
        if let Some(c) = &creator {
            reason = reason || Follow::has_local_follower(&mut conn, c.id).await?;
        }
        if !reason {
            let mut addressed = audience_urls(&event.to);
            addressed.extend(audience_urls(&event.cc));
            reason = !Actor::find_local_by_ap_ids(&mut conn, &addressed)
                .await?
                .is_empty();
        }
        if !reason {
            tracing::info!(%activity, object = %event.id,
                "event from an organiser nobody here follows; dropped");
            return Ok(());
        }
    }
    let (mut form, tags) = event.into_form(&organizer, creator.as_ref())?;
    // A domain whose media we reject shows no cover picture here.
    if data.domains.rules().rejects_media(&organizer.domain) {
        form.cover_url = None;
    }
    match existing {
        Some(row) => {
            let mut form = form;
            form.published = row.published;
            let to_tell = crate::services::events::participants_to_tell(&mut conn, row.id).await?;
            // The row and its tags together: a list filtered by theme never misses it.
            let after = conn
                .transaction::<_, AppError, _>(|c| {
                    async move { Ok(Event::replace(c, row.id, &form, &tags).await?) }.scope_boxed()
                })
                .await?;
            tracing::info!(%activity, object = %row.ap_id, "event updated by its origin");
            drop(conn);
            crate::services::events::tell_participants(data, &row, &after, &to_tell).await;
        }
        None => {
            let mut bytes = [0u8; 10];
            rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
            let key = hex::encode(bytes);
            let inserted = conn
                .transaction::<_, AppError, _>(|c| {
                    async move { Ok(Event::insert(c, &key, &form, &tags).await?) }.scope_boxed()
                })
                .await?;
            if let Some(row) = inserted {
                tracing::info!(%activity, object = %row.ap_id, organizer = %organizer.ap_id,
                    "event received");
            }
        }
    }
    Ok(())
}

/// A Delete of `event` (found at `object`), which only its own server may send.
pub async fn delete(data: &Ctx, actor: &Url, object: &Url, event: Event) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    ensure(
        !event.is_local && same_host(object, actor),
        format!("{actor} may not delete {object}"),
    )?;
    Event::delete(&mut conn, event.id).await?;
    tracing::info!(%object, "event deleted by its origin");
    Ok(())
}
