//! Funding and support calls (issue 22), local or received: the row, its deadlines and tags
//! (eligible countries and organisation types, themes, SDGs, languages), and the queries of
//! the calls page, the calendars and the matching of calls to a project or organisation.

use crate::db::models::search_index::{self, Indexed};
use crate::db::schema::{actors, funding_call_deadlines, funding_call_tags, funding_calls};
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

/// What the calls page and the API narrow by; every field optional.
#[derive(Debug, Clone, Default)]
pub struct CallFilter {
    /// Rows a text search found (None: no search).
    pub ids: Option<Vec<i64>>,
    pub programme: Option<String>,
    pub kind: Option<String>,
    /// Calls open to this country (listed, or open to every country).
    pub country: Option<String>,
    /// Calls open to this organisation type (listed, or open to every type).
    pub org_type: Option<String>,
    pub theme: Option<String>,
    pub sdg: Option<String>,
    /// A primary language subtag.
    pub language: Option<String>,
    /// One status; None: open or forthcoming.
    pub status: Option<String>,
    /// With a deadline between now and this instant.
    pub deadline_before: Option<NaiveDateTime>,
    pub publisher_id: Option<i64>,
    pub local_only: bool,
    /// The instant the status is computed at.
    pub now: NaiveDateTime,
}

/// The calls table narrowed by a [`CallFilter`], boxed for the backend of the surrounding
/// `db_run!` arm.
macro_rules! filtered {
    ($f:expr, $plus:expr) => {{
        let f: &CallFilter = $f;
        let plus: &str = $plus;
        let mut q = funding_calls::table.into_boxed();
        // `+id` on SQLite: it then checks each listed row against the tagged ids, on the
        // listing index, instead of reading the (wide) row of every tagged call (27 ms for a
        // country at 10,000 calls otherwise). PostgreSQL needs the plain column for its
        // hashed semi-join (ten times slower with the plus).
        let tag = |facet: &'static str, value: String| {
            diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
                "{plus}funding_calls.id IN (SELECT call_id FROM funding_call_tags WHERE facet = "
            ))
            .bind::<diesel::sql_types::Text, _>(facet)
            .sql(" AND value = ")
            .bind::<diesel::sql_types::Text, _>(value)
            .sql(")")
        };
        // The same for a value or "any" (calls open to every country or type).
        let tag_or_any = |facet: &'static str, value: String| {
            diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
                "{plus}funding_calls.id IN (SELECT call_id FROM funding_call_tags WHERE facet = "
            ))
            .bind::<diesel::sql_types::Text, _>(facet)
            .sql(" AND value IN (")
            .bind::<diesel::sql_types::Text, _>(value)
            .sql(", ")
            .bind::<diesel::sql_types::Text, _>(ANY)
            .sql("))")
        };
        if let Some(ids) = &f.ids {
            q = q.filter(funding_calls::id.eq_any(ids.clone()));
        }
        if let Some(p) = &f.programme {
            q = q.filter(funding_calls::programme.eq(p.clone()));
        }
        if let Some(k) = &f.kind {
            q = q.filter(funding_calls::call_kind.eq(k.clone()));
        }
        if let Some(c) = &f.country {
            q = q.filter(tag_or_any(FACET_COUNTRY, c.clone()));
        }
        if let Some(t) = &f.org_type {
            q = q.filter(tag_or_any(FACET_ORG_TYPE, t.clone()));
        }
        if let Some(t) = &f.theme {
            q = q.filter(tag(FACET_THEME, t.clone()));
        }
        if let Some(s) = &f.sdg {
            q = q.filter(tag(FACET_SDG, s.clone()));
        }
        if let Some(l) = &f.language {
            q = q.filter(tag(FACET_LANGUAGE, l.clone()));
        }
        let now = f.now;
        match f.status.as_deref() {
            Some(STATUS_CLOSED) => q = q.filter(funding_calls::closes_at.lt(now)),
            Some(STATUS_FORTHCOMING) => q = q.filter(funding_calls::opens_at.gt(now)),
            Some(STATUS_OPEN) => {
                q = q
                    .filter(
                        funding_calls::closes_at
                            .is_null()
                            .or(funding_calls::closes_at.ge(now)),
                    )
                    .filter(
                        funding_calls::opens_at
                            .is_null()
                            .or(funding_calls::opens_at.le(now)),
                    )
            }
            Some(_) => {}
            None => {
                q = q.filter(
                    funding_calls::closes_at
                        .is_null()
                        .or(funding_calls::closes_at.ge(now)),
                )
            }
        }
        if let Some(before) = f.deadline_before {
            q = q.filter(
                funding_calls::id.eq_any(
                    funding_call_deadlines::table
                        .filter(funding_call_deadlines::due_at.ge(now))
                        .filter(funding_call_deadlines::due_at.le(before))
                        .select(funding_call_deadlines::call_id),
                ),
            );
        }
        if let Some(id) = f.publisher_id {
            q = q.filter(funding_calls::publisher_id.eq(id));
        } else {
            // Public lists leave out limited publishers, as the calendar does.
            q = q.filter(diesel::dsl::not(
                funding_calls::publisher_id.eq_any(
                    actors::table
                        .filter(
                            actors::domain_limited
                                .eq(true)
                                .or(actors::standing.ne("ok")),
                        )
                        .select(actors::id),
                ),
            ));
        }
        if f.local_only {
            q = q.filter(funding_calls::is_local.eq(true));
        }
        q
    }};
}

