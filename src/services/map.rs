//! The map of the ecosystem: projects and organisations (the directory's, this hub's and its
//! peers'), upcoming events and open funding calls. Entries and events with coordinates are
//! points; everything is also counted by country (and entries by the region their team
//! wrote), so that what has no coordinates is still on the map. The directory's filters
//! narrow the entries; its country, single theme and "local only" narrow the events too.
//! Drawing (projection, zoom, clustering) is the page's business (`web::map`).

use crate::db::models::directory_search;
use crate::db::models::directory_view::Fact;
use crate::db::models::entry::{KIND_ORGANISATION, KIND_PROJECT};
use crate::db::models::event::{CalendarFilter, Event};
use crate::db::models::funding_call::{FundingCall, ANY};
use crate::error::{AppError, AppResult};
use crate::services::directory::SearchInput;
use crate::state::Ctx;
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};

/// Events placed at most (the soonest).
pub const MAX_EVENTS: i64 = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Projects,
    Organisations,
    Events,
    Calls,
}

impl Layer {
    pub const ALL: [Layer; 4] = [
        Layer::Projects,
        Layer::Organisations,
        Layer::Events,
        Layer::Calls,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Layer::Projects => "projects",
            Layer::Organisations => "organisations",
            Layer::Events => "events",
            Layer::Calls => "calls",
        }
    }

    pub fn parse(code: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.code() == code.trim())
    }
}

/// What a point opens.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Entry {
        kind: String,
        username: String,
        hub: String,
        local: bool,
    },
    Event {
        key: String,
    },
}

/// Something with coordinates.
#[derive(Debug, Clone)]
pub struct Point {
    pub layer: Layer,
    pub name: String,
    pub target: Target,
    pub latitude: f64,
    pub longitude: f64,
    pub country: Option<String>,
    /// The region as written (entries), or "" (events).
    pub region: String,
    /// Where it comes from: the hub's domain.
    pub hub: String,
    /// When it starts (events).
    pub starts_at: Option<NaiveDateTime>,
}

/// Everything of one country, placed or not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountryRow {
    pub country: String,
    pub projects: i64,
    pub organisations: i64,
    pub events: i64,
    /// Open calls whose eligible countries include this one (by name or as EU-27).
    pub calls: i64,
    /// Entries and events with coordinates (the others are counted, not pinned).
    pub placed: i64,
    /// Entries by the region their team wrote, the most first.
    pub regions: Vec<(String, i64)>,
}

impl CountryRow {
    pub fn total(&self) -> i64 {
        self.projects + self.organisations + self.events + self.calls
    }
}

#[derive(Debug, Clone, Default)]
pub struct MapData {
    pub layers: Vec<Layer>,
    pub points: Vec<Point>,
    /// By country code, the busiest first.
    pub countries: Vec<CountryRow>,
    /// Open calls open to every country (not counted under any one).
    pub calls_everywhere: i64,
    /// Entries with neither coordinates nor a country.
    pub nowhere: i64,
    /// Entries and events by hub, the most first.
    pub hubs: Vec<(String, i64)>,
}

/// The map's own parameters, split from the directory's.
#[derive(Debug, Clone, Default)]
pub struct MapInput {
    pub directory: SearchInput,
    /// None: every layer.
    pub layers: Option<Vec<Layer>>,
}

impl MapInput {
    /// From query pairs: `layer` (repeatable) is the map's; `own` names are the page's
    /// (zoom, centre...) and are left to it; the rest are the directory's filters.
    pub fn from_pairs(pairs: &[(String, String)], own: &[&str]) -> AppResult<MapInput> {
        let mut layers: Option<Vec<Layer>> = None;
        let mut rest = Vec::new();
        for (name, value) in pairs {
            match name.as_str() {
                "layer" => {
                    if value.trim().is_empty() {
                        continue;
                    }
                    let layer =
                        Layer::parse(value).ok_or(AppError::Validation("map-error-filter"))?;
                    let list = layers.get_or_insert_with(Vec::new);
                    if !list.contains(&layer) {
                        list.push(layer);
                    }
                }
                n if own.contains(&n) => {}
                _ => rest.push((name.clone(), value.clone())),
            }
        }
        Ok(MapInput {
            directory: SearchInput::from_pairs(&rest)?,
            layers,
        })
    }
}

fn entry_point(fact: &Fact, layer: Layer) -> Option<Point> {
    let (latitude, longitude) = fact.point()?;
    Some(Point {
        layer,
        name: fact.name().to_string(),
        target: Target::Entry {
            kind: fact.kind().to_string(),
            username: fact.username().to_string(),
            hub: fact.hub().to_string(),
            local: fact.is_local(),
        },
        latitude,
        longitude,
        country: fact.country().map(str::to_string),
        region: fact.region().to_string(),
        hub: fact.hub().to_string(),
        starts_at: None,
    })
}

