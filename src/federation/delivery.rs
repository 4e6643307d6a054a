//! The persistent delivery queue. The library keeps outgoing activities in memory, so a
//! restart would lose them; here every activity and its target inboxes are rows written in
//! the transaction of the change that produced them, and a dispatcher sends them with
//! `SendActivityTask::prepare` + `sign_and_send`, retrying with backoff.

use crate::db::models::actor::Actor;
use crate::db::models::delivery::{Delivery, OutgoingActivity};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::{actor_context, Ctx};
use activitypub_federation::activity_sending::SendActivityTask;
use activitypub_federation::protocol::context::WithContext;
use activitypub_federation::traits::Activity;
use chrono::Duration as ChronoDuration;
use rand::Rng;
use scoped_futures::ScopedFutureExt;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};
use url::Url;

/// How long a claimed delivery stays invisible to other claims while it is being sent.
const LEASE: i64 = 300;
/// Longest sleep when nothing is due, as a safety net behind the wake-ups.
const IDLE_POLL: Duration = Duration::from_secs(60);

/// Wakes the dispatcher when new work is committed.
#[derive(Clone, Default)]
pub struct DeliveryQueue {
    notify: Arc<Notify>,
}

impl DeliveryQueue {
    /// Call after the transaction that enqueued work has committed.
    pub fn wake(&self) {
        self.notify.notify_one();
    }
}

/// Stores `activity` (signed later by `actor`) for each inbox. Call inside the transaction
/// that made the change, then [`DeliveryQueue::wake`] after it commits.
pub async fn enqueue<A: Serialize>(
    conn: &mut DbConn,
    activity_id: &str,
    actor: &Actor,
    activity: &A,
    inboxes: Vec<String>,
) -> AppResult<()> {
    // The actor context defines every term our activities use (embedded actors included).
    let payload = serde_json::to_string(&WithContext::new(activity, actor_context()))
        .map_err(|e| AppError::Internal(format!("serialising {activity_id}: {e}")))?;
    OutgoingActivity::enqueue(conn, activity_id, actor.id, &payload, &inboxes).await?;
    Ok(())
}

/// An activity as stored: sent verbatim, never received.
#[derive(Debug, Serialize, Deserialize)]
struct StoredActivity {
    id: Url,
    actor: Url,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

#[async_trait::async_trait]
impl Activity for StoredActivity {
    type DataType = crate::app::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }
    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        Ok(())
    }
    async fn receive(self, _data: &Ctx) -> AppResult<()> {
        Err(AppError::Internal("stored activities are only sent".into()))
    }
}

/// Delay before attempt `attempt + 1`: 30 s doubling, capped at 12 h, with ±20 % jitter so
/// that retries to one host spread out.
pub fn backoff(attempt: i32) -> ChronoDuration {
    let base = 30i64
        .saturating_mul(1i64 << attempt.clamp(0, 20))
        .min(12 * 3600);
    let jitter = rand::thread_rng().gen_range(-(base / 5)..=(base / 5));
    ChronoDuration::seconds(base + jitter)
}

/// Takes up to `limit` due deliveries, hiding them from other claims for [`LEASE`].
async fn claim(data: &Ctx, limit: i64) -> AppResult<Vec<(Delivery, OutgoingActivity)>> {
    let mut conn = data.pool.get().await?;
    conn.transaction::<_, AppError, _>(|conn| {
        async move {
            let now = crate::db::now();
            let due = Delivery::due(conn, now, limit).await?;
            let until = now + ChronoDuration::seconds(LEASE);
            for (delivery, _) in &due {
                Delivery::postpone(conn, delivery.id, until).await?;
            }
            Ok(due)
        }
        .scope_boxed()
    })
    .await
}

async fn send(data: &Ctx, delivery: &Delivery, activity: &OutgoingActivity) -> AppResult<()> {
    let actor = {
        let mut conn = data.pool.get().await?;
        Actor::find(&mut conn, activity.actor_id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    let stored: StoredActivity = serde_json::from_str(&activity.payload)?;
    let inbox = Url::parse(&delivery.inbox_url)?;
    let tasks = SendActivityTask::prepare(&stored, &actor, vec![inbox], data).await?;
    let task = tasks.into_iter().next().ok_or_else(|| {
        AppError::BadRequest(format!("inbox {} failed URL checks", delivery.inbox_url))
    })?;
    task.sign_and_send(data).await?;
    Ok(())
}

async fn deliver(data: &Ctx, delivery: Delivery, activity: OutgoingActivity) {
    let result = send(data, &delivery, &activity).await;
    let outcome = async {
        let mut conn = data.pool.get().await?;
        match &result {
            Ok(()) => Delivery::delete(&mut conn, delivery.id).await?,
            Err(e) => {
                let attempts = delivery.attempts + 1;
                // Bad URLs and missing actors will not get better with time.
                let permanent = matches!(e, AppError::BadRequest(_) | AppError::NotFound)
                    || attempts >= data.config.federation.delivery_max_attempts;
                let next = crate::db::now() + backoff(attempts);
                tracing::warn!(
                    activity = %activity.ap_id,
                    inbox = %delivery.inbox_url,
                    attempt = attempts,
                    permanent,
                    error = %e,
                    "delivery failed"
                );
                Delivery::record_failure(
                    &mut conn,
                    delivery.id,
                    attempts,
                    next,
                    &e.to_string(),
                    permanent,
                )
                .await?;
            }
        }
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(e) = outcome {
        tracing::error!(error = %e, delivery = delivery.id, "could not record delivery outcome");
    }
}

/// Runs the dispatcher until the process ends: claims due deliveries and sends them with
/// at most `federation.delivery_workers` in flight.
pub async fn run(data: Ctx) {
    let workers = data.config.federation.delivery_workers;
    let permits = Arc::new(Semaphore::new(workers));
    let notify = data.queue.notify.clone();
    loop {
        let claimed = match claim(&data, (workers * 4) as i64).await {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "delivery queue: claim failed");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        if claimed.is_empty() {
            let wait = next_wait(&data).await;
            tokio::select! {
                _ = notify.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
            continue;
        }
        for (delivery, activity) in claimed {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                return;
            };
            let data = data.reset_request_count();
            tokio::spawn(async move {
                deliver(&data, delivery, activity).await;
                drop(permit);
            });
        }
    }
}

/// How long to sleep until the next delivery is due (bounded by [`IDLE_POLL`]).
async fn next_wait(data: &Ctx) -> Duration {
    let next = async {
        let mut conn = data.pool.get().await?;
        Ok::<_, AppError>(Delivery::next_due_at(&mut conn).await?)
    }
    .await;
    match next {
        Ok(Some(at)) => (at - crate::db::now())
            .to_std()
            .unwrap_or(Duration::from_millis(50))
            .min(IDLE_POLL),
        _ => IDLE_POLL,
    }
}
