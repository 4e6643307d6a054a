//! A member's account security (`/settings/security`): two-factor authentication, the
//! sessions logged in (each can be ended), and API tokens with their scopes (made here,
//! shown once, revocable).

use crate::error::AppError;
use crate::services::sessions::{self, Scopes};
use crate::services::two_factor;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use base64::Engine;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// "Firefox on Linux" from a `User-Agent`, enough to tell one's own devices apart.
fn device_label(user_agent: &str) -> Option<String> {
    let ua = user_agent;
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => Some(format!("{b} · {s}")),
        (Some(b), None) => Some(b.to_string()),
        (None, Some(s)) => Some(s.to_string()),
        (None, None) => None,
    }
}

fn when(at: Option<chrono::NaiveDateTime>) -> Value {
    match at {
        Some(at) => context! {
            text => crate::text::utc_minutes(at),
            iso => crate::text::rfc3339(at),
        },
        None => Value::from(()),
    }
}

/// The page with what it lists; `extra` adds a just-made token or a form's errors.
async fn render(page: &Page, status: StatusCode, extra: Value) -> WebResult {
    let user = page.require_user()?;
    let this_session = page.session_id();
    let sessions: Vec<Value> = sessions::list(&page.data, user)
        .await?
        .into_iter()
        .map(|s| {
            context! {
                id => s.id,
                device => device_label(&s.user_agent),
                started => when(Some(s.created_at)),
                seen => when(s.last_seen_at),
                current => Some(s.id) == this_session,
            }
        })
        .collect();
    let tokens: Vec<Value> = sessions::list_api_tokens(&page.data, user)
        .await?
        .into_iter()
        .map(|t| {
            context! {
                id => t.id,
                name => t.name,
                scopes => t.scopes,
                created => when(Some(t.created_at)),
                used => when(t.last_used_at),
            }
        })
        .collect();
    let recovery_left = if user.totp_enabled_at.is_some() {
        two_factor::recovery_left(&page.data, user).await?
    } else {
        0
    };
    // The account's role, even while its admin powers wait for the second factor.
    let may_admin = page.is_admin_account();
    page.render_status(
        status,
        "security.html",
        context! {
            two_factor_on => user.totp_enabled_at.is_some(),
            two_factor_since => when(user.totp_enabled_at),
            recovery_left => recovery_left,
            sessions => sessions,
            tokens => tokens,
            may_admin => may_admin,
            ..extra
        },
    )
    .await
}

pub async fn page(page: Page) -> WebResult {
    render(&page, StatusCode::OK, Value::from(())).await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf_token: String,
}

/// Starts enrolling and shows the QR code.
pub async fn start(page: Page, Form(form): Form<CsrfForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    two_factor::begin(&page.data, user).await?;
    Ok(page.redirect("/settings/security/two-factor", None))
}

/// The QR code and secret of the enrolment under way, and the field for the first code.
pub async fn setup(page: Page) -> WebResult {
    let user = page.require_user()?;
    let Some(enrollment) = two_factor::pending(&page.data, user).await? else {
        return Ok(page.redirect("/settings/security", None));
    };
    render_setup(&page, StatusCode::OK, enrollment, None).await
}

