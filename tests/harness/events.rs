//! Events through the JSON API: a full event body, creating one, and calls on one event.

use super::api::call;
use super::Hub;
use reqwest::Method;
use serde_json::{json, Value};

pub fn event_body() -> Value {
    json!({
        "title": "Peer-learning visit: social housing retrofits",
        "description": "We visit **three** retrofits.\n\nBring boots.",
        "starts": "2027-07-02T10:00",
        "ends": "2027-07-02T17:30",
        "time_zone": "Europe/Lisbon",
        "place_name": "Casa do Impacto",
        "street": "Travessa de São Pedro 8",
        "postal_code": "1200-432",
        "locality": "Lisboa",
        "country": "pt",
        "latitude": 38.7126, "longitude": -9.1449,
        "online_url": "https://meet.example/visit",
        "category": "WORKSHOPS_SKILL_SHARING",
        "themes": ["cities-urban-development"],
        "language": "en",
        "join_mode": "free",
        "capacity": 30
    })
}

pub async fn create(client: &reqwest::Client, hub: &Hub, token: &str, changes: Value) -> Value {
    let mut body = event_body();
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (status, event) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/events",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{event}");
    event
}

/// An API call on one event: `tail` is empty for the event itself, else `/join`,
/// `/leave`, `/cancel`, `/participants`...
pub async fn event_call(
    client: &reqwest::Client,
    hub: &Hub,
    token: Option<&str>,
    method: Method,
    key: &str,
    tail: &str,
) -> (u16, Value) {
    let path = format!("/events/{key}{tail}");
    call(client, hub, token, method, &path, None).await
}
