//! `/api/v1/admin/invites`: admins list, create and revoke invite links; others may not.

use crate::harness::api::One;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn admins_manage_invites_through_the_api() {
    let (one, tokens) = One::start(&["ana"]).await;
    one.hub.create_admin("root").await;
    let root = one.hub.token("root").await;
    let (root, ana) = (Some(root.as_str()), Some(tokens[0].as_str()));

    let made = one
        .ok(
            root,
            Method::POST,
            "/admin/invites",
            Some(json!({"expires_in_days": 7, "max_uses": 5})),
            201,
        )
        .await;
    assert_eq!(made["state"], "active");
    assert_eq!(made["uses"], 0);
    assert_eq!(made["max_uses"], 5);
    assert!(made["expires_at"].is_string(), "{made}");
    let code = made["code"].as_str().unwrap();
    assert_eq!(code.len(), 20);
    assert_eq!(made["url"], one.hub.url(&format!("/invite/{code}")));
    // Never and unlimited: nulls, or nothing.
    let open = one
        .ok(root, Method::POST, "/admin/invites", Some(json!({})), 201)
        .await;
    assert!(
        open["expires_at"].is_null() && open["max_uses"].is_null(),
        "{open}"
    );

    let list = one.ok(root, Method::GET, "/admin/invites", None, 200).await;
    let ids: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(
        ids,
        vec![open["id"].clone(), made["id"].clone()],
        "newest first"
    );

    let path = format!("/admin/invites/{}", made["id"]);
    let revoked = one.ok(root, Method::DELETE, &path, None, 200).await;
    assert_eq!(revoked["state"], "revoked");
    assert!(revoked["revoked_at"].is_string());
    let list = one.ok(root, Method::GET, "/admin/invites", None, 200).await;
    assert_eq!(list[1]["state"], "revoked", "kept in the list");

    // Out of range: every field at once.
    let body = one
        .ok(
            root,
            Method::POST,
            "/admin/invites",
            Some(json!({"expires_in_days": 0, "max_uses": -3})),
            422,
        )
        .await;
    let codes: Vec<_> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("expires_in_days", "invite-error-expiry"),
            ("max_uses", "invite-error-max-uses")
        ]
    );
    one.ok(root, Method::DELETE, "/admin/invites/999", None, 404)
        .await;

    // Members and visitors may not.
    for (token, status) in [(ana, 403), (None, 401)] {
        one.ok(token, Method::GET, "/admin/invites", None, status)
            .await;
        one.ok(
            token,
            Method::POST,
            "/admin/invites",
            Some(json!({})),
            status,
        )
        .await;
        one.ok(token, Method::DELETE, &path, None, status).await;
    }
}
