//! Funding calls: an API body and a quick way to an organisation that publishes them.

use super::api::call;
use super::Hub;
use reqwest::Method;
use serde_json::{json, Value};

/// A call open to NGOs in the EU and Norway, about health and care, with two stages.
pub fn call_body(publisher: &str) -> Value {
    json!({
        "publisher": publisher,
        "title": "Community care pilots",
        "summary": "Grants for neighbourhood care pilots.",
        "description": "Pilots of **community care** run with residents.",
        "programme": "esf-plus",
        "kind": "grant",
        "amount_min": 10000,
        "amount_max": 50000,
        "currency": "EUR",
        "cofunding_rate": 80,
        "time_zone": "Europe/Brussels",
        "deadlines": [
            {"label": "Outline", "due": "2027-03-01T17:00"},
            {"label": "Full proposal", "due": "2027-06-01"}
        ],
        "eligible_countries": ["EU27", "NO"],
        "eligible_organisation_types": ["ngo-association"],
        "themes": ["health-care"],
        "sdgs": ["3"],
        "languages": ["en", "fr"],
        "link": "https://fund.example/calls/care",
        "contact": "calls@fund.example"
    })
}

/// Creates the organisation `handle` (a funder) with `token`'s member as its admin.
pub async fn funder(client: &reqwest::Client, hub: &Hub, token: &str, handle: &str) {
    let body =
        json!({"handle": handle, "name": "Social Fund", "org_type": "funder", "country": "be"});
    let (status, created) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/organisations",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
}

/// Publishes `body` and returns the call's view.
pub async fn publish(client: &reqwest::Client, hub: &Hub, token: &str, body: Value) -> Value {
    let (status, created) =
        call(client, hub, Some(token), Method::POST, "/calls", Some(body)).await;
    assert_eq!(status, 201, "{created}");
    created
}
