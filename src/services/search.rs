//! One search across everything a hub shows: projects and organisations (the directory's
//! index), communities, events, threads and people (`search_index`). Each kind is counted,
//! and what may not be shown (private or removed posts, hidden people) is dropped before
//! counting, so counts match what the lists would show.

use crate::db::models::actor::Actor;
use crate::db::models::directory_search::{self, DirectoryQuery, SearchHit};
use crate::db::models::event::Event;
use crate::db::models::search_index::{self, Indexed, ThreadHit};
use crate::db::models::search_terms::words;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;

/// Matches looked at per kind: what is counted beyond is shown as "more than".
pub const MAX_MATCHES: i64 = 500;
/// Results shown per kind when all kinds are shown together, and on one kind's list.
pub const PER_KIND: usize = 5;
pub const PER_PAGE: usize = 50;
pub const MAX_QUERY_CHARS: usize = 200;

/// The kinds, in the order a results page lists them.
pub const KINDS: &[&str] = &["entries", "communities", "events", "threads", "people"];

#[derive(Debug, Default)]
pub struct Results {
    pub entries: Vec<SearchHit>,
    pub communities: Vec<Actor>,
    pub events: Vec<Event>,
    /// A thread's first post, with its author and its community.
    pub threads: Vec<ThreadHit>,
    pub people: Vec<Actor>,
    /// `(kind, matches)` for every kind, in [`KINDS`] order.
    pub counts: Vec<(&'static str, i64)>,
}

/// What `q` finds, `only` one kind (its longer list) or all (a few of each).
pub async fn search(data: &Ctx, q: &str, only: Option<&str>) -> AppResult<Results> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::Validation("search-error-too-long"));
    }
    if let Some(kind) = only {
        if !KINDS.contains(&kind) {
            return Err(AppError::Validation("search-error-kind"));
        }
    }
    let words = words(q);
    let mut out = Results::default();
    if words.is_empty() {
        out.counts = KINDS.iter().map(|k| (*k, 0)).collect();
        return Ok(out);
    }
    let shown = |kind: &str| match only {
        Some(k) if k == kind => PER_PAGE,
        Some(_) => 0,
        None => PER_KIND,
    };
    let mut conn = data.pool.get().await?;

    let query = DirectoryQuery {
        text: q.to_string(),
        limit: shown("entries") as i64,
        ..DirectoryQuery::default()
    };
    let found = directory_search::search(&mut conn, &data.directory, &query).await?;
    out.entries = found.hits;
    out.counts.push(("entries", found.total));

    let ids = search_index::matches(&mut conn, Indexed::Actor, &words, MAX_MATCHES).await?;
    let (groups, people) = search_index::communities_and_people(
        &mut conn,
        &ids,
        shown("communities"),
        shown("people"),
    )
    .await?;
    out.counts.push(("communities", groups.total));
    out.communities = groups.shown;

    let ids = search_index::matches(&mut conn, Indexed::Event, &words, MAX_MATCHES).await?;
    let found = search_index::events(&mut conn, &ids, shown("events")).await?;
    out.counts.push(("events", found.total));
    out.events = found.shown;

    let ids = search_index::matches(&mut conn, Indexed::Post, &words, MAX_MATCHES).await?;
    let found = search_index::threads(&mut conn, &ids, shown("threads")).await?;
    out.counts.push(("threads", found.total));
    out.threads = found.shown;

    out.counts.push(("people", people.total));
    out.people = people.shown;
    Ok(out)
}
