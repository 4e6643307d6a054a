//! The outbox: a change and what it sends commit together, then the delivery workers wake.
//!
//! Every use case that federates calls [`commit`] with a closure that writes its rows and
//! queues its activities ([`queue`]) on the same connection; nothing is sent unless the
//! change committed, and nothing committed is lost to a crash (the queue is in the
//! database, see [`crate::federation::delivery`]).

use crate::db::models::actor::Actor;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::delivery;
use crate::state::Ctx;
use scoped_futures::ScopedBoxFuture;
use serde::Serialize;

/// Runs `change` in one transaction on `conn` and wakes the delivery workers once it
/// committed.
pub async fn commit<'a, 'conn, R, F>(data: &Ctx, conn: &'conn mut DbConn, change: F) -> AppResult<R>
where
    'a: 'conn,
    F: for<'r> FnOnce(&'r mut DbConn) -> ScopedBoxFuture<'a, 'r, AppResult<R>> + Send + 'a,
    R: Send + 'a,
{
    let out = conn.transaction::<_, AppError, _>(change).await?;
    data.queue.wake();
    Ok(out)
}

/// Queues `activity`, signed by `actor`, for each inbox (inside a [`commit`]).
pub async fn queue<A: Serialize>(
    conn: &mut DbConn,
    activity_id: &str,
    actor: &Actor,
    activity: &A,
    inboxes: Vec<String>,
) -> AppResult<()> {
    delivery::enqueue(conn, activity_id, actor, activity, inboxes).await
}

/// Sends one activity that goes with no other change.
pub async fn send<A: Serialize>(
    data: &Ctx,
    conn: &mut DbConn,
    activity_id: &str,
    actor: &Actor,
    activity: &A,
    inboxes: Vec<String>,
) -> AppResult<()> {
    delivery::enqueue(conn, activity_id, actor, activity, inboxes).await?;
    data.queue.wake();
    Ok(())
}
