//! The events pages: the calendar as a list with filters and pages, the month grid, and
//! the shared pieces (times in the event's zone and the reader's, labels, cards). The
//! event page itself, joining and the participants list are in
//! [`crate::web::event_participation`]; the form in [`crate::web::event_form`].
//!
//! The reader's zone comes from `?tz=Zone`, else the `tz` cookie that a line of script on
//! the event and month pages sets from the browser; pages work without it.

use crate::db::models::actor::Actor;
use crate::db::models::event::{Event, JOIN_MODES, STATUSES, STATUS_SCHEDULED};
use crate::error::AppError;
use crate::federation::objects::event::{offset_label, place_line};
use crate::i18n::{self, Arg};
use crate::services::calendars;
use crate::services::events::{self as service, EventDetails};
use crate::state::Ctx;
use crate::text::with_query;
use crate::vocabulary as vocab;
use crate::web::entries::label;
use crate::web::page::{self, Page, WebError, WebResult};
use crate::web::profiles::href as actor_href;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use minijinja::context;
use minijinja::value::Value;

/// Events per page of the list.
const PAGE_SIZE: i64 = 20;
/// The most events an organiser's page lists.
const SECTION_SIZE: i64 = 5;
/// The most events one month grid loads.
const MONTH_LIMIT: i64 = 1000;
/// The zone of new events and of the month grid when the reader's is unknown.
pub const DEFAULT_ZONE: &str = "Europe/Brussels";
/// The cookie the pages' script sets to the browser's zone.
const TZ_COOKIE: &str = "tz";

pub type Pairs = Vec<(String, String)>;

/// The query string's pairs, in order (filters may repeat), under the name the pages use.
pub use crate::text::query_pairs as pairs;

/// The last non-empty value of `name`.
pub fn param<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// The reader's zone: `?tz=`, else the `tz` cookie; unknown names are ignored.
pub fn reader_zone(pairs: &Pairs, headers: &HeaderMap) -> Option<Tz> {
    let from_query = param(pairs, "tz").and_then(|z| z.parse::<Tz>().ok());
    from_query.or_else(|| {
        let raw = page::cookie_value(headers, TZ_COOKIE)?;
        let decoded = percent_encoding::percent_decode_str(&raw)
            .decode_utf8()
            .ok()?;
        decoded.trim().parse::<Tz>().ok()
    })
}

/// The zone of an event; remote events may name one we do not know: UTC then.
pub fn zone_of(event: &Event) -> Tz {
    event.time_zone.parse().unwrap_or(Tz::UTC)
}

/// "Tue 2 June 2026" / "mar. 2 juin 2026".
pub fn date_label(page: &Page, date: NaiveDate) -> String {
    let weekday = date.weekday().number_from_monday();
    let args = [
        (
            "weekday",
            Arg::Str(page.t(&format!("events-weekday-{weekday}"))),
        ),
        ("day", Arg::Str(date.day().to_string())),
        (
            "month",
            Arg::Str(page.t(&format!("events-month-{}", date.month()))),
        ),
        ("year", Arg::Str(date.year().to_string())),
    ];
    i18n::translate(page.lang, "events-date", &args)
}

/// When an event happens in `tz`: "Tue 2 June 2026, 10:00–17:30 Europe/Lisbon", with the
/// UTC offset after the zone when `offset` is set.
pub fn when_label(page: &Page, event: &Event, tz: Tz, offset: bool) -> String {
    let start = tz.from_utc_datetime(&event.starts_at);
    let end = tz.from_utc_datetime(&event.ends_at);
    let zone = if offset {
        format!(
            "{} (UTC{})",
            tz.name(),
            offset_label(event.starts_at, tz.name())
        )
    } else {
        tz.name().to_string()
    };
    let hm = |t: &chrono::DateTime<Tz>| t.format("%H:%M").to_string();
    if start.date_naive() == end.date_naive() {
        let args = [
            ("date", Arg::Str(date_label(page, start.date_naive()))),
            ("start", Arg::Str(hm(&start))),
            ("end", Arg::Str(hm(&end))),
            ("zone", Arg::Str(zone)),
        ];
        i18n::translate(page.lang, "events-when-same-day", &args)
    } else {
        let args = [
            ("start_date", Arg::Str(date_label(page, start.date_naive()))),
            ("start", Arg::Str(hm(&start))),
            ("end_date", Arg::Str(date_label(page, end.date_naive()))),
            ("end", Arg::Str(hm(&end))),
            ("zone", Arg::Str(zone)),
        ];
        i18n::translate(page.lang, "events-when-days", &args)
    }
}

