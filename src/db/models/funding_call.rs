//! Funding and support calls (issue 22), local or received: the row, its deadlines and tags
//! (eligible countries and organisation types, themes, SDGs, languages), and the queries of
//! the calls page, the calendars and the matching of calls to a project or organisation.

use crate::db::models::search_index::{self, Indexed};
use crate::db::schema::{funding_call_deadlines, funding_call_tags, funding_calls};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const FACET_COUNTRY: &str = "country";
pub const FACET_ORG_TYPE: &str = "org_type";
pub const FACET_THEME: &str = "theme";
pub const FACET_SDG: &str = "sdg";
pub const FACET_LANGUAGE: &str = "language";
/// The tag of a call open to every country (or every organisation type).
pub const ANY: &str = "any";

pub const STATUS_FORTHCOMING: &str = "forthcoming";
pub const STATUS_OPEN: &str = "open";
pub const STATUS_CLOSED: &str = "closed";
pub const STATUSES: &[&str] = &[STATUS_FORTHCOMING, STATUS_OPEN, STATUS_CLOSED];

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = funding_calls)]
pub struct FundingCall {
    pub id: i64,
    pub ap_id: String,
    /// The key in local URLs (`/calls/{key}`), for received calls too.
    pub key: String,
    pub publisher_id: i64,
    pub creator_id: Option<i64>,
    pub is_local: bool,
    pub title: String,
    pub summary: String,
    pub description_source: String,
    pub description_html: String,
    pub programme: String,
    pub call_kind: String,
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    pub currency: Option<String>,
    /// The share of the costs the call funds, in per cent.
    pub cofunding_rate: Option<i32>,
    pub opens_at: Option<NaiveDateTime>,
    /// The last deadline; None: open until further notice.
    pub closes_at: Option<NaiveDateTime>,
    pub time_zone: String,
    pub link: Option<String>,
    pub contact: String,
    pub url: Option<String>,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Every field of a call row but its id, key and creation time.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = funding_calls)]
#[diesel(treat_none_as_null = true)]
pub struct FundingCallForm {
    pub ap_id: String,
    pub publisher_id: i64,
    pub creator_id: Option<i64>,
    pub is_local: bool,
    pub title: String,
    pub summary: String,
    pub description_source: String,
    pub description_html: String,
    pub programme: String,
    pub call_kind: String,
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    pub currency: Option<String>,
    pub cofunding_rate: Option<i32>,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub time_zone: String,
    pub link: Option<String>,
    pub contact: String,
    pub url: Option<String>,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
}

/// One deadline (a stage of the call): a label ("Stage 1: outline") and an instant.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct Deadline {
    pub label: String,
    pub due_at: NaiveDateTime,
}

pub type Tags = Vec<(String, String)>;

/// The status of a call at `now`, from its dates.
pub fn status_at(
    opens_at: Option<NaiveDateTime>,
    closes_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> &'static str {
    if closes_at.is_some_and(|c| c < now) {
        STATUS_CLOSED
    } else if opens_at.is_some_and(|o| o > now) {
        STATUS_FORTHCOMING
    } else {
        STATUS_OPEN
    }
}

