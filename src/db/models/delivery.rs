//! The persistent outgoing queue: one `outgoing_activities` row per activity and one
//! `deliveries` row per target inbox, written in the caller's transaction.

use crate::db::schema::{deliveries, outgoing_activities};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outgoing_activities)]
pub struct OutgoingActivity {
    pub id: i64,
    pub ap_id: String,
    pub actor_id: i64,
    pub payload: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deliveries)]
pub struct Delivery {
    pub id: i64,
    pub activity_id: i64,
    pub inbox_url: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub failed: bool,
    pub created_at: NaiveDateTime,
}

/// Counts for status displays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub pending: i64,
    pub failed: i64,
}

impl OutgoingActivity {
    /// Stores an activity and one delivery per distinct inbox. Returns the activity row.
    pub async fn enqueue(
        conn: &mut DbConn,
        ap_id: &str,
        actor_id: i64,
        payload: &str,
        inboxes: &[String],
    ) -> DbResult<OutgoingActivity> {
        let now = crate::db::now();
        let activity: OutgoingActivity =
            db_run!(conn, |c| diesel::insert_into(outgoing_activities::table)
                .values((
                    outgoing_activities::ap_id.eq(ap_id),
                    outgoing_activities::actor_id.eq(actor_id),
                    outgoing_activities::payload.eq(payload),
                    outgoing_activities::created_at.eq(now),
                ))
                .returning(OutgoingActivity::as_returning())
                .get_result(c)
                .await)?;
        let mut unique: Vec<&String> = inboxes.iter().collect();
        unique.sort();
        unique.dedup();
        // One row per inbox; SQLite has no multi-row insert with defaults in diesel.
        for inbox in unique {
            db_run!(conn, |c| diesel::insert_into(deliveries::table)
                .values((
                    deliveries::activity_id.eq(activity.id),
                    deliveries::inbox_url.eq(inbox.as_str()),
                    deliveries::next_attempt_at.eq(now),
                    deliveries::created_at.eq(now),
                ))
                .execute(c)
                .await)?;
        }
        Ok(activity)
    }
}

impl Delivery {
    /// Deliveries whose time has come, oldest first, with their activity.
    pub async fn due(
        conn: &mut DbConn,
        now: NaiveDateTime,
        limit: i64,
    ) -> DbResult<Vec<(Delivery, OutgoingActivity)>> {
        Ok(db_run!(conn, |c| deliveries::table
            .inner_join(outgoing_activities::table)
            .filter(deliveries::failed.eq(false))
            .filter(deliveries::next_attempt_at.le(now))
            .order((deliveries::next_attempt_at.asc(), deliveries::id.asc()))
            .limit(limit)
            .select((Delivery::as_select(), OutgoingActivity::as_select()))
            .load(c)
            .await)?)
    }

    /// The earliest time a pending delivery becomes due, if any.
    pub async fn next_due_at(conn: &mut DbConn) -> DbResult<Option<NaiveDateTime>> {
        Ok(db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .select(diesel::dsl::min(deliveries::next_attempt_at))
            .first(c)
            .await)?)
    }

    /// Pushes a delivery out to `until`, without counting an attempt (it is being worked on).
    pub async fn postpone(conn: &mut DbConn, id: i64, until: NaiveDateTime) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(deliveries::table.find(id))
            .set(deliveries::next_attempt_at.eq(until))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(deliveries::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Records a failed attempt and when to retry; `failed` ends retrying.
    pub async fn record_failure(
        conn: &mut DbConn,
        id: i64,
        attempts: i32,
        next_attempt_at: NaiveDateTime,
        error: &str,
        failed: bool,
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(deliveries::table.find(id))
            .set((
                deliveries::attempts.eq(attempts),
                deliveries::next_attempt_at.eq(next_attempt_at),
                deliveries::last_error.eq(error),
                deliveries::failed.eq(failed),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn counts(conn: &mut DbConn) -> DbResult<QueueCounts> {
        let pending: i64 = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .count()
            .get_result(c)
            .await)?;
        let failed: i64 = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(true))
            .count()
            .get_result(c)
            .await)?;
        Ok(QueueCounts { pending, failed })
    }
}
