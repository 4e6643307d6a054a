//! `GET /federation`, "Federation at a glance": the hubs this hub peers with, by country,
//! as a tile-grid map of Europe and a bar chart (SVG built by [`crate::web::federation_map`])
//! and as a table that says the same in words.

use crate::i18n::{self, Arg};
use crate::services::peering::{self as service, CountrySummary};
use crate::web::charts::{self, Bar};
use crate::web::federation_map::{self as map, CountryValue, MapText};
use crate::web::page::{Page, WebResult};
use minijinja::context;
use minijinja::value::Value;

/// A country's name in the page's language (CLDR); "" is "country not given".
pub fn country_label(page: &Page, code: &str) -> String {
    let upper = code.trim().to_ascii_uppercase();
    if upper.is_empty() {
        return page.t("federation-unknown-country");
    }
    crate::i18n::country_name(page.lang, &upper).unwrap_or(upper)
}

fn items_label(page: &Page, country: &str, count: i64) -> String {
    i18n::translate(
        page.lang,
        "federation-tile-items",
        &[
            ("country", Arg::Str(country.to_string())),
            ("count", Arg::Num(count as f64)),
        ],
    )
}

/// The map of Europe, shaded by the items of each country.
fn tile_map(page: &Page, own: &str, countries: &[CountrySummary]) -> String {
    let values: Vec<CountryValue> = countries
        .iter()
        .filter(|c| map::position(&c.country).is_some())
        .map(|c| {
            let name = country_label(page, &c.country);
            CountryValue {
                code: c.country.to_ascii_uppercase(),
                items: c.counts.total(),
                label: items_label(page, &name, c.counts.total()),
            }
        })
        .collect();
    let empty = |code: &str| {
        let name = country_label(page, code);
        i18n::translate(
            page.lang,
            "federation-tile-none",
            &[("country", Arg::Str(name))],
        )
    };
    let text = MapText {
        title: &page.t("federation-map-title"),
        desc: &page.t("federation-map-desc"),
        empty_label: &empty,
    };
    map::tile_map(&text, own, &values)
}

/// The bar chart, busiest country first.
fn bar_chart(page: &Page, countries: &[CountrySummary]) -> String {
    let mut sorted: Vec<&CountrySummary> = countries.iter().collect();
    sorted.sort_by(|a, b| {
        b.counts
            .total()
            .cmp(&a.counts.total())
            .then(a.country.cmp(&b.country))
    });
    let bars: Vec<Bar> = sorted
        .iter()
        .map(|c| {
            let name = country_label(page, &c.country);
            // Long names do not fit left of the bars: the code stands for them there.
            let short = if name.chars().count() <= 18 || c.country.is_empty() {
                name.chars().take(18).collect()
            } else {
                c.country.to_ascii_uppercase()
            };
            Bar {
                label: short,
                value: c.counts.total(),
                description: items_label(page, &name, c.counts.total()),
            }
        })
        .collect();
    charts::bar_chart(
        "chart",
        &page.t("federation-chart-title"),
        &page.t("federation-chart-desc"),
        &bars,
    )
}

/// `GET /federation`.
pub async fn page(page: Page) -> WebResult {
    let glance = service::glance(&page.data).await?;
    let own = glance.this_hub.country.to_ascii_uppercase();
    let rows: Vec<Value> = glance
        .countries
        .iter()
        .map(|c| {
            context! {
                code => c.country.to_ascii_uppercase(),
                name => country_label(&page, &c.country),
                own => !own.is_empty() && c.country.eq_ignore_ascii_case(&own),
                hubs => c.hubs,
                projects => c.counts.projects,
                organisations => c.counts.organisations,
                events => c.counts.events,
                communities => c.counts.communities,
                total => c.counts.total(),
            }
        })
        .collect();
    let off_map: Vec<String> = glance
        .countries
        .iter()
        .filter(|c| map::position(&c.country).is_none())
        .map(|c| country_label(&page, &c.country))
        .collect();
    let peers: Vec<Value> = glance
        .peers
        .iter()
        .map(|p| {
            context! {
                name => if p.name.is_empty() { p.host.clone() } else { p.name.clone() },
                host => p.host,
                href => format!("https://{}/", p.host),
                country => (!p.profile.country.is_empty()).then(|| country_label(&page, &p.profile.country)),
            }
        })
        .collect();
    page.render(
        "federation.html",
        context! {
            this_hub => context! {
                name => glance.this_hub.name,
                country => (!own.is_empty()).then(|| country_label(&page, &own)),
            },
            peers_count => glance.peers.len(),
            peers => peers,
            map_svg => tile_map(&page, &own, &glance.countries),
            chart_svg => bar_chart(&page, &glance.countries),
            off_map => (!off_map.is_empty()).then(|| off_map.join(", ")),
            countries => rows,
        },
    )
    .await
}
