//! Hub peering (issue 8): three hubs; A peers with B and C; what B creates, changes and
//! deletes reaches A (and not C, which does not peer with B); unpeering stops the flow and
//! can remove the peer's entries; manual approval.

use crate::harness::api::call;
use crate::harness::entries::project_body;
use crate::harness::events::event_body;
use crate::harness::peering::{admin, community, entry, event, peer, peer_state, post};
use crate::harness::{eventually, Network};
use reqwest::Method;
use serde_json::json;
use tessera::services::peering;

#[tokio::test]
async fn a_peer_keeps_a_current_copy_of_what_another_hub_publishes() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "hub-c.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let c = net.start_hub("hub-c.test").await;
    let root = admin(&a, "root").await;
    b.create_user("ben").await;
    let client = net.client();
    let ben = b.token("ben").await;

    peer(&a, &root, &b).await;
    peer(&a, &root, &c).await;

    // B publishes a project, an organisation, an event and a community.
    post(&client, &b, &ben, "/projects", project_body()).await;
    post(
        &client,
        &b,
        &ben,
        "/organisations",
        json!({"handle": "fund_pt", "name": "Fundo Social", "org_type": "funder"}),
    )
    .await;
    let created = post(&client, &b, &ben, "/events", event_body()).await;
    let key = created["key"].as_str().expect("event key").to_string();
    post(
        &client,
        &b,
        &ben,
        "/communities",
        json!({"handle": "circle", "name": "Learning circle", "languages": ["en"]}),
    )
    .await;
    let project = b.url("/projects/green_roofs");
    let org = b.url("/organisations/fund_pt");
    let event_id = b.url(&format!("/events/{key}"));
    let circle = b.url("/communities/circle");

    eventually("A holds B's four items", || async {
        entry(&a, &project).await.is_some()
            && entry(&a, &org).await.is_some()
            && event(&a, &event_id).await.is_some()
            && community(&a, &circle).await.is_some()
    })
    .await;
    let (actor, found) = entry(&a, &project).await.expect("project");
    assert_eq!(actor.display_name, "Green Roofs Lisboa");
    assert_eq!(actor.domain, b.domain, "the origin is kept");
    assert_eq!(found.region, "Lisboa");
    let views = peering::list(&a.ctx).await.expect("peers");
    let view_b = views.iter().find(|p| p.host == b.domain).expect("B");
    assert_eq!(
        (
            view_b.counts.projects,
            view_b.counts.organisations,
            view_b.counts.events,
            view_b.counts.communities
        ),
        (1, 1, 1, 1)
    );
    assert!(view_b.last_contact_at.is_some());
    assert_eq!(view_b.profile.name, format!("Hub {}", b.domain));

    // Changes travel.
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"name": "Green Roofs Porto"})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::PATCH,
        &format!("/events/{key}"),
        Some(json!({"title": "Retrofit visit, new date"})),
    )
    .await;
    assert_eq!(status, 200);
    eventually("A sees both changes", || async {
        let name = entry(&a, &project).await.map(|(a, _)| a.display_name);
        let title = event(&a, &event_id).await.map(|e| e.title);
        name.as_deref() == Some("Green Roofs Porto")
            && title.as_deref() == Some("Retrofit visit, new date")
    })
    .await;

    // C does not peer with B (and A does not relay): it holds none of it.
    assert!(entry(&c, &project).await.is_none());
    assert!(event(&c, &event_id).await.is_none());

    // Deletions travel.
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::DELETE,
        &format!("/events/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::DELETE,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("A forgets both", || async {
        entry(&a, &project).await.is_none() && event(&a, &event_id).await.is_none()
    })
    .await;
    assert!(entry(&a, &org).await.is_some(), "the organisation stays");
}

