//! `limits.inbox`: a remote host (the owner of the signature's key) that sends more than
//! its quota of activities gets 429 with `Retry-After`, before anything is fetched or
//! stored; other hosts go on.

use crate::harness::remote::FakeMastodon;
use crate::harness::{Hub, Network};
use serde_json::{json, Value};
use tessera::config::Quota;

fn follow(fake: &FakeMastodon, hub: &Hub, name: &str, n: u32) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("http://{}/follows/{n}", fake.domain),
        "type": "Follow",
        "actor": fake.actor_id(name),
        "object": hub.actor_url("alice"),
    })
}

/// Sends `activity` signed by `name`; the status and `Retry-After`.
async fn send(fake: &FakeMastodon, hub: &Hub, name: &str, activity: &Value) -> (u16, Option<u64>) {
    let inbox = hub.url("/inbox");
    let request = fake
        .sign_request(name, hub, &inbox, activity.to_string())
        .await;
    let res = fake.client().execute(request).await.expect("send");
    let retry_after = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().expect("seconds"));
    (res.status().as_u16(), retry_after)
}

async fn received(hub: &Hub, id: &Value) -> bool {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let id = id.as_str().unwrap();
    tessera::db::models::received_activity::ReceivedActivity::seen(&mut conn, id)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_host_over_its_inbox_quota_waits_and_others_go_on() {
    let mut net = Network::bind(&["hub-a.test", "masto.test", "other.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.limits.enabled = true;
            c.limits.inbox = Quota::new(2, 600);
        })
        .await;
    hub.create_user("alice").await;
    let domain = net.domain("masto.test");
    let masto = FakeMastodon::start(
        net.take("masto.test"),
        &domain,
        &["mallory", "newcomer"],
        net.client(),
    )
    .await;
    let domain = net.domain("other.test");
    let other = FakeMastodon::start(net.take("other.test"), &domain, &["olga"], net.client()).await;

    assert_eq!(
        send(&masto, &hub, "mallory", &follow(&masto, &hub, "mallory", 1))
            .await
            .0,
        202
    );
    assert_eq!(
        send(&masto, &hub, "mallory", &follow(&masto, &hub, "mallory", 2))
            .await
            .0,
        202
    );
    // The third from that host, by an actor the hub has never seen: refused before its
    // actor is fetched or the activity recorded.
    let fetches = masto.fetches().len();
    let third = follow(&masto, &hub, "newcomer", 3);
    let (status, retry_after) = send(&masto, &hub, "newcomer", &third).await;
    assert_eq!(status, 429);
    let secs = retry_after.expect("Retry-After");
    assert!((1..=600).contains(&secs), "Retry-After {secs}");
    assert_eq!(
        masto.fetches().len(),
        fetches,
        "nothing fetched for a refused request"
    );
    assert!(!received(&hub, &third["id"]).await, "nothing recorded");
    // Another host is not affected.
    assert_eq!(
        send(&other, &hub, "olga", &follow(&other, &hub, "olga", 1))
            .await
            .0,
        202
    );
}
