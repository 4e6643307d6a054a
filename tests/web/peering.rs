//! Peering as people see it: the hub profile and peer hubs on the admin page, the
//! federation page with its SVG map, "from <hub>" on remote items, in English and French.

use crate::harness::api::call;
use crate::harness::browser::{csrf, log_in, Browser};
use crate::harness::entries::project_body;
use crate::harness::{eventually, Hub, Network};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn open(b: &mut Browser, hub: &Hub, path: &str) -> String {
    let (status, html) = b.get(&hub.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    unescape(&html)
}

async fn admin(net: &Network, hub: &Hub, name: &str) -> Browser {
    hub.create_admin(name).await;
    let mut b = Browser::new(net);
    let (status, _, _) = log_in(&mut b, hub, name, "correct horse battery").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    b
}

#[tokio::test]
async fn admins_edit_the_hub_profile_and_ask_to_peer() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let mut root = admin(&net, &a, "root").await;

    let page = open(&mut root, &a, "/admin").await;
    for needle in [
        "Hub profile",
        "action=\"/admin/hub\"",
        "name=\"country\"",
        "name=\"languages\"",
        "name=\"clusters\"",
        "name=\"contact\"",
        "value=\"health-care\"",
        "action=\"/admin/hub/logo\"",
        "enctype=\"multipart/form-data\"",
        "Peer hubs",
        "action=\"/admin/peers\"",
        "This hub does not peer with any other hub yet.",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }

    // A bad country: the message, and everything typed kept.
    let token = csrf(&page);
    let form = [
        ("csrf_token", token.as_str()),
        ("country", "XX"),
        ("region", "Alentejo"),
        ("languages", "pt, en"),
        ("clusters", "Cities and urban development, Health and care"),
        ("themes", "health-care"),
        ("themes", "science"),
        ("contact", "hello@hub-a.example"),
    ];
    let (status, body, _, _) = root.post(&a.url("/admin/hub"), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = unescape(&body);
    assert!(
        body.contains("Enter a two-letter ISO 3166-1 country code"),
        "{body}"
    );
    for kept in [
        "value=\"XX\"",
        "value=\"Alentejo\"",
        "value=\"pt, en\"",
        "value=\"Cities and urban development, Health and care\"",
        "value=\"hello@hub-a.example\"",
    ] {
        assert!(body.contains(kept), "{kept} not kept");
    }
    assert!(
        body.contains("value=\"science\" checked"),
        "themes not kept"
    );

    // A good one is saved and shown again.
    let mut good = form;
    good[1] = ("country", "pt");
    let (status, _, _, location) = root.post(&a.url("/admin/hub"), &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.unwrap_or_default().starts_with("/admin"));
    let page = open(&mut root, &a, "/admin").await;
    assert!(page.contains("Hub profile saved."));
    assert!(page.contains("value=\"PT\""), "country saved upper case");
    assert!(page.contains("value=\"health-care\" checked"));
    let (_, instance) = call(&net.client(), &a, None, Method::GET, "/instance", None).await;
    assert_eq!(instance["profile"]["region"], "Alentejo");

    // Asking to peer with ourselves or with nonsense: the message, the domain kept.
    let token = csrf(&page);
    for (domain, message) in [
        (a.domain.as_str(), "That is this hub's own domain."),
        ("not a domain!", "Enter the domain of a hub"),
    ] {
        let form = [("csrf_token", token.as_str()), ("domain", domain)];
        let (status, body, _, _) = root.post(&a.url("/admin/peers"), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{domain}");
        let body = unescape(&body);
        assert!(body.contains(message), "{domain}: {body}");
        assert!(
            body.contains(&format!("value=\"{domain}\"")),
            "{domain} not kept"
        );
    }
    // Without the token: refused.
    let (status, _, _, _) = root
        .post(&a.url("/admin/peers"), &[("domain", "hub-b.test")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Members who are not admins do not get the page or its forms.
    a.create_user("ana").await;
    let mut ana = Browser::new(&net);
    log_in(&mut ana, &a, "ana", "correct horse battery").await;
    let (status, _) = ana.get(&a.url("/admin")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, home) = ana.get(&a.url("/")).await;
    let form = [("csrf_token", csrf(&home)), ("country", "EE".to_string())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, _, _) = ana.post(&a.url("/admin/hub"), &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // In French.
    let mut fr = Browser::new(&net);
    fr.lang = "fr";
    log_in(&mut fr, &a, "root", "correct horse battery").await;
    let page = open(&mut fr, &a, "/admin").await;
    assert!(
        page.contains("Profil du hub") && page.contains("Hubs pairs"),
        "{page}"
    );
    assert!(page.contains("Demander l'appairage"));
}

#[tokio::test]
async fn peered_hubs_show_on_the_map_and_on_their_items() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net
        .start_hub_with("hub-b.test", |c| c.instance.name = "Bravo Hub".into())
        .await;
    let client = net.client();
    a.create_admin("root").await;
    b.create_admin("boss").await;
    b.create_user("ben").await;
    let (root, boss, ben) = (
        a.token("root").await,
        b.token("boss").await,
        b.token("ben").await,
    );
    let profile = json!({"country": "PT"});
    let (status, _) = call(
        &client,
        &a,
        Some(&root),
        Method::PATCH,
        "/instance/profile",
        Some(profile),
    )
    .await;
    assert_eq!(status, 200);
    let profile = json!({"country": "EE", "region": "Harjumaa"});
    let (status, _) = call(
        &client,
        &b,
        Some(&boss),
        Method::PATCH,
        "/instance/profile",
        Some(profile),
    )
    .await;
    assert_eq!(status, 200);
    let mut project = project_body();
    project["handle"] = json!("tallinn_bikes");
    project["name"] = json!("Tallinn Bikes");
    let (status, body) = call(
        &client,
        &b,
        Some(&ben),
        Method::POST,
        "/projects",
        Some(project),
    )
    .await;
    assert_eq!(status, 201, "{body}");

    // Before peering: the page says so, the map is there all the same.
    let mut visitor = Browser::new(&net);
    let page = open(&mut visitor, &a, "/federation").await;
    assert!(page.contains("Federation at a glance"));
    assert!(page.contains("This hub does not peer with any other hub yet."));
    assert!(page.contains("<svg") && page.contains("data-country=\"EE\" data-items=\"0\""));
    let home = open(&mut visitor, &a, "/").await;
    assert!(
        home.contains("href=\"/federation\""),
        "no link to the federation page"
    );

    // A peers with B through the API (B accepts at once).
    let body = json!({ "domain": net.domain("hub-b.test") });
    let (status, peer) = call(
        &client,
        &a,
        Some(&root),
        Method::POST,
        "/admin/peers",
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{peer}");
    eventually("A lists B as active", || {
        is_active(&client, &a, &root, &b.domain)
    })
    .await;
    eventually("B lists A as active", || {
        is_active(&client, &b, &boss, &a.domain)
    })
    .await;

    // The project reaches A; its card says where it comes from, by the hub's name.
    eventually("B's project in A's directory", || async {
        let (_, html) = Browser::new(&net).get(&a.url("/directory?q=Tallinn")).await;
        html.contains("Tallinn Bikes")
    })
    .await;
    let directory = open(&mut visitor, &a, "/directory?q=Tallinn").await;
    assert!(directory.contains("From Bravo Hub"), "{directory}");
    let profile = open(&mut visitor, &a, &format!("/@tallinn_bikes@{}", b.domain)).await;
    assert!(profile.contains("from Bravo Hub"), "{profile}");

    // The federation page: B's tile shaded, A's country outlined, B in the table.
    let page = open(&mut visitor, &a, "/federation").await;
    let svg_start = page.find("<svg").expect("an svg");
    let svg = &page[svg_start..page[svg_start..].find("</svg>").unwrap() + svg_start];
    assert!(svg.contains("<title id=\"map-title\">") && svg.contains("<desc id=\"map-desc\">"));
    assert!(svg.contains("role=\"img\""));
    for code in [
        "FR", "DE", "NO", "IS", "CH", "GB", "UA", "MD", "RS", "BA", "ME", "MK", "AL", "XK", "TR",
    ] {
        assert!(
            svg.contains(&format!("data-country=\"{code}\"")),
            "{code} tile missing"
        );
    }
    assert!(
        svg.contains("class=\"tile level-0 own\" data-country=\"PT\""),
        "{svg}"
    );
    assert!(
        !svg.contains("data-country=\"EE\" data-items=\"0\""),
        "EE not shaded: {svg}"
    );
    assert!(svg.contains("Estonia: "), "tile label");
    assert!(page.contains("class=\"bar-chart\""));
    assert!(page.contains("<tr data-country=\"EE\">"));
    assert!(page.contains("Bravo Hub"));

    // The admin page lists B with its state and items.
    let mut admin_a = Browser::new(&net);
    log_in(&mut admin_a, &a, "root", "correct horse battery").await;
    let page = open(&mut admin_a, &a, "/admin").await;
    assert!(page.contains(&format!("data-host=\"{}\" data-state=\"active\"", b.domain)));
    assert!(page.contains("Bravo Hub") && page.contains("Estonia"));
    assert!(page.contains(&format!("action=\"/admin/peers/{}/unpeer\"", b.domain)));
    assert!(page.contains("Also remove this hub's entries"));

    // In French.
    let mut fr = Browser::new(&net);
    fr.lang = "fr";
    let page = open(&mut fr, &a, "/federation").await;
    assert!(page.contains("La fédération en un coup d'œil"), "{page}");
    assert!(page.contains("Estonie") && page.contains("Éléments par pays"));
    let directory = open(&mut fr, &a, "/directory?q=Tallinn").await;
    assert!(directory.contains("Depuis Bravo Hub"), "{directory}");

    // Unpeering from the admin page, removing B's entries.
    let token = csrf(&open(&mut admin_a, &a, "/admin").await);
    let path = format!("/admin/peers/{}/unpeer", b.domain);
    let form = [("csrf_token", token.as_str()), ("remove_entries", "true")];
    let (status, _, _, _) = admin_a.post(&a.url(&path), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = open(&mut admin_a, &a, "/admin").await;
    assert!(page.contains("Peering ended."));
    assert!(page.contains(&format!("data-host=\"{}\" data-state=\"ended\"", b.domain)));
    let directory = open(&mut visitor, &a, "/directory?q=Tallinn").await;
    assert!(!directory.contains("Tallinn Bikes"), "entries not removed");
}

async fn is_active(client: &reqwest::Client, hub: &Hub, token: &str, other: &str) -> bool {
    let (_, list) = call(client, hub, Some(token), Method::GET, "/admin/peers", None).await;
    list.as_array().is_some_and(|l| {
        l.iter()
            .any(|p| p["host"] == other && p["state"] == "active")
    })
}
