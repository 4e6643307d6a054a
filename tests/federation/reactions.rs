//! Favourites and boosts of any post, both ways with Mastodon: what a member does here is
//! sent as `Like` and `Announce` (and their `Undo`) in Mastodon's shapes and counted; what
//! Mastodon users do to our posts is counted and withdrawn; only the booster may undo a boost.

use crate::harness::api::call;
use crate::harness::browser::{csrf, member};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, hub_and_fake, Hub};
use reqwest::Method;
use serde_json::{json, Value};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// felix's public note mentioning alice (so that it is kept here); its local id.
async fn felix_note(
    hub: &Hub,
    fake: &FakeMastodon,
    client: &reqwest::Client,
    token: &str,
    status: &str,
    to: Value,
) -> (String, i64) {
    let felix = fake.actor_id("felix");
    let mut create = fixture("mastodon/activities/create_note.json");
    let note_id = format!("{felix}/statuses/{status}");
    create["id"] = json!(format!("{note_id}/activity"));
    create["actor"] = json!(felix);
    create["to"] = to.clone();
    create["cc"] = json!([]);
    let object = &mut create["object"];
    object["id"] = json!(note_id);
    object["attributedTo"] = json!(felix);
    object["to"] = to;
    object["cc"] = json!([]);
    object["tag"] = json!([{"type": "Mention", "href": hub.actor_url("alice")}]);
    assert_eq!(
        fake.send("felix", hub, &hub.url("/inbox"), &create).await,
        202
    );
    let query = url::form_urlencoded::byte_serialize(note_id.as_bytes()).collect::<String>();
    let (status, view) = call(
        client,
        hub,
        Some(token),
        Method::GET,
        &format!("/posts?ap_id={query}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    (note_id, view["id"].as_i64().expect("id"))
}

fn received<'a>(items: &'a [Value], kind: &str, object: &str) -> Option<&'a Value> {
    items
        .iter()
        .find(|a| a["type"] == kind && (a["object"] == object || a["object"]["object"] == object))
}

