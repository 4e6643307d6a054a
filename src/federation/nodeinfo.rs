//! NodeInfo 2.1 and 2.0, the discovery document that links them and the instance actor
//! (FEP-2677), so that other software can tell what this server is.

use crate::db::models::user::User;
use crate::doc_cache::shared;
use crate::error::AppResult;
use crate::state::Ctx;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

const NODEINFO_21: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1";
const NODEINFO_20: &str = "http://nodeinfo.diaspora.software/ns/schema/2.0";

pub async fn get_discovery(data: Ctx) -> Response {
    let base = data.config.base_url();
    shared(axum::Json(json!({
        "links": [
            {"rel": NODEINFO_21, "href": format!("{base}/nodeinfo/2.1")},
            {"rel": NODEINFO_20, "href": format!("{base}/nodeinfo/2.0")},
            {"rel": "https://www.w3.org/ns/activitystreams#Application", "href": format!("{base}/actor")},
        ]
    }))
    .into_response())
}

async fn document(data: &Ctx, version: &str) -> AppResult<Value> {
    let mut conn = data.pool.get().await?;
    let users = User::count_active(&mut conn).await?;
    // Given back before the calls below take their own: holding one while waiting for
    // another let as many simultaneous requests as the pool has connections wait forever.
    drop(conn);
    let settings = crate::federation::instance::effective(data).await?;
    let hub = crate::federation::instance::hub_profile(data).await?;
    let software = json!({"name": "tessera", "version": env!("CARGO_PKG_VERSION")});
    Ok(json!({
        "version": version,
        "software": software,
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": settings.registration_mode == crate::config::RegistrationMode::Open,
        "usage": {"users": {"total": users}, "localPosts": 0},
        "metadata": {
            "nodeName": settings.name,
            "nodeDescription": settings.description,
            "country": hub.country,
            "region": hub.region,
            "languages": hub.languages,
            "clusters": hub.clusters,
            "themes": hub.themes,
            "contact": hub.contact,
            "logo": hub.logo_url,
            "registrationMode": settings.registration_mode.as_str(),
        }
    }))
}

async fn respond(data: Ctx, version: &str) -> Response {
    match document(&data, version).await {
        Ok(doc) => {
            let content_type = format!(
                "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/{version}#\""
            );
            shared(([(header::CONTENT_TYPE, content_type)], doc.to_string()).into_response())
        }
        Err(e) => e.into_response(),
    }
}

pub async fn get_nodeinfo_21(data: Ctx) -> Response {
    respond(data, "2.1").await
}

pub async fn get_nodeinfo_20(data: Ctx) -> Response {
    respond(data, "2.0").await
}
