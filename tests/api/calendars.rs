//! Calendars over HTTP: iCalendar for one event, an organiser, a filtered calendar and the
//! whole hub, read back by the `ical` crate (an independent parser) and resolved to
//! instants with the VTIMEZONE the document itself carries; the Atom feed of new events;
//! the API's calendar queries.

use crate::harness::api::call;
use crate::harness::entries::project_body;
use crate::harness::events::event_body;
use crate::harness::{Hub, Network};
use chrono::{DateTime, NaiveDateTime, Utc};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;
use reqwest::Method;
use serde_json::{json, Value};

async fn get(client: &reqwest::Client, hub: &Hub, path: &str) -> (u16, String, String) {
    let res = client.get(hub.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, res.text().await.unwrap())
}

async fn ics(client: &reqwest::Client, hub: &Hub, path: &str) -> IcalCalendar {
    let (status, kind, body) = get(client, hub, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    assert_eq!(kind, "text/calendar; charset=utf-8");
    let mut parser = ical::IcalParser::new(body.as_bytes());
    let cal = parser
        .next()
        .expect("one VCALENDAR")
        .expect("valid iCalendar");
    assert!(parser.next().is_none());
    cal
}

fn prop<'a>(props: &'a [Property], name: &str) -> &'a Property {
    let found = props.iter().find(|p| p.name == name);
    found.unwrap_or_else(|| panic!("no {name}"))
}

fn value(props: &[Property], name: &str) -> String {
    prop(props, name).value.clone().unwrap_or_default()
}

fn param(p: &Property, name: &str) -> Option<String> {
    let params = p.params.as_ref()?;
    let found = params.iter().find(|(k, _)| k == name)?;
    found.1.first().cloned()
}

fn summaries(cal: &IcalCalendar) -> Vec<String> {
    let mut all: Vec<_> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "SUMMARY"))
        .collect();
    all.sort();
    all
}

fn parse_offset(raw: &str) -> chrono::FixedOffset {
    DateTime::parse_from_str(&format!("20000101T000000{raw}"), "%Y%m%dT%H%M%S%z")
        .unwrap()
        .offset()
        .to_owned()
}

fn wall(raw: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(raw, "%Y%m%dT%H%M%S").unwrap()
}

/// The instant a DTSTART or DTEND names. With a TZID, the observance in force is the one
/// whose onset (its DTSTART read at its TZOFFSETFROM) is the latest not after the instant
/// the wall time gives at that observance's TZOFFSETTO.
fn instant(cal: &IcalCalendar, p: &Property) -> DateTime<Utc> {
    let raw = p.value.clone().unwrap();
    let Some(tzid) = param(p, "TZID") else {
        return wall(raw.strip_suffix('Z').expect("UTC without TZID")).and_utc();
    };
    let zone = cal
        .timezones
        .iter()
        .find(|z| value(&z.properties, "TZID") == tzid);
    let zone = zone.unwrap_or_else(|| panic!("no VTIMEZONE {tzid}"));
    let observances: Vec<(DateTime<Utc>, chrono::FixedOffset)> = zone
        .transitions
        .iter()
        .map(|t| {
            let from = parse_offset(&value(&t.properties, "TZOFFSETFROM"));
            let to = parse_offset(&value(&t.properties, "TZOFFSETTO"));
            let onset = wall(&value(&t.properties, "DTSTART")) - from;
            (onset.and_utc(), to)
        })
        .collect();
    let candidates = observances
        .iter()
        .map(|&(_, to)| (wall(&raw) - to).and_utc());
    let in_force = |at: DateTime<Utc>| {
        let latest = observances
            .iter()
            .filter(|(onset, _)| *onset <= at)
            .max_by_key(|o| o.0);
        latest.map(|o| o.1)
    };
    let mut fits: Vec<DateTime<Utc>> = candidates
        .zip(observances.iter())
        .filter(|&(at, &(_, to))| in_force(at) == Some(to))
        .map(|(at, _)| at)
        .collect();
    fits.sort();
    *fits.first().expect("no observance covers the time")
}

