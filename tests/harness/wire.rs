//! The JSON we put on the wire, as it is today: what a GET of each of our objects returns,
//! and the activities a remote server receives from us. Hosts, random keys, keys and
//! times are normalised (see `normalise`), so that a snapshot changes only when the shape
//! or the content of what we send does.

use super::api::call;
use super::remote::FakeMastodon;
use super::{eventually, Hub, Network, AP_ACCEPT};
use reqwest::Method;
use serde_json::Value;

/// A hub on `hub-a.test` with the member `ana` (and her token), and a fake Mastodon on
/// `masto.test` serving `felix`.
pub struct Wire {
    pub net: Network,
    pub hub: Hub,
    pub fake: FakeMastodon,
    pub client: reqwest::Client,
    pub ana: String,
}

impl Wire {
    pub async fn start() -> Wire {
        let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
        let hub = net.start_hub("hub-a.test").await;
        let domain = net.domain("masto.test");
        let fake =
            FakeMastodon::start(net.take("masto.test"), &domain, &["felix"], net.client()).await;
        hub.create_user("ana").await;
        let ana = hub.token("ana").await;
        let client = net.client();
        Wire {
            net,
            hub,
            fake,
            client,
            ana,
        }
    }

    /// An API call as ana that must answer `status`; returns the body.
    pub async fn api(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> Value {
        let (got, json) = call(&self.client, &self.hub, Some(&self.ana), method, path, body).await;
        assert_eq!(got, status, "{path}: {json}");
        json
    }

    /// The ActivityPub document at `url`, asked for the way Mastodon asks; normalised.
    pub async fn document(&self, url: &str) -> Value {
        let res = (self.client.get(url))
            .header("accept", AP_ACCEPT)
            .send()
            .await
            .expect("fetch");
        assert_eq!(res.status(), 200, "{url}");
        assert_eq!(
            res.headers()["content-type"],
            "application/activity+json",
            "{url}"
        );
        let text = res.text().await.expect("body");
        self.normalise(&text)
    }

    /// `felix` follows `object` (an actor here) and waits for its Accept; returns the Accept.
    pub async fn felix_follows(&self, object: &str, inbox: &str) -> Value {
        let name = object.rsplit('/').next().expect("a name");
        let follow = serde_json::json!({
            "id": format!("{}/follows/{name}", self.fake.actor_id("felix")),
            "type": "Follow",
            "actor": self.fake.actor_id("felix"),
            "object": object,
        });
        assert_eq!(
            self.fake
                .send("felix", &self.hub, &self.hub.url(inbox), &follow)
                .await,
            202
        );
        self.received(&format!("the Accept of {object}"), |a| {
            a["type"] == "Accept" && a["object"]["id"] == follow["id"]
        })
        .await
    }

    /// The first activity the fake received for which `matches` holds, once it has come;
    /// normalised.
    pub async fn received(&self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        eventually(what, || async {
            self.fake.inbox_items().iter().any(&matches)
        })
        .await;
        let found = self
            .fake
            .inbox_items()
            .into_iter()
            .find(|a| matches(a))
            .expect("received");
        self.normalise(&found.to_string())
    }

    /// `text` (JSON) with the test hosts' random ports removed and each random key (a
    /// path segment of 16 or more hex digits) replaced by `[key-N]`, numbered in order of
    /// first appearance so that equal keys stay equal.
    pub fn normalise(&self, text: &str) -> Value {
        let mut text = text.to_string();
        for host in ["hub-a.test", "masto.test"] {
            text = text.replace(&self.net.domain(host), host);
        }
        serde_json::from_str(&numbered_keys(&text)).expect("JSON")
    }
}

/// Replaces every `/<16 or more hex digits>` by `/[key-N]`.
fn numbered_keys(text: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('/') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let len = rest
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len());
        if len >= 16 {
            let key = &rest[..len];
            let n = match seen.iter().position(|k| k == key) {
                Some(n) => n,
                None => {
                    seen.push(key.to_string());
                    seen.len() - 1
                }
            };
            out.push_str(&format!("[key-{}]", n + 1));
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}