impl FundingCall {
    pub fn status(&self, now: NaiveDateTime) -> &'static str {
        status_at(self.opens_at, self.closes_at, now)
    }

    /// Inserts a call with its deadlines and tags; `None` when one with the same `ap_id`
    /// exists (the same Create delivered twice at once).
    pub async fn insert(
        conn: &mut DbConn,
        key: &str,
        form: &FundingCallForm,
        deadlines: &[Deadline],
        tags: &Tags,
    ) -> DbResult<Option<FundingCall>> {
        let now = crate::db::now();
        let call = db_run!(conn, |c| diesel::insert_into(funding_calls::table)
            .values((
                form,
                funding_calls::key.eq(key),
                funding_calls::created_at.eq(now),
            ))
            .on_conflict(funding_calls::ap_id)
            .do_nothing()
            .returning(FundingCall::as_returning())
            .get_result(c)
            .await
            .optional())?;
        if let Some(call) = &call {
            Self::set_parts(conn, call.id, deadlines, tags).await?;
            search_index::index_call(conn, call).await?;
        }
        Ok(call)
    }

    /// Replaces a call's fields, deadlines and tags.
    pub async fn replace(
        conn: &mut DbConn,
        id: i64,
        form: &FundingCallForm,
        deadlines: &[Deadline],
        tags: &Tags,
    ) -> DbResult<FundingCall> {
        let call = db_run!(conn, |c| diesel::update(funding_calls::table.find(id))
            .set(form)
            .returning(FundingCall::as_returning())
            .get_result(c)
            .await)?;
        Self::set_parts(conn, id, deadlines, tags).await?;
        search_index::index_call(conn, &call).await?;
        Ok(call)
    }

    async fn set_parts(
        conn: &mut DbConn,
        id: i64,
        deadlines: &[Deadline],
        tags: &Tags,
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            funding_call_tags::table.filter(funding_call_tags::call_id.eq(id))
        )
        .execute(c)
        .await)?;
        db_run!(conn, |c| diesel::delete(
            funding_call_deadlines::table.filter(funding_call_deadlines::call_id.eq(id))
        )
        .execute(c)
        .await)?;
        // One row at a time: batch inserts are not available on SQLite through diesel-async.
        for (facet, value) in tags {
            db_run!(conn, |c| diesel::insert_into(funding_call_tags::table)
                .values((
                    funding_call_tags::call_id.eq(id),
                    funding_call_tags::facet.eq(facet),
                    funding_call_tags::value.eq(value),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await)?;
        }
        for (position, d) in deadlines.iter().enumerate() {
            db_run!(conn, |c| diesel::insert_into(funding_call_deadlines::table)
                .values((
                    funding_call_deadlines::call_id.eq(id),
                    funding_call_deadlines::position.eq(position as i32),
                    funding_call_deadlines::label.eq(&d.label),
                    funding_call_deadlines::due_at.eq(d.due_at),
                ))
                .execute(c)
                .await)?;
        }
        Ok(())
    }

    pub async fn tags(conn: &mut DbConn, id: i64) -> DbResult<Tags> {
        Ok(db_run!(conn, |c| funding_call_tags::table
            .filter(funding_call_tags::call_id.eq(id))
            .order((funding_call_tags::facet, funding_call_tags::value))
            .select((funding_call_tags::facet, funding_call_tags::value))
            .load(c)
            .await)?)
    }

    pub async fn deadlines(conn: &mut DbConn, id: i64) -> DbResult<Vec<Deadline>> {
        Ok(db_run!(conn, |c| funding_call_deadlines::table
            .filter(funding_call_deadlines::call_id.eq(id))
            .order(funding_call_deadlines::position)
            .select((
                funding_call_deadlines::label,
                funding_call_deadlines::due_at
            ))
            .load(c)
            .await)?)
    }

    /// The tags of several calls at once, for lists.
    pub async fn tags_of(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<(i64, String, String)>> {
        let ids = ids.to_vec();
        Ok(db_run!(conn, |c| funding_call_tags::table
            .filter(funding_call_tags::call_id.eq_any(ids.clone()))
            .order((
                funding_call_tags::call_id,
                funding_call_tags::facet,
                funding_call_tags::value
            ))
            .select((
                funding_call_tags::call_id,
                funding_call_tags::facet,
                funding_call_tags::value
            ))
            .load(c)
            .await)?)
    }

    /// The deadlines of several calls at once, for lists.
    pub async fn deadlines_of(
        conn: &mut DbConn,
        ids: &[i64],
    ) -> DbResult<Vec<(i64, String, NaiveDateTime)>> {
        let ids = ids.to_vec();
        Ok(db_run!(conn, |c| funding_call_deadlines::table
            .filter(funding_call_deadlines::call_id.eq_any(ids.clone()))
            .order((
                funding_call_deadlines::call_id,
                funding_call_deadlines::position
            ))
            .select((
                funding_call_deadlines::call_id,
                funding_call_deadlines::label,
                funding_call_deadlines::due_at
            ))
            .load(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<FundingCall>> {
        Ok(db_run!(conn, |c| funding_calls::table
            .find(id)
            .select(FundingCall::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_key(conn: &mut DbConn, key: &str) -> DbResult<Option<FundingCall>> {
        Ok(db_run!(conn, |c| funding_calls::table
            .filter(funding_calls::key.eq(key))
            .select(FundingCall::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<FundingCall>> {
        Ok(db_run!(conn, |c| funding_calls::table
            .filter(funding_calls::ap_id.eq(ap_id))
            .select(FundingCall::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        search_index::remove(conn, Indexed::Call, id).await?;
        db_run!(conn, |c| diesel::delete(funding_calls::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Every call of a publisher (for its page and its deletion).
    pub async fn of_publisher(conn: &mut DbConn, publisher_id: i64) -> DbResult<Vec<FundingCall>> {
        Ok(db_run!(conn, |c| funding_calls::table
            .filter(funding_calls::publisher_id.eq(publisher_id))
            .order((funding_calls::published.desc(), funding_calls::id.desc()))
            .select(FundingCall::as_select())
            .load(c)
            .await)?)
    }
}
