//! An Accept or Reject arrives: the answer to a Follow or a Join made here. Only the party
//! asked may answer; an answer to nothing we asked is ignored, or refused when it claims to
//! answer one of our requests.

use crate::db::models::follow::{Follow as FollowRow, STATE_ACCEPTED};
use crate::error::{AppError, AppResult};
use crate::federation::activities::answer::{Answer, AnswerKind};
use crate::inbound::{find_referenced_follow, load_actor, unmatched_answer};
use crate::services::participations;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Answer {
    type DataType = crate::state::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        activitypub_federation::protocol::verification::verify_domains_match(
            &self.id,
            &self.actor,
        )?;
        Ok(())
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let accepted = self.kind == AnswerKind::Accept;
        let answerer = load_actor(&self.actor, data).await?;
        let mut conn = data.pool.get().await?;
        let Some(follow) = find_referenced_follow(&mut conn, &self.object).await? else {
            drop(conn);
            return match participations::answered_join(data, &self.object).await? {
                Some(p) => participations::receive_answer(data, &answerer, p, accepted).await,
                None => unmatched_answer(data, &self.id, &self.object),
            };
        };
        // Only the followee may answer.
        if follow.followee_id != answerer.id {
            return Err(AppError::Forbidden);
        }
        if accepted {
            FollowRow::set_state(&mut conn, follow.id, STATE_ACCEPTED).await?;
            drop(conn);
            // What the followee published before is read now, in the background.
            crate::inbound::backfill::spawn(data, answerer);
            crate::services::peering::follow_accepted(data, &follow).await
        } else {
            FollowRow::delete(&mut conn, follow.id).await?;
            drop(conn);
            crate::services::peering::follow_ended(data, &follow).await
        }
    }
}
