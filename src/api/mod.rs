//! The JSON API under `/api/v1`, authenticated with bearer tokens
//! (`tessera token create NAME`). Errors are `{"error": {"code", "message"}}`.

pub mod communities;
mod dashboards;
mod directory;
mod entries;
mod entry_members;
pub mod events;
mod follows;
pub mod funding_calls;
mod instance;
mod invites;
mod map;
mod messages;
mod moderation;
mod network;
mod notifications;
mod peers;
mod posts;
mod profiles;
mod replications;
mod resources;
mod security;
pub mod threads;

use crate::db::models::actor::Actor;
use crate::db::models::user::User;
use crate::error::AppError;
use crate::limits::{Action, Key};
use crate::state::Ctx;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub fn router() -> Router {
    Router::new()
        .route("/instance", get(instance::get_instance))
        .route("/instance/profile", patch(instance::patch_profile))
        .route("/federation", get(peers::glance))
        .nest("/admin/peers", peers::admin_router())
        .nest("/admin/invites", invites::admin_router())
        .route("/follows", get(follows::list).post(follows::create))
        .route("/follows/{id}", delete(follows::remove))
        .route("/timeline", get(posts::timeline))
        .route("/posts", get(posts::lookup).post(posts::create))
        .route("/posts/{id}", get(posts::get).delete(posts::remove))
        .route(
            "/posts/{id}/favourite",
            post(posts::favourite).delete(posts::unfavourite),
        )
        .route(
            "/posts/{id}/boost",
            post(posts::boost).delete(posts::unboost),
        )
        .nest("/events", events::router())
        .nest("/communities", communities::router())
        .nest("/threads", threads::router())
        .route("/dashboard", get(dashboards::json))
        .route("/dashboard.csv", get(dashboards::csv))
        .route("/map.geojson", get(map::geojson))
        .route("/network.json", get(network::json))
        .route("/network.graphml", get(network::graphml))
        .route("/network.csv", get(network::csv))
        .route("/directory", get(directory::search))
        .route("/directory.csv", get(directory::export_csv))
        .route("/directory.json", get(directory::export_json))
        .route("/organisations/{handle}/helpers", get(directory::helpers))
        .nest(
            "/projects",
            entries::router(crate::db::models::entry::KIND_PROJECT),
        )
        .nest(
            "/organisations",
            entries::router(crate::db::models::entry::KIND_ORGANISATION),
        )
        .merge(funding_calls::router())
        .merge(resources::router())
        .merge(moderation::router())
        .merge(notifications::router())
        .merge(messages::router())
        .merge(security::router())
        .merge(profiles::router())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn(limit_api))
}

/// Counts every API request against `limits.api`, for the client's address and, with a
/// valid bearer token, for its member; over either quota, 429 with `Retry-After`. The
/// member found is kept for [`ApiUser`], which then need not look the token up again.
async fn limit_api(data: Ctx, mut request: Request, next: Next) -> Response {
    let limits = &data.limits;
    if !limits.enabled() {
        return next.run(request).await;
    }
    let ip = limits.client_ip(request.extensions(), request.headers());
    if let Err(limited) = limits.check(Action::Api, &Key::client(ip)) {
        return AppError::from(limited).into_response();
    }
    if let Some(token) = bearer_token(request.headers()) {
        // An invalid token is answered 401 by the handler's extractor.
        if let Ok((user, scopes)) =
            crate::services::sessions::user_for_api_token(&data, token).await
        {
            if let Err(limited) = limits.check(Action::Api, &Key::Account(user.id)) {
                return AppError::from(limited).into_response();
            }
            request.extensions_mut().insert(TokenUser(user, scopes));
        }
    }
    next.run(request).await
}

/// The member of the request's bearer token and the token's scopes, found by [`limit_api`].
#[derive(Clone)]
struct TokenUser(User, crate::services::sessions::Scopes);

fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// An actor as clients see it.
#[derive(Debug, Serialize)]
pub struct ActorView {
    pub id: String,
    pub handle: String,
    pub name: String,
    pub url: Option<String>,
    pub local: bool,
    pub manually_approves_followers: bool,
}

impl ActorView {
    pub fn new(actor: &Actor) -> ActorView {
        ActorView {
            id: actor.ap_id.to_string(),
            handle: actor.handle(),
            name: actor.display_name_or_username().to_string(),
            url: actor.profile_url.clone(),
            local: actor.is_local,
            manually_approves_followers: actor.manually_approves_followers,
        }
    }
}

/// Parses a numeric id from the path, so that a bad one gets our JSON error.
pub(crate) fn parse_id(raw: &str, what: &str) -> Result<i64, AppError> {
    raw.parse()
        .map_err(|_| AppError::BadRequest(format!("{raw:?} is not a {what} id")))
}

/// The member a bearer token belongs to, as the token's scopes let it act: a GET needs
/// `read`, anything else `write` (403 otherwise), and the member is an admin here only with
/// the `admin` scope.
pub struct ApiUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let data = Ctx::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| AppError::Internal(msg.into()))?;
        let (user, scopes) = match parts.extensions.get::<TokenUser>() {
            Some(TokenUser(user, scopes)) => (user.clone(), *scopes),
            None => {
                let token = bearer_token(&parts.headers).ok_or(AppError::Unauthorized)?;
                crate::services::sessions::user_for_api_token(&data, token).await?
            }
        };
        let reading = matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
        );
        Ok(ApiUser(crate::services::sessions::apply_scopes(
            &data, user, scopes, reading,
        )?))
    }
}

/// A member creating something (a post, thread, reply, event, entry, update, community):
/// [`ApiUser`], counted against `limits.posting` for the client's address and the member.
pub struct ApiPoster(pub User);

impl<S: Send + Sync> FromRequestParts<S> for ApiPoster {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let ApiUser(user) =
            <ApiUser as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        let data = Ctx::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| AppError::Internal(msg.into()))?;
        let ip = data.limits.client_ip(&parts.extensions, &parts.headers);
        let keys = [Key::client(ip), Key::Account(user.id)];
        data.limits.check_all(Action::Posting, &keys)?;
        Ok(ApiPoster(user))
    }
}

/// A token is optional (public reads); a token that is given must be valid.
impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, AppError> {
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            <ApiUser as FromRequestParts<S>>::from_request_parts(parts, state)
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    }
}

/// JSON body whose rejections use our error format.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(e) => Err(AppError::BadRequest(e.body_text())),
        }
    }
}
