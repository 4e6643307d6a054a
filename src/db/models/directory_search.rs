//! Directory searches: relevance-ranked full text (see `directory_index`), then filters,
//! order and facet counts (see `directory_facets`), and who can help an organisation.

use crate::db::models::actor::Actor;
use crate::db::models::directory_facets::{FacetCache, Filters, COLUMN_FACETS};
use crate::db::models::directory_view::View;
use crate::db::models::entry::{DirectoryEntry, Tags, KIND_ORGANISATION};
use crate::db::models::search_terms::{text_query, words, Word};
use crate::db::schema::{actors, directory_entries, directory_tags};
use crate::db::{db_run, DbConn, DbResult};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text};
use diesel::sqlite::Sqlite;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;

/// A directory search. Values are validated by the caller; any text is safe here, since
/// values are bound and the words are reduced as above.
#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// Words to find, all of them; ranked by relevance when there are any.
    pub text: String,
    pub kind: Option<String>,
    pub countries: Vec<String>,
    pub statuses: Vec<String>,
    pub org_types: Vec<String>,
    /// `(facet, value)`: an entry needs one of the listed values of every facet listed.
    pub tags: Vec<(String, String)>,
    pub local_only: bool,
    /// Only projects that some project replicates, adapts or was inspired by.
    pub replicated_only: bool,
    pub limit: i64,
    pub offset: i64,
    /// Also count the matching entries per facet value (pages do, exports do not).
    pub facets: bool,
}

/// One matching entry with everything a listing shows.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub actor: Actor,
    pub entry: DirectoryEntry,
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct FacetCount {
    #[diesel(sql_type = Text)]
    pub facet: String,
    #[diesel(sql_type = Text)]
    pub value: String,
    #[diesel(sql_type = BigInt, column_name = n)]
    pub count: i64,
}

#[derive(Debug, Clone)]
pub struct SearchPage {
    pub total: i64,
    pub hits: Vec<SearchHit>,
    pub facets: Vec<FacetCount>,
}

/// SQL text with its text binds in order, numbered `$n` for PostgreSQL and `?` for SQLite.
/// Numbers are written into the text: formatted integers cannot carry SQL.
struct Sql {
    text: String,
    binds: Vec<String>,
    pg: bool,
}

impl Sql {
    fn new(conn: &DbConn) -> Sql {
        Sql {
            text: String::new(),
            binds: Vec::new(),
            pg: matches!(conn, DbConn::Postgres(_)),
        }
    }

    fn push(&mut self, sql: &str) -> &mut Sql {
        self.text.push_str(sql);
        self
    }

    fn text(&mut self, value: &str) -> &mut Sql {
        self.binds.push(value.to_string());
        if self.pg {
            self.text.push_str(&format!("${}", self.binds.len()));
        } else {
            self.text.push('?');
        }
        self
    }

    /// `(v1, v2, ...)`; callers never pass an empty list.
    fn list<S: AsRef<str>>(&mut self, values: &[S]) -> &mut Sql {
        self.push("(");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.text(v.as_ref());
        }
        self.push(")")
    }
}

async fn load<R>(conn: &mut DbConn, sql: Sql) -> DbResult<Vec<R>>
where
    R: QueryableByName<Pg> + QueryableByName<Sqlite> + Send + 'static,
{
    match conn {
        DbConn::Sqlite(c) => {
            let mut q = diesel::sql_query(sql.text).into_boxed::<Sqlite>();
            for b in sql.binds {
                q = q.bind::<Text, _>(b);
            }
            Ok(q.load::<R>(&mut **c).await?)
        }
        DbConn::Postgres(c) => {
            let mut q = diesel::sql_query(sql.text).into_boxed::<Pg>();
            for b in sql.binds {
                q = q.bind::<Text, _>(b);
            }
            Ok(q.load::<R>(&mut ***c).await?)
        }
    }
}

/// An id or a count.
#[derive(QueryableByName)]
struct NumberRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn numbers(conn: &mut DbConn, sql: Sql) -> DbResult<Vec<i64>> {
    Ok(load::<NumberRow>(conn, sql)
        .await?
        .into_iter()
        .map(|r| r.n)
        .collect())
}

impl DirectoryQuery {
    fn column_values(&self, facet: &str) -> Vec<&str> {
        match facet {
            "kind" => self.kind.iter().map(String::as_str).collect(),
            "country" => self.countries.iter().map(String::as_str).collect(),
            "status" => self.statuses.iter().map(String::as_str).collect(),
            _ => self.org_types.iter().map(String::as_str).collect(),
        }
    }

