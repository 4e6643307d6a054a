//! The queries that list funding calls: the calls page and API (a [`CallFilter`], counted
//! and paged), the calendars' deadlines, the newest calls and the map's open calls by
//! country. The row and its parts are in `funding_call`.

use crate::db::models::funding_call::{
    Deadline, FundingCall, ANY, FACET_COUNTRY, FACET_LANGUAGE, FACET_ORG_TYPE, FACET_SDG,
    FACET_THEME, STATUS_CLOSED, STATUS_FORTHCOMING, STATUS_OPEN,
};
use crate::db::schema::{actors, funding_call_deadlines, funding_call_tags, funding_calls};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

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
    /// How many calls match.
    pub async fn count(conn: &mut DbConn, filter: &CallFilter) -> DbResult<i64> {
        let plus = plus_for(conn);
        Ok(db_run!(conn, |c| filtered!(filter, plus)
            .count()
            .get_result::<i64>(c)
            .await)?)
    }

    /// One page of matching calls (ordered as [`FundingCall::page`]) and how many match, in
    /// one query: the count is a window over the same rows, so the filter is planned and
    /// its tag lookups run once rather than twice.
    pub async fn page_counted(
        conn: &mut DbConn,
        filter: &CallFilter,
        limit: i64,
        offset: i64,
    ) -> DbResult<(Vec<FundingCall>, i64)> {
        let closed = filter.status.as_deref() == Some(STATUS_CLOSED);
        let plus = plus_for(conn);
        let found: Vec<(i64, i64)> = db_run!(conn, |c| {
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
                .select((
                    funding_calls::id,
                    diesel::dsl::sql::<diesel::sql_types::BigInt>("COUNT(*) OVER ()"),
                ))
                .load(c)
                .await
        })?;
        let total = match found.as_slice() {
            [(_, total), ..] => *total,
            // Past the last page the window has no row to ride on.
            [] if offset > 0 => Self::count(conn, filter).await?,
            [] => 0,
        };
        let ids: Vec<i64> = found.into_iter().map(|(id, _)| id).collect();
        Ok((Self::rows_in_order(conn, &ids).await?, total))
    }

    /// The rows of `ids`, in that order.
    async fn rows_in_order(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<FundingCall>> {
        let wanted = ids.to_vec();
        let rows: Vec<FundingCall> = db_run!(conn, |c| funding_calls::table
            .filter(funding_calls::id.eq_any(wanted.clone()))
            .select(FundingCall::as_select())
            .load(c)
            .await)?;
        let mut by_id: std::collections::HashMap<i64, FundingCall> =
            rows.into_iter().map(|r| (r.id, r)).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
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
        Self::rows_in_order(conn, &ids).await
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
