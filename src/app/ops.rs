//! What an operator needs from the running server: requests counted for `/metrics`, the
//! metrics endpoint itself (behind a token, or on an address of its own), the cache of
//! rendered federation documents in front of the router, and the signal that starts a
//! graceful shutdown.

use crate::doc_cache;
use crate::error::AppError;
use crate::state::{AppState, Ctx};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio_util::sync::CancellationToken;

/// The route template a request matched, passed from the inner layer to the outer one.
#[derive(Clone, Copy)]
struct RouteTemplate(&'static str);

/// Inside the router (a route layer, where the match is known): notes the route template.
pub async fn note_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let route = matched.map(|m| crate::metrics::route_name(m.as_str()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(RouteTemplate(route));
    }
    response
}

/// In front of the router: answers a GET from the documents kept in `AppState::docs`
/// (`crate::doc_cache`), keeps the answers handlers mark shared, and forgets everything
/// kept once a request that may write (any unsafe method) has been answered.
pub async fn cache_documents(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET {
        let writes = !matches!(*request.method(), Method::HEAD | Method::OPTIONS);
        let response = next.run(request).await;
        if writes {
            state.docs.invalidate();
        }
        return response;
    }
    let json = crate::inbound::routes::wants_activity_json(request.headers());
    let key = request.uri().path_and_query().map_or("/", |p| p.as_str());
    if let Some(document) = state.docs.get(json, key) {
        let route = document.route;
        let mut response = document.into_response();
        if let Some(route) = route {
            response.extensions_mut().insert(RouteTemplate(route));
        }
        return response;
    }
    let key: Box<str> = key.into();
    let generation = state.docs.generation();
    let response = next.run(request).await;
    if response.status() != StatusCode::OK
        || response.extensions().get::<doc_cache::Shared>().is_none()
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, doc_cache::MAX_DOCUMENT * 4).await {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(path = %key, error = %e, "reading a rendered document");
            return AppError::Internal("reading a rendered document".into()).into_response();
        }
    };
    let route = parts.extensions.get::<RouteTemplate>().map(|r| r.0);
    let document =
        doc_cache::Document::new(parts.status, parts.headers.clone(), body.clone(), route);
    state.docs.put(generation, json, key, document);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// Around the router: counts every answered request by method, route and status.
pub async fn count_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = match *request.method() {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<RouteTemplate>()
        .map_or("unmatched", |r| r.0);
    state
        .metrics
        .request(method, route, response.status().as_u16());
    response
}

/// `/metrics` on the hub's address: only with `metrics.token` set, and only for a request
/// that sends it as a bearer token.
pub async fn metrics_with_token(data: Ctx, headers: HeaderMap) -> Response {
    let token = &data.config.metrics.token;
    if token.is_empty() {
        return AppError::NotFound.into_response();
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| same_secret(g, token)) {
        tracing::warn!("/metrics refused: missing or wrong token");
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
            "/metrics needs the token of metrics.token as a bearer token\n",
        )
            .into_response();
    }
    metrics(data).await
}

/// `/metrics` on `metrics.bind`, an address only the operator reaches.
pub async fn metrics(data: Ctx) -> Response {
    match crate::services::health::snapshot(&data).await {
        Ok(health) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            data.metrics.render(&health.gauges()),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// Compares digests, so that the time taken says nothing about how much of a guess matched.
fn same_secret(given: &str, expected: &str) -> bool {
    use sha2::{Digest, Sha256};
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

/// Cancels `token` on Ctrl-C or SIGTERM (what systemd and container runtimes send).
pub async fn cancel_on_signal(token: CancellationToken) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
        _ = token.cancelled() => return,
    }
    tracing::info!("shutting down: no new requests; finishing in-flight deliveries");
    token.cancel();
}
