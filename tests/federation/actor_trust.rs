//! An actor's endpoints stay on its own host, and answers are given only by those asked.
//!
//! An actor document naming an inbox, outbox, shared inbox, followers collection or key on
//! another host is refused, with a log line, whether it comes with an Update or a fetch;
//! a stored actor is left as it was and deliveries never follow it elsewhere. An Accept or
//! Reject of a request made here that its sender was not asked is refused with 403.

use serde_json::{json, Value};
use tessera::db::models::actor::Actor;

/// The stored row of `ap_id`, as the fields an Update could change.
async fn row(hub: &crate::harness::Hub, ap_id: &str) -> Option<String> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Actor::find_by_ap_id(&mut conn, ap_id)
        .await
        .unwrap()
        .map(|a| {
            format!(
                "{} {} {:?} {:?} {:?} {}",
                a.display_name,
                a.inbox_url,
                a.shared_inbox_url,
                a.outbox_url,
                a.followers_url,
                a.public_key_pem
            )
        })
}

/// Every inbox a delivery was queued for.
async fn delivery_inboxes(hub: &crate::harness::Hub) -> Vec<String> {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::deliveries;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    tessera::db_run!(conn, |c| deliveries::table
        .select(deliveries::inbox_url)
        .load::<String>(c)
        .await)
    .unwrap()
}

#[tokio::test]
async fn actor_endpoints_on_another_host_are_refused_and_change_nothing() {
    let (net, hub, fake) = crate::harness::hub_and_fake(&["mallory", "eve"]).await;
    let domain = fake.domain.clone();
    let alice = hub.create_user("alice").await;
    let alice_id = hub.actor_url("alice");
    let mallory = fake.actor_id("mallory");
    let follow = json!({"id": format!("{mallory}/follows/1"), "type": "Follow", "actor": mallory, "object": alice_id});
    assert_eq!(
        fake.send("mallory", &hub, &hub.url("/inbox"), &follow)
            .await,
        202
    );
    let stored = row(&hub, &mallory).await.expect("mallory stored");

    // Each endpoint moved to another host, sent as mallory's own Update: refused, and the
    // stored actor is unchanged.
    let elsewhere = "http://elsewhere.test";
    let doc: Value = {
        let res = net
            .client()
            .get(&mallory)
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap();
        res.json().await.unwrap()
    };
    // (field, JSON pointer, value on another host)
    let cases = [
        ("inbox", "/inbox", format!("{elsewhere}/inbox")),
        ("outbox", "/outbox", format!("{elsewhere}/outbox")),
        (
            "sharedInbox",
            "/endpoints/sharedInbox",
            format!("{elsewhere}/inbox"),
        ),
        ("followers", "/followers", format!("{elsewhere}/f")),
        ("following", "/following", format!("{elsewhere}/f")),
        (
            "key owner",
            "/publicKey/owner",
            format!("{elsewhere}/users/mallory"),
        ),
        ("key id", "/publicKey/id", format!("{elsewhere}/keys/1")),
    ];
    for (n, (field, pointer, value)) in cases.iter().enumerate() {
        let mut bad = doc.clone();
        bad["name"] = json!("Changed");
        *bad.pointer_mut(pointer).expect(field) = json!(value);
        let update = json!({"id": format!("{mallory}/updates/{n}"), "type": "Update",
            "actor": mallory, "object": bad});
        let status = fake
            .send("mallory", &hub, &hub.url("/inbox"), &update)
            .await;
        assert_eq!(status, 400, "{field} on another host");
        assert_eq!(
            row(&hub, &mallory).await.as_deref(),
            Some(stored.as_str()),
            "{field}"
        );
    }

    // The same document fetched for an actor we do not know yet: refused, not stored, and
    // its activity not processed.
    let mut eve_doc = doc.clone();
    let eve = fake.actor_id("eve");
    eve_doc["id"] = json!(eve);
    eve_doc["preferredUsername"] = json!("eve");
    eve_doc["inbox"] = json!(format!("{eve}/inbox"));
    eve_doc["endpoints"]["sharedInbox"] = json!(format!("{elsewhere}/inbox"));
    eve_doc["publicKey"] = json!({"id": format!("{eve}#main-key"), "owner": eve, "publicKeyPem": fake.public_key("eve")});
    fake.set_actor("eve", eve_doc);
    let follow = json!({"id": format!("{eve}/follows/1"), "type": "Follow", "actor": eve, "object": alice_id});
    assert_eq!(
        fake.send("eve", &hub, &hub.url("/inbox"), &follow).await,
        400
    );
    assert_eq!(row(&hub, &eve).await, None, "eve was stored");

    // Deliveries to mallory go to her own server; a row stored with a shared inbox on
    // another host (before these checks existed) is delivered to its inbox instead.
    {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        use tessera::db::schema::actors;
        let mut conn = hub.ctx.pool.get().await.unwrap();
        tessera::db_run!(conn, |c| diesel::update(
            actors::table.filter(actors::ap_id.eq(&mallory))
        )
        .set(actors::shared_inbox_url.eq(Some(format!("{elsewhere}/inbox"))))
        .execute(c)
        .await)
        .unwrap();
    }
    let input = tessera::services::posts::PostInput {
        content: "Hello followers",
        summary: "",
        visibility: "public",
        in_reply_to: None,
        language: None,
    };
    tessera::services::posts::create(&hub.ctx, &alice, input)
        .await
        .expect("post");
    let inboxes = delivery_inboxes(&hub).await;
    assert!(!inboxes.is_empty());
    assert!(
        inboxes
            .iter()
            .all(|i| i.starts_with(&format!("http://{domain}/"))),
        "{inboxes:?}"
    );
}

