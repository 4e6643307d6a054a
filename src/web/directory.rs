//! `GET /directory`: the public directory as a page (search box, facet filters with their
//! counts, results, pages, export links). It reads the query string exactly as
//! `/api/v1/directory` does, so a page's address, its API twin and its exports list the
//! same entries.
//! Cards show the entries' logos (ours from `media`, remote ones as their servers publish
//! them), loaded for the whole page at once; a letter stands in for entries without one.

use crate::db::models::directory_search::SearchHit;
use crate::error::AppError;
use crate::i18n::{self, Arg};
use crate::services::directory::{self, DirectoryResults, Facet, SearchInput};
use crate::text::plain_text_words;
use crate::vocabulary as vocab;
use crate::web::entries::{entry_href, label};
use crate::web::page::{Page, WebResult};
use crate::web::profiles::href as actor_href;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use minijinja::context;
use minijinja::value::Value;

/// Longest summary on a card, in characters; the entry's page has the rest.
const SUMMARY_CHARS: usize = 240;
/// A facet with at most this many values starts unfolded.
const OPEN_FACET_VALUES: usize = 5;

type Pairs = Vec<(String, String)>;

/// The controlled list of a facet and the name of its labels (`vocab-<name>-<code>`).
fn coded_list(facet: &str) -> Option<(&'static [&'static str], &'static str)> {
    Some(match facet {
        "status" => (vocab::PROJECT_STATUSES, "status"),
        "org_type" => (vocab::ORGANISATION_TYPES, "orgtype"),
        "theme" => (vocab::THEMES, "theme"),
        "focus" => (vocab::FOCUS, "focus"),
        "technology" => (vocab::TECHNOLOGIES, "technology"),
        "sdg" => (vocab::SDGS, "sdg"),
        _ => return None,
    })
}

/// A country's name in the page's language; None for what is no ISO 3166 country.
pub(super) fn country_name(lang: &str, code: &str) -> Option<String> {
    let country = isocountry::CountryCode::for_alpha2(&code.to_ascii_uppercase()).ok()?;
    Some(
        crate::i18n::country_name(lang, country.alpha2())
            .unwrap_or_else(|| country.name().to_string()),
    )
}

/// How a stored facet value reads; None for codes this hub has no label for (another
/// server's), which are not offered as filters.
pub(super) fn value_label(page: &Page, facet: &str, value: &str) -> Option<String> {
    match facet {
        "kind" => ["project", "organisation"]
            .contains(&value)
            .then(|| page.t(&format!("directory-kind-{value}"))),
        "country" => country_name(page.lang, value),
        "language" => {
            Some(i18n::language_name(page.lang, value).unwrap_or_else(|| value.to_string()))
        }
        "sdg" => vocab::SDGS.contains(&value).then(|| {
            let args = [
                ("number", Arg::Str(value.to_string())),
                ("label", Arg::Str(label(page, "sdg", value))),
            ];
            i18n::translate(page.lang, "directory-sdg", &args)
        }),
        _ => match coded_list(facet) {
            Some((list, name)) => list.contains(&value).then(|| label(page, name, value)),
            None => Some(value.to_string()),
        },
    }
}

