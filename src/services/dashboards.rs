//! Country and theme dashboards: what the directory holds (this hub's entries and its peers'
//! complete copies) counted for the people who plan capacity building and advocacy. Any
//! directory search narrows it (`country=PT`, `theme=health-care`, both, or none for the
//! whole hub); every figure says which hubs its entries come from. Computed from the
//! in-memory copy of the directory (`directory_view`), so a figure costs no query.

use crate::db::models::directory_search;
use crate::db::models::directory_view::{Fact, View};
use crate::db::models::entry::{KIND_ORGANISATION, KIND_PROJECT};
use crate::error::AppResult;
use crate::services::directory::SearchInput;
use crate::state::Ctx;
use crate::vocabulary as vocab;
use chrono::{Datelike, NaiveDateTime};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The figures, in the order the page shows them.
pub const FIGURES: [&str; 6] = [
    "project-status",
    "project-theme",
    "organisation-type",
    "sdg",
    "language",
    "created",
];
/// Quarters shown one by one; older entries are counted together.
pub const QUARTERS: usize = 12;
/// The row key of entries older than the quarters shown.
pub const EARLIER: &str = "earlier";
/// The row key of entries that leave a single-valued field empty.
pub const NOT_GIVEN: &str = "";
/// Entries listed per need and place; the counts are complete.
const LISTED_HELPERS: usize = 10;
/// Needs shown (the most needed first).
const MAX_NEEDS: usize = 100;

/// One bar of a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// A code of the figure's list (a status, theme, SDG, language tag, quarter `2026-Q3`),
    /// [`NOT_GIVEN`] or [`EARLIER`].
    pub key: String,
    pub count: i64,
}

/// Entries counted, by hub (domain), the most first.
pub type Hubs = Vec<(String, i64)>;

#[derive(Debug, Clone)]
pub struct Figure {
    pub name: &'static str,
    pub rows: Vec<Row>,
    /// How many entries the figure counts (an entry with three themes counts once here).
    pub entries: i64,
    pub hubs: Hubs,
}

/// An entry named by a dashboard.
#[derive(Debug, Clone)]
pub struct EntryRef {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub username: String,
    pub hub: String,
    pub local: bool,
    pub country: Option<String>,
}

/// Where a need can be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// An organisation in the country of an entry that needs it offers it.
    SameCountry,
    /// Only organisations in other countries (this hub's or its peers') offer it.
    OtherCountries,
    /// Nobody this hub knows of offers it: a gap.
    Nobody,
}

impl Coverage {
    pub fn code(self) -> &'static str {
        match self {
            Coverage::SameCountry => "same-country",
            Coverage::OtherCountries => "other-countries",
            Coverage::Nobody => "nobody",
        }
    }
}

/// One need tag of the dashboard's entries, against the expertise of every organisation.
#[derive(Debug, Clone)]
pub struct Need {
    pub tag: String,
    /// Entries of the dashboard that need it: how many, and the first [`LISTED_HELPERS`]
    /// by name.
    pub needed_by: (i64, Vec<EntryRef>),
    /// Organisations offering it in a country of an entry that needs it: how many, and
    /// the first [`LISTED_HELPERS`] by name.
    pub same_country: (i64, Vec<EntryRef>),
    /// Organisations offering it elsewhere (another country, or none given).
    pub other_countries: (i64, Vec<EntryRef>),
    pub coverage: Coverage,
    pub hubs: Hubs,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub entries: i64,
    pub projects: i64,
    pub organisations: i64,
    pub hubs: Hubs,
    pub figures: Vec<Figure>,
    pub needs: Vec<Need>,
    /// The first quarter shown by `created` (`2024-Q1`).
    pub since: String,
    /// Every listed entry's country and theme, with how many: the other dashboards.
    pub countries: Vec<(String, i64)>,
    pub themes: Vec<(String, i64)>,
}

