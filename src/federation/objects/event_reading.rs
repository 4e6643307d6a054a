//! Reading received events leniently: `location` as one object or an array, with or
//! without a `type` (Gancio sends `{name}` only), the online address as a `VirtualLocation`
//! or as Mobilizon's "Website" link attachment, the status from `eventStatus`, `status` or
//! `ical:status`, times with any offset and the zone from `timezone` (else from the offset).

use super::event::Event;
use crate::db::models::actor::Actor;
use crate::db::models::event::{
    Address, EventForm, Tags, FACET_HASHTAG, FACET_THEME, JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_FREE,
    JOIN_NONE, STATUS_CANCELLED, STATUS_POSTPONED, STATUS_SCHEDULED, STATUS_TENTATIVE,
};
use crate::error::{AppError, AppResult};
use crate::federation::objects::note::audience_urls;
use crate::federation::objects::person::first_url;
use crate::text::{plain_text, sanitize_html};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};
use url::Url;

const MAX_TITLE_CHARS: usize = 300;
const MAX_TEXT_CHARS: usize = 500;
const MAX_CONTENT_BYTES: usize = 100_000;

/// Reads `startTime`/`endTime`: RFC 3339 (any offset), or a local time without offset
/// (read in `zone`, else UTC).
pub fn parse_time(raw: &str, zone: Option<Tz>) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw.trim()) {
        return Some(t);
    }
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M"))
        .ok()?;
    match zone {
        Some(tz) => tz
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.fixed_offset()),
        None => Some(naive.and_utc().fixed_offset()),
    }
}

/// The zone for an event that gave none: the `Etc/GMT±N` zone of a whole-hour offset
/// (POSIX signs are inverted: `Etc/GMT-2` is UTC+2), else UTC.
pub fn zone_for_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 || secs % 3600 != 0 {
        return "UTC".into();
    }
    let hours = secs / 3600;
    let name = if hours > 0 {
        format!("Etc/GMT-{hours}")
    } else {
        format!("Etc/GMT+{}", -hours)
    };
    if name.parse::<Tz>().is_ok() {
        name
    } else {
        "UTC".into()
    }
}

impl Event {
    /// The organiser's id: `attributedTo` (a group for Mobilizon's group events), else
    /// `actor`.
    pub fn organizer_id(&self) -> Option<Url> {
        audience_urls(&self.attributed_to)
            .into_iter()
            .chain(audience_urls(&self.actor))
            .find_map(|s| Url::parse(&s).ok())
    }

    /// Every actor the event is credited to (`attributedTo` and `actor`).
    pub fn credited(&self) -> Vec<Url> {
        audience_urls(&self.attributed_to)
            .into_iter()
            .chain(audience_urls(&self.actor))
            .filter_map(|s| Url::parse(&s).ok())
            .collect()
    }

