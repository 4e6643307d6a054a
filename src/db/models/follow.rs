//! Follows between two actors, local or remote, with their state.

use crate::db::models::actor::Actor;
use crate::db::schema::{actors, follows};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// Where a follow stands: asked, or accepted by the followee.
    pub enum FollowState ("follow state") {
        Pending = "pending",
        Accepted = "accepted",
    }
}

// The names call sites have always used, now typed.
pub const STATE_PENDING: FollowState = FollowState::Pending;
pub const STATE_ACCEPTED: FollowState = FollowState::Accepted;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = follows)]
pub struct Follow {
    pub id: i64,
    pub ap_id: String,
    pub follower_id: i64,
    pub followee_id: i64,
    pub state: FollowState,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Follow {
    pub fn is_accepted(&self) -> bool {
        self.state == STATE_ACCEPTED
    }

    /// Records a follow; an existing row for the same pair is replaced (a remote server that
    /// lost state may send a new Follow for a pair we already know).
    pub async fn upsert(
        conn: &mut DbConn,
        ap_id: &str,
        follower_id: i64,
        followee_id: i64,
        state: FollowState,
    ) -> DbResult<Follow> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(follows::table)
            .values((
                follows::ap_id.eq(ap_id),
                follows::follower_id.eq(follower_id),
                follows::followee_id.eq(followee_id),
                follows::state.eq(state),
                follows::created_at.eq(now),
                follows::updated_at.eq(now),
            ))
            .on_conflict((follows::follower_id, follows::followee_id))
            .do_update()
            .set((
                follows::ap_id.eq(ap_id),
                follows::state.eq(state),
                follows::updated_at.eq(now),
            ))
            .returning(Follow::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Follow>> {
        Ok(db_run!(conn, |c| follows::table
            .find(id)
            .select(Follow::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<Follow>> {
        Ok(db_run!(conn, |c| follows::table
            .filter(follows::ap_id.eq(ap_id))
            .select(Follow::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_pair(
        conn: &mut DbConn,
        follower_id: i64,
        followee_id: i64,
    ) -> DbResult<Option<Follow>> {
        Ok(db_run!(conn, |c| follows::table
            .filter(follows::follower_id.eq(follower_id))
            .filter(follows::followee_id.eq(followee_id))
            .select(Follow::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn set_state(conn: &mut DbConn, id: i64, state: FollowState) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(follows::table.find(id))
            .set((follows::state.eq(state), follows::updated_at.eq(now)))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(follows::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Followers of `actor_id` in `state`, newest first, with the follow row.
    pub async fn followers(
        conn: &mut DbConn,
        actor_id: i64,
        state: FollowState,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<(Follow, Actor)>> {
        Ok(db_run!(conn, |c| follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
            .filter(follows::followee_id.eq(actor_id))
            .filter(follows::state.eq(state))
            .order((follows::updated_at.desc(), follows::id.desc()))
            .limit(limit)
            .offset(offset)
            .select((Follow::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// Actors `actor_id` follows in `state`, newest first, with the follow row.
    pub async fn following(
        conn: &mut DbConn,
        actor_id: i64,
        state: FollowState,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<(Follow, Actor)>> {
        Ok(db_run!(conn, |c| follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::followee_id)))
            .filter(follows::follower_id.eq(actor_id))
            .filter(follows::state.eq(state))
            .order((follows::updated_at.desc(), follows::id.desc()))
            .limit(limit)
            .offset(offset)
            .select((Follow::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    pub async fn count_followers(
        conn: &mut DbConn,
        actor_id: i64,
        state: FollowState,
    ) -> DbResult<i64> {
        Ok(db_run!(conn, |c| follows::table
            .filter(follows::followee_id.eq(actor_id))
            .filter(follows::state.eq(state))
            .count()
            .get_result(c)
            .await)?)
    }

    pub async fn count_following(
        conn: &mut DbConn,
        actor_id: i64,
        state: FollowState,
    ) -> DbResult<i64> {
        Ok(db_run!(conn, |c| follows::table
            .filter(follows::follower_id.eq(actor_id))
            .filter(follows::state.eq(state))
            .count()
            .get_result(c)
            .await)?)
    }

    /// Distinct delivery inboxes (shared inbox when known) of the remote accepted followers.
    pub async fn remote_follower_inboxes(
        conn: &mut DbConn,
        actor_id: i64,
    ) -> DbResult<Vec<String>> {
        let rows: Vec<(String, Option<String>)> = db_run!(conn, |c| follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
            .filter(follows::followee_id.eq(actor_id))
            .filter(follows::state.eq(STATE_ACCEPTED))
            .filter(actors::is_local.eq(false))
            .select((actors::inbox_url, actors::shared_inbox_url))
            .load(c)
            .await)?;
        let mut inboxes: Vec<String> = rows
            .iter()
            .map(|(i, s)| super::actor::delivery_inbox(i, s.as_deref()).to_string())
            .collect();
        inboxes.sort();
        inboxes.dedup();
        Ok(inboxes)
    }

    /// Whether any local actor follows `actor_id` (accepted): what makes a remote actor's
    /// posts worth keeping.
    pub async fn has_local_follower(conn: &mut DbConn, actor_id: i64) -> DbResult<bool> {
        let n: i64 = db_run!(conn, |c| follows::table
            .inner_join(actors::table.on(actors::id.eq(follows::follower_id)))
            .filter(follows::followee_id.eq(actor_id))
            .filter(follows::state.eq(STATE_ACCEPTED))
            .filter(actors::is_local.eq(true))
            .count()
            .get_result(c)
            .await)?;
        Ok(n > 0)
    }

    /// Removes every follow from or to an actor that is going away.
    pub async fn delete_all(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            follows::table.filter(
                follows::follower_id
                    .eq(actor_id)
                    .or(follows::followee_id.eq(actor_id))
            )
        )
        .execute(c)
        .await)?;
        Ok(())
    }
}
