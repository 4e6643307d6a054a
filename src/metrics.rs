//! This process's metrics, in the Prometheus text format. Counters (requests, inbox
//! activities) are counted as they happen, in memory; what the database knows (deliveries,
//! hosts, backfills, sizes) is read when `/metrics` is scraped (`services::health`) and
//! passed to [`Metrics::render`] as a [`Gauges`].
//!
//! Label values come from fixed lists (route templates, activity types we know, result
//! names), never from what a request sent, so a hostile peer cannot grow the label set.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

// Labels borrow `'static` text, so that counting a request allocates nothing.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InboxLabels {
    r#type: &'static str,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: String,
}

/// Activity types counted under their own name; any other is counted as `other`.
const KNOWN_TYPES: &[&str] = &[
    "Accept",
    "Add",
    "Announce",
    "Block",
    "Create",
    "Delete",
    "Dislike",
    "Flag",
    "Follow",
    "Invite",
    "Join",
    "Leave",
    "Like",
    "Move",
    "Reject",
    "Remove",
    "TentativeAccept",
    "Undo",
    "Update",
];

/// The counters of this process. Cheap to share: each family is an `Arc` inside.
pub struct Metrics {
    requests: Family<RequestLabels, Counter>,
    inbox: Family<InboxLabels, Counter>,
    started: std::time::Instant,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Family::default(),
            inbox: Family::default(),
            started: std::time::Instant::now(),
        }
    }
}

/// What the database and the disk said at scrape time.
#[derive(Debug, Default, Clone)]
pub struct Gauges {
    /// Deliveries by state: `pending`, `in_flight`, `failed`.
    pub deliveries: Vec<(&'static str, i64)>,
    /// Age in seconds of the oldest delivery not yet sent (0 when none waits).
    pub oldest_pending_secs: i64,
    /// Remote hosts by health: `ok`, `failing`, `paused`, `unavailable`.
    pub hosts: Vec<(&'static str, i64)>,
    /// Peer hubs by backfill state (`none`, `pending`, `done`, `failed`).
    pub backfills: Vec<(String, i64)>,
    /// Items applied by every peer backfill so far.
    pub backfill_items: i64,
    /// Database connections: open, idle, the most allowed, and tasks waiting for one.
    pub pool_open: i64,
    pub pool_idle: i64,
    pub pool_max: i64,
    pub pool_waiting: i64,
    pub database_bytes: i64,
    pub media_bytes: i64,
}

impl Metrics {
    /// Counts one answered request; `route` is a route template from [`route_name`].
    pub fn request(&self, method: &'static str, route: &'static str, status: u16) {
        let labels = RequestLabels {
            method,
            route,
            status,
        };
        self.requests.get_or_create(&labels).inc();
    }

    /// Counts one activity posted to an inbox; `result` is one of a fixed set of words.
    pub fn inbox(&self, kind: Option<&str>, result: &'static str) {
        let kind = match kind {
            Some(k) => KNOWN_TYPES
                .iter()
                .find(|t| **t == k)
                .copied()
                .unwrap_or("other"),
            None => "unknown",
        };
        let labels = InboxLabels {
            r#type: kind,
            result,
        };
        self.inbox.get_or_create(&labels).inc();
    }

    /// The text a scraper reads.
    pub fn render(&self, gauges: &Gauges) -> String {
        let mut registry = Registry::with_prefix("tessera");
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            self.requests.clone(),
        );
        registry.register(
            "inbox_activities",
            "Activities posted to the inboxes, by type and result",
            self.inbox.clone(),
        );
        let states = |pairs: &[(String, i64)]| {
            let family = Family::<StateLabel, Gauge>::default();
            for (state, n) in pairs {
                family
                    .get_or_create(&StateLabel {
                        state: state.clone(),
                    })
                    .set(*n);
            }
            family
        };
        let owned = |pairs: &[(&'static str, i64)]| -> Vec<(String, i64)> {
            pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
        };
        registry.register(
            "deliveries",
            "Outgoing deliveries in the queue, by state",
            states(&owned(&gauges.deliveries)),
        );
        registry.register(
            "delivery_queue_oldest_seconds",
            "Age of the oldest delivery not yet sent",
            gauge(gauges.oldest_pending_secs),
        );
        registry.register(
            "hosts",
            "Remote hosts with a delivery record, by health",
            states(&owned(&gauges.hosts)),
        );
        registry.register(
            "peer_backfills",
            "Peer hubs by the state of their backfill",
            states(&gauges.backfills),
        );
        registry.register(
            "peer_backfill_items",
            "Items applied by the backfills of peer hubs",
            gauge(gauges.backfill_items),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections of this process",
            gauge(gauges.pool_open),
        );
        registry.register(
            "db_pool_idle",
            "Open database connections not in use",
            gauge(gauges.pool_idle),
        );
        registry.register(
            "db_pool_max",
            "The most database connections this process opens",
            gauge(gauges.pool_max),
        );
        registry.register(
            "db_pool_waiting",
            "Tasks waiting for a database connection",
            gauge(gauges.pool_waiting),
        );
        registry.register(
            "database_bytes",
            "Size of the database",
            gauge(gauges.database_bytes),
        );
        registry.register(
            "media_bytes",
            "Size of the media folder",
            gauge(gauges.media_bytes),
        );
        let uptime = Gauge::<f64, AtomicU64>::default();
        uptime.set(self.started.elapsed().as_secs_f64());
        registry.register(
            "uptime_seconds",
            "Seconds since this process started",
            uptime,
        );
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut text, &registry);
        text
    }

    /// Seconds since this process started.
    pub fn uptime(&self) -> std::time::Duration {
        self.started.elapsed()
    }
}

/// The one `'static` copy of a route template. Templates come from the router, a fixed set
/// of a few hundred, so each is copied once for the life of the process.
pub fn route_name(template: &str) -> &'static str {
    static NAMES: std::sync::LazyLock<std::sync::RwLock<std::collections::HashSet<&'static str>>> =
        std::sync::LazyLock::new(Default::default);
    if let Some(name) = NAMES
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(template)
    {
        return name;
    }
    let mut names = NAMES.write().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = names.get(template) {
        return name;
    }
    let name: &'static str = Box::leak(template.to_string().into_boxed_str());
    names.insert(name);
    name
}

