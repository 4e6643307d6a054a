//! The public directory: filters (AND across facets, OR within one), facet counts that
//! ignore their own facet's filter, accent- and case-blind full text with names ranked
//! first, pages, who can help an organisation, CSV and JSON exports, refused filters, and
//! deleted or undiscoverable entries staying out.

use crate::harness::entries::list;
use crate::harness::{Hub, Network};
use serde_json::Value;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::entry::{DirectoryEntry, KIND_ORGANISATION, KIND_PROJECT};
use tessera::db::models::user::User;
use tessera::services::entries::{self, EntryInput};

/// kind | handle | name | country | status or organisation type | themes | expertise |
/// needs | summary | description (lists comma-separated).
const ENTRIES: [&str; 13] = [
    "project|lisboa_food|Lisboa Food Commons|pt|active|food-environment-climate|||Community gardens and shared kitchens.|",
    "project|saude_aberta|Saúde Aberta|PT|idea|health-care|||Open health records for clinics.|",
    "project|berlin_data|Berlin Open Data Lab|DE|active|digital-democracy||||",
    "project|competences|Compétences Numériques|FR|scaling|skills-learning|||Digital skills for adults.|",
    "project|malmo_climate|Malmö Climate Hub|SE|active|food-environment-climate,cities-urban-development||||",
    "project|athens_welcome|Athens Welcome|GR|completed|migration-integration||||A *commons* of housing and language classes.",
    "organisation|euro_fund|Euro Impact Fund|BE|funder|finance-economy|funding,mentoring|||",
    "organisation|legal_coop|Legal Coop, \"The Advisors\"|ES|ngo-association||legal-advice,funding,communication||Law & order\n\nfor <good> causes|",
    // Its own expertise covers one of its needs: it must not be its own helper.
    "organisation|needy_ngo|Needy NGO|IT|ngo-association||volunteers|funding,Legal Advice,volunteers||",
    "organisation|data_lab|Data Lab Research|NL|research|science|data-analysis,Legal Advice|||",
    "organisation|volunteer_net|Volunteer Network|PT|grassroots-network||volunteers|||",
    // Remote: one that helps, and one that asked not to be listed.
    "organisation|mentors|Remote Mentors|FR|support-organisation||funding,legal-advice,volunteers|||",
    "project|hidden|Hidden Project|PT|active|food-environment-climate||||",
];

fn input(line: &str) -> (&'static str, EntryInput) {
    let f: Vec<&str> = line.split('|').collect();
    let project = f[0] == "project";
    let mut input = EntryInput {
        handle: f[1].into(),
        name: f[2].into(),
        country: Some(f[3].into()),
        status: project.then(|| f[4].into()),
        org_type: (!project).then(|| f[4].into()),
        themes: list(f[5]),
        expertise: list(f[6]),
        needs: list(f[7]),
        summary: f[8].into(),
        description: f[9].into(),
        ..Default::default()
    };
    if input.handle == "lisboa_food" {
        input.technologies = list("open-source");
        input.sdgs = list("2,12");
        input.languages = list("pt,en");
    }
    if input.handle == "berlin_data" {
        input.focus = list("open-data");
        input.technologies = list("open-data-platforms");
    }
    (
        if project {
            KIND_PROJECT
        } else {
            KIND_ORGANISATION
        },
        input,
    )
}

