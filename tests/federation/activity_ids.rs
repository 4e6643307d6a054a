//! What other servers dereference (issue 26): every activity we send is served at its id,
//! as sent (public ones to anyone, others only to a signed fetch by an addressee), even one
//! that only travelled wrapped in a community's `Announce`; every activity and object we send
//! carries `published`; every URL an actor document names answers; the hub's instance actor
//! carries its current name and description.

use crate::harness::api::call;
use crate::harness::communities::{input, text};
use crate::harness::entries::project_body;
use crate::harness::remote::FakeMastodon;
use crate::harness::{ap_document, eventually, fixture, hub_and_fake, Hub};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::services::{communities, threads};

const AP: &str = "application/activity+json";

async fn get(client: &reqwest::Client, url: &str) -> (u16, Value) {
    let response = client
        .get(url)
        .header("accept", AP)
        .send()
        .await
        .expect("get");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `published` on the activity and on an embedded activity or object of ours (a Tombstone
/// aside; what another server made, such as the Follow an Accept answers, is as it sent it).
fn assert_published(hub: &Hub, activity: &Value) {
    let stamped = |v: &Value| {
        v["published"]
            .as_str()
            .is_some_and(|p| chrono::DateTime::parse_from_rfc3339(p).is_ok())
    };
    assert!(stamped(activity), "no published: {activity}");
    let object = &activity["object"];
    let embedded_ours = object["id"].as_str().is_some_and(|id| ours(hub, id));
    if embedded_ours && object["type"] != "Tombstone" {
        assert!(stamped(object), "embedded without published: {activity}");
    }
}

fn ours(hub: &Hub, id: &str) -> bool {
    id.starts_with(&hub.url("/"))
}

#[tokio::test]
async fn every_activity_a_member_sends_is_served_at_its_id_with_published() {
    let (net, hub, fake) = hub_and_fake(&["felix", "eve"]).await;
    let client = net.client();
    hub.create_user("alice").await;
    let token = hub.token("alice").await;
    let (felix, alice) = (fake.actor_id("felix"), hub.actor_url("alice"));

    // felix follows alice (she answers with an Accept); alice follows felix back.
    let follow = json!({"id": format!("{felix}/follows/1"), "type": "Follow",
        "actor": felix, "object": alice});
    assert_eq!(
        fake.send("felix", &hub, &hub.url("/users/alice/inbox"), &follow)
            .await,
        202
    );
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/follows",
        Some(json!({"target": felix})),
    )
    .await;
    assert_eq!(status, 201);
    // A public post, a followers-only one, and the deletion of the public one.
    let (status, public) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Open call", "language": "en"})),
    )
    .await;
    assert_eq!(status, 201, "{public}");
    let (status, private) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "for followers", "visibility": "followers"})),
    )
    .await;
    assert_eq!(status, 201, "{private}");
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

    eventually(
        "felix gets the Accept, Follow, two Creates and a Delete",
        || async {
            let items = fake.inbox_items();
            ["Accept", "Follow", "Delete"]
                .iter()
                .all(|k| items.iter().any(|a| a["type"] == *k))
                && items.iter().filter(|a| a["type"] == "Create").count() == 2
        },
    )
    .await;
    let items = fake.inbox_items();
    for activity in &items {
        assert_published(&hub, activity);
        let id = activity["id"].as_str().unwrap();
        assert!(ours(&hub, id), "{id}");
        assert!(
            !id.contains('#'),
            "an id with a fragment cannot be fetched: {id}"
        );
        let public = ["to", "cc"].iter().any(|f| {
            tessera::federation::objects::note::audience_urls(&activity[*f])
                .iter()
                .any(|u| tessera::federation::objects::note::is_public(u))
        });
        let (status, served) = get(&client, id).await;
        if public {
            assert_eq!(status, 200, "{id}");
            assert_eq!(served["id"], activity["id"]);
            assert_eq!(served["type"], activity["type"]);
            assert_eq!(served["object"], activity["object"], "served as sent");
        } else {
            // Not public: an anonymous fetch gets nothing, an addressee's signed one gets
            // it, another account's signed one nothing.
            assert_eq!(status, 404, "{id} served to anyone");
            let signed = fake.signed_get("felix", &hub, id).await;
            assert_eq!(signed.status(), 200, "{id} refused to its addressee");
            let served: Value = signed.json().await.unwrap();
            assert_eq!(served["id"], activity["id"]);
            let other = fake.signed_get("eve", &hub, id).await;
            assert_eq!(other.status(), 404, "{id} served to someone else");
        }
    }
    // The followers-only Create went to felix as a follower, not by name.
    let private_create = items
        .iter()
        .find(|a| a["type"] == "Create" && a["object"]["id"] == private["ap_id"])
        .expect("private create");
    assert!(
        !tessera::federation::objects::note::audience_urls(&private_create["to"]).contains(&felix)
    );
}

