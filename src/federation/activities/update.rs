//! Update of an actor: a remote profile changed; we send ours when a member edits theirs.

use crate::db::models::actor::Actor;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{ensure, object_id, object_type};
use crate::federation::objects::person::{Person, ACTOR_TYPES};
use crate::federation::{Ctx, Urls};
use activitypub_federation::kinds::activity::UpdateType;
use activitypub_federation::kinds::public;
use activitypub_federation::traits::{Activity, Object};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Update {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UpdateType,
    pub actor: Url,
    pub object: Value,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<Url>,
}

impl Update {
    pub async fn for_actor(urls: &Urls<'_>, actor: Actor, data: &Ctx) -> AppResult<Update> {
        let id = Url::parse(&urls.new_activity("update"))?;
        let actor_id = actor.parsed_ap_id().clone();
        let mut person = actor.into_json(data).await?;
        person.context = None;
        Ok(Update {
            id,
            kind: UpdateType::Update,
            actor: actor_id,
            object: serde_json::to_value(person)?,
            to: vec![public()],
        })
    }
}

#[async_trait::async_trait]
impl Activity for Update {
    type DataType = crate::app::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        Ok(())
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let is_actor = object_type(&self.object).is_some_and(|t| ACTOR_TYPES.contains(&t));
        if !is_actor {
            tracing::info!(activity = %self.id, "Update of a non-actor object; ignored");
            return Ok(());
        }
        // An actor may only update itself.
        ensure(
            object_id(&self.object).as_ref() == Some(&self.actor),
            "an actor may only update its own profile",
        )?;
        let person: Person = serde_json::from_value(self.object)?;
        <Actor as Object>::verify(&person, &self.actor, data).await?;
        <Actor as Object>::from_json(person, data).await?;
        Ok(())
    }
}