/// A remote entry as the federation code stores one (no keys of ours, a remote domain).
async fn remote(hub: &Hub, kind: &str, discoverable: bool, input: EntryInput) {
    let valid = entries::validate(kind, &input).expect("valid remote entry");
    let id = format!("https://far.example/{}", input.handle);
    let form = ActorForm {
        ap_id: id.clone(),
        kind: entries::actor_type(kind).into(),
        username: input.handle.clone(),
        domain: "far.example".into(),
        display_name: input.name.clone(),
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
        discoverable,
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

/// Six local projects, five local organisations, one remote organisation and one remote
/// project that is not discoverable (so never listed): twelve listed entries.
pub(super) async fn populate(hub: &Hub) -> User {
    let user = hub.create_user("curator").await;
    for (i, line) in ENTRIES.iter().enumerate() {
        let (kind, input) = input(line);
        if i < 11 {
            entries::create(&hub.ctx, &user, kind, input)
                .await
                .expect("create entry");
        } else {
            remote(hub, kind, input.handle != "hidden", input).await;
        }
    }
    user
}

pub(super) async fn get(client: &reqwest::Client, hub: &Hub, path_and_query: &str) -> (u16, Value) {
    let res = client
        .get(hub.url(&format!("/api/v1{path_and_query}")))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The names listed for a query (which must succeed), and the total.
async fn names(client: &reqwest::Client, hub: &Hub, query: &str) -> (Vec<String>, i64) {
    let (status, json) = get(client, hub, &format!("/directory?{query}")).await;
    assert_eq!(status, 200, "{query}: {json}");
    let names = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect();
    (names, json["total"].as_i64().unwrap())
}

fn count(json: &Value, facet: &str, value: &str) -> i64 {
    json["facets"][facet]
        .as_array()
        .unwrap_or_else(|| panic!("facet {facet} missing: {json}"))
        .iter()
        .find(|v| v["value"] == value)
        .map_or(0, |v| v["count"].as_i64().unwrap())
}

const ALL_BY_NAME: [&str; 12] = [
    "Athens Welcome",
    "Berlin Open Data Lab",
    "Compétences Numériques",
    "Data Lab Research",
    "Euro Impact Fund",
    "Legal Coop, \"The Advisors\"",
    "Lisboa Food Commons",
    "Malmö Climate Hub",
    "Needy NGO",
    "Remote Mentors",
    "Saúde Aberta",
    "Volunteer Network",
];

#[tokio::test]
async fn filters_facets_and_pages() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    populate(&hub).await;
    let c = net.client();

    // No token needed; everything discoverable, by name.
    let (all, total) = names(&c, &hub, "").await;
    assert_eq!(all, ALL_BY_NAME);
    assert_eq!(total, 12);

    assert_eq!(names(&c, &hub, "kind=project").await.1, 6);
    assert_eq!(names(&c, &hub, "kind=organisation").await.1, 6);
    assert_eq!(names(&c, &hub, "local=true").await.1, 11);
    assert_eq!(
        names(&c, &hub, "country=pt").await.0,
        ["Lisboa Food Commons", "Saúde Aberta", "Volunteer Network"]
    );
    let food = "theme=food-environment-climate";
    assert_eq!(
        names(&c, &hub, food).await.0,
        ["Lisboa Food Commons", "Malmö Climate Hub"]
    );
    assert_eq!(
        names(&c, &hub, &format!("{food}&country=PT")).await.0,
        ["Lisboa Food Commons"]
    );
    // Two values of one facet: either; two facets: both.
    assert_eq!(
        names(&c, &hub, &format!("{food}&theme=health-care"))
            .await
            .0,
        ["Lisboa Food Commons", "Malmö Climate Hub", "Saúde Aberta"]
    );
    assert_eq!(
        names(&c, &hub, &format!("{food}&theme=health-care&status=idea"))
            .await
            .0,
        ["Saúde Aberta"]
    );
    assert_eq!(
        names(&c, &hub, "expertise=legal-advice").await.0,
        [
            "Data Lab Research",
            "Legal Coop, \"The Advisors\"",
            "Remote Mentors"
        ]
    );
    assert_eq!(
        names(&c, &hub, "expertise=legal-advice&local=1").await.0,
        ["Data Lab Research", "Legal Coop, \"The Advisors\""]
    );
    // Free tags are normalised as entries store them.
    assert_eq!(
        names(&c, &hub, "need=Legal%20Advice").await.0,
        ["Needy NGO"]
    );
    assert_eq!(
        names(&c, &hub, "sdg=12&language=pt&technology=open-source")
            .await
            .1,
        1
    );
    assert_eq!(
        names(&c, &hub, "org_type=funder&org_type=research").await.1,
        2
    );

    // Facet counts over everything listed.
    let (_, json) = get(&c, &hub, "/directory").await;
    assert_eq!(count(&json, "kind", "project"), 6);
    assert_eq!(count(&json, "kind", "organisation"), 6);
    assert_eq!(count(&json, "country", "PT"), 3);
    assert_eq!(count(&json, "country", "FR"), 2);
    assert_eq!(count(&json, "status", "active"), 3);
    assert_eq!(count(&json, "org_type", "ngo-association"), 2);
    assert_eq!(count(&json, "expertise", "funding"), 3);
    assert_eq!(count(&json, "theme", "food-environment-climate"), 2);
    assert_eq!(json["facets"]["need"][0]["count"], 1);
    assert!(json["facets"]["focus"].is_array());
    // A facet's counts ignore its own filter and obey the others.
    let (_, json) = get(&c, &hub, &format!("/directory?{food}")).await;
    assert_eq!(json["total"], 2);
    assert_eq!(count(&json, "theme", "health-care"), 1);
    assert_eq!(count(&json, "theme", "food-environment-climate"), 2);
    assert_eq!(count(&json, "country", "PT"), 1);
    assert_eq!(count(&json, "country", "SE"), 1);
    assert_eq!(count(&json, "country", "FR"), 0);
    assert_eq!(count(&json, "kind", "organisation"), 0);
    let (_, json) = get(&c, &hub, &format!("/directory?{food}&country=SE")).await;
    assert_eq!(
        count(&json, "country", "PT"),
        1,
        "country counts ignore the country filter"
    );
    assert_eq!(count(&json, "theme", "food-environment-climate"), 1);
    assert_eq!(count(&json, "theme", "cities-urban-development"), 1);

    // Pages cover the list once, in order; totals stay; limits are clamped.
    let mut paged = Vec::new();
    for page in 1..=3 {
        let (items, total) = names(&c, &hub, &format!("limit=5&page={page}")).await;
        assert_eq!(total, 12);
        assert_eq!(items.len(), if page < 3 { 5 } else { 2 });
        paged.extend(items);
    }
    assert_eq!(paged, ALL_BY_NAME);
    let (items, total) = names(&c, &hub, "limit=5&page=4").await;
    assert!(items.is_empty());
    assert_eq!(total, 12);
    let (_, json) = get(&c, &hub, "/directory?limit=1000").await;
    assert_eq!(json["limit"], 100);
    assert_eq!(json["page"], 1);

    // The view of an entry.
    let (_, json) = get(&c, &hub, "/directory?q=lisboa").await;
    let item = &json["items"][0];
    assert_eq!(item["handle"], format!("@lisboa_food@{}", hub.domain));
    assert_eq!(item["kind"], "project");
    assert_eq!(item["local"], true);
    assert_eq!(item["country"], "PT");
    assert_eq!(item["sdgs"], serde_json::json!(["12", "2"]));
    assert_eq!(item["languages"], serde_json::json!(["en", "pt"]));
    assert!(item.get("private_key_pem").is_none() && item.get("actor_id").is_none());
}

#[tokio::test]
async fn full_text_is_case_and_accent_blind_and_ranks_names_first() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    populate(&hub).await;
    let c = net.client();
    for q in ["lisboa", "LISBOA", "Lisboa", "gardens%20kitchens"] {
        assert_eq!(
            names(&c, &hub, &format!("q={q}")).await.0,
            ["Lisboa Food Commons"],
            "{q}"
        );
    }
    for q in ["saude", "Sa%C3%BAde", "SA%C3%9ADE"] {
        assert_eq!(
            names(&c, &hub, &format!("q={q}")).await.0,
            ["Saúde Aberta"],
            "{q}"
        );
    }
    assert_eq!(names(&c, &hub, "q=malmo").await.0, ["Malmö Climate Hub"]);
    assert_eq!(
        names(&c, &hub, "q=competences").await.0,
        ["Compétences Numériques"]
    );
    // A trailing * is a prefix, and so is the last word while typing, from three letters;
    // other words are whole.
    assert_eq!(
        names(&c, &hub, "q=comp*").await.0,
        ["Compétences Numériques"]
    );
    assert_eq!(
        names(&c, &hub, "q=comp").await.0,
        ["Compétences Numériques"]
    );
    assert_eq!(names(&c, &hub, "q=co").await.1, 0);
    assert_eq!(names(&c, &hub, "q=comp%20numeriques").await.1, 0);
    // Tags are words too ("health-care").
    assert_eq!(names(&c, &hub, "q=health").await.0, ["Saúde Aberta"]);
    // Every word must match.
    assert_eq!(names(&c, &hub, "q=gardens%20berlin").await.1, 0);
    // A name match ranks above a description match, whatever the alphabet says.
    assert_eq!(
        names(&c, &hub, "q=commons").await.0,
        ["Lisboa Food Commons", "Athens Welcome"]
    );
    assert_eq!(
        names(&c, &hub, "q=commons&country=GR").await.0,
        ["Athens Welcome"]
    );
    let (_, json) = get(&c, &hub, "/directory?q=commons&kind=project").await;
    assert_eq!(json["total"], 2);
    assert_eq!(count(&json, "country", "GR"), 1);
    assert_eq!(count(&json, "theme", "food-environment-climate"), 1);
    // Query syntax of either database is just text.
    for q in [
        "%22a%22%20OR%20NEAR(b%2C",
        "*",
        "name%3Alisboa",
        "'%3B--",
        "a%20%26%20!b%20%3A*",
    ] {
        let (status, json) = get(&c, &hub, &format!("/directory?q={q}")).await;
        assert_eq!(status, 200, "{q}: {json}");
    }
    assert_eq!(names(&c, &hub, "q=name%3Alisboa").await.1, 0);
    // Only punctuation: no words, no text filter.
    assert_eq!(names(&c, &hub, "q=%21%21%21").await.1, 12);
}

#[tokio::test]
async fn who_can_help_ranks_by_needs_covered() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    populate(&hub).await;
    let c = net.client();
    let (status, json) = get(&c, &hub, "/organisations/needy_ngo/helpers").await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(
        json["organisation"]["needs"],
        serde_json::json!(["funding", "legal-advice", "volunteers"])
    );
    let helpers: Vec<(String, Value)> = json["helpers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["entry"]["name"].as_str().unwrap().to_string(),
                h["covers"].clone(),
            )
        })
        .collect();
    let expected = [
        (
            "Remote Mentors",
            vec!["funding", "legal-advice", "volunteers"],
        ),
        (
            "Legal Coop, \"The Advisors\"",
            vec!["funding", "legal-advice"],
        ),
        ("Data Lab Research", vec!["legal-advice"]),
        ("Euro Impact Fund", vec!["funding"]),
        ("Volunteer Network", vec!["volunteers"]),
    ];
    assert_eq!(helpers.len(), expected.len(), "{json}");
    for ((name, covers), (want, want_covers)) in helpers.iter().zip(expected) {
        assert_eq!(name, want);
        assert_eq!(covers, &serde_json::json!(want_covers));
    }
    // The service answers the same for the organisation's actor.
    let (_, actor) = entries::local(&hub.ctx, KIND_ORGANISATION, "needy_ngo")
        .await
        .unwrap();
    let found = tessera::services::directory::who_can_help(&hub.ctx, &actor)
        .await
        .unwrap();
    assert_eq!(found[0].0.actor.display_name, "Remote Mentors");
    // Nobody helps an organisation without needs; projects and unknown handles are 404.
    let (_, json) = get(&c, &hub, "/organisations/euro_fund/helpers").await;
    assert_eq!(json["helpers"], serde_json::json!([]));
    assert_eq!(
        get(&c, &hub, "/organisations/lisboa_food/helpers").await.0,
        404
    );
    assert_eq!(get(&c, &hub, "/organisations/nobody/helpers").await.0, 404);
}

