//! The full-text index of people, communities, events and threads (the directory has its
//! own, `directory_index`, because its filters and facets join on it) and funding calls:
//! FTS5 on SQLite, a `tsvector` on PostgreSQL, one document per row, written whenever the row
//! is. A document's id is the row's id times eight plus its kind, so one table serves every kind and a row is
//! replaced by its id. What a hit may show (public, not deleted, discoverable) is checked
//! against the row itself when searching, so a stale document never shows anything.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::funding_call::FundingCall;
use crate::db::models::post::Post;
use crate::db::models::resource::Resource;
use crate::db::models::search_terms::{document, text_query, Word};
use crate::db::{DbConn, DbResult};
use diesel::sql_types::{BigInt, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;

/// What a document stands for: the low three bits of its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexed {
    Actor = 0,
    Event = 1,
    Post = 2,
    Call = 3,
    Resource = 4,
}

/// Kinds a document id leaves room for.
const KINDS: i64 = 8;

fn doc_id(kind: Indexed, id: i64) -> i64 {
    id * KINDS + kind as i64
}

/// Writes the document `doc_id(kind, id)`: a name, weighing most, and a body.
async fn write(
    conn: &mut DbConn,
    kind: Indexed,
    id: i64,
    name: &str,
    body: &str,
    languages: &[&str],
) -> DbResult<()> {
    let (name, body) = (document(name, languages), document(body, languages));
    let id = doc_id(kind, id);
    // One statement that replaces: a delete and an insert raced when two updates of one
    // actor were applied at once, and the second insert broke the unique id.
    match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query(
                "INSERT OR REPLACE INTO search_documents (rowid, name, body) VALUES (?, ?, ?)",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&name)
            .bind::<Text, _>(&body)
            .execute(&mut **c)
            .await?;
        }
        DbConn::Postgres(c) => {
            diesel::sql_query(
                "INSERT INTO search_documents (id, document) VALUES ($1, \
                 setweight(to_tsvector('simple', $2), 'A') || \
                 setweight(to_tsvector('simple', $3), 'C')) \
                 ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&name)
            .bind::<Text, _>(&body)
            .execute(&mut ***c)
            .await?;
        }
    }
    Ok(())
}

async fn remove_doc(conn: &mut DbConn, id: i64) -> DbResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query("DELETE FROM search_documents WHERE rowid = ?")
                .bind::<BigInt, _>(id)
                .execute(&mut **c)
                .await?;
        }
        DbConn::Postgres(c) => {
            diesel::sql_query("DELETE FROM search_documents WHERE id = $1")
                .bind::<BigInt, _>(id)
                .execute(&mut ***c)
                .await?;
        }
    }
    Ok(())
}

/// Drops the document of a row that is gone.
pub async fn remove(conn: &mut DbConn, kind: Indexed, id: i64) -> DbResult<()> {
    remove_doc(conn, doc_id(kind, id)).await
}

/// An actor (person, community, project or organisation): its names and its summary.
pub async fn index_actor(conn: &mut DbConn, actor: &Actor) -> DbResult<()> {
    let name = format!("{} {} {}", actor.display_name, actor.username, actor.domain);
    let body = crate::text::plain_text_words(&actor.summary);
    write(conn, Indexed::Actor, actor.id, &name, &body, &[]).await
}

/// An event: its title, then its description and place, in its language.
pub async fn index_event(conn: &mut DbConn, event: &Event) -> DbResult<()> {
    let body = format!(
        "{} {} {}",
        crate::text::plain_text_words(&event.description_html),
        event.place_name,
        event.address
    );
    let languages: Vec<&str> = event.language.iter().map(String::as_str).collect();
    write(
        conn,
        Indexed::Event,
        event.id,
        &event.title,
        &body,
        &languages,
    )
    .await
}

/// A funding call: its title, then its summary, description and contact, in its languages.
pub async fn index_call(conn: &mut DbConn, call: &FundingCall) -> DbResult<()> {
    let body = format!(
        "{} {} {}",
        call.summary,
        crate::text::plain_text_words(&call.description_html),
        call.contact
    );
    let languages: Vec<String> = FundingCall::tags(conn, call.id)
        .await?
        .into_iter()
        .filter(|(f, _)| f == crate::db::models::funding_call::FACET_LANGUAGE)
        .map(|(_, v)| v)
        .collect();
    let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
    write(conn, Indexed::Call, call.id, &call.title, &body, &languages).await
}

