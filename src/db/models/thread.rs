//! Community threads and replies (rows of `posts` with a `community_id`) and the moderation
//! flags on them. Likes are in [`super::reaction`].

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::db::schema::{actors, posts};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A thread in a community list: its root post, author, reply count and last activity.
#[derive(Debug, Clone)]
pub struct ThreadSummary {
    pub root: Post,
    pub author: Actor,
    pub replies: i64,
}

pub struct Threads;

impl Threads {
    /// Public, standing threads with the latest posts (a new thread or a new reply), most
    /// recent first, at most `limit`, with their authors and reply counts.
    pub async fn active(conn: &mut DbConn, limit: i64) -> DbResult<Vec<ThreadSummary>> {
        let recent: Vec<(i64, Option<i64>)> = db_run!(conn, |c| posts::table
            .filter(posts::community_id.is_not_null())
            .filter(posts::deleted_at.is_null())
            .filter(posts::removed_at.is_null())
            .order(posts::id.desc())
            .limit(limit * 20)
            .select((posts::id, posts::thread_id))
            .load(c)
            .await)?;
        let mut roots: Vec<i64> = Vec::new();
        for (id, thread) in recent {
            let root = thread.unwrap_or(id);
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        let rows: Vec<(Post, Actor)> = db_run!(conn, |c| posts::table
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .filter(posts::id.eq_any(&roots))
            .filter(posts::thread_id.is_null())
            .filter(posts::deleted_at.is_null())
            .filter(posts::removed_at.is_null())
            .filter(posts::visibility.eq(crate::db::models::post::VISIBILITY_PUBLIC))
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?;
        let mut out = Vec::new();
        for root in roots {
            if out.len() as i64 >= limit {
                break;
            }
            if let Some((post, author)) = rows.iter().find(|(p, _)| p.id == root) {
                let replies: i64 = db_run!(conn, |c| posts::table
                    .filter(posts::thread_id.eq(root))
                    .filter(posts::deleted_at.is_null())
                    .count()
                    .get_result(c)
                    .await)?;
                out.push(ThreadSummary {
                    root: post.clone(),
                    author: author.clone(),
                    replies,
                });
            }
        }
        Ok(out)
    }

    /// Visible threads of a community: pinned first, then newest. `language` keeps threads
    /// in that language (the primary subtag matches, so `pt` finds `pt-BR`).
    pub async fn list(
        conn: &mut DbConn,
        community_id: i64,
        language: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> DbResult<(i64, Vec<ThreadSummary>)> {
        let lang = language.map(str::to_lowercase);
        let prefix = lang.as_ref().map(|l| format!("{l}-%"));
        // A macro, not a closure: a boxed query is typed by its backend.
        macro_rules! base {
            () => {{
                let mut q = posts::table
                    .filter(posts::community_id.eq(community_id))
                    .filter(posts::thread_id.is_null())
                    .filter(posts::deleted_at.is_null())
                    .filter(posts::removed_at.is_null())
                    .into_boxed();
                if let (Some(l), Some(p)) = (&lang, &prefix) {
                    q = q.filter(
                        posts::language
                            .eq(l.clone())
                            .or(posts::language.like(p.clone())),
                    );
                }
                q
            }};
        }
        let total: i64 = db_run!(conn, |c| base!().count().get_result(c).await)?;
        let rows: Vec<(Post, Actor)> = db_run!(conn, |c| base!()
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .order((posts::pinned.desc(), posts::id.desc()))
            .limit(limit)
            .offset(offset)
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?;
        let ids: Vec<i64> = rows.iter().map(|(p, _)| p.id).collect();
        let counts: Vec<(Option<i64>, i64)> = db_run!(conn, |c| posts::table
            .filter(posts::thread_id.eq_any(&ids))
            .filter(posts::deleted_at.is_null())
            .filter(posts::removed_at.is_null())
            .group_by(posts::thread_id)
            .select((posts::thread_id, diesel::dsl::count_star()))
            .load(c)
            .await)?;
        let threads = rows
            .into_iter()
            .map(|(root, author)| {
                let replies = counts
                    .iter()
                    .find(|(t, _)| *t == Some(root.id))
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                ThreadSummary {
                    root,
                    author,
                    replies,
                }
            })
            .collect();
        Ok((total, threads))
    }

    /// Every post of a thread (the root first, then replies in the order they arrived), with
    /// authors; deleted and removed ones too, so the tree keeps its shape.
    pub async fn posts(conn: &mut DbConn, root_id: i64) -> DbResult<Vec<(Post, Actor)>> {
        Ok(db_run!(conn, |c| posts::table
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .filter(posts::id.eq(root_id).or(posts::thread_id.eq(root_id)))
            .order(posts::id.asc())
            .limit(5000)
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// The newest visible posts (threads and replies) of a community, for its feed.
    pub async fn newest(
        conn: &mut DbConn,
        community_id: i64,
        limit: i64,
    ) -> DbResult<Vec<(Post, Actor)>> {
        Ok(db_run!(conn, |c| posts::table
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .filter(posts::community_id.eq(community_id))
            .filter(posts::deleted_at.is_null())
            .filter(posts::removed_at.is_null())
            .order(posts::id.desc())
            .limit(limit)
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// The pinned threads of a community (its `featured` collection).
    pub async fn pinned(conn: &mut DbConn, community_id: i64) -> DbResult<Vec<(Post, Actor)>> {
        Ok(db_run!(conn, |c| posts::table
            .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
            .filter(posts::community_id.eq(community_id))
            .filter(posts::thread_id.is_null())
            .filter(posts::pinned.eq(true))
            .filter(posts::deleted_at.is_null())
            .filter(posts::removed_at.is_null())
            .order(posts::id.desc())
            .select((Post::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    pub async fn set_locked(conn: &mut DbConn, post_id: i64, locked: bool) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(posts::table.find(post_id))
            .set(posts::locked.eq(locked))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn set_pinned(conn: &mut DbConn, post_id: i64, pinned: bool) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(posts::table.find(post_id))
            .set(posts::pinned.eq(pinned))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// A moderator's removal (`Some(time)`) or restoration (`None`).
    pub async fn set_removed(
        conn: &mut DbConn,
        post_id: i64,
        removed_at: Option<NaiveDateTime>,
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(posts::table.find(post_id))
            .set(posts::removed_at.eq(removed_at))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Removes every post of `author_id` in a community (a ban with `removeData`).
    pub async fn remove_all_by(
        conn: &mut DbConn,
        community_id: i64,
        author_id: i64,
        now: NaiveDateTime,
    ) -> DbResult<usize> {
        Ok(db_run!(conn, |c| diesel::update(
            posts::table
                .filter(posts::community_id.eq(community_id))
                .filter(posts::author_id.eq(author_id))
                .filter(posts::removed_at.is_null())
        )
        .set(posts::removed_at.eq(Some(now)))
        .execute(c)
        .await)?)
    }
}
