//! Events, local or remote, their themes and hashtags, and the calendar query.

use crate::db::models::search_index::{self, Indexed};
use crate::db::schema::{actors, event_tags, events};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const STATUS_SCHEDULED: &str = "scheduled";
pub const STATUS_TENTATIVE: &str = "tentative";
pub const STATUS_POSTPONED: &str = "postponed";
pub const STATUS_CANCELLED: &str = "cancelled";
pub const STATUSES: &[&str] = &[
    STATUS_SCHEDULED,
    STATUS_TENTATIVE,
    STATUS_POSTPONED,
    STATUS_CANCELLED,
];

/// Anyone may join, up to the capacity.
pub const JOIN_FREE: &str = "free";
/// Organisers approve each participant.
pub const JOIN_APPROVAL: &str = "approval";
/// Registration happens elsewhere (`external_url`).
pub const JOIN_EXTERNAL: &str = "external";
/// No registration: people just come.
pub const JOIN_NONE: &str = "none";
pub const JOIN_MODES: &[&str] = &[JOIN_FREE, JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_NONE];

pub const FACET_THEME: &str = "theme";
pub const FACET_HASHTAG: &str = "hashtag";

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: i64,
    pub ap_id: String,
    /// The key in local URLs (`/events/{key}`), for remote events too.
    pub key: String,
    pub organizer_id: i64,
    pub creator_id: Option<i64>,
    pub is_local: bool,
    pub title: String,
    pub description_source: String,
    pub description_html: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub place_name: String,
    /// JSON [`Address`].
    pub address: String,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub category: Option<String>,
    pub language: Option<String>,
    pub status: String,
    pub join_mode: String,
    pub external_url: Option<String>,
    pub capacity: Option<i32>,
    pub participant_count: i32,
    pub url: Option<String>,
    pub cover_url: Option<String>,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
    pub sequence: i32,
    pub created_at: NaiveDateTime,
}

/// The postal address of an event's place (schema.org `PostalAddress`, without the country,
/// which has its own column for filtering).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Address {
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub locality: String,
    #[serde(default)]
    pub region: String,
    /// A remote event's country as written, when it names no country we recognise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country_name: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        self.street.is_empty()
            && self.postal_code.is_empty()
            && self.locality.is_empty()
            && self.region.is_empty()
            && self.country_name.is_empty()
    }
}

/// Every field of an event row but its id, key and creation time.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = events)]
#[diesel(treat_none_as_null = true)]
pub struct EventForm {
    pub ap_id: String,
    pub organizer_id: i64,
    pub creator_id: Option<i64>,
    pub is_local: bool,
    pub title: String,
    pub description_source: String,
    pub description_html: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub place_name: String,
    pub address: String,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub category: Option<String>,
    pub language: Option<String>,
    pub status: String,
    pub join_mode: String,
    pub external_url: Option<String>,
    pub capacity: Option<i32>,
    pub participant_count: i32,
    pub url: Option<String>,
    pub cover_url: Option<String>,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
}

/// What the calendar can be narrowed by; every field optional.
#[derive(Debug, Clone, Default)]
pub struct CalendarFilter {
    pub theme: Option<String>,
    pub country: Option<String>,
    /// `Some(true)`: events with an online address; `Some(false)`: with a physical place.
    pub online: Option<bool>,
    /// Events ending at or after this instant.
    pub from: Option<NaiveDateTime>,
    /// Events starting before this instant.
    pub until: Option<NaiveDateTime>,
    pub organizer_id: Option<i64>,
    /// A primary language subtag (`pt` matches `pt` and `pt-BR`).
    pub language: Option<String>,
    pub local_only: bool,
}