/// The dashboard of the entries `input` finds (its page and limit aside).
pub async fn dashboard(data: &Ctx, input: &SearchInput) -> AppResult<Dashboard> {
    let query = input.filters()?;
    let now = data.clock.now();
    let mut conn = data.pool.get().await?;
    Ok(
        directory_search::visit(&mut conn, &data.directory, &query, |view| {
            compute(&view, now)
        })
        .await?,
    )
}

/// `2026-Q3`.
pub fn quarter_of(at: NaiveDateTime) -> (i32, u32) {
    (at.year(), at.month0() / 3 + 1)
}

fn quarter_key((year, quarter): (i32, u32)) -> String {
    format!("{year}-Q{quarter}")
}

/// The [`QUARTERS`] quarters ending with `now`'s, oldest first.
fn last_quarters(now: NaiveDateTime) -> Vec<(i32, u32)> {
    let (mut year, mut quarter) = quarter_of(now);
    let mut out = Vec::with_capacity(QUARTERS);
    for _ in 0..QUARTERS {
        out.push((year, quarter));
        if quarter == 1 {
            year -= 1;
            quarter = 4;
        } else {
            quarter -= 1;
        }
    }
    out.reverse();
    out
}

/// Counts as `(key, count)`, the most first, then by key.
fn sorted_hubs(hubs: HashMap<&str, i64>) -> Hubs {
    let mut hubs: Hubs = hubs.into_iter().map(|(h, n)| (h.to_string(), n)).collect();
    hubs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    hubs
}

/// Counts keys over `entries`: every key `keys` gives an entry (into the list it is handed)
/// counts once for it. `order`: rows in this order, zeros kept (a fixed list); None: the
/// most counted first, zeros left out (an open list). Keys are borrowed, not copied: a
/// dashboard of 20,000 entries would otherwise allocate a string per entry and figure.
fn figure<'a, 'k>(
    name: &'static str,
    entries: &[Fact<'a>],
    keys: impl Fn(&Fact<'a>, &mut Vec<&'k str>),
    order: Option<&[&str]>,
) -> Figure
where
    'a: 'k,
{
    let mut counts: HashMap<&'k str, i64> = HashMap::new();
    let mut hubs: HashMap<&str, i64> = HashMap::new();
    let mut counted = 0;
    let mut found: Vec<&'k str> = Vec::new();
    for fact in entries {
        found.clear();
        keys(fact, &mut found);
        found.sort_unstable();
        found.dedup();
        if found.is_empty() {
            continue;
        }
        counted += 1;
        *hubs.entry(fact.hub()).or_default() += 1;
        for key in &found {
            *counts.entry(key).or_default() += 1;
        }
    }
    let row = |(key, count): (&str, i64)| Row {
        key: key.to_string(),
        count,
    };
    let by_count = |a: &Row, b: &Row| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key));
    let rows = match order {
        Some(order) => {
            let mut rows: Vec<Row> = order
                .iter()
                .map(|key| row((key, counts.remove(*key).unwrap_or(0))))
                .collect();
            // Stored values outside the list (from another server's vocabulary) follow.
            let mut rest: Vec<Row> = counts.into_iter().map(row).collect();
            rest.sort_by(by_count);
            rows.extend(rest);
            rows
        }
        None => {
            let mut rows: Vec<Row> = counts.into_iter().map(row).collect();
            rows.sort_by(by_count);
            rows
        }
    };
    Figure {
        name,
        rows,
        entries: counted,
        hubs: sorted_hubs(hubs),
    }
}

fn entry_ref(fact: &Fact) -> EntryRef {
    EntryRef {
        id: fact.id,
        name: fact.name().to_string(),
        kind: fact.kind().to_string(),
        username: fact.username().to_string(),
        hub: fact.hub().to_string(),
        local: fact.is_local(),
        country: fact.country().map(str::to_string),
    }
}

