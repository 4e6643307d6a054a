//! The hub's health as an admin sees it (`/admin/health`) and a scraper reads it
//! (`/metrics`): the delivery queue, the hosts that fail, the peers' backfills, the disk
//! used by the database and the media, and the version.

use crate::db::models::delivery::{Delivery, QueueCounts};
use crate::db::models::host::{Host, HostHealth};
use crate::db::models::peer::{BackfillState, Peer};
use crate::error::AppResult;
use crate::metrics::Gauges;
use crate::state::Ctx;
use std::path::Path;

/// One peer hub's backfill, for the health page.
pub struct Backfill {
    pub host: String,
    pub state: BackfillState,
    pub items: i64,
    pub error: Option<String>,
}

pub struct Health {
    pub version: &'static str,
    pub uptime_secs: u64,
    pub backend: &'static str,
    pub queue: QueueCounts,
    /// Age in seconds of the oldest delivery still to be sent.
    pub oldest_pending_secs: Option<i64>,
    pub host_health: HostHealth,
    /// Hosts with failures since their last success, worst first.
    pub failing_hosts: Vec<Host>,
    pub backfills: Vec<Backfill>,
    pub database_bytes: i64,
    pub media_bytes: i64,
    pub pool: crate::db::PoolUse,
}

/// Reads everything; each query is a count or a short list.
pub async fn snapshot(data: &Ctx) -> AppResult<Health> {
    let now = data.clock.now();
    let mut conn = data.pool.get().await?;
    let queue = Delivery::counts(&mut conn, now).await?;
    let oldest = Delivery::oldest_open(&mut conn).await?;
    let host_health = Host::health_counts(&mut conn, now).await?;
    let failing_hosts = Host::list(&mut conn, 20)
        .await?
        .into_iter()
        .filter(|h| h.consecutive_failures > 0 || h.unavailable)
        .collect();
    let backfills = Peer::all(&mut conn)
        .await?
        .into_iter()
        .map(|p| Backfill {
            host: p.host,
            state: p.backfill_state,
            items: i64::from(p.backfill_items),
            error: p.backfill_error,
        })
        .collect();
    drop(conn);
    let database_bytes = data.pool.size_bytes().await?;
    let media = std::path::PathBuf::from(&data.config.media.dir);
    let media_bytes = tokio::task::spawn_blocking(move || folder_bytes(&media))
        .await
        .unwrap_or(0);
    Ok(Health {
        version: env!("CARGO_PKG_VERSION"),
        uptime_secs: data.metrics.uptime().as_secs(),
        backend: if data.pool.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        queue,
        oldest_pending_secs: oldest.map(|t| (now - t).num_seconds().max(0)),
        host_health,
        failing_hosts,
        backfills,
        database_bytes,
        media_bytes,
        pool: data.pool.pool_use(),
    })
}

impl Health {
    /// What `/metrics` shows of it.
    pub fn gauges(&self) -> Gauges {
        let mut by_state: Vec<(String, i64)> = BackfillState::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), 0))
            .collect();
        for b in &self.backfills {
            if let Some(entry) = by_state.iter_mut().find(|(s, _)| s == b.state.as_str()) {
                entry.1 += 1;
            }
        }
        let h = self.host_health;
        Gauges {
            deliveries: vec![
                ("pending", self.queue.pending),
                ("in_flight", self.queue.in_flight),
                ("failed", self.queue.failed),
            ],
            oldest_pending_secs: self.oldest_pending_secs.unwrap_or(0),
            hosts: vec![
                ("ok", h.ok),
                ("failing", h.failing),
                ("paused", h.paused),
                ("unavailable", h.unavailable),
            ],
            backfills: by_state,
            backfill_items: self.backfills.iter().map(|b| b.items).sum(),
            pool_open: self.pool.open as i64,
            pool_idle: self.pool.idle as i64,
            pool_max: self.pool.max as i64,
            pool_waiting: self.pool.waiting as i64,
            database_bytes: self.database_bytes,
            media_bytes: self.media_bytes,
        }
    }
}

/// The bytes of every file under `dir` (0 when it does not exist yet).
pub fn folder_bytes(dir: &Path) -> i64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut total = 0i64;
    for entry in entries.flatten() {
        match entry.file_type() {
            Ok(t) if t.is_dir() => total += folder_bytes(&entry.path()),
            Ok(t) if t.is_file() => {
                total += entry.metadata().map(|m| m.len() as i64).unwrap_or(0);
            }
            _ => {}
        }
    }
    total
}
