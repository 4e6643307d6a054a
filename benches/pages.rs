//! Page benchmark (not a test): `cargo bench --bench pages`.
//!
//! Starts one hub in-process (`tests/harness`: a fresh SQLite database, or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set) holding both benchmark data sets (`benches/data/`:
//! 20,000 directory entries and 10,000 events by 500 organisers, a fifth of each remote),
//! three peers, and a community of 300 threads, one of which has 50 nested replies. Then
//! asks for the pages people open most, over real HTTP as a browser would (a visitor, and
//! a member with a session cookie): 200 GETs of each after 10 warm-up requests, one at a
//! time; prints p50, p95 and the slowest, and whether every p95 is under 30 ms.

#[path = "data/mod.rs"]
mod data;
#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use data::percentile;
use harness::browser::{self, Browser};
use std::time::{Duration, Instant};
use tessera::db::models::peer::{Peer, PeerState};
use tessera::db::models::user::User;
use tessera::services::communities;
use tessera::services::threads::{self, PostText};

const WARMUP: usize = 10;
const RUNS: usize = 200;
const TARGET_MS: f64 = 30.0;
const THREADS: usize = 300;
const REPLIES: usize = 50;

fn text(title: &str, content: &str) -> PostText {
    PostText {
        title: title.into(),
        content: content.into(),
        language: Some("en".into()),
    }
}

/// A community of `THREADS` threads by three members; returns the thread that has
/// `REPLIES` replies (each answering the root or one of the replies before it).
async fn community(hub: &harness::Hub) -> (i64, String) {
    let ctx = &hub.ctx;
    let mut members: Vec<User> = Vec::new();
    for name in ["maria", "jaan", "ines"] {
        members.push(hub.create_user(name).await);
    }
    let created = communities::create(ctx, &members[0], harness::communities::input("cities"))
        .await
        .expect("community");
    let url = created.actor.ap_id.to_string();
    for m in &members[1..] {
        harness::communities::follow(hub, m, &url).await;
    }
    let mut long = 0;
    for i in 0..THREADS {
        let author = &members[i % members.len()];
        let title = format!("Peer learning on housing, round {i}");
        let body = format!(
            "How did your city handle **co-housing** permits in round {i}? #housing #cities"
        );
        let root = threads::create_thread(ctx, author, "cities", text(&title, &body))
            .await
            .expect("thread");
        if i == THREADS / 2 {
            long = root.id;
        }
    }
    let mut replies = vec![long];
    for i in 0..REPLIES {
        let author = &members[i % members.len()];
        // Every third reply answers an earlier reply, so the tree is several levels deep.
        let parent = if i % 3 == 2 {
            replies[replies.len() / 2]
        } else {
            long
        };
        let body = format!("Reply {i}: in our district the permit took *four months*.");
        let reply = threads::reply(ctx, author, parent, text("", &body))
            .await
            .expect("reply");
        replies.push(reply.id);
    }
    (long, url)
}

/// Three active peers, named by host (their profiles are not part of what is timed).
async fn peers(hub: &harness::Hub) {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    for i in 0..3 {
        let host = format!("far{i}.example");
        let ids = Peer::item_actor_ids(&mut conn, &host).await.unwrap();
        let actor = *ids.first().expect("a remote organiser on that host");
        Peer::upsert(&mut conn, &host, actor, PeerState::Active, "{}")
            .await
            .unwrap();
    }
}

/// Times `RUNS` GETs of `path` after `WARMUP`; (p50, p95, max, bytes of the last answer).
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

#[tokio::main]
async fn main() {
    let mut net = harness::Network::bind(&["hub.test"]).await;
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
    let organisers = data::events::organisers(&ctx.pool, &base, &domain).await;
    data::events::fill(&ctx.pool, &base, &organisers).await;
    peers(&hub).await;
    let (thread, community_id) = community(&hub).await;
    // The member follows the community, so their timeline has posts.
    let mut member = browser::member(&net, &hub, "ana").await;
    let ana = hub.user("ana").await;
    harness::communities::follow(&hub, &ana, &community_id).await;
    println!(
        "backend: {backend}; {} entries, {} events, {THREADS} threads and {REPLIES} replies \
         saved in {:.1} s; {RUNS} GETs per page after {WARMUP} warm-up GETs, over HTTP",
        data::entries::ENTRIES,
        data::events::EVENTS,
        started.elapsed().as_secs_f64()
    );

    let mut visitor = Browser::new(&net);
    let pages: Vec<(&str, bool, String)> = vec![
        ("home, visitor", false, "/".into()),
        ("home, member (timeline)", true, "/".into()),
        ("directory", false, "/directory".into()),
        (
            "directory, text query",
            false,
            "/directory?q=gardens".into(),
        ),
        (
            "directory, facet",
            false,
            "/directory?theme=health-care".into(),
        ),
        (
            "directory, facet + country",
            false,
            "/directory?theme=health-care&country=PT".into(),
        ),
        ("events", false, "/events".into()),
        (
            "events, filtered",
            false,
            "/events?theme=health-care&country=PT".into(),
        ),
        ("events, month", false, "/events/month".into()),
        ("community", false, "/c/cities".into()),
        (
            "thread with 50 replies",
            false,
            format!("/threads/{thread}"),
        ),
        ("search, every kind", true, "/search?q=housing".into()),
    ];
    println!("| page | path | bytes | p50 | p95 | max |");
    println!("|---|---|---|---|---|---|");
    let mut slow = Vec::new();
    for (name, as_member, path) in &pages {
        let who = if *as_member {
            &mut member
        } else {
            &mut visitor
        };
        let (p50, p95, max, bytes) = time(who, &hub.url(path)).await;
        println!("| {name} | `{path}` | {bytes} | {p50:.1} ms | {p95:.1} ms | {max:.1} ms |");
        if p95 > TARGET_MS {
            slow.push(*name);
        }
    }
    if slow.is_empty() {
        println!("every page: p95 under {TARGET_MS} ms");
    } else {
        println!("over {TARGET_MS} ms at p95: {}", slow.join(", "));
    }
}
