//! Federation HTTP endpoints: actor documents, collections, inboxes, discovery.
//! Content negotiation between these and the HTML pages happens in `app`.

use crate::db::models::actor::Actor;
use crate::db::models::post::{Post, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED};
use crate::doc_cache::shared;
use crate::error::{AppError, AppResult};
use crate::federation::collections::{self, Kind};
use crate::federation::objects::note::{self, Note};
use crate::federation::{nodeinfo, webfinger};
use crate::inbound::inbox;
use crate::state::Ctx;
use activitypub_federation::axum::json::FederationJson;
use activitypub_federation::traits::Object;
use axum::extract::{DefaultBodyLimit, OriginalUri, Path, Query};
use axum::http::StatusCode;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::Value;

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
        Ok(person) => shared(FederationJson(person).into_response()),
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
        Ok(person) => shared(FederationJson(person).into_response()),
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
        Ok(event) => shared(FederationJson(event).into_response()),
        Err(e) => e.into_response(),
    }
}

/// A local funding call, as its `Page`; received calls are served by their origin.
pub async fn call_json(data: &Ctx, key: &str) -> Response {
    let result = async {
        let details = crate::services::funding_calls::by_key(data, key).await?;
        if !details.call.is_local {
            return Err(AppError::NotFound);
        }
        details.object()
    }
    .await;
    match result {
        Ok(call) => shared(FederationJson(call).into_response()),
        Err(e) => e.into_response(),
    }
}

/// A local knowledge resource, as its `Article`; received ones are served by their origin.
pub async fn resource_json(data: &Ctx, key: &str) -> Response {
    let result = async {
        let details = crate::services::resources::by_key(data, key).await?;
        if !details.resource.is_local {
            return Err(AppError::NotFound);
        }
        details.object()
    }
    .await;
    match result {
        Ok(resource) => shared(FederationJson(resource).into_response()),
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
            return Ok(shared(FederationJson(object).into_response()));
        }
        let note = Note::for_post(&mut conn, &post, &author).await?;
        Ok(shared(FederationJson(note).into_response()))
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
        Ok(doc) => shared(FederationJson(doc).into_response()),
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
        .map(|doc| shared(FederationJson(doc).into_response()))
        .unwrap_or_else(IntoResponse::into_response)
}

async fn get_featured(data: Ctx, Path(name): Path<String>) -> Response {
    let result = async {
        let actor = local_actor(&data, &name).await?;
        collections::featured(&data, &actor).await
    }
    .await;
    result
        .map(|doc| shared(FederationJson(doc).into_response()))
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
        .map(|doc| shared(FederationJson(doc).into_response()))
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
        .map(|doc| shared(FederationJson(doc).into_response()))
        .unwrap_or_else(IntoResponse::into_response)
}

/// A community's outbox item for one of its threads (see `collections::thread_activity`).
async fn get_thread_activity(data: Ctx, Path(id): Path<i64>) -> Response {
    collections::thread_activity(&data, id)
        .await
        .map(|doc| shared(FederationJson(doc).into_response()))
        .unwrap_or_else(IntoResponse::into_response)
}

async fn get_instance_outbox(data: Ctx, Query(q): Query<PageQuery>) -> Response {
    let name = data.config.host().to_string();
    collection(data, name, Kind::Outbox, q).await
}

/// An activity we sent, at its id (`/activities/{verb}/{key}`), as it was sent: a server
/// that got it wrapped in a community's or a hub's `Announce` takes it from here before
/// acting on it (see `trust`). A public one is served to anyone; any other only to a signed
/// fetch by one of its addressees (or an accepted follower, when it went to followers).
async fn get_activity(
    data: Ctx,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path((verb, key)): Path<(String, String)>,
) -> Response {
    let id = format!("{}/activities/{verb}/{key}", data.config.base_url());
    activity_json(&data, &id, &headers, &uri).await
}

