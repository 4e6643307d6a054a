//! Filters, order and facet counts of directory searches, computed in memory.
//!
//! Counting facet values in SQL took 100-300 ms per search at 20,000 entries
//! (`benches/directory.rs`), well over the 50 ms target; one pass over an in-memory copy of
//! the fields searches filter on takes a few milliseconds. The database stays the truth:
//! full text is matched there and a page's entries are read from there. The copy follows
//! the database through `directory_changes`, which every write of an entry appends to in
//! the writer's transaction, so processes sharing one PostgreSQL database see each other's
//! changes at their next search.

use crate::db::schema::{actors, directory_changes, directory_entries, directory_tags};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

/// A process that has not searched for this long loads everything again, since the log
/// only keeps [`LOG_KEPT_MINUTES`].
const STALE_AFTER: Duration = Duration::from_secs(30 * 60);
const LOG_KEPT_MINUTES: i64 = 60;
/// A change id missing between seen ones may belong to a transaction still open (ids are
/// taken at insert, not at commit); it is awaited this long, then taken as rolled back.
const GAP_WAIT: Duration = Duration::from_secs(60);
/// A full load starts this many changes back, to pick up writes that were committing.
const LOAD_OVERLAP: i64 = 100;
/// The single-valued facets, in the order of `Doc::columns`.
pub const COLUMN_FACETS: [&str; 4] = ["kind", "country", "status", "org_type"];
/// The symbol facet of an entry's hub (never a filter).
pub(super) const HUB: &str = "hub";

/// The in-memory copy, one per database (it lives in the application state).
#[derive(Default)]
pub struct FacetCache(pub(super) tokio::sync::Mutex<Option<FacetIndex>>);

/// What a search filters, orders and counts on, for one entry, and what the ecosystem views
/// (`directory_view`) draw from it.
pub(super) struct Doc {
    pub(super) columns: [Option<u32>; 4],
    pub(super) tags: Vec<u32>,
    pub(super) local: bool,
    /// Remote actors that asked not to be listed (`discoverable: false`) are not, nor
    /// limited ones (by a domain block or an admin).
    pub(super) listed: bool,
    name_key: String,
    pub(super) name: String,
    pub(super) username: String,
    /// The hub it comes from (the actor's domain), interned as a `("hub", domain)` symbol.
    pub(super) hub: u32,
    pub(super) region: String,
    /// Latitude and longitude, when given.
    pub(super) point: Option<(f64, f64)>,
    /// When it was first published (by its own server), else when this hub first stored it.
    pub(super) created: NaiveDateTime,
}

pub struct FacetIndex {
    pub(super) docs: HashMap<i64, Doc>,
    /// Actor ids by name, then id; rebuilt after changes.
    pub(super) order: Vec<i64>,
    /// Interned `(facet, value)` pairs.
    pub(super) symbols: Vec<(String, String)>,
    symbol_ids: HashMap<(String, String), u32>,
    /// Every change below this id has been applied (or given up as rolled back).
    next_change: i64,
    seen_above: BTreeSet<i64>,
    gap_since: Option<Instant>,
    synced_at: Instant,
}

/// Filters as `search` gets them: `(facet, values)` groups (alternatives within a group,
/// every group applies), already validated.
pub struct Filters<'a> {
    pub groups: Vec<(&'a str, Vec<&'a str>)>,
    pub local_only: bool,
    /// Matches of the text query with their rank (lower first), when there is one.
    pub text: Option<HashMap<i64, f64>>,
    /// Only these actors, when given (the projects that have been replicated).
    pub only: Option<HashSet<i64>>,
    pub count_facets: bool,
}

/// Matching actor ids in order, and `(facet, value, count)` when asked.
pub struct Evaluated {
    pub ids: Vec<i64>,
    pub facets: Vec<(String, String, i64)>,
}

#[derive(Queryable)]
struct EntryRow {
    id: i64,
    kind: String,
    country: Option<String>,
    status: Option<String>,
    org_type: Option<String>,
    local: bool,
    listed: bool,
    display: String,
    username: String,
    domain: String,
    region: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    published: Option<NaiveDateTime>,
    stored: NaiveDateTime,
}

/// Records that `actor_id`'s entry changed; call in the transaction that changes it.
pub async fn log_change(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
    let now = crate::db::now();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(directory_changes::table)
        .values((
            directory_changes::actor_id.eq(actor_id),
            directory_changes::created_at.eq(now),
        ))
        .returning(directory_changes::id)
        .get_result(c)
        .await)?;
    // Now and then, drop what no process still needs.
    if id % 256 == 0 {
        let before = now - chrono::Duration::minutes(LOG_KEPT_MINUTES);
        db_run!(conn, |c| diesel::delete(
            directory_changes::table.filter(directory_changes::created_at.lt(before))
        )
        .execute(c)
        .await)?;
    }
    Ok(())
}

