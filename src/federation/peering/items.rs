//! `/actor/items`: the paged collection of this hub's public items, which a new peer reads
//! to fill its copy (the backfill). Pages embed the items whole (actor documents for
//! projects, organisations and communities, `Event`s for events, funding calls), each with its own
//! `@context`, so that 10,000 items take 100 requests rather than 10,000. In relay mode the
//! items of our peers are listed too, by id only: a reader fetches those from their origin.
//!
//! Pages are keyset pages (`?section=entries&after=<id>`): stable while items are added,
//! and a reader that stopped can resume from the last `next` it saved.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::peer::Peer;
use crate::db::models::peer_item::{self, Section};
use crate::error::{AppError, AppResult};
use crate::federation::objects::event::Event as EventObject;
use crate::state::Ctx;
use activitypub_federation::axum::json::FederationJson;
use activitypub_federation::traits::Object;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn collection_url(base: &str) -> String {
    format!("{base}/actor/items")
}

fn page_url(base: &str, section: Section, after: i64) -> String {
    format!(
        "{}?section={}&after={after}",
        collection_url(base),
        section.as_str()
    )
}

#[derive(Debug, Deserialize)]
pub struct ItemsQuery {
    section: Option<String>,
    after: Option<i64>,
}

/// Hosts whose items we pass on (relay mode): the peers we are active with.
async fn relayed_hosts(data: &Ctx) -> AppResult<Vec<String>> {
    if !data.config.peering.relay {
        return Ok(vec![]);
    }
    let mut conn = data.pool.get().await?;
    Ok(Peer::all(&mut conn)
        .await?
        .into_iter()
        .filter(Peer::is_active)
        .map(|p| p.host)
        .collect())
}

pub async fn get_items(data: Ctx, Query(q): Query<ItemsQuery>) -> Response {
    match items(&data, q).await {
        Ok(doc) => FederationJson(doc).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn items(data: &Ctx, q: ItemsQuery) -> AppResult<Value> {
    let base = data.config.base_url();
    let relayed = relayed_hosts(data).await?;
    let Some(section) = q.section.as_deref() else {
        let mut conn = data.pool.get().await?;
        let total = peer_item::count(&mut conn, &relayed).await?;
        return Ok(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": collection_url(&base),
            "type": "OrderedCollection",
            "totalItems": total,
            "first": page_url(&base, Section::Entries, 0),
        }));
    };
    let section = Section::parse(section)
        .ok_or_else(|| AppError::BadRequest(format!("unknown section {section:?}")))?;
    let after = q.after.unwrap_or(0).max(0);
    let limit = data.config.peering.page_size.clamp(1, 500) as i64;
    let mut conn = data.pool.get().await?;
    let rows = peer_item::page(&mut conn, section, after, limit, &relayed).await?;
    drop(conn);
    let ordered = if section == Section::Events {
        events_page(data, &rows).await?
    } else {
        let mut ordered = Vec::with_capacity(rows.len());
        for (id, is_local) in &rows {
            if let Some(item) = item(data, section, *id, *is_local).await? {
                ordered.push(item);
            }
        }
        ordered
    };
    let next = if rows.len() as i64 == limit {
        rows.last().map(|(id, _)| page_url(&base, section, *id))
    } else {
        section.next().map(|s| page_url(&base, s, 0))
    };
    let mut page = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": page_url(&base, section, after),
        "type": "OrderedCollectionPage",
        "partOf": collection_url(&base),
        "orderedItems": ordered,
    });
    if let Some(next) = next {
        page["next"] = json!(next);
    }
    Ok(page)
}

