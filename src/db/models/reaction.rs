//! Reactions to posts, local or remote: favourites (`post_likes`, a `Like`) and boosts
//! (`post_boosts`, a person's `Announce`). Each row keeps its activity's id for the Undo;
//! the post keeps the counts (`like_count`, `boost_count`) so that lists need no join.

use crate::db::schema::{post_boosts, post_likes, posts};
use crate::db::{db_run, DbConn, DbResult};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Which of them: a favourite or a boost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Like,
    Boost,
}

pub struct Reactions;

/// Runs the same query on `post_likes` or `post_boosts` (tables of the same shape).
macro_rules! on_table {
    ($kind:expr, |$t:ident| $body:expr) => {
        match $kind {
            Reaction::Like => {
                use post_likes as $t;
                $body
            }
            Reaction::Boost => {
                use post_boosts as $t;
                $body
            }
        }
    };
}

impl Reactions {
    /// Records a reaction; false when this actor had already reacted so to the post.
    pub async fn add(
        conn: &mut DbConn,
        kind: Reaction,
        post_id: i64,
        actor_id: i64,
        ap_id: &str,
    ) -> DbResult<bool> {
        let now = crate::db::now();
        let inserted = on_table!(kind, |t| db_run!(conn, |c| diesel::insert_into(t::table)
            .values((
                t::ap_id.eq(ap_id),
                t::post_id.eq(post_id),
                t::actor_id.eq(actor_id),
                t::created_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(c)
            .await))?;
        Self::recount(conn, kind, post_id).await?;
        Ok(inserted > 0)
    }

    /// Withdraws `actor_id`'s reaction to a post; returns its activity id if there was one.
    pub async fn remove(
        conn: &mut DbConn,
        kind: Reaction,
        post_id: i64,
        actor_id: i64,
    ) -> DbResult<Option<String>> {
        let ap_id: Option<String> = on_table!(kind, |t| db_run!(conn, |c| diesel::delete(
            t::table
                .filter(t::post_id.eq(post_id))
                .filter(t::actor_id.eq(actor_id))
        )
        .returning(t::ap_id)
        .get_result(c)
        .await
        .optional()))?;
        Self::recount(conn, kind, post_id).await?;
        Ok(ap_id)
    }

    /// The reaction of `actor_id` to a post, if any (its activity id).
    pub async fn of(
        conn: &mut DbConn,
        kind: Reaction,
        post_id: i64,
        actor_id: i64,
    ) -> DbResult<Option<String>> {
        Ok(on_table!(kind, |t| db_run!(conn, |c| t::table
            .filter(t::post_id.eq(post_id))
            .filter(t::actor_id.eq(actor_id))
            .select(t::ap_id)
            .first(c)
            .await
            .optional()))?)
    }

    /// Which of `post_ids` `actor_id` reacted to so.
    pub async fn among(
        conn: &mut DbConn,
        kind: Reaction,
        actor_id: i64,
        post_ids: &[i64],
    ) -> DbResult<Vec<i64>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(on_table!(kind, |t| db_run!(conn, |c| t::table
            .filter(t::actor_id.eq(actor_id))
            .filter(t::post_id.eq_any(post_ids))
            .select(t::post_id)
            .load(c)
            .await))?)
    }

    async fn recount(conn: &mut DbConn, kind: Reaction, post_id: i64) -> DbResult<()> {
        let n: i64 = on_table!(kind, |t| db_run!(conn, |c| t::table
            .filter(t::post_id.eq(post_id))
            .count()
            .get_result(c)
            .await))?;
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        match kind {
            Reaction::Like => db_run!(conn, |c| diesel::update(posts::table.find(post_id))
                .set(posts::like_count.eq(n))
                .execute(c)
                .await),
            Reaction::Boost => db_run!(conn, |c| diesel::update(posts::table.find(post_id))
                .set(posts::boost_count.eq(n))
                .execute(c)
                .await),
        }?;
        Ok(())
    }
}
