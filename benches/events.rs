//! Events calendar benchmark (not a test): `cargo bench --bench events`.
//!
//! Starts one hub in-process (`tests/harness`: a fresh SQLite database, or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set) and fills it with the events data set
//! (`benches/data/events.rs`: 10,000 events by 500 organisers). Then times, 50 runs each after a
//! warm-up: calendar pages as the JSON API serves them (filter parsed from the query
//! string, the page with organisers and tags, serialised), the month view's query, the
//! hub's iCalendar document (up to 2,000 events) and the Atom feed of the 30 newest. Calls
//! the services directly, without HTTP.

#[path = "data/mod.rs"]
mod data;
#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use chrono::{Datelike, Duration as Span, NaiveDate, NaiveTime, TimeZone};
use data::events::{fill, organisers, EVENTS, ORGANISERS};
use data::percentile;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::time::Instant;
use tessera::api::events::{CalendarPage, EventView, PAGE_SIZE};
use tessera::db::models::actor::Actor;
use tessera::db::models::event::{CalendarFilter, Event};
use tessera::services::calendars::{self, cal_event};
use tessera::services::event_feeds::{self, MAX_ICS_EVENTS};
use tessera::services::events::{self, EventDetails};
use tessera::services::{ical, instance};
use tessera::state::Ctx;

const WARMUP: usize = 3;
const RUNS: usize = 50;
/// What the month view asks for (`MONTH_LIMIT` in src/web/events.rs).
const MONTH_LIMIT: i64 = 1000;
/// What the hub's iCalendar route adds without `from` (`ICS_HISTORY_DAYS`).
const ICS_HISTORY_DAYS: i64 = 90;

/// p50 and p95 in milliseconds over RUNS runs after WARMUP, and the last run's result.
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
    let (p50, p95) = (percentile(&samples, 0.5), percentile(&samples, 0.95));
    (p50, p95, last.unwrap())
}

fn params(query: &str) -> Vec<(String, String)> {
    tessera::text::query_pairs(Some(query))
}

