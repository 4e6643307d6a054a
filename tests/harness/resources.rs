//! Knowledge resources: an API body, a quick way to share one, and files to attach.

use super::api::call;
use super::Hub;
use reqwest::Method;
use serde_json::{json, Value};

/// A toolkit about care, in English with Portuguese inside, by its sharer and a name alone.
pub fn resource_body() -> Value {
    json!({
        "kind": "toolkit",
        "title": "Co-design toolkit for care services",
        "summary": "Twelve workshop formats to design care services with their users.",
        "body": "Start with the **listening session**, then build prototypes with residents.",
        "licence": "cc-by-sa",
        "language": "en",
        "languages": ["pt"],
        "themes": ["health-care"],
        "authors": ["Maria Silva"],
    })
}

/// Shares `body` and returns the resource's view.
pub async fn share(client: &reqwest::Client, hub: &Hub, token: &str, body: Value) -> Value {
    let (status, created) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/resources",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    created
}

/// A small but whole PDF file.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec()
}

/// Attaches `bytes` through the API; returns the status and the answer.
pub async fn attach(
    client: &reqwest::Client,
    hub: &Hub,
    token: &str,
    key: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let res = client
        .post(hub.url(&format!(
            "/api/v1/resources/{key}/attachments?name={}",
            url::form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
        )))
        .bearer_auth(token)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A 4 × 2 pixel PNG.
pub const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 224, 14, 158, 2, 71, 12,
    200, 28, 0, 94, 34, 7, 145, 111, 60, 251, 105, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];
