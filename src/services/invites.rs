//! Invite links: admins make them (with an expiry and a number of uses), list and revoke
//! them; a person who opens one may sign up while registration is by invitation, and
//! skips approval where sign-ups are approved. The use is counted in the sign-up's own
//! transaction (`services::users`), so that a failed sign-up does not spend it.
//!
//! The code is stored as it is, not hashed: unlike a password or an API token it opens no
//! existing account, only the door to a new one, counted, expiring and revocable; keeping
//! it lets an admin copy a link again from the list to send it to the next person. Codes
//! are 20 random characters (about 116 bits), so they cannot be guessed, and sign-up
//! attempts are rate limited anyway.

use crate::db::models::invite::{Invite, InviteState, NewInvite};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult, Checks};
use crate::state::Ctx;
use chrono::{Duration, NaiveDateTime};

/// The expiries the admin page offers, in days (and "never").
pub const EXPIRY_CHOICES: &[i64] = &[1, 7, 30];
/// The numbers of uses the admin page offers (and "unlimited").
pub const USES_CHOICES: &[i32] = &[1, 5, 10, 25];
/// What the API accepts beyond those.
pub const MAX_EXPIRY_DAYS: i64 = 365;
pub const MAX_USES: i32 = 10_000;

const CODE_LEN: usize = 20;

/// What an admin asks for: None is "never" and "unlimited".
#[derive(Debug, Clone, Copy, Default)]
pub struct InviteInput {
    pub expires_in_days: Option<i64>,
    pub max_uses: Option<i32>,
}

/// An invite as pages and the API show it.
pub struct InviteDetails {
    pub invite: Invite,
    pub state: InviteState,
    /// The link to hand out.
    pub url: String,
}

fn details(data: &Ctx, invite: Invite, now: NaiveDateTime) -> InviteDetails {
    InviteDetails {
        state: invite.state(now),
        url: format!("{}/invite/{}", data.config.base_url(), invite.code),
        invite,
    }
}

/// A new random code: letters and digits without look-alikes, safe in a URL.
pub fn generate_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..CODE_LEN)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

pub async fn create(data: &Ctx, admin: &User, input: InviteInput) -> AppResult<InviteDetails> {
    let mut checks = Checks::new();
    checks.check(
        input
            .expires_in_days
            .is_none_or(|d| (1..=MAX_EXPIRY_DAYS).contains(&d)),
        "expires_in_days",
        "invite-error-expiry",
    );
    checks.check(
        input.max_uses.is_none_or(|m| (1..=MAX_USES).contains(&m)),
        "max_uses",
        "invite-error-max-uses",
    );
    checks.finish()?;
    let now = data.clock.now();
    let code = generate_code();
    let new = NewInvite {
        code: &code,
        max_uses: input.max_uses,
        expires_at: input.expires_in_days.map(|d| now + Duration::days(d)),
        created_by: Some(admin.id),
        created_at: now,
    };
    let mut conn = data.pool.get().await?;
    let invite = Invite::insert(&mut conn, &new).await?;
    Ok(details(data, invite, now))
}

/// Every invite, newest first, with its state.
pub async fn list(data: &Ctx) -> AppResult<Vec<InviteDetails>> {
    let now = data.clock.now();
    let mut conn = data.pool.get().await?;
    let invites = Invite::list(&mut conn).await?;
    Ok(invites.into_iter().map(|i| details(data, i, now)).collect())
}

/// Revokes invite `id`: its link stops working; it stays listed, with its uses.
pub async fn revoke(data: &Ctx, id: i64) -> AppResult<InviteDetails> {
    let now = data.clock.now();
    let mut conn = data.pool.get().await?;
    Invite::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Invite::revoke(&mut conn, id, now).await?;
    let invite = Invite::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(details(data, invite, now))
}

/// Why `code` cannot be used now, as the sign-up form says it, or Ok. The use itself is
/// taken by [`Invite::claim`] when the account is created.
pub async fn usable(data: &Ctx, code: &str) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let invite = Invite::find_by_code(&mut conn, code.trim()).await?;
    match invite.map(|i| i.state(data.clock.now())) {
        None => Err(AppError::Validation("invite-error-unknown")),
        Some(InviteState::Active) => Ok(()),
        Some(InviteState::Expired) => Err(AppError::Validation("invite-error-expired")),
        Some(InviteState::Revoked) => Err(AppError::Validation("invite-error-revoked")),
        Some(InviteState::UsedUp) => Err(AppError::Validation("invite-error-used-up")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_url_safe() {
        let a = generate_code();
        let b = generate_code();
        assert_eq!(a.len(), CODE_LEN);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
    }
}
