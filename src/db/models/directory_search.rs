//! The directory's full-text index, one document per entry: FTS5 on SQLite (rowid = actor
//! id), a weighted `tsvector` on PostgreSQL. Names weigh most, then summaries and tags,
//! then descriptions. Written with SQL because diesel knows neither.

use crate::db::models::actor::Actor;
use crate::db::models::directory::{DirectoryEntry, Tags, KIND_ORGANISATION};
use crate::db::schema::{actors, directory_entries, directory_tags};
use crate::db::{db_run, DbConn, DbResult};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::Sqlite;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;

/// The text of an entry's tags, with vocabulary codes made into words ("health-care" ->
/// "health care") so that a search for "health" finds them.
fn tag_text(tags: &Tags) -> String {
    tags.iter()
        .map(|(_, v)| v.replace('-', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Visible text of stored HTML, on one line: for indexing and for exports.
pub fn plain_text(html: &str) -> String {
    // A space where a block or line ends, or "<p>a</p><p>b</p>" would read "ab".
    let spaced = html.replace("</", " </").replace("<br", " <br");
    let text = ammonia::Builder::empty().clean(&spaced).to_string();
    // The cleaner escapes text again; `&amp;` last so that "&amp;lt;" stays "&lt;".
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Latin letters with diacritics and their base letter: the letters SQLite's
/// `remove_diacritics 2` folds, so that PostgreSQL (whose 'simple' configuration keeps
/// accents) finds "São" for "sao" as SQLite does.
#[rustfmt::skip]
const FOLDS: &[(&str, char)] = &[
    ("àáâãäåāăą", 'a'), ("çćĉċč", 'c'), ("ď", 'd'), ("èéêëēĕėęě", 'e'), ("ĝğġģ", 'g'),
    ("ĥ", 'h'), ("ìíîïĩīĭį", 'i'), ("ĵ", 'j'), ("ķ", 'k'), ("ĺļľ", 'l'), ("ñńņň", 'n'),
    ("òóôõöōŏő", 'o'), ("ŕŗř", 'r'), ("śŝşšș", 's'), ("ţťț", 't'), ("ùúûüũūŭůűų", 'u'),
    ("ŵ", 'w'), ("ýÿŷ", 'y'), ("źżž", 'z'),
];

/// Lower case without those diacritics (PostgreSQL documents and queries).
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            FOLDS
                .iter()
                .find(|(from, _)| from.contains(c))
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

/// Replaces the search document of `actor`'s entry.
pub async fn index(
    conn: &mut DbConn,
    actor: &Actor,
    entry: &DirectoryEntry,
    tags: &Tags,
) -> DbResult<()> {
    let name = format!("{} {}", actor.display_name, actor.username);
    let summary = plain_text(&actor.summary);
    let description = format!(
        "{} {} {}",
        plain_text(&entry.description_html),
        entry.social_impact,
        entry.beneficiaries
    );
    let tags = tag_text(tags);
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
            // 'simple': no language-specific stemming, because entries are written in every
            // European language. Folded here, as queries are, for accent-blind matching.
            diesel::sql_query(
                "INSERT INTO directory_search (actor_id, document) VALUES ($1, \
                 setweight(to_tsvector('simple', $2), 'A') || \
                 setweight(to_tsvector('simple', $3), 'B') || \
                 setweight(to_tsvector('simple', $5), 'B') || \
                 setweight(to_tsvector('simple', $4), 'C'))",
            )
            .bind::<BigInt, _>(actor.id)
            .bind::<Text, _>(fold(&name))
            .bind::<Text, _>(fold(&summary))
            .bind::<Text, _>(fold(&description))
            .bind::<Text, _>(fold(&tags))
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

/// Most words of a query that are looked for; more add nothing but cost.
const MAX_WORDS: usize = 16;

/// One word of a query: letters and digits only, so that no input can form FTS5 or
/// `tsquery` syntax (operators, quotes, column filters).
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    prefix: bool,
}

/// The words of a query, lower case. A word typed with a trailing `*` ("innov*") is a
/// prefix; "co-lab" is two words, as the tokenizers index it.
fn words(q: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for raw in q.split_whitespace() {
        let prefix = raw.ends_with('*');
        let parts: Vec<String> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase)
            .collect();
        let last = parts.len().saturating_sub(1);
        for (i, text) in parts.into_iter().enumerate() {
            out.push(Word {
                text,
                prefix: prefix && i == last,
            });
        }
    }
    out.truncate(MAX_WORDS);
    out
}

/// All the words, each quoted so that it is a string and never syntax: an FTS5 query, or
/// (`pg`) a query for `to_tsquery('simple', ...)`, folded as the documents are.
fn text_query(words: &[Word], pg: bool) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| match (pg, w.prefix) {
            (false, prefix) => format!("\"{}\"{}", w.text, if prefix { "*" } else { "" }),
            (true, prefix) => format!("'{}'{}", fold(&w.text), if prefix { ":*" } else { "" }),
        })
        .collect();
    quoted.join(if pg { " & " } else { " " })
}

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

/// The single-valued facets and their columns.
const COLUMN_FACETS: [(&str, &str); 4] = [
    ("kind", "e.entry_kind"),
    ("country", "e.country"),
    ("status", "e.status"),
    ("org_type", "e.org_type"),
];

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

    fn active_facets(&self) -> Vec<&str> {
        let mut active: Vec<&str> = COLUMN_FACETS
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| !self.column_values(f).is_empty())
            .collect();
        active.extend(self.tag_groups().into_iter().map(|(f, _)| f));
        active
    }
}

