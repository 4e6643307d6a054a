//! `/api/v1/resources`: the library (the same filters as its page, with facet counts),
//! publishing, editing and deleting a resource, its files, and a project's resources.

use crate::api::{ActorView, ApiJson, ApiPoster, ApiUser};
use crate::db::models::resource::ResourceFilter;
use crate::error::AppError;
use crate::services::resources::{self as service, ResourceDetails, ResourceInput};
use crate::state::Ctx;
use crate::text::{query_pairs, rfc3339_seconds};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Resources per page of the list.
pub const PAGE_SIZE: i64 = 50;

pub fn router() -> Router {
    Router::new()
        .route("/resources", get(list).post(create))
        .route("/resources/{key}", get(read).put(replace).delete(remove))
        .route(
            "/resources/{key}/attachments",
            post(attach).layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024)),
        )
        .route("/resources/{key}/attachments/{n}", delete(detach))
        .route("/projects/{handle}/resources", get(of_project))
}

#[derive(Debug, Serialize)]
pub struct AuthorView {
    pub name: String,
    /// `person` or `organisation`.
    pub kind: String,
    /// The actor's id, for authors with an account here or elsewhere.
    pub id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AttachmentView {
    pub url: String,
    pub media_type: String,
    pub name: String,
    pub size: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ResourceView {
    /// The ActivityPub id.
    pub id: String,
    /// The key in this hub's URLs (`/resources/{key}`, `/api/v1/resources/{key}`).
    pub key: String,
    /// The page here.
    pub page: String,
    /// The page at the origin (the same as `page` for local resources).
    pub url: Option<String>,
    pub local: bool,
    pub publisher: ActorView,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// The Markdown source (empty for received resources that sent none).
    pub body: String,
    pub body_html: String,
    pub licence: String,
    /// The deed of a Creative Commons licence.
    pub licence_url: Option<String>,
    /// The language it is written in, then the others it contains.
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub authors: Vec<AuthorView>,
    /// ActivityPub ids of the related projects.
    pub projects: Vec<String>,
    pub attachments: Vec<AttachmentView>,
    /// The id of the original, for a translation.
    pub translation_of: Option<String>,
    pub published: String,
    pub updated: Option<String>,
}

impl ResourceView {
    pub fn new(data: &Ctx, d: &ResourceDetails) -> ResourceView {
        let r = &d.resource;
        ResourceView {
            id: r.ap_id.clone(),
            key: r.key.clone(),
            page: format!("{}/resources/{}", data.config.base_url(), r.key),
            url: r.url.clone(),
            local: r.is_local,
            publisher: ActorView::new(&d.publisher),
            kind: r.resource_kind.clone(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            body: r.body_source.clone(),
            body_html: r.body_html.clone(),
            licence: r.licence.clone(),
            licence_url: crate::vocabulary::licence_url(&r.licence),
            languages: d.languages(),
            themes: d.themes(),
            authors: d
                .parts
                .authors
                .iter()
                .map(|a| AuthorView {
                    name: a.name.clone(),
                    kind: a.kind.clone(),
                    id: a.ap_id.clone(),
                })
                .collect(),
            projects: d.parts.projects.clone(),
            attachments: d
                .parts
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    url: a.url.clone(),
                    media_type: a.media_type.clone(),
                    name: a.name.clone(),
                    size: a.byte_size,
                })
                .collect(),
            translation_of: r.translation_of.clone(),
            published: rfc3339_seconds(r.published),
            updated: r.updated.map(rfc3339_seconds),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ResourcesPage {
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub items: Vec<ResourceView>,
    /// For each facet (`kind`, `licence`, `theme`, `language`), how many resources each
    /// value has among those the other filters leave.
    pub facets: HashMap<String, HashMap<String, i64>>,
}

async fn list(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<ResourcesPage>, AppError> {
    let (filter, page) = service::query_filter(&data, &query_pairs(raw.as_deref())).await?;
    let (items, total) = service::list(&data, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let mut facets = HashMap::new();
    for facet in ["kind", "licence", "theme", "language"] {
        facets.insert(
            facet.to_string(),
            service::facet_counts(&data, &filter, facet).await?,
        );
    }
    Ok(Json(ResourcesPage {
        total,
        page,
        limit: PAGE_SIZE,
        items: items.iter().map(|d| ResourceView::new(&data, d)).collect(),
        facets,
    }))
}

/// A resource to publish or the new state of one.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResourceBody {
    publisher: String,
    kind: String,
    title: String,
    summary: String,
    body: String,
    licence: String,
    language: String,
    languages: Vec<String>,
    themes: Vec<String>,
    authors: Vec<String>,
    projects: Vec<String>,
    translation_of: String,
}

impl ResourceBody {
    fn input(self) -> ResourceInput {
        ResourceInput {
            publisher: self.publisher,
            kind: self.kind,
            title: self.title,
            summary: self.summary,
            body: self.body,
            licence: self.licence,
            language: self.language,
            languages: self.languages,
            themes: self.themes,
            authors: self.authors,
            projects: self.projects,
            translation_of: self.translation_of,
        }
    }
}

async fn create(
    data: Ctx,
    ApiPoster(user): ApiPoster,
    ApiJson(body): ApiJson<ResourceBody>,
) -> Result<(StatusCode, Json<ResourceView>), AppError> {
    let details = service::create(&data, &user, body.input()).await?;
    Ok((
        StatusCode::CREATED,
        Json(ResourceView::new(&data, &details)),
    ))
}

async fn read(data: Ctx, Path(key): Path<String>) -> Result<Json<ResourceView>, AppError> {
    let details = service::by_key(&data, &key).await?;
    Ok(Json(ResourceView::new(&data, &details)))
}

async fn replace(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<ResourceBody>,
) -> Result<Json<ResourceView>, AppError> {
    let details = service::update(&data, &user, &key, body.input()).await?;
    Ok(Json(ResourceView::new(&data, &details)))
}

async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<StatusCode, AppError> {
    service::delete(&data, &user, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A file, as the raw body (a PDF or a PNG, JPEG, GIF or WebP image, recognised by its
/// bytes); `?name=` is the name shown for it.
async fn attach(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<(StatusCode, Json<ResourceView>), AppError> {
    let pairs = query_pairs(raw.as_deref());
    let name = pairs
        .iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let details = service::add_attachment(&data, &user, &key, &body, name).await?;
    Ok((
        StatusCode::CREATED,
        Json(ResourceView::new(&data, &details)),
    ))
}

async fn detach(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((key, n)): Path<(String, usize)>,
) -> Result<Json<ResourceView>, AppError> {
    let details = service::remove_attachment(&data, &user, &key, n).await?;
    Ok(Json(ResourceView::new(&data, &details)))
}

/// The resources related to a project here (or a copy of one from elsewhere).
async fn of_project(
    data: Ctx,
    Path(handle): Path<String>,
) -> Result<Json<Vec<ResourceView>>, AppError> {
    let actor = crate::services::actors::lookup_stored(&data, &handle)
        .await?
        .ok_or(AppError::NotFound)?;
    let filter = ResourceFilter {
        project: Some(actor.ap_id.to_string()),
        ..Default::default()
    };
    let (items, _) = service::list(&data, &filter, PAGE_SIZE, 0).await?;
    Ok(Json(
        items.iter().map(|d| ResourceView::new(&data, d)).collect(),
    ))
}
