//! `/api/v1/calls`: the calls (the same filters as the calls page), their exports (CSV and
//! JSON), publishing, editing and withdrawing a call, and the calls that fit a project or
//! an organisation.

use crate::api::{ActorView, ApiJson, ApiPoster, ApiUser};
use crate::error::AppError;
use crate::federation::objects::event::local_rfc3339;
use crate::services::call_feeds;
use crate::services::funding_calls::{
    self as service, CallDetails, CallInput, DeadlineInput, Reason,
};
use crate::state::Ctx;
use crate::text::{query_pairs, rfc3339_seconds};
use axum::extract::{Path, RawQuery};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// Calls per page of the list.
pub const PAGE_SIZE: i64 = 50;
/// Most calls one export carries.
pub const EXPORT_LIMIT: i64 = 10_000;
/// Calls that fit an entry, at most.
const FITS: usize = 20;

pub fn router() -> Router {
    Router::new()
        .route("/calls", get(list).post(create))
        .route("/calls.csv", get(export_csv))
        .route("/calls.json", get(export_json))
        .route("/calls/{key}", get(read).put(replace).delete(withdraw))
        .route("/projects/{handle}/calls", get(project_fits))
        .route("/organisations/{handle}/calls", get(organisation_fits))
}

#[derive(Debug, Serialize)]
pub struct DeadlineView {
    pub label: String,
    /// UTC.
    pub due_at: String,
    /// The same instant in the call's zone, with its offset.
    pub due_local: String,
}

#[derive(Debug, Serialize)]
pub struct CallView {
    /// The ActivityPub id.
    pub id: String,
    /// The key in this hub's URLs (`/calls/{key}`, `/api/v1/calls/{key}`).
    pub key: String,
    /// The page here.
    pub page: String,
    /// The page at the origin (the same as `page` for local calls).
    pub url: Option<String>,
    pub local: bool,
    pub publisher: ActorView,
    pub title: String,
    pub summary: String,
    pub description_html: String,
    /// The Markdown source.
    pub description: String,
    pub programme: String,
    pub kind: String,
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    pub currency: Option<String>,
    pub cofunding_rate: Option<i32>,
    pub opens_at: Option<String>,
    pub deadlines: Vec<DeadlineView>,
    /// The next deadline not yet past.
    pub next_deadline: Option<String>,
    pub time_zone: String,
    /// `forthcoming`, `open` or `closed`, from the dates.
    pub status: String,
    /// ISO codes; empty: every country.
    pub eligible_countries: Vec<String>,
    /// Empty: every organisation type.
    pub eligible_organisation_types: Vec<String>,
    pub themes: Vec<String>,
    pub sdgs: Vec<String>,
    pub languages: Vec<String>,
    pub link: Option<String>,
    pub contact: String,
    pub published: String,
    pub updated: Option<String>,
}

