//! The shared state every layer receives, low in the tree so that every layer may name it:
//! configuration, the database pool, the clock, the outbound HTTP client and the signals
//! that wake background tasks. Web templates are not here: they belong to the web layer.

use crate::config::Config;
use crate::db::models::directory_facets::FacetCache;
use crate::db::DbPool;
use activitypub_federation::config::Data;
use std::ops::Deref;
use std::sync::Arc;
use tokio::sync::Notify;
use url::Url;

/// What every handler, service and activity receives: the app state inside the
/// library's request context (which also counts outbound fetches per request).
pub type Ctx = Data<AppState>;

/// Shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub pool: DbPool,
    /// Wakes the delivery workers once a transaction that enqueued work has committed.
    pub queue: Signal,
    pub clock: crate::clock::Clock,
    /// The outbound client (also the library's), for deliveries.
    pub http: reqwest_middleware::ClientWithMiddleware,
    /// The directory's filterable fields in memory (`db::models::directory_facets`).
    pub directory: FacetCache,
    /// Wakes the backfill of new peers' items (`inbound::peering::backfill`).
    pub backfill: Signal,
    /// Domain blocks and the allow-list, in memory (`crate::domains`); the HTTP client holds
    /// the same rules.
    pub domains: crate::domains::DomainPolicy,
    /// Rate limits of this process (`crate::limits`; per process, not per hub).
    pub limits: crate::limits::Limits,
    /// The e-mail transport (`crate::mailer`), and the wake-up of the mail worker once a
    /// message is queued (`services::emails::run`).
    pub mailer: crate::mailer::Mailer,
    pub mail: Signal,
    /// This process's counters for `/metrics` (`crate::metrics`).
    pub metrics: crate::metrics::Metrics,
    /// Federation documents already rendered (`crate::doc_cache`).
    pub docs: crate::doc_cache::DocCache,
}

impl AppState {
    pub fn new(
        config: Config,
        pool: DbPool,
        http: reqwest_middleware::ClientWithMiddleware,
        domains: crate::domains::DomainPolicy,
        mailer: crate::mailer::Mailer,
    ) -> AppState {
        let limits = crate::limits::Limits::new(&config.limits);
        let docs = crate::doc_cache::DocCache::new(pool.doc_writes());
        AppState(Arc::new(Inner {
            domains,
            config,
            pool,
            http,
            queue: Signal::default(),
            clock: crate::clock::Clock::default(),
            directory: FacetCache::default(),
            backfill: Signal::default(),
            limits,
            mailer,
            mail: Signal::default(),
            metrics: crate::metrics::Metrics::default(),
            docs,
        }))
    }

    /// Whether a URL belongs to this hub (host and port compared).
    pub fn config_is_local(&self, url: &Url) -> bool {
        authority(url) == self.config.server.domain
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Wakes one background task; a wake-up while it works is kept for its next wait.
#[derive(Clone, Default)]
pub struct Signal {
    notify: Arc<Notify>,
}

impl Signal {
    pub fn wake(&self) {
        self.notify.notify_one();
    }

    pub fn notified(&self) -> tokio::sync::futures::Notified<'_> {
        self.notify.notified()
    }
}

/// `host[:port]` of a URL, as stored in `actors.domain` and used in handles.
pub fn authority(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    }
}
