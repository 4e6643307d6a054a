//! Replication and scaling across servers (issue 22, part 5): the `replicationOf` term of a
//! project's actor document; a project of another hub declaring one of ours reaches our
//! project's page through its hub's Update to the source's inbox (no peering, no follow),
//! and its removal follows; an Update from another server is read leniently.

use crate::harness::api::call;
use crate::harness::browser::{shows, Browser};
use crate::harness::remote::FakeMastodon;
use crate::harness::replications::{declare, href, html_page, of, project};
use crate::harness::{ap_document, eventually, Network, TwoHubs};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_replication_on_another_hub_reaches_the_source_and_its_removal_too() {
    let TwoHubs {
        net,
        a,
        b,
        client,
        ana,
        ben,
    } = TwoHubs::start().await;
    project(&client, &a, &ana, "green_roofs", "Green Roofs Lisboa", "pt").await;
    project(&client, &b, &ben, "tartu_roofs", "Tartu Roofs", "ee").await;
    let source = format!("@green_roofs@{}", a.domain);
    let body = json!({"source": source, "relation": "adapts", "note": "Colder <winters>"});
    let (status, made) = declare(&client, &b, Some(&ben), "tartu_roofs", body).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["source"]["local"], false);

    // B's actor document says so, with the term defined in its context.
    let doc = ap_document(&client, &b.url("/projects/tartu_roofs")).await;
    assert_eq!(
        doc["replicationOf"],
        json!([{"type": "Replication", "object": a.url("/projects/green_roofs"),
                "relation": "adapts", "summary": "Colder &lt;winters&gt;"}]),
        "{doc}"
    );
    let context = doc["@context"].to_string();
    assert!(
        context.contains(
            "\"replicationOf\":{\"@container\":\"@set\",\"@id\":\"tessera:replicationOf\"}"
        ) || context.contains("tessera:replicationOf"),
        "{context}"
    );
    assert!(
        context.contains("\"relation\":\"tessera:relation\""),
        "{context}"
    );

    // Nobody on A follows the project and the hubs do not peer: the Update to the source's
    // inbox is what tells A.
    let mut visitor = Browser::new(&net);
    eventually("A shows the replication", || async {
        let page = html_page(&client, &a.url("/projects/green_roofs")).await;
        page.contains("Replicated in Estonia")
    })
    .await;
    let (_, page) = visitor.get(&a.url("/projects/green_roofs")).await;
    shows(
        &page,
        &[
            "Tartu Roofs",
            &href(&format!("/@tartu_roofs@{}", b.domain)),
            "adapts this project",
            "Colder <winters>",
        ],
    );
    let replicas = of(&client, &a, "green_roofs").await;
    assert_eq!(replicas["replicated_in"], json!(["EE"]));
    assert_eq!(replicas["replicas"][0]["project"]["local"], false);
    let (_, found) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/directory?replicated=1",
        None,
    )
    .await;
    assert_eq!(
        found["items"][0]["handle"],
        format!("@green_roofs@{}", a.domain)
    );

    // An edit of the project's profile keeps its sources on the wire (a reader replaces).
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::PATCH,
        "/projects/tartu_roofs",
        Some(json!({"summary": "Roofs in Tartu."})),
    )
    .await;
    assert_eq!(status, 200);
    let doc = ap_document(&client, &b.url("/projects/tartu_roofs")).await;
    assert_eq!(doc["replicationOf"][0]["relation"], "adapts");

    // Removed on B: A's page follows.
    let id = made["id"].as_i64().unwrap();
    let path = format!("/projects/tartu_roofs/replications/{id}");
    let (status, _) = call(&client, &b, Some(&ben), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let doc = ap_document(&client, &b.url("/projects/tartu_roofs")).await;
    assert!(doc.get("replicationOf").is_none(), "{doc}");
    eventually("A forgets the replication", || async {
        let page = html_page(&client, &a.url("/projects/green_roofs")).await;
        !page.contains("Estonia") && !page.contains("Replicated in")
    })
    .await;
}

