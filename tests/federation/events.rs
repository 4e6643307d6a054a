//! Events across servers: an event of hub A reaches a follower on hub B in the shape
//! Mobilizon and FEP-8a8e readers read; a member of B joins and is counted on A; changes,
//! cancellation and deletion travel.

use crate::harness::api::call;
use crate::harness::events::event_body;
use crate::harness::events::event_call;
use crate::harness::{eventually, Hub, TwoHubs, AP_ACCEPT};
use reqwest::Method;
use serde_json::{json, Value};

/// The events hub B lists (its API), with the given filter query.
async fn listed(client: &reqwest::Client, hub: &Hub, query: &str) -> Vec<Value> {
    let (status, page) = call(
        client,
        hub,
        None,
        Method::GET,
        &format!("/events{query}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn an_event_travels_to_another_hub_where_a_member_joins_and_is_counted() {
    // ben follows ana, then ana publishes an event.
    let hubs = TwoHubs::start().await;
    hubs.ben_follows_ana().await;
    let TwoHubs {
        net: _net,
        a,
        b,
        client,
        ana,
        ben,
    } = hubs;
    let (status, event) = call(
        &client,
        &a,
        Some(&ana),
        Method::POST,
        "/events",
        Some(event_body()),
    )
    .await;
    assert_eq!(status, 201, "{event}");
    assert_eq!(event["starts_at"], "2027-07-02T09:00:00Z");
    assert_eq!(event["starts_local"], "2027-07-02T10:00:00+01:00");
    let id = event["id"].as_str().unwrap().to_string();
    let key_a = event["key"].as_str().unwrap().to_string();

    // The Event document: Mobilizon's terms and FEP-8a8e's, every term in the context.
    let doc: Value = client
        .get(&id)
        .header("accept", AP_ACCEPT)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["type"], "Event");
    assert_eq!(doc["startTime"], "2027-07-02T10:00:00+01:00");
    assert_eq!(doc["timezone"], "Europe/Lisbon");
    assert_eq!(doc["location"]["type"], "Place");
    assert_eq!(doc["location"]["address"]["type"], "PostalAddress");
    assert_eq!(doc["location"]["address"]["addressCountry"], "PT");
    assert_eq!(doc["joinMode"], "free");
    assert_eq!(doc["maximumAttendeeCapacity"], 30);
    assert_eq!(doc["remainingAttendeeCapacity"], 30);
    assert_eq!(doc["participantCount"], 0);
    assert_eq!(doc["isOnline"], false);
    assert_eq!(doc["ical:status"], "CONFIRMED");
    assert_eq!(doc["eventStatus"], "EventScheduled");
    assert_eq!(doc["category"], "WORKSHOPS_SKILL_SHARING");
    assert_eq!(doc["attributedTo"], a.actor_url("ana"));
    let website = doc["attachment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Website")
        .unwrap();
    assert_eq!(website["href"], "https://meet.example/visit");
    // Mastodon shows name, summary and link; servers that show the summary alone (as a
    // content warning) must still show the title: it opens the summary, then when and where.
    let summary = doc["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(&format!("{} · ", doc["name"].as_str().unwrap()))
            && summary.contains("2027-07-02 10:00–17:30 Europe/Lisbon (UTC+01:00)")
            && summary.contains("Casa do Impacto"),
        "{summary}"
    );
    let context = doc["@context"].to_string();
    for term in [
        "joinMode",
        "timezone",
        "participantCount",
        "isOnline",
        "eventStatus",
        "PostalAddress",
    ] {
        assert!(context.contains(&format!("\"{term}\"")), "{term} undefined");
    }

    // B receives it and lists it with its organiser and origin.
    eventually("the event reaches hub B", || async {
        !listed(&client, &b, "").await.is_empty()
    })
    .await;
    let on_b = listed(&client, &b, "?mode=physical&theme=cities-urban-development").await;
    assert_eq!(on_b.len(), 1);
    let copy = &on_b[0];
    assert_eq!(copy["id"], id.as_str());
    assert_eq!(copy["local"], false);
    assert_eq!(copy["organizer"]["handle"], format!("@ana@{}", a.domain));
    assert_eq!(copy["starts_at"], "2027-07-02T09:00:00Z");
    assert_eq!(copy["time_zone"], "Europe/Lisbon");
    assert_eq!(copy["place"]["country"], "PT");
    assert_eq!(copy["online_url"], "https://meet.example/visit");
    assert_eq!(copy["category"], "WORKSHOPS_SKILL_SHARING");
    assert_eq!(copy["themes"], json!(["cities-urban-development"]));
    assert!(listed(&client, &b, "?mode=physical&country=FR")
        .await
        .is_empty());
    let key_b = copy["key"].as_str().unwrap().to_string();

    // ben joins from B: the Join goes to A, A accepts and counts him, B learns both.
    let (status, p) = event_call(&client, &b, Some(&ben), Method::POST, &key_b, "/join").await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["state"], "pending");
    eventually("ben is accepted on B", || async {
        let (_, e) = event_call(&client, &b, Some(&ben), Method::GET, &key_b, "").await;
        e["participation"] == "accepted"
    })
    .await;
    let (_, on_a) = event_call(&client, &a, Some(&ana), Method::GET, &key_a, "").await;
    assert_eq!(on_a["participant_count"], 1);
    let (status, list) = event_call(
        &client,
        &a,
        Some(&ana),
        Method::GET,
        &key_a,
        "/participants",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["actor"]["handle"], format!("@ben@{}", b.domain));
    assert_eq!(list[0]["state"], "accepted");
    eventually("the count reaches B", || async {
        let (_, e) = event_call(&client, &b, None, Method::GET, &key_b, "").await;
        e["participant_count"] == 1 && e["remaining"] == 29
    })
    .await;

    // ben leaves: counted out on A.
    let (status, _) = event_call(&client, &b, Some(&ben), Method::POST, &key_b, "/leave").await;
    assert_eq!(status, 204);
    eventually("A counts ben out", || async {
        let (_, e) = event_call(&client, &a, None, Method::GET, &key_a, "").await;
        e["participant_count"] == 0
    })
    .await;

    // An edit and the cancellation travel.
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::PATCH,
        &format!("/events/{key_a}"),
        Some(json!({"title": "Retrofit visit (moved)", "starts": "2027-07-03T10:00", "ends": "2027-07-03T12:00"})),
    )
    .await;
    assert_eq!(status, 200);
    eventually("the edit reaches B", || async {
        let (_, e) = event_call(&client, &b, None, Method::GET, &key_b, "").await;
        e["title"] == "Retrofit visit (moved)" && e["starts_at"] == "2027-07-03T09:00:00Z"
    })
    .await;
    let (status, cancelled) =
        event_call(&client, &a, Some(&ana), Method::POST, &key_a, "/cancel").await;
    assert_eq!(status, 200);
    assert_eq!(cancelled["status"], "cancelled");
    eventually("the cancellation reaches B", || async {
        let (_, e) = event_call(&client, &b, None, Method::GET, &key_b, "").await;
        e["status"] == "cancelled"
    })
    .await;
    // A cancelled event takes no one.
    let (status, err) = event_call(&client, &b, Some(&ben), Method::POST, &key_b, "/join").await;
    assert_eq!(status, 422, "{err}");

    // Deleted on A: gone from B.
    let (status, _) = event_call(&client, &a, Some(&ana), Method::DELETE, &key_a, "").await;
    assert_eq!(status, 204);
    eventually("the deletion reaches B", || async {
        let (s, _) = event_call(&client, &b, None, Method::GET, &key_b, "").await;
        s == 404
    })
    .await;
}
