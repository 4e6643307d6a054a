//! Relay mode: B passes A's items on to C (and C's to A), keeping their origin, never back
//! to where they came from; in a triangle where every hub relays, each hub sends each
//! change at most once and nothing loops.

use crate::harness::api::call;
use crate::harness::entries::project_body;
use crate::harness::peering::{admin, entry, peer, post};
use crate::harness::{eventually, Hub, Network};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::json;
use tessera::db::schema::{deliveries, outgoing_activities, received_activities};

/// Ids of the Announces `hub` has sent (or queued) that mention `needle`.
async fn announces_of(hub: &Hub, needle: &str) -> Vec<String> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let rows: Vec<(String, String)> = tessera::db_run!(conn, |c| outgoing_activities::table
        .select((outgoing_activities::ap_id, outgoing_activities::payload))
        .load(c)
        .await)
    .expect("query");
    rows.into_iter()
        .filter(|(_, p)| p.contains("\"Announce\"") && p.contains(needle))
        .map(|(id, _)| id)
        .collect()
}

/// Whether `hub` received any of `ids`.
async fn received_any(hub: &Hub, ids: &[String]) -> bool {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let ids = ids.to_vec();
    let n: i64 = tessera::db_run!(conn, |c| received_activities::table
        .filter(received_activities::ap_id.eq_any(ids.clone()))
        .count()
        .get_result(c)
        .await)
    .expect("query");
    n > 0
}

async fn queue_empty(hub: &Hub) -> bool {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let n: i64 =
        tessera::db_run!(conn, |c| deliveries::table.count().get_result(c).await).expect("query");
    n == 0
}

#[tokio::test]
async fn a_relaying_hub_passes_items_on_without_loops_or_duplicates() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "hub-c.test"]).await;
    let relay = |c: &mut tessera::config::Config| c.peering.relay = true;
    let a = net.start_hub_with("hub-a.test", relay).await;
    let b = net.start_hub_with("hub-b.test", relay).await;
    let c = net.start_hub_with("hub-c.test", relay).await;
    let root_a = admin(&a, "root").await;
    let root_c = admin(&c, "root").await;
    a.create_user("ana").await;
    c.create_user("cai").await;
    let client = net.client();
    let ana = a.token("ana").await;
    let cai = c.token("cai").await;

    // A chain: A - B - C. An item A has before C joins arrives with C's backfill.
    peer(&a, &root_a, &b).await;
    let mut early = project_body();
    early["handle"] = json!("early");
    post(&client, &a, &ana, "/projects", early).await;
    let early_id = a.url("/projects/early");
    eventually("B has A's early project", || async {
        entry(&b, &early_id).await.is_some()
    })
    .await;
    peer(&c, &root_c, &b).await;
    eventually("C backfilled A's early project through B", || async {
        entry(&c, &early_id).await.is_some()
    })
    .await;

    // A new item of A reaches C through B, with its origin; C's reaches A.
    post(&client, &a, &ana, "/projects", project_body()).await;
    let mut cs = project_body();
    cs["handle"] = json!("tallinn_lab");
    post(&client, &c, &cai, "/projects", cs).await;
    let project = a.url("/projects/green_roofs");
    let c_project = c.url("/projects/tallinn_lab");
    eventually("relayed both ways", || async {
        entry(&c, &project).await.is_some() && entry(&a, &c_project).await.is_some()
    })
    .await;
    let (actor, _) = entry(&c, &project).await.expect("copy");
    assert_eq!(actor.domain, a.domain, "the origin is kept");

    // Changed and deleted at the origin: the relayed copies follow (a relayed Delete is
    // applied once the origin no longer serves the item).
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"name": "Green Roofs Porto"})),
    )
    .await;
    assert_eq!(status, 200);
    eventually("C sees the change", || async {
        entry(&c, &project)
            .await
            .map(|(a, _)| a.display_name)
            .as_deref()
            == Some("Green Roofs Porto")
    })
    .await;
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        "/projects/early",
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("C forgets the deleted project", || async {
        entry(&c, &early_id).await.is_none()
    })
    .await;

    // Nothing went back: B relayed A's project to C only.
    eventually("queues drained", || async {
        queue_empty(&a).await && queue_empty(&b).await && queue_empty(&c).await
    })
    .await;
    let from_b = announces_of(&b, &project).await;
    assert!(!from_b.is_empty());
    assert!(
        !received_any(&a, &from_b).await,
        "B sent A's item back to A"
    );
    assert!(received_any(&c, &from_b).await);

    // A triangle: A also peers with C. Every hub relays, yet each sends each change once.
    peer(&a, &root_a, &c).await;
    let mut third = project_body();
    third["handle"] = json!("triangle");
    post(&client, &a, &ana, "/projects", third).await;
    let triangle = a.url("/projects/triangle");
    eventually("B and C have it", || async {
        entry(&b, &triangle).await.is_some() && entry(&c, &triangle).await.is_some()
    })
    .await;
    eventually("queues drained", || async {
        queue_empty(&a).await && queue_empty(&b).await && queue_empty(&c).await
    })
    .await;
    let (sa, sb, sc) = (
        announces_of(&a, &triangle).await,
        announces_of(&b, &triangle).await,
        announces_of(&c, &triangle).await,
    );
    assert_eq!(sa.len(), 1, "A announced its Create once");
    assert!(sb.len() <= 1 && sc.len() <= 1, "{sb:?} {sc:?}");
    assert!(!received_any(&a, &sb).await && !received_any(&a, &sc).await);
}
