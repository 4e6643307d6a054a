//! Pasting the address of anything on another hub into search fetches it and opens its
//! page here, with its actions: a thread, a reply, an event, a project, a community, a
//! person and a post; an address that leads nowhere says so; visitors are asked to log in.

use crate::harness::api::call;
use crate::harness::browser::{member, Browser};
use crate::harness::communities::{input, text};
use crate::harness::entries::project_body;
use crate::harness::events::event_body;
use crate::harness::Network;
use reqwest::Method;
use serde_json::json;
use tessera::services::{communities, threads};

fn search(hub: &crate::harness::Hub, q: &str) -> String {
    let q = url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>();
    hub.url(&format!("/search?q={q}"))
}

#[tokio::test]
async fn a_pasted_address_from_another_hub_opens_here_with_its_actions() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let ana = a.create_user("ana").await;
    let client = net.client();
    let token = a.token("ana").await;
    communities::create(&a.ctx, &ana, input("cities"))
        .await
        .expect("community");
    let root = threads::create_thread(
        &a.ctx,
        &ana,
        "cities",
        text("Night buses", "Who runs them?", "en"),
    )
    .await
    .expect("thread");
    let reply = threads::reply(&a.ctx, &ana, root.id, text("", "Tartu does.", "en"))
        .await
        .expect("reply");
    let (_, project) = call(
        &client,
        &a,
        Some(&token),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    let (_, event) = call(
        &client,
        &a,
        Some(&token),
        Method::POST,
        "/events",
        Some(event_body()),
    )
    .await;
    let (_, note) = call(
        &client,
        &a,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Seedlings for everyone", "visibility": "public"})),
    )
    .await;

    let mut ben = member(&net, &b, "ben").await;
    let opens = |location: Option<String>, prefix: &str| {
        let l = location.unwrap_or_default();
        assert!(l.starts_with(prefix), "{l} should start with {prefix}");
        l
    };
    // The reply: fetched with its thread (its parent), opened at the reply.
    let (status, location) = ben.get_location(&search(&b, &reply.ap_id)).await;
    assert_eq!(status, 303);
    let at = opens(location, "/threads/");
    assert!(at.contains("#p"), "{at}");
    let (status, page) = ben.get(&b.url(at.split('#').next().unwrap())).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Night buses") && page.contains("Tartu does."),
        "{page}"
    );
    // The thread itself leads to the same page.
    let (_, location) = ben.get_location(&search(&b, &root.ap_id)).await;
    assert_eq!(opens(location, "/threads/"), at.split('#').next().unwrap());
    // The event, with its way to take part.
    let (status, location) = ben
        .get_location(&search(&b, event["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 303);
    let at = opens(location, "/events/");
    let (_, page) = ben.get(&b.url(&at)).await;
    assert!(page.contains("Peer-learning visit"), "{page}");
    assert!(page.contains("/join\""), "a join button: {page}");
    // The project, the community and a person: their pages, with Follow.
    assert!(project["handle"].is_string(), "{project}");
    let project_url = a.url("/projects/green_roofs");
    let (status, location) = ben.get_location(&search(&b, &project_url)).await;
    assert_eq!(status, 303);
    opens(location, "/@green_roofs@hub-a.test");
    let (_, location) = ben
        .get_location(&search(&b, &a.url("/communities/cities")))
        .await;
    let at = opens(location, "/c/cities@hub-a.test");
    let (_, page) = ben.get(&b.url(&at)).await;
    assert!(page.contains("/follow\""), "a follow button: {page}");
    let (_, location) = ben.get_location(&search(&b, &a.actor_url("ana"))).await;
    opens(location, "/@ana@hub-a.test");
    // A post outside communities: its page here, with the reply form.
    let (_, location) = ben
        .get_location(&search(&b, note["ap_id"].as_str().unwrap()))
        .await;
    let at = opens(location, "/posts/reply?to=");
    let (_, page) = ben.get(&b.url(&at)).await;
    assert!(page.contains("Seedlings for everyone"), "{page}");

    // Nothing there: said on the page.
    let (status, page) = ben.get(&search(&b, &a.url("/posts/0123abcd"))).await;
    assert_eq!(status, 404);
    assert!(page.contains("Nothing was found at that address"), "{page}");
    // Visitors are asked to log in first, and nothing is fetched for them.
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor
        .get(&search(&b, &a.url("/projects/green_roofs")))
        .await;
    assert_eq!(status, 404);
    assert!(page.contains("Log in to look up an address"), "{page}");
}
