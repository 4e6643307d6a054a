//! A Flag arrives: another server's report about something here lands in the queue.

use crate::error::{AppError, AppResult};
use crate::federation::activities::flag::Flag;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Flag {
    type DataType = crate::state::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }
    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        if self.object_ids().is_empty() {
            return Err(AppError::BadRequest("Flag without an object".into()));
        }
        Ok(())
    }
    async fn receive(self, data: &Ctx) -> AppResult<()> {
        crate::services::reports::receive_flag(data, &self).await
    }
}
