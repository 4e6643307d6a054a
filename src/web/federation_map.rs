//! The pictures of the federation page, built as SVG strings on the server (no script):
//! a tile-grid map of Europe, each country a square at its approximate place, shaded by
//! how many items come from hubs there (its bar chart is drawn by [`crate::web::charts`]).
//! Every text is escaped here; callers pass translated titles and tile descriptions.

use crate::text::escape_xml;

/// European countries on the tile grid: ISO 3166-1 alpha-2 code, column, row.
/// The EU 27, the EEA and Switzerland, the United Kingdom, the candidate countries and
/// their neighbours. "XK" is Kosovo's user-assigned code, as the EU uses it.
pub const TILES: &[(&str, u8, u8)] = &[
    ("IS", 0, 0),
    ("NO", 4, 0),
    ("SE", 5, 0),
    ("FI", 6, 0),
    ("EE", 6, 1),
    ("IE", 1, 2),
    ("GB", 2, 2),
    ("DK", 4, 2),
    ("LV", 6, 2),
    ("NL", 3, 3),
    ("DE", 4, 3),
    ("PL", 5, 3),
    ("LT", 6, 3),
    ("BY", 7, 3),
    ("BE", 2, 4),
    ("LU", 3, 4),
    ("CZ", 4, 4),
    ("SK", 5, 4),
    ("UA", 6, 4),
    ("FR", 2, 5),
    ("CH", 3, 5),
    ("AT", 4, 5),
    ("HU", 5, 5),
    ("RO", 6, 5),
    ("MD", 7, 5),
    ("PT", 0, 6),
    ("ES", 1, 6),
    ("IT", 3, 6),
    ("SI", 4, 6),
    ("HR", 5, 6),
    ("RS", 6, 6),
    ("BG", 7, 6),
    ("BA", 4, 7),
    ("ME", 5, 7),
    ("XK", 6, 7),
    ("MK", 7, 7),
    ("TR", 8, 7),
    ("MT", 3, 8),
    ("AL", 6, 8),
    ("GR", 7, 8),
    ("CY", 9, 8),
];

/// Side of a tile and the gap between tiles, in SVG units.
const TILE: u32 = 44;
const GAP: u32 = 4;
/// Shading steps: 0 is "no items", 1..=4 from few to most (the page's legend repeats
/// steps 0, 1 and 4 in `style.css`).
pub const LEVELS: usize = 5;
const FILLS: [&str; LEVELS] = ["#eceff1", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
/// Text colour on each fill, dark on light and light on dark, for contrast.
const INKS: [&str; LEVELS] = ["#37474f", "#102a43", "#102a43", "#ffffff", "#ffffff"];

/// Where `code` sits on the grid, if it is one of [`TILES`].
pub fn position(code: &str) -> Option<(u8, u8)> {
    let code = code.to_ascii_uppercase();
    TILES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, col, row)| (*col, *row))
}

/// The shading step of `count` items when the busiest country has `max`: 0 for none,
/// then 1 to 4 by quarters of the maximum.
pub fn shade(count: i64, max: i64) -> usize {
    if count <= 0 || max <= 0 {
        return 0;
    }
    let level = (count.min(max) * 4 + max - 1) / max;
    level.clamp(1, 4) as usize
}

/// One country's number on the map.
pub struct CountryValue {
    /// Alpha-2, upper case.
    pub code: String,
    pub items: i64,
    /// What the tile says to screen readers and as a tooltip ("France: 12 items").
    pub label: String,
}

/// What the map says about itself.
pub struct MapText<'a> {
    pub title: &'a str,
    pub desc: &'a str,
    /// Tooltip of a tile without items: the handler's translated "{country}: no items".
    pub empty_label: &'a dyn Fn(&str) -> String,
}

