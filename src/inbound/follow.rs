//! A Follow arrives: of a member, a project, a community, or of the hub itself (another
//! hub asking to peer). Accepted at once unless the account approves its followers.

use crate::db::models::actor::Actor;
use crate::db::models::follow::{Follow as FollowRow, STATE_ACCEPTED, STATE_PENDING};
use crate::error::{AppError, AppResult};
use crate::federation::activities::answer::{Answer, AnswerKind};
use crate::federation::activities::ensure;
use crate::federation::activities::follow::Follow;
use crate::federation::outbox;
use crate::federation::Urls;
use crate::inbound::load_actor;
use crate::services::peering;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use scoped_futures::ScopedFutureExt;
use url::Url;

#[async_trait::async_trait]
impl Activity for Follow {
    type DataType = crate::state::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, data: &Ctx) -> AppResult<()> {
        ensure(
            data.config_is_local(&self.object),
            format!(
                "Follow {} targets {}, which is not on this hub",
                self.id, self.object
            ),
        )
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let follower = load_actor(&self.actor, data).await?;
        let mut conn = data.pool.get().await?;
        let followee = Actor::find_by_ap_id(&mut conn, self.object.as_str())
            .await?
            .filter(|a| a.is_local)
            .ok_or(AppError::NotFound)?;
        Actor::find_local_visible(&mut conn, &followee.username)
            .await?
            .ok_or(AppError::NotFound)?;
        if followee.kind == "Application" {
            // Another hub's instance actor asking to peer.
            drop(conn);
            if let Some(hub) = peering::hub_asking(data, &follower).await? {
                return peering::receive_follow(data, &follower, self, hub).await;
            }
            conn = data.pool.get().await?;
        }
        let base = data.config.base_url();
        if crate::db::models::actor_block::ActorBlock::blocks(&mut conn, followee.id, follower.id)
            .await?
        {
            // Someone the member blocked (or whose domain they blocked): refused, as
            // Mastodon does, without telling why.
            tracing::info!(activity = %self.id, "follow from a blocked account rejected");
            let reject =
                Answer::for_follow(AnswerKind::Reject, &Urls::new(&base), &followee, self)?;
            let inbox = vec![follower.delivery_inbox().to_string()];
            outbox::send(
                data,
                &mut conn,
                reject.id.as_str(),
                &followee,
                &reject,
                inbox,
            )
            .await?;
            return Ok(());
        }
        let existing = FollowRow::find_pair(&mut conn, follower.id, followee.id).await?;
        // A follow we already accepted stays accepted (servers re-send Follows they think
        // are still pending); otherwise a locked account decides, and a limited account
        // (by an admin or its domain's block) always waits for approval.
        // (People, and communities, whose moderators answer requests; a project's or an
        // organisation's followers have no one to approve them.)
        let limited = (follower.domain_limited || follower.standing != "ok")
            && (followee.kind == "Person"
                || crate::db::models::community::Community::find(&mut conn, followee.id)
                    .await?
                    .is_some());
        let accepted = existing.as_ref().is_some_and(FollowRow::is_accepted)
            || (!followee.manually_approves_followers && !limited);
        let state = if accepted {
            STATE_ACCEPTED
        } else {
            STATE_PENDING
        };
        let (self_id, follower_id, followee_id) = (self.id.clone(), follower.id, followee.id);
        outbox::commit(data, &mut conn, |conn| {
            async move {
                FollowRow::upsert(conn, self.id.as_str(), follower.id, followee.id, state).await?;
                if accepted {
                    let accept =
                        Answer::for_follow(AnswerKind::Accept, &Urls::new(&base), &followee, self)?;
                    outbox::queue(
                        conn,
                        accept.id.as_str(),
                        &followee,
                        &accept,
                        vec![follower.delivery_inbox().to_string()],
                    )
                    .await?;
                }
                Ok(())
            }
            .scope_boxed()
        })
        .await?;
        // A re-sent Follow already accepted is no news.
        if !existing.as_ref().is_some_and(FollowRow::is_accepted) {
            let kind = if accepted { "follow" } else { "follow_request" };
            let about = crate::services::notifications::About {
                actor_id: Some(follower_id),
                ..Default::default()
            };
            crate::services::notifications::notify(
                data,
                followee_id,
                kind,
                about,
                self_id.as_str(),
            )
            .await;
        }
        Ok(())
    }
}