/// Every figure and the needs of the entries `view` matched.
pub fn compute<'a>(view: &View<'a>, now: NaiveDateTime) -> Dashboard {
    let entries: Vec<Fact<'a>> = view.matching().collect();
    let projects: Vec<Fact<'a>> = entries
        .iter()
        .filter(|f| f.kind() == KIND_PROJECT)
        .copied()
        .collect();
    let organisations: Vec<Fact<'a>> = entries
        .iter()
        .filter(|f| f.kind() == KIND_ORGANISATION)
        .copied()
        .collect();
    let single = |v: Option<&'a str>, out: &mut Vec<&'a str>| out.push(v.unwrap_or(NOT_GIVEN));
    let with_blank = |list: &[&'static str]| {
        let mut keys = list.to_vec();
        keys.push(NOT_GIVEN);
        keys
    };
    let tags =
        |facet: &'static str| move |f: &Fact<'a>, out: &mut Vec<&'a str>| out.extend(f.tags(facet));
    let quarters = last_quarters(now);
    let first = quarters[0];
    let last = *quarters.last().expect("twelve");
    let quarter_keys: Vec<String> = quarters.iter().map(|q| quarter_key(*q)).collect();
    let mut created_order: Vec<&str> = vec![EARLIER];
    created_order.extend(quarter_keys.iter().map(String::as_str));
    let statuses = with_blank(vocab::PROJECT_STATUSES);
    let org_types = with_blank(vocab::ORGANISATION_TYPES);
    let figures = vec![
        figure(
            FIGURES[0],
            &projects,
            |f, out| single(f.status(), out),
            Some(&statuses),
        ),
        figure(FIGURES[1], &projects, tags("theme"), None),
        figure(
            FIGURES[2],
            &organisations,
            |f, out| single(f.org_type(), out),
            Some(&org_types),
        ),
        figure(FIGURES[3], &entries, tags("sdg"), Some(vocab::SDGS)),
        figure(FIGURES[4], &entries, tags("language"), None),
        figure(
            FIGURES[5],
            &entries,
            |f, out| {
                // Entries dated after now (a clock ahead elsewhere) count in this quarter.
                let q = quarter_of(f.created()).min(last);
                out.push(match quarters.iter().position(|x| *x == q) {
                    Some(i) => quarter_keys[i].as_str(),
                    None => EARLIER,
                });
            },
            Some(&created_order),
        ),
    ];
    let mut hubs: HashMap<&str, i64> = HashMap::new();
    for fact in &entries {
        *hubs.entry(fact.hub()).or_default() += 1;
    }
    Dashboard {
        entries: entries.len() as i64,
        projects: projects.len() as i64,
        organisations: organisations.len() as i64,
        hubs: sorted_hubs(hubs),
        figures,
        needs: needs(view, &entries),
        since: quarter_key(first),
        countries: everywhere(view, |f| f.country().into_iter().collect()),
        themes: everywhere(view, |f| f.tags("theme").collect()),
    }
}

/// How many listed entries have each value, the most first.
fn everywhere<'a>(
    view: &View<'a>,
    values: impl Fn(&Fact<'a>) -> Vec<&'a str>,
) -> Vec<(String, i64)> {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for fact in view.listed() {
        for value in values(&fact) {
            *counts.entry(value).or_default() += 1;
        }
    }
    sorted_hubs(counts)
}

