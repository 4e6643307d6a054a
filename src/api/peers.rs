//! `/api/v1/admin/peers`: an admin's view of peer hubs and the peering actions;
//! `/api/v1/federation`: the public summary of the federation by country.

use crate::api::{ApiJson, ApiUser};
use crate::db::models::peer::ItemCounts;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::services::instance::HubProfile;
use crate::services::peering::{self as service, PeerView as Peer};
use crate::state::Ctx;
use crate::text::rfc3339;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn admin_router() -> Router {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{host}", axum::routing::delete(remove))
        .route("/{host}/approve", post(approve))
        .route("/{host}/reject", post(reject))
        .route("/{host}/resync", post(resync))
}

/// A hub as clients see it: what it says about itself.
#[derive(Debug, Serialize)]
pub struct HubProfileView {
    pub name: String,
    pub description: String,
    pub country: String,
    pub region: String,
    pub languages: Vec<String>,
    pub clusters: Vec<String>,
    pub themes: Vec<String>,
    pub contact: String,
    pub logo_url: Option<String>,
}

impl HubProfileView {
    pub fn new(p: &HubProfile) -> HubProfileView {
        HubProfileView {
            name: p.name.clone(),
            description: p.description.clone(),
            country: p.country.clone(),
            region: p.region.clone(),
            languages: p.languages.clone(),
            clusters: p.clusters.clone(),
            themes: p.themes.clone(),
            contact: p.contact.clone(),
            logo_url: p.logo_url.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CountsView {
    pub projects: i64,
    pub organisations: i64,
    pub events: i64,
    pub communities: i64,
    pub total: i64,
}

impl CountsView {
    fn new(c: &ItemCounts) -> CountsView {
        CountsView {
            projects: c.projects,
            organisations: c.organisations,
            events: c.events,
            communities: c.communities,
            total: c.total(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct HealthView {
    /// "ok", "failing" or "unavailable".
    pub state: &'static str,
    pub consecutive_failures: i32,
    pub last_success_at: Option<String>,
    pub last_failure_at: Option<String>,
    pub last_error: Option<String>,
    pub pending_deliveries: i64,
}

#[derive(Debug, Serialize)]
pub struct BackfillView {
    /// "none", "pending", "done" or "failed".
    pub state: crate::db::models::peer::BackfillState,
    pub items: i32,
    pub error: Option<String>,
}

/// A peer hub as the admin API shows it.
#[derive(Debug, Serialize)]
pub struct PeerView {
    pub host: String,
    pub name: String,
    /// "requested", "awaiting", "active" or "ended".
    pub state: crate::db::models::peer::PeerState,
    pub profile: HubProfileView,
    pub counts: CountsView,
    pub last_contact_at: Option<String>,
    pub health: HealthView,
    pub backfill: BackfillView,
}

impl PeerView {
    pub fn new(p: &Peer) -> PeerView {
        let h = &p.health;
        let state = if h.unavailable {
            "unavailable"
        } else if h.consecutive_failures > 0 {
            "failing"
        } else {
            "ok"
        };
        PeerView {
            host: p.host.clone(),
            name: p.name.clone(),
            state: p.state,
            profile: HubProfileView::new(&p.profile),
            counts: CountsView::new(&p.counts),
            last_contact_at: p.last_contact_at.map(rfc3339),
            health: HealthView {
                state,
                consecutive_failures: h.consecutive_failures,
                last_success_at: h.last_success_at.map(rfc3339),
                last_failure_at: h.last_failure_at.map(rfc3339),
                last_error: h.last_error.clone(),
                pending_deliveries: h.pending_deliveries,
            },
            backfill: BackfillView {
                state: p.backfill_state,
                items: p.backfill_items,
                error: p.backfill_error.clone(),
            },
        }
    }
}

fn require_admin(user: &User) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /api/v1/admin/peers`.
pub async fn list(data: Ctx, ApiUser(user): ApiUser) -> Result<Json<Vec<PeerView>>, AppError> {
    require_admin(&user)?;
    let peers = service::list(&data).await?;
    Ok(Json(peers.iter().map(PeerView::new).collect()))
}

#[derive(Deserialize)]
pub struct CreatePeer {
    domain: String,
}

/// `POST /api/v1/admin/peers` `{"domain": "hub.example.org"}`: 201 with the peer.
pub async fn create(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<CreatePeer>,
) -> Result<(StatusCode, Json<PeerView>), AppError> {
    require_admin(&user)?;
    let peer = service::add(&data, &user, body.domain.trim()).await?;
    Ok((StatusCode::CREATED, Json(PeerView::new(&peer))))
}

/// The peer of `host` after an action, for the action's answer.
async fn view_of(data: &Ctx, host: &str) -> AppResult<Json<PeerView>> {
    let peers = service::list(data).await?;
    let peer = peers
        .iter()
        .find(|p| p.host == host)
        .ok_or(AppError::NotFound)?;
    Ok(Json(PeerView::new(peer)))
}

/// `POST /api/v1/admin/peers/{host}/approve`: 200 with the peer.
pub async fn approve(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(host): Path<String>,
) -> AppResult<Json<PeerView>> {
    require_admin(&user)?;
    service::approve(&data, &user, &host).await?;
    view_of(&data, &host).await
}

/// `POST /api/v1/admin/peers/{host}/reject`: 204.
pub async fn reject(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(host): Path<String>,
) -> AppResult<StatusCode> {
    require_admin(&user)?;
    service::reject(&data, &user, &host).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/admin/peers/{host}/resync`: 200 with the peer.
pub async fn resync(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(host): Path<String>,
) -> AppResult<Json<PeerView>> {
    require_admin(&user)?;
    service::resync(&data, &user, &host).await?;
    view_of(&data, &host).await
}

#[derive(Deserialize)]
pub struct RemoveQuery {
    #[serde(default)]
    remove_entries: bool,
}

/// `DELETE /api/v1/admin/peers/{host}?remove_entries=true`: 204.
pub async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(host): Path<String>,
    query: Result<Query<RemoveQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<StatusCode> {
    require_admin(&user)?;
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    service::unpeer(&data, &user, &host, query.remove_entries).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One country of the federation summary.
#[derive(Debug, Serialize)]
pub struct CountryView {
    /// ISO 3166-1 alpha-2, or "" for hubs that do not say.
    pub country: String,
    pub hubs: Vec<String>,
    pub counts: CountsView,
}

/// A peer hub in the public summary (no delivery details).
#[derive(Debug, Serialize)]
pub struct PublicPeerView {
    pub host: String,
    pub name: String,
    pub country: String,
    pub counts: CountsView,
}

#[derive(Debug, Serialize)]
pub struct GlanceView {
    pub this_hub: HubProfileView,
    pub peers: Vec<PublicPeerView>,
    pub countries: Vec<CountryView>,
}

/// `GET /api/v1/federation`: the active peers and the items by country (public).
pub async fn glance(data: Ctx) -> AppResult<Json<GlanceView>> {
    let g = service::glance(&data).await?;
    Ok(Json(GlanceView {
        this_hub: HubProfileView::new(&g.this_hub),
        peers: g
            .peers
            .iter()
            .map(|p| PublicPeerView {
                host: p.host.clone(),
                name: p.name.clone(),
                country: p.profile.country.clone(),
                counts: CountsView::new(&p.counts),
            })
            .collect(),
        countries: g
            .countries
            .iter()
            .map(|c| CountryView {
                country: c.country.clone(),
                hubs: c.hubs.clone(),
                counts: CountsView::new(&c.counts),
            })
            .collect(),
    }))
}
