//! The receiving wing: everything other servers send or ask of us, above `services`.
//!
//! An activity arrives at [`inbox`] (signature, size, depth, replay and duplicate checks),
//! is read into one [`InboxActivity`] by its `type`, and goes to that verb's file, which
//! decides once, by the object's type (and, for a bare id, by what we hold under it), which
//! use case it is: a post in a community ([`threads`], [`moderation`]), an event
//! ([`events`]), a peer hub's item ([`peering`], [`backfill`]), or a follow, post or
//! participation (`services`). What is relayed is checked by [`trust`]. [`routes`] mounts
//! the inboxes and the documents other servers fetch (actors, objects, collections,
//! WebFinger, NodeInfo).
//!
//! Nothing below this module imports it; it calls `services` and `federation`.

pub mod answer;
pub mod backfill;
pub mod community;
pub mod create;
pub mod delete;
pub mod events;
pub mod flag;
pub mod follow;
pub mod funding_calls;
pub mod inbox;
pub mod join;
pub mod moderation;
pub mod moves;
pub mod peering;
pub mod reactions;
pub mod resolve;
pub mod resources;
pub mod routes;
pub mod signed_fetch;
pub mod threads;
pub mod trust;
pub mod undo;
pub mod unsupported;
pub mod update;
pub mod verify;
#[cfg(test)]
mod wire_shapes;

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow as FollowRow;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{self, object_id, object_type};
use crate::state::Ctx;
// `Data` is named by the code `enum_delegate::implement` generates.
use activitypub_federation::config::Data;
use activitypub_federation::traits::Activity;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

/// Everything an inbox accepts. Untagged: the first variant whose `type` matches wins, and
/// anything else with an `id` and an `actor` is acknowledged and ignored.
#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(untagged)]
#[enum_delegate::implement(Activity)]
pub enum InboxActivity {
    Follow(activities::follow::Follow),
    Answer(activities::answer::Answer),
    Undo(activities::undo::Undo),
    Update(activities::update::Update),
    Create(activities::create::Create),
    Delete(activities::delete::Delete),
    Join(activities::join::Join),
    Leave(activities::join::Leave),
    Community(activities::community::CommunityActivity),
    Flag(activities::flag::Flag),
    Move(activities::moves::Move),
    Unsupported(activities::unsupported::Unsupported),
}

/// The follow an Accept, Reject or Undo refers to: by the Follow's id, or, when a server
/// sends an embedded Follow with an id we never saw, by its (actor, object) pair.
pub async fn find_referenced_follow(
    conn: &mut DbConn,
    object: &Value,
) -> AppResult<Option<FollowRow>> {
    if let Some(id) = object_id(object) {
        if let Some(row) = FollowRow::find_by_ap_id(conn, id.as_str()).await? {
            return Ok(Some(row));
        }
    }
    let field = |name: &str| object.get(name).and_then(object_id);
    if let (Some("Follow"), Some(actor), Some(target)) =
        (object_type(object), field("actor"), field("object"))
    {
        let follower = Actor::find_by_ap_id(conn, actor.as_str()).await?;
        let followee = Actor::find_by_ap_id(conn, target.as_str()).await?;
        if let (Some(a), Some(b)) = (follower, followee) {
            return FollowRow::find_pair(conn, a.id, b.id)
                .await
                .map_err(Into::into);
        }
    }
    Ok(None)
}

/// An Accept or Reject that answers no Follow or Join we know. About something elsewhere it
/// is acknowledged and ignored; in the name of a request made here (one of our ids, or a
/// Follow or Join by one of our actors) it is a forgery: only the party asked may answer,
/// and nothing here was asked of this sender.
pub fn unmatched_answer(data: &Ctx, activity: &Url, object: &Value) -> AppResult<()> {
    let ours = |u: &Url| crate::state::authority(u) == data.config.server.domain;
    let local_id = object_id(object).is_some_and(|u| ours(&u));
    let local_actor = object
        .get("actor")
        .and_then(object_id)
        .is_some_and(|u| ours(&u));
    if local_id || local_actor {
        return Err(AppError::Refused(format!(
            "{activity} answers a request made here that its sender was not asked"
        )));
    }
    tracing::info!(%activity, "answer to a follow or join we do not know; ignored");
    Ok(())
}

/// Loads an activity's actor, fetching it when unknown. The library follows one redirect and
/// stores what it finds there; an actor that is not at the id asked for (a redirect to
/// someone else's actor) is refused, or an id on one host could stand for an actor on another.
pub async fn load_actor(id: &Url, data: &Ctx) -> AppResult<Actor> {
    let actor = activitypub_federation::fetch::object_id::ObjectId::<Actor>::from(id.clone())
        .dereference(data)
        .await?;
    if actor.ap_id.as_str() != id.as_str() {
        return Err(AppError::Refused(format!(
            "{id} leads to another actor, {}",
            actor.ap_id
        )));
    }
    Ok(actor)
}
