//! A community on the wire: a `Group` (FEP-1b12) in the shape Lemmy sends and reads. The
//! moderators are the collection in `attributedTo`, pinned threads the `featured`
//! collection, `postingRestrictedToMods` is set when posting is limited to members, and the
//! languages go in Lemmy's `language` list. Rules and the posting mode travel as Tessera
//! terms. Read leniently: Lemmy communities and other hubs' communities alike.

use crate::db::models::community::{Community, CommunityForm, POSTING_FOLLOWERS, POSTING_MEMBERS};
use crate::federation::objects::entry::NAMESPACE;
use crate::federation::objects::person::first_url;
use crate::text::{plain_text, sanitize_html};
use serde_json::{json, Map, Value};

/// Term definitions the actor context needs for communities and threads.
pub fn context_terms() -> Map<String, Value> {
    let terms = json!({
        "lemmy": "https://join-lemmy.org/ns#",
        "postingRestrictedToMods": "lemmy:postingRestrictedToMods",
        "stickied": "lemmy:stickied",
        "featured": {"@id": "toot:featured", "@type": "@id"},
        "moderators": {"@id": "lemmy:moderators", "@type": "@id"},
        "sensitive": "as:sensitive",
        "language": "sc:inLanguage",
        "identifier": "sc:identifier",
        "commentsEnabled": "pt:commentsEnabled",
        "pt": "https://joinpeertube.org/ns#",
        "rules": format!("{NAMESPACE}rules"),
        "posting": format!("{NAMESPACE}posting"),
        "source": "as:source",
        "audience": {"@id": "as:audience", "@type": "@id"},
        "Lock": "as:Lock",
    });
    match terms {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Lemmy's language object for a BCP 47 tag.
pub fn language_object(tag: &str) -> Value {
    json!({"identifier": tag, "name": language_name(tag)})
}

/// The English name of a few common languages (Lemmy shows `name`; the tag is what counts).
pub fn language_name(tag: &str) -> &'static str {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match primary.as_str() {
        "en" => "English",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "pt" => "Português",
        "it" => "Italiano",
        "nl" => "Nederlands",
        "pl" => "Polski",
        "et" => "Eesti",
        "fi" => "Suomi",
        "sv" => "Svenska",
        "da" => "Dansk",
        "el" => "Ελληνικά",
        "cs" => "Čeština",
        "sk" => "Slovenčina",
        "sl" => "Slovenščina",
        "hu" => "Magyar",
        "ro" => "Română",
        "bg" => "Български",
        "hr" => "Hrvatski",
        "lt" => "Lietuvių",
        "lv" => "Latviešu",
        "mt" => "Malti",
        "ga" => "Gaeilge",
        _ => "",
    }
}

/// The terms of a local community, merged into its actor document.
pub fn to_extension(community: &Community, ap_id: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("attributedTo".into(), json!(format!("{ap_id}/moderators")));
    m.insert("featured".into(), json!(format!("{ap_id}/featured")));
    m.insert(
        "postingRestrictedToMods".into(),
        json!(community.posting == POSTING_MEMBERS),
    );
    m.insert("posting".into(), json!(community.posting));
    m.insert("sensitive".into(), json!(false));
    let languages: Vec<Value> = community
        .language_list()
        .into_iter()
        .map(language_object)
        .collect();
    if !languages.is_empty() {
        m.insert("language".into(), json!(languages));
    }
    if !community.description_source.is_empty() {
        m.insert(
            "source".into(),
            json!({"content": community.description_source, "mediaType": "text/markdown"}),
        );
    }
    if !community.rules_html.is_empty() {
        m.insert("rules".into(), json!(community.rules_html));
    }
    m
}

/// Whether a remote `Group` is a community (Lemmy's, Mbin's or another hub's) rather than
/// a project or a Mobilizon group: it says who may post, or lists moderators in a collection.
pub fn is_community(extension: &Map<String, Value>) -> bool {
    if extension.contains_key("entryKind") {
        return false;
    }
    extension.contains_key("postingRestrictedToMods")
        || (extension.contains_key("featured")
            && extension.get("attributedTo").is_some_and(Value::is_string))
}

/// The community row of a remote Group. `summary` is the actor's (sanitised) description.
pub fn from_extension(
    actor_id: i64,
    summary: &str,
    extension: &Map<String, Value>,
) -> CommunityForm {
    let languages: Vec<String> = match extension.get("language") {
        Some(Value::Array(items)) => items.iter().filter_map(language_tag).collect(),
        Some(item) => language_tag(item).into_iter().collect(),
        None => vec![],
    };
    let restricted = extension
        .get("postingRestrictedToMods")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let named = extension.get("posting").and_then(Value::as_str);
    let posting = match named.and_then(|p| p.parse().ok()) {
        Some(posting) => posting,
        None if restricted => POSTING_MEMBERS,
        None => POSTING_FOLLOWERS,
    };
    let source = extension
        .get("source")
        .and_then(|s| s.get("content"))
        .and_then(Value::as_str)
        .map(|s| plain_text(s, 20_000))
        .unwrap_or_default();
    CommunityForm {
        actor_id,
        description_source: source,
        description_html: summary.to_string(),
        rules_source: String::new(),
        rules_html: extension
            .get("rules")
            .and_then(Value::as_str)
            .map(sanitize_html)
            .unwrap_or_default(),
        languages: languages.join(" "),
        posting,
        moderators_url: extension.get("attributedTo").and_then(first_url),
        featured_url: extension.get("featured").and_then(first_url),
    }
}

fn language_tag(item: &Value) -> Option<String> {
    let tag = item
        .get("identifier")
        .and_then(Value::as_str)
        .or_else(|| item.as_str())?;
    (tag != "und" && tag.parse::<language_tags::LanguageTag>().is_ok()).then(|| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmy_group_is_a_community_and_keeps_its_languages() {
        let group: Value = serde_json::from_str(include_str!(
            "../../../../shared/fixtures/activitypub/lemmy/objects/group.json"
        ))
        .unwrap();
        let ext = group.as_object().unwrap().clone();
        assert!(is_community(&ext));
        let form = from_extension(1, "<p>x</p>", &ext);
        assert_eq!(form.languages, "fr de");
        assert_eq!(form.posting, POSTING_FOLLOWERS);
        assert!(form.description_source.starts_with("Lounge and recreation"));
        assert_eq!(
            form.moderators_url.as_deref(),
            Some("https://enterprise.lemmy.ml/c/tenforward/moderators")
        );
        let project = json!({"entryKind": "project", "postingRestrictedToMods": false});
        assert!(!is_community(project.as_object().unwrap()));
    }
}