/// The newest change's id (0 for none).
pub async fn last_change(conn: &mut DbConn) -> DbResult<i64> {
    let last: Option<i64> = db_run!(conn, |c| directory_changes::table
        .select(diesel::dsl::max(directory_changes::id))
        .first(c)
        .await)?;
    Ok(last.unwrap_or(0))
}

/// Up to `limit` changes after `after`, oldest first: (change id, actor id).
pub async fn changes_after(conn: &mut DbConn, after: i64, limit: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(db_run!(conn, |c| directory_changes::table
        .filter(directory_changes::id.gt(after))
        .order(directory_changes::id)
        .limit(limit)
        .select((directory_changes::id, directory_changes::actor_id))
        .load(c)
        .await)?)
}

impl FacetCache {
    /// Brings the copy up to date with the database, then evaluates `filters` on it.
    pub async fn evaluate(&self, conn: &mut DbConn, filters: &Filters<'_>) -> DbResult<Evaluated> {
        let slot = self.current(conn).await?;
        Ok(slot.as_ref().expect("loaded").evaluate(filters))
    }

    /// The copy, loaded and brought up to date (always `Some`).
    pub(super) async fn current(
        &self,
        conn: &mut DbConn,
    ) -> DbResult<tokio::sync::MutexGuard<'_, Option<FacetIndex>>> {
        let mut slot = self.0.lock().await;
        let fresh = slot
            .as_ref()
            .is_some_and(|i| i.synced_at.elapsed() < STALE_AFTER);
        if !fresh {
            *slot = Some(FacetIndex::load(conn).await?);
        }
        slot.as_mut().expect("loaded above").catch_up(conn).await?;
        Ok(slot)
    }
}

async fn load_rows(conn: &mut DbConn, ids: Option<&[i64]>) -> DbResult<Vec<EntryRow>> {
    let columns = (
        directory_entries::actor_id,
        directory_entries::entry_kind,
        directory_entries::country,
        directory_entries::status,
        directory_entries::org_type,
        actors::is_local,
        // Listed: discoverable, and neither its domain nor the account limited.
        actors::discoverable
            .and(actors::domain_limited.eq(false))
            .and(actors::standing.eq("ok")),
        actors::display_name,
        actors::username,
        actors::domain,
        directory_entries::region,
        directory_entries::latitude,
        directory_entries::longitude,
        actors::published,
        directory_entries::created_at,
    );
    Ok(match ids {
        None => db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .select(columns)
            .load(c)
            .await)?,
        Some(ids) => db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(directory_entries::actor_id.eq_any(ids))
            .select(columns)
            .load(c)
            .await)?,
    })
}

async fn load_tags(conn: &mut DbConn, ids: Option<&[i64]>) -> DbResult<Vec<(i64, String, String)>> {
    let columns = (
        directory_tags::actor_id,
        directory_tags::facet,
        directory_tags::value,
    );
    Ok(match ids {
        None => db_run!(conn, |c| directory_tags::table
            .select(columns)
            .load(c)
            .await)?,
        Some(ids) => db_run!(conn, |c| directory_tags::table
            .filter(directory_tags::actor_id.eq_any(ids))
            .select(columns)
            .load(c)
            .await)?,
    })
}

impl FacetIndex {
    async fn load(conn: &mut DbConn) -> DbResult<FacetIndex> {
        let last: Option<i64> = db_run!(conn, |c| directory_changes::table
            .select(diesel::dsl::max(directory_changes::id))
            .first(c)
            .await)?;
        let mut index = FacetIndex {
            docs: HashMap::new(),
            order: Vec::new(),
            symbols: Vec::new(),
            symbol_ids: HashMap::new(),
            next_change: (last.unwrap_or(0) + 1 - LOAD_OVERLAP).max(1),
            seen_above: BTreeSet::new(),
            gap_since: None,
            synced_at: Instant::now(),
        };
        let rows = load_rows(conn, None).await?;
        let tags = load_tags(conn, None).await?;
        index.apply(rows, tags, &[]);
        Ok(index)
    }

    fn symbol(&mut self, facet: &str, value: &str) -> u32 {
        let key = (facet.to_string(), value.to_string());
        if let Some(id) = self.symbol_ids.get(&key) {
            return *id;
        }
        let id = self.symbols.len() as u32;
        self.symbols.push(key.clone());
        self.symbol_ids.insert(key, id);
        id
    }

