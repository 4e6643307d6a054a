//! The worker loop: claims due deliveries (leases in the database), sends each with at most
//! `delivery_workers` in flight and `delivery_per_host` per host, and records the outcome.

use super::policy::{self, Decision, Outcome};
use super::sender::{self, SendError};
use crate::db::models::actor::Actor;
use crate::db::models::delivery::{Delivery, OutgoingActivity};
use crate::db::models::host::Host;
use crate::db::models::received_activity::ReceivedActivity;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use chrono::{Duration as ChronoDuration, NaiveDateTime};
use scoped_futures::ScopedFutureExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use url::Url;

/// Longest sleep when nothing is due, as a safety net behind the wake-ups.
const IDLE_POLL: Duration = Duration::from_secs(30);
/// How often deliveries past the retry window are given up.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Per-host concurrency caps and circuits known to be open, for this process.
struct Hosts {
    per_host: usize,
    limits: Mutex<HashMap<String, Arc<Semaphore>>>,
    open_until: Mutex<HashMap<String, NaiveDateTime>>,
}

impl Hosts {
    fn limit(&self, host: &str) -> Arc<Semaphore> {
        let mut limits = self.limits.lock().unwrap_or_else(|e| e.into_inner());
        limits
            .entry(host.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }

    fn open_circuit(&self, host: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let map = self.open_until.lock().unwrap_or_else(|e| e.into_inner());
        map.get(host).copied().filter(|until| *until > now)
    }

    fn set_circuit(&self, host: &str, until: Option<NaiveDateTime>) {
        let mut map = self.open_until.lock().unwrap_or_else(|e| e.into_inner());
        match until {
            Some(t) => map.insert(host.to_string(), t),
            None => map.remove(host),
        };
    }
}

/// Runs until `shutdown` is cancelled, then finishes the deliveries it claimed (within the
/// lease, after which another process would take them over) and returns.
pub async fn run(data: Ctx, shutdown: CancellationToken) {
    let config = &data.config.federation;
    let workers = config.delivery_workers;
    let sending = Arc::new(Semaphore::new(workers));
    // Claimed but unfinished deliveries, bounded so that leases do not run out in a queue.
    let claim_limit = workers * 4;
    let claimed = Arc::new(Semaphore::new(claim_limit));
    // Another process sharing a PostgreSQL database may queue deliveries: its commits
    // notify, and the notification wakes this loop (nothing on SQLite).
    let listener = {
        let (url, queue) = (data.config.database.url.clone(), data.queue.clone());
        tokio::spawn(async move {
            crate::db::notify::listen(&url, crate::db::notify::DELIVERIES, || queue.wake()).await
        })
    };
    work(&data, &shutdown, &sending, &claimed, &hosts_of(config)).await;
    listener.abort();
    // Finish what was claimed: each permit comes back when its delivery is recorded.
    let lease = Duration::from_secs(config.delivery_lease_secs);
    let in_flight = claim_limit - claimed.available_permits();
    let all = u32::try_from(claim_limit).unwrap_or(u32::MAX);
    let finished = tokio::time::timeout(lease, claimed.acquire_many(all))
        .await
        .is_ok();
    if finished {
        tracing::info!(
            in_flight,
            "delivery workers stopped; in-flight deliveries finished"
        );
    } else {
        tracing::warn!(
            left = claim_limit - claimed.available_permits(),
            "delivery workers stopped with deliveries unfinished; their leases will expire"
        );
    }
}

fn hosts_of(config: &crate::config::FederationConfig) -> Arc<Hosts> {
    Arc::new(Hosts {
        per_host: config.delivery_per_host,
        limits: Mutex::new(HashMap::new()),
        open_until: Mutex::new(HashMap::new()),
    })
}

/// Claims and starts deliveries until `shutdown` is cancelled.
async fn work(
    data: &Ctx,
    shutdown: &CancellationToken,
    sending: &Arc<Semaphore>,
    claimed: &Arc<Semaphore>,
    hosts: &Arc<Hosts>,
) {
    let mut last_sweep: Option<Instant> = None;
    while !shutdown.is_cancelled() {
        if last_sweep.is_none_or(|t| t.elapsed() >= SWEEP_EVERY) {
            sweep(data).await;
            last_sweep = Some(Instant::now());
        }
        let capacity = claimed.available_permits();
        if capacity == 0 {
            // Wait until one in-flight delivery finishes.
            tokio::select! {
                permit = claimed.acquire() => drop(permit),
                _ = shutdown.cancelled() => {}
            }
            continue;
        }
        let batch = match claim(data, capacity.min(256) as i64).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "delivery queue: claim failed");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = shutdown.cancelled() => {}
                }
                continue;
            }
        };
        if batch.is_empty() {
            let wait = next_wait(data).await;
            tokio::select! {
                _ = data.queue.notified() => {}
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.cancelled() => {}
            }
            continue;
        }
        for (delivery, activity) in batch {
            let Ok(claim_permit) = claimed.clone().acquire_owned().await else {
                return;
            };
            let (data, sending, hosts, shutdown) = (
                data.reset_request_count(),
                sending.clone(),
                hosts.clone(),
                shutdown.clone(),
            );
            tokio::spawn(async move {
                let _claim = claim_permit;
                let permits = async {
                    let host = hosts.limit(&delivery.host).acquire_owned().await.ok()?;
                    let send = sending.acquire_owned().await.ok()?;
                    Some((host, send))
                };
                tokio::select! {
                    permits = permits => {
                        if let Some(_permits) = permits {
                            deliver(&data, &hosts, delivery, activity).await;
                        }
                    }
                    // Shutting down before its turn came: handed back at once, for the
                    // next process, instead of when its lease runs out.
                    _ = shutdown.cancelled() => {
                        if let Ok(mut conn) = data.pool.get().await {
                            let _ = Delivery::release(&mut conn, delivery.id, data.clock.now()).await;
                        }
                    }
                }
            });
        }
    }
}

