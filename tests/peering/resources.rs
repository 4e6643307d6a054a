//! Knowledge resources between peered hubs (issue 22): one shared before the peering comes
//! with the backfill, one shared after with the hub's Announce, without anyone following
//! the sharer; edits and deletions follow; each keeps its origin and is found by the
//! receiving hub's library search.

use crate::harness::api::call;
use crate::harness::peering::{admin, peer};
use crate::harness::resources::{resource_body, share};
use crate::harness::{eventually, Hub, Network};
use reqwest::Method;
use serde_json::json;
use tessera::db::models::resource::Resource;

async fn stored(hub: &Hub, ap_id: &str) -> Option<Resource> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Resource::find_by_ap_id(&mut conn, ap_id).await.unwrap()
}

#[tokio::test]
async fn resources_travel_to_peers_by_backfill_and_announce_with_their_edits_and_deletion() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&a, "root").await;
    b.create_user("ben").await;
    let client = net.client();
    let ben = b.token("ben").await;

    let first = share(&client, &b, &ben, resource_body()).await;
    let first_id = first["id"].as_str().unwrap().to_string();
    peer(&a, &root, &b).await;
    eventually("A backfills B's resource", || async {
        stored(&a, &first_id).await.is_some()
    })
    .await;
    let copy = stored(&a, &first_id).await.unwrap();
    assert!(!copy.is_local);
    assert_eq!(copy.title, "Co-design toolkit for care services");

    let mut body = resource_body();
    body["title"] = json!("Digital skills training kit");
    body["kind"] = json!("training");
    body["themes"] = json!(["skills-learning"]);
    body["translation_of"] = first["id"].clone();
    body["language"] = json!("et");
    let second = share(&client, &b, &ben, body.clone()).await;
    let second_id = second["id"].as_str().unwrap().to_string();
    eventually("A gets the announced resource", || async {
        stored(&a, &second_id).await.is_some()
    })
    .await;
    assert_eq!(
        stored(&a, &second_id)
            .await
            .unwrap()
            .translation_of
            .as_deref(),
        Some(first_id.as_str()),
        "the link between translations travels"
    );
    let (_, listed) = call(&client, &a, None, Method::GET, "/resources", None).await;
    assert_eq!(listed["total"], 2, "{listed}");
    for item in listed["items"].as_array().unwrap() {
        assert!(item["id"].as_str().unwrap().starts_with(&b.url("/")));
        assert_eq!(item["local"], false);
    }
    let (_, found) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/resources?q=trainings&kind=training",
        None,
    )
    .await;
    assert_eq!(
        found["total"], 1,
        "stemmed search over received resources: {found}"
    );

    body["title"] = json!("Digital skills training kit, 2027");
    let key = second["key"].as_str().unwrap();
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::PUT,
        &format!("/resources/{key}"),
        Some(body),
    )
    .await;
    assert_eq!(status, 200);
    eventually("the edit reaches A", || async {
        stored(&a, &second_id)
            .await
            .is_some_and(|r| r.title == "Digital skills training kit, 2027")
    })
    .await;
    let key = first["key"].as_str().unwrap();
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::DELETE,
        &format!("/resources/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("the deletion reaches A", || async {
        stored(&a, &first_id).await.is_none()
    })
    .await;
}
