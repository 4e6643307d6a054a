//! Entries of other servers as a member meets them: a project of another hub followed from
//! its page here, a Mobilizon group (its real actor shape and PKCS#1 key) followed, listed
//! and refreshed; and the Atom feed of a local entry.

use crate::harness::api::call;
use crate::harness::browser::{csrf, log_in, Browser};
use crate::harness::entries::project_body;
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Network, TwoHubs};
use reqwest::Method;
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn a_member_follows_a_project_of_another_hub_from_its_page() {
    let TwoHubs {
        net,
        a,
        b,
        client,
        ben,
        ..
    } = TwoHubs::start().await;
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201);

    // ana looks the project up by handle, lands on its page here and presses Follow.
    let mut browser = Browser::new(&net);
    log_in(&mut browser, &a, "ana", PASSWORD).await;
    let handle = format!("@green_roofs@{}", b.domain);
    let (status, _) = browser.get(&a.url(&format!("/search?q={handle}"))).await;
    assert_eq!(status, 303);
    let (status, page) = browser.get(&a.url(&format!("/{handle}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Green Roofs Lisboa"), "{page}");
    let (status, _, _, _) = browser
        .post(
            &a.url("/follows"),
            &[("csrf_token", &csrf(&page)), ("target", &handle)],
        )
        .await;
    assert_eq!(status, 303);
    let ana = a.token("ana").await;
    eventually("the project accepts", || async {
        let (_, list) = call(&client, &a, Some(&ana), Method::GET, "/follows", None).await;
        list[0]["state"] == "accepted"
    })
    .await;
    let (_, page) = browser.get(&a.url(&format!("/{handle}"))).await;
    assert!(page.contains("/delete"), "no unfollow button: {page}");

    // Hub A's directory lists it as remote, and its next update reaches ana's home page.
    let (_, found) = call(&client, &a, None, Method::GET, "/directory?q=roofs", None).await;
    assert_eq!(found["total"], 1, "{found}");
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::POST,
        "/projects/green_roofs/updates",
        Some(json!({"title": "Harvest day", "content": "Come and pick tomatoes."})),
    )
    .await;
    assert_eq!(status, 201);
    eventually("the update reaches hub A", || async {
        let (_, list) = call(&client, &a, Some(&ana), Method::GET, "/timeline", None).await;
        list.to_string().contains("Harvest day")
    })
    .await;
    let (_, home) = browser.get(&a.url("/")).await;
    assert!(
        home.contains("Harvest day") && home.contains("Come and pick tomatoes."),
        "{home}"
    );
}

/// The Mobilizon group of the fixtures, moved to the fake server and given `public_pem`
/// re-encoded as PKCS#1, the way Mobilizon publishes keys.
fn mobilizon_group(domain: &str, name: &str, public_pem: &str) -> Value {
    use rsa::pkcs1::EncodeRsaPublicKey;
    use rsa::pkcs8::DecodePublicKey;
    let pkcs1 = rsa::RsaPublicKey::from_public_key_pem(public_pem)
        .unwrap()
        .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
        .unwrap();
    let mut doc = fixture("mobilizon/objects/group.json");
    let original = doc["id"].as_str().unwrap().to_string();
    let id = format!("http://{domain}/users/{name}");
    // Every URL of the group (collections, endpoints, key) moves with it.
    let text = doc.to_string().replace(&original, &id).replace(
        "https://mobilizon.fr/inbox",
        &format!("http://{domain}/inbox"),
    );
    doc = serde_json::from_str(&text).unwrap();
    doc["preferredUsername"] = json!(name);
    doc["publicKey"]["publicKeyPem"] = json!(pkcs1);
    doc
}

