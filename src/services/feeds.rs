//! Atom feeds (RFC 4287) of a project's or organisation's public updates and of a
//! community's posts: open data for feed readers and aggregators that do not speak
//! ActivityPub.

use crate::db::models::actor::Actor;
use crate::db::models::media::{ROLE_BANNER, ROLE_LOGO};
use crate::db::models::post::Post;
use crate::error::AppResult;
use crate::services::{entries, media};
use crate::state::Ctx;
use crate::text::plain_text_words;
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{NaiveDateTime, TimeZone, Utc};

/// Updates in a feed: the newest, as Mastodon's and most blogs' feeds carry.
pub const FEED_SIZE: i64 = 20;
/// Longest title made from an untitled update's text.
const TITLE_CHARS: usize = 80;

/// A feed document and when its content last changed (for `Last-Modified`).
pub struct AtomFeed {
    pub xml: String,
    pub updated: chrono::DateTime<Utc>,
}

fn utc(t: NaiveDateTime) -> FixedDateTime {
    Utc.from_utc_datetime(&t).fixed_offset()
}

/// The page of a local entry: the actor's `url`, else one built from its handle.
fn page_url(data: &Ctx, kind: &str, actor: &Actor) -> String {
    actor.profile_url.clone().unwrap_or_else(|| {
        format!(
            "{}/{}/{}",
            data.config.base_url().trim_end_matches('/'),
            entries::path_segment(kind),
            actor.username
        )
    })
}

