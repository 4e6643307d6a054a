//! The JSON API (`/api/v1`): one call, and `One`, a hub with members driven through it.

use super::{Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};

pub async fn call(
    client: &reqwest::Client,
    hub: &Hub,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client.request(method, hub.url(&format!("/api/v1{path}")));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub struct One {
    pub hub: Hub,
    pub client: reqwest::Client,
    _net: Network,
}

impl One {
    /// A hub with members `names`; returns their tokens in the same order.
    pub async fn start(names: &[&str]) -> (One, Vec<String>) {
        let mut net = Network::bind(&["hub-a.test"]).await;
        let hub = net.start_hub("hub-a.test").await;
        let mut tokens = Vec::new();
        for n in names {
            hub.create_user(n).await;
            tokens.push(hub.token(n).await);
        }
        let client = net.client();
        (
            One {
                hub,
                client,
                _net: net,
            },
            tokens,
        )
    }

    pub async fn call(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        call(&self.client, &self.hub, token, method, path, body).await
    }

    /// A call that must answer `status`; returns the body.
    pub async fn ok(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let (got, json) = self.call(token, method.clone(), path, body).await;
        assert_eq!(got, status, "{method} {path}: {json}");
        json
    }

    /// A call that must be refused with `status` and a message naming `id`.
    pub async fn refused(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
        id: &str,
    ) {
        let (got, json) = self.call(token, method.clone(), path, body).await;
        assert_eq!(got, status, "{method} {path}: {json}");
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(id), "{method} {path}: {json} lacks {id}");
    }

    pub async fn community(&self, token: &str, body: Value) -> Value {
        self.ok(Some(token), Method::POST, "/communities", Some(body), 201)
            .await
    }

    pub async fn follow(&self, token: &str, community: &str) -> Value {
        self.ok(
            Some(token),
            Method::POST,
            "/follows",
            Some(json!({"target": community})),
            201,
        )
        .await
    }

    pub async fn thread(&self, token: &str, community: &str, title: &str, language: &str) -> i64 {
        let path = format!("/communities/{community}/threads");
        let body =
            json!({"title": title, "content": format!("About {title}."), "language": language});
        let t = self
            .ok(Some(token), Method::POST, &path, Some(body), 201)
            .await;
        t["id"].as_i64().unwrap()
    }

    pub async fn reply(&self, token: &str, thread: i64, to: Option<i64>, text: &str) -> Value {
        let path = format!("/threads/{thread}/replies");
        let body = json!({"content": text, "language": "en", "in_reply_to": to});
        self.ok(Some(token), Method::POST, &path, Some(body), 201)
            .await
    }

    pub async fn tree(&self, token: Option<&str>, id: i64) -> Value {
        self.ok(token, Method::GET, &format!("/threads/{id}"), None, 200)
            .await
    }

    pub async fn titles(&self, community: &str, query: &str) -> Vec<String> {
        let path = format!("/communities/{community}/threads{query}");
        let page = self.ok(None, Method::GET, &path, None, 200).await;
        let items = page["items"].as_array().unwrap();
        assert_eq!(page["total"].as_i64().unwrap() as usize, items.len());
        items
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect()
    }
}
