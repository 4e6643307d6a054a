//! An Update arrives: of an actor (a remote profile changed), of a post its author
//! edited (in a community or not), of an event, or of a funding call.

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::error::{AppError, AppResult};
use crate::federation::activities::update::Update;
use crate::federation::activities::{ensure, object_id, object_type, single_type};
use crate::federation::objects::note::{parse_note, POST_TYPES};
use crate::federation::objects::person::{Person, ACTOR_TYPES};
use crate::inbound::threads;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use activitypub_federation::traits::Object;
use url::Url;

#[async_trait::async_trait]
impl Activity for Update {
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

    async fn receive(mut self, data: &Ctx) -> AppResult<()> {
        if crate::federation::objects::funding_call::FundingCall::is_call(&self.object) {
            return crate::inbound::funding_calls::receive(
                data,
                &self.id,
                &self.actor,
                self.object,
            )
            .await;
        }
        if crate::federation::objects::resource::Resource::is_resource(&self.object) {
            return crate::inbound::resources::receive(data, &self.id, &self.actor, self.object)
                .await;
        }
        single_type(&mut self.object, POST_TYPES);
        if object_type(&self.object) == Some("Event") {
            return crate::inbound::events::receive(data, &self.id, &self.actor, self.object).await;
        }
        if object_type(&self.object).is_some_and(|t| POST_TYPES.contains(&t)) {
            let author = crate::inbound::load_actor(&self.actor, data).await?;
            return match threads::community_of(data, &self.object).await? {
                Some(community) => {
                    let raw = serde_json::to_value(&self)?;
                    let object = self.object.clone();
                    threads::receive_post(data, &raw, object, &author, None, community).await
                }
                None => update_post(self, data).await,
            };
        }
        let is_actor = object_type(&self.object).is_some_and(|t| ACTOR_TYPES.contains(&t));
        if !is_actor {
            tracing::info!(activity = %self.id, "Update of an object type we do not keep; ignored");
            return Ok(());
        }
        // An actor may only update itself.
        if object_id(&self.object).as_ref() != Some(&self.actor) {
            return Err(AppError::Refused(format!(
                "{} may only update its own profile",
                self.actor
            )));
        }
        let person: Person = serde_json::from_value(self.object)
            .map_err(|e| AppError::bad_input("actor object", e))?;
        <Actor as Object>::verify(&person, &self.actor, data).await?;
        <Actor as Object>::from_json(person, data).await?;
        Ok(())
    }
}

/// An edit of a post we keep, by its author; edits of posts we never kept are dropped.
async fn update_post(update: Update, data: &Ctx) -> AppResult<()> {
    let note = parse_note(update.object, &update.actor)?;
    let mut conn = data.pool.get().await?;
    let Some(post) = Post::find_by_ap_id(&mut conn, note.id.as_str()).await? else {
        tracing::info!(activity = %update.id, object = %note.id, "Update of a post we do not have");
        return Ok(());
    };
    let author = Actor::find(&mut conn, post.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    ensure(
        author.ap_id.as_str() == update.actor.as_str() && !author.is_local,
        format!("{} may not edit {}", update.actor, note.id),
    )?;
    let mut form = note.into_form(&author)?;
    if data.domains.rules().rejects_media(&author.domain) {
        form.attachments = "[]".into();
    }
    form.published = post.published;
    form.updated = Some(form.updated.unwrap_or_else(crate::db::now));
    Post::replace(&mut conn, post.id, &form).await?;
    tracing::info!(activity = %update.id, object = %post.ap_id, "post edited by its author");
    Ok(())
}
