//! Reloading after a form (issue 19): every address a web form posts to answers a GET, by
//! the form itself where the form has a page of its own, else by leading (303) to the page
//! that holds the form, at the form; never an empty "405 Method Not Allowed".

use crate::harness::browser::{member, submit, Browser};
use crate::harness::community_form::{community, create, start_thread};
use crate::harness::Network;

/// Every POST-only address of the web pages, with the page a GET of it leads to.
const POST_ONLY: &[(&str, &str)] = &[
    ("/logout", "/"),
    ("/posts", "/#compose"),
    ("/posts?to=7", "/posts/reply?to=7#reply"),
    ("/posts/7/delete", "/"),
    ("/follows", "/"),
    ("/follows/7/delete", "/"),
    ("/follow-requests/7/accept", "/follow-requests"),
    ("/follow-requests/7/reject", "/follow-requests"),
    ("/admin/settings", "/admin#instance-heading"),
    ("/admin/signups/7/approve", "/admin#pending-heading"),
    ("/admin/signups/7/reject", "/admin#pending-heading"),
    ("/admin/hub", "/admin#hub-heading"),
    ("/admin/hub/logo", "/admin#hub-logo"),
    ("/admin/hub/logo/remove", "/admin#hub-logo"),
    ("/admin/peers", "/admin#peers-heading"),
    ("/admin/peers/hub-b.test/approve", "/admin#peers-heading"),
    ("/admin/peers/hub-b.test/reject", "/admin#peers-heading"),
    ("/admin/peers/hub-b.test/resync", "/admin#peers-heading"),
    ("/admin/peers/hub-b.test/unpeer", "/admin#peers-heading"),
    ("/threads/7/reply", "/threads/7"),
    ("/threads/7/delete", "/threads/7"),
    ("/threads/7/like", "/threads/7"),
    ("/threads/7/remove", "/threads/7"),
    ("/threads/7/lock", "/threads/7"),
    ("/threads/7/pin", "/threads/7"),
    ("/communities/learning/follow", "/communities/learning"),
    ("/communities/learning/unfollow", "/communities/learning"),
    (
        "/communities/learning/threads",
        "/communities/learning#compose",
    ),
    (
        "/communities/circle@lemmy.test/follow",
        "/c/circle@lemmy.test",
    ),
    (
        "/communities/learning/moderation/requests/7/accept",
        "/communities/learning/moderation",
    ),
    (
        "/communities/learning/moderation/requests/7/decline",
        "/communities/learning/moderation",
    ),
    (
        "/communities/learning/moderation/roles",
        "/communities/learning/moderation",
    ),
    (
        "/communities/learning/moderation/roles/7/remove",
        "/communities/learning/moderation",
    ),
    (
        "/communities/learning/moderation/bans",
        "/communities/learning/moderation",
    ),
    (
        "/communities/learning/moderation/bans/7/remove",
        "/communities/learning/moderation",
    ),
    ("/events/k1/join", "/events/k1#participation"),
    ("/events/k1/leave", "/events/k1#participation"),
    ("/events/k1/cancel", "/events/k1#organiser-tools"),
    ("/events/k1/delete", "/events/k1#organiser-tools"),
    ("/events/k1/cover", "/events/k1#organiser-tools"),
    ("/events/k1/cover/delete", "/events/k1#organiser-tools"),
    (
        "/events/k1/participants/7/approve",
        "/events/k1/participants",
    ),
    (
        "/events/k1/participants/7/decline",
        "/events/k1/participants",
    ),
    ("/projects/lab/delete", "/projects/lab/edit#delete-heading"),
    ("/projects/lab/updates", "/projects/lab#post-update"),
    ("/projects/lab/images/logo", "/projects/lab/edit#images"),
    (
        "/projects/lab/images/banner/remove",
        "/projects/lab/edit#images",
    ),
    ("/projects/lab/members/7/role", "/projects/lab/members"),
    ("/projects/lab/members/7/remove", "/projects/lab/members"),
    ("/projects/lab/invitation/accept", "/projects/lab"),
    ("/projects/lab/invitation/decline", "/projects/lab"),
    ("/projects/lab/links", "/projects/lab/members"),
    ("/projects/lab/links/7/delete", "/projects/lab/members"),
    (
        "/organisations/coop/updates",
        "/organisations/coop#post-update",
    ),
    (
        "/organisations/coop/members/7/role",
        "/organisations/coop/members",
    ),
    (
        "/organisations/coop/invitation/accept",
        "/organisations/coop",
    ),
];

#[tokio::test]
async fn post_only_addresses_lead_to_the_page_of_their_form() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    for (path, page) in POST_ONLY {
        for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
            let res = client.request(method.clone(), hub.url(path)).send().await;
            let res = res.unwrap();
            assert_eq!(res.status(), 303, "{method} {path}");
            let location = res.headers().get("location").map(|l| l.to_str().unwrap());
            assert_eq!(location, Some(*page), "{method} {path}");
        }
    }
    // The JSON API keeps its own answer.
    let res = client.get(hub.url("/api/v1/posts/1/like")).send().await;
    assert_ne!(res.unwrap().status(), 303);
}

#[tokio::test]
async fn a_refused_reply_is_answered_where_a_reload_finds_the_thread() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    create(&mut ana, &hub, &community("learning", "en")).await;
    let root = start_thread(&mut ana, &hub, "learning", "Bokashi", "Who tried it?").await;
    let thread = format!("/threads/{root}");
    let reply = format!("/threads/{root}/reply");

    // Too long to publish: refused, with the draft and the message at the text.
    let long = "word ".repeat(4001);
    let fields = [("content", long.as_str()), ("language", "not a tag!")];
    let (status, page, _) = submit(&mut ana, &hub, &thread, &reply, &fields).await;
    assert_eq!(status, 422, "{page}");
    let content = format!("reply-{root}-content");
    let language = format!("reply-{root}-language");
    crate::harness::forms::assert_refused(
        &page,
        &format!("reply-{root}-errors"),
        &[
            (&content, "The title or the text is too long."),
            (
                &language,
                "Enter a valid language code such as en or pt-BR, or leave the field empty.",
            ),
        ],
    );
    assert!(page.contains(&long), "the draft is kept");
    // Reloading the address shows the thread, at the reply.
    let (status, _) = ana.get(&hub.url(&reply)).await;
    assert_eq!(status, 303);
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url(&thread)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Who tried it?"));
}
