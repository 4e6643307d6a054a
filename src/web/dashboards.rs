//! `GET /dashboard`: a country or theme dashboard (any directory filters; the address is
//! the permalink). Each figure is a bar chart with the same numbers in a table beside it
//! and the hubs its entries come from; then needs against expertise, the gap list.

use crate::error::AppError;
use crate::i18n::{self, Arg};
use crate::services::dashboards::{self, Dashboard, EntryRef, Figure, Hubs, EARLIER, NOT_GIVEN};
use crate::services::directory::SearchInput;
use crate::vocabulary as vocab;
use crate::web::charts::{self, Bar};
use crate::web::directory::{country_name, value_label};
use crate::web::entries::entry_href;
use crate::web::page::{Page, WebResult};
use axum::extract::RawQuery;
use axum::http::StatusCode;
use minijinja::context;
use minijinja::value::Value;

/// Filters the dashboard's own form sets; others (any directory filter) are kept as hidden
/// fields, so that a permalink stays one when the form is used.
const FORM_FILTERS: [&str; 3] = ["country", "theme", "kind"];
/// Bar labels longer than this are cut (the table beside has them whole).
const LABEL_CHARS: usize = 17;

fn row_label(page: &Page, figure: &str, key: &str) -> String {
    if key == NOT_GIVEN {
        return page.t("dashboard-not-given");
    }
    let facet = match figure {
        "project-status" => "status",
        "project-theme" => "theme",
        "organisation-type" => "org_type",
        "sdg" => "sdg",
        "language" => "language",
        _ if key == EARLIER => return page.t("dashboard-earlier"),
        _ => return key.to_string(),
    };
    value_label(page, facet, key).unwrap_or_else(|| key.to_string())
}

