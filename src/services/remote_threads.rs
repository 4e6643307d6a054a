//! Threads, replies, likes and moderation arriving from other servers.
//!
//! An activity reaches us in one of two ways: sent to us by its actor (signature checked by
//! the inbox), or wrapped in an `Announce` by a community (FEP-1b12), which vouches for it.
//! For a community hosted here we enforce its rules, store, and announce the activity to
//! the community's followers. For a community elsewhere we store what it announces. The
//! content of an announced post is trusted as embedded only when it comes from the
//! community's own server; anything else is fetched again from its origin.
//!
//! Moderation (removal, lock, pin, ban) is accepted from the community itself (announced),
//! or, for a community hosted here, from one of its moderators.

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::db::models::post::{Post, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED};
use crate::db::models::thread::Threads;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{ensure, load_actor, object_id, object_type, single_type};
use crate::federation::objects::note::POST_TYPES;
use crate::federation::objects::person::plain_text;
use crate::federation::objects::thread::candidate_communities;
use crate::federation::{authority, delivery, Ctx, Urls};
use crate::services::threads::{announce, announce_object};
use activitypub_federation::fetch::fetch_object_http;
use serde_json::{json, Value};
use url::Url;

/// How many missing parents are fetched, one after another, for one reply.
const MAX_PARENT_FETCHES: usize = 8;

/// The community (with its actor) among the ids an object names, if we know one.
async fn named_community(
    conn: &mut DbConn,
    object: &Value,
) -> AppResult<Option<(Community, Actor)>> {
    for id in candidate_communities(object) {
        if let Some(actor) = Actor::find_by_ap_id(conn, &id).await? {
            if let Some(c) = Community::find(conn, actor.id).await? {
                return Ok(Some((c, actor)));
            }
        }
    }
    Ok(None)
}

/// Whether `actor` may moderate `community`: the community itself, or a moderator of a
/// community hosted here.
async fn may_moderate(
    conn: &mut DbConn,
    community: &Actor,
    actor: &Url,
    via: Option<&Actor>,
) -> AppResult<bool> {
    if via.is_some_and(|v| v.id == community.id) || community.ap_id.as_str() == actor.as_str() {
        return Ok(true);
    }
    if !community.is_local {
        return Ok(false);
    }
    match Actor::find_by_ap_id(conn, actor.as_str()).await? {
        Some(a) => crate::services::communities::is_moderator(conn, community.id, a.id).await,
        None => Ok(false),
    }
}

/// Announces a received activity (and, for a new post, the post) to the followers of a
/// community hosted here.
async fn relay(
    data: &Ctx,
    community: &Actor,
    activity: &Value,
    object: Option<Value>,
) -> AppResult<()> {
    if !community.is_local {
        return Ok(());
    }
    let mut conn = data.pool.get().await?;
    let inboxes =
        crate::db::models::follow::Follow::remote_follower_inboxes(&mut conn, community.id).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let mut wrapped = activity.clone();
    if let Some(map) = wrapped.as_object_mut() {
        map.remove("@context");
    }
    let a = announce(&urls, community, wrapped);
    delivery::enqueue(
        &mut conn,
        a["id"].as_str().unwrap_or_default(),
        community,
        &a,
        inboxes.clone(),
    )
    .await?;
    if let Some(object) = object {
        let b = announce_object(&urls, community, object);
        delivery::enqueue(
            &mut conn,
            b["id"].as_str().unwrap_or_default(),
            community,
            &b,
            inboxes,
        )
        .await?;
    }
    drop(conn);
    data.queue.wake();
    Ok(())
}

/// A Create or Update of a post. Returns false when the post belongs to no community we
/// know (the caller handles it as an ordinary post).
pub async fn receive_post(
    data: &Ctx,
    activity: &Value,
    object: Value,
    author: &Actor,
    via: Option<&Actor>,
) -> AppResult<bool> {
    receive_post_at(data, activity, object, author, via, 0).await
}

