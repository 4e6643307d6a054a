//! Events calendar benchmark (not a test): `cargo bench --bench events`.
//!
//! Starts one hub in-process (`tests/harness`: a fresh SQLite database, or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set) and fills it with 10,000 events by 500 organisers (a
//! fifth remote), from six months ago to eighteen months ahead, each made by the event
//! form's `validate` and stored with `Event::insert`. Then times, 50 runs each after a
//! warm-up: calendar pages as the JSON API serves them (filter parsed from the query
//! string, the page with organisers and tags, serialised), the month view's query, the
//! hub's iCalendar document (up to 2,000 events) and the Atom feed of the 30 newest. Calls
//! the services directly, without HTTP.

#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use chrono::{Datelike, Duration as Span, NaiveDate, NaiveTime, TimeZone};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use scoped_futures::ScopedFutureExt;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::time::{Duration, Instant};
use tessera::api::events::{CalendarPage, EventView, PAGE_SIZE};
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::event::{
    CalendarFilter, Event, EventForm, Tags, FACET_HASHTAG, JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_FREE,
    JOIN_NONE, STATUS_CANCELLED, STATUS_POSTPONED, STATUS_TENTATIVE,
};
use tessera::db::{DbError, DbPool};
use tessera::services::calendars::{self, cal_event};
use tessera::services::event_feeds::{self, MAX_ICS_EVENTS};
use tessera::services::events::{self, EventDetails, EventInput};
use tessera::services::{ical, instance};
use tessera::state::Ctx;
use tessera::vocabulary as vocab;

const EVENTS: usize = 10_000;
const ORGANISERS: usize = 500;
const BATCH: usize = 500;
const WARMUP: usize = 3;
const RUNS: usize = 50;
/// What the month view asks for (`MONTH_LIMIT` in src/web/events.rs).
const MONTH_LIMIT: i64 = 1000;
/// What the hub's iCalendar route adds without `from` (`ICS_HISTORY_DAYS`).
const ICS_HISTORY_DAYS: i64 = 90;

