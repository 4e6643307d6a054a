//! `/api/v1/profile`: the member's own profile (name, bio as Markdown, fields, languages,
//! country, pictures, other accounts, where they moved) read and changed; their archive and
//! follows CSV, and a follows import, as on `/settings/account`.

use crate::api::{ApiJson, ApiUser};
use crate::error::{AppError, AppResult};
use crate::services::{archives, profiles};
use crate::state::Ctx;
use axum::body::Bytes;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router {
    Router::new()
        .route("/profile", get(read).patch(patch))
        .route("/profile/archive", get(archive))
        .route("/profile/following.csv", get(following_csv))
        .route("/profile/import_follows", post(import_follows))
        .route("/profile/aliases", axum::routing::put(aliases))
        .route("/profile/move", post(move_to))
        .route("/profile/delete", post(delete))
}

#[derive(Deserialize)]
struct AliasesBody {
    /// Handles or ids of the member's other accounts; empty removes them all.
    aliases: Vec<String>,
}

#[derive(Serialize)]
struct AliasesView {
    also_known_as: Vec<String>,
}

/// `PUT /profile/aliases`: the accounts the member also is (`alsoKnownAs`), so that they
/// can move here.
async fn aliases(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<AliasesBody>,
) -> AppResult<Json<AliasesView>> {
    let ids = crate::services::moves::set_aliases(&data, &user, &body.aliases).await?;
    Ok(Json(AliasesView { also_known_as: ids }))
}

#[derive(Deserialize)]
struct MoveBody {
    target: String,
}

#[derive(Serialize)]
struct MovedView {
    moved_to: String,
}

/// `POST /profile/move {target}`: the member moves to an account that names them.
async fn move_to(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<MoveBody>,
) -> AppResult<Json<MovedView>> {
    let new = crate::services::moves::move_to(&data, &user, &body.target).await?;
    Ok(Json(MovedView {
        moved_to: new.ap_id.to_string(),
    }))
}

#[derive(Deserialize)]
struct DeleteBody {
    password: String,
    /// The member's username, typed again.
    confirm: String,
}

/// `POST /profile/delete {password, confirm}`: deletes the account (the README's policy);
/// every server that knows it gets a `Delete`.
async fn delete(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<DeleteBody>,
) -> AppResult<StatusCode> {
    crate::services::accounts::delete_account(&data, &user, &body.password, &body.confirm).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, Clone)]
struct FieldView {
    name: String,
    /// Plain text (a link's address) when read; what to show when written.
    value: String,
}

#[derive(Serialize)]
struct ProfileView {
    display_name: String,
    /// The bio as typed (Markdown).
    summary: String,
    manually_approves_followers: bool,
    fields: Vec<FieldView>,
    languages: Vec<String>,
    country: Option<String>,
    avatar: Option<String>,
    header: Option<String>,
    also_known_as: Vec<String>,
    moved_to: Option<String>,
}

async fn view(data: &Ctx, user: &crate::db::models::user::User) -> AppResult<ProfileView> {
    let actor = crate::services::actors::by_id(data, user.actor_id).await?;
    let extras = profiles::extras_of(data, actor.id).await?;
    let (avatar, header) = profiles::pictures(data, actor.id).await?;
    Ok(ProfileView {
        summary: profiles::bio_source(data, user, &actor).await?,
        display_name: actor.display_name.clone(),
        manually_approves_followers: actor.manually_approves_followers,
        fields: extras
            .field_list()
            .into_iter()
            .map(|f| FieldView {
                name: f.name,
                value: profiles::value_text(&f.value),
            })
            .collect(),
        languages: extras.language_list(),
        country: extras.country.clone(),
        avatar,
        header,
        also_known_as: extras.aliases(),
        moved_to: extras.moved_to,
    })
}

async fn read(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<ProfileView>> {
    Ok(Json(view(&data, &user).await?))
}

/// `PATCH /api/v1/profile`: fields left out keep their value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilePatch {
    display_name: Option<String>,
    summary: Option<String>,
    manually_approves_followers: Option<bool>,
    fields: Option<Vec<FieldView>>,
    languages: Option<Vec<String>>,
    country: Option<String>,
}

async fn patch(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<ProfilePatch>,
) -> AppResult<Json<ProfileView>> {
    let current = view(&data, &user).await?;
    let fields = body.fields.unwrap_or(current.fields);
    if fields.len() > profiles::MAX_FIELDS {
        return Err(AppError::Validation("profile-error-fields-many"));
    }
    let languages = body.languages.unwrap_or(current.languages).join(" ");
    let display_name = body.display_name.unwrap_or(current.display_name);
    let summary = body.summary.unwrap_or(current.summary);
    let country = body.country.or(current.country).unwrap_or_default();
    let input = profiles::ProfileInput {
        display_name: &display_name,
        summary: &summary,
        manually_approves_followers: body
            .manually_approves_followers
            .unwrap_or(current.manually_approves_followers),
        locale: user.locale.as_deref(),
        fields: fields.into_iter().map(|f| (f.name, f.value)).collect(),
        languages: &languages,
        country: &country,
    };
    profiles::update(&data, &user, input).await?;
    Ok(Json(view(&data, &user).await?))
}

async fn archive(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Response> {
    let bytes = archives::archive(&data, &user).await?;
    let name = format!("{}-{}-archive.tar.gz", user.username, data.config.host());
    Ok((
        [
            (CONTENT_TYPE, "application/gzip".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn following_csv(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Response> {
    let text = archives::following_csv(&data, &user).await?;
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], text).into_response())
}

#[derive(Serialize)]
struct ImportView {
    /// How many accounts are being followed (in the background).
    queued: usize,
}

/// `POST /api/v1/profile/import_follows` with the CSV as the body: `202 {"queued": N}`.
async fn import_follows(
    data: Ctx,
    ApiUser(user): ApiUser,
    body: Bytes,
) -> AppResult<(StatusCode, Json<ImportView>)> {
    let text = std::str::from_utf8(&body).map_err(|_| AppError::Validation("import-error-csv"))?;
    let handles = archives::parse_follows(text)?;
    let queued = handles.len();
    tokio::spawn(async move {
        archives::import_follows(&data, &user, &handles).await;
    });
    Ok((StatusCode::ACCEPTED, Json(ImportView { queued })))
}
