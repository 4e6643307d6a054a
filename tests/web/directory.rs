//! The directory page: listing with counts, facet links that narrow and un-narrow, full
//! text, remote entries with their origin, refused filters (400, translated), export links
//! and pages that keep the filters, French, and the create links for members.

use crate::harness::browser::{log_in, Browser};
use crate::harness::{Hub, Network};
use reqwest::StatusCode;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::entry::{DirectoryEntry, KIND_ORGANISATION, KIND_PROJECT};
use tessera::services::entries::{self, EntryInput};

use crate::harness::entries::list;

/// kind | handle | name | country | status or organisation type | themes | expertise |
/// summary | description. The last one is remote.
const ENTRIES: [&str; 6] = [
    "project|lisboa_food|Lisboa Food Commons|pt|active|food-environment-climate||Community gardens and shared kitchens.|",
    "project|saude_aberta|Saúde Aberta|PT|idea|health-care||Open health records for clinics.|",
    "project|berlin_data|Berlin Open Data Lab|DE|active|digital-democracy||Open data for the city.|Civic hackers meet every Tuesday.",
    "project|care_bot|Care Bot|FR|scaling|health-care,food-environment-climate|||",
    "organisation|euro_fund|Euro Impact Fund|BE|funder|finance-economy|funding|We fund social innovation.|",
    "organisation|mentors|Remote Mentors|FR|support-organisation||mentoring||",
];

const ALL_BY_NAME: [&str; 6] = [
    "Berlin Open Data Lab",
    "Care Bot",
    "Euro Impact Fund",
    "Lisboa Food Commons",
    "Remote Mentors",
    "Saúde Aberta",
];

fn input(line: &str) -> (&'static str, EntryInput) {
    let f: Vec<&str> = line.split('|').collect();
    let project = f[0] == "project";
    let input = EntryInput {
        handle: f[1].into(),
        name: f[2].into(),
        country: Some(f[3].into()),
        status: project.then(|| f[4].into()),
        org_type: (!project).then(|| f[4].into()),
        themes: list(f[5]),
        expertise: list(f[6]),
        summary: f[7].into(),
        description: f[8].into(),
        ..Default::default()
    };
    let kind = if project {
        KIND_PROJECT
    } else {
        KIND_ORGANISATION
    };
    (kind, input)
}

/// A remote entry as the federation code stores one, with HTML in its summary.
async fn remote(hub: &Hub, kind: &str, input: EntryInput) {
    let valid = entries::validate(kind, &input).expect("valid remote entry");
    let id = format!("https://far.example/{}", input.handle);
    let form = ActorForm {
        ap_id: id.clone(),
        kind: entries::actor_type(kind).into(),
        username: input.handle.clone(),
        domain: "far.example".into(),
        display_name: input.name.clone(),
        summary: "<p>Mentors <b>from afar</b>.</p><script>alert(1)</script>".into(),
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
}

/// A hub with the entries above: five local, one remote.
pub(super) async fn hub_with_entries(net: &mut Network) -> Hub {
    let hub = net.start_hub("hub-a.test").await;
    let user = hub.create_user("curator").await;
    for line in &ENTRIES[..5] {
        let (kind, input) = input(line);
        entries::create(&hub.ctx, &user, kind, input)
            .await
            .expect("create entry");
    }
    let (kind, input) = input(ENTRIES[5]);
    remote(&hub, kind, input).await;
    hub
}

/// The page with the template's escapes undone, to compare text and links.
pub(super) fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub(super) async fn open(b: &mut Browser, hub: &Hub, path: &str) -> String {
    let (status, html) = b.get(&hub.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    unescape(&html)
}

/// The part of `html` from `start` to the next `end` (empty if absent).
pub(super) fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let Some(i) = html.find(start) else {
        return "";
    };
    let rest = &html[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = text.find(start)? + start.len();
    let rest = &text[i..];
    Some(&rest[..rest.find(end)?])
}

/// The names on the result cards, in order.
fn names(html: &str) -> Vec<String> {
    part(html, "<ol class=\"directory-list\">", "</ol>")
        .split("<h3><a href=\"")
        .skip(1)
        .filter_map(|card| between(card, "\">", "</a>").map(str::to_string))
        .collect()
}

/// The result card of `name`.
fn card<'a>(html: &'a str, name: &str) -> &'a str {
    let cards = part(html, "<ol class=\"directory-list\">", "</ol>");
    cards
        .split("<li class=\"directory-card\">")
        .find(|c| c.contains(&format!("\">{name}</a></h3>")))
        .unwrap_or_else(|| panic!("no card for {name}: {cards}"))
}

