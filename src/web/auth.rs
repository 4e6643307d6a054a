//! Sign-up, log-in and log-out.

use crate::error::AppError;
use crate::web::page::{Page, WebResult, SESSION_COOKIE};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SignupForm {
    csrf_token: String,
    username: String,
    password: String,
    password_confirm: String,
    #[serde(default)]
    reason: String,
}

pub async fn signup_form(page: Page) -> WebResult {
    page.render(
        "signup.html",
        context! { errors => Vec::<String>::new(), form => context! {} },
    )
    .await
}

pub async fn signup(page: Page, Form(form): Form<SignupForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    match crate::services::users::sign_up(
        &page.data,
        &form.username,
        &form.password,
        &form.password_confirm,
        &form.reason,
    )
    .await
    {
        Ok(user) => {
            let pending = user.status != crate::db::models::user::STATUS_ACTIVE;
            page.render("signup_done.html", context! { pending => pending })
                .await
        }
        Err(AppError::Validation(id)) => {
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "signup.html",
                context! {
                    errors => vec![page.t(id)],
                    form => context! { username => form.username, reason => form.reason },
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf_token: String,
    username: String,
    password: String,
}

pub async fn login_form(page: Page) -> WebResult {
    page.render("login.html", context! { form => context! {} })
        .await
}

pub async fn login(page: Page, Form(form): Form<LoginForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    match crate::services::users::authenticate(&page.data, &form.username, &form.password).await {
        Ok(user) => {
            let (token, _) = crate::services::sessions::create(&page.data, &user).await?;
            let mut response = page.redirect("/", None);
            let max_age = crate::services::sessions::SESSION_DAYS * 86_400;
            response
                .headers_mut()
                .append(SET_COOKIE, page.cookie(SESSION_COOKIE, &token, max_age));
            Ok(response)
        }
        Err(AppError::Validation(id)) => {
            page.render_status(
                StatusCode::UNAUTHORIZED,
                "login.html",
                context! { error => page.t(id), form => context! { username => form.username } },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    // A missing token is a CSRF failure (403), not a malformed form (422).
    #[serde(default)]
    pub csrf_token: String,
}

pub async fn logout(
    page: Page,
    headers: axum::http::HeaderMap,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    if let Some(token) = crate::web::page::cookie_value(&headers, SESSION_COOKIE) {
        crate::services::sessions::destroy(&page.data, &token).await?;
    }
    let mut response = page.redirect("/", Some("flash-logged-out"));
    response
        .headers_mut()
        .append(SET_COOKIE, page.cookie(SESSION_COOKIE, "", 0));
    Ok(response)
}
