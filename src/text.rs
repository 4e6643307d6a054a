//! Text: HTML escaping, HTML to plain text, sanitising remote HTML, Markdown to HTML, dates
//! and query strings.
//!
//! A leaf: this module imports no other module of the crate, so every layer (`db`
//! included) may use it. Where two callers need different behaviour, each behaviour is a
//! function of its own, named for what it does.

use chrono::NaiveDateTime;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt::Write;

// ----- Escaping -----

/// Escapes `& < > "` for HTML text and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escapes `& < > " '` for XML (SVG) text and attribute values, single-quoted ones too.
/// Unlike [`escape_html`] it also escapes `'`, which stored HTML never needed.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes plain text and turns blank-line-separated blocks into paragraphs (single line
/// breaks become `<br>`).
pub fn text_to_html(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>")))
        .collect()
}

/// The reverse of [`text_to_html`], for forms that edit what it produced.
pub fn html_to_text(html: &str) -> String {
    html.replace("</p><p>", "\n\n")
        .replace("<br>", "\n")
        .replace("<p>", "")
        .replace("</p>", "")
        .replace("&quot;", "\"")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&")
}

// ----- Language tags -----

/// A BCP 47 language tag in its canonical form, if it is well formed and every subtag is
/// registered ("enen" and "xx-YY" are refused; "pt-br" becomes "pt-BR").
pub fn language_tag(raw: &str) -> Option<String> {
    let tag = language_tags::LanguageTag::parse(raw.trim()).ok()?;
    tag.validate().ok()?;
    Some(
        tag.canonicalize()
            .map_or_else(|_| tag.to_string(), |t| t.to_string()),
    )
}

// ----- HTML to plain text -----

/// A remote name as plain text: tags removed (their text kept, nothing added between
/// them), entities decoded, at most `max_chars` characters.
/// Unlike [`plain_text_words`] it keeps the spacing as sent (names are one line anyway).
pub fn plain_text(input: &str, max_chars: usize) -> String {
    let cleaned = ammonia::Builder::empty().clean(input).to_string();
    let decoded = cleaned
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    decoded.chars().take(max_chars).collect()
}

