//! The directory's full-text index, one document per entry: FTS5 on SQLite (rowid = actor
//! id), a weighted `tsvector` on PostgreSQL. Names weigh most, then summaries and tags,
//! then descriptions. Written with SQL because diesel knows neither. Also the reduction of
//! a query to safe words, which must match how documents are folded here.

use crate::db::models::actor::Actor;
use crate::db::models::directory::{DirectoryEntry, Tags};
use crate::db::{DbConn, DbResult};
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
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) prefix: bool,
}

/// The words of a query, lower case. A word typed with a trailing `*` ("innov*") is a
/// prefix; "co-lab" is two words, as the tokenizers index it.
pub(crate) fn words(q: &str) -> Vec<Word> {
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
pub(crate) fn text_query(words: &[Word], pg: bool) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| match (pg, w.prefix) {
            (false, prefix) => format!("\"{}\"{}", w.text, if prefix { "*" } else { "" }),
            (true, prefix) => format!("'{}'{}", fold(&w.text), if prefix { ":*" } else { "" }),
        })
        .collect();
    quoted.join(if pg { " & " } else { " " })
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
