//! Posts: members' notes travel to their followers on other hubs (Create, Delete with a
//! Tombstone), and Mastodon-shaped notes are received, kept only when someone here has a
//! reason to see them, shown only to those allowed, edited and deleted by their author only.

use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network, AP_ACCEPT};
use serde_json::{json, Value};

async fn api(
    client: &reqwest::Client,
    hub: &Hub,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client
        .request(method, hub.url(&format!("/api/v1{path}")))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn timeline(client: &reqwest::Client, hub: &Hub, token: &str) -> Vec<Value> {
    let (status, json) = api(client, hub, token, reqwest::Method::GET, "/timeline", None).await;
    assert_eq!(status, 200, "{json}");
    json.as_array().unwrap().clone()
}

async fn lookup(client: &reqwest::Client, hub: &Hub, token: &str, ap_id: &str) -> u16 {
    let path = format!("/posts?ap_id={}", urlencode(ap_id));
    api(client, hub, token, reqwest::Method::GET, &path, None)
        .await
        .0
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn posts_reach_followers_on_another_hub_and_deletions_follow() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    a.create_user("alice").await;
    a.create_user("carol").await;
    b.create_user("bob").await;
    let client = net.client();
    let (alice, carol, bob) = (
        a.token("alice").await,
        a.token("carol").await,
        b.token("bob").await,
    );
    let post = reqwest::Method::POST;

    // alice follows bob; carol follows nobody.
    let (status, _) = api(
        &client,
        &a,
        &alice,
        post.clone(),
        "/follows",
        Some(json!({"target": b.actor_url("bob")})),
    )
    .await;
    assert_eq!(status, 201);
    let accepted = || async {
        let (_, list) = api(&client, &a, &alice, reqwest::Method::GET, "/follows", None).await;
        list[0]["state"] == "accepted"
    };
    eventually("bob accepts alice", accepted).await;

    let (status, public) = api(
        &client,
        &b,
        &bob,
        post.clone(),
        "/posts",
        Some(json!({"content": "Open call: <b>urban gardens</b>", "language": "en"})),
    )
    .await;
    assert_eq!(status, 201, "{public}");
    let (_, private) = api(
        &client,
        &b,
        &bob,
        post.clone(),
        "/posts",
        Some(json!({"content": "followers only", "visibility": "followers"})),
    )
    .await;
    let (public_id, private_id) = (
        public["ap_id"].as_str().unwrap().to_string(),
        private["ap_id"].as_str().unwrap().to_string(),
    );

    eventually("both posts reach alice's timeline", || async {
        timeline(&client, &a, &alice).await.len() == 2
    })
    .await;
    let items = timeline(&client, &a, &alice).await;
    let received = items.iter().find(|p| p["ap_id"] == public_id).unwrap();
    assert_eq!(received["author"]["id"], b.actor_url("bob"));
    assert_eq!(received["language"], "en");
    assert_eq!(received["visibility"], "public");
    assert_eq!(
        received["content"],
        "<p>Open call: &lt;b&gt;urban gardens&lt;/b&gt;</p>"
    );
    assert!(items
        .iter()
        .any(|p| p["ap_id"] == private_id && p["visibility"] == "followers"));

    // carol (same hub, not a follower) can read the public post but not the private one.
    assert_eq!(lookup(&client, &a, &carol, &public_id).await, 200);
    assert_eq!(lookup(&client, &a, &carol, &private_id).await, 404);
    assert!(timeline(&client, &a, &carol).await.is_empty());

    // The post is a Note at its id; the followers-only one is not served to anonymous
    // fetches; the outbox lists only the public one, as a Create.
    let note: Value = client
        .get(&public_id)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(note["type"], "Note");
    assert_eq!(note["attributedTo"], b.actor_url("bob"));
    assert_eq!(note["contentMap"]["en"], note["content"]);
    let hidden = client
        .get(&private_id)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);
    let outbox: Value = client
        .get(b.url("/users/bob/outbox?page=1"))
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(outbox["totalItems"], 1);
    assert_eq!(outbox["orderedItems"][0]["type"], "Create");
    assert_eq!(outbox["orderedItems"][0]["object"]["id"], public_id);

    // alice replies; bob sees the reply (addressed to him) without following alice.
    let (status, reply) = api(
        &client,
        &a,
        &alice,
        post.clone(),
        "/posts",
        Some(json!({"content": "count me in", "in_reply_to": public_id})),
    )
    .await;
    assert_eq!(status, 201, "{reply}");
    let reply_id = reply["ap_id"].as_str().unwrap().to_string();
    eventually("the reply reaches bob", || async {
        timeline(&client, &b, &bob)
            .await
            .iter()
            .any(|p| p["ap_id"] == reply_id && p["in_reply_to"] == public_id)
    })
    .await;

    // Only the author may delete; bob's deletion reaches alice's hub, and the id answers 410.
    let public_local = public["id"].as_i64().unwrap();
    let (status, _) = api(
        &client,
        &b,
        &bob,
        reqwest::Method::DELETE,
        &format!("/posts/{public_local}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("the deletion reaches hub A", || async {
        lookup(&client, &a, &alice, &public_id).await == 404
    })
    .await;
    let gone = client
        .get(&public_id)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
    let tombstone: Value = gone.json().await.unwrap();
    assert_eq!(tombstone["type"], "Tombstone");
    // On hub B the reply has B's own number; bob may not delete it.
    let reply_at_b = timeline(&client, &b, &bob)
        .await
        .into_iter()
        .find(|p| p["ap_id"] == reply_id)
        .unwrap();
    let (status, _) = api(
        &client,
        &b,
        &bob,
        reqwest::Method::DELETE,
        &format!("/posts/{}", reply_at_b["id"]),
        None,
    )
    .await;
    assert_eq!(status, 403, "bob cannot delete alice's reply");
}

