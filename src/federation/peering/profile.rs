//! The hub profile on the wire: terms of the instance actor (`Application`). Country,
//! region, languages and themes reuse the directory's terms (schema.org and Tessera's);
//! `clusters`, `contact` and `hubItems` are Tessera's. `hubItems` also marks the actor as
//! a Tessera hub that can be peered with.

use crate::federation::instance::HubProfile;
use serde_json::{json, Map, Value};

/// Term definitions added to the actor context (besides the directory's).
pub fn context_terms() -> Map<String, Value> {
    match json!({
        "clusters": "tessera:clusters",
        "contact": "tessera:contact",
        "hubItems": {"@id": "tessera:hubItems", "@type": "@id"},
    }) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The terms of our own profile, to merge into the instance actor document.
pub fn to_extension(profile: &HubProfile, items_url: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("hubItems".into(), json!(items_url));
    if !profile.country.is_empty() {
        m.insert("addressCountry".into(), json!(profile.country));
    }
    if !profile.region.is_empty() {
        m.insert("addressRegion".into(), json!(profile.region));
    }
    m.insert("knowsLanguage".into(), json!(profile.languages));
    m.insert("clusters".into(), json!(profile.clusters));
    m.insert("themes".into(), json!(profile.themes));
    if !profile.contact.is_empty() {
        m.insert("contact".into(), json!(profile.contact));
    }
    if let Some(updated) = profile.updated {
        m.insert("updated".into(), json!(updated.to_rfc3339()));
    }
    m
}

fn strings(value: Option<&Value>, max: usize) -> Vec<String> {
    let items: Vec<&Value> = match value {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::String(_)) => vec![v],
        _ => vec![],
    };
    items
        .into_iter()
        .filter_map(Value::as_str)
        .map(|s| crate::text::plain_text(s, 100))
        .filter(|s| !s.is_empty())
        .take(max)
        .collect()
}

fn string(value: Option<&Value>, max: usize) -> String {
    value
        .and_then(Value::as_str)
        .map(|s| crate::text::plain_text(s, max))
        .unwrap_or_default()
}

/// A peer's profile as kept in `peers.profile`: the profile's fields plus `items`, the
/// address of its item collection.
pub fn stored(profile: &HubProfile, items: &str) -> String {
    let mut value = serde_json::to_value(profile).unwrap_or_else(|_| json!({}));
    value["items"] = json!(items);
    value.to_string()
}

/// Reads `peers.profile` back: the profile and the item collection's address.
pub fn parse_stored(raw: &str) -> (HubProfile, Option<String>) {
    let value: Value = serde_json::from_str(raw).unwrap_or_else(|_| json!({}));
    let items = value.get("items").and_then(Value::as_str).map(String::from);
    (serde_json::from_value(value).unwrap_or_default(), items)
}

/// The address of an `icon` (an Image with a `url`, or a bare link).
fn image_url(icon: &Value) -> Option<String> {
    use crate::federation::objects::person::first_url;
    match icon {
        Value::Object(m) if m.contains_key("url") => m.get("url").and_then(first_url),
        other => first_url(other),
    }
}

/// A peer's profile read from its instance actor (name and summary come from the actor),
/// or None when the actor is no Tessera hub. Read leniently; text is reduced to plain text.
pub fn from_extension(
    name: &str,
    summary: &str,
    icon: Option<&Value>,
    m: &Map<String, Value>,
) -> Option<(HubProfile, String)> {
    let items = m.get("hubItems").and_then(Value::as_str)?.to_string();
    // A whole code or nothing: "Narnia" must not become "NA".
    let country = string(m.get("addressCountry"), 10)
        .trim()
        .to_ascii_uppercase();
    let country = if country.len() == 2 && isocountry::CountryCode::for_alpha2(&country).is_ok() {
        country
    } else {
        String::new()
    };
    let logo_url = icon.and_then(image_url);
    Some((
        HubProfile {
            name: crate::text::plain_text(name, 100),
            description: crate::text::plain_text(summary, 2000),
            country,
            region: string(m.get("addressRegion"), 100),
            languages: strings(m.get("knowsLanguage"), 30),
            clusters: strings(m.get("clusters"), 20),
            themes: strings(m.get("themes"), 20)
                .into_iter()
                .filter(|t| crate::vocabulary::THEMES.contains(&t.as_str()))
                .collect(),
            contact: string(m.get("contact"), 200),
            logo_url,
            updated: m
                .get("updated")
                .and_then(Value::as_str)
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
                .map(|at| at.to_utc()),
        },
        items,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_survives_the_round_trip() {
        let profile = HubProfile {
            name: "Hub EE".into(),
            description: "Estonia".into(),
            country: "EE".into(),
            region: "Harju".into(),
            languages: vec!["et".into(), "en".into()],
            clusters: vec!["Health and care".into()],
            themes: vec![crate::vocabulary::THEMES[0].to_string()],
            contact: "hello@hub.ee".into(),
            logo_url: None,
            updated: chrono::DateTime::parse_from_rfc3339("2026-12-06T03:18:21.123456Z")
                .ok()
                .map(|at| at.to_utc()),
        };
        let ext = to_extension(&profile, "https://hub.ee/actor/items");
        let (back, items) = from_extension("Hub EE", "Estonia", None, &ext).expect("a hub");
        assert_eq!(back, profile);
        assert_eq!(items, "https://hub.ee/actor/items");
    }

    #[test]
    fn an_actor_without_items_is_no_hub_and_bad_values_are_dropped() {
        assert!(from_extension("x", "", None, &Map::new()).is_none());
        let ext = json!({"hubItems": "https://x/actor/items", "addressCountry": "Narnia",
            "themes": ["not-a-theme"], "clusters": "<b>Health</b>"});
        let (p, _) = from_extension("x", "", None, ext.as_object().expect("map")).expect("hub");
        assert_eq!(p.country, "");
        assert!(p.themes.is_empty());
        assert_eq!(p.clusters, vec!["Health".to_string()]);
    }
}
