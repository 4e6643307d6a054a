//! The hub itself, as its admin changes it: name, description, registration mode, profile
//! and logo. What is read (effective settings, profile, instance actor) is in
//! [`crate::federation::instance`], which every layer may use.

use crate::config::RegistrationMode;
use crate::db::models::instance_setting::InstanceSetting;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::instance::split_list;
pub use crate::federation::instance::{
    effective, ensure_instance_actor, hub_profile, logo_url, HubProfile, InstanceSettings,
};
use crate::state::Ctx;
use std::str::FromStr;

pub async fn update(data: &Ctx, name: &str, description: &str, mode: &str) -> AppResult<()> {
    let name = name.trim();
    let mut checks = Checks::new();
    let too_long = "settings-error-too-long";
    checks.check(
        !name.is_empty() && name.chars().count() <= 100,
        "name",
        too_long,
    );
    checks.check(description.chars().count() <= 2000, "description", too_long);
    // The form offers only valid modes: another one is not a person's mistake.
    let mode = checks.take(
        "registration_mode",
        RegistrationMode::from_str(mode).map_err(AppError::BadRequest),
    );
    checks.finish()?;
    let mode = mode.unwrap_or(RegistrationMode::Approval);
    let mut conn = data.pool.get().await?;
    InstanceSetting::set(&mut conn, "name", name).await?;
    InstanceSetting::set(&mut conn, "description", description.trim()).await?;
    InstanceSetting::set(&mut conn, "registration_mode", mode.as_str()).await?;
    drop(conn);
    crate::federation::peering::announce_instance_actor(data).await
}

/// The zone new events are offered in: `instance.timezone`, else the zone of the hub's
/// country (as the admin last set it), else Europe/Brussels.
pub async fn event_zone(data: &Ctx) -> AppResult<String> {
    if !data.config.instance.timezone.is_empty() {
        return Ok(data.config.instance.timezone.clone());
    }
    let country = hub_profile(data).await?.country;
    Ok(crate::vocabulary::country_zone(&country)
        .unwrap_or("Europe/Brussels")
        .to_string())
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

fn join_list(items: &[String]) -> String {
    items.join("\n")
}

fn require_admin(user: &User) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Checks and normalises an admin's profile input, reporting every failing field at once.
pub fn validate_profile(input: &HubProfileInput) -> AppResult<HubProfileInput> {
    let mut c = Checks::new();
    let too_long = "hub-error-too-long";
    let country = input.country.trim().to_ascii_uppercase();
    c.check(
        country.is_empty() || isocountry::CountryCode::for_alpha2(&country).is_ok(),
        "country",
        "hub-error-country",
    );
    let region = input.region.trim().to_string();
    c.check(region.chars().count() <= 100, "region", too_long);
    let mut languages = Vec::new();
    for raw in split_list(&input.languages) {
        let tag = crate::text::language_tag(&raw);
        if c.check(tag.is_some(), "languages", "hub-error-language") {
            languages.extend(tag);
        }
    }
    c.check(languages.len() <= 30, "languages", too_long);
    let clusters = split_list(&input.clusters);
    c.check(
        clusters.len() <= 20 && clusters.iter().all(|c| c.chars().count() <= 100),
        "clusters",
        too_long,
    );
    let mut themes = input.themes.clone();
    themes.sort();
    themes.dedup();
    c.check(
        themes
            .iter()
            .all(|t| crate::vocabulary::THEMES.contains(&t.as_str())),
        "themes",
        "hub-error-theme",
    );
    let contact = input.contact.trim().to_string();
    let contact_ok = contact.is_empty()
        || (contact.contains('@')
            && !contact.contains(char::is_whitespace)
            && !contact.contains(':'))
        || url::Url::parse(&contact)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"));
    if c.check(contact_ok, "contact", "hub-error-contact") {
        c.check(contact.chars().count() <= 200, "contact", too_long);
    }
    c.finish()?;
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
    crate::federation::peering::announce_instance_actor(data).await?;
    hub_profile(data).await
}

pub async fn set_hub_logo(data: &Ctx, user: &User, bytes: &[u8]) -> AppResult<()> {
    require_admin(user)?;
    let hub = ensure_instance_actor(&data.pool, &data.config).await?;
    crate::services::media::store(data, &hub, crate::db::models::media::ROLE_LOGO, bytes).await?;
    crate::federation::peering::announce_instance_actor(data).await
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
    crate::federation::peering::announce_instance_actor(data).await
}
