//! `GET /map`: projects, organisations, events and open calls on a map of Europe drawn on
//! the server from shapes compiled into the binary (no tile server, no script). Zoom and
//! pan are links; nearby markers cluster, and a cluster zooms in. The same content is a
//! list (the markers in view) and a table (every country, with what has no coordinates).

mod draw;
pub mod shapes;

use crate::error::AppError;
use crate::i18n::{self, Arg};
use crate::services::map::{self as service, Layer, MapData, MapInput, Target};
use crate::vocabulary as vocab;
use crate::web::directory::{country_name, value_label};
use crate::web::entries::entry_href;
use crate::web::page::{Page, WebResult};
use axum::extract::RawQuery;
use axum::http::StatusCode;
use draw::{Mark, Shade, Viewport};
use minijinja::context;
use minijinja::value::Value;

/// The page's own parameters (the view); the rest are the map's layers and the
/// directory's filters.
const VIEW_PARAMS: [&str; 4] = ["zoom", "x", "y", "focus"];
/// Markers listed under the map at most (the map itself shows them all, clustered).
const MAX_LISTED: usize = 300;

type Pairs = Vec<(String, String)>;

fn view_of(raw: &Pairs) -> Result<Viewport, AppError> {
    let one = |name: &str| {
        raw.iter()
            .rev()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let bad = AppError::Validation("map-error-view");
    if let Some(code) = one("focus") {
        let country = shapes::country(&code).ok_or(bad)?;
        return Ok(Viewport::fit(country.main));
    }
    let number = |name: &str| -> Result<Option<f64>, AppError> {
        match one(name) {
            None => Ok(None),
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && n.abs() < 10_000.0)
                .map(Some)
                .ok_or(AppError::Validation("map-error-view")),
        }
    };
    let zoom = match one("zoom") {
        None => 0,
        Some(z) => z
            .parse::<u8>()
            .ok()
            .filter(|z| *z <= draw::MAX_ZOOM)
            .ok_or(AppError::Validation("map-error-view"))?,
    };
    let whole = Viewport::default();
    Ok(Viewport::new(
        number("x")?.unwrap_or(whole.cx),
        number("y")?.unwrap_or(whole.cy),
        zoom,
    ))
}

/// The filters of this address without the view, as a query string (to add a view to).
fn filters_query(raw: &Pairs) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            raw.iter()
                .filter(|(n, v)| !v.trim().is_empty() && !VIEW_PARAMS.contains(&n.as_str())),
        )
        .finish()
}

fn href_at(filters: &str, view: &Viewport) -> String {
    let mut query = url::form_urlencoded::Serializer::new(filters.to_string());
    if view.zoom > 0 {
        query.append_pair("zoom", &view.zoom.to_string());
        query.append_pair("x", &format!("{}", view.cx.round()));
        query.append_pair("y", &format!("{}", view.cy.round()));
    }
    crate::text::with_query("/map", &query.finish())
}

fn target_href(target: &Target) -> String {
    match target {
        Target::Entry {
            kind,
            username,
            hub,
            local,
        } => match local {
            true => entry_href(kind, username),
            false => format!("/@{username}@{hub}"),
        },
        Target::Event { key } => format!("/events/{key}"),
    }
}

fn layer_label(page: &Page, layer: Layer) -> String {
    page.t(&format!("map-layer-{}", layer.code()))
}

/// What one marker is ("Project", "Event").
fn marker_label(page: &Page, layer: Layer) -> String {
    page.t(&format!("map-marker-{}", layer.code()))
}

fn country_label(page: &Page, code: &str) -> String {
    country_name(page.lang, code).unwrap_or_else(|| code.to_string())
}

fn country_title(page: &Page, row: &service::CountryRow) -> String {
    i18n::translate(
        page.lang,
        "map-country-title",
        &[
            ("country", Arg::Str(country_label(page, &row.country))),
            ("projects", Arg::Num(row.projects as f64)),
            ("organisations", Arg::Num(row.organisations as f64)),
            ("events", Arg::Num(row.events as f64)),
            ("calls", Arg::Num(row.calls as f64)),
        ],
    )
}

