//! Knowledge resources (issue 22), local or received: the row, its tags (themes and
//! languages), authors, related projects and attachments, and the queries of the library.

use crate::db::models::search_index::{self, Indexed};
use crate::db::schema::{
    actors, resource_attachments, resource_authors, resource_projects, resource_tags, resources,
};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const FACET_THEME: &str = "theme";
pub const FACET_LANGUAGE: &str = "language";

pub const AUTHOR_PERSON: &str = "person";
pub const AUTHOR_ORGANISATION: &str = "organisation";

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = resources)]
pub struct Resource {
    pub id: i64,
    pub ap_id: String,
    /// The key in local URLs (`/resources/{key}`), for received resources too.
    pub key: String,
    pub publisher_id: i64,
    pub creator_id: Option<i64>,
    pub is_local: bool,
    pub resource_kind: String,
    pub title: String,
    pub summary: String,
    pub body_source: String,
    pub body_html: String,
    pub licence: String,
    /// The primary language subtag the resource is written in.
    pub language: String,
    /// The ActivityPub id of the original this is a translation of.
    pub translation_of: Option<String>,
    pub url: Option<String>,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Every field of a resource row but its id, key and creation time.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = resources)]
#[diesel(treat_none_as_null = true)]
pub struct ResourceForm {
    pub ap_id: String,
    pub publisher_id: i64,
    pub creator_id: Option<i64>,
    pub is_local: bool,
    pub resource_kind: String,
    pub title: String,
    pub summary: String,
    pub body_source: String,
    pub body_html: String,
    pub licence: String,
    pub language: String,
    pub translation_of: Option<String>,
    pub url: Option<String>,
    pub published: NaiveDateTime,
    pub updated: Option<NaiveDateTime>,
}

/// An author: an actor here or elsewhere (`ap_id`), or a name alone.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct Author {
    pub ap_id: Option<String>,
    pub name: String,
    /// [`AUTHOR_PERSON`] or [`AUTHOR_ORGANISATION`].
    pub kind: String,
}

/// A file of a resource: ours name a stored media file, received ones are links.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct Attachment {
    pub url: String,
    pub media_type: String,
    pub name: String,
    pub byte_size: Option<i64>,
    pub file_name: Option<String>,
}

pub type Tags = Vec<(String, String)>;

/// The parts of a resource besides its row.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub tags: Tags,
    pub authors: Vec<Author>,
    /// ActivityPub ids of the related projects.
    pub projects: Vec<String>,
    pub attachments: Vec<Attachment>,
}

/// What the library narrows by; every field optional.
#[derive(Debug, Clone, Default)]
pub struct ResourceFilter {
    /// Rows a text search found (None: no search).
    pub ids: Option<Vec<i64>>,
    pub kind: Option<String>,
    pub theme: Option<String>,
    /// A primary language subtag the resource is written in (or translated into).
    pub language: Option<String>,
    pub licence: Option<String>,
    pub publisher_id: Option<i64>,
    /// Resources related to this project (its ActivityPub id).
    pub project: Option<String>,
    /// Resources by this author (an ActivityPub id).
    pub author: Option<String>,
    pub local_only: bool,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f: &ResourceFilter = $f;
        let mut q = resources::table.into_boxed();
        if let Some(ids) = &f.ids {
            q = q.filter(resources::id.eq_any(ids.clone()));
        }
        if let Some(k) = &f.kind {
            q = q.filter(resources::resource_kind.eq(k.clone()));
        }
        if let Some(l) = &f.licence {
            q = q.filter(resources::licence.eq(l.clone()));
        }
        if let Some(t) = &f.theme {
            q = q.filter(
                resources::id.eq_any(
                    resource_tags::table
                        .filter(resource_tags::facet.eq(FACET_THEME))
                        .filter(resource_tags::value.eq(t.clone()))
                        .select(resource_tags::resource_id),
                ),
            );
        }
        if let Some(l) = &f.language {
            q = q.filter(
                resources::id.eq_any(
                    resource_tags::table
                        .filter(resource_tags::facet.eq(FACET_LANGUAGE))
                        .filter(resource_tags::value.eq(l.clone()))
                        .select(resource_tags::resource_id),
                ),
            );
        }
        if let Some(p) = &f.project {
            q = q.filter(
                resources::id.eq_any(
                    resource_projects::table
                        .filter(resource_projects::project_ap_id.eq(p.clone()))
                        .select(resource_projects::resource_id),
                ),
            );
        }
        if let Some(a) = &f.author {
            q = q.filter(
                resources::id.eq_any(
                    resource_authors::table
                        .filter(resource_authors::ap_id.eq(a.clone()))
                        .select(resource_authors::resource_id),
                ),
            );
        }
        if let Some(id) = f.publisher_id {
            q = q.filter(resources::publisher_id.eq(id));
        } else {
            // Public lists leave out limited publishers, as the calls page does.
            q = q.filter(diesel::dsl::not(
                resources::publisher_id.eq_any(
                    actors::table
                        .filter(
                            actors::domain_limited
                                .eq(true)
                                .or(actors::standing.ne("ok")),
                        )
                        .select(actors::id),
                ),
            ));
        }
        if f.local_only {
            q = q.filter(resources::is_local.eq(true));
        }
        q
    }};
}

