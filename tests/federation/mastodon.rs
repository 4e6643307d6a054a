//! Interop with Mastodon: its Follow and Undo payloads from the fixtures, signed by a test
//! actor, are handled; what we send back has the shape Mastodon reads; our fetches are signed.

use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use serde_json::{json, Value};
use tessera::db::models::actor::Actor;
use tessera::db::models::follow::Follow;

async fn follow_row(hub: &Hub, follower: &str, followee: &str) -> Option<Follow> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let a = Actor::find_by_ap_id(&mut conn, follower).await.unwrap()?;
    let b = Actor::find_by_ap_id(&mut conn, followee).await.unwrap()?;
    Follow::find_pair(&mut conn, a.id, b.id).await.unwrap()
}

async fn setup() -> (Network, Hub, FakeMastodon) {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("masto.test");
    let listener = net.take("masto.test");
    let fake = FakeMastodon::start(listener, &domain, &["asonix", "admin"], net.client()).await;
    hub.create_user("alice").await;
    (net, hub, fake)
}

#[tokio::test]
async fn mastodon_follow_and_undo_are_handled() {
    let (_net, hub, fake) = setup().await;
    let asonix = fake.actor_id("asonix");
    let alice = hub.actor_url("alice");

    let mut follow = fixture("mastodon/activities/follow.json");
    let follow_id = format!(
        "http://{}/1ea87517-63c5-4118-8831-460ee641b2cf",
        fake.domain
    );
    follow["id"] = json!(follow_id);
    follow["actor"] = json!(asonix);
    follow["object"] = json!(alice);
    let status = fake
        .send("asonix", &hub, &hub.url("/users/alice/inbox"), &follow)
        .await;
    assert_eq!(status, 202);

    let row = follow_row(&hub, &asonix, &alice)
        .await
        .expect("follow stored");
    assert_eq!(row.state, "accepted");
    assert_eq!(row.ap_id, follow_id);

    // The remote profile was stored, with its HTML sanitised and its name as plain text.
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let stored = Actor::find_by_ap_id(&mut conn, &asonix)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    assert!(!stored.summary.contains("<script"), "{}", stored.summary);
    assert!(
        !stored.display_name.contains('<'),
        "{}",
        stored.display_name
    );
    assert_eq!(
        stored.shared_inbox_url.as_deref(),
        Some(format!("http://{}/inbox", fake.domain).as_str())
    );

    // Mastodon gets an Accept it can read: actor is Alice, object the Follow it sent.
    eventually("the Accept reaches Mastodon", || async {
        !fake.inbox_items().is_empty()
    })
    .await;
    let accept = &fake.inbox_items()[0];
    assert_eq!(accept["type"], "Accept");
    assert_eq!(accept["actor"], alice);
    assert_eq!(accept["object"]["type"], "Follow");
    assert_eq!(accept["object"]["id"], follow_id);
    assert_eq!(accept["object"]["actor"], asonix);
    assert_eq!(accept["object"]["object"], alice);
    assert!(accept["@context"]
        .to_string()
        .contains("https://www.w3.org/ns/activitystreams"));

    // The actor fetch was signed by the instance actor (authorized-fetch servers need it).
    let fetches = fake.fetches();
    let (_, signature) = fetches
        .iter()
        .find(|(p, _)| p == "/users/asonix")
        .expect("fetched");
    let signature = signature.as_deref().expect("fetch was signed");
    assert!(
        signature.contains(&format!("keyId=\"{}#main-key\"", hub.url("/actor"))),
        "{signature}"
    );
    // What Mastodon's secure mode requires a signature to cover.
    let covered = signature
        .split("headers=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .unwrap_or("");
    for header in ["(request-target)", "host", "date"] {
        assert!(
            covered.split(' ').any(|h| h == header),
            "{header} not signed: {signature}"
        );
    }

    // Mastodon's Undo{Follow}, to the shared inbox.
    let mut undo = fixture("mastodon/activities/undo_follow.json");
    undo["id"] = json!(format!("{asonix}#follows/449/undo"));
    undo["actor"] = json!(asonix);
    undo["object"]["id"] = json!(follow_id);
    undo["object"]["actor"] = json!(asonix);
    undo["object"]["object"] = json!(alice);
    let status = fake.send("asonix", &hub, &hub.url("/inbox"), &undo).await;
    assert_eq!(status, 202);
    assert!(follow_row(&hub, &asonix, &alice).await.is_none());
}

#[tokio::test]
async fn following_a_mastodon_account() {
    let (net, hub, fake) = setup().await;
    let client = net.client();
    let admin = fake.actor_id("admin");
    let alice = hub.actor_url("alice");
    let res = client
        .post(hub.url("/api/v1/follows"))
        .bearer_auth(hub.token("alice").await)
        .json(&json!({"target": format!("@admin@{}", fake.domain)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["state"], "pending");
    assert_eq!(view["target"]["handle"], format!("@admin@{}", fake.domain));

    eventually("the Follow reaches Mastodon", || async {
        fake.inbox_items().iter().any(|a| a["type"] == "Follow")
    })
    .await;
    let follow = fake
        .inbox_items()
        .into_iter()
        .find(|a| a["type"] == "Follow")
        .unwrap();
    assert_eq!(follow["actor"], alice);
    assert_eq!(follow["object"], admin);
    let follow_id = follow["id"].as_str().unwrap().to_string();
    assert!(follow_id.starts_with(&hub.url("/")));

    // Mastodon's Accept (shape from the fixtures), referring to our Follow embedded.
    let mut accept = fixture("mastodon/from-mobilizon-tests/accept-activity.json");
    accept.as_object_mut().unwrap().remove("signature");
    accept["id"] = json!(format!("{admin}#accepts/follows/1"));
    accept["actor"] = json!(admin);
    accept["object"] = json!({"type": "Follow", "id": follow_id, "actor": alice, "object": admin});
    assert_eq!(
        fake.send("admin", &hub, &hub.url("/inbox"), &accept).await,
        202
    );
    assert_eq!(
        follow_row(&hub, &alice, &admin).await.unwrap().state,
        "accepted"
    );

    // Another actor cannot accept on the followee's behalf.
    let mut forged = accept.clone();
    forged["id"] = json!(format!("{}#accepts/forged", fake.actor_id("asonix")));
    forged["actor"] = json!(fake.actor_id("asonix"));
    assert_eq!(
        fake.send("asonix", &hub, &hub.url("/inbox"), &forged).await,
        403
    );

    // Mastodon's Reject of an accepted follow removes it (a "remove follower").
    let mut reject = fixture("mastodon/from-mobilizon-tests/reject-activity.json");
    reject.as_object_mut().unwrap().remove("signature");
    reject["id"] = json!(format!("{admin}#rejects/follows/1"));
    reject["actor"] = json!(admin);
    reject["object"] = json!(follow_id);
    assert_eq!(
        fake.send("admin", &hub, &hub.url("/inbox"), &reject).await,
        202
    );
    assert!(follow_row(&hub, &alice, &admin).await.is_none());
}