/// A knowledge resource: its title, then its summary and text, in its languages.
pub async fn index_resource(conn: &mut DbConn, resource: &Resource) -> DbResult<()> {
    let body = format!(
        "{} {}",
        resource.summary,
        crate::text::plain_text_words(&resource.body_html),
    );
    let languages: Vec<String> = Resource::tags(conn, resource.id)
        .await?
        .into_iter()
        .filter(|(f, _)| f == crate::db::models::resource::FACET_LANGUAGE)
        .map(|(_, v)| v)
        .collect();
    let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
    write(
        conn,
        Indexed::Resource,
        resource.id,
        &resource.title,
        &body,
        &languages,
    )
    .await
}

/// A thread's first post: its title and text, in its language. Replies and other posts
/// are not indexed; a post that stops being a thread loses its document.
pub async fn index_post(conn: &mut DbConn, post: &Post) -> DbResult<()> {
    let is_thread = post.community_id.is_some() && post.thread_id.is_none();
    if !is_thread || post.deleted_at.is_some() {
        return remove(conn, Indexed::Post, post.id).await;
    }
    let name = post.name.clone().unwrap_or_default();
    let body = format!(
        "{} {}",
        post.summary,
        crate::text::plain_text_words(&post.content_html)
    );
    let languages: Vec<&str> = post.language.iter().map(String::as_str).collect();
    write(conn, Indexed::Post, post.id, &name, &body, &languages).await
}

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Ids of the rows of `kind` whose documents match all `words`, best first (bm25 weighs
/// names 10 to 1; ts_rank weighs A 1.0 and C 0.2). At most `limit`.
pub async fn matches(
    conn: &mut DbConn,
    kind: Indexed,
    words: &[Word],
    limit: i64,
) -> DbResult<Vec<i64>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let k = kind as i64;
    let hits: Vec<Hit> = match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query(format!(
                "SELECT rowid AS id FROM search_documents \
                 WHERE search_documents MATCH ? AND rowid % {KINDS} = {k} \
                 ORDER BY bm25(search_documents, 10.0, 1.0), rowid LIMIT {limit}"
            ))
            .bind::<Text, _>(text_query(words, false))
            .load(&mut **c)
            .await?
        }
        DbConn::Postgres(c) => {
            diesel::sql_query(format!(
                "SELECT id FROM search_documents, to_tsquery('simple', $1) query \
                 WHERE document @@ query AND id % {KINDS} = {k} \
                 ORDER BY ts_rank(document, query) DESC, id LIMIT {limit}"
            ))
            .bind::<Text, _>(text_query(words, true))
            .load(&mut ***c)
            .await?
        }
    };
    Ok(hits.into_iter().map(|h| (h.id - k) / KINDS).collect())
}

/// Ids of the rows of `kind` whose documents match all `words`, unranked (for lists that
/// order by something else). At most `limit`.
pub async fn matches_unranked(
    conn: &mut DbConn,
    kind: Indexed,
    words: &[Word],
    limit: i64,
) -> DbResult<Vec<i64>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let k = kind as i64;
    let hits: Vec<Hit> = match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query(format!(
                "SELECT rowid AS id FROM search_documents \
                 WHERE search_documents MATCH ? AND rowid % {KINDS} = {k} LIMIT {limit}"
            ))
            .bind::<Text, _>(text_query(words, false))
            .load(&mut **c)
            .await?
        }
        DbConn::Postgres(c) => {
            diesel::sql_query(format!(
                "SELECT id FROM search_documents \
                 WHERE document @@ to_tsquery('simple', $1) AND id % {KINDS} = {k} LIMIT {limit}"
            ))
            .bind::<Text, _>(text_query(words, true))
            .load(&mut ***c)
            .await?
        }
    };
    Ok(hits.into_iter().map(|h| (h.id - k) / KINDS).collect())
}

/// Empties this index and the directory's, before they are written again from the rows.
pub async fn clear(conn: &mut DbConn) -> DbResult<()> {
    for table in ["search_documents", "directory_search"] {
        let sql = format!("DELETE FROM {table}");
        match conn {
            DbConn::Sqlite(c) => {
                diesel::sql_query(sql).execute(&mut **c).await?;
            }
            DbConn::Postgres(c) => {
                diesel::sql_query(sql).execute(&mut ***c).await?;
            }
        }
    }
    Ok(())
}

/// Bumped whenever documents are made differently: a hub rewrites both indexes at start
/// when the one it stored was made by another version (or by none, after the upgrade
/// that brought stems).
const VERSION: &str = "3";
const VERSION_KEY: &str = "search_index_version";

/// Rewrites the directory's index and this one from the rows, if they were made otherwise.
/// Returns whether it did.
pub async fn ensure_current(conn: &mut DbConn) -> DbResult<bool> {
    use crate::db::models::instance_setting::InstanceSetting;
    let stored = InstanceSetting::all(conn).await?.remove(VERSION_KEY);
    if stored.as_deref() == Some(VERSION) {
        return Ok(false);
    }
    rebuild(conn).await?;
    InstanceSetting::set(conn, VERSION_KEY, VERSION).await?;
    Ok(true)
}

