//! Threads through the JSON API: nested replies in reading order, edits, deletions that
//! keep the tree, and likes.

use crate::harness::api::One;
use reqwest::Method;
use serde_json::{json, Value};

/// ana's community `circle`, followed by bea and cid, with bea's thread "Composting";
/// returns the hub, the tokens of ana, bea and cid, and the thread.
async fn composting() -> (One, Vec<String>, Value) {
    let (one, t) = One::start(&["ana", "bea", "cid"]).await;
    one.community(&t[0], json!({"handle": "circle", "name": "Circle"}))
        .await;
    one.follow(&t[1], "circle").await;
    one.follow(&t[2], "circle").await;
    let body =
        json!({"title": "Composting", "content": "Hello **world** #compost", "language": "en"});
    let thread = one
        .ok(
            Some(&t[1]),
            Method::POST,
            "/communities/circle/threads",
            Some(body),
            201,
        )
        .await;
    (one, t, thread)
}

/// The thread "Composting" answered: root ← r1 (ana) ← r2 (bea), root ← r3 (cid); and
/// ana's thread "Elsewhere" in French.
struct Circle {
    one: One,
    t: Vec<String>,
    root: i64,
    r1_id: i64,
    r2_id: i64,
    r3_id: i64,
}

async fn circle() -> Circle {
    let (one, t, thread) = composting().await;
    let root = thread["id"].as_i64().unwrap();
    let id = |v: Value| v["id"].as_i64().unwrap();
    let r1_id = id(one.reply(&t[0], root, None, "First answer").await);
    let r2_id = id(one
        .reply(&t[1], root, Some(r1_id), "Answer to the answer")
        .await);
    let r3_id = id(one.reply(&t[2], r2_id, None, "Second answer").await);
    one.thread(&t[0], "circle", "Elsewhere", "fr").await;
    Circle {
        one,
        t,
        root,
        r1_id,
        r2_id,
        r3_id,
    }
}

#[tokio::test]
async fn a_thread_needs_a_follow_a_title_and_a_language_tag() {
    let (one, t) = One::start(&["ana", "bea", "cid"]).await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    one.community(ana, json!({"handle": "circle", "name": "Circle"}))
        .await;

    // Posting needs a follow first.
    one.refused(
        Some(bea),
        Method::POST,
        "/communities/circle/threads",
        Some(json!({"title": "Hi", "content": "Hello"})),
        403,
        "community-error-follow-first",
    )
    .await;
    let (_, err) = one
        .call(
            Some(bea),
            Method::POST,
            "/communities/circle/threads",
            Some(json!({"title": "Hi", "content": "Hello"})),
        )
        .await;
    assert_eq!(err["error"]["code"], "not_allowed");
    assert_eq!(one.follow(bea, "circle").await["state"], "accepted");
    one.follow(cid, "circle").await;
    one.refused(
        Some(bea),
        Method::POST,
        "/communities/circle/threads",
        Some(json!({"title": " ", "content": "Hello"})),
        422,
        "thread-error-title",
    )
    .await;
    one.refused(
        Some(bea),
        Method::POST,
        "/communities/circle/threads",
        Some(json!({"title": "T", "content": "x", "language": "not a tag!"})),
        422,
        "error-post-language",
    )
    .await;

    let thread = one
        .ok(
            Some(bea),
            Method::POST,
            "/communities/circle/threads",
            Some(
                json!({"title": "Composting", "content": "Hello **world** #compost",
                "language": "en"}),
            ),
            201,
        )
        .await;
    thread["id"].as_i64().unwrap();
    assert_eq!(thread["title"], "Composting");
    assert_eq!(thread["community"]["key"], "circle");
    assert_eq!(thread["locked"], false);
    assert_eq!(
        thread["root"]["author"]["handle"],
        format!("@bea@{}", one.hub.domain)
    );
    assert_eq!(thread["root"]["hub"], one.hub.domain);
    assert_eq!(thread["root"]["language"], "en");
    assert!(thread["root"]["content"]
        .as_str()
        .unwrap()
        .contains("<strong>world</strong>"));
    assert_eq!(thread["root"]["source"], "Hello **world** #compost");
    assert_eq!(thread["root"]["tags"][0]["kind"], "Hashtag");
    assert_eq!(thread["root"]["replies"], json!([]));
}

