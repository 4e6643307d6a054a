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
}