/// A filter value as entries store it (as the service normalises it), so that a value in
/// the address matches the facet value it chose. Only called on accepted filters.
fn stored(name: &str, value: &str) -> String {
    let value = value.trim();
    match name {
        "kind" => crate::services::entries::parse_kind(value)
            .map(str::to_string)
            .unwrap_or_else(|_| value.to_string()),
        "country" => value.to_ascii_uppercase(),
        "language" => value
            .parse::<language_tags::LanguageTag>()
            .map(|t| t.to_string())
            .unwrap_or_else(|_| value.to_string()),
        "expertise" | "need" => vocab::normalise_tag(value).unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// An accepted search as its links repeat it: the text, the filters in stored form (no
/// empty or repeated values, one kind), "local only", "replicated only" and the page size.
#[derive(Clone)]
struct Search {
    q: String,
    filters: Pairs,
    local: bool,
    replicated: bool,
    limit: Option<i64>,
}

impl Search {
    fn new(input: &SearchInput, raw: &Pairs) -> Search {
        let mut filters: Pairs = Vec::new();
        for (name, value) in raw {
            let own = ["q", "local", "replicated", "page", "limit"];
            if value.trim().is_empty() || own.contains(&name.as_str()) {
                continue;
            }
            let pair = (name.clone(), stored(name, value));
            if name == "kind" {
                // The service keeps the last kind; so do the links.
                filters.retain(|(n, _)| n != "kind");
            }
            if !filters.contains(&pair) {
                filters.push(pair);
            }
        }
        Search {
            q: input.q.trim().to_string(),
            filters,
            local: input.local_only,
            replicated: input.replicated,
            limit: input.limit,
        }
    }

    /// The query string of this search with other filters, at `page` (1 is left out);
    /// `paged` false leaves out the page size too (exports take no page).
    fn query(&self, filters: &[(String, String)], local: bool, page: i64, paged: bool) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for (name, value) in filters {
            out.append_pair(name, value);
        }
        if local {
            out.append_pair("local", "true");
        }
        if self.replicated {
            out.append_pair("replicated", "1");
        }
        if paged {
            if let Some(limit) = self.limit {
                out.append_pair("limit", &limit.to_string());
            }
            if page > 1 {
                out.append_pair("page", &page.to_string());
            }
        }
        out.finish()
    }

    fn href(&self, filters: &[(String, String)], local: bool, page: i64) -> String {
        with_query("/directory", &self.query(filters, local, page, true))
    }
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// A facet's values as links that add the value to the search (or, chosen, remove it);
/// None when it has nothing to choose.
fn facet_view(page: &Page, search: &Search, facet: &Facet) -> Option<Value> {
    let name = facet.name;
    let mut any_active = false;
    let values: Vec<Value> = facet
        .values
        .iter()
        .filter_map(|(value, count)| {
            let label = value_label(page, name, value)?;
            let pair = (name.to_string(), value.clone());
            let active = search.filters.contains(&pair);
            any_active |= active;
            let mut filters: Pairs = search
                .filters
                .iter()
                .filter(|p| **p != pair && (name != "kind" || p.0 != "kind"))
                .cloned()
                .collect();
            if !active {
                filters.push(pair);
            }
            Some(context! {
                label => label,
                count => count,
                active => active,
                href => search.href(&filters, search.local, 1),
            })
        })
        .collect();
    (!values.is_empty()).then(|| {
        context! {
            name => name,
            label => page.t(&format!("directory-facet-{}", name.replace('_', "-"))),
            open => any_active || values.len() <= OPEN_FACET_VALUES,
            values => values,
        }
    })
}

/// The chosen filters, each with the link that removes it.
fn active_filters(page: &Page, search: &Search) -> Vec<Value> {
    let mut out: Vec<Value> = search
        .filters
        .iter()
        .map(|pair| {
            let (name, value) = pair;
            let facet = page.t(&format!("directory-facet-{}", name.replace('_', "-")));
            let value = value_label(page, name, value).unwrap_or_else(|| value.clone());
            let rest: Pairs = search
                .filters
                .iter()
                .filter(|p| *p != pair)
                .cloned()
                .collect();
            let args = [("facet", Arg::Str(facet)), ("value", Arg::Str(value))];
            context! {
                label => i18n::translate(page.lang, "directory-filter", &args),
                href => search.href(&rest, search.local, 1),
            }
        })
        .collect();
    if search.local {
        out.push(context! {
            label => page.t("directory-local-only"),
            href => search.href(&search.filters, false, 1),
        });
    }
    if search.replicated {
        let without = Search {
            replicated: false,
            ..search.clone()
        };
        out.push(context! {
            label => page.t("directory-replicated-only"),
            href => without.href(&search.filters, search.local, 1),
        });
    }
    out
}

/// Plain text, cut at a word near [`SUMMARY_CHARS`].
pub(super) fn excerpt(html: &str) -> String {
    // `plain_text_words` spaces every closing tag, inline ones too ("<b>afar</b>." reads
    // "afar ."); no language puts a space before these.
    let text = plain_text_words(html)
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" )", ")");
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// One result as its card shows it.
pub(super) fn card(page: &Page, hit: &SearchHit) -> Value {
    let (actor, entry) = (&hit.actor, &hit.entry);
    let kind = entry.entry_kind.as_str();
    let name = actor.display_name_or_username();
    let coded = |code: &Option<String>, facet: &str| {
        code.as_deref().and_then(|c| value_label(page, facet, c))
    };
    let themes: Vec<String> = vocab::THEMES
        .iter()
        .filter(|code| hit.tags.iter().any(|(f, v)| f == "theme" && v == *code))
        .map(|code| label(page, "theme", code))
        .collect();
    context! {
        name => name,
        initial => name.chars().find(|c| c.is_alphanumeric()).map(|c| c.to_uppercase().to_string()),
        // Remote entries have a page here too, so visitors stay on this hub.
        href => if actor.is_local { entry_href(kind, &actor.username) } else { actor_href(actor) },
        handle => actor.handle(),
        kind_label => value_label(page, "kind", kind),
        local => actor.is_local,
        host => actor.domain,
        summary => Some(excerpt(&actor.summary)).filter(|s| !s.is_empty()),
        country => entry.country.as_deref().and_then(|c| country_name(page.lang, c)),
        region => Some(entry.region.trim()).filter(|r| !r.is_empty()),
        status => coded(&entry.status, "status"),
        org_type => coded(&entry.org_type, "org_type"),
        themes => themes,
    }
}

/// `GET /directory`.
pub async fn page(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    // Filters repeat (`theme=a&theme=b`): pairs, as the API reads them.
    let raw: Pairs = crate::text::query_pairs(raw.as_deref());
    let found = match SearchInput::from_pairs(&raw) {
        Ok(input) => directory::search(&page.data, &input)
            .await
            .map(|results| (input, results)),
        Err(e) => Err(e),
    };
    match found {
        Ok((input, results)) => show(page, Search::new(&input, &raw), results).await,
        // A bad address is the visitor's mistake: say what is wrong, keep the search box.
        Err(AppError::Validation(id)) => refused(page, &raw, id).await,
        Err(e) => Err(e.into()),
    }
}

async fn show(page: Page, search: Search, results: DirectoryResults) -> WebResult {
    let pages = ((results.total + results.limit - 1) / results.limit).max(1);
    let no = results.page;
    let ids: Vec<i64> = results.items.iter().map(|h| h.actor.id).collect();
    let logos = crate::services::media::logos(&page.data, &ids).await?;
    let items: Vec<Value> = results
        .items
        .iter()
        .map(|h| {
            let logo = logos.get(&h.actor.id).cloned();
            context! { logo => logo, ..card(&page, h) }
        })
        .collect();
    let facets: Vec<Value> = results
        .facets
        .iter()
        .filter_map(|f| facet_view(&page, &search, f))
        .collect();
    let export = search.query(&search.filters, search.local, 1, false);
    // The search form carries the filters, so a new text keeps them.
    let hidden: Vec<Value> = search
        .filters
        .iter()
        .map(|(name, value)| context! { name => name, value => value })
        .chain(
            search
                .limit
                .map(|l| context! { name => "limit", value => l.to_string() }),
        )
        .collect();
    let active = active_filters(&page, &search);
    let clear_href = Search {
        replicated: false,
        ..search.clone()
    }
    .href(&[], false, 1);
    let origins = crate::web::origins::names(&page).await?;
    page.render(
        "directory.html",
        context! {
            origins => origins,
            q => search.q,
            local_only => search.local,
            replicated_only => search.replicated,
            hidden => hidden,
            clear_href => clear_href,
            active => active,
            facets => facets,
            results => context! {
                total => results.total,
                items => items,
                page => no,
                pages => pages,
                previous_href => (no > 1).then(|| search.href(&search.filters, search.local, (no - 1).min(pages))),
                next_href => (no < pages).then(|| search.href(&search.filters, search.local, no + 1)),
            },
            export => context! {
                csv => with_query("/api/v1/directory.csv", &export),
                json => with_query("/api/v1/directory.json", &export),
                dashboard => with_query("/dashboard", &export),
            },
        },
    )
    .await
}

async fn refused(page: Page, raw: &Pairs, message_id: &str) -> WebResult {
    let q = raw
        .iter()
        .rev()
        .find(|(name, _)| name == "q")
        .map(|(_, v)| v.trim().to_string());
    let message = page.t(message_id);
    page.render_status(
        StatusCode::BAD_REQUEST,
        "directory.html",
        context! {
            q => q,
            error => message,
            clear_href => "/directory",
        },
    )
    .await
}
