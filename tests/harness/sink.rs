//! A sink: one HTTP server standing for many remote hosts. It records every delivery (by
//! `Host` header) and answers from a per-host script (status and `Retry-After`), 202 when
//! the script is empty.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub host: String,
    pub path: String,
    pub activity_id: String,
    pub signed: bool,
    /// When the request arrived (before any configured delay).
    #[allow(dead_code)] // read by the wakeups benchmark
    pub at: std::time::Instant,
}

/// Answers a host will give, in order: status and optional `Retry-After`.
type Script = HashMap<String, VecDeque<(u16, Option<String>)>>;

#[derive(Clone, Default)]
pub struct Sink {
    received: Arc<Mutex<Vec<Received>>>,
    delay_ms: Arc<std::sync::atomic::AtomicU64>,
    script: Arc<Mutex<Script>>,
}

async fn handle(State(sink): State<Sink>, headers: HeaderMap, uri: Uri, body: Bytes) -> Response {
    let at = std::time::Instant::now();
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    let activity_id = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["id"].as_str().map(str::to_string))
        .unwrap_or_default();
    let delay = sink.delay_ms.load(std::sync::atomic::Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let answer = sink
        .script
        .lock()
        .unwrap()
        .get_mut(&host)
        .and_then(VecDeque::pop_front);
    sink.received.lock().unwrap().push(Received {
        host,
        path: uri.path().to_string(),
        activity_id,
        signed: headers.contains_key("signature"),
        at,
    });
    match answer {
        Some((status, retry_after)) => {
            let mut response = StatusCode::from_u16(status).unwrap().into_response();
            if let Some(after) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", after.parse().unwrap());
            }
            response
        }
        None => StatusCode::ACCEPTED.into_response(),
    }
}

impl Sink {
    pub async fn start(listener: TcpListener) -> Sink {
        let sink = Sink::default();
        let router = Router::new().fallback(handle).with_state(sink.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        sink
    }

    /// Answers every request after `ms` milliseconds (a slow remote).
    pub fn set_delay(&self, ms: u64) {
        self.delay_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
    }

    /// The next answers `host` gives, in order.
    pub fn script(&self, host: &str, answers: &[(u16, Option<&str>)]) {
        self.script.lock().unwrap().insert(
            host.to_string(),
            answers
                .iter()
                .map(|(s, r)| (*s, r.map(str::to_string)))
                .collect(),
        );
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn count_for(&self, host: &str) -> usize {
        self.received().iter().filter(|r| r.host == host).count()
    }
}
