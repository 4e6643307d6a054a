//! `/admin/health`: what a part-time admin checks once a week, on one page: the delivery
//! queue, servers that fail, the peers' backfills, disk use, the version and how to get
//! metrics and backups.

use crate::web::page::{Page, WebResult};
use minijinja::context;

pub async fn page(page: Page) -> WebResult {
    page.require_admin()?;
    let health = crate::services::health::snapshot(&page.data).await?;
    let now = page.data.clock.now();
    let hosts: Vec<_> = health
        .failing_hosts
        .iter()
        .map(|h| {
            let state = if h.unavailable {
                "unavailable"
            } else if h.circuit_open_until.is_some_and(|t| t > now) {
                "paused"
            } else {
                "failing"
            };
            context! {
                host => h.host,
                failures => h.consecutive_failures,
                state => state,
                since => h.first_failure_at.map(crate::text::utc_minutes),
                last_error => h.last_error.clone().unwrap_or_default(),
            }
        })
        .collect();
    let backfills: Vec<_> = health
        .backfills
        .iter()
        .map(|b| {
            context! {
                host => b.host,
                state => b.state.as_str(),
                items => b.items,
                error => b.error.clone().unwrap_or_default(),
            }
        })
        .collect();
    let h = health.host_health;
    let metrics = &page.data.config.metrics;
    page.render(
        "admin_health.html",
        context! {
            version => health.version,
            backend => health.backend,
            uptime => duration(&page, health.uptime_secs as i64),
            database_size => bytes(health.database_bytes),
            media_size => bytes(health.media_bytes),
            media_dir => page.data.config.media.dir.clone(),
            pool => context! {
                open => health.pool.open,
                idle => health.pool.idle,
                max => health.pool.max,
            },
            queue => context! {
                pending => health.queue.pending,
                in_flight => health.queue.in_flight,
                failed => health.queue.failed,
                oldest => health.oldest_pending_secs.map(|s| duration(&page, s)),
            },
            host_counts => context! {
                ok => h.ok,
                failing => h.failing,
                paused => h.paused,
                unavailable => h.unavailable,
            },
            hosts => hosts,
            backfills => backfills,
            metrics_token => !metrics.token.is_empty(),
            metrics_bind => metrics.bind.clone(),
        },
    )
    .await
}

/// A size in bytes as people read it (decimal units, as disks are sold).
fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = n.max(0) as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A duration in its largest whole unit (seconds, minutes, hours or days).
fn duration(page: &Page, secs: i64) -> String {
    let (n, id) = match secs {
        s if s < 120 => (s, "health-seconds"),
        s if s < 7200 => (s / 60, "health-minutes"),
        s if s < 172_800 => (s / 3600, "health-hours"),
        s => (s / 86_400, "health-days"),
    };
    crate::i18n::translate(page.lang, id, &[("n", crate::i18n::Arg::Num(n as f64))])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(super::bytes(512), "512 B");
        assert_eq!(super::bytes(1_234_567), "1.2 MB");
        assert_eq!(super::bytes(3_000_000_000), "3.0 GB");
    }
}
