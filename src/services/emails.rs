//! E-mail: what a member is sent (address verification, password reset, notices that their
//! password or address changed) and what an anonymous reporter is told, in the member's
//! language, as text and HTML. Every message is stored first (`outgoing_mail`) and sent by
//! [`run`], which retries with growing pauses, so none is lost when the process stops or
//! the mail server is away.

use crate::db::models::email::{
    self as rows, EmailToken, NewMail, OutgoingMail, PURPOSE_RESET, PURPOSE_VERIFY,
};
use crate::db::models::session::Session;
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::i18n::{translate, Arg};
use crate::state::Ctx;
use chrono::Duration;

/// How long an address-verification link stays valid.
const VERIFY_DAYS: i64 = 7;
/// Attempts before a message is given up (about two days with the pauses below).
const MAX_ATTEMPTS: i32 = 12;
/// How long one attempt may hold a message before another process may try it.
const LEASE_MINUTES: i64 = 5;

/// A message in one language, ready to queue.
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Composes the message `kind` (`email-<kind>-subject`, `-body`, and `-action` when there is
/// a link) in `lang`. The body's paragraphs are separated by blank lines; the HTML part is
/// the same text, escaped, with the link as a button.
pub fn compose(lang: &str, kind: &str, args: &[(&str, String)], link: Option<&str>) -> Mail {
    let args: Vec<(&str, Arg)> = args
        .iter()
        .map(|(k, v)| (*k, Arg::Str(v.clone())))
        .collect();
    let t = |id: &str| translate(lang, &format!("email-{kind}-{id}"), &args);
    let subject = t("subject");
    let body = t("body");
    let footer = translate(lang, "email-footer", &args);
    let mut text = body.clone();
    let mut html = String::new();
    for para in body.split("\n\n") {
        html.push_str(&format!(
            "<p>{}</p>\n",
            crate::text::escape_html(para).replace('\n', "<br>")
        ));
    }
    if let Some(link) = link {
        let action = t("action");
        text.push_str(&format!("\n\n{action}:\n{link}\n"));
        let href = crate::text::escape_html(link);
        html.push_str(&format!(
            "<p><a href=\"{href}\" style=\"display:inline-block;padding:10px 16px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px\">{}</a></p>\n<p style=\"font-size:13px;color:#555\">{}</p>\n",
            crate::text::escape_html(&action),
            href
        ));
    }
    text.push_str(&format!("\n-- \n{footer}\n"));
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em\">\n{html}<hr>\n<p style=\"font-size:13px;color:#555\">{footer}</p>\n</body></html>\n",
        title = crate::text::escape_html(&subject),
        footer = crate::text::escape_html(&footer),
    );
    Mail {
        subject,
        text,
        html,
    }
}

/// Queues `mail` for `to` on `conn` (inside the caller's transaction, when it has one);
/// call [`wake`] once it is committed.
pub async fn queue(conn: &mut DbConn, data: &Ctx, to: &str, mail: Mail) -> AppResult<i64> {
    let now = data.clock.now();
    let id = OutgoingMail::enqueue(
        conn,
        &NewMail {
            recipient: to.to_string(),
            subject: mail.subject,
            text_body: mail.text,
            html_body: mail.html,
            next_attempt_at: now,
            created_at: now,
        },
    )
    .await?;
    Ok(id)
}

pub fn wake(data: &Ctx) {
    data.mail.wake();
}

/// Queues and wakes the worker.
pub async fn send(data: &Ctx, to: &str, mail: Mail) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    queue(&mut conn, data, to, mail).await?;
    wake(data);
    Ok(())
}

/// The mail worker: sends what is due, then waits for a wake-up or a minute.
pub async fn run(data: Ctx) {
    loop {
        if let Err(e) = send_due(&data).await {
            tracing::warn!(error = %e, "mail worker");
        }
        tokio::select! {
            _ = data.mail.notified() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
        }
    }
}

