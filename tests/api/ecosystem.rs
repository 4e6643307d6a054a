//! The map and the network through the API (issue 23, parts 1 and 2): GeoJSON points of
//! entries and events with coordinates, every country counted with what has none (open
//! calls by eligible country, regions as written), layers and filters; the network's nodes
//! and edges (lead, partner, funder, replication) with neighbours of what the filters chose,
//! its layout, GraphML and CSV; refused filters.

use crate::harness::ecosystem::ecosystem;
use crate::harness::{Hub, Network};
use serde_json::{json, Value};

async fn get(c: &reqwest::Client, hub: &Hub, path: &str) -> (u16, String) {
    let res = c.get(hub.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn json_of(c: &reqwest::Client, hub: &Hub, path: &str) -> Value {
    let (status, body) = get(c, hub, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn country<'a>(map: &'a Value, code: &str) -> &'a Value {
    map["countries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["country"] == code)
        .unwrap_or_else(|| panic!("{code}: {map}"))
}

fn counts(row: &Value) -> [i64; 5] {
    ["projects", "organisations", "events", "calls", "placed"].map(|k| row[k].as_i64().unwrap())
}

fn feature_names(map: &Value) -> Vec<String> {
    let mut names: Vec<String> = map["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_map_places_what_it_can_and_counts_the_rest_by_country() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = ecosystem(&mut net).await;
    let c = net.client();

    let res = c.get(hub.url("/api/v1/map.geojson")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    let map: Value = res.json().await.unwrap();
    assert_eq!(map["type"], "FeatureCollection");
    assert_eq!(
        feature_names(&map),
        vec![
            "Green Roofs Lisboa",
            "Peer-learning visit: social housing retrofits",
            "Riga Roofs"
        ]
    );
    let green = map["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Green Roofs Lisboa")
        .unwrap();
    // Longitude first, as GeoJSON has it.
    assert_eq!(green["geometry"]["coordinates"], json!([-9.14, 38.72]));
    assert_eq!(green["properties"]["layer"], "projects");
    assert_eq!(green["properties"]["page"], "/projects/green_roofs");
    assert_eq!(green["properties"]["region"], "Lisboa");
    assert_eq!(green["properties"]["hub"], hub.domain.as_str());
    // Countries count everything, placed or not; calls by eligible country (EU-27 and NO).
    assert_eq!(counts(country(&map, "PT")), [1, 1, 1, 1, 2]);
    assert_eq!(counts(country(&map, "EE")), [1, 0, 0, 1, 0]);
    assert_eq!(counts(country(&map, "BE")), [0, 1, 0, 1, 0]);
    assert_eq!(counts(country(&map, "LV")), [1, 0, 0, 1, 1]);
    assert_eq!(counts(country(&map, "NO")), [0, 0, 0, 1, 0]);
    assert_eq!(map["countries"].as_array().unwrap().len(), 28);
    assert_eq!(
        country(&map, "EE")["regions"],
        json!([{"region": "Tartumaa", "count": 1}])
    );
    // The busiest country first.
    assert_eq!(map["countries"][0]["country"], "PT");
    assert_eq!(map["calls_open_everywhere"], 0);
    assert_eq!(map["hubs"], json!([{"hub": hub.domain, "count": 6}]));

    // Layers, and the directory's filters (a country narrows events and calls too).
    let projects = json_of(&c, &hub, "/api/v1/map.geojson?layer=projects").await;
    assert_eq!(
        feature_names(&projects),
        vec!["Green Roofs Lisboa", "Riga Roofs"]
    );
    assert_eq!(counts(country(&projects, "PT")), [1, 0, 0, 0, 1]);
    let pt = json_of(&c, &hub, "/api/v1/map.geojson?country=pt").await;
    assert_eq!(
        feature_names(&pt),
        vec![
            "Green Roofs Lisboa",
            "Peer-learning visit: social housing retrofits"
        ]
    );
    assert_eq!(pt["countries"].as_array().unwrap().len(), 1);
    let themed = json_of(
        &c,
        &hub,
        "/api/v1/map.geojson?theme=health-care&layer=projects",
    )
    .await;
    assert_eq!(feature_names(&themed), vec!["Riga Roofs"]);

    for bad in ["layer=rivers", "country=ZZ", "colour=red"] {
        let (status, body) = get(&c, &hub, &format!("/api/v1/map.geojson?{bad}")).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
}

fn node<'a>(net: &'a Value, handle: &str) -> &'a Value {
    net["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["handle"] == handle)
        .unwrap_or_else(|| panic!("{handle}: {net}"))
}

fn edges(net: &Value) -> Vec<String> {
    let mut out: Vec<String> = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["from"].as_str().unwrap().split('@').nth(1).unwrap(),
                e["relation"].as_str().unwrap(),
                e["to"].as_str().unwrap().split('@').nth(1).unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn the_network_links_projects_organisations_and_replications() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = ecosystem(&mut net).await;
    let c = net.client();
    let d = hub.domain.clone();

    let all = json_of(&c, &hub, "/api/v1/network.json").await;
    assert_eq!(all["nodes"].as_array().unwrap().len(), 5, "{all}");
    assert_eq!(
        edges(&all),
        vec![
            "green_roofs funder social_fund",
            "green_roofs lead coop",
            "tartu_roofs adapts green_roofs",
            "tartu_roofs partner coop",
        ]
    );
    let green = node(&all, &format!("@green_roofs@{d}"));
    assert_eq!(green["links"], 3);
    assert_eq!(green["page"], "/projects/green_roofs");
    assert_eq!(green["matched"], true);
    assert!(green["x"].is_number() && green["y"].is_number(), "{green}");
    // Riga has no link: listed, not drawn.
    let riga = node(&all, &format!("@riga_roofs@{d}"));
    assert_eq!(
        (riga["links"].as_i64(), riga["x"].is_null()),
        (Some(0), true)
    );
    // The same data, the same drawing.
    let again = json_of(&c, &hub, "/api/v1/network.json").await;
    assert_eq!(all, again);

    // Estonia: Tartu and what it is linked to (from Portugal), not the links between those.
    let ee = json_of(&c, &hub, "/api/v1/network.json?country=EE").await;
    assert_eq!(
        edges(&ee),
        vec!["tartu_roofs adapts green_roofs", "tartu_roofs partner coop"]
    );
    assert_eq!(node(&ee, &format!("@tartu_roofs@{d}"))["matched"], true);
    assert_eq!(node(&ee, &format!("@coop@{d}"))["matched"], false);
    assert_eq!(ee["nodes"].as_array().unwrap().len(), 3);
    // Organisations only: the links between organisations and projects still show both.
    let orgs = json_of(&c, &hub, "/api/v1/network.json?kind=organisation").await;
    assert_eq!(orgs["edges"].as_array().unwrap().len(), 3);

    let (status, graphml) = get(&c, &hub, "/api/v1/network.graphml").await;
    assert_eq!(status, 200);
    assert!(graphml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"));
    assert!(graphml.contains(&format!(
        "<node id=\"@coop@{d}\"><data key=\"name\">Roof Coop</data><data key=\"kind\">organisation</data>"
    )), "{graphml}");
    assert!(graphml.contains(&format!(
        "source=\"@tartu_roofs@{d}\" target=\"@green_roofs@{d}\"><data key=\"relation\">adapts</data>"
    )));
    assert_eq!(graphml.matches("<edge ").count(), 4);
    let (status, csv) = get(&c, &hub, "/api/v1/network.csv").await;
    assert_eq!(status, 200);
    assert!(csv.starts_with("from_handle,from_name,from_kind,from_country,relation,to_handle,"));
    assert!(csv.contains(&format!(
        "@green_roofs@{d},Green Roofs Lisboa,project,PT,funder,@social_fund@{d},Social Fund,organisation,BE\r\n"
    )), "{csv}");
    assert_eq!(csv.lines().count(), 5);

    for bad in ["theme=nope", "kind=person"] {
        let (status, body) = get(&c, &hub, &format!("/api/v1/network.json?{bad}")).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
}
