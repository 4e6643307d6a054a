//! Favourites and boosts of any post a member can see, local or remote: recorded here, sent
//! as a `Like` (to the author) or an `Announce` (to the member's followers and the author),
//! and withdrawn with an `Undo`. A favourite of a community thread goes the community's way
//! ([`crate::services::threads::like`]).

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::db::models::post::{Post, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED};
use crate::db::models::reaction::{Reaction, Reactions};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::activities::reaction::{PostReaction, ReactionKind};
use crate::federation::outbox;
use crate::federation::Urls;
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;

/// What a member sees of their own reactions to a list of posts.
#[derive(Debug, Default, Clone)]
pub struct Reacted {
    pub liked: Vec<i64>,
    pub boosted: Vec<i64>,
}

impl Reacted {
    pub fn liked(&self, post_id: i64) -> bool {
        self.liked.contains(&post_id)
    }
    pub fn boosted(&self, post_id: i64) -> bool {
        self.boosted.contains(&post_id)
    }
}

/// `viewer`'s favourites and boosts among `post_ids` (none for a visitor).
pub async fn reacted(data: &Ctx, viewer: Option<&User>, post_ids: &[i64]) -> AppResult<Reacted> {
    let Some(user) = viewer else {
        return Ok(Reacted::default());
    };
    let mut conn = data.pool.get().await?;
    Ok(Reacted {
        liked: Reactions::among(&mut conn, Reaction::Like, user.actor_id, post_ids).await?,
        boosted: Reactions::among(&mut conn, Reaction::Boost, user.actor_id, post_ids).await?,
    })
}

/// `user` favourites (`on`) or stops favouriting a post they can see.
pub async fn favourite(data: &Ctx, user: &User, post_id: i64, on: bool) -> AppResult<Post> {
    let (post, author) = reachable(data, user, post_id).await?;
    if post.community_id.is_some() {
        return crate::services::threads::like(data, user, post.id, on).await;
    }
    react(data, user, post, author, Reaction::Like, on).await
}

/// `user` boosts (`on`) or stops boosting a public or unlisted post they can see.
pub async fn boost(data: &Ctx, user: &User, post_id: i64, on: bool) -> AppResult<Post> {
    let (post, author) = reachable(data, user, post_id).await?;
    if on && post.visibility != VISIBILITY_PUBLIC && post.visibility != VISIBILITY_UNLISTED {
        // As on Mastodon: followers-only and direct posts stay with their audience.
        return Err(AppError::Validation("reaction-error-private"));
    }
    react(data, user, post, author, Reaction::Boost, on).await
}

/// The post, if `user` may see it and it stands (neither deleted nor removed).
async fn reachable(data: &Ctx, user: &User, post_id: i64) -> AppResult<(Post, Actor)> {
    let (post, author) =
        crate::services::posts::get(data, Some(user), &post_id.to_string()).await?;
    if post.deleted_at.is_some() || post.removed_at.is_some() {
        return Err(AppError::NotFound);
    }
    Ok((post, author))
}

async fn react(
    data: &Ctx,
    user: &User,
    post: Post,
    author: Actor,
    kind: Reaction,
    on: bool,
) -> AppResult<Post> {
    let mut conn = data.pool.get().await?;
    let me = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A like goes to the author; a boost to the member's followers too.
    let mut inboxes = Vec::new();
    if !author.is_local {
        inboxes.push(author.delivery_inbox().to_string());
    }
    if kind == Reaction::Boost {
        inboxes.extend(Follow::remote_follower_inboxes(&mut conn, me.id).await?);
    }
    inboxes.sort();
    inboxes.dedup();
    let base = data.config.base_url();
    let post_id = post.id;
    let wire = match kind {
        Reaction::Like => ReactionKind::Like,
        Reaction::Boost => ReactionKind::Announce,
    };
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let urls = Urls::new(&base);
            if on {
                let activity = match kind {
                    Reaction::Like => PostReaction::like(&urls, &me, &post.ap_id, &author)?,
                    Reaction::Boost => PostReaction::boost(&urls, &me, &post.ap_id, &author)?,
                };
                if Reactions::add(conn, kind, post.id, me.id, activity.id.as_str()).await? {
                    outbox::queue(conn, activity.id.as_str(), &me, &activity, inboxes).await?;
                }
            } else if let Some(id) = Reactions::remove(conn, kind, post.id, me.id).await? {
                let (to, cc) = PostReaction::addressing(wire, &me, &author)?;
                let undo = PostReaction::sent(wire, &id, &me, &post.ap_id)?.undo(&urls, to, cc)?;
                outbox::queue(conn, undo.id.as_str(), &me, &undo, inboxes).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    if on {
        let name = if kind == Reaction::Like {
            "like"
        } else {
            "boost"
        };
        notify_reaction(data, &post, user.actor_id, name).await;
    }
    Ok(post)
}

/// Tells a post's author (when a member here) of a like or boost by `by`.
pub async fn notify_reaction(data: &Ctx, post: &Post, by: i64, kind: &str) {
    let about = crate::services::notifications::About {
        actor_id: Some(by),
        post_id: Some(post.id),
        ..Default::default()
    };
    let key = format!("{}:{by}", post.id);
    crate::services::notifications::notify(data, post.author_id, kind, about, &key).await;
}
