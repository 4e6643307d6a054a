//! A project's sources on the wire: the `replicationOf` term of its actor document, one
//! `Replication` per project it replicates, adapts or was inspired by:
//!
//! ```json
//! "replicationOf": [{"type": "Replication", "object": "https://hub.pt/projects/repair-cafe",
//!                    "relation": "adapts", "summary": "Same model, in Tartu"}]
//! ```
//!
//! `object` is the source's actor id, `relation` one of [`vocab::REPLICATION_RELATIONS`],
//! `summary` the note (plain text, HTML-escaped as AS summaries are HTML). Read leniently.

use crate::db::models::actor::Actor;
use crate::db::models::replication::{Replication, ReplicationForm};
use crate::db::{DbConn, DbResult};
use crate::vocabulary as vocab;
use serde_json::{json, Map, Value};

pub const TERM: &str = "replicationOf";
/// The most sources a project declares, and the most read from another hub's document.
pub const MAX_SOURCES: usize = 20;
/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;
/// What an unknown relation is read as: the weakest claim.
pub const FALLBACK_RELATION: &str = "inspired_by";

/// Term definitions added to the actor context.
pub fn context_terms() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        TERM.into(),
        json!({"@id": "tessera:replicationOf", "@container": "@set"}),
    );
    m.insert("Replication".into(), json!("tessera:Replication"));
    m.insert("relation".into(), json!("tessera:relation"));
    m
}

/// The term for a local project's declarations (`(source actor id, relation, note)`);
/// nothing when it has none, which a reader takes as "none".
pub fn to_extension(rows: &[(String, String, String)], extension: &mut Map<String, Value>) {
    if rows.is_empty() {
        extension.remove(TERM);
        return;
    }
    let items: Vec<Value> = rows
        .iter()
        .map(|(source, relation, note)| {
            let mut item = json!({"type": "Replication", "object": source, "relation": relation});
            if !note.is_empty() {
                item["summary"] = json!(crate::text::escape_html(note));
            }
            item
        })
        .collect();
    extension.insert(TERM.into(), Value::Array(items));
}

/// Adds a local project's declarations, as stored, to its actor document's terms.
pub async fn extend(
    conn: &mut DbConn,
    project_id: i64,
    extension: &mut Map<String, Value>,
) -> DbResult<()> {
    let rows: Vec<(String, String, String)> = Replication::sources_of(conn, project_id)
        .await?
        .into_iter()
        .map(|(r, _)| (r.source_ap_id, r.relation, r.note))
        .collect();
    to_extension(&rows, extension);
    Ok(())
}

/// Stores what a remote project's actor document declares, replacing what it declared
/// before (an absent term means none). Sources this hub holds are linked to their rows.
pub async fn store_remote(
    conn: &mut DbConn,
    project: &Actor,
    extension: &Map<String, Value>,
) -> DbResult<()> {
    let mut forms = from_extension(project.ap_id.as_str(), extension);
    for form in &mut forms {
        form.source_id = Actor::find_by_ap_id(conn, &form.source_ap_id)
            .await?
            .map(|a| a.id);
    }
    if Replication::replace_all(conn, project.id, &forms).await? {
        tracing::info!(project = %project.ap_id, sources = forms.len(), "replications of a remote project stored");
    }
    Ok(())
}

/// An http(s) URL from a string or an object's `id`.
fn source_id(value: &Value) -> Option<String> {
    let raw = match value {
        Value::String(s) => s.as_str(),
        Value::Object(m) => m.get("id").and_then(Value::as_str)?,
        _ => return None,
    };
    url::Url::parse(raw)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .map(|u| u.to_string())
}

/// The declarations of a remote project `own_id`: at most [`MAX_SOURCES`], each source once
/// and never the project itself; an unknown relation is [`FALLBACK_RELATION`], a note is
/// plain text cut at [`MAX_NOTE_CHARS`]. Items of another shape are skipped. `source_id`
/// is left for the caller to fill in.
pub fn from_extension(own_id: &str, m: &Map<String, Value>) -> Vec<ReplicationForm> {
    let items: Vec<&Value> = match m.get(TERM) {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => vec![],
    };
    let mut out: Vec<ReplicationForm> = Vec::new();
    for item in items {
        let Some(obj) = item.as_object() else {
            continue;
        };
        let Some(source) = obj.get("object").and_then(source_id) else {
            continue;
        };
        if source == own_id || out.iter().any(|r| r.source_ap_id == source) {
            continue;
        }
        let relation = obj
            .get("relation")
            .and_then(Value::as_str)
            .map(|r| r.strip_prefix("tessera:").unwrap_or(r))
            .filter(|r| vocab::REPLICATION_RELATIONS.contains(r))
            .unwrap_or(FALLBACK_RELATION);
        let note = obj
            .get("summary")
            .and_then(Value::as_str)
            .map(|s| crate::text::plain_text(s, MAX_NOTE_CHARS * 2))
            .unwrap_or_default();
        let note: String = note.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(ReplicationForm {
            source_ap_id: source,
            source_id: None,
            relation: relation.to_string(),
            note: note.chars().take(MAX_NOTE_CHARS).collect(),
        });
        if out.len() >= MAX_SOURCES {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(term: Value) -> Vec<ReplicationForm> {
        let m = json!({ TERM: term });
        from_extension("https://b.example/projects/me", m.as_object().unwrap())
    }

    #[test]
    fn what_we_send_reads_back_the_same() {
        let rows = vec![
            (
                "https://a.example/projects/x".to_string(),
                "adapts".to_string(),
                "Fish & <chips>".to_string(),
            ),
            (
                "https://c.example/projects/y".to_string(),
                "replicates".to_string(),
                String::new(),
            ),
        ];
        let mut m = Map::new();
        to_extension(&rows, &mut m);
        assert_eq!(m[TERM][0]["summary"], "Fish &amp; &lt;chips&gt;");
        let back = from_extension("https://b.example/projects/me", &m);
        let got: Vec<_> = back
            .iter()
            .map(|r| (r.source_ap_id.clone(), r.relation.clone(), r.note.clone()))
            .collect();
        assert_eq!(got, rows);
        to_extension(&[], &mut m);
        assert!(!m.contains_key(TERM), "no sources, no term");
    }

    #[test]
    fn odd_items_are_read_leniently() {
        let long = "word ".repeat(300);
        let got = read(json!([
            {"object": "https://a.example/p/1", "relation": "copies", "summary": "<b>Hi</b> <script>x</script>there"},
            {"object": {"id": "https://a.example/p/2"}, "relation": "tessera:adapts", "summary": long},
            {"object": "javascript:alert(1)"},
            {"object": "ftp://a.example/p/3"},
            {"object": "https://b.example/projects/me"},
            {"object": "https://a.example/p/1", "relation": "replicates"},
            "https://a.example/p/4",
            {"relation": "adapts"}
        ]));
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].relation, "inspired_by", "an unknown relation");
        assert_eq!(got[0].note, "Hi there");
        assert_eq!(got[1].source_ap_id, "https://a.example/p/2");
        assert_eq!(got[1].relation, "adapts");
        assert_eq!(got[1].note.chars().count(), MAX_NOTE_CHARS);
        // One object instead of a list; at most MAX_SOURCES of many.
        assert_eq!(read(json!({"object": "https://a.example/p/9"})).len(), 1);
        let many: Vec<Value> = (0..50)
            .map(|i| json!({"object": format!("https://a.example/p/{i}")}))
            .collect();
        assert_eq!(read(Value::Array(many)).len(), MAX_SOURCES);
        assert!(read(json!("https://a.example/p/1")).is_empty());
    }
}
