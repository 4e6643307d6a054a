//! Log-in sessions (browser cookies) and API bearer tokens. Secrets are random 32-byte
//! values; only their SHA-256 is stored, so a database leak does not leak sessions.

use crate::db::models::session::{ApiToken, Session};
use crate::db::models::user::{User, STATUS_ACTIVE};
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use chrono::Duration;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_DAYS: i64 = 30;

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new session for `user`; returns (cookie token, session).
pub async fn create(data: &Ctx, user: &User) -> AppResult<(String, Session)> {
    let token = random_token();
    let csrf = random_token();
    let expires = crate::db::now() + Duration::days(SESSION_DAYS);
    let mut conn = data.pool.get().await?;
    // Housekeeping on log-in keeps the table small without a timer.
    Session::delete_expired(&mut conn).await?;
    let session = Session::insert(&mut conn, &hash_token(&token), user.id, &csrf, expires).await?;
    Ok((token, session))
}

/// The live session and its active user for a cookie token.
pub async fn find(data: &Ctx, token: &str) -> AppResult<Option<(Session, User)>> {
    let mut conn = data.pool.get().await?;
    let Some(session) = Session::find_live(&mut conn, &hash_token(token)).await? else {
        return Ok(None);
    };
    let user = User::find(&mut conn, session.user_id).await?;
    Ok(user
        .filter(|u| u.status == STATUS_ACTIVE)
        .map(|u| (session, u)))
}

pub async fn destroy(data: &Ctx, token: &str) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    Session::delete_by_hash(&mut conn, &hash_token(token)).await?;
    Ok(())
}

/// Creates an API token for an active user; the token is shown once.
pub async fn create_api_token(data: &Ctx, username: &str) -> AppResult<String> {
    let mut conn = data.pool.get().await?;
    let user = User::find_by_username(&mut conn, &username.to_lowercase())
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or(AppError::NotFound)?;
    let token = random_token();
    ApiToken::insert(&mut conn, &hash_token(&token), user.id).await?;
    Ok(token)
}

/// The active user a bearer token belongs to.
pub async fn user_for_api_token(data: &Ctx, token: &str) -> AppResult<User> {
    let mut conn = data.pool.get().await?;
    let api_token = ApiToken::find(&mut conn, &hash_token(token))
        .await?
        .ok_or(AppError::Unauthorized)?;
    ApiToken::touch(&mut conn, api_token.id).await?;
    User::find(&mut conn, api_token.user_id)
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or(AppError::Unauthorized)
}
