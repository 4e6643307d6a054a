//! Delivery wake-ups across processes (not a test): `cargo bench --bench wakeups`, with
//! TESSERA_TEST_DATABASE_URL naming a PostgreSQL server (on SQLite, one process owns the
//! database and the benchmark says so and stops).
//!
//! Two processes share one fresh PostgreSQL database. The other process is the real
//! `tessera serve` binary, whose delivery workers deliver to a sink in this process. This
//! process queues one activity at a time, each in its own transaction, as a service of a
//! second app process would, without any in-memory wake-up of the other. What is measured
//! for each is the time from the commit to the sink receiving the signed delivery: the
//! NOTIFY, the other process's claim, signing and the HTTP request.

#[path = "../tests/harness/mod.rs"]
#[allow(dead_code)]
mod harness;

use harness::sink::Sink;
use harness::Network;
use scoped_futures::ScopedFutureExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tessera::db::models::actor::Actor;
use tessera::error::AppError;

const DELIVERIES: usize = 500;
const GAP: Duration = Duration::from_millis(20);

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::var("TESSERA_TEST_DATABASE_URL").is_err() {
        println!(
            "wakeups: needs PostgreSQL (TESSERA_TEST_DATABASE_URL); SQLite serves one process"
        );
        return;
    }
    let mut net = Network::bind(&["sink.test"]).await;
    let sink_addr = net.overrides["sink.test"];
    let sink = Sink::start(net.take("sink.test")).await;
    let (db, _database) = harness::fresh_database().await;
    let work = tempfile::tempdir().unwrap();
    let config_path = work.path().join("tessera.toml");
    let bind = {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        free.local_addr().unwrap()
    };
    std::fs::write(
        &config_path,
        format!(
            "[server]\nbind = \"{bind}\"\ndomain = \"hub.test\"\n[database]\nurl = \"{db}\"\n\
             [media]\ndir = \"{media}\"\n[email]\ndir = \"{mail}\"\n\
             [federation]\nallow_private_addresses = true\n\
             [federation.resolve]\n\"sink.test\" = \"{sink_addr}\"\n",
            media = work.path().join("media").display(),
            mail = work.path().join("mail").display(),
        ),
    )
    .unwrap();

    // This process: the app without its workers (it only queues), and alice to sign.
    let config = tessera::config::Config::load(Some(&config_path)).unwrap();
    let app = tessera::app::build(config.clone(), Default::default())
        .await
        .unwrap();
    let ctx = app.context();
    let account = tessera::services::users::NewAccount {
        username: "alice",
        password: "correct horse battery",
        is_admin: false,
        status: tessera::db::models::user::STATUS_ACTIVE,
        reason: "",
    };
    tessera::services::users::create(&ctx.pool, &ctx.config, account)
        .await
        .unwrap();

    // The other process.
    let mut other = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["--config", config_path.to_str().unwrap(), "serve"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tessera");
    let client = reqwest::Client::new();
    let ready = format!("http://{bind}/readyz");
    let up = Instant::now();
    while !client
        .get(&ready)
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(
            up.elapsed() < Duration::from_secs(60),
            "the other process never started"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Let its workers find the queue empty and go to sleep (they poll every 30 s).
    tokio::time::sleep(Duration::from_secs(1)).await;

    println!(
        "wakeups: PostgreSQL, {DELIVERIES} deliveries queued one at a time {} ms apart by this \
         process, sent by a `tessera serve` process",
        GAP.as_millis()
    );
    let inbox = format!("http://sink.test:{}/inbox", sink_addr.port());
    let mut committed = Vec::with_capacity(DELIVERIES);
    for i in 0..DELIVERIES {
        let id = format!("http://hub.test/activities/bench/{i}");
        let mut conn = ctx.pool.get().await.unwrap();
        let alice = Actor::find_local(&mut conn, "alice")
            .await
            .unwrap()
            .unwrap();
        let activity = serde_json::json!({
            "id": id, "type": "Update",
            "actor": alice.ap_id.to_string(), "object": alice.ap_id.to_string(),
        });
        let (id2, inboxes) = (id.clone(), vec![inbox.clone()]);
        conn.transaction::<_, AppError, _>(|c| {
            async move {
                tessera::federation::delivery::enqueue(c, &id2, &alice, &activity, inboxes).await
            }
            .scope_boxed()
        })
        .await
        .unwrap();
        committed.push((id, Instant::now()));
        tokio::time::sleep(GAP).await;
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while sink.received().len() < DELIVERIES {
        assert!(Instant::now() < deadline, "not every delivery arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let received = sink.received();
    let mut latencies: Vec<Duration> = committed
        .iter()
        .map(|(id, at)| {
            let arrived = received
                .iter()
                .find(|r| &r.activity_id == id)
                .expect("delivered");
            arrived.at.saturating_duration_since(*at)
        })
        .collect();
    latencies.sort();
    println!(
        "commit to delivery: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    let _ = other.kill();
    let _ = other.wait();
}
