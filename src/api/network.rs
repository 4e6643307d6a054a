//! `/api/v1/network.{json,graphml,csv}`: the network of projects and organisations (no
//! token: it holds what the network page shows). Filters are the directory's.

use crate::error::AppError;
use crate::services::directory::SearchInput;
use crate::services::network::{self as service, Network};
use crate::state::Ctx;
use axum::extract::RawQuery;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct NodeView {
    pub handle: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub hub: String,
    /// Its page on this hub.
    pub page: String,
    pub local: bool,
    /// Chosen by the filters (false: linked to one that was).
    pub matched: bool,
    pub links: usize,
    /// Where the drawing puts it (0..1000 each way); null when it is not drawn.
    pub x: Option<f64>,
    pub y: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct EdgeView {
    /// Handles of both ends.
    pub from: String,
    pub to: String,
    pub relation: String,
}

#[derive(Debug, Serialize)]
pub struct NetworkView {
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
}

fn handle(net: &Network, i: usize) -> String {
    let n = &net.nodes[i];
    format!("@{}@{}", n.username, n.hub)
}

async fn network(data: &Ctx, raw: Option<String>) -> Result<Network, AppError> {
    let input = SearchInput::from_pairs(&crate::text::query_pairs(raw.as_deref()))?;
    service::network(data, &input).await
}

/// `GET /api/v1/network.json`.
pub async fn json(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<NetworkView>, AppError> {
    let net = network(&data, raw).await?;
    Ok(Json(NetworkView {
        nodes: net
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| NodeView {
                handle: handle(&net, i),
                name: n.name.clone(),
                kind: n.kind.clone(),
                country: n.country.clone(),
                hub: n.hub.clone(),
                page: match n.local {
                    true => format!(
                        "/{}/{}",
                        crate::services::entries::path_segment(&n.kind),
                        n.username
                    ),
                    false => format!("/@{}@{}", n.username, n.hub),
                },
                local: n.local,
                matched: n.matched,
                links: n.degree,
                x: n.at.map(|p| p.0.round()),
                y: n.at.map(|p| p.1.round()),
            })
            .collect(),
        edges: net
            .edges
            .iter()
            .map(|e| EdgeView {
                from: handle(&net, e.from),
                to: handle(&net, e.to),
                relation: e.relation.clone(),
            })
            .collect(),
    }))
}

/// `GET /api/v1/network.graphml`.
pub async fn graphml(data: Ctx, RawQuery(raw): RawQuery) -> Result<Response, AppError> {
    let net = network(&data, raw).await?;
    let headers = [
        (
            header::CONTENT_TYPE,
            "application/graphml+xml; charset=utf-8",
        ),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"network.graphml\"",
        ),
    ];
    Ok((headers, service::to_graphml(&net)).into_response())
}

/// `GET /api/v1/network.csv`.
pub async fn csv(data: Ctx, RawQuery(raw): RawQuery) -> Result<Response, AppError> {
    let net = network(&data, raw).await?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"network.csv\"",
        ),
    ];
    Ok((headers, service::to_csv(&net)).into_response())
}
