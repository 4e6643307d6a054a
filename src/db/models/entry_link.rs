//! Links between a project and the organisations (local or remote) taking part in it.

use crate::db::models::actor::Actor;
use crate::db::schema::{actors, entry_links};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = entry_links)]
pub struct EntryLink {
    pub id: i64,
    pub project_id: i64,
    pub organisation_id: i64,
    pub role: String,
    pub created_at: NaiveDateTime,
}

impl EntryLink {
    /// Links an organisation to a project, or changes its role.
    pub async fn upsert(
        conn: &mut DbConn,
        project_id: i64,
        organisation_id: i64,
        role: &str,
    ) -> DbResult<EntryLink> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(entry_links::table)
            .values((
                entry_links::project_id.eq(project_id),
                entry_links::organisation_id.eq(organisation_id),
                entry_links::role.eq(role),
                entry_links::created_at.eq(now),
            ))
            .on_conflict((entry_links::project_id, entry_links::organisation_id))
            .do_update()
            .set(entry_links::role.eq(role))
            .returning(EntryLink::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<EntryLink>> {
        Ok(db_run!(conn, |c| entry_links::table
            .find(id)
            .select(EntryLink::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(entry_links::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// A project's organisations, with their actors.
    pub async fn organisations_of(
        conn: &mut DbConn,
        project_id: i64,
    ) -> DbResult<Vec<(EntryLink, Actor)>> {
        Ok(db_run!(conn, |c| entry_links::table
            .inner_join(actors::table.on(actors::id.eq(entry_links::organisation_id)))
            .filter(entry_links::project_id.eq(project_id))
            .order(entry_links::id)
            .select((EntryLink::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// An organisation's projects, with their actors.
    pub async fn projects_of(
        conn: &mut DbConn,
        organisation_id: i64,
    ) -> DbResult<Vec<(EntryLink, Actor)>> {
        Ok(db_run!(conn, |c| entry_links::table
            .inner_join(actors::table.on(actors::id.eq(entry_links::project_id)))
            .filter(entry_links::organisation_id.eq(organisation_id))
            .order(entry_links::id)
            .select((EntryLink::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// Makes a (remote) project's links exactly `links` (organisation, role).
    pub async fn replace_all(
        conn: &mut DbConn,
        project_id: i64,
        links: &[(i64, String)],
    ) -> DbResult<()> {
        let held: Vec<(i64, String)> = db_run!(conn, |c| entry_links::table
            .filter(entry_links::project_id.eq(project_id))
            .order(entry_links::id)
            .select((entry_links::organisation_id, entry_links::role))
            .load(c)
            .await)?;
        if held == links {
            return Ok(());
        }
        db_run!(conn, |c| diesel::delete(
            entry_links::table.filter(entry_links::project_id.eq(project_id))
        )
        .execute(c)
        .await)?;
        for (org, role) in links {
            Self::upsert(conn, project_id, *org, role).await?;
        }
        Ok(())
    }

    /// Every link as (project, organisation, role): the network's edges.
    pub async fn all_pairs(conn: &mut DbConn) -> DbResult<Vec<(i64, i64, String)>> {
        Ok(db_run!(conn, |c| entry_links::table
            .order(entry_links::id)
            .select((
                entry_links::project_id,
                entry_links::organisation_id,
                entry_links::role,
            ))
            .load(c)
            .await)?)
    }

    /// Removes every link of an entry (as project or as organisation).
    pub async fn delete_all(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            entry_links::table.filter(
                entry_links::project_id
                    .eq(actor_id)
                    .or(entry_links::organisation_id.eq(actor_id))
            )
        )
        .execute(c)
        .await)?;
        Ok(())
    }
}
