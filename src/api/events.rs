//! `/api/v1/events`: the calendar (the same filters as the events page), and create, read,
//! update, cancel and delete events; join and leave; participants for organisers.

use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::event::Address;
use crate::db::models::participation::{Participation, ParticipationState};
use crate::error::AppError;
use crate::services::events::{self, EventDetails, EventInput};
use crate::services::{calendars, participations};
use crate::state::Ctx;
use crate::text::{query_pairs, rfc3339_seconds};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

/// Events per page of the calendar.
pub const PAGE_SIZE: i64 = 50;

pub fn router() -> Router {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{key}", get(read).put(replace).patch(patch).delete(remove))
        .route("/{key}/cancel", post(cancel))
        .route("/{key}/join", post(join))
        .route("/{key}/leave", post(leave))
        .route("/{key}/participants", get(participants))
        .route("/{key}/participants/{id}/approve", post(approve))
        .route("/{key}/participants/{id}/decline", post(decline))
        .route(
            "/{key}/cover",
            put(set_cover)
                .delete(remove_cover)
                .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        )
}

#[derive(Debug, Serialize)]
pub struct PlaceView {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    /// ISO 3166-1 alpha-2, when known.
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    /// The ActivityPub id.
    pub id: String,
    /// The key in this hub's URLs (`/events/{key}`, `/api/v1/events/{key}`).
    pub key: String,
    /// The page here.
    pub page: String,
    /// The page at the origin (the same as `page` for local events).
    pub url: Option<String>,
    pub local: bool,
    pub organizer: ActorView,
    pub title: String,
    pub description_html: String,
    /// The Markdown source (local events only).
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    /// The same instants in the event's zone, with its offset.
    pub starts_local: String,
    pub ends_local: String,
    pub time_zone: String,
    pub place: Option<PlaceView>,
    pub online_url: Option<String>,
    pub category: Option<String>,
    pub themes: Vec<String>,
    pub hashtags: Vec<String>,
    pub language: Option<String>,
    pub status: String,
    pub join_mode: String,
    pub external_url: Option<String>,
    pub capacity: Option<i32>,
    pub participant_count: i32,
    pub remaining: Option<i32>,
    pub cover_url: Option<String>,
    pub published: String,
    pub updated: Option<String>,
    /// The caller's participation state, when a token is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participation: Option<ParticipationState>,
}

