//! The directory's full-text index, one document per entry: FTS5 on SQLite (rowid = actor
//! id), a weighted `tsvector` on PostgreSQL. Names weigh most, then summaries and tags,
//! then descriptions. Written with SQL because diesel knows neither. Documents are made
//! of folded words and their stems (see `search_terms`) in the entry's working languages.

use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, Tags};
use crate::db::models::search_terms::document;
use crate::db::{DbConn, DbResult};
use crate::text::plain_text_words;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;

/// The text of an entry's tags, with vocabulary codes made into words ("health-care" ->
/// "health care") so that a search for "health" finds them.
fn tag_text(tags: &Tags) -> String {
    tags.iter()
        .map(|(_, v)| v.replace('-', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces the search document of `actor`'s entry.
pub async fn index(
    conn: &mut DbConn,
    actor: &Actor,
    entry: &DirectoryEntry,
    tags: &Tags,
) -> DbResult<()> {
    let name = format!("{} {}", actor.display_name, actor.username);
    let summary = plain_text_words(&actor.summary);
    let description = format!(
        "{} {} {}",
        plain_text_words(&entry.description_html),
        entry.social_impact,
        entry.beneficiaries
    );
    let languages: Vec<&str> = tags
        .iter()
        .filter(|(facet, _)| facet == "language")
        .map(|(_, v)| v.as_str())
        .collect();
    let [name, summary, description, tags] =
        [name, summary, description, tag_text(tags)].map(|t| document(&t, &languages));
    remove(conn, actor.id).await?;
    match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query(
                "INSERT INTO directory_search (rowid, name, summary, description, tags) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind::<BigInt, _>(actor.id)
            .bind::<Text, _>(&name)
            .bind::<Text, _>(&summary)
            .bind::<Text, _>(&description)
            .bind::<Text, _>(&tags)
            .execute(&mut **c)
            .await?;
        }
        DbConn::Postgres(c) => {
            // 'simple': the words are folded and stemmed here already, as on SQLite.
            diesel::sql_query(
                "INSERT INTO directory_search (actor_id, document) VALUES ($1, \
                 setweight(to_tsvector('simple', $2), 'A') || \
                 setweight(to_tsvector('simple', $3), 'B') || \
                 setweight(to_tsvector('simple', $5), 'B') || \
                 setweight(to_tsvector('simple', $4), 'C'))",
            )
            .bind::<BigInt, _>(actor.id)
            .bind::<Text, _>(&name)
            .bind::<Text, _>(&summary)
            .bind::<Text, _>(&description)
            .bind::<Text, _>(&tags)
            .execute(&mut ***c)
            .await?;
        }
    }
    Ok(())
}

pub async fn remove(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query("DELETE FROM directory_search WHERE rowid = ?")
                .bind::<BigInt, _>(actor_id)
                .execute(&mut **c)
                .await?;
        }
        DbConn::Postgres(c) => {
            diesel::sql_query("DELETE FROM directory_search WHERE actor_id = $1")
                .bind::<BigInt, _>(actor_id)
                .execute(&mut ***c)
                .await?;
        }
    }
    Ok(())
}
