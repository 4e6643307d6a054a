//! A limited domain: its actors leave public lists (the events API, the directory with its
//! facet counts, search) but stay here and reachable directly, and their follows of people
//! here wait for approval; lifting the limit lists them again.

use crate::harness::api::call;
use crate::harness::browser::Browser;
use crate::harness::events::{create as create_event, event_call};
use crate::harness::moderation::{actor, block, follow_row};
use crate::harness::{eventually, Hub, Network, TwoHubs};
use reqwest::Method;
use serde_json::json;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::entry::{DirectoryEntry, KIND_ORGANISATION};
use tessera::services::domain_blocks;
use tessera::services::entries::{self, EntryInput};

#[tokio::test]
async fn limiting_a_domain_takes_it_out_of_public_lists_but_not_out_of_reach() {
    let hubs = TwoHubs::start().await;
    hubs.ben_follows_ana().await;
    let TwoHubs {
        a, b, client, ana, ..
    } = &hubs;
    let event = create_event(client, a, ana, json!({})).await;
    let id = event["id"].as_str().unwrap().to_string();
    let events_on_b = || async {
        let (status, page) = call(client, b, None, Method::GET, "/events", None).await;
        assert_eq!(status, 200);
        page["items"].as_array().cloned().unwrap_or_default()
    };
    eventually("the event reaches B", || async {
        events_on_b().await.iter().any(|e| e["id"] == id.as_str())
    })
    .await;
    let key_b = events_on_b()
        .await
        .into_iter()
        .find(|e| e["id"] == id.as_str())
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();

    block(b, "hub-a.test", "limit").await;
    let ana_on_b = actor(b, &a.actor_url("ana")).await.unwrap();
    assert!(ana_on_b.domain_limited);
    assert!(
        !events_on_b().await.iter().any(|e| e["id"] == id.as_str()),
        "a limited domain's event is still listed"
    );
    let (status, direct) = event_call(client, b, None, Method::GET, &key_b, "").await;
    assert_eq!(status, 200, "{direct}");
    assert_eq!(direct["id"], id.as_str());

    // A limited domain's follow of a person here waits for approval (ben is not locked).
    let (status, _) = call(
        client,
        a,
        Some(ana.as_str()),
        Method::POST,
        "/follows",
        Some(json!({"target": b.handle_of("ben").await})),
    )
    .await;
    assert_eq!(status, 201);
    eventually("B records ana's follow", || async {
        follow_row(b, &a.actor_url("ana"), &b.actor_url("ben"))
            .await
            .is_some()
    })
    .await;
    let row = follow_row(b, &a.actor_url("ana"), &b.actor_url("ben"))
        .await
        .unwrap();
    assert_eq!(row.state, "pending");
    // And so does its follow of a community here (its moderators answer requests); a
    // project's followers have no one to approve them, so that one is not held.
    let ben = b.user("ben").await;
    tessera::services::communities::create(
        &b.ctx,
        &ben,
        crate::harness::communities::input("garden"),
    )
    .await
    .expect("community");
    let (_, garden) = tessera::services::communities::get(&b.ctx, "garden")
        .await
        .expect("garden");
    let ana_user = a.user("ana").await;
    tessera::services::follows::follow(&a.ctx, &ana_user, garden.ap_id.as_str())
        .await
        .expect("follow the community");
    eventually("B records ana's follow of the community", || async {
        follow_row(b, &a.actor_url("ana"), garden.ap_id.as_str())
            .await
            .is_some()
    })
    .await;
    let row = follow_row(b, &a.actor_url("ana"), garden.ap_id.as_str())
        .await
        .unwrap();
    assert_eq!(
        row.state, "pending",
        "a limited follower joined the community"
    );
    let requests = tessera::services::communities::follow_requests(&b.ctx, &ben, "garden")
        .await
        .expect("requests");
    assert_eq!(requests.len(), 1, "the moderators do not see the request");
    // The moderator is told, in words that name the community, with a link to decide.
    let told = tessera::services::notifications::list(&b.ctx, &ben, None)
        .await
        .unwrap();
    let request = told
        .iter()
        .find(|n| n.kind == "follow_request")
        .expect("a follow request notification");
    let line = tessera::services::notifications::describe(&b.ctx, "en", request)
        .await
        .unwrap();
    assert!(
        line.text.ends_with(&format!(
            "asks to follow {}",
            garden.display_name_or_username()
        )),
        "{}",
        line.text
    );
    assert!(
        line.link
            .ends_with("/communities/garden/moderation#requests-heading"),
        "{}",
        line.link
    );

    // Nothing was removed: ben still follows ana.
    assert!(follow_row(b, &b.actor_url("ben"), &a.actor_url("ana"))
        .await
        .is_some());

    // Lifted: listed again.
    domain_blocks::remove(&b.ctx, None, "hub-a.test")
        .await
        .unwrap();
    assert!(!actor(b, &a.actor_url("ana")).await.unwrap().domain_limited);
    assert!(events_on_b().await.iter().any(|e| e["id"] == id.as_str()));
}

