//! Follow: a remote actor asks to follow a local one; we send ours to remote actors.

use crate::db::models::actor::Actor;
use crate::db::models::follow::{Follow as FollowRow, STATE_ACCEPTED, STATE_PENDING};
use crate::error::{AppError, AppResult};
use crate::federation::activities::{accept, ensure, load_actor};
use crate::federation::{delivery, Ctx, Urls};
use activitypub_federation::kinds::activity::FollowType;
use activitypub_federation::traits::Activity;
use scoped_futures::ScopedFutureExt;
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: FollowType,
    pub actor: Url,
    pub object: Url,
}

impl Follow {
    pub fn new(id: Url, follower: &Actor, followee: &Actor) -> Follow {
        Follow {
            id,
            kind: FollowType::Follow,
            actor: follower.parsed_ap_id().clone(),
            object: followee.parsed_ap_id().clone(),
        }
    }

    /// The Follow as it was sent, rebuilt from the stored row.
    pub fn from_row(row: &FollowRow, follower: &Actor, followee: &Actor) -> AppResult<Follow> {
        Ok(Follow::new(Url::parse(&row.ap_id)?, follower, followee))
    }
}

#[async_trait::async_trait]
impl Activity for Follow {
    type DataType = crate::app::AppState;
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
            let follow = self.clone();
            if crate::services::peering::receive_follow(data, &follower, follow).await? {
                return Ok(());
            }
            conn = data.pool.get().await?;
        }
        let existing = FollowRow::find_pair(&mut conn, follower.id, followee.id).await?;
        // A follow we already accepted stays accepted (servers re-send Follows they think
        // are still pending); otherwise a locked account decides.
        let accepted = existing.as_ref().is_some_and(FollowRow::is_accepted)
            || !followee.manually_approves_followers;
        let state = if accepted {
            STATE_ACCEPTED
        } else {
            STATE_PENDING
        };
        let base = data.config.base_url();
        conn.transaction::<_, AppError, _>(|conn| {
            async move {
                FollowRow::upsert(conn, self.id.as_str(), follower.id, followee.id, state).await?;
                if accepted {
                    let accept = accept::Accept::for_follow(&Urls::new(&base), &followee, self)?;
                    delivery::enqueue(
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
        data.queue.wake();
        Ok(())
    }
}