fn times(cal: &IcalCalendar, e: &IcalEvent) -> (String, String) {
    let at = |k| instant(cal, prop(&e.properties, k)).to_rfc3339();
    (at("DTSTART"), at("DTEND"))
}

fn by_summary<'a>(cal: &'a IcalCalendar, title: &str) -> &'a IcalEvent {
    let found = cal
        .events
        .iter()
        .find(|e| value(&e.properties, "SUMMARY") == title);
    found.unwrap_or_else(|| panic!("no {title}"))
}

const LISBON: &str = "Peer-learning visit: social housing retrofits";
const NIGHT: &str = "Night of the hackathon";

/// A hub where ana has published a Lisbon event, and her project a night in Berlin.
async fn hub_with_two_events() -> (Network, Hub, reqwest::Client, String, Value, Value) {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    let (lisbon, night) = two_events(&client, &hub, &ana).await;
    (net, hub, client, ana, lisbon, night)
}

async fn two_events(client: &reqwest::Client, hub: &Hub, token: &str) -> (Value, Value) {
    let (status, project) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/projects",
        Some(project_body()),
    )
    .await;
    assert_eq!(status, 201, "{project}");
    let (status, lisbon) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/events",
        Some(event_body()),
    )
    .await;
    assert_eq!(status, 201, "{lisbon}");
    // Saturday evening to Sunday morning in Berlin, over the spring change to summer time.
    let night = json!({
        "organizer": "green_roofs",
        "title": NIGHT,
        "description": "All night, online.",
        "starts": "2027-03-27T22:00",
        "ends": "2027-03-28T10:00",
        "time_zone": "Europe/Berlin",
        "online_url": "https://meet.example/hack",
        "category": "SCIENCE_TECH",
        "themes": ["health-care"],
        "language": "de",
        "join_mode": "free"
    });
    let (status, night) = call(
        client,
        hub,
        Some(token),
        Method::POST,
        "/events",
        Some(night),
    )
    .await;
    assert_eq!(status, 201, "{night}");
    (lisbon, night)
}