fn receive_post_at<'a>(
    data: &'a Ctx,
    activity: &'a Value,
    object: Value,
    author: &'a Actor,
    via: Option<&'a Actor>,
    depth: usize,
) -> futures::future::BoxFuture<'a, AppResult<bool>> {
    Box::pin(async move {
        let note = crate::federation::activities::create::parse_note(
            object.clone(),
            author.parsed_ap_id(),
        )?;
        let mut conn = data.pool.get().await?;
        let parent = match note.reply_target() {
            Some(p) => Post::find_by_ap_id(&mut conn, &p).await?,
            None => None,
        };
        let from_parent = match parent.as_ref().and_then(|p| p.community_id) {
            Some(id) => Community::with_actor(&mut conn, id).await?,
            None => None,
        };
        let Some((community, community_actor)) = (match from_parent {
            Some(found) => Some(found),
            None => named_community(&mut conn, &object).await?,
        }) else {
            return Ok(false);
        };
        if let Some(v) = via {
            ensure(
                v.id == community_actor.id,
                format!("{} announced a post of another community", v.ap_id),
            )?;
        }
        let is_update = activity.get("type").and_then(Value::as_str) == Some("Update");
        if let Some(existing) = Post::find_by_ap_id(&mut conn, note.id.as_str()).await? {
            if !is_update {
                tracing::info!(object = %note.id, "community post already known");
                return Ok(true);
            }
            ensure(
                existing.author_id == author.id && !existing.is_local,
                format!("{} may not edit {}", author.ap_id, note.id),
            )?;
            let mut form = note.clone().into_form(author)?;
            form.published = existing.published;
            form.updated = Some(form.updated.unwrap_or_else(crate::db::now));
            form.community_id = existing.community_id;
            form.thread_id = existing.thread_id;
            form.in_reply_to = existing.in_reply_to.clone();
            form.visibility = existing.visibility.clone();
            form.name = form.name.or(existing.name.clone());
            Post::replace(&mut conn, existing.id, &form).await?;
            drop(conn);
            tracing::info!(object = %note.id, "community post edited by its author");
            relay(data, &community_actor, activity, None).await?;
            return Ok(true);
        }
        if is_update {
            tracing::info!(object = %note.id, "Update of a community post we do not have; ignored");
            return Ok(true);
        }
        let visibility = note.visibility(author.followers_url.as_deref());
        if visibility != VISIBILITY_PUBLIC && visibility != VISIBILITY_UNLISTED {
            // A private message mentioning the community is not a public thread.
            return Ok(false);
        }
        // The thread this joins: the parent's, fetched from its origin when a community
        // elsewhere announced the reply before its parent reached us.
        let parent = match (note.reply_target(), parent) {
            (None, _) => None,
            (Some(_), Some(p)) => Some(p),
            (Some(url), None) if !community_actor.is_local && depth < MAX_PARENT_FETCHES => {
                drop(conn);
                fetch_parent(data, &url, &community_actor, depth).await?;
                conn = data.pool.get().await?;
                Post::find_by_ap_id(&mut conn, &url).await?
            }
            (Some(url), None) => {
                return Err(AppError::BadRequest(format!(
                    "{} answers {url}, which is not in {}",
                    note.id, community_actor.ap_id
                )));
            }
        };
        let root = match &parent {
            Some(p) if p.community_id != Some(community_actor.id) => {
                return Err(AppError::BadRequest(format!(
                    "{} answers a post of another community",
                    note.id
                )));
            }
            Some(p) => match p.thread_id {
                Some(r) => Post::find(&mut conn, r).await?,
                None => Some(p.clone()),
            },
            None => None,
        };
        if community_actor.is_local {
            crate::services::communities::check_may_post(&mut conn, &community, author).await?;
            if let Some(root) = &root {
                if root.locked {
                    return Err(AppError::NotAllowed("thread-error-locked"));
                }
                if root.removed_at.is_some() || root.deleted_at.is_some() {
                    return Err(AppError::NotAllowed("thread-error-locked"));
                }
            }
        }
        let mut form = note.into_form(author)?;
        form.community_id = Some(community_actor.id);
        form.thread_id = root.as_ref().map(|r| r.id);
        if form.thread_id.is_none() && form.name.is_none() {
            // A Mastodon post that mentions the community starts a thread: its first line
            // is the title, as Lemmy does.
            let text = plain_text(&form.content_html.replace("</p>", "\n"), 2000);
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("…");
            form.name = Some(first.chars().take(100).collect());
        }
        let local_parent_author = match &parent {
            Some(p) => Actor::find(&mut conn, p.author_id)
                .await?
                .filter(|a| a.is_local)
                .map(|a| a.id),
            None => None,
        };
        if let Some(post) = Post::insert(&mut conn, &form).await? {
            if let Some(a) = local_parent_author {
                Post::set_audience(&mut conn, post.id, &[a]).await?;
            }
            tracing::info!(object = %post.ap_id, community = %community_actor.ap_id, "community post received");
        }
        drop(conn);
        relay(data, &community_actor, activity, Some(object)).await?;
        Ok(true)
    })
}

