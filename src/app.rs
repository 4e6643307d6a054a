//! Assembly: the router of every layer, the federation config, the
//! delivery dispatcher and the HTTP server. The only place that sees all layers.

use crate::config::Config;
use crate::db::models::entry::{KIND_ORGANISATION, KIND_PROJECT};
use crate::db::DbPool;
use crate::federation::delivery;
use crate::federation::http_client::{self, HostOverrides};
use crate::inbound::routes::{actor_json, instance_actor_json, post_json, wants_activity_json};
use crate::state::{AppState, Ctx};
use activitypub_federation::config::{FederationConfig, FederationMiddleware};
use anyhow::Context as _;
use axum::extract::{OriginalUri, Path, RawQuery};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tower_http::trace::TraceLayer;
use url::Url;

mod ops;

/// Knobs that only tests and embedders need.
#[derive(Default, Clone)]
pub struct Options {
    /// Host names resolved to fixed addresses (the test harness's hubs).
    pub host_overrides: HostOverrides,
}

pub struct App {
    pub router: Router,
    pub federation: FederationConfig<AppState>,
}

impl App {
    /// A request context outside any request (CLI, tests).
    pub fn context(&self) -> Ctx {
        self.federation.to_request_data()
    }
}

/// Connects and migrates the database, then builds everything but does not listen.
pub async fn build(config: Config, options: Options) -> anyhow::Result<App> {
    let pool = DbPool::connect(&config.database.url, config.database.pool_size)
        .await
        .with_context(|| format!("opening database {}", redact(&config.database.url)))?;
    let applied = pool.migrate().await?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    {
        let mut conn = pool.get().await?;
        if crate::db::models::search_index::ensure_current(&mut conn).await? {
            tracing::info!("search indexes written from the stored rows");
        }
    }
    let instance_actor = crate::federation::instance::ensure_instance_actor(&pool, &config)
        .await
        .map_err(|e| anyhow::anyhow!("creating the instance actor: {e}"))?;
    let timeout = Duration::from_secs(config.federation.request_timeout_secs);
    let mut overrides = options.host_overrides.clone();
    for (host, addr) in &config.federation.resolve {
        overrides.insert(host.to_ascii_lowercase(), *addr);
    }
    let domains = crate::domains::DomainPolicy::new(&config.server.domain);
    let client = http_client::build_with_domains(
        config.federation.allow_private_addresses,
        timeout,
        &overrides,
        &config.server.domain,
        domains.clone(),
    )?;
    let allow_private = config.federation.allow_private_addresses;
    crate::web::templates::init()?;
    let mailer = crate::mailer::Mailer::new(&config).map_err(|e| anyhow::anyhow!("e-mail: {e}"))?;
    let state = AppState::new(config.clone(), pool, client.clone(), domains, mailer);
    crate::services::domain_blocks::reload(&state)
        .await
        .map_err(|e| anyhow::anyhow!("loading the domain blocks: {e}"))?;
    let federation = FederationConfig::builder()
        .domain(config.server.domain.clone())
        .app_data(state)
        .client(client)
        // Relaxes the library's checks (explicit ports, plain http, private addresses):
        // only when the admin allowed private addresses, i.e. tests and local development.
        .debug(allow_private)
        .allow_http_urls(!config.server.https || allow_private)
        .request_timeout(timeout)
        // Sign as Mastodon does: `(request-target) host date [digest]`, rsa-sha256. In its
        // default mode the library signs fetches without `host` or `date`, which Mastodon's
        // secure mode refuses.
        .http_signature_compat(true)
        .http_fetch_limit(50)
        .signed_fetch_actor(&instance_actor)
        .build()
        .await?;
    let router = router(federation.clone());
    Ok(App { router, federation })
}

/// Every route of every layer, with the federation context on each request.
pub fn router(federation: FederationConfig<AppState>) -> Router {
    let state = federation.to_request_data().app_data().clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(ops::metrics_with_token))
        .route("/readyz", get(readyz))
        .route("/users/{name}", get(get_user))
        .route("/actor", get(get_instance_actor))
        .route("/posts/{key}", get(get_post))
        .route("/posts/{key}/activity", get(get_post_activity))
        .route("/projects/{handle}", get(get_project))
        .route("/organisations/{handle}", get(get_organisation))
        .route("/communities/{handle}", get(get_community))
        .route("/events/{key}", get(get_event))
        .route("/events/{key}/activity", get(get_event_activity))
        .route("/calls/{key}", get(get_call))
        .route("/calls/{key}/activity", get(get_call_activity))
        .route("/resources/{key}", get(get_resource))
        .route("/resources/{key}/activity", get(get_resource_activity))
        .route("/events/calendar.ics", get(crate::web::calendars::calendar))
        .route("/events/feed.atom", get(crate::web::calendars::feed))
        .route(
            "/events/{key}/calendar.ics",
            get(crate::web::calendars::event),
        )
        .route("/media/{file}", get(get_media))
        .merge(crate::inbound::routes::router())
        .nest("/api/v1", crate::api::router())
        .merge(crate::web::router())
        .route_layer(axum::middleware::from_fn(ops::note_route))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            ops::cache_documents,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            ops::count_requests,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(FederationMiddleware::new(federation))
}

