//! What a person types into the call form or sends to the API, checked field by field and
//! turned into a row: lengths, codes of the controlled lists, amounts, the zone, the opening
//! and the deadlines (in order, after the opening), countries (with `EU27`) and URLs.

use crate::db::models::funding_call::{
    Deadline, FundingCallForm, Tags, ANY, FACET_COUNTRY, FACET_LANGUAGE, FACET_ORG_TYPE, FACET_SDG,
    FACET_THEME,
};
use crate::error::{AppError, AppResult, Checks};
use crate::federation::objects::funding_call::{expand_country, primary_language};
use crate::services::event_input::local_to_utc;
use crate::vocabulary as vocab;
use chrono_tz::Tz;
use serde::Deserialize;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_SUMMARY_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_TEXT_CHARS: usize = 300;
pub const MAX_DEADLINES: usize = 10;
/// Largest amount accepted (a typo of three zeros too many stays visible).
pub const MAX_AMOUNT: i64 = 10_000_000_000;

/// One stage of a call: a label and a wall-clock time in the call's zone
/// (`YYYY-MM-DDTHH:MM`, or a date alone, read as 23:59).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DeadlineInput {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub due: String,
}

/// A call as typed. Countries are ISO codes or `EU27`; empty lists of countries or
/// organisation types mean "every".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CallInput {
    /// The handle of a local organisation the member belongs to, or `hub` (admins only).
    pub publisher: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub description: String,
    pub programme: String,
    pub kind: String,
    pub amount_min: Option<i64>,
    pub amount_max: Option<i64>,
    pub currency: String,
    pub cofunding_rate: Option<i32>,
    /// Wall-clock date or time in `time_zone`; empty: already open.
    pub opens: String,
    pub time_zone: String,
    pub deadlines: Vec<DeadlineInput>,
    pub countries: Vec<String>,
    pub organisation_types: Vec<String>,
    pub themes: Vec<String>,
    pub sdgs: Vec<String>,
    pub languages: Vec<String>,
    pub link: String,
    pub contact: String,
}

/// A date alone is the end of that day (deadlines) or its start (openings).
fn wall_clock(raw: &str, end_of_day: bool, tz: Tz) -> AppResult<chrono::NaiveDateTime> {
    let raw = raw.trim();
    let text = if raw.len() == 10 {
        format!("{raw}T{}", if end_of_day { "23:59" } else { "00:00" })
    } else {
        raw.to_string()
    };
    local_to_utc(&text, tz).map_err(|_| AppError::Validation("call-error-time"))
}

