//! Actor documents: `Person` for members, `Application` for the hub's instance actor.
//! Remote actors of any kind (Person, Service, Group, Organization, Application) are read
//! through the same wire type, leniently, because every server fills them differently.

use crate::db::models::actor::{Actor, ActorForm};
use crate::db::models::community::Community;
use crate::db::models::directory::DirectoryEntry;
use crate::db::models::media::{Media, ROLE_BANNER, ROLE_LOGO};
use crate::error::AppError;
use crate::federation::{actor_context, authority, Ctx};
use activitypub_federation::protocol::public_key::PublicKey;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::{Actor as ApActor, Object};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

/// Actor types we accept from other servers (Mastodon follows all of these too).
pub const ACTOR_TYPES: &[&str] = &["Person", "Service", "Application", "Group", "Organization"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<Url>,
}

/// The actor document on the wire (named by ActivityStreams; the row is [`Actor`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    pub inbox: Url,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Endpoints>,
    pub public_key: PublicKey,
    /// A string on most servers, sometimes a Link object or an array of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    #[serde(default)]
    pub manually_approves_followers: Option<bool>,
    #[serde(default)]
    pub discoverable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Value>,
    /// A header picture (Mastodon's banner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Value>,
    /// Every other term: the directory terms of projects and organisations
    /// ([`super::directory`]) on the way out, anything the sender added on the way in.
    #[serde(flatten)]
    pub extension: serde_json::Map<String, Value>,
}

/// The first usable http(s) URL in a `url` value (string, Link, or array of either).
pub(crate) fn first_url(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Url::parse(s)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string()),
        Value::Object(map) => map.get("href").and_then(first_url),
        // Several links: the HTML page if one is marked as such, else the first.
        Value::Array(items) => items
            .iter()
            .filter(|i| i.get("mediaType").and_then(Value::as_str) == Some("text/html"))
            .find_map(first_url)
            .or_else(|| items.iter().find_map(first_url)),
        _ => None,
    }
}

/// Remote names are plain text: tags are removed, length is capped.
pub(crate) fn plain_text(input: &str, max_chars: usize) -> String {
    let cleaned = ammonia::Builder::empty().clean(input).to_string();
    let decoded = cleaned
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded.chars().take(max_chars).collect()
}

/// Remote HTML is sanitised before it is stored.
pub fn sanitize_html(input: &str) -> String {
    ammonia::Builder::default()
        // Remote images would be loaded by every reader's browser from wherever the sender
        // points (tracking, private addresses); like Mastodon, we drop inline images.
        .rm_tags(["img"])
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(input)
        .to_string()
}

#[async_trait::async_trait]
impl Object for Actor {
    type DataType = crate::app::AppState;
    type Kind = Person;
    type Error = AppError;

    fn id(&self) -> &Url {
        self.parsed_ap_id()
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        Some(self.last_refreshed_at.and_utc())
    }

    async fn read_from_id(object_id: Url, data: &Ctx) -> Result<Option<Self>, AppError> {
        let mut conn = data.pool.get().await?;
        Ok(Actor::find_by_ap_id(&mut conn, object_id.as_str()).await?)
    }

