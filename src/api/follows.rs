//! `/api/v1/follows`: follow and unfollow people here or elsewhere.

use crate::api::{ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// A follow as clients see it.
#[derive(Debug, Serialize)]
pub struct FollowView {
    pub id: i64,
    pub state: crate::db::models::follow::FollowState,
    pub target: ActorView,
    pub created_at: String,
}

impl FollowView {
    fn new(follow: &Follow, target: &Actor) -> FollowView {
        FollowView {
            id: follow.id,
            state: follow.state,
            target: ActorView::new(target),
            created_at: crate::text::rfc3339(follow.created_at),
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
    let id = crate::api::parse_id(&id, "follow")?;
    crate::services::follows::unfollow(&data, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
