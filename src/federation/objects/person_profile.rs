//! A person's profile extras on the wire, as Mastodon writes and reads them: fields as
//! `attachment` `PropertyValue`s (name in plain text, value as HTML), a header picture as
//! `image`; and schema.org's `knowsLanguage` and `addressCountry` for languages and country.

use super::person::{first_url, Person};
use crate::db::models::actor_profile::{ActorProfile, Field, ProfileExtras};
use serde_json::{json, Map, Value};

/// At most this many fields are kept from another server (Mastodon allows 4, some more).
const MAX_FIELDS: usize = 8;
const MAX_FIELD_CHARS: usize = 500;

/// The terms a local person's document carries besides the usual ones.
pub fn to_extension(profile: &ActorProfile, extension: &mut Map<String, Value>) {
    let fields = profile.field_list();
    if !fields.is_empty() {
        let attachment: Vec<Value> = fields
            .iter()
            .map(|f| json!({"type": "PropertyValue", "name": f.name, "value": f.value}))
            .collect();
        extension.insert("attachment".into(), Value::Array(attachment));
    }
    let languages = profile.language_list();
    if !languages.is_empty() {
        extension.insert("knowsLanguage".into(), json!(languages));
    }
    if let Some(country) = &profile.country {
        extension.insert("addressCountry".into(), json!(country));
    }
    let aliases = profile.aliases();
    if !aliases.is_empty() {
        extension.insert("alsoKnownAs".into(), json!(aliases));
    }
    if let Some(to) = &profile.moved_to {
        extension.insert("movedTo".into(), json!(to));
    }
}

/// A remote actor's `alsoKnownAs` (http(s) ids, at most 20) and `movedTo`.
pub fn moves_of(json: &Person) -> (Vec<String>, Option<String>) {
    let ids = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Array(items)) => items.iter().filter_map(first_url).collect(),
            Some(other) => first_url(other).into_iter().collect(),
            None => vec![],
        }
    };
    let mut aliases = ids(json.extension.get("alsoKnownAs"));
    aliases.truncate(20);
    let moved = ids(json.extension.get("movedTo")).into_iter().next();
    (aliases, moved)
}

/// The extras of a remote actor's document, checked: names as plain text, values as
/// sanitised HTML, only well-formed language tags and country codes; and its header URL.
pub fn from_json(json: &Person) -> (ProfileExtras, Option<String>) {
    let attachments = match json.extension.get("attachment") {
        Some(Value::Array(items)) => items.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => vec![],
    };
    let fields: Vec<Field> = attachments
        .iter()
        .filter(|a| a.get("type").and_then(Value::as_str) == Some("PropertyValue"))
        .filter_map(|a| {
            let name = crate::text::plain_text(a.get("name")?.as_str()?, MAX_FIELD_CHARS);
            let value: String = a
                .get("value")?
                .as_str()?
                .chars()
                .take(4 * MAX_FIELD_CHARS)
                .collect();
            let value = crate::text::sanitize_html(&value);
            (!name.trim().is_empty()).then_some(Field { name, value })
        })
        .take(MAX_FIELDS)
        .collect();
    let languages: Vec<String> = match json.extension.get("knowsLanguage") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => vec![],
    }
    .iter()
    .filter_map(|t| crate::text::language_tag(t))
    .take(10)
    .collect();
    let country = json
        .extension
        .get("addressCountry")
        .and_then(Value::as_str)
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| isocountry::CountryCode::for_alpha2(c).is_ok());
    let image = json.image.as_ref().and_then(|image| match image {
        Value::Object(m) if m.contains_key("url") => m.get("url").and_then(first_url),
        other => first_url(other),
    });
    let extras = ProfileExtras {
        fields: serde_json::to_string(&fields).unwrap_or_else(|_| "[]".into()),
        languages: languages.join(" "),
        country,
    };
    (extras, image)
}
