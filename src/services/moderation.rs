//! Moderation inside a community hosted here: remove and restore posts, lock and pin threads,
//! ban people. Each action federates in Lemmy's shape, announced by the community:
//! removal is a `Delete` by the moderator with a `summary` (restore: `Undo` of it), locking a
//! `Lock` (`Undo{Lock}`), pinning an `Add` to the `featured` collection (`Remove`), a ban a
//! `Block` with the community as `target` (`Undo{Block}`).

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::db::models::post::Post;
use crate::db::models::thread::Threads;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::activities::community::{ActKind, CommunityAct};
use crate::federation::outbox;
use crate::federation::Urls;
use crate::services::threads::distribute;
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;
use serde_json::Value;
use url::Url;

pub const MAX_REASON_CHARS: usize = 1000;

/// A post of a community hosted here that `user` moderates, with the community and the
/// moderator's actor.
async fn moderated_post(data: &Ctx, user: &User, post_id: i64) -> AppResult<(Post, Actor, Actor)> {
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(AppError::NotFound)?;
    let community = Actor::find(&mut conn, post.community_id.ok_or(AppError::NotFound)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if !community.is_local
        || !crate::services::communities::is_moderator(&mut conn, community.id, user.actor_id)
            .await?
    {
        return Err(AppError::Forbidden);
    }
    let moderator = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((post, community, moderator))
}

fn reason(raw: &str) -> AppResult<String> {
    let r = raw.trim();
    if r.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::Validation("moderation-error-reason"));
    }
    Ok(r.to_string())
}

/// Builds the moderator's act on `object` (with the terms `set` adds), or its Undo when
/// `undo` is set.
fn action(
    urls: &Urls<'_>,
    kind: ActKind,
    moderator: &Actor,
    community: &Actor,
    object: &str,
    set: impl FnOnce(&mut CommunityAct),
    undo: bool,
) -> AppResult<CommunityAct> {
    let object = Value::String(object.to_string());
    let mut a = CommunityAct::new(urls, kind, moderator, community, object)?;
    set(&mut a);
    if undo {
        a.undo(urls, community)
    } else {
        Ok(a)
    }
}

/// A reason, left out when empty.
fn summary(why: &str) -> Option<String> {
    Some(why.to_string()).filter(|w| !w.is_empty())
}

