//! WebFinger (RFC 7033) for members and the instance actor, served as `application/jrd+json`.

use crate::db::models::actor::Actor;
use crate::doc_cache::shared;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub struct WebfingerQuery {
    resource: Option<String>,
}

/// The local actor a `resource` names: `acct:name@domain`, or an actor or profile URL.
async fn find(data: &Ctx, resource: &str) -> AppResult<Actor> {
    let mut conn = data.pool.get().await?;
    let domain = &data.config.server.domain;
    let base = data.config.base_url();
    let username = if let Some(acct) = resource.strip_prefix("acct:") {
        let acct = acct.trim_start_matches('@');
        let (name, host) = acct.rsplit_once('@').ok_or(AppError::NotFound)?;
        if !host.eq_ignore_ascii_case(domain) {
            return Err(AppError::NotFound);
        }
        name.to_lowercase()
    } else if let Some(path) = resource.strip_prefix(&base) {
        let path = path.trim_end_matches('/');
        if path == "/actor" {
            data.config.host().to_string()
        } else if let Some(name) = path
            .strip_prefix("/users/")
            .or_else(|| path.strip_prefix("/@"))
            .or_else(|| path.strip_prefix("/projects/"))
            .or_else(|| path.strip_prefix("/organisations/"))
        {
            name.to_lowercase()
        } else {
            return Err(AppError::NotFound);
        }
    } else {
        return Err(AppError::NotFound);
    };
    Actor::find_local_visible(&mut conn, &username)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn get_webfinger(data: Ctx, Query(q): Query<WebfingerQuery>) -> Response {
    let Some(resource) = q.resource.filter(|r| !r.is_empty()) else {
        return AppError::BadRequest("the resource parameter is required".into()).into_response();
    };
    let actor = match find(&data, &resource).await {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let subject = format!("acct:{}@{}", actor.username, data.config.server.domain);
    let mut aliases = vec![actor.ap_id.to_string()];
    let mut links = vec![json!({
        "rel": "self",
        "type": "application/activity+json",
        "href": actor.ap_id.to_string(),
    })];
    if let Some(page) = &actor.profile_url {
        aliases.push(page.clone());
        links.insert(
            0,
            json!({
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": page,
            }),
        );
    }
    let body = json!({"subject": subject, "aliases": aliases, "links": links});
    shared(
        (
            [(header::CONTENT_TYPE, "application/jrd+json; charset=utf-8")],
            body.to_string(),
        )
            .into_response(),
    )
}

/// host-meta (XRD), which some older software reads to find the WebFinger template.
pub async fn get_host_meta(data: Ctx) -> Response {
    let base = data.config.base_url();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  \
         <Link rel=\"lrdd\" template=\"{base}/.well-known/webfinger?resource={{uri}}\"/>\n\
         </XRD>\n"
    );
    (
        [(header::CONTENT_TYPE, "application/xrd+xml; charset=utf-8")],
        body,
    )
        .into_response()
}
