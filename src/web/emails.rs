//! A member's e-mail address (`/settings/email`: the confirmed one, one waiting for its
//! link, a form for a new one) and the confirmation link (`/email/verify/{secret}`); the
//! password reset by e-mail (`/password/forgot`, `/password/reset/{secret}`).

use crate::error::AppError;
use crate::limits::Action;
use crate::services::emails;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

async fn render_settings(
    page: &Page,
    status: StatusCode,
    draft: &str,
    errors: Option<FormErrors>,
) -> WebResult {
    let user = page.require_user()?;
    let pending = emails::pending_address(&page.data, user).await?;
    let errors = errors
        .unwrap_or_default()
        .ordered(&["email", "current_password"])
        .view(page, "");
    page.render_status(
        status,
        "email_settings.html",
        context! { current => user.email, pending => pending, draft => draft, errors => errors },
    )
    .await
}

/// `GET /settings/email`
pub async fn settings(page: Page) -> WebResult {
    render_settings(&page, StatusCode::OK, "", None).await
}

#[derive(Deserialize)]
pub struct AddressForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

/// `POST /settings/email`: sends a confirmation link to the new address.
pub async fn change(page: Page, Form(form): Form<AddressForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(Action::Password)?;
    match emails::change_address(
        &page.data,
        user,
        &form.email,
        &form.current_password,
        page.lang,
    )
    .await
    {
        Ok(()) => Ok(page.redirect("/settings/email", Some("flash-email-sent"))),
        Err(e) => match FormErrors::of(&page, &e, "email") {
            Some(errors) => {
                render_settings(
                    &page,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &form.email,
                    Some(errors),
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

/// A page saying a link no longer works (410: it did once).
async fn dead_link(page: &Page, again: &str) -> WebResult {
    page.render_status(
        StatusCode::GONE,
        "email_link.html",
        context! { again => again },
    )
    .await
}

/// `GET /email/verify/{secret}`
pub async fn verify(page: Page, Path(secret): Path<String>) -> WebResult {
    match emails::verify(&page.data, &secret).await {
        Ok(_) => {
            let to = if page.user.is_some() {
                "/settings/email"
            } else {
                "/login"
            };
            Ok(page.redirect(to, Some("flash-email-verified")))
        }
        Err(AppError::Validation("email-error-link")) => dead_link(&page, "/settings/email").await,
        Err(AppError::Validation(code)) => Ok(page.redirect("/settings/email", Some(code))),
        Err(e) => Err(e.into()),
    }
}

/// `GET /password/forgot`
pub async fn forgot(page: Page) -> WebResult {
    let errors = FormErrors::default().view(&page, "");
    page.render(
        "password_forgot.html",
        context! { errors => errors, who => "" },
    )
    .await
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    who: String,
}

/// `POST /password/forgot`: the same answer whether or not the account exists.
pub async fn forgot_send(page: Page, Form(form): Form<ForgotForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.limit(Action::Password)?;
    match emails::request_reset(&page.data, &form.who).await {
        Ok(()) => {
            let hours = page.data.config.email.reset_link_hours.max(1);
            page.render("password_forgot_sent.html", context! { hours => hours })
                .await
        }
        Err(e) => match FormErrors::of(&page, &e, "who") {
            Some(errors) => {
                let errors = errors.view(&page, "");
                page.render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "password_forgot.html",
                    context! { errors => errors, who => form.who },
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

/// `GET /password/reset/{secret}`
pub async fn reset_form(page: Page, Path(secret): Path<String>) -> WebResult {
    if !emails::reset_link_valid(&page.data, &secret).await? {
        return dead_link(&page, "/password/forgot").await;
    }
    let errors = FormErrors::default().view(&page, "");
    page.render(
        "password_reset.html",
        context! { errors => errors, secret => secret },
    )
    .await
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

/// `POST /password/reset/{secret}`: the new password; every session ends, so the member
/// logs in again with it.
pub async fn reset(
    page: Page,
    Path(secret): Path<String>,
    Form(form): Form<ResetForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.limit(Action::Password)?;
    let result = emails::reset_password(
        &page.data,
        &secret,
        &form.new_password,
        &form.new_password_confirm,
    )
    .await;
    match result {
        Ok(_) => Ok(page.redirect("/login", Some("flash-password-reset"))),
        Err(AppError::Validation("email-error-link")) => dead_link(&page, "/password/forgot").await,
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => {
                let errors = errors
                    .ordered(&["new_password", "new_password_confirm"])
                    .view(&page, "");
                page.render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "password_reset.html",
                    context! { errors => errors, secret => secret },
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}
