//! The page of an event (when, where, who organises, taking part, adding it to a
//! calendar, the organisers' tools), joining and leaving from it, and the participants
//! list where organisers approve or decline.

use crate::db::models::event::{JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_FREE, JOIN_NONE};
use crate::db::models::participation::{STATE_PENDING, STATE_REJECTED, STATE_WAITING};
use crate::error::AppError;
use crate::federation::objects::event::place_line;
use crate::i18n::{self, Arg};
use crate::services::events::{self as service, EventDetails};
use crate::services::participations::{self, MAX_MESSAGE_CHARS};
use crate::services::{calendars, ical};
use crate::web::auth::CsrfOnly;
use crate::web::events::{
    category_label, date_label, join_mode_label, organizer_view, pairs, places_label, reader_time,
    reader_zone, status_label, theme_labels, when_label, zone_of,
};
use crate::web::page::{Page, WebError, WebResult};
use crate::web::profiles::href as actor_href;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use chrono::TimeZone;
use chrono_tz::Tz;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// A refusal shown on the event page, next to the form it came from (`join` or `cover`).
pub struct Problem {
    pub place: &'static str,
    pub message: String,
    pub status: StatusCode,
}

pub fn event_href(key: &str) -> String {
    format!("/events/{key}")
}

/// The event page, for `show`.
pub async fn show_page(page: Page, key: &str, reader: Option<Tz>) -> WebResult {
    let details = service::by_key(&page.data, key).await?;
    render_event(page, details, reader, None).await
}

