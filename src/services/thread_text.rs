//! The text of threads and replies: Markdown to sanitised HTML, with `#hashtags` linked (to
//! the hub's directory search for the word, as there are no hashtag pages yet) and
//! `@name` / `@name@host` mentions resolved to actors and linked, the way Mastodon and Lemmy
//! render them (`<a class="mention">`, `<a class="hashtag" rel="tag">`). Code blocks and
//! links are left alone.

use crate::db::models::actor::Actor;
use crate::federation::objects::note::PostTag;
use crate::state::Ctx;
use crate::text::{
    escape_html as escape, markdown_options, percent_encode_all, sanitize_html_keeping_mentions,
};
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

/// Longest hashtag, in characters.
const MAX_TAG_CHARS: usize = 60;
/// Most mentions resolved per post (each may cost a WebFinger lookup).
const MAX_MENTIONS: usize = 20;

/// A token found in the text.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    Hashtag(String),
    /// `@name` or `@name@host`, without the leading `@`.
    Mention(String),
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits plain text into text, hashtags and mentions. A `#` or `@` counts only at the start
/// or after a character that is not part of a word (so e-mail addresses stay text).
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let boundary = i == 0 || !(is_word_char(chars[i - 1]) || chars[i - 1] == '@');
        if boundary && (c == '#' || c == '@') {
            let mut j = i + 1;
            if c == '#' {
                while j < chars.len() && is_word_char(chars[j]) {
                    j += 1;
                }
                let tag: String = chars[i + 1..j].iter().collect();
                // `#1` is a number, not a tag.
                if !tag.is_empty()
                    && tag.chars().count() <= MAX_TAG_CHARS
                    && !tag.chars().all(|c| c.is_ascii_digit())
                {
                    out.push(Token::Text(std::mem::take(&mut buf)));
                    out.push(Token::Hashtag(tag));
                    i = j;
                    continue;
                }
            } else {
                let is_name = |c: char| is_word_char(c) || c == '.' || c == '-';
                while j < chars.len() && is_name(chars[j]) {
                    j += 1;
                }
                let mut end = j;
                if j < chars.len() && chars[j] == '@' {
                    let mut k = j + 1;
                    while k < chars.len() && (is_name(chars[k]) || chars[k] == ':') {
                        k += 1;
                    }
                    if k > j + 1 {
                        end = k;
                    }
                }
                let mut handle: String = chars[i + 1..end].iter().collect();
                // A sentence's full stop is not part of the host.
                while handle.ends_with('.') || handle.ends_with('-') {
                    handle.pop();
                    end -= 1;
                }
                if !handle.is_empty() && !handle.starts_with('@') {
                    out.push(Token::Text(std::mem::take(&mut buf)));
                    out.push(Token::Mention(handle));
                    i = end;
                    continue;
                }
            }
        }
        buf.push(c);
        i += 1;
    }
    out.push(Token::Text(buf));
    out.retain(|t| !matches!(t, Token::Text(s) if s.is_empty()));
    out
}

