//! Projects and organisations: created, edited and deleted through the API by their
//! members only; logos checked, stored and served. (Federation: `federation/entries.rs`.)

use crate::harness::api::call;
use crate::harness::entries::project_body;
use crate::harness::{Network, AP_ACCEPT};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn entries_are_managed_by_their_members_through_the_api() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    a.create_user("ana").await;
    a.create_user("bea").await;
    a.create_user("eve").await;
    let client = net.client();
    let (ana, bea, eve) = (
        a.token("ana").await,
        a.token("bea").await,
        a.token("eve").await,
    );

    let (status, project) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201, "{project}");
    assert_eq!(project["kind"], "project");
    assert_eq!(project["handle"], format!("@green_roofs@{}", a.domain));
    assert_eq!(project["country"], "PT");
    assert_eq!(project["sdgs"], json!(["11", "13"]));
    let description = project["description"].as_str().unwrap();
    assert!(
        description.contains("<h2>Why</h2>") && description.contains("<strong>local food</strong>")
    );
    assert!(!description.contains("script"), "{description}");
    assert_eq!(project["description_source"], project_body()["description"]);

    // Reading is public.
    let (status, read) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(read["name"], "Green Roofs Lisboa");

    // Validation: each rule has its code; the handle namespace is shared with people.
    for (patch, code) in [
        (
            json!({"website": "javascript:alert(1)"}),
            "entry-error-website",
        ),
        (json!({"country": "XX"}), "entry-error-country"),
        (json!({"themes": ["astrology"]}), "entry-error-unknown-code"),
        (json!({"sdgs": [18]}), "entry-error-unknown-code"),
        (json!({"end_date": "2025-01-01"}), "entry-error-dates"),
        (json!({"latitude": 91.0}), "entry-error-coordinates"),
        (json!({"name": "  "}), "entry-error-name-required"),
        (json!({"status": "finished"}), "entry-error-unknown-code"),
    ] {
        let (status, err) = call(
            &client,
            &a,
            Some(&ana),
            Method::PATCH,
            "/projects/green_roofs",
            Some(patch.clone()),
        )
        .await;
        assert_eq!(status, 422, "{patch} -> {err}");
        assert_eq!(err["error"]["code"], "validation_failed");
        assert!(
            err["error"]["message"].as_str().unwrap().contains(code),
            "{patch} -> {err}"
        );
    }
    let mut taken = project_body();
    taken["handle"] = json!("bea");
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(taken),
    )
    .await;
    assert_eq!(status, 422, "a member's name is taken");
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(json!({"handle": "x1", "name": "n", "colour": "red"})),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");

    // A non-member cannot edit, delete or post; a PATCH by a member changes only its fields.
    let (status, _) = call(
        &client,
        &a,
        Some(&eve),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"name": "Mine"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &client,
        &a,
        Some(&eve),
        Method::DELETE,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &client,
        &a,
        Some(&eve),
        Method::POST,
        "/projects/green_roofs/updates",
        Some(json!({"content": "spam"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, patched) = call(
        &client,
        &a,
        Some(&ana),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"status": "scaling"})),
    )
    .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["status"], "scaling");
    assert_eq!(patched["region"], "Lisboa");
    assert_eq!(patched["themes"], project["themes"]);

    // Members: ana invites bea as editor; bea accepts and may edit, but not manage members.
    let (status, m) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects/green_roofs/members",
        Some(json!({"handle": "@bea", "role": "editor"})),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    assert_eq!(m["state"], "invited");
    let (_, public) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/projects/green_roofs/members",
        None,
    )
    .await;
    assert_eq!(
        public.as_array().unwrap().len(),
        1,
        "invitations are not public"
    );
    let (status, _) = call(
        &client,
        &a,
        Some(&bea),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"region": "Porto"})),
    )
    .await;
    assert_eq!(status, 403, "not before accepting");
    let (status, _) = call(
        &client,
        &a,
        Some(&bea),
        Method::POST,
        "/projects/green_roofs/invitation",
        Some(json!({"accept": true})),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &client,
        &a,
        Some(&bea),
        Method::PATCH,
        "/projects/green_roofs",
        Some(json!({"region": "Porto"})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &client,
        &a,
        Some(&bea),
        Method::POST,
        "/projects/green_roofs/members",
        Some(json!({"handle": "eve", "role": "admin"})),
    )
    .await;
    assert_eq!(status, 403, "editors do not manage members");
    let ana_id = a.user("ana").await.id;
    let (status, err) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        &format!("/projects/green_roofs/members/{ana_id}"),
        None,
    )
    .await;
    assert_eq!(status, 422, "the last admin cannot leave: {err}");

    // An organisation, linked to the project as its lead.
    let (status, org) = call(
        &client,
        &a,
        Some(&bea),
        Method::POST,
        "/organisations",
        Some(json!({
            "handle": "coop_lx", "name": "Cooperativa Lx", "org_type": "social-economy-enterprise",
            "org_size": "small", "expertise": ["Urban Gardening", "training"], "needs": ["funding"],
            "status": "active"
        })),
    )
    .await;
    assert_eq!(status, 201, "{org}");
    assert_eq!(org["expertise"], json!(["training", "urban-gardening"]));
    assert!(org["status"].is_null(), "status is a project field");
    let (status, link) = call(
        &client,
        &a,
        Some(&bea),
        Method::POST,
        "/projects/green_roofs/links",
        Some(json!({"organisation": "coop_lx", "role": "lead"})),
    )
    .await;
    assert_eq!(status, 201, "{link}");
    let (_, read) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(read["links"][0]["role"], "lead");
    let (_, read_org) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/organisations/coop_lx",
        None,
    )
    .await;
    assert_eq!(read_org["links"][0]["entry"]["id"], read["id"]);
    let (status, _) = call(
        &client,
        &a,
        Some(&bea),
        Method::POST,
        "/projects/green_roofs/links",
        Some(json!({"organisation": "ana", "role": "lead"})),
    )
    .await;
    assert_eq!(status, 422, "a person is not an organisation");

    // Deleting: admins only; the entry is gone, its handle stays taken.
    let (status, _) = call(
        &client,
        &a,
        Some(&bea),
        Method::DELETE,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &client,
        &a,
        None,
        Method::GET,
        "/projects/green_roofs",
        None,
    )
    .await;
    assert_eq!(status, 404);
    for path in ["/projects/green_roofs", "/users/green_roofs"] {
        let res = client
            .get(a.url(path))
            .header("accept", AP_ACCEPT)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path} still serves the deleted actor");
    }
    let wf = client
        .get(a.url(&format!(
            "/.well-known/webfinger?resource=acct:green_roofs@{}",
            a.domain
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(wf.status(), 404);
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 422);
}

/// A real 2×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4z8AARAAI/gH/xp559wAAAABJRU5ErkJggg==";

#[tokio::test]
async fn logos_are_checked_stored_served_and_federated() {
    use base64::Engine;
    let mut net = Network::bind(&["hub-a.test"]).await;
    let a = net
        .start_hub_with("hub-a.test", |c| c.media.max_upload_bytes = 4096)
        .await;
    a.create_user("ana").await;
    a.create_user("eve").await;
    let client = net.client();
    let (ana, eve) = (a.token("ana").await, a.token("eve").await);
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/organisations",
        Some(json!({"handle": "fund_pt", "name": "Fundo"})),
    )
    .await;
    assert_eq!(status, 201);
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG)
        .unwrap();
    let put = |token: &str, path: &str, body: Vec<u8>, ctype: &str| {
        client
            .put(a.url(&format!("/api/v1/organisations/fund_pt/{path}")))
            .bearer_auth(token.to_string())
            .header("content-type", ctype.to_string())
            .body(body)
            .send()
    };

    // Refused: non-members, other files (whatever type they claim), too large, unknown slots.
    assert_eq!(
        put(&eve, "logo", png.clone(), "image/png")
            .await
            .unwrap()
            .status(),
        403
    );
    let fake = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec();
    let res = put(&ana, "logo", fake, "image/png").await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("media-error-type"));
    let mut big = png.clone();
    big.resize(5000, 0);
    let res = put(&ana, "logo", big, "image/png").await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("media-error-too-large"));
    assert_eq!(
        put(&ana, "avatar", png.clone(), "image/png")
            .await
            .unwrap()
            .status(),
        404
    );

    // Accepted: served with its type and safe headers, and in the actor document.
    let res = put(&ana, "logo", png.clone(), "application/octet-stream")
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    assert_eq!(
        (view["width"].as_i64(), view["height"].as_i64()),
        (Some(2), Some(1))
    );
    let url = view["url"].as_str().unwrap().to_string();
    let served = client.get(&url).send().await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    assert!(served.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);
    let actor: Value = client
        .get(a.url("/organisations/fund_pt"))
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(actor["icon"]["url"], url);
    assert_eq!(actor["icon"]["mediaType"], "image/png");
    // Names that are not stored files are not served.
    for bad in [
        "/media/../../etc/passwd",
        "/media/abc.png",
        &format!("/media/{}.png", "0".repeat(64)),
    ] {
        assert_eq!(
            client.get(a.url(bad)).send().await.unwrap().status(),
            404,
            "{bad}"
        );
    }

    // Removed: gone from the actor, and the file is no longer served.
    let res = client
        .delete(a.url("/api/v1/organisations/fund_pt/logo"))
        .bearer_auth(&ana)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let actor: Value = client
        .get(a.url("/organisations/fund_pt"))
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(actor.get("icon").is_none());
    assert_eq!(client.get(&url).send().await.unwrap().status(), 404);
}