fn render_map(page: &Page, raw: &Pairs, view: Viewport, data: &MapData) -> Value {
    let filters = filters_query(raw);
    let projected: Vec<(f64, f64)> = data
        .points
        .iter()
        .map(|p| shapes::project(p.latitude, p.longitude))
        .collect();
    let groups = draw::cluster(&view, &projected);
    let marks: Vec<Mark> = groups
        .iter()
        .map(|g| match g.members.as_slice() {
            [one] => {
                let p = &data.points[*one];
                Mark {
                    at: g.at,
                    layer: Some(p.layer),
                    count: 1,
                    href: target_href(&p.target),
                    title: format!("{} ({})", p.name, marker_label(page, p.layer)),
                }
            }
            many => {
                let inside = Viewport::new(g.at.0, g.at.1, (view.zoom + 2).min(draw::MAX_ZOOM));
                // At the closest zoom a cluster cannot split: it opens the list.
                let href = match view.zoom >= draw::MAX_ZOOM {
                    true => format!("{}#map-list", href_at(&filters, &view)),
                    false => href_at(&filters, &inside),
                };
                Mark {
                    at: g.at,
                    layer: None,
                    count: many.len(),
                    href,
                    title: i18n::translate(
                        page.lang,
                        "map-cluster-title",
                        &[("count", Arg::Num(many.len() as f64))],
                    ),
                }
            }
        })
        .collect();
    let max = data.countries.iter().map(|c| c.total()).max().unwrap_or(0);
    let shades: Vec<Shade> = data
        .countries
        .iter()
        .map(|row| Shade {
            code: row.country.clone(),
            level: draw::shade(row.total(), max),
            title: country_title(page, row),
        })
        .collect();
    let in_view = groups.iter().map(|g| g.members.len()).sum::<usize>();
    let svg = draw::svg(
        &view,
        &page.t("map-svg-title"),
        &i18n::translate(
            page.lang,
            "map-svg-desc",
            &[
                ("markers", Arg::Num(in_view as f64)),
                ("countries", Arg::Num(data.countries.len() as f64)),
            ],
        ),
        &shades,
        &marks,
    );
    let mut listed: Vec<usize> = groups.iter().flat_map(|g| g.members.clone()).collect();
    listed.sort_by_cached_key(|i| data.points[*i].name.to_lowercase());
    let list: Vec<Value> = listed
        .iter()
        .take(MAX_LISTED)
        .map(|i| {
            let p = &data.points[*i];
            context! {
                name => p.name,
                href => target_href(&p.target),
                layer => p.layer.code(),
                layer_label => marker_label(page, p.layer),
                country => p.country.as_deref().map(|c| country_label(page, c)),
                region => Some(p.region.as_str()).filter(|r| !r.is_empty()),
                // Only other hubs are named, as directory cards do.
                hub => Some(p.hub.as_str()).filter(|h| *h != page.data.config.server.domain),
                starts => p.starts_at.map(|s| s.format("%Y-%m-%d").to_string()),
            }
        })
        .collect();
    let countries: Vec<Value> = data
        .countries
        .iter()
        .map(|row| {
            let mut query = url::form_urlencoded::Serializer::new(filters.clone());
            query.append_pair("focus", &row.country);
            context! {
                code => row.country,
                name => country_label(page, &row.country),
                projects => row.projects,
                organisations => row.organisations,
                events => row.events,
                calls => row.calls,
                placed => row.placed,
                regions => row.regions.iter().take(8).map(|(r, n)| format!("{r} ({n})")).collect::<Vec<_>>().join(", "),
                on_map => shapes::country(&row.country).is_some(),
                focus_href => crate::text::with_query("/map", &query.finish()),
            }
        })
        .collect();
    let one = |name: &str| {
        raw.iter()
            .rev()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let chosen_country = one("country").map(|c| c.to_ascii_uppercase());
    let chosen_theme = one("theme");
    let mut country_options: Vec<(String, String)> = shapes::countries()
        .iter()
        .map(|c| (c.code.to_string(), country_label(page, c.code)))
        .collect();
    country_options.sort_by(|a, b| a.1.cmp(&b.1));
    let kept: Vec<Value> = raw
        .iter()
        .filter(|(n, v)| {
            !v.trim().is_empty()
                && !VIEW_PARAMS.contains(&n.as_str())
                && !["layer", "country", "theme", "local"].contains(&n.as_str())
        })
        .map(|(n, v)| context! { name => n, value => v })
        .collect();
    let zoom_in = view.zoomed(1);
    let zoom_out = view.zoomed(-1);
    context! {
        svg => svg,
        zoom => view.zoom,
        max_zoom => draw::MAX_ZOOM,
        zoom_in_href => (zoom_in != view).then(|| href_at(&filters, &zoom_in)),
        zoom_out_href => (zoom_out != view).then(|| href_at(&filters, &zoom_out)),
        whole_href => (view != Viewport::default()).then(|| href_at(&filters, &Viewport::default())),
        pan => [("north", 0.0, -1.0), ("west", -1.0, 0.0), ("east", 1.0, 0.0), ("south", 0.0, 1.0)]
            .iter()
            .filter_map(|(dir, dx, dy)| {
                let moved = view.panned(*dx, *dy);
                (moved != view).then(|| context! { dir => dir, href => href_at(&filters, &moved) })
            })
            .collect::<Vec<_>>(),
        layers => Layer::ALL.iter().map(|l| context! {
            code => l.code(),
            label => layer_label(page, *l),
            checked => data.layers.contains(l),
        }).collect::<Vec<_>>(),
        country_options => country_options.iter().map(|(code, name)| context! {
            code => code, name => name, selected => chosen_country.as_deref() == Some(code.as_str()),
        }).collect::<Vec<_>>(),
        theme_options => vocab::THEMES.iter().map(|code| context! {
            code => code,
            name => value_label(page, "theme", code),
            selected => chosen_theme.as_deref() == Some(*code),
        }).collect::<Vec<_>>(),
        local_only => one("local").is_some_and(|v| ["1", "true", "yes", "on"].contains(&v.as_str())),
        kept => kept,
        list => list,
        listed_total => listed.len(),
        list_cut => listed.len() > MAX_LISTED,
        max_listed => MAX_LISTED,
        countries => countries,
        calls_everywhere => data.calls_everywhere,
        nowhere => data.nowhere,
        hubs => data.hubs.iter().map(|(h, n)| format!("{h} ({n})")).collect::<Vec<_>>().join(", "),
        geojson_href => crate::text::with_query("/api/v1/map.geojson", &filters),
    }
}

/// `GET /map`.
pub async fn page(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    let raw: Pairs = crate::text::query_pairs(raw.as_deref());
    let found = match (view_of(&raw), MapInput::from_pairs(&raw, &VIEW_PARAMS)) {
        (Ok(view), Ok(input)) => service::map(&page.data, &input)
            .await
            .map(|data| (view, data)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match found {
        Ok((view, data)) => {
            let context = render_map(&page, &raw, view, &data);
            page.render("map.html", context).await
        }
        Err(AppError::Validation(id)) => {
            let message = page.t(id);
            page.render_status(
                StatusCode::BAD_REQUEST,
                "map.html",
                context! { error => message },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