/// Rows read at a time while rebuilding.
const BATCH: i64 = 500;

async fn rebuild(conn: &mut DbConn) -> DbResult<()> {
    use crate::db::db_run;
    use crate::db::models::entry::DirectoryEntry;
    use crate::db::schema::{actors, directory_entries, events, funding_calls, posts, resources};
    use diesel::{ExpressionMethods, QueryDsl, SelectableHelper};
    clear(conn).await?;
    let mut after = 0i64;
    loop {
        let rows: Vec<Actor> = db_run!(conn, |c| actors::table
            .filter(actors::id.gt(after))
            .order(actors::id)
            .limit(BATCH)
            .select(Actor::as_select())
            .load(c)
            .await)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for actor in &rows {
            index_actor(conn, actor).await?;
        }
    }
    after = 0;
    loop {
        let rows: Vec<(DirectoryEntry, Actor)> = db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(directory_entries::actor_id.gt(after))
            .order(directory_entries::actor_id)
            .limit(BATCH)
            .select((DirectoryEntry::as_select(), Actor::as_select()))
            .load(c)
            .await)?;
        let Some((last, _)) = rows.last() else { break };
        after = last.actor_id;
        for (entry, actor) in &rows {
            let tags = DirectoryEntry::tags(conn, actor.id).await?;
            crate::db::models::directory_index::index(conn, actor, entry, &tags).await?;
        }
    }
    after = 0;
    loop {
        let rows: Vec<Event> = db_run!(conn, |c| events::table
            .filter(events::id.gt(after))
            .order(events::id)
            .limit(BATCH)
            .select(Event::as_select())
            .load(c)
            .await)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for event in &rows {
            index_event(conn, event).await?;
        }
    }
    after = 0;
    loop {
        let rows: Vec<FundingCall> = db_run!(conn, |c| funding_calls::table
            .filter(funding_calls::id.gt(after))
            .order(funding_calls::id)
            .limit(BATCH)
            .select(FundingCall::as_select())
            .load(c)
            .await)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for call in &rows {
            index_call(conn, call).await?;
        }
    }
    after = 0;
    loop {
        let rows: Vec<Resource> = db_run!(conn, |c| resources::table
            .filter(resources::id.gt(after))
            .order(resources::id)
            .limit(BATCH)
            .select(Resource::as_select())
            .load(c)
            .await)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for resource in &rows {
            index_resource(conn, resource).await?;
        }
    }
    after = 0;
    loop {
        let rows: Vec<Post> = db_run!(conn, |c| posts::table
            .filter(posts::id.gt(after))
            .filter(posts::community_id.is_not_null())
            .filter(posts::thread_id.is_null())
            .order(posts::id)
            .limit(BATCH)
            .select(Post::as_select())
            .load(c)
            .await)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for post in &rows {
            index_post(conn, post).await?;
        }
    }
    Ok(())
}

// ----- What a hit may show -----
//
// Each kind is counted on ids and flags alone; full rows are read only for the few hits a
// results page shows (reading hundreds of actors or posts per search cost tens of ms).

/// The ids of `found` (rows or ids) in the order of `ids` (the order of relevance).
fn in_order<T>(ids: &[i64], found: Vec<T>, id: impl Fn(&T) -> i64) -> Vec<T> {
    let mut by_id: std::collections::HashMap<i64, T> =
        found.into_iter().map(|r| (id(&r), r)).collect();
    ids.iter().filter_map(|i| by_id.remove(i)).collect()
}

/// What one kind found: the hits shown (at most the `shown` asked for) and how many match.
pub struct Found<T> {
    pub shown: Vec<T>,
    pub total: i64,
}

