//! One search for everything: stems and accents in several languages, on each kind
//! (directory, communities, events, threads, people), counts per kind, a kind's own list,
//! prefixes while typing, hidden and deleted things left out, refused input, and the index
//! written again from the rows at start.

use crate::harness::browser::Browser;
use crate::harness::communities::{input, text};
use crate::harness::events;
use crate::harness::{Hub, Network};
use reqwest::StatusCode;
use serde_json::json;
use tessera::services::entries::{self, EntryInput};
use tessera::services::{communities, threads};

/// The names of the results in the section of `kind`, in order.
fn names(html: &str, kind: &str) -> Vec<String> {
    let start = format!("id=\"results-{kind}\"");
    let Some(i) = html.find(&start) else {
        return Vec::new();
    };
    let section = &html[i..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("class=\"result-name\">")
        .skip(1)
        .filter_map(|s| s.split_once("</a>").map(|(n, _)| n.to_string()))
        .collect()
}

/// The count shown on the tab of `label`.
fn tab_count(html: &str, kind: &str) -> Option<i64> {
    let i = html.find(&format!("kind={kind}\""))?;
    let rest = &html[i..];
    let start = rest.find("<span class=\"count\">")? + "<span class=\"count\">".len();
    rest[start..].split('<').next()?.parse().ok()
}

async fn search(b: &mut Browser, hub: &Hub, q: &str) -> String {
    let url = format!("/search?q={}", urlencode(q));
    let (status, html) = b.get(&hub.url(&url)).await;
    assert_eq!(status, StatusCode::OK, "{q}: {html}");
    html
}

fn urlencode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

async fn entry(
    hub: &Hub,
    user: &tessera::db::models::user::User,
    kind: &str,
    handle: &str,
    name: &str,
    summary: &str,
    language: &str,
) {
    let input = EntryInput {
        handle: handle.into(),
        name: name.into(),
        country: Some("ee".into()),
        status: (kind == "project").then(|| "active".into()),
        org_type: (kind == "organisation").then(|| "ngo-association".into()),
        summary: summary.into(),
        languages: vec![language.into()],
        ..Default::default()
    };
    entries::create(&hub.ctx, user, kind, input)
        .await
        .expect("entry");
}

#[tokio::test]
async fn one_search_finds_every_kind_by_stems_and_accents() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let ana = hub.create_user("ana").await;
    entry(
        &hub,
        &ana,
        "organisation",
        "kopli",
        "Kopli Gardens Association",
        "Neighbours grow food together.",
        "en",
    )
    .await;
    entry(
        &hub,
        &ana,
        "project",
        "roofs",
        "Green Roofs Tallinn",
        "Social innovations on every roof top.",
        "en",
    )
    .await;
    entry(
        &hub,
        &ana,
        "project",
        "sante",
        "Maison de la Santé",
        "Des soins de proximité.",
        "fr",
    )
    .await;
    entry(
        &hub,
        &ana,
        "project",
        "huertos",
        "Huertos urbanos de Sevilla",
        "Cultivamos juntos.",
        "es",
    )
    .await;

    communities::create(&hub.ctx, &ana, input("gardening"))
        .await
        .expect("community");
    let handle = format!("gardening@{}", hub.domain);
    threads::create_thread(
        &hub.ctx,
        &ana,
        &handle,
        text(
            "Composting in shared gardens",
            "Who runs a compost heap?",
            "en",
        ),
    )
    .await
    .expect("thread");
    let deleted = threads::create_thread(
        &hub.ctx,
        &ana,
        &handle,
        text("Gardens of the past", "Deleted later.", "en"),
    )
    .await
    .expect("thread");
    threads::delete(&hub.ctx, &ana, deleted.id)
        .await
        .expect("delete thread");
    let client = net.client();
    let token = hub.token("ana").await;
    events::create(
        &client,
        &hub,
        &token,
        json!({"title": "Garden work day", "description": "Planting **roofs** and beds.", "language": "en"}),
    )
    .await;

    let mut b = Browser::new(&net);
    // Plural, singular, accents, another language, every kind at once.
    let html = search(&mut b, &hub, "garden").await;
    assert_eq!(
        names(&html, "entries"),
        ["Kopli Gardens Association"],
        "{html}"
    );
    assert_eq!(names(&html, "threads"), ["Composting in shared gardens"]);
    assert_eq!(names(&html, "events"), ["Garden work day"]);
    assert_eq!(tab_count(&html, "entries"), Some(1));
    assert_eq!(
        tab_count(&html, "threads"),
        Some(1),
        "the deleted thread is not counted"
    );
    let html = search(&mut b, &hub, "roof").await;
    assert_eq!(names(&html, "entries"), ["Green Roofs Tallinn"]);
    assert_eq!(names(&html, "events"), ["Garden work day"]);
    let html = search(&mut b, &hub, "innovation").await;
    assert_eq!(names(&html, "entries"), ["Green Roofs Tallinn"]);
    let html = search(&mut b, &hub, "sante").await;
    assert_eq!(names(&html, "entries"), ["Maison de la Santé"]);
    let html = search(&mut b, &hub, "huerto").await;
    assert_eq!(names(&html, "entries"), ["Huertos urbanos de Sevilla"]);
    let html = search(&mut b, &hub, "Cities and urban").await;
    assert_eq!(
        names(&html, "communities"),
        ["Cities and urban development"]
    );
    let html = search(&mut b, &hub, "ana").await;
    assert!(
        names(&html, "people").contains(&"ana".to_string()),
        "{html}"
    );
    // The last word is a prefix while typing; a word that is nowhere finds nothing.
    let html = search(&mut b, &hub, "kopli gard").await;
    assert_eq!(names(&html, "entries"), ["Kopli Gardens Association"]);
    let html = search(&mut b, &hub, "zeppelin").await;
    assert!(html.contains("Nothing found"), "{html}");

    // One kind's own list, and refused input.
    let (status, html) = b.get(&hub.url("/search?q=garden&kind=threads")).await;
    assert_eq!(status, 200);
    assert_eq!(names(&html, "threads"), ["Composting in shared gardens"]);
    assert!(names(&html, "entries").is_empty());
    let (status, _) = b.get(&hub.url("/search?q=garden&kind=spaceships")).await;
    assert_eq!(status, 400);
    let long = "a".repeat(201);
    let (status, _) = b.get(&hub.url(&format!("/search?q={long}"))).await;
    assert_eq!(status, 400);
    // Syntax of either backend is only text.
    let html = search(&mut b, &hub, "\"garden\" OR NEAR(x) col:val -roof'; DROP").await;
    assert!(names(&html, "entries").is_empty());
    // Visitors are told to log in to look up an address elsewhere.
    let (status, html) = b
        .get(&hub.url("/search?q=@someone@elsewhere.example"))
        .await;
    assert_eq!(status, 404);
    assert!(html.contains("Log in to look up"), "{html}");
}

