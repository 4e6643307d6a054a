//! `/api/v1/threads`: a community thread as a tree of nested replies; write, edit and delete
//! threads and replies, like them; moderators remove and restore posts, lock and pin
//! threads. The threads of one community (`/api/v1/communities/{name}/threads`) are listed
//! and started here too. Any post id of a thread (the root or a reply) works in the paths.

use crate::api::communities::CommunityRef;
use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::community::ROLE_MODERATOR;
use crate::db::models::post::Post;
use crate::db::models::thread::ThreadSummary;
use crate::db::models::user::User;
use crate::error::AppError;
use crate::federation::objects::note::{parse_tags, PostTag};
use crate::services::threads::{self, PostText, ThreadEntry, ThreadTree};
use crate::services::{communities, moderation};
use crate::state::Ctx;
use crate::text::rfc3339_seconds;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub fn router() -> Router {
    Router::new()
        .route("/{id}", get(read).patch(edit).delete(remove))
        .route("/{id}/replies", post(reply))
        .route("/{id}/like", post(like).delete(unlike))
        .route("/{id}/remove", post(mod_remove))
        .route("/{id}/restore", post(mod_restore))
        .route("/{id}/lock", post(lock))
        .route("/{id}/unlock", post(unlock))
        .route("/{id}/pin", post(pin))
        .route("/{id}/unpin", post(unpin))
}

/// One post of a thread (the root or a reply) with its replies nested, oldest first.
#[derive(Debug, Serialize)]
pub struct ThreadPostView {
    /// The local number (for `/api/v1/threads/{id}` and `in_reply_to` of a new reply).
    pub id: i64,
    /// The ActivityPub id.
    pub ap_id: String,
    pub url: Option<String>,
    /// The thread's title (the root only).
    pub title: Option<String>,
    /// Sanitised HTML; `null` when deleted, or removed and the caller does not moderate.
    pub content: Option<String>,
    /// The Markdown as written (local posts; hidden as `content` is).
    pub source: Option<String>,
    pub language: Option<String>,
    pub author: ActorView,
    /// The hub (domain) the author comes from.
    pub hub: String,
    pub local: bool,
    /// The ActivityPub id of the post this answers (`null` for the root).
    pub in_reply_to: Option<String>,
    /// Hashtags and mentions.
    pub tags: Vec<PostTag>,
    pub published: String,
    pub updated: Option<String>,
    /// Removed by a moderator (restorable).
    pub removed: bool,
    /// Deleted by its author.
    pub deleted: bool,
    pub like_count: i32,
    /// Whether the caller liked it (false without a token).
    pub liked: bool,
    /// 0 for the root, 1 for its replies, and so on.
    pub depth: usize,
    pub replies: Vec<ThreadPostView>,
}

impl ThreadPostView {
    /// `moderates`: the caller moderates the community and sees removed text.
    fn new(post: &Post, author: &Actor, liked: bool, moderates: bool) -> ThreadPostView {
        let deleted = post.deleted_at.is_some();
        let removed = post.removed_at.is_some();
        let hidden = deleted || (removed && !moderates);
        let source = (post.is_local && !hidden).then(|| post.source.clone());
        ThreadPostView {
            id: post.id,
            ap_id: post.ap_id.clone(),
            url: post.url.clone(),
            title: if hidden { None } else { post.name.clone() },
            content: (!hidden).then(|| post.content_html.clone()),
            source,
            language: post.language.clone(),
            author: ActorView::new(author),
            hub: author.domain.clone(),
            local: post.is_local,
            in_reply_to: post.in_reply_to.clone(),
            tags: if hidden {
                vec![]
            } else {
                parse_tags(&post.tags)
            },
            published: rfc3339_seconds(post.published),
            updated: post.updated.map(rfc3339_seconds),
            removed,
            deleted,
            like_count: post.like_count,
            liked,
            depth: 0,
            replies: vec![],
        }
    }

    fn set_depth(&mut self, depth: usize) {
        self.depth = depth;
        for r in &mut self.replies {
            r.set_depth(depth + 1);
        }
    }

    /// The post `id` in this subtree.
    fn find(self, id: i64) -> Option<ThreadPostView> {
        if self.id == id {
            return Some(self);
        }
        self.replies.into_iter().find_map(|r| r.find(id))
    }
}

/// Nests the service's depth-first list by `in_reply_to`: a reply whose parent is not in the
/// thread (never received) hangs from the root. Order is kept: replies oldest first.
fn nest(entries: &[ThreadEntry], moderates: bool) -> ThreadPostView {
    let index: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.post.ap_id.as_str(), i))
        .collect();
    // Parents come before their children in depth-first order; anything else goes to the root.
    let parents: Vec<usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            e.post
                .in_reply_to
                .as_deref()
                .and_then(|p| index.get(p).copied())
                .filter(|&p| p < i)
                .unwrap_or(0)
        })
        .collect();
    let mut slots: Vec<Option<ThreadPostView>> = entries
        .iter()
        .map(|e| Some(ThreadPostView::new(&e.post, &e.author, e.liked, moderates)))
        .collect();
    for i in (1..entries.len()).rev() {
        if let Some(view) = slots[i].take() {
            if let Some(parent) = slots[parents[i]].as_mut() {
                parent.replies.push(view);
            }
        }
    }
    let mut root = slots[0].take().expect("the root is entry 0");
    fn reverse(v: &mut ThreadPostView) {
        v.replies.reverse();
        v.replies.iter_mut().for_each(reverse);
    }
    reverse(&mut root);
    root.set_depth(0);
    root
}

