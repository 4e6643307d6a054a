//! Sign-up, log-in and log-out.

use crate::error::AppError;
use crate::limits::Action;
use crate::web::form_errors::FormErrors;
use crate::web::page::{login_href, same_site_path, signup_href, Page, WebResult, SESSION_COOKIE};
use axum::extract::Query;
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
    /// The code of an invite link (`/signup?invite=CODE`), or typed.
    #[serde(default)]
    invite: String,
    #[serde(default)]
    email: String,
    /// Where "log in" goes back to afterwards: a path on this site, anything else is ignored.
    #[serde(default)]
    next: String,
}

/// The sign-up form's fields, in their order on the page.
const SIGNUP_FIELDS: &[&str] = &[
    "invite",
    "username",
    "email",
    "password",
    "password_confirm",
    "reason",
];

#[derive(Deserialize)]
pub struct SignupQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    invite: String,
}

/// What the sign-up page needs to send its reader back to `next` after logging in: the form's
/// own address (kept by a reload), the hidden field, and the "log in" link.
fn signup_context(next: &str) -> minijinja::Value {
    let next = same_site_path(next).unwrap_or("");
    context! { next => next, action => signup_href(next), login_link => login_href(next) }
}

/// The sign-up form; opened from an invite link, it says at once if the invite cannot be
/// used any more (expired, revoked, used up), before anything is typed.
pub async fn signup_form(page: Page, Query(query): Query<SignupQuery>) -> WebResult {
    let invite = query.invite.trim();
    let mut errors = FormErrors::default();
    if !invite.is_empty() {
        if let Err(e) = crate::services::invites::usable(&page.data, invite).await {
            errors = FormErrors::of(&page, &e, "invite").ok_or(e)?;
        }
    }
    let errors = errors.view(&page, "");
    page.render(
        "signup.html",
        context! {
            errors => errors,
            form => context! { invite => invite },
            ..signup_context(&query.next)
        },
    )
    .await
}

pub async fn signup(page: Page, Form(form): Form<SignupForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.limit(Action::Signup)?;
    let input = crate::services::users::SignUp {
        username: &form.username,
        password: &form.password,
        password_confirm: &form.password_confirm,
        reason: &form.reason,
        invite: &form.invite,
        email: &form.email,
        lang: page.lang,
    };
    match crate::services::users::sign_up(&page.data, input).await {
        Ok(user) => {
            let pending = user.status != crate::db::models::user::STATUS_ACTIVE;
            let next = same_site_path(&form.next).unwrap_or("");
            let login_link = login_href(next);
            page.render(
                "signup_done.html",
                context! { pending => pending, login_link => login_link },
            )
            .await
        }
        Err(e) => match FormErrors::of(&page, &e, "") {
            // Answered at `/signup`, whose GET is this form: the address can be reloaded.
            Some(errors) => {
                let errors = errors.ordered(SIGNUP_FIELDS).view(&page, "");
                page.render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "signup.html",
                    context! {
                        errors => errors,
                        form => context! {
                            username => form.username,
                            email => form.email,
                            reason => form.reason,
                            invite => form.invite,
                        },
                        ..signup_context(&form.next)
                    },
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf_token: String,
    username: String,
    password: String,
    /// Where to go afterwards: a path on this site, anything else is ignored.
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn login_form(page: Page, Query(query): Query<NextQuery>) -> WebResult {
    let next = same_site_path(&query.next).unwrap_or("");
    page.render(
        "login.html",
        context! {
            form => context! {},
            next => next,
            action => login_href(next),
            signup_link => signup_href(next),
        },
    )
    .await
}

pub async fn login(
    page: Page,
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.limit_login(&form.username)?;
    let next = same_site_path(&form.next).unwrap_or("/").to_string();
    match crate::services::users::authenticate(&page.data, &form.username, &form.password).await {
        Ok(user) => {
            let user_agent = headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let (token, session) =
                crate::services::sessions::log_in(&page.data, &user, user_agent).await?;
            // With two-factor authentication on, the cookie names a session that is not
            // logged in until a code is given.
            let (to, max_age) = if session.second_factor_pending {
                (two_factor_href(&next), 600)
            } else {
                (next, crate::services::sessions::SESSION_DAYS * 86_400)
            };
            let mut response = page.redirect(&to, None);
            response
                .headers_mut()
                .append(SET_COOKIE, page.cookie(SESSION_COOKIE, &token, max_age));
            Ok(response)
        }
        Err(AppError::Validation(id)) => {
            page.render_status(
                StatusCode::UNAUTHORIZED,
                "login.html",
                context! {
                    error => page.t(id),
                    form => context! { username => form.username },
                    next => same_site_path(&form.next).unwrap_or(""),
                    // A reload of the refused form's address keeps where to go.
                    action => login_href(same_site_path(&form.next).unwrap_or("")),
                    signup_link => signup_href(same_site_path(&form.next).unwrap_or("")),
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn two_factor_href(next: &str) -> String {
    crate::web::page::coming_back("/login/two-factor", next)
}

/// The second step of a log-in with two-factor authentication on: a code from the app or a
/// recovery code.
pub async fn two_factor_form(
    page: Page,
    headers: axum::http::HeaderMap,
    Query(query): Query<NextQuery>,
) -> WebResult {
    let waiting = match crate::web::page::cookie_value(&headers, SESSION_COOKIE) {
        Some(token) => crate::services::sessions::find_pending(&page.data, &token).await?,
        None => None,
    };
    if waiting.is_none() {
        // Expired, or opened without the password first.
        return Ok(page.redirect(&login_href(same_site_path(&query.next).unwrap_or("")), None));
    }
    let next = same_site_path(&query.next).unwrap_or("");
    page.render(
        "login_two_factor.html",
        context! { next => next, error => None::<String> },
    )
    .await
}

#[derive(Deserialize)]
pub struct TwoFactorForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

pub async fn two_factor(
    page: Page,
    headers: axum::http::HeaderMap,
    Form(form): Form<TwoFactorForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let Some(token) = crate::web::page::cookie_value(&headers, SESSION_COOKIE) else {
        return Ok(page.redirect(&login_href(same_site_path(&form.next).unwrap_or("")), None));
    };
    let waiting = crate::services::sessions::find_pending(&page.data, &token).await?;
    if let Some((_, user)) = &waiting {
        // Codes are guessable in a million tries: counted as log-ins of the account.
        page.limit_login(&user.username)?;
    }
    let next = same_site_path(&form.next).unwrap_or("/").to_string();
    match crate::services::sessions::complete_second_factor(&page.data, &token, &form.code).await {
        Ok(_) => {
            let mut response = page.redirect(&next, None);
            let max_age = crate::services::sessions::SESSION_DAYS * 86_400;
            response
                .headers_mut()
                .append(SET_COOKIE, page.cookie(SESSION_COOKIE, &token, max_age));
            Ok(response)
        }
        Err(AppError::Validation("two-factor-error-expired")) => {
            Ok(page.redirect(&login_href(same_site_path(&form.next).unwrap_or("")), None))
        }
        Err(AppError::Validation(id)) => {
            page.render_status(
                StatusCode::UNAUTHORIZED,
                "login_two_factor.html",
                context! { next => same_site_path(&form.next).unwrap_or(""), error => page.t(id) },
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