/// The event's time in the reader's zone, when it is not the event's: times only when the
/// dates are the event's own, else with the dates.
pub fn reader_time(page: &Page, event: &Event, reader: Option<Tz>) -> Option<String> {
    let reader = reader?;
    let own = zone_of(event);
    if reader.name() == own.name() {
        return None;
    }
    let same = |at: NaiveDateTime| {
        own.from_utc_datetime(&at).date_naive() == reader.from_utc_datetime(&at).date_naive()
    };
    let start = reader.from_utc_datetime(&event.starts_at);
    let end = reader.from_utc_datetime(&event.ends_at);
    if same(event.starts_at) && same(event.ends_at) && start.date_naive() == end.date_naive() {
        let args = [
            ("start", Arg::Str(start.format("%H:%M").to_string())),
            ("end", Arg::Str(end.format("%H:%M").to_string())),
            ("zone", Arg::Str(reader.name().to_string())),
        ];
        Some(i18n::translate(page.lang, "events-your-time-short", &args))
    } else {
        let args = [("when", Arg::Str(when_label(page, event, reader, false)))];
        Some(i18n::translate(page.lang, "events-your-time", &args))
    }
}

pub fn status_label(page: &Page, status: &str) -> String {
    if STATUSES.contains(&status) {
        page.t(&format!("events-status-{status}"))
    } else {
        status.to_string()
    }
}

pub fn join_mode_label(page: &Page, mode: &str) -> String {
    if JOIN_MODES.contains(&mode) {
        page.t(&format!("events-join-mode-{mode}"))
    } else {
        mode.to_string()
    }
}

/// The labels of an event's themes, in the vocabulary's order (unknown codes left out).
pub fn theme_labels(page: &Page, details: &EventDetails) -> Vec<String> {
    let themes = details.themes();
    vocab::THEMES
        .iter()
        .filter(|code| themes.iter().any(|t| t == *code))
        .map(|code| label(page, "theme", code))
        .collect()
}

pub fn category_label(page: &Page, category: Option<&str>) -> Option<String> {
    category
        .filter(|c| vocab::EVENT_CATEGORIES.contains(c))
        .map(|c| label(page, "event-category", c))
}

/// The organiser of an event, linked: local ones to their page here, remote ones to
/// their profile at home.
pub fn organizer_view(details: &EventDetails) -> Value {
    let o = &details.organizer;
    let href = if o.is_local {
        actor_href(o)
    } else {
        o.profile_url.clone().unwrap_or_else(|| o.ap_id.to_string())
    };
    context! {
        name => o.display_name_or_username(),
        handle => o.handle(),
        href => href,
        local => o.is_local,
        host => o.domain,
    }
}

/// "12 / 30 places" or "12 participants".
pub fn places_label(page: &Page, event: &Event) -> String {
    let count = ("count", Arg::Num(event.participant_count as f64));
    match event.capacity {
        Some(c) => {
            let args = [count, ("capacity", Arg::Num(c as f64))];
            i18n::translate(page.lang, "events-places", &args)
        }
        None => i18n::translate(page.lang, "events-participants-count", &[count]),
    }
}

/// One event as the list shows it.
pub(super) fn card(page: &Page, details: &EventDetails) -> Value {
    let e = &details.event;
    let place = place_line(e);
    let start = zone_of(e).from_utc_datetime(&e.starts_at);
    let month = page.t(&format!("events-month-{}", start.month()));
    context! {
        // The date badge: day of the month and the month's first letters.
        day => start.day(),
        month_short => month.chars().take(3).collect::<String>(),
        cover => e.cover_url,
        title => e.title,
        href => format!("/events/{}", e.key),
        status => (e.status != STATUS_SCHEDULED).then(|| status_label(page, &e.status)),
        cancelled => e.is_cancelled(),
        when => when_label(page, e, zone_of(e), false),
        place => Some(place).filter(|p| !p.is_empty()),
        online => e.online_url.is_some(),
        organizer => organizer_view(details),
        themes => theme_labels(page, details),
        category => category_label(page, e.category.as_deref()),
        places => places_label(page, e),
    }
}

/// How the calendar's `organizer` filter names an actor: `@name` for one of this hub,
/// `@name@host` for one elsewhere (what the filter form's hint shows).
fn organizer_filter(actor: &Actor) -> String {
    if actor.is_local {
        format!("@{}", actor.username)
    } else {
        actor.handle()
    }
}

/// The "Upcoming events" section of an organiser's page (a person, project or
/// organisation, here or elsewhere): its next events that have not ended, soonest first,
/// with links to all of them and to their iCalendar feed. None when nothing is coming up,
/// so the page shows no empty heading.
pub async fn organizer_section(page: &Page, organizer: &Actor) -> Result<Option<Value>, WebError> {
    let (events, _) = service::upcoming_of(&page.data, organizer, SECTION_SIZE).await?;
    if events.is_empty() {
        return Ok(None);
    }
    let filter = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("organizer", &organizer_filter(organizer))
        .finish();
    let cards: Vec<Value> = events.iter().map(|d| card(page, d)).collect();
    Ok(Some(context! {
        events => cards,
        all_href => with_query("/events", &filter),
        ics_href => with_query("/events/calendar.ics", &filter),
    }))
}