#[tokio::test]
async fn unpeering_stops_the_flow_and_can_remove_the_peers_entries() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&a, "root").await;
    b.create_user("ben").await;
    let client = net.client();
    let ben = b.token("ben").await;
    peer(&a, &root, &b).await;
    post(&client, &b, &ben, "/projects", project_body()).await;
    let project = b.url("/projects/green_roofs");
    eventually("A holds the project", || async {
        entry(&a, &project).await.is_some()
    })
    .await;

    peering::unpeer(&a.ctx, &root, &b.domain, false)
        .await
        .expect("unpeer");
    eventually("B sees the peering ended", || async {
        peer_state(&b, &a).await.as_deref() == Some("ended")
    })
    .await;
    assert_eq!(peer_state(&a, &b).await.as_deref(), Some("ended"));
    assert!(
        entry(&a, &project).await.is_some(),
        "entries kept by choice"
    );

    // B's next project does not reach A.
    let mut second = project_body();
    second["handle"] = json!("second");
    post(&client, &b, &ben, "/projects", second).await;
    let mut third = project_body();
    third["handle"] = json!("third");
    post(&client, &b, &ben, "/projects", third).await;
    // A project of B that a member of A looks up would still arrive; nobody does here.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(entry(&a, &b.url("/projects/second")).await.is_none());

    // Peer again, then unpeer removing what came from B.
    peer(&a, &root, &b).await;
    eventually("the backfill brings the missed projects", || async {
        entry(&a, &b.url("/projects/second")).await.is_some()
            && entry(&a, &b.url("/projects/third")).await.is_some()
    })
    .await;
    peering::unpeer(&a.ctx, &root, &b.domain, true)
        .await
        .expect("unpeer");
    assert!(entry(&a, &project).await.is_none());
    assert!(entry(&a, &b.url("/projects/second")).await.is_none());
}

#[tokio::test]
async fn with_manual_approval_an_admin_decides() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net
        .start_hub_with("hub-b.test", |c| c.peering.manual_approval = true)
        .await;
    let root_a = admin(&a, "root").await;
    let root_b = admin(&b, "root").await;
    let member = b.create_user("ben").await;
    peering::add(&a.ctx, &root_a, &b.domain)
        .await
        .expect("request");
    eventually("B holds the request", || async {
        peer_state(&b, &a).await.as_deref() == Some("awaiting")
    })
    .await;
    assert_eq!(peer_state(&a, &b).await.as_deref(), Some("requested"));
    // Only an admin decides; a second request is refused as a duplicate.
    assert!(peering::approve(&b.ctx, &member, &a.domain).await.is_err());
    let again = peering::add(&a.ctx, &root_a, &b.domain).await;
    assert!(
        matches!(
            again,
            Err(tessera::error::AppError::Validation(
                "peering-error-already"
            ))
        ),
        "{again:?}"
    );
    peering::approve(&b.ctx, &root_b, &a.domain)
        .await
        .expect("approve");
    eventually("both active", || async {
        peer_state(&a, &b).await.as_deref() == Some("active")
            && peer_state(&b, &a).await.as_deref() == Some("active")
    })
    .await;

    // Input checks.
    for (domain, id) in [
        ("not a domain", "peering-error-domain"),
        (a.domain.as_str(), "peering-error-self"),
    ] {
        let res = peering::add(&a.ctx, &root_a, domain).await;
        assert!(
            matches!(res, Err(tessera::error::AppError::Validation(got)) if got == id),
            "{domain}: {res:?}"
        );
    }
}