/// One pass over the due messages; returns how many were sent.
pub async fn send_due(data: &Ctx) -> AppResult<usize> {
    let mut sent = 0;
    loop {
        let now = data.clock.now();
        let due = {
            let mut conn = data.pool.get().await?;
            OutgoingMail::due(&mut conn, now, 20).await?
        };
        if due.is_empty() {
            return Ok(sent);
        }
        for mail in due {
            let mut conn = data.pool.get().await?;
            let lease = now + Duration::minutes(LEASE_MINUTES);
            if !OutgoingMail::claim(&mut conn, &mail, lease).await? {
                continue;
            }
            drop(conn);
            let result = data
                .mailer
                .send(
                    &mail.recipient,
                    &mail.subject,
                    &mail.text_body,
                    &mail.html_body,
                )
                .await;
            let mut conn = data.pool.get().await?;
            match result {
                Ok(()) => {
                    OutgoingMail::mark_sent(&mut conn, mail.id).await?;
                    sent += 1;
                }
                Err(e) => {
                    let attempts = mail.attempts + 1;
                    let retry = (attempts < MAX_ATTEMPTS).then(|| {
                        // 1, 2, 4 … minutes, at most 8 hours apart.
                        let minutes = (1i64 << attempts.min(9)).min(480);
                        data.clock.now() + Duration::minutes(minutes)
                    });
                    tracing::warn!(mail = mail.id, attempts, error = %e, given_up = retry.is_none(), "e-mail not sent");
                    OutgoingMail::mark_failed(&mut conn, mail.id, &e, retry).await?;
                }
            }
        }
    }
}

/// An address as stored: trimmed, lower case, and one that a mail server takes.
pub fn normalize_address(raw: &str) -> AppResult<String> {
    let address = raw.trim().to_lowercase();
    let ok = address.len() <= 254
        && address.parse::<lettre::Address>().is_ok()
        && address.split('@').nth(1).is_some_and(|d| d.contains('.'));
    if ok {
        Ok(address)
    } else {
        Err(AppError::Validation("email-error-address"))
    }
}

fn link(data: &Ctx, path: &str) -> String {
    format!("{}{path}", data.config.base_url())
}

fn lang_of(user: &User) -> &str {
    crate::i18n::negotiate(user.locale.as_deref(), None)
}

/// Sends a verification link to `address` for `user`; the address becomes theirs when the
/// link is followed. `lang` is the page's language.
pub async fn send_verification(
    data: &Ctx,
    user: &User,
    address: &str,
    lang: &str,
) -> AppResult<()> {
    let secret = crate::services::sessions::random_token();
    let expires = data.clock.now() + Duration::days(VERIFY_DAYS);
    let url = link(data, &format!("/email/verify/{secret}"));
    let mail = compose(
        lang,
        "verify",
        &[
            ("username", user.username.clone()),
            ("hub", data.config.server.domain.clone()),
        ],
        Some(&url),
    );
    let mut conn = data.pool.get().await?;
    EmailToken::issue(
        &mut conn,
        user.id,
        PURPOSE_VERIFY,
        address,
        &crate::services::sessions::hash_token(&secret),
        expires,
    )
    .await?;
    queue(&mut conn, data, address, mail).await?;
    wake(data);
    tracing::info!(member = %user.username, "address verification sent");
    Ok(())
}

/// A member asks for a new address (`/settings/email`), confirming with their password.
pub async fn change_address(
    data: &Ctx,
    user: &User,
    address: &str,
    password: &str,
    lang: &str,
) -> AppResult<()> {
    let mut checks = Checks::new();
    let address = checks.take("email", normalize_address(address));
    let right = crate::services::users::verify_password(password, &user.password_hash).await;
    checks.check(right, "current_password", "password-error-current");
    if let Some(a) = &address {
        let mut conn = data.pool.get().await?;
        let owner = rows::user_id_by_email(&mut conn, a).await?;
        checks.check(
            owner.is_none_or(|id| id == user.id),
            "email",
            "email-error-taken",
        );
        checks.check(
            user.email.as_deref() != Some(a.as_str()),
            "email",
            "email-error-same",
        );
    }
    checks.finish()?;
    send_verification(data, user, &address.unwrap_or_default(), lang).await
}

