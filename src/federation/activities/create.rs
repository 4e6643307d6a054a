//! Create of a post: a remote actor published a Note (or Article, Page, Question); we send
//! ours when a member posts.
//!
//! Like Mastodon, we keep a remote post only when someone here has a reason to see it: a
//! local member follows its author, it is addressed to or mentions a local member, or it
//! replies to a post we have. Anything else is acknowledged and dropped.

use crate::error::{AppError, AppResult};

use crate::federation::objects::note::Note;
use activitypub_federation::kinds::activity::CreateType;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Create {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: CreateType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl Create {
    /// The Create of one of our events, addressed like the event.
    pub fn for_event(event: &crate::federation::objects::event::Event) -> AppResult<Create> {
        let mut body = event.clone();
        body.context = None;
        Ok(Create {
            id: Url::parse(&format!("{}/activity", event.id))?,
            kind: CreateType::Create,
            actor: event
                .organizer_id()
                .ok_or_else(|| AppError::Internal("event without organiser".into()))?,
            to: event.to.clone(),
            cc: event.cc.clone(),
            published: event.published,
            object: serde_json::to_value(body)?,
            rest: Default::default(),
        })
    }

    /// The Create of one of our funding calls, addressed like the call.
    pub fn for_call(
        call: &crate::federation::objects::funding_call::FundingCall,
    ) -> AppResult<Create> {
        let mut body = call.clone();
        body.context = None;
        Ok(Create {
            id: Url::parse(&format!("{}/activity", call.id))?,
            kind: CreateType::Create,
            actor: call
                .publisher_id()
                .ok_or_else(|| AppError::Internal("call without publisher".into()))?,
            to: call.to.clone(),
            cc: call.cc.clone(),
            published: call.published,
            object: serde_json::to_value(body)?,
            rest: Default::default(),
        })
    }

    /// The Create of one of our knowledge resources, addressed like the resource.
    pub fn for_resource(
        resource: &crate::federation::objects::resource::Resource,
    ) -> AppResult<Create> {
        let mut body = resource.clone();
        body.context = None;
        Ok(Create {
            id: Url::parse(&format!("{}/activity", resource.id))?,
            kind: CreateType::Create,
            actor: resource
                .publisher_id()
                .ok_or_else(|| AppError::Internal("resource without publisher".into()))?,
            to: resource.to.clone(),
            cc: resource.cc.clone(),
            published: resource.published,
            object: serde_json::to_value(body)?,
            rest: Default::default(),
        })
    }

    /// The Create of one of our actors (a new project, organisation or community), for peer
    /// hubs: the actor document, as its Update would carry it.
    pub fn for_actor(
        urls: &crate::federation::Urls<'_>,
        update: crate::federation::activities::update::Update,
    ) -> AppResult<Create> {
        Ok(Create {
            id: Url::parse(&urls.new_activity("create"))?,
            kind: CreateType::Create,
            actor: update.actor,
            object: update.object,
            to: serde_json::to_value(update.to)?,
            cc: Value::Null,
            published: Some(chrono::Utc::now()),
            rest: update.rest,
        })
    }

    /// The Create of our own note; its id is derived from the note's, as Mastodon does.
    pub fn for_note(note: &Note) -> AppResult<Create> {
        let mut body = note.clone();
        body.context = None;
        Ok(Create {
            id: Url::parse(&format!("{}/activity", note.id))?,
            kind: CreateType::Create,
            actor: note
                .authors()
                .into_iter()
                .next()
                .ok_or_else(|| AppError::Internal("note without author".into()))?,
            to: note.to.clone(),
            cc: note.cc.clone(),
            published: note.published,
            object: serde_json::to_value(body)?,
            rest: Default::default(),
        })
    }
}