/// (country, town, zone, latitude, longitude, usual language)
const TOWNS: &[(&str, &str, &str, f64, f64, &str)] = &[
    ("PT", "Lisboa", "Europe/Lisbon", 38.72, -9.14, "pt"),
    ("PT", "Porto", "Europe/Lisbon", 41.15, -8.61, "pt"),
    ("ES", "Madrid", "Europe/Madrid", 40.42, -3.70, "es"),
    ("ES", "Barcelona", "Europe/Madrid", 41.39, 2.17, "es"),
    ("FR", "Paris", "Europe/Paris", 48.86, 2.35, "fr"),
    ("FR", "Lyon", "Europe/Paris", 45.76, 4.84, "fr"),
    ("BE", "Bruxelles", "Europe/Brussels", 50.85, 4.35, "fr"),
    ("NL", "Amsterdam", "Europe/Amsterdam", 52.37, 4.90, "nl"),
    ("DE", "Berlin", "Europe/Berlin", 52.52, 13.40, "de"),
    ("DE", "München", "Europe/Berlin", 48.14, 11.58, "de"),
    ("IT", "Milano", "Europe/Rome", 45.46, 9.19, "it"),
    ("IT", "Roma", "Europe/Rome", 41.90, 12.50, "it"),
    ("AT", "Wien", "Europe/Vienna", 48.21, 16.37, "de"),
    ("PL", "Warszawa", "Europe/Warsaw", 52.23, 21.01, "pl"),
    ("EE", "Tallinn", "Europe/Tallinn", 59.44, 24.75, "et"),
    ("EE", "Tartu", "Europe/Tallinn", 58.38, 26.72, "et"),
    ("FI", "Helsinki", "Europe/Helsinki", 60.17, 24.94, "fi"),
    ("SE", "Stockholm", "Europe/Stockholm", 59.33, 18.07, "sv"),
    ("IE", "Dublin", "Europe/Dublin", 53.35, -6.26, "en"),
    ("GR", "Athína", "Europe/Athens", 37.98, 23.73, "el"),
];
/// Zones of online-only events.
const ONLINE_ZONES: &[&str] = &[
    "UTC",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Tallinn",
    "Europe/Helsinki",
    "Europe/Brussels",
    "Europe/London",
];
const LANGUAGES: &[&str] = &["en", "fr", "de", "es", "it", "pt", "nl", "pl", "et", "fi"];
const VENUES: &[&str] = &[
    "Community Centre",
    "Town Library",
    "Makerspace",
    "Co-working Loft",
    "City Hall, Room 2",
    "University Auditorium",
    "Neighbourhood House",
    "Repair Café",
    "Innovation Hub",
    "Old Market Hall",
];
const ADJECTIVES: &[&str] = &[
    "Open",
    "Civic",
    "Green",
    "Circular",
    "Digital",
    "Local",
    "Shared",
    "Inclusive",
    "Urban",
    "Rural",
    "Fair",
    "Solar",
];
const TOPICS: &[&str] = &[
    "Data",
    "Energy",
    "Food",
    "Care",
    "Housing",
    "Mobility",
    "Democracy",
    "Skills",
    "Water",
    "Culture",
    "Health",
    "Finance",
    "Repair",
];
const FORMATS: &[&str] = &[
    "Meetup",
    "Workshop",
    "Hackathon",
    "Conference",
    "Webinar",
    "Round Table",
    "Open Day",
    "Training",
    "Assembly",
    "Festival",
    "Study Circle",
];
const HASHTAGS: &[&str] = &[
    "opendata",
    "repaircafe",
    "civictech",
    "commons",
    "climate",
    "cooperatives",
    "foss",
    "participation",
    "citizenscience",
    "zerowaste",
];
const WORDS: &[&str] = &[
    "we",
    "will",
    "meet",
    "to",
    "discuss",
    "the",
    "next",
    "steps",
    "for",
    "our",
    "community",
    "project",
    "and",
    "share",
    "what",
    "we",
    "learned",
    "about",
    "energy",
    "housing",
    "data",
    "with",
    "neighbours",
    "volunteers",
    "students",
    "city",
    "council",
    "everyone",
    "is",
    "welcome",
    "bring",
    "a",
    "laptop",
    "ideas",
    "questions",
    "coffee",
    "provided",
    "session",
    "in",
    "small",
    "groups",
    "then",
    "a",
    "short",
    "presentation",
    "of",
    "results",
    "followed",
    "by",
    "an",
    "open",
    "discussion",
    "on",
    "funding",
    "tools",
    "and",
    "partners",
];

