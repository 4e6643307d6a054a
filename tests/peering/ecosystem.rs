//! The ecosystem views across peered hubs (issue 23): hub B's network draws hub A's project
//! with the organisations A's team linked (they travel in the project's actor document) and
//! follows an unlink; B's dashboard and map count A's entries under A's name.

use crate::harness::api::call;
use crate::harness::peering::{admin, entry, peer};
use crate::harness::replications::project;
use crate::harness::{eventually, Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

async fn get(c: &reqwest::Client, hub: &Hub, path: &str) -> Value {
    let res = c.get(hub.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn edges(net: &Value) -> Vec<String> {
    let mut out: Vec<String> = net["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["from"].as_str().unwrap(),
                e["relation"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_peer_draws_the_links_of_the_projects_it_carries() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let root = admin(&b, "root").await;
    a.create_user("ana").await;
    let c = net.client();
    let ana = a.token("ana").await;
    project(&c, &a, &ana, "green_roofs", "Green Roofs Lisboa", "pt").await;
    for (handle, name) in [("coop", "Roof Coop"), ("fund", "Lisbon Fund")] {
        let body = json!({"handle": handle, "name": name, "org_type": "funder", "country": "pt",
                          "expertise": ["roofing"]});
        let (status, made) = call(
            &c,
            &a,
            Some(&ana),
            Method::POST,
            "/organisations",
            Some(body),
        )
        .await;
        assert_eq!(status, 201, "{made}");
    }
    let d = a.domain.clone();
    // One link before peering (it arrives with the backfill), one after (with the Update).
    let link = |org: &str, role: &str| json!({"organisation": format!("@{org}@{d}"), "role": role});
    let (status, _) = call(
        &c,
        &a,
        Some(&ana),
        Method::POST,
        "/projects/green_roofs/links",
        Some(link("coop", "lead")),
    )
    .await;
    assert_eq!(status, 201);
    peer(&b, &root, &a).await;
    eventually("B holds A's project and organisations", || async {
        entry(&b, &a.url("/projects/green_roofs")).await.is_some()
            && entry(&b, &a.url("/organisations/coop")).await.is_some()
            && entry(&b, &a.url("/organisations/fund")).await.is_some()
    })
    .await;
    let (status, made) = call(
        &c,
        &a,
        Some(&ana),
        Method::POST,
        "/projects/green_roofs/links",
        Some(link("fund", "funder")),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let link_id = made["id"].as_i64().unwrap();

    let want = vec![
        format!("@green_roofs@{d} funder @fund@{d}"),
        format!("@green_roofs@{d} lead @coop@{d}"),
    ];
    eventually("B's network holds both of A's links", || async {
        edges(&get(&c, &b, "/api/v1/network.json").await) == want
    })
    .await;
    let on_b = get(&c, &b, "/api/v1/network.json").await;
    let green = on_b["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "Green Roofs Lisboa")
        .unwrap();
    assert_eq!(green["page"], format!("/@green_roofs@{d}"));
    assert_eq!(green["local"], false);
    assert_eq!(green["hub"], d.as_str());

    // B's dashboard and map count A's entries under A's name.
    let dash = get(&c, &b, "/api/v1/dashboard?country=PT").await;
    assert_eq!(dash["entries"], 3, "{dash}");
    assert_eq!(dash["hubs"], json!([{"hub": d, "count": 3}]));
    let map = get(&c, &b, "/api/v1/map.geojson?layer=projects").await;
    assert_eq!(
        map["features"][0]["properties"]["page"],
        format!("/@green_roofs@{d}")
    );

    // An unlink travels too.
    let (status, _) = call(
        &c,
        &a,
        Some(&ana),
        Method::DELETE,
        &format!("/projects/green_roofs/links/{link_id}"),
        None,
    )
    .await;
    assert!(status == 204 || status == 200, "{status}");
    let want = vec![format!("@green_roofs@{d} lead @coop@{d}")];
    eventually("B's network follows the unlink", || async {
        edges(&get(&c, &b, "/api/v1/network.json").await) == want
    })
    .await;
}
