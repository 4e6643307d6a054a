//! Participations: who takes part in an event, in what state. For a local event this is
//! the authority (capacity and waiting list are decided here); for a remote event it keeps
//! the answers its organiser sent to our members' Joins.

use crate::db::models::actor::Actor;
use crate::db::schema::{actors, participations};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// Where a participation stands.
    pub enum ParticipationState ("participation state") {
        /// Asked to join; organisers have not answered yet (approval mode, or a remote
        /// organiser).
        Pending = "pending",
        /// The event was full; promoted in order when a place frees up.
        Waiting = "waiting",
        Accepted = "accepted",
        Rejected = "rejected",
    }
}

// The names call sites have always used, now typed.
pub const STATE_PENDING: ParticipationState = ParticipationState::Pending;
pub const STATE_WAITING: ParticipationState = ParticipationState::Waiting;
pub const STATE_ACCEPTED: ParticipationState = ParticipationState::Accepted;
pub const STATE_REJECTED: ParticipationState = ParticipationState::Rejected;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = participations)]
pub struct Participation {
    pub id: i64,
    /// The id of the Join activity.
    pub ap_id: String,
    pub event_id: i64,
    pub actor_id: i64,
    pub state: ParticipationState,
    pub message: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Participation {
    pub fn is_accepted(&self) -> bool {
        self.state == STATE_ACCEPTED
    }

    /// Records a Join. An existing participation of the same actor is returned unchanged
    /// (a repeated Join changes nothing), with `false`.
    pub async fn insert(
        conn: &mut DbConn,
        ap_id: &str,
        event_id: i64,
        actor_id: i64,
        state: ParticipationState,
        message: &str,
    ) -> DbResult<(Participation, bool)> {
        let now = crate::db::now();
        let inserted = db_run!(conn, |c| diesel::insert_into(participations::table)
            .values((
                participations::ap_id.eq(ap_id),
                participations::event_id.eq(event_id),
                participations::actor_id.eq(actor_id),
                participations::state.eq(state),
                participations::message.eq(message),
                participations::created_at.eq(now),
                participations::updated_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .returning(Participation::as_returning())
            .get_result(c)
            .await
            .optional())?;
        match inserted {
            Some(p) => Ok((p, true)),
            None => {
                let existing = Self::find(conn, event_id, actor_id).await?.ok_or_else(|| {
                    diesel::result::Error::QueryBuilderError(
                        "participation id taken by another event".into(),
                    )
                })?;
                Ok((existing, false))
            }
        }
    }

    pub async fn find(
        conn: &mut DbConn,
        event_id: i64,
        actor_id: i64,
    ) -> DbResult<Option<Participation>> {
        Ok(db_run!(conn, |c| participations::table
            .filter(participations::event_id.eq(event_id))
            .filter(participations::actor_id.eq(actor_id))
            .select(Participation::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_id(conn: &mut DbConn, id: i64) -> DbResult<Option<Participation>> {
        Ok(db_run!(conn, |c| participations::table
            .find(id)
            .select(Participation::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<Participation>> {
        Ok(db_run!(conn, |c| participations::table
            .filter(participations::ap_id.eq(ap_id))
            .select(Participation::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn set_state(conn: &mut DbConn, id: i64, state: ParticipationState) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(participations::table.find(id))
            .set((
                participations::state.eq(state),
                participations::updated_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(participations::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn count(
        conn: &mut DbConn,
        event_id: i64,
        state: ParticipationState,
    ) -> DbResult<i64> {
        Ok(db_run!(conn, |c| participations::table
            .filter(participations::event_id.eq(event_id))
            .filter(participations::state.eq(state))
            .count()
            .get_result(c)
            .await)?)
    }

    /// The participants of an event with their actors, in order of arrival (the waiting
    /// list's order).
    pub async fn of_event(
        conn: &mut DbConn,
        event_id: i64,
    ) -> DbResult<Vec<(Participation, Actor)>> {
        Ok(db_run!(conn, |c| participations::table
            .inner_join(actors::table)
            .filter(participations::event_id.eq(event_id))
            .order((participations::created_at, participations::id))
            .select((Participation::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// The first `n` on the waiting list.
    pub async fn first_waiting(
        conn: &mut DbConn,
        event_id: i64,
        n: i64,
    ) -> DbResult<Vec<Participation>> {
        Ok(db_run!(conn, |c| participations::table
            .filter(participations::event_id.eq(event_id))
            .filter(participations::state.eq(STATE_WAITING))
            .order((participations::created_at, participations::id))
            .limit(n)
            .select(Participation::as_select())
            .load(c)
            .await)?)
    }

    /// The events an actor takes part in (any state), by event id.
    pub async fn of_actor(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<Participation>> {
        Ok(db_run!(conn, |c| participations::table
            .filter(participations::actor_id.eq(actor_id))
            .select(Participation::as_select())
            .load(c)
            .await)?)
    }

    /// Removes every participation of an actor that is going away; returns the events.
    pub async fn delete_all_of(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<i64>> {
        let events: Vec<i64> = db_run!(conn, |c| participations::table
            .filter(participations::actor_id.eq(actor_id))
            .select(participations::event_id)
            .load(c)
            .await)?;
        db_run!(conn, |c| diesel::delete(
            participations::table.filter(participations::actor_id.eq(actor_id))
        )
        .execute(c)
        .await)?;
        Ok(events)
    }
}
