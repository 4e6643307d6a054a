//! Rendered federation documents kept in memory: WebFinger, NodeInfo, actor documents,
//! collections and objects are read far more often than they change (every server that
//! sees a handle or a post asks for them), so the second request for one is answered
//! without the database.
//!
//! Only responses a handler marks [`Shared`] (the same for every requester, whatever it
//! signs) are kept. Everything kept is dropped at once when anything they are made of may
//! have changed: the cache has a generation, and a document is kept only if the generation
//! did not move while it was rendered. The generation moves
//! - after every request with an unsafe method (`app::ops::cache_documents`), so a writer
//!   reads its own write;
//! - when the database says a table that documents are made of changed (`doc_changes`
//!   migration): the hub's own writes are counted by its pool's connections as they are made
//!   (`db::notify::DocWrites`); everyone's, on SQLite through a count that `app` polls, on
//!   PostgreSQL by a notification to every process when such a write commits.
//!
//! A document is also never older than [`MAX_AGE`] (NodeInfo counts active members by date).

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// A document this old is rendered again even if nothing was seen to change.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Bounds on what is kept: past them the cache starts again from empty.
const MAX_ENTRIES: usize = 20_000;
const MAX_BYTES: usize = 64 << 20;
/// Larger documents are served but not kept.
pub const MAX_DOCUMENT: usize = 1 << 20;

/// Put in a response's extensions by a handler whose answer does not depend on who asks.
#[derive(Clone, Copy, Debug)]
pub struct Shared;

/// Marks `response` as [`Shared`].
pub fn shared(mut response: Response) -> Response {
    response.extensions_mut().insert(Shared);
    response
}

/// One kept answer.
#[derive(Clone)]
pub struct Document {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The route template, for the request counters.
    pub route: Option<&'static str>,
    stored: Instant,
}

impl Document {
    pub fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        route: Option<&'static str>,
    ) -> Self {
        Document {
            status,
            headers,
            body,
            route,
            stored: Instant::now(),
        }
    }
}

impl IntoResponse for Document {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body).into_response();
        *response.headers_mut() = self.headers;
        response
    }
}

#[derive(Default)]
pub struct DocCache {
    generation: AtomicU64,
    /// The writes of the hub's own connections (`DbPool::doc_writes`).
    local_writes: crate::db::notify::WriteCount,
    entries: RwLock<Entries>,
}

#[derive(Default)]
struct Entries {
    generation: u64,
    /// Asked for as ActivityPub JSON, and everything else; keyed by path and query.
    json: HashMap<Box<str>, Document>,
    other: HashMap<Box<str>, Document>,
    bytes: usize,
}

impl DocCache {
    /// A cache that also follows the writes counted in `local_writes`.
    pub fn new(local_writes: crate::db::notify::WriteCount) -> Self {
        DocCache {
            local_writes,
            ..DocCache::default()
        }
    }

    /// The generation to pass to [`DocCache::put`] for a document about to be rendered.
    pub fn generation(&self) -> u64 {
        // The hub's own writes count too, as its connections make them.
        self.generation.load(Ordering::Acquire) + self.local_writes.get()
    }

    /// Forgets everything kept.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The document kept for `key` (a path and query), if it is still good.
    pub fn get(&self, json: bool, key: &str) -> Option<Document> {
        let generation = self.generation();
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        if entries.generation != generation {
            return None;
        }
        let map = if json { &entries.json } else { &entries.other };
        map.get(key)
            .filter(|d| d.stored.elapsed() < MAX_AGE)
            .cloned()
    }

    /// Keeps `document`, unless the generation moved since `generation` was read (then it
    /// may have been rendered from what was being changed).
    pub fn put(&self, generation: u64, json: bool, key: Box<str>, document: Document) {
        if document.body.len() > MAX_DOCUMENT {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if self.generation() != generation {
            return;
        }
        if entries.generation != generation
            || entries.json.len() + entries.other.len() >= MAX_ENTRIES
            || entries.bytes + document.body.len() > MAX_BYTES
        {
            *entries = Entries {
                generation,
                ..Entries::default()
            };
        }
        entries.bytes += document.body.len() + key.len();
        let map = if json {
            &mut entries.json
        } else {
            &mut entries.other
        };
        if let Some(old) = map.insert(key, document) {
            entries.bytes -= old.body.len();
        }
    }

    /// How many documents are kept (for tests and `/admin/health`).
    pub fn len(&self) -> usize {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        if entries.generation != self.generation() {
            return 0;
        }
        entries.json.len() + entries.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &'static str) -> Document {
        Document::new(StatusCode::OK, HeaderMap::new(), Bytes::from(body), None)
    }

    #[test]
    fn kept_until_the_generation_moves() {
        let cache = DocCache::default();
        let g = cache.generation();
        cache.put(g, true, "/users/a".into(), doc("a"));
        assert_eq!(&cache.get(true, "/users/a").unwrap().body[..], b"a");
        assert!(
            cache.get(false, "/users/a").is_none(),
            "HTML asks are apart"
        );
        cache.invalidate();
        assert!(cache.get(true, "/users/a").is_none());
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_document_rendered_across_a_change_is_not_kept() {
        let cache = DocCache::default();
        let g = cache.generation();
        cache.invalidate();
        cache.put(g, true, "/users/a".into(), doc("old"));
        assert!(cache.get(true, "/users/a").is_none());
        let g = cache.generation();
        cache.put(g, true, "/users/a".into(), doc("new"));
        assert_eq!(&cache.get(true, "/users/a").unwrap().body[..], b"new");
    }

    #[test]
    fn bounded() {
        let cache = DocCache::default();
        let g = cache.generation();
        for i in 0..MAX_ENTRIES + 10 {
            cache.put(g, true, format!("/users/u{i}").into(), doc("x"));
        }
        assert!(cache.len() <= MAX_ENTRIES);
        let big = Bytes::from(vec![b' '; MAX_DOCUMENT + 1]);
        let d = Document::new(StatusCode::OK, HeaderMap::new(), big, None);
        cache.put(g, true, "/big".into(), d);
        assert!(cache.get(true, "/big").is_none());
    }
}
