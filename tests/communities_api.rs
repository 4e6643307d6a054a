//! Communities through the JSON API on one hub: create, list and edit (moderators only,
//! partial edits keep the rest); threads with nested replies, edits, deletions and likes;
//! the posting rules (follow first, members only, bans, locked threads) and moderation
//! (removed posts hidden from all but moderators, pins, roles, follow requests).

use crate::entries::call;
use crate::harness::{Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

struct One {
    hub: Hub,
    client: reqwest::Client,
    _net: Network,
}

impl One {
    /// A hub with members `names`; returns their tokens in the same order.
    async fn start(names: &[&str]) -> (One, Vec<String>) {
        let mut net = Network::bind(&["hub-a.test"]).await;
        let hub = net.start_hub("hub-a.test").await;
        let mut tokens = Vec::new();
        for n in names {
            hub.create_user(n).await;
            tokens.push(hub.token(n).await);
        }
        let client = net.client();
        (
            One {
                hub,
                client,
                _net: net,
            },
            tokens,
        )
    }

    async fn call(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        call(&self.client, &self.hub, token, method, path, body).await
    }

    /// A call that must answer `status`; returns the body.
    async fn ok(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let (got, json) = self.call(token, method.clone(), path, body).await;
        assert_eq!(got, status, "{method} {path}: {json}");
        json
    }

    /// A call that must be refused with `status` and a message naming `id`.
    async fn refused(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
        id: &str,
    ) {
        let (got, json) = self.call(token, method.clone(), path, body).await;
        assert_eq!(got, status, "{method} {path}: {json}");
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(id), "{method} {path}: {json} lacks {id}");
    }

    async fn community(&self, token: &str, body: Value) -> Value {
        self.ok(Some(token), Method::POST, "/communities", Some(body), 201)
            .await
    }

    async fn follow(&self, token: &str, community: &str) -> Value {
        self.ok(
            Some(token),
            Method::POST,
            "/follows",
            Some(json!({"target": community})),
            201,
        )
        .await
    }

    async fn thread(&self, token: &str, community: &str, title: &str, language: &str) -> i64 {
        let path = format!("/communities/{community}/threads");
        let body =
            json!({"title": title, "content": format!("About {title}."), "language": language});
        let t = self
            .ok(Some(token), Method::POST, &path, Some(body), 201)
            .await;
        t["id"].as_i64().unwrap()
    }

    async fn reply(&self, token: &str, thread: i64, to: Option<i64>, text: &str) -> Value {
        let path = format!("/threads/{thread}/replies");
        let body = json!({"content": text, "language": "en", "in_reply_to": to});
        self.ok(Some(token), Method::POST, &path, Some(body), 201)
            .await
    }

    async fn tree(&self, token: Option<&str>, id: i64) -> Value {
        self.ok(token, Method::GET, &format!("/threads/{id}"), None, 200)
            .await
    }

    async fn titles(&self, community: &str, query: &str) -> Vec<String> {
        let path = format!("/communities/{community}/threads{query}");
        let page = self.ok(None, Method::GET, &path, None, 200).await;
        let items = page["items"].as_array().unwrap();
        assert_eq!(page["total"].as_i64().unwrap() as usize, items.len());
        items
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect()
    }
}

