//! What project and organisation pages add to their profile: logos and banners (the
//! multipart form of the edit page, the checks shared with the API, who may upload,
//! removing, uploads past the size limit and past axum's 2 MB default body limit), who can
//! help an organisation, and feed links.

use crate::harness::browser::Browser;
use crate::harness::{Hub, Network};
use reqwest::StatusCode;
use tessera::db::models::entry::KIND_PROJECT;
use tessera::services::entries::EntryInput;

/// A 4 × 2 pixel PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 224, 14, 158, 2, 71, 12,
    200, 28, 0, 94, 34, 7, 145, 111, 60, 251, 105, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];
const BOUNDARY: &str = "tessera-test-7d3a91";
const EDIT: &str = "/projects/commons_lab/edit";

/// A logged-in member, with the session made directly (the multipart body is built by hand,
/// which the shared test browser cannot send).
struct Member {
    client: reqwest::Client,
    cookie: String,
    csrf: String,
    lang: &'static str,
}

impl Member {
    async fn new(net: &Network, hub: &Hub, name: &str) -> Member {
        let user = hub.create_user(name).await;
        let (token, session) = tessera::services::sessions::create(&hub.ctx, &user)
            .await
            .unwrap();
        Member {
            client: net.client(),
            cookie: format!("tessera_session={token}"),
            csrf: session.csrf_token,
            lang: "en",
        }
    }

    async fn get(&self, url: &str) -> (StatusCode, String) {
        let res = self
            .client
            .get(url)
            .header("cookie", &self.cookie)
            .header("accept-language", self.lang)
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    }

    /// Sends `bytes` as the `image` field of the upload form of `role`.
    async fn upload(
        &self,
        hub: &Hub,
        role: &str,
        token: &str,
        (file_name, content_type, bytes): (&str, &str, &[u8]),
    ) -> (StatusCode, String, Option<String>) {
        let mut body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
             --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; \
             filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let res = self
            .client
            .post(hub.url(&format!("/projects/commons_lab/images/{role}")))
            .header("cookie", &self.cookie)
            .header("accept-language", self.lang)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        (res.status(), res.text().await.unwrap(), location)
    }

    async fn remove(&self, hub: &Hub, role: &str) -> StatusCode {
        let url = hub.url(&format!("/projects/commons_lab/images/{role}/remove"));
        let res = self
            .client
            .post(url)
            .header("cookie", &self.cookie)
            .form(&[("csrf_token", self.csrf.as_str())])
            .send()
            .await
            .unwrap();
        res.status()
    }
}

/// Creates the project `commons_lab` with `admin` as its administrator.
async fn project(hub: &Hub, admin: &str) -> i64 {
    let user = hub.user(admin).await;
    let input = EntryInput {
        handle: "commons_lab".into(),
        name: "Commons Lab".into(),
        ..EntryInput::default()
    };
    let (_, actor) = tessera::services::entries::create(&hub.ctx, &user, KIND_PROJECT, input)
        .await
        .unwrap();
    actor.id
}

async fn stored(hub: &Hub, actor_id: i64) -> Vec<String> {
    tessera::services::media::of_actor(&hub.ctx, actor_id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| format!("{}:{}", m.role, m.file_name))
        .collect()
}

/// The `src` of the image with class `class`, unescaped.
fn image_src(page: &str, class: &str) -> Option<String> {
    let marker = format!("class=\"{class}\" src=\"");
    let start = page.find(&marker)? + marker.len();
    let end = start + page[start..].find('"')?;
    Some(
        page[start..end]
            .replace("&#x2f;", "/")
            .replace("&amp;", "&"),
    )
}