/// Every country, named and sorted in the page's language (CLDR names).
pub fn countries(lang: &str) -> Vec<Value> {
    let mut all: Vec<(String, &str)> = isocountry::CountryCode::iter()
        .map(|c| {
            let name =
                crate::i18n::country_name(lang, c.alpha2()).unwrap_or_else(|| c.name().to_string());
            (name, c.alpha2())
        })
        .collect();
    all.sort_by_cached_key(|(name, _)| crate::i18n::sort_key(name));
    all.into_iter()
        .map(|(name, code)| context! { code => code, name => name })
        .collect()
}

/// A query string of the filters in `pairs` without `skip` and empty values, plus `add`.
fn query(pairs: &Pairs, skip: &[&str], add: &[(&str, String)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.trim().is_empty() && !skip.contains(&k.as_str()) {
            out.append_pair(k, v.trim());
        }
    }
    for (k, v) in add {
        out.append_pair(k, v);
    }
    out.finish()
}

/// The filter form's values and choices.
fn filter_form(page: &Page, pairs: &Pairs) -> Value {
    let one = |name: &str| param(pairs, name).unwrap_or_default().to_string();
    let theme = one("theme");
    let themes: Vec<Value> = vocab::THEMES
        .iter()
        .map(|code| {
            context! {
                code => code,
                label => label(page, "theme", code),
                selected => theme == *code,
            }
        })
        .collect();
    context! {
        themes => themes,
        country => one("country").to_ascii_uppercase(),
        mode => one("mode"),
        from => one("from"),
        to => one("to"),
        organizer => one("organizer"),
        language => one("language"),
        local => matches!(one("local").as_str(), "1" | "true" | "on"),
        countries => countries(page.lang),
        active => pairs.iter().any(|(k, v)| !v.trim().is_empty() && !["page", "tz", "year", "month"].contains(&k.as_str())),
    }
}

/// A refused filter: the page again with the message, status 400.
async fn refused(page: Page, template: &str, id: &str) -> WebResult {
    let message = page.t(id);
    page.render_status(
        StatusCode::BAD_REQUEST,
        template,
        context! {
            error => message,
            filters => filter_form(&page, &Vec::new()),
            clear_href => "/events",
            month_href => "/events/month",
            ics_href => "/events/calendar.ics",
        },
    )
    .await
}

/// `GET /events`: upcoming events, filtered, 20 a page.
pub async fn list(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    let pairs = pairs(raw.as_deref());
    let (filter, no) = match calendars::parse_filter(&page.data, &pairs).await {
        Ok(found) => found,
        Err(AppError::Validation(id)) => return refused(page, "events.html", id).await,
        Err(e) => return Err(e.into()),
    };
    let (events, total) =
        service::calendar(&page.data, &filter, PAGE_SIZE, (no - 1) * PAGE_SIZE).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let paged = |n: i64| {
        let add = if n > 1 {
            vec![("page", n.to_string())]
        } else {
            vec![]
        };
        with_query("/events", &query(&pairs, &["page", "year", "month"], &add))
    };
    let filters = query(&pairs, &["page", "year", "month", "tz"], &[]);
    let cards: Vec<Value> = events.iter().map(|d| card(&page, d)).collect();
    let origins = crate::web::origins::names(&page).await?;
    page.render(
        "events.html",
        context! {
            origins => origins,
            filters => filter_form(&page, &pairs),
            events => cards,
            total => total,
            page => no,
            pages => pages,
            previous_href => (no > 1).then(|| paged((no - 1).min(pages))),
            next_href => (no < pages).then(|| paged(no + 1)),
            clear_href => "/events",
            month_href => with_query("/events/month", &query(&pairs, &["page", "from", "to"], &[])),
            ics_href => with_query("/events/calendar.ics", &filters),
            feed_href => "/events/feed.atom",
        },
    )
    .await
}

/// The month a grid shows: `year` and `month` when given (both checked), else the
/// current month in `tz`.
fn month_of(pairs: &Pairs, tz: Tz) -> Result<NaiveDate, &'static str> {
    let today = tz.from_utc_datetime(&crate::db::now()).date_naive();
    let number = |name: &str, range: std::ops::RangeInclusive<i32>| match param(pairs, name) {
        None => Ok(None),
        Some(v) => v
            .parse::<i32>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or("event-error-filter"),
    };
    let year = number("year", 1900..=2200)?.unwrap_or(today.year());
    let month = number("month", 1..=12)?.unwrap_or(today.month() as i32);
    NaiveDate::from_ymd_opt(year, month as u32, 1).ok_or("event-error-filter")
}

