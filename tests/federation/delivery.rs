//! The delivery queue against a sink: retries with backoff, Retry-After, permanent
//! failures, the circuit breaker, the retry window (with the hub's clock moved forward),
//! and two workers sharing one PostgreSQL queue.

use crate::harness::sink::Sink;
use crate::harness::{eventually, Hub, Network};
use chrono::Duration;
use scoped_futures::ScopedFutureExt;
use serde_json::json;
use tessera::db::models::actor::Actor;
use tessera::db::models::delivery::Delivery;
use tessera::db::models::host::Host;
use tessera::error::AppError;

/// Queues one activity by `alice` to `inboxes`, as a service would; returns its id.
async fn enqueue(hub: &Hub, inboxes: Vec<String>) -> String {
    let id = enqueue_quietly(&hub.ctx, &hub.url("/"), inboxes).await;
    hub.ctx.queue.wake();
    id
}

/// As [`enqueue`], through `ctx`, without waking any worker in this process.
async fn enqueue_quietly(ctx: &tessera::state::Ctx, base: &str, inboxes: Vec<String>) -> String {
    let id = format!("{base}activities/test/{}", rand::random::<u64>());
    let mut conn = ctx.pool.get().await.unwrap();
    let alice = Actor::find_local(&mut conn, "alice")
        .await
        .unwrap()
        .unwrap();
    let activity = json!({
        "id": id,
        "type": "Update",
        "actor": alice.ap_id.to_string(),
        "object": alice.ap_id.to_string(),
    });
    let id2 = id.clone();
    conn.transaction::<_, AppError, _>(|c| {
        async move { tessera::federation::delivery::enqueue(c, &id2, &alice, &activity, inboxes).await }
            .scope_boxed()
    })
    .await
    .unwrap();
    id
}

async fn deliveries(hub: &Hub, activity: &str) -> Vec<Delivery> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Delivery::for_activity(&mut conn, activity).await.unwrap()
}

async fn host(hub: &Hub, name: &str) -> Host {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Host::get(&mut conn, name).await.unwrap()
}

/// Moves the hub's clock and wakes its workers.
fn advance(hub: &Hub, by: Duration) {
    hub.ctx.clock.advance(by);
    hub.ctx.queue.wake();
}

async fn setup(sink_hosts: &[&str], dead: &[&str]) -> (Network, Hub, Sink, u16) {
    let mut net = Network::bind(&["hub-a.test", "sink.test"]).await;
    let sink_port = net.overrides["sink.test"].port();
    for h in sink_hosts {
        net.alias(h, "sink.test");
    }
    for h in dead {
        net.dead(h);
    }
    let sink = Sink::start(net.take("sink.test")).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("alice").await;
    (net, hub, sink, sink_port)
}

#[tokio::test]
async fn retries_back_off_and_honour_retry_after() {
    let (_net, hub, sink, port) = setup(&["flaky.test"], &[]).await;
    sink.script("flaky.test", &[(503, None), (429, Some("3600"))]);
    let id = enqueue(&hub, vec![format!("http://flaky.test:{port}/inbox")]).await;

    eventually("first attempt", || async {
        deliveries(&hub, &id)
            .await
            .first()
            .is_some_and(|d| d.attempts == 1)
    })
    .await;
    let d = &deliveries(&hub, &id).await[0];
    assert!(!d.failed);
    let wait = d.next_attempt_at - hub.ctx.clock.now();
    assert!(
        wait > Duration::seconds(20) && wait <= Duration::seconds(36),
        "backoff {wait}"
    );
    assert!(sink.received()[0].signed, "deliveries are signed");

    advance(&hub, Duration::seconds(40));
    eventually("second attempt", || async {
        deliveries(&hub, &id)
            .await
            .first()
            .is_some_and(|d| d.attempts == 2)
    })
    .await;
    let d = &deliveries(&hub, &id).await[0];
    let wait = d.next_attempt_at - hub.ctx.clock.now();
    assert!(
        wait > Duration::seconds(3500) && wait <= Duration::seconds(3600),
        "Retry-After honoured: {wait}"
    );
    let h = host(&hub, &format!("flaky.test:{port}")).await;
    assert!(
        h.circuit_open_until.is_some(),
        "the host is paused for its Retry-After"
    );

    // Half-way through the Retry-After nothing is sent.
    advance(&hub, Duration::seconds(1800));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.count_for("flaky.test"), 2);

    advance(&hub, Duration::seconds(1900));
    eventually("delivered after Retry-After", || async {
        deliveries(&hub, &id).await.is_empty()
    })
    .await;
    assert_eq!(sink.count_for("flaky.test"), 3);
    let h = host(&hub, &format!("flaky.test:{port}")).await;
    assert_eq!(h.consecutive_failures, 0);
    assert!(h.circuit_open_until.is_none());
}

