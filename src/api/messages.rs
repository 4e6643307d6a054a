//! `/api/v1/conversations`: a member's direct messages, grouped by conversation (Mastodon's
//! shape: the other accounts, the last status, unread), one conversation's messages, and
//! sending a message (a new conversation, or an answer in one).

use crate::api::posts::PostView;
use crate::api::{ActorView, ApiJson, ApiPoster, ApiUser};
use crate::error::{AppError, AppResult};
use crate::services::messages::{self as service, MessageInput};
use crate::state::Ctx;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router {
    Router::new()
        .route("/conversations", get(list).post(create))
        .route("/conversations/{id}", get(show).post(answer))
}

#[derive(Serialize)]
struct ConversationView {
    id: String,
    /// Everyone in it but the caller.
    accounts: Vec<ActorView>,
    last_status: PostView,
    unread: bool,
}

#[derive(Serialize)]
struct ConversationDetail {
    id: String,
    accounts: Vec<ActorView>,
    /// Oldest first.
    statuses: Vec<PostView>,
}

#[derive(Deserialize)]
struct ListQuery {
    max_id: Option<i64>,
}

async fn list(
    data: Ctx,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<ConversationView>>> {
    let rows = service::list(&data, &user, q.max_id).await?;
    Ok(Json(
        rows.iter()
            .map(|c| ConversationView {
                id: c.id.to_string(),
                accounts: c.others.iter().map(ActorView::new).collect(),
                last_status: PostView::new(&c.last, &c.last_author),
                unread: c.unread,
            })
            .collect(),
    ))
}

async fn show(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ConversationDetail>> {
    let view = service::read(&data, &user, id).await?;
    Ok(Json(ConversationDetail {
        id: view.id.to_string(),
        accounts: view.others.iter().map(ActorView::new).collect(),
        statuses: view
            .posts
            .iter()
            .map(|(p, a)| PostView::new(p, a))
            .collect(),
    }))
}

#[derive(Deserialize)]
struct NewMessage {
    /// Handles or actor URLs (a new conversation only).
    #[serde(default)]
    to: Vec<String>,
    content: String,
    #[serde(default)]
    language: Option<String>,
}

#[derive(Serialize)]
struct Sent {
    conversation_id: String,
    status: PostView,
}

async fn send(
    data: &Ctx,
    user: &crate::db::models::user::User,
    body: &NewMessage,
    conversation: Option<i64>,
) -> AppResult<(StatusCode, Json<Sent>)> {
    let to = body.to.join(",");
    let post = service::send(
        data,
        user,
        MessageInput {
            to: &to,
            content: &body.content,
            conversation,
            language: body.language.as_deref().filter(|s| !s.trim().is_empty()),
        },
    )
    .await?;
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    let mut conn = data.pool.get().await?;
    let conversation_id = crate::db::models::conversation::of_post(&mut conn, post.id)
        .await?
        .ok_or_else(|| AppError::Internal("a message without a conversation".into()))?;
    Ok((
        StatusCode::CREATED,
        Json(Sent {
            conversation_id: conversation_id.to_string(),
            status: PostView::new(&post, &author),
        }),
    ))
}

/// `POST /conversations {to, content, language}`: a new conversation.
async fn create(
    data: Ctx,
    ApiPoster(user): ApiPoster,
    ApiJson(body): ApiJson<NewMessage>,
) -> AppResult<(StatusCode, Json<Sent>)> {
    send(&data, &user, &body, None).await
}

/// `POST /conversations/{id} {content, language}`: an answer to everyone in it.
async fn answer(
    data: Ctx,
    ApiPoster(user): ApiPoster,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<NewMessage>,
) -> AppResult<(StatusCode, Json<Sent>)> {
    send(&data, &user, &body, Some(id)).await
}
