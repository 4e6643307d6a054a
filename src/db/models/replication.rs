//! A project's statement that it replicates, adapts or was inspired by another project,
//! here or elsewhere. The source is kept by its actor id (`source_ap_id`), so that a
//! declaration made before this hub held the source still finds it once it arrives.

use crate::db::models::actor::Actor;
use crate::db::models::entry::KIND_PROJECT;
use crate::db::schema::{actors, directory_entries, project_replications};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = project_replications)]
pub struct Replication {
    pub id: i64,
    pub project_id: i64,
    pub source_ap_id: String,
    pub source_id: Option<i64>,
    pub relation: String,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// One declaration as written: the source's actor id, its row if held, relation and note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicationForm {
    pub source_ap_id: String,
    pub source_id: Option<i64>,
    pub relation: String,
    pub note: String,
}

impl Replication {
    /// Declares a source of `project_id`, or changes the relation and note of one declared.
    pub async fn upsert(
        conn: &mut DbConn,
        project_id: i64,
        form: &ReplicationForm,
    ) -> DbResult<Replication> {
        let now = crate::db::now();
        let form = form.clone();
        Ok(db_run!(conn, |c| diesel::insert_into(
            project_replications::table
        )
        .values((
            project_replications::project_id.eq(project_id),
            project_replications::source_ap_id.eq(&form.source_ap_id),
            project_replications::source_id.eq(form.source_id),
            project_replications::relation.eq(&form.relation),
            project_replications::note.eq(&form.note),
            project_replications::created_at.eq(now),
        ))
        .on_conflict((
            project_replications::project_id,
            project_replications::source_ap_id,
        ))
        .do_update()
        .set((
            project_replications::source_id.eq(form.source_id),
            project_replications::relation.eq(&form.relation),
            project_replications::note.eq(&form.note),
        ))
        .returning(Replication::as_returning())
        .get_result(c)
        .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Replication>> {
        Ok(db_run!(conn, |c| project_replications::table
            .find(id)
            .select(Replication::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            project_replications::table.find(id)
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Removes every declaration of a project that is deleted, here or at its origin.
    pub async fn delete_all(conn: &mut DbConn, project_id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            project_replications::table.filter(project_replications::project_id.eq(project_id))
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Every replication whose source is held here, as (project, source, relation): the
    /// network's edges. Matched by the source's id, which a remote project may name before
    /// this hub holds the source.
    pub async fn all_pairs(conn: &mut DbConn) -> DbResult<Vec<(i64, i64, String)>> {
        Ok(db_run!(conn, |c| project_replications::table
            .inner_join(actors::table.on(actors::ap_id.eq(project_replications::source_ap_id)))
            .order(project_replications::id)
            .select((
                project_replications::project_id,
                actors::id,
                project_replications::relation,
            ))
            .load(c)
            .await)?)
    }

    pub async fn count_of(conn: &mut DbConn, project_id: i64) -> DbResult<i64> {
        Ok(db_run!(conn, |c| project_replications::table
            .filter(project_replications::project_id.eq(project_id))
            .count()
            .get_result(c)
            .await)?)
    }

    /// What `project_id` declares, oldest first, each with its source's row when held.
    pub async fn sources_of(
        conn: &mut DbConn,
        project_id: i64,
    ) -> DbResult<Vec<(Replication, Option<Actor>)>> {
        Ok(db_run!(conn, |c| project_replications::table
            .left_join(actors::table.on(actors::ap_id.eq(project_replications::source_ap_id)))
            .filter(project_replications::project_id.eq(project_id))
            .order(project_replications::id)
            .select((Replication::as_select(), Option::<Actor>::as_select()))
            .load(c)
            .await)?)
    }

    /// The projects that declare `source_ap_id` as their source, oldest first.
    pub async fn replicas_of(
        conn: &mut DbConn,
        source_ap_id: &str,
    ) -> DbResult<Vec<(Replication, Actor)>> {
        let source = source_ap_id.to_string();
        Ok(db_run!(conn, |c| project_replications::table
            .inner_join(actors::table.on(actors::id.eq(project_replications::project_id)))
            .filter(project_replications::source_ap_id.eq(&source))
            .filter(actors::standing.ne("suspended"))
            .order(project_replications::id)
            .select((Replication::as_select(), Actor::as_select()))
            .load(c)
            .await)?)
    }

    /// Replaces every declaration of `project_id` (a remote project's, as its latest actor
    /// document states them). Returns whether anything changed.
    pub async fn replace_all(
        conn: &mut DbConn,
        project_id: i64,
        forms: &[ReplicationForm],
    ) -> DbResult<bool> {
        let held: Vec<ReplicationForm> = Self::sources_of(conn, project_id)
            .await?
            .into_iter()
            .map(|(r, _)| ReplicationForm {
                source_ap_id: r.source_ap_id,
                source_id: r.source_id,
                relation: r.relation,
                note: r.note,
            })
            .collect();
        if held == forms {
            return Ok(false);
        }
        db_run!(conn, |c| diesel::delete(
            project_replications::table.filter(project_replications::project_id.eq(project_id))
        )
        .execute(c)
        .await)?;
        for form in forms {
            Self::upsert(conn, project_id, form).await?;
        }
        Ok(true)
    }

    /// Actor ids of the projects some project declares as its source (the directory's
    /// "replicated" filter). Another server may name anything as a source: only projects
    /// of the directory count.
    pub async fn replicated_actor_ids(conn: &mut DbConn) -> DbResult<Vec<i64>> {
        Ok(db_run!(conn, |c| project_replications::table
            .inner_join(actors::table.on(actors::ap_id.eq(project_replications::source_ap_id)))
            .inner_join(directory_entries::table.on(directory_entries::actor_id.eq(actors::id)),)
            .filter(directory_entries::entry_kind.eq(KIND_PROJECT))
            .select(actors::id)
            .distinct()
            .load(c)
            .await)?)
    }
}
