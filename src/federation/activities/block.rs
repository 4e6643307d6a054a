//! Block: a member blocks a remote account. Mastodon reads it (it ends the follows both
//! ways and hides the member from the blocked account); `Undo{Block}` lifts it. A
//! community's ban is a Block too, with a `target` (`community.rs`).

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::federation::activities::undo::Undo;
use crate::federation::Urls;
use activitypub_federation::kinds::activity::{BlockType, UndoType};
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: BlockType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub object: Url,
}

impl Block {
    pub fn new(id: Url, blocker: &Actor, blocked: &Actor) -> Block {
        Block {
            id,
            published: Some(crate::federation::published_now()),
            kind: BlockType::Block,
            actor: blocker.parsed_ap_id().clone(),
            object: blocked.parsed_ap_id().clone(),
        }
    }

    pub fn undo(self, urls: &Urls<'_>) -> AppResult<Undo> {
        Ok(Undo {
            id: Url::parse(&urls.new_activity("undo"))?,
            published: Some(crate::federation::published_now()),
            kind: UndoType::Undo,
            actor: self.actor.clone(),
            object: serde_json::to_value(self)?,
            rest: Default::default(),
        })
    }
}
