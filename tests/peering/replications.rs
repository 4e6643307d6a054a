//! Replication between peered hubs (issue 22, part 5): a project on hub B declares that it
//! adapts a project on hub A; A's page says "Replicated in Estonia" and links B's project
//! to the copy A holds of it, B's page links the source to its copy of A's project, and a
//! third peer of B, which never heard of the source, still learns of the replication.

use crate::harness::browser::{shows, Browser};
use crate::harness::peering::{admin, entry, peer};
use crate::harness::replications::{declare, href, html_page, of, project};
use crate::harness::{eventually, Network};
use serde_json::json;

#[tokio::test]
async fn a_replication_on_a_peer_shows_on_the_source_hub_and_travels_to_peers() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "hub-c.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let c = net.start_hub("hub-c.test").await;
    let root = admin(&b, "root").await;
    a.create_user("ana").await;
    b.create_user("ben").await;
    let client = net.client();
    let (ana, ben) = (a.token("ana").await, b.token("ben").await);
    project(&client, &a, &ana, "green_roofs", "Green Roofs Lisboa", "pt").await;
    project(&client, &b, &ben, "tartu_roofs", "Tartu Roofs", "ee").await;
    peer(&b, &root, &a).await;
    peer(&b, &root, &c).await;
    let green = a.url("/projects/green_roofs");
    let tartu = b.url("/projects/tartu_roofs");
    eventually("each peer holds the other's project", || async {
        entry(&b, &green).await.is_some() && entry(&a, &tartu).await.is_some()
    })
    .await;

    let body = json!({"source": green, "relation": "adapts", "note": "Same roofs, colder."});
    let (status, made) = declare(&client, &b, Some(&ben), "tartu_roofs", body).await;
    assert_eq!(status, 201, "{made}");

    let mut visitor = Browser::new(&net);
    eventually("A shows where its project was replicated", || async {
        let page = html_page(&client, &a.url("/projects/green_roofs")).await;
        page.contains("Replicated in Estonia")
    })
    .await;
    let (_, page) = visitor.get(&a.url("/projects/green_roofs")).await;
    shows(
        &page,
        &[
            &href(&format!("/@tartu_roofs@{}", b.domain)),
            "Same roofs, colder.",
        ],
    );
    // On B, the source links to B's copy of A's project.
    let (_, page) = visitor.get(&b.url("/projects/tartu_roofs")).await;
    shows(
        &page,
        &[
            "Adapts",
            &href(&format!("/@green_roofs@{}", a.domain)),
            "Green Roofs Lisboa",
        ],
    );
    // The pages of the copies say it too: A's copy of B's project links to A's own
    // project, B's copy of A's project counts B's project.
    let (_, page) = visitor
        .get(&a.url(&format!("/@tartu_roofs@{}", b.domain)))
        .await;
    shows(&page, &["Adapts", &href("/projects/green_roofs")]);
    let (_, page) = visitor
        .get(&b.url(&format!("/@green_roofs@{}", a.domain)))
        .await;
    shows(
        &page,
        &["Replicated in Estonia", &href("/projects/tartu_roofs")],
    );
    // C peers with B only: B's Announce of its project's Update carries the term, and C
    // counts A's project among the replicated ones once it holds a copy of it.
    eventually("C stores the declaration", || async {
        let Some((actor, _)) = entry(&c, &tartu).await else {
            return false;
        };
        let mut conn = c.ctx.pool.get().await.unwrap();
        let rows = tessera::db::models::replication::Replication::sources_of(&mut conn, actor.id)
            .await
            .unwrap();
        rows.len() == 1 && rows[0].0.source_ap_id == green && rows[0].0.relation == "adapts"
    })
    .await;
    let view = of(&client, &a, "green_roofs").await;
    assert_eq!(view["replicated_in"], json!(["EE"]), "{view}");
}