/// [`plain_text`] of HTML as this hub stores it (the sanitiser's output: tags well formed,
/// attribute values in double quotes, text escaped with a few entities, no comments or
/// scripts), read in one pass rather than parsed again: the hub's calendar turns thousands
/// of descriptions into text per request. Anything unexpected goes to [`plain_text`].
pub fn stored_html_text(html: &str, max_chars: usize) -> String {
    const ENTITIES: [(&str, char); 6] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&nbsp;", '\u{a0}'),
        ("&#39;", '\''),
    ];
    let mut out = String::with_capacity(html.len().min(max_chars));
    let mut count = 0;
    let mut rest = html;
    while count < max_chars {
        let Some(&first) = rest.as_bytes().first() else {
            break;
        };
        match first {
            b'<' => {
                let name = rest[1..].trim_start_matches('/');
                let raw = ["script", "style", "textarea", "title", "!", "?"];
                if raw.iter().any(|r| {
                    let n = name.as_bytes();
                    n.len() >= r.len() && n[..r.len()].eq_ignore_ascii_case(r.as_bytes())
                }) {
                    return plain_text(html, max_chars);
                }
                let mut quoted = false;
                let end = rest.bytes().position(|b| {
                    if b == b'"' {
                        quoted = !quoted;
                    }
                    b == b'>' && !quoted
                });
                let Some(end) = end else {
                    return plain_text(html, max_chars);
                };
                rest = &rest[end + 1..];
            }
            b'&' => {
                let Some((entity, c)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) else {
                    return plain_text(html, max_chars);
                };
                out.push(*c);
                count += 1;
                rest = &rest[entity.len()..];
            }
            _ => {
                let end = rest.find(['<', '&']).unwrap_or(rest.len());
                for c in rest[..end].chars().take(max_chars - count) {
                    out.push(c);
                    count += 1;
                }
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Visible text of stored HTML on one line, words kept apart where blocks and lines end
/// (for indexing and exports). Unlike [`plain_text`] it collapses whitespace.
pub fn plain_text_words(html: &str) -> String {
    // A space where a block or line ends, or "<p>a</p><p>b</p>" would read "ab".
    let spaced = html.replace("</", " </").replace("<br", " <br");
    let text = ammonia::Builder::empty().clean(&spaced).to_string();
    // The cleaner escapes text again; `&amp;` last so that "&amp;lt;" stays "&lt;".
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ----- Sanitising and Markdown -----

/// Remote HTML as we store it: the usual safe tags, no inline images, links marked
/// `nofollow noopener noreferrer`.
pub fn sanitize_html(input: &str) -> String {
    ammonia::Builder::default()
        // Remote images would be loaded by every reader's browser from wherever the sender
        // points (tracking, private addresses); like Mastodon, we drop inline images.
        .rm_tags(["img"])
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(input)
        .to_string()
}

/// [`sanitize_html`], keeping the classes Mastodon and Lemmy give mentions and hashtags
/// (`h-card`, `u-url mention`, `mention hashtag`), by which their clients render them.
pub fn sanitize_html_keeping_mentions(html: &str) -> String {
    let mut classes = std::collections::HashMap::new();
    classes.insert("a", ["u-url", "mention", "hashtag"].into_iter().collect());
    classes.insert("span", ["h-card"].into_iter().collect());
    ammonia::Builder::default()
        .rm_tags(["img"])
        .link_rel(Some("nofollow noopener noreferrer"))
        .allowed_classes(classes)
        .clean(html)
        .to_string()
}

/// The Markdown extensions we render: strikethrough and tables.
pub fn markdown_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_STRIKETHROUGH | pulldown_cmark::Options::ENABLE_TABLES
}

/// Markdown to sanitised HTML (raw HTML in the Markdown is sanitised like remote HTML).
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, markdown_options());
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitize_html(&html)
}

// ----- Dates -----

/// A UTC time in RFC 3339 as chrono writes it: `+00:00`, fractional seconds when there
/// are any (`2026-06-02T10:00:00.123456+00:00`). What posts, follows and peers show.
pub fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339()
}

