//! Federation HTTP endpoints: actor documents, collections, inboxes, discovery.
//! Content negotiation between these and the HTML pages happens in `app`.

use crate::db::models::actor::Actor;
use crate::db::models::post::{Post, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED};
use crate::error::{AppError, AppResult};
use crate::federation::collections::{self, Kind};
use crate::federation::objects::note::Note;
use crate::federation::{nodeinfo, webfinger};
use crate::inbound::inbox;
use crate::state::Ctx;
use activitypub_federation::axum::json::FederationJson;
use activitypub_federation::traits::Object;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::StatusCode;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

/// True when the client asked for ActivityPub JSON. Matched by substring because Mastodon
/// sends a list (`application/activity+json, application/ld+json; profile=...`).
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/activity+json") || v.contains("application/ld+json"))
}

async fn local_actor(data: &Ctx, name: &str) -> AppResult<Actor> {
    let mut conn = data.pool.get().await?;
    let name = name.to_lowercase();
    if let Some(actor) = Actor::find_local_visible(&mut conn, &name).await? {
        return Ok(actor);
    }
    // A member who deleted their account: 410, as Mastodon answers, so that servers
    // fetching it again drop their copy.
    let deleted = match Actor::find_local(&mut conn, &name).await? {
        Some(a) if a.kind == "Person" => {
            crate::db::models::user::User::find_by_actor(&mut conn, a.id)
                .await?
                .is_none()
        }
        _ => false,
    };
    Err(if deleted {
        AppError::Gone
    } else {
        AppError::NotFound
    })
}

