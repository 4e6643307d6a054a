//! Activities of community life that arrive on their own: `Announce` (FEP-1b12: a community
//! relaying what was posted to it), `Like`, and Lemmy's moderation (`Lock`, `Add`/`Remove`
//! of a featured post, `Block` from a community). One type for all of them: each is handed
//! as sent to [`crate::services::remote_threads`], which also reads them inside an Announce.

use crate::error::{AppError, AppResult};
use crate::federation::activities::load_actor;
use crate::federation::Ctx;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommunityVerb {
    Announce,
    Like,
    Dislike,
    Lock,
    Add,
    Remove,
    Block,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommunityActivity {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: CommunityVerb,
    pub actor: Url,
    /// Everything else, kept as sent so that it can be announced verbatim.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

#[async_trait::async_trait]
impl Activity for CommunityActivity {
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
        let raw = serde_json::to_value(&self)?;
        match self.kind {
            CommunityVerb::Announce => {
                let announcer = load_actor(&self.actor, data).await?;
                if announcer.kind == "Application" {
                    // A peer hub passing on one of its items (issue 8).
                    return crate::federation::hub::receive::receive_announce(
                        data, &raw, &announcer,
                    )
                    .await;
                }
                crate::services::remote_threads::receive_announce(data, &raw, &announcer).await
            }
            CommunityVerb::Dislike => {
                // Tessera has no down-votes (Lemmy's can be turned off too).
                tracing::info!(activity = %self.id, "Dislike ignored");
                Ok(())
            }
            _ => crate::services::remote_threads::receive_vouched(data, &raw, None).await,
        }
    }
}
