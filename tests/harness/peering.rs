//! Hub peering: admins, peering two hubs, and what one hub holds of another's items.

use super::api::call;
use super::{eventually, Hub};
use reqwest::Method;
use serde_json::Value;
use tessera::db::models::actor::Actor;
use tessera::db::models::community::Community;
use tessera::db::models::entry::DirectoryEntry;
use tessera::db::models::event::Event;
use tessera::db::models::user::User;
use tessera::services::peering;

/// An admin of `hub` (the harness returns the row as it was before the promotion).
pub async fn admin(hub: &Hub, name: &str) -> User {
    hub.create_admin(name).await;
    hub.user(name).await
}

/// The state `hub` records for its peer `other`, if any.
pub async fn peer_state(hub: &Hub, other: &Hub) -> Option<String> {
    let views = peering::list(&hub.ctx).await.expect("peers");
    views
        .into_iter()
        .find(|p| p.host == other.domain)
        .map(|p| p.state.to_string())
}

/// `admin` of `a` peers with `b`; waits until both sides are active.
pub async fn peer(a: &Hub, admin: &User, b: &Hub) {
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
pub async fn entry(hub: &Hub, ap_id: &str) -> Option<(Actor, DirectoryEntry)> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let actor = Actor::find_by_ap_id(&mut conn, ap_id)
        .await
        .expect("query")?;
    let entry = DirectoryEntry::find(&mut conn, actor.id)
        .await
        .expect("query")?;
    Some((actor, entry))
}

pub async fn event(hub: &Hub, ap_id: &str) -> Option<Event> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    Event::find_by_ap_id(&mut conn, ap_id).await.expect("query")
}

pub async fn community(hub: &Hub, ap_id: &str) -> Option<Community> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let actor = Actor::find_by_ap_id(&mut conn, ap_id)
        .await
        .expect("query")?;
    Community::find(&mut conn, actor.id).await.expect("query")
}

pub async fn post(
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
