//! People on two hubs follow each other: accepted, locked (pending, approved), rejected,
//! undone. Both hubs' databases, collections and pages must agree.

use crate::harness::{eventually, Hub, Network, AP_ACCEPT};
use serde_json::{json, Value};
use tessera::db::models::follow::Follow;

async fn follow_state(hub: &Hub, follower: &str, followee: &str) -> Option<String> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let a = tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, follower)
        .await
        .unwrap()?;
    let b = tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, followee)
        .await
        .unwrap()?;
    Follow::find_pair(&mut conn, a.id, b.id)
        .await
        .unwrap()
        .map(|f| f.state.to_string())
}

async fn collection_items(client: &reqwest::Client, url: &str) -> Vec<String> {
    let page: Value = client
        .get(format!("{url}?page=1"))
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn follow_accept_and_undo_across_hubs() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    a.create_user("alice").await;
    b.create_user("bob").await;
    let client = net.client();
    let token = a.token("alice").await;
    let (alice, bob) = (a.actor_url("alice"), b.actor_url("bob"));

    let res = client
        .post(a.url("/api/v1/follows"))
        .bearer_auth(&token)
        .json(&json!({"target": b.handle_of("bob").await}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["target"]["id"], bob);
    let follow_id = view["id"].as_i64().unwrap();

    eventually("B records and accepts the follow", || async {
        follow_state(&b, &alice, &bob).await.as_deref() == Some("accepted")
    })
    .await;
    eventually("A receives the Accept", || async {
        follow_state(&a, &alice, &bob).await.as_deref() == Some("accepted")
    })
    .await;

    // Both hubs show the relation in the ActivityPub collections...
    assert_eq!(
        collection_items(&client, &b.url("/users/bob/followers")).await,
        vec![alice.clone()]
    );
    assert_eq!(
        collection_items(&client, &a.url("/users/alice/following")).await,
        vec![bob.clone()]
    );
    // ... and on the profile pages.
    let bob_page = client
        .get(b.url("/@bob"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        bob_page.contains(&format!("@alice@{}", a.domain)),
        "{bob_page}"
    );
    let alice_page = client
        .get(a.url("/@alice"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(alice_page.contains(&format!("@bob@{}", b.domain)));
    // The API lists it as accepted.
    let list: Value = client
        .get(a.url("/api/v1/follows"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["state"], "accepted");

    // Undo removes it on both hubs.
    let res = client
        .delete(a.url(&format!("/api/v1/follows/{follow_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(follow_state(&a, &alice, &bob).await, None);
    eventually("B removes the follower", || async {
        follow_state(&b, &alice, &bob).await.is_none()
    })
    .await;
    assert!(collection_items(&client, &b.url("/users/bob/followers"))
        .await
        .is_empty());

    // Deleting it again is a 404, not a 500.
    let again = client
        .delete(a.url(&format!("/api/v1/follows/{follow_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
}

#[tokio::test]
async fn locked_account_approves_or_rejects() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    a.create_user("alice").await;
    a.create_user("carol").await;
    let bob_user = b.create_user("bob").await;
    let input = tessera::services::profiles::ProfileInput {
        display_name: "Bob",
        summary: "Locked",
        manually_approves_followers: true,
        locale: None,
        ..Default::default()
    };
    tessera::services::profiles::update(&b.ctx, &bob_user, input)
        .await
        .unwrap();
    let bob_user = b.user("bob").await;
    let client = net.client();
    let bob = b.actor_url("bob");
    let (alice, carol) = (a.actor_url("alice"), a.actor_url("carol"));

    // The actor document says it is locked.
    let doc: Value = client
        .get(&bob)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["manuallyApprovesFollowers"], true);

    for name in ["alice", "carol"] {
        let res = client
            .post(a.url("/api/v1/follows"))
            .bearer_auth(a.token(name).await)
            .json(&json!({"target": bob}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    eventually("B holds both requests", || async {
        follow_state(&b, &alice, &bob).await.as_deref() == Some("pending")
            && follow_state(&b, &carol, &bob).await.as_deref() == Some("pending")
    })
    .await;
    // Still pending after a while on A: nothing accepts it but Bob.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        follow_state(&a, &alice, &bob).await.as_deref(),
        Some("pending")
    );
    assert!(collection_items(&client, &b.url("/users/bob/followers"))
        .await
        .is_empty());

    let requests = tessera::services::follows::pending_requests(&b.ctx, &bob_user)
        .await
        .unwrap();
    assert_eq!(requests.len(), 2);
    let id_of = |ap: &str| {
        requests
            .iter()
            .find(|(_, a)| a.ap_id.as_str() == ap)
            .unwrap()
            .0
            .id
    };
    tessera::services::follows::accept_request(&b.ctx, &bob_user, id_of(&alice))
        .await
        .unwrap();
    tessera::services::follows::reject_request(&b.ctx, &bob_user, id_of(&carol))
        .await
        .unwrap();

    eventually("A sees Alice accepted", || async {
        follow_state(&a, &alice, &bob).await.as_deref() == Some("accepted")
    })
    .await;
    eventually("A forgets Carol's rejected request", || async {
        follow_state(&a, &carol, &bob).await.is_none()
    })
    .await;
    assert_eq!(follow_state(&b, &carol, &bob).await, None);
    assert_eq!(
        collection_items(&client, &b.url("/users/bob/followers")).await,
        vec![alice]
    );
}