#[tokio::test]
async fn a_mobilizon_group_is_followed_listed_and_refreshed() {
    let mut net = Network::bind(&["hub-a.test", "mobilizon.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("mobilizon.test");
    let fake = FakeMastodon::start(
        net.take("mobilizon.test"),
        &domain,
        &["contribateliers"],
        net.client(),
    )
    .await;
    let group = fake.actor_id("contribateliers");
    let doc = mobilizon_group(
        &domain,
        "contribateliers",
        &fake.public_key("contribateliers"),
    );
    assert!(doc["publicKey"]["publicKeyPem"]
        .as_str()
        .unwrap()
        .contains("BEGIN RSA PUBLIC KEY"));
    fake.set_actor("contribateliers", doc.clone());
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;

    let (status, view) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/follows",
        Some(json!({"target": group})),
    )
    .await;
    assert_eq!(status, 201, "{view}");
    eventually("the Follow reaches the group", || async {
        fake.inbox_items().iter().any(|a| a["type"] == "Follow")
    })
    .await;
    let follow = fake
        .inbox_items()
        .into_iter()
        .find(|a| a["type"] == "Follow")
        .unwrap();
    assert_eq!(follow["object"], group);

    // Mobilizon's Accept is signed with the PKCS#1 key: it verifies.
    let accept = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{group}#accept-1"),
        "type": "Accept",
        "actor": group,
        "object": follow,
    });
    assert_eq!(
        fake.send("contribateliers", &hub, &hub.url("/inbox"), &accept)
            .await,
        202
    );
    let (_, list) = call(&client, &hub, Some(&ana), Method::GET, "/follows", None).await;
    assert_eq!(list[0]["state"], "accepted", "{list}");

    // The group is in the directory, as a remote project from its origin.
    let (_, found) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/directory?q=contribateliers",
        None,
    )
    .await;
    assert_eq!(found["total"], 1, "{found}");
    let item = &found["items"][0];
    assert_eq!(item["id"], group, "{item}");
    assert!(
        item["handle"].as_str().unwrap().ends_with(&domain),
        "{item}"
    );
    assert_eq!(item["kind"], "project");
    assert_eq!(item["local"], false);
    assert!(item["summary"]
        .as_str()
        .unwrap()
        .contains("contribuer au libre"));

    // Its Update (also PKCS#1-signed) refreshes the entry: name and summary.
    let mut changed = doc.clone();
    changed["name"] = json!("Contribateliers Lyon");
    changed["summary"] = json!("<p>Ateliers mensuels à Lyon.</p>");
    let update = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": format!("{group}#update-1"),
        "type": "Update",
        "actor": group,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": changed,
    });
    fake.set_actor("contribateliers", changed);
    assert_eq!(
        fake.send("contribateliers", &hub, &hub.url("/inbox"), &update)
            .await,
        202
    );
    eventually("the directory shows the new profile", || async {
        let (_, found) = call(&client, &hub, None, Method::GET, "/directory?q=lyon", None).await;
        found["total"] == 1 && found["items"][0]["name"] == "Contribateliers Lyon"
    })
    .await;
}

#[tokio::test]
async fn each_entry_has_an_atom_feed_of_its_public_updates() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201);
    let (mut ids, mut numbers) = (vec![], vec![]);
    for (title, body) in [
        (Some("Harvest"), "We picked **40 kg** of tomatoes & basil."),
        (None, "A short note, no title."),
    ] {
        let (status, post) = call(
            &client,
            &hub,
            Some(&ana),
            Method::POST,
            "/projects/green_roofs/updates",
            Some(json!({"title": title, "content": body, "language": "pt"})),
        )
        .await;
        assert_eq!(status, 201, "{post}");
        ids.push(post["ap_id"].as_str().unwrap().to_string());
        numbers.push(post["id"].clone());
    }
    let url = hub.url("/projects/green_roofs/feed.atom");
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let last_modified = res.headers()["last-modified"].to_str().unwrap().to_string();
    let xml = res.text().await.unwrap();
    let feed: atom_syndication::Feed = xml.parse().expect("a valid Atom document");
    assert_eq!(feed.title.value, "Green Roofs Lisboa");
    assert_eq!(feed.id, hub.url("/projects/green_roofs"));
    assert!(feed.links.iter().any(|l| l.rel == "self" && l.href == url));
    assert_eq!(feed.entries.len(), 2);
    // Newest first; the untitled update is titled by its text.
    assert_eq!(feed.entries[0].id, ids[1]);
    assert_eq!(feed.entries[0].title.value, "A short note, no title.");
    assert_eq!(feed.entries[1].title.value, "Harvest");
    let content = feed.entries[1].content.as_ref().unwrap();
    assert_eq!(content.content_type.as_deref(), Some("html"));
    assert_eq!(content.lang.as_deref(), Some("pt"));
    assert!(content
        .value
        .as_deref()
        .unwrap()
        .contains("<strong>40 kg</strong> of tomatoes &amp; basil"));

    // A reader that comes back with the date it was given gets 304.
    let again = client
        .get(&url)
        .header("if-modified-since", &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // A deleted update leaves the feed; an unknown entry has none.
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::DELETE,
        &format!("/projects/green_roofs/updates/{}", numbers[0]),
        None,
    )
    .await;
    assert!(status == 204 || status == 200, "{status}");
    let xml = client.get(&url).send().await.unwrap().text().await.unwrap();
    let feed: atom_syndication::Feed = xml.parse().unwrap();
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(feed.entries[0].id, ids[1]);
    let missing = client
        .get(hub.url("/organisations/green_roofs/feed.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}