/// Fetches a missing parent post from its origin and stores it into the community.
async fn fetch_parent(data: &Ctx, url: &str, community: &Actor, depth: usize) -> AppResult<()> {
    let url = Url::parse(url)?;
    let mut object = fetch_object_http::<_, Value>(&url, data).await?.object;
    single_type(&mut object, POST_TYPES);
    let Some(author_id) = object.get("attributedTo").and_then(object_id) else {
        return Err(AppError::BadRequest(format!("{url} has no author")));
    };
    let author = load_actor(&author_id, data).await?;
    let create = json!({"type": "Create", "id": format!("{url}#fetched"), "actor": author_id, "object": object});
    receive_post_at(data, &create, object, &author, Some(community), depth + 1).await?;
    Ok(())
}

/// The embedded object of an announced Create or Update, or the same object fetched from
/// its origin when the community's server is not the object's.
async fn trusted_object(data: &Ctx, object: &Value, community: &Actor) -> AppResult<Value> {
    let id = object_id(object).ok_or_else(|| AppError::BadRequest("object without id".into()))?;
    if object.is_object() && authority(&id) == authority(community.parsed_ap_id()) {
        return Ok(object.clone());
    }
    Ok(fetch_object_http::<_, Value>(&id, data).await?.object)
}

/// An `Announce` by a community: an activity wrapped verbatim, or a post itself.
pub async fn receive_announce(data: &Ctx, announce: &Value, announcer: &Actor) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if Community::find(&mut conn, announcer.id).await?.is_none() {
        tracing::info!(actor = %announcer.ap_id, "Announce by an actor that is not a community; ignored");
        return Ok(());
    }
    drop(conn);
    let inner = announce.get("object").cloned().unwrap_or(Value::Null);
    let is_activity = inner.get("actor").is_some() && inner.get("object").is_some();
    if !is_activity {
        // The post itself (Lemmy's and our second announce, for Mastodon).
        let id = object_id(&inner)
            .ok_or_else(|| AppError::BadRequest("Announce without object".into()))?;
        let mut conn = data.pool.get().await?;
        if Post::find_by_ap_id(&mut conn, id.as_str()).await?.is_some() {
            return Ok(());
        }
        drop(conn);
        let mut object = trusted_object(data, &inner, announcer).await?;
        single_type(&mut object, POST_TYPES);
        if !object_type(&object).is_some_and(|t| POST_TYPES.contains(&t)) {
            return Ok(());
        }
        let author_id = object
            .get("attributedTo")
            .and_then(object_id)
            .ok_or_else(|| AppError::BadRequest("post without author".into()))?;
        let author = load_actor(&author_id, data).await?;
        let create = json!({"type": "Create", "id": format!("{id}#announced"), "actor": author_id, "object": object});
        receive_post(data, &create, object, &author, Some(announcer)).await?;
        return Ok(());
    }
    receive_vouched(data, &inner, Some(announcer)).await
}

