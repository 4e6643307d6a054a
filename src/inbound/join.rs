//! Join and Leave of one of our events arrive, in Mobilizon's shapes.

use crate::error::{AppError, AppResult};
use crate::federation::activities::join::{Join, Leave};
use crate::federation::activities::object_id;
use crate::inbound::load_actor;
use crate::state::Ctx;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Join {
    type DataType = crate::state::AppState;
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
            .map(|m| crate::text::plain_text(m, 1000))
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

#[async_trait::async_trait]
impl Activity for Leave {
    type DataType = crate::state::AppState;
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
