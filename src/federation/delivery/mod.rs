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
    let payload = serde_json::to_string(&WithContext::new(activity, context))
        .map_err(|e| AppError::Internal(format!("serialising {activity_id}: {e}")))?;
    OutgoingActivity::enqueue(
        conn,
        activity_id,
        actor.id,
        &payload,
        &inboxes,
        crate::db::now(),
    )
    .await?;
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
