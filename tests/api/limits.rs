//! Rate limits on the JSON API: every request counts against `limits.api` for the client's
//! address and for the token's member, creating content also against `limits.posting`;
//! over a quota, 429 `rate_limited` with `Retry-After`, and other clients go on.
//!
//! Requests come from 127.0.0.1, named a trusted proxy, so `X-Forwarded-For` stands for
//! each client's address.

use crate::harness::{Hub, Network};
use serde_json::{json, Value};
use tessera::config::{Config, Quota};

struct Limited {
    hub: Hub,
    client: reqwest::Client,
    _net: Network,
}

async fn start(names: &[&str], tweak: impl FnOnce(&mut Config)) -> (Limited, Vec<String>) {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net
        .start_hub_with("hub-a.test", |c| {
            c.limits.enabled = true;
            c.limits.trusted_proxies = vec!["127.0.0.0/8".into()];
            tweak(c);
        })
        .await;
    let mut tokens = Vec::new();
    for name in names {
        hub.create_user(name).await;
        tokens.push(hub.token(name).await);
    }
    let client = net.client();
    (
        Limited {
            hub,
            client,
            _net: net,
        },
        tokens,
    )
}

/// What a call got: status, `Retry-After` and the JSON body.
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: Value,
}

impl Limited {
    async fn call(
        &self,
        ip: &str,
        token: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, self.hub.url(&format!("/api/v1{path}")))
            .header("x-forwarded-for", ip);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let retry_after = res
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().parse().expect("seconds"));
        let body = serde_json::from_str(&res.text().await.unwrap()).unwrap_or(Value::Null);
        Answer {
            status,
            retry_after,
            body,
        }
    }

    async fn get(&self, ip: &str, token: Option<&str>, path: &str) -> Answer {
        self.call(ip, token, reqwest::Method::GET, path, None).await
    }
}

fn assert_limited(answer: &Answer, period: u64) {
    assert_eq!(answer.status, 429, "{}", answer.body);
    assert_eq!(
        answer.body["error"]["code"], "rate_limited",
        "{}",
        answer.body
    );
    let secs = answer.retry_after.expect("Retry-After");
    assert!((1..=period).contains(&secs), "Retry-After {secs}");
}

#[tokio::test]
async fn api_requests_are_limited_per_address_and_per_token() {
    let (one, tokens) = start(&["ana", "bea"], |c| c.limits.api = Quota::new(3, 300)).await;
    let (ana, bea) = (Some(tokens[0].as_str()), Some(tokens[1].as_str()));

    // One address, without a token: three calls, then refused.
    for _ in 0..3 {
        assert_eq!(one.get("203.0.113.1", None, "/instance").await.status, 200);
    }
    assert_limited(&one.get("203.0.113.1", None, "/instance").await, 300);
    // A token does not lift the address's quota.
    assert_limited(&one.get("203.0.113.1", bea, "/timeline").await, 300);
    // Another address goes on.
    assert_eq!(one.get("203.0.113.2", None, "/instance").await.status, 200);

    // One token from ever new addresses: its member's quota is spent on the fourth.
    for i in 0..3 {
        let ip = format!("198.51.100.{i}");
        assert_eq!(one.get(&ip, ana, "/timeline").await.status, 200);
    }
    assert_limited(&one.get("198.51.100.9", ana, "/timeline").await, 300);
    // Another member goes on, and so does that last address without ana's token.
    assert_eq!(one.get("198.51.100.10", bea, "/timeline").await.status, 200);
    assert_eq!(one.get("198.51.100.9", None, "/instance").await.status, 200);
    // A bad token is still 401, not counted against anyone's account.
    let answer = one
        .get("198.51.100.11", Some("not a token"), "/timeline")
        .await;
    assert_eq!(answer.status, 401);
}

#[tokio::test]
async fn creating_through_the_api_is_limited() {
    let (one, tokens) = start(&["ana", "bea"], |c| c.limits.posting = Quota::new(2, 1800)).await;
    let (ana, bea) = (Some(tokens[0].as_str()), Some(tokens[1].as_str()));
    let post = |text: &str| Some(json!({"content": text}));
    let create = reqwest::Method::POST;
    let first = one
        .call("203.0.113.1", ana, create.clone(), "/posts", post("one"))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let community = json!({"handle": "circle", "name": "Circle"});
    let second = one
        .call(
            "203.0.113.1",
            ana,
            create.clone(),
            "/communities",
            Some(community),
        )
        .await;
    assert_eq!(second.status, 201, "{}", second.body);
    // Any creating route counts: a thread is refused now, from ana's address and account.
    let thread = json!({"title": "Hello", "content": "First"});
    let third = one
        .call(
            "203.0.113.1",
            ana,
            create.clone(),
            "/communities/circle/threads",
            Some(thread.clone()),
        )
        .await;
    assert_limited(&third, 1800);
    assert_limited(
        &one.call("198.51.100.1", ana, create.clone(), "/posts", post("x"))
            .await,
        1800,
    );
    // Reading and other changes are not posting.
    assert_eq!(one.get("203.0.113.1", ana, "/timeline").await.status, 200);
    // Bea, elsewhere, creates.
    let answer = one
        .call("198.51.100.2", bea, create, "/posts", post("hello"))
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
}