#[tokio::test]
async fn indexes_are_written_again_from_the_rows_when_stale() {
    use tessera::db::models::instance_setting::InstanceSetting;
    use tessera::db::models::search_index::ensure_current;
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let ana = hub.create_user("ana").await;
    entry(
        &hub,
        &ana,
        "organisation",
        "kopli",
        "Kopli Gardens Association",
        "",
        "en",
    )
    .await;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    assert!(
        !ensure_current(&mut conn).await.unwrap(),
        "current after start"
    );
    // As a hub upgraded from a version without stems finds it.
    InstanceSetting::set(&mut conn, "search_index_version", "0")
        .await
        .unwrap();
    tessera::db::models::search_index::clear(&mut conn)
        .await
        .unwrap();
    let mut b = Browser::new(&net);
    let html = search(&mut b, &hub, "kopli").await;
    assert!(names(&html, "entries").is_empty(), "cleared");
    assert!(ensure_current(&mut conn).await.unwrap());
    drop(conn);
    let html = search(&mut b, &hub, "kopli").await;
    assert_eq!(names(&html, "entries"), ["Kopli Gardens Association"]);
    let html = search(&mut b, &hub, "garden").await;
    assert_eq!(names(&html, "entries"), ["Kopli Gardens Association"]);
    assert!(names(&html, "people").is_empty());
    let html = search(&mut b, &hub, "ana").await;
    assert_eq!(names(&html, "people"), ["ana"]);
}
