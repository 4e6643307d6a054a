//! Directory entries: the profile of a project or organisation actor, its tags, and the
//! full-text search document kept beside it (FTS5 on SQLite, `tsvector` on PostgreSQL).

use crate::db::models::actor::Actor;
use crate::db::schema::{actors, directory_entries, directory_tags};
use crate::db::{db_run, DbConn, DbResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const KIND_PROJECT: &str = "project";
pub const KIND_ORGANISATION: &str = "organisation";

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = directory_entries, primary_key(actor_id))]
pub struct DirectoryEntry {
    pub actor_id: i64,
    pub entry_kind: String,
    pub description_source: String,
    pub description_html: String,
    pub website: Option<String>,
    pub country: Option<String>,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub status: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub social_impact: String,
    pub beneficiaries: String,
    pub org_type: Option<String>,
    pub org_size: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every field of an entry, for insert and update (local edits and remote refreshes).
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = directory_entries)]
#[diesel(treat_none_as_null = true)]
pub struct EntryForm {
    pub entry_kind: String,
    pub description_source: String,
    pub description_html: String,
    pub website: Option<String>,
    pub country: Option<String>,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub status: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub social_impact: String,
    pub beneficiaries: String,
    pub org_type: Option<String>,
    pub org_size: Option<String>,
}

/// Tags of one entry, by facet (`theme`, `focus`, `technology`, `sdg`, `language`,
/// `expertise`, `need`).
pub type Tags = Vec<(String, String)>;

impl DirectoryEntry {
    /// The ids of the newest listed entries (discoverable actors), newest first.
    ///
    /// Read newest first along `directory_entries_created` in small batches and checked
    /// against `actors`: joining first let SQLite sort the whole directory (40 ms at 20,000
    /// entries), for a list of six.
    pub async fn newest_ids(conn: &mut DbConn, limit: i64) -> DbResult<Vec<i64>> {
        let batch = (limit * 4).max(16);
        let mut out = Vec::new();
        let mut offset = 0;
        while (out.len() as i64) < limit {
            let ids: Vec<i64> = db_run!(conn, |c| directory_entries::table
                .order((
                    directory_entries::created_at.desc(),
                    directory_entries::actor_id.desc()
                ))
                .limit(batch)
                .offset(offset)
                .select(directory_entries::actor_id)
                .load(c)
                .await)?;
            let listed: Vec<i64> = db_run!(conn, |c| actors::table
                .filter(actors::id.eq_any(&ids))
                .filter(actors::discoverable.eq(true))
                .filter(actors::domain_limited.eq(false))
                .filter(actors::standing.eq("ok"))
                .select(actors::id)
                .load(c)
                .await)?;
            out.extend(ids.iter().filter(|id| listed.contains(id)));
            if (ids.len() as i64) < batch {
                break;
            }
            offset += batch;
        }
        out.truncate(limit as usize);
        Ok(out)
    }

    /// Creates or replaces the entry of `actor_id`, its tags and its search document.
    pub async fn save(
        conn: &mut DbConn,
        actor: &Actor,
        form: &EntryForm,
        tags: &Tags,
    ) -> DbResult<DirectoryEntry> {
        let now = crate::db::now();
        let actor_id = actor.id;
        let entry = db_run!(conn, |c| diesel::insert_into(directory_entries::table)
            .values((
                directory_entries::actor_id.eq(actor_id),
                form,
                directory_entries::created_at.eq(now),
                directory_entries::updated_at.eq(now),
            ))
            .on_conflict(directory_entries::actor_id)
            .do_update()
            .set((form, directory_entries::updated_at.eq(now)))
            .returning(DirectoryEntry::as_returning())
            .get_result(c)
            .await)?;
        db_run!(conn, |c| diesel::delete(
            directory_tags::table.filter(directory_tags::actor_id.eq(actor_id))
        )
        .execute(c)
        .await)?;
        // One row at a time: batch inserts are not available on SQLite through diesel-async.
        for (facet, value) in tags {
            db_run!(conn, |c| diesel::insert_into(directory_tags::table)
                .values((
                    directory_tags::actor_id.eq(actor_id),
                    directory_tags::facet.eq(facet),
                    directory_tags::value.eq(value),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await)?;
        }
        crate::db::models::directory_index::index(conn, actor, &entry, tags).await?;
        crate::db::models::directory_facets::log_change(conn, actor_id).await?;
        Ok(entry)
    }

    pub async fn find(conn: &mut DbConn, actor_id: i64) -> DbResult<Option<DirectoryEntry>> {
        Ok(db_run!(conn, |c| directory_entries::table
            .find(actor_id)
            .select(DirectoryEntry::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// A local entry by handle, with its actor.
    pub async fn find_local(
        conn: &mut DbConn,
        kind: &str,
        handle: &str,
    ) -> DbResult<Option<(DirectoryEntry, Actor)>> {
        Ok(db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(directory_entries::entry_kind.eq(kind))
            .filter(actors::is_local.eq(true))
            .filter(actors::username.eq(handle))
            .select((DirectoryEntry::as_select(), Actor::as_select()))
            .first(c)
            .await
            .optional())?)
    }

    pub async fn tags(conn: &mut DbConn, actor_id: i64) -> DbResult<Tags> {
        Ok(db_run!(conn, |c| directory_tags::table
            .filter(directory_tags::actor_id.eq(actor_id))
            .order((directory_tags::facet, directory_tags::value))
            .select((directory_tags::facet, directory_tags::value))
            .load(c)
            .await)?)
    }

    /// Removes an entry, its tags and its search document. The actor row stays, so that its
    /// handle is not taken again and the Delete sent to its followers can still be signed.
    pub async fn delete(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
        crate::db::models::directory_index::remove(conn, actor_id).await?;
        crate::db::models::directory_facets::log_change(conn, actor_id).await?;
        db_run!(conn, |c| diesel::delete(
            directory_tags::table.filter(directory_tags::actor_id.eq(actor_id))
        )
        .execute(c)
        .await)?;
        db_run!(conn, |c| diesel::delete(
            directory_entries::table.find(actor_id)
        )
        .execute(c)
        .await)?;
        Ok(())
    }
}