#[tokio::test]
async fn icalendar_documents_resolve_to_the_right_instants() {
    let (_net, hub, client, ana, lisbon, night) = hub_with_two_events().await;

    // One event: Lisbon in summer (UTC+1).
    let path = format!("/events/{}/calendar.ics", lisbon["key"].as_str().unwrap());
    let cal = ics(&client, &hub, &path).await;
    assert_eq!(cal.events.len(), 1);
    let e = &cal.events[0];
    let start = prop(&e.properties, "DTSTART");
    assert_eq!(param(start, "TZID").as_deref(), Some("Europe/Lisbon"));
    assert_eq!(start.value.as_deref(), Some("20270702T100000"));
    let want = (
        "2027-07-02T09:00:00+00:00".into(),
        "2027-07-02T16:30:00+00:00".into(),
    );
    assert_eq!(times(&cal, e), want);
    assert_eq!(value(&e.properties, "UID"), lisbon["id"].as_str().unwrap());
    assert_eq!(
        value(&e.properties, "URL"),
        lisbon["page"].as_str().unwrap()
    );
    assert_eq!(value(&e.properties, "GEO"), "38.7126;-9.1449");
    assert!(value(&e.properties, "LOCATION").contains("Casa do Impacto"));

    // The whole hub: both events, one VTIMEZONE per zone; the night resolves across the
    // change (22:00 CET is 21:00 UTC, 10:00 CEST is 08:00 UTC).
    let cal = ics(&client, &hub, "/events/calendar.ics").await;
    assert_eq!(summaries(&cal), [NIGHT, LISBON]);
    let zones: Vec<String> = cal
        .timezones
        .iter()
        .map(|z| value(&z.properties, "TZID"))
        .collect();
    assert!(zones.contains(&"Europe/Berlin".into()) && zones.contains(&"Europe/Lisbon".into()));
    assert_eq!(zones.len(), 2);
    let want = (
        "2027-03-27T21:00:00+00:00".into(),
        "2027-03-28T08:00:00+00:00".into(),
    );
    assert_eq!(times(&cal, by_summary(&cal, NIGHT)), want);
    let walls = ["DTSTART", "DTEND"].map(|k| value(&by_summary(&cal, NIGHT).properties, k));
    assert_eq!(walls, ["20270327T220000", "20270328T100000"]);

    // Per organiser (the project; ana herself), and filtered like the events page.
    for (query, want) in [
        ("organizer=green_roofs", vec![NIGHT]),
        ("organizer=%40ana", vec![LISBON]),
        ("theme=health-care", vec![NIGHT]),
        ("mode=physical", vec![LISBON]),
        ("mode=online", vec![NIGHT, LISBON]),
        ("language=de&local=true", vec![NIGHT]),
        ("country=PT", vec![LISBON]),
        ("from=2027-04-01", vec![LISBON]),
        ("to=2027-04-01", vec![NIGHT]),
        ("country=FR", vec![]),
    ] {
        let cal = ics(&client, &hub, &format!("/events/calendar.ics?{query}")).await;
        assert_eq!(summaries(&cal), want, "{query}");
    }
    for bad in ["theme=astrology", "organizer=nobody", "from=tomorrow"] {
        let (status, _, body) = get(&client, &hub, &format!("/events/calendar.ics?{bad}")).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let (status, _, _) = get(&client, &hub, "/events/nothing-here/calendar.ics").await;
    assert_eq!(status, 404);

    // A cancelled event stays in subscribed calendars, marked, with a higher SEQUENCE.
    let key = night["key"].as_str().unwrap();
    let seq = value(&by_summary(&cal, NIGHT).properties, "SEQUENCE");
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        &format!("/events/{key}/cancel"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let cal = ics(&client, &hub, "/events/calendar.ics?organizer=green_roofs").await;
    let e = by_summary(&cal, NIGHT);
    assert_eq!(value(&e.properties, "STATUS"), "CANCELLED");
    let newer: i64 = value(&e.properties, "SEQUENCE").parse().unwrap();
    assert!(newer > seq.parse::<i64>().unwrap());
}

#[tokio::test]
async fn the_atom_feed_and_the_api_list_new_and_filtered_events() {
    let (_net, hub, client, _ana, lisbon, night) = hub_with_two_events().await;

    let (status, kind, xml) = get(&client, &hub, "/events/feed.atom").await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/atom+xml; charset=utf-8");
    let feed: atom_syndication::Feed = xml.parse().expect("a valid Atom document");
    let titles: Vec<&str> = feed.entries.iter().map(|e| e.title.as_str()).collect();
    // Newest first: the night was published last.
    assert_eq!(titles, [NIGHT, LISBON]);
    let entry = &feed.entries[1];
    assert_eq!(entry.id, lisbon["id"].as_str().unwrap());
    assert_eq!(entry.links[0].href, lisbon["page"].as_str().unwrap());
    let summary = entry.summary.as_ref().unwrap().as_str();
    assert!(
        summary.contains("2027-07-02 10:00–17:30 Europe/Lisbon (UTC+01:00)"),
        "{summary}"
    );
    assert!(summary.contains("Casa do Impacto"), "{summary}");
    let content = entry.content.as_ref().unwrap().value.clone().unwrap();
    assert!(content.contains("<strong>three</strong>"), "{content}");
    assert_eq!(feed.entries[0].authors[0].name, "Green Roofs Lisboa");

    // The API's calendar queries take the page's filters.
    for (query, want) in [
        ("", vec![NIGHT, LISBON]),
        ("?organizer=green_roofs", vec![NIGHT]),
        (
            "?theme=cities-urban-development&mode=physical",
            vec![LISBON],
        ),
        ("?from=2027-04-01&to=2027-12-31", vec![LISBON]),
        ("?language=pt", vec![]),
    ] {
        let (status, page) = call(
            &client,
            &hub,
            None,
            Method::GET,
            &format!("/events{query}"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{query}: {page}");
        let titles: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, want, "{query}");
        assert_eq!(page["total"], json!(want.len()), "{query}");
    }
    let (status, err) = call(
        &client,
        &hub,
        None,
        Method::GET,
        "/events?mode=teleport",
        None,
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(night["organizer"]["name"], "Green Roofs Lisboa");
}
