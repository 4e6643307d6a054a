//! Reject{Follow}: the followee declines a request. Received, it also ends an accepted
//! follow (Mastodon's "remove follower"). Either way nothing of the follow is kept.

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow as FollowRow;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{find_referenced_follow, follow::Follow, load_actor};
use crate::federation::{Ctx, Urls};
use activitypub_federation::kinds::activity::RejectType;
use activitypub_federation::traits::Activity;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reject {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: RejectType,
    pub actor: Url,
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
}

impl Reject {
    /// The organiser's answer to a Join, embedding it (Mobilizon matches it by its id).
    pub fn for_join(
        urls: &Urls<'_>,
        organizer: &Actor,
        participant: &Actor,
        join: Value,
    ) -> AppResult<Reject> {
        Ok(Reject {
            id: Url::parse(&urls.new_activity("reject"))?,
            kind: RejectType::Reject,
            actor: organizer.parsed_ap_id().clone(),
            object: join,
            to: serde_json::json!([participant.ap_id.to_string()]),
        })
    }

    pub fn for_follow(urls: &Urls<'_>, followee: &Actor, follow: Follow) -> AppResult<Reject> {
        Ok(Reject {
            id: Url::parse(&urls.new_activity("reject"))?,
            kind: RejectType::Reject,
            actor: followee.parsed_ap_id().clone(),
            object: serde_json::to_value(follow)?,
            to: Value::Null,
        })
    }
}

#[async_trait::async_trait]
impl Activity for Reject {
    type DataType = crate::app::AppState;
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
        let rejecter = load_actor(&self.actor, data).await?;
        let mut conn = data.pool.get().await?;
        let Some(follow) = find_referenced_follow(&mut conn, &self.object).await? else {
            if crate::services::participations::receive_answer(data, &rejecter, &self.object, false)
                .await?
            {
                return Ok(());
            }
            return super::unmatched_answer(data, &self.id, &self.object);
        };
        if follow.followee_id != rejecter.id {
            return Err(AppError::Forbidden);
        }
        FollowRow::delete(&mut conn, follow.id).await?;
        drop(conn);
        crate::services::peering::follow_ended(data, &follow).await?;
        Ok(())
    }
}
