//! Projects and organisations across servers: followed from another hub and from Mastodon;
//! their updates, edits and deletions reach followers in the shape Mastodon shows; remote
//! entries join the directory and leave it when deleted.

use crate::harness::api::call;
use crate::harness::entries::project_body;
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network, TwoHubs, AP_ACCEPT};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::db::models::actor::Actor;

async fn timeline(client: &reqwest::Client, hub: &Hub, token: &str) -> Vec<Value> {
    let (_, json) = call(client, hub, Some(token), Method::GET, "/timeline", None).await;
    json.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_project_on_one_hub_is_followed_from_another_and_its_updates_travel() {
    let TwoHubs {
        net: _net,
        a,
        b,
        client,
        ana,
        ben,
    } = TwoHubs::start().await;
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201);
    let project_id = a.url("/projects/green_roofs");

    // The actor is a Group carrying the directory terms, defined in its context.
    let actor: Value = client
        .get(&project_id)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["type"], "Group");
    assert_eq!(
        actor["themes"],
        json!(["cities-urban-development", "food-environment-climate"])
    );
    assert_eq!(actor["addressCountry"], "PT");
    assert_eq!(actor["source"]["mediaType"], "text/markdown");
    assert_eq!(actor["attachment"][0]["type"], "PropertyValue");
    let context = actor["@context"].to_string();
    assert!(context.contains("https://tessera.social/ns#") && context.contains("\"themes\""));
    // WebFinger finds it by handle.
    let wf: Value = client
        .get(a.url(&format!(
            "/.well-known/webfinger?resource=acct:green_roofs@{}",
            a.domain
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(wf["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["href"] == project_id));

    // ben follows it by handle; it accepts at once, and hub B's directory knows it.
    let (status, f) = call(
        &client,
        &b,
        Some(&ben),
        Method::POST,
        "/follows",
        Some(json!({"target": format!("@green_roofs@{}", a.domain)})),
    )
    .await;
    assert_eq!(status, 201, "{f}");
    eventually("the project accepts", || async {
        let (_, list) = call(&client, &b, Some(&ben), Method::GET, "/follows", None).await;
        list[0]["state"] == "accepted"
    })
    .await;
    let remote = {
        let mut conn = b.ctx.pool.get().await.unwrap();
        Actor::find_by_ap_id(&mut conn, &project_id)
            .await
            .unwrap()
            .unwrap()
    };
    let (entry, tags) = tessera::services::entries::of_actor(&b.ctx, remote.id)
        .await
        .unwrap()
        .expect("remote entry");
    assert_eq!(entry.entry_kind, "project");
    assert_eq!(entry.country.as_deref(), Some("PT"));
    assert!(tags.contains(&("sdg".into(), "13".into())));

    // An update reaches ben's timeline; an edit and a deletion follow it.
    let (status, update) = call(&client, &a, Some(&ana), Method::POST, "/projects/green_roofs/updates", Some(json!({"title": "First harvest", "content": "We picked **40 kg** of tomatoes.", "language": "pt"}))).await;
    assert_eq!(status, 201, "{update}");
    let ap_id = update["ap_id"].as_str().unwrap().to_string();
    eventually("the update reaches hub B", || async {
        timeline(&client, &b, &ben)
            .await
            .iter()
            .any(|p| p["ap_id"] == ap_id)
    })
    .await;
    let seen = timeline(&client, &b, &ben)
        .await
        .into_iter()
        .find(|p| p["ap_id"] == ap_id)
        .unwrap();
    let content = seen["content"].as_str().unwrap();
    assert!(
        content.starts_with("<p><strong>First harvest</strong></p>"),
        "{content}"
    );
    assert!(
        content.contains("<strong>40 kg</strong>") && content.contains(&project_id),
        "{content}"
    );
    let id = update["id"].as_i64().unwrap();
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::PUT,
        &format!("/projects/green_roofs/updates/{id}"),
        Some(json!({"content": "We picked 45 kg."})),
    )
    .await;
    assert_eq!(status, 200);
    eventually("the edit reaches hub B", || async {
        timeline(&client, &b, &ben).await.iter().any(|p| {
            p["ap_id"] == ap_id
                && p["content"].as_str().unwrap().contains("45 kg")
                && p["updated"].is_string()
        })
    })
    .await;
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        &format!("/projects/green_roofs/updates/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("the deletion reaches hub B", || async {
        !timeline(&client, &b, &ben)
            .await
            .iter()
            .any(|p| p["ap_id"] == ap_id)
    })
    .await;

    // A profile edit refreshes hub B's copy; deleting the project removes it there.
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"country": "ES", "themes": ["health-care"]})),
    )
    .await;
    assert_eq!(status, 200);
    eventually("the profile edit reaches hub B", || async {
        let e = tessera::services::entries::of_actor(&b.ctx, remote.id)
            .await
            .unwrap();
        e.is_some_and(|(e, t)| {
            e.country.as_deref() == Some("ES")
                && t.contains(&("theme".into(), "health-care".into()))
        })
    })
    .await;
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("the deletion of the project reaches hub B", || async {
        tessera::services::entries::of_actor(&b.ctx, remote.id)
            .await
            .unwrap()
            .is_none()
    })
    .await;
    let (_, follows) = call(&client, &b, Some(&ben), Method::GET, "/follows", None).await;
    assert!(follows.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn mastodon_follows_an_organisation_and_sees_its_updates_in_full() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("masto.test");
    let listener = net.take("masto.test");
    let fake = FakeMastodon::start(listener, &domain, &["asonix"], net.client()).await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/organisations",
        Some(json!({"handle": "fund_pt", "name": "Fundo Social", "org_type": "funder"})),
    )
    .await;
    assert_eq!(status, 201);
    let org = hub.url("/organisations/fund_pt");

    let mut follow = fixture("mastodon/activities/follow.json");
    let asonix = fake.actor_id("asonix");
    follow["id"] = json!(format!("{asonix}#follows/1"));
    follow["actor"] = json!(asonix);
    follow["object"] = json!(org);
    assert_eq!(
        fake.send(
            "asonix",
            &hub,
            &hub.url("/organisations/fund_pt/inbox"),
            &follow
        )
        .await,
        202
    );
    eventually("the Accept reaches Mastodon", || async {
        fake.inbox_items()
            .iter()
            .any(|a| a["type"] == "Accept" && a["actor"] == org)
    })
    .await;

    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/organisations/fund_pt/updates",
        Some(json!({"title": "Open call", "content": "Applications open until *June*."})),
    )
    .await;
    assert_eq!(status, 201);
    eventually("the Create reaches Mastodon", || async {
        fake.inbox_items().iter().any(|a| a["type"] == "Create")
    })
    .await;
    let create = fake
        .inbox_items()
        .into_iter()
        .find(|a| a["type"] == "Create")
        .unwrap();
    let note = &create["object"];
    // What Mastodon shows in full: a Note whose content starts with the title and links the
    // organisation's page, public, for its followers.
    assert_eq!(note["type"], "Note");
    assert!(
        note.get("name").is_none(),
        "Mastodon ignores a Note's name: the title is in the content"
    );
    let content = note["content"].as_str().unwrap();
    assert!(
        content.starts_with("<p><strong>Open call</strong></p>"),
        "{content}"
    );
    assert!(content.contains("<em>June</em>") && content.contains(&format!("href=\"{org}\"")));
    assert_eq!(note["attributedTo"], org);
    assert_eq!(
        note["to"],
        json!(["https://www.w3.org/ns/activitystreams#Public"])
    );
    assert_eq!(note["cc"], json!([format!("{org}/followers")]));
    assert_eq!(create["actor"], org);
}
