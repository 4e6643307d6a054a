//! The admin page: instance settings, the hub profile (`hub_profile`), peer hubs
//! (`peers`), pending sign-ups and the delivery queue.

use crate::error::AppError;
use crate::web::auth::CsrfOnly;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

/// Forms of the admin page sent back as typed, with why they were refused.
#[derive(Default)]
pub struct Refused {
    /// The instance settings form's message (shown at the top of the page).
    pub settings: Option<String>,
    pub hub: Option<crate::web::hub_profile::HubDraft>,
    pub logo: Option<String>,
    pub peer: Option<crate::web::peers::PeerDraft>,
}

/// The admin page, with `refused` forms kept as they were typed.
pub async fn render(page: &Page, status: StatusCode, refused: Refused) -> WebResult {
    let hub = crate::web::hub_profile::section(page, refused.hub.as_ref(), refused.logo).await?;
    let peers = crate::web::peers::section(page, refused.peer.as_ref()).await?;
    let error = refused.settings;
    let settings = crate::services::instance::effective(&page.data).await?;
    let pending: Vec<_> = crate::services::users::list_pending(&page.data)
        .await?
        .into_iter()
        .map(|u| {
            context! {
                id => u.id,
                username => u.username,
                reason => u.signup_reason,
                created_at => u.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            }
        })
        .collect();
    let queue = crate::federation::delivery::status(&page.data).await?;
    let now = page.data.clock.now();
    let hosts: Vec<_> = queue
        .hosts
        .iter()
        .map(|h| {
            let state = if h.unavailable {
                "unavailable"
            } else if h.circuit_open_until.is_some_and(|t| t > now) {
                "paused"
            } else {
                "ok"
            };
            context! {
                host => h.host,
                failures => h.consecutive_failures,
                state => state,
                last_error => h.last_error.clone().unwrap_or_default(),
            }
        })
        .collect();
    page.render_status(
        status,
        "admin.html",
        context! {
            queue => context! {
                pending => queue.counts.pending,
                in_flight => queue.counts.in_flight,
                failed => queue.counts.failed,
                hosts => hosts,
            },
            settings => context! {
                name => settings.name,
                description => settings.description,
                registration_mode => settings.registration_mode.as_str(),
            },
            pending => pending,
            hub => hub,
            peers => peers,
            error => error,
        },
    )
    .await
}

pub async fn page(page: Page) -> WebResult {
    page.require_admin()?;
    render(&page, StatusCode::OK, Refused::default()).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf_token: String,
    name: String,
    #[serde(default)]
    description: String,
    registration_mode: String,
}

pub async fn save_settings(page: Page, Form(form): Form<SettingsForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.require_admin()?;
    match crate::services::instance::update(
        &page.data,
        &form.name,
        &form.description,
        &form.registration_mode,
    )
    .await
    {
        Ok(()) => Ok(page.redirect("/admin", Some("flash-instance-saved"))),
        Err(AppError::Validation(id)) => {
            let refused = Refused {
                settings: Some(page.t(id)),
                ..Refused::default()
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY, refused).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn approve(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.require_admin()?;
    crate::services::users::approve(&page.data, id).await?;
    Ok(page.redirect("/admin", Some("flash-signup-approved")))
}

pub async fn reject(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.require_admin()?;
    crate::services::users::reject(&page.data, id).await?;
    Ok(page.redirect("/admin", Some("flash-signup-rejected")))
}
