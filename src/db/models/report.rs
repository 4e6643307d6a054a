//! Reports (notices): a member's, an anonymous visitor's or another server's (`Flag`).

use crate::db::schema::reports;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// What a report says is wrong.
    pub enum ReportCategory ("report category") {
        Spam = "spam",
        Harassment = "harassment",
        /// Illegal content: the report names its legal ground.
        Illegal = "illegal",
        Misinformation = "misinformation",
        Other = "other",
    }
}

crate::text_enum! {
    /// What a moderator decided.
    pub enum Decision ("report decision") {
        Dismiss = "dismiss",
        RemoveContent = "remove_content",
        LimitAccount = "limit_account",
        SuspendAccount = "suspend_account",
        BlockDomain = "block_domain",
    }
}

pub const STATE_OPEN: &str = "open";
pub const STATE_RESOLVED: &str = "resolved";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct Report {
    pub id: i64,
    pub reporter_id: Option<i64>,
    pub reporter_contact: String,
    /// The server a `Flag` came from; empty for reports made here.
    pub origin_domain: String,
    pub flag_ap_id: Option<String>,
    pub target_id: Option<i64>,
    /// The reported objects' ids, one per line.
    pub objects: String,
    pub object_kind: String,
    pub community_id: Option<i64>,
    pub category: ReportCategory,
    pub legal_ground: String,
    pub comment: String,
    pub forwarded_at: Option<NaiveDateTime>,
    pub state: String,
    pub decision: Option<Decision>,
    pub decision_reason: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports)]
pub struct NewReport {
    pub reporter_id: Option<i64>,
    pub reporter_contact: String,
    pub origin_domain: String,
    pub flag_ap_id: Option<String>,
    pub target_id: Option<i64>,
    pub objects: String,
    pub object_kind: String,
    pub community_id: Option<i64>,
    pub category: ReportCategory,
    pub legal_ground: String,
    pub comment: String,
    pub state: String,
    pub created_at: NaiveDateTime,
    /// The hash of the private link an anonymous reporter reads the decision at.
    pub status_token_hash: Option<String>,
}

impl Report {
    pub fn object_ids(&self) -> Vec<&str> {
        self.objects.lines().filter(|l| !l.is_empty()).collect()
    }

    /// Inserts a report; `None` when a `Flag` with the same id was already received.
    pub async fn insert(conn: &mut DbConn, new: &NewReport) -> DbResult<Option<Report>> {
        Ok(db_run!(conn, |c| diesel::insert_into(reports::table)
            .values(new)
            .on_conflict_do_nothing()
            .returning(Report::as_returning())
            .get_result(c)
            .await
            .optional())?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Report>> {
        Ok(db_run!(conn, |c| reports::table
            .find(id)
            .select(Report::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Reports in `state`; with `communities`, only those on these communities.
    pub async fn list(
        conn: &mut DbConn,
        state: &str,
        communities: Option<&[i64]>,
        limit: i64,
    ) -> DbResult<Vec<Report>> {
        let only: Option<Vec<i64>> = communities.map(<[i64]>::to_vec);
        Ok(db_run!(conn, |c| {
            let mut query = reports::table
                .filter(reports::state.eq(state))
                .order(reports::id.desc())
                .limit(limit)
                .select(Report::as_select())
                .into_boxed();
            if let Some(ids) = &only {
                query = query.filter(reports::community_id.eq_any(ids.clone()));
            }
            query.load(c).await
        })?)
    }

    pub async fn by_reporter(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<Report>> {
        Ok(db_run!(conn, |c| reports::table
            .filter(reports::reporter_id.eq(actor_id))
            .order(reports::id.desc())
            .limit(100)
            .select(Report::as_select())
            .load(c)
            .await)?)
    }

    /// The report an anonymous reporter's private link names (by the link's hash).
    pub async fn by_status_token(conn: &mut DbConn, hash: &str) -> DbResult<Option<Report>> {
        let hash = hash.to_owned();
        Ok(db_run!(conn, |c| reports::table
            .filter(reports::status_token_hash.eq(hash.clone()))
            .select(Report::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Records a decision on an open report; false when it was already decided.
    pub async fn decide(
        conn: &mut DbConn,
        id: i64,
        decision: Decision,
        reason: &str,
        by: i64,
    ) -> DbResult<bool> {
        let now = crate::db::now();
        let n = db_run!(conn, |c| diesel::update(
            reports::table
                .find(id)
                .filter(reports::state.eq(STATE_OPEN))
        )
        .set((
            reports::state.eq(STATE_RESOLVED),
            reports::decision.eq(Some(decision)),
            reports::decision_reason.eq(reason),
            reports::decided_by.eq(Some(by)),
            reports::decided_at.eq(Some(now)),
        ))
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    pub async fn set_forwarded(conn: &mut DbConn, id: i64) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(reports::table.find(id))
            .set(reports::forwarded_at.eq(Some(now)))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn count_open(conn: &mut DbConn) -> DbResult<i64> {
        Ok(db_run!(conn, |c| reports::table
            .filter(reports::state.eq(STATE_OPEN))
            .count()
            .get_result(c)
            .await)?)
    }
}
