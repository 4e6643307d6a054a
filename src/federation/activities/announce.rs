//! `Announce`: a community passing on what was posted to it (FEP-1b12: the activity wrapped
//! verbatim, or the object itself, which Mastodon shows as a boost by the community), and a
//! hub passing on the activity that created, changed or deleted one of its items to its
//! peers (`federation::peering::announce`). Read back in `inbound::community`.

use crate::db::models::actor::Actor;
use crate::error::AppResult;
use crate::federation::Urls;
use activitypub_federation::kinds::activity::AnnounceType;
use activitypub_federation::kinds::public;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Announce {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: AnnounceType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    #[serde(default, deserialize_with = "super::one_or_many")]
    pub to: Vec<Url>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::one_or_many"
    )]
    pub cc: Vec<Url>,
    /// The activity or object announced, embedded whole.
    #[serde(deserialize_with = "crate::federation::lenient::one")]
    pub object: Value,
    /// When it was made (peers order a hub's changes by it; Mastodon wants it on boosts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

impl Announce {
    /// A community's Announce of `object` to its followers.
    pub fn by_community(urls: &Urls<'_>, community: &Actor, object: Value) -> AppResult<Announce> {
        Ok(Announce {
            id: Url::parse(&urls.new_activity("announce"))?,
            kind: AnnounceType::Announce,
            actor: community.parsed_ap_id().clone(),
            to: vec![public()],
            cc: community
                .followers_url
                .as_deref()
                .map(Url::parse)
                .transpose()?
                .into_iter()
                .collect(),
            object,
            published: Some(crate::federation::published_now()),
        })
    }

    /// The hub's Announce of one of its items' activities to its peers.
    pub fn by_hub(urls: &Urls<'_>, hub: &Actor, object: Value) -> AppResult<Announce> {
        Ok(Announce {
            id: Url::parse(&urls.new_activity("announce"))?,
            kind: AnnounceType::Announce,
            actor: hub.parsed_ap_id().clone(),
            to: vec![public()],
            cc: Vec::new(),
            object,
            published: Some(crate::federation::published_now()),
        })
    }
}
