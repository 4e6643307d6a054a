//! Funding calls across servers (issue 22): a Mastodon follower of a funder gets the call as
//! a `Page` whose name, summary and content carry the deadline and the link, then its edit
//! and its withdrawal; a member on another hub who follows the funder gets the call stored
//! there with its origin, and the same edits; a call from a publisher nobody follows is
//! dropped, and a call claimed by another server is refused.

use crate::harness::api::call;
use crate::harness::calls::{call_body, funder, publish};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, Network};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::db::models::funding_call::FundingCall;

async fn stored(hub: &crate::harness::Hub, ap_id: &str) -> Option<FundingCall> {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    FundingCall::find_by_ap_id(&mut conn, ap_id).await.unwrap()
}

#[tokio::test]
async fn a_call_reaches_the_funders_followers_on_mastodon_and_on_other_hubs() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "masto.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(net.take("masto.test"), &domain, &["mia"], net.client()).await;
    let client = net.client();
    a.create_user("ana").await;
    b.create_user("ben").await;
    let ana = a.token("ana").await;
    let ben = b.token("ben").await;
    funder(&client, &a, &ana, "fund").await;
    let fund = a.url("/organisations/fund");

    // Mastodon's mia and hub B's ben follow the funder.
    let mia = fake.actor_id("mia");
    let follow = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{mia}#follows/1"),
        "type": "Follow", "actor": mia, "object": fund});
    assert_eq!(fake.send("mia", &a, &a.url("/inbox"), &follow).await, 202);
    let (status, _) = call(
        &client,
        &b,
        Some(&ben),
        Method::POST,
        "/follows",
        Some(json!({"target": format!("@fund@{}", a.domain)})),
    )
    .await;
    assert_eq!(status, 201);
    eventually("the funder accepts ben", || async {
        let (_, list) = call(&client, &b, Some(&ben), Method::GET, "/follows", None).await;
        list[0]["state"] == "accepted"
    })
    .await;

    let view = publish(&client, &a, &ana, call_body("fund")).await;
    let id = view["id"].as_str().unwrap().to_string();
    let create = || {
        fake.inbox_items()
            .into_iter()
            .find(|x| x["type"] == "Create" && x["object"]["id"] == json!(id))
    };
    eventually("Mastodon gets the Create", || async { create().is_some() }).await;
    let create = create().unwrap();
    let page = &create["object"];
    assert_eq!(create["actor"], json!(fund));
    assert_eq!(page["type"], "Page");
    assert_eq!(page["objectKind"], "call");
    assert_eq!(page["name"], "Community care pilots");
    assert_eq!(page["attributedTo"], json!(fund));
    // What Mastodon shows of a Page: name, summary, link. The summary has the deadline.
    let summary = page["summary"].as_str().unwrap();
    assert!(
        summary.contains("Deadline 2027-03-01 17:00 Europe/Brussels (UTC+01:00)"),
        "{summary}"
    );
    assert!(
        summary.contains("ESF+") && summary.contains("Grant"),
        "{summary}"
    );
    let content = page["content"].as_str().unwrap();
    assert!(
        content.contains("https://fund.example/calls/care")
            && content.contains("Deadline (Full proposal)"),
        "{content}"
    );
    assert_eq!(page["url"], json!(id));
    assert!(page["to"]
        .to_string()
        .contains("https://www.w3.org/ns/activitystreams#Public"));
    assert_eq!(page["amount"]["maxValue"], 50000);
    assert!(create["@context"]
        .to_string()
        .contains("tessera:eligibleCountries"));
    // The call's id and its Create's id answer.
    let doc: Value = client
        .get(&id)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["deadlines"][1]["name"], "Full proposal");
    let res = client
        .get(create["id"].as_str().unwrap())
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Hub B keeps it, with its origin.
    eventually("B stores the call", || async {
        stored(&b, &id).await.is_some()
    })
    .await;
    let copy = stored(&b, &id).await.unwrap();
    assert!(!copy.is_local);
    assert_eq!(copy.programme, "esf-plus");
    assert_eq!(copy.cofunding_rate, Some(80));
    let (_, found) = call(
        &client,
        &b,
        None,
        Method::GET,
        "/calls?country=NO&theme=health-care",
        None,
    )
    .await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(
        found["items"][0]["publisher"]["handle"],
        format!("@fund@{}", a.domain)
    );
    let html = client
        .get(b.url(&format!("/calls/{}", copy.key)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Community care pilots") && html.contains(&a.domain),
        "the origin is shown"
    );

    // An edit travels.
    let key = view["key"].as_str().unwrap();
    let mut edited = call_body("fund");
    edited["title"] = json!("Community care pilots, second round");
    edited["deadlines"] = json!([{"due": "2027-09-30T17:00"}]);
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::PUT,
        &format!("/calls/{key}"),
        Some(edited),
    )
    .await;
    assert_eq!(status, 200);
    eventually("Mastodon and B get the Update", || async {
        let masto = fake.inbox_items().iter().any(|x| {
            x["type"] == "Update" && x["object"]["name"] == "Community care pilots, second round"
        });
        let hub = stored(&b, &id)
            .await
            .is_some_and(|c| c.title == "Community care pilots, second round");
        masto && hub
    })
    .await;
    assert_eq!(
        stored(&b, &id)
            .await
            .unwrap()
            .closes_at
            .unwrap()
            .to_string(),
        "2027-09-30 15:00:00"
    );

    // The withdrawal too.
    let (status, _) = call(
        &client,
        &a,
        Some(&ana),
        Method::DELETE,
        &format!("/calls/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    eventually("Mastodon and B get the Delete", || async {
        let masto = fake
            .inbox_items()
            .iter()
            .any(|x| x["type"] == "Delete" && x["object"]["id"] == json!(id));
        masto && stored(&b, &id).await.is_none()
    })
    .await;
    let res = client
        .get(&id)
        .header("Accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn calls_from_publishers_nobody_follows_or_from_another_server_are_not_kept() {
    let (_net, hub, fake) = crate::harness::hub_and_fake(&["fund"]).await;
    let fund = fake.actor_id("fund");
    let call_doc = |id: &str, by: &str| {
        json!({"id": id, "type": "Page", "objectKind": "call", "attributedTo": by,
            "name": "Remote call", "summary": "Remote call · Deadline …", "programme": "national",
            "callKind": "prize", "endTime": "2027-05-01T12:00:00Z", "eligibleCountries": "PT",
            "to": ["https://www.w3.org/ns/activitystreams#Public"]})
    };
    let id = format!("http://{}/calls/1", fake.domain);
    let create = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{id}/activity"),
        "type": "Create", "actor": fund, "object": call_doc(&id, &fund)});
    assert_eq!(
        fake.send("fund", &hub, &hub.url("/inbox"), &create).await,
        202
    );
    assert!(
        stored(&hub, &id).await.is_none(),
        "nobody here follows the publisher"
    );

    // Followed, it is kept; read leniently (a single country as a string, one deadline).
    let ana = hub.create_user("ana").await;
    let actor = tessera::services::actors::lookup(&hub.ctx, &fund)
        .await
        .expect("actor");
    let mut conn = hub.ctx.pool.get().await.unwrap();
    tessera::db::models::follow::Follow::upsert(
        &mut conn,
        &hub.url("/follows/test"),
        ana.actor_id,
        actor.id,
        tessera::db::models::follow::STATE_ACCEPTED,
    )
    .await
    .unwrap();
    drop(conn);
    let mut again = create.clone();
    again["id"] = json!(format!("{id}/activity2"));
    assert_eq!(
        fake.send("fund", &hub, &hub.url("/inbox"), &again).await,
        202
    );
    let kept = stored(&hub, &id).await.expect("kept");
    assert_eq!(kept.call_kind, "prize");
    assert_eq!(kept.closes_at.unwrap().to_string(), "2027-05-01 12:00:00");
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let tags = FundingCall::tags(&mut conn, kept.id).await.unwrap();
    assert!(tags.contains(&("country".into(), "PT".into())));

    // A call whose id is on another server is refused.
    let forged = json!({"@context": "https://www.w3.org/ns/activitystreams", "id": format!("{id}/activity3"),
        "type": "Create", "actor": fund, "object": call_doc("http://elsewhere.test/calls/9", &fund)});
    let status = fake.send("fund", &hub, &hub.url("/inbox"), &forged).await;
    assert!(status.is_client_error(), "{status}");
    assert!(stored(&hub, "http://elsewhere.test/calls/9")
        .await
        .is_none());
}