    async fn into_json(self, data: &Ctx) -> Result<Person, AppError> {
        let url = self.profile_url.clone().map(Value::String);
        let mut extension = serde_json::Map::new();
        let (mut icon, mut image) = (None, None);
        if self.is_local && matches!(self.kind.as_str(), "Group" | "Organization") {
            let mut conn = data.pool.get().await?;
            for m in Media::of_actor(&mut conn, self.id).await? {
                let doc = serde_json::json!({
                    "type": "Image",
                    "mediaType": m.content_type,
                    "url": format!("{}/media/{}", data.config.base_url(), m.file_name),
                });
                match m.role.as_str() {
                    ROLE_LOGO => icon = Some(doc),
                    ROLE_BANNER => image = Some(doc),
                    _ => {}
                }
            }
            if let Some(entry) = DirectoryEntry::find(&mut conn, self.id).await? {
                let tags = DirectoryEntry::tags(&mut conn, self.id).await?;
                extension = super::directory::to_extension(&entry, &tags);
            } else if let Some(community) = Community::find(&mut conn, self.id).await? {
                extension = super::community::to_extension(&community, self.ap_id.as_str());
            }
        } else if self.is_local && self.kind == "Application" {
            // The hub itself: its profile, its logo, and the collection peers backfill from.
            let profile = crate::services::instance::hub_profile(data).await?;
            let base = data.config.base_url();
            extension = crate::federation::hub::profile::to_extension(
                &profile,
                &crate::federation::hub::items::collection_url(&base),
            );
            icon = profile
                .logo_url
                .as_ref()
                .map(|url| serde_json::json!({"type": "Image", "url": url}));
        }
        Ok(Person {
            extension,
            context: Some(actor_context()),
            id: self.ap_id.0.clone(),
            kind: self.kind.clone(),
            preferred_username: Some(self.username.clone()),
            name: Some(self.display_name_or_username().to_string()),
            summary: Some(self.summary.clone()),
            inbox: Url::parse(&self.inbox_url)?,
            outbox: self.outbox_url.as_deref().map(Url::parse).transpose()?,
            followers: self.followers_url.as_deref().map(Url::parse).transpose()?,
            following: self.following_url.as_deref().map(Url::parse).transpose()?,
            endpoints: Some(Endpoints {
                shared_inbox: self
                    .shared_inbox_url
                    .as_deref()
                    .map(Url::parse)
                    .transpose()?,
            }),
            public_key: self.public_key(),
            url,
            manually_approves_followers: Some(self.manually_approves_followers),
            discoverable: Some(self.discoverable),
            published: Some(self.published.unwrap_or(self.created_at).and_utc()),
            icon,
            image,
        })
    }

    async fn verify(json: &Person, expected_domain: &Url, _data: &Ctx) -> Result<(), AppError> {
        verify_domains_match(&json.id, expected_domain)?;
        if !ACTOR_TYPES.contains(&json.kind.as_str()) {
            return Err(AppError::BadRequest(format!(
                "{} is a {}, not an actor type we follow",
                json.id, json.kind
            )));
        }
        // The key must be the actor's own, or anyone could sign as anyone on the same host.
        if json.public_key.owner != json.id {
            return Err(AppError::BadRequest(format!(
                "public key of {} belongs to {}",
                json.id, json.public_key.owner
            )));
        }
        verify_domains_match(&json.inbox, &json.id)?;
        // Outbox, shared inbox, followers and key on the actor's own host too, or a document
        // could send our deliveries elsewhere; a stored actor is left as it was.
        if let Err(e) = crate::federation::trust::check_actor_endpoints(json) {
            tracing::warn!(actor = %json.id, error = %e, "actor document refused");
            return Err(e);
        }
        Ok(())
    }