/// The communities and the discoverable people among `ids`, each in the order of `ids`.
pub async fn communities_and_people(
    conn: &mut DbConn,
    ids: &[i64],
    shown_communities: usize,
    shown_people: usize,
) -> DbResult<(Found<Actor>, Found<Actor>)> {
    use crate::db::db_run;
    use crate::db::schema::{actors, communities};
    use diesel::{ExpressionMethods, QueryDsl};
    let visible: Vec<(i64, String)> = db_run!(conn, |c| actors::table
        .filter(actors::id.eq_any(ids))
        .filter(actors::discoverable.eq(true))
        .filter(actors::domain_limited.eq(false))
        .filter(actors::standing.eq("ok"))
        .select((actors::id, actors::kind))
        .load(c)
        .await)?;
    let groups: std::collections::HashSet<i64> = db_run!(conn, |c| communities::table
        .filter(communities::actor_id.eq_any(ids))
        .select(communities::actor_id)
        .load::<i64>(c)
        .await)?
    .into_iter()
    .collect();
    let visible = in_order(ids, visible, |(id, _)| *id);
    let community_ids: Vec<i64> = (visible.iter().map(|(id, _)| *id))
        .filter(|id| groups.contains(id))
        .collect();
    let people_ids: Vec<i64> = (visible.iter())
        .filter(|(id, kind)| !groups.contains(id) && kind == "Person")
        .map(|(id, _)| *id)
        .collect();
    let found = |wanted: &[i64], n: usize| {
        let shown: Vec<i64> = wanted.iter().take(n).copied().collect();
        (shown, wanted.len() as i64)
    };
    let (c_shown, c_total) = found(&community_ids, shown_communities);
    let (p_shown, p_total) = found(&people_ids, shown_people);
    let wanted: Vec<i64> = c_shown.iter().chain(&p_shown).copied().collect();
    let rows = Actor::find_many(conn, &wanted).await?;
    let mut rows: std::collections::HashMap<i64, Actor> =
        rows.into_iter().map(|a| (a.id, a)).collect();
    let mut take = |ids: &[i64]| ids.iter().filter_map(|i| rows.remove(i)).collect();
    Ok((
        Found {
            shown: take(&c_shown),
            total: c_total,
        },
        Found {
            shown: take(&p_shown),
            total: p_total,
        },
    ))
}

/// The events among `ids`, in that order.
pub async fn events(conn: &mut DbConn, ids: &[i64], shown: usize) -> DbResult<Found<Event>> {
    use crate::db::db_run;
    use crate::db::schema::{actors, events};
    use diesel::{ExpressionMethods, JoinOnDsl, QueryDsl, SelectableHelper};
    // Events of limited organisers (by a domain block or an admin) are not found.
    let existing: Vec<i64> = db_run!(conn, |c| events::table
        .inner_join(actors::table.on(actors::id.eq(events::organizer_id)))
        .filter(events::id.eq_any(ids))
        .filter(actors::domain_limited.eq(false))
        .filter(actors::standing.eq("ok"))
        .select(events::id)
        .load(c)
        .await)?;
    let existing = in_order(ids, existing, |id| *id);
    let wanted: Vec<i64> = existing.iter().take(shown).copied().collect();
    let rows = db_run!(conn, |c| events::table
        .filter(events::id.eq_any(&wanted))
        .select(Event::as_select())
        .load(c)
        .await)?;
    Ok(Found {
        shown: in_order(&wanted, rows, |e| e.id),
        total: existing.len() as i64,
    })
}

/// A thread found: its first post, its author and its community.
pub type ThreadHit = (Post, Actor, Option<Actor>);

/// Public, standing threads among `ids`, in that order, with authors and communities.
pub async fn threads(conn: &mut DbConn, ids: &[i64], shown: usize) -> DbResult<Found<ThreadHit>> {
    use crate::db::db_run;
    use crate::db::schema::{actors, posts};
    use diesel::{ExpressionMethods, JoinOnDsl, QueryDsl, SelectableHelper};
    let standing: Vec<i64> = db_run!(conn, |c| posts::table
        .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
        .filter(actors::domain_limited.eq(false))
        .filter(actors::standing.eq("ok"))
        .filter(posts::id.eq_any(ids))
        .filter(posts::thread_id.is_null())
        .filter(posts::deleted_at.is_null())
        .filter(posts::removed_at.is_null())
        .filter(posts::visibility.eq(crate::db::models::post::VISIBILITY_PUBLIC))
        .select(posts::id)
        .load(c)
        .await)?;
    let standing = in_order(ids, standing, |id| *id);
    let wanted: Vec<i64> = standing.iter().take(shown).copied().collect();
    let rows: Vec<(Post, Actor)> = db_run!(conn, |c| posts::table
        .inner_join(actors::table.on(actors::id.eq(posts::author_id)))
        .filter(posts::id.eq_any(&wanted))
        .select((Post::as_select(), Actor::as_select()))
        .load(c)
        .await)?;
    let community_ids: Vec<i64> = rows.iter().filter_map(|(p, _)| p.community_id).collect();
    let groups = Actor::find_many(conn, &community_ids).await?;
    let hits = rows
        .into_iter()
        .map(|(post, author)| {
            let community = groups
                .iter()
                .find(|g| Some(g.id) == post.community_id)
                .cloned();
            (post, author, community)
        })
        .collect();
    Ok(Found {
        shown: in_order(&wanted, hits, |t: &ThreadHit| t.0.id),
        total: standing.len() as i64,
    })
}
