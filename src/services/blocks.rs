//! A member's own blocks and mutes. A blocked account (or any account of a blocked domain)
//! cannot follow the member, reply to them, mention them or join their events, and no
//! longer follows them (so it does not see their followers-only posts); a muted one is only
//! hidden from the member. Blocking a remote account sends it a `Block`, as Mastodon does.

use crate::db::models::actor::Actor;
use crate::db::models::actor_block::{ActorBlock, ActorDomainBlock, KIND_BLOCK, KIND_MUTE};
use crate::db::models::follow::Follow;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::activities::block::Block;
use crate::federation::{outbox, Urls};
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;
use url::Url;

/// What a member blocked and muted.
pub struct MyBlocks {
    pub blocked: Vec<Actor>,
    pub muted: Vec<Actor>,
    pub domains: Vec<String>,
}

pub async fn list(data: &Ctx, user: &User) -> AppResult<MyBlocks> {
    let mut conn = data.pool.get().await?;
    let rows = ActorBlock::of(&mut conn, user.actor_id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.target_id).collect();
    let actors = Actor::find_many(&mut conn, &ids).await?;
    let pick = |kind: &str| -> Vec<Actor> {
        rows.iter()
            .filter(|r| r.kind == kind)
            .filter_map(|r| actors.iter().find(|a| a.id == r.target_id).cloned())
            .collect()
    };
    let domains = ActorDomainBlock::of(&mut conn, user.actor_id)
        .await?
        .into_iter()
        .map(|d| d.domain)
        .collect();
    Ok(MyBlocks {
        blocked: pick(KIND_BLOCK),
        muted: pick(KIND_MUTE),
        domains,
    })
}

async fn target(data: &Ctx, user: &User, target_id: i64) -> AppResult<Actor> {
    if target_id == user.actor_id {
        return Err(AppError::Validation("block-error-self"));
    }
    let mut conn = data.pool.get().await?;
    Actor::find(&mut conn, target_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Blocks an account: the follows both ways end, and a remote account is sent a `Block`.
pub async fn block(data: &Ctx, user: &User, target_id: i64) -> AppResult<()> {
    let other = target(data, user, target_id).await?;
    let mut conn = data.pool.get().await?;
    let me = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let id = Url::parse(&urls.new_activity("block"))?;
    let activity = Block::new(id.clone(), &me, &other);
    outbox::commit(data, &mut conn, |c| {
        async move {
            if !ActorBlock::add(c, me.id, other.id, KIND_BLOCK, Some(id.as_str())).await? {
                return Ok(());
            }
            end_follows(c, me.id, other.id).await?;
            if !other.is_local {
                let inbox = vec![other.inbox_url.clone()];
                outbox::queue(c, id.as_str(), &me, &activity, inbox).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    tracing::info!(member = %user.username, blocked = target_id, "account blocked");
    Ok(())
}

async fn end_follows(c: &mut crate::db::DbConn, a: i64, b: i64) -> AppResult<()> {
    for (follower, followee) in [(a, b), (b, a)] {
        if let Some(f) = Follow::find_pair(c, follower, followee).await? {
            Follow::delete(c, f.id).await?;
        }
    }
    Ok(())
}

/// Lifts a block; a remote account is sent `Undo{Block}`.
pub async fn unblock(data: &Ctx, user: &User, target_id: i64) -> AppResult<()> {
    let other = target(data, user, target_id).await?;
    let mut conn = data.pool.get().await?;
    let me = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = data.config.base_url();
    outbox::commit(data, &mut conn, |c| {
        async move {
            let Some(row) = ActorBlock::remove(c, me.id, other.id, KIND_BLOCK).await? else {
                return Ok(());
            };
            if let (false, Some(id)) = (other.is_local, row.ap_id) {
                let undo = Block::new(Url::parse(&id)?, &me, &other).undo(&Urls::new(&base))?;
                let inbox = vec![other.inbox_url.clone()];
                outbox::queue(c, undo.id.as_str(), &me, &undo, inbox).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

pub async fn mute(data: &Ctx, user: &User, target_id: i64, muted: bool) -> AppResult<()> {
    let other = target(data, user, target_id).await?;
    let mut conn = data.pool.get().await?;
    if muted {
        ActorBlock::add(&mut conn, user.actor_id, other.id, KIND_MUTE, None).await?;
    } else {
        ActorBlock::remove(&mut conn, user.actor_id, other.id, KIND_MUTE).await?;
    }
    Ok(())
}

/// Blocks a whole domain for this member: its accounts' follows of the member end, and each
/// is sent a `Reject` of its follow (Mastodon's soft block), so the remote server stops
/// showing it as following and stops expecting the member's followers-only posts.
pub async fn block_domain(data: &Ctx, user: &User, domain: &str, blocked: bool) -> AppResult<()> {
    use crate::db::models::follow::{STATE_ACCEPTED, STATE_PENDING};
    use crate::federation::activities::answer::{Answer, AnswerKind};
    use crate::federation::activities::follow::Follow as FollowActivity;
    let domain =
        crate::domains::normalize(domain).ok_or(AppError::Validation("blocks-error-domain"))?;
    if crate::domains::covers(&domain, &data.config.server.domain) {
        return Err(AppError::Validation("blocks-error-own-domain"));
    }
    let mut conn = data.pool.get().await?;
    if !blocked {
        ActorDomainBlock::remove(&mut conn, user.actor_id, &domain).await?;
        return Ok(());
    }
    let me = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut ended = Vec::new();
    for state in [STATE_ACCEPTED, STATE_PENDING] {
        let followers = Follow::followers(&mut conn, me.id, state, 100_000, 0).await?;
        ended.extend(followers.into_iter().filter(|(_, follower)| {
            !follower.is_local && crate::domains::covers(&domain, &follower.domain)
        }));
    }
    let base = data.config.base_url();
    let count = ended.len();
    outbox::commit(data, &mut conn, |c| {
        async move {
            ActorDomainBlock::add(c, me.id, &domain).await?;
            let urls = Urls::new(&base);
            for (row, follower) in &ended {
                end_follows(c, me.id, follower.id).await?;
                let follow = FollowActivity::from_row(row, follower, &me)?;
                let reject = Answer::for_follow(AnswerKind::Reject, &urls, &me, follow)?;
                let inbox = vec![follower.delivery_inbox().to_string()];
                outbox::queue(c, reject.id.as_str(), &me, &reject, inbox).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    tracing::info!(member = %user.username, followers_removed = count, "domain blocked by a member");
    Ok(())
}

/// The accounts hidden from `viewer` (blocked or muted by them).
pub async fn hidden_from(data: &Ctx, viewer: Option<&User>) -> AppResult<Vec<i64>> {
    let Some(user) = viewer else {
        return Ok(Vec::new());
    };
    let mut conn = data.pool.get().await?;
    Ok(ActorBlock::hidden_from(&mut conn, user.actor_id).await?)
}
