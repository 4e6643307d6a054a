//! The public directory of projects and organisations, local and remote: search with
//! filters and facet counts, CSV and JSON exports of a search, and "who can help" (the
//! organisations whose expertise covers another organisation's needs).

use crate::db::models::actor::Actor;
use crate::db::models::directory_search::{self, DirectoryQuery, SearchHit};
use crate::db::models::entry::KIND_ORGANISATION;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use crate::text::plain_text_words;
use crate::vocabulary as vocab;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;
/// Deeper pages are refused: nobody reads them, and their OFFSET costs grow.
pub const MAX_PAGE: i64 = 500;
/// Rows in one export; `total` tells when there were more.
pub const MAX_EXPORT: i64 = 10_000;
pub const MAX_QUERY_CHARS: usize = 200;
/// Filter values in one search, all parameters together.
pub const MAX_FILTER_VALUES: usize = 50;
/// Values listed per facet, most frequent first.
pub const MAX_FACET_VALUES: usize = 50;
pub const MAX_HELPERS: i64 = 50;

const ERROR: AppError = AppError::Validation("directory-error-filter");

/// Facets counted for every search, in display order: the entry's own fields, then tags.
pub fn facet_names() -> Vec<&'static str> {
    let mut names = vec!["kind", "country", "status", "org_type"];
    names.extend(vocab::FACETS.iter().map(|(f, _)| *f));
    names
}

/// A search as asked (query parameters or form fields), before validation.
#[derive(Debug, Clone, Default)]
pub struct SearchInput {
    pub q: String,
    pub kind: Option<String>,
    pub countries: Vec<String>,
    pub statuses: Vec<String>,
    pub org_types: Vec<String>,
    /// `(facet, value)`; values of one facet are alternatives, facets all apply.
    pub tags: Vec<(String, String)>,
    pub local_only: bool,
    /// Only projects that have been replicated (`replicated=1`).
    pub replicated: bool,
    /// From 1.
    pub page: Option<i64>,
    pub limit: Option<i64>,
}

fn flag(value: &str) -> AppResult<bool> {
    match value.trim() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ERROR),
    }
}

fn number(value: &str) -> AppResult<i64> {
    value.trim().parse().map_err(|_| ERROR)
}

impl SearchInput {
    /// From query-string pairs, where names may repeat (`theme=a&theme=b`). Unknown names
    /// are refused rather than ignored, so that a misspelt filter does not silently list
    /// everything.
    pub fn from_pairs(pairs: &[(String, String)]) -> AppResult<SearchInput> {
        let mut input = SearchInput::default();
        for (name, value) in pairs {
            if value.trim().is_empty() {
                continue;
            }
            match name.as_str() {
                "q" => input.q = value.clone(),
                "kind" => input.kind = Some(value.clone()),
                "country" => input.countries.push(value.clone()),
                "status" => input.statuses.push(value.clone()),
                "org_type" => input.org_types.push(value.clone()),
                "local" => input.local_only = flag(value)?,
                "replicated" => input.replicated = flag(value)?,
                "page" => input.page = Some(number(value)?),
                "limit" => input.limit = Some(number(value)?),
                facet if vocab::FACETS.iter().any(|(f, _)| *f == facet) => {
                    input.tags.push((facet.to_string(), value.clone()))
                }
                _ => return Err(ERROR),
            }
        }
        Ok(input)
    }

    /// The filters alone (every matching entry), for the dashboards, the map and the network.
    pub fn filters(&self) -> AppResult<DirectoryQuery> {
        self.query(0, 0)
    }

    /// The database query for rows `offset..offset + limit`; every code is checked against
    /// its list, free tags and language tags are normalised as entries store them.
    fn query(&self, limit: i64, offset: i64) -> AppResult<DirectoryQuery> {
        let q = self.q.trim();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(ERROR);
        }
        let values = self.countries.len() + self.statuses.len() + self.org_types.len();
        if values + self.tags.len() > MAX_FILTER_VALUES {
            return Err(ERROR);
        }
        let kind = match self.kind.as_deref() {
            None => None,
            Some(k) => Some(
                crate::services::entries::parse_kind(k.trim())
                    .map_err(|_| ERROR)?
                    .to_string(),
            ),
        };
        let mut countries = Vec::new();
        for c in &self.countries {
            let upper = c.trim().to_ascii_uppercase();
            isocountry::CountryCode::for_alpha2(&upper).map_err(|_| ERROR)?;
            countries.push(upper);
        }
        let coded = |values: &[String], list: &[&str]| -> AppResult<Vec<String>> {
            values
                .iter()
                .map(|v| v.trim())
                .map(|v| list.contains(&v).then(|| v.to_string()).ok_or(ERROR))
                .collect()
        };
        let mut tags: Vec<(String, String)> = Vec::new();
        for (facet, value) in &self.tags {
            let list = vocab::FACETS
                .iter()
                .find(|(f, _)| f == facet)
                .ok_or(ERROR)?
                .1;
            let value = value.trim();
            let stored = match list {
                Some(list) => list.contains(&value).then(|| value.to_string()),
                None if facet == "language" => value
                    .parse::<language_tags::LanguageTag>()
                    .ok()
                    .map(|t| t.to_string()),
                None => vocab::normalise_tag(value),
            }
            .ok_or(ERROR)?;
            if !tags.iter().any(|(f, v)| f == facet && *v == stored) {
                tags.push((facet.clone(), stored));
            }
        }
        Ok(DirectoryQuery {
            text: q.to_string(),
            kind,
            countries,
            statuses: coded(&self.statuses, vocab::PROJECT_STATUSES)?,
            org_types: coded(&self.org_types, vocab::ORGANISATION_TYPES)?,
            tags,
            local_only: self.local_only,
            replicated_only: self.replicated,
            limit,
            offset,
            facets: false,
        })
    }
}

