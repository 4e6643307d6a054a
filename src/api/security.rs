//! `/api/v1/sessions` and `/api/v1/tokens`: a member's logged-in sessions and API tokens,
//! listed and ended. Tokens are made on `/settings/security` or with `tessera token
//! create` (shown once there); the API never shows a secret.

use crate::api::{parse_id, ApiUser};
use crate::error::AppResult;
use crate::services::sessions;
use crate::state::Ctx;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::Serialize;

pub fn router() -> Router {
    Router::new()
        .route("/sessions", get(list_sessions))
        .route("/sessions/{id}", delete(end_session))
        .route("/tokens", get(list_tokens))
        .route("/tokens/{id}", delete(revoke_token))
}

#[derive(Serialize)]
struct SessionView {
    id: String,
    /// The browser's User-Agent when it logged in.
    user_agent: String,
    created_at: String,
    last_seen_at: Option<String>,
    expires_at: String,
}

#[derive(Serialize)]
struct TokenView {
    id: String,
    name: String,
    /// read, write, admin.
    scopes: Vec<String>,
    created_at: String,
    last_used_at: Option<String>,
}

async fn list_sessions(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<Vec<SessionView>>> {
    let rows = sessions::list(&data, &user).await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| SessionView {
                id: s.id.to_string(),
                user_agent: s.user_agent,
                created_at: crate::text::rfc3339(s.created_at),
                last_seen_at: s.last_seen_at.map(crate::text::rfc3339),
                expires_at: crate::text::rfc3339(s.expires_at),
            })
            .collect(),
    ))
}

/// 204; 404 when it is not one of the member's sessions.
async fn end_session(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    sessions::revoke(&data, &user, parse_id(&id, "session")?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_tokens(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<Vec<TokenView>>> {
    let rows = sessions::list_api_tokens(&data, &user).await?;
    Ok(Json(
        rows.into_iter()
            .map(|t| TokenView {
                id: t.id.to_string(),
                name: t.name,
                scopes: t.scopes.split(' ').map(str::to_string).collect(),
                created_at: crate::text::rfc3339(t.created_at),
                last_used_at: t.last_used_at.map(crate::text::rfc3339),
            })
            .collect(),
    ))
}

/// 204 (a token may revoke itself); 404 when it is not one of the member's tokens.
async fn revoke_token(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    sessions::revoke_api_token(&data, &user, parse_id(&id, "token")?).await?;
    Ok(StatusCode::NO_CONTENT)
}
