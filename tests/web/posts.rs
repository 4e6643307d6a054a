//! Posts on the HTML side as a member uses them: the compose form, the timeline, post pages,
//! replies, deleting, visibility, profiles, and remote posts shown without their risks.

use crate::harness::browser::{csrf, log_in, Browser};
use crate::harness::remote::FakeMastodon;
use crate::harness::{Hub, Network, AP_ACCEPT};
use reqwest::StatusCode;
use serde_json::json;
use tessera::services::posts::PostInput;

const PASSWORD: &str = "correct horse battery";

/// Submits the compose form of the home page with `fields`.
async fn publish(
    b: &mut Browser,
    hub: &Hub,
    fields: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let (_, home) = b.get(&hub.url("/")).await;
    let token = csrf(&home);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    let (status, body, _, location) = b.post(&hub.url("/posts"), &form).await;
    (status, body, location)
}

/// `text` as the templates escape it (minijinja escapes `/` too).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

fn unescaped(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The number and page of the first post card in `html`.
fn first_post(html: &str) -> (i64, String) {
    let marker = "<article class=\"post\" id=\"post-";
    let start = html.find(marker).expect("a post card") + marker.len();
    let end = start + html[start..].find('"').unwrap();
    let id = html[start..end].parse().unwrap();
    let href = "href=\"";
    let link = start + html[start..].find(href).unwrap();
    // The author link comes first, then the permalink on the date.
    let date = link + html[link..].find("class=\"post-date\"").unwrap();
    let from = date + html[date..].find(href).unwrap() + href.len();
    let to = from + html[from..].find('"').unwrap();
    (id, unescaped(&html[from..to]))
}

async fn member(net: &Network, hub: &Hub, name: &str) -> Browser {
    hub.create_user(name).await;
    let mut b = Browser::new(net);
    let (status, _, _) = log_in(&mut b, hub, name, PASSWORD).await;
    assert_eq!(status, 303);
    b
}

#[tokio::test]
async fn compose_then_read_on_home_and_post_page() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;

    let (status, _, location) = publish(
        &mut ana,
        &hub,
        &[
            ("content", "Hello from the hub\n\nSecond paragraph"),
            ("visibility", "public"),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/"));
    let (_, home) = ana.get(&hub.url("/")).await;
    assert!(home.contains("Your post is published."), "{home}");
    assert!(home.contains("<p>Hello from the hub</p><p>Second paragraph</p>"));
    let (_, link) = first_post(&home);
    assert!(link.starts_with(&hub.url("/posts/")), "{link}");

    // Anyone can read a public post; only members get the reply form.
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Hello from the hub"));
    assert!(page.contains("lang=\"en\"") && page.contains("<time datetime=\""));
    assert!(page.contains("Log in to reply") && !page.contains("name=\"in_reply_to\""));
    // The same URL is the Note for ActivityPub clients.
    let res = net
        .client()
        .get(&link)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let note: serde_json::Value = res.json().await.unwrap();
    assert_eq!(note["type"], "Note");
    assert_eq!(note["id"], link.as_str());

    // Refused posts come back translated, with what was typed kept.
    let (status, body, _) = publish(
        &mut ana,
        &hub,
        &[("content", "   "), ("summary", "kept warning")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Write something before publishing."),
        "{body}"
    );
    assert!(body.contains("value=\"kept warning\""));
    assert!(
        body.contains("Hello from the hub"),
        "the timeline is still shown"
    );
    let (status, body, _) = publish(
        &mut ana,
        &hub,
        &[("content", "x"), ("visibility", "direct")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("Choose a visibility"));
    let long = "a".repeat(tessera::services::posts::MAX_CHARS + 1);
    let (status, body, _) = publish(&mut ana, &hub, &[("content", &long)]).await;
    assert_eq!(status, 422);
    assert!(body.contains("too long"));
    ana.lang = "fr";
    let (_, settings) = ana.get(&hub.url("/settings")).await;
    assert!(settings.contains("lang=\"fr\""));
    let (status, body, _) = publish(
        &mut ana,
        &hub,
        &[("content", "Bonjour"), ("language", "not a tag!")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Saisissez un code de langue valide"),
        "{body}"
    );
}

#[tokio::test]
async fn content_warning_hides_and_html_is_escaped() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let (status, _, _) = publish(
        &mut ana,
        &hub,
        &[
            ("content", "<script>alert('x')</script> & <b>bold</b>"),
            ("summary", "Film <i>spoilers</i>"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, link) = first_post(&ana.get(&hub.url("/")).await.1);
    for url in [hub.url("/"), link, hub.url("/@ana")] {
        let (_, html) = ana.get(&url).await;
        assert!(!html.contains("<script>alert") && !html.contains("<b>bold"));
        assert!(!html.contains("<i>spoilers"));
        let details = html
            .find("<details class=\"cw\">")
            .expect("a content warning");
        let warning = html.find(&escaped("Film <i>spoilers</i>")).unwrap();
        // Escaped once, by the service when it turned the text into HTML.
        let content = html
            .find("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")
            .unwrap_or_else(|| panic!("escaped content in {url}: {html}"));
        let end = details + html[details..].find("</details>").unwrap();
        assert!(
            details < warning && warning < content && content < end,
            "{url}"
        );
    }
}

#[tokio::test]
async fn followers_only_posts_profiles_and_delete() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut bob = member(&net, &hub, "bob").await;
    publish(&mut ana, &hub, &[("content", "A public note")]).await;
    let (_, home) = ana.get(&hub.url("/")).await;
    let (public_id, public_link) = first_post(&home);
    publish(
        &mut ana,
        &hub,
        &[
            ("content", "Only for followers"),
            ("visibility", "followers"),
        ],
    )
    .await;
    let (_, home) = ana.get(&hub.url("/")).await;
    let (id, link) = first_post(&home);
    assert_ne!(id, public_id);

    // Hidden from visitors, other members and ActivityPub clients; shown to its author.
    let mut visitor = Browser::new(&net);
    assert_eq!(visitor.get(&link).await.0, 404);
    assert_eq!(bob.get(&link).await.0, 404);
    let res = net.client().get(&link).header("accept", AP_ACCEPT);
    assert_eq!(res.send().await.unwrap().status(), 404);
    let (status, page) = ana.get(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Only for followers") && page.contains("Followers only"));

    // Profiles list public posts only.
    let (_, profile) = visitor.get(&hub.url("/@ana")).await;
    assert!(profile.contains("A public note") && profile.contains("Posts (1)"));
    assert!(!profile.contains("Only for followers"));

    // Only the author may delete; afterwards the page answers 410 Gone.
    let token = csrf(&bob.get(&hub.url("/")).await.1);
    let delete = hub.url(&format!("/posts/{public_id}/delete"));
    let (status, _, _, _) = bob.post(&delete, &[("csrf_token", &token)]).await;
    assert_eq!(status, 403);
    assert_eq!(visitor.get(&public_link).await.0, 200);
    let (_, page) = ana.get(&public_link).await;
    assert!(page.contains(&format!("action=\"/posts/{public_id}/delete\"")));
    let token = csrf(&page);
    let (status, _, _, location) = ana.post(&delete, &[("csrf_token", &token)]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/"));
    let (status, page) = visitor.get(&public_link).await;
    assert_eq!(status, 410);
    assert!(page.contains("deleted by its author"), "{page}");
    let res = net.client().get(&public_link).header("accept", AP_ACCEPT);
    assert_eq!(res.send().await.unwrap().status(), 410);
    let (_, profile) = visitor.get(&hub.url("/@ana")).await;
    assert!(!profile.contains("A public note") && profile.contains("Posts (0)"));
    let (status, _, _, _) = ana.post(&delete, &[("csrf_token", &token)]).await;
    assert_eq!(status, 404, "a deleted post cannot be deleted again");
}

#[tokio::test]
async fn reply_form_answers_a_post() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut bob = member(&net, &hub, "bob").await;
    publish(&mut ana, &hub, &[("content", "Who is coming on Friday?")]).await;
    let (id, link) = first_post(&ana.get(&hub.url("/")).await.1);

    let (status, page) = bob.get(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("name=\"in_reply_to\" value=\"{id}\"")));
    assert!(page.contains("No replies yet."));
    let token = csrf(&page);
    let parent = id.to_string();
    let posts = hub.url("/posts");
    let form = [
        ("csrf_token", token.as_str()),
        ("content", "I am!"),
        ("in_reply_to", parent.as_str()),
    ];
    let (status, _, _, location) = bob.post(&posts, &form).await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(location.starts_with(&format!("{link}#post-")), "{location}");

    let (_, page) = ana.get(&link).await;
    assert!(
        page.contains("Replies (1)") && page.contains("I am!"),
        "{page}"
    );
    // The author of the answered post sees the answer at home without following.
    let (_, home) = ana.get(&hub.url("/")).await;
    assert!(home.contains("I am!"));
    let in_reply_to = format!("<a href=\"{}\" rel=\"noopener nofollow\">", escaped(&link));
    assert!(home.contains(&in_reply_to) && !page.contains(&in_reply_to));

    // A refused reply shows the post again, with the error on the reply form.
    let form = [
        ("csrf_token", token.as_str()),
        ("content", ""),
        ("in_reply_to", parent.as_str()),
    ];
    let reply_at = format!("{posts}?to={parent}");
    let (status, body, _, _) = bob.post(&reply_at, &form).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Who is coming on Friday?") && body.contains("id=\"reply-content-error\"")
    );
    // The form's address names the post, so a reload of it finds the post and its form.
    let action = format!("action=\"/posts?to={parent}\"");
    assert!(body.contains(&action), "{body}");
    let (status, _) = bob.get(&reply_at).await;
    assert_eq!(status, 303);
    let (status, page) = bob
        .get(&hub.url(&format!("/posts/reply?to={parent}")))
        .await;
    assert!(
        status == 200 && page.contains("Who is coming on Friday?") && page.contains("id=\"reply\"")
    );
}

#[tokio::test]
async fn post_forms_need_the_csrf_token_and_a_member() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let posts = hub.url("/posts");
    let (status, _, _, _) = ana.post(&posts, &[("content", "no token")]).await;
    assert_eq!(status, 403);
    let (status, _, _, _) = ana
        .post(&posts, &[("csrf_token", "0000"), ("content", "bad token")])
        .await;
    assert_eq!(status, 403);
    let (_, home) = ana.get(&hub.url("/")).await;
    assert!(!home.contains("no token") && !home.contains("bad token"));
    publish(&mut ana, &hub, &[("content", "Stays")]).await;
    let (id, link) = first_post(&ana.get(&hub.url("/")).await.1);
    let delete = hub.url(&format!("/posts/{id}/delete"));
    assert_eq!(ana.post(&delete, &[]).await.0, 403);
    assert_eq!(ana.get(&link).await.0, 200);

    // A visitor with a valid form token still has to log in.
    let mut visitor = Browser::new(&net);
    let token = csrf(&visitor.get(&hub.url("/login")).await.1);
    let (status, _, _, _) = visitor
        .post(&posts, &[("csrf_token", &token), ("content", "anon")])
        .await;
    assert_eq!(status, 401);
    assert_eq!(visitor.get(&hub.url("/posts/reply?to=1")).await.0, 401);
}

#[tokio::test]
async fn timeline_and_profile_pages() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let user = hub.user("ana").await;
    for i in 0..25 {
        let content = format!("Note number {i:03}");
        let input = PostInput {
            content: &content,
            summary: "",
            visibility: "public",
            in_reply_to: None,
            language: None,
        };
        tessera::services::posts::create(&hub.ctx, &user, input)
            .await
            .unwrap();
    }
    let (_, first) = ana.get(&hub.url("/")).await;
    assert!(first.contains("Note number 024") && first.contains("Note number 005"));
    assert!(!first.contains("Note number 004"));
    let marker = "href=\"/?before=";
    let start = first.find(marker).expect("an older link") + marker.len();
    let before = &first[start..start + first[start..].find('"').unwrap()];
    let (status, older) = ana.get(&hub.url(&format!("/?before={before}"))).await;
    assert_eq!(status, 200);
    assert!(older.contains("Note number 004") && older.contains("Note number 000"));
    assert!(!older.contains("Note number 005") && !older.contains("href=\"/?before="));
    assert!(older.contains("Back to the newest posts"));
    assert_eq!(ana.get(&hub.url("/?before=abc")).await.0, 400);

    let mut visitor = Browser::new(&net);
    let (_, profile) = visitor.get(&hub.url("/@ana")).await;
    assert!(profile.contains("Posts (25)") && profile.contains("href=\"?page=2\""));
    assert!(!profile.contains("Note number 004"));
    let (_, page2) = visitor.get(&hub.url("/@ana?page=2")).await;
    assert!(page2.contains("Note number 004") && page2.contains("href=\"?page=1\""));
    assert!(!page2.contains("?page=3"));
    assert_eq!(visitor.get(&hub.url("/@ana?page=0")).await.0, 400);
}

#[tokio::test]
async fn remote_posts_link_out_and_can_be_answered() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("masto.test");
    let fake =
        FakeMastodon::start(net.take("masto.test"), &domain, &["mallory"], net.client()).await;
    let mut ana = member(&net, &hub, "ana").await;
    let note_id = format!("http://{domain}/users/mallory/statuses/1");
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let note = json!({
        "id": note_id,
        "type": "Note",
        "attributedTo": fake.actor_id("mallory"),
        "content": "<p>Remote hello</p>",
        "url": format!("http://{domain}/@mallory/1"),
        "inReplyTo": "javascript:alert(1)",
        "to": [public],
        "cc": [hub.actor_url("ana")],
        "published": "2026-01-02T03:04:05Z",
        "attachment": [
            {"type": "Document", "mediaType": "image/png",
             "url": format!("http://{domain}/media/cat.png"), "name": "A <b>cat</b>"},
            {"type": "Document", "mediaType": "image/png", "url": "javascript:alert(2)"},
        ],
    });
    let create = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{note_id}/activity"),
        "type": "Create",
        "actor": fake.actor_id("mallory"),
        "to": [public],
        "cc": [hub.actor_url("ana")],
        "object": note,
    });
    let status = fake
        .send("mallory", &hub, &hub.url("/users/ana/inbox"), &create)
        .await;
    assert!(status.is_success(), "{status}");

    let (_, home) = ana.get(&hub.url("/")).await;
    assert!(home.contains("Remote hello"), "{home}");
    assert!(home.contains(&escaped(&format!("/@mallory@{domain}"))));
    // Attachments are links, never remote images loaded by the reader's browser.
    assert!(home.contains(&format!(
        "<a href=\"{}\"",
        escaped(&format!("http://{domain}/media/cat.png"))
    )));
    assert!(
        home.contains("Image: A cat"),
        "the description is plain text"
    );
    assert!(!home.contains("<img") && !home.contains("javascript:"));
    assert!(home.contains(&escaped(&format!("http://{domain}/@mallory/1"))));
    let (id, _) = first_post(&home);
    let reply_page = format!("/posts/reply?to={id}");
    assert!(home.contains(&escaped(&reply_page)));

    let (status, page) = ana.get(&hub.url(&reply_page)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Remote hello"));
    let token = csrf(&page);
    let id = id.to_string();
    let (status, _, _, location) = ana
        .post(
            &hub.url("/posts"),
            &[
                ("csrf_token", &token),
                ("content", "Hello back"),
                ("in_reply_to", &id),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(location.starts_with(&hub.url("/posts/")), "{location}");
    let (_, mine) = ana.get(&location).await;
    assert!(mine.contains("Hello back") && mine.contains(&escaped(&note_id)));
    crate::harness::eventually("the reply reaches the remote author", || async {
        fake.inbox_items()
            .iter()
            .any(|a| a["type"] == "Create" && a["object"]["inReplyTo"] == note_id.as_str())
    })
    .await;
}
