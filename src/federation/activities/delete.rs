//! Delete of a post: its remote author removed it; we send ours (with a `Tombstone`) when a
//! member deletes a post.

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::error::AppResult;
use activitypub_federation::kinds::activity::DeleteType;
use activitypub_federation::kinds::object::TombstoneType;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delete {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: DeleteType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

/// What is left of a deleted object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tombstone {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: TombstoneType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former_type: Option<String>,
}

impl Tombstone {
    pub fn of(id: &str, former_type: Option<&str>) -> AppResult<Tombstone> {
        Ok(Tombstone {
            id: Url::parse(id)?,
            kind: TombstoneType::Tombstone,
            former_type: former_type.map(str::to_string),
        })
    }
}

impl Delete {
    /// The Delete of our own post, addressed like the post was.
    pub fn for_post(post: &Post, author: &Actor, to: Value, cc: Value) -> AppResult<Delete> {
        Ok(Delete {
            id: crate::federation::derived_activity_id(&post.ap_id, "delete", "")?,
            published: Some(crate::federation::published_now()),
            kind: DeleteType::Delete,
            actor: author.parsed_ap_id().clone(),
            object: serde_json::to_value(Tombstone::of(&post.ap_id, None)?)?,
            to,
            cc,
            rest: Default::default(),
        })
    }
}

impl Delete {
    /// The Delete of one of our events, with a Tombstone.
    pub fn for_event(
        event: &crate::db::models::event::Event,
        organizer: &Actor,
    ) -> AppResult<Delete> {
        Ok(Delete {
            id: crate::federation::derived_activity_id(&event.ap_id, "delete", "")?,
            published: Some(crate::federation::published_now()),
            kind: DeleteType::Delete,
            actor: organizer.parsed_ap_id().clone(),
            object: serde_json::to_value(Tombstone::of(&event.ap_id, Some("Event"))?)?,
            to: json!([activitypub_federation::kinds::public().to_string()]),
            cc: organizer
                .followers_url
                .as_ref()
                .map(|f| json!([f]))
                .unwrap_or(Value::Null),
            rest: Default::default(),
        })
    }

    /// The Delete of one of our knowledge resources, with a Tombstone.
    pub fn for_resource(
        resource: &crate::db::models::resource::Resource,
        publisher: &Actor,
    ) -> AppResult<Delete> {
        Ok(Delete {
            id: crate::federation::derived_activity_id(&resource.ap_id, "delete", "")?,
            published: Some(crate::federation::published_now()),
            kind: DeleteType::Delete,
            actor: publisher.parsed_ap_id().clone(),
            object: serde_json::to_value(Tombstone::of(&resource.ap_id, Some("Article"))?)?,
            to: json!([activitypub_federation::kinds::public().to_string()]),
            cc: publisher
                .followers_url
                .as_ref()
                .map(|f| json!([f]))
                .unwrap_or(Value::Null),
            rest: Default::default(),
        })
    }

    /// The Delete of one of our funding calls (withdrawn), with a Tombstone.
    pub fn for_call(
        call: &crate::db::models::funding_call::FundingCall,
        publisher: &Actor,
    ) -> AppResult<Delete> {
        Ok(Delete {
            id: crate::federation::derived_activity_id(&call.ap_id, "delete", "")?,
            published: Some(crate::federation::published_now()),
            kind: DeleteType::Delete,
            actor: publisher.parsed_ap_id().clone(),
            object: serde_json::to_value(Tombstone::of(&call.ap_id, Some("Page"))?)?,
            to: json!([activitypub_federation::kinds::public().to_string()]),
            cc: publisher
                .followers_url
                .as_ref()
                .map(|f| json!([f]))
                .unwrap_or(Value::Null),
            rest: Default::default(),
        })
    }

    /// The Delete of one of our actors (a project or organisation that was removed).
    pub fn for_actor(actor: &Actor) -> AppResult<Delete> {
        Ok(Delete {
            id: crate::federation::derived_activity_id(actor.ap_id.as_str(), "delete", "")?,
            published: Some(crate::federation::published_now()),
            kind: DeleteType::Delete,
            actor: actor.parsed_ap_id().clone(),
            object: json!(actor.ap_id.to_string()),
            to: json!([activitypub_federation::kinds::public().to_string()]),
            cc: Value::Null,
            rest: Default::default(),
        })
    }
}