/// Every mention in the Markdown outside code and links.
fn mentions_in(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut skip = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => skip = skip.saturating_sub(1),
            Event::Text(t) if skip == 0 => {
                for tok in tokens(&t) {
                    if let Token::Mention(h) = tok {
                        if !found.contains(&h) {
                            found.push(h);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found.truncate(MAX_MENTIONS);
    found
}

/// The rendered text: HTML, and the hashtags and mentions to send in `tag` (mentioned
/// actors also go in `cc` and receive the post).
pub struct Rendered {
    pub html: String,
    pub tags: Vec<PostTag>,
    pub mentioned: Vec<Actor>,
}

/// Renders Markdown, resolving mentions (local names here, `name@host` by WebFinger; an
/// unknown handle stays plain text).
pub async fn render(data: &Ctx, markdown: &str) -> Rendered {
    let mut resolved: Vec<(String, Actor)> = Vec::new();
    for handle in mentions_in(markdown) {
        let query = format!("@{handle}");
        match crate::services::actors::lookup(data, &query).await {
            Ok(actor) => resolved.push((handle.to_lowercase(), actor)),
            Err(e) => tracing::info!(handle, error = %e, "mention not resolved; kept as text"),
        }
    }
    let base = data.config.base_url();
    render_with(&base, markdown, &resolved)
}

/// Renders with mentions already resolved (`handle` lower-cased, without `@`).
fn render_with(base: &str, markdown: &str, resolved: &[(String, Actor)]) -> Rendered {
    let mut tags: Vec<PostTag> = Vec::new();
    let mut mentioned: Vec<Actor> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut skip = 0usize;
    for event in Parser::new_ext(markdown, markdown_options()) {
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => skip = skip.saturating_sub(1),
            _ => {}
        }
        let Event::Text(text) = &event else {
            events.push(event);
            continue;
        };
        if skip > 0 {
            events.push(event);
            continue;
        }
        for tok in tokens(text) {
            match tok {
                Token::Text(t) => events.push(Event::Text(CowStr::from(t))),
                Token::Hashtag(tag) => {
                    let href = format!("{base}/directory?q={}", percent_encode_all(&tag));
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\" class=\"mention hashtag\" rel=\"tag\">#<span>{}</span></a>",
                        escape(&href),
                        escape(&tag)
                    ))));
                    let name = format!("#{}", tag.to_lowercase());
                    if !tags.iter().any(|t| t.name == name) {
                        tags.push(PostTag {
                            kind: "Hashtag".into(),
                            name,
                            href: Some(href),
                        });
                    }
                }
                Token::Mention(handle) => {
                    let key = handle.to_lowercase();
                    let Some((_, actor)) = resolved.iter().find(|(h, _)| *h == key) else {
                        events.push(Event::Text(CowStr::from(format!("@{handle}"))));
                        continue;
                    };
                    let page = actor
                        .profile_url
                        .clone()
                        .unwrap_or_else(|| actor.ap_id.to_string());
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<span class=\"h-card\"><a href=\"{}\" class=\"u-url mention\">@<span>{}</span></a></span>",
                        escape(&page),
                        escape(&actor.username)
                    ))));
                    if !mentioned.iter().any(|a| a.id == actor.id) {
                        tags.push(PostTag {
                            kind: "Mention".into(),
                            name: format!("@{}", actor.handle()),
                            href: Some(actor.ap_id.to_string()),
                        });
                        mentioned.push(actor.clone());
                    }
                }
            }
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html: sanitize_html_keeping_mentions(&html),
        tags,
        mentioned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_and_mentions_are_found_outside_words() {
        assert_eq!(
            tokens("Hi @ana@hub-b.test, see #housing and mail x@y.z #1"),
            vec![
                Token::Text("Hi ".into()),
                Token::Mention("ana@hub-b.test".into()),
                Token::Text(", see ".into()),
                Token::Hashtag("housing".into()),
                Token::Text(" and mail x@y.z #1".into()),
            ]
        );
        assert_eq!(
            tokens("@ben."),
            vec![Token::Mention("ben".into()), Token::Text(".".into())]
        );
    }

    #[test]
    fn code_and_links_keep_their_text() {
        assert_eq!(
            mentions_in("`@a` [@b](https://x.test) @c"),
            vec!["c".to_string()]
        );
        let r = render_with(
            "https://hub.test",
            "```\n#notatag\n```\n\n#tag **bold**",
            &[],
        );
        assert!(r.html.contains("#notatag"));
        assert!(r.html.contains("https://hub.test/directory?q=tag"));
        assert_eq!(r.tags.len(), 1);
        assert_eq!(r.tags[0].name, "#tag");
    }

    #[test]
    fn unresolved_mentions_stay_text_and_html_is_escaped() {
        let r = render_with("https://hub.test", "@nobody <script>x</script>", &[]);
        assert!(r.html.contains("@nobody"));
        assert!(!r.html.contains("<script"));
        assert!(r.mentioned.is_empty());
    }
}
