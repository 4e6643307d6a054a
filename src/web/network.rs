//! `GET /network`: who works with whom, drawn as SVG from the layout the service computes
//! (no script), every node a link to its page; the same as a table; downloads as JSON,
//! GraphML and CSV. The directory's filters (theme, country, kind...) narrow it.

use crate::error::AppError;
use crate::i18n::{self, Arg};
use crate::services::directory::SearchInput;
use crate::services::network::{self as service, Network, Node, MAX_LABELS};
use crate::text::escape_xml;
use crate::vocabulary as vocab;
use crate::web::directory::{country_name, value_label};
use crate::web::entries::entry_href;
use crate::web::page::{Page, WebResult};
use axum::extract::RawQuery;
use axum::http::StatusCode;
use minijinja::context;
use minijinja::value::Value;

/// Rows of the table at most (the downloads hold every node).
const MAX_ROWS: usize = 500;

pub fn node_href(n: &Node) -> String {
    match n.local {
        true => entry_href(&n.kind, &n.username),
        false => format!("/@{}@{}", n.username, n.hub),
    }
}

/// Colour and dash of an edge by its relation.
fn edge_style(relation: &str) -> (&'static str, &'static str, &'static str) {
    match relation {
        "lead" => ("#1f2937", "2.2", ""),
        "funder" => ("#b45309", "1.6", ""),
        "partner" => ("#64748b", "1.2", ""),
        // Replication: dashed, in blue.
        _ => ("#2563eb", "1.4", " stroke-dasharray=\"6 4\""),
    }
}

fn relation_label(page: &Page, relation: &str) -> String {
    page.t(&format!("network-relation-{}", relation.replace('_', "-")))
}

fn svg(page: &Page, net: &Network) -> Option<String> {
    let drawn: Vec<&Node> = net.nodes.iter().filter(|n| n.at.is_some()).collect();
    if drawn.is_empty() {
        return None;
    }
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"network-graph\" viewBox=\"0 0 1000 1000\" \
         role=\"group\" aria-labelledby=\"network-title network-desc\">\
         <title id=\"network-title\">{}</title><desc id=\"network-desc\">{}</desc><g class=\"edges\">",
        escape_xml(&page.t("network-svg-title")),
        escape_xml(&i18n::translate(
            page.lang,
            "network-svg-desc",
            &[
                ("nodes", Arg::Num(drawn.len() as f64)),
                ("edges", Arg::Num(net.edges.len() as f64)),
            ],
        )),
    );
    for e in &net.edges {
        let (Some(a), Some(b)) = (net.nodes[e.from].at, net.nodes[e.to].at) else {
            continue;
        };
        let (colour, width, dash) = edge_style(&e.relation);
        out.push_str(&format!(
            "<line x1=\"{:.0}\" y1=\"{:.0}\" x2=\"{:.0}\" y2=\"{:.0}\" stroke=\"{colour}\" \
             stroke-width=\"{width}\" stroke-opacity=\"0.7\"{dash}/>",
            a.0, a.1, b.0, b.1
        ));
    }
    out.push_str("</g><g class=\"nodes\">");
    let mut by_degree: Vec<&Node> = drawn.clone();
    by_degree.sort_by(|a, b| b.degree.cmp(&a.degree).then(a.name.cmp(&b.name)));
    let labelled: Vec<i64> = by_degree.iter().take(MAX_LABELS).map(|n| n.id).collect();
    for n in &drawn {
        let (x, y) = n.at.expect("drawn");
        let r = 5.0 + (n.degree as f64).sqrt() * 1.6;
        let opacity = if n.matched { "1" } else { "0.55" };
        let shape = match n.kind.as_str() {
            "organisation" => format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#6a3d9a\" \
                 fill-opacity=\"{opacity}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
                x - r,
                y - r,
                2.0 * r,
                2.0 * r
            ),
            _ => format!(
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"#1b7837\" \
                 fill-opacity=\"{opacity}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
            ),
        };
        // Near an edge a label grows inwards, so that it is not cut.
        let anchor = match x {
            x if x < 180.0 => "start",
            x if x > 820.0 => "end",
            _ => "middle",
        };
        let label = match labelled.contains(&n.id) {
            true => format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-family=\"sans-serif\" fill=\"#111827\" \
                 stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" text-anchor=\"{anchor}\">{}</text>",
                x,
                y - r - 4.0,
                escape_xml(&n.name.chars().take(28).collect::<String>())
            ),
            false => String::new(),
        };
        let title = i18n::translate(
            page.lang,
            "network-node-title",
            &[
                ("name", Arg::Str(n.name.clone())),
                ("links", Arg::Num(n.degree as f64)),
            ],
        );
        out.push_str(&format!(
            "<a href=\"{}\"><title>{}</title>{shape}{label}</a>",
            escape_xml(&node_href(n)),
            escape_xml(&title)
        ));
    }
    out.push_str("</g></svg>");
    Some(out)
}

