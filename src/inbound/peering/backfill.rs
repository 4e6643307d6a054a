//! The backfill: when peering starts, the peer's item collection (`/actor/items`) is read
//! page by page in the background, so that our copy of its directory and calendar is
//! complete at once. Each page is applied and the position (`next`) saved before the next
//! page is fetched, so a restart resumes where it stopped. One page at a time, peers in
//! turn, and item by item with short writes: page requests are never held up.

use crate::db::models::peer::Peer;
use crate::error::{AppError, AppResult};
use crate::federation::activities::object_id;
use crate::inbound::peering::{apply_object, fetch_current};
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

/// Reads one page for every peer with pages left. Returns whether any page was read (so
/// there may be more to do at once).
pub async fn step(data: &Ctx) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    let peers = Peer::pending_backfills(&mut conn).await?;
    drop(conn);
    let mut progressed = false;
    for peer in peers {
        let Some(next) = peer.backfill_next.clone() else {
            continue;
        };
        match page(data, &peer, &next).await {
            Ok((next, applied)) => {
                let mut conn = data.pool.get().await?;
                Peer::backfill_advanced(&mut conn, peer.id, next.as_deref(), applied).await?;
                if next.is_none() {
                    tracing::info!(peer = %peer.host, items = peer.backfill_items + applied, "backfill done");
                }
                progressed = true;
            }
            Err(e) => {
                tracing::warn!(peer = %peer.host, page = %next, error = %e, "backfill page failed; will retry");
                let mut conn = data.pool.get().await?;
                Peer::backfill_failed(&mut conn, peer.id, &e.to_string(), false).await?;
            }
        }
    }
    Ok(progressed)
}

/// Fetches and applies one page; returns the next page (None at the end) and how many
/// items were applied.
async fn page(data: &Ctx, peer: &Peer, url: &str) -> AppResult<(Option<String>, i32)> {
    let url = Url::parse(url).map_err(|e| AppError::bad_input("backfill page URL", e))?;
    if authority(&url) != peer.host {
        return Err(AppError::BadRequest(format!(
            "{url} is not on {}",
            peer.host
        )));
    }
    let fetched = fetch_object_http::<_, Value>(&url, &data.reset_request_count()).await?;
    let doc = fetched.object;
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
    let items = doc
        .get("orderedItems")
        .or_else(|| doc.get("items"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut applied = 0;
    for item in items {
        match apply_item(data, peer, item).await {
            Ok(true) => applied += 1,
            Ok(false) => {}
            Err(e) => tracing::info!(peer = %peer.host, error = %e, "backfill item skipped"),
        }
    }
    Ok((next, applied))
}

/// One item of a page: embedded and from the peer itself, or (relay mode) an id to fetch
/// from its origin.
async fn apply_item(data: &Ctx, peer: &Peer, item: Value) -> AppResult<bool> {
    let id = object_id(&item).ok_or_else(|| AppError::BadRequest("item without id".into()))?;
    if authority(&id) == data.config.server.domain {
        return Ok(false);
    }
    let object = if item.is_object() && authority(&id) == peer.host {
        item
    } else {
        match fetch_current(data, &id).await? {
            Some(doc) => doc,
            None => return Ok(false),
        }
    };
    let activity = Url::parse(&format!("{id}#backfill"))?;
    apply_object(data, &activity, object).await?;
    Ok(true)
}
