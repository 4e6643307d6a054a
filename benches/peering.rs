//! Peering backfill benchmark (not a test): `cargo bench --bench peering`.
//!
//! Starts two hubs in-process (`tests/harness`: each a fresh SQLite database, or PostgreSQL
//! when TESSERA_TEST_DATABASE_URL is set), fills hub B with 10,000 public items (1,000
//! projects and organisations stored with `Actor::insert` + `DirectoryEntry::save`, all
//! sharing one generated RSA key pair, and 9,000 events by them, made by the event form's
//! `validate` and stored with `Event::insert`), then:
//!
//! 1. reads B's item collection (`/actor/items`) page by page over HTTP, to time what
//!    serving it costs B alone;
//! 2. times pages of hub A (`/`, `/directory`, `/events`), requested one after another,
//!    while A is idle and empty;
//! 3. has an admin of A peer with B (`services::peering::add`) and measures the backfill
//!    until `peering::list` on A shows it "done" with every item counted, while the same
//!    pages of A are requested continuously;
//! 4. times the same pages again, idle, with A holding B's 10,000 items.

#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use chrono::Duration as Span;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use scoped_futures::ScopedFutureExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tessera::config::Config;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::entry::{DirectoryEntry, EntryForm, KIND_ORGANISATION, KIND_PROJECT};
use tessera::db::models::event::Event;
use tessera::db::{DbError, DbPool};
use tessera::services::events::{self, EventInput};
use tessera::services::{peering, users};
use tessera::vocabulary as vocab;

const ENTRIES: usize = 1_000;
const EVENTS: usize = 9_000;
const BATCH: usize = 500;
/// Requests per page when A is idle.
const IDLE_RUNS: usize = 60;
/// Pages of A requested in turn, by the load generator.
const PAGES: &[&str] = &["/", "/directory", "/events"];
const COUNTRIES: &[&str] = &[
    "PT", "ES", "FR", "BE", "NL", "DE", "IT", "AT", "PL", "EE", "FI",
];
const ZONES: &[&str] = &[
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Tallinn",
    "UTC",
];
const WORDS: &[&str] = &[
    "open",
    "civic",
    "green",
    "circular",
    "data",
    "energy",
    "food",
    "care",
    "housing",
    "repair",
    "community",
    "project",
    "neighbours",
    "volunteers",
    "city",
    "council",
    "workshop",
    "meet",
    "share",
    "learn",
    "commons",
    "cooperative",
    "solar",
    "water",
    "skills",
    "culture",
    "local",
];

fn prose(rng: &mut StdRng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| *WORDS.choose(rng).unwrap()).collect();
    s[0] = "We";
    s.join(" ") + "."
}

fn title(rng: &mut StdRng) -> String {
    let w: Vec<&str> = WORDS.choose_multiple(rng, 3).copied().collect();
    let mut t = w.join(" ");
    t[..1].make_ascii_uppercase();
    t
}

/// An entry to save: actor, entry, tags.
type NewEntry = (ActorForm, EntryForm, Vec<(String, String)>);

/// B's projects and organisations: local actors sharing one key pair.
async fn fill_entries(pool: &DbPool, base: &str, domain: &str) -> Vec<Actor> {
    let keys = users::generate_keys().await.unwrap();
    let mut rng = StdRng::seed_from_u64(3);
    let all: Vec<NewEntry> = (0..ENTRIES)
        .map(|i| {
            let project = i % 3 != 0;
            let username = format!("e{i}");
            let id = format!(
                "{base}/{}/{username}",
                if project { "projects" } else { "organisations" }
            );
            let actor = ActorForm {
                ap_id: id.clone(),
                kind: if project { "Group" } else { "Organization" }.into(),
                username,
                domain: domain.into(),
                display_name: title(&mut rng),
                summary: format!("<p>{}</p>", prose(&mut rng, 15)),
                inbox_url: format!("{id}/inbox"),
                shared_inbox_url: Some(format!("{base}/inbox")),
                outbox_url: Some(format!("{id}/outbox")),
                followers_url: Some(format!("{id}/followers")),
                following_url: Some(format!("{id}/following")),
                profile_url: Some(id),
                public_key_pem: keys.public_key.clone(),
                private_key_pem: Some(keys.private_key.clone()),
                is_local: true,
                manually_approves_followers: false,
                discoverable: true,
                published: Some(tessera::db::now()),
                last_refreshed_at: tessera::db::now(),
                domain_limited: false,
            };
            let description = prose(&mut rng, 60);
            let form = EntryForm {
                entry_kind: if project {
                    KIND_PROJECT
                } else {
                    KIND_ORGANISATION
                }
                .into(),
                description_html: format!("<p>{description}</p>"),
                description_source: description,
                website: None,
                country: Some(COUNTRIES.choose(&mut rng).unwrap().to_string()),
                region: String::new(),
                latitude: None,
                longitude: None,
                status: project.then(|| {
                    vocab::PROJECT_STATUSES
                        .choose(&mut rng)
                        .unwrap()
                        .to_string()
                }),
                start_date: None,
                end_date: None,
                social_impact: String::new(),
                beneficiaries: String::new(),
                org_type: (!project).then(|| {
                    vocab::ORGANISATION_TYPES
                        .choose(&mut rng)
                        .unwrap()
                        .to_string()
                }),
                org_size: None,
            };
            let themes = rng.gen_range(1..=3);
            let mut tags: Vec<(String, String)> = vocab::THEMES
                .choose_multiple(&mut rng, themes)
                .map(|t| ("theme".to_string(), t.to_string()))
                .collect();
            tags.extend(
                vocab::SDGS
                    .choose_multiple(&mut rng, 2)
                    .map(|t| ("sdg".to_string(), t.to_string())),
            );
            (actor, form, tags)
        })
        .collect();
    let mut actors = Vec::with_capacity(ENTRIES);
    for batch in all.chunks(BATCH) {
        let mut conn = pool.get().await.unwrap();
        let saved = conn
            .transaction::<_, DbError, _>(|c| {
                async move {
                    let mut saved = Vec::new();
                    for (actor, form, tags) in batch {
                        let actor = Actor::insert(c, actor).await?;
                        DirectoryEntry::save(c, &actor, form, tags).await?;
                        saved.push(actor);
                    }
                    Ok(saved)
                }
                .scope_boxed()
            })
            .await
            .unwrap();
        actors.extend(saved);
    }
    actors
}