    /// The row for a received event, sanitised and bounded. Refused (400) without a name
    /// or a readable start.
    pub fn into_form(
        self,
        organizer: &Actor,
        creator: Option<&Actor>,
    ) -> AppResult<(EventForm, Tags)> {
        let zone_given: Option<Tz> = self.timezone.as_deref().and_then(|z| z.parse().ok());
        let start = self
            .start_time
            .as_deref()
            .and_then(|t| parse_time(t, zone_given))
            .ok_or_else(|| {
                AppError::BadRequest(format!("event {} has no readable startTime", self.id))
            })?;
        let end = self
            .end_time
            .as_deref()
            .and_then(|t| parse_time(t, zone_given))
            .filter(|e| *e >= start)
            // No end: Mobilizon and Gancio allow it; show it as lasting an hour.
            .unwrap_or(start + chrono::Duration::hours(1));
        let time_zone = match zone_given {
            Some(tz) => tz.name().to_string(),
            None => zone_for_offset(*start.offset()),
        };
        let title = plain_text(self.name.as_deref().unwrap_or_default(), MAX_TITLE_CHARS);
        if title.trim().is_empty() {
            return Err(AppError::BadRequest(format!(
                "event {} has no name",
                self.id
            )));
        }
        let mut content = self.content.clone().unwrap_or_default();
        if content.len() > MAX_CONTENT_BYTES {
            content.truncate(content.floor_char_boundary(MAX_CONTENT_BYTES));
        }
        let (place, online) = read_locations(&self.location);
        let online_url = online.or_else(|| website_attachment(&self.attachment));
        let (place_name, address, country, latitude, longitude) = place.unwrap_or_default();
        let status = read_status(
            self.event_status.as_deref(),
            self.status.as_deref().or(self.ical_status.as_deref()),
        );
        let join_mode = match self.join_mode.as_deref() {
            Some("free") => JOIN_FREE,
            Some("restricted") => JOIN_APPROVAL,
            Some("external") => JOIN_EXTERNAL,
            // Invitation-only, or no participation model at all (Gancio).
            _ => JOIN_NONE,
        };
        let capacity = self
            .maximum_attendee_capacity
            .as_i64()
            .filter(|c| *c > 0)
            .map(|c| c.min(i32::MAX as i64) as i32);
        let participant_count = self
            .participant_count
            .as_i64()
            .unwrap_or(0)
            .clamp(0, i32::MAX as i64) as i32;
        let language = first_string(&self.in_language)
            .filter(|l| l.parse::<language_tags::LanguageTag>().is_ok() && l != "und");
        let category = first_string(&self.category)
            .map(|c| plain_text(&c, 60).to_ascii_uppercase())
            .filter(|c| crate::vocabulary::EVENT_CATEGORIES.contains(&c.as_str()));
        let mut tags: Tags = Vec::new();
        if let Value::Array(items) = &self.themes {
            for t in items.iter().filter_map(Value::as_str) {
                if crate::vocabulary::THEMES.contains(&t) {
                    tags.push((FACET_THEME.into(), t.into()));
                }
            }
        }
        if let Value::Array(items) = &self.tag {
            for t in items {
                if t.get("type").and_then(Value::as_str) == Some("Hashtag") {
                    if let Some(name) = t.get("name").and_then(Value::as_str) {
                        let name = plain_text(name.trim_start_matches('#'), 60).to_lowercase();
                        if !name.is_empty() {
                            tags.push((FACET_HASHTAG.into(), name));
                        }
                    }
                }
            }
        }
        tags.truncate(64);
        let cover_url = cover_attachment(&self.attachment);
        let url = self
            .url
            .as_ref()
            .and_then(first_url)
            .or_else(|| Some(self.id.to_string()));
        let form = EventForm {
            ap_id: self.id.to_string(),
            organizer_id: organizer.id,
            creator_id: creator.map(|c| c.id),
            is_local: false,
            title,
            description_source: String::new(),
            description_html: sanitize_html(&content),
            starts_at: start.naive_utc(),
            ends_at: end.naive_utc(),
            time_zone,
            place_name,
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
            status: status.into(),
            join_mode: join_mode.into(),
            external_url: self
                .external_participation_url
                .as_deref()
                .and_then(|u| first_url(&json!(u))),
            capacity,
            participant_count,
            url,
            cover_url,
            published: self.published.unwrap_or_else(Utc::now).naive_utc(),
            updated: self.updated.map(|u| u.naive_utc()),
        };
        Ok((form, tags))
    }
}

fn first_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(first_string),
        Value::Object(m) => m.get("identifier").and_then(first_string),
        _ => None,
    }
}

/// `eventStatus` (schema.org, FEP-8a8e) is more precise than `ical:status` (no postponed).
fn read_status(event_status: Option<&str>, ical: Option<&str>) -> &'static str {
    if let Some(s) = event_status {
        let term = s.rsplit(['/', '#', ':']).next().unwrap_or_default();
        match term {
            "EventCancelled" => return STATUS_CANCELLED,
            "EventPostponed" => return STATUS_POSTPONED,
            "EventTentative" => return STATUS_TENTATIVE,
            "EventScheduled" | "EventRescheduled" | "EventMovedOnline" => return STATUS_SCHEDULED,
            _ => {}
        }
    }
    match ical.map(str::to_ascii_uppercase).as_deref() {
        Some("CANCELLED") => STATUS_CANCELLED,
        Some("TENTATIVE") => STATUS_TENTATIVE,
        _ => STATUS_SCHEDULED,
    }
}

