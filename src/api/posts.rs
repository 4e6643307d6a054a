//! `/api/v1/posts` and `/api/v1/timeline`: write, read and delete posts; the home timeline.

use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::post::{Post, VISIBILITY_PUBLIC};
use crate::error::AppError;
use crate::federation::objects::note::{parse_attachments, Attachment};
use crate::services::posts::{self, PostInput};
use crate::state::Ctx;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// A post as clients see it. `content` is sanitised HTML.
#[derive(Debug, Serialize)]
pub struct PostView {
    pub id: i64,
    pub ap_id: String,
    pub url: Option<String>,
    pub kind: String,
    pub author: ActorView,
    pub name: Option<String>,
    pub summary: String,
    pub content: String,
    pub language: Option<String>,
    pub in_reply_to: Option<String>,
    pub visibility: crate::db::models::post::Visibility,
    pub sensitive: bool,
    pub attachments: Vec<Attachment>,
    pub local: bool,
    pub published: String,
    pub updated: Option<String>,
    /// How many favourited and boosted it.
    pub favourites_count: i32,
    pub boosts_count: i32,
    /// Whether the caller favourited and boosted it (given where the caller is known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub favourited: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boosted: Option<bool>,
}

impl PostView {
    pub fn new(post: &Post, author: &Actor) -> PostView {
        PostView {
            id: post.id,
            ap_id: post.ap_id.clone(),
            url: post.url.clone(),
            kind: post.kind.clone(),
            author: ActorView::new(author),
            name: post.name.clone(),
            summary: post.summary.clone(),
            content: post.content_html.clone(),
            language: post.language.clone(),
            in_reply_to: post.in_reply_to.clone(),
            visibility: post.visibility,
            sensitive: post.sensitive,
            attachments: parse_attachments(&post.attachments),
            local: post.is_local,
            published: crate::text::rfc3339(post.published),
            updated: post.updated.map(crate::text::rfc3339),
            favourites_count: post.like_count,
            boosts_count: post.boost_count,
            favourited: None,
            boosted: None,
        }
    }

    /// With the caller's own favourite and boost.
    fn reacted(mut self, reacted: &crate::services::reactions::Reacted) -> PostView {
        self.favourited = Some(reacted.liked(self.id));
        self.boosted = Some(reacted.boosted(self.id));
        self
    }
}

/// `POST` (on) and `DELETE` (off) `/api/v1/posts/{id}/favourite` and `/boost`: the post
/// afterwards, with its counts and the caller's reactions.
async fn react(
    data: &Ctx,
    user: &crate::db::models::user::User,
    id: &str,
    boost: bool,
    on: bool,
) -> Result<Json<PostView>, AppError> {
    let id = parse_id(id, "post")?;
    let post = if boost {
        crate::services::reactions::boost(data, user, id, on).await?
    } else {
        crate::services::reactions::favourite(data, user, id, on).await?
    };
    let (post, author) = posts::get(data, Some(user), &post.id.to_string()).await?;
    let reacted = crate::services::reactions::reacted(data, Some(user), &[post.id]).await?;
    Ok(Json(PostView::new(&post, &author).reacted(&reacted)))
}

pub async fn favourite(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PostView>, AppError> {
    react(&data, &user, &id, false, true).await
}

pub async fn unfavourite(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PostView>, AppError> {
    react(&data, &user, &id, false, false).await
}

pub async fn boost(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PostView>, AppError> {
    react(&data, &user, &id, true, true).await
}

pub async fn unboost(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PostView>, AppError> {
    react(&data, &user, &id, true, false).await
}

#[derive(Deserialize)]
pub struct CreatePost {
    content: String,
    #[serde(default)]
    summary: String,
    visibility: Option<String>,
    in_reply_to: Option<String>,
    language: Option<String>,
}

pub async fn create(
    data: Ctx,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    ApiJson(body): ApiJson<CreatePost>,
) -> Result<(StatusCode, Json<PostView>), AppError> {
    let input = PostInput {
        content: &body.content,
        summary: &body.summary,
        visibility: body
            .visibility
            .as_deref()
            .unwrap_or(VISIBILITY_PUBLIC.as_str()),
        in_reply_to: body.in_reply_to.as_deref(),
        language: body.language.as_deref(),
    };
    let post = posts::create(&data, &user, input).await?;
    let (post, author) = posts::get(&data, Some(&user), &post.id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(PostView::new(&post, &author))))
}

pub async fn get(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PostView>, AppError> {
    let id = parse_id(&id, "post")?;
    let (post, author) = posts::get(&data, Some(&user), &id.to_string()).await?;
    Ok(Json(PostView::new(&post, &author)))
}

#[derive(Deserialize)]
pub struct LookupQuery {
    ap_id: String,
}

/// A post by its ActivityPub id (`?ap_id=`), if it is here and visible to the caller.
pub async fn lookup(
    data: Ctx,
    ApiUser(user): ApiUser,
    Query(q): Query<LookupQuery>,
) -> Result<Json<PostView>, AppError> {
    url::Url::parse(&q.ap_id)
        .map_err(|_| AppError::BadRequest(format!("{:?} is not a URL", q.ap_id)))?;
    let (post, author) = posts::get(&data, Some(&user), &q.ap_id).await?;
    Ok(Json(PostView::new(&post, &author)))
}

pub async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "post")?;
    posts::delete(&data, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct TimelineQuery {
    before: Option<i64>,
    limit: Option<i64>,
}

pub async fn timeline(
    data: Ctx,
    ApiUser(user): ApiUser,
    Query(q): Query<TimelineQuery>,
) -> Result<Json<Vec<PostView>>, AppError> {
    let rows = posts::home_timeline(&data, &user, q.before, q.limit.unwrap_or(20)).await?;
    Ok(Json(
        rows.iter().map(|(p, a)| PostView::new(p, a)).collect(),
    ))
}
