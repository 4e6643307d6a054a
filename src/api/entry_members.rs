//! Members, invitations, partner links and images of projects and organisations, under
//! `/api/v1/{kind}/{handle}/...` (the routes are in [`super::entries::router`]).

use crate::api::entries::{Kind, LinkView};
use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::membership::{MemberRole, MembershipState};
use crate::error::AppError;
use crate::services::entries;
use crate::services::memberships;
use crate::state::Ctx;
use axum::extract::{Extension, Path};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// A member as clients see it.
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub user_id: i64,
    pub handle: String,
    pub role: MemberRole,
    pub state: MembershipState,
}

pub(super) async fn list_members(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    user: Option<ApiUser>,
    Path(handle): Path<String>,
) -> Result<Json<Vec<MemberView>>, AppError> {
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    // Invitations are visible to members only.
    let is_member = match &user {
        Some(ApiUser(u)) => entries::require_member(&data, u, &actor, false)
            .await
            .is_ok(),
        None => false,
    };
    let domain = &data.config.server.domain;
    Ok(Json(
        memberships::list(&data, &actor)
            .await?
            .into_iter()
            .filter(|(m, _)| is_member || m.is_active())
            .map(|(m, u)| MemberView {
                user_id: u.id,
                handle: format!("@{}@{domain}", u.username),
                role: m.role,
                state: m.state,
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InviteBody {
    handle: String,
    role: String,
}

pub(super) async fn invite(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<MemberView>), AppError> {
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    let (m, u) = memberships::invite(&data, &user, &actor, &body.handle, &body.role).await?;
    Ok((
        StatusCode::CREATED,
        Json(MemberView {
            user_id: u.id,
            handle: format!("@{}@{}", u.username, data.config.server.domain),
            role: m.role,
            state: m.state,
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RoleBody {
    role: String,
}

pub(super) async fn change_member(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path((handle, user_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<RoleBody>,
) -> Result<StatusCode, AppError> {
    let user_id = parse_id(&user_id, "user")?;
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    memberships::change(&data, &user, &actor, user_id, Some(&body.role)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) async fn remove_member(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path((handle, user_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let user_id = parse_id(&user_id, "user")?;
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    memberships::change(&data, &user, &actor, user_id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswerBody {
    accept: bool,
}

pub(super) async fn answer_invitation(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<StatusCode, AppError> {
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    memberships::answer(&data, &user, &actor, body.accept).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LinkBody {
    organisation: String,
    role: String,
}

pub(super) async fn link(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<LinkBody>,
) -> Result<(StatusCode, Json<LinkView>), AppError> {
    let (l, org) = crate::services::entry_links::link_organisation(
        &data,
        &user,
        &handle,
        &body.organisation,
        &body.role,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(LinkView {
            id: l.id,
            role: l.role,
            entry: ActorView::new(&org),
        }),
    ))
}

pub(super) async fn unlink(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((handle, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "link")?;
    crate::services::entry_links::unlink(&data, &user, &handle, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A logo or banner as clients see it.
#[derive(Debug, Serialize)]
pub struct MediaView {
    pub role: String,
    pub url: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
}

/// `PUT /{kind}/{handle}/logo` or `/banner`: the body is the image itself.
pub(super) async fn set_image(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path((handle, image)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Json<MediaView>, AppError> {
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    let media = crate::services::media::set_image(&data, &user, &actor, &image, &body).await?;
    Ok(Json(MediaView {
        url: crate::services::media::url(&data, &media),
        role: media.role,
        content_type: media.content_type,
        width: media.width,
        height: media.height,
    }))
}

pub(super) async fn remove_image(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path((handle, image)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    crate::services::media::remove_image(&data, &user, &actor, &image).await?;
    Ok(StatusCode::NO_CONTENT)
}
