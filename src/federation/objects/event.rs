//! Events on the wire: an ActivityStreams `Event` with Mobilizon's `mz:` terms and the
//! FEP-8a8e conventions, so that Mobilizon, Gancio and FEP-8a8e readers get the place, the
//! online address, the status and the participation terms, and Mastodon (which shows only
//! name, summary and link) gets the date, time, zone and place in the summary, which also
//! starts with the title for servers that show the summary alone.
//!
//! Received events are read leniently: `location` as one object or an array, with or
//! without a `type` (Gancio sends `{name}` only), the online address as a `VirtualLocation`
//! or as Mobilizon's "Website" link attachment, the status from `eventStatus` or
//! `ical:status`, times with any offset and the zone from `timezone` (else from the offset).

use crate::db::models::actor::Actor;
use crate::db::models::event::{
    Event as EventRow, Tags, FACET_HASHTAG, FACET_THEME, JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_FREE,
    STATUS_CANCELLED, STATUS_POSTPONED, STATUS_TENTATIVE,
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

/// The JSON-LD context of our events: ActivityStreams, then every other term we use,
/// spelled as Mobilizon defines them (so that its JSON-LD-unaware reader and expanding
/// readers agree), schema.org for addresses, and Tessera's namespace for themes.
pub fn event_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "sc": "http://schema.org#",
            "mz": "https://joinmobilizon.org/ns#",
            "ical": "http://www.w3.org/2002/12/cal/ical#",
            "toot": "http://joinmastodon.org/ns#",
            "tessera": crate::federation::objects::entry::NAMESPACE,
            "Hashtag": "as:Hashtag",
            "PostalAddress": "sc:PostalAddress",
            "VirtualLocation": "sc:VirtualLocation",
            "address": {"@id": "sc:address", "@type": "sc:PostalAddress"},
            "streetAddress": "sc:streetAddress",
            "postalCode": "sc:postalCode",
            "addressLocality": "sc:addressLocality",
            "addressRegion": "sc:addressRegion",
            "addressCountry": "sc:addressCountry",
            "category": "sc:category",
            "inLanguage": "sc:inLanguage",
            "fep8a8e": "https://w3id.org/fep/8a8e/",
            "eventStatus": "fep8a8e:eventStatus",
            "organizers": {"@id": "fep8a8e:organizers", "@type": "@id"},
            "status": "ical:status",
            "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
            "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
            "timezone": {"@id": "mz:timezone", "@type": "sc:Text"},
            "isOnline": {"@id": "mz:isOnline", "@type": "sc:Boolean"},
            "joinMode": {"@id": "mz:joinMode", "@type": "mz:joinModeType"},
            "joinModeType": {"@id": "mz:joinModeType", "@type": "rdfs:Class"},
            "externalParticipationUrl": {"@id": "mz:externalParticipationUrl", "@type": "sc:URL"},
            "participantCount": {"@id": "mz:participantCount", "@type": "sc:Integer"},
            "anonymousParticipationEnabled": {"@id": "mz:anonymousParticipationEnabled", "@type": "sc:Boolean"},
            "participationMessage": {"@id": "mz:participationMessage", "@type": "sc:Text"},
            "commentsEnabled": {"@id": "pt:commentsEnabled", "@type": "sc:Boolean"},
            "pt": "https://joinpeertube.org/ns#",
            "themes": "tessera:themes",
            "sensitive": "as:sensitive"
        }
    ])
}

/// An event as sent and received (the row is [`EventRow`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    /// The organiser (a person, group or organisation).
    #[serde(default)]
    pub attributed_to: Value,
    /// Mobilizon: the person who created an event a group organises.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub actor: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub source: Value,
    /// Kept as text: servers send offsets, `Z`, or no offset at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::one"
    )]
    pub location: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub category: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub in_language: Value,
    #[serde(
        rename = "ical:status",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ical_status: Option<String>,
    /// Mobilizon's spelling of `ical:status`, which it reads first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// FEP-8a8e: `EventScheduled`, `EventCancelled`, `EventPostponed`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_status: Option<String>,
    /// FEP-8a8e: a collection of the organisers.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub organizers: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_participation_url: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub participant_count: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub maximum_attendee_capacity: Value,
    /// `null` (unlimited) is meaningful here, so it is always sent.
    #[serde(default)]
    pub remaining_attendee_capacity: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_online: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_participation_enabled: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub attachment: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub tag: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub themes: Value,
}

