//! Hub peering (issue 8): three hubs; A peers with B and C; what B creates, changes and
//! deletes reaches A (and not C, which does not peer with B); unpeering stops the flow and
//! can remove the peer's entries; manual approval.

use crate::entries::{call, project_body};
use crate::event_federation::event_body;
use crate::harness::{eventually, Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::db::models::actor::Actor;
use tessera::db::models::community::Community;
use tessera::db::models::directory::DirectoryEntry;
use tessera::db::models::event::Event;
use tessera::db::models::user::User;
use tessera::services::peering;

/// An admin of `hub` (the harness returns the row as it was before the promotion).
pub(crate) async fn admin(hub: &Hub, name: &str) -> User {
    hub.create_admin(name).await;
    hub.user(name).await
}

/// The state `hub` records for its peer `other`, if any.
pub(crate) async fn peer_state(hub: &Hub, other: &Hub) -> Option<String> {
    let views = peering::list(&hub.ctx).await.expect("peers");
    views
        .into_iter()
        .find(|p| p.host == other.domain)
        .map(|p| p.state)
}

/// `admin` of `a` peers with `b`; waits until both sides are active.
pub(crate) async fn peer(a: &Hub, admin: &User, b: &Hub) {
    peering::add(&a.ctx, admin, &b.domain)
        .await
        .expect("peering request");
    eventually("both hubs active", || async {
        peer_state(a, b).await.as_deref() == Some("active")
            && peer_state(b, a).await.as_deref() == Some("active")
    })
    .await;
}

/// The directory entry `hub` keeps for the actor `ap_id`, with the actor.
pub(crate) async fn entry(hub: &Hub, ap_id: &str) -> Option<(Actor, DirectoryEntry)> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let actor = Actor::find_by_ap_id(&mut conn, ap_id)
        .await
        .expect("query")?;
    let entry = DirectoryEntry::find(&mut conn, actor.id)
        .await
        .expect("query")?;
    Some((actor, entry))
}

pub(crate) async fn event(hub: &Hub, ap_id: &str) -> Option<Event> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    Event::find_by_ap_id(&mut conn, ap_id).await.expect("query")
}

pub(crate) async fn community(hub: &Hub, ap_id: &str) -> Option<Community> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let actor = Actor::find_by_ap_id(&mut conn, ap_id)
        .await
        .expect("query")?;
    Community::find(&mut conn, actor.id).await.expect("query")
}

pub(crate) async fn post(
    client: &reqwest::Client,
    hub: &Hub,
    token: &str,
    path: &str,
    body: Value,
) -> Value {
    let (status, created) = call(client, hub, Some(token), Method::POST, path, Some(body)).await;
    assert!(status == 201 || status == 200, "{path}: {status} {created}");
    created
}

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