#[tokio::test]
async fn posts_are_validated() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    a.create_user("alice").await;
    let client = net.client();
    let token = a.token("alice").await;
    for (body, code) in [
        (json!({"content": "   "}), 422),
        (json!({"content": "x".repeat(5001)}), 422),
        (json!({"content": "hi", "visibility": "everyone"}), 422),
        (json!({"content": "hi", "language": "not a tag!"}), 422),
        (
            json!({"content": "hi", "in_reply_to": "https://nowhere.test/1"}),
            404,
        ),
        (json!({"text": "wrong field"}), 400),
    ] {
        let (status, json) = api(
            &client,
            &a,
            &token,
            reqwest::Method::POST,
            "/posts",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, code, "{body} -> {json}");
        assert!(json["error"]["code"].is_string(), "{json}");
    }
    let (status, _) = api(
        &client,
        &a,
        &token,
        reqwest::Method::GET,
        "/posts/abc",
        None,
    )
    .await;
    assert_eq!(status, 400);
}

async fn mastodon_setup() -> (Network, Hub, FakeMastodon) {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("masto.test");
    let listener = net.take("masto.test");
    let fake = FakeMastodon::start(listener, &domain, &["felix", "eve"], net.client()).await;
    hub.create_user("alice").await;
    hub.create_user("carol").await;
    (net, hub, fake)
}

/// The Mastodon fixture, re-homed on the fake server and addressed as given.
fn mastodon_create(fake: &FakeMastodon, status: &str, to: Value, cc: Value) -> Value {
    let mut create = fixture("mastodon/activities/create_note.json");
    let felix = fake.actor_id("felix");
    let note_id = format!("{felix}/statuses/{status}");
    create["id"] = json!(format!("{note_id}/activity"));
    create["actor"] = json!(felix);
    create["to"] = to.clone();
    create["cc"] = cc.clone();
    let object = &mut create["object"];
    object["id"] = json!(note_id);
    object["attributedTo"] = json!(felix);
    object["to"] = to;
    object["cc"] = cc;
    create
}