/// An untitled update's title: the start of its first paragraph (the last one of an
/// update is the link to its entry's page), cut at a word.
fn title_of(post: &Post) -> String {
    if let Some(name) = post.name.as_deref().filter(|n| !n.trim().is_empty()) {
        return name.trim().to_string();
    }
    let html = post.content_html.as_str();
    let first = html.find("</p>").map(|end| &html[..end]).unwrap_or(html);
    let text = plain_text_words(first);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= TITLE_CHARS {
        return text;
    }
    let cut: String = text.chars().take(TITLE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{cut}…")
}

fn entry_of(post: &Post, author: &Person) -> Entry {
    let link = post.url.clone().unwrap_or_else(|| post.ap_id.clone());
    Entry {
        title: Text::plain(title_of(post)),
        id: post.ap_id.clone(),
        updated: utc(post.updated.unwrap_or(post.published)),
        published: Some(utc(post.published)),
        authors: vec![author.clone()],
        links: vec![Link {
            href: link,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        }],
        // A content warning stays in front of the text, as the post page shows it.
        summary: Some(post.summary.trim())
            .filter(|s| !s.is_empty())
            .map(Text::plain),
        content: Some(Content {
            value: Some(post.content_html.clone()),
            content_type: Some("html".into()),
            lang: post.language.clone(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The feed of the local project or organisation `handle`: its public updates, newest first.
pub async fn entry_feed(data: &Ctx, kind: &str, handle: &str) -> AppResult<AtomFeed> {
    let (entry, actor) = entries::local(data, kind, handle).await?;
    let (_, posts) = crate::services::posts::listed_by_author(data, actor.id, FEED_SIZE, 0).await?;
    let images = media::of_actor(data, actor.id).await?;
    let image = |role: &str| {
        images
            .iter()
            .find(|m| m.role == role)
            .map(|m| media::url(data, m))
    };
    let page = page_url(data, kind, &actor);
    let name = actor.display_name_or_username().to_string();
    let author = Person {
        name: name.clone(),
        uri: Some(page.clone()),
        ..Default::default()
    };
    // The feed changed when its newest update or the profile did.
    let updated = posts
        .iter()
        .map(|p| p.updated.unwrap_or(p.published))
        .chain([entry.updated_at])
        .max()
        .unwrap_or(entry.updated_at);
    let summary = plain_text_words(&actor.summary);
    let feed = Feed {
        title: Text::plain(name),
        id: page.clone(),
        updated: utc(updated),
        authors: vec![author.clone()],
        subtitle: Some(summary.trim())
            .filter(|s| !s.is_empty())
            .map(Text::plain),
        links: vec![
            Link {
                href: page.clone(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
            Link {
                href: format!("{page}/feed.atom"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
        ],
        icon: image(ROLE_LOGO),
        logo: image(ROLE_BANNER),
        generator: Some(Generator {
            value: "Tessera".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        entries: posts.iter().map(|p| entry_of(p, &author)).collect(),
        ..Default::default()
    };
    Ok(AtomFeed {
        xml: feed.to_string(),
        updated: Utc.from_utc_datetime(&updated),
    })
}

/// The feed of a community (here or known here): its newest visible threads and replies,
/// each with its own author.
pub async fn community_feed(data: &Ctx, name: &str) -> AppResult<AtomFeed> {
    let details = crate::services::communities::get_details(data, name).await?;
    let actor = &details.actor;
    let posts = {
        let mut conn = data.pool.get().await?;
        crate::db::models::thread::Threads::newest(&mut conn, actor.id, FEED_SIZE).await?
    };
    let base = data.config.base_url();
    let base = base.trim_end_matches('/');
    let path = if actor.is_local {
        actor.username.clone()
    } else {
        format!("{}@{}", actor.username, actor.domain)
    };
    let page = if actor.is_local {
        format!("{base}/communities/{path}")
    } else {
        actor
            .profile_url
            .clone()
            .unwrap_or_else(|| actor.ap_id.to_string())
    };
    let name = actor.display_name_or_username().to_string();
    let updated = posts
        .iter()
        .map(|(p, _)| p.updated.unwrap_or(p.published))
        .chain([details.community.updated_at])
        .max()
        .unwrap_or(details.community.updated_at);
    let summary = plain_text_words(&details.community.description_html);
    let entries = posts
        .iter()
        .map(|(p, a)| {
            let person = Person {
                name: a.display_name_or_username().to_string(),
                uri: Some(a.profile_url.clone().unwrap_or_else(|| a.ap_id.to_string())),
                ..Default::default()
            };
            entry_of(p, &person)
        })
        .collect();
    let feed = Feed {
        title: Text::plain(name.clone()),
        id: page.clone(),
        updated: utc(updated),
        authors: vec![Person {
            name,
            uri: Some(page.clone()),
            ..Default::default()
        }],
        subtitle: Some(summary.trim())
            .filter(|s| !s.is_empty())
            .map(Text::plain),
        links: vec![
            Link {
                href: page,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
            Link {
                href: format!("{base}/communities/{path}/feed.atom"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
        ],
        generator: Some(Generator {
            value: "Tessera".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        entries,
        ..Default::default()
    };
    Ok(AtomFeed {
        xml: feed.to_string(),
        updated: Utc.from_utc_datetime(&updated),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use atom_syndication::TextType;

    fn post(name: Option<&str>, html: &str) -> Post {
        let now = crate::db::now();
        Post {
            id: 1,
            ap_id: "https://hub.example/posts/a".into(),
            author_id: 1,
            kind: "Note".into(),
            name: name.map(str::to_string),
            summary: String::new(),
            content_html: html.into(),
            language: Some("pt".into()),
            url: None,
            in_reply_to: None,
            visibility: crate::db::models::post::VISIBILITY_PUBLIC,
            sensitive: false,
            attachments: "[]".into(),
            is_local: true,
            published: now,
            updated: None,
            deleted_at: None,
            created_at: now,
            community_id: None,
            thread_id: None,
            locked: false,
            pinned: false,
            removed_at: None,
            like_count: 0,
            boost_count: 0,
            source: String::new(),
            tags: "[]".into(),
        }
    }

    #[test]
    fn untitled_updates_take_the_start_of_their_text() {
        assert_eq!(title_of(&post(Some(" Launch "), "<p>x</p>")), "Launch");
        assert_eq!(
            title_of(&post(None, "<p>Short <em>news</em></p><p><a>x</a></p>")),
            "Short news"
        );
        let long = format!("<p>{}</p>", "word ".repeat(40));
        let title = title_of(&post(None, &long));
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= TITLE_CHARS + 1);
    }

    #[test]
    fn entries_carry_html_content_language_and_link() {
        let author = Person {
            name: "Solar".into(),
            ..Default::default()
        };
        let entry = entry_of(&post(None, "<p>A &amp; B</p>"), &author);
        let xml = Feed {
            entries: vec![entry],
            ..Default::default()
        }
        .to_string();
        assert!(
            xml.contains(r#"<content xml:lang="pt" type="html">"#),
            "{xml}"
        );
        assert!(xml.contains("&lt;p&gt;A &amp;amp; B&lt;/p&gt;"), "{xml}");
        assert!(
            xml.contains(r#"href="https://hub.example/posts/a""#),
            "{xml}"
        );
        assert!(matches!(Text::plain("x").r#type, TextType::Text));
    }
}