    async fn from_json(json: Person, data: &Ctx) -> Result<Self, AppError> {
        let extension = json.extension.clone();
        let hub_profile = (json.kind == "Application")
            .then(|| {
                crate::federation::hub::profile::from_extension(
                    json.name.as_deref().unwrap_or_default(),
                    json.summary.as_deref().unwrap_or_default(),
                    json.icon.as_ref(),
                    &extension,
                )
            })
            .flatten();
        let host = authority(&json.id);
        let form = remote_actor_form(json)?;
        let mut conn = data.pool.get().await?;
        let actor = Actor::upsert_remote(&mut conn, &form).await?;
        // Projects and organisations of other hubs join the directory as soon as they are
        // seen; other groups and organisations once someone here follows them, and are
        // refreshed with their actor from then on.
        let is_entry_type = matches!(actor.kind.as_str(), "Group" | "Organization");
        let is_community = actor.kind == "Group" && super::community::is_community(&extension);
        if is_entry_type
            && !is_community
            && (super::directory::is_tessera_entry(&extension)
                || DirectoryEntry::find(&mut conn, actor.id).await?.is_some())
        {
            let (entry, tags) = super::directory::from_extension(&actor.kind, &extension);
            DirectoryEntry::save(&mut conn, &actor, &entry, &tags).await?;
        } else if is_community {
            let mut form = super::community::from_extension(actor.id, &actor.summary, &extension);
            // Moderators and pins are read from the community's own host only.
            let on_host = |u: &Option<String>| {
                u.as_deref()
                    .and_then(|u| Url::parse(u).ok())
                    .is_some_and(|u| authority(&u) == host)
            };
            if !on_host(&form.moderators_url) {
                form.moderators_url = None;
            }
            if !on_host(&form.featured_url) {
                form.featured_url = None;
            }
            Community::save(&mut conn, &form).await?;
        } else if let Some((profile, items)) = hub_profile {
            let profile = crate::federation::hub::profile::stored(&profile, &items);
            crate::db::models::peer::Peer::set_profile(&mut conn, &host, &profile).await?;
        }
        Ok(actor)
    }
}

/// Mobilizon publishes PKCS#1 keys (`BEGIN RSA PUBLIC KEY`); signatures are checked against
/// SPKI keys (`BEGIN PUBLIC KEY`) only, so a PKCS#1 key is stored re-encoded. Anything that
/// does not parse is kept as sent, and its signatures will fail.
pub fn spki_pem(pem: String) -> String {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    if !pem.contains("BEGIN RSA PUBLIC KEY") {
        return pem;
    }
    rsa::RsaPublicKey::from_pkcs1_pem(pem.trim())
        .ok()
        .and_then(|key| key.to_public_key_pem(LineEnding::LF).ok())
        .unwrap_or(pem)
}

/// Maps a verified remote actor document onto a row.
pub fn remote_actor_form(json: Person) -> Result<ActorForm, AppError> {
    let domain = authority(&json.id);
    let username = json
        .preferred_username
        .as_deref()
        .map(|u| plain_text(u, 100))
        .filter(|u| !u.trim().is_empty())
        .or_else(|| {
            json.id
                .path_segments()
                .and_then(|mut s| s.next_back().map(str::to_string))
        })
        .unwrap_or_else(|| domain.clone());
    Ok(ActorForm {
        ap_id: json.id.to_string(),
        kind: json.kind,
        username,
        domain,
        display_name: json
            .name
            .as_deref()
            .map(|n| plain_text(n, 200))
            .unwrap_or_default(),
        summary: json
            .summary
            .as_deref()
            .map(sanitize_html)
            .unwrap_or_default()
            .chars()
            .take(10_000)
            .collect(),
        inbox_url: json.inbox.to_string(),
        shared_inbox_url: json
            .endpoints
            .and_then(|e| e.shared_inbox)
            .map(|u| u.to_string()),
        outbox_url: json.outbox.map(|u| u.to_string()),
        followers_url: json.followers.map(|u| u.to_string()),
        following_url: json.following.map(|u| u.to_string()),
        profile_url: json.url.as_ref().and_then(first_url),
        public_key_pem: spki_pem(json.public_key.public_key_pem),
        private_key_pem: None,
        is_local: false,
        manually_approves_followers: json.manually_approves_followers.unwrap_or(false),
        discoverable: json.discoverable.unwrap_or(false),
        published: json.published.map(|p| p.naive_utc()),
        last_refreshed_at: crate::db::now(),
    })
}

impl ApActor for Actor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        self.private_key_pem.clone()
    }

    fn inbox(&self) -> Url {
        Url::parse(&self.inbox_url).unwrap_or_else(|_| self.parsed_ap_id().clone())
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.shared_inbox_url
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
    }
}
