//! Directory search benchmark (not a test): `cargo bench --bench directory`.
//!
//! Fills a fresh database (SQLite, or PostgreSQL when TESSERA_TEST_DATABASE_URL is set)
//! with the directory data set (`benches/data/entries.rs`: 20,000 entries, a fifth of them
//! remote), then times typical searches: 50 runs each after a
//! warm-up, as a page alone (rows and total) and as the API asks (page and facet counts);
//! also a process's first search, which loads the in-memory copy of the facets, and a
//! search right after an entry changed.

#[path = "data/mod.rs"]
mod data;
#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use data::entries::{fill, ENTRIES};
use data::percentile;
use std::time::Instant;
use tessera::db::models::directory_facets::{self, FacetCache};
use tessera::db::models::directory_search::{self, DirectoryQuery};
use tessera::db::models::entry::KIND_PROJECT;
use tessera::db::DbPool;

const RUNS: usize = 50;
const TARGET_MS: f64 = 50.0;

/// p50 and p95 in milliseconds over RUNS runs, and the total the query found.
async fn time(pool: &DbPool, cache: &FacetCache, query: &DirectoryQuery) -> (f64, f64, i64) {
    let mut conn = pool.get().await.unwrap();
    let mut total = 0;
    for _ in 0..3 {
        total = directory_search::search(&mut conn, cache, query)
            .await
            .unwrap()
            .total;
    }
    let mut samples = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t0 = Instant::now();
        directory_search::search(&mut conn, cache, query)
            .await
            .unwrap();
        samples.push(t0.elapsed());
    }
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.95), total)
}

#[tokio::main]
async fn main() {
    let (url, _dir) = harness::fresh_database().await;
    let pool = DbPool::connect(&url, 4).await.unwrap();
    pool.migrate().await.unwrap();
    let backend = if pool.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let started = Instant::now();
    fill(&pool, "https://hub.example", "hub.example").await;
    println!(
        "backend: {backend}; {ENTRIES} entries saved in {:.1} s; {RUNS} runs per query",
        started.elapsed().as_secs_f64()
    );

    // A process's first search loads the in-memory copy of the directory's facets.
    let cache = FacetCache::default();
    let first = DirectoryQuery {
        limit: 20,
        facets: true,
        ..Default::default()
    };
    let mut conn = pool.get().await.unwrap();
    let t0 = Instant::now();
    directory_search::search(&mut conn, &cache, &first)
        .await
        .unwrap();
    println!(
        "first search of a process (loads the in-memory copy): {:.0} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    drop(conn);
    let page = |f: &dyn Fn(&mut DirectoryQuery)| {
        let mut q = DirectoryQuery {
            limit: 20,
            ..Default::default()
        };
        f(&mut q);
        q
    };
    let theme = |q: &mut DirectoryQuery| q.tags = vec![("theme".into(), "health-care".into())];
    let cases: Vec<(&str, DirectoryQuery)> = vec![
        ("no filter, page 1", page(&|_| {})),
        ("no filter, page 50", page(&|q| q.offset = 980)),
        ("one theme", page(&theme)),
        (
            "theme + country",
            page(&|q| {
                theme(q);
                q.countries = vec!["PT".into()];
            }),
        ),
        (
            "two themes + kind + local",
            page(&|q| {
                q.tags = vec![
                    ("theme".into(), "health-care".into()),
                    ("theme".into(), "science".into()),
                ];
                q.kind = Some(KIND_PROJECT.into());
                q.local_only = true;
            }),
        ),
        ("full text, one word", page(&|q| q.text = "energy".into())),
        (
            "full text, two words",
            page(&|q| q.text = "solar makers".into()),
        ),
        (
            "full text + theme",
            page(&|q| {
                q.text = "community".into();
                theme(q);
            }),
        ),
        (
            "expertise tag",
            page(&|q| q.tags = vec![("expertise".into(), "funding".into())]),
        ),
    ];
    println!("| query | matches | page p50 | page p95 | with facets p50 | with facets p95 |");
    println!("|---|---|---|---|---|---|");
    let mut slow = Vec::new();
    for (name, mut query) in cases {
        let (p50, p95, total) = time(&pool, &cache, &query).await;
        query.facets = true;
        let (f50, f95, _) = time(&pool, &cache, &query).await;
        println!("| {name} | {total} | {p50:.1} ms | {p95:.1} ms | {f50:.1} ms | {f95:.1} ms |");
        if f95 > TARGET_MS {
            slow.push(name);
        }
    }
    let mut conn = pool.get().await.unwrap();
    let export = DirectoryQuery {
        limit: 10_000,
        ..Default::default()
    };
    let t0 = Instant::now();
    let rows = directory_search::search(&mut conn, &cache, &export)
        .await
        .unwrap()
        .hits
        .len();
    println!(
        "export of {rows} rows (one run): {:.0} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    // A search right after an entry changed catches up with the change log first.
    let mut samples = Vec::with_capacity(RUNS);
    let ids: Vec<i64> = directory_search::search(&mut conn, &cache, &export)
        .await
        .unwrap()
        .hits
        .iter()
        .map(|h| h.actor.id)
        .collect();
    for i in 0..RUNS {
        directory_facets::log_change(&mut conn, ids[i * 97 % ids.len()])
            .await
            .unwrap();
        let t0 = Instant::now();
        directory_search::search(&mut conn, &cache, &first)
            .await
            .unwrap();
        samples.push(t0.elapsed());
    }
    samples.sort();
    let (c50, c95) = (percentile(&samples, 0.5), percentile(&samples, 0.95));
    println!("search with facets right after an entry changed: p50 {c50:.1} ms, p95 {c95:.1} ms");
    if slow.is_empty() {
        println!("every query with facets: p95 under {TARGET_MS} ms");
    } else {
        println!("over {TARGET_MS} ms at p95: {}", slow.join(", "));
    }
}
