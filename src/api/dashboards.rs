//! `/api/v1/dashboard`: a country or theme dashboard as JSON and CSV (no token: it counts
//! what the directory shows). The filters are the directory's (`country=PT`, `theme=...`).

use crate::error::AppError;
use crate::services::dashboards::{self, Dashboard, EntryRef, Hubs};
use crate::services::directory::SearchInput;
use crate::state::Ctx;
use axum::extract::RawQuery;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HubCount {
    pub hub: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct FigureView {
    pub name: &'static str,
    /// Entries counted by this figure.
    pub entries: i64,
    pub hubs: Vec<HubCount>,
    pub rows: Vec<RowView>,
}

#[derive(Debug, Serialize)]
pub struct EntryRefView {
    pub handle: String,
    pub name: String,
    pub kind: String,
    /// Its page on this hub.
    pub page: String,
    pub local: bool,
    pub country: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HelpersView {
    pub count: i64,
    /// The first ten, by name.
    pub organisations: Vec<EntryRefView>,
}

#[derive(Debug, Serialize)]
pub struct NeedView {
    pub need: String,
    /// `same-country`, `other-countries` or `nobody`.
    pub coverage: &'static str,
    /// The first ten entries needing it, by name; `needed_by_count` says how many do.
    pub needed_by: Vec<EntryRefView>,
    pub needed_by_count: i64,
    pub same_country: HelpersView,
    pub other_countries: HelpersView,
    pub hubs: Vec<HubCount>,
}

#[derive(Debug, Serialize)]
pub struct DashboardView {
    pub entries: i64,
    pub projects: i64,
    pub organisations: i64,
    pub hubs: Vec<HubCount>,
    /// The first quarter of the `created` figure (older entries are its `earlier` row).
    pub since: String,
    pub figures: Vec<FigureView>,
    pub needs: Vec<NeedView>,
}

fn hubs(hubs: &Hubs) -> Vec<HubCount> {
    hubs.iter()
        .map(|(hub, count)| HubCount {
            hub: hub.clone(),
            count: *count,
        })
        .collect()
}

fn entry(e: &EntryRef) -> EntryRefView {
    EntryRefView {
        handle: format!("@{}@{}", e.username, e.hub),
        name: e.name.clone(),
        kind: e.kind.clone(),
        page: if e.local {
            format!(
                "/{}/{}",
                crate::services::entries::path_segment(&e.kind),
                e.username
            )
        } else {
            format!("/@{}@{}", e.username, e.hub)
        },
        local: e.local,
        country: e.country.clone(),
    }
}

impl DashboardView {
    pub fn new(d: &Dashboard) -> DashboardView {
        let helpers = |(count, list): &(i64, Vec<EntryRef>)| HelpersView {
            count: *count,
            organisations: list.iter().map(entry).collect(),
        };
        DashboardView {
            entries: d.entries,
            projects: d.projects,
            organisations: d.organisations,
            hubs: hubs(&d.hubs),
            since: d.since.clone(),
            figures: d
                .figures
                .iter()
                .map(|f| FigureView {
                    name: f.name,
                    entries: f.entries,
                    hubs: hubs(&f.hubs),
                    rows: f
                        .rows
                        .iter()
                        .map(|r| RowView {
                            key: r.key.clone(),
                            count: r.count,
                        })
                        .collect(),
                })
                .collect(),
            needs: d
                .needs
                .iter()
                .map(|n| NeedView {
                    need: n.tag.clone(),
                    coverage: n.coverage.code(),
                    needed_by: n.needed_by.1.iter().map(entry).collect(),
                    needed_by_count: n.needed_by.0,
                    same_country: helpers(&n.same_country),
                    other_countries: helpers(&n.other_countries),
                    hubs: hubs(&n.hubs),
                })
                .collect(),
        }
    }
}

fn input(raw: Option<String>) -> Result<SearchInput, AppError> {
    SearchInput::from_pairs(&crate::text::query_pairs(raw.as_deref()))
}

/// `GET /api/v1/dashboard`.
pub async fn json(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<DashboardView>, AppError> {
    let d = dashboards::dashboard(&data, &input(raw)?).await?;
    Ok(Json(DashboardView::new(&d)))
}

/// `GET /api/v1/dashboard.csv`.
pub async fn csv(data: Ctx, RawQuery(raw): RawQuery) -> Result<Response, AppError> {
    let d = dashboards::dashboard(&data, &input(raw)?).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"dashboard.csv\"",
        ),
    ];
    Ok((headers, dashboards::to_csv(&d)).into_response())
}
