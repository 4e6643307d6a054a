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
    Ok(())
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
