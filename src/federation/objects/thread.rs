//! Community posts on the wire, in Lemmy's shapes: a thread is a `Page` with a `name`, a
//! reply a `Note` with `inReplyTo`. Both are addressed to the community and the public, name
//! the community in `audience`, carry the Markdown in `source`, the language in `contentMap`
//! and in Lemmy's `language`, and hashtags and mentions in `tag`. No `url` on a Page: Lemmy
//! reads it as a link post's link.

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::federation::objects::community::language_object;
use crate::federation::objects::note::parse_tags;
use activitypub_federation::kinds::public;
use serde_json::{json, Map, Value};

/// The Page or Note of a community post. `parent_author` (of a reply) and the mentioned
/// actors go in `cc`, as Lemmy addresses comments.
pub fn to_json(
    post: &Post,
    author: &Actor,
    community: &Actor,
    parent_author: Option<&Actor>,
) -> Value {
    let is_thread = post.thread_id.is_none() && post.in_reply_to.is_none();
    let mut cc: Vec<String> = Vec::new();
    if let Some(p) = parent_author {
        cc.push(p.ap_id.to_string());
    }
    let tags: Vec<Value> = parse_tags(&post.tags)
        .into_iter()
        .map(|t| {
            if t.kind == "Mention" {
                if let Some(h) = &t.href {
                    if !cc.contains(h) {
                        cc.push(h.clone());
                    }
                }
            }
            json!({"type": t.kind, "name": t.name, "href": t.href})
        })
        .collect();
    let mut m = Map::new();
    m.insert("id".into(), json!(post.ap_id));
    m.insert(
        "type".into(),
        json!(if is_thread { "Page" } else { "Note" }),
    );
    m.insert("attributedTo".into(), json!(author.ap_id.to_string()));
    m.insert(
        "to".into(),
        json!([community.ap_id.to_string(), public().to_string()]),
    );
    m.insert("cc".into(), json!(cc));
    m.insert("audience".into(), json!(community.ap_id.to_string()));
    if community.is_local {
        // The whole conversation as one collection (FEP-7888), for servers that catch up.
        let root = post.thread_id.unwrap_or(post.id);
        m.insert("context".into(), json!(context_url(community, root)));
    }
    if is_thread {
        m.insert("name".into(), json!(post.name.clone().unwrap_or_default()));
        m.insert("commentsEnabled".into(), json!(!post.locked));
        m.insert("stickied".into(), json!(post.pinned));
    }
    m.insert("content".into(), json!(post.content_html));
    m.insert("mediaType".into(), json!("text/html"));
    if !post.source.is_empty() {
        m.insert(
            "source".into(),
            json!({"content": post.source, "mediaType": "text/markdown"}),
        );
    }
    if let Some(lang) = &post.language {
        m.insert(
            "contentMap".into(),
            json!({lang.clone(): post.content_html}),
        );
        m.insert("language".into(), language_object(lang));
    }
    if let Some(parent) = &post.in_reply_to {
        m.insert("inReplyTo".into(), json!(parent));
    }
    if !tags.is_empty() {
        m.insert("tag".into(), json!(tags));
    }
    m.insert("sensitive".into(), json!(post.sensitive));
    m.insert(
        "published".into(),
        json!(crate::text::rfc3339(post.published)),
    );
    if let Some(u) = post.updated {
        m.insert("updated".into(), json!(crate::text::rfc3339(u)));
    }
    Value::Object(m)
}

/// The `context` collection of a thread of a community hosted here (by its root's number).
pub fn context_url(community: &Actor, root: i64) -> String {
    let origin = community.parsed_ap_id().origin().ascii_serialization();
    format!("{origin}/threads/{root}/context")
}

/// The community an incoming object names: its `audience`, then `to`/`cc`, then mentions.
/// Callers check which of these is a community they know.
pub fn candidate_communities(object: &Value) -> Vec<String> {
    use crate::federation::objects::note::audience_urls;
    let mut ids = Vec::new();
    for field in ["audience", "to", "cc"] {
        if let Some(v) = object.get(field) {
            ids.extend(audience_urls(v));
        }
    }
    if let Some(Value::Array(tags)) = object.get("tag") {
        for t in tags {
            if t.get("type").and_then(Value::as_str) == Some("Mention") {
                if let Some(h) = t.get("href").and_then(Value::as_str) {
                    ids.push(h.to_string());
                }
            }
        }
    }
    ids.retain(|i| !crate::federation::objects::note::is_public(i));
    let mut seen = Vec::new();
    ids.retain(|i| {
        let new = !seen.contains(i);
        seen.push(i.clone());
        new
    });
    ids
}
