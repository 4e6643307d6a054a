//! Invite links: a code an admin hands out so that people may sign up while registration
//! is by invitation (and without waiting for approval).

use crate::db::schema::invites;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invites)]
pub struct Invite {
    pub id: i64,
    pub code: String,
    /// None: unlimited.
    pub max_uses: Option<i32>,
    pub uses: i32,
    /// None: never expires.
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Whether an invite still lets someone in, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteState {
    Active,
    Expired,
    Revoked,
    UsedUp,
}

impl InviteState {
    pub fn as_str(self) -> &'static str {
        match self {
            InviteState::Active => "active",
            InviteState::Expired => "expired",
            InviteState::Revoked => "revoked",
            InviteState::UsedUp => "used_up",
        }
    }
}

pub struct NewInvite<'a> {
    pub code: &'a str,
    pub max_uses: Option<i32>,
    pub expires_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl Invite {
    /// Its state at `now`; a revoked invite is revoked whatever else is true of it.
    pub fn state(&self, now: NaiveDateTime) -> InviteState {
        if self.revoked_at.is_some() {
            InviteState::Revoked
        } else if self.expires_at.is_some_and(|t| t <= now) {
            InviteState::Expired
        } else if self.max_uses.is_some_and(|m| self.uses >= m) {
            InviteState::UsedUp
        } else {
            InviteState::Active
        }
    }

    pub async fn insert(conn: &mut DbConn, new: &NewInvite<'_>) -> DbResult<Invite> {
        Ok(db_run!(conn, |c| diesel::insert_into(invites::table)
            .values((
                invites::code.eq(new.code),
                invites::max_uses.eq(new.max_uses),
                invites::uses.eq(0),
                invites::expires_at.eq(new.expires_at),
                invites::created_by.eq(new.created_by),
                invites::created_at.eq(new.created_at),
            ))
            .returning(Invite::as_returning())
            .get_result(c)
            .await)?)
    }

    /// Every invite, newest first.
    pub async fn list(conn: &mut DbConn) -> DbResult<Vec<Invite>> {
        Ok(db_run!(conn, |c| invites::table
            .order(invites::id.desc())
            .select(Invite::as_select())
            .load(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Invite>> {
        Ok(db_run!(conn, |c| invites::table
            .find(id)
            .select(Invite::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_code(conn: &mut DbConn, code: &str) -> DbResult<Option<Invite>> {
        Ok(db_run!(conn, |c| invites::table
            .filter(invites::code.eq(code))
            .select(Invite::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Revokes an invite (once: a second revocation keeps the first time).
    pub async fn revoke(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(
            invites::table
                .find(id)
                .filter(invites::revoked_at.is_null())
        )
        .set(invites::revoked_at.eq(now))
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Takes one use of the invite `code` if it is active at `now`; false if not. One
    /// statement checks and counts, so two sign-ups racing for the last use cannot both
    /// have it: the second one's update finds the count already at the maximum.
    pub async fn claim(conn: &mut DbConn, code: &str, now: NaiveDateTime) -> DbResult<bool> {
        let taken = db_run!(conn, |c| diesel::update(
            invites::table
                .filter(invites::code.eq(code))
                .filter(invites::revoked_at.is_null())
                .filter(
                    invites::expires_at
                        .is_null()
                        .or(invites::expires_at.assume_not_null().gt(now))
                )
                .filter(
                    invites::max_uses
                        .is_null()
                        .or(invites::uses.lt(invites::max_uses.assume_not_null()))
                )
        )
        .set(invites::uses.eq(invites::uses + 1))
        .execute(c)
        .await)?;
        Ok(taken == 1)
    }
}
