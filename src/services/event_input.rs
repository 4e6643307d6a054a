//! What a person types into the event form or sends to the API, checked field by field
//! and turned into a row: lengths, URLs, the time zone and its daylight-saving gaps,
//! category, status, join mode and capacity.

use crate::db::models::event::{
    Address, EventForm, Tags, FACET_THEME, JOIN_EXTERNAL, JOIN_FREE, JOIN_MODES, STATUSES,
    STATUS_SCHEDULED,
};
use crate::error::{AppError, AppResult, Checks};
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

/// Checks every field, reporting each failing one by the name the form and the API give
/// it; returns the row (without ids) and the tags.
pub fn validate(input: &EventInput) -> AppResult<(EventForm, Tags)> {
    let mut c = Checks::new();
    let short = |text: &str, max: usize| text.chars().count() <= max;
    let title = input.title.trim().to_string();
    if c.check(!title.is_empty(), "title", "event-error-title") {
        c.check(
            short(&title, MAX_TITLE_CHARS),
            "title",
            "event-error-too-long",
        );
    }
    c.check(
        short(&input.description, MAX_DESCRIPTION_CHARS),
        "description",
        "event-error-too-long",
    );
    for (field, text) in [
        ("place_name", &input.place_name),
        ("street", &input.street),
        ("postal_code", &input.postal_code),
        ("locality", &input.locality),
        ("region", &input.region),
    ] {
        c.check(
            short(text.trim(), MAX_TEXT_CHARS),
            field,
            "event-error-too-long",
        );
    }
    let tz: Option<Tz> = c.take(
        "time_zone",
        input
            .time_zone
            .trim()
            .parse()
            .map_err(|_| AppError::Validation("event-error-zone")),
    );
    // Without a zone the times cannot be read; they are checked once it is fixed.
    let starts_at = tz.and_then(|tz| c.take("starts", local_to_utc(&input.starts, tz)));
    let ends_at = tz.and_then(|tz| c.take("ends", local_to_utc(&input.ends, tz)));
    if let (Some(starts), Some(ends)) = (starts_at, ends_at) {
        if c.check(ends > starts, "ends", "event-error-end-before-start") {
            c.check(
                ends - starts <= chrono::Duration::days(MAX_DAYS),
                "ends",
                "event-error-too-long-event",
            );
        }
    }
    let online_url = c
        .take(
            "online_url",
            http_url(&input.online_url, "event-error-online-url"),
        )
        .flatten();
    let country = match input.country.trim() {
        "" => None,
        code => {
            let upper = code.to_ascii_uppercase();
            let known = isocountry::CountryCode::for_alpha2(&upper).is_ok();
            c.check(known, "country", "event-error-country")
                .then_some(upper)
        }
    };
    let in_range = |v: Option<f64>, max: f64| v.is_some_and(|v| v.is_finite() && v.abs() <= max);
    let (latitude, longitude) = match (input.latitude, input.longitude) {
        (None, None) => (None, None),
        (la, lo) => {
            // Each coordinate is marked on its own: the missing or out-of-range one.
            c.check(in_range(la, 90.0), "latitude", "event-error-coordinates");
            c.check(in_range(lo, 180.0), "longitude", "event-error-coordinates");
            (la, lo)
        }
    };
    let address = Address {
        street: input.street.trim().into(),
        postal_code: input.postal_code.trim().into(),
        locality: input.locality.trim().into(),
        region: input.region.trim().into(),
        country_name: String::new(),
    };
    let place_name = input.place_name.trim().to_string();
    let physical =
        !place_name.is_empty() || !address.is_empty() || !input.country.trim().is_empty();
    if !c.has("online_url") {
        c.check(
            physical || online_url.is_some(),
            "place_name",
            "event-error-where",
        );
    }
    let category = match input.category.trim() {
        "" => None,
        code => {
            let known = crate::vocabulary::EVENT_CATEGORIES.contains(&code);
            c.check(known, "category", "event-error-category")
                .then(|| code.to_string())
        }
    };
    let mut tags: Tags = Vec::new();
    for theme in input
        .themes
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if c.check(
            crate::vocabulary::THEMES.contains(&theme),
            "themes",
            "event-error-theme",
        ) {
            tags.push((FACET_THEME.into(), theme.into()));
        }
    }
    let language = match input.language.trim() {
        "" => None,
        l => c.take(
            "language",
            crate::text::language_tag(l).ok_or(AppError::Validation("event-error-language")),
        ),
    };
    let status = match input.status.trim() {
        "" => STATUS_SCHEDULED,
        s => c
            .take(
                "status",
                STATUSES
                    .iter()
                    .find(|x| **x == s)
                    .copied()
                    .ok_or(AppError::Validation("event-error-status")),
            )
            .unwrap_or(STATUS_SCHEDULED),
    };
    let join_mode = match input.join_mode.trim() {
        "" => JOIN_FREE,
        m => c
            .take(
                "join_mode",
                JOIN_MODES
                    .iter()
                    .find(|x| **x == m)
                    .copied()
                    .ok_or(AppError::Validation("event-error-join-mode")),
            )
            .unwrap_or(JOIN_FREE),
    };
    let external_url = c
        .take(
            "external_url",
            http_url(&input.external_url, "event-error-external-url"),
        )
        .flatten();
    if join_mode == JOIN_EXTERNAL {
        c.check(
            external_url.is_some(),
            "external_url",
            "event-error-external-url",
        );
    }
    c.check(
        input
            .capacity
            .is_none_or(|n| (1..=MAX_CAPACITY).contains(&n)),
        "capacity",
        "event-error-capacity",
    );
    c.finish()?;
    // Every check passed: the stand-ins of failed checks are not reached.
    let (Some(tz), Some(starts_at), Some(ends_at)) = (tz, starts_at, ends_at) else {
        return Err(AppError::Internal("event times checked but missing".into()));
    };
    let form = EventForm {
        ap_id: String::new(),
        organizer_id: 0,
        creator_id: None,
        is_local: true,
        title,
        description_source: input.description.trim().to_string(),
        description_html: crate::text::markdown_to_html(input.description.trim()),
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
