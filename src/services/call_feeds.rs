//! Calls as open data: every deadline as an iCalendar entry (the calls calendar, and the
//! hub's events calendar, which carries deadlines beside events), the newest calls as an
//! Atom feed, and the matching calls as CSV.

use crate::db::models::funding_call::Deadline;
use crate::error::AppResult;
use crate::federation::objects::funding_call::{amount_line, deadline_label};
use crate::services::feeds::{AtomFeed, FEED_SIZE};
use crate::services::funding_calls::{self as calls, CallDetails};
use crate::services::ical::{self, CalEvent};
use crate::state::Ctx;
use atom_syndication::{Content, Entry, Feed, Generator, Link, Person, Text};
use chrono::{Duration, NaiveDateTime, TimeZone, Utc};

/// Most deadlines one calendar carries.
pub const MAX_DEADLINES: i64 = 2_000;
/// How far back and ahead a calendar reaches.
const HISTORY_DAYS: i64 = 90;
const AHEAD_DAYS: i64 = 3 * 365;

/// The page of a call here (received calls have one too, under their key).
pub fn page_url(data: &Ctx, details: &CallDetails) -> String {
    format!("{}/calls/{}", data.config.base_url(), details.call.key)
}

/// A deadline as an iCalendar entry: a moment (start = end) named after the call.
pub fn deadline_event(data: &Ctx, details: &CallDetails, d: &Deadline, n: usize) -> CalEvent {
    let c = &details.call;
    let title = if d.label.is_empty() {
        format!("Deadline: {}", c.title)
    } else {
        format!("Deadline ({}): {}", d.label, c.title)
    };
    let mut description = c.summary.clone();
    if let Some(amount) = amount_line(c) {
        description.push_str(&format!("\n{amount}"));
    }
    if let Some(link) = &c.link {
        description.push_str(&format!("\n{link}"));
    }
    let due = d.due_at.and_utc();
    CalEvent {
        uid: format!("{}#deadline-{n}", c.ap_id),
        url: page_url(data, details),
        title,
        description,
        starts_at: due,
        ends_at: due,
        time_zone: c.time_zone.clone(),
        location: None,
        online_url: None,
        latitude: None,
        longitude: None,
        status: "scheduled".into(),
        organizer_name: details.publisher.display_name_or_username().to_string(),
        organizer_url: details
            .publisher
            .profile_url
            .clone()
            .unwrap_or_else(|| details.publisher.ap_id.to_string()),
        categories: vec!["funding-call".into(), c.programme.clone()],
        created: c.published.and_utc(),
        last_modified: c.updated.unwrap_or(c.published).and_utc(),
        sequence: 0,
    }
}

/// Which deadlines a calendar shows.
#[derive(Debug, Clone, Default)]
pub struct DeadlineFilter {
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub theme: Option<String>,
    /// Calls open to this country.
    pub country: Option<String>,
}

/// The deadlines a filter selects, as calendar entries.
pub async fn deadline_events(data: &Ctx, f: &DeadlineFilter) -> AppResult<Vec<CalEvent>> {
    let now = crate::db::now();
    let from = f.from.unwrap_or(now - Duration::days(HISTORY_DAYS));
    let until = f.until.unwrap_or(now + Duration::days(AHEAD_DAYS));
    let narrow = crate::db::models::funding_call_query::CallFilter {
        theme: f.theme.clone(),
        country: f.country.clone(),
        now,
        ..Default::default()
    };
    let rows = calls::deadlines_between(data, from, until, &narrow, MAX_DEADLINES).await?;
    Ok(rows
        .iter()
        .map(|(c, d)| {
            let n = c.deadlines.iter().position(|x| x == d).unwrap_or(0);
            deadline_event(data, c, d, n)
        })
        .collect())
}

/// The calls calendar: every deadline of the calls the filter selects.
pub async fn calendar_ics(data: &Ctx, f: &DeadlineFilter) -> AppResult<String> {
    let name = crate::services::instance::effective(data).await?.name;
    let events = deadline_events(data, f).await?;
    Ok(ical::calendar(&format!("{name} · calls"), &events))
}

