//! A fake Mastodon server: serves actors built from the Mastodon fixture (ids rewritten to
//! its own host, keys generated here), answers WebFinger, records what reaches its inboxes
//! and which fetches were signed, and sends activities signed with its actors' keys.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tessera::db::models::actor::Actor;
use tessera::state::Ctx;
use tokio::net::TcpListener;

/// (path, Signature header) of one GET.
pub type Fetch = (String, Option<String>);

#[derive(Clone, Default)]
pub struct Recorded {
    /// Bodies POSTed to any inbox, in order.
    pub inbox: Arc<Mutex<Vec<Value>>>,
    /// (path, Signature header) of every GET.
    pub fetches: Arc<Mutex<Vec<Fetch>>>,
}

#[derive(Clone)]
struct Shared {
    domain: String,
    actors: Arc<Mutex<HashMap<String, Value>>>,
    /// Any other document, by path (collections, activities served at their ids).
    documents: Arc<Mutex<HashMap<String, Value>>>,
    recorded: Recorded,
}

pub struct FakeMastodon {
    pub domain: String,
    pub recorded: Recorded,
    actors: Arc<Mutex<HashMap<String, Value>>>,
    documents: Arc<Mutex<HashMap<String, Value>>>,
    keys: HashMap<String, (String, String)>,
    client: reqwest::Client,
}

fn actor_document(domain: &str, name: &str, public_pem: &str) -> Value {
    let mut doc = crate::harness::fixture("mastodon/objects/person.json");
    let base = format!("http://{domain}/users/{name}");
    doc["id"] = json!(base);
    doc["preferredUsername"] = json!(name);
    doc["name"] = json!(format!("{name} <b>on Mastodon</b>"));
    doc["summary"] = json!("<p>Hello<script>alert(1)</script></p>");
    for key in [
        "inbox",
        "outbox",
        "followers",
        "following",
        "featured",
        "featuredTags",
        "devices",
    ] {
        let suffix = doc[key]
            .as_str()
            .and_then(|s| s.rsplit('/').next())
            .unwrap_or(key)
            .to_string();
        doc[key] = json!(format!("{base}/{suffix}"));
    }
    doc["featured"] = json!(format!("{base}/collections/featured"));
    doc["url"] = json!(format!("http://{domain}/@{name}"));
    doc["endpoints"]["sharedInbox"] = json!(format!("http://{domain}/inbox"));
    doc["publicKey"] = json!({
        "id": format!("{base}#main-key"),
        "owner": base,
        "publicKeyPem": public_pem,
    });
    doc.as_object_mut().map(|o| o.remove("icon"));
    doc
}

