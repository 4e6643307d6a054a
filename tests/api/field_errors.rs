//! Refusals name every field at once (issue 19): `422 validation_failed` with `fields`, each
//! `{field, code, message}` (the message in English), beside the `code` and `message` that
//! clients already read.

use crate::harness::api::One;
use crate::harness::entries::project_body;
use crate::harness::events::event_body;
use reqwest::Method;
use serde_json::{json, Value};

/// The `(field, code)` pairs of a refusal, after checking its shape.
fn fields(body: &Value) -> Vec<(String, String)> {
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    body["error"]["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields: {body}"))
        .iter()
        .map(|f| {
            let code = f["code"].as_str().unwrap().to_string();
            assert!(message.contains(&code), "{message} lacks {code}");
            let english = f["message"].as_str().unwrap();
            assert!(!english.is_empty() && english != code, "{f}");
            (f["field"].as_str().unwrap().to_string(), code)
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

#[tokio::test]
async fn every_failing_field_is_answered_at_once() {
    let (one, tokens) = One::start(&["ana"]).await;
    let ana = Some(tokens[0].as_str());

    let mut event = event_body();
    event["title"] = json!(" ");
    event["time_zone"] = json!("Mars/Olympus");
    event["capacity"] = json!(0);
    event["category"] = json!("PICNIC");
    let body = one.ok(ana, Method::POST, "/events", Some(event), 422).await;
    assert_eq!(
        fields(&body),
        pairs(&[
            ("title", "event-error-title"),
            ("time_zone", "event-error-zone"),
            ("category", "event-error-category"),
            ("capacity", "event-error-capacity"),
        ])
    );
    let title = &body["error"]["fields"][0]["message"];
    assert_eq!(title, "Give the event a title.");

    let mut project = project_body();
    project["website"] = json!("ftp://files.example");
    project["country"] = json!("XX");
    project["latitude"] = json!(91.0);
    let body = one
        .ok(ana, Method::POST, "/projects", Some(project), 422)
        .await;
    assert_eq!(
        fields(&body),
        pairs(&[
            ("website", "entry-error-website"),
            ("country", "entry-error-country"),
            ("latitude", "entry-error-coordinates"),
        ])
    );

    let community = json!({"handle": "Bad Handle", "name": "", "posting": "anyone"});
    let body = one
        .ok(ana, Method::POST, "/communities", Some(community), 422)
        .await;
    assert_eq!(
        fields(&body),
        pairs(&[
            ("handle", "signup-error-username-chars"),
            ("name", "community-error-name"),
            ("posting", "community-error-posting"),
        ])
    );

    // A rule about one thing stays as it was: `code` and `message`, no `fields`.
    let body = one
        .ok(ana, Method::GET, "/events?colour=red", None, 422)
        .await;
    assert!(body["error"].get("fields").is_none(), "{body}");
}