/// The prefix of a tag filter's id (see `filtered!`).
fn plus_for(conn: &DbConn) -> &'static str {
    match conn {
        DbConn::Sqlite(_) => "+",
        DbConn::Postgres(_) => "",
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

    /// How many calls match.
    pub async fn count(conn: &mut DbConn, filter: &CallFilter) -> DbResult<i64> {
        let plus = plus_for(conn);
        Ok(db_run!(conn, |c| filtered!(filter, plus)
            .count()
            .get_result::<i64>(c)
            .await)?)
    }

    /// One page of matching calls: the soonest last deadline first (those open until further
    /// notice after), or for closed calls the most recently closed first. The ids are chosen
    /// on the listing index alone, then only the page's rows are read.
    pub async fn page(
        conn: &mut DbConn,
        filter: &CallFilter,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<FundingCall>> {
        let closed = filter.status.as_deref() == Some(STATUS_CLOSED);
        let plus = plus_for(conn);
        let ids: Vec<i64> = db_run!(conn, |c| {
            let q = filtered!(filter, plus);
            let q = if closed {
                q.order((funding_calls::closes_at.desc(), funding_calls::id.desc()))
            } else {
                q.order((
                    funding_calls::closes_at.is_null(),
                    funding_calls::closes_at.asc(),
                    funding_calls::id,
                ))
            };
            q.limit(limit)
                .offset(offset)
                .select(funding_calls::id)
                .load(c)
                .await
        })?;
        let rows: Vec<FundingCall> = db_run!(conn, |c| funding_calls::table
            .filter(funding_calls::id.eq_any(ids.clone()))
            .select(FundingCall::as_select())
            .load(c)
            .await)?;
        let mut by_id: std::collections::HashMap<i64, FundingCall> =
            rows.into_iter().map(|r| (r.id, r)).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Open calls by eligible country (`any`: open to every country), leaving out limited
    /// publishers as the lists do: the map's call layer.
    pub async fn open_by_country(
        conn: &mut DbConn,
        now: NaiveDateTime,
    ) -> DbResult<Vec<(String, i64)>> {
        Ok(db_run!(conn, |c| funding_call_tags::table
            .inner_join(funding_calls::table)
            .filter(funding_call_tags::facet.eq(FACET_COUNTRY))
            .filter(
                funding_calls::closes_at
                    .is_null()
                    .or(funding_calls::closes_at.ge(now)),
            )
            .filter(
                funding_calls::opens_at
                    .is_null()
                    .or(funding_calls::opens_at.le(now)),
            )
            .filter(diesel::dsl::not(
                funding_calls::publisher_id.eq_any(
                    actors::table
                        .filter(
                            actors::domain_limited
                                .eq(true)
                                .or(actors::standing.ne("ok")),
                        )
                        .select(actors::id),
                ),
            ))
            .group_by(funding_call_tags::value)
            .select((funding_call_tags::value, diesel::dsl::count_star()))
            .load(c)
            .await)?)
    }

    /// Deadlines between `from` and `until`, with their calls, soonest first (calendars);
    /// `narrow`'s theme and country narrow them.
    pub async fn deadlines_between(
        conn: &mut DbConn,
        from: NaiveDateTime,
        until: NaiveDateTime,
        narrow: &CallFilter,
        limit: i64,
    ) -> DbResult<Vec<(FundingCall, Deadline)>> {
        let tagged = |facet: &'static str, values: Vec<String>| {
            funding_call_deadlines::call_id.eq_any(
                funding_call_tags::table
                    .filter(funding_call_tags::facet.eq(facet))
                    .filter(funding_call_tags::value.eq_any(values))
                    .select(funding_call_tags::call_id),
            )
        };
        let rows: Vec<(FundingCall, String, NaiveDateTime)> = db_run!(conn, |c| {
            let mut q = funding_call_deadlines::table
                .inner_join(funding_calls::table)
                .into_boxed();
            if let Some(t) = &narrow.theme {
                q = q.filter(tagged(FACET_THEME, vec![t.clone()]));
            }
            if let Some(country) = &narrow.country {
                q = q.filter(tagged(
                    FACET_COUNTRY,
                    vec![country.clone(), ANY.to_string()],
                ));
            }
            q.filter(funding_call_deadlines::due_at.ge(from))
                .filter(funding_call_deadlines::due_at.lt(until))
                .filter(diesel::dsl::not(
                    funding_calls::publisher_id.eq_any(
                        actors::table
                            .filter(
                                actors::domain_limited
                                    .eq(true)
                                    .or(actors::standing.ne("ok")),
                            )
                            .select(actors::id),
                    ),
                ))
                .order((funding_call_deadlines::due_at, funding_calls::id))
                .limit(limit)
                .select((
                    FundingCall::as_select(),
                    funding_call_deadlines::label,
                    funding_call_deadlines::due_at,
                ))
                .load(c)
                .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(call, label, due_at)| (call, Deadline { label, due_at }))
            .collect())
    }

    /// The newest calls by publication (for the Atom feed).
    pub async fn newest(conn: &mut DbConn, limit: i64) -> DbResult<Vec<FundingCall>> {
        Ok(db_run!(conn, |c| funding_calls::table
            .order((funding_calls::published.desc(), funding_calls::id.desc()))
            .limit(limit)
            .select(FundingCall::as_select())
            .load(c)
            .await)?)
    }
}