/// One facet's values and how many matching entries have each.
#[derive(Debug, Clone)]
pub struct Facet {
    pub name: &'static str,
    pub values: Vec<(String, i64)>,
}

#[derive(Debug, Clone)]
pub struct DirectoryResults {
    pub total: i64,
    pub page: i64,
    pub limit: i64,
    pub items: Vec<SearchHit>,
    /// Every facet of [`facet_names`], even without values. A facet's counts ignore its own
    /// filter (they say what choosing another value would give); all other filters apply.
    pub facets: Vec<Facet>,
}

/// One page of the directory.
pub async fn search(data: &Ctx, input: &SearchInput) -> AppResult<DirectoryResults> {
    let limit = input.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let page = input.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(ERROR);
    }
    let mut query = input.query(limit, (page - 1) * limit)?;
    query.facets = true;
    let mut conn = data.pool.get().await?;
    let found = directory_search::search(&mut conn, &data.directory, &query).await?;
    let facets = facet_names()
        .into_iter()
        .map(|name| {
            let mut values: Vec<(String, i64)> = found
                .facets
                .iter()
                .filter(|f| f.facet == name)
                .map(|f| (f.value.clone(), f.count))
                .collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            values.truncate(MAX_FACET_VALUES);
            Facet { name, values }
        })
        .collect();
    Ok(DirectoryResults {
        total: found.total,
        page,
        limit,
        items: found.hits,
        facets,
    })
}

/// Every entry of a search, in search order, up to [`MAX_EXPORT`]; with the number of
/// matches (more than the rows when the export was cut).
pub async fn export(data: &Ctx, input: &SearchInput) -> AppResult<(i64, Vec<SearchHit>)> {
    let query = input.query(MAX_EXPORT, 0)?;
    let mut conn = data.pool.get().await?;
    let found = directory_search::search(&mut conn, &data.directory, &query).await?;
    Ok((found.total, found.hits))
}

/// Columns of the CSV export. Multi-valued columns join their codes with "; "; `summary`
/// is plain text; `url` is the entry's page (its ActivityPub id when it has none).
pub const CSV_COLUMNS: &[&str] = &[
    "handle",
    "kind",
    "name",
    "url",
    "country",
    "region",
    "status",
    "org_type",
    "themes",
    "focus",
    "technologies",
    "sdgs",
    "languages",
    "expertise",
    "needs",
    "website",
    "summary",
];