fn render_network(page: &Page, raw: &[(String, String)], net: &Network) -> Value {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            raw.iter()
                .filter(|(n, v)| !v.trim().is_empty() && n != "page" && n != "limit"),
        )
        .finish();
    let with = |path: &str| crate::text::with_query(path, &query);
    let one = |name: &str| {
        raw.iter()
            .rev()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let chosen_country = one("country").map(|c| c.to_ascii_uppercase());
    let chosen_theme = one("theme");
    // The nodes are by name already: a stable sort by links keeps that order among equals.
    let mut rows: Vec<&Node> = net.nodes.iter().collect();
    rows.sort_by_key(|n| std::cmp::Reverse(n.degree));
    let mut codes: Vec<String> = net
        .nodes
        .iter()
        .filter_map(|n| n.country.clone())
        .chain(chosen_country.clone())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut countries: Vec<(String, String)> = codes
        .into_iter()
        .map(|c| {
            let name = country_name(page.lang, &c).unwrap_or_else(|| c.clone());
            (c, name)
        })
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let mut relations: Vec<&str> = net.edges.iter().map(|e| e.relation.as_str()).collect();
    relations.sort_unstable();
    relations.dedup();
    let kept: Vec<Value> = raw
        .iter()
        .filter(|(n, v)| {
            !v.trim().is_empty()
                && !["country", "theme", "kind", "page", "limit"].contains(&n.as_str())
        })
        .map(|(n, v)| context! { name => n, value => v })
        .collect();
    context! {
        svg => svg(page, net),
        node_count => net.nodes.len(),
        edge_count => net.edges.len(),
        drawn => net.nodes.iter().filter(|n| n.at.is_some()).count(),
        unlinked => net.nodes.iter().filter(|n| n.degree == 0).count(),
        hubs => net.hubs.iter().map(|(h, n)| format!("{h} ({n})")).collect::<Vec<_>>().join(", "),
        relations => relations.iter().map(|r| context! { code => r, label => relation_label(page, r) }).collect::<Vec<_>>(),
        rows => rows.iter().take(MAX_ROWS).map(|n| context! {
            name => n.name,
            href => node_href(n),
            kind => value_label(page, "kind", &n.kind),
            country => n.country.as_deref().and_then(|c| country_name(page.lang, c)),
            hub => n.hub,
            local => n.local,
            matched => n.matched,
            degree => n.degree,
        }).collect::<Vec<_>>(),
        rows_cut => rows.len() > MAX_ROWS,
        max_rows => MAX_ROWS,
        country_options => countries.iter().map(|(code, name)| context! {
            code => code, name => name, selected => chosen_country.as_deref() == Some(code.as_str()),
        }).collect::<Vec<_>>(),
        theme_options => vocab::THEMES.iter().map(|code| context! {
            code => code,
            name => value_label(page, "theme", code),
            selected => chosen_theme.as_deref() == Some(*code),
        }).collect::<Vec<_>>(),
        kind => one("kind"),
        kept => kept,
        json_href => with("/api/v1/network.json"),
        graphml_href => with("/api/v1/network.graphml"),
        csv_href => with("/api/v1/network.csv"),
    }
}

/// `GET /network`.
pub async fn page(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    let raw = crate::text::query_pairs(raw.as_deref());
    let found = match SearchInput::from_pairs(&raw) {
        Ok(input) => service::network(&page.data, &input).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(net) => {
            let view = render_network(&page, &raw, &net);
            page.render("network.html", view).await
        }
        Err(AppError::Validation(id)) => {
            let message = page.t(id);
            page.render_status(
                StatusCode::BAD_REQUEST,
                "network.html",
                context! { error => message },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
