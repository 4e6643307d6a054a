//! Ecosystem benchmark (not a test): `cargo bench --bench ecosystem`.
//!
//! Starts one hub in-process (`tests/harness`: a fresh SQLite database, or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set) holding the directory data set (`benches/data/`:
//! 20,000 entries, a fifth remote, three in five with coordinates), 10,000 links between
//! projects and organisations (lead, partner, funder) plus 500 replications, and the events
//! data set (10,000 events by 500 organisers). It waits for the hub's first needs-matching
//! pass over that bulk load to finish (see `data::settle`), then asks for the dashboards, the map and the
//! network over real HTTP as a browser would: 50 GETs of each after 5 warm-up GETs, one at
//! a time; prints p50, p95 and the slowest, and whether every p95 is under 100 ms.

#[path = "data/mod.rs"]
mod data;
#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use data::percentile;
use harness::browser::Browser;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use scoped_futures::ScopedFutureExt;
use std::time::{Duration, Instant};
use tessera::db::models::entry_link::EntryLink;
use tessera::db::models::replication::{Replication, ReplicationForm};
use tessera::db::schema::{actors, directory_entries};
use tessera::db::DbError;
use tessera::vocabulary as vocab;

const WARMUP: usize = 5;
const RUNS: usize = 50;
const TARGET_MS: f64 = 100.0;
const LINKS: usize = 10_000;
const REPLICATIONS: usize = 500;

/// Times `RUNS` GETs of `url` after `WARMUP`; (p50, p95, max, bytes of the last answer).
async fn time(who: &mut Browser, url: &str) -> (f64, f64, f64, usize) {
    let mut samples: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for i in 0..WARMUP + RUNS {
        let t0 = Instant::now();
        let (status, body) = who.get(url).await;
        let took = t0.elapsed();
        assert_eq!(status, 200, "{url}");
        bytes = body.len();
        if i >= WARMUP {
            samples.push(took);
        }
    }
    samples.sort();
    let max = samples.last().unwrap().as_secs_f64() * 1000.0;
    (
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
        max,
        bytes,
    )
}

/// `LINKS` project–organisation links and `REPLICATIONS` replications, drawn at random.
async fn links(hub: &harness::Hub) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let kinds: Vec<(i64, String, String)> = tessera::db_run!(conn, |c| directory_entries::table
        .inner_join(actors::table)
        .select((actors::id, directory_entries::entry_kind, actors::ap_id))
        .order(actors::id)
        .load(c)
        .await)
    .unwrap();
    let projects: Vec<&(i64, String, String)> = kinds.iter().filter(|k| k.1 == "project").collect();
    let orgs: Vec<i64> = kinds
        .iter()
        .filter(|k| k.1 == "organisation")
        .map(|k| k.0)
        .collect();
    let mut rng = StdRng::seed_from_u64(11);
    let mut pairs = Vec::with_capacity(LINKS);
    while pairs.len() < LINKS {
        let p = projects.choose(&mut rng).unwrap().0;
        let o = *orgs.choose(&mut rng).unwrap();
        let role = *vocab::LINK_ROLES.choose(&mut rng).unwrap();
        if !pairs.iter().any(|(a, b, _)| *a == p && *b == o) {
            pairs.push((p, o, role));
        }
    }
    for batch in pairs.chunks(500) {
        conn.transaction::<_, DbError, _>(|c| {
            async move {
                for (p, o, role) in batch {
                    EntryLink::upsert(c, *p, *o, role).await?;
                }
                Ok(())
            }
            .scope_boxed()
        })
        .await
        .unwrap();
    }
    for _ in 0..REPLICATIONS {
        let (a, b) = (
            projects.choose(&mut rng).unwrap(),
            projects.choose(&mut rng).unwrap(),
        );
        if a.0 == b.0 {
            continue;
        }
        let form = ReplicationForm {
            source_ap_id: b.2.clone(),
            source_id: Some(b.0),
            relation: vocab::REPLICATION_RELATIONS
                .choose(&mut rng)
                .unwrap()
                .to_string(),
            note: String::new(),
        };
        Replication::upsert(&mut conn, a.0, &form).await.unwrap();
    }
}

#[tokio::main]
async fn main() {
    let mut net = harness::Network::bind(&["hub.test"]).await;
    let hub_started = Instant::now();
    let hub = net.start_hub("hub.test").await;
    let ctx = &hub.ctx;
    let backend = if ctx.pool.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let base = ctx.config.base_url();
    let domain = ctx.config.server.domain.clone();
    let started = Instant::now();
    data::entries::fill(&ctx.pool, &base, &domain).await;
    links(&hub).await;
    let organisers = data::events::organisers(&ctx.pool, &base, &domain).await;
    data::events::fill(&ctx.pool, &base, &organisers).await;
    data::analyze(&ctx.pool).await;
    let loaded = started.elapsed();
    data::settle(&ctx.pool, hub_started).await;
    println!(
        "backend: {backend}; {} entries, {LINKS} links, {REPLICATIONS} replications, {} events \
         saved in {:.1} s; {RUNS} GETs per page after {WARMUP} warm-up GETs, over HTTP",
        data::entries::ENTRIES,
        data::events::EVENTS,
        loaded.as_secs_f64()
    );
    let pages: [(&str, &str); 14] = [
        ("dashboard, whole directory", "/dashboard"),
        ("dashboard, one country", "/dashboard?country=PT"),
        ("dashboard, one theme", "/dashboard?theme=health-care"),
        (
            "dashboard, country + theme",
            "/dashboard?country=EE&theme=health-care",
        ),
        (
            "dashboard JSON, one country",
            "/api/v1/dashboard?country=PT",
        ),
        ("map, whole", "/map"),
        ("map, one country (zoomed)", "/map?focus=PT"),
        ("map, one theme", "/map?theme=health-care"),
        (
            "map, entries only, zoom 3",
            "/map?layer=projects&layer=organisations&zoom=3&x=200&y=300",
        ),
        ("map GeoJSON, one country", "/api/v1/map.geojson?country=PT"),
        ("network, whole", "/network"),
        ("network, one country", "/network?country=PT"),
        ("network, one theme", "/network?theme=health-care"),
        (
            "network GraphML, one theme",
            "/api/v1/network.graphml?theme=health-care",
        ),
    ];
    let mut visitor = Browser::new(&net);
    println!("| page | path | bytes | p50 | p95 | max |");
    println!("|---|---|---|---|---|---|");
    let mut slow = Vec::new();
    for (name, path) in pages {
        let (p50, p95, max, bytes) = time(&mut visitor, &hub.url(path)).await;
        println!("| {name} | `{path}` | {bytes} | {p50:.1} ms | {p95:.1} ms | {max:.1} ms |");
        if p95 > TARGET_MS {
            slow.push(name);
        }
    }
    if slow.is_empty() {
        println!("every page: p95 under {TARGET_MS} ms");
    } else {
        println!("over {TARGET_MS} ms at p95: {}", slow.join(", "));
    }
}