async fn readyz(data: Ctx) -> Response {
    match data.pool.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// An actor id: JSON for federation, the profile page for browsers.
async fn get_user(data: Ctx, headers: HeaderMap, Path(name): Path<String>) -> Response {
    if wants_activity_json(&headers) {
        actor_json(&data, &name).await
    } else {
        Redirect::to(&format!("/@{}", name.to_lowercase())).into_response()
    }
}

/// A community's id: the Group for federation, its page for browsers.
async fn get_community(
    data: Ctx,
    headers: HeaderMap,
    Path(handle): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if !wants_activity_json(&headers) {
        return crate::web::community_page(data, headers, handle, query).await;
    }
    match crate::services::communities::get(&data, &handle).await {
        Ok((_, actor)) if actor.is_local => actor_json(&data, &actor.username).await,
        Ok(_) => crate::error::AppError::NotFound.into_response(),
        Err(e) => e.into_response(),
    }
}

/// An uploaded file: named by its hash, so it never changes and may be cached for good;
/// served with its sniffed type and a policy that stops it from being run as a document.
/// PDFs (a resource's files) are downloads: the sandbox would stop a browser's viewer.
async fn get_media(data: Ctx, Path(file): Path<String>) -> Response {
    use axum::http::header;
    match crate::services::media::file(&data, &file).await {
        Ok((bytes, content_type)) => (
            [
                (
                    header::CONTENT_DISPOSITION,
                    if content_type == "application/pdf" {
                        format!("attachment; filename=\"{file}\"")
                    } else {
                        "inline".to_string()
                    },
                ),
                (header::CONTENT_TYPE, content_type),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_string(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; sandbox".to_string(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// A local post's id: the Note for federation, its page for browsers.
async fn get_post(
    data: Ctx,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(key): Path<String>,
) -> Response {
    if wants_activity_json(&headers) {
        post_json(&data, &key, &headers, &uri).await
    } else {
        crate::web::post_page(data, headers, key).await
    }
}

/// The Create of a post or event, at `{object}/activity` (see `inbound::routes`).
async fn get_post_activity(
    data: Ctx,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/posts/{key}");
    crate::inbound::routes::object_activity(&data, &path, &headers, &uri).await
}

async fn get_event_activity(
    data: Ctx,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/events/{key}");
    crate::inbound::routes::object_activity(&data, &path, &headers, &uri).await
}

/// A project's id: the Group for federation, its page for browsers.
async fn get_project(
    data: Ctx,
    headers: HeaderMap,
    Path(handle): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    get_entry(data, headers, KIND_PROJECT, handle, query).await
}

/// An organisation's id: the Organization for federation, its page for browsers.
async fn get_organisation(
    data: Ctx,
    headers: HeaderMap,
    Path(handle): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    get_entry(data, headers, KIND_ORGANISATION, handle, query).await
}

async fn get_entry(
    data: Ctx,
    headers: HeaderMap,
    kind: &'static str,
    handle: String,
    query: Option<String>,
) -> Response {
    if !wants_activity_json(&headers) {
        return crate::web::entry_page(data, headers, kind, handle, query).await;
    }
    // `actor_json` serves any local actor: a member's name here is not a project.
    match crate::services::entries::local(&data, kind, &handle).await {
        Ok((_, actor)) => actor_json(&data, &actor.username).await,
        Err(e) => e.into_response(),
    }
}

/// An event's id: the Event for federation, its page for browsers.
async fn get_event(
    data: Ctx,
    headers: HeaderMap,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if wants_activity_json(&headers) {
        crate::inbound::routes::event_json(&data, &key).await
    } else {
        crate::web::event_page(data, headers, key, query).await
    }
}

/// A funding call's id: the Page for federation, its page for browsers.
async fn get_call(data: Ctx, headers: HeaderMap, Path(key): Path<String>) -> Response {
    if wants_activity_json(&headers) {
        crate::inbound::routes::call_json(&data, &key).await
    } else {
        crate::web::call_page(data, headers, key).await
    }
}

async fn get_call_activity(
    data: Ctx,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/calls/{key}");
    crate::inbound::routes::object_activity(&data, &path, &headers, &uri).await
}

/// A knowledge resource's id: the Article for federation, its page for browsers.
async fn get_resource(data: Ctx, headers: HeaderMap, Path(key): Path<String>) -> Response {
    if wants_activity_json(&headers) {
        crate::inbound::routes::resource_json(&data, &key).await
    } else {
        crate::web::resource_page(data, headers, key).await
    }
}

async fn get_resource_activity(
    data: Ctx,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/resources/{key}");
    crate::inbound::routes::object_activity(&data, &path, &headers, &uri).await
}

async fn get_instance_actor(data: Ctx, headers: HeaderMap) -> Response {
    if wants_activity_json(&headers) {
        instance_actor_json(&data).await
    } else {
        Redirect::to("/").into_response()
    }
}

/// Starts the background tasks and serves on `listener` until Ctrl-C or SIGTERM; then
/// stops taking requests, lets the delivery workers finish what they hold, and returns.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    serve_until(
        app,
        listener,
        shutdown.clone(),
        ops::cancel_on_signal(shutdown),
    )
    .await
}

/// As [`serve`], stopping when `shutdown` is cancelled (by `signals`, or by an embedder).
pub async fn serve_until(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: CancellationToken,
    signals: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let deliveries = tokio::spawn(delivery::run(app.context(), shutdown.clone()));
    tokio::spawn(crate::inbound::peering::backfill::run(app.context()));
    tokio::spawn(crate::services::domain_blocks::run_reload(
        app.context().app_data().clone(),
    ));
    tokio::spawn(crate::services::blocklists::run(app.context()));
    tokio::spawn(crate::services::emails::run(app.context()));
    tokio::spawn(crate::services::notifications::run_digests(app.context()));
    tokio::spawn(crate::services::directory::run_needs_matching(
        app.context(),
    ));
    tokio::spawn(signals);
    let watcher = tokio::spawn(watch_documents(app.context().app_data().clone()));
    let config = &app.context().config;
    if let Some(addr) = config.metrics.bind_addr() {
        let metrics = Router::new()
            .route("/metrics", get(ops::metrics))
            .layer(FederationMiddleware::new(app.federation.clone()));
        let metrics_listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("metrics.bind {addr}"))?;
        tracing::info!("metrics on http://{addr}/metrics");
        let stop = shutdown.clone();
        tokio::spawn(async move {
            let served = axum::serve(metrics_listener, metrics)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the metrics server stopped");
            }
        });
    }
    // The peer's address reaches handlers as `ConnectInfo`, for the rate limits.
    let service = app
        .router
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown.clone().cancelled_owned())
        .await;
    // However the server stopped, the workers stop claiming and finish what they hold.
    shutdown.cancel();
    watcher.abort();
    let _ = deliveries.await;
    served?;
    Ok(())
}

/// Forgets the kept federation documents (`crate::doc_cache`) when the database says what
/// they are made of changed: written by a background task here, by the command line, or
/// by another process. PostgreSQL notifies on commit; SQLite's count is read four times a
/// second. (Requests that write forget them at once: `ops::cache_documents`.)
async fn watch_documents(state: crate::state::AppState) {
    use crate::db::notify;
    if state.pool.is_postgres() {
        let docs = state.clone();
        notify::listen(&state.config.database.url, notify::DOCS, move || {
            docs.docs.invalidate()
        })
        .await;
        return;
    }
    let mut seen = None;
    // A connection of its own where it can (a busy pool must not delay the poll), else
    // one from the pool.
    let mut reader = notify::DocVersionReader::open(&state.config.database.url).await;
    loop {
        let version = match reader.take() {
            Some(own) => {
                let (back, version) = own.read().await;
                reader = back;
                version
            }
            None => match state.pool.get().await {
                Ok(mut conn) => notify::doc_version(&mut conn).await,
                Err(e) => Err(e),
            },
        };
        match version {
            Ok(v) => {
                if seen.is_some_and(|s| s != v) {
                    state.docs.invalidate();
                }
                seen = Some(v);
            }
            Err(e) => {
                // Unknown: assume it changed.
                tracing::warn!(error = %e, "cannot read the documents' version");
                state.docs.invalidate();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// A database URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