#[tokio::test]
async fn permanent_failures_stop_and_401_is_retried() {
    let (_net, hub, sink, port) = setup(&["gone.test", "missing.test", "auth.test"], &[]).await;
    sink.script("gone.test", &[(410, None)]);
    sink.script("missing.test", &[(404, None)]);
    sink.script("auth.test", &[(401, None)]);
    let inbox = |h: &str| format!("http://{h}:{port}/inbox");
    let id = enqueue(
        &hub,
        vec![
            inbox("gone.test"),
            inbox("missing.test"),
            inbox("auth.test"),
        ],
    )
    .await;
    eventually("one attempt each", || async {
        let ds = deliveries(&hub, &id).await;
        ds.len() == 3 && ds.iter().all(|d| d.attempts == 1)
    })
    .await;
    for d in deliveries(&hub, &id).await {
        let expect_failed = !d.inbox_url.contains("auth.test");
        assert_eq!(
            d.failed, expect_failed,
            "{}: {:?}",
            d.inbox_url, d.last_error
        );
    }
    // Nothing more is sent to the permanent failures, however much time passes.
    advance(&hub, Duration::hours(2));
    eventually("401 retried", || async { sink.count_for("auth.test") == 2 }).await;
    assert_eq!(sink.count_for("gone.test"), 1);
    assert_eq!(sink.count_for("missing.test"), 1);
}

#[tokio::test]
async fn a_dead_host_opens_its_circuit_without_delaying_others() {
    let (_net, hub, sink, port) = setup(&["good.test"], &["dead.test"]).await;
    let started = std::time::Instant::now();
    for _ in 0..12 {
        enqueue(&hub, vec!["http://dead.test:9/inbox".into()]).await;
    }
    enqueue(&hub, vec![format!("http://good.test:{port}/inbox")]).await;
    eventually("the good host is served", || async {
        sink.count_for("good.test") == 1
    })
    .await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    eventually("the dead host's circuit opens", || async {
        host(&hub, "dead.test:9").await.circuit_open_until.is_some()
    })
    .await;
    // Every failed attempt is counted, even when several fail at once.
    let attempts = || async {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        use tessera::db::schema::deliveries;
        let now = hub.ctx.clock.now();
        let in_flight: i64 = tessera::db_run!(conn, |c| deliveries::table
            .filter(deliveries::locked_until.gt(now))
            .count()
            .get_result(c)
            .await)
        .unwrap();
        let sum: Option<i64> = tessera::db_run!(conn, |c| deliveries::table
            .filter(deliveries::host.eq("dead.test:9"))
            .select(diesel::dsl::sum(deliveries::attempts))
            .first(c)
            .await)
        .unwrap();
        (in_flight, sum.unwrap_or(0))
    };
    eventually("attempts settle", || async { attempts().await.0 == 0 }).await;
    let h = host(&hub, "dead.test:9").await;
    assert_eq!(
        i64::from(h.consecutive_failures),
        attempts().await.1,
        "a failure was not counted"
    );
    assert!(h.consecutive_failures >= hub.ctx.config.federation.circuit_breaker_failures);
    assert!(h.last_error.is_some());
    let status = tessera::federation::delivery::status(&hub.ctx)
        .await
        .unwrap();
    assert!(status.hosts.iter().any(|x| x.host == "dead.test:9"));
    assert_eq!(status.counts.pending + status.counts.in_flight, 12);

    // Past the retry window everything still pending is given up.
    advance(&hub, Duration::days(8));
    tessera::federation::delivery::worker::sweep(&hub.ctx).await;
    let status = tessera::federation::delivery::status(&hub.ctx)
        .await
        .unwrap();
    assert_eq!(status.counts.failed, 12);
    assert_eq!(status.counts.pending, 0);
}

#[tokio::test]
async fn a_delivery_queued_by_another_process_is_sent_at_once() {
    if std::env::var("TESSERA_TEST_DATABASE_URL").is_err() {
        return; // one process owns a SQLite database
    }
    let (net, hub, sink, port) = setup(&["far.test"], &[]).await;
    // Another process on the same database, with no worker of its own: it only queues.
    let options = tessera::app::Options {
        host_overrides: net.overrides.clone(),
    };
    let other = tessera::app::build(hub.ctx.config.clone(), options)
        .await
        .unwrap();
    // Let the hub's worker find the queue empty and go to sleep (it polls every 30 s).
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let queued = std::time::Instant::now();
    let id = enqueue_quietly(
        &other.context(),
        &hub.url("/"),
        vec![format!("http://far.test:{port}/inbox")],
    )
    .await;
    eventually("delivered by the hub's worker", || async {
        sink.received().iter().any(|r| r.activity_id == id)
    })
    .await;
    // Woken by the commit's notification, not by its 30 s poll.
    let waited = queued.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(10),
        "took {waited:?}"
    );
}