/// A remote organisation on `domain`, stored as the federation code stores one.
async fn remote_organisation(hub: &Hub, domain: &str, handle: &str, name: &str) -> i64 {
    let input = EntryInput {
        handle: handle.into(),
        name: name.into(),
        country: Some("FR".into()),
        org_type: Some("funder".into()),
        summary: "Grants for gardens.".into(),
        ..Default::default()
    };
    let valid = entries::validate(KIND_ORGANISATION, &input).expect("valid entry");
    let id = format!("https://{domain}/{handle}");
    let form = ActorForm {
        ap_id: id.clone(),
        kind: entries::actor_type(KIND_ORGANISATION).into(),
        username: handle.into(),
        domain: domain.into(),
        display_name: name.into(),
        summary: String::new(),
        inbox_url: format!("{id}/inbox"),
        shared_inbox_url: None,
        outbox_url: None,
        followers_url: None,
        following_url: None,
        profile_url: Some(id),
        public_key_pem: "unused".into(),
        private_key_pem: None,
        is_local: false,
        manually_approves_followers: false,
        discoverable: true,
        published: None,
        last_refreshed_at: tessera::db::now(),
        domain_limited: false,
    };
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let actor = Actor::insert(&mut conn, &form).await.unwrap();
    DirectoryEntry::save(&mut conn, &actor, &valid.form, &valid.tags)
        .await
        .unwrap();
    actor.id
}

/// The directory's names, total and count of the country facet FR.
async fn directory(client: &reqwest::Client, hub: &Hub) -> (Vec<String>, i64, i64) {
    let (status, json) = call(client, hub, None, Method::GET, "/directory", None).await;
    assert_eq!(status, 200, "{json}");
    let mut names: Vec<String> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    let fr = json["facets"]["country"]
        .as_array()
        .map(|values| {
            values
                .iter()
                .find(|v| v["value"] == "FR")
                .map_or(0, |v| v["count"].as_i64().unwrap())
        })
        .unwrap_or(0);
    (names, json["total"].as_i64().unwrap(), fr)
}

/// The names in the "entries" section of the search page for `q`.
async fn entries_found(b: &mut Browser, hub: &Hub, q: &str) -> Vec<String> {
    let (status, html) = b.get(&hub.url(&format!("/search?q={q}"))).await;
    assert_eq!(status, 200, "{html}");
    let Some(i) = html.find("id=\"results-entries\"") else {
        return Vec::new();
    };
    let section = &html[i..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("class=\"result-name\">")
        .skip(1)
        .filter_map(|s| s.split_once("</a>").map(|(n, _)| n.to_string()))
        .collect()
}

#[tokio::test]
async fn a_limited_domains_entries_leave_the_directory_and_search() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let curator = hub.create_user("curator").await;
    let local = EntryInput {
        handle: "garden_fund".into(),
        name: "Garden Fund".into(),
        country: Some("PT".into()),
        org_type: Some("funder".into()),
        summary: "Grants for gardens.".into(),
        ..Default::default()
    };
    entries::create(&hub.ctx, &curator, KIND_ORGANISATION, local)
        .await
        .expect("entry");
    let far = remote_organisation(&hub, "far.example", "mentors", "Garden Mentors").await;
    let client = net.client();
    let mut visitor = Browser::new(&net);
    let both = vec!["Garden Fund".to_string(), "Garden Mentors".to_string()];
    assert_eq!(directory(&client, &hub).await, (both.clone(), 2, 1));
    assert_eq!(entries_found(&mut visitor, &hub, "garden").await.len(), 2);

    block(&hub, "FAR.example", "limit").await;
    assert_eq!(
        directory(&client, &hub).await,
        (vec!["Garden Fund".to_string()], 1, 0),
        "a limited domain's entry is still listed (or counted)"
    );
    assert_eq!(
        entries_found(&mut visitor, &hub, "garden").await,
        ["Garden Fund"]
    );
    // Still here: limited, not removed.
    let mut conn = hub.ctx.pool.get().await.unwrap();
    assert!(DirectoryEntry::find(&mut conn, far)
        .await
        .unwrap()
        .is_some());
    drop(conn);

    domain_blocks::remove(&hub.ctx, None, "far.example")
        .await
        .unwrap();
    assert_eq!(directory(&client, &hub).await, (both, 2, 1));
}