fn hubs_text(page: &Page, hubs: &Hubs) -> String {
    hubs.iter()
        .map(|(hub, n)| {
            i18n::translate(
                page.lang,
                "dashboard-hub-count",
                &[
                    ("hub", Arg::Str(hub.clone())),
                    ("count", Arg::Num(*n as f64)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn figure_view(page: &Page, figure: &Figure) -> Value {
    let name = figure.name;
    let title = page.t(&format!("dashboard-figure-{name}"));
    let rows: Vec<(String, i64)> = figure
        .rows
        .iter()
        .map(|r| (row_label(page, name, &r.key), r.count))
        .collect();
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(label, count)| Bar {
            label: match label.chars().count() > LABEL_CHARS {
                true => format!(
                    "{}…",
                    label.chars().take(LABEL_CHARS - 1).collect::<String>()
                ),
                false => label.clone(),
            },
            value: *count,
            description: i18n::translate(
                page.lang,
                "dashboard-bar",
                &[
                    ("label", Arg::Str(label.clone())),
                    ("count", Arg::Num(*count as f64)),
                ],
            ),
        })
        .collect();
    let desc = i18n::translate(
        page.lang,
        "dashboard-figure-desc",
        &[("count", Arg::Num(figure.entries as f64))],
    );
    context! {
        name => name,
        title => title,
        entries => figure.entries,
        svg => (figure.entries > 0).then(|| charts::bar_chart(&format!("chart-{name}"), &title, &desc, &bars)),
        rows => rows.iter().map(|(label, count)| context! { label => label, count => count }).collect::<Vec<_>>(),
        hubs => hubs_text(page, &figure.hubs),
    }
}

fn entry_link(e: &EntryRef) -> Value {
    context! {
        name => e.name,
        href => if e.local { entry_href(&e.kind, &e.username) } else { format!("/@{}@{}", e.username, e.hub) },
        hub => e.hub,
        local => e.local,
    }
}

/// The filters as the address gives them, minus the form's own, for hidden fields.
fn kept_filters(raw: &[(String, String)]) -> Vec<Value> {
    raw.iter()
        .filter(|(n, v)| !v.trim().is_empty() && !FORM_FILTERS.contains(&n.as_str()))
        .filter(|(n, _)| n != "page" && n != "limit")
        .map(|(n, v)| context! { name => n, value => v })
        .collect()
}

fn one<'a>(raw: &'a [(String, String)], name: &str) -> Option<&'a str> {
    raw.iter()
        .rev()
        .find(|(n, v)| n == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

fn heading(page: &Page, raw: &[(String, String)]) -> String {
    let mut parts = Vec::new();
    if let Some(theme) = one(raw, "theme") {
        parts.push(value_label(page, "theme", theme).unwrap_or_else(|| theme.to_string()));
    }
    if let Some(country) = one(raw, "country") {
        parts.push(country_name(page.lang, country).unwrap_or_else(|| country.to_string()));
    }
    match parts.is_empty() {
        true => page.t("dashboard-title-all"),
        false => i18n::translate(
            page.lang,
            "dashboard-title-of",
            &[("subject", Arg::Str(parts.join(" · ")))],
        ),
    }
}

fn render_dashboard(page: &Page, raw: &[(String, String)], d: &Dashboard) -> Value {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            raw.iter()
                .filter(|(n, v)| !v.trim().is_empty() && n != "page" && n != "limit"),
        )
        .finish();
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let selected_country = one(raw, "country").map(|c| c.to_ascii_uppercase());
    let selected_theme = one(raw, "theme").map(str::to_string);
    let countries: Vec<Value> = d
        .countries
        .iter()
        .map(|(code, n)| {
            context! {
                code => code,
                name => country_name(page.lang, code).unwrap_or_else(|| code.clone()),
                count => n,
                selected => selected_country.as_deref() == Some(code.as_str()),
            }
        })
        .collect();
    let themes: Vec<Value> = d
        .themes
        .iter()
        .filter(|(code, _)| vocab::THEMES.contains(&code.as_str()))
        .map(|(code, n)| {
            context! {
                code => code,
                name => value_label(page, "theme", code),
                count => n,
                selected => selected_theme.as_deref() == Some(code.as_str()),
            }
        })
        .collect();
    let needs: Vec<Value> = d
        .needs
        .iter()
        .map(|n| {
            context! {
                tag => n.tag,
                coverage => n.coverage.code(),
                needed_count => n.needed_by.0,
                needed_by => n.needed_by.1.iter().map(entry_link).collect::<Vec<_>>(),
                same_count => n.same_country.0,
                same => n.same_country.1.iter().map(entry_link).collect::<Vec<_>>(),
                other_count => n.other_countries.0,
                other => n.other_countries.1.iter().map(entry_link).collect::<Vec<_>>(),
                hubs => hubs_text(page, &n.hubs),
            }
        })
        .collect();
    let gaps = d
        .needs
        .iter()
        .filter(|n| n.coverage == dashboards::Coverage::Nobody)
        .count();
    context! {
        heading => heading(page, raw),
        entries => d.entries,
        projects => d.projects,
        organisations => d.organisations,
        hubs => hubs_text(page, &d.hubs),
        hub_count => d.hubs.len(),
        figures => d.figures.iter().map(|f| figure_view(page, f)).collect::<Vec<_>>(),
        needs => needs,
        gaps => gaps,
        since => d.since,
        countries => countries,
        themes => themes,
        kind => one(raw, "kind"),
        kept => kept_filters(raw),
        permalink => format!("/dashboard{suffix}"),
        csv_href => format!("/api/v1/dashboard.csv{suffix}"),
        json_href => format!("/api/v1/dashboard{suffix}"),
    }
}

/// `GET /dashboard`.
pub async fn page(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    let raw = crate::text::query_pairs(raw.as_deref());
    let found = match SearchInput::from_pairs(&raw) {
        Ok(input) => dashboards::dashboard(&page.data, &input).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(d) => {
            let view = render_dashboard(&page, &raw, &d);
            page.render("dashboard.html", view).await
        }
        // A bad address is the visitor's mistake: say so, with a way back.
        Err(AppError::Validation(id)) => {
            let message = page.t(id);
            page.render_status(
                StatusCode::BAD_REQUEST,
                "dashboard.html",
                context! { heading => page.t("dashboard-title-all"), error => message },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
