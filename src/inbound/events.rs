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

/// An event of a peer's item collection, to keep (see [`store`]).
pub struct Kept {
    pub activity: Url,
    /// Who vouches for it: its organiser as the item names it.
    pub actor: Url,
    pub object: Value,
}

/// Organisers stored this recently are taken as they are by [`store_page`]; older ones go
/// through dereferencing, which fetches them again when they are due.
const FRESH_ORGANISER: chrono::Duration = chrono::Duration::hours(1);

/// A page of events read from a peer's item collection (the backfill), kept as [`store`]
/// with `keep` would keep them one by one, faster: every event is read and checked first,
/// the organisers and the events already here are read once for the page, and the page is
/// written in one transaction. An event refused by the checks is refused alone; if the
/// transaction fails, the page's events are stored one by one instead, so one bad row
/// costs nothing but itself. Returns how many events were stored.
pub async fn store_page(data: &Ctx, items: Vec<Kept>) -> usize {
    use std::collections::HashMap;
    // 1. Read and check, without the database.
    let mut checked = Vec::with_capacity(items.len());
    for item in items {
        match check(&item) {
            Ok((event, organizer_id)) => checked.push((item, event, organizer_id)),
            Err(e) => {
                tracing::info!(object = ?crate::federation::activities::object_id(&item.object),
                    error = %e, "backfill event skipped")
            }
        }
    }
    if checked.is_empty() {
        return 0;
    }
    // 2. The organisers (and posters, when another) and the events already stored, read
    // once for the page.
    let mut wanted: Vec<String> = checked
        .iter()
        .flat_map(|(item, _, organizer)| [organizer.to_string(), item.actor.to_string()])
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let ap_ids: Vec<String> = checked.iter().map(|(_, e, _)| e.id.to_string()).collect();
    let read = async {
        let mut conn = data.pool.get().await?;
        let actors = Actor::find_by_ap_ids(&mut conn, &wanted).await?;
        let events = Event::find_by_ap_ids(&mut conn, &ap_ids).await?;
        AppResult::Ok((actors, events))
    }
    .await;
    let (actors, stored) = match read {
        Ok(read) => read,
        Err(e) => {
            tracing::warn!(error = %e, "reading a backfill page's context failed; one by one");
            return one_by_one(data, checked.into_iter().map(|(item, ..)| item)).await;
        }
    };
    let fresh_since = crate::db::now() - FRESH_ORGANISER;
    let mut actors: HashMap<String, Actor> = actors
        .into_iter()
        .filter(|a| a.last_refreshed_at > fresh_since)
        .map(|a| (a.ap_id.to_string(), a))
        .collect();
    let stored: HashMap<String, Event> = stored.into_iter().map(|e| (e.ap_id.clone(), e)).collect();
    // 3. The rows to write.
    let rejects_media = |a: &Actor| data.domains.rules().rejects_media(&a.domain);
    let mut writes = Vec::with_capacity(checked.len());
    for (item, event, organizer_id) in checked {
        let existing = stored.get(event.id.as_str()).cloned();
        if existing.as_ref().is_some_and(|e| e.is_local) {
            tracing::info!(object = %event.id, "a peer's item names a local event; skipped");
            continue;
        }
        let mut people = Vec::with_capacity(2);
        for url in [&organizer_id, &item.actor] {
            if !actors.contains_key(url.as_str()) {
                match load_actor(url, data).await {
                    Ok(actor) => {
                        actors.insert(url.to_string(), actor);
                    }
                    Err(e) => {
                        tracing::info!(object = %event.id, actor = %url, error = %e,
                            "backfill event skipped: its organiser is unreachable");
                        break;
                    }
                }
            }
            people.push(actors[url.as_str()].clone());
        }
        if people.len() < 2 {
            continue;
        }
        let creator = (organizer_id != item.actor).then(|| &people[1]);
        match event.into_form(&people[0], creator) {
            Ok((mut form, tags)) => {
                if rejects_media(&people[0]) {
                    form.cover_url = None;
                }
                writes.push((item, existing, form, tags));
            }
            Err(e) => tracing::info!(error = %e, "backfill event skipped"),
        }
    }
    // 4. One transaction for the page.
    let plan: Vec<_> = writes
        .iter()
        .map(|(_, existing, form, tags)| (existing.clone(), form.clone(), tags.clone()))
        .collect();
    let written = match data.pool.get().await {
        Ok(mut conn) => {
            conn.transaction::<_, AppError, _>(|c| {
                async move {
                    let mut done = Vec::with_capacity(plan.len());
                    for (existing, mut form, tags) in plan {
                        match existing {
                            Some(row) => {
                                form.published = row.published;
                                let to_tell =
                                    crate::services::events::participants_to_tell(c, row.id)
                                        .await?;
                                let after = Event::replace(c, row.id, &form, &tags).await?;
                                done.push(Some((row, after, to_tell)));
                            }
                            None => {
                                let mut bytes = [0u8; 10];
                                rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
                                Event::insert(c, &hex::encode(bytes), &form, &tags).await?;
                                done.push(None);
                            }
                        }
                    }
                    Ok(done)
                }
                .scope_boxed()
            })
            .await
        }
        Err(e) => Err(e.into()),
    };
    match written {
        Ok(done) => {
            let count = done.len();
            for (row, after, to_tell) in done.into_iter().flatten() {
                tracing::info!(object = %row.ap_id, "event updated by its origin");
                crate::services::events::tell_participants(data, &row, &after, &to_tell).await;
            }
            tracing::debug!(events = count, "backfill page of events stored");
            count
        }
        Err(e) => {
            tracing::warn!(error = %e, "a backfill page's transaction failed; one by one");
            one_by_one(data, writes.into_iter().map(|(item, ..)| item)).await
        }
    }
}

/// The checks of [`store`] that need no database: the event reads, and it and its
/// organiser are on the server of whoever vouches for it.
fn check(item: &Kept) -> AppResult<(EventObject, Url)> {
    use serde::Deserialize;
    let event = EventObject::deserialize(&item.object)
        .map_err(|e| AppError::BadRequest(format!("unreadable Event: {e}")))?;
    ensure(
        same_host(&event.id, &item.actor),
        format!("{} may not publish {}", item.actor, event.id),
    )?;
    let organizer_id = event.organizer_id().unwrap_or_else(|| item.actor.clone());
    ensure(
        same_host(&organizer_id, &item.actor),
        format!("{} is not organised on {}'s server", event.id, item.actor),
    )?;
    Ok((event, organizer_id))
}

async fn one_by_one(data: &Ctx, items: impl Iterator<Item = Kept>) -> usize {
    let mut stored = 0;
    for item in items {
        match store(data, &item.activity, &item.actor, item.object, true).await {
            Ok(()) => stored += 1,
            Err(e) => tracing::info!(error = %e, "backfill event skipped"),
        }
    }
    stored
}
