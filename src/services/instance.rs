//! The hub itself: its effective settings (config file, overridden by what an admin saved)
//! and its instance actor.

use crate::config::RegistrationMode;
use crate::db::models::actor::{Actor, ActorForm};
use crate::db::models::instance_setting::InstanceSetting;
use crate::db::models::user::User;
use crate::db::DbPool;
use crate::error::{AppError, AppResult};
use crate::federation::{Ctx, Urls};
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

pub async fn update(data: &Ctx, name: &str, description: &str, mode: &str) -> AppResult<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::Validation("settings-error-too-long"));
    }
    if description.chars().count() > 2000 {
        return Err(AppError::Validation("settings-error-too-long"));
    }
    let mode = RegistrationMode::from_str(mode).map_err(AppError::BadRequest)?;
    let mut conn = data.pool.get().await?;
    InstanceSetting::set(&mut conn, "name", name).await?;
    InstanceSetting::set(&mut conn, "description", description.trim()).await?;
    InstanceSetting::set(&mut conn, "registration_mode", mode.as_str()).await?;
    drop(conn);
    crate::federation::hub::announce_instance_actor(data).await
}

pub struct Stats {
    pub users: i64,
}

pub async fn stats(data: &Ctx) -> AppResult<Stats> {
    let mut conn = data.pool.get().await?;
    Ok(Stats {
        users: User::count_active(&mut conn).await?,
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
    if let Some(actor) = Actor::find_local(&mut conn, &host).await? {
        return Ok(actor);
    }
    let keys = crate::services::users::generate_keys().await?;
    let base = config.base_url();
    let urls = Urls::new(&base);
    let form = ActorForm {
        ap_id: urls.instance_actor(),
        kind: "Application".into(),
        username: host.clone(),
        domain: config.server.domain.clone(),
        display_name: config.instance.name.clone(),
        summary: String::new(),
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
}

/// The profile as an admin types it in a form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct HubProfileInput {
    pub country: String,
    pub region: String,
    /// Comma-separated.
    pub languages: String,
    /// Comma-separated.
    pub clusters: String,
    pub themes: Vec<String>,
    pub contact: String,
}

fn split_list(raw: &str) -> Vec<String> {
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

fn join_list(items: &[String]) -> String {
    items.join("\n")
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
                logo_url = Some(crate::services::media::url(data, &m));
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
    })
}

fn require_admin(user: &User) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Checks and normalises an admin's profile input.
pub fn validate_profile(input: &HubProfileInput) -> AppResult<HubProfileInput> {
    let country = input.country.trim().to_ascii_uppercase();
    if !country.is_empty() && isocountry::CountryCode::for_alpha2(&country).is_err() {
        return Err(AppError::Validation("hub-error-country"));
    }
    let languages = split_list(&input.languages);
    if languages
        .iter()
        .any(|l| language_tags::LanguageTag::parse(l).is_err())
    {
        return Err(AppError::Validation("hub-error-language"));
    }
    let clusters = split_list(&input.clusters);
    let mut themes = input.themes.clone();
    themes.sort();
    themes.dedup();
    if themes
        .iter()
        .any(|t| !crate::vocabulary::THEMES.contains(&t.as_str()))
    {
        return Err(AppError::Validation("hub-error-theme"));
    }
    let contact = input.contact.trim().to_string();
    let contact_ok = contact.is_empty()
        || (contact.contains('@')
            && !contact.contains(char::is_whitespace)
            && !contact.contains(':'))
        || url::Url::parse(&contact)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"));
    if !contact_ok {
        return Err(AppError::Validation("hub-error-contact"));
    }
    let region = input.region.trim().to_string();
    if region.chars().count() > 100
        || clusters.len() > 20
        || clusters.iter().any(|c| c.chars().count() > 100)
        || languages.len() > 30
        || contact.chars().count() > 200
    {
        return Err(AppError::Validation("hub-error-too-long"));
    }
    Ok(HubProfileInput {
        country,
        region,
        languages: languages.join(", "),
        clusters: clusters.join(", "),
        themes,
        contact,
    })
}

/// An admin saves the hub profile; peers get the new instance actor.
pub async fn update_hub_profile(
    data: &Ctx,
    user: &User,
    input: &HubProfileInput,
) -> AppResult<HubProfile> {
    require_admin(user)?;
    let valid = validate_profile(input)?;
    let mut conn = data.pool.get().await?;
    InstanceSetting::set(&mut conn, "hub_country", &valid.country).await?;
    InstanceSetting::set(&mut conn, "hub_region", &valid.region).await?;
    InstanceSetting::set(
        &mut conn,
        "hub_languages",
        &join_list(&split_list(&valid.languages)),
    )
    .await?;
    InstanceSetting::set(
        &mut conn,
        "hub_clusters",
        &join_list(&split_list(&valid.clusters)),
    )
    .await?;
    InstanceSetting::set(&mut conn, "hub_themes", &join_list(&valid.themes)).await?;
    InstanceSetting::set(&mut conn, "hub_contact", &valid.contact).await?;
    drop(conn);
    crate::federation::hub::announce_instance_actor(data).await?;
    hub_profile(data).await
}

pub async fn set_hub_logo(data: &Ctx, user: &User, bytes: &[u8]) -> AppResult<()> {
    require_admin(user)?;
    let hub = ensure_instance_actor(&data.pool, &data.config).await?;
    crate::services::media::store(data, &hub, crate::db::models::media::ROLE_LOGO, bytes).await?;
    crate::federation::hub::announce_instance_actor(data).await
}

pub async fn remove_hub_logo(data: &Ctx, user: &User) -> AppResult<()> {
    require_admin(user)?;
    let hub = ensure_instance_actor(&data.pool, &data.config).await?;
    let mut conn = data.pool.get().await?;
    if !crate::db::models::media::Media::remove(
        &mut conn,
        hub.id,
        crate::db::models::media::ROLE_LOGO,
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    drop(conn);
    crate::federation::hub::announce_instance_actor(data).await
}