fn prose(rng: &mut StdRng, words: usize) -> String {
    let mut s: String = (0..words)
        .map(|_| *WORDS.choose(rng).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s + "."
}

struct Organiser {
    actor: Actor,
    town: usize,
}

async fn organisers(pool: &DbPool, base: &str, domain: &str) -> Vec<Organiser> {
    let mut rng = StdRng::seed_from_u64(11);
    let mut conn = pool.get().await.unwrap();
    let mut out = Vec::with_capacity(ORGANISERS);
    for i in 0..ORGANISERS {
        let kind = ["Person", "Group", "Organization"][rng.gen_range(0..3)];
        let local = i % 5 != 4;
        let username = format!("org{i}");
        let (domain, id) = if local {
            let path = match kind {
                "Person" => "users",
                "Group" => "projects",
                _ => "organisations",
            };
            (domain.to_string(), format!("{base}/{path}/{username}"))
        } else {
            let far = format!("far{}.example", i % 25);
            let id = format!("https://{far}/@{username}");
            (far, id)
        };
        let name = format!(
            "{} {} {}",
            ADJECTIVES.choose(&mut rng).unwrap(),
            TOPICS.choose(&mut rng).unwrap(),
            ["Lab", "Collective", "Network", "Cooperative", "Hub"][rng.gen_range(0..5)]
        );
        let form = ActorForm {
            ap_id: id.clone(),
            kind: kind.into(),
            username,
            domain,
            display_name: name,
            summary: format!("<p>{}</p>", prose(&mut rng, 20)),
            inbox_url: format!("{id}/inbox"),
            shared_inbox_url: None,
            outbox_url: None,
            followers_url: None,
            following_url: None,
            profile_url: Some(id),
            // Keys play no part in the calendar; generating 500 would take a while.
            public_key_pem: "bench".into(),
            private_key_pem: None,
            is_local: local,
            manually_approves_followers: false,
            discoverable: true,
            published: None,
            last_refreshed_at: tessera::db::now(),
        };
        out.push(Organiser {
            actor: Actor::insert(&mut conn, &form).await.unwrap(),
            town: rng.gen_range(0..TOWNS.len()),
        });
    }
    out
}

/// One generated event: key, row, tags.
fn event(rng: &mut StdRng, base: &str, organisers: &[Organiser]) -> (String, EventForm, Tags) {
    // Some organisers publish far more than others (the busiest about 60 events).
    let org = &organisers[(ORGANISERS as f64 * rng.gen::<f64>().powf(1.5)) as usize];
    let mut key_bytes = [0u8; 10];
    rng.fill(&mut key_bytes);
    let key = hex::encode(key_bytes);
    // A third online only, a third hybrid, a third in person; mostly in the organiser's town.
    let mode = rng.gen_range(0..3);
    let town = if rng.gen_bool(0.8) {
        org.town
    } else {
        rng.gen_range(0..TOWNS.len())
    };
    let (country, locality, zone, lat, lon, town_lang) = TOWNS[town];
    let zone = if mode == 0 {
        *ONLINE_ZONES.choose(rng).unwrap()
    } else {
        zone
    };
    let language = match rng.gen_range(0..20) {
        0 => String::new(),
        1 => ["pt-BR", "en-GB", "de-AT", "fr-BE"][rng.gen_range(0..4)].to_string(),
        2..=9 => "en".to_string(),
        10..=11 => LANGUAGES.choose(rng).unwrap().to_string(),
        _ => town_lang.to_string(),
    };
    // Between six months ago and eighteen months ahead, in daytime where it happens.
    let today = tessera::db::now().date();
    let day = today + Span::days(rng.gen_range(-183..=548));
    let start = day.and_hms_opt(rng.gen_range(8..=19), 15 * rng.gen_range(0..4), 0);
    let start = start.unwrap();
    let length = match rng.gen_range(0..10) {
        0..=6 => Span::minutes(30 * rng.gen_range(2..=8)),
        7..=8 => Span::hours(rng.gen_range(6..=9)),
        _ => Span::days(rng.gen_range(1..=3)) + Span::hours(rng.gen_range(0..=8)),
    };
    let wall = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
    let (join_mode, capacity) = match rng.gen_range(0..10) {
        0..=3 => (JOIN_FREE, Some(rng.gen_range(10..=200))),
        4..=5 => (JOIN_APPROVAL, Some(rng.gen_range(10..=60))),
        6 => (JOIN_EXTERNAL, None),
        7 => (JOIN_FREE, None),
        _ => (JOIN_NONE, None),
    };
    let status = match rng.gen_range(0..100) {
        0..=4 => STATUS_CANCELLED,
        5..=9 => STATUS_TENTATIVE,
        10..=11 => STATUS_POSTPONED,
        _ => "scheduled",
    };
    let physical = mode != 0;
    let online = mode != 1;
    let coordinates = physical && rng.gen_bool(0.6);
    let words = rng.gen_range(30..=120);
    let mut description = prose(rng, words);
    for _ in 0..rng.gen_range(0..=2) {
        let words = rng.gen_range(20..=80);
        description.push_str("\n\n");
        description.push_str(&prose(rng, words));
    }
    if rng.gen_bool(0.3) {
        description.push_str("\n\n- welcome and introductions\n- talks\n- open discussion");
    }
    let themes = rng.gen_range(1..=3);
    let hashtags = rng.gen_range(0..=2);
    let input = EventInput {
        title: format!(
            "{} {} {}",
            ADJECTIVES.choose(rng).unwrap(),
            TOPICS.choose(rng).unwrap(),
            FORMATS.choose(rng).unwrap()
        ),
        description,
        starts: wall(start),
        ends: wall(start + length),
        time_zone: zone.into(),
        place_name: if physical {
            VENUES.choose(rng).unwrap().to_string()
        } else {
            String::new()
        },
        street: if physical {
            format!(
                "Rua {} {}",
                TOPICS.choose(rng).unwrap(),
                rng.gen_range(1..200)
            )
        } else {
            String::new()
        },
        postal_code: if physical {
            format!("{:05}", rng.gen_range(1000..99999))
        } else {
            String::new()
        },
        locality: if physical {
            locality.into()
        } else {
            String::new()
        },
        country: if physical {
            country.into()
        } else {
            String::new()
        },
        latitude: coordinates.then_some(lat),
        longitude: coordinates.then_some(lon),
        online_url: if online {
            format!("https://meet.example/{key}")
        } else {
            String::new()
        },
        category: if rng.gen_bool(0.8) {
            vocab::EVENT_CATEGORIES.choose(rng).unwrap().to_string()
        } else {
            String::new()
        },
        themes: (vocab::THEMES.choose_multiple(rng, themes))
            .map(|t| t.to_string())
            .collect(),
        language,
        status: status.into(),
        join_mode: join_mode.into(),
        external_url: if join_mode == JOIN_EXTERNAL {
            format!("https://tickets.example/{key}")
        } else {
            String::new()
        },
        capacity,
        ..Default::default()
    };
    let (mut form, mut tags) = events::validate(&input).expect("valid event");
    let a = &org.actor;
    form.organizer_id = a.id;
    form.is_local = a.is_local;
    form.ap_id = if a.is_local {
        format!("{base}/events/{key}")
    } else {
        format!("https://{}/events/{key}", a.domain)
    };
    form.url = Some(form.ap_id.clone());
    form.creator_id = (a.is_local && a.kind == "Person").then_some(a.id);
    let now = tessera::db::now();
    let published = (form.starts_at - Span::days(rng.gen_range(2..=120)))
        .min(now - Span::minutes(rng.gen_range(1..=10_000)));
    form.published = published;
    if rng.gen_bool(0.25) {
        form.updated = Some((published + Span::hours(rng.gen_range(1..=500))).min(now));
    }
    form.participant_count = match capacity {
        Some(c) => rng.gen_range(0..=c),
        None => rng.gen_range(0..=40),
    };
    for tag in HASHTAGS.choose_multiple(rng, hashtags) {
        tags.push((FACET_HASHTAG.into(), tag.to_string()));
    }
    (key, form, tags)
}

async fn fill(pool: &DbPool, base: &str, organisers: &[Organiser]) {
    let mut rng = StdRng::seed_from_u64(7);
    let all: Vec<_> = (0..EVENTS)
        .map(|_| event(&mut rng, base, organisers))
        .collect();
    for batch in all.chunks(BATCH) {
        let mut conn = pool.get().await.unwrap();
        conn.transaction::<_, DbError, _>(|c| {
            async move {
                for (key, form, tags) in batch {
                    Event::insert(c, key, form, tags).await?.expect("new event");
                }
                Ok(())
            }
            .scope_boxed()
        })
        .await
        .unwrap();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

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
    let (m50, m95, got) = time(|| async {
        events::calendar(ctx, &filter, MONTH_LIMIT, 0)
            .await
            .unwrap()
            .0
    })
    .await;
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
        event_feeds::calendar_ics(ctx, &name, &filter)
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
