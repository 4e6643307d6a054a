//! Actor documents: `Person` for members, `Application` for the hub's instance actor.
//! Remote actors of any kind (Person, Service, Group, Organization, Application) are read
//! through the same wire type, leniently, because every server fills them differently.

use crate::db::models::actor::{Actor, ActorForm};
use crate::db::models::actor_profile::ActorProfile;
use crate::db::models::community::Community;
use crate::db::models::entry::DirectoryEntry;
use crate::db::models::media::{Media, ROLE_BANNER, ROLE_LOGO};
use crate::error::{AppError, AppResult};
use crate::federation::actor_context;
use crate::state::{authority, Ctx};
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
    #[serde(deserialize_with = "crate::federation::lenient::url")]
    pub inbox: Url,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::opt_url"
    )]
    pub outbox: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::opt_url"
    )]
    pub followers: Option<Url>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::opt_url"
    )]
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
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::first"
    )]
    pub icon: Option<Value>,
    /// A header picture (Mastodon's banner).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::federation::lenient::first"
    )]
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

#[async_trait::async_trait]
impl Object for Actor {
    type DataType = crate::state::AppState;
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
        let (mut name, mut summary) = (
            self.display_name_or_username().to_string(),
            self.summary.clone(),
        );
        let mut extension = serde_json::Map::new();
        let (mut icon, mut image) = (None, None);
        if self.is_local && matches!(self.kind.as_str(), "Group" | "Organization" | "Person") {
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
            if self.kind == "Person" {
                if let Some(profile) = ActorProfile::find(&mut conn, self.id).await? {
                    super::person_profile::to_extension(&profile, &mut extension);
                }
            } else if let Some(entry) = DirectoryEntry::find(&mut conn, self.id).await? {
                let tags = DirectoryEntry::tags(&mut conn, self.id).await?;
                extension = super::entry::to_extension(&entry, &tags);
                if entry.entry_kind == crate::db::models::entry::KIND_PROJECT {
                    super::replication::extend(&mut conn, self.id, &mut extension).await?;
                    super::entry_link::extend(&mut conn, self.id, &mut extension).await?;
                }
            } else if let Some(community) = Community::find(&mut conn, self.id).await? {
                extension = super::community::to_extension(&community, self.ap_id.as_str());
            }
        } else if self.is_local && self.kind == "Application" {
            // The hub itself: its profile, its logo, and the collection peers backfill from.
            let profile = crate::federation::instance::hub_profile(data).await?;
            let base = data.config.base_url();
            extension = crate::federation::peering::profile::to_extension(
                &profile,
                &crate::federation::peering::items::collection_url(&base),
            );
            icon = profile
                .logo_url
                .as_ref()
                .map(|url| serde_json::json!({"type": "Image", "url": url}));
            // The name and description the admin set last, not the ones it started with.
            name = profile.name.clone();
            summary = crate::text::text_to_html(&profile.description);
        }
        if self.is_local && self.kind != "Application" {
            // Every actor has a `featured` collection (Mastodon's pinned posts), which
            // Mastodon-compatible servers fetch on each lookup.
            extension
                .entry("featured")
                .or_insert_with(|| serde_json::json!(format!("{}/featured", self.ap_id)));
        }
        if self.is_local
            && self.kind != "Application"
            && !extension.contains_key("postingRestrictedToMods")
        {
            // Upcoming events, in Mobilizon's `events` collection (communities hold none).
            extension.insert(
                "events".into(),
                serde_json::json!(format!("{}/events", self.ap_id)),
            );
        }
        Ok(Person {
            extension,
            context: Some(actor_context()),
            id: self.ap_id.0.clone(),
            kind: self.kind.clone(),
            preferred_username: Some(self.username.clone()),
            name: Some(name),
            summary: Some(summary),
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
        if let Err(e) = check_actor_endpoints(json) {
            tracing::warn!(actor = %json.id, error = %e, "actor document refused");
            return Err(e);
        }
        Ok(())
    }

    async fn from_json(json: Person, data: &Ctx) -> Result<Self, AppError> {
        let rules = data.domains.rules();
        let actor_host = json.id.host_str().unwrap_or_default().to_string();
        if rules.is_suspended(&actor_host) {
            tracing::warn!(actor = %json.id, "refused: an actor of a blocked domain");
            return Err(AppError::Refused(format!(
                "{actor_host} is blocked by this hub"
            )));
        }
        let extension = json.extension.clone();
        let hub_profile = (json.kind == "Application")
            .then(|| {
                crate::federation::peering::profile::from_extension(
                    json.name.as_deref().unwrap_or_default(),
                    json.summary.as_deref().unwrap_or_default(),
                    json.icon.as_ref(),
                    &extension,
                )
            })
            .flatten();
        let host = authority(&json.id);
        // Only http(s) addresses; the picture is shown as the actor's logo on cards.
        let icon_url = json.icon.as_ref().and_then(|icon| match icon {
            Value::Object(m) if m.contains_key("url") => m.get("url").and_then(first_url),
            other => first_url(other),
        });
        // A domain whose media we reject shows no picture here.
        let icon_url = icon_url.filter(|_| !rules.rejects_media(&actor_host));
        let mut conn = data.pool.get().await?;
        if let Some((profile, _)) = &hub_profile {
            // Two quick changes may be delivered out of order: an older profile than the
            // one we hold is not applied.
            if let Some(peer) =
                crate::db::models::peer::Peer::find_by_host(&mut conn, &host).await?
            {
                let (held, _) = crate::federation::peering::profile::parse_stored(&peer.profile);
                if let (Some(held), Some(got)) = (held.updated, profile.updated) {
                    if got < held {
                        if let Some(actor) =
                            Actor::find_by_ap_id(&mut conn, json.id.as_str()).await?
                        {
                            tracing::info!(actor = %json.id, "older hub profile than the one held; ignored");
                            return Ok(actor);
                        }
                    }
                }
            }
        }
        let (extras, image_url) = super::person_profile::from_json(&json);
        let (aliases, moved_to) = super::person_profile::moves_of(&json);
        let mut form = remote_actor_form(json)?;
        form.domain_limited = rules.is_limited(&actor_host);
        let actor = Actor::upsert_remote(&mut conn, &form).await?;
        Actor::set_icon_url(&mut conn, actor.id, icon_url.as_deref()).await?;
        let image_url = image_url.filter(|_| !rules.rejects_media(&actor_host));
        ActorProfile::save(&mut conn, actor.id, &extras).await?;
        ActorProfile::set_image_url(&mut conn, actor.id, image_url.as_deref()).await?;
        ActorProfile::set_aliases(&mut conn, actor.id, &aliases).await?;
        ActorProfile::set_moved_to(&mut conn, actor.id, moved_to.as_deref()).await?;
        // Projects and organisations of other hubs join the directory as soon as they are
        // seen; other groups and organisations once someone here follows them, and are
        // refreshed with their actor from then on.
        let is_entry_type = matches!(actor.kind.as_str(), "Group" | "Organization");
        let is_community = actor.kind == "Group" && super::community::is_community(&extension);
        if is_entry_type
            && !is_community
            && (super::entry::is_tessera_entry(&extension)
                || DirectoryEntry::find(&mut conn, actor.id).await?.is_some())
        {
            let (entry, tags) = super::entry::from_extension(&actor.kind, &extension);
            DirectoryEntry::save(&mut conn, &actor, &entry, &tags).await?;
            if entry.entry_kind == crate::db::models::entry::KIND_PROJECT {
                super::replication::store_remote(&mut conn, &actor, &extension).await?;
                super::entry_link::store_remote(&mut conn, &actor, &extension).await?;
            }
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
            let got = profile.updated;
            let stored = crate::federation::peering::profile::stored(&profile, &items);
            let newer = |held: &str| {
                let (held, _) = crate::federation::peering::profile::parse_stored(held);
                !matches!((held.updated, got), (Some(held), Some(got)) if got < held)
            };
            crate::db::models::peer::Peer::set_profile_if_newer(&mut conn, &host, &stored, newer)
                .await?;
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
        .map(|u| crate::text::plain_text(u, 100))
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
            .map(|n| crate::text::plain_text(n, 200))
            .unwrap_or_default(),
        summary: json
            .summary
            .as_deref()
            .map(crate::text::sanitize_html)
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
        domain_limited: false,
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

/// The endpoints of an actor document must be on the host of its id (as Mastodon requires):
/// otherwise a document could point our deliveries, or its key, at another server.
pub fn check_actor_endpoints(doc: &Person) -> AppResult<()> {
    let id = &doc.id;
    let mut named: Vec<(&str, &Url)> =
        vec![("inbox", &doc.inbox), ("key owner", &doc.public_key.owner)];
    named.extend(doc.outbox.iter().map(|u| ("outbox", u)));
    named.extend(doc.followers.iter().map(|u| ("followers", u)));
    named.extend(doc.following.iter().map(|u| ("following", u)));
    let shared = doc.endpoints.as_ref().and_then(|e| e.shared_inbox.as_ref());
    named.extend(shared.map(|u| ("sharedInbox", u)));
    let key_id = Url::parse(&doc.public_key.id).ok();
    for (field, url) in named {
        if authority(url) != authority(id) {
            return Err(AppError::BadRequest(format!(
                "{id}: its {field} {url} is on another host"
            )));
        }
    }
    if key_id.is_none_or(|k| authority(&k) != authority(id)) {
        return Err(AppError::BadRequest(format!(
            "{id}: its key {} is not on its host",
            doc.public_key.id
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person(change: impl Fn(&mut Value)) -> Person {
        let mut doc = json!({
            "id": "https://a.example/users/x", "type": "Person",
            "inbox": "https://a.example/users/x/inbox",
            "outbox": "https://a.example/users/x/outbox",
            "followers": "https://a.example/users/x/followers",
            "following": "https://a.example/users/x/following",
            "endpoints": {"sharedInbox": "https://a.example/inbox"},
            "publicKey": {"id": "https://a.example/users/x#main-key",
                "owner": "https://a.example/users/x", "publicKeyPem": "-"}
        });
        change(&mut doc);
        serde_json::from_value(doc).expect("person")
    }

    #[test]
    fn every_endpoint_must_be_on_the_actor_host() {
        assert!(check_actor_endpoints(&person(|_| {})).is_ok());
        assert!(check_actor_endpoints(&person(|d| {
            d.as_object_mut().map(|o| o.remove("endpoints"));
        }))
        .is_ok());
        for (field, path) in [
            ("inbox", &["inbox"][..]),
            ("outbox", &["outbox"][..]),
            ("followers", &["followers"][..]),
            ("following", &["following"][..]),
            ("sharedInbox", &["endpoints", "sharedInbox"][..]),
            ("key owner", &["publicKey", "owner"][..]),
            ("key", &["publicKey", "id"][..]),
        ] {
            let doc = person(|d| {
                let mut v = &mut *d;
                for p in path {
                    v = &mut v[*p];
                }
                *v = json!("https://b.example/elsewhere");
            });
            let err = check_actor_endpoints(&doc).expect_err(field);
            assert!(err.to_string().contains(field), "{field}: {err}");
        }
        // Another port is another host.
        let doc = person(|d| d["endpoints"]["sharedInbox"] = json!("https://a.example:8443/inbox"));
        assert!(check_actor_endpoints(&doc).is_err());
    }
}