#[tokio::test]
async fn answers_to_requests_made_here_come_only_from_those_asked() {
    let (_net, hub, fake) = crate::harness::hub_and_fake(&["mallory"]).await;
    let domain = fake.domain.clone();
    hub.create_user("alice").await;
    let alice = hub.actor_url("alice");
    let mallory = fake.actor_id("mallory");
    let event = format!("http://{domain}/events/1");
    let mut n = 0;
    for (kind, object, expect) in [
        // One of our Join ids that was never sent to mallory.
        (
            "Accept",
            json!(hub.url("/activities/join/0123456789abcdef")),
            403,
        ),
        (
            "Reject",
            json!(hub.url("/activities/join/0123456789abcdef")),
            403,
        ),
        // A Join by alice embedded, of an event alice never joined.
        (
            "Accept",
            json!({"type": "Join", "id": format!("http://{domain}/joins/1"), "actor": alice, "object": event}),
            403,
        ),
        (
            "Reject",
            json!({"type": "Join", "actor": alice, "object": event}),
            403,
        ),
        // A Follow by alice that does not exist.
        (
            "Accept",
            json!({"type": "Follow", "actor": alice, "object": mallory}),
            403,
        ),
        // Something between others: not ours to judge, acknowledged.
        (
            "Accept",
            json!({"type": "Follow", "id": format!("http://{domain}/follows/9"),
            "actor": format!("http://{domain}/users/someone"), "object": mallory}),
            202,
        ),
    ] {
        n += 1;
        let answer = json!({"id": format!("{mallory}/answers/{n}"), "type": kind, "actor": mallory, "object": object});
        assert_eq!(
            fake.send("mallory", &hub, &hub.url("/inbox"), &answer)
                .await,
            expect,
            "{answer}"
        );
    }
    // An answer whose id is on another host than its actor.
    let answer = json!({"id": "http://elsewhere.test/answers/1", "type": "Accept", "actor": mallory,
        "object": {"type": "Follow", "actor": alice, "object": mallory}});
    assert_eq!(
        fake.send("mallory", &hub, &hub.url("/inbox"), &answer)
            .await,
        400
    );
}
