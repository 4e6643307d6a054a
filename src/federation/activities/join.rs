//! Join and Leave of an event, in Mobilizon's shapes: `object` is the event's id, the Join
//! may carry a `participationMessage`, and the organiser answers a Join with Accept or
//! Reject embedding it. We send them for members taking part in events elsewhere and
//! receive them for our own events.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{load_actor, object_id};
use crate::federation::{Ctx, Urls};
use activitypub_federation::kinds::activity::{JoinType, LeaveType};
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Join {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: JoinType,
    pub actor: Url,
    /// The event: its id (Mobilizon), or the embedded event.
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
            kind: JoinType::Join,
            actor: actor.parsed_ap_id().clone(),
            object: json!(event.ap_id),
            participation_message: Some(message.to_string()).filter(|m| !m.is_empty()),
            to: json!([organizer.ap_id.to_string()]),
            cc: Value::Null,
        })
    }
}

#[async_trait::async_trait]
impl Activity for Join {
    type DataType = crate::app::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        verify_domains_match(&self.id, &self.actor)?;
        Ok(())
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let event = object_id(&self.object)
            .ok_or_else(|| AppError::BadRequest("Join without an object".into()))?;
        let actor = load_actor(&self.actor, data).await?;
        let message = self
            .participation_message
            .as_deref()
            .map(|m| crate::federation::objects::person::plain_text(m, 1000))
            .unwrap_or_default();
        crate::services::participations::receive_join(
            data,
            self.id.as_str(),
            actor,
            event.as_str(),
            &message,
        )
        .await
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Leave {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: LeaveType,
    pub actor: Url,
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
}

impl Leave {
    pub fn new(urls: &Urls<'_>, actor: &Actor, event: &Event) -> AppResult<Leave> {
        Ok(Leave {
            id: Url::parse(&urls.new_activity("leave"))?,
            kind: LeaveType::Leave,
            actor: actor.parsed_ap_id().clone(),
            object: json!(event.ap_id),
            to: Value::Null,
        })
    }
}

#[async_trait::async_trait]
impl Activity for Leave {
    type DataType = crate::app::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        verify_domains_match(&self.id, &self.actor)?;
        Ok(())
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let event = object_id(&self.object)
            .ok_or_else(|| AppError::BadRequest("Leave without an object".into()))?;
        let actor = load_actor(&self.actor, data).await?;
        crate::services::participations::receive_leave(data, &actor, event.as_str()).await
    }
}
