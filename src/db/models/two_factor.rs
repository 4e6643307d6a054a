//! A member's two-factor authentication (TOTP): the shared secret, the last time step a code
//! was accepted for (a code works once), and the hashes of unused recovery codes. Kept out
//! of [`super::user::User`] so that the secret is read only where a code is checked.

use crate::db::schema::users;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct TwoFactor {
    pub id: i64,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<NaiveDateTime>,
    pub totp_last_step: Option<i64>,
    /// SHA-256 of each unused recovery code, space-separated.
    pub totp_recovery: String,
}

impl TwoFactor {
    pub async fn find(conn: &mut DbConn, user_id: i64) -> DbResult<Option<TwoFactor>> {
        Ok(db_run!(conn, |c| users::table
            .find(user_id)
            .select(TwoFactor::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Starts enrolling: a new secret, not in force until [`TwoFactor::enable`].
    pub async fn set_secret(conn: &mut DbConn, user_id: i64, secret: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(users::table.find(user_id))
            .set((
                users::totp_secret.eq(secret),
                users::totp_enabled_at.eq(None::<NaiveDateTime>),
                users::totp_last_step.eq(None::<i64>),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// A code confirmed the secret: it is required from now on.
    pub async fn enable(
        conn: &mut DbConn,
        user_id: i64,
        step: i64,
        recovery_hashes: &str,
    ) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(users::table.find(user_id))
            .set((
                users::totp_enabled_at.eq(now),
                users::totp_last_step.eq(step),
                users::totp_recovery.eq(recovery_hashes),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn disable(conn: &mut DbConn, user_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(users::table.find(user_id))
            .set((
                users::totp_secret.eq(None::<String>),
                users::totp_enabled_at.eq(None::<NaiveDateTime>),
                users::totp_last_step.eq(None::<i64>),
                users::totp_recovery.eq(""),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Records the step of an accepted code, only if it is newer than the last one; false
    /// when another request used this step (or a later one) first.
    pub async fn use_step(conn: &mut DbConn, user_id: i64, step: i64) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::update(
            users::table.find(user_id).filter(
                users::totp_last_step
                    .is_null()
                    .or(users::totp_last_step.lt(step))
            )
        )
        .set(users::totp_last_step.eq(step))
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    /// Replaces the unused recovery codes, only if they are still `before` (a code is used
    /// once even by two requests at the same moment); false otherwise.
    pub async fn replace_recovery(
        conn: &mut DbConn,
        user_id: i64,
        before: &str,
        after: &str,
    ) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::update(
            users::table
                .find(user_id)
                .filter(users::totp_recovery.eq(before))
        )
        .set(users::totp_recovery.eq(after))
        .execute(c)
        .await)?;
        Ok(n > 0)
    }
}