#[tokio::test]
async fn logo_and_banner_are_uploaded_shown_and_removed() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = Member::new(&net, &hub, "ana").await;
    let actor_id = project(&hub, "ana").await;
    let token = ana.csrf.clone();

    // The edit page has both forms, as multipart, with the limit spelt out.
    let (status, edit) = ana.get(&hub.url(EDIT)).await;
    assert_eq!(status, 200, "{edit}");
    for text in [
        "enctype=\"multipart/form-data\"",
        "/images/logo\"",
        "/images/banner\"",
        "No logo yet.",
        "No banner yet.",
        "at most 2 MB",
    ] {
        assert!(edit.contains(text), "{text} missing: {edit}");
    }

    // Refused: not an image, an empty file, a wrong token. Nothing is stored.
    let text = ("notes.png", "image/png", b"just some text".as_slice());
    let (status, page, _) = ana.upload(&hub, "logo", &token, text).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Upload a PNG, JPEG, GIF or WebP image."),
        "{page}"
    );
    assert!(page.contains("id=\"logo-image-error\"") && page.contains("aria-invalid=\"true\""));
    let (status, page, _) = ana
        .upload(
            &hub,
            "banner",
            &token,
            ("", "application/octet-stream", b""),
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("Choose an image file to upload."), "{page}");
    let (status, _, _) = ana
        .upload(&hub, "logo", &"0".repeat(64), ("a.png", "image/png", PNG))
        .await;
    assert_eq!(status, 403);
    ana.lang = "fr";
    let (status, page, _) = ana.upload(&hub, "logo", &token, text).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Envoyez une image PNG, JPEG, GIF ou WebP."),
        "{page}"
    );
    ana.lang = "en";
    assert!(stored(&hub, actor_id).await.is_empty());
    let dir = &hub.ctx.config.media.dir;
    let files = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files, 0, "no file written");

    // Strangers cannot upload or remove.
    let bob = Member::new(&net, &hub, "bob").await;
    let (status, _, _) = bob
        .upload(&hub, "logo", &bob.csrf, ("a.png", "image/png", PNG))
        .await;
    assert_eq!(status, 403);
    let (status, _) = bob.get(&hub.url(EDIT)).await;
    assert_eq!(status, 403);

    // A valid logo and banner: saved, shown on the page, served with their type.
    for role in ["logo", "banner"] {
        let (status, body, location) = ana
            .upload(&hub, role, &token, ("a.png", "image/png", PNG))
            .await;
        assert_eq!(status, 303, "{body}");
        assert_eq!(location, Some(format!("{EDIT}#images")));
    }
    let (_, edit) = ana.get(&hub.url(EDIT)).await;
    assert!(
        edit.contains("4 × 2 pixels") && edit.contains("Remove banner"),
        "{edit}"
    );
    let (status, page) = Member::new(&net, &hub, "carol")
        .await
        .get(&hub.url("/projects/commons_lab"))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("alt=\"Logo of Commons Lab\" width=\"4\" height=\"2\""),
        "{page}"
    );
    assert!(page.contains("alt=\"Banner of Commons Lab\""), "{page}");
    let src = image_src(&page, "entry-logo").expect("logo shown");
    assert!(src.contains("/media/") && src.ends_with(".png"), "{src}");
    assert_eq!(
        image_src(&page, "entry-banner"),
        Some(src.clone()),
        "same file"
    );
    let res = net.client().get(&src).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);

    // Removing: the logo goes, the banner stays; removing again finds nothing.
    assert_eq!(bob.remove(&hub, "logo").await, 403);
    assert_eq!(ana.remove(&hub, "logo").await, 303);
    let (_, page) = ana.get(&hub.url("/projects/commons_lab")).await;
    assert!(image_src(&page, "entry-logo").is_none() && page.contains("entry-banner"));
    assert_eq!(stored(&hub, actor_id).await.len(), 1);
    assert_eq!(ana.remove(&hub, "logo").await, 404);
    assert_eq!(ana.remove(&hub, "icon").await, 404);
}

#[tokio::test]
async fn uploads_past_the_limit_get_the_too_large_page() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    // 3 MiB: past axum's default body limit and the default `media.max_upload_bytes`.
    let mut big = PNG.to_vec();
    big.resize(3 * 1024 * 1024, 0);

    let hub = net.start_hub("hub-a.test").await;
    let mut ana = Member::new(&net, &hub, "ana").await;
    let actor_id = project(&hub, "ana").await;
    let token = ana.csrf.clone();
    let (status, page, _) = ana
        .upload(&hub, "banner", &token, ("big.png", "image/png", &big))
        .await;
    assert_eq!(status, 413);
    assert!(
        page.contains("The image is too large: the limit is 2 MB."),
        "{page}"
    );
    assert!(page.contains("<form"), "the edit page, with its forms");
    assert!(stored(&hub, actor_id).await.is_empty());
    ana.lang = "fr";
    let (status, page, _) = ana
        .upload(&hub, "banner", &token, ("big.png", "image/png", &big))
        .await;
    assert_eq!(status, 413);
    assert!(page.contains("la limite est de 2 Mo"), "{page}");

    // A hub that allows more takes the same file: axum's default limit does not apply.
    let hub = net
        .start_hub_with("hub-b.test", |c| c.media.max_upload_bytes = 4 * 1024 * 1024)
        .await;
    let ana = Member::new(&net, &hub, "ana").await;
    let actor_id = project(&hub, "ana").await;
    let (status, body, _) = ana
        .upload(&hub, "banner", &ana.csrf, ("big.png", "image/png", &big))
        .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(stored(&hub, actor_id).await.len(), 1);
}

