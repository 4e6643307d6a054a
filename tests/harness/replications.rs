//! Replication and scaling (issue 22, part 5): projects in given countries, and declarations
//! made through the API.

use super::api::call;
use super::entries::project_body;
use super::Hub;
use reqwest::Method;
use serde_json::{json, Value};

/// Creates the project `handle` named `name` in `country` through the API; returns its view.
pub async fn project(
    client: &reqwest::Client,
    hub: &Hub,
    token: &str,
    handle: &str,
    name: &str,
    country: &str,
) -> Value {
    let mut body = project_body();
    body["handle"] = json!(handle);
    body["name"] = json!(name);
    body["country"] = json!(country);
    let (status, view) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/projects",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{view}");
    view
}

/// `POST /projects/{handle}/replications`: the status and the answer.
pub async fn declare(
    client: &reqwest::Client,
    hub: &Hub,
    token: Option<&str>,
    handle: &str,
    body: Value,
) -> (u16, Value) {
    let path = format!("/projects/{handle}/replications");
    call(client, hub, token, Method::POST, &path, Some(body)).await
}

/// `GET /projects/{handle}/replications`.
pub async fn of(client: &reqwest::Client, hub: &Hub, handle: &str) -> Value {
    let path = format!("/projects/{handle}/replications");
    let (status, view) = call(client, hub, None, Method::GET, &path, None).await;
    assert_eq!(status, 200, "{view}");
    view
}

/// The fields a 422 names, in its order.
pub fn refused_fields(answer: &Value) -> Vec<(String, String)> {
    answer["error"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or_default().to_string(),
                        f["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The HTML page at `url` as an English-speaking visitor sees it.
pub async fn html_page(client: &reqwest::Client, url: &str) -> String {
    let res = client
        .get(url)
        .header("accept", "text/html")
        .header("accept-language", "en")
        .send()
        .await
        .expect("page");
    res.text().await.expect("text")
}

/// `href="path"` as the templates write it (minijinja escapes `/`).
pub fn href(path: &str) -> String {
    format!("href=\"{}\"", super::browser::escaped(path))
}
