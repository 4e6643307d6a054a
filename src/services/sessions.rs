//! Log-in sessions (browser cookies) and API bearer tokens. Secrets are random 32-byte
//! values; only their SHA-256 is stored, so a database leak does not leak sessions.

use crate::db::models::session::{ApiToken, NewSession, Session};
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

/// How long a log-in may wait for its second factor.
const SECOND_FACTOR_MINUTES: i64 = 10;
/// `last_seen_at` is written at most this often per session (not on every request).
const SEEN_EVERY_MINUTES: i64 = 5;

/// A new logged-in session for `user`; returns (cookie token, session).
pub async fn create(data: &Ctx, user: &User) -> AppResult<(String, Session)> {
    open(data, user, "", false).await
}

/// A session after the right password: logged in, or, when the member has two-factor
/// authentication on, waiting for a code for a few minutes ([`complete_second_factor`]).
pub async fn log_in(data: &Ctx, user: &User, user_agent: &str) -> AppResult<(String, Session)> {
    open(data, user, user_agent, user.totp_enabled_at.is_some()).await
}

async fn open(
    data: &Ctx,
    user: &User,
    user_agent: &str,
    pending: bool,
) -> AppResult<(String, Session)> {
    let token = random_token();
    let csrf = random_token();
    let expires = crate::db::now()
        + if pending {
            Duration::minutes(SECOND_FACTOR_MINUTES)
        } else {
            Duration::days(SESSION_DAYS)
        };
    let user_agent: String = user_agent.chars().take(300).collect();
    let mut conn = data.pool.get().await?;
    // Housekeeping on log-in keeps the table small without a timer.
    Session::delete_expired(&mut conn).await?;
    let session = Session::insert(
        &mut conn,
        NewSession {
            token_hash: &hash_token(&token),
            user_id: user.id,
            csrf_token: &csrf,
            expires_at: expires,
            second_factor_pending: pending,
            user_agent: &user_agent,
        },
    )
    .await?;
    Ok((token, session))
}

/// The session awaiting a second factor for a cookie token, and its active member.
pub async fn find_pending(data: &Ctx, token: &str) -> AppResult<Option<(Session, User)>> {
    let mut conn = data.pool.get().await?;
    let Some(session) = Session::find_pending(&mut conn, &hash_token(token)).await? else {
        return Ok(None);
    };
    let user = User::find(&mut conn, session.user_id).await?;
    Ok(user
        .filter(|u| u.status == STATUS_ACTIVE)
        .map(|u| (session, u)))
}

/// Logs the waiting session in when `code` is right (a code from the app or a recovery
/// code); the session then lasts as long as any other.
pub async fn complete_second_factor(data: &Ctx, token: &str, code: &str) -> AppResult<User> {
    let (session, user) = find_pending(data, token)
        .await?
        .ok_or(AppError::Validation("two-factor-error-expired"))?;
    crate::services::two_factor::check(data, &user, code).await?;
    let mut conn = data.pool.get().await?;
    Session::complete(
        &mut conn,
        session.id,
        crate::db::now() + Duration::days(SESSION_DAYS),
    )
    .await?;
    Ok(user)
}

/// The live session and its active user for a cookie token.
pub async fn find(data: &Ctx, token: &str) -> AppResult<Option<(Session, User)>> {
    let mut conn = data.pool.get().await?;
    let Some(session) = Session::find_live(&mut conn, &hash_token(token)).await? else {
        return Ok(None);
    };
    let user = User::find(&mut conn, session.user_id).await?;
    let stale = session
        .last_seen_at
        .is_none_or(|at| at < crate::db::now() - Duration::minutes(SEEN_EVERY_MINUTES));
    if stale && user.is_some() {
        Session::touch(&mut conn, session.id).await?;
    }
    Ok(user
        .filter(|u| u.status == STATUS_ACTIVE)
        .map(|u| (session, u)))
}

pub async fn destroy(data: &Ctx, token: &str) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    Session::delete_by_hash(&mut conn, &hash_token(token)).await?;
    Ok(())
}

/// A member's logged-in sessions, most recently used first.
pub async fn list(data: &Ctx, user: &User) -> AppResult<Vec<Session>> {
    let mut conn = data.pool.get().await?;
    Ok(Session::list_for_user(&mut conn, user.id).await?)
}

