//! Activities of community life that arrive on their own: `Announce` (FEP-1b12: a community
//! relaying what was posted to it, or a peer hub passing on an item), `Like`, and Lemmy's
//! moderation (`Lock`, `Add`/`Remove` of a featured post, `Block` from a community). Each is
//! handed as sent to [`crate::inbound::threads`], which also reads them inside an Announce.

use crate::error::{AppError, AppResult};
use crate::federation::activities::community::{CommunityActivity, CommunityVerb};
use crate::inbound::load_actor;
use crate::state::Ctx;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for CommunityActivity {
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
        let raw = serde_json::to_value(&self)?;
        match self.kind {
            CommunityVerb::Announce => {
                let announcer = load_actor(&self.actor, data).await?;
                if announcer.kind == "Application" {
                    // A peer hub passing on one of its items (issue 8).
                    return crate::inbound::peering::receive_announce(data, &raw, &announcer).await;
                }
                crate::inbound::threads::receive_announce(data, &raw, &announcer).await
            }
            CommunityVerb::Dislike => {
                // Tessera has no down-votes (Lemmy's can be turned off too).
                tracing::info!(activity = %self.id, "Dislike ignored");
                Ok(())
            }
            _ => crate::inbound::threads::receive_vouched(data, &raw, None).await,
        }
    }
}
