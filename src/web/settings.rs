//! A member's own settings: profile, locked account, language.

use crate::services::users::ProfileInput;
use crate::text::html_to_text;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

pub async fn form(page: Page) -> WebResult {
    let user = page.require_user()?;
    let actor = crate::services::actors::by_id(&page.data, user.actor_id).await?;
    page.render(
        "settings.html",
        context! {
            form => context! {
                display_name => actor.display_name,
                summary => html_to_text(&actor.summary),
                manually_approves_followers => actor.manually_approves_followers,
                locale => user.locale.clone().unwrap_or_default(),
            },
            saved => false,
            errors => FormErrors::default().view(&page, ""),
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf_token: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    manually_approves_followers: Option<String>,
    #[serde(default)]
    locale: String,
}

pub async fn save(page: Page, Form(form): Form<SettingsForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let input = ProfileInput {
        display_name: &form.display_name,
        summary: &form.summary,
        manually_approves_followers: form.manually_approves_followers.is_some(),
        locale: Some(form.locale.as_str()).filter(|l| !l.is_empty()),
    };
    match crate::services::users::update_profile(&page.data, user, input).await {
        Ok(()) => Ok(page.redirect("/settings", Some("flash-settings-saved"))),
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "") else {
                return Err(e.into());
            };
            let errors = errors.ordered(&["display_name", "summary"]).view(&page, "");
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "settings.html",
                context! {
                    form => context! {
                        display_name => form.display_name,
                        summary => form.summary,
                        manually_approves_followers => form.manually_approves_followers.is_some(),
                        locale => form.locale,
                    },
                    saved => false,
                    errors => errors,
                },
            )
            .await
        }
    }
}