impl EventView {
    pub fn new(data: &Ctx, d: &EventDetails) -> EventView {
        use crate::federation::objects::event::local_rfc3339;
        let e = &d.event;
        let a: Address = e.address();
        let place = e.is_physical().then(|| PlaceView {
            name: e.place_name.clone(),
            street: a.street.clone(),
            postal_code: a.postal_code.clone(),
            locality: a.locality.clone(),
            region: a.region.clone(),
            country: e.country.clone(),
            latitude: e.latitude,
            longitude: e.longitude,
        });
        EventView {
            id: e.ap_id.clone(),
            key: e.key.clone(),
            page: calendars::page_url(data, d),
            url: e.url.clone(),
            local: e.is_local,
            organizer: ActorView::new(&d.organizer),
            title: e.title.clone(),
            description_html: e.description_html.clone(),
            description: e.description_source.clone(),
            starts_at: rfc3339_seconds(e.starts_at),
            ends_at: rfc3339_seconds(e.ends_at),
            starts_local: local_rfc3339(e.starts_at, &e.time_zone),
            ends_local: local_rfc3339(e.ends_at, &e.time_zone),
            time_zone: e.time_zone.clone(),
            place,
            online_url: e.online_url.clone(),
            category: e.category.clone(),
            themes: d.themes(),
            hashtags: d.hashtags(),
            language: e.language.clone(),
            status: e.status.clone(),
            join_mode: e.join_mode.clone(),
            external_url: e.external_url.clone(),
            capacity: e.capacity,
            participant_count: e.participant_count,
            remaining: e.capacity.map(|c| (c - e.participant_count).max(0)),
            cover_url: e.cover_url.clone(),
            published: rfc3339_seconds(e.published),
            updated: e.updated.map(rfc3339_seconds),
            participation: None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CalendarPage {
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub items: Vec<EventView>,
}

async fn list(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<CalendarPage>, AppError> {
    let (filter, page) = calendars::parse_filter(&data, &query_pairs(raw.as_deref())).await?;
    let (items, total) =
        events::calendar(&data, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    Ok(Json(CalendarPage {
        total,
        page,
        limit: PAGE_SIZE,
        items: items.iter().map(|d| EventView::new(&data, d)).collect(),
    }))
}

/// A create or update. Times are wall-clock times in `time_zone` (`2026-06-02T10:00`), or
/// RFC 3339 instants with an offset (converted to the zone).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventBody {
    organizer: Option<String>,
    title: Option<String>,
    description: Option<String>,
    starts: Option<String>,
    ends: Option<String>,
    time_zone: Option<String>,
    place_name: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    country: Option<Option<String>>,
    latitude: Option<Option<f64>>,
    longitude: Option<Option<f64>>,
    online_url: Option<Option<String>>,
    category: Option<Option<String>>,
    themes: Option<Vec<String>>,
    language: Option<Option<String>>,
    status: Option<String>,
    join_mode: Option<String>,
    external_url: Option<Option<String>>,
    capacity: Option<Option<i32>>,
}

/// An RFC 3339 instant becomes the wall-clock time in `zone`; anything else is kept for
/// the service to read (and refuse if unreadable).
fn wall_clock(value: String, zone: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(value.trim()) {
        Ok(t) => events::utc_to_local_input(t.naive_utc(), zone),
        Err(_) => value,
    }
}

impl EventBody {
    fn apply(self, mut input: EventInput) -> EventInput {
        macro_rules! set {
            ($($field:ident),*) => {$(if let Some(v) = self.$field { input.$field = v; })*};
        }
        macro_rules! set_opt {
            ($($field:ident),*) => {$(if let Some(v) = self.$field { input.$field = v.unwrap_or_default(); })*};
        }
        set!(
            organizer,
            title,
            description,
            time_zone,
            place_name,
            street,
            postal_code,
            locality,
            region,
            themes,
            status,
            join_mode
        );
        set_opt!(country, online_url, category, language, external_url);
        if let Some(v) = self.latitude {
            input.latitude = v;
        }
        if let Some(v) = self.longitude {
            input.longitude = v;
        }
        if let Some(v) = self.capacity {
            input.capacity = v;
        }
        if let Some(v) = self.starts {
            input.starts = wall_clock(v, &input.time_zone);
        }
        if let Some(v) = self.ends {
            input.ends = wall_clock(v, &input.time_zone);
        }
        input
    }
}

async fn create(
    data: Ctx,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    ApiJson(body): ApiJson<EventBody>,
) -> Result<(StatusCode, Json<EventView>), AppError> {
    let details = events::create(&data, &user, body.apply(EventInput::default())).await?;
    Ok((StatusCode::CREATED, Json(EventView::new(&data, &details))))
}

async fn read(
    data: Ctx,
    user: Option<ApiUser>,
    Path(key): Path<String>,
) -> Result<Json<EventView>, AppError> {
    let details = events::by_key(&data, &key).await?;
    let mut view = EventView::new(&data, &details);
    if let Some(ApiUser(user)) = user {
        view.participation = participations::mine(&data, &user, &details.event)
            .await?
            .map(|p| p.state);
    }
    Ok(Json(view))
}

async fn replace(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<EventBody>,
) -> Result<Json<EventView>, AppError> {
    let current = events::managed(&data, &user, &key).await?;
    // The organiser stays: an event does not move between organisers.
    let input = EventInput {
        organizer: current.organizer.username.clone(),
        ..Default::default()
    };
    let details = events::update(&data, &user, &key, body.apply(input)).await?;
    Ok(Json(EventView::new(&data, &details)))
}

async fn patch(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<EventBody>,
) -> Result<Json<EventView>, AppError> {
    let current = events::managed(&data, &user, &key).await?;
    let input = body.apply(events::input_from(&current));
    let details = events::update(&data, &user, &key, input).await?;
    Ok(Json(EventView::new(&data, &details)))
}

async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<StatusCode, AppError> {
    events::delete(&data, &user, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn cancel(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<Json<EventView>, AppError> {
    let details = events::cancel(&data, &user, &key).await?;
    Ok(Json(EventView::new(&data, &details)))
}

#[derive(Debug, Serialize)]
pub struct ParticipationView {
    pub id: i64,
    pub state: ParticipationState,
    pub message: String,
    pub actor: Option<ActorView>,
    pub created_at: String,
}

impl ParticipationView {
    fn new(p: &Participation, actor: Option<&crate::db::models::actor::Actor>) -> Self {
        ParticipationView {
            id: p.id,
            state: p.state,
            message: p.message.clone(),
            actor: actor.map(ActorView::new),
            created_at: rfc3339_seconds(p.created_at),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JoinBody {
    message: String,
}

async fn join(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    body: Bytes,
) -> Result<Json<ParticipationView>, AppError> {
    // The body is optional: `{"message": "..."}` for approval-mode events.
    let message = if body.iter().all(u8::is_ascii_whitespace) {
        String::new()
    } else {
        serde_json::from_slice::<JoinBody>(&body)
            .map_err(|e| AppError::BadRequest(e.to_string()))?
            .message
    };
    let p = participations::join(&data, &user, &key, &message).await?;
    Ok(Json(ParticipationView::new(&p, None)))
}

async fn leave(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<StatusCode, AppError> {
    participations::leave(&data, &user, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn participants(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<Json<Vec<ParticipationView>>, AppError> {
    let (_, list) = participations::participants(&data, &user, &key).await?;
    Ok(Json(
        list.iter()
            .map(|(p, a)| ParticipationView::new(p, Some(a)))
            .collect(),
    ))
}

async fn decide(
    data: Ctx,
    user: crate::db::models::user::User,
    key: String,
    id: String,
    approve: bool,
) -> Result<Json<ParticipationView>, AppError> {
    let id = parse_id(&id, "participation")?;
    let p = participations::decide(&data, &user, &key, id, approve).await?;
    Ok(Json(ParticipationView::new(&p, None)))
}

async fn approve(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((key, id)): Path<(String, String)>,
) -> Result<Json<ParticipationView>, AppError> {
    decide(data, user, key, id, true).await
}

async fn decline(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((key, id)): Path<(String, String)>,
) -> Result<Json<ParticipationView>, AppError> {
    decide(data, user, key, id, false).await
}

/// The cover picture, as the raw body (PNG, JPEG, GIF or WebP).
async fn set_cover(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
    body: Bytes,
) -> Result<Json<EventView>, AppError> {
    if body.is_empty() {
        return Err(AppError::Validation("media-error-empty"));
    }
    let details = events::set_cover(&data, &user, &key, Some(&body)).await?;
    Ok(Json(EventView::new(&data, &details)))
}

async fn remove_cover(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(key): Path<String>,
) -> Result<Json<EventView>, AppError> {
    let details = events::set_cover(&data, &user, &key, None).await?;
    Ok(Json(EventView::new(&data, &details)))
}