    /// Tag filters by facet, in the order first given.
    fn tag_groups(&self) -> Vec<(&str, Vec<&str>)> {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for (facet, value) in &self.tags {
            match groups.iter_mut().find(|(f, _)| f == facet) {
                Some((_, values)) => values.push(value),
                None => groups.push((facet, vec![value])),
            }
        }
        groups
    }
}

/// Pages need the actor's name, for their order.
const FROM_NAMED: &str = " FROM directory_entries e JOIN actors a ON a.id = e.actor_id";

/// By name: the expression of the index `actors_directory_name`.
const NAME_ORDER: &str = "lower(COALESCE(NULLIF(a.display_name, ''), a.username)), a.id";

#[derive(QueryableByName)]
struct RankRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Double)]
    rank: f64,
}

/// Every entry matching all `words`, with its rank, lower first: bm25 is lower for better
/// matches (weights: name, summary, description, tags); ts_rank is negated (its weights
/// A 1.0, B 0.4, C 0.2 favour names).
async fn text_matches(conn: &mut DbConn, words: &[Word]) -> DbResult<HashMap<i64, f64>> {
    let mut sql = Sql::new(conn);
    let query = text_query(words, sql.pg);
    if sql.pg {
        sql.push("SELECT actor_id AS n, -ts_rank(document, query)::float8 AS rank ")
            .push("FROM directory_search, to_tsquery('simple', ")
            .text(&query)
            .push(") query WHERE document @@ query");
    } else {
        sql.push("SELECT rowid AS n, bm25(directory_search, 10.0, 4.0, 1.0, 4.0) AS rank ")
            .push("FROM directory_search WHERE directory_search MATCH ")
            .text(&query);
    }
    Ok(load::<RankRow>(conn, sql)
        .await?
        .into_iter()
        .map(|r| (r.n, r.rank))
        .collect())
}

/// The in-memory filters of `q` (its text matched in the database first).
async fn filters<'q>(conn: &mut DbConn, q: &'q DirectoryQuery) -> DbResult<Filters<'q>> {
    let words = words(&q.text);
    let text = match words.is_empty() {
        true => None,
        false => Some(text_matches(conn, &words).await?),
    };
    let mut groups: Vec<(&str, Vec<&str>)> = COLUMN_FACETS
        .iter()
        .map(|f| (*f, q.column_values(f)))
        .filter(|(_, values)| !values.is_empty())
        .collect();
    groups.extend(q.tag_groups());
    let only = match q.replicated_only {
        true => Some(
            crate::db::models::replication::Replication::replicated_actor_ids(conn)
                .await?
                .into_iter()
                .collect(),
        ),
        false => None,
    };
    Ok(Filters {
        groups,
        local_only: q.local_only,
        text,
        only,
        count_facets: q.facets,
    })
}

/// Runs `read` on the entries `q` matches (its limit and offset aside) and every listed
/// entry: the dashboards, the map and the network read the directory this way.
pub async fn visit<R>(
    conn: &mut DbConn,
    cache: &FacetCache,
    q: &DirectoryQuery,
    read: impl FnOnce(View<'_>) -> R,
) -> DbResult<R> {
    let filters = filters(conn, q).await?;
    cache.visit(conn, &filters, read).await
}

/// One page of entries matching `q`, the number of them, and (if asked) facet counts.
/// Text is matched in the database; filters, order and counts in `cache`.
pub async fn search(
    conn: &mut DbConn,
    cache: &FacetCache,
    q: &DirectoryQuery,
) -> DbResult<SearchPage> {
    let filters = filters(conn, q).await?;
    let found = cache.evaluate(conn, &filters).await?;
    let page: Vec<i64> = found
        .ids
        .iter()
        .skip(q.offset.max(0) as usize)
        .take(q.limit.max(0) as usize)
        .copied()
        .collect();
    Ok(SearchPage {
        total: found.ids.len() as i64,
        hits: hits(conn, &page).await?,
        facets: found
            .facets
            .into_iter()
            .map(|(facet, value, count)| FacetCount {
                facet,
                value,
                count,
            })
            .collect(),
    })
}

/// Entries, actors and tags of `ids`, in that order (ids without an entry are skipped).
pub async fn hits(conn: &mut DbConn, ids: &[i64]) -> DbResult<Vec<SearchHit>> {
    let mut rows: HashMap<i64, (DirectoryEntry, Actor)> = HashMap::new();
    let mut tags: HashMap<i64, Tags> = HashMap::new();
    // Chunks keep the number of SQLite variables low on exports.
    for chunk in ids.chunks(500) {
        let found: Vec<(DirectoryEntry, Actor)> = db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(directory_entries::actor_id.eq_any(chunk))
            .select((DirectoryEntry::as_select(), Actor::as_select()))
            .load(c)
            .await)?;
        rows.extend(found.into_iter().map(|(e, a)| (e.actor_id, (e, a))));
        let found: Vec<(i64, String, String)> = db_run!(conn, |c| directory_tags::table
            .filter(directory_tags::actor_id.eq_any(chunk))
            .order((directory_tags::facet, directory_tags::value))
            .select((
                directory_tags::actor_id,
                directory_tags::facet,
                directory_tags::value
            ))
            .load(c)
            .await)?;
        for (id, facet, value) in found {
            tags.entry(id).or_default().push((facet, value));
        }
    }
    Ok(ids
        .iter()
        .filter_map(|id| {
            rows.remove(id).map(|(entry, actor)| SearchHit {
                actor,
                entry,
                tags: tags.remove(id).unwrap_or_default(),
            })
        })
        .collect())
}