async fn get_actor(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    record_fetch(&s, &format!("/users/{name}"), &headers);
    // Hostile variants: `html*` actors come with an HTML content type, `moved*` actors
    // claim an id other than the URL they were fetched from.
    let content_type = if name.starts_with("html") {
        "text/html; charset=utf-8"
    } else {
        "application/activity+json; charset=utf-8"
    };
    let found = s.actors.lock().unwrap().get(&name).cloned();
    match found {
        Some(mut doc) => {
            if name.starts_with("moved") {
                doc["id"] = json!(format!("http://{}/users/someone-else", s.domain));
            }
            ([(header::CONTENT_TYPE, content_type)], doc.to_string()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn record_fetch(s: &Shared, path: &str, headers: &HeaderMap) {
    let signature = headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    s.recorded
        .fetches
        .lock()
        .unwrap()
        .push((path.to_string(), signature));
}

async fn webfinger(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    record_fetch(&s, "/.well-known/webfinger", &headers);
    let resource = q.get("resource").cloned().unwrap_or_default();
    let name = resource
        .trim_start_matches("acct:")
        .split('@')
        .next()
        .unwrap_or("")
        .to_string();
    if !s.actors.lock().unwrap().contains_key(&name) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let id = format!("http://{}/users/{name}", s.domain);
    (
        [(header::CONTENT_TYPE, "application/jrd+json; charset=utf-8")],
        json!({
            "subject": format!("acct:{name}@{}", s.domain),
            "links": [
                {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": format!("http://{}/@{name}", s.domain)},
                {"rel": "self", "type": "application/activity+json", "href": id}
            ]
        })
        .to_string(),
    )
        .into_response()
}

/// Any document served with `FakeMastodon::serve`, else 404.
async fn get_document(
    State(s): State<Shared>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let path = uri.path().to_string();
    record_fetch(&s, &path, &headers);
    let found = s.documents.lock().unwrap().get(&path).cloned();
    // `{"redirect": url}` answers 302 to that URL (an id that leads elsewhere).
    if let Some(to) = found
        .as_ref()
        .and_then(|d| d.get("redirect"))
        .and_then(Value::as_str)
    {
        return (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response();
    }
    match found {
        Some(doc) => (
            [(
                header::CONTENT_TYPE,
                "application/activity+json; charset=utf-8",
            )],
            doc.to_string(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn inbox(State(s): State<Shared>, body: Bytes) -> StatusCode {
    match serde_json::from_slice::<Value>(&body) {
        Ok(v) => {
            s.recorded.inbox.lock().unwrap().push(v);
            StatusCode::ACCEPTED
        }
        Err(_) => StatusCode::BAD_REQUEST,
    }
}

impl FakeMastodon {
    /// Serves the actors `names` on `listener`, reachable as `domain`.
    pub async fn start(
        listener: TcpListener,
        domain: &str,
        names: &[&str],
        client: reqwest::Client,
    ) -> FakeMastodon {
        let mut keys = HashMap::new();
        let mut actors = HashMap::new();
        for name in names {
            let pair = tessera::services::users::generate_keys()
                .await
                .expect("keys");
            actors.insert(
                name.to_string(),
                actor_document(domain, name, &pair.public_key),
            );
            keys.insert(name.to_string(), (pair.public_key, pair.private_key));
        }
        let recorded = Recorded::default();
        let actors = Arc::new(Mutex::new(actors));
        let documents = Arc::new(Mutex::new(HashMap::new()));
        let shared = Shared {
            domain: domain.to_string(),
            actors: actors.clone(),
            documents: documents.clone(),
            recorded: recorded.clone(),
        };
        let router = Router::new()
            .route("/users/{name}", get(get_actor))
            .route("/users/{name}/inbox", post(inbox))
            .route("/inbox", post(inbox))
            .route("/.well-known/webfinger", get(webfinger))
            .fallback(get(get_document))
            .with_state(shared);
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        FakeMastodon {
            domain: domain.to_string(),
            recorded,
            actors,
            documents,
            keys,
            client,
        }
    }

    /// Serves `doc` as the actor `name` from now on (another program's actor shape, say);
    /// `name` keeps its keys, whose public half is `public_key(name)`.
    #[allow(dead_code)] // not every binary sharing the harness uses it
    pub fn set_actor(&self, name: &str, doc: Value) {
        self.actors.lock().unwrap().insert(name.to_string(), doc);
    }

    /// Serves `doc` at `url`'s path (on this server) from now on; `{"redirect": other}`
    /// answers with a redirect to `other`.
    #[allow(dead_code)]
    pub fn serve(&self, url: &str, doc: Value) {
        let path = url::Url::parse(url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| url.to_string());
        self.documents.lock().unwrap().insert(path, doc);
    }

    #[allow(dead_code)]
    pub fn public_key(&self, name: &str) -> String {
        self.keys[name].0.clone()
    }

    pub fn actor_id(&self, name: &str) -> String {
        format!("http://{}/users/{name}", self.domain)
    }

    /// A signing context for `name`, using the library's own request signing, the way a
    /// real server signs: Digest, Date, Host and (request-target).
    async fn signer(&self, name: &str, hub: &crate::harness::Hub) -> Ctx {
        let (public_key, private_key) = self.keys[name].clone();
        let now = chrono::Utc::now().naive_utc();
        let actor = Actor {
            id: 0,
            ap_id: tessera::db::types::DbUrl(url::Url::parse(&self.actor_id(name)).unwrap()),
            kind: "Person".into(),
            username: name.into(),
            domain: self.domain.clone(),
            display_name: String::new(),
            summary: String::new(),
            inbox_url: format!("{}/inbox", self.actor_id(name)),
            shared_inbox_url: None,
            outbox_url: None,
            followers_url: None,
            following_url: None,
            profile_url: None,
            public_key_pem: public_key,
            private_key_pem: Some(private_key),
            is_local: true,
            manually_approves_followers: false,
            discoverable: true,
            published: None,
            last_refreshed_at: now,
            created_at: now,
            standing: "ok".into(),
            domain_limited: false,
        };
        activitypub_federation::config::FederationConfig::builder()
            .domain(self.domain.clone())
            .app_data(hub.ctx.app_data().clone())
            .debug(true)
            .http_signature_compat(true)
            .signed_fetch_actor(&actor)
            .build()
            .await
            .expect("signing config")
            .to_request_data()
    }

    /// POSTs `activity`, signed by `name`, to `inbox`; returns the HTTP status.
    pub async fn send(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        inbox: &str,
        activity: &Value,
    ) -> StatusCode {
        self.send_raw(name, hub, inbox, activity.to_string().into_bytes())
            .await
    }

    /// POSTs any body, correctly signed by `name`.
    pub async fn send_raw(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        inbox: &str,
        body: Vec<u8>,
    ) -> StatusCode {
        let text = String::from_utf8_lossy(&body).into_owned();
        self.send_raw_tampered(name, hub, inbox, text.clone(), text)
            .await
    }

    /// Signs `signed` but sends `sent`: what a man in the middle would do.
    pub async fn send_raw_tampered(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        inbox: &str,
        signed: String,
        sent: String,
    ) -> StatusCode {
        self.send_modified(name, hub, inbox, signed, None, move |request| {
            *request.body_mut() = Some(reqwest::Body::from(sent));
        })
        .await
    }

    /// Signs `body` as `name` (with `date` as the Date header when given), lets `mutate`
    /// change the signed request, sends it and returns the status.
    pub async fn send_modified(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        inbox: &str,
        body: String,
        date: Option<String>,
        mutate: impl FnOnce(&mut reqwest::Request),
    ) -> StatusCode {
        let mut request = self.sign_request_dated(name, hub, inbox, body, date).await;
        mutate(&mut request);
        let response = self.client.execute(request).await.expect("send");
        StatusCode::from_u16(response.status().as_u16()).unwrap()
    }

    /// A request signed now by `name`, to send later (benchmarks sign ahead of timing).
    #[allow(dead_code)] // used by benches/federation.rs, which shares this harness
    pub async fn sign_request(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        inbox: &str,
        body: String,
    ) -> reqwest::Request {
        self.sign_request_dated(name, hub, inbox, body, None).await
    }

    /// Signs a POST of `body` as `name`, with `date` as its Date header (now if none).
    async fn sign_request_dated(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        inbox: &str,
        body: String,
        date: Option<String>,
    ) -> reqwest::Request {
        let signer = self.signer(name, hub).await;
        let date = date.unwrap_or_else(|| httpdate::fmt_http_date(std::time::SystemTime::now()));
        let builder = reqwest_middleware::ClientWithMiddleware::from(self.client.clone())
            .post(inbox)
            .header("content-type", "application/activity+json")
            .header("date", date);
        signer
            .sign_request(builder, Bytes::from(body))
            .await
            .expect("sign")
    }

    /// GETs `url` as ActivityPub JSON with a request signed by `name` (an authorized fetch).
    #[allow(dead_code)]
    pub async fn signed_get(
        &self,
        name: &str,
        hub: &crate::harness::Hub,
        url: &str,
    ) -> reqwest::Response {
        let signer = self.signer(name, hub).await;
        let builder = reqwest_middleware::ClientWithMiddleware::from(self.client.clone())
            .get(url)
            .header("accept", "application/activity+json")
            .header(
                "date",
                httpdate::fmt_http_date(std::time::SystemTime::now()),
            );
        let request = signer
            .sign_request(builder, Bytes::new())
            .await
            .expect("sign");
        self.client.execute(request).await.expect("get")
    }

    #[allow(dead_code)] // used by benches/federation.rs
    pub fn client(&self) -> reqwest::Client {
        self.client.clone()
    }

    pub fn inbox_items(&self) -> Vec<Value> {
        self.recorded.inbox.lock().unwrap().clone()
    }

    pub fn fetches(&self) -> Vec<Fetch> {
        self.recorded.fetches.lock().unwrap().clone()
    }
}