/// Midnight at the start of `date` in `tz`, as UTC.
fn midnight(date: NaiveDate, tz: Tz) -> NaiveDateTime {
    let local = date.and_time(NaiveTime::MIN);
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.naive_utc())
        .unwrap_or(local)
}

fn next_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(first)
}

fn previous_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 1 {
        (first.year() - 1, 12)
    } else {
        (first.year(), first.month() - 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(first)
}

/// `GET /events/month?year=&month=&<filters>`: a Monday-first month grid, days in the
/// reader's zone.
pub async fn month(page: Page, headers: HeaderMap, RawQuery(raw): RawQuery) -> WebResult {
    let pairs = pairs(raw.as_deref());
    let reader = reader_zone(&pairs, &headers);
    let tz = reader.unwrap_or(Tz::Europe__Brussels);
    let parsed = match month_of(&pairs, tz) {
        Ok(first) => calendars::parse_filter(&page.data, &pairs)
            .await
            .map(|(f, _)| (first, f)),
        Err(id) => Err(AppError::Validation(id)),
    };
    let (first, mut filter) = match parsed {
        Ok(found) => found,
        Err(AppError::Validation(id)) => return refused(page, "events_month.html", id).await,
        Err(e) => return Err(e.into()),
    };
    let after = next_month(first);
    filter.from = Some(midnight(first, tz));
    filter.until = Some(midnight(after, tz));
    let events = service::first(&page.data, &filter, MONTH_LIMIT).await?;
    let today = tz.from_utc_datetime(&crate::db::now()).date_naive();
    let lead = first.weekday().num_days_from_monday() as usize;
    let days = (after - first).num_days() as usize;
    let mut cells: Vec<Value> = vec![Value::from(()); lead];
    for n in 0..days {
        let date = first + Duration::days(n as i64);
        let (start, end) = (midnight(date, tz), midnight(date + Duration::days(1), tz));
        let items: Vec<Value> = events
            .iter()
            .filter(|d| d.event.starts_at < end && d.event.ends_at > start)
            .map(|d| {
                let e = &d.event;
                let begins_today = e.starts_at >= start;
                context! {
                    title => e.title,
                    href => format!("/events/{}", e.key),
                    time => begins_today.then(|| tz.from_utc_datetime(&e.starts_at).format("%H:%M").to_string()),
                    cancelled => e.is_cancelled(),
                }
            })
            .collect();
        cells.push(context! {
            day => date.day(),
            date => date.to_string(),
            label => date_label(&page, date),
            today => date == today,
            events => items,
        });
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(Value::from(()));
    }
    let weeks: Vec<Vec<Value>> = cells.chunks(7).map(|w| w.to_vec()).collect();
    let month_href = |d: NaiveDate| {
        let add = [
            ("year", d.year().to_string()),
            ("month", d.month().to_string()),
        ];
        with_query(
            "/events/month",
            &query(&pairs, &["page", "year", "month", "from", "to"], &add),
        )
    };
    let title_args = [
        (
            "month",
            Arg::Str(page.t(&format!("events-month-{}", first.month()))),
        ),
        ("year", Arg::Str(first.year().to_string())),
    ];
    let weekdays: Vec<String> = (1..=7)
        .map(|n| page.t(&format!("events-weekday-{n}")))
        .collect();
    page.render(
        "events_month.html",
        context! {
            title => i18n::translate(page.lang, "events-month-title", &title_args),
            weekdays => weekdays,
            weeks => weeks,
            zone => tz.name(),
            zone_known => reader.is_some(),
            count => events.len(),
            previous_href => month_href(previous_month(first)),
            next_href => month_href(after),
            today_href => with_query("/events/month", &query(&pairs, &["page", "year", "month", "from", "to"], &[])),
            list_href => with_query("/events", &query(&pairs, &["page", "year", "month"], &[])),
            filters => filter_form(&page, &pairs),
            year => first.year(),
            month => first.month(),
            ics_href => with_query("/events/calendar.ics", &query(&pairs, &["page", "year", "month", "tz"], &[])),
        },
    )
    .await
}

/// `GET /events/{key}` for browsers. Mounted by `app`, which answers ActivityPub clients,
/// so it renders its own error pages.
pub async fn show(data: Ctx, headers: HeaderMap, key: String, query: Option<String>) -> Response {
    let response = match Page::from_headers(data.clone(), &headers).await {
        Ok(page) => {
            let page = page.at(&format!("/events/{key}"), query.as_deref());
            let pairs = pairs(query.as_deref());
            let reader = reader_zone(&pairs, &headers);
            crate::web::event_participation::show_page(page, &key, reader)
                .await
                .into_response()
        }
        Err(e) => WebError(e).into_response(),
    };
    page::error_page(data, &headers, response).await
}
