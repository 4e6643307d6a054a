//! Peering, continued: the backfill of 1,000 items when peering starts, resumed from its
//! saved position after a restart; a hub that is down while its peer changes things
//! catches up when it returns.

use crate::harness::api::call;
use crate::harness::peering::{admin, entry, event, peer, post};
use crate::harness::{eventually, Network};
use reqwest::Method;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tessera::db::models::peer::Peer;
use tessera::services::entries::EntryInput;
use tessera::services::event_input::EventInput;
use tokio::net::{TcpListener, TcpStream};

fn event_input(i: usize) -> EventInput {
    EventInput {
        title: format!("Peer-learning visit {i}"),
        description: "We visit retrofits.".into(),
        starts: "2027-07-02T10:00".into(),
        ends: "2027-07-02T17:30".into(),
        time_zone: "Europe/Lisbon".into(),
        place_name: "Casa do Impacto".into(),
        locality: "Lisboa".into(),
        country: "pt".into(),
        category: "WORKSHOPS_SKILL_SHARING".into(),
        language: "en".into(),
        join_mode: "free".into(),
        ..Default::default()
    }
}

fn project_input(i: usize) -> EntryInput {
    EntryInput {
        handle: format!("project_{i}"),
        name: format!("Project {i}"),
        summary: "A project.".into(),
        region: "Lisboa".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_new_peer_backfills_a_thousand_items_and_resumes_after_a_restart() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net
        .start_hub_with("hub-b.test", |c| c.peering.page_size = 50)
        .await;
    let root = admin(&a, "root").await;
    let ben = b.create_user("ben").await;
    // B has 50 projects and 950 events before the peering starts.
    for i in 0..50 {
        tessera::services::entries::create(&b.ctx, &ben, "project", project_input(i))
            .await
            .expect("project");
    }
    let mut keys = Vec::new();
    for i in 0..950 {
        let created = tessera::services::events::create(&b.ctx, &ben, event_input(i))
            .await
            .expect("event");
        keys.push(created.event.key);
    }

    peer(&a, &root, &b).await;
    let host = b.domain.clone();
    let done = || async {
        let views = tessera::services::peering::list(&a.ctx)
            .await
            .expect("peers");
        let v = views.into_iter().find(|p| p.host == host).expect("peer");
        (v.backfill_state, v.backfill_items, v.counts)
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(180);
    loop {
        let (state, _, counts) = done().await;
        if state == "done" {
            assert_eq!((counts.projects, counts.events), (50, 950));
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "backfill too slow: {state}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(done().await.1, 1000);
    // Page requests are answered while (and after) it runs.
    let client = net.client();
    let res = client.get(a.url("/directory")).send().await.expect("page");
    assert_eq!(res.status(), 200);

    // A restart in the middle: the saved position points into the events; items before it
    // that went missing stay missing (it does not start over), items after it come back.
    let event_url = |k: &str| b.url(&format!("/events/{k}"));
    let (early, late) = (&keys[100], &keys[900]);
    let mut conn = a.ctx.pool.get().await.expect("conn");
    for k in [early, late] {
        let row = event(&a, &event_url(k)).await.expect("event copied");
        tessera::db::models::event::Event::delete(&mut conn, row.id)
            .await
            .expect("delete");
    }
    let cursor_event = {
        let mut bconn = b.ctx.pool.get().await.expect("conn");
        tessera::db::models::event::Event::find_by_key(&mut bconn, &keys[500])
            .await
            .expect("query")
            .expect("event")
    };
    let peer_row = Peer::find_by_host(&mut conn, &b.domain)
        .await
        .expect("query")
        .expect("peer");
    let next = b.url(&format!(
        "/actor/items?section=events&after={}",
        cursor_event.id
    ));
    Peer::start_backfill(&mut conn, peer_row.id, &next)
        .await
        .expect("cursor");
    drop(conn);
    // A second process on A's database (what a restart starts) picks it up.
    let mut config = a.ctx.config.clone();
    config.database.pool_size = 2;
    let restarted = tessera::app::build(
        config,
        tessera::app::Options {
            host_overrides: net.overrides.clone(),
        },
    )
    .await
    .expect("restart");
    tokio::spawn(tessera::inbound::peering::backfill::run(
        restarted.context(),
    ));
    eventually("the backfill resumed", || async {
        done().await.0 == "done" && event(&a, &event_url(late)).await.is_some()
    })
    .await;
    assert!(
        event(&a, &event_url(early)).await.is_none(),
        "pages before the saved position are not read again"
    );
}

/// A TCP forwarder that can cut a hub off (open: forwards; closed: drops every connection,
/// including open keep-alive ones).
struct Gate {
    open: Arc<AtomicBool>,
    live: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Gate {
    /// Listens on `listener` (the address every other hub uses) and forwards to `target`.
    fn on(listener: TcpListener, target: SocketAddr) -> Gate {
        let open = Arc::new(AtomicBool::new(true));
        let live: Arc<Mutex<Vec<tokio::task::AbortHandle>>> = Arc::default();
        let (o, l) = (open.clone(), live.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !o.load(Ordering::SeqCst) {
                    continue;
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut out) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                });
                l.lock().expect("lock").push(task.abort_handle());
            }
        });
        Gate { open, live }
    }

    fn close(&self) {
        self.open.store(false, Ordering::SeqCst);
        for task in self.live.lock().expect("lock").drain(..) {
            task.abort();
        }
    }

    fn reopen(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_hub_that_was_down_catches_up_when_it_returns() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    // A's public address is a gate in front of the port A really listens on (ports are
    // part of the hubs' domains, so the gate must hold the public one).
    let public = net.take("hub-a.test");
    let inner = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let inner_addr = inner.local_addr().expect("addr");
    net.listeners.push(("hub-a.test".into(), inner));
    let gate = Gate::on(public, inner_addr);
    let a = net.start_hub("hub-a.test").await;
    // B retries quickly.
    let b = net
        .start_hub_with("hub-b.test", |c| c.federation.delivery_retry_base_secs = 1)
        .await;
    let root = admin(&a, "root").await;
    b.create_user("ben").await;
    let client = net.client();
    let ben = b.token("ben").await;
    peer(&a, &root, &b).await;
    let created = post(
        &client,
        &b,
        &ben,
        "/events",
        crate::harness::events::event_body(),
    )
    .await;
    let key = created["key"].as_str().expect("key").to_string();
    let event_id = b.url(&format!("/events/{key}"));
    eventually("A holds the event", || async {
        event(&a, &event_id).await.is_some()
    })
    .await;

    gate.close();
    // While A is down, B creates, changes and deletes.
    post(
        &client,
        &b,
        &ben,
        "/projects",
        crate::harness::entries::project_body(),
    )
    .await;
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"name": "Green Roofs Porto"})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::DELETE,
        &format!("/events/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("B's deliveries to A have failed", || async {
        let views = tessera::services::peering::list(&b.ctx)
            .await
            .expect("peers");
        views
            .iter()
            .any(|p| p.host == a.domain && p.health.consecutive_failures > 0)
    })
    .await;
    let project = b.url("/projects/green_roofs");
    assert!(entry(&a, &project).await.is_none());

    gate.reopen();
    eventually("A caught up", || async {
        let name = entry(&a, &project)
            .await
            .map(|(actor, _)| actor.display_name);
        name.as_deref() == Some("Green Roofs Porto") && event(&a, &event_id).await.is_none()
    })
    .await;
}

