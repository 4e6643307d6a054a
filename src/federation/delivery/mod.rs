//! The persistent delivery queue. The library keeps outgoing activities in memory, so a
//! restart would lose them; here every activity and its target inboxes are rows written in
//! the transaction of the change that produced them, and workers send them.
//!
//! - `policy`: what an outcome means (retry when, give up, open a host's circuit);
//! - `sender`: signs and sends one delivery, and reads the answer;
//! - `worker`: claims due deliveries and sends them within the global and per-host caps.

pub mod policy;
pub mod sender;
pub mod worker;

use crate::db::models::actor::Actor;
use crate::db::models::delivery::{Delivery, OutgoingActivity, QueueCounts};
use crate::db::models::host::Host;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::actor_context;
use crate::state::Ctx;
use activitypub_federation::protocol::context::WithContext;
use serde::Serialize;
use serde_json::Value;

pub use worker::run;

/// Stores `activity` (signed later by `actor`) for each inbox. Call inside the transaction
/// that made the change, then `data.queue.wake()` after it commits.
pub async fn enqueue<A: Serialize>(
    conn: &mut DbConn,
    activity_id: &str,
    actor: &Actor,
    activity: &A,
    inboxes: Vec<String>,
) -> AppResult<()> {
    // The actor context defines every term our activities use (embedded actors included).
    enqueue_with_context(conn, activity_id, actor, activity, actor_context(), inboxes).await
}

/// As [`enqueue`], with the JSON-LD context of the embedded object (events use their own).
pub async fn enqueue_with_context<A: Serialize>(
    conn: &mut DbConn,
    activity_id: &str,
    actor: &Actor,
    activity: &A,
    context: serde_json::Value,
    inboxes: Vec<String>,
) -> AppResult<()> {
    let mut value = serde_json::to_value(activity)
        .map_err(|e| AppError::Internal(format!("serialising {activity_id}: {e}")))?;
    // Every activity we send says when it was made (Mastodon warns about Announces that do
    // not); the typed builders set it, this covers any built otherwise.
    if let Some(map) = value.as_object_mut() {
        map.entry("published")
            .or_insert_with(|| Value::String(crate::federation::published_now()));
    }
    let payload = serde_json::to_string(&WithContext::new(&value, context.clone()))
        .map_err(|e| AppError::Internal(format!("serialising {activity_id}: {e}")))?;
    let now = crate::db::now();
    OutgoingActivity::enqueue(conn, activity_id, actor.id, &payload, &inboxes, now).await?;
    keep_wrapped(conn, activity_id, &value, &context, now).await
}

/// Keeps each activity of ours wrapped in `activity` (a community's `Announce` of a
/// member's `Create` or `Like`, an `Undo` of a `Like`) at its own id, so that a server that
/// dereferences what was relayed finds it, even when it was never sent on its own.
async fn keep_wrapped(
    conn: &mut DbConn,
    outer_id: &str,
    activity: &Value,
    context: &Value,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let origin = url::Url::parse(outer_id)
        .ok()
        .map(|u| crate::state::authority(&u));
    let mut inner = activity.get("object");
    // Announce(Undo(Like)) is as deep as we wrap.
    for _ in 0..3 {
        let Some(object) = inner.filter(|o| o.get("actor").is_some()) else {
            break;
        };
        let id = object.get("id").and_then(Value::as_str);
        let actor_id = object
            .get("actor")
            .and_then(crate::federation::lenient::id_of);
        let (Some(id), Some(actor_id)) = (id, actor_id) else {
            break;
        };
        let ours = url::Url::parse(id).is_ok_and(|u| Some(crate::state::authority(&u)) == origin)
            && Some(crate::state::authority(&actor_id)) == origin;
        if !ours {
            break;
        }
        if OutgoingActivity::find_by_ap_id(conn, id).await?.is_none() {
            if let Some(actor) = Actor::find_by_ap_id(conn, actor_id.as_str())
                .await?
                .filter(|a| a.is_local)
            {
                let payload = serde_json::to_string(&WithContext::new(object, context.clone()))
                    .map_err(|e| AppError::Internal(format!("serialising {id}: {e}")))?;
                OutgoingActivity::enqueue(conn, id, actor.id, &payload, &[], now).await?;
            }
        }
        inner = object.get("object");
    }
    Ok(())
}

/// What `tessera queue status` and the admin page show.
pub struct QueueStatus {
    pub counts: QueueCounts,
    pub hosts: Vec<Host>,
}

pub async fn status(data: &Ctx) -> AppResult<QueueStatus> {
    let mut conn = data.pool.get().await?;
    Ok(QueueStatus {
        counts: Delivery::counts(&mut conn, data.clock.now()).await?,
        hosts: Host::list(&mut conn, 50).await?,
    })
}