const FROM: &str = " FROM directory_entries e JOIN actors a ON a.id = e.actor_id";

/// The text filter as a condition, for counts (pages join the ranked matches instead).
fn push_text_filter(sql: &mut Sql, words: &[Word]) {
    let query = text_query(words, sql.pg);
    if sql.pg {
        sql.push(" AND e.actor_id IN (SELECT actor_id FROM directory_search WHERE ")
            .push("document @@ to_tsquery('simple', ")
            .text(&query)
            .push("))");
    } else {
        sql.push(" AND e.actor_id IN (SELECT rowid FROM directory_search WHERE ")
            .push("directory_search MATCH ")
            .text(&query)
            .push(")");
    }
}

/// The WHERE clause of `q` without the filter on facet `skip`, so that a facet's counts
/// show what choosing another of its values would give.
fn push_where(sql: &mut Sql, q: &DirectoryQuery, words: &[Word], skip: Option<&str>, text: bool) {
    // Remote actors that asked not to be listed (`discoverable: false`) are not.
    sql.push(" WHERE a.discoverable = TRUE");
    if q.local_only {
        sql.push(" AND a.is_local = TRUE");
    }
    for (facet, column) in COLUMN_FACETS {
        let values = q.column_values(facet);
        if skip != Some(facet) && !values.is_empty() {
            sql.push(&format!(" AND {column} IN ")).list(&values);
        }
    }
    for (facet, values) in q.tag_groups() {
        if skip != Some(facet) {
            // IN rather than EXISTS, so that the planner may start from the tag index.
            sql.push(" AND e.actor_id IN (SELECT actor_id FROM directory_tags WHERE facet = ")
                .text(facet)
                .push(" AND value IN ")
                .list(&values)
                .push(")");
        }
    }
    if text && !words.is_empty() {
        push_text_filter(sql, words);
    }
}

/// By name: the expression of the index `actors_directory_name`, so that a first page
/// need not sort every match.
const NAME_ORDER: &str = "lower(COALESCE(NULLIF(a.display_name, ''), a.username)), a.id";

/// One page of entries matching `q`, the number of them, and (if asked) facet counts.
pub async fn search(conn: &mut DbConn, q: &DirectoryQuery) -> DbResult<SearchPage> {
    let words = words(&q.text);
    let mut sql = Sql::new(conn);
    sql.push("SELECT e.actor_id AS n").push(FROM);
    if !words.is_empty() {
        // Lower ranks first: bm25 is lower for better matches (weights: name, summary,
        // description, tags), ts_rank is negated (its weights A 1.0, B 0.4, C 0.2 favour names).
        let (head, tail) = if sql.pg {
            (
                "SELECT actor_id AS sid, -ts_rank(document, query) AS rank \
                 FROM directory_search, to_tsquery('simple', ",
                ") query WHERE document @@ query",
            )
        } else {
            (
                "SELECT rowid AS sid, bm25(directory_search, 10.0, 4.0, 1.0, 4.0) AS rank \
                 FROM directory_search WHERE directory_search MATCH ",
                "",
            )
        };
        let query = text_query(&words, sql.pg);
        sql.push(" JOIN (").push(head).text(&query).push(tail);
        sql.push(") s ON s.sid = e.actor_id");
    }
    push_where(&mut sql, q, &words, None, false);
    let rank = if words.is_empty() { "" } else { "s.rank, " };
    let (limit, offset) = (q.limit.max(0), q.offset.max(0));
    sql.push(&format!(
        " ORDER BY {rank}{NAME_ORDER} LIMIT {limit} OFFSET {offset}"
    ));
    let ids = numbers(conn, sql).await?;

    // A first page that is not full holds every match: no need to count.
    let (total, facets) = if q.facets {
        facet_counts(conn, q, &words).await?
    } else if q.offset == 0 && (ids.len() as i64) < q.limit {
        (ids.len() as i64, Vec::new())
    } else {
        let mut sql = Sql::new(conn);
        sql.push("SELECT COUNT(*) AS n").push(FROM);
        push_where(&mut sql, q, &words, None, true);
        (numbers(conn, sql).await?.pop().unwrap_or(0), Vec::new())
    };
    Ok(SearchPage {
        total,
        hits: hits(conn, &ids).await?,
        facets,
    })
}