/// Applies `change` and federates `activity` in one transaction.
async fn apply<F>(
    data: &Ctx,
    community: Actor,
    moderator: Actor,
    activity: CommunityAct,
    direct: Vec<String>,
    change: F,
) -> AppResult<()>
where
    F: for<'c> FnOnce(
            &'c mut crate::db::DbConn,
        ) -> scoped_futures::ScopedBoxFuture<'static, 'c, AppResult<()>>
        + Send
        + 'static,
{
    let base = data.config.base_url();
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            change(conn).await?;
            distribute(conn, &base, &community, &moderator, activity, None, direct).await
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// A moderator removes (or restores) a thread or reply.
pub async fn set_removed(
    data: &Ctx,
    user: &User,
    post_id: i64,
    removed: bool,
    why: &str,
) -> AppResult<()> {
    let why = reason(why)?;
    let (post, community, moderator) = moderated_post(data, user, post_id).await?;
    if removed == post.removed_at.is_some() {
        return Ok(());
    }
    let base = data.config.base_url();
    let a = action(
        &Urls::new(&base),
        ActKind::Delete,
        &moderator,
        &community,
        &post.ap_id,
        |a| a.summary = summary(&why),
        !removed,
    )?;
    let when = removed.then(crate::db::now);
    apply(data, community, moderator, a, vec![], move |c| {
        async move { Ok(Threads::set_removed(c, post.id, when).await?) }.scope_boxed()
    })
    .await
}

/// A moderator locks (or unlocks) a thread: no new replies.
pub async fn set_locked(
    data: &Ctx,
    user: &User,
    post_id: i64,
    locked: bool,
    why: &str,
) -> AppResult<()> {
    let why = reason(why)?;
    let (post, community, moderator) = moderated_post(data, user, post_id).await?;
    if post.thread_id.is_some() {
        return Err(AppError::Validation("moderation-error-not-thread"));
    }
    if locked == post.locked {
        return Ok(());
    }
    let base = data.config.base_url();
    let a = action(
        &Urls::new(&base),
        ActKind::Lock,
        &moderator,
        &community,
        &post.ap_id,
        |a| a.summary = summary(&why),
        !locked,
    )?;
    apply(data, community, moderator, a, vec![], move |c| {
        async move { Ok(Threads::set_locked(c, post.id, locked).await?) }.scope_boxed()
    })
    .await
}

/// A moderator pins (or unpins) a thread at the top of the community.
pub async fn set_pinned(data: &Ctx, user: &User, post_id: i64, pinned: bool) -> AppResult<()> {
    let (post, community, moderator) = moderated_post(data, user, post_id).await?;
    if post.thread_id.is_some() {
        return Err(AppError::Validation("moderation-error-not-thread"));
    }
    if pinned == post.pinned {
        return Ok(());
    }
    let base = data.config.base_url();
    let kind = if pinned {
        ActKind::Add
    } else {
        ActKind::Remove
    };
    let featured = Url::parse(&format!("{}/featured", community.ap_id))?;
    let a = action(
        &Urls::new(&base),
        kind,
        &moderator,
        &community,
        &post.ap_id,
        |a| a.target = Some(featured),
        false,
    )?;
    apply(data, community, moderator, a, vec![], move |c| {
        async move { Ok(Threads::set_pinned(c, post.id, pinned).await?) }.scope_boxed()
    })
    .await
}

/// A moderator bans someone (by handle) from a community, optionally for `days` and
/// removing everything they posted there; the banned person is told directly too.
pub async fn ban(
    data: &Ctx,
    user: &User,
    community: &str,
    who: &str,
    why: &str,
    remove_posts: bool,
    days: Option<i64>,
) -> AppResult<Actor> {
    let why = reason(why)?;
    let (_, community) =
        crate::services::communities::require_moderator(data, user, community).await?;
    let target = crate::services::actors::lookup(data, who).await?;
    if target.id == community.id {
        return Err(AppError::Validation("moderation-error-ban-self"));
    }
    let mut conn = data.pool.get().await?;
    if crate::services::communities::is_moderator(&mut conn, community.id, target.id).await? {
        return Err(AppError::Validation("moderation-error-ban-moderator"));
    }
    let moderator = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    if days.is_some_and(|d| !(1..=3650).contains(&d)) {
        return Err(AppError::Validation("moderation-error-days"));
    }
    let expires = days.map(|d| crate::db::now() + chrono::Duration::days(d));
    let base = data.config.base_url();
    let a = action(
        &Urls::new(&base),
        ActKind::Block,
        &moderator,
        &community,
        target.ap_id.as_str(),
        |a| {
            a.target = Some(community.parsed_ap_id().clone());
            a.summary = summary(&why);
            a.remove_data = Some(remove_posts);
            a.end_time = expires.map(|e| e.and_utc().to_rfc3339());
        },
        false,
    )?;
    let direct = (!target.is_local)
        .then(|| target.delivery_inbox().to_string())
        .into_iter()
        .collect();
    let (cid, tid) = (community.id, target.id);
    apply(data, community, moderator, a, direct, move |c| {
        async move {
            Community::ban(c, cid, tid, &why, expires).await?;
            Community::remove_role(c, cid, tid).await?;
            if remove_posts {
                Threads::remove_all_by(c, cid, tid, crate::db::now()).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(target)
}

/// A moderator lifts a ban.
pub async fn unban(data: &Ctx, user: &User, community: &str, actor_id: i64) -> AppResult<()> {
    let (_, community) =
        crate::services::communities::require_moderator(data, user, community).await?;
    let mut conn = data.pool.get().await?;
    let target = Actor::find(&mut conn, actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let moderator = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let base = data.config.base_url();
    let a = action(
        &Urls::new(&base),
        ActKind::Block,
        &moderator,
        &community,
        target.ap_id.as_str(),
        |a| a.target = Some(community.parsed_ap_id().clone()),
        true,
    )?;
    let direct = (!target.is_local)
        .then(|| target.delivery_inbox().to_string())
        .into_iter()
        .collect();
    let cid = community.id;
    apply(data, community, moderator, a, direct, move |c| {
        async move { Ok(Community::unban(c, cid, actor_id).await?) }.scope_boxed()
    })
    .await
}