#[tokio::test]
async fn replies_nest_oldest_first_whatever_post_the_path_names() {
    let (one, t, thread) = composting().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    let root = thread["id"].as_i64().unwrap();

    // root ← r1 ← r2, root ← r3: nested, oldest first, whatever post id the path names.
    let r1 = one.reply(ana, root, None, "First answer").await;
    let r1_id = r1["id"].as_i64().unwrap();
    assert_eq!(r1["depth"], 1);
    assert_eq!(r1["in_reply_to"], thread["root"]["ap_id"]);
    let r2 = one
        .reply(bea, root, Some(r1_id), "Answer to the answer")
        .await;
    let r2_id = r2["id"].as_i64().unwrap();
    assert_eq!(r2["in_reply_to"], r1["ap_id"]);
    let r3 = one.reply(cid, r2_id, None, "Second answer").await;
    let r3_id = r3["id"].as_i64().unwrap();
    assert_eq!(r3["in_reply_to"], thread["root"]["ap_id"]);
    one.refused(
        Some(cid),
        Method::POST,
        &format!("/threads/{root}/replies"),
        Some(json!({"content": "  "})),
        422,
        "error-post-empty",
    )
    .await;
    let other = one.thread(ana, "circle", "Elsewhere", "fr").await;
    let (status, _) = one
        .call(
            Some(cid),
            Method::POST,
            &format!("/threads/{root}/replies"),
            Some(json!({"content": "Lost", "in_reply_to": other})),
        )
        .await;
    assert_eq!(status, 400);

    for id in [root, r2_id] {
        let tree = one.tree(None, id).await;
        assert_eq!(tree["id"], root);
        assert_eq!(tree["reply_count"], 3);
        let replies = tree["root"]["replies"].as_array().unwrap();
        let ids: Vec<i64> = replies.iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [r1_id, r3_id]);
        assert_eq!(replies[0]["replies"][0]["id"], r2_id);
        assert_eq!(replies[0]["replies"][0]["depth"], 2);
        assert_eq!(
            replies[0]["replies"][0]["content"],
            "<p>Answer to the answer</p>\n"
        );
        assert_eq!(replies[1]["replies"], json!([]));
        assert_eq!(
            replies[1]["author"]["handle"],
            format!("@cid@{}", one.hub.domain)
        );
    }
}

#[tokio::test]
async fn the_list_filters_by_language_and_counts_replies() {
    let Circle { one, .. } = circle().await;

    // The list: language filter, reply counts.
    assert_eq!(one.titles("circle", "").await, ["Elsewhere", "Composting"]);
    assert_eq!(one.titles("circle", "?lang=en").await, ["Composting"]);
    assert_eq!(one.titles("circle", "?lang=fr").await, ["Elsewhere"]);
    let page = one
        .ok(
            None,
            Method::GET,
            "/communities/circle/threads?lang=en",
            None,
            200,
        )
        .await;
    assert_eq!(page["items"][0]["reply_count"], 3);
    assert_eq!(page["items"][0]["hub"], one.hub.domain);
    assert_eq!(page["page"], 1);
    one.ok(
        None,
        Method::GET,
        "/communities/circle/threads?page=x",
        None,
        400,
    )
    .await;
}