/// The actor document of a project on another server: a `Group` with Tessera's terms.
fn group(doc: &Value, terms: Value) -> Value {
    let mut doc = doc.clone();
    doc["type"] = json!("Group");
    doc["name"] = json!("Tartu Roofs");
    doc["entryKind"] = json!("project");
    doc["addressCountry"] = json!("EE");
    for (k, v) in terms.as_object().unwrap() {
        doc[k] = v.clone();
    }
    doc
}

#[tokio::test]
async fn a_received_actor_update_declares_and_withdraws_a_replication_leniently() {
    let mut net = Network::bind(&["hub-a.test", "remote.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("remote.test");
    let fake =
        FakeMastodon::start(net.take("remote.test"), &domain, &["tartu"], net.client()).await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    project(
        &client,
        &hub,
        &ana,
        "green_roofs",
        "Green Roofs Lisboa",
        "pt",
    )
    .await;
    let coop = json!({"handle": "coop", "name": "Roof Coop"});
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/organisations",
        Some(coop),
    )
    .await;
    assert_eq!(status, 201);
    let source = hub.url("/projects/green_roofs");
    let person = ap_document(&client, &fake.actor_id("tartu")).await;
    let long = "word ".repeat(200);
    let declared = group(
        &person,
        json!({"replicationOf": [
            {"type": "Replication", "object": source, "relation": "franchises",
             "summary": format!("<p>Roofs <script>x()</script>{long}</p>")},
            {"type": "Replication", "object": "javascript:alert(1)", "relation": "adapts"},
            {"type": "Replication", "object": fake.actor_id("tartu"), "relation": "adapts"},
            {"type": "Replication", "object": hub.url("/organisations/coop"), "relation": "adapts"}
        ]}),
    );
    fake.set_actor("tartu", declared.clone());
    let update = |doc: &Value, n: u32| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}#updates/{n}", fake.actor_id("tartu")),
            "type": "Update",
            "actor": fake.actor_id("tartu"),
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "object": doc,
        })
    };
    let status = fake
        .send("tartu", &hub, &hub.url("/inbox"), &update(&declared, 1))
        .await;
    assert!(status.is_success(), "{status}");
    eventually("the replica is stored", || async {
        of(&client, &hub, "green_roofs").await["replicas"] != json!([])
    })
    .await;
    let view = of(&client, &hub, "green_roofs").await;
    let replicas = view["replicas"].as_array().unwrap();
    assert_eq!(replicas.len(), 1, "{view}");
    // An unknown relation is the weakest one; the note is plain text, cut at 500.
    assert_eq!(replicas[0]["relation"], "inspired_by");
    let note = replicas[0]["note"].as_str().unwrap();
    assert!(note.starts_with("Roofs word word"), "{note}");
    assert!(!note.contains('<') && !note.contains("x()"), "{note}");
    assert_eq!(note.chars().count(), 500);
    assert_eq!(replicas[0]["country"], "EE");
    // Inspired only: listed, but not "replicated in".
    assert_eq!(view["replicated_in"], json!([]));
    // An organisation named as a source is no replicated project.
    let (_, found) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/directory?replicated=1",
        None,
    )
    .await;
    let handles: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, [format!("@green_roofs@{}", hub.domain)], "{found}");

    let adapts = group(
        &person,
        json!({"replicationOf": {"object": source, "relation": "adapts"}}),
    );
    fake.set_actor("tartu", adapts.clone());
    let status = fake
        .send("tartu", &hub, &hub.url("/inbox"), &update(&adapts, 2))
        .await;
    assert!(status.is_success(), "{status}");
    let mut visitor = Browser::new(&net);
    eventually("the relation changes", || async {
        let page = html_page(&client, &hub.url("/projects/green_roofs")).await;
        page.contains("Replicated in Estonia")
    })
    .await;
    let (_, page) = visitor.get(&hub.url("/projects/green_roofs")).await;
    shows(&page, &["adapts this project"]);

    // The next profile without the term withdraws it.
    let plain = group(&person, json!({}));
    fake.set_actor("tartu", plain.clone());
    let status = fake
        .send("tartu", &hub, &hub.url("/inbox"), &update(&plain, 3))
        .await;
    assert!(status.is_success(), "{status}");
    eventually("the replica is withdrawn", || async {
        of(&client, &hub, "green_roofs").await["replicas"] == json!([])
    })
    .await;
}
