//! Funding calls benchmark (not a test): `cargo bench --bench calls`.
//!
//! Starts one hub in-process (a fresh SQLite database, or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set) and fills it with 10,000 calls by 500 publishers (a
//! fifth remote), each made by the call form's `validate` and stored with
//! `FundingCall::insert`: programmes, kinds, one to three deadlines from two years ago to two
//! years ahead, eligible countries (a third EU-27, a third open to all), organisation types,
//! themes, SDGs, languages. Then times, 50 runs each after a warm-up, every query the calls
//! page and the API make, as the API serves them (filter parsed from the query string, the
//! page with publishers, deadlines and tags, `CallView`s, JSON); a filtered export; "calls
//! for you" of an organisation; the calls calendar. Calls the services directly, without
//! HTTP.

#[path = "data/mod.rs"]
mod data;
#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use data::events::organisers;
use data::percentile;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use scoped_futures::ScopedFutureExt;
use std::future::Future;
use std::time::Instant;
use tessera::db::models::funding_call::FundingCall;
use tessera::db::DbError;
use tessera::services::call_feeds::{self, DeadlineFilter};
use tessera::services::funding_calls::{self as calls, CallInput, DeadlineInput};
use tessera::state::Ctx;
use tessera::vocabulary as vocab;

const CALLS: usize = 10_000;
const BATCH: usize = 500;
const WARMUP: usize = 3;
const RUNS: usize = 50;
const PAGE_SIZE: i64 = 50;

const WORDS: &[&str] = &[
    "care",
    "community",
    "digital",
    "skills",
    "housing",
    "energy",
    "food",
    "inclusion",
    "migrants",
    "youth",
    "elderly",
    "cooperative",
    "social",
    "economy",
    "training",
    "pilot",
    "scaling",
    "innovation",
    "health",
    "climate",
    "mobility",
    "culture",
    "education",
    "data",
];

async fn time<T, F, Fut>(mut run: F) -> (f64, f64, T)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    for _ in 0..WARMUP {
        run().await;
    }
    let mut samples = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let out = run().await;
        samples.push(t0.elapsed());
        last = Some(out);
    }
    samples.sort();
    (
        percentile(&samples, 0.5),
        percentile(&samples, 0.95),
        last.unwrap(),
    )
}

