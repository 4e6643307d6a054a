//! The persistent outgoing queue: one `outgoing_activities` row per activity and one
//! `deliveries` row per target inbox, written in the caller's transaction.
//!
//! A worker claims due deliveries by setting `locked_until` (a lease). On PostgreSQL the
//! claim skips rows other processes are claiming (`FOR UPDATE SKIP LOCKED`), so several
//! processes drain one queue without sending a job twice; a crashed process's leases expire
//! and its deliveries are claimed again.

use crate::db::schema::{deliveries, outgoing_activities};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};
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
    pub host: String,
    pub locked_until: Option<NaiveDateTime>,
}

/// Counts for `tessera queue status` and the admin page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub pending: i64,
    pub in_flight: i64,
    pub failed: i64,
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// `host[:port]` of an inbox URL, the unit of per-host limits and health.
pub fn inbox_host(inbox: &str) -> String {
    match url::Url::parse(inbox) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => String::new(),
        },
        Err(_) => String::new(),
    }
}

impl OutgoingActivity {
    /// An activity we sent, by its id (other servers dereference them to check what a
    /// community relayed).
    pub async fn find_by_ap_id(
        conn: &mut DbConn,
        ap_id: &str,
    ) -> DbResult<Option<OutgoingActivity>> {
        let ap_id = ap_id.to_string();
        Ok(db_run!(conn, |c| outgoing_activities::table
            .filter(outgoing_activities::ap_id.eq(&ap_id))
            .select(OutgoingActivity::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Stores an activity (once per id) and one delivery per distinct inbox; with no inbox
    /// it is only kept, to be served at its id. Returns the activity row.
    pub async fn enqueue(
        conn: &mut DbConn,
        ap_id: &str,
        actor_id: i64,
        payload: &str,
        inboxes: &[String],
        now: NaiveDateTime,
    ) -> DbResult<OutgoingActivity> {
        // An activity kept earlier (wrapped in another, see `delivery::enqueue`) keeps its
        // row; the new deliveries join it.
        let inserted: Option<OutgoingActivity> =
            db_run!(conn, |c| diesel::insert_into(outgoing_activities::table)
                .values((
                    outgoing_activities::ap_id.eq(ap_id),
                    outgoing_activities::actor_id.eq(actor_id),
                    outgoing_activities::payload.eq(payload),
                    outgoing_activities::created_at.eq(now),
                ))
                .on_conflict(outgoing_activities::ap_id)
                .do_nothing()
                .returning(OutgoingActivity::as_returning())
                .get_result(c)
                .await
                .optional())?;
        let activity = match inserted {
            Some(row) => row,
            None => Self::find_by_ap_id(conn, ap_id)
                .await?
                .ok_or(diesel::result::Error::NotFound)?,
        };
        let mut unique: Vec<&String> = inboxes.iter().collect();
        unique.sort();
        unique.dedup();
        // One row per inbox; SQLite has no multi-row insert with defaults in diesel.
        for inbox in unique {
            let host = inbox_host(inbox);
            db_run!(conn, |c| diesel::insert_into(deliveries::table)
                .values((
                    deliveries::activity_id.eq(activity.id),
                    deliveries::inbox_url.eq(inbox.as_str()),
                    deliveries::host.eq(&host),
                    deliveries::next_attempt_at.eq(now),
                    deliveries::created_at.eq(now),
                ))
                .on_conflict((deliveries::activity_id, deliveries::inbox_url))
                .do_nothing()
                .execute(c)
                .await)?;
        }
        Ok(activity)
    }
}

const CLAIM_PG: &str = "UPDATE deliveries SET locked_until = $1 WHERE id IN ( \
    SELECT d.id FROM deliveries d \
    WHERE d.failed = FALSE AND d.next_attempt_at <= $2 \
      AND (d.locked_until IS NULL OR d.locked_until < $3) \
      AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = d.host \
                      AND (h.unavailable OR h.circuit_open_until > $4)) \
    ORDER BY d.next_attempt_at, d.id LIMIT $5 \
    FOR UPDATE OF d SKIP LOCKED) RETURNING id";

// SQLite has one writer at a time (the caller's transaction holds the lock), so it needs
// no row locks.
const CLAIM_SQLITE: &str = "UPDATE deliveries SET locked_until = ? WHERE id IN ( \
    SELECT d.id FROM deliveries d \
    WHERE d.failed = 0 AND d.next_attempt_at <= ? \
      AND (d.locked_until IS NULL OR d.locked_until < ?) \
      AND NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = d.host \
                      AND (h.unavailable OR h.circuit_open_until > ?)) \
    ORDER BY d.next_attempt_at, d.id LIMIT ?) RETURNING id";

impl Delivery {
    /// Leases up to `limit` due deliveries until `lease_until`; returns them with their
    /// activities. Hosts whose circuit is open or that are unavailable are skipped.
    pub async fn claim(
        conn: &mut DbConn,
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> DbResult<Vec<(Delivery, OutgoingActivity)>> {
        let sql = match conn {
            DbConn::Postgres(_) => CLAIM_PG,
            DbConn::Sqlite(_) => CLAIM_SQLITE,
        };
        let ids: Vec<IdRow> = db_run!(conn, |c| diesel::sql_query(sql)
            .bind::<Timestamp, _>(lease_until)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(c)
            .await)?;
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let ids: Vec<i64> = ids.into_iter().map(|r| r.id).collect();
        Ok(db_run!(conn, |c| deliveries::table
            .inner_join(outgoing_activities::table)
            .filter(deliveries::id.eq_any(&ids))
            .order((deliveries::next_attempt_at.asc(), deliveries::id.asc()))
            .select((Delivery::as_select(), OutgoingActivity::as_select()))
            .load(c)
            .await)?)
    }

    /// The earliest time a pending delivery becomes due (or its lease ends), if any.
    pub async fn next_due_at(conn: &mut DbConn) -> DbResult<Option<NaiveDateTime>> {
        let next: Option<NaiveDateTime> = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .filter(deliveries::locked_until.is_null())
            .select(diesel::dsl::min(deliveries::next_attempt_at))
            .first(c)
            .await)?;
        // A leased delivery becomes claimable again when its lease ends.
        let lease: Option<NaiveDateTime> = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .select(diesel::dsl::min(deliveries::locked_until))
            .first(c)
            .await)?;
        Ok(match (next, lease) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }

    /// Delivered: the row goes.
    pub async fn complete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(deliveries::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Records a failed attempt: retried at `next_attempt_at`, or given up when `failed`.
    pub async fn record_failure(
        conn: &mut DbConn,
        id: i64,
        attempts: i32,
        next_attempt_at: NaiveDateTime,
        error: &str,
        failed: bool,
    ) -> DbResult<()> {
        let error: String = error.chars().take(500).collect();
        db_run!(conn, |c| diesel::update(deliveries::table.find(id))
            .set((
                deliveries::attempts.eq(attempts),
                deliveries::next_attempt_at.eq(next_attempt_at),
                deliveries::last_error.eq(&error),
                deliveries::failed.eq(failed),
                deliveries::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Hands a claimed delivery back untried (its host is busy or its circuit opened).
    pub async fn release(
        conn: &mut DbConn,
        id: i64,
        next_attempt_at: NaiveDateTime,
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(deliveries::table.find(id))
            .set((
                deliveries::next_attempt_at.eq(next_attempt_at),
                deliveries::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Gives up deliveries created before `cutoff` (the retry window has passed).
    pub async fn expire(conn: &mut DbConn, cutoff: NaiveDateTime) -> DbResult<usize> {
        Ok(db_run!(conn, |c| diesel::update(
            deliveries::table
                .filter(deliveries::failed.eq(false))
                .filter(deliveries::created_at.lt(cutoff))
        )
        .set((
            deliveries::failed.eq(true),
            deliveries::last_error.eq("retry window expired"),
            deliveries::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(c)
        .await)?)
    }

    pub async fn counts(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<QueueCounts> {
        let in_flight: i64 = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .filter(deliveries::locked_until.gt(now))
            .count()
            .get_result(c)
            .await)?;
        let open: i64 = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .count()
            .get_result(c)
            .await)?;
        let failed: i64 = db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(true))
            .count()
            .get_result(c)
            .await)?;
        Ok(QueueCounts {
            pending: open - in_flight,
            in_flight,
            failed,
        })
    }

    /// When the oldest delivery still to be sent was queued.
    pub async fn oldest_open(conn: &mut DbConn) -> DbResult<Option<NaiveDateTime>> {
        Ok(db_run!(conn, |c| deliveries::table
            .filter(deliveries::failed.eq(false))
            .select(diesel::dsl::min(deliveries::created_at))
            .first::<Option<NaiveDateTime>>(c)
            .await)?)
    }

    /// Every delivery of an activity (tests and diagnostics).
    pub async fn for_activity(conn: &mut DbConn, ap_id: &str) -> DbResult<Vec<Delivery>> {
        Ok(db_run!(conn, |c| deliveries::table
            .inner_join(outgoing_activities::table)
            .filter(outgoing_activities::ap_id.eq(ap_id))
            .select(Delivery::as_select())
            .load(c)
            .await)?)
    }
}
