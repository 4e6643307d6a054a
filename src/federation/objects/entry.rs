//! The directory on the wire: the extra terms a project (`Group`) or organisation
//! (`Organization`) actor carries. ActivityStreams first, schema.org where it has the term,
//! Tessera's own namespace (`https://tessera.social/ns#`) for the rest; the actor's
//! `@context` defines every one. Read leniently: a term with an unexpected shape is skipped.

use crate::db::models::entry::{DirectoryEntry, EntryForm, Tags, KIND_ORGANISATION, KIND_PROJECT};
use crate::text::{plain_text, sanitize_html};
use crate::vocabulary as vocab;
use serde_json::{json, Map, Value};

pub const NAMESPACE: &str = "https://tessera.social/ns#";

/// Term definitions added to the actor context.
pub fn context_terms() -> Map<String, Value> {
    let terms = json!({
        "tessera": NAMESPACE,
        "sc": "http://schema.org/",
        "entryKind": "tessera:entryKind",
        "description": "sc:description",
        "website": {"@id": "tessera:website", "@type": "@id"},
        "addressCountry": "sc:addressCountry",
        "addressRegion": "sc:addressRegion",
        "knowsLanguage": "sc:knowsLanguage",
        "themes": "tessera:themes",
        "focus": "tessera:focus",
        "technologies": "tessera:technologies",
        "sdgs": "tessera:sdgs",
        "expertise": "tessera:expertise",
        "needs": "tessera:needs",
        "projectStatus": "tessera:projectStatus",
        "startDate": "sc:startDate",
        "endDate": "sc:endDate",
        "socialImpact": "tessera:socialImpact",
        "beneficiaries": "tessera:beneficiaries",
        "organisationType": "tessera:organisationType",
        "organisationSize": "tessera:organisationSize",
        "PropertyValue": "sc:PropertyValue",
        "value": "sc:value"
    });
    match terms {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn values(tags: &Tags, facet: &str) -> Vec<String> {
    tags.iter()
        .filter(|(f, _)| f == facet)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The terms of a local entry, to merge into its actor document.
pub fn to_extension(entry: &DirectoryEntry, tags: &Tags) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        let empty =
            v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(|a| a.is_empty());
        if !empty {
            m.insert(k.to_string(), v);
        }
    };
    put("entryKind", json!(entry.entry_kind));
    put("description", json!(entry.description_html));
    if !entry.description_source.is_empty() {
        put(
            "source",
            json!({"content": entry.description_source, "mediaType": "text/markdown"}),
        );
    }
    put("website", json!(entry.website));
    if let Some(w) = &entry.website {
        // Mastodon shows PropertyValue attachments as the profile's link fields.
        put(
            "attachment",
            json!([{"type": "PropertyValue", "name": "Website",
                "value": format!("<a href=\"{w}\" rel=\"me nofollow noopener\" target=\"_blank\">{w}</a>")}]),
        );
    }
    put("addressCountry", json!(entry.country));
    put("addressRegion", json!(entry.region));
    if let (Some(la), Some(lo)) = (entry.latitude, entry.longitude) {
        put(
            "location",
            json!({"type": "Place", "latitude": la, "longitude": lo}),
        );
    }
    put("knowsLanguage", json!(values(tags, "language")));
    put("themes", json!(values(tags, "theme")));
    put("focus", json!(values(tags, "focus")));
    put("technologies", json!(values(tags, "technology")));
    put("sdgs", json!(values(tags, "sdg")));
    put("expertise", json!(values(tags, "expertise")));
    put("needs", json!(values(tags, "need")));
    put("projectStatus", json!(entry.status));
    put("startDate", json!(entry.start_date.map(|d| d.to_string())));
    put("endDate", json!(entry.end_date.map(|d| d.to_string())));
    put("socialImpact", json!(entry.social_impact));
    put("beneficiaries", json!(entry.beneficiaries));
    put("organisationType", json!(entry.org_type));
    put("organisationSize", json!(entry.org_size));
    m
}

fn str_of<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    m.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// Codes of a list term that are in `allowed` (or any free tag when `allowed` is None).
fn list_of(m: &Map<String, Value>, k: &str, allowed: Option<&[&str]>) -> Vec<String> {
    let raw: Vec<String> = match m.get(k) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    };
    let mut out: Vec<String> = Vec::new();
    for v in raw {
        let keep = match allowed {
            Some(list) => list.contains(&v.as_str()).then_some(v),
            None => vocab::normalise_tag(&v),
        };
        if let Some(v) = keep.filter(|v| !out.contains(v)) {
            out.push(v);
        }
        if out.len() >= vocab::MAX_TAGS {
            break;
        }
    }
    out
}

