//! Undo{Follow}: the follower withdraws; Undo{Join}: the participant leaves. Undo of
//! anything else is acknowledged and ignored until the thing it undoes exists here.

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow as FollowRow;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{
    find_referenced_follow, follow::Follow, load_actor, object_type,
};
use crate::federation::{Ctx, Urls};
use crate::services::participations;
use activitypub_federation::kinds::activity::UndoType;
use activitypub_federation::traits::Activity;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Undo {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UndoType,
    pub actor: Url,
    pub object: Value,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl Undo {
    pub fn for_follow(urls: &Urls<'_>, follower: &Actor, follow: Follow) -> AppResult<Undo> {
        Ok(Undo {
            id: Url::parse(&urls.new_activity("undo"))?,
            kind: UndoType::Undo,
            actor: follower.parsed_ap_id().clone(),
            object: serde_json::to_value(follow)?,
            rest: Default::default(),
        })
    }
}

#[async_trait::async_trait]
impl Activity for Undo {
    type DataType = crate::app::AppState;
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
            if !participations::receive_undo_join(data, &undoer, &self.object).await? {
                tracing::info!(activity = %self.id, "Undo of a Join we do not know; ignored");
            }
            return Ok(());
        }
        if matches!(kind, Some("Like" | "Dislike" | "Delete" | "Lock" | "Block")) {
            let raw = serde_json::to_value(&self)?;
            return crate::services::remote_threads::receive_vouched(data, &raw, None).await;
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
            if !participations::receive_undo_join(data, &undoer, &self.object).await? {
                tracing::info!(activity = %self.id, "Undo of something we do not know; ignored");
            }
            return Ok(());
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
