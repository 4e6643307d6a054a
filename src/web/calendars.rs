//! Calendar documents: iCalendar for one event (`/events/{key}/calendar.ics`) and for a
//! filtered calendar or the whole hub (`/events/calendar.ics?<filters>`, the events page's
//! filters; `organizer=<handle>` gives one organiser's calendar), and the Atom feed of new
//! events (`/events/feed.atom`).

use crate::services::{calendars, event_feeds};
use crate::state::Ctx;
use crate::text::query_pairs;
use axum::extract::{Path, RawQuery};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

/// Subscribed calendars keep events this far back, so that last week's event does not
/// vanish from a reader's calendar as soon as it ends.
const ICS_HISTORY_DAYS: i64 = 90;

/// An iCalendar answer, the same for everyone who asks, so kept (`crate::doc_cache`): the
/// hub's calendar of two thousand events takes a hundred milliseconds or more to make, and
/// calendar programs ask for it again every few minutes.
fn ics(body: String, file: &str) -> Response {
    crate::doc_cache::shared(
        (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{file}.ics\""),
                ),
                (header::CACHE_CONTROL, "public, max-age=300".to_string()),
            ],
            body,
        )
            .into_response(),
    )
}

pub async fn event(data: Ctx, Path(key): Path<String>) -> Response {
    match event_feeds::event_ics(&data, &key).await {
        Ok(body) => ics(body, &key),
        Err(e) => e.into_response(),
    }
}

pub async fn calendar(data: Ctx, RawQuery(raw): RawQuery) -> Response {
    let params = query_pairs(raw.as_deref());
    let result = async {
        let (mut filter, _) = calendars::parse_filter(&data, &params).await?;
        if !params
            .iter()
            .any(|(k, v)| k == "from" && !v.trim().is_empty())
        {
            filter.from = Some(crate::db::now() - chrono::Duration::days(ICS_HISTORY_DAYS));
        }
        let name = crate::services::instance::effective(&data).await?.name;
        // The hub's calendar carries the deadlines of funding calls too (for the same
        // theme and country), over the same span.
        let deadlines = match crate::web::funding_calls::hub_deadline_filter(raw.as_deref()) {
            Some(mut f) => {
                f.from = filter.from;
                f.until = filter.until;
                crate::services::call_feeds::deadline_events(&data, &f).await?
            }
            None => Vec::new(),
        };
        event_feeds::calendar_ics(&data, &name, &filter, deadlines).await
    }
    .await;
    match result {
        Ok(body) => ics(body, "events"),
        Err(e) => e.into_response(),
    }
}

pub async fn feed(data: Ctx, headers: HeaderMap) -> Response {
    match event_feeds::events_feed(&data).await {
        Ok(feed) => crate::web::feeds::respond(&headers, feed),
        Err(e) => e.into_response(),
    }
}
