//! A Move arrives: an account elsewhere moved (see `services::moves`). Only an account may
//! move itself; its new account must name it (checked after fetching it again).

use crate::error::{AppError, AppResult};
use crate::federation::activities::moves::Move;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Move {
    type DataType = crate::state::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }
    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        if self.object != self.actor {
            return Err(AppError::Refused(format!(
                "{} may not move {}",
                self.actor, self.object
            )));
        }
        if self.target == self.object {
            return Err(AppError::BadRequest("Move to the same account".into()));
        }
        Ok(())
    }
    async fn receive(self, data: &Ctx) -> AppResult<()> {
        crate::services::moves::receive_move(data, &self.object, &self.target).await
    }
}
