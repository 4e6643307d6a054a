//! Uploaded images of an actor, one per role (`logo`, `banner`).

use crate::db::schema::media;
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const ROLE_LOGO: &str = "logo";
pub const ROLE_BANNER: &str = "banner";

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = media)]
pub struct Media {
    pub id: i64,
    pub actor_id: i64,
    pub role: String,
    /// `<sha256>.<ext>`, under `media.dir`.
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub width: i32,
    pub height: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = media)]
pub struct MediaForm {
    pub actor_id: i64,
    pub role: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub width: i32,
    pub height: i32,
}

impl Media {
    /// Sets the image of `form.role` for `form.actor_id`, replacing an earlier one.
    pub async fn set(conn: &mut DbConn, form: &MediaForm) -> DbResult<Media> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(media::table)
            .values((form, media::created_at.eq(now)))
            .on_conflict((media::actor_id, media::role))
            .do_update()
            .set((form, media::created_at.eq(now)))
            .returning(Media::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn of_actor(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<Media>> {
        Ok(db_run!(conn, |c| media::table
            .filter(media::actor_id.eq(actor_id))
            .order(media::role)
            .select(Media::as_select())
            .load(c)
            .await)?)
    }

    /// The images of `role` of several actors (the logos on a page of cards).
    pub async fn of_actors(
        conn: &mut DbConn,
        actor_ids: &[i64],
        role: &str,
    ) -> DbResult<Vec<Media>> {
        Ok(db_run!(conn, |c| media::table
            .filter(media::actor_id.eq_any(actor_ids))
            .filter(media::role.eq(role))
            .select(Media::as_select())
            .load(c)
            .await)?)
    }

    /// Any row naming the file (files are shared between rows with the same content).
    pub async fn by_file_name(conn: &mut DbConn, file_name: &str) -> DbResult<Option<Media>> {
        Ok(db_run!(conn, |c| media::table
            .filter(media::file_name.eq(file_name))
            .select(Media::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn remove(conn: &mut DbConn, actor_id: i64, role: &str) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::delete(
            media::table
                .filter(media::actor_id.eq(actor_id))
                .filter(media::role.eq(role))
        )
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    /// Removes the rows of `actor_id` whose role starts with `prefix` (the files of a
    /// resource); their files stay while another row names them.
    pub async fn remove_prefixed(conn: &mut DbConn, actor_id: i64, prefix: &str) -> DbResult<()> {
        let pattern = format!("{}%", prefix.replace(['%', '_'], ""));
        db_run!(conn, |c| diesel::delete(
            media::table
                .filter(media::actor_id.eq(actor_id))
                .filter(media::role.like(pattern.clone()))
        )
        .execute(c)
        .await)?;
        Ok(())
    }
}