/// An activity about community content, received directly (`via` None, signature already
/// checked) or announced by the community `via`.
pub async fn receive_vouched(data: &Ctx, activity: &Value, via: Option<&Actor>) -> AppResult<()> {
    let id = activity
        .get("id")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("activity without id".into()))?;
    let actor_id = activity
        .get("actor")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("activity without actor".into()))?;
    ensure(
        authority(&id) == authority(&actor_id),
        format!("{id} is not an activity of {actor_id}"),
    )?;
    let kind = activity
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let object = activity.get("object").cloned().unwrap_or(Value::Null);
    match kind {
        "Create" | "Update" => {
            let via =
                via.ok_or_else(|| AppError::BadRequest("Create without a community".into()))?;
            let mut object = trusted_object(data, &object, via).await?;
            single_type(&mut object, POST_TYPES);
            if !object_type(&object).is_some_and(|t| POST_TYPES.contains(&t)) {
                tracing::info!(activity = %id, "announced object of a type we do not keep; ignored");
                return Ok(());
            }
            let author = load_actor(&actor_id, data).await?;
            if !receive_post(data, activity, object, &author, Some(via)).await? {
                tracing::info!(activity = %id, "announced post names no community we know; ignored");
            }
            Ok(())
        }
        "Delete" => receive_removal(data, activity, &actor_id, &object, true, via)
            .await
            .map(|_| ()),
        "Like" => receive_like(data, activity, &actor_id, &object, true, via)
            .await
            .map(|_| ()),
        "Lock" | "Add" | "Remove" | "Block" => {
            receive_moderation(data, activity, kind, &actor_id, &object, true, via).await
        }
        "Undo" => {
            let undone = object
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let inner = object.get("object").cloned().unwrap_or(Value::Null);
            match undone {
                "Delete" => receive_removal(data, activity, &actor_id, &inner, false, via)
                    .await
                    .map(|_| ()),
                "Like" | "Dislike" => receive_like(data, activity, &actor_id, &inner, false, via)
                    .await
                    .map(|_| ()),
                "Lock" | "Block" => {
                    receive_moderation(data, activity, undone, &actor_id, &inner, false, via).await
                }
                other => {
                    tracing::info!(activity = %id, undone = other, "announced Undo of an unsupported type; ignored");
                    Ok(())
                }
            }
        }
        other => {
            tracing::info!(activity = %id, kind = other, "announced activity of an unsupported type; ignored");
            Ok(())
        }
    }
}

/// The community post an activity's object names, with its community actor.
async fn community_post(conn: &mut DbConn, object: &Value) -> AppResult<Option<(Post, Actor)>> {
    let Some(id) = object_id(object) else {
        return Ok(None);
    };
    let Some(post) = Post::find_by_ap_id(conn, id.as_str()).await? else {
        return Ok(None);
    };
    let Some(cid) = post.community_id else {
        return Ok(None);
    };
    Ok(Actor::find(conn, cid).await?.map(|c| (post, c)))
}