/// A remote entry read from an actor document's terms. `actor_type` decides the kind when
/// the sender is not a Tessera hub (`Group` -> project, `Organization` -> organisation).
pub fn from_extension(actor_type: &str, m: &Map<String, Value>) -> (EntryForm, Tags) {
    let kind = match str_of(m, "entryKind") {
        Some(KIND_PROJECT) => KIND_PROJECT,
        Some(KIND_ORGANISATION) => KIND_ORGANISATION,
        _ if actor_type == "Organization" => KIND_ORGANISATION,
        _ => KIND_PROJECT,
    };
    let project = kind == KIND_PROJECT;
    let country = str_of(m, "addressCountry")
        .map(str::to_ascii_uppercase)
        .filter(|c| isocountry::CountryCode::for_alpha2(c).is_ok());
    let (latitude, longitude) = match m.get("location") {
        Some(Value::Object(p)) => {
            let la = p.get("latitude").and_then(Value::as_f64);
            let lo = p.get("longitude").and_then(Value::as_f64);
            match (la, lo) {
                (Some(la), Some(lo))
                    if (-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo) =>
                {
                    (Some(la), Some(lo))
                }
                _ => (None, None),
            }
        }
        _ => (None, None),
    };
    let date = |k: &str| str_of(m, k).and_then(|d| d.get(..10)?.parse().ok());
    let code = |k: &str, list: &[&str]| {
        str_of(m, k)
            .filter(|v| list.contains(v))
            .map(str::to_string)
    };
    let text = |k: &str| {
        str_of(m, k)
            .map(|t| plain_text(t, 2000))
            .unwrap_or_default()
    };
    let form = EntryForm {
        entry_kind: kind.to_string(),
        // Remote Markdown is not rendered here: the HTML is what the origin published.
        description_source: String::new(),
        description_html: str_of(m, "description")
            .map(sanitize_html)
            .unwrap_or_default()
            .chars()
            .take(50_000)
            .collect(),
        website: str_of(m, "website")
            .and_then(|w| url::Url::parse(w).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string()),
        country,
        region: text("addressRegion"),
        latitude,
        longitude,
        status: if project {
            code("projectStatus", vocab::PROJECT_STATUSES)
        } else {
            None
        },
        start_date: if project { date("startDate") } else { None },
        end_date: if project { date("endDate") } else { None },
        social_impact: if project {
            text("socialImpact")
        } else {
            String::new()
        },
        beneficiaries: if project {
            text("beneficiaries")
        } else {
            String::new()
        },
        org_type: if project {
            None
        } else {
            code("organisationType", vocab::ORGANISATION_TYPES)
        },
        org_size: if project {
            None
        } else {
            code("organisationSize", vocab::ORGANISATION_SIZES)
        },
    };
    let mut tags: Tags = Vec::new();
    let languages: Vec<String> = list_of(m, "knowsLanguage", None)
        .into_iter()
        .filter(|l| l.parse::<language_tags::LanguageTag>().is_ok())
        .collect();
    for (facet, values) in [
        ("language", languages),
        ("theme", list_of(m, "themes", Some(vocab::THEMES))),
        ("focus", list_of(m, "focus", Some(vocab::FOCUS))),
        (
            "technology",
            list_of(m, "technologies", Some(vocab::TECHNOLOGIES)),
        ),
        ("sdg", list_of(m, "sdgs", Some(vocab::SDGS))),
        (
            "expertise",
            if project {
                vec![]
            } else {
                list_of(m, "expertise", None)
            },
        ),
        (
            "need",
            if project {
                vec![]
            } else {
                list_of(m, "needs", None)
            },
        ),
    ] {
        tags.extend(values.into_iter().map(|v| (facet.to_string(), v)));
    }
    (form, tags)
}

/// Whether an actor document comes from a Tessera hub's directory.
pub fn is_tessera_entry(m: &Map<String, Value>) -> bool {
    str_of(m, "entryKind").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_and_bad_shapes_are_skipped() {
        let m = json!({
            "entryKind": "organisation",
            "themes": ["health-care", "not-a-theme", 7],
            "sdgs": [3, "17", "18"],
            "addressCountry": "pt",
            "location": {"latitude": 300.0, "longitude": 1.0},
            "expertise": ["Legal Advice", {"x": 1}],
            "organisationType": "funder",
            "projectStatus": "active",
            "description": "<p onclick=\"x()\">Hi<script>1</script></p>"
        });
        let (form, tags) = from_extension("Organization", m.as_object().unwrap());
        assert_eq!(form.entry_kind, KIND_ORGANISATION);
        assert_eq!(form.country.as_deref(), Some("PT"));
        assert_eq!(form.latitude, None);
        assert_eq!(form.org_type.as_deref(), Some("funder"));
        assert_eq!(form.status, None, "status is a project term");
        assert_eq!(form.description_html, "<p>Hi</p>");
        let has = |f: &str, v: &str| tags.iter().any(|(a, b)| a == f && b == v);
        assert!(has("theme", "health-care") && !has("theme", "not-a-theme"));
        assert!(has("sdg", "3") && has("sdg", "17") && !has("sdg", "18"));
        assert!(has("expertise", "legal-advice"));
    }

    #[test]
    fn a_plain_group_is_a_project() {
        let (form, tags) = from_extension("Group", &Map::new());
        assert_eq!(form.entry_kind, KIND_PROJECT);
        assert!(tags.is_empty());
    }
}