type Place = (String, Address, Option<String>, Option<f64>, Option<f64>);

/// The physical place and the online address among `location`'s entries.
fn read_locations(value: &Value) -> (Option<Place>, Option<String>) {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => vec![],
    };
    let (mut place, mut online) = (None, None);
    for item in items {
        let kind = item.get("type").and_then(Value::as_str).unwrap_or("Place");
        if kind == "VirtualLocation" {
            online = online.or_else(|| item.get("url").and_then(first_url));
            continue;
        }
        if place.is_some() {
            continue;
        }
        let text = |v: Option<&Value>| {
            v.and_then(Value::as_str)
                .map(|s| plain_text(s, MAX_TEXT_CHARS))
                .unwrap_or_default()
        };
        let name = text(item.get("name"));
        let mut address = Address::default();
        let mut country = None;
        match item.get("address") {
            Some(Value::Object(a)) => {
                address.street = text(a.get("streetAddress"));
                address.postal_code = text(a.get("postalCode"));
                address.locality = text(a.get("addressLocality"));
                address.region = text(a.get("addressRegion"));
                let raw = text(a.get("addressCountry"));
                country = country_code(&raw);
                if country.is_none() {
                    address.country_name = raw;
                }
            }
            Some(Value::String(s)) => address.street = plain_text(s, MAX_TEXT_CHARS),
            _ => {}
        }
        let coord = |key: &str, limit: f64| {
            item.get(key)
                .and_then(|v| {
                    v.as_f64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                })
                .filter(|v| v.is_finite() && v.abs() <= limit)
        };
        let (lat, lon) = match (coord("latitude", 90.0), coord("longitude", 180.0)) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => (None, None),
        };
        if name.is_empty() && address.is_empty() && country.is_none() {
            continue;
        }
        place = Some((name, address, country, lat, lon));
    }
    (place, online)
}

/// An ISO 3166-1 alpha-2 code from a code or an English country name ("France",
/// "United Kingdom" for "United Kingdom of Great Britain and Northern Ireland").
pub fn country_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if raw.len() == 2 {
        return isocountry::CountryCode::for_alpha2(&raw.to_ascii_uppercase())
            .ok()
            .map(|c| c.alpha2().to_string());
    }
    let lower = raw.to_lowercase();
    isocountry::CountryCode::iter()
        .find(|c| {
            let name = c.name().to_lowercase();
            name == lower
                || name
                    .strip_prefix(&lower)
                    .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with(','))
        })
        .map(|c| c.alpha2().to_string())
}

/// Mobilizon's online address: a link attachment named "Website".
fn website_attachment(value: &Value) -> Option<String> {
    let Value::Array(items) = value else {
        return None;
    };
    items
        .iter()
        .filter(|i| i.get("name").and_then(Value::as_str) == Some("Website"))
        .find_map(|i| i.get("href").or(i.get("url")).and_then(first_url))
}

/// The cover picture: an image attachment, the one named "Banner" first (Mobilizon).
fn cover_attachment(value: &Value) -> Option<String> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => return None,
    };
    let is_image = |i: &&Value| {
        i.get("mediaType")
            .and_then(Value::as_str)
            .is_some_and(|m| m.starts_with("image/"))
            || matches!(i.get("type").and_then(Value::as_str), Some("Image"))
    };
    let url = |i: &Value| i.get("url").or(i.get("href")).and_then(first_url);
    let images: Vec<&Value> = items.iter().copied().filter(is_image).collect();
    images
        .iter()
        .find(|i| i.get("name").and_then(Value::as_str) == Some("Banner"))
        .and_then(|i| url(i))
        .or_else(|| images.iter().find_map(|i| url(i)))
}
