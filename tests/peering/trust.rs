//! What a peer hub relays is taken from its origin, never from the peer's copy.
//!
//! A scripted peer (`peer.test`, an `Application` our instance actor follows) announces the
//! Create, Update and Delete of an event whose origin is `third.test`, each with a tampered
//! copy embedded: the event is stored as its origin serves it, the relayed Delete is applied
//! only once the origin no longer serves it, and what the peer relays neither orders the
//! origin's changes nor claims their ids. The peer's own items must be organised on its own
//! host.

use crate::harness::remote::FakeMastodon;
use crate::harness::Network;
use serde_json::{json, Value};
use tessera::db::models::actor::Actor;
use tessera::db::models::event::Event;
use tessera::db::models::follow::{Follow, STATE_ACCEPTED};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

fn event_doc(id: &str, organizer: &str, name: &str) -> Value {
    json!({"id": id, "type": "Event", "name": name, "attributedTo": organizer,
        "organizer": organizer, "startTime": "2027-03-01T10:00:00Z", "endTime": "2027-03-01T12:00:00Z",
        "content": "<p>Workshop</p>", "to": [PUBLIC], "published": "2026-12-01T10:00:00Z"})
}

#[tokio::test]
async fn a_peer_relays_nothing_but_what_the_origin_serves() {
    let mut net = Network::bind(&["hub-a.test", "peer.test", "third.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let (peer_domain, third_domain) = (net.domain("peer.test"), net.domain("third.test"));
    let peer =
        FakeMastodon::start(net.take("peer.test"), &peer_domain, &["hubb"], net.client()).await;
    let third = FakeMastodon::start(
        net.take("third.test"),
        &third_domain,
        &["tina"],
        net.client(),
    )
    .await;
    hub.create_user("ana").await;

    // The peer's instance actor, followed (and accepted) by ours.
    let hubb = peer.actor_id("hubb");
    let mut doc: Value = net
        .client()
        .get(&hubb)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    doc["type"] = json!("Application");
    peer.set_actor("hubb", doc);
    let hello = json!({"id": format!("{hubb}/hello"), "type": "Wobble", "actor": hubb, "object": hub.url("/actor")});
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &hello).await,
        202
    );
    {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        let ours = Actor::find_local(&mut conn, hub.ctx.config.host())
            .await
            .unwrap()
            .expect("instance actor");
        let theirs = Actor::find_by_ap_id(&mut conn, &hubb)
            .await
            .unwrap()
            .unwrap();
        Follow::upsert(
            &mut conn,
            &hub.url("/follows/peer"),
            ours.id,
            theirs.id,
            STATE_ACCEPTED,
        )
        .await
        .unwrap();
    }

    let tina = third.actor_id("tina");
    let event_id = format!("http://{third_domain}/events/1");
    third.serve(&event_id, event_doc(&event_id, &tina, "Original"));
    let mut n = 0;
    let mut relay = |kind: &str, object: Value| {
        n += 1;
        let inner = json!({"id": format!("http://{third_domain}/activities/{n}"), "type": kind,
            "actor": tina, "to": [PUBLIC], "object": object,
            "published": format!("2026-12-02T10:00:{n:02}Z")});
        json!({"id": format!("{hubb}/announces/{n}"), "type": "Announce", "actor": hubb,
            "to": [PUBLIC], "object": inner})
    };
    let stored = || async {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Event::find_by_ap_id(&mut conn, &event_id).await.unwrap()
    };

    // Create and Update relayed with a tampered copy: the origin's version is stored.
    let tampered = event_doc(&event_id, &tina, "Tampered");
    let create = relay("Create", tampered.clone());
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &create).await,
        202
    );
    let event = stored().await.expect("relayed event stored");
    assert_eq!(event.title, "Original");
    let update = relay("Update", tampered);
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &update).await,
        202
    );
    assert_eq!(stored().await.unwrap().title, "Original");

    // The relaying peer's `published` orders nothing: a change "from the year 9999" does not
    // hide the origin's next change.
    let mut future = relay("Update", event_doc(&event_id, &tina, "Tampered"));
    future["object"]["published"] = json!("9999-01-01T00:00:00Z");
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &future).await,
        202
    );
    third.serve(&event_id, event_doc(&event_id, &tina, "Renamed"));
    let update = relay("Update", json!(event_id));
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &update).await,
        202
    );
    assert_eq!(stored().await.unwrap().title, "Renamed");

    // A relayed Delete while the origin still serves the event is ignored, and it does not
    // claim the Delete's id: the origin's own Delete with that id is still processed.
    let delete_id = format!("{event_id}#delete");
    let early = json!({"id": format!("{hubb}/announces/early-delete"), "type": "Announce",
        "actor": hubb, "to": [PUBLIC], "object": {"id": delete_id, "type": "Delete",
        "actor": tina, "to": [PUBLIC], "object": event_id}});
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &early).await,
        202
    );
    assert!(
        stored().await.is_some(),
        "deleted on the word of the relaying peer"
    );
    let real = json!({"id": delete_id, "type": "Delete", "actor": tina, "to": [PUBLIC], "object": event_id});
    assert_eq!(
        third.send("tina", &hub, &hub.url("/inbox"), &real).await,
        202
    );
    assert!(
        stored().await.is_none(),
        "the origin's Delete was taken for a duplicate"
    );

    // Another event: its relayed Delete is applied once the origin answers with a Tombstone.
    let second = format!("http://{third_domain}/events/2");
    third.serve(&second, event_doc(&second, &tina, "Second"));
    let create = relay("Create", json!(second));
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &create).await,
        202
    );
    let exists = || async {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Event::find_by_ap_id(&mut conn, &second)
            .await
            .unwrap()
            .is_some()
    };
    assert!(exists().await);
    let delete = relay("Delete", json!(second));
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &delete).await,
        202
    );
    assert!(exists().await, "deleted on the word of the relaying peer");
    third.serve(&second, json!({"id": second, "type": "Tombstone"}));
    let delete = relay("Delete", json!(second));
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &delete).await,
        202
    );
    assert!(!exists().await, "the origin's deletion was not applied");

    // The peer's own event, organised by a member of this hub: refused, nothing stored.
    let own_id = format!("http://{peer_domain}/events/9");
    let own = json!({"id": format!("http://{peer_domain}/activities/own"), "type": "Create",
        "actor": hubb, "to": [PUBLIC], "published": "2026-12-02T11:00:00Z",
        "object": event_doc(&own_id, &hub.actor_url("ana"), "Forged")});
    let announce = json!({"id": format!("{hubb}/announces/own"), "type": "Announce",
        "actor": hubb, "to": [PUBLIC], "object": own});
    assert_eq!(
        peer.send("hubb", &hub, &hub.url("/inbox"), &announce).await,
        400
    );
    let mut conn = hub.ctx.pool.get().await.unwrap();
    assert!(Event::find_by_ap_id(&mut conn, &own_id)
        .await
        .unwrap()
        .is_none());
}