/// Organisations other than `actor_id` whose `expertise` tags include some of its `need`
/// tags: most needs covered first, then by name; at most `limit`. Each comes with the
/// needs it covers.
pub async fn helpers(
    conn: &mut DbConn,
    actor_id: i64,
    limit: i64,
) -> DbResult<Vec<(SearchHit, Vec<String>)>> {
    let needs: Vec<String> = db_run!(conn, |c| directory_tags::table
        .filter(directory_tags::actor_id.eq(actor_id))
        .filter(directory_tags::facet.eq("need"))
        .select(directory_tags::value)
        .load(c)
        .await)?;
    if needs.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(conn);
    sql.push("SELECT a.id AS n")
        .push(FROM_NAMED)
        .push(" JOIN directory_tags t ON t.actor_id = e.actor_id AND t.facet = 'expertise'")
        .push(" WHERE a.discoverable = TRUE AND a.domain_limited = FALSE AND a.standing = 'ok' AND e.entry_kind = ")
        .text(KIND_ORGANISATION)
        .push(&format!(" AND e.actor_id <> {actor_id} AND t.value IN "))
        .list(&needs)
        .push(" GROUP BY a.id")
        .push(&format!(
            " ORDER BY COUNT(*) DESC, {NAME_ORDER} LIMIT {limit}"
        ));
    let ids = numbers(conn, sql).await?;
    Ok(hits(conn, &ids)
        .await?
        .into_iter()
        .map(|hit| {
            let covered = hit
                .tags
                .iter()
                .filter(|(f, v)| f == "expertise" && needs.contains(v))
                .map(|(_, v)| v.clone())
                .collect();
            (hit, covered)
        })
        .collect())
}

/// The reverse of [`helpers`]: local organisations other than `helper_id` with `need` tags
/// among `helper_id`'s `expertise` (when it is a visible organisation), each with the needs
/// it covers.
pub async fn helped_by(conn: &mut DbConn, helper_id: i64) -> DbResult<Vec<(i64, Vec<String>)>> {
    let visible: bool = db_run!(conn, |c| directory_entries::table
        .inner_join(actors::table.on(actors::id.eq(directory_entries::actor_id)))
        .filter(directory_entries::actor_id.eq(helper_id))
        .filter(directory_entries::entry_kind.eq(KIND_ORGANISATION))
        .filter(actors::discoverable.eq(true))
        .filter(actors::domain_limited.eq(false))
        .filter(actors::standing.eq("ok"))
        .count()
        .get_result::<i64>(c)
        .await)?
        > 0;
    if !visible {
        return Ok(Vec::new());
    }
    let expertise: Vec<String> = db_run!(conn, |c| directory_tags::table
        .filter(directory_tags::actor_id.eq(helper_id))
        .filter(directory_tags::facet.eq("expertise"))
        .select(directory_tags::value)
        .load(c)
        .await)?;
    if expertise.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String)> = db_run!(conn, |c| directory_tags::table
        .inner_join(
            directory_entries::table.on(directory_entries::actor_id.eq(directory_tags::actor_id))
        )
        .inner_join(actors::table.on(actors::id.eq(directory_tags::actor_id)))
        .filter(directory_tags::facet.eq("need"))
        .filter(directory_tags::value.eq_any(&expertise))
        .filter(directory_entries::entry_kind.eq(KIND_ORGANISATION))
        .filter(actors::is_local.eq(true))
        .filter(actors::id.ne(helper_id))
        .order((directory_tags::actor_id, directory_tags::value))
        .select((directory_tags::actor_id, directory_tags::value))
        .load(c)
        .await)?;
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for (id, need) in rows {
        match out.last_mut() {
            Some((last, needs)) if *last == id => needs.push(need),
            _ => out.push((id, vec![need])),
        }
    }
    Ok(out)
}