fn codes(c: &mut Checks, field: &'static str, values: &[String], list: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for v in values {
        let v = v.trim().to_ascii_lowercase();
        if v.is_empty() {
            continue;
        }
        if c.check(list.contains(&v.as_str()), field, "call-error-code") && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Checks every field, each failing one reported under the name the form and the API give
/// it; returns the row (without ids, publisher and addresses), the deadlines and the tags.
pub fn validate(input: &CallInput) -> AppResult<(FundingCallForm, Vec<Deadline>, Tags)> {
    let mut c = Checks::new();
    let short = |text: &str, max: usize| text.chars().count() <= max;
    let title = input.title.trim().to_string();
    if c.check(!title.is_empty(), "title", "call-error-title") {
        c.check(
            short(&title, MAX_TITLE_CHARS),
            "title",
            "call-error-too-long",
        );
    }
    let summary = input.summary.trim().to_string();
    c.check(
        short(&summary, MAX_SUMMARY_CHARS),
        "summary",
        "call-error-too-long",
    );
    c.check(
        short(&input.description, MAX_DESCRIPTION_CHARS),
        "description",
        "call-error-too-long",
    );
    let contact = input.contact.trim().to_string();
    c.check(
        short(&contact, MAX_TEXT_CHARS),
        "contact",
        "call-error-too-long",
    );
    let programme = input.programme.trim().to_ascii_lowercase();
    c.check(
        vocab::PROGRAMMES.contains(&programme.as_str()),
        "programme",
        "call-error-programme",
    );
    let kind = input.kind.trim().to_ascii_lowercase();
    c.check(
        vocab::CALL_KINDS.contains(&kind.as_str()),
        "kind",
        "call-error-kind",
    );
    for (field, value) in [
        ("amount_min", input.amount_min),
        ("amount_max", input.amount_max),
    ] {
        c.check(
            value.is_none_or(|v| (0..=MAX_AMOUNT).contains(&v)),
            field,
            "call-error-amount",
        );
    }
    if let (Some(min), Some(max)) = (input.amount_min, input.amount_max) {
        c.check(min <= max, "amount_max", "call-error-amount-order");
    }
    let currency = input.currency.trim().to_ascii_uppercase();
    let currency = if currency.is_empty() {
        None
    } else {
        c.check(
            vocab::CURRENCIES.contains(&currency.as_str()),
            "currency",
            "call-error-currency",
        );
        Some(currency)
    };
    let has_amount = input.amount_min.is_some() || input.amount_max.is_some();
    let currency = currency.or_else(|| has_amount.then(|| "EUR".to_string()));
    c.check(
        input.cofunding_rate.is_none_or(|r| (1..=100).contains(&r)),
        "cofunding_rate",
        "call-error-rate",
    );
    let tz: Option<Tz> = c.take(
        "time_zone",
        input
            .time_zone
            .trim()
            .parse()
            .map_err(|_| AppError::Validation("call-error-zone")),
    );
    let opens_at = match (tz, input.opens.trim()) {
        (_, "") => None,
        (Some(tz), raw) => c.take("opens", wall_clock(raw, false, tz)),
        (None, _) => None,
    };
    let mut deadlines = Vec::new();
    let typed: Vec<&DeadlineInput> = input
        .deadlines
        .iter()
        .filter(|d| !d.due.trim().is_empty() || !d.label.trim().is_empty())
        .collect();
    c.check(
        typed.len() <= MAX_DEADLINES,
        "deadlines",
        "call-error-deadlines",
    );
    if let Some(tz) = tz {
        for d in typed.iter().take(MAX_DEADLINES) {
            let label = d.label.trim().to_string();
            if !c.check(
                short(&label, MAX_TEXT_CHARS),
                "deadlines",
                "call-error-too-long",
            ) {
                continue;
            }
            if let Some(due) = c.take("deadlines", wall_clock(&d.due, true, tz)) {
                deadlines.push(Deadline { label, due_at: due });
            }
        }
    }
    let in_order = deadlines.windows(2).all(|w| w[0].due_at < w[1].due_at);
    c.check(in_order, "deadlines", "call-error-deadline-order");
    if let (Some(opens), Some(first)) = (opens_at, deadlines.first()) {
        c.check(
            first.due_at > opens,
            "deadlines",
            "call-error-deadline-before-opening",
        );
    }
    let mut countries = Vec::new();
    for raw in &input.countries {
        if raw.trim().is_empty() {
            continue;
        }
        let expanded = expand_country(raw);
        if c.check(!expanded.is_empty(), "countries", "call-error-country") {
            for code in expanded {
                if !countries.contains(&code) {
                    countries.push(code);
                }
            }
        }
    }
    let org_types = codes(
        &mut c,
        "organisation_types",
        &input.organisation_types,
        vocab::ORGANISATION_TYPES,
    );
    let themes = codes(&mut c, "themes", &input.themes, vocab::THEMES);
    let sdgs = codes(&mut c, "sdgs", &input.sdgs, vocab::SDGS);
    let mut languages = Vec::new();
    for raw in &input.languages {
        if raw.trim().is_empty() {
            continue;
        }
        match primary_language(raw) {
            Some(l) if !languages.contains(&l) => languages.push(l),
            Some(_) => {}
            None => c.fail("languages", "call-error-language"),
        }
    }
    let link = match input.link.trim() {
        "" => None,
        raw => match url::Url::parse(raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                Some(u.to_string())
            }
            _ => {
                c.fail("link", "call-error-link");
                None
            }
        },
    };
    c.finish()?;
    let mut tags: Tags = Vec::new();
    let mut add = |facet: &str, values: Vec<String>, any: bool| {
        if values.is_empty() && any {
            tags.push((facet.to_string(), ANY.to_string()));
        }
        tags.extend(values.into_iter().map(|v| (facet.to_string(), v)));
    };
    add(FACET_COUNTRY, countries, true);
    add(FACET_ORG_TYPE, org_types, true);
    add(FACET_THEME, themes, false);
    add(FACET_SDG, sdgs, false);
    add(FACET_LANGUAGE, languages, false);
    let now = crate::db::now();
    let form = FundingCallForm {
        ap_id: String::new(),
        publisher_id: 0,
        creator_id: None,
        is_local: true,
        title,
        summary,
        description_source: input.description.clone(),
        description_html: crate::text::markdown_to_html(&input.description),
        programme,
        call_kind: kind,
        amount_min: input.amount_min,
        amount_max: input.amount_max,
        currency,
        cofunding_rate: input.cofunding_rate,
        opens_at,
        closes_at: deadlines.last().map(|d| d.due_at),
        time_zone: tz.map(|t| t.name().to_string()).unwrap_or_default(),
        link,
        contact,
        url: None,
        published: now,
        updated: None,
    };
    Ok((form, deadlines, tags))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CallInput {
        CallInput {
            title: "Social innovation+".into(),
            programme: "esf-plus".into(),
            kind: "grant".into(),
            time_zone: "Europe/Brussels".into(),
            deadlines: vec![
                DeadlineInput {
                    label: "Outline".into(),
                    due: "2027-03-01T17:00".into(),
                },
                DeadlineInput {
                    label: "Full proposal".into(),
                    due: "2027-06-01".into(),
                },
            ],
            countries: vec!["EU27".into(), "no".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_call_is_read_in_its_zone() {
        let (form, deadlines, tags) = validate(&input()).unwrap();
        assert_eq!(deadlines.len(), 2);
        // 17:00 in Brussels in March is 16:00 UTC.
        assert_eq!(deadlines[0].due_at.to_string(), "2027-03-01 16:00:00");
        assert_eq!(deadlines[1].due_at.to_string(), "2027-06-01 21:59:00");
        assert_eq!(form.closes_at, Some(deadlines[1].due_at));
        let countries = tags.iter().filter(|(f, _)| f == FACET_COUNTRY).count();
        assert_eq!(countries, 28);
        assert!(tags.contains(&(FACET_ORG_TYPE.into(), ANY.into())));
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let mut bad = input();
        bad.title = " ".into();
        bad.programme = "lottery".into();
        bad.amount_min = Some(50);
        bad.amount_max = Some(10);
        bad.countries = vec!["Atlantis".into()];
        bad.deadlines.reverse();
        bad.link = "javascript:alert(1)".into();
        let Err(AppError::Invalid(fields)) = validate(&bad) else {
            panic!("accepted");
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
        for f in [
            "title",
            "programme",
            "amount_max",
            "countries",
            "deadlines",
            "link",
        ] {
            assert!(names.contains(&f), "{f} not reported: {names:?}");
        }
    }
}
