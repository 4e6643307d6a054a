//! Posts on the wire: `Note` (what Mastodon reads in full), and, on receipt, `Article`,
//! `Page` and `Question` too, read leniently because every server fills them differently.

use crate::db::models::actor::Actor;
use crate::db::models::post::{
    Post, PostForm, Visibility, VISIBILITY_DIRECT, VISIBILITY_FOLLOWERS, VISIBILITY_PUBLIC,
    VISIBILITY_UNLISTED,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::ensure;
use crate::federation::objects::person::first_url;
use crate::text::{plain_text, sanitize_html};
use activitypub_federation::kinds::public;
use activitypub_federation::protocol::verification::verify_domains_match;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use url::Url;

/// Object types stored as posts, as Mastodon does: Note and Question as they are; Article,
/// Page, Image, Audio and Video with their title, and media as attachments. Anything else
/// inside a Create is acknowledged and ignored.
pub const POST_TYPES: &[&str] = &[
    "Note", "Question", "Article", "Page", "Image", "Audio", "Video",
];
/// Types whose object is itself a media file.
const MEDIA_TYPES: &[&str] = &["Image", "Audio", "Video"];

/// Longest content we keep, in bytes of sanitised HTML (Mastodon allows far less text, but
/// articles are long).
const MAX_CONTENT_BYTES: usize = 100_000;
const MAX_ATTACHMENTS: usize = 16;

/// The JSON-LD context of our notes: ActivityStreams plus the non-AS terms used.
pub fn note_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "sensitive": "as:sensitive",
            "Hashtag": "as:Hashtag"
        }
    ])
}

/// A post as sent and received (named by ActivityStreams; the row is [`Post`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    /// A URL, an embedded actor, or an array of them (PeerTube and Lemmy send arrays).
    #[serde(default)]
    pub attributed_to: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_map: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<Value>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub attachment: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub tag: Value,
    /// Lemmy's language: `{"identifier": "en", "name": "English"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Value>,
}

/// Every URL in a `to`/`cc`-style value (string, object with `id`, or array of them).
pub fn audience_urls(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Object(map) => map
            .get("id")
            .and_then(Value::as_str)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(audience_urls).collect(),
        _ => vec![],
    }
}

/// The public collection, in any of the three spellings servers use.
pub fn is_public(url: &str) -> bool {
    matches!(
        url,
        "https://www.w3.org/ns/activitystreams#Public" | "as:Public" | "Public"
    )
}

impl Note {
    /// The single author's id. An object credited to several actors is accepted when the
    /// activity's actor is one of them.
    pub fn authors(&self) -> Vec<Url> {
        audience_urls(&self.attributed_to)
            .iter()
            .filter_map(|s| Url::parse(s).ok())
            .collect()
    }

    pub fn to_and_cc(&self) -> Vec<String> {
        let mut all = audience_urls(&self.to);
        all.extend(audience_urls(&self.cc));
        all
    }