#[tokio::test]
async fn only_the_author_edits_and_what_is_not_given_stays() {
    let Circle {
        one,
        root,
        r1_id,
        t,
        ..
    } = circle().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());

    // Edits: the author only; what is not given stays.
    one.refused(
        Some(cid),
        Method::PATCH,
        &format!("/threads/{root}"),
        Some(json!({"content": "Hijacked"})),
        403,
        "forbidden",
    )
    .await;
    let edited = one
        .ok(
            Some(bea),
            Method::PATCH,
            &format!("/threads/{root}"),
            Some(json!({"content": "Hello *again*"})),
            200,
        )
        .await;
    assert_eq!(edited["title"], "Composting");
    assert_eq!(edited["language"], "en");
    assert_eq!(edited["source"], "Hello *again*");
    assert!(edited["updated"].is_string());
    assert_eq!(edited["replies"].as_array().unwrap().len(), 2);
    let edited = one
        .ok(
            Some(ana),
            Method::PATCH,
            &format!("/threads/{r1_id}"),
            Some(json!({"content": "First answer, edited", "language": "pt"})),
            200,
        )
        .await;
    assert_eq!(edited["language"], "pt");
    assert_eq!(edited["title"], Value::Null);
}

#[tokio::test]
async fn a_deleted_reply_keeps_its_place_in_the_tree() {
    let Circle {
        one,
        root,
        r1_id,
        r2_id,
        t,
        ..
    } = circle().await;
    let (ana, cid) = (t[0].as_str(), t[2].as_str());

    // Deletion: the author only; the place stays so the tree keeps its shape.
    one.ok(
        Some(cid),
        Method::DELETE,
        &format!("/threads/{r1_id}"),
        None,
        403,
    )
    .await;
    one.ok(
        Some(ana),
        Method::DELETE,
        &format!("/threads/{r1_id}"),
        None,
        204,
    )
    .await;
    let tree = one.tree(Some(cid), root).await;
    let first = &tree["root"]["replies"][0];
    assert_eq!(first["id"], r1_id);
    assert_eq!(first["deleted"], true);
    assert_eq!(first["content"], Value::Null);
    assert_eq!(first["replies"][0]["id"], r2_id);
    assert_eq!(tree["reply_count"], 2);
}

#[tokio::test]
async fn likes_count_once_per_person_and_liked_is_the_callers() {
    let Circle {
        one,
        root,
        r3_id,
        t,
        ..
    } = circle().await;
    let (ana, bea, cid) = (t[0].as_str(), t[1].as_str(), t[2].as_str());

    // Likes: counted once per person; `liked` is the caller's.
    let like = format!("/threads/{root}/like");
    let l = one.ok(Some(cid), Method::POST, &like, None, 200).await;
    assert_eq!(
        (l["like_count"].as_i64(), l["liked"].as_bool()),
        (Some(1), Some(true))
    );
    one.ok(Some(cid), Method::POST, &like, None, 200).await;
    let l = one.ok(Some(ana), Method::POST, &like, None, 200).await;
    assert_eq!(l["like_count"], 2);
    let r3_like = format!("/threads/{r3_id}/like");
    one.ok(Some(ana), Method::POST, &r3_like, None, 200).await;
    let tree = one.tree(Some(cid), root).await;
    assert_eq!(tree["root"]["like_count"], 2);
    assert_eq!(tree["root"]["liked"], true);
    assert_eq!(tree["root"]["replies"][1]["like_count"], 1);
    assert_eq!(tree["root"]["replies"][1]["liked"], false);
    assert_eq!(one.tree(Some(bea), root).await["root"]["liked"], false);
    assert_eq!(one.tree(None, root).await["root"]["liked"], false);
    let l = one.ok(Some(cid), Method::DELETE, &like, None, 200).await;
    assert_eq!(
        (l["like_count"].as_i64(), l["liked"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(one.tree(Some(cid), root).await["root"]["liked"], false);
    one.ok(None, Method::POST, &like, None, 401).await;
}

#[tokio::test]
async fn deleting_the_root_deletes_the_thread() {
    let Circle { one, root, t, .. } = circle().await;
    let bea = t[1].as_str();

    // Deleting the root: the thread is gone.
    one.ok(
        Some(bea),
        Method::DELETE,
        &format!("/threads/{root}"),
        None,
        204,
    )
    .await;
    one.ok(None, Method::GET, &format!("/threads/{root}"), None, 410)
        .await;
    assert_eq!(one.titles("circle", "").await, ["Elsewhere"]);
    one.ok(None, Method::GET, "/threads/999999", None, 404)
        .await;
    one.ok(None, Method::GET, "/threads/abc", None, 400).await;
}