/// A Delete (or its Undo) of a community post: by its author, a deletion; by a moderator
/// or the community, a removal. Returns false when the object is no community post.
pub async fn receive_removal(
    data: &Ctx,
    activity: &Value,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    let Some((post, community)) = community_post(&mut conn, object).await? else {
        return Ok(false);
    };
    let author = Actor::find(&mut conn, post.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if on && author.ap_id.as_str() == actor.as_str() {
        ensure(
            !author.is_local,
            format!("{actor} may not delete a local post"),
        )?;
        // A tombstone keeps the tree: replies still hang from it.
        Post::mark_deleted(&mut conn, post.id).await?;
        tracing::info!(object = %post.ap_id, "community post deleted by its author");
    } else if may_moderate(&mut conn, &community, actor, via).await? {
        Threads::set_removed(&mut conn, post.id, on.then(crate::db::now)).await?;
        tracing::info!(object = %post.ap_id, removed = on, "community post removed or restored by a moderator");
    } else {
        return Err(AppError::Forbidden);
    }
    drop(conn);
    relay(data, &community, activity, None).await?;
    Ok(true)
}

/// A Like (or its Undo) of a post. Returns false when we do not have the post.
pub async fn receive_like(
    data: &Ctx,
    activity: &Value,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<bool> {
    let Some(id) = object_id(object) else {
        return Ok(false);
    };
    let mut conn = data.pool.get().await?;
    let Some(post) = Post::find_by_ap_id(&mut conn, id.as_str()).await? else {
        return Ok(false);
    };
    if let Some(v) = via {
        ensure(
            post.community_id == Some(v.id),
            "a community announced a like of another community's post",
        )?;
    }
    drop(conn);
    let liker = load_actor(actor, data).await?;
    let mut conn = data.pool.get().await?;
    if on {
        let like_id = activity
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Threads::like(&mut conn, post.id, liker.id, like_id).await?;
    } else {
        Threads::unlike(&mut conn, post.id, liker.id).await?;
    }
    let community = match post.community_id {
        Some(c) => Actor::find(&mut conn, c).await?,
        None => None,
    };
    drop(conn);
    if let Some(c) = community {
        relay(data, &c, activity, None).await?;
    }
    Ok(true)
}

/// Lock, pin (Add/Remove to `featured`) and ban (Block) from the community or one of its
/// moderators; `on` is false for their Undo.
pub async fn receive_moderation(
    data: &Ctx,
    activity: &Value,
    kind: &str,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if kind == "Block" {
        let target = activity
            .get("target")
            .or_else(|| activity.get("object").and_then(|o| o.get("target")))
            .and_then(object_id);
        let Some(community) = (match target {
            Some(t) => Actor::find_by_ap_id(&mut conn, t.as_str()).await?,
            None => None,
        }) else {
            tracing::info!("Block that names no community we know (an instance ban?); ignored");
            return Ok(());
        };
        if Community::find(&mut conn, community.id).await?.is_none() {
            return Ok(());
        }
        if !may_moderate(&mut conn, &community, actor, via).await? {
            return Err(AppError::Forbidden);
        }
        let person =
            object_id(object).ok_or_else(|| AppError::BadRequest("Block without object".into()))?;
        drop(conn);
        let person = load_actor(&person, data).await?;
        let mut conn = data.pool.get().await?;
        if on {
            let reason = activity
                .get("summary")
                .and_then(Value::as_str)
                .map(|s| plain_text(s, 1000))
                .unwrap_or_default();
            let expires = activity
                .get("endTime")
                .and_then(Value::as_str)
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.naive_utc());
            Community::ban(&mut conn, community.id, person.id, &reason, expires).await?;
            if activity.get("removeData").and_then(Value::as_bool) == Some(true) {
                Threads::remove_all_by(&mut conn, community.id, person.id, crate::db::now())
                    .await?;
            }
        } else {
            Community::unban(&mut conn, community.id, person.id).await?;
        }
        drop(conn);
        tracing::info!(person = %person.ap_id, community = %community.ap_id, banned = on, "community ban received");
        return relay(data, &community, activity, None).await;
    }
    let Some((post, community)) = community_post(&mut conn, object).await? else {
        tracing::info!(kind, "moderation of a post we do not have; ignored");
        return Ok(());
    };
    if !may_moderate(&mut conn, &community, actor, via).await? {
        return Err(AppError::Forbidden);
    }
    match kind {
        "Lock" => Threads::set_locked(&mut conn, post.id, on).await?,
        "Add" => Threads::set_pinned(&mut conn, post.id, true).await?,
        "Remove" => Threads::set_pinned(&mut conn, post.id, false).await?,
        _ => {}
    }
    drop(conn);
    tracing::info!(kind, object = %post.ap_id, on, "community moderation received");
    relay(data, &community, activity, None).await
}