/// A UTC time in RFC 3339 to the second, with `Z` (`2026-06-02T10:00:00Z`). What the
/// events and threads API shows; unlike [`rfc3339`] it drops fractions of a second.
pub fn rfc3339_seconds(at: NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A UTC time for reading on a page, to the minute: `2026-06-02 10:00 UTC`.
pub fn utc_minutes(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

// ----- Query strings and percent-encoding -----

/// A query string's pairs, decoded, in order (filters may repeat: `theme=a&theme=b`).
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// `path?query`, or `path` alone when the query is empty.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// Every character but ASCII letters and digits percent-encoded: a value that is safe in
/// any part of a URL (a hashtag in `?q=`).
pub fn percent_encode_all(value: &str) -> String {
    utf8_percent_encode(value, NON_ALPHANUMERIC).to_string()
}

/// RFC 3986 unreserved characters stay; spaces become %20, which Outlook reads (not `+`).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `base?k=v&...` with values percent-encoded as RFC 3986 (spaces as `%20`, unlike the
/// form encoding's `+`, which calendar services misread); keys are written as given.
pub fn link_with_params(base: &str, params: &[(&str, String)]) -> String {
    let mut s = base.to_string();
    for (i, (k, v)) in params.iter().enumerate() {
        let sep = if i == 0 { '?' } else { '&' };
        let _ = write!(s, "{sep}{k}={}", utf8_percent_encode(v, UNRESERVED));
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_html_reads_as_the_sanitiser_would() {
        use super::{plain_text, sanitize_html, stored_html_text};
        for raw in [
            "<p>We visit <strong>three</strong> retrofits.</p><p>Bring boots &amp; a coat.</p>",
            "<p>a &lt; b &gt; c \"quoted\" it's</p><ul><li>one</li><li>two</li></ul>",
            r#"<p><a href="https://x.example/?a=1&b=2" title="say &quot;hi&quot; > there">link</a> after</p>"#,
            "<p>Ação social, café\u{a0}cultural — 社会</p><br><p>é<em>é</em></p>",
            "plain text, no tags",
            "<p>a <script>alert(1)</script> b <style>p{}</style></p><!-- note -->",
        ] {
            let stored = sanitize_html(raw);
            assert_eq!(
                stored_html_text(&stored, 5000),
                plain_text(&stored, 5000).replace("&nbsp;", "\u{a0}"),
                "{stored}"
            );
            for max in [0, 3, 10] {
                assert_eq!(
                    stored_html_text(&stored, max).chars().count(),
                    plain_text(&stored, max).chars().count().min(max)
                );
            }
        }
        // Not the sanitiser's output: read by the sanitiser.
        for odd in [
            "<!-- x --><p>a</p>",
            "<script>x</script>y",
            "a &copy; b",
            "<p unterminated",
        ] {
            assert_eq!(stored_html_text(odd, 100), plain_text(odd, 100), "{odd}");
        }
    }

    #[test]
    fn language_tags_must_be_registered() {
        use super::language_tag;
        assert_eq!(language_tag("pt-br").as_deref(), Some("pt-BR"));
        assert_eq!(language_tag(" fr ").as_deref(), Some("fr"));
        assert_eq!(language_tag("et").as_deref(), Some("et"));
        for bad in ["enen", "xx-YY", "e", "en_GB", "", "english"] {
            assert_eq!(language_tag(bad), None, "{bad}");
        }
    }

    use super::*;

    #[test]
    fn escape_html_escapes_markup_but_not_apostrophes() {
        assert_eq!(
            escape_html(r#"<a href="x">Fish & 'chips'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Fish &amp; 'chips'&lt;/a&gt;"
        );
        // Already escaped text is escaped again, not passed through.
        assert_eq!(escape_html("&lt;"), "&amp;lt;");
    }

    #[test]
    fn escape_xml_also_escapes_apostrophes() {
        assert_eq!(
            escape_xml(r#"<x a='1' b="2">&</x>"#),
            "&lt;x a=&#39;1&#39; b=&quot;2&quot;&gt;&amp;&lt;/x&gt;"
        );
        assert_eq!(escape_xml("Côte d’Ivoire"), "Côte d’Ivoire");
    }

    #[test]
    fn text_to_html_makes_paragraphs_and_round_trips() {
        let text = "Hello <b>you</b> & \"them\"\nsecond line\n\n\n  next  ";
        let html = text_to_html(text);
        assert_eq!(
            html,
            "<p>Hello &lt;b&gt;you&lt;/b&gt; &amp; &quot;them&quot;<br>second line</p><p>next</p>"
        );
        assert_eq!(
            html_to_text(&html),
            "Hello <b>you</b> & \"them\"\nsecond line\n\nnext"
        );
        assert_eq!(
            text_to_html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        );
        assert_eq!(text_to_html("\n\n"), "");
    }

    #[test]
    fn plain_text_strips_tags_and_caps_length() {
        assert_eq!(
            plain_text("<b>Ana</b> <script>alert(1)</script>&amp; co", 100),
            "Ana & co"
        );
        assert_eq!(plain_text("<p>a</p><p>b</p>", 100), "ab");
        assert_eq!(plain_text("Ünïcödé name", 3), "Ünï");
        assert_eq!(plain_text("<img src=x onerror=alert(1)>Bob", 10), "Bob");
    }

    #[test]
    fn plain_text_words_keeps_word_boundaries_and_characters() {
        assert_eq!(
            plain_text_words("<p>Fish &amp; chips</p><p>&lt;b&gt; x<br>y</p>"),
            "Fish & chips <b> x y"
        );
        assert_eq!(plain_text_words("&amp;lt; a&nbsp;b"), "&lt; a b");
        assert_eq!(
            plain_text_words("<script>steal()</script><style>p{}</style><p>kept</p>"),
            "kept"
        );
    }

    #[test]
    fn sanitize_html_removes_scripts_images_and_handlers() {
        let out = sanitize_html(
            r#"<p onclick="x()">Hi <a href="https://a.test" target="_blank">a</a><img src="https://track.test/p.gif"><script>alert(1)</script><a href="javascript:alert(1)">j</a></p>"#,
        );
        assert_eq!(
            out,
            r#"<p>Hi <a href="https://a.test" rel="nofollow noopener noreferrer">a</a><a rel="nofollow noopener noreferrer">j</a></p>"#
        );
        assert!(!sanitize_html(r#"<span class="h-card">x</span>"#).contains("class"));
    }

    #[test]
    fn sanitize_html_keeping_mentions_keeps_only_mention_classes() {
        let out = sanitize_html_keeping_mentions(
            r#"<span class="h-card evil"><a href="https://b.test/u/ana" class="u-url mention big">@<span>ana</span></a></span><img src=x onerror=alert(1)><iframe src="https://x.test"></iframe>"#,
        );
        assert_eq!(
            out,
            r#"<span class="h-card"><a href="https://b.test/u/ana" class="u-url mention" rel="nofollow noopener noreferrer">@<span>ana</span></a></span>"#
        );
    }

    #[test]
    fn markdown_to_html_renders_and_sanitises() {
        assert_eq!(
            markdown_to_html("**bold** ~~gone~~ [l](https://x.test)"),
            "<p><strong>bold</strong> <del>gone</del> <a href=\"https://x.test\" rel=\"nofollow noopener noreferrer\">l</a></p>\n"
        );
        let hostile =
            markdown_to_html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x>");
        assert!(!hostile.contains("<script"));
        assert!(!hostile.contains("javascript:"));
        assert!(!hostile.contains("<img"));
        assert!(markdown_to_html("|a|b|\n|-|-|\n|1|2|").contains("<table>"));
    }

    #[test]
    fn dates_keep_their_formats() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 6, 2)
            .unwrap()
            .and_hms_micro_opt(10, 5, 7, 250)
            .unwrap();
        assert_eq!(rfc3339(at), "2026-06-02T10:05:07.000250+00:00");
        assert_eq!(rfc3339_seconds(at), "2026-06-02T10:05:07Z");
        assert_eq!(utc_minutes(at), "2026-06-02 10:05 UTC");
        let whole = at.with_nanosecond_zero();
        assert_eq!(rfc3339(whole), "2026-06-02T10:05:07+00:00");
    }

    trait ZeroNanos {
        fn with_nanosecond_zero(self) -> Self;
    }
    impl ZeroNanos for NaiveDateTime {
        fn with_nanosecond_zero(self) -> Self {
            chrono::Timelike::with_nanosecond(&self, 0).unwrap()
        }
    }

    #[test]
    fn query_pairs_decode_and_keep_repeats() {
        assert_eq!(
            query_pairs(Some("theme=a&theme=b&q=S%C3%A3o+Paulo&empty=&flag")),
            vec![
                ("theme".to_string(), "a".to_string()),
                ("theme".to_string(), "b".to_string()),
                ("q".to_string(), "São Paulo".to_string()),
                ("empty".to_string(), String::new()),
                ("flag".to_string(), String::new()),
            ]
        );
        assert!(query_pairs(None).is_empty());
        assert_eq!(
            query_pairs(Some("x=%3Cscript%3E")),
            vec![("x".to_string(), "<script>".to_string())]
        );
    }

    #[test]
    fn urls_are_built_with_the_right_encoding() {
        assert_eq!(with_query("/events", ""), "/events");
        assert_eq!(with_query("/events", "a=1"), "/events?a=1");
        assert_eq!(
            percent_encode_all("São-lab_1 &"),
            "S%C3%A3o%2Dlab%5F1%20%26"
        );
        assert_eq!(
            link_with_params(
                "https://cal.test/render",
                &[("text", "Fish & chips".into()), ("d", "a-b.c_d~e/f".into())]
            ),
            "https://cal.test/render?text=Fish%20%26%20chips&d=a-b.c_d~e%2Ff"
        );
        assert_eq!(
            link_with_params("https://cal.test", &[]),
            "https://cal.test"
        );
    }
}