impl CallView {
    pub fn new(data: &Ctx, d: &CallDetails) -> CallView {
        let c = &d.call;
        let now = crate::db::now();
        CallView {
            id: c.ap_id.clone(),
            key: c.key.clone(),
            page: call_feeds::page_url(data, d),
            url: c.url.clone(),
            local: c.is_local,
            publisher: ActorView::new(&d.publisher),
            title: c.title.clone(),
            summary: c.summary.clone(),
            description_html: c.description_html.clone(),
            description: c.description_source.clone(),
            programme: c.programme.clone(),
            kind: c.call_kind.clone(),
            amount_min: c.amount_min,
            amount_max: c.amount_max,
            currency: c.currency.clone(),
            cofunding_rate: c.cofunding_rate,
            opens_at: c.opens_at.map(rfc3339_seconds),
            deadlines: d
                .deadlines
                .iter()
                .map(|x| DeadlineView {
                    label: x.label.clone(),
                    due_at: rfc3339_seconds(x.due_at),
                    due_local: local_rfc3339(x.due_at, &c.time_zone),
                })
                .collect(),
            next_deadline: d.next_deadline(now).map(|x| rfc3339_seconds(x.due_at)),
            time_zone: c.time_zone.clone(),
            status: d.status(now).to_string(),
            eligible_countries: d.countries(),
            eligible_organisation_types: d.organisation_types(),
            themes: d.themes(),
            sdgs: d.sdgs(),
            languages: d.languages(),
            link: c.link.clone(),
            contact: c.contact.clone(),
            published: rfc3339_seconds(c.published),
            updated: c.updated.map(rfc3339_seconds),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CallsPage {
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub items: Vec<CallView>,
}

async fn list(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<CallsPage>, AppError> {
    let (filter, page) = service::query_filter(&data, &query_pairs(raw.as_deref())).await?;
    let (items, total) = service::list(&data, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    Ok(Json(CallsPage {
        total,
        page,
        limit: PAGE_SIZE,
        items: items.iter().map(|d| CallView::new(&data, d)).collect(),
    }))
}

#[derive(Debug, Serialize)]
pub struct CallsExport {
    pub total: i64,
    pub items: Vec<CallView>,
}

async fn export(data: &Ctx, raw: Option<&str>) -> Result<(i64, Vec<CallDetails>), AppError> {
    let (filter, _) = service::query_filter(data, &query_pairs(raw)).await?;
    let (items, total) = service::list(data, &filter, EXPORT_LIMIT, 0).await?;
    Ok((total, items))
}

async fn export_json(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<CallsExport>, AppError> {
    let (total, items) = export(&data, raw.as_deref()).await?;
    Ok(Json(CallsExport {
        total,
        items: items.iter().map(|d| CallView::new(&data, d)).collect(),
    }))
}

async fn export_csv(data: Ctx, RawQuery(raw): RawQuery) -> Result<Response, AppError> {
    let (total, items) = export(&data, raw.as_deref()).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"calls.csv\"".to_string(),
        ),
        (
            header::HeaderName::from_static("x-total-count"),
            total.to_string(),
        ),
    ];
    Ok((headers, call_feeds::to_csv(&data, &items)).into_response())
}

/// A call to publish or the new state of one. Times are wall-clock times in `time_zone`
/// (`2027-03-31T17:00`, or a date, read as 23:59 for deadlines), or RFC 3339 instants with
/// an offset (converted to the zone).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallBody {
    publisher: String,
    title: String,
    summary: String,
    description: String,
    programme: String,
    kind: String,
    amount_min: Option<i64>,
    amount_max: Option<i64>,
    currency: String,
    cofunding_rate: Option<i32>,
    opens: String,
    time_zone: String,
    deadlines: Vec<DeadlineBody>,
    eligible_countries: Vec<String>,
    eligible_organisation_types: Vec<String>,
    themes: Vec<String>,
    sdgs: Vec<String>,
    languages: Vec<String>,
    link: String,
    contact: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineBody {
    label: String,
    due: String,
}

fn wall_clock(value: String, zone: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(value.trim()) {
        Ok(t) => crate::services::event_input::utc_to_local_input(t.naive_utc(), zone),
        Err(_) => value,
    }
}

impl CallBody {
    fn input(self) -> CallInput {
        let zone = self.time_zone.clone();
        CallInput {
            publisher: self.publisher,
            title: self.title,
            summary: self.summary,
            description: self.description,
            programme: self.programme,
            kind: self.kind,
            amount_min: self.amount_min,
            amount_max: self.amount_max,
            currency: self.currency,
            cofunding_rate: self.cofunding_rate,
            opens: wall_clock(self.opens, &zone),
            time_zone: self.time_zone,
            deadlines: self
                .deadlines
                .into_iter()
                .map(|d| DeadlineInput {
                    label: d.label,
                    due: wall_clock(d.due, &zone),
                })
                .collect(),
            countries: self.eligible_countries,
            organisation_types: self.eligible_organisation_types,
            themes: self.themes,
            sdgs: self.sdgs,
            languages: self.languages,
            link: self.link,
            contact: self.contact,
        }
    }
}

async fn create(
    data: Ctx,
    ApiPoster(user): ApiPoster,
    ApiJson(body): ApiJson<CallBody>,
) -> Result<(StatusCode, Json<CallView>), AppError> {
    let details = service::create(&data, &user, body.input()).await?;
    Ok((StatusCode::CREATED, Json(CallView::new(&data, &details))))
}

async fn read(data: Ctx, Path(key): Path<String>) -> Result<Json<CallView>, AppError> {
    let details = service::by_key(&data, &key).await?;
    Ok(Json(CallView::new(&data, &details)))
}

async fn replace(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<CallBody>,
) -> Result<Json<CallView>, AppError> {
    let details = service::update(&data, &user, &key, body.input()).await?;
    Ok(Json(CallView::new(&data, &details)))
}

async fn withdraw(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<StatusCode, AppError> {
    service::withdraw(&data, &user, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize)]
pub struct FitView {
    pub call: CallView,
    pub score: i32,
    /// Why it fits: `themes:<code>,...`, `country:<code>`, `organisation_type:<code>`, `open`.
    pub reasons: Vec<String>,
}

fn reason_code(r: &Reason) -> String {
    match r {
        Reason::Themes(t) => format!("themes:{}", t.join(",")),
        Reason::Country(c) => format!("country:{c}"),
        Reason::OrganisationType(t) => format!("organisation_type:{t}"),
        Reason::Open => "open".into(),
    }
}

async fn fits(data: &Ctx, kind: &str, handle: &str) -> Result<Json<Vec<FitView>>, AppError> {
    let actor = match crate::services::entries::local(data, kind, handle).await {
        Ok((_, actor)) => actor,
        Err(AppError::NotFound) => crate::services::actors::lookup_stored(data, handle)
            .await?
            .ok_or(AppError::NotFound)?,
        Err(e) => return Err(e),
    };
    let matches = service::for_entry(data, &actor, FITS).await?;
    Ok(Json(
        matches
            .iter()
            .map(|m| FitView {
                call: CallView::new(data, &m.details),
                score: m.score,
                reasons: m.reasons.iter().map(reason_code).collect(),
            })
            .collect(),
    ))
}

async fn project_fits(
    data: Ctx,
    Path(handle): Path<String>,
) -> Result<Json<Vec<FitView>>, AppError> {
    fits(&data, crate::db::models::entry::KIND_PROJECT, &handle).await
}

async fn organisation_fits(
    data: Ctx,
    Path(handle): Path<String>,
) -> Result<Json<Vec<FitView>>, AppError> {
    fits(&data, crate::db::models::entry::KIND_ORGANISATION, &handle).await
}
