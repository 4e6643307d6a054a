//! Following is not the start of an empty page: once a follow is accepted, the follower's
//! hub reads what the followee published before. A community's recent threads arrive with
//! their nested replies (from its outbox and each thread's `context`), Lemmy's outbox shape
//! included; a project's recent updates and upcoming events arrive, and past events do not.

use crate::harness::api::call;
use crate::harness::communities::{follow, input, text};
use crate::harness::entries::project_body;
use crate::harness::events::event_body;
use crate::harness::remote::FakeMastodon;
use crate::harness::{ap_document, eventually, fixture, Network};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::db::models::event::Event;
use tessera::db::models::post::Post;
use tessera::services::{communities, threads};

#[tokio::test]
async fn a_community_followed_late_shows_its_threads_with_their_replies() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let ana = a.create_user("ana").await;
    let eva = a.create_user("eva").await;
    let ben = b.create_user("ben").await;
    communities::create(&a.ctx, &ana, input("cities"))
        .await
        .expect("community");
    follow(&a, &eva, "cities").await;
    // Three threads, before anyone on B follows; the second with nested replies, the third
    // with a reply removed by its author.
    let mut roots = Vec::new();
    for title in ["Housing co-ops", "Bike lanes", "Night buses"] {
        let root = threads::create_thread(
            &a.ctx,
            &ana,
            "cities",
            text(title, "Who has done this?", "en"),
        )
        .await
        .expect("thread");
        roots.push(root);
    }
    let first = threads::reply(
        &a.ctx,
        &eva,
        roots[1].id,
        text("", "We did, in Tartu.", "en"),
    )
    .await
    .expect("reply");
    let nested = threads::reply(
        &a.ctx,
        &ana,
        first.id,
        text("", "How long did it take?", "en"),
    )
    .await
    .expect("nested reply");
    let gone = threads::reply(&a.ctx, &eva, roots[2].id, text("", "Oops", "en"))
        .await
        .expect("reply");
    threads::delete(&a.ctx, &eva, gone.id)
        .await
        .expect("delete");

    // The thread's `context` collection lists it and its standing replies, oldest first.
    let client = net.client();
    let page = ap_document(
        &client,
        &a.url(&format!("/threads/{}/context?page=1", roots[1].id)),
    )
    .await;
    let ids: Vec<&str> = page["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [roots[1].ap_id.as_str(), &first.ap_id, &nested.ap_id]);

    follow(&b, &ben, &format!("cities@{}", a.domain)).await;
    for post in [&roots[0], &roots[1], &roots[2], &first, &nested] {
        crate::harness::communities::arrived(&b, &post.ap_id).await;
    }
    let mut conn = b.ctx.pool.get().await.unwrap();
    let on_b = Post::find_by_ap_id(&mut conn, &roots[1].ap_id)
        .await
        .unwrap()
        .unwrap();
    assert!(Post::find_by_ap_id(&mut conn, &gone.ap_id)
        .await
        .unwrap()
        .is_none());
    drop(conn);
    // The nested reply sits under its parent in the same thread on B.
    let tree = threads::tree(&b.ctx, Some(&ben), on_b.id)
        .await
        .expect("tree");
    let shape: Vec<(String, usize)> = tree
        .entries
        .iter()
        .map(|e| (e.post.ap_id.clone(), e.depth))
        .collect();
    assert_eq!(
        shape,
        [
            (roots[1].ap_id.clone(), 0),
            (first.ap_id.clone(), 1),
            (nested.ap_id.clone(), 2)
        ]
    );
    // ben can answer the old thread, and the answer reaches A.
    let answer = threads::reply(
        &b.ctx,
        &ben,
        tree.entries[2].post.id,
        text("", "Two years.", "en"),
    )
    .await
    .expect("ben answers");
    crate::harness::communities::arrived(&a, &answer.ap_id).await;
}

