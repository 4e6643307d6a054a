//! Hostile or broken input gets a precise 4xx, stores nothing, and never a 500.

use crate::harness::remote::FakeMastodon;
use crate::harness::{Hub, Network};
use serde_json::json;

async fn count_follows(hub: &Hub) -> i64 {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::follows;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    tessera::db_run!(conn, |c| follows::table.count().get_result::<i64>(c).await).unwrap()
}

async fn count_actors(hub: &Hub) -> i64 {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::actors;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    tessera::db_run!(conn, |c| actors::table.count().get_result::<i64>(c).await).unwrap()
}

#[tokio::test]
async fn inbox_rejects_bad_input_without_side_effects() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("masto.test");
    let fake =
        FakeMastodon::start(net.take("masto.test"), &domain, &["mallory"], net.client()).await;
    hub.create_user("alice").await;
    let client = net.client();
    let inbox = hub.url("/users/alice/inbox");
    let actors_before = count_actors(&hub).await;
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("http://{domain}/follows/1"),
        "type": "Follow",
        "actor": fake.actor_id("mallory"),
        "object": hub.actor_url("alice"),
    });

    // Unsigned: 401, nothing fetched, nothing stored.
    let res = client
        .post(&inbox)
        .header("content-type", "application/activity+json")
        .body(follow.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "signature_invalid");
    assert!(
        fake.fetches().is_empty(),
        "an unsigned request caused a fetch"
    );
    assert_eq!(count_follows(&hub).await, 0);
    assert_eq!(count_actors(&hub).await, actors_before);

    // A signature header whose key lives on another host than the actor: 401, no fetch.
    let res = client
        .post(&inbox)
        .header("signature", "keyId=\"http://evil.test/users/x#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\"AAAA\"")
        .body(follow.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(fake.fetches().is_empty());

    // Malformed JSON, correctly signed: 400.
    let status = fake
        .send_raw("mallory", &hub, &inbox, b"{\"type\": \"Follow\", ".to_vec())
        .await;
    assert_eq!(status, 400);
    // JSON that is no activity: 400.
    let status = fake
        .send("mallory", &hub, &inbox, &json!({"hello": "world"}))
        .await;
    assert_eq!(status, 400);

    // Signed by the right key but the body was altered after signing: 401.
    let mut tampered = follow.clone();
    tampered["id"] = json!(format!("http://{domain}/follows/2"));
    let status = fake
        .send_raw_tampered(
            "mallory",
            &hub,
            &inbox,
            follow.to_string(),
            tampered.to_string(),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(count_follows(&hub).await, 0);

    // An unknown activity type is acknowledged and ignored.
    let unknown = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("http://{domain}/activities/9"),
        "type": "Wobble",
        "actor": fake.actor_id("mallory"),
        "object": hub.actor_url("alice"),
    });
    assert_eq!(fake.send("mallory", &hub, &inbox, &unknown).await, 202);
    assert_eq!(count_follows(&hub).await, 0);

    // A Follow of someone who does not exist: 404.
    let mut ghost = follow.clone();
    ghost["id"] = json!(format!("http://{domain}/follows/3"));
    ghost["object"] = json!(hub.actor_url("nobody"));
    assert_eq!(fake.send("mallory", &hub, &inbox, &ghost).await, 404);

    // Oversized: 413.
    let big = vec![b' '; 2 * 1024 * 1024];
    let res = client
        .post(&inbox)
        .header("signature", "keyId=\"x\"")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);

    // Bad API input: no token, bad token, bad JSON, wrong content type.
    let api = hub.url("/api/v1/follows");
    assert_eq!(
        client
            .post(&api)
            .json(&json!({"target": "x"}))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        client
            .get(&api)
            .bearer_auth("nope")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let token = hub.token("alice").await;
    let res = client
        .post(&api)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = client
        .post(&api)
        .bearer_auth(&token)
        .body("target=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    let res = client
        .post(&api)
        .bearer_auth(&token)
        .json(&json!({"target": "@a b@c"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = client
        .post(&api)
        .bearer_auth(&token)
        .json(&json!({"target": "@nobody@hub-a.test"}))
        .send()
        .await
        .unwrap();
    assert!(res.status() == 404, "{}", res.status());

    let res = client
        .delete(hub.url("/api/v1/follows/abc"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");

    // Unknown routes are 404s; the actor of a pending account does not exist yet.
    assert_eq!(
        client
            .get(hub.url("/no/such/page"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client
            .get(hub.url("/api/v1/nothing"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
