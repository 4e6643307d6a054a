//! The country outlines the map draws (`countries.tsv`, built by `tools/map-shapes` from
//! Natural Earth, public domain) and the projection they are drawn in: spherical Lambert
//! azimuthal equal-area centred on Europe, in kilometres, y pointing down as in SVG.

use std::sync::LazyLock;

/// The whole map: min x, min y, width, height (km).
pub const WINDOW: (f64, f64, f64, f64) = (-2900.0, -2400.0, 6000.0, 4700.0);

const EARTH_RADIUS_KM: f64 = 6371.0;
const LAT0: f64 = 52.0;
const LON0: f64 = 10.0;

/// One country: its ISO code and its outline.
pub struct Country {
    pub code: &'static str,
    pub path: &'static str,
    /// min x, min y, max x, max y.
    pub bounds: (f64, f64, f64, f64),
    /// The same of its main part (the ring around its label point): Portugal without
    /// Madeira, France without Corsica. The map focuses on this.
    pub main: (f64, f64, f64, f64),
}

static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    include_str!("countries.tsv")
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\t');
            let code = parts.next()?;
            let x = parts.next()?.parse().ok()?;
            let y = parts.next()?.parse().ok()?;
            let path = parts.next()?;
            Some(Country {
                code,
                path,
                bounds: bounds(path),
                main: main_bounds(path, (x, y)),
            })
        })
        .collect()
});

/// Every country, largest first (so that small ones are drawn over their neighbours).
pub fn countries() -> &'static [Country] {
    &COUNTRIES
}

pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// (latitude, longitude) in degrees to map kilometres.
pub fn project(latitude: f64, longitude: f64) -> (f64, f64) {
    let phi = latitude.to_radians();
    let d_lambda = (longitude - LON0).to_radians();
    let phi0 = LAT0.to_radians();
    let k = (2.0 / (1.0 + phi0.sin() * phi.sin() + phi0.cos() * phi.cos() * d_lambda.cos())).sqrt();
    (
        EARTH_RADIUS_KM * k * phi.cos() * d_lambda.sin(),
        -EARTH_RADIUS_KM * k * (phi0.cos() * phi.sin() - phi0.sin() * phi.cos() * d_lambda.cos()),
    )
}

type Box = (f64, f64, f64, f64);

fn union(a: Box, b: Box) -> Box {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

/// The bounding box of a country's outline (min x, min y, max x, max y).
pub fn bounds(path: &str) -> Box {
    rings(path)
        .into_iter()
        .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), union)
}

/// The largest ring's box among those holding `label`, else the whole outline's.
fn main_bounds(path: &str, label: (f64, f64)) -> Box {
    let area = |b: &Box| (b.2 - b.0) * (b.3 - b.1);
    rings(path)
        .into_iter()
        .filter(|b| (b.0..=b.2).contains(&label.0) && (b.1..=b.3).contains(&label.1))
        .max_by(|a, b| area(a).total_cmp(&area(b)))
        .unwrap_or_else(|| bounds(path))
}

/// The box of each ring of a path: absolute `M` points, then relative `l` pairs.
fn rings(path: &str) -> Vec<Box> {
    let mut out = Vec::new();
    let (mut x, mut y);
    for ring in path.split('M').filter(|r| !r.is_empty()) {
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let ring = ring.trim_end_matches('z');
        let (start, rest) = ring.split_once('l').unwrap_or((ring, ""));
        let numbers = |s: &str| -> Vec<f64> {
            // A minus sign also separates numbers ("3-6" is 3 then -6).
            let spaced = s.replace('-', " -");
            spaced
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect()
        };
        let first = numbers(start);
        if first.len() < 2 {
            continue;
        }
        (x, y) = (first[0], first[1]);
        let mut grow = |x: f64, y: f64| {
            b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
        };
        grow(x, y);
        for pair in numbers(rest).chunks(2) {
            if let [dx, dy] = pair {
                x += dx;
                y += dy;
                grow(x, y);
            }
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_matches_the_shapes_build() {
        // The points of tools/map-shapes/scripts/testpoints.js, to 0.1 km.
        for (lat, lon, x, y) in [
            (52.0, 10.0, 0.0, 0.0),
            (48.8566, 2.3522, -558.6, 320.4),
            (60.1699, 24.9384, 821.2, -994.9),
            (38.7223, -9.1393, -1651.8, 1263.7),
            (35.1856, 33.3823, 2111.3, 1538.7),
        ] {
            let (px, py) = project(lat, lon);
            assert!(
                (px - x).abs() < 0.1 && (py - y).abs() < 0.1,
                "{lat},{lon}: {px},{py}"
            );
        }
    }

    #[test]
    fn every_european_country_has_an_outline_and_sensible_bounds() {
        assert_eq!(countries().len(), 70);
        for code in [
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "NO",
            "IS", "CH", "GB", "UA", "MD", "RS", "BA", "ME", "MK", "AL", "XK", "TR", "LI",
        ] {
            let c = country(code).unwrap_or_else(|| panic!("{code}"));
            let (x0, y0, x1, y1) = bounds(c.path);
            assert!(x0 < x1 && y0 < y1, "{code}");
            let (m0, n0, m1, n1) = c.main;
            assert!(
                x0 <= m0 && m1 <= x1 && y0 <= n0 && n1 <= y1,
                "{code}: main part outside"
            );
        }
        // Lisbon is in Portugal's box, Paris in France's.
        let inside = |code: &str, lat: f64, lon: f64| {
            let (x, y) = project(lat, lon);
            let (x0, y0, x1, y1) = bounds(country(code).unwrap().path);
            (x0..=x1).contains(&x) && (y0..=y1).contains(&y)
        };
        assert!(inside("PT", 38.7223, -9.1393));
        assert!(inside("FR", 48.8566, 2.3522));
        assert!(!inside("PT", 48.8566, 2.3522));
    }
}
