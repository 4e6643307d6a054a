//! A project's organisations on the wire: the `organisationLinks` term of its actor
//! document, one `OrganisationLink` per organisation that leads, partners or funds it:
//!
//! ```json
//! "organisationLinks": [{"type": "OrganisationLink", "object": "https://hub.ee/organisations/kopli",
//!                        "relation": "partner"}]
//! ```
//!
//! `object` is the organisation's actor id, `relation` one of [`vocab::LINK_ROLES`]. Other
//! hubs read it so that their network of who works with whom holds the links of the
//! projects they carry. Read leniently; organisations the reader does not hold yet are left
//! out until the project's next update.

use crate::db::models::actor::Actor;
use crate::db::models::entry_link::EntryLink;
use crate::db::{DbConn, DbResult};
use crate::vocabulary as vocab;
use serde_json::{json, Map, Value};

pub const TERM: &str = "organisationLinks";
/// The most links read from another hub's document.
pub const MAX_LINKS: usize = 200;
/// What an unknown relation is read as: the weakest claim.
pub const FALLBACK_ROLE: &str = "partner";

/// Term definitions added to the actor context.
pub fn context_terms() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        TERM.into(),
        json!({"@id": "tessera:organisationLinks", "@container": "@set"}),
    );
    m.insert("OrganisationLink".into(), json!("tessera:OrganisationLink"));
    m
}

/// The term for a local project's links (`(organisation actor id, role)`); nothing when
/// it has none, which a reader takes as "none".
pub fn to_extension(rows: &[(String, String)], extension: &mut Map<String, Value>) {
    if rows.is_empty() {
        extension.remove(TERM);
        return;
    }
    let items: Vec<Value> = rows
        .iter()
        .map(|(org, role)| json!({"type": "OrganisationLink", "object": org, "relation": role}))
        .collect();
    extension.insert(TERM.into(), Value::Array(items));
}

/// Adds a local project's links, as stored, to its actor document's terms.
pub async fn extend(
    conn: &mut DbConn,
    project_id: i64,
    extension: &mut Map<String, Value>,
) -> DbResult<()> {
    let rows: Vec<(String, String)> = EntryLink::organisations_of(conn, project_id)
        .await?
        .into_iter()
        .map(|(link, org)| (org.ap_id.to_string(), link.role))
        .collect();
    to_extension(&rows, extension);
    Ok(())
}

/// Stores what a remote project's actor document says of its organisations, replacing
/// what it said before (an absent term means none); organisations not held here are left
/// out.
pub async fn store_remote(
    conn: &mut DbConn,
    project: &Actor,
    extension: &Map<String, Value>,
) -> DbResult<()> {
    let mut links = Vec::new();
    for (org, role) in from_extension(extension) {
        if let Some(actor) = Actor::find_by_ap_id(conn, &org).await? {
            if actor.kind == "Organization" && actor.id != project.id {
                links.push((actor.id, role));
            }
        }
    }
    EntryLink::replace_all(conn, project.id, &links).await
}

/// The links of a remote project's document: at most [`MAX_LINKS`], each organisation once,
/// an unknown relation read as [`FALLBACK_ROLE`]; items of another shape are skipped.
pub fn from_extension(m: &Map<String, Value>) -> Vec<(String, String)> {
    let items: Vec<&Value> = match m.get(TERM) {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => vec![],
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for obj in items.into_iter().filter_map(Value::as_object) {
        let raw = match obj.get("object") {
            Some(Value::String(s)) => s.as_str(),
            Some(Value::Object(o)) => match o.get("id").and_then(Value::as_str) {
                Some(id) => id,
                None => continue,
            },
            _ => continue,
        };
        let Some(org) = url::Url::parse(raw)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .map(|u| u.to_string())
        else {
            continue;
        };
        if out.iter().any(|(o, _)| *o == org) {
            continue;
        }
        let role = obj
            .get("relation")
            .and_then(Value::as_str)
            .map(|r| r.strip_prefix("tessera:").unwrap_or(r))
            .filter(|r| vocab::LINK_ROLES.contains(r))
            .unwrap_or(FALLBACK_ROLE);
        out.push((org, role.to_string()));
        if out.len() >= MAX_LINKS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_we_send_reads_back_and_odd_items_are_skipped() {
        let rows = vec![
            (
                "https://a.example/organisations/x".to_string(),
                "lead".to_string(),
            ),
            (
                "https://b.example/organisations/y".to_string(),
                "funder".to_string(),
            ),
        ];
        let mut m = Map::new();
        to_extension(&rows, &mut m);
        assert_eq!(from_extension(&m), rows);
        to_extension(&[], &mut m);
        assert!(!m.contains_key(TERM), "no links, no term");
        let m = json!({ TERM: [
            {"object": {"id": "https://a.example/o/1"}, "relation": "tessera:funder"},
            {"object": "https://a.example/o/2", "relation": "sponsor"},
            {"object": "javascript:alert(1)", "relation": "lead"},
            {"object": "https://a.example/o/1", "relation": "lead"},
            "https://a.example/o/3",
            {"relation": "lead"}
        ]});
        let got = from_extension(m.as_object().unwrap());
        assert_eq!(
            got,
            vec![
                ("https://a.example/o/1".to_string(), "funder".to_string()),
                ("https://a.example/o/2".to_string(), "partner".to_string()),
            ]
        );
        let one = json!({ TERM: {"object": "https://a.example/o/4", "relation": "lead"} });
        assert_eq!(from_extension(one.as_object().unwrap()).len(), 1);
    }
}
