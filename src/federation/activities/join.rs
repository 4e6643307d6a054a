//! Join and Leave of an event, in Mobilizon's shapes: `object` is the event's id, the Join
//! may carry a `participationMessage`, and the organiser answers a Join with Accept or
//! Reject embedding it. We send them for members taking part in events elsewhere and
//! receive them for our own events.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::error::AppResult;

use crate::federation::Urls;
use activitypub_federation::kinds::activity::{JoinType, LeaveType};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Join {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: JoinType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The event: its id (Mobilizon), or the embedded event.
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participation_message: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
}

impl Join {
    /// A member's Join of a remote event, addressed to its organiser.
    pub fn new(
        id: &str,
        actor: &Actor,
        event: &Event,
        organizer: &Actor,
        message: &str,
    ) -> AppResult<Join> {
        Ok(Join {
            id: Url::parse(id)?,
            published: Some(crate::federation::published_now()),
            kind: JoinType::Join,
            actor: actor.parsed_ap_id().clone(),
            object: json!(event.ap_id),
            participation_message: Some(message.to_string()).filter(|m| !m.is_empty()),
            to: json!([organizer.ap_id.to_string()]),
            cc: Value::Null,
        })
    }
}
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Leave {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: LeaveType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
}

impl Leave {
    pub fn new(urls: &Urls<'_>, actor: &Actor, event: &Event) -> AppResult<Leave> {
        Ok(Leave {
            id: Url::parse(&urls.new_activity("leave"))?,
            published: Some(crate::federation::published_now()),
            kind: LeaveType::Leave,
            actor: actor.parsed_ap_id().clone(),
            object: json!(event.ap_id),
            to: Value::Null,
        })
    }
}
