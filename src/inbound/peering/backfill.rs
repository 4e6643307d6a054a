//! The backfill: when peering starts, the peer's item collection (`/actor/items`) is read
//! page by page in the background, so that our copy of its directory and calendar is
//! complete at once. Each page is applied and the position (`next`) saved after it, so a
//! restart resumes where it stopped; the next page is fetched while one is applied. Peers
//! take turns of a few pages, and a page of events is written in one short transaction
//! (`inbound::events::store_page`): page requests are never held up for long.

use crate::db::models::peer::Peer;
use crate::error::{AppError, AppResult};
use crate::federation::activities::object_id;
use crate::inbound::peering::{apply_objects, fetch_current};
use crate::state::{authority, Ctx};
use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use std::time::Duration;
use url::Url;

/// How long the task waits after a failed page before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(30);

/// Runs for the life of the process.
pub async fn run(data: Ctx) {
    loop {
        let signal = data.backfill.clone();
        let woken = signal.notified();
        match step(&data).await {
            Ok(true) => tokio::task::yield_now().await,
            Ok(false) => {
                let _ = tokio::time::timeout(RETRY_AFTER, woken).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "backfill step failed");
                let _ = tokio::time::timeout(RETRY_AFTER, woken).await;
            }
        }
    }
}

/// Pages a peer's backfill reads in one turn before the next peer's turn.
const PAGES_PER_TURN: usize = 10;

/// Reads a few pages for every peer with pages left. Returns whether any page was read
/// (so there may be more to do at once).
pub async fn step(data: &Ctx) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    let peers = Peer::pending_backfills(&mut conn).await?;
    drop(conn);
    let mut progressed = false;
    for peer in peers {
        let Some(first) = peer.backfill_next.clone() else {
            continue;
        };
        progressed |= turn(data, &peer, first).await?;
    }
    Ok(progressed)
}

/// One peer's turn: up to [`PAGES_PER_TURN`] pages, each fetched while the one before is
/// applied. The position is saved after each page is applied, so a restart resumes at the
/// first page not applied.
async fn turn(data: &Ctx, peer: &Peer, first: String) -> AppResult<bool> {
    let mut url = first;
    let mut fetched = fetch_page(data, peer, &url).await;
    let mut items_total = peer.backfill_items;
    let mut progressed = false;
    for read in 1..=PAGES_PER_TURN {
        let (next, items) = match fetched {
            Ok(page) => page,
            Err(e) => {
                tracing::warn!(peer = %peer.host, page = %url, error = %e, "backfill page failed; will retry");
                let mut conn = data.pool.get().await?;
                Peer::backfill_failed(&mut conn, peer.id, &e.to_string(), false).await?;
                return Ok(progressed);
            }
        };
        let ahead = next.clone().filter(|_| read < PAGES_PER_TURN);
        let (applied, prefetched) = tokio::join!(apply_page(data, peer, items), async {
            match &ahead {
                Some(next) => Some(fetch_page(data, peer, next).await),
                None => None,
            }
        });
        let mut conn = data.pool.get().await?;
        Peer::backfill_advanced(&mut conn, peer.id, next.as_deref(), applied).await?;
        drop(conn);
        items_total += applied;
        progressed = true;
        match (next, prefetched) {
            (None, _) => {
                tracing::info!(peer = %peer.host, items = items_total, "backfill done");
                break;
            }
            (Some(next), Some(page)) => {
                url = next;
                fetched = page;
            }
            (Some(_), None) => break,
        }
    }
    Ok(progressed)
}

/// Fetches one page; returns the next page (None at the end) and the page's items.
async fn fetch_page(data: &Ctx, peer: &Peer, url: &str) -> AppResult<(Option<String>, Vec<Value>)> {
    let url = Url::parse(url).map_err(|e| AppError::bad_input("backfill page URL", e))?;
    if authority(&url) != peer.host {
        return Err(AppError::BadRequest(format!(
            "{url} is not on {}",
            peer.host
        )));
    }
    let fetched = fetch_object_http::<_, Value>(&url, &data.reset_request_count()).await?;
    let mut doc = fetched.object;
    let link = |name: &str| {
        doc.get(name)
            .and_then(object_id)
            .filter(|u| authority(u) == peer.host)
            .map(|u| u.to_string())
    };
    // The collection itself points at its first page; a page at the next one.
    let next = match doc.get("type").and_then(Value::as_str) {
        Some("OrderedCollection" | "Collection") => link("first"),
        _ => link("next"),
    };
    let field = if doc.get("orderedItems").is_some() {
        "orderedItems"
    } else {
        "items"
    };
    let items = match doc.get_mut(field) {
        Some(Value::Array(items)) => std::mem::take(items),
        _ => vec![],
    };
    Ok((next, items))
}

/// Applies a page's items; returns how many were applied.
async fn apply_page(data: &Ctx, peer: &Peer, items: Vec<Value>) -> i32 {
    let mut objects = Vec::with_capacity(items.len());
    for item in items {
        match object_of(data, peer, item).await {
            Ok(Some(object)) => objects.push(object),
            Ok(None) => {}
            Err(e) => tracing::info!(peer = %peer.host, error = %e, "backfill item skipped"),
        }
    }
    apply_objects(data, objects).await as i32
}

/// The document of one item of a page, with the id of the activity it stands for: embedded
/// and from the peer itself, or (relay mode) an id to fetch from its origin. None for our
/// own items and for those gone at their origin.
async fn object_of(data: &Ctx, peer: &Peer, item: Value) -> AppResult<Option<(Url, Value)>> {
    let id = object_id(&item).ok_or_else(|| AppError::BadRequest("item without id".into()))?;
    if authority(&id) == data.config.server.domain {
        return Ok(None);
    }
    let object = if item.is_object() && authority(&id) == peer.host {
        item
    } else {
        match fetch_current(data, &id).await? {
            Some(doc) => doc,
            None => return Ok(None),
        }
    };
    let activity = Url::parse(&format!("{id}#backfill"))?;
    Ok(Some((activity, object)))
}