/// The link and count of a facet value in the filters.
fn facet(html: &str, label: &str) -> Option<(String, i64)> {
    let item = part(html, "<aside", "</aside>")
        .split("<li")
        .find(|li| li.contains(&format!("{label}</a>")) || li.contains(&format!("{label}<span")))?;
    let href = between(item, "href=\"", "\"")?.to_string();
    let count = between(item, "<span class=\"count\">", "</span>")?;
    Some((href, count.parse().unwrap()))
}

/// The link that removes the active filter `label`.
fn chip(html: &str, label: &str) -> Option<String> {
    part(html, "<section class=\"directory-active\"", "</section>")
        .split("<li>")
        .find(|li| li.contains(&format!("{label} ×")))
        .and_then(|li| between(li, "href=\"", "\"").map(str::to_string))
}

fn href_of<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let i = html.find(marker)?;
    between(&html[i..], "href=\"", "\"")
}

#[tokio::test]
async fn lists_entries_with_counts_origins_and_links() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let mut visitor = Browser::new(&net);

    // The navigation leads there, for visitors too.
    let home = open(&mut visitor, &hub, "/").await;
    assert!(
        home.contains("<a href=\"/directory\">Directory</a>"),
        "{home}"
    );

    let raw = visitor.get(&hub.url("/directory")).await.1;
    let html = unescape(&raw);
    assert!(html.contains("<h1>Directory</h1>"));
    assert!(html.contains("6 entries found"), "{html}");
    assert_eq!(names(&html), ALL_BY_NAME);
    assert_eq!(facet(&html, "Project").unwrap().1, 4);
    assert_eq!(facet(&html, "Organisation").unwrap().1, 2);
    assert_eq!(facet(&html, "Health and care").unwrap().1, 2);
    assert_eq!(facet(&html, "Food, environment and climate").unwrap().1, 2);
    assert_eq!(facet(&html, "Portugal").unwrap().1, 2);
    assert_eq!(facet(&html, "Funder").unwrap().1, 1);
    assert_eq!(facet(&html, "Idea").unwrap().1, 1);
    // Free tags as they are.
    assert_eq!(facet(&html, "mentoring").unwrap().1, 1);
    assert!(facet(&html, "Volunteers").is_none());

    // Local entries link to their page; the remote one to its page here, with its origin.
    let lisboa = card(&html, "Lisboa Food Commons");
    assert!(
        lisboa.contains("href=\"/projects/lisboa_food\""),
        "{lisboa}"
    );
    assert!(lisboa.contains("On this hub"));
    assert!(lisboa.contains("Community gardens and shared kitchens."));
    assert!(lisboa.contains("Portugal"));
    assert!(lisboa.contains("Status: Active"));
    assert!(lisboa.contains("<li class=\"badge theme\">Food, environment and climate</li>"));
    let fund = card(&html, "Euro Impact Fund");
    assert!(fund.contains("href=\"/organisations/euro_fund\""));
    assert!(fund.contains(">Funder</li>") && fund.contains("Belgium"));
    let mentors = card(&html, "Remote Mentors");
    assert!(
        mentors.contains("href=\"/@mentors@far.example\""),
        "{mentors}"
    );
    assert!(mentors.contains("From far.example"));
    assert!(!mentors.contains("On this hub"));
    assert!(mentors.contains("Support organisation"));
    // Its HTML summary is shown as text; the script is gone, not escaped.
    assert!(mentors.contains("Mentors from afar."), "{mentors}");
    assert!(!raw.contains("alert(1)"));
    assert!(!raw.contains("<b>from afar"));

    // No filters: the exports of everything, and no create links for visitors.
    assert_eq!(
        href_of(&html, "Download every entry"),
        Some("/api/v1/directory.csv")
    );
    assert!(html.contains("href=\"/api/v1/directory.json\""));
    assert!(!html.contains("href=\"/projects/new\""));
    assert!(!html.contains("directory-active"));

    // "Only this hub" leaves the remote entry out and can be removed like a filter.
    let local = open(&mut visitor, &hub, "/directory?local=on").await;
    assert!(local.contains("5 entries found"));
    assert!(!names(&local).contains(&"Remote Mentors".to_string()));
    assert!(local.contains("name=\"local\" value=\"true\" checked"));
    assert_eq!(chip(&local, "Only this hub").as_deref(), Some("/directory"));

    // Members get the links to add a project or an organisation.
    hub.create_user("ana").await;
    let mut ana = Browser::new(&net);
    let (status, _, _) = log_in(&mut ana, &hub, "ana", "correct horse battery").await;
    assert_eq!(status, 303);
    let html = open(&mut ana, &hub, "/directory").await;
    assert!(html.contains("href=\"/projects/new\">Add a project</a>"));
    assert!(html.contains("href=\"/organisations/new\">Add an organisation</a>"));
    assert!(html.contains("<a href=\"/directory\">Directory</a>"));
}

