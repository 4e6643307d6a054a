//! Delete of a post: its remote author removed it; we send ours (with a `Tombstone`) when a
//! member deletes a post.

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{ensure, object_id};
use crate::federation::Ctx;
use activitypub_federation::kinds::activity::DeleteType;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delete {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: DeleteType,
    pub actor: Url,
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl Delete {
    /// The Delete of our own post, addressed like the post was.
    pub fn for_post(post: &Post, author: &Actor, to: Value, cc: Value) -> AppResult<Delete> {
        Ok(Delete {
            id: Url::parse(&format!("{}#delete", post.ap_id))?,
            kind: DeleteType::Delete,
            actor: author.parsed_ap_id().clone(),
            object: json!({"id": post.ap_id, "type": "Tombstone"}),
            to,
            cc,
            rest: Default::default(),
        })
    }
}

impl Delete {
    /// The Delete of one of our events, with a Tombstone.
    pub fn for_event(
        event: &crate::db::models::event::Event,
        organizer: &Actor,
    ) -> AppResult<Delete> {
        Ok(Delete {
            id: Url::parse(&format!("{}#delete", event.ap_id))?,
            kind: DeleteType::Delete,
            actor: organizer.parsed_ap_id().clone(),
            object: json!({"id": event.ap_id, "type": "Tombstone", "formerType": "Event"}),
            to: json!([activitypub_federation::kinds::public().to_string()]),
            cc: organizer
                .followers_url
                .as_ref()
                .map(|f| json!([f]))
                .unwrap_or(Value::Null),
            rest: Default::default(),
        })
    }

    /// The Delete of one of our actors (a project or organisation that was removed).
    pub fn for_actor(actor: &Actor) -> AppResult<Delete> {
        Ok(Delete {
            id: Url::parse(&format!("{}#delete", actor.ap_id))?,
            kind: DeleteType::Delete,
            actor: actor.parsed_ap_id().clone(),
            object: json!(actor.ap_id.to_string()),
            to: json!([activitypub_federation::kinds::public().to_string()]),
            cc: Value::Null,
            rest: Default::default(),
        })
    }
}

/// A remote project or organisation was deleted: it leaves the directory and nobody here
/// follows it any more. Deleted people are kept until account deletion is handled on its own.
async fn delete_actor(conn: &mut crate::db::DbConn, delete: &Delete) -> AppResult<()> {
    use crate::db::models::directory::DirectoryEntry;
    let Some(actor) = Actor::find_by_ap_id(conn, delete.actor.as_str()).await? else {
        return Ok(());
    };
    if actor.is_local || DirectoryEntry::find(conn, actor.id).await?.is_none() {
        tracing::info!(activity = %delete.id, "Delete of an actor; ignored for now");
        return Ok(());
    }
    DirectoryEntry::delete(conn, actor.id).await?;
    crate::db::models::follow::Follow::delete_all(conn, actor.id).await?;
    for event in crate::db::models::event::Event::of_organizer(conn, actor.id).await? {
        crate::db::models::event::Event::delete(conn, event.id).await?;
    }
    tracing::info!(activity = %delete.id, actor = %actor.ap_id, "directory entry deleted by its origin");
    Ok(())
}

#[async_trait::async_trait]
impl Activity for Delete {
    type DataType = crate::app::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        let object = object_id(&self.object)
            .ok_or_else(|| AppError::BadRequest("Delete without an object id".into()))?;
        verify_domains_match(&object, &self.actor)?;
        Ok(())
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let Some(object) = object_id(&self.object) else {
            return Err(AppError::BadRequest("Delete without an object id".into()));
        };
        let mut conn = data.pool.get().await?;
        if object == self.actor {
            return delete_actor(&mut conn, &self).await;
        }
        if crate::services::remote_events::delete(data, &self.actor, &object).await? {
            return Ok(());
        }
        let raw = serde_json::to_value(&self)?;
        if crate::services::remote_moderation::receive_removal(
            data,
            &raw,
            &self.actor,
            &self.object,
            true,
            None,
        )
        .await?
        {
            return Ok(());
        }
        let Some(post) = Post::find_by_ap_id(&mut conn, object.as_str()).await? else {
            tracing::info!(activity = %self.id, %object, "Delete of an object we do not have");
            return Ok(());
        };
        let author = Actor::find(&mut conn, post.author_id)
            .await?
            .ok_or(AppError::NotFound)?;
        ensure(
            author.ap_id.as_str() == self.actor.as_str() && !author.is_local,
            format!("{} may not delete {object}", self.actor),
        )?;
        Post::delete(&mut conn, post.id).await?;
        tracing::info!(activity = %self.id, %object, "post deleted by its author");
        Ok(())
    }
}