/// felix's reply (Mastodon's fixture) to `parent` in a community thread.
fn reply(fake: &FakeMastodon, n: u32, parent: &str) -> Value {
    let mut create = fixture("mastodon/activities/create_note.json");
    let actor = fake.actor_id("felix");
    let note_id = format!("{actor}/statuses/{n}");
    create["id"] = json!(format!("{note_id}/activity"));
    create["actor"] = json!(actor);
    create["to"] = json!(["https://www.w3.org/ns/activitystreams#Public"]);
    create["cc"] = json!([format!("{actor}/followers")]);
    let (to, cc) = (create["to"].clone(), create["cc"].clone());
    let o = &mut create["object"];
    o["id"] = json!(note_id);
    o["attributedTo"] = json!(actor);
    o["inReplyTo"] = json!(parent);
    o["url"] = json!(note_id);
    o["to"] = to;
    o["cc"] = cc;
    o["tag"] = json!([]);
    o["replies"] = Value::Null;
    create
}

#[tokio::test]
async fn what_a_community_relays_is_served_at_its_id_and_a_like_reaches_the_author() {
    let (net, hub, fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    let ana = hub.create_user("ana").await;
    let c = communities::create(&hub.ctx, &ana, input("democracy"))
        .await
        .expect("community");
    let felix = fake.actor_id("felix");
    let follow = json!({"id": format!("{felix}/follows/1"), "type": "Follow",
        "actor": felix, "object": c.actor.ap_id.to_string()});
    let inbox = hub.url("/communities/democracy/inbox");
    assert_eq!(fake.send("felix", &hub, &inbox, &follow).await, 202);
    let root = threads::create_thread(
        &hub.ctx,
        &ana,
        "democracy",
        text("Citizen panels", "Who runs one?", "en"),
    )
    .await
    .expect("thread");
    // felix answers, and ana likes his answer: the Like is relayed inside the community's
    // Announce and also sent to felix himself.
    let answer = reply(&fake, 7, &root.ap_id);
    assert_eq!(fake.send("felix", &hub, &inbox, &answer).await, 202);
    let stored =
        crate::harness::communities::arrived(&hub, answer["object"]["id"].as_str().unwrap()).await;
    threads::like(&hub.ctx, &ana, stored.id, true)
        .await
        .expect("like");

    eventually(
        "felix gets the announced Create and Like, and the Like",
        || async {
            let items = fake.inbox_items();
            let announced = |kind: &str| {
                items
                    .iter()
                    .any(|a| a["type"] == "Announce" && a["object"]["type"] == kind)
            };
            announced("Create") && announced("Like") && items.iter().any(|a| a["type"] == "Like")
        },
    )
    .await;
    let items = fake.inbox_items();
    let mut fetched = 0;
    for announce in items.iter().filter(|a| a["type"] == "Announce") {
        assert_published(&hub, announce);
        let inner = &announce["object"];
        let id = inner["id"].as_str().unwrap();
        if !ours(&hub, id) || inner.get("actor").is_none() {
            continue; // felix's own reply, or the object announced for Mastodon
        }
        let (status, served) = get(&client, id).await;
        assert_eq!(status, 200, "{id} is not served");
        assert_eq!(served["type"], inner["type"]);
        assert_eq!(served["actor"], inner["actor"]);
        assert_eq!(served["object"], inner["object"], "served as relayed");
        assert!(served["published"].is_string(), "{served}");
        fetched += 1;
    }
    assert!(
        fetched >= 2,
        "the Create and the Like were fetched: {fetched}"
    );
    let like = items
        .iter()
        .find(|a| a["type"] == "Like")
        .expect("the Like itself");
    assert_eq!(like["object"], answer["object"]["id"]);
    assert_eq!(like["actor"], hub.actor_url("ana"));

    // felix starts a thread by mentioning the community: the community's outbox lists it
    // under an id of ours (its Announce), and both items' ids answer.
    let community_id = c.actor.ap_id.to_string();
    let mut mention = reply(&fake, 8, "");
    mention["object"]["inReplyTo"] = Value::Null;
    mention["object"]["content"] = json!("<p>Participatory budgets</p><p>We ran one.</p>");
    mention["object"]["contentMap"] = Value::Null;
    mention["object"]["tag"] = json!([{"type": "Mention", "href": community_id,
        "name": format!("@democracy@{}", hub.domain)}]);
    assert_eq!(fake.send("felix", &hub, &inbox, &mention).await, 202);
    let started = mention["object"]["id"].as_str().unwrap();
    crate::harness::communities::arrived(&hub, started).await;
    let (status, page) = get(&client, &hub.url("/communities/democracy/outbox?page=1")).await;
    assert_eq!(status, 200);
    let items = page["orderedItems"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{page}");
    for item in items {
        let id = item["id"].as_str().unwrap();
        assert!(
            ours(&hub, id),
            "an outbox item named by an id of another server: {id}"
        );
        let (status, served) = get(&client, id).await;
        assert_eq!(status, 200, "{id}");
        assert_eq!(served["id"], item["id"]);
        assert_eq!(served["object"]["id"], item["object"]["id"]);
    }
    let announced = items
        .iter()
        .find(|i| i["object"]["id"] == started)
        .expect("felix's thread");
    assert_eq!(announced["type"], "Announce");
    assert_eq!(announced["actor"], community_id);
}

/// Every URL-valued term of an actor document: each must have a host and answer.
fn named_urls(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for key in [
        "inbox",
        "outbox",
        "followers",
        "following",
        "featured",
        "events",
        "moderators",
        "hubItems",
        "url",
    ] {
        if let Some(u) = doc[key].as_str() {
            out.push((key.to_string(), u.to_string()));
        }
    }
    if let Some(u) = doc["endpoints"]["sharedInbox"].as_str() {
        out.push(("sharedInbox".into(), u.into()));
    }
    if let Some(u) = doc["publicKey"]["id"].as_str() {
        out.push(("publicKey".into(), u.into()));
    }
    for key in ["icon", "image"] {
        if let Some(u) = doc[key]["url"].as_str() {
            out.push((key.to_string(), u.to_string()));
        }
    }
    out
}

#[tokio::test]
async fn every_url_an_actor_document_names_answers() {
    let (net, hub, _fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    let ana = hub.create_user("ana").await;
    let token = hub.token("ana").await;
    communities::create(&hub.ctx, &ana, input("democracy"))
        .await
        .expect("community");
    let (status, project) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201, "{project}");
    let (status, org) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/organisations",
        Some(json!({"handle": "coop_lx", "name": "Cooperativa Lx",
            "org_type": "social-economy-enterprise"})),
    )
    .await;
    assert_eq!(status, 201, "{org}");
    // A public post nobody follows (so its Create was never sent) and a thread: the
    // outboxes list both, and each item's id answers.
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Nobody follows me yet"})),
    )
    .await;
    assert_eq!(status, 201);
    threads::create_thread(
        &hub.ctx,
        &ana,
        "democracy",
        text("Citizen panels", "Who runs one?", "en"),
    )
    .await
    .expect("thread");
    for outbox in [
        hub.url("/users/ana/outbox?page=1"),
        hub.url("/communities/democracy/outbox?page=1"),
    ] {
        let (status, page) = get(&client, &outbox).await;
        assert_eq!(status, 200, "{outbox}");
        let items = page["orderedItems"].as_array().expect("items");
        assert!(!items.is_empty(), "{page}");
        for item in items {
            let id = item["id"].as_str().unwrap();
            let (status, served) = get(&client, id).await;
            assert_eq!(status, 200, "{id} listed in {outbox} is not served");
            assert_eq!(served["id"], item["id"]);
            assert_eq!(served["object"]["id"], item["object"]["id"]);
            assert!(served["published"].is_string(), "{served}");
        }
    }

    let actors = [
        hub.actor_url("ana"),
        hub.url("/projects/green_roofs"),
        hub.url("/organisations/coop_lx"),
        hub.url("/communities/democracy"),
        hub.url("/actor"),
    ];
    for actor in actors {
        let doc = ap_document(&client, &actor).await;
        if doc["type"] != "Application" {
            assert!(
                doc["featured"].is_string(),
                "{actor} names no featured: {doc}"
            );
        }
        for (key, named) in named_urls(&doc) {
            let url = url::Url::parse(&named).unwrap_or_else(|e| panic!("{actor} {key}: {e}"));
            assert!(
                url.host_str().is_some_and(|h| !h.is_empty()),
                "{actor} {key}: {named}"
            );
            let inbox = key.contains("nbox") && key != "outbox";
            let accept = if key == "url" { "text/html" } else { AP };
            let response = client
                .get(url.as_str())
                .header("accept", accept)
                .send()
                .await
                .expect("get");
            let status = response.status().as_u16();
            if inbox {
                // Inboxes take POSTs; a GET must still not be a missing route or a 5xx.
                assert!(status < 500 && status != 404, "{actor} {key}: {status}");
            } else {
                assert_eq!(status, 200, "{actor} {key} {named}");
            }
            if key == "featured" {
                let collection: Value = response.json().await.unwrap();
                assert_eq!(collection["type"], "OrderedCollection");
                assert_eq!(collection["id"], named.as_str());
            }
        }
    }
}