/// `GET /api/v1/events?<query>` without HTTP: the handler's calls, serialised.
async fn api_page(ctx: &Ctx, query: &[(String, String)]) -> usize {
    let (filter, page) = calendars::parse_filter(ctx, query).await.unwrap();
    let (items, total) = events::calendar(ctx, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await
        .unwrap();
    let body = CalendarPage {
        total,
        page,
        limit: PAGE_SIZE,
        items: items.iter().map(|d| EventView::new(ctx, d)).collect(),
    };
    serde_json::to_vec(&body).unwrap().len()
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
    let orgs = organisers(pool, &base, &ctx.config.server.domain).await;
    fill(pool, &base, &orgs).await;
    println!(
        "backend: {backend}; {ORGANISERS} organisers and {EVENTS} events saved in {:.1} s; \
         {RUNS} runs per case after {WARMUP} warm-up runs",
        started.elapsed().as_secs_f64()
    );

    // The busiest local organiser, for the organiser filter.
    let mut conn = pool.get().await.unwrap();
    let mut busiest = (0, &orgs[0].actor);
    for o in orgs.iter().filter(|o| o.actor.is_local) {
        let n = Event::of_organizer(&mut conn, o.actor.id)
            .await
            .unwrap()
            .len();
        if n > busiest.0 {
            busiest = (n, &o.actor);
        }
    }
    drop(conn);
    let today = tessera::db::now().date();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let next = (first + Span::days(32)).with_day(1).unwrap();
    let after = (next + Span::days(32)).with_day(1).unwrap();
    let month = format!("from={next}&to={}", after.pred_opt().unwrap());
    let organiser = format!("organizer={}", busiest.1.username);
    let cases: Vec<(&str, String)> = vec![
        ("upcoming, page 1", String::new()),
        ("upcoming, page 20", "page=20".into()),
        ("one theme", "theme=health-care".into()),
        ("theme + country", "theme=health-care&country=PT".into()),
        ("mode=online", "mode=online".into()),
        ("one month (from/to)", month),
        ("one organiser", organiser),
        ("language + local only", "language=pt&local=1".into()),
    ];

    println!(
        "rows: Event::calendar (count and page of {PAGE_SIZE}); with organisers+tags: \
         services::events::calendar; as the API: the filter parsed from the query string, \
         the page, EventViews and JSON"
    );
    println!(
        "| case (API query) | matches | rows p50 | rows p95 | with organisers+tags p50 | p95 \
         | as the API (JSON) p50 | p95 | JSON bytes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, query) in &cases {
        let query = params(query);
        let (filter, page) = calendars::parse_filter(ctx, &query).await.unwrap();
        let offset = (page - 1) * PAGE_SIZE;
        let (r50, r95, total) = time(|| async {
            let mut conn = pool.get().await.unwrap();
            Event::calendar(&mut conn, &filter, PAGE_SIZE, offset)
                .await
                .unwrap()
                .1
        })
        .await;
        let (s50, s95, _) = time(|| async {
            events::calendar(ctx, &filter, PAGE_SIZE, offset)
                .await
                .unwrap()
        })
        .await;
        let (a50, a95, bytes) = time(|| api_page(ctx, &query)).await;
        println!(
            "| {name} | {total} | {r50:.1} ms | {r95:.1} ms | {s50:.1} ms | {s95:.1} ms \
             | {a50:.1} ms | {a95:.1} ms | {bytes} |"
        );
    }

    // The month view: the reader's month (Europe/Brussels by default), up to 1,000 events.
    let brussels = chrono_tz::Europe::Brussels;
    let midnight = |d: NaiveDate| {
        brussels
            .from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .unwrap()
            .naive_utc()
    };
    let filter = CalendarFilter {
        from: Some(midnight(next)),
        until: Some(midnight(after)),
        ..Default::default()
    };
    // As the page asks for it: without counting the matches.
    let (m50, m95, got) =
        time(|| async { events::first(ctx, &filter, MONTH_LIMIT).await.unwrap() }).await;
    let distinct: BTreeSet<i64> = got.iter().map(|d| d.event.organizer_id).collect();
    println!(
        "month view query ({next}, up to {MONTH_LIMIT}): {} events by {} organisers, with \
         organisers and tags, p50 {m50:.1} ms, p95 {m95:.1} ms",
        got.len(),
        distinct.len()
    );

    // The hub's iCalendar document: /events/calendar.ics without parameters.
    let mut filter = calendars::parse_filter(ctx, &[]).await.unwrap().0;
    filter.from = Some(tessera::db::now() - Span::days(ICS_HISTORY_DAYS));
    let name = instance::effective(ctx).await.unwrap().name;
    let (i50, i95, doc) = time(|| async {
        event_feeds::calendar_ics(ctx, &name, &filter, Vec::new())
            .await
            .unwrap()
    })
    .await;
    let (items, matching): (Vec<EventDetails>, i64) =
        events::calendar(ctx, &filter, MAX_ICS_EVENTS, 0)
            .await
            .unwrap();
    let organisers: BTreeSet<i64> = items.iter().map(|d| d.event.organizer_id).collect();
    let zones: BTreeSet<&str> = items.iter().map(|d| d.event.time_zone.as_str()).collect();
    println!(
        "hub iCalendar ({} of {matching} events, {} organisers, {} zones): {} bytes, \
         p50 {i50:.1} ms, p95 {i95:.1} ms",
        items.len(),
        organisers.len(),
        zones.len(),
        doc.len()
    );
    // Where that time goes: the same calls one by one.
    let ids: Vec<i64> = items.iter().map(|d| d.event.id).collect();
    let (q50, q95, _) = time(|| async {
        let mut conn = pool.get().await.unwrap();
        Event::calendar(&mut conn, &filter, MAX_ICS_EVENTS, 0)
            .await
            .unwrap()
    })
    .await;
    let (t50, t95, tag_rows) = time(|| async {
        let mut conn = pool.get().await.unwrap();
        Event::tags_of(&mut conn, &ids).await.unwrap().len()
    })
    .await;
    let (o50, o95, _) = time(|| async {
        let mut conn = pool.get().await.unwrap();
        let mut found = HashMap::new();
        for id in &organisers {
            found.insert(*id, Actor::find(&mut conn, *id).await.unwrap());
        }
        found.len()
    })
    .await;
    let (d50, d95, _) = time(|| async {
        events::calendar(ctx, &filter, MAX_ICS_EVENTS, 0)
            .await
            .unwrap()
    })
    .await;
    let (c50, c95, _) = time(|| async { items.iter().map(cal_event).collect::<Vec<_>>() }).await;
    let cal: Vec<_> = items.iter().map(cal_event).collect();
    let (g50, g95, _) = time(|| async { ical::calendar(&name, &cal).len() }).await;
    let mut utc: Vec<_> = items.iter().map(cal_event).collect();
    for c in &mut utc {
        c.time_zone.clear();
    }
    let (u50, u95, _) = time(|| async { ical::calendar(&name, &utc).len() }).await;
    println!(
        "  rows (count + {} rows): p50 {q50:.1} ms, p95 {q95:.1} ms",
        items.len()
    );
    println!("  tags of those events ({tag_rows} rows): p50 {t50:.1} ms, p95 {t95:.1} ms");
    println!(
        "  organisers, one query each ({}): p50 {o50:.1} ms, p95 {o95:.1} ms",
        organisers.len()
    );
    println!(
        "  events::calendar (the three above and matching tags to events): p50 {d50:.1} ms, \
         p95 {d95:.1} ms"
    );
    println!(
        "  cal_event for each (description HTML to text with ammonia): p50 {c50:.1} ms, \
         p95 {c95:.1} ms"
    );
    println!("  ical::calendar (VTIMEZONEs, VEVENTs, folding): p50 {g50:.1} ms, p95 {g95:.1} ms");
    println!(
        "  ical::calendar with every zone cleared (UTC times, no VTIMEZONE): p50 {u50:.1} ms, \
         p95 {u95:.1} ms"
    );

    // The Atom feed of the newest events.
    let (f50, f95, feed) = time(|| async { event_feeds::events_feed(ctx).await.unwrap() }).await;
    println!(
        "Atom feed ({} newest): {} bytes, p50 {f50:.1} ms, p95 {f95:.1} ms",
        event_feeds::FEED_SIZE,
        feed.xml.len()
    );
}
