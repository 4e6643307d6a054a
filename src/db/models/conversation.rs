//! Conversations of direct messages: the private posts that share a `conversation_id` (the
//! id of the first of them stored here), who takes part, and what each member has read.

use crate::db::models::actor::Actor;
use crate::db::models::post::{Post, VISIBILITY_DIRECT};
use crate::db::schema::{actors, conversation_reads, post_audience, posts};
use crate::db::{db_run, DbConn, DbResult};
use diesel::dsl::max;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Puts a post into a conversation.
pub async fn set(conn: &mut DbConn, post_id: i64, conversation_id: i64) -> DbResult<()> {
    db_run!(conn, |c| diesel::update(posts::table.find(post_id))
        .set(posts::conversation_id.eq(Some(conversation_id)))
        .execute(c)
        .await)?;
    Ok(())
}

/// The conversation of a post, if it is a direct message.
pub async fn of_post(conn: &mut DbConn, post_id: i64) -> DbResult<Option<i64>> {
    Ok(db_run!(conn, |c| posts::table
        .find(post_id)
        .select(posts::conversation_id)
        .first::<Option<i64>>(c)
        .await
        .optional())?
    .flatten())
}

/// The latest posts of the conversations `actor_id` takes part in, newest conversation
/// first: `(conversation_id, last post id)`. `before` pages by the last post id.
pub async fn latest_of(
    conn: &mut DbConn,
    actor_id: i64,
    before: Option<i64>,
    limit: i64,
) -> DbResult<Vec<(i64, i64)>> {
    let before = before.unwrap_or(i64::MAX);
    let rows: Vec<(Option<i64>, Option<i64>)> = db_run!(conn, |c| posts::table
        .filter(posts::visibility.eq(VISIBILITY_DIRECT))
        .filter(posts::deleted_at.is_null())
        .filter(posts::conversation_id.is_not_null())
        .filter(
            posts::author_id.eq(actor_id).or(posts::id.eq_any(
                post_audience::table
                    .filter(post_audience::actor_id.eq(actor_id))
                    .select(post_audience::post_id),
            )),
        )
        .group_by(posts::conversation_id)
        .select((posts::conversation_id, max(posts::id)))
        .load(c)
        .await)?;
    let mut rows: Vec<(i64, i64)> = rows
        .into_iter()
        .filter_map(|(c, last)| Some((c?, last?)))
        .filter(|(_, last)| *last < before)
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    rows.truncate(limit.max(0) as usize);
    Ok(rows)
}

/// Every post of a conversation that `actor_id` may read (wrote or was addressed), oldest
/// first, with its author.
pub async fn posts_for(
    conn: &mut DbConn,
    conversation_id: i64,
    actor_id: i64,
) -> DbResult<Vec<(Post, Actor)>> {
    Ok(db_run!(conn, |c| posts::table
        .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
        .filter(posts::conversation_id.eq(conversation_id))
        .filter(posts::visibility.eq(VISIBILITY_DIRECT))
        .filter(posts::deleted_at.is_null())
        .filter(
            posts::author_id.eq(actor_id).or(posts::id.eq_any(
                post_audience::table
                    .filter(post_audience::actor_id.eq(actor_id))
                    .select(post_audience::post_id),
            )),
        )
        .order(posts::id.asc())
        .select((Post::as_select(), Actor::as_select()))
        .load(c)
        .await)?)
}

/// The actors a post is addressed to (local and remote ones we know).
pub async fn audience(conn: &mut DbConn, post_id: i64) -> DbResult<Vec<Actor>> {
    Ok(db_run!(conn, |c| actors::table
        .filter(
            actors::id.eq_any(
                post_audience::table
                    .filter(post_audience::post_id.eq(post_id))
                    .select(post_audience::actor_id),
            ),
        )
        .order(actors::id)
        .select(Actor::as_select())
        .load(c)
        .await)?)
}

/// Records that `actor_id` read a conversation up to `last_id`.
pub async fn mark_read(
    conn: &mut DbConn,
    actor_id: i64,
    conversation_id: i64,
    last_id: i64,
) -> DbResult<()> {
    db_run!(conn, |c| diesel::insert_into(conversation_reads::table)
        .values((
            conversation_reads::actor_id.eq(actor_id),
            conversation_reads::conversation_id.eq(conversation_id),
            conversation_reads::last_read_id.eq(last_id),
        ))
        .on_conflict((
            conversation_reads::actor_id,
            conversation_reads::conversation_id,
        ))
        .do_update()
        .set(conversation_reads::last_read_id.eq(last_id))
        .execute(c)
        .await)?;
    Ok(())
}

/// How far `actor_id` read each of `conversations`: `(conversation_id, last read id)`.
pub async fn read_marks(
    conn: &mut DbConn,
    actor_id: i64,
    conversations: &[i64],
) -> DbResult<Vec<(i64, i64)>> {
    let ids = conversations.to_vec();
    Ok(db_run!(conn, |c| conversation_reads::table
        .filter(conversation_reads::actor_id.eq(actor_id))
        .filter(conversation_reads::conversation_id.eq_any(ids))
        .select((
            conversation_reads::conversation_id,
            conversation_reads::last_read_id,
        ))
        .load(c)
        .await)?)
}
