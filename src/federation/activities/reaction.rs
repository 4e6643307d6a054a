//! A person's favourite (`Like`) or boost (`Announce`) of a post, in Mastodon's shapes: the
//! Like goes to the post's author; the boost is public and goes to the booster's followers
//! and the author. (A like of a community thread travels as the community's `Like`, in
//! [`super::community`].) Read back in `inbound::reactions`.

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::federation::activities::undo::Undo;
use crate::federation::Urls;
use activitypub_federation::kinds::activity::UndoType;
use activitypub_federation::kinds::public;
use serde::{Deserialize, Serialize};
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReactionKind {
    Like,
    Announce,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostReaction {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: ReactionKind,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// The post's id.
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub object: Url,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

impl PostReaction {
    /// `liker` favourites the post `post` by `author`.
    pub fn like(urls: &Urls<'_>, liker: &Actor, post: &str, author: &Actor) -> AppResult<Self> {
        let (to, cc) = Self::addressing(ReactionKind::Like, liker, author)?;
        Ok(PostReaction {
            id: Url::parse(&urls.new_activity("like"))?,
            kind: ReactionKind::Like,
            actor: liker.parsed_ap_id().clone(),
            object: Url::parse(post)?,
            to,
            cc,
            published: Some(crate::text::rfc3339(crate::db::now())),
        })
    }

    /// `booster` boosts the post `post` by `author`: public, to their followers and the
    /// author.
    pub fn boost(urls: &Urls<'_>, booster: &Actor, post: &str, author: &Actor) -> AppResult<Self> {
        let (to, cc) = Self::addressing(ReactionKind::Announce, booster, author)?;
        Ok(PostReaction {
            id: Url::parse(&urls.new_activity("announce"))?,
            kind: ReactionKind::Announce,
            actor: booster.parsed_ap_id().clone(),
            object: Url::parse(post)?,
            to,
            cc,
            published: Some(crate::text::rfc3339(crate::db::now())),
        })
    }

    /// Who a reaction of `actor` to a post of `author` is addressed to (`to`, `cc`).
    pub fn addressing(
        kind: ReactionKind,
        actor: &Actor,
        author: &Actor,
    ) -> AppResult<(Vec<Url>, Vec<Url>)> {
        Ok(match kind {
            ReactionKind::Like => (vec![author.parsed_ap_id().clone()], Vec::new()),
            ReactionKind::Announce => {
                let mut cc = vec![author.parsed_ap_id().clone()];
                if let Some(followers) = actor.followers_url.as_deref() {
                    cc.push(Url::parse(followers)?);
                }
                (vec![public()], cc)
            }
        })
    }

    /// A reaction we sent earlier, rebuilt from its id to be undone.
    pub fn sent(kind: ReactionKind, id: &str, actor: &Actor, post: &str) -> AppResult<Self> {
        Ok(PostReaction {
            id: Url::parse(id)?,
            kind,
            actor: actor.parsed_ap_id().clone(),
            object: Url::parse(post)?,
            to: Vec::new(),
            cc: Vec::new(),
            published: None,
        })
    }

    /// Its Undo, addressed as the reaction was.
    pub fn undo(self, urls: &Urls<'_>, to: Vec<Url>, cc: Vec<Url>) -> AppResult<Undo> {
        let mut rest = serde_json::Map::new();
        if !to.is_empty() {
            rest.insert("to".into(), serde_json::to_value(&to)?);
        }
        if !cc.is_empty() {
            rest.insert("cc".into(), serde_json::to_value(&cc)?);
        }
        Ok(Undo {
            id: Url::parse(&urls.new_activity("undo"))?,
            published: Some(crate::federation::published_now()),
            kind: UndoType::Undo,
            actor: self.actor.clone(),
            object: serde_json::to_value(self)?,
            rest,
        })
    }
}
