//! Update of an actor (a remote profile changed; we send ours when a member edits theirs)
//! or of a post its author edited.

use crate::db::models::actor::Actor;
use crate::error::{AppError, AppResult};
use crate::federation::Urls;
use crate::state::Ctx;
use activitypub_federation::kinds::activity::UpdateType;
use activitypub_federation::kinds::public;
use activitypub_federation::traits::Object;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Update {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: UpdateType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::one_or_many"
    )]
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
            id: crate::federation::derived_activity_id(
                event.id.as_str(),
                "update",
                &format!("{sequence}-{stamp}"),
            )?,
            published: Some(crate::federation::published_now()),
            kind: UpdateType::Update,
            actor: event
                .organizer_id()
                .ok_or_else(|| AppError::Internal("event without organiser".into()))?,
            object: serde_json::to_value(body)?,
            to: vec![public()],
            rest: Default::default(),
        })
    }

    /// The Update of one of our funding calls after an edit, to the public and the
    /// publisher's followers.
    pub fn for_call(
        call: &crate::federation::objects::funding_call::FundingCall,
    ) -> AppResult<Update> {
        let mut body = call.clone();
        body.context = None;
        let stamp = call
            .updated
            .map(|u| u.timestamp_micros())
            .unwrap_or_default();
        let mut to = vec![public()];
        to.extend(
            crate::federation::objects::note::audience_urls(&call.cc)
                .iter()
                .filter_map(|u| Url::parse(u).ok()),
        );
        Ok(Update {
            id: crate::federation::derived_activity_id(
                call.id.as_str(),
                "update",
                &stamp.to_string(),
            )?,
            published: Some(crate::federation::published_now()),
            kind: UpdateType::Update,
            actor: call
                .publisher_id()
                .ok_or_else(|| AppError::Internal("call without publisher".into()))?,
            object: serde_json::to_value(body)?,
            to,
            rest: Default::default(),
        })
    }

    /// The Update of one of our knowledge resources after an edit (or a file added or
    /// removed), to the public and the publisher's followers.
    pub fn for_resource(
        resource: &crate::federation::objects::resource::Resource,
    ) -> AppResult<Update> {
        let mut body = resource.clone();
        body.context = None;
        let stamp = resource
            .updated
            .map(|u| u.timestamp_micros())
            .unwrap_or_default();
        let mut to = vec![public()];
        to.extend(
            crate::federation::objects::note::audience_urls(&resource.cc)
                .iter()
                .filter_map(|u| Url::parse(u).ok()),
        );
        Ok(Update {
            id: crate::federation::derived_activity_id(
                resource.id.as_str(),
                "update",
                &stamp.to_string(),
            )?,
            published: Some(crate::federation::published_now()),
            kind: UpdateType::Update,
            actor: resource
                .publisher_id()
                .ok_or_else(|| AppError::Internal("resource without publisher".into()))?,
            object: serde_json::to_value(body)?,
            to,
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
            id: crate::federation::derived_activity_id(
                note.id.as_str(),
                "update",
                &stamp.to_string(),
            )?,
            published: Some(crate::federation::published_now()),
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
            published: Some(crate::federation::published_now()),
            kind: UpdateType::Update,
            actor: actor_id,
            object: serde_json::to_value(person)?,
            to: vec![public()],
            rest: Default::default(),
        })
    }
}
