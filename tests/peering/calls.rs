//! Funding calls between peered hubs (issue 22): a call published before the peering comes
//! with the backfill, one published after with the hub's Announce; edits and withdrawals
//! follow; each keeps its origin.

use crate::harness::api::call;
use crate::harness::calls::{call_body, funder, publish};
use crate::harness::peering::{admin, peer};
use crate::harness::{eventually, Hub, Network};
use reqwest::Method;
use serde_json::json;
use tessera::db::models::funding_call::FundingCall;

async fn stored(hub: &Hub, ap_id: &str) -> Option<FundingCall> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    FundingCall::find_by_ap_id(&mut conn, ap_id).await.unwrap()
}

#[tokio::test]
async fn calls_travel_to_peers_by_backfill_and_announce_with_their_edits_and_withdrawal() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&a, "root").await;
    b.create_user("ben").await;
    let client = net.client();
    let ben = b.token("ben").await;
    funder(&client, &b, &ben, "fund").await;

    // Published in "Brussels" before the peering: the backfill brings it.
    let first = publish(&client, &b, &ben, call_body("fund")).await;
    let first_id = first["id"].as_str().unwrap().to_string();
    peer(&a, &root, &b).await;
    eventually("A backfills B's call", || async {
        stored(&a, &first_id).await.is_some()
    })
    .await;
    let copy = stored(&a, &first_id).await.unwrap();
    assert!(!copy.is_local);
    assert_eq!(copy.title, "Community care pilots");

    // Published after: the hub's Announce brings it, without anyone following the funder.
    let mut body = call_body("fund");
    body["title"] = json!("Digital skills academy");
    body["themes"] = json!(["skills-learning"]);
    let second = publish(&client, &b, &ben, body.clone()).await;
    let second_id = second["id"].as_str().unwrap().to_string();
    eventually("A gets the announced call", || async {
        stored(&a, &second_id).await.is_some()
    })
    .await;
    let (_, listed) = call(&client, &a, None, Method::GET, "/calls", None).await;
    assert_eq!(listed["total"], 2, "{listed}");
    for item in listed["items"].as_array().unwrap() {
        assert!(
            item["id"].as_str().unwrap().starts_with(&b.url("/")),
            "the origin is kept"
        );
        assert_eq!(item["local"], false);
    }
    let (_, found) = call(&client, &a, None, Method::GET, "/calls?q=academies", None).await;
    assert_eq!(
        found["total"], 1,
        "stemmed search over received calls: {found}"
    );

    // An edit, then the withdrawal of the first.
    body["title"] = json!("Digital skills academy 2027");
    let key = second["key"].as_str().unwrap();
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::PUT,
        &format!("/calls/{key}"),
        Some(body),
    )
    .await;
    assert_eq!(status, 200);
    eventually("the edit reaches A", || async {
        stored(&a, &second_id)
            .await
            .is_some_and(|c| c.title == "Digital skills academy 2027")
    })
    .await;
    let key = first["key"].as_str().unwrap();
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::DELETE,
        &format!("/calls/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("the withdrawal reaches A", || async {
        stored(&a, &first_id).await.is_none()
    })
    .await;
    // A's calendar carries the remaining call's deadlines.
    let ics = client
        .get(a.url("/calls/calendar.ics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        ics.contains("Digital skills academy 2027") && !ics.contains("Community care pilots"),
        "{ics}"
    );
}