    /// The id of the post this answers: a URL, an object with an `id`, or a Link.
    pub fn reply_target(&self) -> Option<String> {
        let value = self.in_reply_to.as_ref()?;
        let href = value
            .get("href")
            .and_then(Value::as_str)
            .map(str::to_string);
        audience_urls(value)
            .into_iter()
            .next()
            .or(href)
            .filter(|u| Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
    }

    /// Mastodon's four visibilities, read from the addressing.
    pub fn visibility(&self, author_followers: Option<&str>) -> Visibility {
        let to = audience_urls(&self.to);
        let cc = audience_urls(&self.cc);
        if to.iter().any(|u| is_public(u)) {
            VISIBILITY_PUBLIC
        } else if cc.iter().any(|u| is_public(u)) {
            VISIBILITY_UNLISTED
        } else if author_followers.is_some_and(|f| to.iter().chain(&cc).any(|u| u == f)) {
            VISIBILITY_FOLLOWERS
        } else {
            VISIBILITY_DIRECT
        }
    }

    /// The language and HTML of the content: `content`, else the first `contentMap` entry.
    fn language_and_content(&self) -> (Option<String>, String) {
        let from_map = self.content_map.as_ref().and_then(|m| {
            m.iter()
                .find_map(|(lang, v)| v.as_str().map(|c| (lang.clone(), c.to_string())))
        });
        let lemmy_language = self
            .language
            .as_ref()
            .and_then(|l| l.get("identifier"))
            .and_then(Value::as_str)
            .filter(|l| *l != "und")
            .map(str::to_string);
        let language = from_map
            .as_ref()
            .map(|(l, _)| l.clone())
            .or(lemmy_language)
            .filter(|l| l.parse::<language_tags::LanguageTag>().is_ok() && l != "und");
        let content = self
            .content
            .clone()
            .or(from_map.map(|(_, c)| c))
            .unwrap_or_default();
        (language, content)
    }

    /// Maps a verified remote object onto a row.
    pub fn into_form(self, author: &Actor) -> AppResult<PostForm> {
        let visibility = self.visibility(author.followers_url.as_deref());
        let (language, content) = self.language_and_content();
        let mut content_html = sanitize_html(&content);
        if content_html.len() > MAX_CONTENT_BYTES {
            return Err(AppError::BadRequest(format!(
                "{} has {} bytes of content (at most {MAX_CONTENT_BYTES})",
                self.id,
                content_html.len()
            )));
        }
        if self.kind == "Question" && content_html.is_empty() {
            content_html = self.name.as_deref().map(sanitize_html).unwrap_or_default();
        }
        let name = self
            .name
            .as_deref()
            .map(|n| plain_text(n, 500))
            .filter(|n| !n.trim().is_empty() && self.kind != "Note");
        Ok(PostForm {
            ap_id: self.id.to_string(),
            author_id: author.id,
            kind: self.kind.clone(),
            name,
            summary: self
                .summary
                .as_deref()
                .map(|s| plain_text(s, 1000))
                .unwrap_or_default(),
            content_html,
            language,
            url: self.url.as_ref().and_then(first_url),
            in_reply_to: self.reply_target(),
            visibility,
            sensitive: self.sensitive.unwrap_or(false),
            attachments: if MEDIA_TYPES.contains(&self.kind.as_str()) && self.attachment.is_null() {
                // The object is the media: keep its own link as the attachment.
                attachments_json(&json!({"url": self.url, "mediaType": self.media_type,
                    "name": self.name}))
            } else {
                attachments_json(&self.attachment)
            },
            is_local: false,
            published: self
                .published
                .map(|p| p.naive_utc())
                .unwrap_or_else(crate::db::now),
            updated: self.updated.map(|u| u.naive_utc()),
            community_id: None,
            thread_id: None,
            source: String::new(),
            tags: tags_json(&self.tag),
        })
    }

    /// Our own post as a Note, with the author of the post it answers (if we have it) in
    /// `cc`, as Mastodon addresses replies, so that they reach that author's timeline.
    pub async fn for_post(conn: &mut DbConn, post: &Post, author: &Actor) -> AppResult<Note> {
        let mut note = Note::from_post(post, author, post.ap_id.clone());
        // A direct message names all its recipients already.
        let direct = post.visibility == VISIBILITY_DIRECT;
        if let Some(parent) = post.in_reply_to.as_ref().filter(|_| !direct) {
            if let Some(parent) = Post::find_by_ap_id(conn, parent).await? {
                if let Some(parent_author) = Actor::find(conn, parent.author_id).await? {
                    if let Value::Array(cc) = &mut note.cc {
                        cc.push(Value::String(parent_author.ap_id.to_string()));
                    }
                }
            }
        }
        Ok(note)
    }

    /// Our own post as a Note, addressed by its visibility only.
    pub fn from_post(post: &Post, author: &Actor, page_url: String) -> Note {
        let followers = author.followers_url.clone().unwrap_or_default();
        let public = public().to_string();
        let mentions: Vec<PostTag> = parse_tags(&post.tags)
            .into_iter()
            .filter(|t| t.kind == "Mention" && t.href.is_some())
            .collect();
        let (to, cc) = match post.visibility {
            VISIBILITY_PUBLIC => (vec![public], vec![followers]),
            VISIBILITY_UNLISTED => (vec![followers], vec![public]),
            // Mastodon's direct shape: the recipients in `to`, nobody in `cc`.
            VISIBILITY_DIRECT => (
                mentions.iter().filter_map(|t| t.href.clone()).collect(),
                vec![],
            ),
            _ => (vec![followers], vec![]),
        };
        // Mentions are tagged, which is how Mastodon and GoToSocial learn whom a direct
        // message is for.
        let tag = if post.visibility == VISIBILITY_DIRECT {
            Value::Array(
                mentions
                    .iter()
                    .map(|t| json!({"type": "Mention", "href": t.href, "name": t.name}))
                    .collect(),
            )
        } else {
            Value::Null
        };
        let content_map = post.language.as_ref().map(|lang| {
            let mut m = Map::new();
            m.insert(lang.clone(), Value::String(post.content_html.clone()));
            m
        });
        Note {
            context: Some(note_context()),
            id: Url::parse(&post.ap_id).unwrap_or_else(|_| author.parsed_ap_id().clone()),
            kind: "Note".into(),
            attributed_to: Value::String(author.ap_id.to_string()),
            name: None,
            summary: Some(post.summary.clone()).filter(|s| !s.is_empty()),
            content: Some(post.content_html.clone()),
            content_map,
            media_type: None,
            url: Some(Value::String(page_url)),
            in_reply_to: post.in_reply_to.clone().map(Value::String),
            to: json!(to),
            cc: json!(cc),
            published: Some(post.published.and_utc()),
            updated: post.updated.map(|u| u.and_utc()),
            sensitive: Some(post.sensitive),
            attachment: Value::Null,
            tag,
            language: None,
        }
    }
}

/// One stored attachment: only http(s) links, with a media type and description if given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attachment {
    pub url: String,
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

fn attachments_json(value: &Value) -> String {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => vec![],
    };
    let list: Vec<Attachment> = items
        .into_iter()
        .filter_map(|item| {
            let url = item
                .get("url")
                .and_then(first_url)
                .or_else(|| item.get("href").and_then(first_url))?;
            Some(Attachment {
                url,
                media_type: item
                    .get("mediaType")
                    .and_then(Value::as_str)
                    .map(|m| plain_text(m, 100)),
                name: item
                    .get("name")
                    .and_then(Value::as_str)
                    .map(|n| plain_text(n, 1500)),
            })
        })
        .take(MAX_ATTACHMENTS)
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// One hashtag or mention of a post, as stored (`kind` is `Hashtag` or `Mention`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PostTag {
    pub kind: String,
    pub name: String,
    pub href: Option<String>,
}

