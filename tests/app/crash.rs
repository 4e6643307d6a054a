//! Deliveries survive crashes: the real binary fans one activity out to 500 inboxes on 50
//! hosts, is killed with SIGKILL several times mid-way and restarted; every inbox receives
//! the activity, and duplicates stay within what was in flight at each kill. On PostgreSQL,
//! two processes drain one queue without sending anything twice.

use crate::harness::sink::Sink;
use crate::harness::{fresh_database, Network};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tessera::config::Config;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::follow::{Follow, STATE_ACCEPTED};

const INBOXES: usize = 500;
const HOSTS: usize = 50;
const WORKERS: usize = 8;

struct Setup {
    sink: Sink,
    config_path: std::path::PathBuf,
    _dirs: (tempfile::TempDir, crate::harness::TestDatabase),
}

/// A database holding one activity queued for 500 followers' inboxes, and a config file
/// that points the binary at it and at the sink.
async fn setup() -> Setup {
    let mut net = Network::bind(&["sink.test"]).await;
    let sink_addr = net.overrides["sink.test"];
    let sink = Sink::start(net.take("sink.test")).await;
    sink.set_delay(10);
    let (db, db_dir) = fresh_database().await;
    let resolve: Vec<String> = (0..HOSTS)
        .map(|h| format!("\"s{h}.test\" = \"{sink_addr}\""))
        .collect();
    let toml = format!(
        "[server]\nbind = \"127.0.0.1:0\"\ndomain = \"hub.test\"\n[database]\nurl = \"{db}\"\npool_size = 4\n\
         [federation]\nallow_private_addresses = true\nrequest_timeout_secs = 2\ndelivery_lease_secs = 3\n\
         delivery_workers = {WORKERS}\n[federation.resolve]\n{}\n",
        resolve.join("\n")
    );
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("tessera.toml");
    std::fs::write(&config_path, toml).unwrap();

    let config = Config::load(Some(&config_path)).expect("config");
    let app = tessera::app::build(config, Default::default())
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
    let alice = tessera::services::users::create(&ctx.pool, &ctx.config, account)
        .await
        .unwrap();
    let mut conn = ctx.pool.get().await.unwrap();
    for i in 0..INBOXES {
        let id = format!("http://s{}.test:{}/users/f{i}", i % HOSTS, sink_addr.port());
        let form = ActorForm {
            ap_id: id.clone(),
            kind: "Person".into(),
            username: format!("f{i}"),
            domain: format!("s{}.test", i % HOSTS),
            display_name: String::new(),
            summary: String::new(),
            inbox_url: format!("{id}/inbox"),
            shared_inbox_url: None,
            outbox_url: None,
            followers_url: None,
            following_url: None,
            profile_url: None,
            public_key_pem: "unused".into(),
            private_key_pem: None,
            is_local: false,
            manually_approves_followers: false,
            discoverable: true,
            published: None,
            last_refreshed_at: tessera::db::now(),
            domain_limited: false,
        };
        let follower = Actor::upsert_remote(&mut conn, &form).await.unwrap();
        Follow::upsert(
            &mut conn,
            &format!("{id}#follow"),
            follower.id,
            alice.actor_id,
            STATE_ACCEPTED,
        )
        .await
        .unwrap();
    }
    drop(conn);
    // A profile edit queues an Update to every follower's inbox, in one transaction.
    let input = tessera::services::profiles::ProfileInput {
        display_name: "Alice",
        summary: "Crash-tested",
        manually_approves_followers: false,
        locale: None,
        ..Default::default()
    };
    tessera::services::profiles::update(&ctx, &alice, input)
        .await
        .unwrap();
    let status = tessera::federation::delivery::status(&ctx).await.unwrap();
    assert_eq!(status.counts.pending, INBOXES as i64);
    Setup {
        sink,
        config_path,
        _dirs: (dir, db_dir),
    }
}

fn start(config: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["--config", config.to_str().unwrap(), "serve"])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start tessera")
}

