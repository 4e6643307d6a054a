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
    pub actor: Url,
    pub object: Url,
}

impl Block {
    pub fn new(id: Url, blocker: &Actor, blocked: &Actor) -> Block {
        Block {
            id,
            kind: BlockType::Block,
            actor: blocker.parsed_ap_id().clone(),
            object: blocked.parsed_ap_id().clone(),
        }
    }

    pub fn undo(self, urls: &Urls<'_>) -> AppResult<Undo> {
        Ok(Undo {
            id: Url::parse(&urls.new_activity("undo"))?,
            kind: UndoType::Undo,
            actor: self.actor.clone(),
            object: serde_json::to_value(self)?,
            rest: Default::default(),
        })
    }
}
