//! Events on one hub and with Mobilizon and Gancio: the API's validation, capacity, the
//! waiting list and approval; Mobilizon's Join and Leave (the fixtures, signed by a fake
//! Mobilizon) answered in its shapes; Mobilizon's and Gancio's Create{Event} stored.

use crate::harness::api::call;
use crate::harness::events::event_body;
use crate::harness::events::{create, event_call};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

fn message(err: &Value) -> String {
    err["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn state(client: &reqwest::Client, hub: &Hub, token: &str, key: &str) -> Value {
    let (_, e) = event_call(client, hub, Some(token), Method::GET, key, "").await;
    e["participation"].clone()
}

#[tokio::test]
async fn bad_events_are_refused_with_precise_errors() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    for (change, code) in [
        (json!({"title": "  "}), "event-error-title"),
        (json!({"time_zone": "Mars/Olympus"}), "event-error-zone"),
        (
            json!({"ends": "2027-07-02T09:00"}),
            "event-error-end-before-start",
        ),
        (json!({"starts": "tomorrow"}), "event-error-time"),
        (json!({"country": "XX"}), "event-error-country"),
        (json!({"category": "PICNIC"}), "event-error-category"),
        (json!({"themes": ["gardening"]}), "event-error-theme"),
        (json!({"join_mode": "lottery"}), "event-error-join-mode"),
        (json!({"join_mode": "external"}), "event-error-external-url"),
        (json!({"capacity": 0}), "event-error-capacity"),
        (
            json!({"online_url": "javascript:alert(1)"}),
            "event-error-online-url",
        ),
        (
            json!({"place_name": "", "street": "", "postal_code": "", "locality": "", "country": null, "online_url": null}),
            "event-error-where",
        ),
    ] {
        let mut body = event_body();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, err) = call(
            &client,
            &hub,
            Some(&ana),
            Method::POST,
            "/events",
            Some(body),
        )
        .await;
        assert_eq!(status, 422, "{change}: {err}");
        assert!(message(&err).contains(code), "{change}: {err}");
    }
    let (status, _) = call(
        &client,
        &hub,
        Some(&ana),
        Method::POST,
        "/events",
        Some(json!({"colour": "red"})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &client,
        &hub,
        None,
        Method::POST,
        "/events",
        Some(event_body()),
    )
    .await;
    assert_eq!(status, 401);
    let (status, err) = call(&client, &hub, None, Method::GET, "/events?colour=red", None).await;
    assert_eq!(status, 422);
    assert!(message(&err).contains("event-error-filter"), "{err}");
    // Someone else's event cannot be edited.
    let event = create(&client, &hub, &ana, json!({})).await;
    hub.create_user("bob").await;
    let bob = hub.token("bob").await;
    let key = event["key"].as_str().unwrap();
    let (status, _) = call(
        &client,
        &hub,
        Some(&bob),
        Method::PATCH,
        &format!("/events/{key}"),
        Some(json!({"title": "Mine"})),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) =
        event_call(&client, &hub, Some(&bob), Method::GET, key, "/participants").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn capacity_waiting_list_and_approval() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let client = net.client();
    let mut tokens = Vec::new();
    for name in ["org", "u1", "u2", "u3"] {
        hub.create_user(name).await;
        tokens.push(hub.token(name).await);
    }
    let (org, u1, u2, u3) = (&tokens[0], &tokens[1], &tokens[2], &tokens[3]);
    let event = create(&client, &hub, org, json!({"capacity": 1})).await;
    let key = event["key"].as_str().unwrap();
    let join = |t: &str| {
        let t = t.to_string();
        let client = client.clone();
        let path = format!("/events/{key}/join");
        let hub = &hub;
        async move { call(&client, hub, Some(&t), Method::POST, &path, None).await }
    };
    assert_eq!(join(u1).await.1["state"], "accepted");
    assert_eq!(join(u2).await.1["state"], "waiting");
    assert_eq!(join(u3).await.1["state"], "waiting");
    // Joining twice changes nothing.
    assert_eq!(join(u2).await.1["state"], "waiting");
    let (_, e) = event_call(&client, &hub, None, Method::GET, key, "").await;
    assert_eq!(
        (e["participant_count"].as_i64(), e["remaining"].as_i64()),
        (Some(1), Some(0))
    );
    // u1 leaves: u2 (first in line) gets the place, u3 still waits.
    let (status, _) = event_call(&client, &hub, Some(u1), Method::POST, key, "/leave").await;
    assert_eq!(status, 204);
    assert_eq!(state(&client, &hub, u2, key).await, "accepted");
    assert_eq!(state(&client, &hub, u3, key).await, "waiting");
    // More places: u3 is let in.
    let (status, _) = call(
        &client,
        &hub,
        Some(org),
        Method::PATCH,
        &format!("/events/{key}"),
        Some(json!({"capacity": 5})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(state(&client, &hub, u3, key).await, "accepted");
    let (_, e) = event_call(&client, &hub, None, Method::GET, key, "").await;
    assert_eq!(e["participant_count"], 2);

    // Approval: pending until an organiser decides.
    let event = create(
        &client,
        &hub,
        org,
        json!({"join_mode": "approval", "capacity": null}),
    )
    .await;
    let key = event["key"].as_str().unwrap();
    let (_, p) = call(
        &client,
        &hub,
        Some(u1),
        Method::POST,
        &format!("/events/{key}/join"),
        Some(json!({"message": "I run a retrofit co-op"})),
    )
    .await;
    assert_eq!(p["state"], "pending");
    let (_, p2) = event_call(&client, &hub, Some(u2), Method::POST, key, "/join").await;
    let (_, list) = event_call(&client, &hub, Some(org), Method::GET, key, "/participants").await;
    assert_eq!(list[0]["message"], "I run a retrofit co-op");
    let (status, ok) = call(
        &client,
        &hub,
        Some(org),
        Method::POST,
        &format!("/events/{key}/participants/{}/approve", p["id"]),
        None,
    )
    .await;
    assert_eq!((status, ok["state"].as_str()), (200, Some("accepted")));
    let (_, no) = call(
        &client,
        &hub,
        Some(org),
        Method::POST,
        &format!("/events/{key}/participants/{}/decline", p2["id"]),
        None,
    )
    .await;
    assert_eq!(no["state"], "rejected");
    assert_eq!(state(&client, &hub, u1, key).await, "accepted");
    assert_eq!(state(&client, &hub, u2, key).await, "rejected");

    // No registration, and registration elsewhere: a Join is refused.
    let event = create(&client, &hub, org, json!({"join_mode": "none"})).await;
    let (status, err) = call(
        &client,
        &hub,
        Some(u1),
        Method::POST,
        &format!("/events/{}/join", event["key"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(message(&err).contains("event-error-join-closed"), "{err}");
}

/// A Mobilizon fixture moved to the fake server: its hosts become `domain`.
fn moved(path: &str, domain: &str) -> Value {
    let text = fixture(path).to_string();
    let text = [
        "http://mobilizon.test",
        "http://mobilizon2.test",
        "https://mobilizon.fr",
        "http://mobilizon1.com",
        "https://demo.gancio.org",
    ]
    .iter()
    .fold(text, |t, host| t.replace(host, &format!("http://{domain}")));
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn mobilizon_joins_and_leaves_are_answered_in_its_shapes() {
    let mut net = Network::bind(&["hub-a.test", "mobilizon.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("mobilizon.test");
    let fake = FakeMastodon::start(
        net.take("mobilizon.test"),
        &domain,
        &["admin", "tcit"],
        net.client(),
    )
    .await;
    hub.create_user("org").await;
    hub.create_user("u1").await;
    let client = net.client();
    let (org, u1) = (hub.token("org").await, hub.token("u1").await);
    let event = create(&client, &hub, &org, json!({"capacity": 1})).await;
    let key = event["key"].as_str().unwrap();
    let event_id = event["id"].as_str().unwrap();
    event_call(&client, &hub, Some(&u1), Method::POST, key, "/join").await;

    // Mobilizon's Join (the fixture, signed by its actor): the event is full, so it waits.
    let mut join = moved("mobilizon/activities/join-activity.json", &domain);
    join["actor"] = json!(fake.actor_id("admin"));
    join["id"] = json!(format!("{}/join/event/1", fake.actor_id("admin")));
    join["object"] = json!(event_id);
    join.as_object_mut().unwrap().remove("signature");
    let inbox = hub.url("/inbox");
    assert_eq!(fake.send("admin", &hub, &inbox, &join).await, 202);
    let (_, list) = event_call(&client, &hub, Some(&org), Method::GET, key, "/participants").await;
    let remote = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["actor"]["local"] == false)
        .cloned()
        .unwrap();
    assert_eq!(remote["state"], "waiting");
    // u1 leaves: Mobilizon's participant is promoted and told with an Accept embedding its Join.
    event_call(&client, &hub, Some(&u1), Method::POST, key, "/leave").await;
    eventually("the Accept reaches Mobilizon", || async {
        fake.inbox_items().iter().any(|a| a["type"] == "Accept")
    })
    .await;
    let accept = fake
        .inbox_items()
        .into_iter()
        .find(|a| a["type"] == "Accept")
        .unwrap();
    assert_eq!(accept["object"]["type"], "Join");
    assert_eq!(accept["object"]["id"], join["id"]);
    assert_eq!(accept["object"]["object"], event_id);
    assert_eq!(accept["actor"], hub.actor_url("org"));
    let (_, e) = event_call(&client, &hub, None, Method::GET, key, "").await;
    assert_eq!(e["participant_count"], 1);
    // The count is sent to the participant as an Update of the event.
    eventually("the new count reaches Mobilizon", || async {
        fake.inbox_items()
            .iter()
            .any(|a| a["type"] == "Update" && a["object"]["participantCount"] == 1)
    })
    .await;

    // Mobilizon's Leave fixture: counted out.
    let mut leave = moved("mobilizon/activities/leave-activity.json", &domain);
    leave["actor"] = json!(fake.actor_id("admin"));
    leave["id"] = json!(format!("{}/leave/event/1", fake.actor_id("admin")));
    leave["object"] = json!(event_id);
    leave.as_object_mut().unwrap().remove("signature");
    assert_eq!(fake.send("admin", &hub, &inbox, &leave).await, 202);
    let (_, e) = event_call(&client, &hub, None, Method::GET, key, "").await;
    assert_eq!(e["participant_count"], 0);

    // A Join we cannot honour is answered with a Reject, never silence.
    let closed = create(&client, &hub, &org, json!({"join_mode": "none"})).await;
    let mut join2 = join.clone();
    join2["id"] = json!(format!("{}/join/event/2", fake.actor_id("tcit")));
    join2["actor"] = json!(fake.actor_id("tcit"));
    join2["object"] = closed["id"].clone();
    assert_eq!(fake.send("tcit", &hub, &inbox, &join2).await, 202);
    eventually("the Reject reaches Mobilizon", || async {
        fake.inbox_items()
            .iter()
            .any(|a| a["type"] == "Reject" && a["object"]["id"] == join2["id"])
    })
    .await;
}

#[tokio::test]
async fn mobilizon_and_gancio_events_are_stored_with_organiser_and_origin() {
    let mut net = Network::bind(&["hub-a.test", "mobilizon.test", "gancio.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mz_domain = net.domain("mobilizon.test");
    let g_domain = net.domain("gancio.test");
    let mz = FakeMastodon::start(
        net.take("mobilizon.test"),
        &mz_domain,
        &["metacartes", "devon"],
        net.client(),
    )
    .await;
    let gancio = FakeMastodon::start(
        net.take("gancio.test"),
        &g_domain,
        &["gancio"],
        net.client(),
    )
    .await;
    hub.create_user("ana").await;
    let client = net.client();
    let ana = hub.token("ana").await;
    for target in [
        mz.actor_id("metacartes"),
        mz.actor_id("devon"),
        gancio.actor_id("gancio"),
    ] {
        let (status, _) = call(
            &client,
            &hub,
            Some(&ana),
            Method::POST,
            "/follows",
            Some(json!({"target": target})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let inbox = hub.url("/inbox");
    // Each accepts its follower (events are kept from organisers someone here follows).
    for (fake, name) in [(&mz, "metacartes"), (&mz, "devon"), (&gancio, "gancio")] {
        let id = fake.actor_id(name);
        eventually("the Follow arrives", || async {
            fake.inbox_items()
                .iter()
                .any(|a| a["type"] == "Follow" && a["object"] == id)
        })
        .await;
        let follow = fake
            .inbox_items()
            .into_iter()
            .find(|a| a["type"] == "Follow" && a["object"] == id)
            .unwrap();
        let accept =
            json!({"id": format!("{id}#accept"), "type": "Accept", "actor": id, "object": follow});
        assert_eq!(fake.send(name, &hub, &inbox, &accept).await, 202);
    }

    // Mobilizon's Create{Event} (post-activity.json), moved to the fake server.
    let mut create = moved("mobilizon/activities/post-activity.json", &mz_domain);
    let actor = mz.actor_id("metacartes");
    create["actor"] = json!(actor);
    create["object"]["attributedTo"] = json!(actor);
    create["object"]["startTime"] = json!("2027-02-12T14:08:20Z");
    assert_eq!(mz.send("metacartes", &hub, &inbox, &create).await, 202);

    // Mobilizon's full Event object (event.json), with its place, banner and tags.
    let mut event = moved("mobilizon/objects/event.json", "x");
    let devon = mz.actor_id("devon");
    event["id"] = json!(format!("http://{mz_domain}/events/b81c0531"));
    event["actor"] = json!(devon);
    event["attributedTo"] = json!(devon);
    event["startTime"] = json!("2027-12-11T19:00:00+00:00");
    event["endTime"] = json!("2027-12-11T21:00:00+00:00");
    let wrapped = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("http://{mz_domain}/events/b81c0531/activity"),
        "type": "Create", "actor": devon, "object": event,
        "to": ["https://www.w3.org/ns/activitystreams#Public"]
    });
    assert_eq!(mz.send("devon", &hub, &inbox, &wrapped).await, 202);

    // Gancio's Create{Event}: no zone (an offset), a location with only a name.
    let mut g = moved("gancio/activities/create_event.json", &g_domain);
    let gactor = gancio.actor_id("gancio");
    g["actor"] = json!(gactor);
    g["object"]["attributedTo"] = json!(gactor);
    g["object"]["startTime"] = json!("2027-07-14T17:30:57+02:00");
    g["object"]["endTime"] = json!("2027-07-14T18:30:57+02:00");
    assert_eq!(gancio.send("gancio", &hub, &inbox, &g).await, 202);

    let (_, page) = call(&client, &hub, None, Method::GET, "/events", None).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{page}");
    let first = &items[0];
    assert_eq!(first["title"], "My first event");
    assert_eq!(first["organizer"]["id"], actor);
    assert_eq!(first["place"]["locality"], "Lyon");
    assert_eq!(first["place"]["country"], "FR");
    assert_eq!(first["local"], false);
    let gancio_event = &items[1];
    assert_eq!(gancio_event["title"], "Demo event");
    assert_eq!(gancio_event["starts_at"], "2027-07-14T15:30:57Z");
    assert_eq!(gancio_event["time_zone"], "Etc/GMT-2");
    assert_eq!(gancio_event["place"]["name"], "Colosseo");
    assert_eq!(gancio_event["join_mode"], "none");
    assert_eq!(gancio_event["hashtags"], json!(["test"]));
    let dance = &items[2];
    assert_eq!(dance["title"], "Caledonian scottish dance class");
    assert_eq!(dance["time_zone"], "Europe/London");
    assert_eq!(dance["place"]["country"], "GB");
    assert_eq!(dance["place"]["postal_code"], "EX6 7TW");
    assert_eq!(dance["category"], "SPORTS");
    assert_eq!(dance["join_mode"], "free");
    assert_eq!(dance["capacity"], Value::Null);
    assert!(dance["cover_url"]
        .as_str()
        .unwrap()
        .contains("/media/cd75bf2f"));
    assert_eq!(dance["hashtags"], json!(["caledonian", "dance", "lesson"]));
    assert!(!dance["description_html"]
        .as_str()
        .unwrap()
        .contains("target="));

    // An Event from someone nobody here follows is not kept.
    let stranger = json!({
        "id": format!("http://{mz_domain}/events/x/activity"), "type": "Create",
        "actor": mz.actor_id("metacartes"),
        "object": {"id": format!("http://{mz_domain}/events/x"), "type": "Event", "name": "x",
                   "attributedTo": format!("http://{mz_domain}/users/nobody"),
                   "startTime": "2027-01-01T10:00:00Z"}
    });
    // Its organiser is on the same host but unknown: the fetch fails, the activity is refused.
    let status = mz.send("metacartes", &hub, &inbox, &stranger).await;
    assert!(status.is_client_error() || status == 202, "{status}");
    let (_, page) = call(&client, &hub, None, Method::GET, "/events", None).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);

    // Mobilizon deletes its event: gone here.
    let delete = json!({
        "id": format!("http://{mz_domain}/events/b81c0531/delete"), "type": "Delete",
        "actor": devon, "object": format!("http://{mz_domain}/events/b81c0531")
    });
    assert_eq!(mz.send("devon", &hub, &inbox, &delete).await, 202);
    let (_, page) = call(&client, &hub, None, Method::GET, "/events", None).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
}