/// Matches above which SQLite counts tags better by scanning the tag index than by
/// looking up each match's tags (measured with `benches/directory.rs`).
const MANY_MATCHES: i64 = 3_000;

#[derive(QueryableByName)]
struct ComboRow {
    #[diesel(sql_type = Text)]
    entry_kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    country: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    status: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    org_type: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The number of matches and the matches per facet value. A filtered facet is counted
/// without its own filter (what choosing another value would give).
async fn facet_counts(
    conn: &mut DbConn,
    q: &DirectoryQuery,
    words: &[Word],
) -> DbResult<(i64, Vec<FacetCount>)> {
    // One grouping by the four columns gives the total and their counts.
    let mut sql = Sql::new(conn);
    sql.push("SELECT e.entry_kind, e.country, e.status, e.org_type, COUNT(*) AS n")
        .push(FROM);
    push_where(&mut sql, q, words, None, true);
    sql.push(" GROUP BY e.entry_kind, e.country, e.status, e.org_type");
    let combos = load::<ComboRow>(conn, sql).await?;
    let total: i64 = combos.iter().map(|c| c.n).sum();
    let active = q.active_facets();
    let mut counts: HashMap<(&str, String), i64> = HashMap::new();
    for c in &combos {
        let values = [
            Some(&c.entry_kind),
            c.country.as_ref(),
            c.status.as_ref(),
            c.org_type.as_ref(),
        ];
        for ((facet, _), value) in COLUMN_FACETS.iter().zip(values) {
            if let (false, Some(v)) = (active.contains(facet), value) {
                *counts.entry((facet, v.clone())).or_default() += c.n;
            }
        }
    }

    let mut sql = Sql::new(conn);
    // On SQLite, `+` keeps the planner from looking up each match's tags, which costs a
    // sort of them all when there are many.
    let members = |many: bool| match many && !sql.pg {
        true => " AND +t.actor_id IN (SELECT e.actor_id",
        false => " AND t.actor_id IN (SELECT e.actor_id",
    };
    let (many, filtered) = (members(total > MANY_MATCHES), members(true));
    let tag_facets: Vec<&str> = q.tag_groups().into_iter().map(|(f, _)| f).collect();
    sql.push("SELECT t.facet, t.value, COUNT(*) AS n FROM directory_tags t WHERE 1 = 1");
    if !tag_facets.is_empty() {
        sql.push(" AND t.facet NOT IN ").list(&tag_facets);
    }
    sql.push(many).push(FROM);
    push_where(&mut sql, q, words, None, true);
    sql.push(") GROUP BY t.facet, t.value");
    for facet in &active {
        sql.push(" UNION ALL ");
        if let Some((_, column)) = COLUMN_FACETS.iter().find(|(f, _)| f == facet) {
            sql.push(&format!("SELECT '{facet}', {column}, COUNT(*)"))
                .push(FROM);
            push_where(&mut sql, q, words, Some(facet), true);
            sql.push(&format!(" AND {column} IS NOT NULL GROUP BY {column}"));
        } else {
            sql.push("SELECT t.facet, t.value, COUNT(*) FROM directory_tags t WHERE t.facet = ")
                .text(facet)
                .push(filtered)
                .push(FROM);
            push_where(&mut sql, q, words, Some(facet), true);
            sql.push(") GROUP BY t.facet, t.value");
        }
    }
    let mut rows = load::<FacetCount>(conn, sql).await?;
    rows.extend(
        counts
            .into_iter()
            .map(|((facet, value), count)| FacetCount {
                facet: facet.to_string(),
                value,
                count,
            }),
    );
    Ok((total, rows))
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
        .push(FROM)
        .push(" JOIN directory_tags t ON t.actor_id = e.actor_id AND t.facet = 'expertise'")
        .push(" WHERE a.discoverable = TRUE AND e.entry_kind = ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_cannot_form_syntax() {
        let w = words(r#"Café "OR" NEAR(x y) col:val innov* -not ' ; DROP"#);
        assert_eq!(
            text_query(&w, false),
            r#""café" "or" "near" "x" "y" "col" "val" "innov"* "not" "drop""#
        );
        assert_eq!(
            text_query(&words("São co-lab*"), true),
            "'sao' & 'co' & 'lab':*"
        );
        assert!(words("!!! ***").is_empty());
        assert_eq!(words(&"a ".repeat(40)).len(), MAX_WORDS);
    }

    #[test]
    fn plain_text_keeps_word_boundaries_and_characters() {
        assert_eq!(
            plain_text("<p>Fish &amp; chips</p><p>&lt;b&gt; x<br>y</p>"),
            "Fish & chips <b> x y"
        );
        assert_eq!(fold("ŞĂO Tomé Malmö"), "sao tome malmo");
    }
}