#[tokio::test]
async fn the_instance_actor_carries_the_hubs_current_name_and_description() {
    let (net, hub, _fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    let doc = ap_document(&client, &hub.url("/actor")).await;
    assert_eq!(doc["name"], hub.ctx.config.instance.name.as_str());
    assert!(
        doc["summary"]
            .as_str()
            .is_some_and(|s| s.contains(&hub.ctx.config.instance.description)),
        "{doc}"
    );
    tessera::services::instance::update(
        &hub.ctx,
        "Hub Lisboa",
        "Social innovation in Portugal.",
        "open",
    )
    .await
    .expect("settings");
    let doc = ap_document(&client, &hub.url("/actor")).await;
    assert_eq!(doc["name"], "Hub Lisboa");
    assert_eq!(doc["summary"], "<p>Social innovation in Portugal.</p>");
    // Its row too, which lists of hubs read.
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let row = tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, &hub.url("/actor"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.display_name, "Hub Lisboa");
    assert_eq!(row.summary, "<p>Social innovation in Portugal.</p>");
}

#[tokio::test]
async fn an_actor_or_addressing_given_in_the_other_shape_is_read_alike() {
    let (net, hub, fake) = hub_and_fake(&["felix", "eve"]).await;
    let client = net.client();
    hub.create_user("alice").await;
    let alice = hub.actor_url("alice");
    let inbox = hub.url("/users/alice/inbox");
    // The actor as a list of one, the object as an embedded actor: felix follows alice.
    let felix = fake.actor_id("felix");
    let follow = json!({"id": format!("{felix}/follows/1"), "type": "Follow",
        "actor": [felix], "object": {"id": alice, "type": "Person"}, "to": alice});
    assert_eq!(fake.send("felix", &hub, &inbox, &follow).await, 202);
    // The actor embedded with its id: eve follows alice too.
    let eve = fake.actor_id("eve");
    let follow = json!({"id": format!("{eve}/follows/1"), "type": "Follow",
        "actor": {"id": eve, "type": "Person"}, "object": [alice]});
    assert_eq!(fake.send("eve", &hub, &inbox, &follow).await, 202);
    eventually("both are alice's followers", || async {
        let (status, doc) = get(&client, &hub.url("/users/alice/followers")).await;
        status == 200 && doc["totalItems"] == 2
    })
    .await;
}