/// `text` as the templates escape it in attributes.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('/', "&#x2f;")
}

#[tokio::test]
async fn who_can_help_and_feed_links() {
    use tessera::db::models::actor::{Actor, ActorForm};
    use tessera::db::models::entry::DirectoryEntry;
    use tessera::services::entries::{self, EntryInput};
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let ana = hub.create_user("ana").await;
    let tags = |t: &str| t.split(',').map(str::to_string).collect::<Vec<_>>();
    for (handle, expertise, needs) in [
        ("needy_ngo", "", "legal-advice,volunteers"),
        ("law_firm", "legal-advice", ""),
        ("paint_co", "painting", ""),
        ("quiet_ngo", "", ""),
    ] {
        let input = EntryInput {
            handle: handle.into(),
            name: handle.replace('_', " "),
            expertise: tags(expertise)
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect(),
            needs: tags(needs).into_iter().filter(|t| !t.is_empty()).collect(),
            ..EntryInput::default()
        };
        entries::create(&hub.ctx, &ana, "organisation", input)
            .await
            .unwrap();
    }
    // A remote organisation covering both needs, as federation stores one.
    let input = EntryInput {
        handle: "far_help".into(),
        name: "Far Help".into(),
        expertise: tags("volunteers,legal-advice"),
        ..EntryInput::default()
    };
    let valid = entries::validate("organisation", &input).unwrap();
    let id = "https://far.example/far_help".to_string();
    let form = ActorForm {
        ap_id: id.clone(),
        kind: "Organization".into(),
        username: "far_help".into(),
        domain: "far.example".into(),
        display_name: "Far Help".into(),
        summary: String::new(),
        inbox_url: format!("{id}/inbox"),
        shared_inbox_url: None,
        outbox_url: None,
        followers_url: None,
        following_url: None,
        profile_url: Some(id),
        public_key_pem: "unused".into(),
        private_key_pem: None,
        is_local: false,
        manually_approves_followers: false,
        discoverable: true,
        published: None,
        last_refreshed_at: tessera::db::now(),
        domain_limited: false,
    };
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let actor = Actor::insert(&mut conn, &form).await.unwrap();
    DirectoryEntry::save(&mut conn, &actor, &valid.form, &valid.tags)
        .await
        .unwrap();
    drop(conn);

    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url("/organisations/needy_ngo")).await;
    assert_eq!(status, 200);
    let section = &page[page.find("id=\"helpers-heading\"").expect("who can help")..];
    let section = &section[..section.find("</section>").unwrap()];
    let remote = section
        .find(&escaped("/@far_help@far.example"))
        .expect("remote one");
    let local = section
        .find(&escaped("/organisations/law_firm"))
        .expect("local one");
    assert!(remote < local, "most needs covered first: {section}");
    assert!(section.contains("Covers 2 of 2 needs:") && section.contains("Covers 1 of 2 needs:"));
    assert!(section.contains("On far.example") && section.contains(">legal-advice</li>"));
    assert!(!section.contains("paint"), "{section}");
    // The feed, for readers and people.
    let feed = escaped("/organisations/needy_ngo/feed.atom");
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"needy ngo: updates (Atom)\" href=\"{feed}\">"
    )));
    assert!(page.contains(&format!(
        "<a href=\"{feed}\" type=\"application/atom+xml\">Feed (Atom)</a>"
    )));
    // Nobody matches: an empty state; no needs: no section; projects: none either.
    let (_, page) = visitor.get(&hub.url("/organisations/law_firm")).await;
    assert!(!page.contains("helpers-heading"));
    let input = EntryInput {
        handle: "odd_needs".into(),
        name: "Odd".into(),
        needs: tags("juggling"),
        ..EntryInput::default()
    };
    entries::create(&hub.ctx, &ana, "organisation", input)
        .await
        .unwrap();
    let (_, page) = visitor.get(&hub.url("/organisations/odd_needs")).await;
    assert!(page.contains("No organisation lists expertise matching these needs yet."));
    visitor.lang = "fr";
    let (_, page) = visitor.get(&hub.url("/organisations/needy_ngo")).await;
    assert!(page.contains("Qui peut aider") && page.contains("Flux (Atom)"));
}
