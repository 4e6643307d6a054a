//! Ids of received activities, so that a duplicate is acknowledged but not processed twice.

use crate::db::schema::received_activities;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// How long received activity ids are remembered to recognise duplicates.
pub const REMEMBER_DAYS: i64 = 8;

pub struct ReceivedActivity;

impl ReceivedActivity {
    /// Records `ap_id`; false when it was already there (a duplicate).
    pub async fn insert_new(conn: &mut DbConn, ap_id: &str, now: NaiveDateTime) -> DbResult<bool> {
        let inserted = db_run!(conn, |c| diesel::insert_into(received_activities::table)
            .values((
                received_activities::ap_id.eq(ap_id),
                received_activities::received_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(c)
            .await)?;
        Ok(inserted == 1)
    }

    pub async fn seen(conn: &mut DbConn, ap_id: &str) -> DbResult<bool> {
        let found: Option<String> = db_run!(conn, |c| received_activities::table
            .find(ap_id)
            .select(received_activities::ap_id)
            .first(c)
            .await
            .optional())?;
        Ok(found.is_some())
    }

    /// Forgets an id whose processing failed, so that the sender's retry is processed.
    pub async fn forget(conn: &mut DbConn, ap_id: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            received_activities::table.find(ap_id)
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    pub async fn purge_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> DbResult<usize> {
        Ok(db_run!(conn, |c| diesel::delete(
            received_activities::table.filter(received_activities::received_at.lt(cutoff))
        )
        .execute(c)
        .await)?)
    }
}
