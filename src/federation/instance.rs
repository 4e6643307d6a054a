//! The hub as an actor, read by every layer: its effective settings (the configuration,
//! overridden by what an admin saved), the profile it shows other hubs, its instance actor,
//! and the key pairs actors sign with. Admins' changes are use cases in
//! `services::instance`.

use crate::config::RegistrationMode;
use crate::db::models::actor::{Actor, ActorForm};
use crate::db::models::instance_setting::InstanceSetting;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::federation::Urls;
use crate::state::Ctx;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceSettings {
    pub name: String,
    pub description: String,
    pub registration_mode: RegistrationMode,
}

pub async fn effective(data: &Ctx) -> AppResult<InstanceSettings> {
    let mut conn = data.pool.get().await?;
    let saved = InstanceSetting::all(&mut conn).await?;
    let config = &data.config;
    Ok(InstanceSettings {
        name: saved
            .get("name")
            .cloned()
            .unwrap_or_else(|| config.instance.name.clone()),
        description: saved
            .get("description")
            .cloned()
            .unwrap_or_else(|| config.instance.description.clone()),
        registration_mode: saved
            .get("registration_mode")
            .and_then(|m| RegistrationMode::from_str(m).ok())
            .unwrap_or(config.registration.mode),
    })
}

/// Creates the `Application` actor that signs our fetches (FEP-2677), once.
/// Its username is the host name, as on Mastodon, so it cannot collide with a member.
pub async fn ensure_instance_actor(
    pool: &DbPool,
    config: &crate::config::Config,
) -> AppResult<Actor> {
    let mut conn = pool.get().await?;
    let host = config.host().to_string();
    if let Some(mut actor) = Actor::find_local(&mut conn, &host).await? {
        // Its row carries the hub's current name and description, like its document.
        let saved = InstanceSetting::all(&mut conn).await?;
        let name = saved.get("name").unwrap_or(&config.instance.name).clone();
        let description = saved
            .get("description")
            .unwrap_or(&config.instance.description);
        let summary = crate::text::text_to_html(description);
        if actor.display_name != name || actor.summary != summary {
            Actor::set_name_and_summary(&mut conn, actor.id, &name, &summary).await?;
            (actor.display_name, actor.summary) = (name, summary);
        }
        return Ok(actor);
    }
    let keys = generate_keys().await?;
    let base = config.base_url();
    let urls = Urls::new(&base);
    let form = ActorForm {
        ap_id: urls.instance_actor(),
        kind: "Application".into(),
        username: host.clone(),
        domain: config.server.domain.clone(),
        display_name: config.instance.name.clone(),
        summary: crate::text::text_to_html(&config.instance.description),
        inbox_url: urls.instance_inbox(),
        shared_inbox_url: Some(urls.shared_inbox()),
        outbox_url: Some(urls.instance_outbox()),
        followers_url: None,
        following_url: None,
        profile_url: Some(urls.home()),
        public_key_pem: keys.public_key,
        private_key_pem: Some(keys.private_key),
        is_local: true,
        // Hubs follow each other's instance actors; approval is the admin's call (issue 8).
        manually_approves_followers: true,
        discoverable: false,
        published: Some(crate::db::now()),
        last_refreshed_at: crate::db::now(),
        domain_limited: false,
    };
    Ok(Actor::insert(&mut conn, &form).await?)
}

/// What a hub says about itself to other hubs: on its instance actor and in NodeInfo.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct HubProfile {
    pub name: String,
    pub description: String,
    /// ISO 3166-1 alpha-2, or "" when not set.
    pub country: String,
    pub region: String,
    /// BCP 47 tags.
    pub languages: Vec<String>,
    /// Digital social innovation clusters (free text, e.g. "Health and care").
    pub clusters: Vec<String>,
    /// Values of [`crate::vocabulary::THEMES`].
    pub themes: Vec<String>,
    /// An e-mail address or a web address.
    pub contact: String,
    pub logo_url: Option<String>,
    /// When the admin last changed the profile, name or logo (the actor's `updated`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<chrono::DateTime<chrono::Utc>>,
}

/// The instance setting that holds [`HubProfile::updated`].
pub const PROFILE_UPDATED_AT: &str = "profile_updated_at";

pub(crate) fn split_list(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in raw
        .split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            out.push(item.to_string());
        }
    }
    out
}

/// The address of the hub's logo, if its admin gave it one (every page shows it).
pub async fn logo_url(data: &Ctx) -> AppResult<Option<String>> {
    let mut conn = data.pool.get().await?;
    let Some(hub) = Actor::find_local(&mut conn, data.config.host()).await? else {
        return Ok(None);
    };
    let media = crate::db::models::media::Media::of_actor(&mut conn, hub.id).await?;
    Ok(media
        .iter()
        .find(|m| m.role == crate::db::models::media::ROLE_LOGO)
        .map(|m| Urls::new(&data.config.base_url()).media(&m.file_name)))
}

pub async fn hub_profile(data: &Ctx) -> AppResult<HubProfile> {
    let settings = effective(data).await?;
    let mut conn = data.pool.get().await?;
    let saved = InstanceSetting::all(&mut conn).await?;
    let config = &data.config.instance;
    let list = |key: &str| saved.get(key).map(|v| split_list(v));
    let hub = Actor::find_local(&mut conn, data.config.host()).await?;
    let mut logo_url = None;
    if let Some(hub) = hub {
        for m in crate::db::models::media::Media::of_actor(&mut conn, hub.id).await? {
            if m.role == crate::db::models::media::ROLE_LOGO {
                logo_url = Some(Urls::new(&data.config.base_url()).media(&m.file_name));
            }
        }
    }
    Ok(HubProfile {
        name: settings.name,
        description: settings.description,
        country: saved
            .get("hub_country")
            .cloned()
            .unwrap_or_else(|| config.country.clone()),
        region: saved.get("hub_region").cloned().unwrap_or_default(),
        languages: list("hub_languages").unwrap_or_else(|| config.languages.clone()),
        clusters: list("hub_clusters").unwrap_or_default(),
        themes: list("hub_themes").unwrap_or_default(),
        contact: saved.get("hub_contact").cloned().unwrap_or_default(),
        logo_url,
        updated: saved
            .get(PROFILE_UPDATED_AT)
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .map(|at| at.to_utc()),
    })
}

pub struct Keys {
    pub public_key: String,
    pub private_key: String,
}

/// A fresh 2048-bit RSA key pair (slow: off the async threads).
pub async fn generate_keys() -> AppResult<Keys> {
    tokio::task::spawn_blocking(|| {
        activitypub_federation::http_signatures::generate_actor_keypair()
            .map(|k| Keys {
                public_key: k.public_key,
                private_key: k.private_key,
            })
            .map_err(|e| AppError::Internal(format!("key generation: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}