async fn claim(data: &Ctx, limit: i64) -> AppResult<Vec<(Delivery, OutgoingActivity)>> {
    let now = data.clock.now();
    // Longer than any attempt, short enough that a crashed process's deliveries are
    // taken over soon (`federation.delivery_lease_secs`).
    let lease_secs = data.config.federation.delivery_lease_secs as i64;
    let lease = now + ChronoDuration::seconds(lease_secs);
    let mut conn = data.pool.get().await?;
    conn.transaction::<_, AppError, _>(|conn| {
        scoped_futures::ScopedFutureExt::scope_boxed(async move {
            Ok(Delivery::claim(conn, now, lease, limit).await?)
        })
    })
    .await
}

/// Gives up deliveries older than the retry window (including those to unavailable hosts).
pub async fn sweep(data: &Ctx) {
    let days = i64::from(data.config.federation.delivery_retry_days);
    let cutoff = data.clock.now() - ChronoDuration::days(days);
    let result = async {
        let mut conn = data.pool.get().await?;
        Ok::<_, AppError>(Delivery::expire(&mut conn, cutoff).await?)
    }
    .await;
    match result {
        Ok(0) => {}
        Ok(n) => tracing::warn!(deliveries = n, "gave up deliveries past the retry window"),
        Err(e) => tracing::error!(error = %e, "delivery queue: sweep failed"),
    }
    // Received activity ids are kept long enough to recognise any duplicate.
    let cutoff = crate::db::now()
        - ChronoDuration::days(crate::db::models::received_activity::REMEMBER_DAYS);
    let purged = async {
        let mut conn = data.pool.get().await?;
        Ok::<_, AppError>(ReceivedActivity::purge_before(&mut conn, cutoff).await?)
    }
    .await;
    if let Err(e) = purged {
        tracing::error!(error = %e, "inbox: purging old activity ids failed");
    }
}

/// Signs and sends one delivery.
async fn send(
    data: &Ctx,
    delivery: &Delivery,
    activity: &OutgoingActivity,
) -> Result<sender::Answer, SendError> {
    let config = &data.config;
    let inbox = Url::parse(&delivery.inbox_url).map_err(|e| SendError::Invalid(e.to_string()))?;
    let allow_private = config.federation.allow_private_addresses;
    sender::check_inbox(
        &inbox,
        &config.server.domain,
        !config.server.https || allow_private,
        allow_private,
    )
    .map_err(SendError::Invalid)?;
    let actor = async {
        let mut conn = data.pool.get().await?;
        Ok::<_, AppError>(Actor::find(&mut conn, activity.actor_id).await?)
    }
    .await
    .map_err(|e| SendError::Unreachable(format!("database: {e}")))?
    .ok_or_else(|| SendError::Invalid("the signing actor no longer exists".into()))?;
    let timeout = Duration::from_secs(config.federation.request_timeout_secs);
    let body = bytes::Bytes::from(activity.payload.clone().into_bytes());
    sender::send(&data.http, &actor, &inbox, body, timeout).await
}

