//! `/settings/account`: a member's data. Download an archive of everything they own or
//! their follows as Mastodon's CSV, import a follows CSV (from Mastodon or another hub),
//! and delete the account (after handing over what they run).

use crate::error::AppError;
use crate::services::{accounts, archives};
use crate::web::entry_images::read_upload;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult, SESSION_COOKIE};
use axum::extract::multipart::MultipartRejection;
use axum::extract::Multipart;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// Largest follows CSV read (7,500 addresses fit in well under this).
const MAX_CSV_BYTES: usize = 1024 * 1024;

async fn render(page: &Page, status: StatusCode, extra: Value) -> WebResult {
    let user = page.require_user()?;
    let hand_over: Vec<Value> = accounts::hand_over_first(&page.data, user)
        .await?
        .into_iter()
        .map(|a| {
            context! {
                name => a.display_name_or_username().to_string(),
                href => a.profile_url.clone().unwrap_or_else(|| a.ap_id.to_string()),
            }
        })
        .collect();
    let extras = crate::services::profiles::extras_of(&page.data, user.actor_id).await?;
    page.render_status(
        status,
        "account_data.html",
        context! {
            hand_over => hand_over,
            aliases => extras.aliases().join("\n"),
            moved_to => extras.moved_to,
            ..extra
        },
    )
    .await
}

pub async fn page(page: Page) -> WebResult {
    render(&page, StatusCode::OK, Value::from(())).await
}

fn download(bytes: Vec<u8>, content_type: &str, file_name: &str) -> axum::response::Response {
    (
        [
            (CONTENT_TYPE, content_type.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /settings/account/archive`: everything, as a `.tar.gz`.
pub async fn archive(page: Page) -> WebResult {
    let user = page.require_user()?;
    let bytes = archives::archive(&page.data, user).await?;
    let name = format!(
        "{}-{}-archive.tar.gz",
        user.username,
        page.data.config.host()
    );
    Ok(download(bytes, "application/gzip", &name))
}

/// `GET /settings/account/following_accounts.csv`: who the member follows, as Mastodon
/// exports it (and imports it).
pub async fn following_csv(page: Page) -> WebResult {
    let user = page.require_user()?;
    let text = archives::following_csv(&page.data, user).await?;
    Ok(download(
        text.into_bytes(),
        "text/csv; charset=utf-8",
        "following_accounts.csv",
    ))
}

/// `POST /settings/account/import`: multipart with `csrf_token` and `csv`. The accounts are
/// followed in the background (each may need a request to its server); the page says how
/// many are on their way.
pub async fn import(page: Page, multipart: Result<Multipart, MultipartRejection>) -> WebResult {
    let user = page.require_user()?.clone();
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let upload = read_upload(&mut multipart, "csv", MAX_CSV_BYTES)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    page.check_csrf(&upload.csrf_token)?;
    let parsed = if upload.too_large {
        Err(AppError::Validation("import-error-too-many"))
    } else {
        let text = String::from_utf8_lossy(&upload.image).to_string();
        archives::parse_follows(&text)
    };
    match parsed {
        Ok(handles) => {
            let data = page.data.clone();
            let count = handles.len();
            tokio::spawn(async move {
                archives::import_follows(&data, &user, &handles).await;
            });
            render(&page, StatusCode::OK, context! { imported => count }).await
        }
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "csv") else {
                return Err(e.into());
            };
            let errors = errors.view(&page, "import");
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { import_errors => errors },
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /settings/account/delete`: the password and the user name typed again.
pub async fn delete(page: Page, Form(form): Form<DeleteForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Password)?;
    match accounts::delete_account(&page.data, user, &form.current_password, &form.confirm).await {
        Ok(()) => {
            let mut response = page.redirect("/", Some("flash-account-deleted"));
            response
                .headers_mut()
                .append(SET_COOKIE, page.cookie(SESSION_COOKIE, "", 0));
            Ok(response)
        }
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "") else {
                return Err(e.into());
            };
            let errors = errors
                .ordered(&["confirm", "current_password"])
                .view(&page, "delete");
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { delete_errors => errors },
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct AliasesForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    aliases: String,
}

/// `POST /settings/account/aliases`: the accounts the member also is, one per line.
pub async fn aliases(page: Page, Form(form): Form<AliasesForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let handles: Vec<String> = form.aliases.lines().map(str::to_string).collect();
    match crate::services::moves::set_aliases(&page.data, user, &handles).await {
        Ok(_) => Ok(page.redirect(
            "/settings/account#move-heading",
            Some("flash-aliases-saved"),
        )),
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "aliases") else {
                return Err(e.into());
            };
            let errors = errors.view(&page, "alias");
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { alias_errors => errors },
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    current_password: String,
}

/// `POST /settings/account/move`: the new account and the password.
pub async fn move_away(page: Page, Form(form): Form<MoveForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Password)?;
    let result =
        if !crate::services::users::verify_password(&form.current_password, &user.password_hash)
            .await
        {
            Err(AppError::Validation("password-error-current"))
        } else {
            crate::services::moves::move_to(&page.data, user, &form.target)
                .await
                .map(|_| ())
        };
    match result {
        Ok(()) => Ok(page.redirect("/settings/account#move-heading", Some("flash-moved"))),
        Err(e) => {
            let field = match &e {
                AppError::Validation("password-error-current") => "current_password",
                _ => "target",
            };
            let Some(errors) = FormErrors::of(&page, &e, field) else {
                return Err(e.into());
            };
            let errors = errors.view(&page, "move");
            render(
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
                context! { move_errors => errors },
            )
            .await
        }
    }
}
