//! What a followed actor published before the follow, read once the follow is accepted, so
//! that following is not the start of an empty page: a community's recent threads with
//! their replies (from its outbox, then each thread's `context` collection, FEP-7888, or its
//! `replies`), and a project's, organisation's or person's recent posts and upcoming events
//! (from its outbox and Mobilizon's `events` collection).
//!
//! Everything read goes through the same doors as what arrives in the inbox, with the
//! community standing in as the announcer: an item is taken inline only from its own host
//! and fetched from its origin otherwise ([`crate::inbound::trust`]). Failures are logged
//! and skipped; the follow stands whatever the backfill finds. (Hub peering has its own
//! backfill, of whole item collections, in [`crate::inbound::peering`].)

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{object_id, object_type, single_type};
use crate::federation::objects::note::POST_TYPES;
use crate::inbound::trust::same_host;
use crate::state::Ctx;
use activitypub_federation::fetch::fetch_object_http;
use serde_json::{json, Value};
use url::Url;

/// How much one backfill reads at most: threads of a community, posts of one thread,
/// recent posts and upcoming events of anyone else, pages of one collection.
pub const THREADS: usize = 50;
const POSTS_PER_THREAD: usize = 400;
const POSTS: usize = 20;
const EVENTS: usize = 50;
const PAGES: usize = 20;

/// What one backfill stored or saw, for the log and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub items: usize,
    pub failed: usize,
}

/// Starts the backfill of `followee` in the background (after our follow was accepted).
pub fn spawn(data: &Ctx, followee: Actor) {
    let data = data.reset_request_count();
    tokio::spawn(async move {
        match run(&data, &followee).await {
            Ok(report) => tracing::info!(actor = %followee.ap_id, items = report.items,
                failed = report.failed, "backfill after a follow done"),
            Err(e) => tracing::warn!(actor = %followee.ap_id, error = %e,
                "backfill after a follow failed"),
        }
    });
}

/// Reads what `followee` published before (see the module comment).
pub async fn run(data: &Ctx, followee: &Actor) -> AppResult<Report> {
    if followee.is_local || followee.kind == "Application" {
        return Ok(Report::default());
    }
    let mut conn = data.pool.get().await?;
    let is_community = Community::find(&mut conn, followee.id).await?.is_some();
    drop(conn);
    if is_community {
        community(data, followee).await
    } else {
        publisher(data, followee).await
    }
}

/// The items of a collection (a URL, or a collection embedded in a document), following
/// `first` and `next` on the collection's own host, up to `limit` items.
async fn read_collection(data: &Ctx, collection: &Value, limit: usize) -> AppResult<Vec<Value>> {
    let mut doc = match collection {
        Value::String(_) => fetch(data, collection).await?,
        Value::Object(_) => collection.clone(),
        _ => return Ok(Vec::new()),
    };
    let host = doc
        .get("id")
        .and_then(object_id)
        .or_else(|| collection.as_str().and_then(|s| Url::parse(s).ok()));
    let mut items = Vec::new();
    for _ in 0..PAGES {
        for key in ["orderedItems", "items"] {
            match doc.get(key) {
                Some(Value::Array(list)) => items.extend(list.iter().cloned()),
                Some(one @ (Value::Object(_) | Value::String(_))) => items.push(one.clone()),
                _ => {}
            }
        }
        if items.len() >= limit {
            break;
        }
        // The collection document points to its first page; a page to the next one.
        let next = doc.get("first").or_else(|| doc.get("next")).cloned();
        doc = match next {
            Some(Value::Object(page)) => Value::Object(page),
            Some(Value::String(url)) => {
                let url = Url::parse(&url).map_err(|e| AppError::bad_input("page URL", e))?;
                if host.as_ref().is_some_and(|h| !same_host(h, &url)) {
                    break;
                }
                fetch(data, &Value::String(url.to_string())).await?
            }
            _ => break,
        };
    }
    items.truncate(limit);
    Ok(items)
}

/// A signed fetch of `id` (the answer's id is checked against it by the library).
async fn fetch(data: &Ctx, id: &Value) -> AppResult<Value> {
    let url = object_id(id).ok_or_else(|| AppError::BadRequest(format!("{id} is no URL")))?;
    Ok(
        fetch_object_http::<_, Value>(&url, &data.reset_request_count())
            .await?
            .object,
    )
}

/// A community's recent threads, each with its replies.
async fn community(data: &Ctx, community: &Actor) -> AppResult<Report> {
    let Some(outbox) = community.outbox_url.clone() else {
        return Ok(Report::default());
    };
    let items = read_collection(data, &json!(outbox), THREADS).await?;
    let mut report = Report::default();
    // Outboxes list the newest first; older threads go in first.
    for item in items.into_iter().rev() {
        // Lemmy lists the community's Announces of the Creates; we list the Creates.
        let inner = match item.get("type").and_then(Value::as_str) {
            Some("Announce")
                if item.get("actor").and_then(object_id).as_ref()
                    == Some(community.parsed_ap_id()) =>
            {
                item.get("object").cloned().unwrap_or(Value::Null)
            }
            _ => item,
        };
        let thread = match object_type(&inner) {
            Some("Create") => inner.get("object").cloned().unwrap_or(Value::Null),
            _ => inner.clone(),
        };
        match relayed(data, community, inner).await {
            Ok(()) => report.items += 1,
            Err(e) => {
                report.failed += 1;
                tracing::info!(community = %community.ap_id, error = %e, "backfill: thread skipped");
                continue;
            }
        }
        let more = replies(data, community, &thread).await;
        report.items += more.items;
        report.failed += more.failed;
    }
    Ok(report)
}