/// The actor document of a local member.
pub async fn actor_json(data: &Ctx, name: &str) -> Response {
    let result = async {
        let actor = local_actor(data, name).await?;
        actor.into_json(data).await
    }
    .await;
    match result {
        Ok(person) => FederationJson(person).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The instance actor document.
pub async fn instance_actor_json(data: &Ctx) -> Response {
    let result = async {
        let actor = local_actor(data, data.config.host()).await?;
        actor.into_json(data).await
    }
    .await;
    match result {
        Ok(person) => FederationJson(person).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A local event as an `Event` (remote events we keep are not served: their id is
/// elsewhere).
pub async fn event_json(data: &Ctx, key: &str) -> Response {
    let result = async {
        let details = crate::services::events::by_key(data, key).await?;
        if !details.event.is_local {
            return Err(AppError::NotFound);
        }
        crate::federation::objects::event::Event::for_row(
            &details.event,
            &details.organizer,
            &details.tags,
        )
    }
    .await;
    match result {
        Ok(event) => FederationJson(event).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A local post as a Note. Public and unlisted ones to anyone; followers-only ones and
/// direct messages only to a signed fetch by someone allowed to read them (404 otherwise, as
/// if they did not exist); deleted ones answer 410 Gone with a Tombstone, as Mastodon does.
pub async fn post_json(data: &Ctx, key: &str, headers: &HeaderMap, uri: &Uri) -> Response {
    let result = async {
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::NotFound);
        }
        let ap_id = format!("{}/posts/{key}", data.config.base_url());
        let mut conn = data.pool.get().await?;
        let post = Post::find_by_ap_id(&mut conn, &ap_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if post.deleted_at.is_some() {
            let tombstone = serde_json::json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": post.ap_id,
                "type": "Tombstone",
            });
            return Ok((StatusCode::GONE, FederationJson(tombstone)).into_response());
        }
        let author = Actor::find(&mut conn, post.author_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !matches!(post.visibility, VISIBILITY_PUBLIC | VISIBILITY_UNLISTED) {
            drop(conn);
            let signer =
                crate::inbound::signed_fetch::signer(data, headers, &Method::GET, uri).await?;
            let mut conn = data.pool.get().await?;
            if !may_read(&mut conn, &post, signer.as_ref()).await? {
                tracing::info!(post = %post.ap_id, signer = ?signer.as_ref().map(|a| a.ap_id.to_string()),
                    "private post asked for by someone it is not addressed to; 404");
                return Err(AppError::NotFound);
            }
            let note = Note::for_post(&mut conn, &post, &author).await?;
            return Ok(FederationJson(note).into_response());
        }
        if let Some(community_id) = post.community_id {
            // A thread or reply: Lemmy's Page or Note, addressed to its community.
            let community = Actor::find(&mut conn, community_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let parent_author = match &post.in_reply_to {
                Some(p) => match Post::find_by_ap_id(&mut conn, p).await? {
                    Some(parent) => Actor::find(&mut conn, parent.author_id).await?,
                    None => None,
                },
                None => None,
            };
            if post.removed_at.is_some() {
                return Err(AppError::NotFound);
            }
            let mut object = crate::federation::objects::thread::to_json(
                &post,
                &author,
                &community,
                parent_author.as_ref(),
            );
            object["@context"] = crate::federation::actor_context();
            return Ok(FederationJson(object).into_response());
        }
        let note = Note::for_post(&mut conn, &post, &author).await?;
        Ok(FederationJson(note).into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Whether the signer of a fetch may read a private post: one of its recipients, or, for a
/// followers-only post, an accepted follower of its author.
async fn may_read(
    conn: &mut crate::db::DbConn,
    post: &Post,
    signer: Option<&Actor>,
) -> AppResult<bool> {
    let Some(signer) = signer else {
        return Ok(false);
    };
    if Post::is_addressed_to(conn, post.id, signer.id).await? {
        return Ok(true);
    }
    if post.visibility == crate::db::models::post::VISIBILITY_FOLLOWERS {
        return Ok(
            crate::db::models::follow::Follow::find_pair(conn, signer.id, post.author_id)
                .await?
                .is_some_and(|f| f.state == crate::db::models::follow::STATE_ACCEPTED),
        );
    }
    Ok(false)
}

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

async fn collection(data: Ctx, name: String, kind: Kind, q: PageQuery) -> Response {
    let result = async {
        let actor = local_actor(&data, &name).await?;
        collections::for_actor(&data, &actor, kind, q.page).await
    }
    .await;
    match result {
        Ok(doc) => FederationJson(doc).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn get_outbox(data: Ctx, Path(name): Path<String>, Query(q): Query<PageQuery>) -> Response {
    collection(data, name, Kind::Outbox, q).await
}
async fn get_followers(
    data: Ctx,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    collection(data, name, Kind::Followers, q).await
}
async fn get_following(
    data: Ctx,
    Path(name): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    collection(data, name, Kind::Following, q).await
}
async fn get_moderators(data: Ctx, Path(name): Path<String>) -> Response {
    let result = async {
        let actor = local_actor(&data, &name).await?;
        collections::moderators(&data, &actor).await
    }
    .await;
    result
        .map(|doc| FederationJson(doc).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

async fn get_featured(data: Ctx, Path(name): Path<String>) -> Response {
    let result = async {
        let actor = local_actor(&data, &name).await?;
        collections::featured(&data, &actor).await
    }
    .await;
    result
        .map(|doc| FederationJson(doc).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

/// The upcoming events a member, project or organisation organises.
async fn get_events(data: Ctx, Path(name): Path<String>, Query(q): Query<PageQuery>) -> Response {
    let result = async {
        let actor = local_actor(&data, &name).await?;
        collections::events(&data, &actor, q.page).await
    }
    .await;
    result
        .map(|doc| FederationJson(doc).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

/// A thread of a community here as one collection (FEP-7888); `?page=N` for its pages.
async fn get_thread_context(
    data: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Response {
    collections::thread_context(&data, id, q.page)
        .await
        .map(|doc| FederationJson(doc).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

async fn get_instance_outbox(data: Ctx, Query(q): Query<PageQuery>) -> Response {
    let name = data.config.host().to_string();
    collection(data, name, Kind::Outbox, q).await
}

/// An activity we sent, at its id, when it was public: a server that got it relayed by a
/// community takes it from here before acting on it (see `trust`). Others are not shown.
async fn get_activity(data: Ctx, Path((verb, key)): Path<(String, String)>) -> Response {
    let result = async {
        let id = format!("{}/activities/{verb}/{key}", data.config.base_url());
        let mut conn = data.pool.get().await?;
        let row = crate::db::models::delivery::OutgoingActivity::find_by_ap_id(&mut conn, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        let doc: serde_json::Value = serde_json::from_str(&row.payload)
            .map_err(|e| AppError::Internal(format!("stored activity {id}: {e}")))?;
        let public = ["to", "cc"].iter().any(|f| {
            doc.get(*f)
                .map(crate::federation::objects::note::audience_urls)
                .unwrap_or_default()
                .iter()
                .any(|u| crate::federation::objects::note::is_public(u))
        });
        if !public {
            return Err(AppError::NotFound);
        }
        Ok(doc)
    }
    .await;
    result
        .map(|doc| FederationJson(doc).into_response())
        .unwrap_or_else(IntoResponse::into_response)
}

/// Routes that are federation-only (the actor pages themselves are negotiated in `app`).
pub fn router() -> Router {
    Router::new()
        .route("/.well-known/webfinger", get(webfinger::get_webfinger))
        .route("/.well-known/host-meta", get(webfinger::get_host_meta))
        .route("/.well-known/nodeinfo", get(nodeinfo::get_discovery))
        .route("/nodeinfo/2.1", get(nodeinfo::get_nodeinfo_21))
        .route("/nodeinfo/2.0", get(nodeinfo::get_nodeinfo_20))
        .route("/users/{name}/outbox", get(get_outbox))
        .route("/users/{name}/followers", get(get_followers))
        .route("/users/{name}/following", get(get_following))
        .route("/actor/outbox", get(get_instance_outbox))
        .route(
            "/actor/items",
            get(crate::federation::peering::items::get_items),
        )
        // Projects and organisations: the same collections under their own paths.
        .route("/projects/{name}/outbox", get(get_outbox))
        .route("/projects/{name}/followers", get(get_followers))
        .route("/projects/{name}/following", get(get_following))
        .route("/organisations/{name}/outbox", get(get_outbox))
        .route("/communities/{name}/outbox", get(get_outbox))
        .route("/communities/{name}/followers", get(get_followers))
        .route("/communities/{name}/following", get(get_following))
        .route("/communities/{name}/moderators", get(get_moderators))
        .route("/activities/{verb}/{key}", get(get_activity))
        .route("/communities/{name}/featured", get(get_featured))
        .route("/threads/{id}/context", get(get_thread_context))
        .route("/users/{name}/events", get(get_events))
        .route("/projects/{name}/events", get(get_events))
        .route("/organisations/{name}/events", get(get_events))
        .route("/organisations/{name}/followers", get(get_followers))
        .route("/organisations/{name}/following", get(get_following))
        .merge(
            Router::new()
                .route("/inbox", post(inbox::post_inbox))
                .route("/users/{name}/inbox", post(inbox::post_inbox))
                .route("/projects/{name}/inbox", post(inbox::post_inbox))
                .route("/organisations/{name}/inbox", post(inbox::post_inbox))
                .route("/communities/{name}/inbox", post(inbox::post_inbox))
                .route("/actor/inbox", post(inbox::post_inbox))
                // The inbox reads the body itself and answers 413 past its own limit.
                .layer(DefaultBodyLimit::disable()),
        )
}
