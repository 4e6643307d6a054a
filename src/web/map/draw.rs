//! The map as SVG: the view (zoom and centre, moved by links, no script), clustering of
//! nearby points on a grid of the view's pixels, and the drawing. Every text is escaped
//! here; callers pass translated titles.

use super::shapes::{self, WINDOW};
use crate::services::map::Layer;
use crate::text::escape_xml;
use std::collections::BTreeMap;

/// The nominal width of the drawing in pixels: sizes of markers and text are set for it
/// (the SVG scales with the page).
pub const PIXELS: f64 = 1000.0;
pub const MAX_ZOOM: u8 = 6;
/// Points closer than this many pixels share a cluster.
const CLUSTER_PX: f64 = 28.0;
const MARKER_PX: f64 = 7.0;
/// Shading of countries: none, then four steps up to the busiest.
pub const LEVELS: usize = 5;
const FILLS: [&str; LEVELS] = ["#eef1f3", "#d3e4f3", "#a6c8e6", "#6ea6d6", "#3b7fc0"];

/// What the map shows: a centre in map kilometres and a zoom (0: the whole window; each
/// step halves the width).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub cx: f64,
    pub cy: f64,
    pub zoom: u8,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport {
            cx: WINDOW.0 + WINDOW.2 / 2.0,
            cy: WINDOW.1 + WINDOW.3 / 2.0,
            zoom: 0,
        }
    }
}

impl Viewport {
    /// A view of `zoom` around (cx, cy), kept inside the window.
    pub fn new(cx: f64, cy: f64, zoom: u8) -> Viewport {
        let zoom = zoom.min(MAX_ZOOM);
        let (w, h) = Viewport { cx, cy, zoom }.size();
        let (x0, y0, ww, wh) = WINDOW;
        Viewport {
            cx: cx.clamp(x0 + w / 2.0, x0 + ww - w / 2.0),
            cy: cy.clamp(y0 + h / 2.0, y0 + wh - h / 2.0),
            zoom,
        }
    }

    /// The closest view that holds the box (min x, min y, max x, max y) with a margin.
    pub fn fit(b: (f64, f64, f64, f64)) -> Viewport {
        let (w, h) = ((b.2 - b.0) * 1.3, (b.3 - b.1) * 1.3);
        let mut zoom = 0;
        while zoom < MAX_ZOOM {
            let next = 2f64.powi(zoom as i32 + 1);
            if w > WINDOW.2 / next || h > WINDOW.3 / next {
                break;
            }
            zoom += 1;
        }
        Viewport::new((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0, zoom)
    }

    /// Width and height in kilometres.
    pub fn size(&self) -> (f64, f64) {
        let scale = 2f64.powi(self.zoom as i32);
        (WINDOW.2 / scale, WINDOW.3 / scale)
    }

    /// min x, min y, width, height.
    pub fn view_box(&self) -> (f64, f64, f64, f64) {
        let (w, h) = self.size();
        (self.cx - w / 2.0, self.cy - h / 2.0, w, h)
    }

    pub fn km_per_px(&self) -> f64 {
        self.size().0 / PIXELS
    }

    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        let (x0, y0, w, h) = self.view_box();
        x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h
    }

    fn meets(&self, b: (f64, f64, f64, f64)) -> bool {
        let (x0, y0, w, h) = self.view_box();
        b.0 <= x0 + w && b.2 >= x0 && b.1 <= y0 + h && b.3 >= y0
    }

    /// The same zoom moved by `dx`, `dy` halves of the view.
    pub fn panned(&self, dx: f64, dy: f64) -> Viewport {
        let (w, h) = self.size();
        Viewport::new(self.cx + dx * w / 2.0, self.cy + dy * h / 2.0, self.zoom)
    }

    pub fn zoomed(&self, by: i8) -> Viewport {
        let zoom = (self.zoom as i8 + by).clamp(0, MAX_ZOOM as i8) as u8;
        Viewport::new(self.cx, self.cy, zoom)
    }
}