/// A thread as clients see it: its community, state and the tree of posts.
#[derive(Debug, Serialize)]
pub struct ThreadView {
    /// The root post's id.
    pub id: i64,
    pub title: Option<String>,
    pub community: CommunityRef,
    pub locked: bool,
    pub pinned: bool,
    /// Replies neither removed nor deleted.
    pub reply_count: usize,
    /// Whether the caller moderates the community (and sees removed posts).
    pub moderator: bool,
    pub root: ThreadPostView,
}

impl ThreadView {
    fn new(tree: &ThreadTree, moderates: bool) -> ThreadView {
        let root = tree.root();
        let root_view = nest(&tree.entries, moderates);
        ThreadView {
            id: root.post.id,
            title: root_view.title.clone(),
            community: CommunityRef::new(&tree.community_actor),
            locked: root.post.locked,
            pinned: root.post.pinned,
            reply_count: tree.entries[1..]
                .iter()
                .filter(|e| e.post.removed_at.is_none() && e.post.deleted_at.is_none())
                .count(),
            moderator: moderates,
            root: root_view,
        }
    }
}

/// Whether `user` moderates the community a thread belongs to.
async fn moderates(data: &Ctx, tree: &ThreadTree, user: Option<&User>) -> Result<bool, AppError> {
    let Some(user) = user else {
        return Ok(false);
    };
    Ok(
        communities::role_in(data, tree.community_actor.id, user.actor_id).await?
            == Some(ROLE_MODERATOR),
    )
}

/// The thread of post `id` as `user` sees it.
async fn thread_view(data: &Ctx, user: Option<&User>, id: i64) -> Result<ThreadView, AppError> {
    let tree = threads::tree(data, user, id).await?;
    let moderates = moderates(data, &tree, user).await?;
    Ok(ThreadView::new(&tree, moderates))
}

/// One post (with its replies) as `user` sees it.
async fn post_view(data: &Ctx, user: &User, id: i64) -> Result<ThreadPostView, AppError> {
    let tree = threads::tree(data, Some(user), id).await?;
    let moderates = moderates(data, &tree, Some(user)).await?;
    nest(&tree.entries, moderates)
        .find(id)
        .ok_or(AppError::NotFound)
}

/// A thread in a community's list.
#[derive(Debug, Serialize)]
pub struct ThreadSummaryView {
    pub id: i64,
    pub ap_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Sanitised HTML.
    pub content: String,
    pub language: Option<String>,
    pub author: ActorView,
    pub hub: String,
    pub local: bool,
    pub published: String,
    pub updated: Option<String>,
    pub pinned: bool,
    pub locked: bool,
    pub like_count: i32,
    pub reply_count: i64,
}