impl Resource {
    /// Inserts a resource with its parts; `None` when one with the same `ap_id` exists.
    pub async fn insert(
        conn: &mut DbConn,
        key: &str,
        form: &ResourceForm,
        parts: &Parts,
    ) -> DbResult<Option<Resource>> {
        let now = crate::db::now();
        let row = db_run!(conn, |c| diesel::insert_into(resources::table)
            .values((form, resources::key.eq(key), resources::created_at.eq(now)))
            .on_conflict(resources::ap_id)
            .do_nothing()
            .returning(Resource::as_returning())
            .get_result(c)
            .await
            .optional())?;
        if let Some(row) = &row {
            Self::set_parts(conn, row.id, parts).await?;
            search_index::index_resource(conn, row).await?;
        }
        Ok(row)
    }

    /// Replaces a resource's fields and parts.
    pub async fn replace(
        conn: &mut DbConn,
        id: i64,
        form: &ResourceForm,
        parts: &Parts,
    ) -> DbResult<Resource> {
        let row = db_run!(conn, |c| diesel::update(resources::table.find(id))
            .set(form)
            .returning(Resource::as_returning())
            .get_result(c)
            .await)?;
        Self::set_parts(conn, id, parts).await?;
        search_index::index_resource(conn, &row).await?;
        Ok(row)
    }

