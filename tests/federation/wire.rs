//! Snapshots of the JSON we send (`snapshots/`): the documents served at our objects' ids
//! (Person, Group for projects and communities, Organization, Event, Note, Page) and the
//! activities a remote server receives (Accept, Follow, Create{Note}, Announce). A change
//! to the wire format shows as a diff of a `.snap` file; accept it only on purpose
//! (`INSTA_UPDATE=always cargo test wire`, then review and commit the `.snap` files).

use crate::harness::entries::project_body;
use crate::harness::events::event_body;
use crate::harness::wire::Wire;
use reqwest::Method;
use serde_json::{json, Value};

/// Snapshots `value` as `name`, with what changes from run to run redacted: keys and
/// times (at any depth: activities embed their objects).
fn snapshot(name: &str, value: &Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_sort_maps(true);
    for prefix in ["", ".object", ".object.object"] {
        settings.add_redaction(
            &format!("{prefix}.publicKey.publicKeyPem"),
            "[public key PEM]",
        );
        settings.add_redaction(&format!("{prefix}.published"), "[published]");
        settings.add_redaction(&format!("{prefix}.updated"), "[updated]");
    }
    settings.bind(|| insta::assert_json_snapshot!(name, value));
}

#[tokio::test]
async fn a_member_is_a_person() {
    let w = Wire::start().await;
    let person = w.document(&w.hub.actor_url("ana")).await;
    snapshot("person", &person);
}

#[tokio::test]
async fn a_project_is_a_group() {
    let w = Wire::start().await;
    w.api(Method::POST, "/projects", Some(project_body()), 201)
        .await;
    let group = w.document(&w.hub.url("/projects/green_roofs")).await;
    snapshot("project_group", &group);
}

#[tokio::test]
async fn a_replicating_project_names_its_source() {
    let w = Wire::start().await;
    w.api(Method::POST, "/projects", Some(project_body()), 201)
        .await;
    let mut tartu = project_body();
    tartu["handle"] = json!("tartu_roofs");
    tartu["country"] = json!("ee");
    w.api(Method::POST, "/projects", Some(tartu), 201).await;
    let declared =
        json!({"source": "green_roofs", "relation": "adapts", "note": "Colder & darker"});
    w.api(
        Method::POST,
        "/projects/tartu_roofs/replications",
        Some(declared),
        201,
    )
    .await;
    let group = w.document(&w.hub.url("/projects/tartu_roofs")).await;
    snapshot("project_replication", &group["replicationOf"]);
}

#[tokio::test]
async fn an_organisation_is_an_organization() {
    let w = Wire::start().await;
    let body = json!({
        "handle": "coop_lx", "name": "Cooperativa Lx", "summary": "Urban gardens, together.",
        "org_type": "social-economy-enterprise", "org_size": "small", "country": "pt",
        "expertise": ["urban-gardening", "training"], "needs": ["funding"]
    });
    w.api(Method::POST, "/organisations", Some(body), 201).await;
    let org = w.document(&w.hub.url("/organisations/coop_lx")).await;
    snapshot("organisation", &org);
}

#[tokio::test]
async fn a_community_is_a_group() {
    let w = Wire::start().await;
    w.api(Method::POST, "/communities", Some(community_body()), 201)
        .await;
    let group = w.document(&w.hub.url("/communities/democracy")).await;
    snapshot("community_group", &group);
}

#[tokio::test]
async fn an_event_is_an_event() {
    let w = Wire::start().await;
    let event = w
        .api(Method::POST, "/events", Some(event_body()), 201)
        .await;
    let key = event["key"].as_str().expect("key");
    let doc = w.document(&w.hub.url(&format!("/events/{key}"))).await;
    snapshot("event", &doc);
}

/// felix follows ana (Accept), ana follows felix (Follow), ana posts a public note: the
/// Note at its id, and the Create{Note} felix receives.
#[tokio::test]
async fn a_post_is_a_note_sent_in_a_create() {
    let w = Wire::start().await;
    let accept = w
        .felix_follows(&w.hub.actor_url("ana"), "/users/ana/inbox")
        .await;
    snapshot("accept_of_follow", &accept);

    let target = json!({"target": w.fake.actor_id("felix")});
    w.api(Method::POST, "/follows", Some(target), 201).await;
    let follow = w.received("ana's Follow", |a| a["type"] == "Follow").await;
    snapshot("follow", &follow);

    let body = json!({"content": "Open call: **urban gardens** in Alfama.", "language": "en"});
    let post = w.api(Method::POST, "/posts", Some(body), 201).await;
    let id = post["ap_id"].as_str().expect("ap_id").to_string();
    let note = w.document(&id).await;
    snapshot("note", &note);
    let create = w
        .received("the Create of the note", |a| {
            a["type"] == "Create" && a["object"]["id"] == id
        })
        .await;
    snapshot("create_note", &create);
}

/// felix follows a community here; ana starts a thread in it: the thread's first post
/// is a Page, and the community announces it to felix (the Create, and the Page itself).
#[tokio::test]
async fn a_community_announces_a_new_thread_to_its_followers() {
    let w = Wire::start().await;
    w.api(Method::POST, "/communities", Some(community_body()), 201)
        .await;
    let group = w.hub.url("/communities/democracy");
    w.felix_follows(&group, "/communities/democracy/inbox")
        .await;
    let body = json!({"title": "Citizen panels", "content": "Who runs **one**?", "language": "en"});
    let thread = w
        .api(
            Method::POST,
            "/communities/democracy/threads",
            Some(body),
            201,
        )
        .await;
    let id = thread["root"]["ap_id"].as_str().expect("ap_id").to_string();
    let page = w.document(&id).await;
    snapshot("page", &page);
    let announce_create = w
        .received("the announced Create", |a| {
            a["type"] == "Announce"
                && a["object"]["type"] == "Create"
                && a["object"]["object"]["id"] == id
        })
        .await;
    snapshot("announce_create_page", &announce_create);
    let announce_page = w
        .received("the announced Page", |a| {
            a["type"] == "Announce" && a["object"]["type"] == "Page" && a["object"]["id"] == id
        })
        .await;
    snapshot("announce_page", &announce_page);
}

fn community_body() -> Value {
    json!({
        "handle": "democracy", "name": "Participatory democracy",
        "description": "Citizen panels, **budgets** and assemblies.", "rules": "1. Be kind.",
        "languages": ["en", "pt"]
    })
}