fn outcome_of(result: &Result<sender::Answer, SendError>) -> Outcome {
    match result {
        Ok(a) if (200..300).contains(&a.status) => Outcome::Delivered,
        Ok(a) => Outcome::Refused {
            status: a.status,
            retry_after: a.retry_after,
        },
        Err(SendError::Invalid(_)) => Outcome::Invalid,
        Err(SendError::Unreachable(_)) => Outcome::Unreachable,
    }
}

async fn deliver(data: &Ctx, hosts: &Hosts, delivery: Delivery, activity: OutgoingActivity) {
    let now = data.clock.now();
    if data.domains.rules().is_suspended(&delivery.host) {
        // Blocked after it was queued: given up at once, without a request, and without
        // counting against the host's health.
        tracing::info!(inbox = %delivery.inbox_url, "delivery to a blocked domain dropped");
        if let Ok(mut conn) = data.pool.get().await {
            let error = "the domain is blocked by this hub";
            let _ = Delivery::record_failure(
                &mut conn,
                delivery.id,
                delivery.attempts,
                now,
                error,
                true,
            )
            .await;
        }
        return;
    }
    if let Some(until) = hosts.open_circuit(&delivery.host, now) {
        // The host's circuit opened while this delivery waited: hand it back untried.
        if let Ok(mut conn) = data.pool.get().await {
            let _ = Delivery::release(&mut conn, delivery.id, until).await;
        }
        return;
    }
    let result = send(data, &delivery, &activity).await;
    let outcome = outcome_of(&result);
    let now = data.clock.now();
    let decision = policy::decide(
        &outcome,
        delivery.attempts,
        delivery.created_at,
        now,
        &data.config.federation,
    );
    let recorded = record(data, hosts, &delivery, &outcome, &decision, &result, now).await;
    if let Err(e) = recorded {
        tracing::error!(error = %e, delivery = delivery.id, "could not record delivery outcome");
    }
    if decision != Decision::Done {
        tracing::warn!(
            activity = %activity.ap_id,
            inbox = %delivery.inbox_url,
            host = %delivery.host,
            attempt = delivery.attempts + 1,
            outcome = ?outcome,
            error = %describe(&outcome, &result),
            decision = ?decision,
            "delivery failed"
        );
    }
}

fn describe(outcome: &Outcome, result: &Result<sender::Answer, SendError>) -> String {
    match (outcome, result) {
        (Outcome::Refused { status, .. }, _) => format!("HTTP {status}"),
        (_, Err(e)) => e.to_string(),
        _ => String::new(),
    }
}

async fn record(
    data: &Ctx,
    hosts: &Hosts,
    delivery: &Delivery,
    outcome: &Outcome,
    decision: &Decision,
    result: &Result<sender::Answer, SendError>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let error = describe(outcome, result);
    let attempts = delivery.attempts + 1;
    let config = &data.config.federation;
    // The delivery's row and its host's health change together: whoever reads them (the
    // health page, the worker of another process) never sees one without the other.
    let circuit = conn
        .transaction::<_, AppError, _>(|c| {
            async move {
                match decision {
                    Decision::Done => Delivery::complete(c, delivery.id).await?,
                    Decision::RetryAt(at) => {
                        Delivery::record_failure(c, delivery.id, attempts, *at, &error, false)
                            .await?
                    }
                    Decision::GiveUp => {
                        Delivery::record_failure(c, delivery.id, attempts, now, &error, true)
                            .await?
                    }
                }
                if *outcome == Outcome::Delivered {
                    Host::record_success(c, &delivery.host, now).await?;
                    return Ok(Some(None));
                }
                if policy::counts_against_host(outcome) {
                    // Counted atomically: several failures to one host may be recorded at once.
                    let host = Host::record_failure(c, &delivery.host, now, &error).await?;
                    let host = policy::apply_breaker(host, outcome, now, config);
                    if Host::set_breaker(c, &host).await? {
                        return Ok(Some(host.circuit_open_until));
                    }
                }
                Ok(None)
            }
            .scope_boxed()
        })
        .await?;
    if let Some(until) = circuit {
        hosts.set_circuit(&delivery.host, until);
    }
    Ok(())
}

/// How long to sleep until the next delivery is due (bounded by [`IDLE_POLL`]).
async fn next_wait(data: &Ctx) -> Duration {
    let next = async {
        let mut conn = data.pool.get().await?;
        Ok::<_, AppError>(Delivery::next_due_at(&mut conn).await?)
    }
    .await;
    match next {
        Ok(Some(at)) => (at - data.clock.now())
            .to_std()
            .unwrap_or(Duration::from_millis(20))
            .clamp(Duration::from_millis(20), IDLE_POLL),
        _ => IDLE_POLL,
    }
}