/// Fields of CSV text (RFC 4180: quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let (mut row, mut field, mut quoted, mut chars) =
        (vec![], String::new(), false, text.chars().peekable());
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[tokio::test]
async fn csv_and_json_exports_follow_the_filters() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    populate(&hub).await;
    let c = net.client();
    let res = c
        .get(hub.url("/api/v1/directory.csv?kind=organisation"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.headers()["x-total-count"], "6");
    let text = res.text().await.unwrap();
    assert!(
        text.contains("\"Legal Coop, \"\"The Advisors\"\"\""),
        "{text}"
    );
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0].join(","),
        "handle,kind,name,url,country,region,status,org_type,themes,focus,technologies,sdgs,\
         languages,expertise,needs,website,summary"
    );
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r.len() == 17), "{rows:?}");
    let coop = rows
        .iter()
        .find(|r| r[2].starts_with("Legal Coop"))
        .unwrap();
    assert_eq!(coop[0], format!("@legal_coop@{}", hub.domain));
    assert_eq!(coop[1], "organisation");
    assert_eq!(coop[2], "Legal Coop, \"The Advisors\"");
    assert_eq!(coop[3], hub.url("/organisations/legal_coop"));
    assert_eq!(coop[4], "ES");
    assert_eq!(coop[7], "ngo-association");
    assert_eq!(coop[13], "communication; funding; legal-advice");
    assert_eq!(coop[16], "Law & order for <good> causes");
    let needy = rows.iter().find(|r| r[2] == "Needy NGO").unwrap();
    assert_eq!(needy[14], "funding; legal-advice; volunteers");

    let (status, json) = get(&c, &hub, "/directory.json?country=PT&q=clinics").await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["total"], 1);
    assert_eq!(json["items"][0]["name"], "Saúde Aberta");
    let (_, json) = get(&c, &hub, "/directory.json").await;
    assert_eq!(json["items"].as_array().unwrap().len(), 12);
    assert_eq!(get(&c, &hub, "/directory.csv?theme=nope").await.0, 422);
}

