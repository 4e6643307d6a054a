//! Moderation and reactions arriving from other servers: removal and restore, lock and
//! unlock, pin and unpin, ban and unban, moderator changes, likes.
//!
//! Moderation of a community is applied only when it comes from that community's own server
//! ([`trust::moderates`]): for a community hosted here never (its local moderators act
//! through this hub), for a community elsewhere from the community actor or a moderator its
//! own collection lists, and only to content the community owns. An author may delete their
//! own post; anyone may like. Whatever is refused answers 403 and changes nothing.

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::db::models::follow::Follow;
use crate::db::models::post::Post;
use crate::db::models::reaction::{Reaction, Reactions};
use crate::db::models::thread::Threads;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::object_id;
use crate::inbound::load_actor;
use crate::inbound::threads::{relay, relayed_by_owner};
use crate::inbound::trust::{self, same_host};
use crate::state::Ctx;
use crate::text::plain_text;
use serde_json::Value;
use url::Url;

/// The community post an activity's object names, with its community actor.
pub(crate) async fn community_post(
    conn: &mut DbConn,
    object: &Value,
) -> AppResult<Option<(Post, Actor)>> {
    let Some(id) = object_id(object) else {
        return Ok(None);
    };
    let Some(post) = Post::find_by_ap_id(conn, id.as_str()).await? else {
        return Ok(None);
    };
    Ok(community_of_post(conn, &post).await?.map(|c| (post, c)))
}

/// The community actor of a post, when it is in one.
pub(crate) async fn community_of_post(conn: &mut DbConn, post: &Post) -> AppResult<Option<Actor>> {
    match post.community_id {
        Some(cid) => Ok(Actor::find(conn, cid).await?),
        None => Ok(None),
    }
}

/// Refuses unless `actor` may moderate `community` (see [`trust::moderates`]).
async fn require_moderator(
    data: &Ctx,
    community: &Actor,
    actor: &Url,
    what: &str,
) -> AppResult<()> {
    if trust::moderates(data, community, actor).await? {
        return Ok(());
    }
    Err(AppError::Refused(if community.is_local {
        format!(
            "{actor} may not {what} in {}: a community hosted here is moderated here",
            community.ap_id
        )
    } else {
        format!(
            "{actor} does not moderate {}; it may not {what}",
            community.ap_id
        )
    }))
}

