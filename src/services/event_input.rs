//! What a person types into the event form or sends to the API, checked field by field
//! and turned into a row: lengths, URLs, the time zone and its daylight-saving gaps,
//! category, status, join mode and capacity.

use crate::db::models::event::{
    Address, EventForm, Tags, FACET_THEME, JOIN_EXTERNAL, JOIN_FREE, JOIN_MODES, STATUSES,
    STATUS_SCHEDULED,
};
use crate::error::{AppError, AppResult};
use crate::services::events::EventDetails;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_TEXT_CHARS: usize = 300;
/// Longest event accepted, so a typo in a year does not make a ten-year event.
pub const MAX_DAYS: i64 = 366;
pub const MAX_CAPACITY: i32 = 1_000_000;

/// What a person fills in to create or edit an event. Times are wall-clock times in
/// `time_zone` (`YYYY-MM-DDTHH:MM`, what an HTML `datetime-local` input sends).
#[derive(Debug, Clone, Default)]
pub struct EventInput {
    /// The handle of a local project or organisation the user is a member of; empty for
    /// the user themselves.
    pub organizer: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub starts: String,
    pub ends: String,
    pub time_zone: String,
    pub place_name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: String,
    pub category: String,
    pub themes: Vec<String>,
    pub language: String,
    pub status: String,
    pub join_mode: String,
    pub external_url: String,
    pub capacity: Option<i32>,
}

fn too_long(text: &str, max: usize) -> AppResult<()> {
    if text.chars().count() > max {
        return Err(AppError::Validation("event-error-too-long"));
    }
    Ok(())
}

fn http_url(raw: &str, error: &'static str) -> AppResult<Option<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(Some(u.to_string()))
        }
        _ => Err(AppError::Validation(error)),
    }
}

/// A wall-clock time in `tz` as a UTC instant. A time skipped by a daylight-saving change
/// (02:30 on the spring night) is read an hour later, as calendar programs do; a repeated
/// one (autumn) is the first of the two.
pub fn local_to_utc(raw: &str, tz: Tz) -> AppResult<NaiveDateTime> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .map_err(|_| AppError::Validation("event-error-time"))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.naive_utc())
        .ok_or(AppError::Validation("event-error-time"))
}