#[tokio::test]
async fn facet_links_narrow_and_active_filters_remove() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let mut b = Browser::new(&net);
    let html = open(&mut b, &hub, "/directory").await;

    let (health, _) = facet(&html, "Health and care").unwrap();
    assert_eq!(health, "/directory?theme=health-care");
    let html = open(&mut b, &hub, &health).await;
    assert_eq!(names(&html), ["Care Bot", "Saúde Aberta"]);
    assert!(html.contains("2 entries found"));
    // Other facets count within the filter; the theme facet ignores its own filter.
    assert_eq!(facet(&html, "Portugal").unwrap().1, 1);
    assert_eq!(facet(&html, "France").unwrap().1, 1);
    assert!(facet(&html, "Belgium").is_none());
    assert_eq!(facet(&html, "Food, environment and climate").unwrap().1, 2);
    assert!(html.contains("<li class=\"active\">"));
    assert!(html.contains("Remove the filter Theme: Health and care"));
    // Chosen again, the value's link removes it.
    assert_eq!(facet(&html, "Health and care").unwrap().0, "/directory");
    // The search box keeps the filter.
    assert!(html.contains("<input type=\"hidden\" name=\"theme\" value=\"health-care\">"));

    let (portugal, count) = facet(&html, "Portugal").unwrap();
    assert_eq!(count, 1);
    assert_eq!(portugal, "/directory?theme=health-care&country=PT");
    let html = open(&mut b, &hub, &portugal).await;
    assert_eq!(names(&html), ["Saúde Aberta"]);
    assert!(html.contains("One entry found"));

    // Removing the theme keeps the country; clearing keeps nothing.
    let without_theme = chip(&html, "Theme: Health and care").unwrap();
    assert_eq!(without_theme, "/directory?country=PT");
    assert_eq!(
        chip(&html, "Country: Portugal").as_deref(),
        Some("/directory?theme=health-care")
    );
    let html = open(&mut b, &hub, &without_theme).await;
    assert_eq!(names(&html), ["Lisboa Food Commons", "Saúde Aberta"]);
    let clear = href_of(&html, "class=\"clear-all\"").unwrap().to_string();
    assert_eq!(clear, "/directory");

    // One kind at a time: choosing the other replaces it. Values typed in any accepted
    // form (lower-case country, plural kind) are recognised as the facet's.
    let html = open(&mut b, &hub, "/directory?kind=projects&country=pt").await;
    assert_eq!(names(&html), ["Lisboa Food Commons", "Saúde Aberta"]);
    assert!(html.contains("Type: Project ×"));
    assert_eq!(facet(&html, "Project").unwrap().0, "/directory?country=PT");
    // No organisation in Portugal: the kind facet offers none.
    assert!(facet(&html, "Organisation").is_none());
    let html = open(&mut b, &hub, "/directory?kind=project").await;
    let (orgs, count) = facet(&html, "Organisation").unwrap();
    assert_eq!((orgs.as_str(), count), ("/directory?kind=organisation", 2));
}

