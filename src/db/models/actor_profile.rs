//! What a profile shows beyond the actor's name and bio: extra fields (Mastodon's
//! `PropertyValue`s), languages, country, and the pictures of a remote account (a local
//! member's avatar and header are `media` rows). Kept apart from [`super::actor::Actor`],
//! which every page and activity loads, because only profiles read them.

use crate::db::schema::{actors, users};
use crate::db::{db_run, DbConn, DbResult};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};

/// One profile field: a name and a value (sanitised HTML, links allowed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = actors)]
pub struct ActorProfile {
    pub id: i64,
    pub icon_url: Option<String>,
    pub image_url: Option<String>,
    /// JSON array of [`Field`].
    pub fields: String,
    /// BCP 47 tags, space-separated.
    pub languages: String,
    pub country: Option<String>,
    /// Ids of the other accounts it says it also is, space-separated.
    pub also_known_as: String,
    /// The account it moved to.
    pub moved_to: Option<String>,
}

/// The extras as stored; `icon_url`/`image_url` only for remote accounts.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = actors)]
#[diesel(treat_none_as_null = true)]
pub struct ProfileExtras {
    pub fields: String,
    pub languages: String,
    pub country: Option<String>,
}

impl ActorProfile {
    pub async fn find(conn: &mut DbConn, actor_id: i64) -> DbResult<Option<ActorProfile>> {
        Ok(db_run!(conn, |c| actors::table
            .find(actor_id)
            .select(ActorProfile::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub fn field_list(&self) -> Vec<Field> {
        serde_json::from_str(&self.fields).unwrap_or_default()
    }

    pub fn aliases(&self) -> Vec<String> {
        self.also_known_as
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    pub async fn set_aliases(conn: &mut DbConn, actor_id: i64, ids: &[String]) -> DbResult<()> {
        let joined = ids.join(" ");
        db_run!(conn, |c| diesel::update(actors::table.find(actor_id))
            .set(actors::also_known_as.eq(joined))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn set_moved_to(conn: &mut DbConn, actor_id: i64, to: Option<&str>) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(actors::table.find(actor_id))
            .set(actors::moved_to.eq(to))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub fn language_list(&self) -> Vec<String> {
        self.languages
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    pub async fn save(conn: &mut DbConn, actor_id: i64, extras: &ProfileExtras) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(actors::table.find(actor_id))
            .set(extras)
            .execute(c)
            .await)?;
        Ok(())
    }

    /// A remote account's header picture.
    pub async fn set_image_url(
        conn: &mut DbConn,
        actor_id: i64,
        url: Option<&str>,
    ) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(actors::table.find(actor_id))
            .set(actors::image_url.eq(url))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// The Markdown a member typed as their bio (None before they typed one here).
    pub async fn bio_source(conn: &mut DbConn, user_id: i64) -> DbResult<Option<String>> {
        Ok(db_run!(conn, |c| users::table
            .find(user_id)
            .select(users::bio_source)
            .first::<Option<String>>(c)
            .await
            .optional())?
        .flatten())
    }

    pub async fn set_bio_source(conn: &mut DbConn, user_id: i64, source: &str) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(users::table.find(user_id))
            .set(users::bio_source.eq(source))
            .execute(c)
            .await)?;
        Ok(())
    }
}