/// Follows a verification link: the address becomes the member's, and their former
/// address (if any) is told.
pub async fn verify(data: &Ctx, secret: &str) -> AppResult<User> {
    let now = data.clock.now();
    let hash = crate::services::sessions::hash_token(secret);
    let mut conn = data.pool.get().await?;
    let token = EmailToken::find_valid(&mut conn, &hash, PURPOSE_VERIFY, now)
        .await?
        .ok_or(AppError::Validation("email-error-link"))?;
    let user = User::find(&mut conn, token.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !rows::set_user_email(&mut conn, user.id, &token.email).await? {
        return Err(AppError::Validation("email-error-taken"));
    }
    EmailToken::spend(&mut conn, token.id).await?;
    if let Some(old) = user.email.as_deref().filter(|old| *old != token.email) {
        let mail = compose(
            lang_of(&user),
            "changed",
            &[
                ("username", user.username.clone()),
                ("hub", data.config.server.domain.clone()),
            ],
            None,
        );
        queue(&mut conn, data, old, mail).await?;
        wake(data);
    }
    tracing::info!(member = %user.username, "e-mail address verified");
    Ok(User::find(&mut conn, user.id).await?.unwrap_or(user))
}

/// The address waiting for verification, for the settings page.
pub async fn pending_address(data: &Ctx, user: &User) -> AppResult<Option<String>> {
    let mut conn = data.pool.get().await?;
    Ok(EmailToken::pending_address(&mut conn, user.id, data.clock.now()).await?)
}

/// "Forgot your password": `who` is a user name or a verified address. A reset link goes
/// to the member's verified address; whether one exists is never said, so the answer is
/// the same for anyone.
pub async fn request_reset(data: &Ctx, who: &str) -> AppResult<()> {
    let who = who.trim().trim_start_matches('@').to_lowercase();
    if who.is_empty() {
        return Err(AppError::Validation("reset-error-who"));
    }
    let mut conn = data.pool.get().await?;
    let user = if who.contains('@') {
        match rows::user_id_by_email(&mut conn, &who).await? {
            Some(id) => User::find(&mut conn, id).await?,
            None => None,
        }
    } else {
        User::find_by_username(&mut conn, &who).await?
    };
    let Some(user) = user else {
        tracing::info!("password reset asked for an unknown account or address");
        return Ok(());
    };
    let (Some(address), true) = (
        user.email.clone(),
        user.status == crate::db::models::user::STATUS_ACTIVE,
    ) else {
        tracing::info!(member = %user.username, "password reset asked for an account without a verified address (or not active)");
        return Ok(());
    };
    let secret = crate::services::sessions::random_token();
    let hours = data.config.email.reset_link_hours.max(1);
    let expires = data.clock.now() + Duration::hours(hours);
    let url = link(data, &format!("/password/reset/{secret}"));
    let mail = compose(
        lang_of(&user),
        "reset",
        &[
            ("username", user.username.clone()),
            ("hub", data.config.server.domain.clone()),
            ("hours", hours.to_string()),
        ],
        Some(&url),
    );
    EmailToken::issue(
        &mut conn,
        user.id,
        PURPOSE_RESET,
        &address,
        &crate::services::sessions::hash_token(&secret),
        expires,
    )
    .await?;
    queue(&mut conn, data, &address, mail).await?;
    wake(data);
    tracing::info!(member = %user.username, "password reset link sent");
    Ok(())
}

/// Whether a reset link is still usable (for its form).
pub async fn reset_link_valid(data: &Ctx, secret: &str) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    let hash = crate::services::sessions::hash_token(secret);
    Ok(
        EmailToken::find_valid(&mut conn, &hash, PURPOSE_RESET, data.clock.now())
            .await?
            .is_some(),
    )
}

/// Uses a reset link: the new password is set, every session of the member ends, and the
/// member is told by e-mail. The link works once.
pub async fn reset_password(data: &Ctx, secret: &str, new: &str, confirm: &str) -> AppResult<User> {
    let hash = crate::services::sessions::hash_token(secret);
    let mut conn = data.pool.get().await?;
    let token = EmailToken::find_valid(&mut conn, &hash, PURPOSE_RESET, data.clock.now())
        .await?
        .ok_or(AppError::Validation("email-error-link"))?;
    let mut checks = Checks::new();
    checks.take(
        "new_password",
        crate::services::users::validate_password(new),
    );
    checks.check(
        new == confirm,
        "new_password_confirm",
        "signup-error-password-mismatch",
    );
    checks.finish()?;
    let password_hash = crate::services::users::hash_password(new).await?;
    if !EmailToken::spend(&mut conn, token.id).await? {
        return Err(AppError::Validation("email-error-link"));
    }
    let user = User::find(&mut conn, token.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    User::set_password_hash(&mut conn, user.id, &password_hash).await?;
    Session::delete_others(&mut conn, user.id, None).await?;
    drop(conn);
    notify_password_changed(data, &user).await?;
    tracing::info!(member = %user.username, "password reset by e-mail link");
    Ok(user)
}

/// Tells a member with a verified address that their password changed (so that a change
/// they did not make is noticed).
pub async fn notify_password_changed(data: &Ctx, user: &User) -> AppResult<()> {
    let Some(address) = user.email.as_deref() else {
        return Ok(());
    };
    let mail = compose(
        lang_of(user),
        "password-changed",
        &[
            ("username", user.username.clone()),
            ("hub", data.config.server.domain.clone()),
        ],
        Some(&link(data, "/password/forgot")),
    );
    send(data, address, mail).await
}
