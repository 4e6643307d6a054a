//! Knowledge resources on the wire: an `Article` marked by `objectKind: "resource"`, in the
//! shape Lemmy and Mbin read (name, HTML content with its Markdown `source`, `Document`
//! attachments, Lemmy's `language`), which Mastodon shows as its name, summary and link.
//! Tessera's own terms (kind, licence code, authors, related projects, themes, languages,
//! the original of a translation) sit under Tessera's namespace; the licence deed also goes
//! as schema.org's `license`. Unknown codes and wrong shapes are skipped when reading.

use crate::db::models::actor::Actor;
use crate::db::models::resource::{
    Attachment, Author, Parts, Resource as ResourceRow, ResourceForm, AUTHOR_ORGANISATION,
    AUTHOR_PERSON, FACET_LANGUAGE, FACET_THEME,
};
use crate::error::{AppError, AppResult};
use crate::federation::objects::funding_call::primary_language;
use crate::vocabulary as vocab;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

/// The `objectKind` that marks an `Article` as a knowledge resource.
pub const OBJECT_KIND: &str = "resource";
/// Most attachments, authors and related projects read from a received resource.
pub const MAX_ATTACHMENTS: usize = 10;
pub const MAX_AUTHORS: usize = 20;
pub const MAX_PROJECTS: usize = 20;

/// The media types a resource's files may have.
pub const ATTACHMENT_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
];

/// The JSON-LD context of a resource: ActivityStreams, then every other term it uses.
pub fn resource_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "sc": "http://schema.org#",
            "tessera": crate::federation::objects::entry::NAMESPACE,
            "objectKind": "tessera:objectKind",
            "resourceKind": "tessera:resourceKind",
            "license": {"@id": "sc:license", "@type": "@id"},
            "licence": "tessera:licence",
            "authors": "tessera:authors",
            "relatedProjects": {"@id": "tessera:relatedProjects", "@type": "@id"},
            "themes": "tessera:themes",
            "inLanguage": "sc:inLanguage",
            "translationOf": {"@id": "tessera:translationOf", "@type": "@id"},
            "body": "tessera:body",
            "sensitive": "as:sensitive",
            "language": "sc:inLanguage",
            "identifier": "sc:identifier",
        }
    ])
}

/// A resource as sent and received (the row is [`ResourceRow`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_kind: Option<String>,
    /// The publisher: the actor that sends it.
    #[serde(default, deserialize_with = "crate::federation::lenient::one")]
    pub attributed_to: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// For servers that show content: the summary, the text, the authors, the licence and
    /// the files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub content_map: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The text alone, sanitised HTML (what other hubs store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub source: Value,
    /// Lemmy's language object, `{"identifier": "en", "name": "English"}`.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub language: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub to: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub cc: Value,
    /// The first project it names: the community Lemmy and Mbin file it under.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub audience: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// The licence deed (Creative Commons); absent for "all rights reserved".
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub license: Value,
    /// The licence code, "all-rights-reserved" included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// `{"type": "Person" | "Organization", "id"?: actor, "name": ...}` in order.
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub authors: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub related_projects: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub themes: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub in_language: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub translation_of: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub attachment: Value,
}

