//! Any other activity type: acknowledged (the sender's signature was checked) and ignored,
//! with a log line, so that servers do not retry it for days.

use crate::error::{AppError, AppResult};
use crate::federation::activities::unsupported::Unsupported;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Unsupported {
    type DataType = crate::state::AppState;
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
    async fn receive(self, _data: &Ctx) -> AppResult<()> {
        tracing::info!(activity = %self.id, kind = %self.kind, "unsupported activity type; ignored");
        Ok(())
    }
}
