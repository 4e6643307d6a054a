//! The peering and hub profile JSON API: admins only, status codes, validation message
//! ids, and two hubs peering through it (manual approval on one side).

use crate::harness::api::call;
use crate::harness::{eventually, Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

/// The peers `token` sees on `hub`.
async fn peers(client: &reqwest::Client, hub: &Hub, token: &str) -> Vec<Value> {
    let (status, list) = call(client, hub, Some(token), Method::GET, "/admin/peers", None).await;
    assert_eq!(status, 200, "{list}");
    list.as_array().cloned().unwrap_or_default()
}

async fn state_of(client: &reqwest::Client, hub: &Hub, token: &str, host: &str) -> String {
    peers(client, hub, token)
        .await
        .iter()
        .find(|p| p["host"] == host)
        .and_then(|p| p["state"].as_str().map(str::to_string))
        .unwrap_or_default()
}

fn message(body: &Value) -> String {
    body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn peering_api_is_for_admins_and_checks_its_input() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    a.create_admin("root").await;
    a.create_user("ana").await;
    let client = net.client();
    let (root, ana) = (a.token("root").await, a.token("ana").await);

    // Members who are not admins: 403 `forbidden`; nobody: 401.
    let (status, body) = call(&client, &a, Some(&ana), Method::GET, "/admin/peers", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let domain = json!({"domain": "hub-b.test"});
    let (status, body) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/admin/peers",
        Some(domain),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    for (method, path) in [
        (Method::POST, "/admin/peers/hub-b.test/approve"),
        (Method::POST, "/admin/peers/hub-b.test/reject"),
        (Method::POST, "/admin/peers/hub-b.test/resync"),
        (
            Method::DELETE,
            "/admin/peers/hub-b.test?remove_entries=true",
        ),
    ] {
        let (status, _) = call(&client, &a, Some(&ana), method, path, None).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _) = call(&client, &a, None, Method::GET, "/admin/peers", None).await;
    assert_eq!(status, 401);
    let patch = json!({"country": "PT"});
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::PATCH,
        "/instance/profile",
        Some(patch),
    )
    .await;
    assert_eq!(status, 403);

    // Admins: nothing yet; bad domains are refused with the message id.
    assert!(peers(&client, &a, &root).await.is_empty());
    for (domain, id) in [
        ("not a domain!", "peering-error-domain"),
        (a.domain.as_str(), "peering-error-self"),
    ] {
        let body = json!({ "domain": domain });
        let (status, body) = call(
            &client,
            &a,
            Some(&root),
            Method::POST,
            "/admin/peers",
            Some(body),
        )
        .await;
        assert_eq!(status, 422, "{domain}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert!(message(&body).contains(id), "{domain}: {body}");
    }
    let (status, _) = call(
        &client,
        &a,
        Some(&root),
        Method::POST,
        "/admin/peers/nowhere.test/approve",
        None,
    )
    .await;
    assert_eq!(status, 404);

    // The hub profile: refused fields keep their message id; a good one is saved and shown.
    for (patch, id) in [
        (json!({"country": "XX"}), "hub-error-country"),
        (json!({"languages": ["not a tag!"]}), "hub-error-language"),
        (json!({"themes": ["astrology"]}), "hub-error-theme"),
        (json!({"contact": "call me"}), "hub-error-contact"),
        (json!({"region": "r".repeat(300)}), "hub-error-too-long"),
    ] {
        let (status, body) = call(
            &client,
            &a,
            Some(&root),
            Method::PATCH,
            "/instance/profile",
            Some(patch.clone()),
        )
        .await;
        assert_eq!(status, 422, "{patch}: {body}");
        assert!(message(&body).contains(id), "{patch}: {body}");
    }
    let patch = json!({
        "country": "pt",
        "region": "Lisboa",
        "languages": ["pt", "en"],
        "clusters": "Cities and urban development, Health and care",
        "themes": ["health-care", "cities-urban-development"],
        "contact": "hello@hub-a.example",
    });
    let (status, profile) = call(
        &client,
        &a,
        Some(&root),
        Method::PATCH,
        "/instance/profile",
        Some(patch),
    )
    .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["country"], "PT");
    assert_eq!(
        profile["clusters"],
        json!(["Cities and urban development", "Health and care"])
    );
    // Fields left out keep their value.
    let (status, profile) = call(
        &client,
        &a,
        Some(&root),
        Method::PATCH,
        "/instance/profile",
        Some(json!({"region": "Porto"})),
    )
    .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(
        (profile["country"].as_str(), profile["region"].as_str()),
        (Some("PT"), Some("Porto"))
    );
    assert_eq!(profile["languages"], json!(["pt", "en"]));
    let (status, instance) = call(&client, &a, None, Method::GET, "/instance", None).await;
    assert_eq!(status, 200);
    assert_eq!(instance["country"], "PT");
    assert_eq!(instance["profile"]["contact"], "hello@hub-a.example");
    assert_eq!(
        instance["profile"]["themes"].as_array().map(Vec::len),
        Some(2)
    );

    // The public summary needs no token.
    let (status, glance) = call(&client, &a, None, Method::GET, "/federation", None).await;
    assert_eq!(status, 200, "{glance}");
    assert_eq!(glance["this_hub"]["country"], "PT");
    assert_eq!(glance["peers"], json!([]));
}

#[tokio::test]
async fn two_hubs_peer_through_the_api() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net
        .start_hub_with("hub-b.test", |c| {
            c.peering.manual_approval = true;
            c.instance.name = "Bravo Hub".into();
        })
        .await;
    a.create_admin("root").await;
    b.create_admin("boss").await;
    let client = net.client();
    let (root, boss) = (a.token("root").await, b.token("boss").await);
    let patch = json!({"country": "EE"});
    let (status, _) = call(
        &client,
        &b,
        Some(&boss),
        Method::PATCH,
        "/instance/profile",
        Some(patch),
    )
    .await;
    assert_eq!(status, 200);

    // A asks; B's admin sees the request waiting.
    let body = json!({ "domain": net.domain("hub-b.test") });
    let (status, peer) = call(
        &client,
        &a,
        Some(&root),
        Method::POST,
        "/admin/peers",
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, 201, "{peer}");
    assert_eq!(peer["host"], b.domain);
    assert!(
        ["requested", "active"].contains(&peer["state"].as_str().unwrap_or_default()),
        "{peer}"
    );
    assert!(
        peer["health"]["state"].is_string() && peer["counts"]["total"].is_number(),
        "{peer}"
    );
    let (status, again) = call(
        &client,
        &a,
        Some(&root),
        Method::POST,
        "/admin/peers",
        Some(body),
    )
    .await;
    assert_eq!(status, 422, "{again}");
    assert!(message(&again).contains("peering-error-already"), "{again}");
    eventually("B sees A's request", || async {
        state_of(&client, &b, &boss, &a.domain).await == "awaiting"
    })
    .await;

    // B approves: both sides active.
    let path = format!("/admin/peers/{}/approve", a.domain);
    let (status, approved) = call(&client, &b, Some(&boss), Method::POST, &path, None).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["host"], a.domain);
    eventually("B sees A active", || async {
        state_of(&client, &b, &boss, &a.domain).await == "active"
    })
    .await;
    eventually("A sees B active", || async {
        state_of(&client, &a, &root, &b.domain).await == "active"
    })
    .await;
    eventually("A knows B's name and country", || async {
        let list = peers(&client, &a, &root).await;
        list.iter()
            .any(|p| p["name"] == "Bravo Hub" && p["profile"]["country"] == "EE")
    })
    .await;

    // The public summary names B under its country.
    let (status, glance) = call(&client, &a, None, Method::GET, "/federation", None).await;
    assert_eq!(status, 200);
    assert_eq!(glance["peers"][0]["name"], "Bravo Hub", "{glance}");
    let ee = glance["countries"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["country"] == "EE").cloned())
        .unwrap_or(Value::Null);
    assert_eq!(ee["hubs"], json!(["Bravo Hub"]), "{glance}");

    // Resync restarts the backfill; unpeering ends the peering on both sides.
    let path = format!("/admin/peers/{}/resync", b.domain);
    let (status, resynced) = call(&client, &a, Some(&root), Method::POST, &path, None).await;
    assert_eq!(status, 200, "{resynced}");
    let path = format!("/admin/peers/{}?remove_entries=true", b.domain);
    let (status, _) = call(&client, &a, Some(&root), Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    assert_eq!(state_of(&client, &a, &root, &b.domain).await, "ended");
    eventually("B sees the peering end", || async {
        state_of(&client, &b, &boss, &a.domain).await == "ended"
    })
    .await;
    let (_, glance) = call(&client, &a, None, Method::GET, "/federation", None).await;
    assert_eq!(glance["peers"], json!([]), "{glance}");
}

#[tokio::test]
async fn a_request_can_be_refused() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net
        .start_hub_with("hub-b.test", |c| c.peering.manual_approval = true)
        .await;
    a.create_admin("root").await;
    b.create_admin("boss").await;
    let client = net.client();
    let (root, boss) = (a.token("root").await, b.token("boss").await);
    let body = json!({ "domain": net.domain("hub-b.test") });
    let (status, _) = call(
        &client,
        &a,
        Some(&root),
        Method::POST,
        "/admin/peers",
        Some(body),
    )
    .await;
    assert_eq!(status, 201);
    eventually("B sees A's request", || async {
        state_of(&client, &b, &boss, &a.domain).await == "awaiting"
    })
    .await;
    let path = format!("/admin/peers/{}/reject", a.domain);
    let (status, _) = call(&client, &b, Some(&boss), Method::POST, &path, None).await;
    assert_eq!(status, 204);
    eventually("A learns it was refused", || async {
        state_of(&client, &a, &root, &b.domain).await == "ended"
    })
    .await;
}
