//! `GET /{projects|organisations}/{handle}/feed.atom`: an entry's public updates as Atom.

use crate::services::feeds;
use crate::state::Ctx;
use crate::web::entries::Kind;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Feed readers poll; a few minutes of caching costs a reader little and spares the hub.
const CACHE_CONTROL: &str = "public, max-age=300";

pub async fn entry_feed(
    data: Ctx,
    Kind(kind): Kind,
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Response {
    let feed = match feeds::entry_feed(&data, kind, &handle).await {
        Ok(feed) => feed,
        Err(e) => return e.into_response(),
    };
    respond(&headers, feed)
}

/// An Atom document with `Last-Modified`, answering 304 to a reader that has it already.
pub fn respond(headers: &HeaderMap, feed: feeds::AtomFeed) -> Response {
    let last_modified = httpdate::fmt_http_date(feed.updated.into());
    // Readers that send back the date they were given get an empty answer while nothing
    // changed (Last-Modified has whole seconds, so compare at that precision).
    let unchanged = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| {
            chrono::DateTime::<chrono::Utc>::from(since).timestamp() >= feed.updated.timestamp()
        });
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
            feed.xml,
        )
            .into_response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&last_modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    response
}
