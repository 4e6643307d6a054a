//! Rendered documents kept in memory (`doc_cache`): answered again without the database,
//! never stale after a write through the hub, soon fresh after a write made elsewhere, and
//! never kept when the answer depends on who asks.

use crate::harness::api::call;
use crate::harness::{ap_document, eventually, Network, AP_ACCEPT};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn documents_are_kept_and_follow_every_write() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    hub.create_user("alice").await;
    let token = hub.token("alice").await;
    let actor = hub.actor_url("alice");
    let webfinger = hub.url(&format!(
        "/.well-known/webfinger?resource=acct:alice@{}",
        hub.domain
    ));

    let first = ap_document(&client, &actor).await;
    assert_eq!(first["preferredUsername"], "alice");
    let res = client.get(&webfinger).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let kept = hub.ctx.docs.len();
    assert!(kept >= 2, "the actor and WebFinger are kept: {kept}");
    // Asked again: the same document, byte for byte, with its content type.
    let again = client
        .get(&actor)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert!(again.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/activity+json"));
    assert_eq!(again.json::<serde_json::Value>().await.unwrap(), first);
    // The same path asked for as a page is not the JSON kept for it.
    let page = client.get(&actor).send().await.unwrap();
    assert_eq!(page.status(), 303, "a browser is sent to the profile page");

    // A write through the hub: the next answer has it, at once.
    let (status, body) = call(
        &client,
        &hub,
        Some(&token),
        Method::PATCH,
        "/profile",
        Some(json!({"display_name": "Alice Ferreira"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let after = ap_document(&client, &actor).await;
    assert_eq!(after["name"], "Alice Ferreira");

    // A write of this process that is not a request (a background task): at once too.
    ap_document(&client, &actor).await;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let alice = tessera::db::models::actor::Actor::find_local(&mut conn, "alice")
        .await
        .unwrap()
        .unwrap();
    tessera::db::models::actor::Actor::set_name_and_summary(&mut conn, alice.id, "Alice F.", "")
        .await
        .unwrap();
    drop(conn);
    assert_eq!(ap_document(&client, &actor).await["name"], "Alice F.");

    // Another process's write (a connection of its own, outside this hub's pool): seen
    // through the database, by the poll on SQLite and the notification on PostgreSQL.
    ap_document(&client, &actor).await;
    let sql = format!(
        "UPDATE actors SET display_name = 'Alice Elsewhere' WHERE id = {}",
        alice.id
    );
    match tessera::db::Backend::from_url(&hub.ctx.config.database.url).unwrap() {
        tessera::db::Backend::Sqlite(path) => {
            use diesel::connection::SimpleConnection;
            use diesel::Connection;
            let mut other = diesel::SqliteConnection::establish(&path).unwrap();
            other.batch_execute(&sql).unwrap();
        }
        tessera::db::Backend::Postgres(url) => {
            use diesel_async::{AsyncConnection, SimpleAsyncConnection};
            let mut other = diesel_async::AsyncPgConnection::establish(&url)
                .await
                .unwrap();
            other.batch_execute(&sql).await.unwrap();
        }
    }
    let started = std::time::Instant::now();
    eventually("another process's write is served", || async {
        ap_document(&client, &actor).await["name"] == "Alice Elsewhere"
    })
    .await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "seen only after {:?} (the cache keeps a document a minute at most)",
        started.elapsed()
    );
}

#[tokio::test]
async fn answers_that_depend_on_the_requester_are_never_kept() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    hub.create_user("alice").await;
    let token = hub.token("alice").await;
    let (status, private) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Followers only", "visibility": "followers"})),
    )
    .await;
    assert_eq!(status, 201, "{private}");
    let url = private["ap_id"].as_str().unwrap().to_string();
    let before = hub.ctx.docs.len();
    for _ in 0..2 {
        let res = client
            .get(&url)
            .header("accept", AP_ACCEPT)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "not to an unsigned fetch");
    }
    assert_eq!(hub.ctx.docs.len(), before, "nothing kept for it");

    // A public post is kept, and its deletion answers 410 at once.
    let (_, public) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Open call"})),
    )
    .await;
    let url = public["ap_id"].as_str().unwrap().to_string();
    ap_document(&client, &url).await;
    ap_document(&client, &url).await;
    assert!(hub.ctx.docs.len() > before);
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::DELETE,
        &format!("/posts/{}", public["id"]),
        None,
    )
    .await;
    assert!(status < 300, "{status}");
    let gone = client
        .get(&url)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
}
