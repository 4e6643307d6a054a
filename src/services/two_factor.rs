//! Two-factor authentication by time-based one-time codes (TOTP, RFC 6238: SHA-1, 6 digits,
//! 30 s, as every authenticator app reads), with single-use recovery codes. A member turns
//! it on by scanning the QR code and typing a code (the secret is in force only then); from
//! then on a log-in asks for a code after the password. A code is accepted once (the step
//! it belongs to is stored), one step early or late for clocks that drift.

use crate::db::models::two_factor::TwoFactor;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::services::sessions::hash_token;
use crate::state::Ctx;
use rand::RngCore;
use totp_rs::{Algorithm, Secret, TOTP};

const STEP_SECS: u64 = 30;
const RECOVERY_CODES: usize = 10;

/// What the set-up page shows while a member enrols.
pub struct Enrollment {
    /// The secret in base32, for apps without a camera.
    pub secret: String,
    /// `otpauth://totp/…`, the QR code's content.
    pub url: String,
    /// The QR code as an SVG document (no script, drawn by us).
    pub qr_svg: String,
}

/// Whether the configuration requires `user` to turn two-factor authentication on before
/// using admin powers.
pub fn required_for(data: &Ctx, user: &User) -> bool {
    user.is_admin && data.config.accounts.require_admin_two_factor && user.totp_enabled_at.is_none()
}

fn totp(data: &Ctx, user: &User, secret_b32: &str) -> AppResult<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_string())
        .to_bytes()
        .map_err(|e| AppError::Internal(format!("two-factor secret: {e:?}")))?;
    // The issuer is the hub's host: names an app lists; a port's colon is not allowed there.
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS,
        bytes,
        Some(data.config.host().to_string()),
        user.username.clone(),
    )
    .map_err(|e| AppError::Internal(format!("two-factor: {e}")))
}

fn enrollment(data: &Ctx, user: &User, secret: &str) -> AppResult<Enrollment> {
    let url = totp(data, user, secret)?.get_url();
    let qr_svg = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(Enrollment {
        secret: secret.to_string(),
        url,
        qr_svg,
    })
}

/// Starts (or restarts) enrolling `user`: a new secret, not yet required at log-in.
pub async fn begin(data: &Ctx, user: &User) -> AppResult<Enrollment> {
    if user.totp_enabled_at.is_some() {
        return Err(AppError::Validation("two-factor-error-already-on"));
    }
    let secret = match Secret::generate_secret().to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => return Err(AppError::Internal("two-factor secret".into())),
    };
    let mut conn = data.pool.get().await?;
    TwoFactor::set_secret(&mut conn, user.id, &secret).await?;
    enrollment(data, user, &secret)
}

/// The enrolment under way (a secret not yet confirmed), if any.
pub async fn pending(data: &Ctx, user: &User) -> AppResult<Option<Enrollment>> {
    let mut conn = data.pool.get().await?;
    let Some(tf) = TwoFactor::find(&mut conn, user.id).await? else {
        return Ok(None);
    };
    match (tf.totp_enabled_at, tf.totp_secret) {
        (None, Some(secret)) => enrollment(data, user, &secret).map(Some),
        _ => Ok(None),
    }
}

/// The step `code` belongs to, if it is right for `secret` now (a step either side too).
fn matching_step(totp: &TOTP, code: &str) -> Option<i64> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let step = now / STEP_SECS;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| {
            let expected = totp.generate(s * STEP_SECS);
            constant_time_eq(expected.as_bytes(), code.as_bytes())
        })
        .map(|s| s as i64)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Digits only: apps show "123 456", people type it either way.
fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase()
}