/// Takes `inner` as if `community` had announced it now.
async fn relayed(data: &Ctx, community: &Actor, inner: Value) -> AppResult<()> {
    let announce =
        json!({"type": "Announce", "actor": community.ap_id.to_string(), "object": inner});
    crate::inbound::threads::receive_announce(&data.reset_request_count(), &announce, community)
        .await
}

/// The replies of one thread: its `context` collection (the whole conversation, served by
/// the thread's own server), else its `replies`.
async fn replies(data: &Ctx, community: &Actor, thread: &Value) -> Report {
    let mut report = Report::default();
    let thread = match thread {
        Value::String(_) => match fetch(data, thread).await {
            Ok(t) => t,
            Err(_) => return report,
        },
        other => other.clone(),
    };
    let Some(root) = object_id(&thread) else {
        return report;
    };
    let source = match thread.get("context") {
        Some(c @ Value::String(s)) if Url::parse(s).is_ok_and(|u| same_host(&u, &root)) => {
            c.clone()
        }
        _ => match thread.get("replies") {
            Some(r @ (Value::String(_) | Value::Object(_))) => r.clone(),
            _ => return report,
        },
    };
    let items = match read_collection(data, &source, POSTS_PER_THREAD).await {
        Ok(items) => items,
        Err(e) => {
            tracing::info!(thread = %root, error = %e, "backfill: no replies read");
            return report;
        }
    };
    for item in items {
        let mut post = match object_type(&item) {
            Some("Create") => item.get("object").cloned().unwrap_or(Value::Null),
            _ => item,
        };
        single_type(&mut post, POST_TYPES);
        if object_id(&post).as_ref() == Some(&root) {
            continue;
        }
        match relayed(data, community, post).await {
            Ok(()) => report.items += 1,
            Err(e) => {
                report.failed += 1;
                tracing::info!(thread = %root, error = %e, "backfill: reply skipped");
            }
        }
    }
    report
}

/// A project's, organisation's or person's recent posts (its outbox) and upcoming events
/// (its `events` collection, as Mobilizon groups and our actors publish).
async fn publisher(data: &Ctx, actor: &Actor) -> AppResult<Report> {
    let doc = fetch(data, &json!(actor.ap_id.to_string())).await?;
    let mut report = Report::default();
    let mut found = Vec::new();
    if let Some(outbox) = doc.get("outbox") {
        found.extend(
            read_collection(data, outbox, POSTS)
                .await
                .unwrap_or_default(),
        );
    }
    if let Some(events) = doc.get("events") {
        found.extend(
            read_collection(data, events, EVENTS)
                .await
                .unwrap_or_default(),
        );
    }
    for item in found.into_iter().rev() {
        match published(data, actor, item).await {
            Ok(true) => report.items += 1,
            Ok(false) => {}
            Err(e) => {
                report.failed += 1;
                tracing::info!(actor = %actor.ap_id, error = %e, "backfill: item skipped");
            }
        }
    }
    Ok(report)
}

/// One item of a publisher's collections: a `Create` of a post or event, or an event.
/// Taken inline from the publisher's own host, else fetched from its origin; it must be the
/// publisher's own.
async fn published(data: &Ctx, actor: &Actor, item: Value) -> AppResult<bool> {
    let mut object = match object_type(&item) {
        Some("Create") => item.get("object").cloned().unwrap_or(Value::Null),
        Some("Announce" | "Update" | "Delete" | "Like" | "Undo") => return Ok(false),
        _ => item,
    };
    let id = object_id(&object).ok_or_else(|| AppError::BadRequest("item without id".into()))?;
    if !same_host(&id, actor.parsed_ap_id()) {
        return Ok(false);
    }
    if object.is_string() {
        object = fetch(data, &object).await?;
    }
    single_type(&mut object, POST_TYPES);
    let activity = Url::parse(&format!("{id}#backfill"))?;
    let kind = object_type(&object).unwrap_or_default();
    if kind == "Event" {
        if ended(&object) {
            return Ok(false);
        }
        crate::inbound::events::receive(data, &activity, actor.parsed_ap_id(), object).await?;
        return Ok(true);
    }
    if !POST_TYPES.contains(&kind) {
        return Ok(false);
    }
    crate::inbound::create::receive_ordinary(data, &activity, object, actor, false).await?;
    Ok(true)
}

/// Whether an event is over (by its `endTime`, else its `startTime`).
fn ended(event: &Value) -> bool {
    let at = event
        .get("endTime")
        .or_else(|| event.get("startTime"))
        .and_then(Value::as_str)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
    at.is_some_and(|t| t.to_utc() < chrono::Utc::now())
}