/// A Delete (or its Undo) of a community post (as [`community_post`] found it): by its
/// author, a deletion; by a moderator or the community, a removal.
pub async fn receive_removal(
    data: &Ctx,
    activity: &Value,
    actor: &Url,
    post: Post,
    community: Actor,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<()> {
    relayed_by_owner(via, &community)?;
    let mut conn = data.pool.get().await?;
    let author = Actor::find(&mut conn, post.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    if on && author.ap_id.as_str() == actor.as_str() {
        if author.is_local {
            return Err(AppError::Refused(format!(
                "{actor} may not delete a local post"
            )));
        }
        // A tombstone keeps the tree: replies still hang from it.
        let mut conn = data.pool.get().await?;
        Post::mark_deleted(&mut conn, post.id).await?;
        tracing::info!(object = %post.ap_id, "community post deleted by its author");
    } else {
        require_moderator(data, &community, actor, "remove posts").await?;
        let mut conn = data.pool.get().await?;
        Threads::set_removed(&mut conn, post.id, on.then(crate::db::now)).await?;
        tracing::info!(object = %post.ap_id, removed = on, "community post removed or restored by a moderator");
    }
    relay(data, &community, activity, None).await
}

/// A Like (or its Undo) of a post; one of a post we do not have is ignored.
pub async fn receive_like(
    data: &Ctx,
    activity: &Value,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<()> {
    let Some(id) = object_id(object) else {
        return Ok(());
    };
    let mut conn = data.pool.get().await?;
    let Some(post) = Post::find_by_ap_id(&mut conn, id.as_str()).await? else {
        return Ok(());
    };
    let community = match post.community_id {
        Some(c) => Actor::find(&mut conn, c).await?,
        None => None,
    };
    drop(conn);
    if let Some(v) = via {
        match &community {
            Some(c) => relayed_by_owner(Some(v), c)?,
            None => {
                return Err(AppError::Refused(format!(
                    "{} relayed a like of a post outside any community",
                    v.ap_id
                )))
            }
        }
    }
    let liker = load_actor(actor, data).await?;
    let mut conn = data.pool.get().await?;
    if on {
        let like_id = activity
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if Reactions::add(&mut conn, Reaction::Like, post.id, liker.id, like_id).await? {
            crate::services::reactions::notify_reaction(data, &post, liker.id, "like").await;
        }
    } else {
        Reactions::remove(&mut conn, Reaction::Like, post.id, liker.id).await?;
    }
    drop(conn);
    if let Some(c) = community {
        relay(data, &c, activity, None).await?;
    }
    Ok(())
}

/// The community a collection URL belongs to (its `moderators` or `featured`), if we know it.
async fn community_of_collection(conn: &mut DbConn, url: &Url) -> AppResult<Option<Actor>> {
    if let Some(actor_id) = Community::find_by_collection(conn, url.as_str()).await? {
        return Ok(Actor::find(conn, actor_id).await?);
    }
    // Ours are `<community>/moderators` and `<community>/featured`.
    let text = url.as_str();
    for suffix in ["/moderators", "/featured"] {
        if let Some(base) = text.strip_suffix(suffix) {
            if let Some(a) = Actor::find_by_ap_id(conn, base).await? {
                if a.is_local && Community::find(conn, a.id).await?.is_some() {
                    return Ok(Some(a));
                }
            }
        }
    }
    Ok(None)
}

/// Lock, pin (Add/Remove to `featured`), moderator changes (Add/Remove to `moderators`) and
/// ban (Block) from the community or one of its moderators; `on` is false for their Undo.
pub async fn receive_moderation(
    data: &Ctx,
    activity: &Value,
    kind: &str,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<()> {
    let target = activity
        .get("target")
        .or_else(|| activity.get("object").and_then(|o| o.get("target")))
        .and_then(object_id);
    if kind == "Block" {
        return receive_ban(data, activity, target, actor, object, on, via).await;
    }
    let mut conn = data.pool.get().await?;
    let Some((post, community)) = community_post(&mut conn, object).await? else {
        // Not a post: a moderator added to or removed from a community's collection.
        let community = match (&target, kind) {
            (Some(t), "Add" | "Remove") => community_of_collection(&mut conn, t).await?,
            _ => None,
        };
        drop(conn);
        let Some(community) = community else {
            tracing::info!(
                kind,
                "moderation of a post or community we do not have; ignored"
            );
            return Ok(());
        };
        relayed_by_owner(via, &community)?;
        require_moderator(data, &community, actor, "change its moderators").await?;
        // The moderators of a community elsewhere are read from its collection when needed.
        tracing::info!(kind, community = %community.ap_id, "moderator change acknowledged");
        return Ok(());
    };
    drop(conn);
    relayed_by_owner(via, &community)?;
    if let Some(t) = &target {
        if !same_host(t, community.parsed_ap_id()) {
            return Err(AppError::Refused(format!(
                "{t} is not a collection of {}",
                community.ap_id
            )));
        }
    }
    require_moderator(data, &community, actor, "lock or pin threads").await?;
    let mut conn = data.pool.get().await?;
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

/// A ban from a community (`Block` with the community as `target`), or its Undo.
async fn receive_ban(
    data: &Ctx,
    activity: &Value,
    target: Option<Url>,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let community = match target {
        Some(t) => Actor::find_by_ap_id(&mut conn, t.as_str()).await?,
        None => None,
    };
    let community = match community {
        Some(c) if Community::find(&mut conn, c.id).await?.is_some() => c,
        _ => {
            drop(conn);
            if via.is_none() {
                return receive_personal_block(data, activity, actor, object, on).await;
            }
            tracing::info!("relayed Block that names no community we know; ignored");
            return Ok(());
        }
    };
    drop(conn);
    relayed_by_owner(via, &community)?;
    require_moderator(data, &community, actor, "ban people").await?;
    let person =
        object_id(object).ok_or_else(|| AppError::BadRequest("Block without object".into()))?;
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
            Threads::remove_all_by(&mut conn, community.id, person.id, crate::db::now()).await?;
        }
    } else {
        Community::unban(&mut conn, community.id, person.id).await?;
    }
    drop(conn);
    tracing::info!(person = %person.ap_id, community = %community.ap_id, banned = on, "community ban received");
    relay(data, &community, activity, None).await
}

/// A remote account blocks one of our actors (Mastodon's `Block` with no `target`), or lifts
/// that block: the follows both ways end, and while it stands our member cannot follow it.
async fn receive_personal_block(
    data: &Ctx,
    activity: &Value,
    actor: &Url,
    object: &Value,
    on: bool,
) -> AppResult<()> {
    use crate::db::models::actor_block::{ActorBlock, KIND_BLOCK};
    let Some(blocked) = object_id(object) else {
        tracing::info!("Block without an object; ignored");
        return Ok(());
    };
    let mut conn = data.pool.get().await?;
    let local = Actor::find_by_ap_id(&mut conn, blocked.as_str())
        .await?
        .filter(|a| a.is_local);
    let Some(local) = local else {
        tracing::info!(object = %blocked, "Block of an account not on this hub (an instance ban?); ignored");
        return Ok(());
    };
    drop(conn);
    let blocker = crate::inbound::load_actor(actor, data).await?;
    let mut conn = data.pool.get().await?;
    if on {
        let id = activity.get("id").and_then(object_id);
        ActorBlock::add(
            &mut conn,
            blocker.id,
            local.id,
            KIND_BLOCK,
            id.as_ref().map(Url::as_str),
        )
        .await?;
        for (follower, followee) in [(blocker.id, local.id), (local.id, blocker.id)] {
            if let Some(f) = Follow::find_pair(&mut conn, follower, followee).await? {
                Follow::delete(&mut conn, f.id).await?;
            }
        }
    } else {
        ActorBlock::remove(&mut conn, blocker.id, local.id, KIND_BLOCK).await?;
    }
    tracing::info!(blocker = %blocker.ap_id, blocked = %local.ap_id, on, "personal Block received");
    Ok(())
}