#[tokio::test]
async fn a_project_followed_late_shows_its_updates_and_upcoming_events() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    a.create_user("ana").await;
    let ben = b.create_user("ben").await;
    let client = net.client();
    let token = a.token("ana").await;
    let (status, body) = call(
        &client,
        &a,
        Some(&token),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let mut updates = Vec::new();
    for content in [
        "The first roof is planted.",
        "Ten more buildings voted yes.",
    ] {
        let (status, post) = call(
            &client,
            &a,
            Some(&token),
            Method::POST,
            "/projects/green_roofs/updates",
            Some(json!({"content": content})),
        )
        .await;
        assert_eq!(status, 201, "{post}");
        updates.push(post["ap_id"].as_str().unwrap().to_string());
    }
    let mut upcoming = event_body();
    upcoming["organizer"] = json!("green_roofs");
    let (status, coming) = call(
        &client,
        &a,
        Some(&token),
        Method::POST,
        "/events",
        Some(upcoming.clone()),
    )
    .await;
    assert_eq!(status, 201, "{coming}");
    let mut past = upcoming;
    past["title"] = json!("Last year's planting day");
    past["starts"] = json!("2025-05-01T10:00");
    past["ends"] = json!("2025-05-01T12:00");
    let (status, old) = call(
        &client,
        &a,
        Some(&token),
        Method::POST,
        "/events",
        Some(past),
    )
    .await;
    assert_eq!(status, 201, "{old}");

    // The project's actor links its events, as Mobilizon's groups do.
    let actor = ap_document(&client, &a.url("/projects/green_roofs")).await;
    assert_eq!(
        actor["events"],
        json!(a.url("/projects/green_roofs/events"))
    );

    follow(&b, &ben, &format!("green_roofs@{}", a.domain)).await;
    for update in &updates {
        crate::harness::communities::arrived(&b, update).await;
    }
    let coming_id = coming["id"].as_str().unwrap().to_string();
    eventually("the upcoming event reaches B", || async {
        let mut conn = b.ctx.pool.get().await.unwrap();
        Event::find_by_ap_id(&mut conn, &coming_id)
            .await
            .unwrap()
            .is_some()
    })
    .await;
    let mut conn = b.ctx.pool.get().await.unwrap();
    let old_id = old["id"].as_str().unwrap();
    assert!(
        Event::find_by_ap_id(&mut conn, old_id)
            .await
            .unwrap()
            .is_none(),
        "past events stay behind"
    );
}

#[tokio::test]
async fn a_lemmy_community_outbox_is_read_after_the_follow() {
    let mut net = Network::bind(&["hub-a.test", "lemmy.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("lemmy.test");
    let fake = FakeMastodon::start(
        net.take("lemmy.test"),
        &domain,
        &["main", "nutomic"],
        net.client(),
    )
    .await;
    let ben = hub.create_user("ben").await;
    let base = format!("http://{}", fake.domain);
    let rehome = |v: Value| -> Value {
        let text = v
            .to_string()
            .replace(
                "https://ds9.lemmy.ml/c/testcom",
                &format!("{base}/users/main"),
            )
            .replace(
                "https://ds9.lemmy.ml/u/nutomic",
                &format!("{base}/users/nutomic"),
            )
            .replace("http://ds9.lemmy.ml", &base)
            .replace("https://ds9.lemmy.ml", &base);
        serde_json::from_str(&text).unwrap()
    };
    // The community actor in Lemmy's shape, with its outbox; Lemmy accepts follows at once.
    let mut group = fixture("lemmy/objects/group.json");
    group["id"] = json!(fake.actor_id("main"));
    group["preferredUsername"] = json!("main");
    group["inbox"] = json!(format!("{}/inbox", fake.actor_id("main")));
    group["outbox"] = json!(format!("{}/outbox", fake.actor_id("main")));
    group["followers"] = json!(format!("{}/followers", fake.actor_id("main")));
    group["attributedTo"] = json!(format!("{}/moderators", fake.actor_id("main")));
    group["featured"] = json!(format!("{}/featured", fake.actor_id("main")));
    group["endpoints"] = json!({"sharedInbox": format!("{base}/inbox")});
    group["publicKey"] = json!({"id": format!("{}#main-key", fake.actor_id("main")),
        "owner": fake.actor_id("main"), "publicKeyPem": fake.public_key("main")});
    fake.set_actor("main", group);
    let outbox = rehome(fixture("lemmy/collections/group_outbox.json"));
    fake.serve(&format!("{}/outbox", fake.actor_id("main")), outbox.clone());
    fake.serve(&format!("{}/moderators", fake.actor_id("main")), json!({"id": format!("{}/moderators", fake.actor_id("main")), "type": "OrderedCollection", "orderedItems": []}));
    let (row, community) =
        tessera::services::follows::follow(&hub.ctx, &ben, &fake.actor_id("main"))
            .await
            .expect("follow");
    let accept = json!({"id": format!("{}/activities/accept/1", base), "type": "Accept",
        "actor": fake.actor_id("main"), "object": row.ap_id});
    assert_eq!(
        fake.send("main", &hub, &hub.url("/inbox"), &accept).await,
        202
    );
    let _ = community;
    // Both posts of the outbox are threads of the community now.
    for item in outbox["orderedItems"].as_array().unwrap() {
        let page = item["object"]["object"]["id"].as_str().unwrap();
        let post = crate::harness::communities::arrived(&hub, page).await;
        assert!(
            post.community_id.is_some() && post.thread_id.is_none(),
            "{page}"
        );
    }
}
