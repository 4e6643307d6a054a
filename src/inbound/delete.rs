//! A Delete arrives: of an actor (a project or organisation removed at its origin), of an
//! event, of a funding call (withdrawn), of a community post or comment, or of a post its author removed.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::funding_call::FundingCall;
use crate::db::models::post::Post;
use crate::db::models::resource::Resource;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::delete::Delete;
use crate::federation::activities::{ensure, object_id};
use crate::inbound::moderation;
use crate::state::Ctx;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use url::Url;

/// A remote project or organisation was deleted: it leaves the directory and nobody here
/// follows it any more. Deleted people are kept until account deletion is handled on its own.
async fn delete_actor(conn: &mut crate::db::DbConn, delete: &Delete) -> AppResult<()> {
    use crate::db::models::entry::DirectoryEntry;
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
    for call in FundingCall::of_publisher(conn, actor.id).await? {
        FundingCall::delete(conn, call.id).await?;
    }
    for resource in Resource::of_publisher(conn, actor.id).await? {
        Resource::delete(conn, resource.id).await?;
    }
    tracing::info!(activity = %delete.id, actor = %actor.ap_id, "directory entry deleted by its origin");
    Ok(())
}

#[async_trait::async_trait]
impl Activity for Delete {
    type DataType = crate::state::AppState;
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
        match deleted(&mut conn, &self.actor, &object).await? {
            Deleted::Actor => delete_actor(&mut conn, &self).await,
            Deleted::Event(event) => {
                drop(conn);
                crate::inbound::events::delete(data, &self.actor, &object, *event).await
            }
            Deleted::Call(call) => {
                drop(conn);
                crate::inbound::funding_calls::delete(data, &self.actor, &object, *call).await
            }
            Deleted::Resource(resource) => {
                drop(conn);
                crate::inbound::resources::delete(data, &self.actor, &object, *resource).await
            }
            Deleted::CommunityPost(found) => {
                let (post, community) = *found;
                drop(conn);
                let raw = serde_json::to_value(&self)?;
                moderation::receive_removal(data, &raw, &self.actor, post, community, true, None)
                    .await
            }
            Deleted::Post(post) => delete_post(&mut conn, &self, &object, *post).await,
            Deleted::Unknown => {
                tracing::info!(activity = %self.id, %object, "Delete of an object we do not have");
                Ok(())
            }
        }
    }
}

/// What the object of a Delete is here.
enum Deleted {
    /// The sender itself (an account or an entry removed at its origin).
    Actor,
    Event(Box<Event>),
    Call(Box<FundingCall>),
    Resource(Box<Resource>),
    /// A post in a community, with the community's actor.
    CommunityPost(Box<(Post, Actor)>),
    Post(Box<Post>),
    Unknown,
}

async fn deleted(conn: &mut DbConn, actor: &Url, object: &Url) -> AppResult<Deleted> {
    if object == actor {
        return Ok(Deleted::Actor);
    }
    if let Some(event) = Event::find_by_ap_id(conn, object.as_str()).await? {
        return Ok(Deleted::Event(Box::new(event)));
    }
    if let Some(call) = FundingCall::find_by_ap_id(conn, object.as_str()).await? {
        return Ok(Deleted::Call(Box::new(call)));
    }
    if let Some(resource) = Resource::find_by_ap_id(conn, object.as_str()).await? {
        return Ok(Deleted::Resource(Box::new(resource)));
    }
    let Some(post) = Post::find_by_ap_id(conn, object.as_str()).await? else {
        return Ok(Deleted::Unknown);
    };
    Ok(match moderation::community_of_post(conn, &post).await? {
        Some(community) => Deleted::CommunityPost(Box::new((post, community))),
        None => Deleted::Post(Box::new(post)),
    })
}

/// A post outside any community, deleted by its remote author.
async fn delete_post(
    conn: &mut DbConn,
    delete: &Delete,
    object: &Url,
    post: Post,
) -> AppResult<()> {
    let author = Actor::find(conn, post.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ensure(
        author.ap_id.as_str() == delete.actor.as_str() && !author.is_local,
        format!("{} may not delete {object}", delete.actor),
    )?;
    Post::delete(conn, post.id).await?;
    tracing::info!(activity = %delete.id, %object, "post deleted by its author");
    Ok(())
}