/// An instant as the event's zone shows it, in RFC 3339 (what we send as start and end).
pub fn local_rfc3339(at: NaiveDateTime, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => tz
            .from_utc_datetime(&at)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        Err(_) => at
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    }
}

/// The UTC offset of a zone at an instant, as `+01:00`.
pub fn offset_label(at: NaiveDateTime, zone: &str) -> String {
    let secs = zone
        .parse::<Tz>()
        .map(|tz| tz.offset_from_utc_datetime(&at).fix().local_minus_utc())
        .unwrap_or(0);
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
}

/// The one-line, language-neutral description of when and where, used as the `summary`
/// (Mastodon shows it under the name) and in feeds: `2026-06-02 10:00–17:30 Europe/Lisbon
/// (UTC+01:00) · Place, street, town, country · online address`.
pub fn when_and_where(row: &EventRow) -> String {
    let tz: Option<Tz> = row.time_zone.parse().ok();
    let fmt = |at: NaiveDateTime, pattern: &str| match tz {
        Some(tz) => tz.from_utc_datetime(&at).format(pattern).to_string(),
        None => at.format(pattern).to_string(),
    };
    let same_day = fmt(row.starts_at, "%Y-%m-%d") == fmt(row.ends_at, "%Y-%m-%d");
    let end = if same_day {
        fmt(row.ends_at, "%H:%M")
    } else {
        fmt(row.ends_at, "%Y-%m-%d %H:%M")
    };
    let mut parts = vec![format!(
        "{}–{} {} (UTC{})",
        fmt(row.starts_at, "%Y-%m-%d %H:%M"),
        end,
        row.time_zone,
        offset_label(row.starts_at, &row.time_zone)
    )];
    let place = place_line(row);
    if !place.is_empty() {
        parts.push(place);
    }
    if let Some(online) = &row.online_url {
        parts.push(online.clone());
    }
    let line = parts.join(" · ");
    match row.status.as_str() {
        STATUS_CANCELLED => format!("CANCELLED · {line}"),
        STATUS_POSTPONED => format!("POSTPONED · {line}"),
        _ => line,
    }
}

/// The `summary` we send: the title, then when and where. Mastodon shows the name as a
/// heading and the summary under it; servers that read an `Event` like a `Note` show the
/// summary as a content warning and drop the name, so the title must be in it too.
pub fn summary_line(row: &EventRow) -> String {
    format!("{} · {}", row.title, when_and_where(row))
}

/// Place name, street, postal code and town, region, country: the non-empty ones.
pub fn place_line(row: &EventRow) -> String {
    let a = row.address();
    let town = [a.postal_code.as_str(), a.locality.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let country = row
        .country
        .as_deref()
        .and_then(|c| isocountry::CountryCode::for_alpha2(c).ok())
        .map(|c| c.name().to_string())
        .unwrap_or_else(|| a.country_name.clone());
    [
        row.place_name.as_str(),
        a.street.as_str(),
        town.as_str(),
        a.region.as_str(),
        country.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .cloned()
    .collect::<Vec<_>>()
    .join(", ")
}

fn mobilizon_join_mode(mode: &str) -> &'static str {
    match mode {
        JOIN_FREE => "free",
        JOIN_APPROVAL => "restricted",
        JOIN_EXTERNAL => "external",
        // No registration: Mobilizon has no such mode; "invite" keeps its Join button away.
        _ => "invite",
    }
}

fn ical_status(status: &str) -> &'static str {
    match status {
        STATUS_CANCELLED => "CANCELLED",
        STATUS_TENTATIVE | STATUS_POSTPONED => "TENTATIVE",
        _ => "CONFIRMED",
    }
}

fn schema_status(status: &str) -> &'static str {
    match status {
        STATUS_CANCELLED => "EventCancelled",
        STATUS_POSTPONED => "EventPostponed",
        STATUS_TENTATIVE => "EventTentative",
        _ => "EventScheduled",
    }
}

