//! Activities we send and receive, one verb per file, and the inbox enum that routes them.

pub mod accept;
pub mod community;
pub mod create;
pub mod delete;
pub mod follow;
pub mod join;
pub mod reject;
pub mod undo;
pub mod unsupported;
pub mod update;

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow as FollowRow;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::Ctx;
// `Data` is named by the code `enum_delegate::implement` generates.
use activitypub_federation::config::Data;
use activitypub_federation::traits::Activity;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

/// Everything an inbox accepts. Untagged: the first variant whose `type` matches wins, and
/// anything else with an `id` and an `actor` is acknowledged and ignored.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[enum_delegate::implement(Activity)]
pub enum InboxActivity {
    Follow(follow::Follow),
    Accept(accept::Accept),
    Reject(reject::Reject),
    Undo(undo::Undo),
    Update(update::Update),
    Create(create::Create),
    Delete(delete::Delete),
    Join(join::Join),
    Leave(join::Leave),
    Community(community::CommunityActivity),
    Unsupported(unsupported::Unsupported),
}

/// The id of an embedded object or of a bare reference.
pub fn object_id(value: &Value) -> Option<Url> {
    match value {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(map) => map
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
        _ => None,
    }
}

/// The `type` of an embedded object, if it is one.
pub fn object_type(value: &Value) -> Option<&str> {
    value.get("type").and_then(Value::as_str)
}

/// Reduces a `type` given as an array (`["Note", "Article"]`, valid JSON-LD) to one of
/// `known`, or to its first entry, so that the rest of the code sees one type.
pub fn single_type(value: &mut Value, known: &[&str]) {
    if let Some(Value::Array(types)) = value.get("type") {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let chosen = names
            .iter()
            .find(|t| known.contains(t))
            .or(names.first())
            .map(|t| Value::String(t.to_string()));
        if let (Some(chosen), Some(map)) = (chosen, value.as_object_mut()) {
            map.insert("type".into(), chosen);
        }
    }
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
    let ours = |u: &Url| crate::federation::authority(u) == data.config.server.domain;
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

pub(crate) fn ensure(cond: bool, why: impl Into<String>) -> AppResult<()> {
    if cond {
        Ok(())
    } else {
        Err(AppError::BadRequest(why.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_array_becomes_one_known_type() {
        let mut v = json!({"type": ["Object", "Article"]});
        single_type(&mut v, &["Note", "Article"]);
        assert_eq!(v["type"], "Article");
        let mut v = json!({"type": ["Thing", "Other"]});
        single_type(&mut v, &["Note"]);
        assert_eq!(v["type"], "Thing");
        let mut v = json!({"type": "Note"});
        single_type(&mut v, &["Article"]);
        assert_eq!(v["type"], "Note");
    }
}
