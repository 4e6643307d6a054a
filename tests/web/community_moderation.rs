//! Communities' moderation on the HTML side: the posting rules with their translated
//! refusals, removal, locking, pinning, roles and bans, and follow requests decided on the
//! moderation page.

use crate::harness::browser::{member, position, shows, submit};
use crate::harness::community_form::*;
use crate::harness::Network;

#[tokio::test]
async fn posting_rules_and_moderation() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut ben = member(&net, &hub, "ben").await;
    let mut cleo = member(&net, &hub, "cleo").await;
    create(&mut ana, &hub, &community("learning", "en")).await;

    // Not a follower: refused with the translated reason, what was typed kept.
    let fields = [
        ("title", "Hello there"),
        ("content", "First post"),
        ("language", "en"),
    ];
    let (status, page) = new_thread(&mut cleo, &hub, &fields).await;
    assert_eq!(status, 403, "{page}");
    shows(
        &page,
        &[
            "Follow this community before you post in it.",
            "Hello there",
            "First post",
        ],
    );
    // No title.
    follow(&mut ben, &hub, "learning").await;
    let fields = [("title", " "), ("content", "x"), ("language", "en")];
    let (status, page) = new_thread(&mut ben, &hub, &fields).await;
    assert_eq!(status, 422);
    shows(&page, &["Give the thread a title."]);

    let root = start_thread(&mut ben, &hub, "learning", "Soldering", "Irons?").await;
    let answer = reply(&mut ben, &hub, root, root, "Rude words here").await;

    // The moderator sees the tools; ben does not.
    let thread = format!("/threads/{root}");
    let (_, page) = ben.get(&hub.url(&thread)).await;
    assert!(!page.contains("/remove\""), "{page}");
    assert!(!page.contains("/lock\""));
    let (_, page) = ana.get(&hub.url(&thread)).await;
    shows(&page, &["Lock", "Pin", "Remove", "Ban the author"]);

    // Remove a reply: hidden from others, shown to moderators with a badge.
    let remove = format!("/threads/{answer}/remove");
    let (status, body, _) = submit(
        &mut ana,
        &hub,
        &thread,
        &remove,
        &[("value", "true"), ("reason", "rude")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = ben.get(&hub.url(&thread)).await;
    shows(&page, &["Removed by a moderator."]);
    assert!(!page.contains("Rude words here"));
    let (_, page) = ana.get(&hub.url(&thread)).await;
    shows(&page, &["Rude words here", "Restore"]);
    let (status, _, _) = submit(&mut ben, &hub, &thread, &remove, &[("value", "false")]).await;
    assert_eq!(status, 403, "only moderators restore");

    // Lock: said on the page, no reply forms, replies refused.
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        &thread,
        &format!("/threads/{root}/lock"),
        &[("value", "true")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = ben.get(&hub.url(&thread)).await;
    shows(&page, &["This thread is locked: no new replies."]);
    assert!(!page.contains("/reply\""), "{page}");
    let (status, page, _) = submit(
        &mut ben,
        &hub,
        &thread,
        &format!("/threads/{root}/reply"),
        &[("content", "late"), ("language", "en")],
    )
    .await;
    assert_eq!(status, 403);
    shows(&page, &["This thread is locked: no new replies."]);

    // Pin: marked in the community's list.
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        &thread,
        &format!("/threads/{root}/pin"),
        &[("value", "true")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, list) = ben.get(&hub.url("/c/learning")).await;
    shows(&list, &["Pinned", "Locked", "Soldering"]);

    // Members only: followers are refused until a moderator makes them members.
    let mut edited = community("learning", "en");
    edited[5] = ("posting", "members");
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        "/communities/learning/edit",
        "/communities/learning/edit",
        &edited,
    )
    .await;
    assert_eq!(status, 303);
    let fields = [("title", "Members?"), ("content", "x"), ("language", "en")];
    let (status, page) = new_thread(&mut ben, &hub, &fields).await;
    assert_eq!(status, 403);
    shows(&page, &["Only members of this community may post here."]);
    let moderation = "/communities/learning/moderation";
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        moderation,
        "/communities/learning/moderation/roles",
        &[("who", "nobody-here"), ("role", "member")],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        moderation,
        "/communities/learning/moderation/roles",
        &[("who", "ben"), ("role", "member")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = ana.get(&hub.url(moderation)).await;
    shows(&page, &["@ben@", "Member", "Moderator"]);
    start_thread(&mut ben, &hub, "learning", "Members!", "In.").await;
    // The last moderator cannot step down.
    let ana_id = hub.user("ana").await.actor_id.to_string();
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        moderation,
        &format!("/communities/learning/moderation/roles/{ana_id}/remove"),
        &[],
    )
    .await;
    assert_eq!(status, 422);
    shows(&page, &["A community keeps at least one moderator."]);

    // Ban from the moderation page: listed, and the banned may not post.
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        moderation,
        "/communities/learning/moderation/bans",
        &[("who", "ben"), ("reason", "spam"), ("days", "0")],
    )
    .await;
    assert_eq!(status, 422);
    shows(&page, &["A ban lasts between 1 and 3650 days"]);
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        moderation,
        "/communities/learning/moderation/bans",
        &[("who", "ben"), ("reason", "spam"), ("days", "7")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = ana.get(&hub.url(moderation)).await;
    shows(&page, &["spam", "Lift the ban"]);
    let fields = [("title", "Again"), ("content", "x"), ("language", "en")];
    let (status, page) = new_thread(&mut ben, &hub, &fields).await;
    assert_eq!(status, 403);
    shows(&page, &["You are banned from this community."]);
    let ben_id = hub.user("ben").await.actor_id.to_string();
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        moderation,
        &format!("/communities/learning/moderation/bans/{ben_id}/remove"),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = ana.get(&hub.url(moderation)).await;
    shows(&page, &["Nobody is banned."]);
}

#[tokio::test]
async fn approval_requests_are_decided_on_the_moderation_page() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut ben = member(&net, &hub, "ben").await;
    let mut fields = community("learning", "en");
    fields.push(("approval_required", "true"));
    create(&mut ana, &hub, &fields).await;
    follow(&mut ben, &hub, "learning").await;
    let (_, page) = ben.get(&hub.url("/c/learning")).await;
    shows(&page, &["Your follow request waits for a moderator."]);
    let (_, page) = ana.get(&hub.url("/communities/learning/moderation")).await;
    let marker = "/communities/learning/moderation/requests/";
    let start = position(&page, marker) + marker.len();
    let id: String = page[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let action = format!("{marker}{id}/accept");
    let (status, body, _) = submit(
        &mut ana,
        &hub,
        "/communities/learning/moderation",
        &action,
        &[],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = ben.get(&hub.url("/c/learning")).await;
    assert!(!page.contains("waits for a moderator"), "{page}");
    start_thread(&mut ben, &hub, "learning", "Accepted", "Hello").await;
}

#[tokio::test]
async fn a_refused_removal_reason_comes_back_in_its_form() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    create(&mut ana, &hub, &community("learning", "en")).await;
    let root = start_thread(&mut ana, &hub, "learning", "Bokashi", "Who tried it?").await;
    let thread = format!("/threads/{root}");
    let reason = "spam ".repeat(201);
    let fields = [("value", "true"), ("reason", reason.as_str())];
    let action = format!("/threads/{root}/remove");
    let (status, page, _) = submit(&mut ana, &hub, &thread, &action, &fields).await;
    assert_eq!(status, 422, "{page}");
    let field = format!("remove-{root}-reason");
    crate::harness::forms::assert_refused(
        &page,
        &format!("remove-{root}-errors"),
        &[(&field, "The reason is too long.")],
    );
    assert!(
        page.contains(&format!("value=\"{reason}\"")),
        "the reason is kept"
    );
    assert!(page.contains(&format!("id=\"remove-{root}\" open")));
    // Nothing was removed.
    let (_, page) = ana.get(&hub.url(&thread)).await;
    assert!(page.contains("Who tried it?") && !page.contains("badge thread-removed"));
}