fn facet(tags: &[(String, String)], name: &str) -> Vec<String> {
    tags.iter()
        .filter(|(f, _)| f == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The English name of a code, for servers that show the content as it is.
fn en(list: &str, code: &str) -> String {
    crate::i18n::translate("en", &format!("vocab-{list}-{code}"), &[])
}

impl Resource {
    /// The wire form of one of our resources.
    pub fn for_row(row: &ResourceRow, publisher: &Actor, parts: &Parts) -> AppResult<Resource> {
        let id = Url::parse(&row.ap_id)?;
        let page = row.url.clone().unwrap_or_else(|| row.ap_id.clone());
        let esc = crate::text::escape_html;
        let mut content = String::new();
        if !row.summary.is_empty() {
            content.push_str(&format!("<p>{}</p>", esc(&row.summary)));
        }
        content.push_str(&row.body_html);
        let mut facts = vec![format!(
            "{} · {}",
            esc(&en("resourcekind", &row.resource_kind)),
            esc(&en("licence", &row.licence))
        )];
        if !parts.authors.is_empty() {
            let names: Vec<String> = parts.authors.iter().map(|a| esc(&a.name)).collect();
            facts.push(format!("By {}", names.join(", ")));
        }
        for a in &parts.attachments {
            let label = if a.name.is_empty() { &a.url } else { &a.name };
            facts.push(format!(
                "<a href=\"{}\" rel=\"nofollow noopener\">{}</a>",
                esc(&a.url),
                esc(label)
            ));
        }
        content.push_str(&format!("<p>{}</p>", facts.join("<br>")));
        let list = |values: Vec<String>| {
            if values.is_empty() {
                Value::Null
            } else {
                json!(values)
            }
        };
        let authors: Vec<Value> = parts
            .authors
            .iter()
            .map(|a| {
                let kind = if a.kind == AUTHOR_ORGANISATION {
                    "Organization"
                } else {
                    "Person"
                };
                let mut v = json!({"type": kind, "name": a.name});
                if let Some(id) = &a.ap_id {
                    v["id"] = json!(id);
                }
                v
            })
            .collect();
        let attachment: Vec<Value> = parts
            .attachments
            .iter()
            .map(|a| {
                let kind = if a.media_type.starts_with("image/") {
                    "Image"
                } else {
                    "Document"
                };
                let mut v = json!({"type": kind, "mediaType": a.media_type, "url": a.url});
                if !a.name.is_empty() {
                    v["name"] = json!(a.name);
                }
                v
            })
            .collect();
        let language_name =
            crate::i18n::language_name("en", &row.language).unwrap_or_else(|| row.language.clone());
        Ok(Resource {
            context: Some(resource_context()),
            id,
            kind: "Article".into(),
            object_kind: Some(OBJECT_KIND.into()),
            resource_kind: Some(row.resource_kind.clone()),
            attributed_to: json!(publisher.ap_id.to_string()),
            name: Some(row.title.clone()),
            summary: (!row.summary.is_empty()).then(|| row.summary.clone()),
            content_map: json!({ row.language.clone(): content.clone() }),
            content: Some(content),
            media_type: Some("text/html".into()),
            body: Some(row.body_html.clone()),
            source: if row.body_source.is_empty() {
                Value::Null
            } else {
                json!({"content": row.body_source, "mediaType": "text/markdown"})
            },
            language: json!({"identifier": row.language, "name": language_name}),
            url: Some(json!(page)),
            to: json!(["https://www.w3.org/ns/activitystreams#Public"]),
            cc: publisher
                .followers_url
                .clone()
                .map(|f| json!([f]))
                .unwrap_or(Value::Null),
            audience: parts
                .projects
                .first()
                .map(|p| Value::String(p.clone()))
                .unwrap_or_default(),
            sensitive: Some(false),
            published: Some(row.published.and_utc()),
            updated: row.updated.map(|u| u.and_utc()),
            license: vocab::licence_url(&row.licence)
                .map(Value::String)
                .unwrap_or_default(),
            licence: Some(row.licence.clone()),
            authors: list_values(authors),
            related_projects: list(parts.projects.clone()),
            themes: list(facet(&parts.tags, FACET_THEME)),
            in_language: list(facet(&parts.tags, FACET_LANGUAGE)),
            translation_of: row
                .translation_of
                .clone()
                .map(Value::String)
                .unwrap_or_default(),
            attachment: list_values(attachment),
        })
    }

    /// Whether a received object is a resource: an `Article` (or `Page`) marked as one.
    pub fn is_resource(object: &Value) -> bool {
        object.get("objectKind").and_then(Value::as_str) == Some(OBJECT_KIND)
    }

    /// The publisher's id.
    pub fn publisher_id(&self) -> Option<Url> {
        crate::federation::lenient::id_of(&self.attributed_to)
    }

    /// A received resource as a row (without its key and ids) and its parts. Read
    /// leniently: unknown codes fall back (kind "other", "all rights reserved"), HTML is
    /// sanitised, only http(s) links of the accepted media types are kept.
    pub fn into_form(
        self,
        publisher: &Actor,
        creator: Option<&Actor>,
    ) -> AppResult<(ResourceForm, Parts)> {
        let title = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AppError::BadRequest("resource without a name".into()))?;
        let title: String = title.chars().take(300).collect();
        let web = |raw: &str| {
            Url::parse(raw.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .map(|u| u.to_string())
        };
        let kind = self
            .resource_kind
            .as_deref()
            .map(|k| k.trim().to_ascii_lowercase())
            .filter(|k| vocab::RESOURCE_KINDS.contains(&k.as_str()))
            .unwrap_or_else(|| "other".into());
        let licence = self
            .licence
            .as_deref()
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| vocab::LICENCES.contains(&l.as_str()))
            .or_else(|| {
                crate::federation::lenient::id_of(&self.license)
                    .and_then(|u| vocab::licence_of_url(u.as_str()))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "all-rights-reserved".into());
        let body_html = crate::text::sanitize_html(
            self.body
                .as_deref()
                .or(self.content.as_deref())
                .or_else(|| {
                    self.content_map
                        .as_object()
                        .and_then(|m| m.values().next())
                        .and_then(Value::as_str)
                })
                .unwrap_or_default(),
        );
        let body_source = self
            .source
            .get("content")
            .and_then(Value::as_str)
            .filter(|_| {
                self.source.get("mediaType").and_then(Value::as_str) == Some("text/markdown")
            })
            .map(|s| s.chars().take(50_000).collect())
            .unwrap_or_default();
        let mut languages: Vec<String> = items(&self.in_language)
            .iter()
            .filter_map(Value::as_str)
            .filter_map(primary_language)
            .take(20)
            .collect();
        let own = self
            .language
            .get("identifier")
            .and_then(Value::as_str)
            .and_then(primary_language)
            .or_else(|| {
                self.content_map
                    .as_object()
                    .and_then(|m| m.keys().next())
                    .and_then(|k| primary_language(k))
            })
            .or_else(|| languages.first().cloned())
            .unwrap_or_else(|| "und".into());
        if own != "und" && !languages.contains(&own) {
            languages.insert(0, own.clone());
        }
        let mut tags: Vec<(String, String)> = Vec::new();
        for t in items(&self.themes).iter().filter_map(Value::as_str) {
            let t = t.trim().to_string();
            if vocab::THEMES.contains(&t.as_str()) && !tags.iter().any(|(_, v)| *v == t) {
                tags.push((FACET_THEME.into(), t));
            }
        }
        for l in languages {
            if !tags.iter().any(|(f, v)| f == FACET_LANGUAGE && *v == l) {
                tags.push((FACET_LANGUAGE.into(), l));
            }
        }
        let authors: Vec<Author> = items(&self.authors)
            .iter()
            .filter_map(|a| {
                let name = a
                    .get("name")
                    .and_then(Value::as_str)
                    .map(|n| crate::text::plain_text(n, 200))
                    .filter(|n| !n.is_empty())?;
                let kind = match a.get("type").and_then(Value::as_str) {
                    Some("Organization" | "Group") => AUTHOR_ORGANISATION,
                    _ => AUTHOR_PERSON,
                };
                Some(Author {
                    ap_id: a.get("id").and_then(Value::as_str).and_then(web),
                    name,
                    kind: kind.into(),
                })
            })
            .take(MAX_AUTHORS)
            .collect();
        let mut projects: Vec<String> = Vec::new();
        for p in items(&self.related_projects) {
            if let Some(u) = crate::federation::lenient::id_of(&p).and_then(|u| web(u.as_str())) {
                if !projects.contains(&u) && projects.len() < MAX_PROJECTS {
                    projects.push(u);
                }
            }
        }
        let attachments: Vec<Attachment> = items(&self.attachment)
            .iter()
            .filter_map(|a| {
                let media_type = a
                    .get("mediaType")
                    .and_then(Value::as_str)?
                    .trim()
                    .to_ascii_lowercase();
                if !ATTACHMENT_TYPES.contains(&media_type.as_str()) {
                    return None;
                }
                let url = match a.get("url").or_else(|| a.get("href"))? {
                    Value::String(s) => web(s),
                    other => crate::federation::lenient::id_of(other)
                        .or_else(|| {
                            other
                                .get("href")
                                .and_then(Value::as_str)
                                .and_then(|h| Url::parse(h).ok())
                        })
                        .and_then(|u| web(u.as_str())),
                }?;
                Some(Attachment {
                    url,
                    media_type,
                    name: a
                        .get("name")
                        .and_then(Value::as_str)
                        .map(|n| crate::text::plain_text(n, 200))
                        .unwrap_or_default(),
                    byte_size: None,
                    file_name: None,
                })
            })
            .take(MAX_ATTACHMENTS)
            .collect();
        let page = match &self.url {
            Some(Value::String(s)) => web(s),
            Some(other) => crate::federation::lenient::id_of(other).map(|u| u.to_string()),
            None => None,
        }
        .or_else(|| Some(self.id.to_string()));
        let translation_of = crate::federation::lenient::id_of(&self.translation_of)
            .and_then(|u| web(u.as_str()))
            .filter(|u| *u != self.id.as_str());
        let now = crate::db::now();
        let form = ResourceForm {
            ap_id: self.id.to_string(),
            publisher_id: publisher.id,
            creator_id: creator.map(|c| c.id),
            is_local: false,
            resource_kind: kind,
            title,
            summary: self
                .summary
                .as_deref()
                .map(|s| crate::text::plain_text(s, 1000))
                .unwrap_or_default(),
            body_source,
            body_html,
            licence,
            language: own,
            translation_of,
            url: page,
            published: self.published.map(|p| p.naive_utc()).unwrap_or(now),
            updated: self.updated.map(|u| u.naive_utc()),
        };
        Ok((
            form,
            Parts {
                tags,
                authors,
                projects,
                attachments,
            },
        ))
    }
}

fn list_values(values: Vec<Value>) -> Value {
    if values.is_empty() {
        Value::Null
    } else {
        Value::Array(values)
    }
}

/// A list value as its items (a single value as a list of one).
fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publisher() -> Actor {
        let now = crate::db::now();
        Actor {
            id: 1,
            ap_id: crate::db::types::DbUrl(Url::parse("https://hub.example/users/ana").unwrap()),
            kind: "Person".into(),
            username: "ana".into(),
            domain: "hub.example".into(),
            display_name: String::new(),
            summary: String::new(),
            inbox_url: "https://hub.example/users/ana/inbox".into(),
            shared_inbox_url: None,
            outbox_url: None,
            followers_url: None,
            following_url: None,
            profile_url: None,
            public_key_pem: String::new(),
            private_key_pem: None,
            is_local: false,
            manually_approves_followers: false,
            discoverable: true,
            published: None,
            last_refreshed_at: now,
            created_at: now,
            standing: "ok".into(),
            domain_limited: false,
        }
    }

    #[test]
    fn reads_leniently() {
        let raw = json!({
            "id": "https://hub.example/resources/1",
            "type": "Article",
            "objectKind": "resource",
            "resourceKind": "toolbox",
            "attributedTo": "https://hub.example/users/ana",
            "name": "  Co-design toolkit ",
            "content": "<p>Hi<script>alert(1)</script></p>",
            "license": "http://creativecommons.org/licenses/by-sa/4.0/",
            "contentMap": {"pt-PT": "<p>Olá</p>"},
            "themes": ["health-care", "not-a-theme"],
            "authors": [{"type": "Organization", "name": "Cooperativa"}, {"name": ""}, "x"],
            "relatedProjects": ["https://hub.example/projects/p", "javascript:alert(1)"],
            "attachment": [
                {"type": "Document", "mediaType": "application/pdf", "url": "https://hub.example/media/a.pdf", "name": "Guide"},
                {"type": "Document", "mediaType": "application/x-msdownload", "url": "https://hub.example/x.exe"},
                {"type": "Link", "mediaType": "image/png", "href": "ftp://hub.example/a.png"}
            ],
            "translationOf": "https://hub.example/resources/1"
        });
        let object: Resource = serde_json::from_value(raw).unwrap();
        let (form, parts) = object.into_form(&publisher(), None).unwrap();
        assert_eq!(form.title, "Co-design toolkit");
        assert_eq!(form.resource_kind, "other");
        assert_eq!(form.licence, "cc-by-sa");
        assert_eq!(form.language, "pt");
        assert!(!form.body_html.contains("script"));
        assert_eq!(
            form.translation_of, None,
            "a resource is no translation of itself"
        );
        assert_eq!(parts.authors.len(), 1);
        assert_eq!(parts.authors[0].kind, AUTHOR_ORGANISATION);
        assert_eq!(parts.projects, vec!["https://hub.example/projects/p"]);
        assert_eq!(parts.attachments.len(), 1);
        assert_eq!(parts.attachments[0].name, "Guide");
        assert!(parts
            .tags
            .contains(&(FACET_THEME.into(), "health-care".into())));
        assert!(!parts.tags.iter().any(|(_, v)| v == "not-a-theme"));
        assert!(parts.tags.contains(&(FACET_LANGUAGE.into(), "pt".into())));
    }

    #[test]
    fn needs_a_name() {
        let object: Resource = serde_json::from_value(json!({
            "id": "https://hub.example/resources/2", "type": "Article", "objectKind": "resource"
        }))
        .unwrap();
        assert!(object.into_form(&publisher(), None).is_err());
    }
}
