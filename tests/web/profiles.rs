//! Profiles as members and Mastodon see them: a bio in Markdown, up to four fields (sent as
//! `PropertyValue`s, a web address as a `rel="me"` link), languages and country, avatar
//! and header pictures; and another server's fields and header shown here, sanitised.

use crate::harness::browser::{csrf, member, shows};
use crate::harness::{hub_and_fake, Network};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A 4 × 2 pixel PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 224, 14, 158, 2, 71, 12,
    200, 28, 0, 94, 34, 7, 145, 111, 60, 251, 105, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];
const BOUNDARY: &str = "tessera-profile-5c1e";

async fn person(client: &reqwest::Client, url: &str) -> Value {
    client
        .get(url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_fills_in_a_profile_that_mastodon_can_read() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    let mut ana = member(&net, &hub, "ana").await;
    let (_, page) = ana.get(&hub.url("/settings")).await;
    let token = csrf(&page);
    let base = [
        ("csrf_token", token.as_str()),
        ("display_name", "Ana Lopes"),
        (
            "summary",
            "I run **repair cafés** in [Lisbon](https://lisboa.example).",
        ),
        ("field_name_0", "Website"),
        ("field_value_0", "https://ana.example/"),
        ("field_name_1", "Role"),
        ("field_value_1", "Coordinator <script>x</script>"),
        ("languages", "pt, en-gb"),
        ("country", "PT"),
    ];
    // Refused: half a field, an unknown language, an unknown country; each said.
    let mut bad: Vec<(&str, &str)> = base
        .iter()
        .copied()
        .filter(|(k, _)| !matches!(*k, "languages" | "country"))
        .collect();
    bad.extend([
        ("field_name_2", "Pronouns"),
        ("languages", "pt, enen"),
        ("country", "XX"),
    ]);
    let (status, page, _, _) = ana.post(&hub.url("/settings"), &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(
        &page,
        &[
            "Give the field both a label and a content",
            "Use language codes such as",
            "Choose a country from the list",
        ],
    );
    let (status, _, _, _) = ana.post(&hub.url("/settings"), &base).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The form gives back what was typed; the profile shows it.
    let (_, page) = ana.get(&hub.url("/settings")).await;
    shows(
        &page,
        &[
            "I run **repair cafés**",
            "https://ana.example/",
            "pt, en-GB",
        ],
    );
    let (_, page) = ana.get(&hub.url("/@ana")).await;
    shows(
        &page,
        &[
            "<strong>repair cafés</strong>",
            "<a href=\"https://ana.example/\"",
            "Coordinator &lt;script&gt;",
            "Portuguese",
            "Portugal",
        ],
    );
    assert!(!page.contains("<script>x"));

    // What Mastodon reads.
    let doc = person(&client, &hub.actor_url("ana")).await;
    assert_eq!(doc["attachment"][0]["type"], "PropertyValue");
    assert_eq!(doc["attachment"][0]["name"], "Website");
    assert!(doc["attachment"][0]["value"]
        .as_str()
        .unwrap()
        .starts_with("<a href=\"https://ana.example/\" rel=\"me"));
    assert_eq!(doc["knowsLanguage"], json!(["pt", "en-GB"]));
    assert_eq!(doc["addressCountry"], "PT");
    assert!(doc["summary"]
        .as_str()
        .unwrap()
        .contains("<strong>repair cafés</strong>"));
    assert!(doc.get("icon").is_none());
}

async fn upload(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
    token: &str,
    bytes: &[u8],
) -> StatusCode {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; \
         filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    client
        .post(url)
        .header("cookie", cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn avatar_and_header_are_uploaded_checked_and_sent() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    let user = hub.create_user("ana").await;
    let (cookie, session) = tessera::services::sessions::create(&hub.ctx, &user)
        .await
        .unwrap();
    let cookie = format!("tessera_session={cookie}");
    let token = session.csrf_token;
    let avatar = hub.url("/settings/pictures/avatar");
    assert_eq!(
        upload(&client, &avatar, &cookie, &token, b"not an image").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        upload(&client, &avatar, &cookie, &token, PNG).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        upload(
            &client,
            &hub.url("/settings/pictures/header"),
            &cookie,
            &token,
            PNG
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let doc = person(&client, &hub.actor_url("ana")).await;
    let icon = doc["icon"]["url"].as_str().unwrap().to_string();
    assert_eq!(doc["icon"]["mediaType"], "image/png");
    assert!(doc["image"]["url"].as_str().is_some(), "{doc}");
    let got = client.get(&icon).send().await.unwrap();
    assert_eq!(got.status(), 200);
    let page = client
        .get(hub.url("/@ana"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("class=\"profile-avatar\""), "{page}");
    assert!(page.contains("class=\"profile-header\""));

    let res = client
        .post(hub.url("/settings/pictures/avatar/remove"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let doc = person(&client, &hub.actor_url("ana")).await;
    assert!(doc.get("icon").is_none(), "{doc}");
}

#[tokio::test]
async fn another_servers_fields_and_header_are_shown_sanitised() {
    let (net, hub, fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    let mut doc = person(&client, &fake.actor_id("felix")).await;
    doc["attachment"] = json!([
        {"type": "PropertyValue", "name": "Blog <i>x</i>",
         "value": "<a href=\"https://felix.example\" rel=\"me\">felix.example</a><script>alert(1)</script>"},
        {"type": "PropertyValue", "name": "Pronouns", "value": "he/him"},
        {"type": "Note", "name": "ignored", "content": "not a field"}
    ]);
    doc["image"] = json!({"type": "Image", "url": "https://remote.test/header.png"});
    doc["knowsLanguage"] = json!(["de", "not a tag"]);
    doc["addressCountry"] = json!("at");
    fake.set_actor("felix", doc);

    let mut ana = member(&net, &hub, "ana").await;
    let handle = format!("/@felix@{}", fake.domain);
    let (status, page) = ana.get(&hub.url(&handle)).await;
    assert_eq!(status, 200, "{page}");
    shows(
        &page,
        &[
            "Blog x",
            "href=\"https://felix.example\"",
            "he/him",
            "German",
            "Austria",
            "https://remote.test/header.png",
        ],
    );
    assert!(!page.contains("alert(1)"));
    assert!(!page.contains("ignored"));
}

#[tokio::test]
async fn the_api_reads_and_changes_the_profile_and_takes_a_follows_list() {
    use crate::harness::api::call;
    use reqwest::Method;
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    hub.create_user("ana").await;
    let token = hub.token("ana").await;
    let patch = json!({
        "summary": "*Repair* cafés",
        "fields": [{"name": "Website", "value": "https://ana.example/"}],
        "languages": ["pt", "en"],
        "country": "pt"
    });
    let (status, body) = call(
        &client,
        &hub,
        Some(&token),
        Method::PATCH,
        "/profile",
        Some(patch),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["summary"], "*Repair* cafés");
    assert_eq!(body["fields"][0]["value"], "https://ana.example/");
    assert_eq!(body["languages"], json!(["pt", "en"]));
    assert_eq!(body["country"], "PT");
    let (status, body) = call(
        &client,
        &hub,
        Some(&token),
        Method::PATCH,
        "/profile",
        Some(json!({"languages": ["enen"]})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = call(&client, &hub, Some(&token), Method::GET, "/profile", None).await;
    assert_eq!((status, &body["languages"]), (200, &json!(["pt", "en"])));

    let res = client
        .post(hub.url("/api/v1/profile/import_follows"))
        .bearer_auth(&token)
        .body("not a list")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = client
        .get(hub.url("/api/v1/profile/following.csv"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().starts_with("Account address"));
}