/// Points that share a cell of the view's pixel grid, in the order first met.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Where to draw it: the members' mean.
    pub at: (f64, f64),
    /// Indexes into the points given.
    pub members: Vec<usize>,
}

/// Groups the points inside `view` (points outside are left out). The grid is anchored at
/// the window's corner, not the view's, so that panning does not reshuffle clusters.
pub fn cluster(view: &Viewport, points: &[(f64, f64)]) -> Vec<Group> {
    let cell = CLUSTER_PX * view.km_per_px();
    let mut cells: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        if !view.contains(*p) {
            continue;
        }
        let key = (
            ((p.0 - WINDOW.0) / cell).floor() as i64,
            ((p.1 - WINDOW.1) / cell).floor() as i64,
        );
        cells.entry(key).or_default().push(i);
    }
    cells
        .into_values()
        .map(|members| {
            let n = members.len() as f64;
            let x = members.iter().map(|i| points[*i].0).sum::<f64>() / n;
            let y = members.iter().map(|i| points[*i].1).sum::<f64>() / n;
            Group {
                at: (x, y),
                members,
            }
        })
        .collect()
}

/// A country as drawn: its shading step and what its tooltip says.
pub struct Shade {
    pub code: String,
    pub level: usize,
    pub title: String,
}

/// One marker: a point, or a cluster of several (`count` > 1).
pub struct Mark {
    pub at: (f64, f64),
    /// The layer of a single point; None for a cluster.
    pub layer: Option<Layer>,
    pub count: usize,
    pub href: String,
    pub title: String,
}

/// The shading step of `count` when the busiest has `max`: 0 for none, then 1 to 4.
pub fn shade(count: i64, max: i64) -> usize {
    if count <= 0 || max <= 0 {
        return 0;
    }
    ((count.min(max) * 4 + max - 1) / max).clamp(1, 4) as usize
}