fn keys(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn communities_are_created_listed_and_edited_by_moderators() {
    let (one, t) = One::start(&["ana", "bea"]).await;
    let (ana, bea) = (t[0].as_str(), t[1].as_str());
    let circle = one
        .community(
            ana,
            json!({"handle": "learning_circle", "name": "Learning circle",
                "description": "Peer *learning*.", "rules": "Be kind.",
                "languages": ["pt", "en"]}),
        )
        .await;
    assert_eq!(circle["key"], "learning_circle");
    assert_eq!(
        circle["handle"],
        format!("@learning_circle@{}", one.hub.domain)
    );
    assert_eq!(circle["name"], "Learning circle");
    assert!(circle["description"]
        .as_str()
        .unwrap()
        .contains("<em>learning</em>"));
    assert_eq!(circle["description_source"], "Peer *learning*.");
    assert_eq!(circle["languages"], json!(["pt", "en"]));
    assert_eq!(circle["posting"], "followers");
    assert_eq!(circle["approval_required"], false);
    assert_eq!(circle["role"], "moderator");
    assert_eq!(
        circle["moderators"][0]["handle"],
        format!("@ana@{}", one.hub.domain)
    );

    // Validation names the rule; unknown fields and missing tokens are refused.
    for (body, id) in [
        (
            json!({"handle": "c1rcle", "name": "  "}),
            "community-error-name",
        ),
        (
            json!({"handle": "c1rcle", "name": "C", "posting": "everyone"}),
            "community-error-posting",
        ),
        (
            json!({"handle": "c1rcle", "name": "C", "languages": ["not a tag!"]}),
            "community-error-language",
        ),
        (
            json!({"handle": "c", "name": "C"}),
            "signup-error-username-length",
        ),
        (
            json!({"handle": "learning_circle", "name": "Again"}),
            "signup-error-username-taken",
        ),
        (
            json!({"handle": "bea", "name": "Bea's"}),
            "signup-error-username-taken",
        ),
    ] {
        one.refused(Some(ana), Method::POST, "/communities", Some(body), 422, id)
            .await;
    }
    let (status, _) = one
        .call(
            Some(ana),
            Method::POST,
            "/communities",
            Some(json!({"handle": "c1rcle", "name": "C", "colour": "red"})),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = one
        .call(
            None,
            Method::POST,
            "/communities",
            Some(json!({"handle": "c1rcle", "name": "C"})),
        )
        .await;
    assert_eq!(status, 401);

    one.community(
        bea,
        json!({"handle": "energia", "name": "Energía comunitaria", "languages": ["es"],
            "posting": "members", "approval_required": true}),
    )
    .await;

    // Lists, with a language filter.
    let all = one.ok(None, Method::GET, "/communities", None, 200).await;
    let mut all_keys = keys(&all);
    all_keys.sort();
    assert_eq!(all_keys, ["energia", "learning_circle"]);
    assert_eq!(all[0]["threads"], 0);
    let es = one
        .ok(None, Method::GET, "/communities?lang=es", None, 200)
        .await;
    assert_eq!(keys(&es), ["energia"]);
    let pt = one
        .ok(None, Method::GET, "/communities?lang=pt", None, 200)
        .await;
    assert_eq!(keys(&pt), ["learning_circle"]);
    let fr = one
        .ok(None, Method::GET, "/communities?lang=fr", None, 200)
        .await;
    assert_eq!(keys(&fr), Vec::<String>::new());

    // Editing: moderators only; fields not given keep their value.
    one.refused(
        Some(bea),
        Method::PATCH,
        "/communities/learning_circle",
        Some(json!({"rules": "Mine now"})),
        403,
        "forbidden",
    )
    .await;
    let edited = one
        .ok(
            Some(ana),
            Method::PATCH,
            "/communities/learning_circle",
            Some(json!({"rules": "Be **very** kind."})),
            200,
        )
        .await;
    assert_eq!(edited["rules_source"], "Be **very** kind.");
    assert!(edited["rules"]
        .as_str()
        .unwrap()
        .contains("<strong>very</strong>"));
    assert_eq!(edited["name"], "Learning circle");
    assert_eq!(edited["description_source"], "Peer *learning*.");
    assert_eq!(edited["languages"], json!(["pt", "en"]));
    assert_eq!(edited["posting"], "followers");
    assert_eq!(edited["approval_required"], false);
    let edited = one
        .ok(
            Some(ana),
            Method::PATCH,
            "/communities/learning_circle",
            Some(json!({"posting": "members", "approval_required": true})),
            200,
        )
        .await;
    assert_eq!(edited["rules_source"], "Be **very** kind.");
    assert_eq!(edited["posting"], "members");
    assert_eq!(edited["approval_required"], true);
    one.refused(
        Some(ana),
        Method::PATCH,
        "/communities/learning_circle",
        Some(json!({"posting": "anyone"})),
        422,
        "community-error-posting",
    )
    .await;
    let read = one
        .ok(None, Method::GET, "/communities/learning_circle", None, 200)
        .await;
    assert_eq!(read["posting"], "members");
    assert!(read.get("role").is_none());
    // The full handle finds a local community too; unknown ones are 404.
    let path = format!("/communities/learning_circle@{}", one.hub.domain);
    let read = one.ok(Some(bea), Method::GET, &path, None, 200).await;
    assert_eq!(read["key"], "learning_circle");
    one.ok(None, Method::GET, "/communities/nowhere", None, 404)
        .await;
}

#[tokio::test]
async fn threads_nest_replies_and_authors_edit_delete_and_like() {
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
    let root = thread["id"].as_i64().unwrap();
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

#[tokio::test]
async fn moderators_enforce_membership_bans_locks_and_removals() {
    let (one, t) = One::start(&["ana", "bea", "cid", "dan"]).await;
    let (ana, bea, cid, dan) = (t[0].as_str(), t[1].as_str(), t[2].as_str(), t[3].as_str());

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
