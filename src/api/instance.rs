//! `/api/v1/instance`: public facts about this hub, its hub profile; an admin sets the
//! profile with `PATCH /api/v1/instance/profile`.

use crate::api::peers::HubProfileView;
use crate::api::{ApiJson, ApiUser};
use crate::error::AppError;
use crate::services::instance::HubProfileInput;
use crate::state::Ctx;
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct InstanceView {
    pub domain: String,
    pub name: String,
    pub description: String,
    pub country: String,
    pub languages: Vec<String>,
    pub registration_mode: &'static str,
    pub users: i64,
    pub version: &'static str,
    pub profile: HubProfileView,
}

pub async fn get_instance(data: Ctx) -> Result<Json<InstanceView>, AppError> {
    let settings = crate::services::instance::effective(&data).await?;
    let stats = crate::services::instance::stats(&data).await?;
    let profile = crate::services::instance::hub_profile(&data).await?;
    Ok(Json(InstanceView {
        domain: data.config.server.domain.clone(),
        name: settings.name,
        description: settings.description,
        // The hub profile's, which an admin may have changed from the config file's.
        country: profile.country.clone(),
        languages: profile.languages.clone(),
        registration_mode: settings.registration_mode.as_str(),
        users: stats.users,
        version: env!("CARGO_PKG_VERSION"),
        profile: HubProfileView::new(&profile),
    }))
}

/// A list given as a JSON array or as one comma-separated string.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum ListInput {
    Items(Vec<String>),
    Text(String),
}

impl ListInput {
    fn joined(self) -> String {
        match self {
            ListInput::Items(items) => items.join(", "),
            ListInput::Text(text) => text,
        }
    }
}

/// The body of `PATCH /api/v1/instance/profile`: fields left out keep their value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    country: Option<String>,
    region: Option<String>,
    languages: Option<ListInput>,
    clusters: Option<ListInput>,
    themes: Option<Vec<String>>,
    contact: Option<String>,
}

/// `PATCH /api/v1/instance/profile` (admins): 200 with the profile; 422 with the rule's
/// message id (`hub-error-country`, …) when a field is refused.
pub async fn patch_profile(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<ProfilePatch>,
) -> Result<Json<HubProfileView>, AppError> {
    if !user.is_admin {
        return Err(AppError::Forbidden);
    }
    let current = crate::services::instance::hub_profile(&data).await?;
    let input = HubProfileInput {
        country: body.country.unwrap_or(current.country),
        region: body.region.unwrap_or(current.region),
        languages: body
            .languages
            .map_or_else(|| current.languages.join(", "), ListInput::joined),
        clusters: body
            .clusters
            .map_or_else(|| current.clusters.join(", "), ListInput::joined),
        themes: body.themes.unwrap_or(current.themes),
        contact: body.contact.unwrap_or(current.contact),
    };
    let saved = crate::services::instance::update_hub_profile(&data, &user, &input).await?;
    Ok(Json(HubProfileView::new(&saved)))
}