/// The events table narrowed by a [`CalendarFilter`], boxed for whichever backend the
/// surrounding `db_run!` arm is for.
macro_rules! filtered {
    ($f:expr) => {{
        let f: &CalendarFilter = $f;
        let mut q = events::table.into_boxed();
        if let Some(theme) = &f.theme {
            q = q.filter(
                events::id.eq_any(
                    event_tags::table
                        .filter(event_tags::facet.eq(FACET_THEME))
                        .filter(event_tags::value.eq(theme.clone()))
                        .select(event_tags::event_id),
                ),
            );
        }
        if let Some(country) = &f.country {
            q = q.filter(events::country.eq(country.clone()));
        }
        match f.online {
            Some(true) => q = q.filter(events::online_url.is_not_null()),
            Some(false) => {
                q = q.filter(
                    events::place_name
                        .ne("")
                        .or(events::country.is_not_null())
                        .or(events::address.ne("{}")),
                )
            }
            None => {}
        }
        if let Some(from) = f.from {
            q = q.filter(events::ends_at.ge(from));
        }
        if let Some(until) = f.until {
            q = q.filter(events::starts_at.lt(until));
        }
        if let Some(id) = f.organizer_id {
            q = q.filter(events::organizer_id.eq(id));
        } else {
            // Public lists leave out limited organisers (a domain block or an admin's
            // decision); the few limited actors make this a short list.
            q = q.filter(diesel::dsl::not(
                events::organizer_id.eq_any(
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
        if let Some(lang) = &f.language {
            q = q.filter(
                events::language
                    .eq(lang.clone())
                    .or(events::language.like(format!("{lang}-%"))),
            );
        }
        if f.local_only {
            q = q.filter(events::is_local.eq(true));
        }
        q
    }};
}

pub type Tags = Vec<(String, String)>;

/// An event as the map places it: by its coordinates, else by its country.
#[derive(Debug, Clone)]
pub struct EventPoint {
    pub key: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The organiser's domain: the hub it comes from.
    pub hub: String,
}

impl Event {
    pub fn address(&self) -> Address {
        serde_json::from_str(&self.address).unwrap_or_default()
    }

    pub fn is_physical(&self) -> bool {
        !self.place_name.is_empty() || self.country.is_some() || !self.address().is_empty()
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == STATUS_CANCELLED
    }

    /// Inserts an event with its tags; `None` when one with the same `ap_id` exists (the same
    /// Create delivered twice at once).
    pub async fn insert(
        conn: &mut DbConn,
        key: &str,
        form: &EventForm,
        tags: &Tags,
    ) -> DbResult<Option<Event>> {
        let now = crate::db::now();
        let event = db_run!(conn, |c| diesel::insert_into(events::table)
            .values((
                form,
                events::key.eq(key),
                events::sequence.eq(0),
                events::created_at.eq(now),
            ))
            .on_conflict(events::ap_id)
            .do_nothing()
            .returning(Event::as_returning())
            .get_result(c)
            .await
            .optional())?;
        if let Some(event) = &event {
            Self::set_tags(conn, event.id, tags).await?;
            search_index::index_event(conn, event).await?;
        }
        Ok(event)
    }

    /// Replaces an event's fields and tags; the sequence goes up (iCalendar's SEQUENCE).
    pub async fn replace(
        conn: &mut DbConn,
        id: i64,
        form: &EventForm,
        tags: &Tags,
    ) -> DbResult<Event> {
        let event = db_run!(conn, |c| diesel::update(events::table.find(id))
            .set((form, events::sequence.eq(events::sequence + 1)))
            .returning(Event::as_returning())
            .get_result(c)
            .await)?;
        Self::set_tags(conn, id, tags).await?;
        search_index::index_event(conn, &event).await?;
        Ok(event)
    }

    async fn set_tags(conn: &mut DbConn, id: i64, tags: &Tags) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            event_tags::table.filter(event_tags::event_id.eq(id))
        )
        .execute(c)
        .await)?;
        // One row at a time: batch inserts are not available on SQLite through diesel-async.
        for (facet, value) in tags {
            db_run!(conn, |c| diesel::insert_into(event_tags::table)
                .values((
                    event_tags::event_id.eq(id),
                    event_tags::facet.eq(facet),
                    event_tags::value.eq(value),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await)?;
        }
        Ok(())
    }

    pub async fn tags(conn: &mut DbConn, id: i64) -> DbResult<Tags> {
        Ok(db_run!(conn, |c| event_tags::table
            .filter(event_tags::event_id.eq(id))
            .order((event_tags::facet, event_tags::value))
            .select((event_tags::facet, event_tags::value))
            .load(c)
            .await)?)
    }

    /// The tags of several events at once, for listing pages.
    pub async fn tags_of(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<(i64, String, String)>> {
        let ids = ids.to_vec();
        Ok(db_run!(conn, |c| event_tags::table
            .filter(event_tags::event_id.eq_any(ids.clone()))
            .order((event_tags::event_id, event_tags::facet, event_tags::value))
            .select((event_tags::event_id, event_tags::facet, event_tags::value))
            .load(c)
            .await)?)
    }

    pub async fn set_participant_count(conn: &mut DbConn, id: i64, count: i32) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(events::table.find(id))
            .set(events::participant_count.eq(count))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Event>> {
        Ok(db_run!(conn, |c| events::table
            .find(id)
            .select(Event::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Several events at once, in no particular order (a page of `/actor/items`).
    pub async fn find_many(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<Event>> {
        let ids = ids.to_vec();
        Ok(db_run!(conn, |c| events::table
            .filter(events::id.eq_any(ids.clone()))
            .select(Event::as_select())
            .load(c)
            .await)?)
    }

    /// Those of `ap_ids` that are stored, in no particular order (a backfill page).
    pub async fn find_by_ap_ids(conn: &mut DbConn, ap_ids: &[String]) -> DbResult<Vec<Event>> {
        let ap_ids = ap_ids.to_vec();
        Ok(db_run!(conn, |c| events::table
            .filter(events::ap_id.eq_any(ap_ids.clone()))
            .select(Event::as_select())
            .load(c)
            .await)?)
    }

    pub async fn find_by_key(conn: &mut DbConn, key: &str) -> DbResult<Option<Event>> {
        Ok(db_run!(conn, |c| events::table
            .filter(events::key.eq(key))
            .select(Event::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<Event>> {
        Ok(db_run!(conn, |c| events::table
            .filter(events::ap_id.eq(ap_id))
            .select(Event::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        search_index::remove(conn, Indexed::Event, id).await?;
        db_run!(conn, |c| diesel::delete(events::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Every event of an organiser, soonest first (for its calendar and its deletion).
    pub async fn of_organizer(conn: &mut DbConn, organizer_id: i64) -> DbResult<Vec<Event>> {
        Ok(db_run!(conn, |c| events::table
            .filter(events::organizer_id.eq(organizer_id))
            .order((events::starts_at, events::id))
            .select(Event::as_select())
            .load(c)
            .await)?)
    }

    /// One page of the calendar, in start order, and the number of matching events.
    pub async fn calendar(
        conn: &mut DbConn,
        filter: &CalendarFilter,
        limit: i64,
        offset: i64,
    ) -> DbResult<(Vec<Event>, i64)> {
        let total = db_run!(conn, |c| filtered!(filter)
            .count()
            .get_result::<i64>(c)
            .await)?;
        Ok((Self::first(conn, filter, limit, offset).await?, total))
    }

    /// One page of the calendar without counting the matches (counting reads every
    /// matching row; pages that show no total skip it).
    pub async fn first(
        conn: &mut DbConn,
        filter: &CalendarFilter,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<Event>> {
        Ok(db_run!(conn, |c| filtered!(filter)
            .order((events::starts_at, events::id))
            .limit(limit)
            .offset(offset)
            .select(Event::as_select())
            .load(c)
            .await)?)
    }

    /// Up to `limit` matching events that are not cancelled and have a place on a map
    /// (coordinates or a country), in start order.
    pub async fn points(
        conn: &mut DbConn,
        filter: &CalendarFilter,
        limit: i64,
    ) -> DbResult<Vec<EventPoint>> {
        type Row = (
            String,
            String,
            NaiveDateTime,
            Option<String>,
            Option<f64>,
            Option<f64>,
            i64,
        );
        let rows: Vec<Row> = db_run!(conn, |c| filtered!(filter)
            .filter(events::status.ne(STATUS_CANCELLED))
            .filter(
                events::country
                    .is_not_null()
                    .or(events::latitude.is_not_null()),
            )
            .order((events::starts_at, events::id))
            .limit(limit)
            .select((
                events::key,
                events::title,
                events::starts_at,
                events::country,
                events::latitude,
                events::longitude,
                events::organizer_id,
            ))
            .load(c)
            .await)?;
        let mut organisers: Vec<i64> = rows.iter().map(|r| r.6).collect();
        organisers.sort_unstable();
        organisers.dedup();
        let domains: std::collections::HashMap<i64, String> = db_run!(conn, |c| actors::table
            .filter(actors::id.eq_any(organisers.clone()))
            .select((actors::id, actors::domain))
            .load::<(i64, String)>(c)
            .await)?
        .into_iter()
        .collect();
        Ok(rows
            .into_iter()
            .map(
                |(key, title, starts_at, country, latitude, longitude, organiser)| EventPoint {
                    key,
                    title,
                    starts_at,
                    country,
                    latitude,
                    longitude,
                    hub: domains.get(&organiser).cloned().unwrap_or_default(),
                },
            )
            .collect())
    }

    /// The newest events by publication (for the Atom feed).
    pub async fn newest(conn: &mut DbConn, limit: i64) -> DbResult<Vec<Event>> {
        Ok(db_run!(conn, |c| events::table
            .order((events::published.desc(), events::id.desc()))
            .limit(limit)
            .select(Event::as_select())
            .load(c)
            .await)?)
    }
}
