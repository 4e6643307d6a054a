//! Country and theme dashboards through the API (issue 23, part 3): every figure counted
//! over the entries the directory's filters find, with the hubs they come from; needs met in
//! the same country, only in other countries, or by nobody; the CSV; refused filters.

use super::directory::{get, populate};
use crate::harness::entries::list;
use crate::harness::Network;
use serde_json::Value;
use tessera::db::models::entry::KIND_ORGANISATION;
use tessera::services::dashboards::quarter_of;
use tessera::services::entries::{self, EntryInput};

fn figure<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("figure {name}: {d}"))
}

/// The figure's rows as `key=count`, zeros left out.
fn rows(d: &Value, name: &str) -> Vec<String> {
    figure(d, name)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["count"] != 0)
        .map(|r| format!("{}={}", r["key"].as_str().unwrap(), r["count"]))
        .collect()
}

/// `hub=count`, the port of the test hub's domain left out.
fn hubs(v: &Value) -> Vec<String> {
    v["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let hub = h["hub"].as_str().unwrap();
            format!("{}={}", hub.split(':').next().unwrap(), h["count"])
        })
        .collect()
}

fn need<'a>(d: &'a Value, tag: &str) -> &'a Value {
    d["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["need"] == tag)
        .unwrap_or_else(|| panic!("need {tag}: {d}"))
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn dashboards_count_every_figure_with_its_hubs() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let user = populate(&hub).await;
    // An Italian funder (so that "funding" is met in Italy) and a need nobody offers.
    for (handle, name, expertise, needs) in [
        ("roma_fund", "Fondo Roma", "funding", ""),
        ("torino_ngo", "Torino Insieme", "", "translation,funding"),
    ] {
        let input = EntryInput {
            handle: handle.into(),
            name: name.into(),
            country: Some("it".into()),
            org_type: Some(
                if expertise.is_empty() {
                    "ngo-association"
                } else {
                    "funder"
                }
                .into(),
            ),
            expertise: list(expertise),
            needs: list(needs),
            languages: list("it"),
            sdgs: list("1,10"),
            ..Default::default()
        };
        entries::create(&hub.ctx, &user, KIND_ORGANISATION, input)
            .await
            .unwrap();
    }
    let c = net.client();

    // The whole directory: the remote organisation counts, under its own hub.
    let (status, all) = get(&c, &hub, "/dashboard").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["entries"], 14);
    assert_eq!(all["projects"], 6);
    assert_eq!(all["organisations"], 8);
    assert_eq!(hubs(&all), vec!["hub-a.test=13", "far.example=1"]);
    let statuses = rows(&all, "project-status");
    assert_eq!(
        statuses,
        vec!["idea=1", "active=3", "scaling=1", "completed=1"]
    );
    // Fixed lists keep their zeros, in the list's order.
    let status_keys: Vec<&str> = figure(&all, "project-status")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        status_keys,
        vec!["idea", "active", "scaling", "completed", ""]
    );
    assert_eq!(figure(&all, "sdg")["rows"].as_array().unwrap().len(), 17);
    assert_eq!(rows(&all, "sdg"), vec!["1=2", "2=1", "10=2", "12=1"]);
    assert_eq!(figure(&all, "sdg")["entries"], 3);
    assert_eq!(
        hubs(figure(&all, "organisation-type")),
        vec!["hub-a.test=7", "far.example=1"]
    );
    let types = rows(&all, "organisation-type");
    for t in [
        "funder=2",
        "ngo-association=3",
        "research=1",
        "support-organisation=1",
    ] {
        assert!(types.contains(&t.to_string()), "{t}: {types:?}");
    }
    // Every entry was created this quarter; the quarters before it are there, at zero.
    let now = chrono::Utc::now().naive_utc();
    let (y, q) = quarter_of(now);
    assert_eq!(rows(&all, "created"), vec![format!("{y}-Q{q}=14")]);
    let created = figure(&all, "created")["rows"].as_array().unwrap().clone();
    assert_eq!(created.len(), 13);
    assert_eq!(created[0]["key"], "earlier");
    assert_eq!(all["since"], created[1]["key"]);

    // A country: the figures narrow, the choices of other dashboards stay whole.
    let (_, pt) = get(&c, &hub, "/dashboard?country=pt").await;
    assert_eq!(pt["entries"], 3, "{pt}");
    assert_eq!(rows(&pt, "project-status"), vec!["idea=1", "active=1"]);
    assert_eq!(
        rows(&pt, "project-theme"),
        vec!["food-environment-climate=1", "health-care=1"]
    );
    assert_eq!(rows(&pt, "organisation-type"), vec!["grassroots-network=1"]);
    assert_eq!(rows(&pt, "language"), vec!["en=1", "pt=1"]);
    assert_eq!(hubs(&pt), vec!["hub-a.test=3"]);
    assert_eq!(pt["needs"].as_array().unwrap().len(), 0);

    // A theme.
    let (_, health) = get(&c, &hub, "/dashboard?theme=health-care").await;
    assert_eq!(health["entries"], 1);
    assert_eq!(rows(&health, "project-theme"), vec!["health-care=1"]);

    // Needs against expertise, in Italy: met here, met only elsewhere, or a gap.
    let (_, it) = get(&c, &hub, "/dashboard?country=IT").await;
    assert_eq!(it["entries"], 3, "{it}");
    let funding = need(&it, "funding");
    assert_eq!(funding["coverage"], "same-country");
    assert_eq!(
        names(&funding["needed_by"]),
        vec!["Needy NGO", "Torino Insieme"]
    );
    assert_eq!(funding["same_country"]["count"], 1);
    assert_eq!(
        names(&funding["same_country"]["organisations"]),
        vec!["Fondo Roma"]
    );
    assert_eq!(funding["other_countries"]["count"], 3);
    assert_eq!(
        names(&funding["other_countries"]["organisations"]),
        vec![
            "Euro Impact Fund",
            "Legal Coop, \"The Advisors\"",
            "Remote Mentors"
        ]
    );
    let mentors = &funding["other_countries"]["organisations"][2];
    assert_eq!(mentors["page"], "/@mentors@far.example");
    assert_eq!(mentors["local"], false);
    assert_eq!(
        funding["same_country"]["organisations"][0]["page"],
        "/organisations/roma_fund"
    );
    assert!(
        hubs(funding).contains(&"far.example=1".to_string()),
        "{funding}"
    );
    let legal = need(&it, "legal-advice");
    assert_eq!(legal["coverage"], "other-countries");
    assert_eq!(legal["other_countries"]["count"], 3);
    // An organisation is not its own helper: only Portugal's network and the mentors.
    let volunteers = need(&it, "volunteers");
    assert_eq!(
        names(&volunteers["other_countries"]["organisations"]),
        vec!["Remote Mentors", "Volunteer Network"]
    );
    let translation = need(&it, "translation");
    assert_eq!(translation["coverage"], "nobody");
    assert_eq!(translation["same_country"]["count"], 0);
    assert_eq!(translation["other_countries"]["count"], 0);
    // The most needed first; among equals, gaps first.
    let order: Vec<&str> = it["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["need"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        vec!["funding", "translation", "legal-advice", "volunteers"]
    );

    // The CSV says the same.
    let res = c
        .get(hub.url("/api/v1/dashboard.csv?country=IT"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    // The test hub's domain has a port.
    let csv = res.text().await.unwrap().replace(&hub.domain, "hub-a.test");
    assert!(csv.starts_with("figure,key,count,hubs\r\n"), "{csv}");
    assert!(
        csv.contains("organisation-type,funder,1,hub-a.test=3\r\n"),
        "{csv}"
    );
    assert!(csv.contains("sdg,10,2,hub-a.test=2\r\n"), "{csv}");
    assert!(
        csv.contains("funding,2,1,3,same-country,hub-a.test=5; far.example=1\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("translation,1,0,0,nobody,hub-a.test=1\r\n"),
        "{csv}"
    );

    // Refused filters are refused as the directory refuses them.
    for bad in ["country=ZZ", "theme=nope", "colour=red"] {
        let (status, json) = get(&c, &hub, &format!("/dashboard?{bad}")).await;
        assert_eq!(status, 422, "{bad}: {json}");
        assert_eq!(json["error"]["code"], "validation_failed");
    }
    let res = c
        .get(hub.url("/api/v1/dashboard.csv?sdg=18"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}
