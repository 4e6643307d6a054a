//! What the full-text indexes store and what a query looks for, the same on both backends:
//! words folded to lower case without diacritics, each with its Snowball stem
//! (`rust-stemmers`) in the document's language, or in every main working language when the
//! document has none. A query word matches its folded self or its stem in any of those
//! languages, so "garden" finds "Gardens", "roof" finds "Roofs" and "sante" finds "Santé".
//! Stems are computed here rather than by PostgreSQL's text-search configurations because
//! SQLite has none: one implementation gives both backends the same results.

use rust_stemmers::{Algorithm, Stemmer};

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

/// Lower case without those diacritics.
pub fn fold(text: &str) -> String {
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

/// Languages with a Snowball stemmer, by primary subtag.
const STEMMERS: &[(&str, Algorithm)] = &[
    ("en", Algorithm::English),
    ("fr", Algorithm::French),
    ("de", Algorithm::German),
    ("es", Algorithm::Spanish),
    ("it", Algorithm::Italian),
    ("pt", Algorithm::Portuguese),
    ("nl", Algorithm::Dutch),
    ("da", Algorithm::Danish),
    ("fi", Algorithm::Finnish),
    ("hu", Algorithm::Hungarian),
    ("no", Algorithm::Norwegian),
    ("nb", Algorithm::Norwegian),
    ("nn", Algorithm::Norwegian),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("el", Algorithm::Greek),
    ("tr", Algorithm::Turkish),
];

/// The working languages every query is stemmed in, and documents of no known language.
const MAIN: &[&str] = &["en", "fr", "de", "es", "it", "pt", "nl"];

fn algorithm(primary: &str) -> Option<Algorithm> {
    STEMMERS
        .iter()
        .find(|(tag, _)| *tag == primary)
        .map(|(_, a)| *a)
}

/// The stemmers for a document in `languages` (BCP 47 tags): those of the languages that
/// have one, or the main ones when none has.
fn stemmers_for(languages: &[&str]) -> Vec<Stemmer> {
    let mut found: Vec<Algorithm> = Vec::new();
    for l in languages {
        let primary = l
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some(a) = algorithm(&primary) {
            if !found.contains(&a) {
                found.push(a);
            }
        }
    }
    match found.is_empty() {
        true => main_stemmers(),
        false => found.into_iter().map(Stemmer::create).collect(),
    }
}

fn main_stemmers() -> Vec<Stemmer> {
    MAIN.iter()
        .filter_map(|l| algorithm(l))
        .map(Stemmer::create)
        .collect()
}

/// The lower-case words of `text`: runs of letters and digits.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A word's folded form and its folded stems, without repeats, that form first.
fn forms(word: &str, stemmers: &[Stemmer]) -> Vec<String> {
    let mut out = vec![fold(word)];
    for s in stemmers {
        let stem = fold(&s.stem(word));
        if !stem.is_empty() && !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// What an index stores for `text` written in `languages` (any of them; none when unknown):
/// every word folded, followed by its stems.
pub fn document(text: &str, languages: &[&str]) -> String {
    let stemmers = stemmers_for(languages);
    let mut out = String::with_capacity(text.len() * 2);
    for word in tokens(text) {
        for form in forms(&word, &stemmers) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&form);
        }
    }
    out
}

/// Most words of a query that are looked for; more add nothing but cost.
const MAX_WORDS: usize = 16;

/// A word typed last is a prefix from this length on, so results come while typing.
const PREFIX_FROM: usize = 3;

/// One word of a query: letters and digits only, so that no input can form FTS5 or
/// `tsquery` syntax (operators, quotes, column filters). `forms` are the folded word and
/// its stems, any of which may match.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub forms: Vec<String>,
    pub prefix: bool,
}

