//! Communities on the HTML side: the community form, threads, replies and follows through
//! the pages.

use super::browser::{submit, Browser};
use super::Hub;
use reqwest::StatusCode;

/// A community as its form is filled in.
pub fn community(
    handle: &'static str,
    languages: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("handle", handle),
        ("name", "Repair Learning Circle"),
        ("description", "We learn to **repair** things together."),
        ("rules", "Be kind."),
        ("languages", languages),
        ("posting", "followers"),
    ]
}

/// Creates a community through the form as `b`; returns its path name.
pub async fn create(b: &mut Browser, hub: &Hub, fields: &[(&str, &str)]) -> String {
    let (status, body, location) =
        submit(b, hub, "/communities/new", "/communities/new", fields).await;
    assert_eq!(status, 303, "{body}");
    let location = location.expect("redirected to the community");
    location
        .strip_prefix("/communities/")
        .expect("the community's page")
        .to_string()
}

/// Posts the compose form of the community `learning`, with the page's token.
pub async fn new_thread(
    b: &mut Browser,
    hub: &Hub,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let action = "/communities/learning/threads";
    let (status, page, _) = submit(b, hub, "/c/learning", action, fields).await;
    (status, page)
}

/// Starts a thread in `name`; returns its id.
pub async fn start_thread(b: &mut Browser, hub: &Hub, name: &str, title: &str, text: &str) -> i64 {
    let page = format!("/c/{name}");
    let fields = [("title", title), ("content", text), ("language", "en")];
    let (status, body, location) = submit(
        b,
        hub,
        &page,
        &format!("/communities/{name}/threads"),
        &fields,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let location = location.expect("redirected to the thread");
    location
        .strip_prefix("/threads/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location}"))
}

/// Replies to post `to` of thread `root`; returns the reply's id.
pub async fn reply(b: &mut Browser, hub: &Hub, root: i64, to: i64, text: &str) -> i64 {
    let fields = [("content", text), ("language", "en")];
    let (status, body, location) = submit(
        b,
        hub,
        &format!("/threads/{root}"),
        &format!("/threads/{to}/reply"),
        &fields,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let location = location.expect("redirected to the reply");
    let (path, anchor) = location.split_once("#p").expect("at the reply");
    assert_eq!(path, format!("/threads/{root}"));
    anchor.parse().expect("reply id")
}

pub async fn follow(b: &mut Browser, hub: &Hub, name: &str) {
    let (status, body, location) = submit(
        b,
        hub,
        &format!("/c/{name}"),
        &format!("/communities/{name}/follow"),
        &[],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some(&*format!("/communities/{name}")));
}