/// The tile-grid map: every tile of [`TILES`], shaded by `values`; `own` (this hub's
/// country) outlined. Countries off the grid are left to the bar chart and the table.
pub fn tile_map(text: &MapText, own: &str, values: &[CountryValue]) -> String {
    let own = own.to_ascii_uppercase();
    let max = values.iter().map(|v| v.items).max().unwrap_or(0);
    let cols = TILES.iter().map(|t| t.1).max().unwrap_or(0) as u32 + 1;
    let rows = TILES.iter().map(|t| t.2).max().unwrap_or(0) as u32 + 1;
    let (width, height) = (cols * (TILE + GAP) + GAP, rows * (TILE + GAP) + GAP);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tile-map\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"map-title map-desc\">\
         <title id=\"map-title\">{}</title><desc id=\"map-desc\">{}</desc>",
        escape_xml(text.title),
        escape_xml(text.desc)
    );
    for (code, col, row) in TILES {
        let value = values.iter().find(|v| v.code.eq_ignore_ascii_case(code));
        let items = value.map_or(0, |v| v.items);
        let level = shade(items, max);
        let label = value.map_or_else(|| (text.empty_label)(code), |v| v.label.clone());
        let x = GAP + *col as u32 * (TILE + GAP);
        let y = GAP + *row as u32 * (TILE + GAP);
        let is_own = own == *code;
        let stroke = if is_own {
            " stroke=\"#d84315\" stroke-width=\"4\""
        } else {
            " stroke=\"#ffffff\" stroke-width=\"1\""
        };
        let own_class = if is_own { " own" } else { "" };
        svg.push_str(&format!(
            "<g class=\"tile level-{level}{own_class}\" data-country=\"{code}\" data-items=\"{items}\" \
             role=\"img\" aria-label=\"{label}\"><title>{label}</title>\
             <rect x=\"{x}\" y=\"{y}\" width=\"{TILE}\" height=\"{TILE}\" rx=\"4\" fill=\"{fill}\"{stroke}/>\
             <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"14\" font-family=\"sans-serif\" \
             fill=\"{ink}\" aria-hidden=\"true\">{code}</text></g>",
            label = escape_xml(&label),
            fill = FILLS[level],
            ink = INKS[level],
            tx = x + TILE / 2,
            ty = y + TILE / 2 + 5,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    const EU27: [&str; 27] = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ];
    const OTHERS: [&str; 14] = [
        "NO", "IS", "CH", "GB", "UA", "MD", "RS", "BA", "ME", "MK", "AL", "XK", "TR", "BY",
    ];

    #[test]
    fn every_required_country_has_one_tile() {
        for code in EU27.iter().chain(OTHERS.iter()) {
            assert!(position(code).is_some(), "{code} has no tile");
            let n = TILES.iter().filter(|t| t.0 == *code).count();
            assert_eq!(n, 1, "{code} has {n} tiles");
        }
        assert_eq!(position("fr"), Some((2, 5)));
        assert_eq!(position("US"), None);
    }

    #[test]
    fn tiles_do_not_overlap_and_sit_roughly_right() {
        let mut seen = std::collections::HashSet::new();
        for (code, col, row) in TILES {
            assert!(seen.insert((col, row)), "{code} shares its square");
        }
        let (pt, es, fr, de, pl) = (
            position("PT").unwrap(),
            position("ES").unwrap(),
            position("FR").unwrap(),
            position("DE").unwrap(),
            position("PL").unwrap(),
        );
        // West to east, north to south.
        assert!(pt.0 < es.0 && es.0 < fr.0 && fr.0 < de.0 && de.0 < pl.0);
        assert!(position("FI").unwrap().1 < position("EE").unwrap().1);
        assert!(position("DE").unwrap().1 < position("IT").unwrap().1);
        assert!(position("IT").unwrap().1 < position("MT").unwrap().1);
    }

    #[test]
    fn shading_steps_by_quarters() {
        assert_eq!(shade(0, 10), 0);
        assert_eq!(shade(5, 0), 0);
        assert_eq!(shade(1, 100), 1);
        assert_eq!(shade(25, 100), 1);
        assert_eq!(shade(26, 100), 2);
        assert_eq!(shade(50, 100), 2);
        assert_eq!(shade(75, 100), 3);
        assert_eq!(shade(76, 100), 4);
        assert_eq!(shade(100, 100), 4);
        assert_eq!(shade(200, 100), 4);
    }

    #[test]
    fn map_shades_outlines_and_escapes() {
        let values = vec![
            CountryValue {
                code: "FR".into(),
                items: 12,
                label: "France: 12 items".into(),
            },
            CountryValue {
                code: "EE".into(),
                items: 3,
                label: "Estonia <3>".into(),
            },
        ];
        let empty = |c: &str| format!("{c}: none");
        let text = MapText {
            title: "Hubs & items",
            desc: "A map",
            empty_label: &empty,
        };
        let svg = tile_map(&text, "ee", &values);
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"map-title\">Hubs &amp; items</title>"));
        assert!(svg.contains("<desc id=\"map-desc\">A map</desc>"));
        assert!(svg.contains("class=\"tile level-4\" data-country=\"FR\" data-items=\"12\""));
        assert!(svg.contains("class=\"tile level-1 own\" data-country=\"EE\""));
        assert!(svg.contains("aria-label=\"Estonia &lt;3&gt;\""));
        assert!(svg.contains("class=\"tile level-0\" data-country=\"DE\" data-items=\"0\""));
        assert!(svg.contains("<title>DE: none</title>"));
        assert_eq!(svg.matches("<rect").count(), TILES.len());
    }
}