#[tokio::test]
async fn mastodon_notes_are_kept_for_their_audience_only() {
    let (net, hub, fake) = mastodon_setup().await;
    let client = net.client();
    let (alice, carol) = (hub.token("alice").await, hub.token("carol").await);
    let inbox = hub.url("/inbox");
    let felix = fake.actor_id("felix");

    // A public note from someone nobody here follows, addressed to nobody here: dropped.
    let stray = mastodon_create(&fake, "1", json!(["as:Public"]), json!([]));
    assert_eq!(fake.send("felix", &hub, &inbox, &stray).await, 202);
    let stray_id = stray["object"]["id"].as_str().unwrap();
    assert_eq!(lookup(&client, &hub, &alice, stray_id).await, 404);

    // A direct message to alice, with hostile HTML: kept, sanitised, visible to alice only.
    let mut direct = mastodon_create(&fake, "2", json!([hub.actor_url("alice")]), json!([]));
    direct["object"]["content"] =
        json!("<p onclick=\"x()\">hi <script>alert(1)</script><a href=\"javascript:y()\">l</a><img src=\"http://10.0.0.1/t.png\"></p>");
    direct["object"]["contentMap"] = Value::Null;
    direct["object"]["inReplyTo"] = json!("javascript:alert(1)");
    assert_eq!(fake.send("felix", &hub, &inbox, &direct).await, 202);
    let direct_id = direct["object"]["id"].as_str().unwrap().to_string();
    let items = timeline(&client, &hub, &alice).await;
    let dm = items
        .iter()
        .find(|p| p["ap_id"] == direct_id)
        .expect("dm kept");
    assert_eq!(dm["visibility"], "direct");
    assert!(dm["in_reply_to"].is_null(), "{dm}");
    let content = dm["content"].as_str().unwrap();
    for banned in ["script", "onclick", "javascript", "<img", "10.0.0.1"] {
        assert!(!content.contains(banned), "{banned} in {content}");
    }
    assert_eq!(lookup(&client, &hub, &carol, &direct_id).await, 404);

    // A mention of alice in a public note keeps it too (the fixture mentions someone else;
    // add alice).
    let mut mention = mastodon_create(
        &fake,
        "3",
        json!([format!("{felix}/followers")]),
        json!(["https://www.w3.org/ns/activitystreams#Public"]),
    );
    mention["object"]["tag"] = json!([{"type": "Mention", "href": hub.actor_url("alice")}]);
    assert_eq!(fake.send("felix", &hub, &inbox, &mention).await, 202);
    let mention_id = mention["object"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        lookup(&client, &hub, &carol, &mention_id).await,
        200,
        "unlisted is readable"
    );
    let (_, view) = api(
        &client,
        &hub,
        &alice,
        reqwest::Method::GET,
        &format!("/posts?ap_id={}", urlencode(&mention_id)),
        None,
    )
    .await;
    assert_eq!(view["visibility"], "unlisted");
    assert_eq!(view["language"], "en");
    assert_eq!(view["url"], mention["object"]["url"]);

    // Another actor of the same server cannot edit or delete felix's note.
    let eve = fake.actor_id("eve");
    let forged = json!({
        "id": format!("{eve}/updates/1"), "type": "Update", "actor": eve,
        "object": {"id": mention_id, "type": "Note", "attributedTo": felix, "content": "forged"}
    });
    assert_eq!(fake.send("eve", &hub, &inbox, &forged).await, 400);
    let forged_delete = json!({
        "id": format!("{eve}/deletes/1"), "type": "Delete", "actor": eve,
        "object": {"id": mention_id, "type": "Tombstone"}
    });
    assert_eq!(fake.send("eve", &hub, &inbox, &forged_delete).await, 400);
    assert_eq!(lookup(&client, &hub, &alice, &mention_id).await, 200);

    // felix edits (type given as an array, valid JSON-LD), then deletes.
    let update = json!({
        "id": format!("{felix}/updates/1"), "type": "Update", "actor": felix,
        "object": {"id": mention_id, "type": ["Note"], "attributedTo": felix,
            "content": "<p>edited</p>", "to": [format!("{felix}/followers")],
            "cc": ["https://www.w3.org/ns/activitystreams#Public"],
            "updated": "2026-11-23T10:00:00Z"}
    });
    assert_eq!(fake.send("felix", &hub, &inbox, &update).await, 202);
    let (_, view) = api(
        &client,
        &hub,
        &alice,
        reqwest::Method::GET,
        &format!("/posts?ap_id={}", urlencode(&mention_id)),
        None,
    )
    .await;
    assert_eq!(view["content"], "<p>edited</p>");
    assert!(view["updated"].is_string());
    // Mastodon addresses its Update with `to` as one string, not an array: applied too.
    let update = json!({
        "id": format!("{felix}/updates/2"), "type": "Update", "actor": felix,
        "to": "https://www.w3.org/ns/activitystreams#Public",
        "object": {"id": mention_id, "type": "Note", "attributedTo": felix,
            "content": "<p>edited twice</p>", "to": "https://www.w3.org/ns/activitystreams#Public",
            "updated": "2026-11-23T11:00:00Z"}
    });
    assert_eq!(fake.send("felix", &hub, &inbox, &update).await, 202);
    let (_, view) = api(
        &client,
        &hub,
        &alice,
        reqwest::Method::GET,
        &format!("/posts?ap_id={}", urlencode(&mention_id)),
        None,
    )
    .await;
    assert_eq!(view["content"], "<p>edited twice</p>");
    let mut delete = fixture("mastodon/activities/delete.json");
    delete["id"] = json!(format!("{felix}/deletes/1"));
    delete["actor"] = json!(felix);
    delete["object"] = json!({"id": mention_id, "type": "Tombstone"});
    assert_eq!(fake.send("felix", &hub, &inbox, &delete).await, 202);
    assert_eq!(lookup(&client, &hub, &alice, &mention_id).await, 404);
}

#[tokio::test]
async fn a_note_with_another_author_or_host_is_refused() {
    let (_net, hub, fake) = mastodon_setup().await;
    let eve = fake.actor_id("eve");
    let inbox = hub.url("/inbox");
    let to = json!([hub.actor_url("alice")]);
    // Credited to eve but sent by felix.
    let mut create = mastodon_create(&fake, "10", to.clone(), json!([]));
    create["object"]["attributedTo"] = json!(eve);
    assert_eq!(fake.send("felix", &hub, &inbox, &create).await, 400);
    // An object id on another host than its actor.
    let mut create = mastodon_create(&fake, "11", to, json!([]));
    create["object"]["id"] = json!("http://elsewhere.test/statuses/11");
    assert_eq!(fake.send("felix", &hub, &inbox, &create).await, 400);
}