/// Ends one of the member's sessions (404 when it is not theirs).
pub async fn revoke(data: &Ctx, user: &User, id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if Session::delete_for_user(&mut conn, id, user.id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Ends every session of the member but `keep`; returns how many ended.
pub async fn revoke_others(data: &Ctx, user: &User, keep: Option<i64>) -> AppResult<usize> {
    let mut conn = data.pool.get().await?;
    Ok(Session::delete_others(&mut conn, user.id, keep).await?)
}

/// What an API token may do. Reading (GET) needs `read`, anything else `write`; a member's
/// admin powers are used only through a token with `admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scopes {
    pub read: bool,
    pub write: bool,
    pub admin: bool,
}

impl Scopes {
    pub const ALL: Scopes = Scopes {
        read: true,
        write: true,
        admin: true,
    };

    /// Parses "read write admin" (spaces or commas); unknown words are refused.
    pub fn parse(raw: &str) -> AppResult<Scopes> {
        let mut scopes = Scopes {
            read: false,
            write: false,
            admin: false,
        };
        for word in raw.split([' ', ',']).filter(|w| !w.is_empty()) {
            match word {
                "read" => scopes.read = true,
                "write" => scopes.write = true,
                "admin" => scopes.admin = true,
                _ => return Err(AppError::Validation("token-error-scope-unknown")),
            }
        }
        if scopes
            == (Scopes {
                read: false,
                write: false,
                admin: false,
            })
        {
            return Err(AppError::Validation("token-error-scope-none"));
        }
        Ok(scopes)
    }

    pub fn as_string(&self) -> String {
        [
            ("read", self.read),
            ("write", self.write),
            ("admin", self.admin),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(w, _)| *w)
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// Creates an API token with every scope the active member `username` can have (admin
/// only for an admin); the token is shown once.
pub async fn create_api_token(data: &Ctx, username: &str) -> AppResult<String> {
    create_scoped_api_token(data, username, "", None).await
}

/// Creates an API token named `name` with `scopes` (None: every scope the member can have)
/// for the active member `username`.
pub async fn create_scoped_api_token(
    data: &Ctx,
    username: &str,
    name: &str,
    scopes: Option<Scopes>,
) -> AppResult<String> {
    let mut conn = data.pool.get().await?;
    let user = User::find_by_username(&mut conn, &username.to_lowercase())
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or(AppError::NotFound)?;
    let scopes = scopes.unwrap_or(Scopes {
        admin: user.is_admin,
        ..Scopes::ALL
    });
    let name: String = name.trim().chars().take(100).collect();
    if scopes.admin && !user.is_admin {
        return Err(AppError::Validation("token-error-scope-admin"));
    }
    let token = random_token();
    ApiToken::insert(
        &mut conn,
        &hash_token(&token),
        user.id,
        &name,
        &scopes.as_string(),
    )
    .await?;
    Ok(token)
}

pub async fn list_api_tokens(data: &Ctx, user: &User) -> AppResult<Vec<ApiToken>> {
    let mut conn = data.pool.get().await?;
    Ok(ApiToken::list_for_user(&mut conn, user.id).await?)
}

/// Revokes one of the member's tokens (404 when it is not theirs).
pub async fn revoke_api_token(data: &Ctx, user: &User, id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if ApiToken::delete_for_user(&mut conn, id, user.id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The active user a bearer token belongs to, and what the token may do.
pub async fn user_for_api_token(data: &Ctx, token: &str) -> AppResult<(User, Scopes)> {
    let mut conn = data.pool.get().await?;
    let api_token = ApiToken::find(&mut conn, &hash_token(token))
        .await?
        .ok_or(AppError::Unauthorized)?;
    ApiToken::touch(&mut conn, api_token.id).await?;
    let user = User::find(&mut conn, api_token.user_id)
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or(AppError::Unauthorized)?;
    // Stored scopes were checked when the token was made; an unreadable value grants nothing.
    let scopes = Scopes::parse(&api_token.scopes).unwrap_or(Scopes {
        read: false,
        write: false,
        admin: false,
    });
    Ok((user, scopes))
}

/// The member as a request with `scopes` may act: 403 when the token may not read (a GET)
/// or write (anything else); without `admin` (or while the configuration wants an admin's
/// second factor and it is off) the member's admin powers are left out.
pub fn apply_scopes(data: &Ctx, mut user: User, scopes: Scopes, reading: bool) -> AppResult<User> {
    if reading && !scopes.read {
        return Err(AppError::NotAllowed("token-error-scope-read"));
    }
    if !reading && !scopes.write {
        return Err(AppError::NotAllowed("token-error-scope-write"));
    }
    if !scopes.admin || crate::services::two_factor::required_for(data, &user) {
        user.is_admin = false;
    }
    Ok(user)
}
