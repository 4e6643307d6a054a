//! Moving accounts, as Mastodon does: a member names their other accounts (`alsoKnownAs`)
//! so that one of them can move here; a member moves to another account that names them;
//! an account elsewhere that moves (a `Move` whose new account names the old one) takes its
//! followers of this hub along: they follow the new account and stop following the old.

use crate::db::models::actor::Actor;
use crate::db::models::actor_profile::ActorProfile;
use crate::db::models::follow::{Follow, STATE_ACCEPTED};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::activities::moves::Move;
use crate::federation::activities::update::Update;
use crate::federation::{outbox, Urls};
use crate::state::Ctx;
use activitypub_federation::fetch::object_id::ObjectId;
use url::Url;

/// Most aliases a member may name (Mastodon allows a handful too).
const MAX_ALIASES: usize = 5;

/// `actor`, fetched again if it is remote (its `alsoKnownAs` may have just changed).
async fn fresh(data: &Ctx, actor: Actor) -> AppResult<Actor> {
    if actor.is_local {
        return Ok(actor);
    }
    ObjectId::<Actor>::from(actor.parsed_ap_id().clone())
        .dereference_forced(&data.reset_request_count())
        .await
}

async fn names(data: &Ctx, new: &Actor, old: &Actor) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    Ok(ActorProfile::find(&mut conn, new.id)
        .await?
        .is_some_and(|p| p.aliases().iter().any(|a| a == old.ap_id.as_str())))
}

/// The followers on this hub of `old` follow `new` instead; returns how many moved.
pub async fn migrate_followers(data: &Ctx, old: &Actor, new: &Actor) -> AppResult<usize> {
    let mut conn = data.pool.get().await?;
    let followers = Follow::followers(&mut conn, old.id, STATE_ACCEPTED, 10_000, 0).await?;
    let mut moved = 0;
    for (row, follower) in followers {
        if !follower.is_local {
            continue;
        }
        let Some(user) = User::find_by_actor(&mut conn, follower.id).await? else {
            continue;
        };
        match crate::services::follows::follow(data, &user, new.ap_id.as_str()).await {
            Ok(_) | Err(AppError::Conflict(_)) => {
                crate::services::follows::unfollow(data, &user, row.id).await?;
                moved += 1;
            }
            Err(e) => tracing::info!(follower = %follower.ap_id, error = %e,
                "a follower could not follow the moved account"),
        }
    }
    tracing::info!(from = %old.ap_id, to = %new.ap_id, moved, "followers moved");
    Ok(moved)
}

/// A `Move` arrived from `old` (already checked to be its own sender) to `target`.
pub async fn receive_move(data: &Ctx, old: &Url, target: &Url) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let Some(old) = Actor::find_by_ap_id(&mut conn, old.as_str()).await? else {
        tracing::info!(%old, "Move of an account nobody here knows; ignored");
        return Ok(());
    };
    drop(conn);
    if old.is_local {
        return Err(AppError::Forbidden);
    }
    let new = ObjectId::<Actor>::from(target.clone())
        .dereference_forced(&data.reset_request_count())
        .await?;
    if !names(data, &new, &old).await? {
        return Err(AppError::Refused(format!(
            "{} does not name {} in alsoKnownAs",
            new.ap_id, old.ap_id
        )));
    }
    let mut conn = data.pool.get().await?;
    ActorProfile::set_moved_to(&mut conn, old.id, Some(new.ap_id.as_str())).await?;
    drop(conn);
    migrate_followers(data, &old, &new).await?;
    Ok(())
}

/// Followers elsewhere get the member's new profile.
async fn send_update(data: &Ctx, actor: Actor) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let inboxes = Follow::remote_follower_inboxes(&mut conn, actor.id).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let base = data.config.base_url();
    let signer = actor.clone();
    let update = Update::for_actor(&Urls::new(&base), actor, &data.reset_request_count()).await?;
    outbox::send(
        data,
        &mut conn,
        update.id.as_str(),
        &signer,
        &update,
        inboxes,
    )
    .await
}

/// The member names the accounts they also are (handles or ids), so that those can move
/// here. An empty list removes them all.
pub async fn set_aliases(data: &Ctx, user: &User, handles: &[String]) -> AppResult<Vec<String>> {
    let handles: Vec<&String> = handles.iter().filter(|h| !h.trim().is_empty()).collect();
    if handles.len() > MAX_ALIASES {
        return Err(AppError::Validation("move-error-aliases-many"));
    }
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let mut ids = Vec::new();
    for handle in handles {
        let other = crate::services::actors::lookup(data, handle.trim())
            .await
            .map_err(|_| AppError::Validation("move-error-unknown"))?;
        if other.id == me.id {
            return Err(AppError::Validation("move-error-self"));
        }
        if !ids.contains(&other.ap_id.to_string()) {
            ids.push(other.ap_id.to_string());
        }
    }
    let mut conn = data.pool.get().await?;
    ActorProfile::set_aliases(&mut conn, me.id, &ids).await?;
    drop(conn);
    send_update(data, me).await?;
    Ok(ids)
}

/// The member moves to `target` (a handle or id), which must name them in its
/// `alsoKnownAs`: their followers elsewhere get a `Move`, their followers here follow the
/// new account at once, and their profile says where they went.
pub async fn move_to(data: &Ctx, user: &User, target: &str) -> AppResult<Actor> {
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let new = crate::services::actors::lookup(data, target.trim())
        .await
        .map_err(|_| AppError::Validation("move-error-unknown"))?;
    if new.id == me.id {
        return Err(AppError::Validation("move-error-self"));
    }
    let new = fresh(data, new).await?;
    if !names(data, &new, &me).await? {
        return Err(AppError::Validation("move-error-not-alias"));
    }
    let mut conn = data.pool.get().await?;
    ActorProfile::set_moved_to(&mut conn, me.id, Some(new.ap_id.as_str())).await?;
    let inboxes = Follow::remote_follower_inboxes(&mut conn, me.id).await?;
    if !inboxes.is_empty() {
        let base = data.config.base_url();
        let activity = Move::new(
            Url::parse(&Urls::new(&base).new_activity("move"))?,
            &me,
            new.parsed_ap_id().clone(),
        );
        outbox::send(
            data,
            &mut conn,
            activity.id.as_str(),
            &me,
            &activity,
            inboxes,
        )
        .await?;
    }
    drop(conn);
    migrate_followers(data, &me, &new).await?;
    tracing::info!(from = %me.ap_id, to = %new.ap_id, "member moved");
    Ok(new)
}