#[tokio::test]
async fn full_text_search_finds_names_and_descriptions() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let mut b = Browser::new(&net);

    let html = open(&mut b, &hub, "/directory?q=gardens").await;
    assert_eq!(names(&html), ["Lisboa Food Commons"]);
    assert!(html.contains("name=\"q\" value=\"gardens\""));
    let html = open(&mut b, &hub, "/directory?q=hackers").await;
    assert_eq!(names(&html), ["Berlin Open Data Lab"]);
    // Accent-blind, and the name ranks first.
    let html = open(&mut b, &hub, "/directory?q=saude").await;
    assert_eq!(names(&html)[0], "Saúde Aberta");
    // Text and filters together; facet links keep the text.
    let html = open(&mut b, &hub, "/directory?q=open&kind=project").await;
    let mut found = names(&html);
    found.sort();
    assert_eq!(found, ["Berlin Open Data Lab", "Saúde Aberta"]);
    assert_eq!(
        facet(&html, "Germany").unwrap().0,
        "/directory?q=open&kind=project&country=DE"
    );
    // Nothing found: said so, with the way back.
    let html = open(&mut b, &hub, "/directory?q=zzzyzx").await;
    assert!(html.contains("0 entries found"));
    assert!(html.contains("No project or organisation matches this search."));
    assert!(names(&html).is_empty());
}

