//! `/api/v1/notifications`: a member's notifications (newest first, `?max_id=` for older),
//! marking them read, and the preferences per kind.

use crate::api::{ActorView, ApiJson, ApiUser};
use crate::error::AppResult;
use crate::services::notifications as service;
use crate::state::Ctx;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read))
        .route(
            "/notifications/preferences",
            get(preferences).put(save_preferences),
        )
}

/// One notification as the API shows it.
#[derive(Serialize)]
struct NotificationView {
    id: String,
    /// follow, follow_request, mention, reply, like, boost, participation_request,
    /// participation_accepted, participation_promoted, event_changed, event_cancelled,
    /// invitation, needs_match, report_decided.
    #[serde(rename = "type")]
    kind: String,
    created_at: String,
    read: bool,
    /// Who did it, when someone did.
    account: Option<ActorView>,
    /// What it says, in the member's language.
    text: String,
    /// The page it is about.
    url: String,
}

#[derive(Deserialize)]
struct ListQuery {
    max_id: Option<i64>,
}

async fn list(
    data: Ctx,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<NotificationView>>> {
    let lang = crate::i18n::negotiate(user.locale.as_deref(), None);
    let rows = service::list(&data, &user, q.max_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for n in rows {
        let line = service::describe(&data, lang, &n).await?;
        out.push(NotificationView {
            id: n.id.to_string(),
            kind: n.kind,
            created_at: crate::text::rfc3339(n.created_at),
            read: n.read_at.is_some(),
            account: line.actor.as_ref().map(ActorView::new),
            text: line.text,
            url: line.link,
        });
    }
    Ok(Json(out))
}

#[derive(Deserialize)]
struct ReadQuery {
    /// Marks read up to this id (`?up_to=`); all when absent.
    up_to: Option<i64>,
}

async fn read(
    data: Ctx,
    ApiUser(user): ApiUser,
    Query(q): Query<ReadQuery>,
) -> AppResult<StatusCode> {
    service::mark_read(&data, &user, q.up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize)]
struct PreferenceView {
    #[serde(rename = "type")]
    kind: String,
    /// Shown on the hub (counted, listed).
    web: bool,
    /// off, instant, daily or weekly.
    email: String,
}

async fn preferences(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<Vec<PreferenceView>>> {
    let prefs = service::preferences(&data, &user).await?;
    Ok(Json(
        prefs
            .into_iter()
            .map(|p| PreferenceView {
                kind: p.kind,
                web: p.web,
                email: p.email,
            })
            .collect(),
    ))
}

async fn save_preferences(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<Vec<PreferenceView>>,
) -> AppResult<Json<Vec<PreferenceView>>> {
    let choices: Vec<(String, bool, String)> = input
        .into_iter()
        .map(|p| (p.kind, p.web, p.email))
        .collect();
    service::save_preferences(&data, &user, &choices).await?;
    preferences(data, ApiUser(user)).await
}