fn sentence(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| *WORDS.choose(rng).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Between `lo` and `hi - 1` codes of `list`.
fn pick(rng: &mut StdRng, list: &[&str], lo: usize, hi: usize) -> Vec<String> {
    let count = rng.gen_range(lo..hi);
    list.choose_multiple(rng, count)
        .map(|c| c.to_string())
        .collect()
}

/// One generated call, as the form would give it.
fn input(rng: &mut StdRng) -> CallInput {
    let now = tessera::db::now();
    let first = now + chrono::Duration::days(rng.gen_range(-730..730));
    let stages = rng.gen_range(1..=3);
    let deadlines = (0..stages)
        .map(|i| DeadlineInput {
            label: format!("Stage {}", i + 1),
            due: (first + chrono::Duration::days(60 * i))
                .format("%Y-%m-%dT17:00")
                .to_string(),
        })
        .collect();
    let countries: Vec<String> = match rng.gen_range(0..3) {
        0 => vec!["EU27".into()],
        1 => vec![],
        _ => pick(rng, vocab::EU27, 1, 5),
    };
    let types: Vec<String> = if rng.gen_bool(0.5) {
        vec![]
    } else {
        pick(rng, vocab::ORGANISATION_TYPES, 1, 4)
    };
    let amount = rng.gen_range(1..100) * 5_000;
    CallInput {
        publisher: String::new(),
        title: format!("{} {}", sentence(rng, 3), rng.gen_range(0..1000)),
        summary: sentence(rng, 15),
        description: sentence(rng, 80),
        programme: vocab::PROGRAMMES.choose(rng).unwrap().to_string(),
        kind: vocab::CALL_KINDS.choose(rng).unwrap().to_string(),
        amount_min: Some(amount / 5),
        amount_max: Some(amount),
        currency: "EUR".into(),
        cofunding_rate: Some(rng.gen_range(50..=100)),
        opens: (first - chrono::Duration::days(rng.gen_range(10..120)))
            .format("%Y-%m-%dT09:00")
            .to_string(),
        time_zone: "Europe/Brussels".into(),
        deadlines,
        countries,
        organisation_types: types,
        themes: pick(rng, vocab::THEMES, 1, 4),
        sdgs: pick(rng, vocab::SDGS, 0, 3),
        languages: vec![["en", "fr", "de", "pt", "es"]
            .choose(rng)
            .unwrap()
            .to_string()],
        link: "https://fund.example/call".into(),
        contact: "calls@fund.example".into(),
    }
}

async fn api(ctx: &Ctx, query: &str) -> (i64, usize) {
    let pairs = tessera::text::query_pairs(Some(query));
    let (filter, page) = calls::query_filter(ctx, &pairs).await.unwrap();
    let (items, total) = calls::list(ctx, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await
        .unwrap();
    let views: Vec<_> = items
        .iter()
        .map(|d| tessera::api::funding_calls::CallView::new(ctx, d))
        .collect();
    (total, serde_json::to_vec(&views).unwrap().len())
}

#[tokio::main]
async fn main() {
    let mut net = harness::Network::bind(&["hub.test"]).await;
    let hub = net.start_hub("hub.test").await;
    let ctx = &hub.ctx;
    let pool = &ctx.pool;
    let base = ctx.config.base_url();
    let backend = if pool.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let started = Instant::now();
    let publishers = organisers(pool, &base, &ctx.config.server.domain).await;
    let mut rng = StdRng::seed_from_u64(22);
    let mut rows = Vec::with_capacity(CALLS);
    for i in 0..CALLS {
        let p = &publishers[rng.gen_range(0..publishers.len())].actor;
        let (mut form, deadlines, tags) = calls::validate(&input(&mut rng)).expect("valid");
        let key = format!("{i:020}");
        form.ap_id = if p.is_local {
            format!("{base}/calls/{key}")
        } else {
            format!("https://{}/calls/{key}", p.domain)
        };
        form.is_local = p.is_local;
        form.publisher_id = p.id;
        rows.push((key, form, deadlines, tags));
    }
    for batch in rows.chunks(BATCH) {
        let mut conn = pool.get().await.unwrap();
        conn.transaction::<_, DbError, _>(|c| {
            async move {
                for (key, form, deadlines, tags) in batch {
                    FundingCall::insert(c, key, form, deadlines, tags)
                        .await?
                        .expect("new");
                }
                Ok(())
            }
            .scope_boxed()
        })
        .await
        .unwrap();
    }
    // An NGO in Portugal on health and care, for "calls for you".
    let ana = hub.create_user("ana").await;
    let org = tessera::services::entries::create(
        ctx,
        &ana,
        "organisation",
        tessera::services::entries::EntryInput {
            handle: "cuidar".into(),
            name: "Cuidar".into(),
            org_type: Some("ngo-association".into()),
            country: Some("pt".into()),
            themes: vec!["health-care".into()],
            ..Default::default()
        },
    )
    .await
    .expect("organisation");
    data::analyze(pool).await;
    println!(
        "backend: {backend}; {CALLS} calls by {} publishers saved in {:.1} s; {RUNS} runs per \
         case after {WARMUP} warm-up runs",
        publishers.len(),
        started.elapsed().as_secs_f64()
    );
    let publisher = publishers
        .iter()
        .find(|p| p.actor.is_local)
        .map(|p| format!("@{}", p.actor.username))
        .unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("open or forthcoming, page 1", String::new()),
        ("page 20", "page=20".into()),
        ("status=open", "status=open".into()),
        ("status=closed", "status=closed".into()),
        ("programme + kind", "programme=esf-plus&kind=grant".into()),
        ("country", "country=PT".into()),
        (
            "country + org type + theme",
            "country=PT&org_type=ngo-association&theme=health-care".into(),
        ),
        ("deadline within 30 days", "deadline=30".into()),
        ("sdg + language", "sdg=3&language=fr".into()),
        (
            "one publisher, all",
            format!("publisher={publisher}&status=all"),
        ),
        ("search: one word", "q=care".into()),
        (
            "search: two words + country",
            "q=digital+skills&country=EE".into(),
        ),
        ("search, all statuses", "q=housing&status=all".into()),
    ];
    println!(
        "| case (API query) | matches | count p50 | page p50 | as the API p50 ms | p95 ms | JSON bytes |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for (name, query) in &cases {
        let pairs = tessera::text::query_pairs(Some(query));
        let (filter, page) = calls::query_filter(ctx, &pairs).await.unwrap();
        let (count50, _, _) = time(|| async {
            let mut conn = pool.get().await.unwrap();
            FundingCall::count(&mut conn, &filter).await.unwrap()
        })
        .await;
        let (page50, _, _) = time(|| async {
            let mut conn = pool.get().await.unwrap();
            FundingCall::page(&mut conn, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
                .await
                .unwrap()
                .len()
        })
        .await;
        let (p50, p95, (total, bytes)) = time(|| api(ctx, query)).await;
        worst = worst.max(p95);
        println!(
            "| {name} (`{query}`) | {total} | {count50:.2} | {page50:.2} | {p50:.2} | {p95:.2} | {bytes} |"
        );
    }
    let (p50, p95, n) = time(|| async {
        let pairs = tessera::text::query_pairs(Some("country=EE&theme=health-care"));
        let (filter, _) = calls::query_filter(ctx, &pairs).await.unwrap();
        let (items, _) = calls::list(ctx, &filter, 10_000, 0).await.unwrap();
        call_feeds::to_csv(ctx, &items).len()
    })
    .await;
    worst = worst.max(p95);
    println!("| CSV export, one country and theme | | {p50:.2} | {p95:.2} | {n} |");
    let (p50, p95, n) =
        time(|| async { calls::for_entry(ctx, &org.1, 5).await.unwrap().len() }).await;
    worst = worst.max(p95);
    println!("| calls for you (an NGO in PT) | {n} | {p50:.2} | {p95:.2} | |");
    let (p50, p95, n) = time(|| async {
        call_feeds::calendar_ics(
            ctx,
            &DeadlineFilter {
                theme: Some("health-care".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .len()
    })
    .await;
    worst = worst.max(p95);
    println!("| calls calendar, one theme (iCal) | | {p50:.2} | {p95:.2} | {n} |");
    let (p50, p95, n) = time(|| async {
        let pairs = tessera::text::query_pairs(Some("status=all"));
        let (filter, _) = calls::query_filter(ctx, &pairs).await.unwrap();
        let (items, _) = calls::list(ctx, &filter, 10_000, 0).await.unwrap();
        call_feeds::to_csv(ctx, &items).len()
    })
    .await;
    println!("| (not a query) CSV export of all 10,000 | | {p50:.2} | {p95:.2} | {n} |");
    println!("worst p95 over the queries: {worst:.2} ms");
}
