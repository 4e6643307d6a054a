//! Update of an actor (a remote profile changed; we send ours when a member edits theirs)
//! or of a post its author edited.

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::error::{AppError, AppResult};
use crate::federation::activities::create::parse_note;
use crate::federation::activities::{ensure, object_id, object_type, single_type};
use crate::federation::objects::note::POST_TYPES;
use crate::federation::objects::person::{Person, ACTOR_TYPES};
use crate::federation::{Ctx, Urls};
use activitypub_federation::kinds::activity::UpdateType;
use activitypub_federation::kinds::public;
use activitypub_federation::traits::{Activity, Object};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Update {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UpdateType,
    pub actor: Url,
    pub object: Value,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<Url>,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl Update {
    /// The Update of one of our events after a change (its `sequence` makes the id unique).
    pub fn for_event(
        event: &crate::federation::objects::event::Event,
        sequence: i32,
    ) -> AppResult<Update> {
        let mut body = event.clone();
        body.context = None;
        let stamp = chrono::Utc::now().timestamp_millis();
        Ok(Update {
            id: Url::parse(&format!("{}#updates/{sequence}-{stamp}", event.id))?,
            kind: UpdateType::Update,
            actor: event
                .organizer_id()
                .ok_or_else(|| AppError::Internal("event without organiser".into()))?,
            object: serde_json::to_value(body)?,
            to: vec![public()],
            rest: Default::default(),
        })
    }

    /// The Update of one of our posts after an edit, addressed like the post.
    pub fn for_note(note: &crate::federation::objects::note::Note) -> AppResult<Update> {
        let mut body = note.clone();
        body.context = None;
        let stamp = note
            .updated
            .map(|u| u.timestamp_millis())
            .unwrap_or_default();
        let mut to: Vec<Url> = crate::federation::objects::note::audience_urls(&note.to)
            .iter()
            .chain(crate::federation::objects::note::audience_urls(&note.cc).iter())
            .filter_map(|u| Url::parse(u).ok())
            .collect();
        to.dedup();
        Ok(Update {
            id: Url::parse(&format!("{}#updates/{stamp}", note.id))?,
            kind: UpdateType::Update,
            actor: note
                .authors()
                .into_iter()
                .next()
                .ok_or_else(|| AppError::Internal("note without author".into()))?,
            object: serde_json::to_value(body)?,
            to,
            rest: Default::default(),
        })
    }

    pub async fn for_actor(urls: &Urls<'_>, actor: Actor, data: &Ctx) -> AppResult<Update> {
        Self::for_actor_with(urls, actor, data, None).await
    }

    /// As [`Update::for_actor`], with the directory terms given by a caller that has just
    /// changed them in a transaction not yet visible to other connections.
    pub async fn for_actor_with(
        urls: &Urls<'_>,
        actor: Actor,
        data: &Ctx,
        extension: Option<serde_json::Map<String, Value>>,
    ) -> AppResult<Update> {
        let id = Url::parse(&urls.new_activity("update"))?;
        let actor_id = actor.parsed_ap_id().clone();
        let mut person = actor.into_json(data).await?;
        person.context = None;
        if let Some(extension) = extension {
            person.extension = extension;
        }
        Ok(Update {
            id,
            kind: UpdateType::Update,
            actor: actor_id,
            object: serde_json::to_value(person)?,
            to: vec![public()],
            rest: Default::default(),
        })
    }
}

#[async_trait::async_trait]
impl Activity for Update {
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

    async fn receive(mut self, data: &Ctx) -> AppResult<()> {
        single_type(&mut self.object, POST_TYPES);
        if object_type(&self.object) == Some("Event") {
            return crate::services::remote_events::receive(
                data,
                &self.id,
                &self.actor,
                self.object,
            )
            .await;
        }
        if object_type(&self.object).is_some_and(|t| POST_TYPES.contains(&t)) {
            let author = crate::federation::activities::load_actor(&self.actor, data).await?;
            let raw = serde_json::to_value(&self)?;
            let object = self.object.clone();
            if crate::services::remote_threads::receive_post(data, &raw, object, &author, None)
                .await?
            {
                return Ok(());
            }
            return update_post(self, data).await;
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
        let person: Person = serde_json::from_value(self.object)?;
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
    form.published = post.published;
    form.updated = Some(form.updated.unwrap_or_else(crate::db::now));
    Post::replace(&mut conn, post.id, &form).await?;
    tracing::info!(activity = %update.id, object = %post.ap_id, "post edited by its author");
    Ok(())
}
