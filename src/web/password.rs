//! A member changes their password (`/settings/password`), within `limits.password`.

use crate::limits::Action;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

const FIELDS: &[&str] = &["current_password", "new_password", "new_password_confirm"];

pub async fn form(page: Page) -> WebResult {
    page.require_user()?;
    let errors = FormErrors::default().view(&page, "");
    page.render("password.html", context! { errors => errors })
        .await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

pub async fn save(page: Page, Form(form): Form<PasswordForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    // Counted before the current password is checked: it is what a guesser would try.
    page.limit(Action::Password)?;
    let result = crate::services::users::change_password(
        &page.data,
        user,
        &form.current_password,
        &form.new_password,
        &form.new_password_confirm,
        page.session_id(),
    )
    .await;
    match result {
        Ok(()) => Ok(page.redirect("/settings", Some("flash-password-changed"))),
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "") else {
                return Err(e.into());
            };
            // Passwords are never sent back: the form comes back empty, with its messages.
            let errors = errors.ordered(FIELDS).view(&page, "");
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "password.html",
                context! { errors => errors },
            )
            .await
        }
    }
}