/// A page of events is kept in one go (`inbound::events::store_page`): an event that
/// fails its checks is refused alone, the others are stored with their organiser, and the
/// same page read again updates what changed.
#[tokio::test]
async fn a_page_of_events_is_kept_together_and_a_bad_event_alone() {
    use tessera::inbound::events::{store_page, Kept};
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let ben = b.create_user("ben").await;
    for i in 0..3 {
        tessera::services::events::create(&b.ctx, &ben, event_input(i))
            .await
            .expect("event");
    }
    let client = net.client();
    let page =
        crate::harness::ap_document(&client, &b.url("/actor/items?section=events&after=0")).await;
    let items = page["orderedItems"].as_array().expect("items").clone();
    assert_eq!(items.len(), 3, "{page}");
    let kept = |object: &serde_json::Value| {
        let id = object["id"].as_str().unwrap();
        Kept {
            activity: format!("{id}#backfill").parse().unwrap(),
            actor: b.actor_url("ben").parse().unwrap(),
            object: object.clone(),
        }
    };
    // The third claims an id on another server: refused, alone.
    let mut foreign = items[2].clone();
    foreign["id"] = json!("https://elsewhere.example/events/x");
    let page = vec![kept(&items[0]), kept(&items[1]), kept(&foreign)];
    assert_eq!(store_page(&a.ctx, page).await, 2);
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let first = event(&a, ids[0]).await.expect("first kept");
    assert!(event(&a, ids[1]).await.is_some(), "second kept");
    assert!(event(&a, ids[2]).await.is_none(), "third not read");
    assert!(event(&a, "https://elsewhere.example/events/x")
        .await
        .is_none());
    let mut conn = a.ctx.pool.get().await.unwrap();
    let organizer = tessera::db::models::actor::Actor::find(&mut conn, first.organizer_id)
        .await
        .unwrap()
        .expect("organiser");
    drop(conn);
    assert_eq!(organizer.ap_id.as_str(), b.actor_url("ben"));
    assert!(!first.is_local);

    // Read again with a new title: updated in place, its sequence one up.
    let mut changed = items[0].clone();
    changed["name"] = json!("Peer-learning visit, moved");
    assert_eq!(
        store_page(&a.ctx, vec![kept(&changed), kept(&items[1])]).await,
        2
    );
    let after = event(&a, ids[0]).await.expect("still there");
    assert_eq!(after.id, first.id);
    assert_eq!(after.title, "Peer-learning visit, moved");
    assert_eq!(after.sequence, first.sequence + 1);
}