impl Event {
    /// The wire form of one of our events.
    pub fn for_row(row: &EventRow, organizer: &Actor, tags: &Tags) -> AppResult<Event> {
        let id = Url::parse(&row.ap_id)?;
        let mut locations = Vec::new();
        if row.is_physical() {
            let a = row.address();
            let mut address = json!({"type": "PostalAddress"});
            for (key, value) in [
                ("streetAddress", &a.street),
                ("postalCode", &a.postal_code),
                ("addressLocality", &a.locality),
                ("addressRegion", &a.region),
            ] {
                if !value.is_empty() {
                    address[key] = json!(value);
                }
            }
            if let Some(c) = &row.country {
                address["addressCountry"] = json!(c);
            }
            let mut place = json!({
                "type": "Place",
                "name": if row.place_name.is_empty() { a.locality.clone() } else { row.place_name.clone() },
                "address": address,
            });
            if let (Some(la), Some(lo)) = (row.latitude, row.longitude) {
                place["latitude"] = json!(la);
                place["longitude"] = json!(lo);
            }
            locations.push(place);
        }
        let mut attachment = Vec::new();
        if let Some(cover) = &row.cover_url {
            attachment.push(json!({
                "type": "Document", "name": "Banner", "url": cover,
                "mediaType": media_type_of(cover),
            }));
        }
        if let Some(online) = &row.online_url {
            // Mobilizon reads an event's online address only from this link.
            attachment.push(json!({
                "type": "Link", "name": "Website", "mediaType": "text/html", "href": online
            }));
            if locations.is_empty() {
                locations.push(json!({"type": "VirtualLocation", "name": online, "url": online}));
            }
        }
        // One object, never an array: Mobilizon has no reading for an array. A hybrid event
        // sends its place here and its online address in the "Website" attachment.
        let location = locations.pop().unwrap_or(Value::Null);
        let followers = organizer.followers_url.clone();
        let themes: Vec<&str> = tags
            .iter()
            .filter(|(f, _)| f == FACET_THEME)
            .map(|(_, v)| v.as_str())
            .collect();
        let hashtags: Vec<Value> = tags
            .iter()
            .filter(|(f, _)| f == FACET_HASHTAG)
            .map(|(_, v)| json!({"type": "Hashtag", "name": format!("#{v}")}))
            .collect();
        let remaining = row
            .capacity
            .map(|c| json!((c - row.participant_count).max(0)))
            .unwrap_or(Value::Null);
        Ok(Event {
            context: Some(event_context()),
            id,
            kind: "Event".into(),
            attributed_to: json!(organizer.ap_id.to_string()),
            actor: json!(organizer.ap_id.to_string()),
            name: Some(row.title.clone()),
            summary: Some(summary_line(row)),
            content: Some(row.description_html.clone()),
            media_type: Some("text/html".into()),
            source: if row.description_source.is_empty() {
                Value::Null
            } else {
                json!({"content": row.description_source, "mediaType": "text/markdown"})
            },
            start_time: Some(local_rfc3339(row.starts_at, &row.time_zone)),
            end_time: Some(local_rfc3339(row.ends_at, &row.time_zone)),
            timezone: Some(row.time_zone.clone()),
            location,
            url: row.url.clone().map(Value::String),
            to: json!(["https://www.w3.org/ns/activitystreams#Public"]),
            cc: followers.map(|f| json!([f])).unwrap_or(Value::Null),
            published: Some(row.published.and_utc()),
            updated: row.updated.map(|u| u.and_utc()),
            category: row.category.clone().map(Value::String).unwrap_or_default(),
            in_language: row.language.clone().map(Value::String).unwrap_or_default(),
            ical_status: Some(ical_status(&row.status).into()),
            status: Some(ical_status(&row.status).into()),
            organizers: json!({"type": "Collection", "totalItems": 1, "items": [organizer.ap_id.to_string()]}),
            event_status: Some(schema_status(&row.status).into()),
            join_mode: Some(mobilizon_join_mode(&row.join_mode).into()),
            external_participation_url: row.external_url.clone(),
            participant_count: json!(row.participant_count),
            // Mobilizon's 0 means "no limit".
            maximum_attendee_capacity: json!(row.capacity.unwrap_or(0)),
            remaining_attendee_capacity: remaining,
            is_online: Some(row.online_url.is_some() && !row.is_physical()),
            comments_enabled: Some(false),
            anonymous_participation_enabled: Some(false),
            // Always an array: Gancio's Update handler fails without one.
            attachment: Value::Array(attachment),
            tag: if hashtags.is_empty() {
                Value::Null
            } else {
                Value::Array(hashtags)
            },
            themes: if themes.is_empty() {
                Value::Null
            } else {
                json!(themes)
            },
        })
    }
}

fn media_type_of(url: &str) -> &'static str {
    match url.rsplit('.').next().unwrap_or_default() {
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "image/jpeg",
    }
}
