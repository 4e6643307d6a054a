//! Users: local accounts that log in. Each owns one local `Person` actor.

use crate::db::schema::{actors, users};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// Whether an account may log in: active, or waiting for an admin's approval.
    pub enum UserStatus ("user status") {
        Active = "active",
        Pending = "pending",
        /// Suspended by an admin: cannot log in, and the outside no longer sees the actor.
        Suspended = "suspended",
    }
}

// The names call sites have always used, now typed.
pub const STATUS_ACTIVE: UserStatus = UserStatus::Active;
pub const STATUS_PENDING: UserStatus = UserStatus::Pending;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub actor_id: i64,
    pub username: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub status: UserStatus,
    pub signup_reason: String,
    pub locale: Option<String>,
    pub created_at: NaiveDateTime,
    /// When the member last opened their moderation page (decisions after it are new).
    pub moderation_seen_at: Option<NaiveDateTime>,
    /// The verified e-mail address (lower case); an address being verified is in its link.
    pub email: Option<String>,
    pub email_verified_at: Option<NaiveDateTime>,
    /// Set while two-factor authentication is on (its secret is read by `models::two_factor`).
    pub totp_enabled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub actor_id: i64,
    pub username: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub status: UserStatus,
    pub signup_reason: &'a str,
    pub created_at: NaiveDateTime,
}

impl User {
    pub async fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> DbResult<User> {
        Ok(db_run!(conn, |c| diesel::insert_into(users::table)
            .values(new)
            .returning(User::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<User>> {
        Ok(db_run!(conn, |c| users::table
            .find(id)
            .select(User::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_actor(conn: &mut DbConn, actor_id: i64) -> DbResult<Option<User>> {
        Ok(db_run!(conn, |c| users::table
            .filter(users::actor_id.eq(actor_id))
            .select(User::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_username(conn: &mut DbConn, username: &str) -> DbResult<Option<User>> {
        Ok(db_run!(conn, |c| users::table
            .filter(users::username.eq(username))
            .select(User::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn list_pending(conn: &mut DbConn) -> DbResult<Vec<User>> {
        Ok(db_run!(conn, |c| users::table
            .filter(users::status.eq(STATUS_PENDING))
            .order(users::created_at.asc())
            .select(User::as_select())
            .load(c)
            .await)?)
    }

    pub async fn count_active(conn: &mut DbConn) -> DbResult<i64> {
        Ok(db_run!(conn, |c| users::table
            .filter(users::status.eq(STATUS_ACTIVE))
            .count()
            .get_result(c)
            .await)?)
    }

    pub async fn set_status(conn: &mut DbConn, id: i64, status: UserStatus) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(users::table.find(id))
            .set(users::status.eq(status))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn set_locale(conn: &mut DbConn, id: i64, locale: Option<&str>) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(users::table.find(id))
            .set(users::locale.eq(locale))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn set_moderation_seen(conn: &mut DbConn, id: i64) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(users::table.find(id))
            .set(users::moderation_seen_at.eq(Some(now)))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn set_password_hash(conn: &mut DbConn, id: i64, hash: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(users::table.find(id))
            .set(users::password_hash.eq(hash))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Removes an account and its actor (a rejected sign-up leaves nothing behind).
    pub async fn delete_with_actor(conn: &mut DbConn, user: &User) -> DbResult<()> {
        let actor_id = user.actor_id;
        db_run!(conn, |c| diesel::delete(actors::table.find(actor_id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Active administrators of the hub.
    pub async fn count_admins(conn: &mut DbConn) -> DbResult<i64> {
        Ok(db_run!(conn, |c| users::table
            .filter(users::is_admin.eq(true))
            .filter(users::status.eq(STATUS_ACTIVE))
            .count()
            .get_result(c)
            .await)?)
    }

    /// Deletes the account (its sessions, tokens, memberships and notifications go with it);
    /// the actor row stays.
    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(users::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }
}