/// The map of what `input` selects.
pub async fn map(data: &Ctx, input: &MapInput) -> AppResult<MapData> {
    let layers = input.layers.clone().unwrap_or_else(|| Layer::ALL.to_vec());
    let query = input.directory.filters()?;
    let now = data.clock.now();
    let mut out = MapData {
        layers: layers.clone(),
        ..Default::default()
    };
    let mut rows: BTreeMap<String, CountryRow> = BTreeMap::new();
    let mut regions: HashMap<(String, String), i64> = HashMap::new();
    let mut hubs: HashMap<String, i64> = HashMap::new();
    let mut conn = data.pool.get().await?;
    let wanted = |kind: &str| match kind {
        KIND_PROJECT => layers.contains(&Layer::Projects).then_some(Layer::Projects),
        KIND_ORGANISATION => layers
            .contains(&Layer::Organisations)
            .then_some(Layer::Organisations),
        _ => None,
    };
    directory_search::visit(&mut conn, &data.directory, &query, |view| {
        let mut by_hub: HashMap<&str, i64> = HashMap::new();
        for fact in view.matching() {
            let Some(layer) = wanted(fact.kind()) else {
                continue;
            };
            *by_hub.entry(fact.hub()).or_default() += 1;
            let point = entry_point(&fact, layer);
            match fact.country() {
                Some(country) => {
                    let row = rows.entry(country.to_string()).or_default();
                    match layer {
                        Layer::Projects => row.projects += 1,
                        _ => row.organisations += 1,
                    }
                    row.placed += point.is_some() as i64;
                    if !fact.region().is_empty() {
                        *regions
                            .entry((country.to_string(), fact.region().to_string()))
                            .or_default() += 1;
                    }
                }
                None if point.is_none() => out.nowhere += 1,
                None => {}
            }
            out.points.extend(point);
        }
        hubs.extend(by_hub.into_iter().map(|(h, n)| (h.to_string(), n)));
    })
    .await?;
    if layers.contains(&Layer::Events) {
        let themes: Vec<&str> = query
            .tags
            .iter()
            .filter(|(f, _)| f == "theme")
            .map(|(_, v)| v.as_str())
            .collect();
        let filter = CalendarFilter {
            from: Some(now),
            country: (query.countries.len() == 1).then(|| query.countries[0].clone()),
            theme: (themes.len() == 1).then(|| themes[0].to_string()),
            local_only: query.local_only,
            ..Default::default()
        };
        let events = Event::points(&mut conn, &filter, MAX_EVENTS).await?;
        for e in events {
            // Several countries asked: the events of those only.
            if query.countries.len() > 1
                && !e
                    .country
                    .as_ref()
                    .is_some_and(|c| query.countries.contains(c))
            {
                continue;
            }
            let placed = e.latitude.is_some() && e.longitude.is_some();
            if let Some(country) = &e.country {
                let row = rows.entry(country.clone()).or_default();
                row.events += 1;
                row.placed += placed as i64;
            }
            *hubs.entry(e.hub.clone()).or_default() += 1;
            if let (Some(latitude), Some(longitude)) = (e.latitude, e.longitude) {
                out.points.push(Point {
                    layer: Layer::Events,
                    name: e.title,
                    target: Target::Event { key: e.key },
                    latitude,
                    longitude,
                    country: e.country,
                    region: String::new(),
                    hub: e.hub,
                    starts_at: Some(e.starts_at),
                });
            }
        }
    }
    if layers.contains(&Layer::Calls) {
        for (country, n) in FundingCall::open_by_country(&mut conn, now).await? {
            if country == ANY {
                out.calls_everywhere = n;
                continue;
            }
            if !query.countries.is_empty() && !query.countries.contains(&country) {
                continue;
            }
            rows.entry(country).or_default().calls += n;
        }
    }
    for ((country, region), n) in regions {
        if let Some(row) = rows.get_mut(&country) {
            row.regions.push((region, n));
        }
    }
    out.countries = rows
        .into_iter()
        .map(|(country, mut row)| {
            row.country = country;
            row.regions
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            row
        })
        .collect();
    out.countries.sort_by(|a, b| {
        b.total()
            .cmp(&a.total())
            .then_with(|| a.country.cmp(&b.country))
    });
    out.hubs = hubs.into_iter().collect();
    out.hubs
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}