/// The hashtags and mentions of a received object's `tag`, as stored JSON.
pub fn tags_json(value: &Value) -> String {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![value],
        _ => vec![],
    };
    let list: Vec<PostTag> = items
        .into_iter()
        .filter_map(|item| {
            let kind = item.get("type").and_then(Value::as_str)?;
            if kind != "Hashtag" && kind != "Mention" {
                return None;
            }
            Some(PostTag {
                kind: kind.to_string(),
                name: plain_text(item.get("name").and_then(Value::as_str)?, 200),
                href: item.get("href").and_then(first_url),
            })
        })
        .take(50)
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// Reads stored tags (never fails).
pub fn parse_tags(stored: &str) -> Vec<PostTag> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// Reads the stored attachment list (never fails: a bad row shows no attachments).
pub fn parse_attachments(stored: &str) -> Vec<Attachment> {
    serde_json::from_str(stored).unwrap_or_default()
}

/// Parses a post object and checks that `actor` may publish it.
pub fn parse_note(object: Value, actor: &Url) -> AppResult<Note> {
    let note = read_note(object)?;
    check_author(&note, actor)?;
    Ok(note)
}

/// Parses a post object, without judging who sent it.
pub fn read_note(object: Value) -> AppResult<Note> {
    serde_json::from_value(object)
        .map_err(|e| AppError::BadRequest(format!("unreadable post object: {e}")))
}

/// Checks that `actor` may publish `note`: on its host and, when it names authors, one of them.
pub fn check_author(note: &Note, actor: &Url) -> AppResult<()> {
    verify_domains_match(&note.id, actor)?;
    let authors = note.authors();
    ensure(
        authors.is_empty() || authors.contains(actor),
        format!("{} is not attributed to {actor}", note.id),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(value: Value) -> Note {
        serde_json::from_value(value).expect("note")
    }

    #[test]
    fn visibility_follows_mastodon_addressing() {
        let base = json!({"id": "https://a.example/n/1", "type": "Note",
            "attributedTo": "https://a.example/u/x"});
        let with = |to: Value, cc: Value| {
            let mut v = base.clone();
            v["to"] = to;
            v["cc"] = cc;
            note(v).visibility(Some("https://a.example/u/x/followers"))
        };
        assert_eq!(with(json!("as:Public"), json!([])), VISIBILITY_PUBLIC);
        assert_eq!(
            with(
                json!(["https://a.example/u/x/followers"]),
                json!(["https://www.w3.org/ns/activitystreams#Public"])
            ),
            VISIBILITY_UNLISTED
        );
        assert_eq!(
            with(json!("https://a.example/u/x/followers"), Value::Null),
            VISIBILITY_FOLLOWERS
        );
        assert_eq!(
            with(json!(["https://b.example/u/y"]), Value::Null),
            VISIBILITY_DIRECT
        );
    }

    #[test]
    fn attachments_keep_only_web_links() {
        let stored = attachments_json(&json!([
            {"type": "Document", "url": "https://m.example/a.png", "mediaType": "image/png",
             "name": "<b>a cat</b>"},
            {"type": "Document", "url": "javascript:alert(1)"},
            {"type": "Link", "href": "https://m.example/page"},
            {"type": "Image", "url": [{"type": "Link", "href": "https://m.example/b.jpg"}]}
        ]));
        let list = parse_attachments(&stored);
        let urls: Vec<&str> = list.iter().map(|a| a.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://m.example/a.png",
                "https://m.example/page",
                "https://m.example/b.jpg"
            ]
        );
        assert_eq!(list[0].name.as_deref(), Some("a cat"));
    }

    #[test]
    fn content_map_and_lemmy_language_give_the_language() {
        let n = note(json!({"id": "https://a.example/n/1", "type": "Note",
            "contentMap": {"pt": "<p>olá</p>"}}));
        assert_eq!(
            n.language_and_content(),
            (Some("pt".into()), "<p>olá</p>".into())
        );
        let n = note(
            json!({"id": "https://a.example/n/1", "type": "Page", "content": "x",
            "language": {"identifier": "et", "name": "Eesti"}}),
        );
        assert_eq!(n.language_and_content().0.as_deref(), Some("et"));
    }
}
