//! `/metrics`: off by default, behind a bearer token on the hub's address, or open on an
//! address of its own; requests counted by route template and status, inbox activities by
//! type and result, and the queue, hosts and pool read at scrape time.

use crate::harness::{Network, AP_ACCEPT};

const TOKEN: &str = "metrics-token-0123456789";

async fn scrape(client: &reqwest::Client, url: &str, token: Option<&str>) -> (u16, String) {
    let mut req = client.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("scrape");
    let status = res.status().as_u16();
    if status == 200 {
        let kind = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    }
    (status, res.text().await.unwrap())
}

/// The value of the sample line that starts with `series` (labels included).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_need_the_token_and_count_requests_and_inbox_activities() {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "hub-c.test"]).await;
    let a = net
        .start_hub_with("hub-a.test", |c| c.metrics.token = TOKEN.into())
        .await;
    let b = net.start_hub("hub-b.test").await;
    let client = net.client();

    // Without a token configured, there are no metrics on the hub's address.
    let (status, _) = scrape(&client, &b.url("/metrics"), Some(TOKEN)).await;
    assert_eq!(status, 404);
    // With one, only the right bearer token reads them.
    let (status, _) = scrape(&client, &a.url("/metrics"), None).await;
    assert_eq!(status, 401);
    let (status, body) = scrape(
        &client,
        &a.url("/metrics"),
        Some("metrics-token-wrong-guess"),
    )
    .await;
    assert_eq!(status, 401);
    assert!(!body.contains("tessera_"));

    a.create_user("ana").await;
    b.create_user("ben").await;
    for _ in 0..3 {
        let res = client
            .get(a.url("/users/ana"))
            .header("accept", AP_ACCEPT)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = client.get(a.url("/no/such/page")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    // An unsigned activity: refused before its JSON is read.
    let res = client
        .post(a.url("/inbox"))
        .header("content-type", "application/activity+json")
        .body(r#"{"id":"x","type":"Create","actor":"y"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // A real Follow from hub B, signed: accepted.
    let ben = b.token("ben").await;
    let res = client
        .post(b.url("/api/v1/follows"))
        .bearer_auth(&ben)
        .json(&serde_json::json!({"target": format!("ana@{}", a.domain)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let follow = r#"tessera_inbox_activities_total{type="Follow",result="accepted"}"#;
    let mut text = String::new();
    for _ in 0..400 {
        text = scrape(&client, &a.url("/metrics"), Some(TOKEN)).await.1;
        if sample(&text, follow).is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sample(&text, follow), Some(1.0), "{text}");
    // Ours, and hub B's fetches of ana's actor.
    let actor_gets = sample(
        &text,
        r#"tessera_http_requests_total{method="GET",route="/users/{name}",status="200"}"#,
    );
    assert!(actor_gets.is_some_and(|n| n >= 3.0), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("tessera_http_requests_total") && l.contains("status=\"404\"")),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"tessera_inbox_activities_total{type="unknown",result="unauthenticated"}"#
        ),
        Some(1.0),
        "{text}"
    );
    // What the database says, read at scrape time.
    for series in [
        r#"tessera_deliveries{state="pending"}"#,
        r#"tessera_deliveries{state="in_flight"}"#,
        r#"tessera_deliveries{state="failed"}"#,
        r#"tessera_hosts{state="ok"}"#,
        r#"tessera_peer_backfills{state="done"}"#,
        "tessera_delivery_queue_oldest_seconds",
        "tessera_peer_backfill_items",
        "tessera_db_pool_connections",
        "tessera_db_pool_waiting",
    ] {
        assert!(
            sample(&text, series).is_some(),
            "{series} missing in\n{text}"
        );
    }
    assert_eq!(sample(&text, "tessera_db_pool_max"), Some(4.0));
    assert!(sample(&text, "tessera_database_bytes").unwrap() > 10_000.0);
    assert!(text.trim_end().ends_with("# EOF"));
}

#[tokio::test]
async fn metrics_on_an_address_of_their_own_need_no_token() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = free.local_addr().unwrap();
    drop(free);
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| c.metrics.bind = addr.to_string())
        .await;
    let client = net.client();
    let url = format!("http://{addr}/metrics");
    let mut scraped = None;
    for _ in 0..100 {
        if let Ok(res) = client.get(&url).send().await {
            scraped = Some((res.status().as_u16(), res.text().await.unwrap()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, text) = scraped.expect("the metrics address answers");
    assert_eq!(status, 200);
    assert!(text.contains("tessera_uptime_seconds"), "{text}");
    // The hub's own address still has none (no token is set).
    let res = client.get(hub.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}