/// Confirms enrolment with a code from the app; returns the recovery codes, shown once.
pub async fn confirm(data: &Ctx, user: &User, code: &str) -> AppResult<Vec<String>> {
    let mut conn = data.pool.get().await?;
    let tf = TwoFactor::find(&mut conn, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if tf.totp_enabled_at.is_some() {
        return Err(AppError::Validation("two-factor-error-already-on"));
    }
    let secret = tf
        .totp_secret
        .ok_or(AppError::Validation("two-factor-error-not-started"))?;
    let step = matching_step(&totp(data, user, &secret)?, &normalize_code(code))
        .ok_or(AppError::Validation("two-factor-error-code"))?;
    let codes = recovery_codes();
    let hashes = codes
        .iter()
        .map(|c| hash_token(&normalize_code(c)))
        .collect::<Vec<_>>()
        .join(" ");
    TwoFactor::enable(&mut conn, user.id, step, &hashes).await?;
    tracing::info!(user = %user.username, "two-factor authentication turned on");
    Ok(codes)
}

fn recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 5];
            rand::thread_rng().fill_bytes(&mut bytes);
            let hex = hex::encode(bytes);
            format!("{}-{}", &hex[..5], &hex[5..])
        })
        .collect()
}

/// Checks a code from the app, or an unused recovery code (which is then spent), for a
/// member with two-factor authentication on.
pub async fn check(data: &Ctx, user: &User, code: &str) -> AppResult<()> {
    let code = normalize_code(code);
    let mut conn = data.pool.get().await?;
    let tf = TwoFactor::find(&mut conn, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(_), Some(secret)) = (tf.totp_enabled_at, tf.totp_secret) else {
        return Err(AppError::Validation("two-factor-error-not-started"));
    };
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        let step = matching_step(&totp(data, user, &secret)?, &code)
            .ok_or(AppError::Validation("two-factor-error-code"))?;
        if !TwoFactor::use_step(&mut conn, user.id, step).await? {
            // Right code, already used: someone may be watching over the shoulder.
            tracing::warn!(user = %user.username, "a two-factor code was used twice");
            return Err(AppError::Validation("two-factor-error-code-used"));
        }
        return Ok(());
    }
    let hash = hash_token(&code);
    let before = tf.totp_recovery;
    let left: Vec<&str> = before.split(' ').filter(|h| !h.is_empty()).collect();
    if !left
        .iter()
        .any(|h| constant_time_eq(h.as_bytes(), hash.as_bytes()))
    {
        return Err(AppError::Validation("two-factor-error-code"));
    }
    let after = left
        .into_iter()
        .filter(|h| *h != hash)
        .collect::<Vec<_>>()
        .join(" ");
    if !TwoFactor::replace_recovery(&mut conn, user.id, &before, &after).await? {
        return Err(AppError::Validation("two-factor-error-code-used"));
    }
    tracing::info!(user = %user.username, "a two-factor recovery code was used");
    Ok(())
}

/// How many recovery codes are left.
pub async fn recovery_left(data: &Ctx, user: &User) -> AppResult<usize> {
    let mut conn = data.pool.get().await?;
    Ok(TwoFactor::find(&mut conn, user.id).await?.map_or(0, |tf| {
        tf.totp_recovery
            .split(' ')
            .filter(|h| !h.is_empty())
            .count()
    }))
}

/// Turns two-factor authentication off, with the password and a code (or recovery code),
/// so that an open session alone cannot remove it.
pub async fn disable(data: &Ctx, user: &User, password: &str, code: &str) -> AppResult<()> {
    if !crate::services::users::verify_password(password, &user.password_hash).await {
        return Err(AppError::Validation("password-error-current"));
    }
    check(data, user, code).await?;
    let mut conn = data.pool.get().await?;
    TwoFactor::disable(&mut conn, user.id).await?;
    tracing::info!(user = %user.username, "two-factor authentication turned off");
    Ok(())
}

/// A fresh set of recovery codes (the old ones stop working), after a code from the app.
pub async fn renew_recovery(data: &Ctx, user: &User, code: &str) -> AppResult<Vec<String>> {
    check(data, user, code).await?;
    let codes = recovery_codes();
    let hashes = codes
        .iter()
        .map(|c| hash_token(&normalize_code(c)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut conn = data.pool.get().await?;
    let before = TwoFactor::find(&mut conn, user.id)
        .await?
        .map(|tf| tf.totp_recovery)
        .unwrap_or_default();
    TwoFactor::replace_recovery(&mut conn, user.id, &before, &hashes).await?;
    Ok(codes)
}
