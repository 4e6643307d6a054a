//! Undo: we send Undo{Follow} when a member stops following; what one received means is in
//! `inbound::undo`.

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::federation::activities::follow::Follow;
use crate::federation::Urls;
use activitypub_federation::kinds::activity::UndoType;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Undo {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UndoType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl Undo {
    pub fn for_follow(urls: &Urls<'_>, follower: &Actor, follow: Follow) -> AppResult<Undo> {
        Ok(Undo {
            id: Url::parse(&urls.new_activity("undo"))?,
            published: Some(crate::federation::published_now()),
            kind: UndoType::Undo,
            actor: follower.parsed_ap_id().clone(),
            object: serde_json::to_value(follow)?,
            rest: Default::default(),
        })
    }
}
