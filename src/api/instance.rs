//! `/api/v1/instance`: public facts about this hub.

use crate::error::AppError;
use crate::federation::Ctx;
use axum::Json;
use serde::Serialize;

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
}

pub async fn get_instance(data: Ctx) -> Result<Json<InstanceView>, AppError> {
    let settings = crate::services::instance::effective(&data).await?;
    let stats = crate::services::instance::stats(&data).await?;
    Ok(Json(InstanceView {
        domain: data.config.server.domain.clone(),
        name: settings.name,
        description: settings.description,
        country: data.config.instance.country.clone(),
        languages: data.config.instance.languages.clone(),
        registration_mode: settings.registration_mode.as_str(),
        users: stats.users,
        version: env!("CARGO_PKG_VERSION"),
    }))
}