    /// Replaces the docs of `reloaded` ids by `rows` (ids without a row are gone).
    fn apply(&mut self, rows: Vec<EntryRow>, tags: Vec<(i64, String, String)>, reloaded: &[i64]) {
        for id in reloaded {
            self.docs.remove(id);
        }
        for row in rows {
            let columns = [Some(row.kind), row.country, row.status, row.org_type];
            let mut symbols = [None; 4];
            for (i, value) in columns.iter().enumerate() {
                symbols[i] = value.as_deref().map(|v| self.symbol(COLUMN_FACETS[i], v));
            }
            let name = if row.display.trim().is_empty() {
                row.username.clone()
            } else {
                row.display
            };
            let doc = Doc {
                columns: symbols,
                tags: Vec::new(),
                local: row.local,
                listed: row.listed,
                name_key: name.to_lowercase(),
                name,
                username: row.username,
                hub: self.symbol(HUB, &row.domain),
                region: row.region.trim().to_string(),
                point: row.latitude.zip(row.longitude),
                created: row.published.unwrap_or(row.stored),
            };
            self.docs.insert(row.id, doc);
        }
        for (id, facet, value) in tags {
            let symbol = self.symbol(&facet, &value);
            if let Some(doc) = self.docs.get_mut(&id) {
                doc.tags.push(symbol);
            }
        }
        let mut order: Vec<(&str, i64)> = self
            .docs
            .iter()
            .map(|(id, d)| (d.name_key.as_str(), *id))
            .collect();
        order.sort_unstable();
        self.order = order.into_iter().map(|(_, id)| id).collect();
    }

    /// Reloads the entries changed since the last look.
    async fn catch_up(&mut self, conn: &mut DbConn) -> DbResult<()> {
        let next = self.next_change;
        let changes: Vec<(i64, i64)> = db_run!(conn, |c| directory_changes::table
            .filter(directory_changes::id.ge(next))
            .order(directory_changes::id)
            .select((directory_changes::id, directory_changes::actor_id))
            .load(c)
            .await)?;
        let mut actors: Vec<i64> = changes
            .iter()
            .filter(|(id, _)| !self.seen_above.contains(id))
            .map(|(_, actor)| *actor)
            .collect();
        actors.sort_unstable();
        actors.dedup();
        for chunk in actors.chunks(500) {
            let rows = load_rows(conn, Some(chunk)).await?;
            let tags = load_tags(conn, Some(chunk)).await?;
            self.apply(rows, tags, chunk);
        }
        self.seen_above.extend(changes.iter().map(|(id, _)| *id));
        self.advance();
        self.synced_at = Instant::now();
        Ok(())
    }

    fn advance(&mut self) {
        while self.seen_above.remove(&self.next_change) {
            self.next_change += 1;
        }
        match (self.seen_above.iter().next().copied(), self.gap_since) {
            (None, _) => self.gap_since = None,
            (Some(_), None) => self.gap_since = Some(Instant::now()),
            (Some(first), Some(since)) if since.elapsed() > GAP_WAIT => {
                self.next_change = first;
                self.gap_since = None;
                self.advance();
            }
            _ => {}
        }
    }

