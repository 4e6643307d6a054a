//! Flag: a report sent to the server that hosts what is reported. Mastodon's shape, which
//! Mastodon, GoToSocial, Misskey, Lemmy and Mbin read: sent by the instance actor (so the
//! reporter stays anonymous), `object` the reported account then the reported objects,
//! `content` the comment. Lemmy sends its reason in `summary` and the community in `to`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: FlagType,
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub actor: Url,
    /// When it was done (RFC 3339): every activity we send carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Ids (or objects with ids), one or many.
    pub object: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::one_or_many"
    )]
    pub to: Vec<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::opt_url"
    )]
    pub audience: Option<Url>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FlagType {
    #[default]
    Flag,
}

impl Flag {
    /// Our report, forwarded: from the instance actor, about `account` and `objects`.
    pub fn new(
        id: Url,
        instance_actor: Url,
        account: &Url,
        objects: &[Url],
        comment: &str,
    ) -> Flag {
        let mut all = vec![Value::String(account.to_string())];
        all.extend(
            objects
                .iter()
                .filter(|o| *o != account)
                .map(|o| Value::String(o.to_string())),
        );
        Flag {
            id,
            published: Some(crate::federation::published_now()),
            kind: FlagType::Flag,
            actor: instance_actor,
            object: Value::Array(all),
            content: Some(comment.to_string()),
            summary: None,
            to: vec![account.clone()],
            audience: None,
        }
    }

    /// Every id the Flag names, in order.
    pub fn object_ids(&self) -> Vec<Url> {
        match &self.object {
            Value::Array(items) => items.iter().filter_map(super::object_id).collect(),
            other => super::object_id(other).into_iter().collect(),
        }
    }

    /// The reporter's words: `content`, else `summary` (Lemmy).
    pub fn comment(&self) -> String {
        self.content
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .or(self.summary.as_deref())
            .map(|c| crate::text::plain_text(c, 5000))
            .unwrap_or_default()
    }
}
