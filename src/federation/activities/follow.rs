//! Follow: a remote actor asks to follow a local one; we send ours to remote actors.

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow as FollowRow;
use crate::error::AppResult;

use activitypub_federation::kinds::activity::FollowType;
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: FollowType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub object: Url,
}

impl Follow {
    pub fn new(id: Url, follower: &Actor, followee: &Actor) -> Follow {
        Follow {
            id,
            published: Some(crate::federation::published_now()),
            kind: FollowType::Follow,
            actor: follower.parsed_ap_id().clone(),
            object: followee.parsed_ap_id().clone(),
        }
    }

    /// The Follow as it was sent, rebuilt from the stored row.
    pub fn from_row(row: &FollowRow, follower: &Actor, followee: &Actor) -> AppResult<Follow> {
        Ok(Follow::new(Url::parse(&row.ap_id)?, follower, followee))
    }
}
