//! Move: an account says it moved to another (Mastodon's account migration). `object` is
//! the old account (the sender itself), `target` the new one, whose `alsoKnownAs` must
//! name the old one, so that nobody can move someone else's followers.

use crate::db::models::actor::Actor;
use activitypub_federation::kinds::activity::MoveType;
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: MoveType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub object: Url,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub target: Url,
}

impl Move {
    pub fn new(id: Url, old: &Actor, new: Url) -> Move {
        Move {
            id,
            published: Some(crate::federation::published_now()),
            kind: MoveType::Move,
            actor: old.parsed_ap_id().clone(),
            object: old.parsed_ap_id().clone(),
            target: new,
        }
    }
}
