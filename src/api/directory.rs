//! `/api/v1/directory`: the public directory (no token: it lists what every hub shows on
//! its pages), its CSV and JSON exports, and who can help an organisation.

use crate::db::models::directory_search::SearchHit;
use crate::error::AppError;
use crate::services::directory::{self, SearchInput};
use crate::state::Ctx;
use axum::extract::{Path, RawQuery};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// A directory entry in listings and exports (the detail of one entry is at
/// `/api/v1/{projects,organisations}/{handle}`).
#[derive(Debug, Serialize)]
pub struct EntryView {
    pub id: String,
    pub handle: String,
    /// `project` or `organisation`.
    pub kind: String,
    pub name: String,
    /// Sanitised HTML.
    pub summary: String,
    pub url: Option<String>,
    pub local: bool,
    pub website: Option<String>,
    pub country: Option<String>,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub status: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub org_type: Option<String>,
    pub org_size: Option<String>,
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub focus: Vec<String>,
    pub technologies: Vec<String>,
    pub sdgs: Vec<String>,
    pub expertise: Vec<String>,
    pub needs: Vec<String>,
}

impl EntryView {
    pub fn new(hit: &SearchHit) -> EntryView {
        let (actor, entry) = (&hit.actor, &hit.entry);
        let tags = |facet: &str| {
            hit.tags
                .iter()
                .filter(|(f, _)| f == facet)
                .map(|(_, v)| v.clone())
                .collect()
        };
        EntryView {
            id: actor.ap_id.to_string(),
            handle: actor.handle(),
            kind: entry.entry_kind.clone(),
            name: actor.display_name_or_username().to_string(),
            summary: actor.summary.clone(),
            url: actor.profile_url.clone(),
            local: actor.is_local,
            website: entry.website.clone(),
            country: entry.country.clone(),
            region: entry.region.clone(),
            latitude: entry.latitude,
            longitude: entry.longitude,
            status: entry.status.clone(),
            start_date: entry.start_date,
            end_date: entry.end_date,
            org_type: entry.org_type.clone(),
            org_size: entry.org_size.clone(),
            languages: tags("language"),
            themes: tags("theme"),
            focus: tags("focus"),
            technologies: tags("technology"),
            sdgs: tags("sdg"),
            expertise: tags("expertise"),
            needs: tags("need"),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FacetValue {
    pub value: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct DirectoryPage {
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub items: Vec<EntryView>,
    pub facets: BTreeMap<&'static str, Vec<FacetValue>>,
}

#[derive(Debug, Serialize)]
pub struct DirectoryExport {
    /// Matching entries; more than `items` when the export was cut at 10,000.
    pub total: i64,
    pub items: Vec<EntryView>,
}

#[derive(Debug, Serialize)]
pub struct HelperView {
    pub entry: EntryView,
    /// The organisation's needs this one has expertise in.
    pub covers: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct HelpersView {
    pub organisation: EntryView,
    pub helpers: Vec<HelperView>,
}

/// The query string as pairs: filters repeat (`theme=a&theme=b`), which `Query` cannot
/// express.
fn input(raw: Option<String>) -> Result<SearchInput, AppError> {
    SearchInput::from_pairs(&crate::text::query_pairs(raw.as_deref()))
}

pub async fn search(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<DirectoryPage>, AppError> {
    let results = directory::search(&data, &input(raw)?).await?;
    Ok(Json(DirectoryPage {
        total: results.total,
        page: results.page,
        limit: results.limit,
        items: results.items.iter().map(EntryView::new).collect(),
        facets: results
            .facets
            .into_iter()
            .map(|f| {
                let values = f
                    .values
                    .into_iter()
                    .map(|(value, count)| FacetValue { value, count })
                    .collect();
                (f.name, values)
            })
            .collect(),
    }))
}

pub async fn export_json(
    data: Ctx,
    RawQuery(raw): RawQuery,
) -> Result<Json<DirectoryExport>, AppError> {
    let (total, hits) = directory::export(&data, &input(raw)?).await?;
    Ok(Json(DirectoryExport {
        total,
        items: hits.iter().map(EntryView::new).collect(),
    }))
}

pub async fn export_csv(data: Ctx, RawQuery(raw): RawQuery) -> Result<Response, AppError> {
    let (total, hits) = directory::export(&data, &input(raw)?).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"directory.csv\"".to_string(),
        ),
        (
            header::HeaderName::from_static("x-total-count"),
            total.to_string(),
        ),
    ];
    Ok((headers, directory::to_csv(&hits)).into_response())
}

pub async fn helpers(data: Ctx, Path(handle): Path<String>) -> Result<Json<HelpersView>, AppError> {
    let (own, helpers) = directory::helpers_of(&data, &handle).await?;
    Ok(Json(HelpersView {
        organisation: EntryView::new(&own),
        helpers: helpers
            .iter()
            .map(|(hit, covers)| HelperView {
                entry: EntryView::new(hit),
                covers: covers.clone(),
            })
            .collect(),
    }))
}