/// The Create of one of our posts or events (`{object}/activity`, Mastodon's scheme).
pub async fn object_activity(
    data: &Ctx,
    object_path: &str,
    headers: &HeaderMap,
    uri: &Uri,
) -> Response {
    let id = format!("{}{object_path}/activity", data.config.base_url());
    if object_path.starts_with("/posts/") {
        // A public post's Create that was never sent is rendered from the post.
        let mut conn = match data.pool.get().await {
            Ok(c) => c,
            Err(e) => return AppError::from(e).into_response(),
        };
        let kept = crate::db::models::delivery::OutgoingActivity::find_by_ap_id(&mut conn, &id)
            .await
            .map(|row| row.is_some());
        drop(conn);
        if let Ok(false) = kept {
            let post = format!("{}{object_path}", data.config.base_url());
            return match collections::create_of_post(data, &post).await {
                Ok(Some(doc)) => shared(FederationJson(doc).into_response()),
                Ok(None) => AppError::NotFound.into_response(),
                Err(e) => e.into_response(),
            };
        }
    }
    activity_json(data, &id, headers, uri).await
}

async fn activity_json(data: &Ctx, id: &str, headers: &HeaderMap, uri: &Uri) -> Response {
    let result = async {
        let mut conn = data.pool.get().await?;
        let row = crate::db::models::delivery::OutgoingActivity::find_by_ap_id(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        drop(conn);
        let doc: Value = serde_json::from_str(&row.payload)
            .map_err(|e| AppError::Internal(format!("stored activity {id}: {e}")))?;
        let addressees = addressees(&doc);
        if addressees.iter().any(|u| note::is_public(u)) {
            return Ok(shared(FederationJson(doc).into_response()));
        }
        let signer = crate::inbound::signed_fetch::signer(data, headers, &Method::GET, uri).await?;
        let mut conn = data.pool.get().await?;
        if !may_read_activity(&mut conn, &addressees, signer.as_ref()).await? {
            tracing::info!(activity = id, signer = ?signer.as_ref().map(|a| a.ap_id.to_string()),
                "private activity asked for by someone it is not addressed to; 404");
            return Err(AppError::NotFound);
        }
        Ok(FederationJson(doc).into_response())
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// Everyone an activity is addressed to: its addressing, its object's (a Create carries
/// the note's), the actor it acts on (a Follow names its followee only as `object`) and the
/// parties of the activity it answers or undoes (an Accept's or Undo's embedded Follow).
fn addressees(doc: &Value) -> Vec<String> {
    let fields = ["to", "cc", "bto", "bcc", "audience"];
    let object = doc.get("object");
    let mut all: Vec<String> = [
        object.and_then(Value::as_str),
        object.and_then(|o| o.get("actor")).and_then(Value::as_str),
        object.and_then(|o| o.get("object")).and_then(Value::as_str),
    ]
    .into_iter()
    .flatten()
    .map(str::to_string)
    .collect();
    for value in [Some(doc), doc.get("object").filter(|o| o.is_object())]
        .into_iter()
        .flatten()
    {
        for f in fields {
            if let Some(v) = value.get(f) {
                all.extend(note::audience_urls(v));
            }
        }
    }
    all
}

/// Whether the signer of a fetch is among an activity's addressees, by name or as an
/// accepted follower of an actor here whose followers collection it went to.
async fn may_read_activity(
    conn: &mut crate::db::DbConn,
    addressees: &[String],
    signer: Option<&Actor>,
) -> AppResult<bool> {
    let Some(signer) = signer else {
        return Ok(false);
    };
    if addressees.iter().any(|a| a == signer.ap_id.as_str()) {
        return Ok(true);
    }
    for address in addressees {
        if let Some(owner) = Actor::find_by_followers_url(conn, address).await? {
            let follows = crate::db::models::follow::Follow::find_pair(conn, signer.id, owner.id)
                .await?
                .is_some_and(|f| f.state == crate::db::models::follow::STATE_ACCEPTED);
            if follows {
                return Ok(true);
            }
        }
    }
    Ok(false)
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
        .route("/users/{name}/featured", get(get_featured))
        .route("/projects/{name}/featured", get(get_featured))
        .route("/organisations/{name}/featured", get(get_featured))
        .route("/threads/{id}/context", get(get_thread_context))
        .route("/threads/{id}/activity", get(get_thread_activity))
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