/// B's events, organised by its projects and organisations.
async fn fill_events(pool: &DbPool, base: &str, organisers: &[Actor]) {
    let mut rng = StdRng::seed_from_u64(5);
    let today = tessera::db::now().date();
    let all: Vec<_> = (0..EVENTS)
        .map(|i| {
            let org = organisers.choose(&mut rng).unwrap();
            let key = format!("ev{i:05}");
            let day = today + Span::days(rng.gen_range(-90..=365));
            let start = day.and_hms_opt(rng.gen_range(8..=19), 0, 0).unwrap();
            let end = start + Span::minutes(30 * rng.gen_range(2..=8));
            let wall = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
            let physical = rng.gen_bool(0.6);
            let (words, themes) = (rng.gen_range(30..=120), rng.gen_range(1..=3));
            let input = EventInput {
                title: title(&mut rng),
                description: prose(&mut rng, words),
                starts: wall(start),
                ends: wall(end),
                time_zone: ZONES.choose(&mut rng).unwrap().to_string(),
                place_name: if physical {
                    "Community Centre".into()
                } else {
                    String::new()
                },
                locality: if physical {
                    "Lisboa".into()
                } else {
                    String::new()
                },
                country: if physical { "PT".into() } else { String::new() },
                online_url: if physical {
                    String::new()
                } else {
                    format!("https://meet.example/{key}")
                },
                themes: vocab::THEMES
                    .choose_multiple(&mut rng, themes)
                    .map(|t| t.to_string())
                    .collect(),
                language: "en".into(),
                status: "scheduled".into(),
                join_mode: "free".into(),
                capacity: Some(rng.gen_range(10..=200)),
                ..Default::default()
            };
            let (mut form, tags) = events::validate(&input).expect("valid event");
            form.organizer_id = org.id;
            form.is_local = true;
            form.ap_id = format!("{base}/events/{key}");
            form.url = Some(form.ap_id.clone());
            form.published = tessera::db::now() - Span::minutes(rng.gen_range(1..=100_000));
            (key, form, tags)
        })
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50, p95 and max in milliseconds.
fn summary(samples: &[Duration]) -> (f64, f64, f64) {
    let mut s = samples.to_vec();
    s.sort();
    let at = |p: f64| ms(s[((s.len() as f64 - 1.0) * p).round() as usize]);
    (at(0.5), at(0.95), ms(*s.last().unwrap()))
}

async fn get(client: &reqwest::Client, url: &str) -> Duration {
    let t0 = Instant::now();
    let res = client.get(url).send().await.expect("page request");
    assert!(res.status().is_success(), "{url}: {}", res.status());
    res.bytes().await.expect("page body");
    t0.elapsed()
}

/// Each page requested `runs` times in turn; samples by page.
async fn idle(client: &reqwest::Client, a: &harness::Hub, runs: usize) -> Vec<Vec<Duration>> {
    let mut out = vec![Vec::new(); PAGES.len()];
    for round in 0..runs + 2 {
        for (i, page) in PAGES.iter().enumerate() {
            let d = get(client, &a.url(page)).await;
            if round >= 2 {
                out[i].push(d);
            }
        }
    }
    out
}

fn row(label: &str, samples: &[Vec<Duration>]) {
    for (page, s) in PAGES.iter().zip(samples) {
        let (p50, p95, max) = summary(s);
        println!(
            "| {label} | `{page}` | {} | {p50:.1} ms | {p95:.1} ms | {max:.1} ms |",
            s.len()
        );
    }
}

#[tokio::main]
async fn main() {
    let mut net = harness::Network::bind(&["hub-a.test", "hub-b.test"]).await;
    // The pool size a deployment has by default (the harness uses 4).
    let pool_size = Config::default().database.pool_size;
    let a = net
        .start_hub_with("hub-a.test", |c| c.database.pool_size = pool_size)
        .await;
    let b = net
        .start_hub_with("hub-b.test", |c| c.database.pool_size = pool_size)
        .await;
    let client = net.client();
    let backend = if a.ctx.pool.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let base_b = b.ctx.config.base_url();
    let started = Instant::now();
    let organisers = fill_entries(&b.ctx.pool, &base_b, &b.domain).await;
    fill_events(&b.ctx.pool, &base_b, &organisers).await;
    let page_size = b.ctx.config.peering.page_size;
    println!(
        "backend: {backend}; hub B filled with {ENTRIES} entries and {EVENTS} events in {:.1} s; \
         page size {page_size}; pool size {pool_size}",
        started.elapsed().as_secs_f64()
    );

    // 1. B serving its collection alone.
    let ap = |url: &str| {
        client
            .get(url)
            .header("accept", "application/activity+json")
    };
    let collection: serde_json::Value = ap(&b.url("/actor/items"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let total = collection["totalItems"].as_i64().unwrap();
    assert_eq!(total as usize, ENTRIES + EVENTS, "B's collection");
    let mut next = collection["first"].as_str().map(String::from);
    let (mut pages, mut items, mut bytes) = (Vec::new(), 0, 0);
    let t0 = Instant::now();
    while let Some(url) = next {
        let t = Instant::now();
        let body = ap(&url).send().await.unwrap().bytes().await.unwrap();
        pages.push(t.elapsed());
        bytes += body.len();
        let page: serde_json::Value = serde_json::from_slice(&body).unwrap();
        items += page["orderedItems"].as_array().map_or(0, Vec::len);
        next = page["next"].as_str().map(String::from);
    }
    let (p50, p95, max) = summary(&pages);
    println!(
        "B serves /actor/items alone: {items} items in {} pages, {:.1} MB, {:.1} s \
         (page p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms)",
        pages.len(),
        bytes as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );

    // 2. A idle and empty.
    let before = idle(&client, &a, IDLE_RUNS).await;

    // 3. The backfill, with A's pages requested continuously.
    a.create_admin("root").await;
    let admin = a.user("root").await;
    let running = Arc::new(AtomicBool::new(true));
    let load = {
        let running = running.clone();
        let client = client.clone();
        let urls: Vec<String> = PAGES.iter().map(|p| a.url(p)).collect();
        tokio::spawn(async move {
            let mut out = vec![Vec::new(); urls.len()];
            'outer: loop {
                for (i, url) in urls.iter().enumerate() {
                    if !running.load(Ordering::Relaxed) {
                        break 'outer;
                    }
                    out[i].push(get(&client, url).await);
                }
            }
            out
        })
    };
    let t0 = Instant::now();
    peering::add(&a.ctx, &admin, &b.domain)
        .await
        .expect("peering request");
    let mut active_at = None;
    let mut progress = Vec::new();
    let view = loop {
        let views = peering::list(&a.ctx).await.unwrap();
        let view = views.into_iter().find(|p| p.host == b.domain).unwrap();
        if active_at.is_none() && view.state == "active" {
            active_at = Some(t0.elapsed());
        }
        let secs = t0.elapsed().as_secs();
        if progress.len() as u64 <= secs / 10 {
            progress.push((secs, view.counts.total()));
        }
        if view.backfill_state == "done" && view.counts.total() as usize >= ENTRIES + EVENTS {
            break view;
        }
        assert!(
            view.backfill_state != "failed",
            "backfill failed: {:?}",
            view.backfill_error
        );
        assert!(
            t0.elapsed() < Duration::from_secs(1800),
            "backfill too slow"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = t0.elapsed();
    running.store(false, Ordering::Relaxed);
    let during = load.await.unwrap();
    let c = &view.counts;
    println!(
        "backfill: peering active after {:.2} s; all {} items ({} projects, {} organisations, \
         {} events; backfill_items {}) after {:.1} s: {:.0} items/s",
        ms(active_at.unwrap_or(took)) / 1000.0,
        c.total(),
        c.projects,
        c.organisations,
        c.events,
        view.backfill_items,
        took.as_secs_f64(),
        c.total() as f64 / took.as_secs_f64()
    );
    println!(
        "items held by A every 10 s: {}",
        progress
            .iter()
            .map(|(s, n)| format!("{s} s: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // 4. A idle, holding B's items.
    let after = idle(&client, &a, IDLE_RUNS).await;

    println!("| A | page | requests | p50 | p95 | max |");
    println!("|---|---|---|---|---|---|");
    row("idle, empty", &before);
    row("during the backfill", &during);
    row("idle, 10,000 items", &after);
}
