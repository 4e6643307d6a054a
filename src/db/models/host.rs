//! Health of the remote hosts we deliver to.

use crate::db::schema::hosts;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = hosts)]
#[diesel(treat_none_as_null = true)]
pub struct Host {
    pub host: String,
    pub consecutive_failures: i32,
    pub first_failure_at: Option<NaiveDateTime>,
    pub last_failure_at: Option<NaiveDateTime>,
    pub last_success_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub circuit_open_until: Option<NaiveDateTime>,
    pub unavailable: bool,
}

impl Host {
    /// A host we know nothing bad about.
    pub fn healthy(host: &str) -> Host {
        Host {
            host: host.to_string(),
            consecutive_failures: 0,
            first_failure_at: None,
            last_failure_at: None,
            last_success_at: None,
            last_error: None,
            circuit_open_until: None,
            unavailable: false,
        }
    }

    pub async fn get(conn: &mut DbConn, host: &str) -> DbResult<Host> {
        let found: Option<Host> = db_run!(conn, |c| hosts::table
            .find(host)
            .select(Host::as_select())
            .first(c)
            .await
            .optional())?;
        Ok(found.unwrap_or_else(|| Host::healthy(host)))
    }

    pub async fn save(conn: &mut DbConn, row: &Host) -> DbResult<()> {
        db_run!(conn, |c| diesel::insert_into(hosts::table)
            .values(row)
            .on_conflict(hosts::host)
            .do_update()
            .set(row)
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Counts one more consecutive failure, atomically (concurrent failures to one host are
    /// all counted), and returns the host as it now stands.
    pub async fn record_failure(
        conn: &mut DbConn,
        host: &str,
        now: NaiveDateTime,
        error: &str,
    ) -> DbResult<Host> {
        let error: String = error.chars().take(500).collect();
        let mut row: Host = db_run!(conn, |c| diesel::insert_into(hosts::table)
            .values((
                hosts::host.eq(host),
                hosts::consecutive_failures.eq(1),
                hosts::first_failure_at.eq(now),
                hosts::last_failure_at.eq(now),
                hosts::last_error.eq(&error),
                hosts::unavailable.eq(false),
            ))
            .on_conflict(hosts::host)
            .do_update()
            .set((
                hosts::consecutive_failures.eq(hosts::consecutive_failures + 1),
                hosts::last_failure_at.eq(now),
                hosts::last_error.eq(&error),
            ))
            .returning(Host::as_returning())
            .get_result(c)
            .await)?;
        if row.first_failure_at.is_none() {
            // The first failure after a success starts the unavailability clock.
            db_run!(conn, |c| diesel::update(hosts::table.find(host))
                .filter(hosts::first_failure_at.is_null())
                .set(hosts::first_failure_at.eq(now))
                .execute(c)
                .await)?;
            row.first_failure_at = Some(now);
        }
        Ok(row)
    }

    /// Stores the breaker's verdict (circuit and availability) without touching the counts.
    /// Only the verdict on the newest count is kept: when failures to one host are
    /// recorded at once, an answer computed from an older count must not close a circuit
    /// that a later one opened. Returns whether the verdict was stored.
    pub async fn set_breaker(conn: &mut DbConn, row: &Host) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::update(hosts::table.find(&row.host))
            .filter(hosts::consecutive_failures.eq(row.consecutive_failures))
            .set((
                hosts::circuit_open_until.eq(row.circuit_open_until),
                hosts::unavailable.eq(row.unavailable),
            ))
            .execute(c)
            .await)?;
        Ok(n == 1)
    }

    /// A delivery succeeded: a host with a record of trouble is healthy again. (Healthy
    /// hosts are not written to on every delivery.)
    pub async fn record_success(conn: &mut DbConn, host: &str, now: NaiveDateTime) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(hosts::table.find(host))
            .filter(
                hosts::consecutive_failures
                    .gt(0)
                    .or(hosts::unavailable.eq(true))
                    .or(hosts::circuit_open_until.is_not_null()),
            )
            .set((
                hosts::consecutive_failures.eq(0),
                hosts::first_failure_at.eq(None::<NaiveDateTime>),
                hosts::circuit_open_until.eq(None::<NaiveDateTime>),
                hosts::unavailable.eq(false),
                hosts::last_success_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The host sent us something: whatever we thought, it is alive.
    pub async fn contacted(conn: &mut DbConn, host: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(hosts::table.find(host))
            .filter(
                hosts::unavailable
                    .eq(true)
                    .or(hosts::circuit_open_until.is_not_null())
            )
            .set((
                hosts::unavailable.eq(false),
                hosts::circuit_open_until.eq(None::<NaiveDateTime>),
                hosts::consecutive_failures.eq(0),
                hosts::first_failure_at.eq(None::<NaiveDateTime>),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Hosts with trouble first, for status displays.
    pub async fn list(conn: &mut DbConn, limit: i64) -> DbResult<Vec<Host>> {
        Ok(db_run!(conn, |c| hosts::table
            .order((hosts::consecutive_failures.desc(), hosts::host.asc()))
            .limit(limit)
            .select(Host::as_select())
            .load(c)
            .await)?)
    }

    /// Hosts by health, each counted once: `unavailable`, else `paused` (circuit open), else
    /// `failing` (a failure since the last success), else `ok`.
    pub async fn health_counts(conn: &mut DbConn, now: NaiveDateTime) -> DbResult<HostHealth> {
        let unavailable: i64 = db_run!(conn, |c| hosts::table
            .filter(hosts::unavailable.eq(true))
            .count()
            .get_result(c)
            .await)?;
        let paused: i64 = db_run!(conn, |c| hosts::table
            .filter(hosts::unavailable.eq(false))
            .filter(hosts::circuit_open_until.gt(now))
            .count()
            .get_result(c)
            .await)?;
        let failing: i64 = db_run!(conn, |c| hosts::table
            .filter(hosts::unavailable.eq(false))
            .filter(
                hosts::circuit_open_until
                    .is_null()
                    .or(hosts::circuit_open_until.le(now))
            )
            .filter(hosts::consecutive_failures.gt(0))
            .count()
            .get_result(c)
            .await)?;
        let all: i64 = db_run!(conn, |c| hosts::table.count().get_result(c).await)?;
        Ok(HostHealth {
            ok: all - unavailable - paused - failing,
            failing,
            paused,
            unavailable,
        })
    }
}

/// What [`Host::health_counts`] returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostHealth {
    pub ok: i64,
    pub failing: i64,
    pub paused: i64,
    pub unavailable: i64,
}
