//! `/api/v1/map.geojson`: the map's points as GeoJSON (RFC 7946; a slippy map or a GIS tool
//! reads it), with the counts by country as a foreign member. No token: it holds what the
//! map page shows. Filters as the map page's: `layer` and the directory's.

use crate::error::AppError;
use crate::services::map::{self as service, MapInput, Target};
use crate::state::Ctx;
use axum::extract::RawQuery;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

fn page_of(target: &Target) -> String {
    match target {
        Target::Entry {
            kind,
            username,
            hub,
            local,
        } => match local {
            true => format!(
                "/{}/{username}",
                crate::services::entries::path_segment(kind)
            ),
            false => format!("/@{username}@{hub}"),
        },
        Target::Event { key } => format!("/events/{key}"),
    }
}

/// `GET /api/v1/map.geojson`.
pub async fn geojson(data: Ctx, RawQuery(raw): RawQuery) -> Result<Response, AppError> {
    let pairs = crate::text::query_pairs(raw.as_deref());
    let input = MapInput::from_pairs(&pairs, &[])?;
    let map = service::map(&data, &input).await?;
    let features: Vec<Value> = map
        .points
        .iter()
        .map(|p| {
            json!({
                "type": "Feature",
                // GeoJSON orders longitude first.
                "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                "properties": {
                    "name": p.name,
                    "layer": p.layer.code(),
                    "page": page_of(&p.target),
                    "country": p.country,
                    "region": p.region,
                    "hub": p.hub,
                    "starts_at": p.starts_at.map(crate::text::rfc3339),
                }
            })
        })
        .collect();
    let countries: Vec<Value> = map
        .countries
        .iter()
        .map(|c| {
            json!({
                "country": c.country,
                "projects": c.projects,
                "organisations": c.organisations,
                "events": c.events,
                "calls": c.calls,
                "placed": c.placed,
                "regions": c.regions.iter().map(|(r, n)| json!({"region": r, "count": n})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let body = json!({
        "type": "FeatureCollection",
        "features": features,
        "countries": countries,
        "calls_open_everywhere": map.calls_everywhere,
        "entries_without_place": map.nowhere,
        "hubs": map.hubs.iter().map(|(h, n)| json!({"hub": h, "count": n})).collect::<Vec<_>>(),
    });
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        body.to_string(),
    )
        .into_response())
}
