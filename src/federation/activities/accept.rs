//! Accept{Follow}: the followee agrees. We send it for local accounts and apply remote ones.

use crate::db::models::actor::Actor;
use crate::db::models::follow::{Follow as FollowRow, STATE_ACCEPTED};
use crate::error::{AppError, AppResult};
use crate::federation::activities::{find_referenced_follow, follow::Follow, load_actor};
use crate::federation::{Ctx, Urls};
use activitypub_federation::kinds::activity::AcceptType;
use activitypub_federation::traits::Activity;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accept {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: AcceptType,
    pub actor: Url,
    /// The Follow, embedded (as Mastodon sends and expects) or as a bare id.
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
}

impl Accept {
    /// The organiser's answer to a Join, embedding it (Mobilizon matches it by its id).
    pub fn for_join(
        urls: &Urls<'_>,
        organizer: &Actor,
        participant: &Actor,
        join: Value,
    ) -> AppResult<Accept> {
        Ok(Accept {
            id: Url::parse(&urls.new_activity("accept"))?,
            kind: AcceptType::Accept,
            actor: organizer.parsed_ap_id().clone(),
            object: join,
            to: serde_json::json!([participant.ap_id.to_string()]),
        })
    }

    pub fn for_follow(urls: &Urls<'_>, followee: &Actor, follow: Follow) -> AppResult<Accept> {
        Ok(Accept {
            id: Url::parse(&urls.new_activity("accept"))?,
            kind: AcceptType::Accept,
            actor: followee.parsed_ap_id().clone(),
            object: serde_json::to_value(follow)?,
            to: Value::Null,
        })
    }
}

#[async_trait::async_trait]
impl Activity for Accept {
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
        let accepter = load_actor(&self.actor, data).await?;
        let mut conn = data.pool.get().await?;
        let Some(follow) = find_referenced_follow(&mut conn, &self.object).await? else {
            if crate::services::participations::receive_answer(data, &accepter, &self.object, true)
                .await?
            {
                return Ok(());
            }
            return super::unmatched_answer(data, &self.id, &self.object);
        };
        // Only the followee may accept.
        if follow.followee_id != accepter.id {
            return Err(AppError::Forbidden);
        }
        FollowRow::set_state(&mut conn, follow.id, STATE_ACCEPTED).await?;
        drop(conn);
        crate::services::peering::follow_accepted(data, &follow).await?;
        Ok(())
    }
}