/// One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (leading `=`,
/// `+`, `-`, `@`, tab or CR) gets a leading apostrophe: exports hold other people's text.
pub fn csv_field(value: &str, out: &mut String) {
    let guarded;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{value}");
        &guarded
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A handle is written as it is when it cannot be a formula (no brackets, operators or
/// pipes), which is every handle a Tessera or Mastodon server makes.
pub fn csv_handle(handle: &str, out: &mut String) {
    let plain = handle
        .chars()
        .all(|c| c.is_alphanumeric() || "_.-@:".contains(c));
    if plain {
        out.push_str(handle);
    } else {
        csv_field(handle, out);
    }
}

/// The CSV export of `hits`, header first, lines ending in CRLF.
pub fn to_csv(hits: &[SearchHit]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for hit in hits {
        let (actor, entry) = (&hit.actor, &hit.entry);
        let tags = |facet: &str| {
            let values: Vec<&str> = hit
                .tags
                .iter()
                .filter(|(f, _)| f == facet)
                .map(|(_, v)| v.as_str())
                .collect();
            values.join("; ")
        };
        let url = actor
            .profile_url
            .clone()
            .unwrap_or_else(|| actor.ap_id.to_string());
        csv_handle(&actor.handle(), &mut out);
        let fields = [
            entry.entry_kind.clone(),
            actor.display_name_or_username().to_string(),
            url,
            entry.country.clone().unwrap_or_default(),
            entry.region.clone(),
            entry.status.clone().unwrap_or_default(),
            entry.org_type.clone().unwrap_or_default(),
            tags("theme"),
            tags("focus"),
            tags("technology"),
            tags("sdg"),
            tags("language"),
            tags("expertise"),
            tags("need"),
            entry.website.clone().unwrap_or_default(),
            plain_text_words(&actor.summary),
        ];
        for field in fields {
            out.push(',');
            csv_field(&field, &mut out);
        }
        out.push_str("\r\n");
    }
    out
}

/// Organisations, here or elsewhere, whose expertise covers some of `organisation`'s needs:
/// those covering most needs first, then by name. Each comes with the needs it covers.
pub async fn who_can_help(
    data: &Ctx,
    organisation: &Actor,
) -> AppResult<Vec<(SearchHit, Vec<String>)>> {
    let mut conn = data.pool.get().await?;
    Ok(directory_search::helpers(&mut conn, organisation.id, MAX_HELPERS).await?)
}

/// A local organisation by handle, and who can help it.
pub async fn helpers_of(
    data: &Ctx,
    handle: &str,
) -> AppResult<(SearchHit, Vec<(SearchHit, Vec<String>)>)> {
    let (_, actor) = crate::services::entries::local(data, KIND_ORGANISATION, handle).await?;
    let mut conn = data.pool.get().await?;
    let own = directory_search::hits(&mut conn, &[actor.id])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    drop(conn);
    Ok((own, who_can_help(data, &actor).await?))
}

/// Tells the admins of our organisations when an organisation (of this hub or another)
/// appears, or changes, with expertise covering their needs: once per pair. Reads the
/// directory's change log after `after`; returns where it got to.
pub async fn tell_needs_covered(data: &Ctx, after: i64) -> AppResult<i64> {
    use crate::db::models::directory_facets::changes_after;
    let mut conn = data.pool.get().await?;
    let mut cursor = after;
    loop {
        let changes = changes_after(&mut conn, cursor, 200).await?;
        let Some(&(last, _)) = changes.last() else {
            return Ok(cursor);
        };
        let mut seen = std::collections::HashSet::new();
        for (_, helper) in changes {
            if !seen.insert(helper) {
                continue;
            }
            for (needy, _needs) in directory_search::helped_by(&mut conn, helper).await? {
                let about = crate::services::notifications::About {
                    actor_id: Some(helper),
                    ..Default::default()
                };
                let dedupe = format!("{helper}:{needy}");
                crate::services::notifications::notify_in(
                    &mut conn,
                    data,
                    needy,
                    "needs_match",
                    about,
                    &dedupe,
                )
                .await?;
            }
        }
        cursor = last;
    }
}

/// Runs [`tell_needs_covered`] every minute from the newest change at start (what was
/// there before is not news).
pub async fn run_needs_matching(data: Ctx) {
    let mut cursor = match data.pool.get().await {
        Ok(mut conn) => crate::db::models::directory_facets::last_change(&mut conn)
            .await
            .unwrap_or(0),
        Err(_) => 0,
    };
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        match tell_needs_covered(&data, cursor).await {
            Ok(next) => cursor = next,
            Err(e) => tracing::warn!(error = %e, "matching needs and expertise"),
        }
    }
}

/// The newest projects and organisations, for the home page.
pub async fn newest(data: &Ctx, limit: i64) -> AppResult<Vec<SearchHit>> {
    let mut conn = data.pool.get().await?;
    let ids = crate::db::models::entry::DirectoryEntry::newest_ids(&mut conn, limit).await?;
    Ok(directory_search::hits(&mut conn, &ids).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &str) -> Vec<(String, String)> {
        crate::text::query_pairs(Some(raw))
    }

    #[test]
    fn filters_are_checked_and_normalised() {
        let input = SearchInput::from_pairs(&pairs(
            "theme=health-care&theme=science&country=pt&need=Legal+Advice&kind=organisations",
        ))
        .unwrap();
        let q = input.query(20, 0).unwrap();
        assert_eq!(q.countries, vec!["PT"]);
        assert_eq!(q.kind.as_deref(), Some("organisation"));
        assert_eq!(q.tags.len(), 3);
        assert_eq!(q.tags[2], ("need".into(), "legal-advice".into()));
        for bad in [
            "theme=nope",
            "country=XX",
            "status=dead",
            "colour=red",
            "page=x",
            "local=maybe",
            "replicated=often",
        ] {
            let result = SearchInput::from_pairs(&pairs(bad)).and_then(|i| i.query(20, 0));
            assert!(result.is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn csv_quotes_and_guards_fields() {
        let mut out = String::new();
        csv_field("Fish, \"chips\"", &mut out);
        out.push('|');
        csv_field("=HYPERLINK(\"x\")", &mut out);
        out.push('|');
        csv_handle("@a@b.example:8080", &mut out);
        out.push('|');
        csv_handle("@=cmd|x@b", &mut out);
        assert_eq!(
            out,
            "\"Fish, \"\"chips\"\"\"|\"'=HYPERLINK(\"\"x\"\")\"|@a@b.example:8080|'@=cmd|x@b"
        );
    }
}
