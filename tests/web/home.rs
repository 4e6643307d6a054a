//! The home page is the hub's front door: upcoming events (not past ones), the newest
//! projects and organisations first, active threads with their replies, and the hubs it
//! peers with; a member also sees their timeline.

use crate::harness::api::call;
use crate::harness::browser::{member, Browser};
use crate::harness::entries::project_body;
use crate::harness::{events, peering, Network};
use reqwest::Method;
use serde_json::json;

/// The part of `html` from the heading `id` to the next section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} on the home page"));
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn the_front_door_shows_what_is_coming_new_discussed_and_who_we_peer_with() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let client = net.client();
    let mut ana = member(&net, &a, "ana").await;
    let token = a.token("ana").await;
    let post = |path: &str, body: serde_json::Value| {
        let (client, a, token, path) = (&client, &a, &token, path.to_string());
        async move {
            let (status, json) =
                call(client, a, Some(token), Method::POST, &path, Some(body)).await;
            assert_eq!(status, 201, "{path}: {json}");
            json
        }
    };
    post("/projects", project_body()).await;
    let mut second = project_body();
    second["handle"] = json!("kopli_gardens");
    second["name"] = json!("Kopli Gardens Association");
    post("/projects", second).await;
    events::create(&client, &a, &token, json!({})).await;
    events::create(
        &client,
        &a,
        &token,
        json!({"title": "Last winter's retrofit fair",
               "starts": "2026-01-10T10:00", "ends": "2026-01-10T12:00"}),
    )
    .await;
    post(
        "/communities",
        json!({"handle": "circle", "name": "Learning circle"}),
    )
    .await;
    let thread = post(
        "/communities/circle/threads",
        json!({"title": "Who retrofitted a school?", "content": "Tell us.", "language": "en"}),
    )
    .await;
    let id = thread["id"].as_i64().unwrap();
    post(
        &format!("/threads/{id}/replies"),
        json!({"content": "We did, in Porto.", "language": "en"}),
    )
    .await;
    let admin = peering::admin(&a, "root").await;
    peering::peer(&a, &admin, &b).await;

    let (status, home) = Browser::new(&net).get(&a.url("/")).await;
    assert_eq!(status, 200);
    let upcoming = section(&home, "upcoming-heading");
    assert!(upcoming.contains("Peer-learning visit"), "{upcoming}");
    assert!(!upcoming.contains("retrofit fair"), "a past event is shown");
    let newest = section(&home, "newest-heading");
    let (kopli, roofs) = (
        newest.find("Kopli Gardens Association"),
        newest.find("Green Roofs Lisboa"),
    );
    assert!(
        kopli.is_some() && roofs.is_some() && kopli < roofs,
        "newest first: {newest}"
    );
    let threads = section(&home, "threads-heading");
    assert!(threads.contains("Who retrofitted a school?"), "{threads}");
    assert!(
        threads.contains(&format!("&#x2f;threads&#x2f;{id}")),
        "{threads}"
    );
    assert!(threads.contains("one reply"), "{threads}");
    let peers = section(&home, "peers-heading");
    assert!(peers.contains(&b.domain), "{peers}");
    assert!(!home.contains("id=\"timeline-heading\""));

    // A member sees the same front door and, above it, their own timeline.
    let (_, mine) = ana.get(&a.url("/")).await;
    assert!(mine.contains("id=\"timeline-heading\""));
    assert!(section(&mine, "newest-heading").contains("Kopli Gardens Association"));
}