/// The event page with a refusal shown, if any.
pub async fn render_event(
    page: Page,
    details: EventDetails,
    reader: Option<Tz>,
    problem: Option<Problem>,
) -> WebResult {
    let data = &page.data;
    let e = &details.event;
    let (mine, manages) = match &page.user {
        Some(u) => (
            participations::mine(data, u, e).await?,
            participations::manages(data, u, e).await?,
        ),
        None => (None, false),
    };
    let past = e.ends_at < crate::db::now();
    let open = !e.is_cancelled() && !past;
    let registers = e.join_mode == JOIN_FREE || e.join_mode == JOIN_APPROVAL;
    let full = e.capacity.is_some_and(|c| e.participant_count >= c);
    let participation = context! {
        places => places_label(&page, e),
        mode => e.join_mode,
        mode_label => join_mode_label(&page, &e.join_mode),
        explain => [JOIN_FREE, JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_NONE]
            .contains(&e.join_mode.as_str())
            .then(|| page.t(&format!("events-join-explain-{}", e.join_mode))),
        external_url => (e.join_mode == JOIN_EXTERNAL).then_some(e.external_url.clone()).flatten(),
        none => e.join_mode == JOIN_NONE,
        state => mine.as_ref().map(|p| p.state),
        state_label => mine.as_ref().map(|p| page.t(&format!("events-state-{}", p.state))),
        can_leave => mine.as_ref().is_some_and(|p| p.state != STATE_REJECTED),
        can_join => mine.is_none() && open && registers,
        full => full && e.join_mode == JOIN_FREE,
        needs_message => e.join_mode == JOIN_APPROVAL,
        max_message => MAX_MESSAGE_CHARS,
        closed => if e.is_cancelled() {
            Some(page.t("events-closed-cancelled"))
        } else if past {
            Some(page.t("events-closed-past"))
        } else {
            None
        },
    };
    let cal = calendars::cal_event(&details);
    let place = place_line(e);
    let map_href = match (e.latitude, e.longitude) {
        (Some(la), Some(lo)) => Some(format!(
            "https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map=16/{la}/{lo}"
        )),
        _ => None,
    };
    let href = event_href(&e.key);
    let (cover_error, join_error, status) = match &problem {
        Some(p) => (
            (p.place == "cover").then(|| p.message.clone()),
            (p.place == "join").then(|| p.message.clone()),
            p.status,
        ),
        None => (None, None, StatusCode::OK),
    };
    let max_size = crate::web::entry_images::size_label(&page, data.config.media.max_upload_bytes);
    let event = context! {
        key => e.key,
        href => href,
        title => e.title,
        status => e.status,
        status_label => (e.status != crate::db::models::event::STATUS_SCHEDULED)
            .then(|| status_label(&page, &e.status)),
        cancelled => e.is_cancelled(),
        past => past,
        when => when_label(&page, e, zone_of(e), true),
        your_time => reader_time(&page, e, reader),
        place_name => Some(e.place_name.clone()).filter(|p| !p.is_empty()),
        place => Some(place).filter(|p| !p.is_empty()),
        map_href => map_href,
        online_url => e.online_url,
        organizer => organizer_view(&details),
        local => e.is_local,
        origin_url => (!e.is_local).then(|| e.url.clone().unwrap_or_else(|| e.ap_id.clone())),
        category => category_label(&page, e.category.as_deref()),
        themes => theme_labels(&page, &details),
        language => e.language,
        description_html => e.description_html,
        cover_url => e.cover_url,
        ap_id => e.ap_id.to_string(),
        ics_href => format!("{href}/calendar.ics"),
        google_href => ical::google_link(&cal),
        outlook_href => ical::outlook_link(&cal),
    };
    let origins = crate::web::origins::names(&page).await?;
    page.render_status(
        status,
        "event.html",
        context! {
            origins => origins,
            event => event,
            participation => participation,
            manages => manages,
            join_error => join_error,
            cover_error => cover_error,
            cover_max_size => max_size,
            reader_zone => reader.map(|z| z.name()),
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    message: String,
}

/// `POST /events/{key}/join`: refusals (cancelled, past, no registration here) are shown
/// on the event page.
pub async fn join(
    page: Page,
    headers: HeaderMap,
    Path(key): Path<String>,
    Form(form): Form<JoinForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let message: String = form.message.chars().take(MAX_MESSAGE_CHARS).collect();
    match participations::join(&page.data, user, &key, &message).await {
        Ok(p) => {
            let flash = match p.state {
                STATE_PENDING => "flash-event-join-requested",
                STATE_WAITING => "flash-event-join-waiting",
                STATE_REJECTED => "flash-event-join-declined",
                _ => "flash-event-joined",
            };
            let to = format!("{}#participation", event_href(&key));
            Ok(page.redirect(&to, Some(flash)))
        }
        Err(AppError::Validation(id)) => {
            let details = service::by_key(&page.data, &key).await?;
            let reader = reader_zone(&pairs(None), &headers);
            let problem = Problem {
                place: "join",
                message: page.t(id),
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            render_event(page, details, reader, Some(problem)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /events/{key}/leave`.
pub async fn leave(page: Page, Path(key): Path<String>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    participations::leave(&page.data, user, &key).await?;
    let to = format!("{}#participation", event_href(&key));
    Ok(page.redirect(&to, Some("flash-event-left")))
}

/// `GET /events/{key}/participants`: organisers only.
pub async fn participants(page: Page, Path(key): Path<String>) -> WebResult {
    let user = page.require_user()?;
    let (details, list) = participations::participants(&page.data, user, &key).await?;
    let e = &details.event;
    let tz = zone_of(e);
    let states = ["accepted", "waiting", "pending", "rejected"];
    let rows: Vec<Value> = list
        .iter()
        .map(|(p, actor)| {
            let at = tz.from_utc_datetime(&p.created_at);
            context! {
                id => p.id,
                name => actor.display_name_or_username(),
                handle => actor.handle(),
                href => actor_href(actor),
                local => actor.is_local,
                host => actor.domain,
                state => p.state,
                state_label => if states.contains(&p.state.as_str()) {
                    page.t(&format!("events-state-{}", p.state))
                } else {
                    p.state.to_string()
                },
                message => Some(p.message.trim()).filter(|m| !m.is_empty()),
                date => format!("{}, {}", date_label(&page, at.date_naive()), at.format("%H:%M")),
                decide => p.state == STATE_PENDING || p.state == STATE_WAITING,
            }
        })
        .collect();
    let counts: Vec<Value> = states
        .iter()
        .map(|s| {
            let n = list.iter().filter(|(p, _)| p.state == *s).count();
            let args = [("count", Arg::Num(n as f64))];
            context! {
                state => s,
                label => i18n::translate(page.lang, &format!("events-count-{s}"), &args),
            }
        })
        .collect();
    page.render(
        "event_participants.html",
        context! {
            event => context! {
                title => e.title,
                href => event_href(&e.key),
                when => when_label(&page, e, tz, true),
                places => places_label(&page, e),
                zone => tz.name(),
            },
            participants => rows,
            counts => counts,
        },
    )
    .await
}

async fn decide(page: Page, key: String, id: String, approve: bool, csrf: &str) -> WebResult {
    page.check_csrf(csrf)?;
    let user = page.require_user()?;
    let id: i64 = id.parse().map_err(|_| WebError(AppError::NotFound))?;
    let p = participations::decide(&page.data, user, &key, id, approve).await?;
    let flash = match (approve, p.state) {
        (false, _) => "flash-participant-declined",
        (true, STATE_WAITING) => "flash-participant-waiting",
        (true, _) => "flash-participant-approved",
    };
    let to = format!("{}/participants", event_href(&key));
    Ok(page.redirect(&to, Some(flash)))
}

/// `POST /events/{key}/participants/{id}/approve`.
pub async fn approve(
    page: Page,
    Path((key, id)): Path<(String, String)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    decide(page, key, id, true, &form.csrf_token).await
}

/// `POST /events/{key}/participants/{id}/decline`.
pub async fn decline(
    page: Page,
    Path((key, id)): Path<(String, String)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    decide(page, key, id, false, &form.csrf_token).await
}