/// An instant as a wall-clock time in `zone` (`YYYY-MM-DDTHH:MM`), to fill an edit form.
pub fn utc_to_local_input(at: NaiveDateTime, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => tz
            .from_utc_datetime(&at)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        Err(_) => at.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

/// Checks every field; returns the row (without ids) and the tags.
pub fn validate(input: &EventInput) -> AppResult<(EventForm, Tags)> {
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(AppError::Validation("event-error-title"));
    }
    too_long(&title, MAX_TITLE_CHARS)?;
    too_long(&input.description, MAX_DESCRIPTION_CHARS)?;
    for text in [
        &input.place_name,
        &input.street,
        &input.postal_code,
        &input.locality,
        &input.region,
    ] {
        too_long(text.trim(), MAX_TEXT_CHARS)?;
    }
    let tz: Tz = input
        .time_zone
        .trim()
        .parse()
        .map_err(|_| AppError::Validation("event-error-zone"))?;
    let starts_at = local_to_utc(&input.starts, tz)?;
    let ends_at = local_to_utc(&input.ends, tz)?;
    if ends_at <= starts_at {
        return Err(AppError::Validation("event-error-end-before-start"));
    }
    if ends_at - starts_at > chrono::Duration::days(MAX_DAYS) {
        return Err(AppError::Validation("event-error-too-long-event"));
    }
    let online_url = http_url(&input.online_url, "event-error-online-url")?;
    let country = match input.country.trim() {
        "" => None,
        c => {
            let upper = c.to_ascii_uppercase();
            if isocountry::CountryCode::for_alpha2(&upper).is_err() {
                return Err(AppError::Validation("event-error-country"));
            }
            Some(upper)
        }
    };
    let (latitude, longitude) = match (input.latitude, input.longitude) {
        (None, None) => (None, None),
        (Some(la), Some(lo))
            if (-90.0..=90.0).contains(&la)
                && (-180.0..=180.0).contains(&lo)
                && la.is_finite()
                && lo.is_finite() =>
        {
            (Some(la), Some(lo))
        }
        _ => return Err(AppError::Validation("event-error-coordinates")),
    };
    let address = Address {
        street: input.street.trim().into(),
        postal_code: input.postal_code.trim().into(),
        locality: input.locality.trim().into(),
        region: input.region.trim().into(),
        country_name: String::new(),
    };
    let place_name = input.place_name.trim().to_string();
    let physical = !place_name.is_empty() || !address.is_empty() || country.is_some();
    if !physical && online_url.is_none() {
        return Err(AppError::Validation("event-error-where"));
    }
    let category = match input.category.trim() {
        "" => None,
        c if crate::vocabulary::EVENT_CATEGORIES.contains(&c) => Some(c.to_string()),
        _ => return Err(AppError::Validation("event-error-category")),
    };
    let mut tags: Tags = Vec::new();
    for theme in input
        .themes
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if !crate::vocabulary::THEMES.contains(&theme) {
            return Err(AppError::Validation("event-error-theme"));
        }
        tags.push((FACET_THEME.into(), theme.into()));
    }
    let language = match input.language.trim() {
        "" => None,
        l => Some(
            l.parse::<language_tags::LanguageTag>()
                .map_err(|_| AppError::Validation("event-error-language"))?
                .to_string(),
        ),
    };
    let status = match input.status.trim() {
        "" => STATUS_SCHEDULED,
        s => STATUSES
            .iter()
            .find(|x| **x == s)
            .ok_or(AppError::Validation("event-error-status"))?,
    };
    let join_mode = match input.join_mode.trim() {
        "" => JOIN_FREE,
        m => JOIN_MODES
            .iter()
            .find(|x| **x == m)
            .ok_or(AppError::Validation("event-error-join-mode"))?,
    };
    let external_url = http_url(&input.external_url, "event-error-external-url")?;
    if join_mode == JOIN_EXTERNAL && external_url.is_none() {
        return Err(AppError::Validation("event-error-external-url"));
    }
    if input
        .capacity
        .is_some_and(|c| !(1..=MAX_CAPACITY).contains(&c))
    {
        return Err(AppError::Validation("event-error-capacity"));
    }
    let form = EventForm {
        ap_id: String::new(),
        organizer_id: 0,
        creator_id: None,
        is_local: true,
        title,
        description_source: input.description.trim().to_string(),
        description_html: crate::services::entries::markdown_to_html(input.description.trim()),
        starts_at,
        ends_at,
        time_zone: tz.name().to_string(),
        place_name,
        // "{}" when empty: the calendar's in-person filter compares with it.
        address: if address.is_empty() {
            "{}".into()
        } else {
            serde_json::to_string(&address)?
        },
        country,
        latitude,
        longitude,
        online_url,
        category,
        language,
        status: status.to_string(),
        join_mode: join_mode.to_string(),
        external_url: if join_mode == JOIN_EXTERNAL {
            external_url
        } else {
            None
        },
        capacity: input.capacity,
        participant_count: 0,
        url: None,
        cover_url: None,
        published: crate::db::now(),
        updated: None,
    };
    Ok((form, tags))
}

/// The form values of an existing event (for the edit form and for cancelling).
pub fn input_from(details: &EventDetails) -> EventInput {
    let e = &details.event;
    let a = e.address();
    EventInput {
        organizer: details.organizer.username.clone(),
        title: e.title.clone(),
        description: e.description_source.clone(),
        starts: utc_to_local_input(e.starts_at, &e.time_zone),
        ends: utc_to_local_input(e.ends_at, &e.time_zone),
        time_zone: e.time_zone.clone(),
        place_name: e.place_name.clone(),
        street: a.street,
        postal_code: a.postal_code,
        locality: a.locality,
        region: a.region,
        country: e.country.clone().unwrap_or_default(),
        latitude: e.latitude,
        longitude: e.longitude,
        online_url: e.online_url.clone().unwrap_or_default(),
        category: e.category.clone().unwrap_or_default(),
        themes: details.themes(),
        language: e.language.clone().unwrap_or_default(),
        status: e.status.clone(),
        join_mode: e.join_mode.clone(),
        external_url: e.external_url.clone().unwrap_or_default(),
        capacity: e.capacity,
    }
}
