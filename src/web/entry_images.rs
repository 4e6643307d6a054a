//! The logo and banner of a project or organisation: shown on its pages, uploaded from the
//! edit page with a multipart form and removed there. `services::media` checks uploads, as
//! it does the API's, so both refuse the same files with the same messages.

use crate::db::models::actor::Actor;
use crate::db::models::media::{ROLE_BANNER, ROLE_LOGO};
use crate::error::AppError;
use crate::i18n::Arg;
use crate::services::entries as entries_service;
use crate::services::media as service;
use crate::web::auth::CsrfOnly;
use crate::web::entries::{entry_href, Kind};
use crate::web::entry_form;
use crate::web::page::{Page, WebError, WebResult};
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;

/// The form's file field.
const FILE_FIELD: &str = "image";
/// The route has no body limit (the configured one may exceed axum's 2 MB default), so
/// the handler stops reading here. Past `media.max_upload_bytes` it keeps reading, without
/// keeping, up to this much more: a browser still sending its file when the server
/// answers and closes shows a reset connection instead of the "too large" page.
const DRAIN_BYTES: usize = 32 * 1024 * 1024;
/// Longer than any token; more is not a token and is not kept.
const MAX_TOKEN_BYTES: usize = 128;

fn role_of(raw: &str) -> Result<&'static str, WebError> {
    match raw {
        "logo" => Ok(ROLE_LOGO),
        "banner" => Ok(ROLE_BANNER),
        _ => Err(WebError(AppError::NotFound)),
    }
}

/// A byte count as people read it, in the page's language ("2 MB", "1,5 Mo", "500 KB").
pub fn size_label(page: &Page, bytes: usize) -> String {
    let (value, id) = if bytes >= 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), "entry-images-megabytes")
    } else {
        (bytes as f64 / 1024.0, "entry-images-kilobytes")
    };
    let mut number = format!("{:.1}", (value * 10.0).floor() / 10.0);
    if number.ends_with(".0") {
        number.truncate(number.len() - 2);
    }
    if page.lang == "fr" {
        number = number.replace('.', ",");
    }
    crate::i18n::translate(page.lang, id, &[("size", Arg::Str(number))])
}

/// The logo and banner of an actor, each `url`, `width` and `height`, or none.
async fn views(page: &Page, actor: &Actor) -> Result<[(&'static str, Option<Value>); 2], WebError> {
    let media = service::of_actor(&page.data, actor.id).await?;
    let view = |role: &'static str| {
        let found = media.iter().find(|m| m.role == role).map(|m| {
            context! {
                url => service::url(&page.data, m),
                width => m.width,
                height => m.height,
            }
        });
        (role, found)
    };
    Ok([view(ROLE_LOGO), view(ROLE_BANNER)])
}

/// The logo and banner of an actor for its page.
pub async fn images_view(page: &Page, actor: &Actor) -> Result<Value, WebError> {
    let [(_, logo), (_, banner)] = views(page, actor).await?;
    Ok(context! { logo => logo, banner => banner })
}

/// A refused upload, shown on the edit page next to the form it came from.
pub struct Refusal {
    pub role: &'static str,
    pub message: String,
    pub status: StatusCode,
}

/// The images section of the edit page.
pub async fn section(
    page: &Page,
    actor: &Actor,
    refusal: Option<&Refusal>,
) -> Result<Value, WebError> {
    let slots: Vec<Value> = views(page, actor)
        .await?
        .into_iter()
        .map(|(role, current)| {
            context! {
                role => role,
                current => current,
                error => refusal.filter(|r| r.role == role).map(|r| r.message.clone()),
            }
        })
        .collect();
    Ok(context! {
        slots => slots,
        max_size => size_label(page, page.data.config.media.max_upload_bytes),
        error => refusal.map(|r| context! { role => r.role, message => r.message }),
    })
}

/// What the multipart form held. The file is only kept up to the limit.
#[derive(Default)]
pub(crate) struct Upload {
    pub csrf_token: String,
    pub image: Vec<u8>,
    pub too_large: bool,
    /// The text of the form's other fields (a file's name), each up to 1 kB.
    pub text: Vec<(String, String)>,
}

