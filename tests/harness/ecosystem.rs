//! A small ecosystem for the map, network and dashboard tests (issue 23).

use super::api::call;
use super::calls::{call_body, funder, publish};
use super::entries::project_body;
use super::{events, Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

async fn create(c: &reqwest::Client, hub: &Hub, token: &str, path: &str, body: Value) {
    let (status, view) = call(c, hub, Some(token), Method::POST, path, Some(body)).await;
    assert!(status == 201 || status == 200, "{path}: {view}");
}

/// Green Roofs (PT, placed, Lisboa), Tartu Roofs (EE, no coordinates) and Riga Roofs (LV,
/// placed); the funder Social Fund (BE) and Roof Coop (PT); links and one replication; an
/// event in Lisbon; an open call for the EU-27 and Norway.
pub async fn ecosystem(net: &mut Network) -> Hub {
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let c = net.client();
    let ana = hub.token("ana").await;
    for (handle, name, country, point, region, theme) in [
        (
            "green_roofs",
            "Green Roofs Lisboa",
            "pt",
            Some((38.72, -9.14)),
            "Lisboa",
            "food-environment-climate",
        ),
        (
            "tartu_roofs",
            "Tartu Roofs",
            "ee",
            None,
            "Tartumaa",
            "cities-urban-development",
        ),
        (
            "riga_roofs",
            "Riga Roofs",
            "lv",
            Some((56.95, 24.1)),
            "",
            "health-care",
        ),
    ] {
        let mut body = project_body();
        body["handle"] = json!(handle);
        body["name"] = json!(name);
        body["country"] = json!(country);
        body["region"] = json!(region);
        body["themes"] = json!([theme]);
        body["latitude"] = json!(point.map(|p| p.0));
        body["longitude"] = json!(point.map(|p| p.1));
        create(&c, &hub, &ana, "/projects", body).await;
    }
    funder(&c, &hub, &ana, "social_fund").await;
    let coop = json!({"handle": "coop", "name": "Roof Coop", "org_type": "ngo-association", "country": "pt"});
    create(&c, &hub, &ana, "/organisations", coop).await;
    let d = hub.domain.clone();
    for (project, org, role) in [
        ("green_roofs", "social_fund", "funder"),
        ("green_roofs", "coop", "lead"),
        ("tartu_roofs", "coop", "partner"),
    ] {
        let body = json!({"organisation": format!("@{org}@{d}"), "role": role});
        create(&c, &hub, &ana, &format!("/projects/{project}/links"), body).await;
    }
    let body = json!({"source": "green_roofs", "relation": "adapts", "note": "Colder roofs."});
    create(&c, &hub, &ana, "/projects/tartu_roofs/replications", body).await;
    events::create(&c, &hub, &ana, json!({})).await;
    publish(&c, &hub, &ana, call_body("social_fund")).await;
    hub
}