#[tokio::test]
async fn refused_filters_are_a_translated_400() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let mut b = Browser::new(&net);
    let english = "This address holds a filter the directory does not know";
    for bad in [
        "theme=nope",
        "page=0",
        "page=501",
        "colour=red",
        "local=maybe",
        "country=XX",
        "limit=x",
    ] {
        let (status, html) = b.get(&hub.url(&format!("/directory?q=care&{bad}"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {html}");
        let html = unescape(&html);
        assert!(html.contains(english), "{bad}: {html}");
        // The search box stays, with the text, and a way to start again.
        assert!(html.contains("name=\"q\" value=\"care\""), "{bad}");
        assert!(html.contains("<a href=\"/directory\">Start a new search</a>"));
        assert!(names(&html).is_empty());
    }
    b.lang = "fr";
    let (status, html) = b.get(&hub.url("/directory?theme=nope")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let html = unescape(&html);
    assert!(
        html.contains("Cette adresse contient un filtre que l’annuaire ne connaît pas"),
        "{html}"
    );
    assert!(html.contains("Nouvelle recherche"));
}

#[tokio::test]
async fn exports_and_pages_keep_the_filters() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let mut b = Browser::new(&net);

    // Exports: same filters, in stored form, without page or page size.
    let html = open(
        &mut b,
        &hub,
        "/directory?theme=health-care&country=pt&limit=1&local=1",
    )
    .await;
    let query = "theme=health-care&country=PT&local=true";
    let csv = format!("/api/v1/directory.csv?{query}");
    let json = format!("/api/v1/directory.json?{query}");
    assert!(html.contains(&format!("href=\"{csv}\"")), "{html}");
    assert!(html.contains(&format!("href=\"{json}\"")));
    let client = net.client();
    let body = client.get(hub.url(&csv)).send().await.unwrap();
    assert_eq!(body.status(), 200);
    let body = body.text().await.unwrap();
    assert_eq!(body.lines().count(), 2, "{body}");
    assert!(body.contains("Saúde Aberta"));
    let export: serde_json::Value = client
        .get(hub.url(&json))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(export["total"], 1);

    // Pages: one project per page, four pages, filters kept both ways.
    let html = open(&mut b, &hub, "/directory?kind=project&limit=1").await;
    assert!(html.contains("4 entries found"));
    assert!(html.contains("Page 1 of 4"));
    assert_eq!(names(&html), ["Berlin Open Data Lab"]);
    assert!(!html.contains("rel=\"prev\""));
    let next = href_of(&html, "rel=\"next\"").unwrap().to_string();
    assert_eq!(next, "/directory?kind=project&limit=1&page=2");
    let html = open(&mut b, &hub, &next).await;
    assert!(html.contains("Page 2 of 4"));
    assert_eq!(names(&html), ["Care Bot"]);
    assert_eq!(
        href_of(&html, "rel=\"prev\""),
        Some("/directory?kind=project&limit=1")
    );
    // The search form carries the page size and filter, not the page.
    assert!(html.contains("<input type=\"hidden\" name=\"limit\" value=\"1\">"));
    assert!(!html.contains("name=\"page\""));
    // Facet links start again at page 1.
    assert_eq!(
        facet(&html, "Portugal").unwrap().0,
        "/directory?kind=project&country=PT&limit=1"
    );
    let html = open(&mut b, &hub, "/directory?kind=project&limit=1&page=4").await;
    assert_eq!(names(&html), ["Saúde Aberta"]);
    assert!(!html.contains("rel=\"next\""));
    // Past the end: empty, with the way back to the last page.
    let html = open(&mut b, &hub, "/directory?kind=project&limit=1&page=9").await;
    assert!(names(&html).is_empty());
    assert_eq!(
        href_of(&html, "rel=\"prev\""),
        Some("/directory?kind=project&limit=1&page=4")
    );
}

#[tokio::test]
async fn french_page() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = hub_with_entries(&mut net).await;
    let mut b = Browser::new(&net);
    b.lang = "fr";
    let html = open(&mut b, &hub, "/directory?sdg=&theme=health-care").await;
    assert!(html.contains("<html lang=\"fr\""));
    assert!(html.contains("<a href=\"/directory\">Annuaire</a>"));
    assert!(html.contains("<h1>Annuaire</h1>"));
    assert!(html.contains("2 fiches trouvées"), "{html}");
    assert!(html.contains("Retirer le filtre Thème : Santé et soins"));
    assert!(html.contains("Retirer tous les filtres"));
    assert_eq!(
        facet(&html, "Alimentation, environnement et climat")
            .unwrap()
            .1,
        2
    );
    assert!(card(&html, "Care Bot").contains("Sur ce hub"));
    assert!(card(&html, "Care Bot").contains("État : Changement d’échelle"));
    assert!(html.contains("Télécharger en CSV"));
    let html = open(&mut b, &hub, "/directory?kind=organisation").await;
    assert!(html.contains("2 fiches trouvées"));
    assert!(card(&html, "Remote Mentors").contains("Depuis far.example"));
    assert!(card(&html, "Remote Mentors").contains("Structure d’accompagnement"));
    assert!(html.contains("Type : Organisation ×"));
    // Country names come from CLDR in the page's language, in facets and on cards.
    let html = open(&mut b, &hub, "/directory").await;
    assert!(facet(&html, "Portugal").is_some(), "{html}");
    let html = open(&mut b, &hub, "/directory?country=ee").await;
    assert!(html.contains("Pays : Estonie"), "{html}");
}

/// Facet headings are looked up by name: every facet the service counts needs one.
#[test]
fn every_facet_has_a_heading() {
    for lang in ["en", "fr"] {
        for name in tessera::services::directory::facet_names() {
            let id = format!("directory-facet-{}", name.replace('_', "-"));
            let text = tessera::i18n::translate(lang, &id, &[]);
            assert!(!text.is_empty() && text != id, "{lang}: no {id}");
        }
    }
}
