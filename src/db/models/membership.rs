//! Members of local projects and organisations: who may edit them, and invitations.

use crate::db::models::actor::Actor;
use crate::db::models::user::User;
use crate::db::schema::{actors, memberships, users};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

crate::text_enum! {
    /// What a member may do with a project or organisation.
    pub enum MemberRole ("membership role") {
        Admin = "admin",
        Editor = "editor",
    }
}

crate::text_enum! {
    /// Whether a membership was accepted.
    pub enum MembershipState ("membership state") {
        Invited = "invited",
        Active = "active",
    }
}

// The names call sites have always used, now typed.
pub const ROLE_ADMIN: MemberRole = MemberRole::Admin;
pub const ROLE_EDITOR: MemberRole = MemberRole::Editor;
pub const STATE_INVITED: MembershipState = MembershipState::Invited;
pub const STATE_ACTIVE: MembershipState = MembershipState::Active;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: i64,
    pub actor_id: i64,
    pub user_id: i64,
    pub role: MemberRole,
    pub state: MembershipState,
    pub invited_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Membership {
    pub fn is_active(&self) -> bool {
        self.state == STATE_ACTIVE
    }

    pub fn is_admin(&self) -> bool {
        self.is_active() && self.role == ROLE_ADMIN
    }

    /// Creates a membership or changes the role and state of an existing one.
    pub async fn upsert(
        conn: &mut DbConn,
        actor_id: i64,
        user_id: i64,
        role: MemberRole,
        state: MembershipState,
        invited_by: Option<i64>,
    ) -> DbResult<Membership> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(memberships::table)
            .values((
                memberships::actor_id.eq(actor_id),
                memberships::user_id.eq(user_id),
                memberships::role.eq(role),
                memberships::state.eq(state),
                memberships::invited_by.eq(invited_by),
                memberships::created_at.eq(now),
                memberships::updated_at.eq(now),
            ))
            .on_conflict((memberships::actor_id, memberships::user_id))
            .do_update()
            .set((
                memberships::role.eq(role),
                memberships::state.eq(state),
                memberships::updated_at.eq(now),
            ))
            .returning(Membership::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn find(
        conn: &mut DbConn,
        actor_id: i64,
        user_id: i64,
    ) -> DbResult<Option<Membership>> {
        Ok(db_run!(conn, |c| memberships::table
            .filter(memberships::actor_id.eq(actor_id))
            .filter(memberships::user_id.eq(user_id))
            .select(Membership::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn set_state(conn: &mut DbConn, id: i64, state: MembershipState) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(memberships::table.find(id))
            .set((
                memberships::state.eq(state),
                memberships::updated_at.eq(now)
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(memberships::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The members of a project or organisation (active and invited), with their accounts.
    pub async fn of_actor(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<(Membership, User)>> {
        Ok(db_run!(conn, |c| memberships::table
            .inner_join(users::table.on(users::id.eq(memberships::user_id)))
            .filter(memberships::actor_id.eq(actor_id))
            .order(memberships::id)
            .select((Membership::as_select(), User::as_select()))
            .load(c)
            .await)?)
    }

    /// The projects and organisations a member belongs to or is invited to.
    pub async fn of_user(conn: &mut DbConn, user_id: i64) -> DbResult<Vec<(Membership, Actor)>> {
        Ok(db_run!(conn, |c| memberships::table
            .inner_join(actors::table.on(actors::id.eq(memberships::actor_id)))
            .filter(memberships::user_id.eq(user_id))
            .order(memberships::id)
            .select((Membership::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// Active admins of an entry (the last one may not leave).
    pub async fn count_admins(conn: &mut DbConn, actor_id: i64) -> DbResult<i64> {
        Ok(db_run!(conn, |c| memberships::table
            .filter(memberships::actor_id.eq(actor_id))
            .filter(memberships::role.eq(ROLE_ADMIN))
            .filter(memberships::state.eq(STATE_ACTIVE))
            .count()
            .get_result(c)
            .await)?)
    }

    pub async fn delete_all(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            memberships::table.filter(memberships::actor_id.eq(actor_id))
        )
        .execute(c)
        .await)?;
        Ok(())
    }
}
