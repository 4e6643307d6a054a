//! Projects and organisations on the HTML side: the create and edit forms, the pages and
//! their ActivityPub twins, refused input, members and invitations, updates, deleting.

use crate::harness::browser::{csrf, log_in, Browser};
use crate::harness::{Hub, Network, AP_ACCEPT};
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery";

async fn member(net: &Network, hub: &Hub, name: &str) -> Browser {
    hub.create_user(name).await;
    let mut b = Browser::new(net);
    let (status, _, _) = log_in(&mut b, hub, name, PASSWORD).await;
    assert_eq!(status, 303);
    b
}

/// `text` as the templates escape it (minijinja escapes `/` too).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// Submits the form found at `form_path` to `action` with `fields` and the form's token.
async fn submit(
    b: &mut Browser,
    hub: &Hub,
    form_path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, Option<String>) {
    let (status, page) = b.get(&hub.url(form_path)).await;
    assert_eq!(status, 200, "{form_path}: {page}");
    let token = csrf(&page);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    let (status, body, _, location) = b.post(&hub.url(action), &form).await;
    (status, body, location)
}

/// Form fields, in order (checkbox groups repeat a name).
type Fields = &'static [(&'static str, &'static str)];

const PROJECT: Fields = &[
    ("handle", "commons_lab"),
    ("name", "Commons Lab"),
    ("summary", "A lab for open care tools."),
    (
        "description",
        "We build **open** tools.\n\n- first\n- second",
    ),
    ("website", "https://commons.example/lab"),
    ("country", "FR"),
    ("region", "Lyon"),
    ("latitude", "45.76"),
    ("longitude", "4.84"),
    ("languages", "fr, en"),
    ("themes", "health-care"),
    ("themes", "digital-democracy"),
    ("focus", "open-data"),
    ("technologies", "ai"),
    ("sdgs", "3"),
    ("sdgs", "11"),
    ("status", "active"),
    ("start_date", "2025-01-15"),
    ("end_date", "2026-06-30"),
    ("social_impact", "Fewer people wait for care."),
    ("beneficiaries", "Carers and patients"),
];

const ORGANISATION: Fields = &[
    ("handle", "green_fund"),
    ("name", "Green Fund"),
    ("summary", "We fund climate projects."),
    ("description", "Grants for *local* climate action."),
    ("country", "BE"),
    ("themes", "food-environment-climate"),
    ("org_type", "funder"),
    ("org_size", "small"),
    ("expertise", "Funding, Legal advice"),
    ("needs", "volunteers"),
];

/// Creates the project and the organisation above as `b`.
async fn create_both(b: &mut Browser, hub: &Hub) {
    let (status, body, location) = submit(b, hub, "/projects/new", "/projects/new", PROJECT).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some("/projects/commons_lab"));
    let (status, body, location) = submit(
        b,
        hub,
        "/organisations/new",
        "/organisations/new",
        ORGANISATION,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some("/organisations/green_fund"));
}

