//! The admin page: instance settings, the hub profile (`web::instance`), peer hubs
//! (`peers`), pending sign-ups and the delivery queue.

use crate::web::auth::CsrfOnly;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

/// Forms of the admin page sent back as typed, with why they were refused. The page is
/// answered at the refused form's address, whose GET leads back to `/admin` at the form.
#[derive(Default)]
pub struct Refused {
    pub settings: Option<SettingsDraft>,
    pub hub: Option<crate::web::instance::HubDraft>,
    pub logo: Option<String>,
    pub peer: Option<crate::web::peers::PeerDraft>,
}

/// A refused instance settings form: what was typed and every mistake.
pub struct SettingsDraft {
    name: String,
    description: String,
    registration_mode: String,
    errors: FormErrors,
}

/// The admin page, with `refused` forms kept as they were typed.
pub async fn render(page: &Page, status: StatusCode, refused: Refused) -> WebResult {
    let hub = crate::web::instance::section(page, refused.hub.as_ref(), refused.logo).await?;
    let peers = crate::web::peers::section(page, refused.peer.as_ref()).await?;
    let saved = crate::services::instance::effective(&page.data).await?;
    let settings = match refused.settings {
        Some(d) => context! {
            name => d.name,
            description => d.description,
            registration_mode => d.registration_mode,
            errors => d.errors.ordered(&["name", "description", "registration_mode"]).view(page, ""),
        },
        None => context! {
            name => saved.name,
            description => saved.description,
            registration_mode => saved.registration_mode.as_str(),
            errors => FormErrors::default().view(page, ""),
        },
    };
    let pending: Vec<_> = crate::services::users::list_pending(&page.data)
        .await?
        .into_iter()
        .map(|u| {
            context! {
                id => u.id,
                username => u.username,
                reason => u.signup_reason,
                created_at => crate::text::utc_minutes(u.created_at),
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
            settings => settings,
            pending => pending,
            hub => hub,
            peers => peers,
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
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
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
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => {
                let draft = SettingsDraft {
                    name: form.name,
                    description: form.description,
                    registration_mode: form.registration_mode,
                    errors,
                };
                let refused = Refused {
                    settings: Some(draft),
                    ..Refused::default()
                };
                render(&page, StatusCode::UNPROCESSABLE_ENTITY, refused).await
            }
            None => Err(e.into()),
        },
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
