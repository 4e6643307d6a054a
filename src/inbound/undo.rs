//! An Undo arrives: of a Follow (the follower withdraws), of a Join (the participant
//! leaves), of a boost (Announce), of community acts (Like, Delete, Lock, Block). Undo of anything else is
//! acknowledged and ignored until the thing it undoes exists here.

use crate::db::models::follow::Follow as FollowRow;
use crate::error::{AppError, AppResult};
use crate::federation::activities::undo::Undo;
use crate::federation::activities::{object_id, object_type};
use crate::inbound::{find_referenced_follow, load_actor};
use crate::services::participations;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Undo {
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

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let kind = object_type(&self.object);
        if kind == Some("Join") {
            let undoer = load_actor(&self.actor, data).await?;
            return match participations::undone_join(data, &undoer, &self.object).await? {
                Some(event) => participations::receive_leave(data, &undoer, &event).await,
                None => {
                    tracing::info!(activity = %self.id, "Undo of a Join we do not know; ignored");
                    Ok(())
                }
            };
        }
        if kind == Some("Announce") {
            // A boost withdrawn: the undone Announce must be the undoer's own.
            let undoer = load_actor(&self.actor, data).await?;
            let announcer = self.object.get("actor").and_then(object_id);
            if announcer.as_ref() != Some(&self.actor) {
                return Err(AppError::Refused(format!(
                    "{} may not undo an Announce of {announcer:?}",
                    self.actor
                )));
            }
            return crate::inbound::reactions::receive_boost(data, &self.object, &undoer, false)
                .await;
        }
        if matches!(kind, Some("Like" | "Dislike" | "Delete" | "Lock" | "Block")) {
            let raw = serde_json::to_value(&self)?;
            return crate::inbound::threads::receive_vouched(data, &raw, None).await;
        }
        if kind.is_some() && kind != Some("Follow") {
            tracing::info!(activity = %self.id, undone = ?kind, "Undo of an unsupported type; ignored");
            return Ok(());
        }
        let undoer = load_actor(&self.actor, data).await?;
        let mut conn = data.pool.get().await?;
        let Some(follow) = find_referenced_follow(&mut conn, &self.object).await? else {
            drop(conn);
            // A bare id may name a Join rather than a Follow.
            return match participations::undone_join(data, &undoer, &self.object).await? {
                Some(event) => participations::receive_leave(data, &undoer, &event).await,
                None => {
                    tracing::info!(activity = %self.id, "Undo of something we do not know; ignored");
                    Ok(())
                }
            };
        };
        if follow.follower_id != undoer.id {
            return Err(AppError::Forbidden);
        }
        FollowRow::delete(&mut conn, follow.id).await?;
        drop(conn);
        crate::services::peering::follow_ended(data, &follow).await?;
        Ok(())
    }
}
