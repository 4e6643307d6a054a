//! The map and network pages (issue 23, parts 1 and 2): the SVG map with its markers as
//! links, clusters that zoom in, zoom and pan links that keep the filters, a focused country,
//! the list and the table beside it; the network drawn with every node a link, its table
//! and downloads; French; refused addresses.

use super::directory::{part, unescape};
use crate::harness::browser::Browser;
use crate::harness::ecosystem::ecosystem;
use crate::harness::Network;
use reqwest::StatusCode;

async fn open(b: &mut Browser, url: &str) -> String {
    let (status, html) = b.get(url).await;
    assert_eq!(status, StatusCode::OK, "{url}: {html}");
    unescape(&html)
}

#[tokio::test]
async fn the_map_page_draws_lists_and_tables_the_same_things() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = ecosystem(&mut net).await;
    let mut b = Browser::new(&net);

    let html = open(&mut b, &hub.url("/map")).await;
    assert!(
        html.contains("<a href=\"/map\">Map</a>"),
        "the navigation links the map"
    );
    let svg = part(&html, "<svg", "</svg>");
    assert!(
        svg.contains("aria-labelledby=\"map-title map-desc\""),
        "{svg}"
    );
    assert!(svg.contains("data-country=\"PT\"><title>Portugal: one project, one organisation, one event, one open call</title>"), "{svg}");
    // On the whole map, Lisbon's project and event share a cluster that zooms in.
    assert!(
        svg.contains("<title>2 places here: zoom in</title>"),
        "{svg}"
    );
    let cluster = part(svg, "<a href=\"/map?zoom=2", "\">");
    assert!(!cluster.is_empty(), "{svg}");
    assert!(
        svg.contains("<a href=\"/projects/riga_roofs\"><title>Riga Roofs (Project)</title><circle")
    );
    // The list says the same, by name; the table counts what has no coordinates too.
    let list = part(&html, "<ol class=\"map-list\">", "</ol>");
    assert!(list.contains("<a href=\"/projects/green_roofs\">Green Roofs Lisboa</a> · Project · Lisboa · Portugal"), "{list}");
    assert!(
        list.contains("<time datetime=\"2027-07-02\">2027-07-02</time>"),
        "{list}"
    );
    assert!(html.contains("3 markers in this view"));
    let table = part(
        &html,
        "<table class=\"dashboard-table map-table\">",
        "</table>",
    );
    assert!(table.contains("<th scope=\"row\"><a href=\"/map?focus=EE\">Estonia</a></th><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td><td class=\"regions\">Tartumaa (1)</td>"), "{table}");
    assert!(html.contains("href=\"/api/v1/map.geojson\""));

    // A focused country: zoomed in, filters kept by every control.
    let pt = open(
        &mut b,
        &hub.url("/map?focus=PT&layer=projects&layer=events"),
    )
    .await;
    let svg = part(&pt, "<svg", "</svg>");
    assert!(!svg.contains("Riga Roofs"), "Riga is out of view");
    assert!(pt.contains("2 markers in this view"));
    let zoom_out = part(
        &pt,
        "<a class=\"button secondary\" href=\"/map?layer=projects&layer=events&zoom=",
        "\">Zoom out</a>",
    );
    assert!(!zoom_out.is_empty(), "{pt}");
    assert!(pt.contains(">North</a>") && pt.contains(">Whole map</a>"));
    assert!(pt.contains(
        "<input type=\"checkbox\" id=\"layer-events\" name=\"layer\" value=\"events\" checked>"
    ));
    assert!(
        pt.contains("<input type=\"checkbox\" id=\"layer-calls\" name=\"layer\" value=\"calls\">")
    );
    // One layer: the event alone, as a diamond.
    let events = open(&mut b, &hub.url("/map?focus=PT&layer=events")).await;
    let svg = part(&events, "<svg", "</svg>");
    assert!(svg.contains("<a href=\"/events/"), "{svg}");
    assert!(
        svg.contains("<title>Peer-learning visit: social housing retrofits (Event)</title><path"),
        "{svg}"
    );
    // Zoomed in as far as it goes: nothing to zoom in to, and the two apart.
    let closest = open(&mut b, &hub.url("/map?zoom=6&x=-1652&y=1264")).await;
    assert!(closest.contains(
        "<span class=\"button secondary disabled\" aria-disabled=\"true\">Zoom in</span>"
    ));
    let svg = part(&closest, "<svg", "</svg>");
    assert!(
        svg.contains(
            "<a href=\"/projects/green_roofs\"><title>Green Roofs Lisboa (Project)</title><circle"
        ),
        "{svg}"
    );
    assert!(
        svg.contains("<title>Peer-learning visit: social housing retrofits (Event)</title><path")
    );

    b.lang = "fr";
    let fr = open(&mut b, &hub.url("/map")).await;
    assert!(fr.contains("<h1>Carte de l’écosystème</h1>"));
    assert!(fr.contains("Portugal : un projet, une organisation, un événement, un appel ouvert"));
    b.lang = "en";
    for bad in [
        "/map?zoom=9",
        "/map?focus=ZZ",
        "/map?x=abc",
        "/map?layer=rivers",
        "/map?country=ZZ",
    ] {
        let (status, html) = b.get(&hub.url(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            html.contains("<div class=\"errors\" role=\"alert\">"),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_network_page_links_every_node() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = ecosystem(&mut net).await;
    let mut b = Browser::new(&net);

    let html = open(&mut b, &hub.url("/network")).await;
    assert!(html.contains("5 nodes, 4 links."), "{html}");
    let svg = part(&html, "<svg", "</svg>");
    assert_eq!(svg.matches("<line ").count(), 4);
    assert!(
        svg.contains(
            "<a href=\"/projects/green_roofs\"><title>Green Roofs Lisboa: 3 links</title><circle"
        ),
        "{svg}"
    );
    assert!(svg.contains("<a href=\"/organisations/coop\"><title>Roof Coop: 2 links</title><rect"));
    assert!(
        svg.contains("stroke-dasharray=\"6 4\""),
        "the replication is dashed"
    );
    assert!(!svg.contains("Riga Roofs"), "unlinked nodes are not drawn");
    assert!(html.contains("One entry has no link yet"));
    let table = part(
        &html,
        "<table class=\"dashboard-table network-table\">",
        "</table>",
    );
    let riga = format!(
        "<a href=\"/projects/riga_roofs\">Riga Roofs</a></th><td>Project</td><td>Latvia</td><td>{}</td><td>0</td>",
        hub.domain
    );
    assert!(table.contains(&riga), "{table}");
    assert!(html.contains("href=\"/api/v1/network.graphml\" download"));
    assert!(
        html.contains("<span class=\"legend-line rel-adapts\" aria-hidden=\"true\"></span> Adapts")
    );

    let ee = open(&mut b, &hub.url("/network?country=EE")).await;
    assert!(ee.contains("3 nodes, 2 links."), "{ee}");
    assert!(ee.contains("<option value=\"EE\" selected>Estonia</option>"));
    assert!(
        ee.contains("Roof Coop</a> <span class=\"badge\">linked</span>"),
        "{ee}"
    );
    assert!(ee.contains("href=\"/api/v1/network.csv?country=EE\" download"));

    b.lang = "fr";
    let fr = open(&mut b, &hub.url("/network")).await;
    assert!(fr.contains("<h1>Réseau des projets et des organisations</h1>"));
    let (status, _) = b.get(&hub.url("/network?theme=nope")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