    pub(super) fn evaluate(&self, f: &Filters<'_>) -> Evaluated {
        // Each group as symbol ids; a value never seen matches nothing.
        let groups: Vec<(&str, Option<usize>, Vec<u32>)> = f
            .groups
            .iter()
            .map(|(facet, values)| {
                let column = COLUMN_FACETS.iter().position(|c| c == facet);
                let ids = values
                    .iter()
                    .filter_map(|v| {
                        self.symbol_ids
                            .get(&(facet.to_string(), v.to_string()))
                            .copied()
                    })
                    .collect();
                (*facet, column, ids)
            })
            .collect();
        let passes = |doc: &Doc, (_, column, ids): &(&str, Option<usize>, Vec<u32>)| match column {
            Some(i) => doc.columns[*i].is_some_and(|s| ids.contains(&s)),
            None => doc.tags.iter().any(|s| ids.contains(s)),
        };
        let mut ids = Vec::new();
        let mut counts: HashMap<u32, i64> = HashMap::new();
        for id in &self.order {
            let doc = &self.docs[id];
            if !doc.listed || (f.local_only && !doc.local) {
                continue;
            }
            if f.text.as_ref().is_some_and(|t| !t.contains_key(id)) {
                continue;
            }
            if f.only.as_ref().is_some_and(|only| !only.contains(id)) {
                continue;
            }
            let mut failed = None;
            let mut failures = 0;
            for (i, group) in groups.iter().enumerate() {
                if !passes(doc, group) {
                    failures += 1;
                    failed = Some(i);
                    if failures > 1 {
                        break;
                    }
                }
            }
            let symbols = doc.columns.iter().flatten().chain(doc.tags.iter());
            match (failures, failed) {
                (0, _) => {
                    ids.push(*id);
                    if f.count_facets {
                        for s in symbols {
                            *counts.entry(*s).or_default() += 1;
                        }
                    }
                }
                // A facet's counts ignore its own filter: what choosing another value gives.
                (1, Some(g)) if f.count_facets => {
                    for s in symbols.filter(|s| self.symbols[**s as usize].0 == groups[g].0) {
                        *counts.entry(*s).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        if let Some(text) = &f.text {
            // Stable: equal ranks keep the name order.
            ids.sort_by(|a, b| text[a].total_cmp(&text[b]));
        }
        let facets = counts
            .into_iter()
            .map(|(s, n)| {
                let (facet, value) = &self.symbols[s as usize];
                (facet.clone(), value.clone(), n)
            })
            .collect();
        Evaluated { ids, facets }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (actor id, name, country, tags)
    type Fixture<'a> = (i64, &'a str, &'a str, &'a [(&'a str, &'a str)]);

    fn index(entries: &[Fixture]) -> FacetIndex {
        let mut index = FacetIndex {
            docs: HashMap::new(),
            order: Vec::new(),
            symbols: Vec::new(),
            symbol_ids: HashMap::new(),
            next_change: 1,
            seen_above: BTreeSet::new(),
            gap_since: None,
            synced_at: Instant::now(),
        };
        let rows = entries
            .iter()
            .map(|(id, name, country, _)| EntryRow {
                id: *id,
                kind: "project".to_string(),
                country: Some(country.to_string()),
                status: None,
                org_type: None,
                local: true,
                listed: true,
                display: name.to_string(),
                username: "u".into(),
                domain: "hub.example".into(),
                region: String::new(),
                latitude: None,
                longitude: None,
                published: None,
                stored: chrono::DateTime::UNIX_EPOCH.naive_utc(),
            })
            .collect();
        let tags = entries
            .iter()
            .flat_map(|(id, _, _, tags)| {
                tags.iter()
                    .map(move |(f, v)| (*id, f.to_string(), v.to_string()))
            })
            .collect();
        index.apply(rows, tags, &[]);
        index
    }

    fn count(e: &Evaluated, facet: &str, value: &str) -> i64 {
        e.facets
            .iter()
            .find(|(f, v, _)| f == facet && v == value)
            .map_or(0, |(_, _, n)| *n)
    }

    #[test]
    fn a_facet_is_counted_without_its_own_filter() {
        let index = index(&[
            (1, "Beta", "PT", &[("theme", "science")]),
            (2, "alpha", "PT", &[("theme", "health-care")]),
            (3, "Gamma", "EE", &[("theme", "science")]),
        ]);
        let e = index.evaluate(&Filters {
            groups: vec![("theme", vec!["science"]), ("country", vec!["PT"])],
            local_only: false,
            text: None,
            only: None,
            count_facets: true,
        });
        assert_eq!(e.ids, vec![1]);
        // Theme counts apply the country filter only, country counts the theme filter only.
        assert_eq!(count(&e, "theme", "science"), 1);
        assert_eq!(count(&e, "theme", "health-care"), 1);
        assert_eq!(count(&e, "country", "PT"), 1);
        assert_eq!(count(&e, "country", "EE"), 1);
        assert_eq!(count(&e, "kind", "project"), 1);
    }

    #[test]
    fn order_is_by_name_or_rank_and_gaps_are_awaited() {
        let mut index = index(&[(1, "Beta", "PT", &[]), (2, "alpha", "PT", &[])]);
        let all = Filters {
            groups: vec![],
            local_only: false,
            text: None,
            only: None,
            count_facets: false,
        };
        assert_eq!(index.evaluate(&all).ids, vec![2, 1]);
        let ranked = Filters {
            text: Some(HashMap::from([(1, -2.0), (2, -1.0)])),
            ..all
        };
        assert_eq!(index.evaluate(&ranked).ids, vec![1, 2]);
        // Change 2 is seen before change 1 commits: 1 is awaited, not skipped.
        index.seen_above.insert(2);
        index.advance();
        assert_eq!(index.next_change, 1);
        index.seen_above.insert(1);
        index.advance();
        assert_eq!(index.next_change, 3);
        assert!(index.gap_since.is_none());
    }
}
