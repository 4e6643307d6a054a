//! The event form of the HTML side: a full event as typed, and creating one through it.

use super::browser::{submit, Browser};
use super::Hub;

/// A repair café in Lisbon on Tuesday 4 June 2030, 10:00–17:30 local time (UTC+01:00).
pub const EVENT: &[(&str, &str)] = &[
    ("title", "Repair Café Alfama"),
    ("description", "Bring **broken** things."),
    ("starts", "2030-06-04T10:00"),
    ("ends", "2030-06-04T17:30"),
    ("time_zone", "Europe/Lisbon"),
    ("place_name", "Casa Comum"),
    ("street", "Rua dos Remédios 10"),
    ("postal_code", "1100-441"),
    ("locality", "Lisboa"),
    ("country", "PT"),
    ("latitude", "38.711"),
    ("longitude", "-9.128"),
    ("category", "WORKSHOPS_SKILL_SHARING"),
    ("themes", "food-environment-climate"),
    ("language", "pt"),
    ("join_mode", "free"),
    ("capacity", "30"),
];

/// `EVENT` with some fields replaced (or added).
pub fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = EVENT
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    fields.extend_from_slice(changes);
    fields
}

/// Creates an event through the form as `b`; returns its page's path.
pub async fn create(b: &mut Browser, hub: &Hub, fields: &[(&str, &str)]) -> String {
    let (status, body, location) = submit(b, hub, "/events/new", "/events/new", fields).await;
    assert_eq!(status, 303, "{body}");
    let location = location.expect("redirected to the event");
    assert!(location.starts_with("/events/"), "{location}");
    location
}
