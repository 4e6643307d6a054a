//! Participation edge cases from other servers: leaving by `Undo{Join}` (embedded or by id),
//! and Joins of events that are not here, which get an answer when they name our address.

use crate::harness::api::call;
use crate::harness::events::create;
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, Network};
use reqwest::Method;
use serde_json::{json, Value};

fn join(fake: &FakeMastodon, who: &str, n: u32, event_id: &str) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/joins/{n}", fake.actor_id(who)),
        "type": "Join",
        "actor": fake.actor_id(who),
        "object": event_id,
    })
}

fn undo(fake: &FakeMastodon, who: &str, n: u32, object: Value) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/undos/{n}", fake.actor_id(who)),
        "type": "Undo",
        "actor": fake.actor_id(who),
        "object": object,
    })
}

#[tokio::test]
async fn undo_of_a_join_leaves_and_joins_of_missing_events_are_refused() {
    let mut net = Network::bind(&["hub-a.test", "remote.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("remote.test");
    let fake = FakeMastodon::start(
        net.take("remote.test"),
        &domain,
        &["rui", "eva"],
        net.client(),
    )
    .await;
    hub.create_user("org").await;
    let client = net.client();
    let org = hub.token("org").await;
    let event = create(&client, &hub, &org, json!({})).await;
    let (key, event_id) = (
        event["key"].as_str().unwrap(),
        event["id"].as_str().unwrap(),
    );
    let inbox = hub.url("/inbox");
    let count = || async {
        let path = format!("/events/{key}");
        let (_, e) = call(&client, &hub, None, Method::GET, &path, None).await;
        e["participant_count"].as_i64().unwrap()
    };

    // Join, then Undo with the Join embedded: counted in, then out.
    let j1 = join(&fake, "rui", 1, event_id);
    assert_eq!(fake.send("rui", &hub, &inbox, &j1).await, 202);
    assert_eq!(count().await, 1);
    let u1 = undo(&fake, "rui", 1, j1.clone());
    assert_eq!(fake.send("rui", &hub, &inbox, &u1).await, 202);
    assert_eq!(count().await, 0);

    // Join again, Undo naming the Join by its id only.
    let j2 = join(&fake, "rui", 2, event_id);
    assert_eq!(fake.send("rui", &hub, &inbox, &j2).await, 202);
    assert_eq!(count().await, 1);
    // Someone else cannot undo rui's Join.
    let forged = undo(&fake, "eva", 2, j2["id"].clone());
    assert_eq!(fake.send("eva", &hub, &inbox, &forged).await, 403);
    assert_eq!(count().await, 1);
    let u2 = undo(&fake, "rui", 2, j2["id"].clone());
    assert_eq!(fake.send("rui", &hub, &inbox, &u2).await, 202);
    assert_eq!(count().await, 0);
    // Undo of a Join nobody knows: acknowledged, nothing changes.
    let u3 = undo(
        &fake,
        "rui",
        3,
        json!(format!("{}/joins/99", fake.actor_id("rui"))),
    );
    assert_eq!(fake.send("rui", &hub, &inbox, &u3).await, 202);

    // A Join of a deleted event of ours is refused by the hub itself, embedding the Join.
    let gone = create(&client, &hub, &org, json!({"title": "Gone soon"})).await;
    let path = format!("/events/{}", gone["key"].as_str().unwrap());
    let (status, _) = call(&client, &hub, Some(&org), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let j4 = join(&fake, "eva", 4, gone["id"].as_str().unwrap());
    assert_eq!(fake.send("eva", &hub, &inbox, &j4).await, 202);
    eventually("the Reject of a Join of a deleted event", || async {
        fake.inbox_items()
            .iter()
            .any(|a| a["type"] == "Reject" && a["object"]["id"] == j4["id"])
    })
    .await;
    let reject = fake
        .inbox_items()
        .into_iter()
        .find(|a| a["type"] == "Reject" && a["object"]["id"] == j4["id"])
        .unwrap();
    assert_eq!(reject["actor"], hub.url("/actor"));
    assert_eq!(reject["object"]["object"], gone["id"]);
    assert_eq!(reject["object"]["actor"], fake.actor_id("eva"));

    // A Join of someone else's event is not ours to answer. A second Join of the deleted
    // event, sent after it, marks the time by which an answer would have come.
    let elsewhere = format!("http://{domain}/events/42");
    let j5 = join(&fake, "eva", 5, &elsewhere);
    assert_eq!(fake.send("eva", &hub, &inbox, &j5).await, 202);
    let j6 = join(&fake, "eva", 6, gone["id"].as_str().unwrap());
    assert_eq!(fake.send("eva", &hub, &inbox, &j6).await, 202);
    eventually("the Reject of the later Join", || async {
        fake.inbox_items()
            .iter()
            .any(|a| a["object"]["id"] == j6["id"])
    })
    .await;
    assert!(!fake
        .inbox_items()
        .iter()
        .any(|a| a["object"]["id"] == j5["id"]));
}
