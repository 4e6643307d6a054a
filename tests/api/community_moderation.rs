//! Moderation through the JSON API: members-only posting, bans, locked threads, removed
//! posts hidden from all but moderators, pins, roles and follow requests.

use crate::harness::api::One;
use reqwest::Method;
use serde_json::{json, Value};

/// A hub with the members ana, bea, cid and dan; their tokens in that order.
async fn start() -> (One, Vec<String>) {
    One::start(&["ana", "bea", "cid", "dan"]).await
}

/// The community `garden` of ana, followed by bea and cid, with bea's thread "Seed swap";
/// returns the thread's id.
async fn garden(one: &One, ana: &str, bea: &str, cid: &str) -> i64 {
    one.community(ana, json!({"handle": "garden", "name": "Garden"}))
        .await;
    for token in [bea, cid] {
        one.follow(token, "garden").await;
    }
    one.thread(bea, "garden", "Seed swap", "en").await
}

#[tokio::test]
async fn members_only_posting_needs_a_role_given_by_moderators() {
    let (one, t) = start().await;
    let (ana, bea) = (t[0].as_str(), t[1].as_str());

    // Members-only: a follow is not enough; a role is.
    one.community(
        ana,
        json!({"handle": "council", "name": "Council", "posting": "members"}),
    )
    .await;
    one.follow(bea, "council").await;
    let new_thread = json!({"title": "Motion", "content": "Let us vote."});
    one.refused(
        Some(bea),
        Method::POST,
        "/communities/council/threads",
        Some(new_thread.clone()),
        403,
        "community-error-members-only",
    )
    .await;
    one.ok(
        Some(bea),
        Method::POST,
        "/communities/council/roles",
        Some(json!({"actor": "cid", "role": "member"})),
        403,
    )
    .await;
    let role = one
        .ok(
            Some(ana),
            Method::POST,
            "/communities/council/roles",
            Some(json!({"actor": "bea", "role": "member"})),
            200,
        )
        .await;
    let bea_id = role["actor_id"].as_i64().unwrap();
    one.refused(
        Some(ana),
        Method::POST,
        "/communities/council/roles",
        Some(json!({"actor": "bea", "role": "owner"})),
        422,
        "community-error-role",
    )
    .await;
    let roles = one
        .ok(
            Some(ana),
            Method::GET,
            "/communities/council/roles",
            None,
            200,
        )
        .await;
    let pairs: Vec<(String, String)> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["actor"]["handle"].as_str().unwrap().to_string(),
                r["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let d = &one.hub.domain;
    assert_eq!(
        pairs,
        [
            (format!("@ana@{d}"), "moderator".to_string()),
            (format!("@bea@{d}"), "member".to_string())
        ]
    );
    one.ok(
        Some(bea),
        Method::GET,
        "/communities/council/roles",
        None,
        403,
    )
    .await;
    one.ok(
        Some(bea),
        Method::POST,
        "/communities/council/threads",
        Some(new_thread.clone()),
        201,
    )
    .await;
    one.ok(
        Some(ana),
        Method::DELETE,
        &format!("/communities/council/roles/{bea_id}"),
        None,
        204,
    )
    .await;
    one.refused(
        Some(bea),
        Method::POST,
        "/communities/council/threads",
        Some(new_thread.clone()),
        403,
        "community-error-members-only",
    )
    .await;
}

#[tokio::test]
async fn a_ban_refuses_posts_and_removes_them_until_it_is_lifted() {
    let (one, t) = start().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    let d = &one.hub.domain;

    // Bans: refused while banned (posts removed on request), allowed again once lifted.
    one.community(ana, json!({"handle": "garden", "name": "Garden"}))
        .await;
    for token in [bea, cid] {
        one.follow(token, "garden").await;
    }
    let spam = one.thread(cid, "garden", "Buy now", "en").await;
    let seeds = one.thread(bea, "garden", "Seed swap", "en").await;
    assert_eq!(one.titles("garden", "").await, ["Seed swap", "Buy now"]);
    one.ok(
        Some(bea),
        Method::POST,
        "/communities/garden/bans",
        Some(json!({"actor": "cid", "reason": "spam"})),
        403,
    )
    .await;
    one.refused(
        Some(ana),
        Method::POST,
        "/communities/garden/bans",
        Some(json!({"actor": "cid", "days": 0})),
        422,
        "moderation-error-days",
    )
    .await;
    let ban = one
        .ok(
            Some(ana),
            Method::POST,
            "/communities/garden/bans",
            Some(json!({"actor": "cid", "reason": "spam", "remove_posts": true, "days": 7})),
            201,
        )
        .await;
    assert_eq!(ban["reason"], "spam");
    assert!(ban["expires_at"].is_string());
    let cid_id = ban["actor_id"].as_i64().unwrap();
    assert_eq!(one.titles("garden", "").await, ["Seed swap"]);
    let bans = one
        .ok(
            Some(ana),
            Method::GET,
            "/communities/garden/bans",
            None,
            200,
        )
        .await;
    assert_eq!(bans.as_array().unwrap().len(), 1);
    assert_eq!(bans[0]["actor"]["handle"], format!("@cid@{d}"));
    one.ok(
        Some(cid),
        Method::GET,
        "/communities/garden/bans",
        None,
        403,
    )
    .await;
    one.refused(
        Some(cid),
        Method::POST,
        &format!("/threads/{seeds}/replies"),
        Some(json!({"content": "Still here"})),
        403,
        "community-error-banned",
    )
    .await;
    one.refused(
        Some(cid),
        Method::POST,
        "/communities/garden/threads",
        Some(json!({"title": "Again", "content": "Buy"})),
        403,
        "community-error-banned",
    )
    .await;
    one.ok(
        Some(ana),
        Method::DELETE,
        &format!("/communities/garden/bans/{cid_id}"),
        None,
        204,
    )
    .await;
    let bans = one
        .ok(
            Some(ana),
            Method::GET,
            "/communities/garden/bans",
            None,
            200,
        )
        .await;
    assert_eq!(bans, json!([]));
    one.reply(cid, seeds, None, "Sorry, I have tomato seeds.")
        .await;
    // The removed thread stays removed, and shows as such.
    let spam_tree = one.tree(Some(bea), spam).await;
    assert_eq!(spam_tree["root"]["removed"], true);
    assert_eq!(spam_tree["root"]["content"], Value::Null);
}

#[tokio::test]
async fn a_locked_thread_takes_no_replies_and_only_moderators_lock() {
    let (one, t) = start().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    let seeds = garden(&one, ana, bea, cid).await;

    // Locks: no replies while locked; moderators only.
    let lock = format!("/threads/{seeds}/lock");
    one.ok(Some(bea), Method::POST, &lock, None, 403).await;
    let locked = one
        .ok(
            Some(ana),
            Method::POST,
            &lock,
            Some(json!({"reason": "Cooling off"})),
            200,
        )
        .await;
    assert_eq!(locked["locked"], true);
    one.refused(
        Some(bea),
        Method::POST,
        &format!("/threads/{seeds}/replies"),
        Some(json!({"content": "One more"})),
        403,
        "thread-error-locked",
    )
    .await;
    let unlocked = one
        .ok(
            Some(ana),
            Method::POST,
            &format!("/threads/{seeds}/unlock"),
            None,
            200,
        )
        .await;
    assert_eq!(unlocked["locked"], false);
    let answer = one.reply(bea, seeds, None, "One more").await;
    let _ = answer;
}

#[tokio::test]
async fn removed_posts_are_hidden_from_all_but_moderators_and_restorable() {
    let (one, t) = start().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    let seeds = garden(&one, ana, bea, cid).await;
    one.reply(cid, seeds, None, "Sorry, I have tomato seeds.")
        .await;
    let answer = one.reply(bea, seeds, None, "One more").await;
    let answer_id = answer["id"].as_i64().unwrap();

    // Removal: hidden from everyone but moderators, restorable.
    one.ok(
        Some(bea),
        Method::POST,
        &format!("/threads/{answer_id}/remove"),
        None,
        403,
    )
    .await;
    let seen = one
        .ok(
            Some(ana),
            Method::POST,
            &format!("/threads/{answer_id}/remove"),
            Some(json!({"reason": "off topic"})),
            200,
        )
        .await;
    assert_eq!(seen["moderator"], true);
    let removed = &seen["root"]["replies"][1];
    assert_eq!(removed["id"], answer_id);
    assert_eq!(removed["removed"], true);
    assert_eq!(removed["content"], "<p>One more</p>\n");
    for viewer in [Some(bea), Some(cid), None] {
        let tree = one.tree(viewer, seeds).await;
        assert_eq!(tree["moderator"], false);
        let r = &tree["root"]["replies"][1];
        assert_eq!(r["removed"], true);
        assert_eq!(r["content"], Value::Null, "{viewer:?}");
        assert_eq!(r["source"], Value::Null);
        assert_eq!(tree["reply_count"], 1);
    }
    let mods_view = one.tree(Some(ana), seeds).await;
    assert_eq!(
        mods_view["root"]["replies"][1]["content"],
        "<p>One more</p>\n"
    );
    one.ok(
        Some(ana),
        Method::POST,
        &format!("/threads/{answer_id}/restore"),
        None,
        200,
    )
    .await;
    let tree = one.tree(Some(cid), seeds).await;
    assert_eq!(tree["root"]["replies"][1]["content"], "<p>One more</p>\n");
    assert_eq!(tree["root"]["replies"][1]["removed"], false);
    // A removed thread leaves the list.
    one.ok(
        Some(ana),
        Method::POST,
        &format!("/threads/{seeds}/remove"),
        None,
        200,
    )
    .await;
    assert_eq!(one.titles("garden", "").await, Vec::<String>::new());
    one.ok(
        Some(ana),
        Method::POST,
        &format!("/threads/{seeds}/restore"),
        None,
        200,
    )
    .await;
}

#[tokio::test]
async fn pinned_threads_come_first_and_only_threads_are_pinned() {
    let (one, t) = start().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    let seeds = garden(&one, ana, bea, cid).await;
    let answer = one.reply(bea, seeds, None, "One more").await;
    let answer_id = answer["id"].as_i64().unwrap();

    // Pins: pinned threads first.
    let later = one.thread(bea, "garden", "Later", "en").await;
    assert_eq!(one.titles("garden", "").await, ["Later", "Seed swap"]);
    one.refused(
        Some(ana),
        Method::POST,
        &format!("/threads/{answer_id}/pin"),
        None,
        422,
        "moderation-error-not-thread",
    )
    .await;
    let pinned = one
        .ok(
            Some(ana),
            Method::POST,
            &format!("/threads/{seeds}/pin"),
            None,
            200,
        )
        .await;
    assert_eq!(pinned["pinned"], true);
    assert_eq!(one.titles("garden", "").await, ["Seed swap", "Later"]);
    one.ok(
        Some(ana),
        Method::POST,
        &format!("/threads/{seeds}/unpin"),
        None,
        200,
    )
    .await;
    assert_eq!(one.titles("garden", "").await, ["Later", "Seed swap"]);
    let _ = later;
}

#[tokio::test]
async fn follow_requests_of_an_approval_based_community_are_decided_by_moderators() {
    let (one, t) = start().await;
    let (ana, bea, dan) = (t[0].as_str(), t[1].as_str(), t[3].as_str());
    let d = &one.hub.domain;

    // Follow requests of an approval-based community.
    one.community(
        ana,
        json!({"handle": "inner", "name": "Inner", "approval_required": true}),
    )
    .await;
    assert_eq!(one.follow(dan, "inner").await["state"], "pending");
    assert_eq!(one.follow(bea, "inner").await["state"], "pending");
    one.refused(
        Some(dan),
        Method::POST,
        "/communities/inner/threads",
        Some(json!({"title": "Hello", "content": "Me"})),
        403,
        "community-error-follow-first",
    )
    .await;
    let requests = one
        .ok(
            Some(ana),
            Method::GET,
            "/communities/inner/follow-requests",
            None,
            200,
        )
        .await;
    let handles: Vec<&str> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["actor"]["handle"].as_str().unwrap())
        .collect();
    assert_eq!(handles, [format!("@dan@{d}"), format!("@bea@{d}")]);
    one.ok(
        Some(dan),
        Method::GET,
        "/communities/inner/follow-requests",
        None,
        403,
    )
    .await;
    let (dan_req, bea_req) = (
        requests[0]["id"].as_i64().unwrap(),
        requests[1]["id"].as_i64().unwrap(),
    );
    one.ok(
        Some(ana),
        Method::POST,
        &format!("/communities/inner/follow-requests/{dan_req}/accept"),
        None,
        204,
    )
    .await;
    one.ok(
        Some(ana),
        Method::POST,
        &format!("/communities/inner/follow-requests/{bea_req}/reject"),
        None,
        204,
    )
    .await;
    one.thread(dan, "inner", "Hello", "en").await;
    one.refused(
        Some(bea),
        Method::POST,
        "/communities/inner/threads",
        Some(json!({"title": "Hello", "content": "Me"})),
        403,
        "community-error-follow-first",
    )
    .await;
    let requests = one
        .ok(
            Some(ana),
            Method::GET,
            "/communities/inner/follow-requests",
            None,
            200,
        )
        .await;
    assert_eq!(requests, json!([]));
}
