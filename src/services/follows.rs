//! Following people: requests, approvals, withdrawals, both for local and remote accounts.

use crate::db::models::actor::Actor;
use crate::db::models::follow::{Follow as FollowRow, STATE_ACCEPTED, STATE_PENDING};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::activities::answer::{Answer, AnswerKind};
use crate::federation::activities::{follow::Follow, undo::Undo};
use crate::federation::outbox;
use crate::federation::Urls;
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;
use url::Url;

async fn own_actor(data: &Ctx, user: &User) -> AppResult<Actor> {
    crate::services::actors::by_id(data, user.actor_id).await
}

/// A remote group or organisation someone here follows joins the directory: a minimal
/// entry now, filled from its actor document by a fresh fetch (and every refresh after).
async fn remember_remote_entry(
    data: &Ctx,
    conn: &mut crate::db::DbConn,
    actor: &Actor,
) -> AppResult<()> {
    use crate::db::models::entry::DirectoryEntry;
    if DirectoryEntry::find(conn, actor.id).await?.is_some() {
        return Ok(());
    }
    // Communities are groups too, but not directory entries.
    if crate::db::models::community::Community::find(conn, actor.id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let (form, tags) =
        crate::federation::objects::entry::from_extension(&actor.kind, &serde_json::Map::new());
    DirectoryEntry::save(conn, actor, &form, &tags).await?;
    let id = activitypub_federation::fetch::object_id::ObjectId::<Actor>::from(
        actor.parsed_ap_id().clone(),
    );
    if let Err(e) = id.dereference_forced(data).await {
        tracing::info!(actor = %actor.ap_id, error = %e, "directory entry not refreshed");
    }
    Ok(())
}

/// `user` follows the actor `target` names. Idempotent: an existing follow is returned.
pub async fn follow(data: &Ctx, user: &User, target: &str) -> AppResult<(FollowRow, Actor)> {
    let follower = own_actor(data, user).await?;
    let followee = crate::services::actors::lookup(data, target).await?;
    if followee.id == follower.id {
        return Err(AppError::BadRequest("you cannot follow yourself".into()));
    }
    if followee.is_local && followee.kind == "Application" {
        return Err(AppError::BadRequest(
            "the hub's own actor is not followed by members".into(),
        ));
    }
    let mut conn = data.pool.get().await?;
    if let Some(existing) = FollowRow::find_pair(&mut conn, follower.id, followee.id).await? {
        return Ok((existing, followee));
    }
    // Someone who blocked the member (here, or by a `Block` from their server) is not
    // followed: the request would only be refused there.
    if crate::db::models::actor_block::ActorBlock::blocks(&mut conn, followee.id, follower.id)
        .await?
    {
        return Err(AppError::NotAllowed("follow-error-blocked"));
    }
    if !followee.is_local && matches!(followee.kind.as_str(), "Group" | "Organization") {
        remember_remote_entry(data, &mut conn, &followee).await?;
    }
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let ap_id = urls.new_activity("follow");
    let row = if followee.is_local {
        let state = if followee.manually_approves_followers {
            STATE_PENDING
        } else {
            STATE_ACCEPTED
        };
        let row = FollowRow::upsert(&mut conn, &ap_id, follower.id, followee.id, state).await?;
        drop(conn);
        let kind = if row.is_accepted() {
            "follow"
        } else {
            "follow_request"
        };
        let about = crate::services::notifications::About {
            actor_id: Some(follower.id),
            ..Default::default()
        };
        crate::services::notifications::notify(data, followee.id, kind, about, &row.ap_id).await;
        row
    } else {
        let activity = Follow::new(Url::parse(&ap_id)?, &follower, &followee);
        let (f, t) = (follower.clone(), followee.clone());
        let row = outbox::commit(data, &mut conn, |conn| {
            async move {
                let row = FollowRow::upsert(conn, &ap_id, f.id, t.id, STATE_PENDING).await?;
                outbox::queue(conn, &ap_id, &f, &activity, vec![t.inbox_url.clone()]).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        row
    };
    Ok((row, followee))
}

/// Withdraws a follow or a pending request made by `user`.
pub async fn unfollow(data: &Ctx, user: &User, follow_id: i64) -> AppResult<()> {
    let follower = own_actor(data, user).await?;
    let mut conn = data.pool.get().await?;
    let row = FollowRow::find(&mut conn, follow_id)
        .await?
        .filter(|f| f.follower_id == follower.id)
        .ok_or(AppError::NotFound)?;
    let followee = Actor::find(&mut conn, row.followee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if followee.is_local {
        FollowRow::delete(&mut conn, row.id).await?;
        return Ok(());
    }
    let base = data.config.base_url();
    let undo = Undo::for_follow(
        &Urls::new(&base),
        &follower,
        Follow::from_row(&row, &follower, &followee)?,
    )?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            FollowRow::delete(conn, row.id).await?;
            outbox::queue(
                conn,
                undo.id.as_str(),
                &follower,
                &undo,
                vec![followee.inbox_url.clone()],
            )
            .await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// A pending request addressed to `user`, with its follower.
async fn incoming_request(
    data: &Ctx,
    followee: Actor,
    follow_id: i64,
) -> AppResult<(FollowRow, Actor, Actor)> {
    let mut conn = data.pool.get().await?;
    let row = FollowRow::find(&mut conn, follow_id)
        .await?
        .filter(|f| f.followee_id == followee.id && f.state == STATE_PENDING)
        .ok_or(AppError::NotFound)?;
    let follower = Actor::find(&mut conn, row.follower_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row, follower, followee))
}

pub async fn accept_request(data: &Ctx, user: &User, follow_id: i64) -> AppResult<()> {
    let followee = own_actor(data, user).await?;
    accept_request_as(data, followee, follow_id).await
}

/// Accepts a request addressed to `followee` (a member, or a community for its moderators;
/// the caller checks who may decide).
pub async fn accept_request_as(data: &Ctx, followee: Actor, follow_id: i64) -> AppResult<()> {
    let (row, follower, followee) = incoming_request(data, followee, follow_id).await?;
    let mut conn = data.pool.get().await?;
    if follower.is_local {
        FollowRow::set_state(&mut conn, row.id, STATE_ACCEPTED).await?;
        return Ok(());
    }
    let base = data.config.base_url();
    let accept = Answer::for_follow(
        AnswerKind::Accept,
        &Urls::new(&base),
        &followee,
        Follow::from_row(&row, &follower, &followee)?,
    )?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            FollowRow::set_state(conn, row.id, STATE_ACCEPTED).await?;
            outbox::queue(
                conn,
                accept.id.as_str(),
                &followee,
                &accept,
                vec![follower.delivery_inbox().to_string()],
            )
            .await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// Declines a request; nothing of it is kept.
pub async fn reject_request(data: &Ctx, user: &User, follow_id: i64) -> AppResult<()> {
    let followee = own_actor(data, user).await?;
    reject_request_as(data, followee, follow_id).await
}

/// Declines a request addressed to `followee` (checked by the caller).
pub async fn reject_request_as(data: &Ctx, followee: Actor, follow_id: i64) -> AppResult<()> {
    let (row, follower, followee) = incoming_request(data, followee, follow_id).await?;
    let mut conn = data.pool.get().await?;
    if follower.is_local {
        FollowRow::delete(&mut conn, row.id).await?;
        return Ok(());
    }
    let base = data.config.base_url();
    let reject = Answer::for_follow(
        AnswerKind::Reject,
        &Urls::new(&base),
        &followee,
        Follow::from_row(&row, &follower, &followee)?,
    )?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            FollowRow::delete(conn, row.id).await?;
            outbox::queue(
                conn,
                reject.id.as_str(),
                &followee,
                &reject,
                vec![follower.delivery_inbox().to_string()],
            )
            .await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// Incoming requests awaiting `user`'s decision, oldest first.
pub async fn pending_requests(data: &Ctx, user: &User) -> AppResult<Vec<(FollowRow, Actor)>> {
    let mut conn = data.pool.get().await?;
    let mut rows = FollowRow::followers(&mut conn, user.actor_id, STATE_PENDING, 200, 0).await?;
    rows.reverse();
    Ok(rows)
}

pub async fn pending_count(data: &Ctx, user: &User) -> AppResult<i64> {
    let mut conn = data.pool.get().await?;
    Ok(FollowRow::count_followers(&mut conn, user.actor_id, STATE_PENDING).await?)
}

/// The follow from `follower` to `followee`, if any.
pub async fn between(data: &Ctx, follower: i64, followee: i64) -> AppResult<Option<FollowRow>> {
    let mut conn = data.pool.get().await?;
    Ok(FollowRow::find_pair(&mut conn, follower, followee).await?)
}

/// Follows made by `user` (any state), newest first, for the API.
pub async fn outgoing(data: &Ctx, user: &User) -> AppResult<Vec<(FollowRow, Actor)>> {
    let mut conn = data.pool.get().await?;
    let mut all = FollowRow::following(&mut conn, user.actor_id, STATE_ACCEPTED, 500, 0).await?;
    all.extend(FollowRow::following(&mut conn, user.actor_id, STATE_PENDING, 500, 0).await?);
    all.sort_by_key(|(f, _)| std::cmp::Reverse(f.updated_at));
    Ok(all)
}

/// Accepted followers and followings of an actor, for profile pages.
pub struct Relations {
    pub followers: Vec<Actor>,
    pub following: Vec<Actor>,
    pub followers_count: i64,
    pub following_count: i64,
}

pub async fn relations(data: &Ctx, actor_id: i64, limit: i64) -> AppResult<Relations> {
    let mut conn = data.pool.get().await?;
    Ok(Relations {
        followers: FollowRow::followers(&mut conn, actor_id, STATE_ACCEPTED, limit, 0)
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .collect(),
        following: FollowRow::following(&mut conn, actor_id, STATE_ACCEPTED, limit, 0)
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .collect(),
        followers_count: FollowRow::count_followers(&mut conn, actor_id, STATE_ACCEPTED).await?,
        following_count: FollowRow::count_following(&mut conn, actor_id, STATE_ACCEPTED).await?,
    })
}
