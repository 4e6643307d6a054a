//! What the ecosystem views (dashboards, map, network) read of the directory: the listed
//! entries a search matches, and every listed entry, straight from the in-memory copy that
//! `directory_facets` keeps up to date, so a dashboard over 20,000 entries costs no query per
//! entry. Remote entries are included: a hub holds complete copies of its peers'.

use crate::db::models::directory_facets::{Doc, FacetCache, FacetIndex, Filters, HUB};
use crate::db::{DbConn, DbResult};
use chrono::NaiveDateTime;

/// One listed entry.
#[derive(Clone, Copy)]
pub struct Fact<'a> {
    index: &'a FacetIndex,
    pub id: i64,
    doc: &'a Doc,
}

impl<'a> Fact<'a> {
    fn column(&self, i: usize) -> Option<&'a str> {
        self.doc.columns[i].map(|s| self.index.symbols[s as usize].1.as_str())
    }

    /// "project" or "organisation".
    pub fn kind(&self) -> &'a str {
        self.column(0).unwrap_or_default()
    }

    pub fn country(&self) -> Option<&'a str> {
        self.column(1)
    }

    pub fn status(&self) -> Option<&'a str> {
        self.column(2)
    }

    pub fn org_type(&self) -> Option<&'a str> {
        self.column(3)
    }

    /// The values of one tag facet ("theme", "sdg", "need"...), as stored.
    pub fn tags(&self, facet: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let index = self.index;
        self.doc.tags.iter().filter_map(move |s| {
            let (f, v) = &index.symbols[*s as usize];
            (f == facet).then_some(v.as_str())
        })
    }

    /// The domain of the hub it lives on.
    pub fn hub(&self) -> &'a str {
        let (facet, domain) = &self.index.symbols[self.doc.hub as usize];
        debug_assert_eq!(facet, HUB);
        domain
    }

    pub fn is_local(&self) -> bool {
        self.doc.local
    }

    /// Its display name (its username when it has none).
    pub fn name(&self) -> &'a str {
        &self.doc.name
    }

    pub fn username(&self) -> &'a str {
        &self.doc.username
    }

    /// The region as written by its team ("" when not given).
    pub fn region(&self) -> &'a str {
        &self.doc.region
    }

    /// (latitude, longitude), when given.
    pub fn point(&self) -> Option<(f64, f64)> {
        self.doc.point
    }

    pub fn created(&self) -> NaiveDateTime {
        self.doc.created
    }
}

/// The listed entries, and which of them a search matched.
pub struct View<'a> {
    index: &'a FacetIndex,
    /// Matching ids, in the search's order (by name).
    pub matching: Vec<i64>,
}

impl<'a> View<'a> {
    fn fact(&self, id: i64) -> Option<Fact<'a>> {
        let index = self.index;
        let doc = index.docs.get(&id)?;
        doc.listed.then_some(Fact { index, id, doc })
    }

    /// The entries the search matched, by name.
    pub fn matching(&self) -> impl Iterator<Item = Fact<'a>> + '_ {
        self.matching.iter().filter_map(|id| self.fact(*id))
    }

    /// Every listed entry, matched or not, by name.
    pub fn listed(&self) -> impl Iterator<Item = Fact<'a>> + '_ {
        self.index.order.iter().filter_map(|id| self.fact(*id))
    }

    /// A listed entry by actor id.
    pub fn get(&self, id: i64) -> Option<Fact<'a>> {
        self.fact(id)
    }
}

impl FacetCache {
    /// Runs `read` on the entries `filters` match, with the copy up to date. `read` runs
    /// while the copy is locked: it should compute, not wait.
    pub async fn visit<R>(
        &self,
        conn: &mut DbConn,
        filters: &Filters<'_>,
        read: impl FnOnce(View<'_>) -> R,
    ) -> DbResult<R> {
        let slot = self.current(conn).await?;
        let index = slot.as_ref().expect("loaded");
        let matching = index.evaluate(filters).ids;
        Ok(read(View { index, matching }))
    }
}
