//! Records of what moderators and admins did: the public moderation log (Lemmy's modlog),
//! whose entries about an account are also its statements of reasons, and the admins'
//! audit log of every admin action.

use crate::db::models::moderation_log::{AuditEntry, LogEntry, NewLogEntry};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::AppResult;

/// One admin action, for the audit log.
pub async fn admin(
    conn: &mut DbConn,
    by: Option<&User>,
    action: &str,
    detail: &str,
) -> AppResult<()> {
    AuditEntry::insert(conn, by.map(|u| u.id), action, detail).await?;
    tracing::info!(
        action,
        detail,
        admin = by.map(|u| u.username.as_str()),
        "admin action"
    );
    Ok(())
}

/// One moderation decision, for the public log.
pub struct Logged<'a> {
    pub action: &'a str,
    pub subject: &'a str,
    pub reason: &'a str,
    pub moderator_id: Option<i64>,
    pub affected_id: Option<i64>,
    pub report_id: Option<i64>,
}

pub async fn log(conn: &mut DbConn, entry: Logged<'_>) -> AppResult<()> {
    let reason: String = entry.reason.trim().chars().take(2000).collect();
    LogEntry::insert(
        conn,
        &NewLogEntry {
            action: entry.action,
            subject: entry.subject,
            reason: &reason,
            moderator_id: entry.moderator_id,
            affected_id: entry.affected_id,
            report_id: entry.report_id,
            created_at: crate::db::now(),
        },
    )
    .await?;
    Ok(())
}
