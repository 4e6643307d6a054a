//! Communities through the JSON API on one hub: create, list and edit (moderators only,
//! partial edits keep the rest); threads with nested replies, edits, deletions and likes;
//! the posting rules (follow first, members only, bans, locked threads) and moderation
//! (removed posts hidden from all but moderators, pins, roles, follow requests).

use crate::harness::api::One;
use reqwest::Method;
use serde_json::{json, Value};

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

/// A member who copies a community's address from this hub (its id or its page) can follow
/// it with that address, as with a person's or a project's.
#[tokio::test]
async fn a_local_community_is_followed_by_its_address() {
    let (one, t) = One::start(&["ana", "bea", "carl"]).await;
    let (ana, bea, carl) = (t[0].as_str(), t[1].as_str(), t[2].as_str());
    one.community(ana, json!({"handle": "circle", "name": "Circle"}))
        .await;
    let id = one.hub.url("/communities/circle");
    let followed = one.follow(bea, &id).await;
    assert_eq!(followed["state"], "accepted", "{followed}");
    let followed = one.follow(carl, &one.hub.url("/c/circle")).await;
    assert_eq!(followed["state"], "accepted", "{followed}");
    one.refused(
        Some(carl),
        Method::POST,
        "/follows",
        Some(json!({"target": one.hub.url("/c/nowhere")})),
        404,
        "",
    )
    .await;
}
