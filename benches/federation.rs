//! Federation benchmark (not a test): `cargo bench --bench federation`.
//!
//! Measures, on loopback, with the hub in this process on SQLite (or PostgreSQL when
//! TESSERA_TEST_DATABASE_URL is set):
//! 1. fan-out: one activity to N inboxes on 50 sink hosts, deliveries per second;
//! 2. latency from the commit that queues a delivery to its first attempt (median, p99);
//! 3. inbound: signed activities POSTed to the shared inbox, processed per second.

#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use harness::remote::FakeMastodon;
use harness::sink::Sink;
use harness::Network;
use scoped_futures::ScopedFutureExt;
use serde_json::json;
use std::time::{Duration, Instant};
use tessera::db::models::actor::Actor;
use tessera::error::AppError;

const FANOUT: usize = 5_000;
const LATENCY_SAMPLES: usize = 300;
const INBOUND: usize = 3_000;

async fn enqueue(hub: &harness::Hub, inboxes: Vec<String>) {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let alice = Actor::find_local(&mut conn, "alice")
        .await
        .unwrap()
        .unwrap();
    let id = hub.url(&format!("/activities/bench/{}", rand::random::<u64>()));
    let activity = json!({"id": id, "type": "Update", "actor": alice.ap_id.to_string(), "object": alice.ap_id.to_string()});
    conn.transaction::<_, AppError, _>(|c| {
        async move { tessera::federation::delivery::enqueue(c, &id, &alice, &activity, inboxes).await }.scope_boxed()
    })
    .await
    .unwrap();
    hub.ctx.queue.wake();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let hosts: Vec<String> = (0..50).map(|i| format!("s{i}.test")).collect();
    let mut names: Vec<&str> = vec!["hub-a.test", "sink.test", "remote.test"];
    names.extend(hosts.iter().map(String::as_str));
    let mut net = Network::bind(&["hub-a.test", "sink.test", "remote.test"]).await;
    for h in &hosts {
        net.alias(h, "sink.test");
    }
    let port = net.overrides["sink.test"].port();
    let sink = Sink::start(net.take("sink.test")).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.database.pool_size = 8;
            c.federation.delivery_workers = 64;
            c.federation.delivery_per_host = 8;
        })
        .await;
    hub.create_user("alice").await;
    let backend = if hub.ctx.pool.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "backend: {backend}; cores: {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );

    // 1. Fan-out.
    let inboxes: Vec<String> = (0..FANOUT)
        .map(|i| format!("http://s{}.test:{port}/users/u{i}/inbox", i % 50))
        .collect();
    let started = Instant::now();
    enqueue(&hub, inboxes).await;
    while sink.received().len() < FANOUT {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fan-out: {FANOUT} deliveries in {secs:.2} s = {:.0} deliveries/s",
        FANOUT as f64 / secs
    );

    // 2. Commit-to-first-attempt latency, one delivery at a time on an idle queue.
    let mut samples = Vec::with_capacity(LATENCY_SAMPLES);
    for i in 0..LATENCY_SAMPLES {
        let before = sink.received().len();
        let inbox = format!("http://s{}.test:{port}/latency/{i}/inbox", i % 50);
        let t0 = Instant::now();
        enqueue(&hub, vec![inbox]).await;
        while sink.received().len() == before {
            tokio::task::yield_now().await;
        }
        samples.push(t0.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    samples.sort();
    println!(
        "commit to first attempt: median {:.1} ms, p99 {:.1} ms ({LATENCY_SAMPLES} samples)",
        percentile(&samples, 0.5).as_secs_f64() * 1000.0,
        percentile(&samples, 0.99).as_secs_f64() * 1000.0
    );

    // 3. Inbound: activities signed beforehand, POSTed with 32 connections at once.
    let domain = net.domain("remote.test");
    let fake =
        FakeMastodon::start(net.take("remote.test"), &domain, &["bench"], net.client()).await;
    let actor = fake.actor_id("bench");
    let inbox = hub.url("/inbox");
    let warm = json!({"id": format!("http://{domain}/warm"), "type": "Wobble", "actor": actor});
    assert_eq!(fake.send("bench", &hub, &inbox, &warm).await, 202);
    let mut requests = Vec::with_capacity(INBOUND);
    for i in 0..INBOUND {
        let body = json!({"id": format!("http://{domain}/a/{i}"), "type": "Wobble", "actor": actor, "object": "x"});
        requests.push(
            fake.sign_request("bench", &hub, &inbox, body.to_string())
                .await,
        );
    }
    let client = fake.client();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let chunks: Vec<Vec<reqwest::Request>> = {
        let mut chunks: Vec<Vec<reqwest::Request>> = (0..32).map(|_| vec![]).collect();
        for (i, r) in requests.into_iter().enumerate() {
            chunks[i % 32].push(r);
        }
        chunks
    };
    for chunk in chunks {
        let client = client.clone();
        tasks.spawn(async move {
            let mut ok = 0;
            for r in chunk {
                if client
                    .execute(r)
                    .await
                    .map(|res| res.status() == 202)
                    .unwrap_or(false)
                {
                    ok += 1;
                }
            }
            ok
        });
    }
    let mut ok = 0;
    while let Some(n) = tasks.join_next().await {
        ok += n.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "inbound: {ok}/{INBOUND} signed activities accepted in {secs:.2} s = {:.0} activities/s",
        ok as f64 / secs
    );
}
