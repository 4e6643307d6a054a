//! The public moderation log (what was removed, limited or blocked, when and why) and the
//! admins' audit log (every admin action).

use crate::db::schema::{admin_audit, moderation_log};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = moderation_log)]
pub struct LogEntry {
    pub id: i64,
    /// What was done, a stable name (`domain_suspend`, `remove_content`, `account_limit`...).
    pub action: String,
    /// What it was done to, as shown (a domain, a handle, an object's address).
    pub subject: String,
    pub reason: String,
    pub moderator_id: Option<i64>,
    /// The account the decision concerns, when one does (its statement of reasons).
    pub affected_id: Option<i64>,
    pub report_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = moderation_log)]
pub struct NewLogEntry<'a> {
    pub action: &'a str,
    pub subject: &'a str,
    pub reason: &'a str,
    pub moderator_id: Option<i64>,
    pub affected_id: Option<i64>,
    pub report_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl LogEntry {
    pub async fn insert(conn: &mut DbConn, new: &NewLogEntry<'_>) -> DbResult<()> {
        db_run!(conn, |c| diesel::insert_into(moderation_log::table)
            .values(new)
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The newest entries, `limit` of them before id `before` (paging).
    pub async fn page(
        conn: &mut DbConn,
        before: Option<i64>,
        limit: i64,
    ) -> DbResult<Vec<LogEntry>> {
        let before = before.unwrap_or(i64::MAX);
        Ok(db_run!(conn, |c| moderation_log::table
            .filter(moderation_log::id.lt(before))
            .order(moderation_log::id.desc())
            .limit(limit)
            .select(LogEntry::as_select())
            .load(c)
            .await)?)
    }

    /// The decisions about one account (its statements of reasons), newest first.
    /// How many entries about `actor_id` were written after `since` (all when None).
    pub async fn count_about_since(
        conn: &mut DbConn,
        actor_id: i64,
        since: Option<NaiveDateTime>,
    ) -> DbResult<i64> {
        Ok(db_run!(conn, |c| {
            let mut query = moderation_log::table
                .filter(moderation_log::affected_id.eq(actor_id))
                .count()
                .into_boxed();
            if let Some(t) = since {
                query = query.filter(moderation_log::created_at.gt(t));
            }
            query.get_result(c).await
        })?)
    }

    pub async fn about(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<LogEntry>> {
        Ok(db_run!(conn, |c| moderation_log::table
            .filter(moderation_log::affected_id.eq(actor_id))
            .order(moderation_log::id.desc())
            .limit(100)
            .select(LogEntry::as_select())
            .load(c)
            .await)?)
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = admin_audit)]
pub struct AuditEntry {
    pub id: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub detail: String,
    pub created_at: NaiveDateTime,
}

impl AuditEntry {
    pub async fn insert(
        conn: &mut DbConn,
        user_id: Option<i64>,
        action: &str,
        detail: &str,
    ) -> DbResult<()> {
        let now = crate::db::now();
        let detail: String = detail.chars().take(2000).collect();
        db_run!(conn, |c| diesel::insert_into(admin_audit::table)
            .values((
                admin_audit::user_id.eq(user_id),
                admin_audit::action.eq(action),
                admin_audit::detail.eq(&detail),
                admin_audit::created_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn newest(conn: &mut DbConn, limit: i64) -> DbResult<Vec<AuditEntry>> {
        Ok(db_run!(conn, |c| admin_audit::table
            .order(admin_audit::id.desc())
            .limit(limit)
            .select(AuditEntry::as_select())
            .load(c)
            .await)?)
    }
}