/// A page of events, read with three queries (the events, their organisers, their tags)
/// rather than three per event: events are most of a hub's items.
async fn events_page(data: &Ctx, rows: &[(i64, bool)]) -> AppResult<Vec<Value>> {
    use std::collections::HashMap;
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    let mut conn = data.pool.get().await?;
    let events: HashMap<i64, Event> = Event::find_many(&mut conn, &ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let local: Vec<i64> = rows
        .iter()
        .filter(|(id, is_local)| *is_local && events.contains_key(id))
        .map(|(id, _)| *id)
        .collect();
    let mut organizer_ids: Vec<i64> = local.iter().map(|id| events[id].organizer_id).collect();
    organizer_ids.sort_unstable();
    organizer_ids.dedup();
    let organizers: HashMap<i64, Actor> = Actor::find_many(&mut conn, &organizer_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut tags: HashMap<i64, crate::db::models::event::Tags> = HashMap::new();
    for (event_id, facet, value) in Event::tags_of(&mut conn, &local).await? {
        tags.entry(event_id).or_default().push((facet, value));
    }
    drop(conn);
    let mut ordered = Vec::with_capacity(rows.len());
    for (id, is_local) in rows {
        let Some(event) = events.get(id) else {
            continue;
        };
        if !is_local {
            ordered.push(json!(event.ap_id));
            continue;
        }
        let Some(organizer) = organizers.get(&event.organizer_id) else {
            continue;
        };
        let tags = tags.remove(id).unwrap_or_default();
        ordered.push(serde_json::to_value(EventObject::for_row(
            event, organizer, &tags,
        )?)?);
    }
    Ok(ordered)
}

/// One item: embedded when it is ours, its id when it is a peer's (relay mode).
async fn item(data: &Ctx, section: Section, id: i64, is_local: bool) -> AppResult<Option<Value>> {
    let mut conn = data.pool.get().await?;
    match section {
        Section::Entries | Section::Communities => {
            let Some(actor) = Actor::find(&mut conn, id).await? else {
                return Ok(None);
            };
            drop(conn);
            if !is_local {
                return Ok(Some(json!(actor.ap_id.as_str())));
            }
            Ok(Some(serde_json::to_value(actor.into_json(data).await?)?))
        }
        Section::Events => {
            let Some(event) = Event::find(&mut conn, id).await? else {
                return Ok(None);
            };
            if !is_local {
                return Ok(Some(json!(event.ap_id)));
            }
            let Some(organizer) = Actor::find(&mut conn, event.organizer_id).await? else {
                return Ok(None);
            };
            let tags = Event::tags(&mut conn, event.id).await?;
            Ok(Some(serde_json::to_value(EventObject::for_row(
                &event, &organizer, &tags,
            )?)?))
        }
        Section::Calls => {
            use crate::db::models::funding_call::FundingCall;
            let Some(call) = FundingCall::find(&mut conn, id).await? else {
                return Ok(None);
            };
            if !is_local {
                return Ok(Some(json!(call.ap_id)));
            }
            let Some(publisher) = Actor::find(&mut conn, call.publisher_id).await? else {
                return Ok(None);
            };
            let deadlines = FundingCall::deadlines(&mut conn, call.id).await?;
            let tags = FundingCall::tags(&mut conn, call.id).await?;
            Ok(Some(serde_json::to_value(
                crate::federation::objects::funding_call::FundingCall::for_row(
                    &call, &publisher, &deadlines, &tags,
                )?,
            )?))
        }
        Section::Resources => {
            use crate::db::models::resource::Resource;
            let Some(resource) = Resource::find(&mut conn, id).await? else {
                return Ok(None);
            };
            if !is_local {
                return Ok(Some(json!(resource.ap_id)));
            }
            let Some(publisher) = Actor::find(&mut conn, resource.publisher_id).await? else {
                return Ok(None);
            };
            let mut parts = Resource::parts_of(&mut conn, &[resource.id]).await?;
            let parts = parts.remove(&resource.id).unwrap_or_default();
            Ok(Some(serde_json::to_value(
                crate::federation::objects::resource::Resource::for_row(
                    &resource, &publisher, &parts,
                )?,
            )?))
        }
    }
}
