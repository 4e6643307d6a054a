//! `/api/v1/admin/invites`: an admin lists, creates and revokes invite links.

use crate::api::{parse_id, ApiJson, ApiUser};
use crate::error::{AppError, AppResult};
use crate::services::invites::{self as service, InviteDetails, InviteInput};
use crate::state::Ctx;
use crate::text::rfc3339;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn admin_router() -> Router {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{id}", axum::routing::delete(revoke))
}

/// An invite link as clients see it.
#[derive(Debug, Serialize)]
pub struct InviteView {
    pub id: i64,
    pub code: String,
    /// The link to hand out (`/invite/CODE`, leading to the sign-up form).
    pub url: String,
    /// `active`, `expired`, `revoked` or `used_up`.
    pub state: &'static str,
    pub uses: i32,
    /// null: unlimited.
    pub max_uses: Option<i32>,
    /// null: never.
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub created_at: String,
}

impl InviteView {
    fn new(d: &InviteDetails) -> InviteView {
        let i = &d.invite;
        InviteView {
            id: i.id,
            code: i.code.clone(),
            url: d.url.clone(),
            state: d.state.as_str(),
            uses: i.uses,
            max_uses: i.max_uses,
            expires_at: i.expires_at.map(rfc3339),
            revoked_at: i.revoked_at.map(rfc3339),
            created_at: rfc3339(i.created_at),
        }
    }
}

fn require_admin(user: &crate::db::models::user::User) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /api/v1/admin/invites`: every invite, newest first.
async fn list(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<Vec<InviteView>>> {
    require_admin(&user)?;
    let invites = service::list(&data).await?;
    Ok(Json(invites.iter().map(InviteView::new).collect()))
}

/// The body of `POST`: both optional, null or absent for "never" and "unlimited".
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CreateInvite {
    #[serde(default)]
    expires_in_days: Option<i64>,
    #[serde(default)]
    max_uses: Option<i32>,
}

/// `POST /api/v1/admin/invites` `{"expires_in_days": 7, "max_uses": 1}`: 201 with it.
async fn create(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<CreateInvite>,
) -> AppResult<(StatusCode, Json<InviteView>)> {
    require_admin(&user)?;
    let input = InviteInput {
        expires_in_days: body.expires_in_days,
        max_uses: body.max_uses,
    };
    let invite = service::create(&data, &user, input).await?;
    Ok((StatusCode::CREATED, Json(InviteView::new(&invite))))
}

/// `DELETE /api/v1/admin/invites/{id}`: revokes it (it stays listed); 200 with it.
async fn revoke(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> AppResult<Json<InviteView>> {
    require_admin(&user)?;
    let id = parse_id(&id, "invite")?;
    let invite = service::revoke(&data, id).await?;
    Ok(Json(InviteView::new(&invite)))
}
