//! Accept and Reject: one shape, the answer of the party asked. A followee answers a
//! Follow (embedded, as Mastodon sends and expects); an organiser answers a Join (embedded,
//! Mobilizon matches it by its id). Received, a Reject also ends an accepted follow
//! (Mastodon's "remove follower").

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::federation::activities::follow::Follow;
use crate::federation::Urls;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerKind {
    Accept,
    Reject,
}

impl AnswerKind {
    /// The verb in our activity ids (`/activities/accept/...`).
    fn verb(self) -> &'static str {
        match self {
            AnswerKind::Accept => "accept",
            AnswerKind::Reject => "reject",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: AnswerKind,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The request answered: embedded, or a bare id.
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
}

impl Answer {
    /// The organiser's answer to a Join, embedding it.
    pub fn for_join(
        kind: AnswerKind,
        urls: &Urls<'_>,
        organizer: &Actor,
        participant: &Actor,
        join: Value,
    ) -> AppResult<Answer> {
        Ok(Answer {
            id: Url::parse(&urls.new_activity(kind.verb()))?,
            published: Some(crate::federation::published_now()),
            kind,
            actor: organizer.parsed_ap_id().clone(),
            object: join,
            to: serde_json::json!([participant.ap_id.to_string()]),
        })
    }

    /// The followee's answer to a Follow, embedding it.
    pub fn for_follow(
        kind: AnswerKind,
        urls: &Urls<'_>,
        followee: &Actor,
        follow: Follow,
    ) -> AppResult<Answer> {
        Ok(Answer {
            id: Url::parse(&urls.new_activity(kind.verb()))?,
            published: Some(crate::federation::published_now()),
            kind,
            actor: followee.parsed_ap_id().clone(),
            object: serde_json::to_value(follow)?,
            to: Value::Null,
        })
    }
}