/// The newest calls (local and received), newest first.
pub async fn feed(data: &Ctx) -> AppResult<AtomFeed> {
    let items = calls::newest(data, FEED_SIZE).await?;
    let base = data.config.base_url();
    let updated = items
        .iter()
        .map(|d| d.call.updated.unwrap_or(d.call.published))
        .max()
        .unwrap_or_else(|| chrono::DateTime::<Utc>::UNIX_EPOCH.naive_utc());
    let settings = crate::services::instance::effective(data).await?;
    let entries = items
        .iter()
        .map(|d| {
            let c = &d.call;
            let page = page_url(data, d);
            let mut html = String::new();
            if !c.summary.is_empty() {
                html.push_str(&format!("<p>{}</p>", crate::text::escape_html(&c.summary)));
            }
            let next = d.next_deadline(crate::db::now()).or(d.deadlines.last());
            if let Some(dl) = next {
                html.push_str(&format!(
                    "<p>Deadline: {}</p>",
                    crate::text::escape_html(&deadline_label(dl.due_at, &c.time_zone))
                ));
            }
            html.push_str(&c.description_html);
            Entry {
                title: Text::plain(c.title.clone()),
                id: c.ap_id.clone(),
                updated: Utc
                    .from_utc_datetime(&c.updated.unwrap_or(c.published))
                    .fixed_offset(),
                published: Some(Utc.from_utc_datetime(&c.published).fixed_offset()),
                authors: vec![Person {
                    name: d.publisher.display_name_or_username().to_string(),
                    uri: Some(d.publisher.ap_id.to_string()),
                    ..Default::default()
                }],
                links: vec![Link {
                    href: page,
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                content: Some(Content {
                    value: Some(html),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        title: Text::plain(format!("{} · calls", settings.name)),
        id: format!("{base}/calls"),
        updated: Utc.from_utc_datetime(&updated).fixed_offset(),
        links: vec![
            Link {
                href: format!("{base}/calls"),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
            Link {
                href: format!("{base}/calls/feed.atom"),
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
        entries,
        ..Default::default()
    };
    Ok(AtomFeed {
        xml: feed.to_string(),
        updated: Utc.from_utc_datetime(&updated),
    })
}

/// The columns of the CSV export, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "summary",
    "publisher",
    "programme",
    "kind",
    "status",
    "amount_min",
    "amount_max",
    "currency",
    "cofunding_rate",
    "opens_at",
    "deadlines",
    "time_zone",
    "eligible_countries",
    "eligible_organisation_types",
    "themes",
    "sdgs",
    "languages",
    "link",
    "contact",
];

/// Matching calls as CSV (UTF-8, RFC 4180); lists are joined with `;`, times RFC 3339 UTC.
pub fn to_csv(data: &Ctx, items: &[CallDetails]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_COLUMNS);
    let now = crate::db::now();
    for d in items {
        let c = &d.call;
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let deadlines: Vec<String> = d
            .deadlines
            .iter()
            .map(|x| crate::text::rfc3339(x.due_at))
            .collect();
        let record = [
            c.ap_id.clone(),
            page_url(data, d),
            c.title.clone(),
            c.summary.clone(),
            d.publisher.ap_id.to_string(),
            c.programme.clone(),
            c.call_kind.clone(),
            c.status(now).to_string(),
            opt(c.amount_min),
            opt(c.amount_max),
            c.currency.clone().unwrap_or_default(),
            c.cofunding_rate.map(|r| r.to_string()).unwrap_or_default(),
            c.opens_at.map(crate::text::rfc3339).unwrap_or_default(),
            deadlines.join(";"),
            c.time_zone.clone(),
            d.countries().join(";"),
            d.organisation_types().join(";"),
            d.themes().join(";"),
            d.sdgs().join(";"),
            d.languages().join(";"),
            c.link.clone().unwrap_or_default(),
            c.contact.clone(),
        ];
        let _ = w.write_record(record.iter().map(|s| csv_safe(s)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell a spreadsheet would read as a formula is written as text (a leading quote).
fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}
