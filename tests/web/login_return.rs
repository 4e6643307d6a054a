//! Logging in comes back to the page that asked: the "log in" links carry it, the form
//! keeps it through a refused attempt, and only a path on this hub is followed (every
//! way of naming another host lands on the home page instead).

use crate::harness::api::call;
use crate::harness::browser::{csrf, escaped, member, Browser, PASSWORD};
use crate::harness::community_form::{community, create, start_thread};
use crate::harness::entries::project_body;
use crate::harness::{event_form, Network};
use reqwest::Method;
use serde_json::json;

/// The `next` field of the log-in form, as the page holds it.
fn next_field(html: &str) -> Option<String> {
    let marker = "name=\"next\" value=\"";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.replace("&#x2f;", "/"))
}

#[tokio::test]
async fn log_in_returns_to_the_page_that_asked_and_nowhere_else() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let mut b = Browser::new(&net);

    // A page that needs a member links to the log-in page with its own address.
    let (status, html) = b.get(&hub.url("/follow-requests")).await;
    assert_eq!(status, 401);
    assert!(html.contains("login?next=%2Ffollow-requests\""), "{html}");
    let (_, form) = b
        .get(&hub.url("/login?next=%2Ffollow-requests%3Fa%3D1"))
        .await;
    assert_eq!(next_field(&form).as_deref(), Some("/follow-requests?a=1"));

    // A wrong password keeps where to go; the right one goes there.
    let token = csrf(&form);
    let (status, html, _, _) = b
        .post(
            &hub.url("/login"),
            &[
                ("csrf_token", &token),
                ("username", "ana"),
                ("password", "wrong password"),
                ("next", "/follow-requests?a=1"),
            ],
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(next_field(&html).as_deref(), Some("/follow-requests?a=1"));
    // Its address keeps it too, for a reload.
    let action = escaped("/login?next=%2Ffollow-requests%3Fa%3D1");
    assert!(html.contains(&format!("action=\"{action}\"")), "{html}");
    let (status, _, _, location) = b
        .post(
            &hub.url("/login"),
            &[
                ("csrf_token", &token),
                ("username", "ana"),
                ("password", PASSWORD),
                ("next", "/follow-requests?a=1"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/follow-requests?a=1"));

    // Other hosts, however written (with a place on the page too, or encoded once more),
    // are not followed.
    for evil in [
        "https://evil.example/",
        "https://evil.example/#participation",
        "//evil.example/",
        "//evil.example/#follow",
        "/\\evil.example",
        "/\\evil.example#reply",
        "\\\\evil.example",
        "evil.example",
        "evil.example#/events",
        "#//evil.example",
        "/\tevil",
        "/\n/evil.example#x",
        "%2F%2Fevil.example",
        "%2F%2Fevil.example%23follow",
        "%5C%5Cevil.example",
        "javascript:alert(1)",
        "javascript:alert(1)#x",
    ] {
        let mut b = Browser::new(&net);
        let (_, form) = b.get(&hub.url("/login")).await;
        let (status, _, _, location) = b
            .post(
                &hub.url("/login"),
                &[
                    ("csrf_token", &csrf(&form)),
                    ("username", "ana"),
                    ("password", PASSWORD),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(status, 303, "{evil}");
        assert_eq!(location.as_deref(), Some("/"), "{evil}");
        let query = url::form_urlencoded::byte_serialize(evil.as_bytes()).collect::<String>();
        let (_, form) = b.get(&hub.url(&format!("/login?next={query}"))).await;
        assert_eq!(next_field(&form), None, "{evil}");
    }
}

/// The `href` of a "log in to …" link coming back to `path` at `anchor`.
fn login_link(path: &str, anchor: &str) -> String {
    let next = format!("{path}#{anchor}");
    let encoded = url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>();
    format!("href=\"{}\"", escaped(&format!("/login?next={encoded}")))
}

#[tokio::test]
async fn log_in_to_join_follow_or_reply_comes_back_to_that_action() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let event = event_form::create(&mut ana, &hub, event_form::EVENT).await;
    create(&mut ana, &hub, &community("learning", "en")).await;
    let root = start_thread(&mut ana, &hub, "learning", "Bokashi", "Who tried it?").await;
    let client = net.client();
    let token = hub.token("ana").await;
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201);
    let (status, post) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/posts",
        Some(json!({"content": "Open house on Friday."})),
    )
    .await;
    assert_eq!(status, 201);
    let post_url = post["url"].as_str().unwrap();
    let post_path = &post_url[post_url.find("/posts/").unwrap()..];

    let thread = format!("/threads/{root}");
    let reply = format!("reply-{root}");
    let pages = [
        (event.as_str(), "participation"),
        ("/communities/learning", "follow"),
        ("/communities/learning", "compose"),
        ("/projects/green_roofs", "follow"),
        ("/@ana", "follow"),
        (thread.as_str(), reply.as_str()),
        (post_path, "reply"),
    ];
    let mut visitor = Browser::new(&net);
    for (path, anchor) in pages {
        let (status, page) = visitor.get(&hub.url(path)).await;
        assert_eq!(status, 200, "{path}");
        let link = login_link(path, anchor);
        assert!(page.contains(&link), "{link} missing on {path}: {page}");
    }

    // Followed through: the log-in form keeps the place, and logging in lands there,
    // where the member finds the action they were offered.
    hub.create_user("bob").await;
    for (path, anchor) in pages {
        let mut b = Browser::new(&net);
        let next = format!("{path}#{anchor}");
        let query: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let (_, form) = b.get(&hub.url(&format!("/login?next={query}"))).await;
        assert_eq!(next_field(&form).as_deref(), Some(next.as_str()));
        let (status, _, _, location) = b
            .post(
                &hub.url("/login"),
                &[
                    ("csrf_token", &csrf(&form)),
                    ("username", "bob"),
                    ("password", PASSWORD),
                    ("next", &next),
                ],
            )
            .await;
        assert_eq!(status, 303);
        assert_eq!(location.as_deref(), Some(next.as_str()));
        let (_, page) = b.get(&hub.url(path)).await;
        assert!(
            page.contains(&format!("id=\"{anchor}\"")),
            "#{anchor} on {path}"
        );
    }
}

/// The `href` of the first link to `path?next=` on a page, unescaped.
fn link_to(page: &str, path: &str) -> String {
    let marker = format!("href=\"{}?next=", escaped(path));
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker}: {page}"))
        + 6;
    page[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#x2f;", "/")
}

#[tokio::test]
async fn signing_up_on_the_way_still_comes_back_to_the_action() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let event = event_form::create(&mut ana, &hub, event_form::EVENT).await;
    let back = format!("{event}#participation");

    // "Log in to join", then "create an account" instead: the place goes along.
    let mut visitor = Browser::new(&net);
    let (_, page) = visitor.get(&hub.url(&event)).await;
    assert!(page.contains(&login_link(&event, "participation")));
    let query: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    let (_, login) = visitor.get(&hub.url(&format!("/login?next={query}"))).await;
    let (_, signup) = visitor.get(&hub.url(&link_to(&login, "/signup"))).await;
    assert_eq!(next_field(&signup).as_deref(), Some(back.as_str()));
    // A refused sign-up keeps it, in the form and in its address.
    let mut fields = [
        ("csrf_token", csrf(&signup)),
        ("username", "eva".to_string()),
        ("password", "short".to_string()),
        ("password_confirm", "short".to_string()),
        ("next", back.clone()),
    ];
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let action = format!("/signup?next={query}");
    assert!(signup.contains(&format!("action=\"{}\"", escaped(&action))));
    let (status, refused, _, _) = visitor.post(&hub.url(&action), &form).await;
    assert_eq!(status, 422);
    assert_eq!(next_field(&refused).as_deref(), Some(back.as_str()));
    fields[2].1 = "a long passphrase".into();
    fields[3].1 = "a long passphrase".into();
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, done, _, _) = visitor.post(&hub.url(&action), &form).await;
    assert_eq!(status, 200, "{done}");
    // The account is ready: "log in" comes back to joining.
    let (_, login) = visitor.get(&hub.url(&link_to(&done, "/login"))).await;
    assert_eq!(next_field(&login).as_deref(), Some(back.as_str()));
    let (status, _, _, location) = visitor
        .post(
            &hub.url("/login"),
            &[
                ("csrf_token", &csrf(&login)),
                ("username", "eva"),
                ("password", "a long passphrase"),
                ("next", &back),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(back.as_str()));
}