#[tokio::test]
async fn bad_filters_are_refused_and_deleted_entries_leave() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let user = populate(&hub).await;
    let c = net.client();
    for bad in [
        "theme=nope",
        "sdg=18",
        "country=ZZ",
        "kind=person",
        "status=dead",
        "org_type=cartel",
        "colour=red",
        "page=0",
        "page=x",
        "limit=-",
        "local=perhaps",
        "expertise=%21%21",
    ] {
        let (status, json) = get(&c, &hub, &format!("/directory?{bad}")).await;
        assert_eq!(status, 422, "{bad}: {json}");
        assert_eq!(json["error"]["code"], "validation_failed", "{bad}");
    }
    let long = "a".repeat(201);
    assert_eq!(get(&c, &hub, &format!("/directory?q={long}")).await.0, 422);

    entries::delete(&hub.ctx, &user, KIND_PROJECT, "lisboa_food")
        .await
        .unwrap();
    entries::delete(&hub.ctx, &user, KIND_ORGANISATION, "legal_coop")
        .await
        .unwrap();
    let (all, total) = names(&c, &hub, "").await;
    assert_eq!(total, 10);
    assert!(!all
        .iter()
        .any(|n| n.starts_with("Lisboa") || n.starts_with("Legal")));
    assert_eq!(names(&c, &hub, "q=lisboa").await.1, 0);
    assert_eq!(names(&c, &hub, "q=commons").await.0, ["Athens Welcome"]);
    let (_, json) = get(&c, &hub, "/directory").await;
    assert_eq!(count(&json, "theme", "food-environment-climate"), 1);
    assert_eq!(count(&json, "country", "ES"), 0);
    let (_, json) = get(&c, &hub, "/organisations/needy_ngo/helpers").await;
    assert_eq!(json["helpers"].as_array().unwrap().len(), 4);
    assert!(!json.to_string().contains("Legal Coop"));
    let text = c
        .get(hub.url("/api/v1/directory.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(parse_csv(&text).len(), 11);
}