impl ThreadSummaryView {
    fn new(s: &ThreadSummary) -> ThreadSummaryView {
        let p = &s.root;
        ThreadSummaryView {
            id: p.id,
            ap_id: p.ap_id.clone(),
            url: p.url.clone(),
            title: p.name.clone(),
            content: p.content_html.clone(),
            language: p.language.clone(),
            author: ActorView::new(&s.author),
            hub: s.author.domain.clone(),
            local: p.is_local,
            published: rfc3339_seconds(p.published),
            updated: p.updated.map(rfc3339_seconds),
            pinned: p.pinned,
            locked: p.locked,
            like_count: p.like_count,
            reply_count: s.replies,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ThreadPage {
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub items: Vec<ThreadSummaryView>,
}

/// `GET /communities/{name}/threads?lang=&page=`: pinned first, then newest.
pub(crate) async fn list_in_community(
    data: Ctx,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ThreadPage>, AppError> {
    let mut language = None;
    let mut page = 1;
    for (k, v) in crate::text::query_pairs(raw.as_deref()) {
        match k.as_str() {
            "lang" | "language" => language = Some(v),
            "page" => {
                page = v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|p| (1..=10_000).contains(p))
                    .ok_or_else(|| AppError::BadRequest(format!("{v:?} is not a page")))?
            }
            other => return Err(AppError::BadRequest(format!("unknown parameter {other:?}"))),
        }
    }
    let (total, items) = threads::list(&data, &name, language.as_deref(), page).await?;
    Ok(Json(ThreadPage {
        total,
        page,
        limit: threads::PAGE_SIZE,
        items: items.iter().map(ThreadSummaryView::new).collect(),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct NewThread {
    title: String,
    content: String,
    language: Option<String>,
}

/// `POST /communities/{name}/threads`: `201` with the new thread.
pub(crate) async fn create_in_community(
    data: Ctx,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<NewThread>,
) -> Result<(StatusCode, Json<ThreadView>), AppError> {
    let text = PostText {
        title: body.title,
        content: body.content,
        language: body.language,
    };
    let post = threads::create_thread(&data, &user, &name, text).await?;
    let view = thread_view(&data, Some(&user), post.id).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

async fn read(
    data: Ctx,
    user: Option<ApiUser>,
    Path(id): Path<String>,
) -> Result<Json<ThreadView>, AppError> {
    let id = parse_id(&id, "post")?;
    let user = user.map(|ApiUser(u)| u);
    Ok(Json(thread_view(&data, user.as_ref(), id).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct NewReply {
    content: String,
    language: Option<String>,
    /// A post of this thread (by local id); the root when absent.
    in_reply_to: Option<i64>,
}

/// `POST /threads/{id}/replies`: `201` with the new reply.
async fn reply(
    data: Ctx,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewReply>,
) -> Result<(StatusCode, Json<ThreadPostView>), AppError> {
    let id = parse_id(&id, "post")?;
    let tree = threads::tree(&data, Some(&user), id).await?;
    let parent = match body.in_reply_to {
        Some(p) if tree.entries.iter().any(|e| e.post.id == p) => p,
        Some(p) => {
            return Err(AppError::BadRequest(format!(
                "post {p} is not in the thread of post {id}"
            )))
        }
        None => tree.root().post.id,
    };
    let text = PostText {
        title: String::new(),
        content: body.content,
        language: body.language,
    };
    let post = threads::reply(&data, &user, parent, text).await?;
    let view = post_view(&data, &user, post.id).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// An edit: fields not given keep their value; `"language": ""` clears the language.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct EditBody {
    title: Option<String>,
    content: Option<String>,
    language: Option<String>,
}

async fn edit(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Json<ThreadPostView>, AppError> {
    let id = parse_id(&id, "post")?;
    let tree = threads::tree(&data, Some(&user), id).await?;
    let current = tree
        .entries
        .iter()
        .find(|e| e.post.id == id)
        .map(|e| e.post.clone())
        .ok_or(AppError::NotFound)?;
    if current.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    if current.author_id != user.actor_id {
        return Err(AppError::Forbidden);
    }
    let text = PostText {
        title: body
            .title
            .unwrap_or_else(|| current.name.clone().unwrap_or_default()),
        content: body.content.unwrap_or_else(|| current.source.clone()),
        language: match body.language {
            Some(l) => Some(l),
            None => current.language.clone(),
        },
    };
    threads::edit(&data, &user, id, text).await?;
    Ok(Json(post_view(&data, &user, id).await?))
}

async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "post")?;
    threads::delete(&data, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The answer to a like or unlike.
#[derive(Debug, Serialize)]
pub struct LikeView {
    pub id: i64,
    pub like_count: i32,
    pub liked: bool,
}

async fn set_like(
    data: Ctx,
    user: User,
    id: String,
    liked: bool,
) -> Result<Json<LikeView>, AppError> {
    let id = parse_id(&id, "post")?;
    let post = threads::like(&data, &user, id, liked).await?;
    Ok(Json(LikeView {
        id: post.id,
        like_count: post.like_count,
        liked,
    }))
}

async fn like(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<LikeView>, AppError> {
    set_like(data, user, id, true).await
}

async fn unlike(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<LikeView>, AppError> {
    set_like(data, user, id, false).await
}

/// The optional body of a moderation action: `{"reason": "..."}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ReasonBody {
    reason: String,
}

/// An optional JSON body: empty means the defaults.
fn optional_body<T: DeserializeOwned + Default>(body: &Bytes) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| AppError::BadRequest(e.to_string()))
}

#[derive(Clone, Copy)]
enum ModAction {
    Remove(bool),
    Lock(bool),
    Pin(bool),
}

/// Applies a moderation action; answers the thread as the moderator sees it.
async fn moderate(
    data: Ctx,
    user: User,
    id: String,
    body: Bytes,
    action: ModAction,
) -> Result<Json<ThreadView>, AppError> {
    let id = parse_id(&id, "post")?;
    let ReasonBody { reason } = optional_body(&body)?;
    match action {
        ModAction::Remove(on) => moderation::set_removed(&data, &user, id, on, &reason).await?,
        ModAction::Lock(on) => moderation::set_locked(&data, &user, id, on, &reason).await?,
        ModAction::Pin(on) => moderation::set_pinned(&data, &user, id, on).await?,
    }
    Ok(Json(thread_view(&data, Some(&user), id).await?))
}

macro_rules! moderation_handler {
    ($name:ident, $action:expr) => {
        async fn $name(
            data: Ctx,
            ApiUser(user): ApiUser,
            Path(id): Path<String>,
            body: Bytes,
        ) -> Result<Json<ThreadView>, AppError> {
            moderate(data, user, id, body, $action).await
        }
    };
}

moderation_handler!(mod_remove, ModAction::Remove(true));
moderation_handler!(mod_restore, ModAction::Remove(false));
moderation_handler!(lock, ModAction::Lock(true));
moderation_handler!(unlock, ModAction::Lock(false));
moderation_handler!(pin, ModAction::Pin(true));
moderation_handler!(unpin, ModAction::Pin(false));
