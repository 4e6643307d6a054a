//! Open data for events: iCalendar (RFC 5545) for one event, an organiser, a filtered
//! calendar or the whole hub, and an Atom feed of new events.

use crate::db::models::event::CalendarFilter;
use crate::error::AppResult;
use crate::federation::objects::event::when_and_where;
use crate::services::calendars::{cal_event, page_url};
use crate::services::events::{self, EventDetails};
use crate::services::feeds::AtomFeed;
use crate::services::ical;
use crate::state::Ctx;
use atom_syndication::{Content, Entry, Feed, Generator, Link, Person, Text};
use chrono::{TimeZone, Utc};

/// Most events in one iCalendar document; a hub's whole calendar of upcoming events fits.
pub const MAX_ICS_EVENTS: i64 = 2000;
/// Events in the Atom feed.
pub const FEED_SIZE: i64 = 30;

/// One event as an iCalendar document.
pub async fn event_ics(data: &Ctx, key: &str) -> AppResult<String> {
    let details = events::by_key(data, key).await?;
    Ok(ical::calendar(&details.event.title, &[cal_event(&details)]))
}

/// The calendar matching a filter (the whole hub's upcoming events without one). Past
/// events are included when `from` says so.
/// `deadlines` (of funding calls) are carried beside the events.
pub async fn calendar_ics(
    data: &Ctx,
    name: &str,
    filter: &CalendarFilter,
    deadlines: Vec<crate::services::ical::CalEvent>,
) -> AppResult<String> {
    // Without the count of all matches, which a calendar document does not show.
    let items = events::first(data, filter, MAX_ICS_EVENTS).await?;
    let mut cal: Vec<_> = items.iter().map(cal_event).collect();
    cal.extend(deadlines);
    Ok(ical::calendar(name, &cal))
}

fn entry_of(data: &Ctx, d: &EventDetails) -> Entry {
    let e = &d.event;
    let page = page_url(data, d);
    let utc = |t: chrono::NaiveDateTime| Utc.from_utc_datetime(&t).fixed_offset();
    let summary = when_and_where(e);
    Entry {
        title: Text::plain(e.title.clone()),
        id: e.ap_id.clone(),
        updated: utc(e.updated.unwrap_or(e.published)),
        published: Some(utc(e.published)),
        authors: vec![Person {
            name: d.organizer.display_name_or_username().to_string(),
            uri: d.organizer.profile_url.clone(),
            ..Default::default()
        }],
        links: vec![Link {
            href: page,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        }],
        summary: Some(Text::plain(summary)),
        content: Some(Content {
            value: Some(e.description_html.clone()),
            content_type: Some("html".into()),
            lang: e.language.clone(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The newest events (local and remote), newest first.
pub async fn events_feed(data: &Ctx) -> AppResult<AtomFeed> {
    let items = events::newest(data, FEED_SIZE).await?;
    let base = data.config.base_url();
    let updated = items
        .iter()
        .map(|d| d.event.updated.unwrap_or(d.event.published))
        .max()
        .unwrap_or_else(|| chrono::DateTime::<Utc>::UNIX_EPOCH.naive_utc());
    let settings = crate::services::instance::effective(data).await?;
    let feed = Feed {
        title: Text::plain(format!("{} · events", settings.name)),
        id: format!("{base}/events"),
        updated: Utc.from_utc_datetime(&updated).fixed_offset(),
        links: vec![
            Link {
                href: format!("{base}/events"),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
            Link {
                href: format!("{base}/events/feed.atom"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
        ],
        generator: Some(Generator {
            value: "Tessera".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        entries: items.iter().map(|d| entry_of(data, d)).collect(),
        ..Default::default()
    };
    Ok(AtomFeed {
        xml: feed.to_string(),
        updated: Utc.from_utc_datetime(&updated),
    })
}
