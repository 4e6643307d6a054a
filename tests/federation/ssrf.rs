//! Outgoing requests never reach private networks unless `allow_private_addresses` is on:
//! names resolving to private addresses, non-public IP literals (IPv4-mapped included) and
//! redirects are all stopped before a connection is made.

use crate::harness::sink::Sink;
use crate::harness::Network;
use serde_json::json;
use std::time::Duration;
use tessera::federation::http_client;

#[tokio::test]
async fn outgoing_requests_stay_off_private_networks() {
    let mut net = Network::bind(&["inner.test"]).await;
    let addr = net.overrides["inner.test"];
    let port = addr.port();
    net.overrides
        .insert("private.test".into(), "10.1.2.3:80".parse().unwrap());
    net.overrides.insert(
        "mapped.test".into(),
        format!("[::ffff:127.0.0.1]:{port}").parse().unwrap(),
    );
    let sink = Sink::start(net.take("inner.test")).await;
    let strict =
        http_client::build(false, Duration::from_secs(3), &net.overrides, "x.test").unwrap();
    let lax = http_client::build(true, Duration::from_secs(3), &net.overrides, "x.test").unwrap();

    let refused = [
        format!("http://inner.test:{port}/"),
        format!("http://localhost:{port}/"),
        "http://private.test/".to_string(),
        format!("http://mapped.test:{port}/"),
        format!("http://127.0.0.1:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://0.0.0.0:{port}/"),
        format!("http://[::]:{port}/"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://10.0.0.1/".to_string(),
        format!("http://[fd00::1]:{port}/"),
        format!("http://[::1]:{port}/"),
    ];
    for url in &refused {
        let result = strict.get(url).send().await;
        assert!(
            result.is_err(),
            "{url} was reached: {:?}",
            result.map(|r| r.status())
        );
    }
    assert!(
        sink.received().is_empty(),
        "a refused request reached the server"
    );

    // With private addresses allowed (tests, development) the same requests go through.
    let ok = lax
        .get(format!("http://inner.test:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 202);
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn redirects_are_not_followed_by_the_client() {
    let net = Network::bind(&["redirector.test"]).await;
    let mut net = net;
    let listener = net.take("redirector.test");
    let port = listener.local_addr().unwrap().port();
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move {
            (
                axum::http::StatusCode::FOUND,
                [("location", format!("http://127.0.0.1:{port}/secret"))],
            )
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    let lax = http_client::build(true, Duration::from_secs(3), &net.overrides, "x.test").unwrap();
    let res = lax
        .get(format!("http://redirector.test:{port}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        302,
        "the client hands redirects back instead of following them"
    );
}

#[tokio::test]
async fn a_public_hub_does_not_fetch_from_private_addresses() {
    let mut net = Network::bind(&["hub-a.test", "inner.test"]).await;
    let sink = Sink::start(net.take("inner.test")).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.federation.allow_private_addresses = false
        })
        .await;
    hub.create_user("alice").await;
    let client = net.client();
    for target in [
        "@victim@inner.test",
        "http://inner.test/users/victim",
        "http://127.0.0.1/users/victim",
    ] {
        let res = client
            .post(hub.url("/api/v1/follows"))
            .bearer_auth(hub.token("alice").await)
            .json(&json!({"target": target}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{target}");
    }
    assert!(
        sink.received().is_empty(),
        "the hub reached a private address"
    );
}