fn unique_inboxes(sink: &Sink) -> usize {
    let mut seen: Vec<String> = sink
        .received()
        .iter()
        .map(|r| format!("{}{}", r.host, r.path))
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

async fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_survive_sigkill() {
    let s = setup().await;
    let mut kills = 0;
    // Kill after 60, 180 and 300 deliveries have arrived, then let it finish.
    for target in [60, 180, 300] {
        let mut child = start(&s.config_path);
        wait_for(
            "deliveries before the kill",
            Duration::from_secs(60),
            || s.sink.received().len() >= target,
        )
        .await;
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        kills += 1;
    }
    let mut child = start(&s.config_path);
    wait_for("every inbox served", Duration::from_secs(90), || {
        unique_inboxes(&s.sink) == INBOXES
    })
    .await;
    // Let the last process record its outcomes before we look at the duplicates.
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill().unwrap();
    child.wait().unwrap();

    let total = s.sink.received().len();
    let duplicates = total - INBOXES;
    eprintln!(
        "crash test: {INBOXES} inboxes, {kills} kills, {total} deliveries, {duplicates} duplicates"
    );
    assert!(
        duplicates <= kills * WORKERS,
        "{duplicates} duplicates exceed the {WORKERS} sends in flight at each of {kills} kills"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_drain_one_postgres_queue() {
    if std::env::var("TESSERA_TEST_DATABASE_URL").is_err() {
        return; // SQLite serves one process; sharing a queue is PostgreSQL's.
    }
    let s = setup().await;
    let mut a = start(&s.config_path);
    let mut b = start(&s.config_path);
    wait_for("every inbox served", Duration::from_secs(90), || {
        unique_inboxes(&s.sink) == INBOXES
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for child in [&mut a, &mut b] {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert_eq!(
        s.sink.received().len(),
        INBOXES,
        "a delivery was sent twice"
    );
}

/// SIGTERM, as systemd sends it: the process stops claiming, finishes the deliveries it
/// holds and exits 0; every delivery it sent is recorded, so the next start sends nothing
/// twice. Its logs are one JSON object per line when `log.format` is `json`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_in_flight_deliveries_and_logs_json() {
    let s = setup().await;
    // Slow answers, so that deliveries are in flight when the signal comes.
    s.sink.set_delay(300);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["--config", s.config_path.to_str().unwrap(), "serve"])
        .env("RUST_LOG", "info")
        .env("TESSERA_LOG__FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tessera");
    let stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    wait_for(
        "deliveries before the signal",
        Duration::from_secs(60),
        || s.sink.received().len() >= 40,
    )
    .await;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "no exit within 30 s of SIGTERM");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "{exit:?}");

    // Everything sent was recorded as sent, and nothing is left claimed.
    let sent = s.sink.received().len();
    let config = Config::load(Some(&s.config_path)).unwrap();
    let pool = tessera::db::DbPool::connect(&config.database.url, 1)
        .await
        .unwrap();
    let mut conn = pool.get().await.unwrap();
    let counts = tessera::db::models::delivery::Delivery::counts(&mut conn, tessera::db::now())
        .await
        .unwrap();
    assert_eq!(counts.in_flight, 0, "a delivery is still claimed");
    assert_eq!(counts.pending as usize, INBOXES - sent, "sent {sent}");
    assert!(sent < INBOXES, "the signal came after the last delivery");

    let logs = logs.join().unwrap();
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let said = |text: &str| {
        lines.iter().any(|l| {
            l["level"].is_string() && l["message"].as_str().is_some_and(|m| m.contains(text))
        })
    };
    assert!(said("Tessera is serving"), "{logs}");
    assert!(said("shutting down"), "{logs}");
    assert!(said("in-flight deliveries finished"), "{logs}");

    // The next start sends the rest, and nothing twice.
    let mut child = start(&s.config_path);
    wait_for("every inbox served", Duration::from_secs(90), || {
        unique_inboxes(&s.sink) == INBOXES
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        s.sink.received().len(),
        INBOXES,
        "a delivery was sent twice"
    );
}
