//! Calendar queries shared by the events page, the JSON API and the iCalendar feeds: the
//! filters read from a query string, and events turned into iCalendar entries.

use crate::db::models::event::{CalendarFilter, STATUS_CANCELLED};
use crate::error::{AppError, AppResult};
use crate::federation::objects::event::place_line;
use crate::services::events::EventDetails;
use crate::services::ical::CalEvent;
use crate::state::Ctx;
use chrono::{NaiveDate, NaiveTime};

/// The query parameters every calendar view accepts.
pub const PARAMS: &[&str] = &[
    "theme",
    "country",
    "mode",
    "from",
    "to",
    "organizer",
    "language",
    "local",
    "page",
    "year",
    "month",
    "tz",
];

/// A calendar filter and page number read from query parameters. Unknown parameters and
/// invalid values are refused (`event-error-filter`), never ignored. Without `from`, the
/// calendar starts now (upcoming events); `from`/`to` are dates, `to` inclusive.
pub async fn parse_filter(
    data: &Ctx,
    params: &[(String, String)],
) -> AppResult<(CalendarFilter, i64)> {
    let bad = || AppError::Validation("event-error-filter");
    let mut filter = CalendarFilter {
        from: Some(crate::db::now()),
        ..Default::default()
    };
    let mut page = 1;
    for (key, value) in params {
        let value = value.trim();
        if !PARAMS.contains(&key.as_str()) {
            return Err(bad());
        }
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "theme" => {
                if !crate::vocabulary::THEMES.contains(&value) {
                    return Err(bad());
                }
                filter.theme = Some(value.into());
            }
            "country" => {
                let upper = value.to_ascii_uppercase();
                isocountry::CountryCode::for_alpha2(&upper).map_err(|_| bad())?;
                filter.country = Some(upper);
            }
            "mode" => {
                filter.online = match value {
                    "online" => Some(true),
                    "physical" => Some(false),
                    _ => return Err(bad()),
                }
            }
            "from" => {
                let d = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())?;
                filter.from = Some(d.and_time(NaiveTime::MIN));
            }
            "to" => {
                let d = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())?;
                let next = d.succ_opt().ok_or_else(bad)?;
                filter.until = Some(next.and_time(NaiveTime::MIN));
            }
            "organizer" => {
                let actor = crate::services::actors::lookup_stored(data, value)
                    .await?
                    .ok_or_else(bad)?;
                filter.organizer_id = Some(actor.id);
            }
            "language" => {
                let tag: language_tags::LanguageTag = value.parse().map_err(|_| bad())?;
                filter.language = Some(tag.primary_language().to_lowercase());
            }
            "local" => {
                filter.local_only = match value {
                    "1" | "true" | "on" => true,
                    "0" | "false" | "off" => false,
                    _ => return Err(bad()),
                }
            }
            "page" => {
                page = value
                    .parse::<i64>()
                    .ok()
                    .filter(|p| (1..=10_000).contains(p))
                    .ok_or_else(bad)?;
            }
            // Read by the month view and the page's time display.
            _ => {}
        }
    }
    Ok((filter, page))
}

/// An event as an iCalendar entry.
pub fn cal_event(details: &EventDetails) -> CalEvent {
    let e = &details.event;
    let place = place_line(e);
    let description = crate::text::stored_html_text(&e.description_html, 5000);
    let mut categories: Vec<String> = e.category.iter().cloned().collect();
    categories.extend(details.themes());
    CalEvent {
        uid: e.ap_id.clone(),
        url: e.url.clone().unwrap_or_else(|| e.ap_id.clone()),
        title: e.title.clone(),
        description,
        starts_at: e.starts_at.and_utc(),
        ends_at: e.ends_at.and_utc(),
        time_zone: e.time_zone.clone(),
        location: Some(place).filter(|p| !p.is_empty()),
        online_url: e.online_url.clone(),
        latitude: e.latitude,
        longitude: e.longitude,
        status: if e.status == STATUS_CANCELLED {
            STATUS_CANCELLED.into()
        } else {
            e.status.clone()
        },
        organizer_name: details.organizer.display_name_or_username().to_string(),
        organizer_url: details
            .organizer
            .profile_url
            .clone()
            .unwrap_or_else(|| details.organizer.ap_id.to_string()),
        categories,
        created: e.published.and_utc(),
        last_modified: e.updated.unwrap_or(e.published).and_utc(),
        sequence: e.sequence.max(0) as u32,
    }
}

/// The page of an event here (remote events have one too, under their key).
pub fn page_url(data: &Ctx, details: &EventDetails) -> String {
    format!("{}/events/{}", data.config.base_url(), details.event.key)
}