/// Renaming a hub (name, description, profile) reaches both of its peers, whichever side
/// asked to peer: the peer list, the stored instance actor and the hub's profile there.
#[tokio::test]
async fn a_renamed_hub_is_called_by_its_new_name_on_its_peers() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&a, "root").await;
    let boss = admin(&b, "boss").await;
    peer(&a, &root, &b).await;
    let name_on = |hub: &crate::harness::Hub, other: &crate::harness::Hub| {
        let (ctx, host) = (hub.ctx.clone(), other.domain.clone());
        async move {
            peering::list(&ctx)
                .await
                .expect("peers")
                .into_iter()
                .find(|p| p.host == host)
                .map(|p| p.name)
        }
    };
    tessera::services::instance::update(&a.ctx, "Tallinn", "Estonia's hub.", "open")
        .await
        .expect("rename A");
    tessera::services::instance::update(&b.ctx, "Lisboa", "Portugal's hub.", "open")
        .await
        .expect("rename B");
    let profile = tessera::services::instance::HubProfileInput {
        country: "PT".into(),
        languages: "pt, en".into(),
        ..Default::default()
    };
    tessera::services::instance::update_hub_profile(&b.ctx, &boss, &profile)
        .await
        .expect("B's profile");
    let country_on_a = || async {
        peering::list(&a.ctx)
            .await
            .expect("peers")
            .into_iter()
            .find(|p| p.host == b.domain)
            .map(|p| p.profile.country)
    };
    // The rename and the profile are two Updates; wait for the second too, and say what
    // each side held if it never comes.
    let wanted = (
        Some("Lisboa".to_string()),
        Some("Tallinn".to_string()),
        Some("PT".to_string()),
    );
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let seen = (
            name_on(&a, &b).await,
            name_on(&b, &a).await,
            country_on_a().await,
        );
        if seen == wanted {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "each peer should know the other's new name and profile; seen {seen:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let view = peering::list(&a.ctx)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.host == b.domain)
        .unwrap();
    assert_eq!(view.profile.country, "PT");
    assert_eq!(view.profile.description, "Portugal's hub.");
    let mut conn = a.ctx.pool.get().await.unwrap();
    let stored = tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, &b.url("/actor"))
        .await
        .unwrap()
        .expect("B's instance actor");
    assert_eq!(stored.display_name, "Lisboa");
    assert!(stored.summary.contains("Portugal"), "{}", stored.summary);
}

/// A peer's projects show their logos on this hub's directory cards (the icon their server
/// publishes), and lose it when it is removed there.
#[tokio::test]
async fn a_peers_entries_keep_their_logos_on_cards() {
    use base64::Engine;
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&a, "root").await;
    b.create_user("ben").await;
    let client = net.client();
    let ben = b.token("ben").await;
    peer(&a, &root, &b).await;
    post(&client, &b, &ben, "/projects", project_body()).await;
    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4z8AARAAI/gH/xp559wAAAABJRU5ErkJggg==";
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG)
        .unwrap();
    let res = client
        .put(b.url("/api/v1/projects/green_roofs/logo"))
        .bearer_auth(&ben)
        .header("content-type", "image/png")
        .body(png)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let media = format!("src=\"{}", b.url("/media/").replace('/', "&#x2f;"));
    eventually("A's directory shows B's logo", || async {
        let html = client
            .get(a.url("/directory"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        html.contains(&media) && html.contains("Green Roofs Lisboa")
    })
    .await;
    let res = client
        .delete(b.url("/api/v1/projects/green_roofs/logo"))
        .bearer_auth(&ben)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    eventually("the logo is gone from A's cards", || async {
        let html = client
            .get(a.url("/directory"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        !html.contains(&media) && html.contains("Green Roofs Lisboa")
    })
    .await;
}

/// Two Updates of a peer's instance actor applied at once (deliveries run in parallel):
/// whatever the interleaving, the newer profile is the one kept.
#[tokio::test]
async fn the_newest_hub_profile_wins_when_two_arrive_at_once() {
    use activitypub_federation::traits::Object;
    use tessera::db::models::actor::Actor;
    use tessera::federation::objects::person::Person;
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&a, "root").await;
    peer(&a, &root, &b).await;
    let document = crate::harness::ap_document(&net.client(), &b.url("/actor")).await;
    let at = |country: &str, minute: u32| {
        let mut doc = document.clone();
        doc["updated"] = json!(format!("2027-01-01T10:{minute:02}:00Z"));
        doc["addressCountry"] = json!(country);
        serde_json::from_value::<Person>(doc).expect("a Person")
    };
    let data = &a.ctx;
    let country = || async {
        peering::list(&a.ctx)
            .await
            .expect("peers")
            .into_iter()
            .find(|p| p.host == b.domain)
            .map(|p| p.profile.country)
    };
    for round in 0..10u32 {
        let (older, newer) = (at("EE", 2 * round), at("PT", 2 * round + 1));
        let (x, y) = tokio::join!(Actor::from_json(older, data), Actor::from_json(newer, data));
        x.expect("older applied or ignored");
        y.expect("newer applied");
        assert_eq!(country().await.as_deref(), Some("PT"), "round {round}");
    }
}
