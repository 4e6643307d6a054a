//! The notifications about events, projects and organisations: a place from the waiting
//! list, an event changed or cancelled, an invitation, requests to a project's event told to
//! its admins, and an organisation whose expertise covers another's needs.

use crate::harness::events::{create, event_call};
use crate::harness::{Hub, Network};
use reqwest::Method;
use serde_json::json;
use tessera::services::entries::{self, EntryInput};
use tessera::services::{memberships, notifications};

async fn kinds(hub: &Hub, name: &str) -> Vec<String> {
    let user = hub.user(name).await;
    notifications::list(&hub.ctx, &user, None)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

async fn texts(hub: &Hub, name: &str) -> Vec<String> {
    let user = hub.user(name).await;
    let mut out = vec![];
    for n in notifications::list(&hub.ctx, &user, None).await.unwrap() {
        out.push(
            notifications::describe(&hub.ctx, "en", &n)
                .await
                .unwrap()
                .text,
        );
    }
    out
}

#[tokio::test]
async fn participants_hear_of_a_place_a_change_and_a_cancellation() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    for name in ["ana", "bob", "cleo"] {
        hub.create_user(name).await;
    }
    let client = net.client();
    let (org, bob, cleo) = (
        hub.token("ana").await,
        hub.token("bob").await,
        hub.token("cleo").await,
    );
    let event = create(&client, &hub, &org, json!({"capacity": 1})).await;
    let key = event["key"].as_str().unwrap();
    let (_, p) = event_call(&client, &hub, Some(&bob), Method::POST, key, "/join").await;
    assert_eq!(p["state"], "accepted");
    let (_, p) = event_call(&client, &hub, Some(&cleo), Method::POST, key, "/join").await;
    assert_eq!(p["state"], "waiting");

    // Bob leaves: Cleo has his place, and is told.
    let (status, _) = event_call(&client, &hub, Some(&bob), Method::POST, key, "/leave").await;
    assert_eq!(status, 204);
    assert_eq!(kinds(&hub, "cleo").await, ["participation_promoted"]);
    assert!(kinds(&hub, "bob").await.is_empty());

    // A new time is news for those taking part; a new description is not.
    let path = format!("/events/{key}");
    let patch = |body| {
        crate::harness::api::call(&client, &hub, Some(&org), Method::PATCH, &path, Some(body))
    };
    let (status, body) = patch(json!({"description": "Bring boots and a hat."})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(kinds(&hub, "cleo").await.len(), 1);
    let (status, body) = patch(json!({"starts": "2027-07-02T11:00"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        kinds(&hub, "cleo").await,
        ["event_changed", "participation_promoted"]
    );
    let title = event["title"].as_str().unwrap();
    assert!(texts(&hub, "cleo").await[0].contains(title));
    assert!(kinds(&hub, "ana").await.is_empty(), "the organiser made it");

    let (status, _) = event_call(&client, &hub, Some(&org), Method::POST, key, "/cancel").await;
    assert_eq!(status, 200);
    assert_eq!(kinds(&hub, "cleo").await[0], "event_cancelled");
    assert!(texts(&hub, "cleo").await[0].contains("was cancelled"));
}

fn org_input(handle: &str, expertise: &[&str], needs: &[&str]) -> EntryInput {
    EntryInput {
        handle: handle.into(),
        name: handle.replace('_', " "),
        expertise: expertise.iter().map(|s| s.to_string()).collect(),
        needs: needs.iter().map(|s| s.to_string()).collect(),
        ..EntryInput::default()
    }
}

#[tokio::test]
async fn invitations_requests_and_covered_needs_reach_the_entry_admins() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let ana = hub.create_user("ana").await;
    hub.create_user("bob").await;
    let eva = hub.create_user("eva").await;
    let client = net.client();

    // Ana's organisation needs legal advice; she invites Bob to it.
    let (_, needy) = entries::create(
        &hub.ctx,
        &ana,
        "organisation",
        org_input("needy_ngo", &[], &["legal-advice", "volunteers"]),
    )
    .await
    .unwrap();
    memberships::invite(&hub.ctx, &ana, &needy, "bob", "editor")
        .await
        .unwrap();
    assert_eq!(kinds(&hub, "bob").await, ["invitation"]);
    assert!(texts(&hub, "bob").await[0].contains("needy ngo"));
    memberships::answer(&hub.ctx, &hub.user("bob").await, &needy, true)
        .await
        .unwrap();

    // An event of the organisation that needs approval: its admins hear of requests.
    let org_token = hub.token("ana").await;
    let event = create(
        &client,
        &hub,
        &org_token,
        json!({"organizer": "needy_ngo", "join_mode": "approval", "capacity": null}),
    )
    .await;
    let key = event["key"].as_str().unwrap();
    let eva_token = hub.token("eva").await;
    let (_, p) = event_call(&client, &hub, Some(&eva_token), Method::POST, key, "/join").await;
    assert_eq!(p["state"], "pending", "{p}");
    assert_eq!(kinds(&hub, "ana").await, ["participation_request"]);
    // Bob is an editor, not an admin.
    assert_eq!(kinds(&hub, "bob").await, ["invitation"]);

    // A law firm appears whose expertise covers a need: Ana (admin) is told, once.
    let cursor = {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        tessera::db::models::directory_facets::last_change(&mut conn)
            .await
            .unwrap()
    };
    entries::create(
        &hub.ctx,
        &eva,
        "organisation",
        org_input("law_firm", &["legal-advice"], &[]),
    )
    .await
    .unwrap();
    entries::create(
        &hub.ctx,
        &eva,
        "organisation",
        org_input("paint_co", &["painting"], &[]),
    )
    .await
    .unwrap();
    let next = tessera::services::directory::tell_needs_covered(&hub.ctx, cursor)
        .await
        .unwrap();
    assert!(next > cursor);
    assert_eq!(
        kinds(&hub, "ana").await,
        ["needs_match", "participation_request"]
    );
    assert!(texts(&hub, "ana").await[0].contains("law firm"));
    assert!(kinds(&hub, "eva").await.is_empty());
    // Read again from the start: no second notification for the same pair.
    tessera::services::directory::tell_needs_covered(&hub.ctx, cursor)
        .await
        .unwrap();
    assert_eq!(kinds(&hub, "ana").await.len(), 2);
}
