//! Refused forms as a person meets them: the message beside each field, the field marked
//! invalid and described by its message, and the summary at the top that links to every
//! field and takes the focus.

use super::browser::escaped;

/// The opening tag of the element with `id` (`<input …>`, `<div …>`).
pub fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!(" id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id}: {html}"));
    let start = html[..at].rfind('<').expect("a tag opens before the id");
    let end = at + html[at..].find('>').expect("the tag closes");
    &html[start..=end]
}

/// The ids of the fields a page marks with a message (`<p class="field-error" id="X-error">`).
pub fn refused_fields(html: &str) -> Vec<String> {
    let marker = "class=\"field-error\" id=\"";
    html.match_indices(marker)
        .map(|(i, _)| {
            let rest = &html[i + marker.len()..];
            let id = &rest[..rest.find('"').expect("id closes")];
            id.trim_end_matches("-error").to_string()
        })
        .collect()
}

/// Asserts that the page refuses exactly `fields` (element id and message), each beside
/// its field, which is `aria-invalid` and described by the message first; and that the
/// summary `summary_id`, above the fields, takes the focus and links to each field in the
/// order given, under a heading that counts them.
pub fn assert_refused(html: &str, summary_id: &str, fields: &[(&str, &str)]) {
    let ids: Vec<&str> = fields.iter().map(|(id, _)| *id).collect();
    assert_eq!(refused_fields(html), ids, "fields marked: {html}");
    let summary = tag_with_id(html, summary_id);
    for attribute in ["role=\"alert\"", "tabindex=\"-1\"", "autofocus"] {
        assert!(
            summary.contains(attribute),
            "{attribute} missing: {summary}"
        );
    }
    let summary_at = html.find(summary).expect("the summary");
    let summary_end = summary_at + html[summary_at..].find("</div>").expect("closes");
    let listed = &html[summary_at..summary_end];
    let heading = match fields.len() {
        1 => "There is a problem with this form:".to_string(),
        n => format!("There are {n} problems with this form:"),
    };
    assert!(listed.contains(&heading), "{heading} missing: {listed}");
    let mut last_link = 0;
    for (id, message) in fields {
        let input = tag_with_id(html, id);
        assert!(input.contains("aria-invalid=\"true\""), "{id}: {input}");
        let described = format!("aria-describedby=\"{id}-error");
        assert!(input.contains(&described), "{id}: {input}");
        let shown = format!(
            "<p class=\"field-error\" id=\"{id}-error\">{}</p>",
            escaped(message)
        );
        assert!(html.contains(&shown), "{shown} missing: {html}");
        assert!(
            html.find(input) > Some(summary_at),
            "{id} above the summary"
        );
        let link = format!("<a href=\"#{id}\">{}</a>", escaped(message));
        let at = listed
            .find(&link)
            .unwrap_or_else(|| panic!("{link} missing: {listed}"));
        assert!(at > last_link, "{id} out of order: {listed}");
        last_link = at;
    }
}