#[tokio::test]
async fn a_member_favourites_and_boosts_a_mastodon_post_and_takes_both_back() {
    let (net, hub, fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    hub.create_user("alice").await;
    let token = hub.token("alice").await;
    let (note, id) = felix_note(&hub, &fake, &client, &token, "1", json!([PUBLIC])).await;
    let felix = fake.actor_id("felix");
    let alice = hub.actor_url("alice");

    let (status, view) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        &format!("/posts/{id}/favourite"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(
        (
            view["favourites_count"].as_i64(),
            view["favourited"].as_bool()
        ),
        (Some(1), Some(true))
    );
    let (status, view) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        &format!("/posts/{id}/boost"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(
        (view["boosts_count"].as_i64(), view["boosted"].as_bool()),
        (Some(1), Some(true))
    );
    // Twice is once.
    let (_, view) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        &format!("/posts/{id}/favourite"),
        None,
    )
    .await;
    assert_eq!(view["favourites_count"], 1);

    eventually("felix's server gets the Like and the Announce", || async {
        let items = fake.inbox_items();
        received(&items, "Like", &note).is_some() && received(&items, "Announce", &note).is_some()
    })
    .await;
    let items = fake.inbox_items();
    let like = received(&items, "Like", &note).unwrap().clone();
    assert_eq!(like["actor"], alice);
    assert_eq!(like["to"], json!([felix]));
    let boost = received(&items, "Announce", &note).unwrap().clone();
    assert_eq!(boost["actor"], alice);
    assert_eq!(boost["to"], json!([PUBLIC]));
    assert_eq!(boost["cc"][0], felix);
    assert!(boost["published"].is_string(), "{boost}");
    assert_eq!(
        items.iter().filter(|a| a["type"] == "Like").count(),
        1,
        "liked once"
    );

    let (_, view) = call(
        &client,
        &hub,
        Some(&token),
        Method::DELETE,
        &format!("/posts/{id}/favourite"),
        None,
    )
    .await;
    assert_eq!(
        (
            view["favourites_count"].as_i64(),
            view["favourited"].as_bool()
        ),
        (Some(0), Some(false))
    );
    let (_, view) = call(
        &client,
        &hub,
        Some(&token),
        Method::DELETE,
        &format!("/posts/{id}/boost"),
        None,
    )
    .await;
    assert_eq!(
        (view["boosts_count"].as_i64(), view["boosted"].as_bool()),
        (Some(0), Some(false))
    );
    eventually("felix's server gets both Undos", || async {
        let items = fake.inbox_items();
        let undone = |id: &Value| {
            items
                .iter()
                .any(|a| a["type"] == "Undo" && a["object"]["id"] == *id)
        };
        undone(&like["id"]) && undone(&boost["id"])
    })
    .await;
    let items = fake.inbox_items();
    let undo = items
        .iter()
        .find(|a| a["type"] == "Undo" && a["object"]["id"] == boost["id"])
        .unwrap();
    assert_eq!(undo["object"]["type"], "Announce");
    assert_eq!(undo["object"]["object"], note);
    assert_eq!(undo["actor"], alice);

    // A direct message stays with its audience: no boost (a favourite is fine).
    let (_, dm) = felix_note(&hub, &fake, &client, &token, "2", json!([alice])).await;
    let (status, body) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        &format!("/posts/{dm}/boost"),
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        &format!("/posts/{dm}/favourite"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    // Visitors and unknown posts.
    let (status, _) = call(
        &client,
        &hub,
        None,
        Method::POST,
        &format!("/posts/{id}/boost"),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts/999999/favourite",
        None,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn favourites_and_boosts_from_mastodon_are_counted_and_withdrawn() {
    let (net, hub, fake) = hub_and_fake(&["felix", "eve"]).await;
    let client = net.client();
    hub.create_user("alice").await;
    let token = hub.token("alice").await;
    let (status, post) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Our first roof garden!", "visibility": "public"})),
    )
    .await;
    assert_eq!(status, 201, "{post}");
    let (id, ap_id) = (
        post["id"].as_i64().unwrap(),
        post["ap_id"].as_str().unwrap().to_string(),
    );
    let counts = || async {
        let (_, v) = call(
            &client,
            &hub,
            Some(&token),
            Method::GET,
            &format!("/posts/{id}"),
            None,
        )
        .await;
        (
            v["favourites_count"].as_i64().unwrap(),
            v["boosts_count"].as_i64().unwrap(),
        )
    };
    let felix = fake.actor_id("felix");
    let inbox = hub.url("/inbox");

    let mut like = fixture("mastodon/activities/like_page.json");
    like["id"] = json!(format!("{felix}#likes/1"));
    like["actor"] = json!(felix);
    like["object"] = json!(ap_id);
    assert_eq!(fake.send("felix", &hub, &inbox, &like).await, 202);
    let boost = json!({"@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{felix}/statuses/9/activity"), "type": "Announce", "actor": felix,
        "published": "2026-12-06T10:00:00Z", "to": PUBLIC,
        "cc": [fake.actor_id("felix") + "/followers"], "object": ap_id});
    assert_eq!(fake.send("felix", &hub, &inbox, &boost).await, 202);
    assert_eq!(counts().await, (1, 1));

    // eve cannot take back felix's boost; an Announce whose id is on another host is refused.
    let eve = fake.actor_id("eve");
    let forged =
        json!({"id": format!("{eve}#undo/1"), "type": "Undo", "actor": eve, "object": boost});
    assert_eq!(fake.send("eve", &hub, &inbox, &forged).await, 403);
    let elsewhere = json!({"id": "https://elsewhere.test/announce/1", "type": "Announce", "actor": eve, "object": ap_id});
    assert_eq!(fake.send("eve", &hub, &inbox, &elsewhere).await, 400);
    assert_eq!(counts().await, (1, 1));

    let undo_boost = json!({"id": format!("{felix}/statuses/9#undo"), "type": "Undo", "actor": felix, "object": boost});
    assert_eq!(fake.send("felix", &hub, &inbox, &undo_boost).await, 202);
    let undo_like = json!({"id": format!("{felix}#likes/1/undo"), "type": "Undo", "actor": felix, "object": like});
    assert_eq!(fake.send("felix", &hub, &inbox, &undo_like).await, 202);
    assert_eq!(counts().await, (0, 0));
}

#[tokio::test]
async fn the_buttons_on_a_profile_favourite_and_boost_and_come_back() {
    let (net, hub, _fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    hub.create_user("alice").await;
    let token = hub.token("alice").await;
    let (_, post) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Seedlings for everyone", "visibility": "public"})),
    )
    .await;
    let id = post["id"].as_i64().unwrap();
    let mut bob = member(&net, &hub, "bob").await;
    let (status, html) = bob.get(&hub.url("/@alice")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("action=\"/posts/{id}/favourite\"")),
        "{html}"
    );
    assert!(
        html.contains("0 favourites") && html.contains("0 boosts"),
        "{html}"
    );
    let token = csrf(&html);
    for action in ["favourite", "boost"] {
        let (status, _, _, location) = bob
            .post(
                &hub.url(&format!("/posts/{id}/{action}")),
                &[
                    ("csrf_token", &token),
                    ("on", "true"),
                    ("back", &format!("/@alice#post-{id}")),
                ],
            )
            .await;
        assert_eq!(status, 303);
        assert_eq!(
            location.as_deref(),
            Some(format!("/@alice#post-{id}").as_str())
        );
    }
    // Another host is not where a button comes back to.
    let (_, _, _, location) = bob
        .post(
            &hub.url(&format!("/posts/{id}/favourite")),
            &[
                ("csrf_token", &token),
                ("on", "false"),
                ("back", "//evil.test/"),
            ],
        )
        .await;
    assert!(location.is_some_and(|l| !l.contains("evil")));
    let (_, html) = bob.get(&hub.url("/@alice")).await;
    assert!(
        html.contains("0 favourites") && html.contains("1 boost"),
        "{html}"
    );
    assert!(html.contains("Undo boost"), "{html}");
}
