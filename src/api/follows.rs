//! `/api/v1/follows`: follow and unfollow people here or elsewhere.

use crate::api::{ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::error::{AppError, AppResult};
use crate::federation::Ctx;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// A follow as clients see it.
#[derive(Debug, Serialize)]
pub struct FollowView {
    pub id: i64,
    pub state: String,
    pub target: ActorView,
    pub created_at: String,
}

#[derive(Debug, Serialize)]
pub struct ActorView {
    pub id: String,
    pub handle: String,
    pub name: String,
    pub url: Option<String>,
    pub local: bool,
    pub manually_approves_followers: bool,
}

impl FollowView {
    fn new(follow: &Follow, target: &Actor) -> FollowView {
        FollowView {
            id: follow.id,
            state: follow.state.clone(),
            target: ActorView {
                id: target.ap_id.to_string(),
                handle: target.handle(),
                name: target.display_name_or_username().to_string(),
                url: target.profile_url.clone(),
                local: target.is_local,
                manually_approves_followers: target.manually_approves_followers,
            },
            created_at: follow.created_at.and_utc().to_rfc3339(),
        }
    }
}

#[derive(Deserialize)]
pub struct CreateFollow {
    target: String,
}

pub async fn create(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<CreateFollow>,
) -> Response {
    let result: AppResult<_> = crate::services::follows::follow(&data, &user, &body.target).await;
    match result {
        Ok((row, target)) => {
            (StatusCode::CREATED, Json(FollowView::new(&row, &target))).into_response()
        }
        Err(e) => e.into_response(),
    }
}

pub async fn list(data: Ctx, ApiUser(user): ApiUser) -> Result<Json<Vec<FollowView>>, AppError> {
    let rows = crate::services::follows::outgoing(&data, &user).await?;
    Ok(Json(
        rows.iter().map(|(f, a)| FollowView::new(f, a)).collect(),
    ))
}

pub async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    // Parsed here so that a bad id gets our JSON error, not the framework's plain text.
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::BadRequest(format!("{id:?} is not a follow id")))?;
    crate::services::follows::unfollow(&data, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