/// For each need of `entries`, the organisations (every listed one) whose expertise offers
/// it, in the country of an entry needing it or elsewhere; gaps first among equals.
fn needs<'a>(view: &View<'a>, entries: &[Fact<'a>]) -> Vec<Need> {
    let mut needed: BTreeMap<&str, Vec<Fact>> = BTreeMap::new();
    for fact in entries {
        for tag in fact.tags("need") {
            needed.entry(tag).or_default().push(*fact);
        }
    }
    if needed.is_empty() {
        return Vec::new();
    }
    let mut offered: HashMap<&str, Vec<Fact>> = HashMap::new();
    for fact in view.listed().filter(|f| f.kind() == KIND_ORGANISATION) {
        for tag in fact.tags("expertise") {
            if needed.contains_key(tag) {
                offered.entry(tag).or_default().push(fact);
            }
        }
    }
    let mut out: Vec<Need> = needed
        .into_iter()
        .map(|(tag, needing)| {
            let countries: HashSet<&str> = needing.iter().filter_map(|f| f.country()).collect();
            let helpers = offered.remove(tag).unwrap_or_default();
            let (same, other): (Vec<Fact>, Vec<Fact>) = helpers
                .into_iter()
                // An organisation does not help itself.
                .filter(|h| !needing.iter().any(|n| n.id == h.id))
                .partition(|h| h.country().is_some_and(|c| countries.contains(c)));
            let coverage = match (same.is_empty(), other.is_empty()) {
                (false, _) => Coverage::SameCountry,
                (true, false) => Coverage::OtherCountries,
                (true, true) => Coverage::Nobody,
            };
            let mut hubs: HashMap<&str, i64> = HashMap::new();
            for fact in needing.iter().chain(same.iter()).chain(other.iter()) {
                *hubs.entry(fact.hub()).or_default() += 1;
            }
            let listed = |facts: &[Fact]| {
                (
                    facts.len() as i64,
                    facts.iter().take(LISTED_HELPERS).map(entry_ref).collect(),
                )
            };
            Need {
                tag: tag.to_string(),
                needed_by: listed(&needing),
                same_country: listed(&same),
                other_countries: listed(&other),
                coverage,
                hubs: sorted_hubs(hubs),
            }
        })
        .collect();
    // The most needed first; among equals, gaps before needs met elsewhere before met here.
    let rank = |c: Coverage| match c {
        Coverage::Nobody => 0,
        Coverage::OtherCountries => 1,
        Coverage::SameCountry => 2,
    };
    out.sort_by(|a, b| {
        b.needed_by
            .0
            .cmp(&a.needed_by.0)
            .then_with(|| rank(a.coverage).cmp(&rank(b.coverage)))
            .then_with(|| a.tag.cmp(&b.tag))
    });
    out.truncate(MAX_NEEDS);
    out
}

/// The dashboard as CSV: one line per row of every figure, then one per need.
pub fn to_csv(dashboard: &Dashboard) -> String {
    use crate::services::directory::csv_field;
    let mut out = String::from("figure,key,count,hubs\r\n");
    let hubs_text = |hubs: &Hubs| {
        hubs.iter()
            .map(|(h, n)| format!("{h}={n}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for figure in &dashboard.figures {
        let hubs = hubs_text(&figure.hubs);
        for row in &figure.rows {
            for (i, field) in [figure.name, &row.key, &row.count.to_string(), &hubs]
                .iter()
                .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                csv_field(field, &mut out);
            }
            out.push_str("\r\n");
        }
    }
    out.push_str("\r\nneed,needed_by,same_country,other_countries,coverage,hubs\r\n");
    for need in &dashboard.needs {
        let fields = [
            need.tag.clone(),
            need.needed_by.0.to_string(),
            need.same_country.0.to_string(),
            need.other_countries.0.to_string(),
            need.coverage.code().to_string(),
            hubs_text(&need.hubs),
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(field, &mut out);
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    #[test]
    fn quarters_end_with_the_current_one() {
        assert_eq!(quarter_of(at(2026, 12, 7)), (2026, 4));
        assert_eq!(quarter_of(at(2026, 1, 1)), (2026, 1));
        assert_eq!(quarter_of(at(2026, 9, 30)), (2026, 3));
        let q = last_quarters(at(2026, 2, 1));
        assert_eq!(q.len(), QUARTERS);
        assert_eq!(q[QUARTERS - 1], (2026, 1));
        assert_eq!(q[QUARTERS - 2], (2025, 4));
        assert_eq!(q[0], (2023, 2));
    }
}
