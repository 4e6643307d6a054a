//! Funding calls through the API (issue 22): validation with every mistake at once, who may
//! publish, the facets and the stemmed search, status by dates, exports, withdrawal, and the
//! calls that fit a project or organisation.

use crate::harness::api::call;
use crate::harness::calls::{call_body, funder, publish};
use crate::harness::{Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

async fn titles(client: &reqwest::Client, hub: &Hub, query: &str) -> Vec<String> {
    let (status, page) = call(
        client,
        hub,
        None,
        Method::GET,
        &format!("/calls?{query}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{query}: {page}");
    let mut out: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn calls_are_published_checked_found_exported_and_withdrawn() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    hub.create_user("bob").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    let bob = hub.token("bob").await;
    funder(&client, &hub, &ana, "fund").await;

    // Every mistake at once, each under its field.
    let mut bad = call_body("fund");
    for (k, v) in [
        ("title", json!(" ")),
        ("programme", json!("lottery")),
        ("kind", json!("gift")),
        ("amount_min", json!(90000)),
        ("currency", json!("XYZ")),
        ("cofunding_rate", json!(120)),
        ("eligible_countries", json!(["Atlantis"])),
        ("themes", json!(["gardening"])),
        ("link", json!("javascript:alert(1)")),
        (
            "deadlines",
            json!([{"due": "2027-06-01"}, {"due": "2027-03-01"}]),
        ),
    ] {
        bad[k] = v;
    }
    let (status, err) = call(&client, &hub, Some(&ana), Method::POST, "/calls", Some(bad)).await;
    assert_eq!(status, 422, "{err}");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in [
        "title",
        "programme",
        "kind",
        "amount_max",
        "currency",
        "cofunding_rate",
        "countries",
        "themes",
        "link",
        "deadlines",
    ] {
        assert!(fields.contains(&f), "{f} not reported: {err}");
    }
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/calls",
        Some(json!({"colour": "red"})),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");
    // Only members of the organisation publish for it; only admins for the hub.
    let (status, _) = call(
        &client,
        &hub,
        Some(&bob),
        Method::POST,
        "/calls",
        Some(call_body("fund")),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/calls",
        Some(call_body("hub")),
    )
    .await;
    assert_eq!(status, 403);

    let care = publish(&client, &hub, &ana, call_body("fund")).await;
    assert_eq!(care["status"], "open");
    assert_eq!(
        care["eligible_countries"].as_array().unwrap().len(),
        28,
        "EU27 and NO"
    );
    assert_eq!(
        care["deadlines"][0]["due_at"], "2027-03-01T16:00:00Z",
        "17:00 in Brussels"
    );
    assert_eq!(
        care["deadlines"][1]["due_local"], "2027-06-01T23:59:00+02:00",
        "a date closes at its end"
    );
    assert_eq!(care["publisher"]["handle"], format!("@fund@{}", hub.domain));

    let mut later = call_body("fund");
    later["title"] = json!("Digital skills academy");
    later["summary"] = json!("Training vouchers for digital skills.");
    later["description"] = json!("Courses for trainers.");
    later["programme"] = json!("erasmus-plus");
    later["kind"] = json!("training");
    later["opens"] = json!("2027-09-01T09:00");
    later["deadlines"] = json!([{"due": "2027-11-30T12:00"}]);
    later["eligible_countries"] = json!(["PT", "ES"]);
    later["eligible_organisation_types"] = json!([]);
    later["themes"] = json!(["skills-learning"]);
    publish(&client, &hub, &ana, later).await;

    let mut past = call_body("fund");
    past["title"] = json!("Green neighbourhoods");
    past["programme"] = json!("interreg");
    past["deadlines"] = json!([{"due": "2020-01-31T17:00"}]);
    past["themes"] = json!(["food-environment-climate"]);
    publish(&client, &hub, &ana, past).await;

    // Status by the dates: the closed call is listed only when asked for.
    assert_eq!(
        titles(&client, &hub, "").await,
        ["Community care pilots", "Digital skills academy"]
    );
    assert_eq!(
        titles(&client, &hub, "status=forthcoming").await,
        ["Digital skills academy"]
    );
    assert_eq!(
        titles(&client, &hub, "status=open").await,
        ["Community care pilots"]
    );
    assert_eq!(
        titles(&client, &hub, "status=closed").await,
        ["Green neighbourhoods"]
    );
    assert_eq!(titles(&client, &hub, "status=all").await.len(), 3);
    // Facets: programme, kind, eligible country (listed or open to all), organisation type.
    assert_eq!(
        titles(&client, &hub, "programme=erasmus-plus").await,
        ["Digital skills academy"]
    );
    assert_eq!(
        titles(&client, &hub, "kind=grant").await,
        ["Community care pilots"]
    );
    assert_eq!(
        titles(&client, &hub, "country=EE").await,
        ["Community care pilots"]
    );
    assert_eq!(
        titles(&client, &hub, "country=no").await,
        ["Community care pilots"]
    );
    assert_eq!(
        titles(&client, &hub, "country=PT").await,
        ["Community care pilots", "Digital skills academy"]
    );
    assert!(titles(&client, &hub, "country=US").await.is_empty());
    assert_eq!(
        titles(&client, &hub, "org_type=business").await,
        ["Digital skills academy"],
        "open to every type"
    );
    assert_eq!(
        titles(&client, &hub, "theme=health-care&sdg=3").await,
        ["Community care pilots"]
    );
    assert_eq!(titles(&client, &hub, "language=fr-BE").await.len(), 2);
    assert_eq!(
        titles(
            &client,
            &hub,
            &format!("publisher=@fund@{}&status=all", hub.domain)
        )
        .await
        .len(),
        3
    );
    // Stemmed search: "trainer" finds "trainers", "pilot" finds "pilots".
    assert_eq!(
        titles(&client, &hub, "q=trainer").await,
        ["Digital skills academy"]
    );
    assert_eq!(
        titles(&client, &hub, "q=pilot+care").await,
        ["Community care pilots"]
    );
    assert!(titles(&client, &hub, "q=pilot&kind=training")
        .await
        .is_empty());
    // A deadline window far enough ahead holds both current calls' deadlines.
    assert_eq!(titles(&client, &hub, "deadline=730").await.len(), 2);
    for bad in [
        "status=soon",
        "country=XX",
        "programme=x",
        "deadline=0",
        "sdg=18",
        "publisher=@nobody",
    ] {
        let (status, err) = call(
            &client,
            &hub,
            None,
            Method::GET,
            &format!("/calls?{bad}"),
            None,
        )
        .await;
        assert_eq!(status, 422, "{bad}: {err}");
    }

    // Exports carry what the filters select.
    let res = client
        .get(hub.url("/api/v1/calls.csv?country=EE"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-total-count"], "1");
    let csv = res.text().await.unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("id,url,title,summary,publisher,programme"));
    let row = lines.next().unwrap();
    assert!(
        row.contains("Community care pilots") && row.contains("esf-plus") && row.contains("AT;BE;"),
        "{row}"
    );
    assert!(lines.next().is_none());
    let (_, json) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/calls.json?status=all",
        None,
    )
    .await;
    assert_eq!(json["total"], 3);
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    // Past the last page the list is empty and still says how many match.
    let (_, json) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/calls?status=all&page=2",
        None,
    )
    .await;
    assert_eq!(
        (json["total"].as_i64(), json["page"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(json["items"].as_array().unwrap().len(), 0);

    // Edits by members only; withdrawal removes the call.
    let key = care["key"].as_str().unwrap();
    let mut edited = call_body("fund");
    edited["title"] = json!("Community care pilots 2027");
    let (status, _) = call(
        &client,
        &hub,
        Some(&bob),
        Method::PUT,
        &format!("/calls/{key}"),
        Some(edited.clone()),
    )
    .await;
    assert_eq!(status, 403);
    let (status, view) = call(
        &client,
        &hub,
        Some(&ana),
        Method::PUT,
        &format!("/calls/{key}"),
        Some(edited),
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["title"], "Community care pilots 2027");
    assert!(view["updated"].is_string());
    let (status, _) = call(
        &client,
        &hub,
        Some(&bob),
        Method::DELETE,
        &format!("/calls/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::DELETE,
        &format!("/calls/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = call(
        &client,
        &hub,
        None,
        Method::GET,
        &format!("/calls/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        titles(&client, &hub, "q=community").await.is_empty(),
        "gone from the search too"
    );
}

#[tokio::test]
async fn a_project_is_told_the_calls_it_fits_best_first() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    funder(&client, &hub, &ana, "fund").await;
    // An NGO in Portugal working on health and care, leading a project.
    let org = json!({"handle": "cuidar", "name": "Cuidar", "org_type": "ngo-association", "country": "pt", "themes": ["health-care"]});
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/organisations",
        Some(org),
    )
    .await;
    assert_eq!(status, 201);
    let project = json!({"handle": "care_net", "name": "Care network", "country": "pt", "themes": ["health-care", "skills-learning"]});
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/projects",
        Some(project),
    )
    .await;
    assert_eq!(status, 201);
    let (status, link) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/projects/care_net/links",
        Some(json!({"organisation": "cuidar", "role": "lead"})),
    )
    .await;
    assert!(status == 201 || status == 200, "{link}");

    let named = call_body("fund"); // EU27, NGOs, health and care: a named fit.
    publish(&client, &hub, &ana, named).await;
    let mut open_to_all = call_body("fund");
    open_to_all["title"] = json!("Skills for all");
    open_to_all["eligible_countries"] = json!([]);
    open_to_all["eligible_organisation_types"] = json!([]);
    open_to_all["themes"] = json!(["skills-learning"]);
    publish(&client, &hub, &ana, open_to_all).await;
    let mut elsewhere = call_body("fund");
    elsewhere["title"] = json!("Estonian care");
    elsewhere["eligible_countries"] = json!(["EE"]);
    publish(&client, &hub, &ana, elsewhere).await;
    let mut businesses = call_body("fund");
    businesses["title"] = json!("Care start-ups");
    businesses["eligible_organisation_types"] = json!(["business"]);
    publish(&client, &hub, &ana, businesses).await;
    let mut unrelated = call_body("fund");
    unrelated["title"] = json!("Culture everywhere");
    unrelated["eligible_countries"] = json!([]);
    unrelated["eligible_organisation_types"] = json!([]);
    unrelated["themes"] = json!(["culture-arts"]);
    publish(&client, &hub, &ana, unrelated).await;

    let (status, fits) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/projects/care_net/calls",
        None,
    )
    .await;
    assert_eq!(status, 200, "{fits}");
    let titles: Vec<&str> = fits
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["call"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Community care pilots", "Skills for all"],
        "eligible calls with something in common, best first"
    );
    let reasons: Vec<&str> = fits[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"country:PT") && reasons.contains(&"organisation_type:ngo-association"),
        "{reasons:?}"
    );
    assert!(fits[0]["score"].as_i64() > fits[1]["score"].as_i64());
    // The page shows them.
    let html = client
        .get(hub.url("/projects/care_net"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Calls for you") && html.contains("Community care pilots"),
        "section shown"
    );
    assert!(!html.contains("Estonian care"));
    // The funder's page lists what it published.
    let html = client
        .get(hub.url("/organisations/fund"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Calls published") && html.contains("Culture everywhere"));
    let body: Value = Value::Null;
    let _ = body;
}