async fn actor_json(net: &Network, url: &str) -> (StatusCode, serde_json::Value) {
    let res = net
        .client()
        .get(url)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn create_show_link_follow_and_negotiate() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    create_both(&mut ana, &hub).await;

    // Link the organisation as the project's funder, by its handle.
    let (status, body, location) = submit(
        &mut ana,
        &hub,
        "/projects/commons_lab/members",
        "/projects/commons_lab/links",
        &[("organisation", "@green_fund"), ("role", "funder")],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some("/projects/commons_lab/members"));

    // Every field shows on the project's page, to visitors too.
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url("/projects/commons_lab")).await;
    assert_eq!(status, 200);
    for text in [
        "Commons Lab".to_string(),
        "A lab for open care tools.".into(),
        "<p>We build <strong>open</strong> tools.</p>".into(),
        "<li>first</li>".into(),
        escaped("https://commons.example/lab"),
        "Lyon, France".into(),
        "45.76, 4.84".into(),
        "Status: Active".into(),
        "2025-01-15 to 2026-06-30".into(),
        "Fewer people wait for care.".into(),
        "Carers and patients".into(),
        "Health and care".into(),
        "Digital democracy".into(),
        "Open data".into(),
        "Artificial intelligence".into(),
        "Good health and well-being".into(),
        "Sustainable cities and communities".into(),
        "<dd>English, French</dd>".into(),
        "Green Fund".into(),
        "Funder".into(),
        format!("href=\"{}\"", escaped("/@ana")),
        "Administrator".into(),
        format!("@commons_lab@{}", hub.domain),
        "Log in to follow".into(),
    ] {
        assert!(page.contains(&text), "{text} missing: {page}");
    }
    assert!(!page.contains("Unknown localization"), "{page}");
    assert!(!page.contains("/edit\""), "visitors get no edit link");

    // The organisation's page: type, size, expertise and needs, and its project.
    let (status, page) = visitor.get(&hub.url("/organisations/green_fund")).await;
    assert_eq!(status, 200);
    for text in [
        "Green Fund",
        "We fund climate projects.",
        "<em>local</em>",
        "Belgium",
        "Food, environment and climate",
        "Funder",
        "Size: Small (10 to 49)",
        "funding",
        "legal-advice",
        "volunteers",
        "Commons Lab",
    ] {
        assert!(page.contains(text), "{text} missing: {page}");
    }

    // In French, labels are translated.
    visitor.lang = "fr";
    let (_, page) = visitor.get(&hub.url("/projects/commons_lab")).await;
    assert!(page.contains("Bonne santé et bien-être"), "{page}");
    assert!(page.contains("Santé et soins") && page.contains("Financeur"));
    assert!(!page.contains("Unknown localization"));

    // The same URLs are a Group and an Organization for ActivityPub clients.
    let (status, group) = actor_json(&net, &hub.url("/projects/commons_lab")).await;
    assert_eq!(status, 200, "{group}");
    assert_eq!(group["type"], "Group");
    assert_eq!(group["preferredUsername"], "commons_lab");
    let (status, org) = actor_json(&net, &hub.url("/organisations/green_fund")).await;
    assert_eq!(status, 200);
    assert_eq!(org["type"], "Organization");
    // Not under the other kind's path, and members are not projects.
    let (status, _) = actor_json(&net, &hub.url("/projects/green_fund")).await;
    assert_eq!(status, 404);
    let (status, _) = actor_json(&net, &hub.url("/organisations/ana")).await;
    assert_eq!(status, 404);
    let (status, _) = visitor.get(&hub.url("/projects/ana")).await;
    assert_eq!(status, 404);

    // A member follows the project from its page.
    let mut bob = member(&net, &hub, "bob").await;
    let (_, page) = bob.get(&hub.url("/projects/commons_lab")).await;
    assert!(page.contains("0</strong> followers"), "{page}");
    let handle = format!("@commons_lab@{}", hub.domain);
    let (status, _, location) = submit(
        &mut bob,
        &hub,
        "/projects/commons_lab",
        "/follows",
        &[("target", &handle)],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/projects/commons_lab"));
    let (_, page) = bob.get(&hub.url("/projects/commons_lab")).await;
    assert!(page.contains("1</strong> follower<"), "{page}");
    assert!(page.contains("Unfollow"));
    // Profile links of entries lead to their pages.
    let (status, _) = bob.get(&hub.url("/@commons_lab")).await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn refused_input_is_explained_and_kept() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    create_both(&mut ana, &hub).await;

    let with = |changes: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        let mut fields: Vec<_> = PROJECT
            .iter()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
            .copied()
            .collect();
        fields.extend_from_slice(changes);
        fields
    };
    let cases: &[(Fields, &str, &str)] = &[
        (
            &[("handle", "lab_two"), ("website", "ftp://files.example")],
            "Enter a web address starting with http:// or https://.",
            "website",
        ),
        (
            &[("handle", "lab_two"), ("country", "ZZ")],
            "Choose a country from the list.",
            "country",
        ),
        (
            &[("handle", "lab_two"), ("end_date", "2024-12-31")],
            "The end date must be a valid date on or after the start date.",
            "end_date",
        ),
        (
            &[("handle", "lab_two"), ("name", "   ")],
            "Enter a name.",
            "name",
        ),
        (
            &[("handle", "commons_lab")],
            "This username is already taken.",
            "handle",
        ),
        (
            &[("handle", "ana")],
            "This username is already taken.",
            "handle",
        ),
        (
            &[("handle", "lab_two"), ("latitude", "95")],
            "Enter a latitude between -90 and 90",
            "latitude",
        ),
        (
            &[("handle", "lab_two"), ("languages", "fr, not a tag!")],
            "Enter language codes",
            "languages",
        ),
        (
            &[
                ("handle", "lab_two"),
                ("themes", "health-care"),
                ("themes", "astrology"),
            ],
            "Choose from the list.",
            "themes",
        ),
    ];
    for (changes, message, field) in cases {
        let fields = with(changes);
        let (status, body, _) =
            submit(&mut ana, &hub, "/projects/new", "/projects/new", &fields).await;
        assert_eq!(status, 422, "{changes:?}: {body}");
        assert!(
            body.contains(&escaped(message)),
            "{changes:?}: {message} missing: {body}"
        );
        let marked = format!("id=\"{field}-error\"");
        assert!(body.contains(&marked), "{changes:?}: {field} not marked");
        // What was typed comes back.
        assert!(body.contains("value=\"Lyon\"") && body.contains("We build **open** tools."));
        assert!(body.contains("value=\"health-care\" checked"), "{body}");
    }

    // The same on the edit form, which keeps the page as it was.
    let (status, body, _) = submit(
        &mut ana,
        &hub,
        "/organisations/green_fund/edit",
        "/organisations/green_fund/edit",
        &[
            ("name", "Green Fund"),
            ("org_size", "huge"),
            ("needs", "volunteers"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("Choose from the list.") && body.contains("id=\"org_size-error\""));
    assert!(body.contains("value=\"volunteers\""));
    let (_, page) = ana.get(&hub.url("/organisations/green_fund")).await;
    assert!(page.contains("Size: Small"));
    // No project is created under the form's own address.
    let fields = with(&[("handle", "new")]);
    let (status, _, _) = submit(&mut ana, &hub, "/projects/new", "/projects/new", &fields).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn members_invite_accept_edit_and_leave() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut bob = member(&net, &hub, "bob").await;
    create_both(&mut ana, &hub).await;
    let bob_id = hub.user("bob").await.id.to_string();
    let ana_id = hub.user("ana").await.id.to_string();

    // Strangers can neither edit nor manage.
    let (status, _) = bob.get(&hub.url("/projects/commons_lab/edit")).await;
    assert_eq!(status, 403);
    let (_, page) = bob.get(&hub.url("/projects/commons_lab")).await;
    let token = csrf(&page);
    let (status, _, _, _) = bob
        .post(
            &hub.url("/projects/commons_lab/edit"),
            &[("csrf_token", &token), ("name", "Taken over")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = bob.get(&hub.url("/projects/commons_lab/members")).await;
    assert_eq!(status, 403);

    // Unknown handles and roles are refused.
    let members = "/projects/commons_lab/members";
    let (status, body, _) = submit(
        &mut ana,
        &hub,
        members,
        members,
        &[("handle", "@nobody"), ("role", "editor")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("No active member of this hub has that username."));
    assert!(body.contains("value=\"@nobody\""));
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        members,
        members,
        &[("handle", "bob"), ("role", "owner")],
    )
    .await;
    assert_eq!(status, 422);

    // Invite bob; he sees the invitation on his home page and accepts it.
    let handle = format!("@bob@{}", hub.domain);
    let (status, _, _) = submit(
        &mut ana,
        &hub,
        members,
        members,
        &[("handle", &handle), ("role", "editor")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, home) = bob.get(&hub.url("/")).await;
    assert!(
        home.contains("Invitation:")
            && home.contains(&format!(
                "{}/invitation/accept",
                escaped("/projects/commons_lab")
            )),
        "{home}"
    );
    let (_, visitor_page) = Browser::new(&net)
        .get(&hub.url("/projects/commons_lab"))
        .await;
    assert!(
        !visitor_page.contains(&escaped("/@bob")),
        "invitations are not public"
    );
    let (status, _, location) = submit(
        &mut bob,
        &hub,
        "/",
        "/projects/commons_lab/invitation/accept",
        &[],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/projects/commons_lab"));

    // Now bob edits the project.
    let (status, form) = bob.get(&hub.url("/projects/commons_lab/edit")).await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"Commons Lab\"") && form.contains("value=\"2025-01-15\""));
    assert!(!form.contains("/delete\""), "editors cannot delete");
    let mut fields: Vec<_> = PROJECT
        .iter()
        .filter(|(k, _)| *k != "name" && *k != "handle")
        .copied()
        .collect();
    fields.push(("name", "Commons Lab Lyon"));
    let edit = "/projects/commons_lab/edit";
    let (status, body, _) = submit(&mut bob, &hub, edit, edit, &fields).await;
    assert_eq!(status, 303, "{body}");
    let (_, page) = bob.get(&hub.url("/projects/commons_lab")).await;
    assert!(page.contains("Commons Lab Lyon") && page.contains("Changes saved."));
    assert!(page.contains(&escaped("/@bob")) && page.contains("Editor"));
    let token = csrf(&page);
    let (status, _, _, _) = bob
        .post(
            &hub.url("/projects/commons_lab/delete"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(status, 403, "only admins delete");

    // The last admin cannot leave; after making bob an admin, ana can.
    let remove_ana = format!("{members}/{ana_id}/remove");
    let (status, body, _) = submit(&mut ana, &hub, members, &remove_ana, &[]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("The last administrator cannot leave"),
        "{body}"
    );
    let role_bob = format!("{members}/{bob_id}/role");
    let (status, _, _) = submit(&mut ana, &hub, members, &role_bob, &[("role", "admin")]).await;
    assert_eq!(status, 303);
    let (status, _, location) = submit(&mut ana, &hub, members, &remove_ana, &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/projects/commons_lab"));
    let (status, _) = ana.get(&hub.url("/projects/commons_lab/edit")).await;
    assert_eq!(status, 403);
    let (_, home) = ana.get(&hub.url("/")).await;
    // Her own list; the hub's newest entries, further down, list every entry.
    let start = home.find("id=\"my-entries\"").expect("my entries");
    let mine = &home[start..start + home[start..].find("</section>").unwrap()];
    assert!(!mine.contains("Commons Lab Lyon") && mine.contains("Green Fund"));
}

#[tokio::test]
async fn updates_and_delete() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    create_both(&mut ana, &hub).await;
    let page = "/projects/commons_lab";
    let updates = "/projects/commons_lab/updates";

    let (status, body, _) = submit(&mut ana, &hub, page, updates, &[("content", "  ")]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Write something before publishing.")
            && body.contains("id=\"update-content-error\"")
    );
    let (status, _, location) = submit(
        &mut ana,
        &hub,
        page,
        updates,
        &[
            ("title", "Pilot starts"),
            ("content", "The pilot starts in **March**."),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/projects/commons_lab#updates"));
    let mut visitor = Browser::new(&net);
    let (_, html) = visitor.get(&hub.url(page)).await;
    assert!(html.contains("Updates (1)"), "{html}");
    assert!(html.contains("Pilot starts") && html.contains("<strong>March</strong>"));
    assert!(!html.contains("action=\"/projects/commons_lab/updates\""));
    // Strangers cannot post as the project.
    let mut bob = member(&net, &hub, "bob").await;
    let (status, _, _) = submit(&mut bob, &hub, page, updates, &[("content", "spam")]).await;
    assert_eq!(status, 403);

    // The admin deletes the project: its page and actor are gone.
    let (_, edit) = ana.get(&hub.url("/projects/commons_lab/edit")).await;
    assert!(edit.contains("Delete Commons Lab for good"));
    let (status, _, location) = submit(
        &mut ana,
        &hub,
        "/projects/commons_lab/edit",
        "/projects/commons_lab/delete",
        &[],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/"));
    let (status, _) = visitor.get(&hub.url(page)).await;
    assert!(status == 404 || status == 410, "{status}");
    let (status, _) = actor_json(&net, &hub.url(page)).await;
    assert!(status == 404 || status == 410, "{status}");
    let (status, _) = ana.get(&hub.url("/projects/commons_lab/edit")).await;
    assert_eq!(status, 404);
}