/// Reads the form's fields, keeping at most `limit` bytes of the file (the field named
/// `file_field`) and reading at most [`DRAIN_BYTES`] more in all.
pub(crate) async fn read_upload(
    multipart: &mut Multipart,
    file_field: &str,
    limit: usize,
) -> Result<Upload, MultipartError> {
    let mut upload = Upload::default();
    let mut read = 0usize;
    'fields: while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_string();
        let mut token = Vec::new();
        let mut text = Vec::new();
        while let Some(chunk) = field.chunk().await? {
            read += chunk.len();
            if name == file_field && !upload.too_large {
                upload.image.extend_from_slice(&chunk);
                if upload.image.len() > limit {
                    upload.too_large = true;
                    upload.image = Vec::new();
                }
            } else if name == "csrf_token" && token.len() <= MAX_TOKEN_BYTES {
                token.extend_from_slice(&chunk);
            } else if name != file_field && text.len() <= 1024 {
                text.extend_from_slice(&chunk);
            }
            if read > limit.saturating_add(DRAIN_BYTES) {
                upload.too_large = true;
                break 'fields;
            }
        }
        if name == "csrf_token" {
            upload.csrf_token = String::from_utf8(token).unwrap_or_default();
        } else if name != file_field {
            text.truncate(1024);
            upload
                .text
                .push((name, String::from_utf8_lossy(&text).into_owned()));
        }
    }
    Ok(upload)
}

/// The edit page again, with the refusal shown at the form of `role`.
async fn refuse(
    page: Page,
    kind: &'static str,
    handle: &str,
    role: &'static str,
    message: String,
    status: StatusCode,
) -> WebResult {
    let refusal = Refusal {
        role,
        message,
        status,
    };
    entry_form::edit_page(page, kind, handle, Some(refusal)).await
}

fn images_href(kind: &str, handle: &str) -> String {
    format!("{}/edit#images", entry_href(kind, handle))
}

/// `POST /{kind}/{handle}/images/{role}`: a member uploads the logo or banner
/// (`multipart/form-data` with `csrf_token` and `image`).
pub async fn upload(
    page: Page,
    Kind(kind): Kind,
    Path((handle, role)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let role = role_of(&role)?;
    let user = page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, &handle).await?;
    // Before reading the body: strangers do not get to make the hub read megabytes.
    entries_service::require_member(&page.data, user, &actor, false).await?;
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let limit = page.data.config.media.max_upload_bytes;
    let upload = read_upload(&mut multipart, FILE_FIELD, limit)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    page.check_csrf(&upload.csrf_token)?;
    let too_large = || {
        let size = size_label(&page, limit);
        let args = [("size", Arg::Str(size))];
        crate::i18n::translate(page.lang, "entry-images-error-too-large", &args)
    };
    let (message, status) = if upload.too_large {
        (too_large(), StatusCode::PAYLOAD_TOO_LARGE)
    } else if upload.image.is_empty() {
        (page.t("entry-images-error-empty"), StatusCode::BAD_REQUEST)
    } else {
        match service::set_image(&page.data, user, &actor, role, &upload.image).await {
            Ok(_) => {
                let flash = format!("flash-entry-{role}-saved");
                return Ok(page.redirect(&images_href(kind, &actor.username), Some(&flash)));
            }
            Err(AppError::Validation("media-error-too-large")) => {
                (too_large(), StatusCode::PAYLOAD_TOO_LARGE)
            }
            Err(AppError::Validation(id)) => (page.t(id), StatusCode::BAD_REQUEST),
            Err(e) => return Err(e.into()),
        }
    };
    refuse(page, kind, &handle, role, message, status).await
}

/// `POST /{kind}/{handle}/images/{role}/remove`: a member removes the logo or banner.
pub async fn remove(
    page: Page,
    Kind(kind): Kind,
    Path((handle, role)): Path<(String, String)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let role = role_of(&role)?;
    let user = page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, &handle).await?;
    service::remove_image(&page.data, user, &actor, role).await?;
    let flash = format!("flash-entry-{role}-removed");
    Ok(page.redirect(&images_href(kind, &actor.username), Some(&flash)))
}
