//! WebFinger, NodeInfo, host-meta and actor documents: shapes and content types, compared
//! with what Mastodon publishes.

use crate::harness::{fixture, Hub, Network, AP_ACCEPT};
use serde_json::Value;

/// A hub with the member alice, and a client.
async fn start() -> (Network, Hub, reqwest::Client) {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("alice").await;
    let client = net.client();
    (net, hub, client)
}

#[tokio::test]
async fn webfinger_finds_members_and_the_instance_actor() {
    let (_net, hub, client) = start().await;

    // WebFinger for a member.
    let res = client
        .get(hub.url(&format!(
            "/.well-known/webfinger?resource=acct:alice@{}",
            hub.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/jrd+json"));
    let jrd: Value = res.json().await.unwrap();
    assert_eq!(jrd["subject"], format!("acct:alice@{}", hub.domain));
    assert!(jrd["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == &hub.actor_url("alice")));
    let links = jrd["links"].as_array().unwrap();
    assert!(links.iter().any(|l| l["rel"] == "self"
        && l["type"] == "application/activity+json"
        && l["href"] == hub.actor_url("alice")));
    assert!(links
        .iter()
        .any(|l| l["rel"] == "http://webfinger.net/rel/profile-page"
            && l["href"] == hub.url("/@alice")));

    // By actor URL too; unknown and malformed resources.
    let by_url = client
        .get(hub.url(&format!(
            "/.well-known/webfinger?resource={}",
            hub.actor_url("alice")
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(by_url.status(), 200);
    let unknown = client
        .get(hub.url(&format!(
            "/.well-known/webfinger?resource=acct:nobody@{}",
            hub.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let missing = client
        .get(hub.url("/.well-known/webfinger"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);

    // The instance actor, Mastodon-style: acct:HOST@DOMAIN.
    let inst = client
        .get(hub.url(&format!(
            "/.well-known/webfinger?resource=acct:{}@{}",
            hub.host, hub.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(inst.status(), 200);
    let inst: Value = inst.json().await.unwrap();
    assert!(inst["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["href"] == hub.url("/actor")));
}

#[tokio::test]
async fn nodeinfo_and_host_meta_describe_the_hub() {
    let (_net, hub, client) = start().await;

    // NodeInfo discovery, 2.1 and 2.0, and the FEP-2677 link to the instance actor.
    let disc: Value = client
        .get(hub.url("/.well-known/nodeinfo"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Same shape as a real discovery document (WordPress's, in the fixtures).
    let real = fixture("nodeinfo/regular.json");
    assert!(real["links"][0]["rel"].is_string() && real["links"][0]["href"].is_string());
    for link in disc["links"].as_array().unwrap() {
        assert!(
            link["rel"].is_string() && link["href"].is_string(),
            "{link}"
        );
    }
    let rels: Vec<&str> = disc["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap())
        .collect();
    assert!(rels.contains(&"http://nodeinfo.diaspora.software/ns/schema/2.1"));
    assert!(rels.contains(&"http://nodeinfo.diaspora.software/ns/schema/2.0"));
    assert!(rels.contains(&"https://www.w3.org/ns/activitystreams#Application"));
    for version in ["2.1", "2.0"] {
        let res = client
            .get(hub.url(&format!("/nodeinfo/{version}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains(&format!("schema/{version}")));
        let doc: Value = res.json().await.unwrap();
        assert_eq!(doc["version"], version);
        assert_eq!(doc["software"]["name"], "tessera");
        assert_eq!(doc["protocols"][0], "activitypub");
        assert_eq!(doc["usage"]["users"]["total"], 1);
        assert_eq!(doc["openRegistrations"], true);
    }
    let host_meta = client
        .get(hub.url("/.well-known/host-meta"))
        .send()
        .await
        .unwrap();
    assert_eq!(host_meta.status(), 200);
    assert!(host_meta
        .text()
        .await
        .unwrap()
        .contains("/.well-known/webfinger?resource={uri}"));
}

#[tokio::test]
async fn an_actor_document_has_the_shape_mastodon_publishes() {
    let (_net, hub, client) = start().await;

    // The actor document, with Mastodon's Accept list.
    let res = client
        .get(hub.actor_url("alice"))
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/activity+json");
    let person: Value = res.json().await.unwrap();
    let mastodon = fixture("mastodon/objects/person.json");
    for key in [
        "id",
        "type",
        "following",
        "followers",
        "inbox",
        "outbox",
        "preferredUsername",
        "name",
        "summary",
        "url",
        "manuallyApprovesFollowers",
        "discoverable",
        "published",
        "publicKey",
        "endpoints",
    ] {
        assert!(mastodon.get(key).is_some(), "fixture lacks {key}");
        assert!(person.get(key).is_some(), "our actor lacks {key}: {person}");
        assert_eq!(
            std::mem::discriminant(&person[key]),
            std::mem::discriminant(&mastodon[key]),
            "{key} has another JSON type than Mastodon's"
        );
    }
    assert_eq!(person["type"], "Person");
    assert_eq!(person["id"], hub.actor_url("alice"));
    assert_eq!(person["preferredUsername"], "alice");
    assert_eq!(person["inbox"], hub.url("/users/alice/inbox"));
    assert_eq!(person["endpoints"]["sharedInbox"], hub.url("/inbox"));
    assert_eq!(person["url"], hub.url("/@alice"));
    assert_eq!(
        person["publicKey"]["id"],
        format!("{}#main-key", hub.actor_url("alice"))
    );
    assert_eq!(person["publicKey"]["owner"], hub.actor_url("alice"));
    assert!(person["publicKey"]["publicKeyPem"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    let context = person["@context"].to_string();
    assert!(context.contains("https://www.w3.org/ns/activitystreams"));
    assert!(context.contains("https://w3id.org/security/v1"));
    assert!(context.contains("manuallyApprovesFollowers"));
}

#[tokio::test]
async fn actor_urls_answer_json_to_ld_json_and_html_to_browsers() {
    let (_net, hub, client) = start().await;

    // ld+json alone also gets JSON; a browser gets the HTML profile.
    let ld = client
        .get(hub.actor_url("alice"))
        .header(
            "accept",
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(ld.headers()["content-type"], "application/activity+json");
    let browser = client
        .get(hub.actor_url("alice"))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(browser.status(), 303);
    assert_eq!(browser.headers()["location"], "/@alice");
    let page = client.get(hub.url("/@alice")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page
        .text()
        .await
        .unwrap()
        .contains(&format!("@alice@{}", hub.domain)));
}

#[tokio::test]
async fn the_instance_actor_is_an_application_and_collections_are_paged() {
    let (_net, hub, client) = start().await;

    // The instance actor is an Application.
    let app: Value = client
        .get(hub.url("/actor"))
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(app["type"], "Application");
    assert_eq!(app["preferredUsername"], hub.host);

    // Collections are paged OrderedCollections.
    for name in ["outbox", "followers", "following"] {
        let c: Value = client
            .get(hub.url(&format!("/users/alice/{name}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(c["type"], "OrderedCollection");
        assert_eq!(c["totalItems"], 0);
        let first: Value = client
            .get(c["first"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(first["type"], "OrderedCollectionPage");
        assert_eq!(first["partOf"], c["id"]);
    }
}

#[tokio::test]
async fn health_endpoints_answer() {
    let (_net, hub, client) = start().await;

    // Health endpoints.
    assert_eq!(
        client
            .get(hub.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(hub.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