    async fn set_parts(conn: &mut DbConn, id: i64, parts: &Parts) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            resource_tags::table.filter(resource_tags::resource_id.eq(id))
        )
        .execute(c)
        .await)?;
        db_run!(conn, |c| diesel::delete(
            resource_authors::table.filter(resource_authors::resource_id.eq(id))
        )
        .execute(c)
        .await)?;
        db_run!(conn, |c| diesel::delete(
            resource_projects::table.filter(resource_projects::resource_id.eq(id))
        )
        .execute(c)
        .await)?;
        Self::set_attachments(conn, id, &parts.attachments).await?;
        // One row at a time: batch inserts are not available on SQLite through diesel-async.
        for (facet, value) in &parts.tags {
            db_run!(conn, |c| diesel::insert_into(resource_tags::table)
                .values((
                    resource_tags::resource_id.eq(id),
                    resource_tags::facet.eq(facet),
                    resource_tags::value.eq(value),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await)?;
        }
        for (position, a) in parts.authors.iter().enumerate() {
            db_run!(conn, |c| diesel::insert_into(resource_authors::table)
                .values((
                    resource_authors::resource_id.eq(id),
                    resource_authors::position.eq(position as i32),
                    resource_authors::ap_id.eq(&a.ap_id),
                    resource_authors::name.eq(&a.name),
                    resource_authors::author_kind.eq(&a.kind),
                ))
                .execute(c)
                .await)?;
        }
        for p in &parts.projects {
            db_run!(conn, |c| diesel::insert_into(resource_projects::table)
                .values((
                    resource_projects::resource_id.eq(id),
                    resource_projects::project_ap_id.eq(p),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await)?;
        }
        Ok(())
    }

    /// Replaces the attachments alone (a file added or removed).
    pub async fn set_attachments(
        conn: &mut DbConn,
        id: i64,
        attachments: &[Attachment],
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            resource_attachments::table.filter(resource_attachments::resource_id.eq(id))
        )
        .execute(c)
        .await)?;
        for (position, a) in attachments.iter().enumerate() {
            db_run!(conn, |c| diesel::insert_into(resource_attachments::table)
                .values((
                    resource_attachments::resource_id.eq(id),
                    resource_attachments::position.eq(position as i32),
                    resource_attachments::url.eq(&a.url),
                    resource_attachments::media_type.eq(&a.media_type),
                    resource_attachments::name.eq(&a.name),
                    resource_attachments::byte_size.eq(a.byte_size),
                    resource_attachments::file_name.eq(&a.file_name),
                ))
                .execute(c)
                .await)?;
        }
        Ok(())
    }

    /// Marks a resource edited now (a file added or removed), returning the new row.
    pub async fn touch(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> DbResult<Resource> {
        Ok(db_run!(conn, |c| diesel::update(
            resources::table.find(id)
        )
        .set(resources::updated.eq(Some(at)))
        .returning(Resource::as_returning())
        .get_result(c)
        .await)?)
    }

    pub async fn tags(conn: &mut DbConn, id: i64) -> DbResult<Tags> {
        Ok(db_run!(conn, |c| resource_tags::table
            .filter(resource_tags::resource_id.eq(id))
            .order((resource_tags::facet, resource_tags::value))
            .select((resource_tags::facet, resource_tags::value))
            .load(c)
            .await)?)
    }

    /// The parts of several resources at once (lists, pages, the wire).
    pub async fn parts_of(
        conn: &mut DbConn,
        ids: &[i64],
    ) -> DbResult<std::collections::HashMap<i64, Parts>> {
        let ids = ids.to_vec();
        let tags: Vec<(i64, String, String)> = db_run!(conn, |c| resource_tags::table
            .filter(resource_tags::resource_id.eq_any(ids.clone()))
            .order((
                resource_tags::resource_id,
                resource_tags::facet,
                resource_tags::value
            ))
            .select((
                resource_tags::resource_id,
                resource_tags::facet,
                resource_tags::value
            ))
            .load(c)
            .await)?;
        let authors: Vec<(i64, Option<String>, String, String)> =
            db_run!(conn, |c| resource_authors::table
                .filter(resource_authors::resource_id.eq_any(ids.clone()))
                .order((resource_authors::resource_id, resource_authors::position))
                .select((
                    resource_authors::resource_id,
                    resource_authors::ap_id,
                    resource_authors::name,
                    resource_authors::author_kind
                ))
                .load(c)
                .await)?;
        let projects: Vec<(i64, String)> = db_run!(conn, |c| resource_projects::table
            .filter(resource_projects::resource_id.eq_any(ids.clone()))
            .order((
                resource_projects::resource_id,
                resource_projects::project_ap_id
            ))
            .select((
                resource_projects::resource_id,
                resource_projects::project_ap_id
            ))
            .load(c)
            .await)?;
        type AttachmentRow = (i64, String, String, String, Option<i64>, Option<String>);
        let attachments: Vec<AttachmentRow> = db_run!(conn, |c| resource_attachments::table
            .filter(resource_attachments::resource_id.eq_any(ids.clone()))
            .order((
                resource_attachments::resource_id,
                resource_attachments::position
            ))
            .select((
                resource_attachments::resource_id,
                resource_attachments::url,
                resource_attachments::media_type,
                resource_attachments::name,
                resource_attachments::byte_size,
                resource_attachments::file_name
            ))
            .load(c)
            .await)?;
        let mut out: std::collections::HashMap<i64, Parts> =
            ids.iter().map(|id| (*id, Parts::default())).collect();
        for (id, facet, value) in tags {
            out.entry(id).or_default().tags.push((facet, value));
        }
        for (id, ap_id, name, kind) in authors {
            out.entry(id)
                .or_default()
                .authors
                .push(Author { ap_id, name, kind });
        }
        for (id, p) in projects {
            out.entry(id).or_default().projects.push(p);
        }
        for (id, url, media_type, name, byte_size, file_name) in attachments {
            out.entry(id).or_default().attachments.push(Attachment {
                url,
                media_type,
                name,
                byte_size,
                file_name,
            });
        }
        Ok(out)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Resource>> {
        Ok(db_run!(conn, |c| resources::table
            .find(id)
            .select(Resource::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_key(conn: &mut DbConn, key: &str) -> DbResult<Option<Resource>> {
        Ok(db_run!(conn, |c| resources::table
            .filter(resources::key.eq(key))
            .select(Resource::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find_by_ap_id(conn: &mut DbConn, ap_id: &str) -> DbResult<Option<Resource>> {
        Ok(db_run!(conn, |c| resources::table
            .filter(resources::ap_id.eq(ap_id))
            .select(Resource::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// The original and every translation of it (`root` is the original's id).
    pub async fn translations(conn: &mut DbConn, root: &str) -> DbResult<Vec<Resource>> {
        let root = root.to_string();
        Ok(db_run!(conn, |c| resources::table
            .filter(
                resources::ap_id
                    .eq(root.clone())
                    .or(resources::translation_of.eq(root.clone()))
            )
            .order((resources::language, resources::id))
            .limit(50)
            .select(Resource::as_select())
            .load(c)
            .await)?)
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        search_index::remove(conn, Indexed::Resource, id).await?;
        db_run!(conn, |c| diesel::delete(resources::table.find(id))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Every resource of a publisher (for its deletion).
    pub async fn of_publisher(conn: &mut DbConn, publisher_id: i64) -> DbResult<Vec<Resource>> {
        Ok(db_run!(conn, |c| resources::table
            .filter(resources::publisher_id.eq(publisher_id))
            .order(resources::id)
            .select(Resource::as_select())
            .load(c)
            .await)?)
    }

    pub async fn count(conn: &mut DbConn, filter: &ResourceFilter) -> DbResult<i64> {
        Ok(db_run!(conn, |c| filtered!(filter)
            .count()
            .get_result::<i64>(c)
            .await)?)
    }

    /// One page of matching resources, newest first: ids on the listing index, then the
    /// page's rows.
    pub async fn page(
        conn: &mut DbConn,
        filter: &ResourceFilter,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<Resource>> {
        let ids: Vec<i64> = db_run!(conn, |c| filtered!(filter)
            .order((resources::published.desc(), resources::id.desc()))
            .limit(limit)
            .offset(offset)
            .select(resources::id)
            .load(c)
            .await)?;
        let rows: Vec<Resource> = db_run!(conn, |c| resources::table
            .filter(resources::id.eq_any(ids.clone()))
            .select(Resource::as_select())
            .load(c)
            .await)?;
        let mut by_id: std::collections::HashMap<i64, Resource> =
            rows.into_iter().map(|r| (r.id, r)).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// How many resources of each value of a facet the filter leaves (the library's facet
    /// counts): `column` is `kind`, `licence`, or a tag facet.
    pub async fn facet_counts(
        conn: &mut DbConn,
        filter: &ResourceFilter,
        facet: &str,
    ) -> DbResult<Vec<(String, i64)>> {
        let ids: Vec<i64> = db_run!(conn, |c| filtered!(filter)
            .select(resources::id)
            .limit(20_000)
            .load(c)
            .await)?;
        let rows: Vec<(String, i64)> = match facet {
            "kind" | "licence" => {
                let kinds: Vec<(String, String)> = db_run!(conn, |c| resources::table
                    .filter(resources::id.eq_any(ids.clone()))
                    .select((resources::resource_kind, resources::licence))
                    .load(c)
                    .await)?;
                let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
                for (k, l) in kinds {
                    *counts
                        .entry(if facet == "kind" { k } else { l })
                        .or_default() += 1;
                }
                counts.into_iter().collect()
            }
            tag => {
                let tag = tag.to_string();
                let values: Vec<String> = db_run!(conn, |c| resource_tags::table
                    .filter(resource_tags::facet.eq(tag.clone()))
                    .filter(resource_tags::resource_id.eq_any(ids.clone()))
                    .select(resource_tags::value)
                    .load(c)
                    .await)?;
                let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
                for v in values {
                    *counts.entry(v).or_default() += 1;
                }
                counts.into_iter().collect()
            }
        };
        Ok(rows)
    }
}
