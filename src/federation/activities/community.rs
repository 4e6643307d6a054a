//! Activities of community life. Read: [`CommunityActivity`], one lenient type for those that
//! arrive on their own (`Announce`, `Like`, Lemmy's `Lock`, `Add`/`Remove` of a featured post,
//! `Block` from a community), kept as sent so that they can be relayed verbatim. Sent:
//! [`CommunityAct`], typed, in Lemmy's shapes.

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::federation::Urls;
use activitypub_federation::kinds::public;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommunityVerb {
    Announce,
    Like,
    Dislike,
    Lock,
    Add,
    Remove,
    Block,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommunityActivity {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: CommunityVerb,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// Everything else, kept as sent so that it can be announced verbatim.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// The verbs of [`CommunityAct`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActKind {
    Create,
    Update,
    Delete,
    Undo,
    Like,
    Lock,
    Add,
    Remove,
    Block,
}

impl ActKind {
    /// The verb in our activity ids (`/activities/like/...`).
    fn verb(self) -> &'static str {
        match self {
            ActKind::Create => "create",
            ActKind::Update => "update",
            ActKind::Delete => "delete",
            ActKind::Undo => "undo",
            ActKind::Like => "like",
            ActKind::Lock => "lock",
            ActKind::Add => "add",
            ActKind::Remove => "remove",
            ActKind::Block => "block",
        }
    }
}

/// What a member or moderator does about a community's content, as we send it, addressed as
/// Lemmy addresses it: to the public, cc and `audience` the community. Posting, editing,
/// deleting and liking posts; removal (`Delete` with a `summary`), `Lock`, pinning (`Add`
/// or `Remove` with the `featured` collection as `target`), bans (`Block` with the
/// community as `target`), and the `Undo` of each.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommunityAct {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: ActKind,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::one_or_many"
    )]
    pub to: Vec<Url>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::one_or_many"
    )]
    pub cc: Vec<Url>,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub audience: Url,
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::opt_url"
    )]
    pub target: Option<Url>,
    /// The moderator's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A ban also removes what the banned person posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove_data: Option<bool>,
    /// When a ban ends (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
}

impl CommunityAct {
    pub fn new(
        urls: &Urls<'_>,
        kind: ActKind,
        actor: &Actor,
        community: &Actor,
        object: Value,
    ) -> AppResult<CommunityAct> {
        Ok(CommunityAct {
            id: Url::parse(&urls.new_activity(kind.verb()))?,
            published: Some(crate::federation::published_now()),
            kind,
            actor: actor.parsed_ap_id().clone(),
            to: vec![public()],
            cc: vec![community.parsed_ap_id().clone()],
            audience: community.parsed_ap_id().clone(),
            object,
            target: None,
            summary: None,
            remove_data: None,
            end_time: None,
        })
    }

    /// A Like we sent earlier, rebuilt (without its addressing) to be undone.
    pub fn like_of(
        id: &str,
        liker: &Actor,
        community: &Actor,
        post: &str,
    ) -> AppResult<CommunityAct> {
        Ok(CommunityAct {
            id: Url::parse(id)?,
            published: Some(crate::federation::published_now()),
            kind: ActKind::Like,
            actor: liker.parsed_ap_id().clone(),
            to: Vec::new(),
            cc: Vec::new(),
            audience: community.parsed_ap_id().clone(),
            object: Value::String(post.to_string()),
            target: None,
            summary: None,
            remove_data: None,
            end_time: None,
        })
    }

    /// The Undo of this act, by the same actor.
    pub fn undo(self, urls: &Urls<'_>, community: &Actor) -> AppResult<CommunityAct> {
        let actor = self.actor.clone();
        Ok(CommunityAct {
            id: Url::parse(&urls.new_activity(ActKind::Undo.verb()))?,
            published: Some(crate::federation::published_now()),
            kind: ActKind::Undo,
            actor,
            to: vec![public()],
            cc: vec![community.parsed_ap_id().clone()],
            audience: community.parsed_ap_id().clone(),
            object: serde_json::to_value(self)?,
            target: None,
            summary: None,
            remove_data: None,
            end_time: None,
        })
    }
}
