//! E-mail rows: single-use links (address verification, password reset; only their hashes
//! are kept) and the outgoing messages, which stay until sent or given up.

use crate::db::schema::{email_tokens, outgoing_mail, users};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A link that verifies the address in `email` for its user.
pub const PURPOSE_VERIFY: &str = "verify";
/// A link that lets its user choose a new password.
pub const PURPOSE_RESET: &str = "reset";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = email_tokens)]
pub struct EmailToken {
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub purpose: String,
    pub email: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl EmailToken {
    /// Stores a new link, and retires the user's earlier unused links of the same purpose:
    /// only the newest one works.
    pub async fn issue(
        conn: &mut DbConn,
        user_id: i64,
        purpose: &str,
        email: &str,
        token_hash: &str,
        expires_at: NaiveDateTime,
    ) -> DbResult<()> {
        let now = crate::db::now();
        let (purpose, email, token_hash) =
            (purpose.to_owned(), email.to_owned(), token_hash.to_owned());
        db_run!(conn, |c| diesel::update(
            email_tokens::table
                .filter(email_tokens::user_id.eq(user_id))
                .filter(email_tokens::purpose.eq(purpose.clone()))
                .filter(email_tokens::used_at.is_null())
        )
        .set(email_tokens::used_at.eq(Some(now)))
        .execute(c)
        .await)?;
        db_run!(conn, |c| diesel::insert_into(email_tokens::table)
            .values((
                email_tokens::token_hash.eq(token_hash.clone()),
                email_tokens::user_id.eq(user_id),
                email_tokens::purpose.eq(purpose.clone()),
                email_tokens::email.eq(email.clone()),
                email_tokens::expires_at.eq(expires_at),
                email_tokens::created_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The unused, unexpired link of `purpose` with this hash.
    pub async fn find_valid(
        conn: &mut DbConn,
        token_hash: &str,
        purpose: &str,
        now: NaiveDateTime,
    ) -> DbResult<Option<EmailToken>> {
        let (hash, purpose) = (token_hash.to_owned(), purpose.to_owned());
        Ok(db_run!(conn, |c| email_tokens::table
            .filter(email_tokens::token_hash.eq(hash.clone()))
            .filter(email_tokens::purpose.eq(purpose.clone()))
            .filter(email_tokens::used_at.is_null())
            .filter(email_tokens::expires_at.gt(now))
            .select(EmailToken::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Marks the link used; false when it already was (two clicks at once).
    pub async fn spend(conn: &mut DbConn, id: i64) -> DbResult<bool> {
        let now = crate::db::now();
        let n = db_run!(conn, |c| diesel::update(
            email_tokens::table
                .find(id)
                .filter(email_tokens::used_at.is_null())
        )
        .set(email_tokens::used_at.eq(Some(now)))
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    /// The address waiting for verification, if a link for it is still valid.
    pub async fn pending_address(
        conn: &mut DbConn,
        user_id: i64,
        now: NaiveDateTime,
    ) -> DbResult<Option<String>> {
        Ok(db_run!(conn, |c| email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(PURPOSE_VERIFY))
            .filter(email_tokens::used_at.is_null())
            .filter(email_tokens::expires_at.gt(now))
            .order(email_tokens::id.desc())
            .select(email_tokens::email)
            .first(c)
            .await
            .optional())?)
    }
}

/// The member with this verified address (addresses are stored lower-cased).
pub async fn user_id_by_email(conn: &mut DbConn, email: &str) -> DbResult<Option<i64>> {
    let email = email.to_owned();
    Ok(db_run!(conn, |c| users::table
        .filter(users::email.eq(Some(email.clone())))
        .select(users::id)
        .first(c)
        .await
        .optional())?)
}

/// Sets a member's verified address; false when another member has it.
pub async fn set_user_email(conn: &mut DbConn, user_id: i64, email: &str) -> DbResult<bool> {
    if let Some(other) = user_id_by_email(conn, email).await? {
        return Ok(other == user_id);
    }
    let now = crate::db::now();
    let email = email.to_owned();
    db_run!(conn, |c| diesel::update(users::table.find(user_id))
        .set((
            users::email.eq(Some(email.clone())),
            users::email_verified_at.eq(Some(now)),
        ))
        .execute(c)
        .await)?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = outgoing_mail)]
pub struct OutgoingMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outgoing_mail)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

impl OutgoingMail {
    pub async fn enqueue(conn: &mut DbConn, new: &NewMail) -> DbResult<i64> {
        Ok(db_run!(conn, |c| diesel::insert_into(
            outgoing_mail::table
        )
        .values(new)
        .returning(outgoing_mail::id)
        .get_result(c)
        .await)?)
    }

    /// Messages due now, oldest first.
    pub async fn due(
        conn: &mut DbConn,
        now: NaiveDateTime,
        limit: i64,
    ) -> DbResult<Vec<OutgoingMail>> {
        Ok(db_run!(conn, |c| outgoing_mail::table
            .filter(outgoing_mail::sent_at.is_null())
            .filter(outgoing_mail::failed_at.is_null())
            .filter(outgoing_mail::next_attempt_at.le(now))
            .order(outgoing_mail::id)
            .limit(limit)
            .select(OutgoingMail::as_select())
            .load(c)
            .await)?)
    }

    /// Takes a due message for one attempt: its next attempt moves to `lease_until`, so
    /// another process skips it, and a crash mid-send retries it then. False when another
    /// process took it first.
    pub async fn claim(
        conn: &mut DbConn,
        mail: &OutgoingMail,
        lease_until: NaiveDateTime,
    ) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::update(
            outgoing_mail::table
                .find(mail.id)
                .filter(outgoing_mail::next_attempt_at.eq(mail.next_attempt_at))
                .filter(outgoing_mail::sent_at.is_null())
        )
        .set((
            outgoing_mail::next_attempt_at.eq(lease_until),
            outgoing_mail::attempts.eq(mail.attempts + 1),
        ))
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    pub async fn mark_sent(conn: &mut DbConn, id: i64) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(outgoing_mail::table.find(id))
            .set(outgoing_mail::sent_at.eq(Some(now)))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// A failed attempt: tried again at `retry_at`, or given up when None.
    pub async fn mark_failed(
        conn: &mut DbConn,
        id: i64,
        error: &str,
        retry_at: Option<NaiveDateTime>,
    ) -> DbResult<()> {
        let now = crate::db::now();
        let error: String = error.chars().take(1000).collect();
        db_run!(conn, |c| diesel::update(outgoing_mail::table.find(id))
            .set((
                outgoing_mail::last_error.eq(error.clone()),
                outgoing_mail::next_attempt_at.eq(retry_at.unwrap_or(now)),
                outgoing_mail::failed_at.eq(if retry_at.is_none() { Some(now) } else { None }),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<OutgoingMail>> {
        Ok(db_run!(conn, |c| outgoing_mail::table
            .find(id)
            .select(OutgoingMail::as_select())
            .first(c)
            .await
            .optional())?)
    }
}