fn gauge(value: i64) -> Gauge {
    let g = Gauge::default();
    g.set(value);
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_gauges_render_in_the_text_format() {
        let m = Metrics::default();
        m.request("GET", route_name("/users/{name}"), 200);
        m.request("GET", route_name(&String::from("/users/{name}")), 200);
        assert!(std::ptr::eq(
            route_name("/users/{name}"),
            route_name(&format!("/users/{}", "{name}"))
        ));
        m.inbox(Some("Create"), "accepted");
        m.inbox(Some("EvilType\n{}"), "malformed");
        let gauges = Gauges {
            deliveries: vec![("pending", 3), ("in_flight", 1), ("failed", 0)],
            oldest_pending_secs: 42,
            ..Default::default()
        };
        let text = m.render(&gauges);
        assert!(
            text.contains(
                r#"tessera_http_requests_total{method="GET",route="/users/{name}",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"tessera_inbox_activities_total{type="Create",result="accepted"} 1"#)
        );
        // An unknown type is counted, under a fixed name.
        assert!(
            text.contains(r#"tessera_inbox_activities_total{type="other",result="malformed"} 1"#)
        );
        assert!(!text.contains("EvilType"));
        assert!(text.contains(r#"tessera_deliveries{state="pending"} 3"#));
        assert!(text.contains("tessera_delivery_queue_oldest_seconds 42"));
        assert!(text.contains("# TYPE tessera_uptime_seconds gauge"));
        assert!(text.trim_end().ends_with("# EOF"));
    }
}