/// The words of a query. A word typed with a trailing `*` ("innov*") is a prefix, and so is
/// the last word once it has three letters; "co-lab" is two words, as documents are split.
pub fn words(q: &str) -> Vec<Word> {
    let stemmers = main_stemmers();
    let mut out = Vec::new();
    for raw in q.split_whitespace() {
        let starred = raw.ends_with('*');
        let parts: Vec<String> = tokens(raw).collect();
        let last = parts.len().saturating_sub(1);
        for (i, text) in parts.into_iter().enumerate() {
            out.push(Word {
                forms: forms(&text, &stemmers),
                prefix: starred && i == last,
            });
        }
    }
    out.truncate(MAX_WORDS);
    if let Some(last) = out.last_mut() {
        if last.forms[0].chars().count() >= PREFIX_FROM {
            last.prefix = true;
        }
    }
    out
}

/// All the words, each a group of alternatives quoted so that it is a string and never
/// syntax: an FTS5 query, or (`pg`) a query for `to_tsquery('simple', ...)`. Only the word
/// as typed is a prefix; its stems match whole words.
pub fn text_query(words: &[Word], pg: bool) -> String {
    let groups: Vec<String> = words
        .iter()
        .map(|w| {
            let alternatives: Vec<String> = w
                .forms
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let prefix = w.prefix && i == 0;
                    match pg {
                        false => format!("\"{f}\"{}", if prefix { "*" } else { "" }),
                        true => format!("'{f}'{}", if prefix { ":*" } else { "" }),
                    }
                })
                .collect();
            match (alternatives.len(), pg) {
                (1, _) => alternatives[0].clone(),
                (_, false) => format!("({})", alternatives.join(" OR ")),
                (_, true) => format!("({})", alternatives.join(" | ")),
            }
        })
        .collect();
    // FTS5 has no implicit AND after a parenthesised group.
    groups.join(if pg { " & " } else { " AND " })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(doc: &str, lang: Option<&str>, q: &str) -> bool {
        let langs: Vec<&str> = lang.into_iter().collect();
        let doc: Vec<String> = document(doc, &langs)
            .split(' ')
            .map(str::to_string)
            .collect();
        words(q).iter().all(|w| {
            w.forms.iter().enumerate().any(|(i, f)| {
                doc.iter()
                    .any(|d| d == f || (w.prefix && i == 0 && d.starts_with(f.as_str())))
            })
        })
    }

    #[test]
    fn query_words_cannot_form_syntax() {
        let w = words(r#"Café "OR" NEAR(x y) col:val innov* -not ' ; DROP"#);
        let q = text_query(&w, false);
        for bad in ["NEAR(", "col:", "-not", ";", "'"] {
            assert!(!q.contains(bad), "{q}");
        }
        assert!(q.starts_with("(\"cafe\""), "{q}");
        assert!(q.contains("\"innov\"*"), "{q}");
        assert_eq!(
            text_query(&words("São co-lab*"), true),
            "('sao' | 'sa') & 'co' & 'lab':*"
        );
        assert!(words("!!! ***").is_empty());
        assert_eq!(words(&"a ".repeat(40)).len(), MAX_WORDS);
    }

    #[test]
    fn stems_find_other_forms_of_a_word() {
        assert!(matches("Kopli Gardens Association", Some("en"), "garden"));
        assert!(matches("Green Roofs for Tallinn", None, "roof"));
        assert!(matches(
            "Social innovations in care",
            Some("en"),
            "innovation"
        ));
        assert!(matches("Maison de la Santé", Some("fr"), "sante"));
        assert!(matches(
            "Gemeinschaftsgärten in Berlin",
            Some("de"),
            "gemeinschaftsgarten"
        ));
        assert!(matches("Huertos urbanos", Some("es"), "huerto"));
        assert!(matches(
            "Cooperativas de habitação",
            Some("pt"),
            "cooperativa"
        ));
        assert!(matches("Buurttuinen", Some("nl"), "buurttuin"));
        assert!(matches("Innovazioni sociali", Some("it"), "innovazione"));
        assert!(!matches("Kopli Gardens Association", Some("en"), "roof"));
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        assert!(matches("Innovation hub", Some("en"), "innov"));
        assert!(!matches("Innovation hub", Some("en"), "in"));
        assert!(!words("innov hub").first().unwrap().prefix);
    }

    #[test]
    fn fold_removes_diacritics() {
        assert_eq!(fold("ŞĂO Tomé Malmö"), "sao tome malmo");
    }
}