fn fmt(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The map: sea, countries (shaded), then markers (links), in `view`.
pub fn svg(view: &Viewport, title: &str, desc: &str, shades: &[Shade], marks: &[Mark]) -> String {
    let (x0, y0, w, h) = view.view_box();
    let kpp = view.km_per_px();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eco-map\" viewBox=\"{} {} {} {}\" \
         role=\"group\" aria-labelledby=\"map-title map-desc\">\
         <title id=\"map-title\">{}</title><desc id=\"map-desc\">{}</desc>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#dce9f2\"/>\
         <g stroke=\"#ffffff\" stroke-width=\"0.8\" stroke-linejoin=\"round\">",
        fmt(x0),
        fmt(y0),
        fmt(w),
        fmt(h),
        escape_xml(title),
        escape_xml(desc),
        fmt(x0),
        fmt(y0),
        fmt(w),
        fmt(h),
    );
    for country in shapes::countries() {
        if !view.meets(country.bounds) {
            continue;
        }
        let shade = shades.iter().find(|s| s.code == country.code);
        let fill = FILLS[shade.map_or(0, |s| s.level.min(LEVELS - 1))];
        out.push_str(&format!(
            "<path d=\"{}\" fill=\"{fill}\" fill-rule=\"evenodd\" vector-effect=\"non-scaling-stroke\" data-country=\"{}\">",
            country.path, country.code
        ));
        if let Some(s) = shade {
            out.push_str(&format!("<title>{}</title>", escape_xml(&s.title)));
        }
        out.push_str("</path>");
    }
    out.push_str("</g><g class=\"marks\">");
    let r = MARKER_PX * kpp;
    for mark in marks {
        let (x, y) = mark.at;
        let shape = match (mark.layer, mark.count) {
            (_, n) if n > 1 => {
                let radius = r * (1.3 + (n as f64).log10() * 0.6);
                format!(
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#263238\" stroke=\"#ffffff\" \
                     stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"/>\
                     <text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" \
                     font-family=\"sans-serif\" font-weight=\"bold\" fill=\"#ffffff\">{n}</text>",
                    fmt(x),
                    fmt(y),
                    fmt(radius),
                    fmt(x),
                    fmt(y + 4.0 * kpp),
                    fmt(11.0 * kpp),
                )
            }
            (Some(Layer::Organisations), _) => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#6a3d9a\" stroke=\"#ffffff\" \
                 stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"/>",
                fmt(x - r),
                fmt(y - r),
                fmt(2.0 * r),
                fmt(2.0 * r),
            ),
            (Some(Layer::Events), _) => format!(
                "<path d=\"M{} {}l{} {} {} {} {} {}z\" fill=\"#c2410c\" stroke=\"#ffffff\" \
                 stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"/>",
                fmt(x),
                fmt(y - 1.3 * r),
                fmt(1.3 * r),
                fmt(1.3 * r),
                fmt(-1.3 * r),
                fmt(1.3 * r),
                fmt(-1.3 * r),
                fmt(-1.3 * r),
            ),
            _ => format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#1b7837\" stroke=\"#ffffff\" \
                 stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\"/>",
                fmt(x),
                fmt(y),
                fmt(r),
            ),
        };
        out.push_str(&format!(
            "<a href=\"{}\"><title>{}</title>{shape}</a>",
            escape_xml(&mark.href),
            escape_xml(&mark.title)
        ));
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_stay_inside_the_window_and_fit_countries() {
        let whole = Viewport::default();
        assert_eq!(whole.view_box(), WINDOW);
        // Panning off the edge stops at it.
        assert_eq!(whole.panned(-1.0, 0.0), whole);
        let z2 = whole.zoomed(2);
        assert_eq!(z2.size(), (1500.0, 1175.0));
        let west = z2.panned(-10.0, 0.0);
        assert_eq!(west.view_box().0, WINDOW.0);
        // Portugal fits, zoomed in; its capital is in the view.
        let pt = Viewport::fit(shapes::country("PT").unwrap().main);
        assert_eq!(pt.zoom, 2, "{pt:?}");
        assert!(pt.contains(shapes::project(38.7223, -9.1393)));
        assert!(!pt.contains(shapes::project(59.437, 24.7536)));
        assert_eq!(Viewport::new(0.0, 0.0, 99).zoom, MAX_ZOOM);
    }

    #[test]
    fn nearby_points_cluster_and_zooming_in_splits_them() {
        let lisbon = shapes::project(38.7223, -9.1393);
        let sintra = shapes::project(38.8029, -9.3817);
        let tallinn = shapes::project(59.437, 24.7536);
        let points = [lisbon, sintra, tallinn];
        let whole = cluster(&Viewport::default(), &points);
        assert_eq!(whole.len(), 2);
        assert_eq!(whole.iter().map(|g| g.members.len()).max(), Some(2));
        let near = Viewport::new(lisbon.0, lisbon.1, MAX_ZOOM);
        let close = cluster(&near, &points);
        assert_eq!(close.len(), 2, "{close:?}");
        assert!(close.iter().all(|g| g.members.len() == 1));
        // The same input, the same groups.
        assert_eq!(cluster(&Viewport::default(), &points), whole);
    }

    #[test]
    fn the_drawing_escapes_and_links_its_marks() {
        let marks = [Mark {
            at: shapes::project(38.7223, -9.1393),
            layer: Some(Layer::Projects),
            count: 1,
            href: "/projects/a?b=1&c=2".into(),
            title: "<Green> roofs".into(),
        }];
        let shades = [Shade {
            code: "PT".into(),
            level: 4,
            title: "Portugal: 1 project".into(),
        }];
        let out = svg(&Viewport::default(), "Map", "d", &shades, &marks);
        assert!(out.contains(
            "<a href=\"/projects/a?b=1&amp;c=2\"><title>&lt;Green&gt; roofs</title><circle"
        ));
        assert!(out.contains("data-country=\"PT\"><title>Portugal: 1 project</title>"));
        assert!(out.contains(FILLS[4]));
        assert_eq!(shade(0, 10), 0);
        assert_eq!(shade(1, 10), 1);
        assert_eq!(shade(10, 10), 4);
    }
}