#[tokio::test]
async fn two_workers_share_one_postgres_queue() {
    if std::env::var("TESSERA_TEST_DATABASE_URL").is_err() {
        // SQLite hubs run in one process; sharing a queue is a PostgreSQL feature.
        return;
    }
    let hosts: Vec<String> = (0..30).map(|i| format!("h{i}.test")).collect();
    let names: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let (net, hub, sink, port) = setup(&names, &[]).await;
    // A second process: its own pool and worker on the same database and domain.
    let mut config = hub.ctx.config.clone();
    config.database.pool_size = 4;
    let options = tessera::app::Options {
        host_overrides: net.overrides.clone(),
    };
    let second = tessera::app::build(config, options).await.unwrap();
    let second_ctx = second.context();
    tokio::spawn(tessera::federation::delivery::run(
        second.context(),
        tokio_util::sync::CancellationToken::new(),
    ));

    let inboxes: Vec<String> = (0..300)
        .map(|i| format!("http://h{}.test:{port}/users/u{i}/inbox", i % 30))
        .collect();
    let id = enqueue(&hub, inboxes).await;
    second_ctx.queue.wake();
    eventually("all 300 delivered", || async {
        deliveries(&hub, &id).await.is_empty()
    })
    .await;
    let received: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|r| r.activity_id == id)
        .collect();
    let mut unique: Vec<String> = received
        .iter()
        .map(|r| format!("{}{}", r.host, r.path))
        .collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 300, "every inbox got it");
    assert_eq!(received.len(), 300, "no delivery was sent twice");
}

#[tokio::test]
async fn an_unavailable_host_is_back_when_it_contacts_us() {
    let mut net = Network::bind(&["hub-a.test", "remote.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("alice").await;
    let domain = net.domain("remote.test");
    let fake = crate::harness::remote::FakeMastodon::start(
        net.take("remote.test"),
        &domain,
        &["bob"],
        net.client(),
    )
    .await;
    let mut down = Host::healthy(&domain);
    down.unavailable = true;
    down.consecutive_failures = 900;
    {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Host::save(&mut conn, &down).await.unwrap();
    }
    // Deliveries to it are skipped while it is unavailable.
    let id = enqueue(&hub, vec![format!("http://{domain}/users/bob/inbox")]).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(fake.inbox_items().is_empty());
    assert_eq!(deliveries(&hub, &id).await[0].attempts, 0);

    let hello = json!({"id": format!("http://{domain}/hello"), "type": "Wobble", "actor": fake.actor_id("bob")});
    assert_eq!(
        fake.send("bob", &hub, &hub.url("/inbox"), &hello).await,
        202
    );
    let h = host(&hub, &domain).await;
    assert!(!h.unavailable && h.consecutive_failures == 0, "{h:?}");
    hub.ctx.queue.wake();
    eventually("the held delivery goes out", || async {
        !fake.inbox_items().is_empty()
    })
    .await;
}

/// Failures to one host are recorded concurrently; the verdict computed from an older
/// count arrives last and must not close the circuit that the newer count opened.
#[tokio::test]
async fn a_stale_breaker_verdict_keeps_the_circuit_open() {
    let (_net, hub, _sink, _port) = setup(&[], &[]).await;
    let config = &hub.ctx.config.federation;
    let now = hub.ctx.clock.now();
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let mut rows = Vec::new();
    for _ in 0..config.circuit_breaker_failures {
        rows.push(
            Host::record_failure(&mut conn, "slow.test", now, "refused")
                .await
                .unwrap(),
        );
    }
    let outcome = tessera::federation::delivery::policy::Outcome::Unreachable;
    let apply = |h: &Host| {
        tessera::federation::delivery::policy::apply_breaker(h.clone(), &outcome, now, config)
    };
    let newest = apply(rows.last().unwrap());
    assert!(newest.circuit_open_until.is_some());
    assert!(Host::set_breaker(&mut conn, &newest).await.unwrap());
    let stale = apply(&rows[rows.len() - 2]);
    assert!(stale.circuit_open_until.is_none());
    assert!(!Host::set_breaker(&mut conn, &stale).await.unwrap());
    drop(conn);
    let stored = host(&hub, "slow.test").await;
    assert_eq!(stored.circuit_open_until, newest.circuit_open_until);
}