async fn render_setup(
    page: &Page,
    status: StatusCode,
    enrollment: two_factor::Enrollment,
    error: Option<String>,
) -> WebResult {
    let qr = base64::engine::general_purpose::STANDARD.encode(enrollment.qr_svg.as_bytes());
    // Grouped by four, as apps show a secret typed by hand.
    let secret = enrollment
        .secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    page.render_status(
        status,
        "security_two_factor.html",
        context! {
            qr_data_url => format!("data:image/svg+xml;base64,{qr}"),
            secret => secret,
            otpauth => enrollment.url,
            error => error,
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    current_password: String,
}

/// Confirms enrolment with the first code; shows the recovery codes once.
pub async fn confirm(page: Page, Form(form): Form<CodeForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit_login(&user.username)?;
    match two_factor::confirm(&page.data, user, &form.code).await {
        Ok(codes) => {
            page.render(
                "security_recovery.html",
                context! { codes => codes, fresh => true },
            )
            .await
        }
        Err(AppError::Validation(id)) => {
            let Some(enrollment) = two_factor::pending(&page.data, user).await? else {
                return Ok(page.redirect("/settings/security", None));
            };
            render_setup(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                enrollment,
                Some(page.t(id)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A refused form's errors, its fields' ids starting with `prefix` (several forms share
/// the page).
fn refused(
    page: &Page,
    e: AppError,
    field: &'static str,
    prefix: &str,
) -> Result<Value, crate::web::page::WebError> {
    let Some(errors) = FormErrors::of(page, &e, field) else {
        return Err(e.into());
    };
    Ok(errors.view(page, prefix))
}

/// Turns two-factor authentication off (password and a code).
pub async fn disable(page: Page, Form(form): Form<CodeForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Password)?;
    match two_factor::disable(&page.data, user, &form.current_password, &form.code).await {
        Ok(()) => Ok(page.redirect("/settings/security", Some("flash-two-factor-off"))),
        Err(e) => {
            let field = match &e {
                AppError::Validation("password-error-current") => "current_password",
                _ => "code",
            };
            let errors = refused(&page, e, field, "off")?;
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { off_errors => errors },
            )
            .await
        }
    }
}

/// A new set of recovery codes after a code from the app.
pub async fn renew_recovery(page: Page, Form(form): Form<CodeForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit_login(&user.username)?;
    match two_factor::renew_recovery(&page.data, user, &form.code).await {
        Ok(codes) => {
            page.render(
                "security_recovery.html",
                context! { codes => codes, fresh => false },
            )
            .await
        }
        Err(e) => {
            let errors = refused(&page, e, "code", "recovery")?;
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { recovery_errors => errors },
            )
            .await
        }
    }
}

pub async fn end_session(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    sessions::revoke(&page.data, user, id).await?;
    if page.session_id() == Some(id) {
        return Ok(page.redirect("/", Some("flash-logged-out")));
    }
    Ok(page.redirect("/settings/security", Some("flash-session-ended")))
}

pub async fn end_other_sessions(page: Page, Form(form): Form<CsrfForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    sessions::revoke_others(&page.data, user, page.session_id()).await?;
    Ok(page.redirect("/settings/security", Some("flash-sessions-ended")))
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    read: Option<String>,
    #[serde(default)]
    write: Option<String>,
    #[serde(default)]
    admin: Option<String>,
}

/// Makes a token and shows it once, on the page that lists it.
pub async fn create_token(page: Page, Form(form): Form<TokenForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let scopes = Scopes {
        read: form.read.is_some(),
        write: form.write.is_some(),
        admin: form.admin.is_some(),
    };
    let result = if form.name.trim().is_empty() {
        Err(AppError::Validation("token-error-name"))
    } else if scopes
        == (Scopes {
            read: false,
            write: false,
            admin: false,
        })
    {
        Err(AppError::Validation("token-error-scope-none"))
    } else {
        sessions::create_scoped_api_token(&page.data, &user.username, &form.name, Some(scopes))
            .await
    };
    match result {
        Ok(token) => {
            render(
                &page,
                StatusCode::OK,
                context! { new_token => token, new_token_name => form.name.trim() },
            )
            .await
        }
        Err(e) => {
            let field = match &e {
                AppError::Validation("token-error-name") => "name",
                _ => "scopes",
            };
            let errors = refused(&page, e, field, "token")?;
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { token_errors => errors, draft_name => form.name },
            )
            .await
        }
    }
}

pub async fn revoke_token(
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    sessions::revoke_api_token(&page.data, user, id).await?;
    Ok(page.redirect("/settings/security", Some("flash-token-revoked")))
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn devices_are_named_by_browser_and_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_label(firefox).as_deref(), Some("Firefox · Linux"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(iphone).as_deref(), Some("Safari · iOS"));
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
        assert_eq!(device_label(chrome).as_deref(), Some("Chrome · Windows"));
        assert_eq!(device_label(""), None);
    }
}
