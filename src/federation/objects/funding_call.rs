//! Funding calls on the wire: a `Page` marked by `objectKind: "call"`, with the call's terms
//! under Tessera's namespace and schema.org's. Mastodon reduces a `Page` to its name, its
//! summary and a link, so the summary carries the deadline, the programme and the amount,
//! and the content (for servers that show it) the same with the description and the link.
//! Other Tessera hubs read the terms; unknown codes and wrong shapes are skipped.

use crate::db::models::actor::Actor;
use crate::db::models::funding_call::{
    Deadline, FundingCall as CallRow, FundingCallForm, Tags, ANY, FACET_COUNTRY, FACET_LANGUAGE,
    FACET_ORG_TYPE, FACET_SDG, FACET_THEME,
};
use crate::error::{AppError, AppResult};
use crate::federation::objects::event::{local_rfc3339, offset_label};
use crate::vocabulary as vocab;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

/// The `objectKind` that marks a `Page` as a funding call.
pub const OBJECT_KIND: &str = "call";

/// The JSON-LD context of a call: ActivityStreams, then every other term it uses.
pub fn call_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        {
            "sc": "http://schema.org#",
            "tessera": crate::federation::objects::entry::NAMESPACE,
            "objectKind": "tessera:objectKind",
            "abstract": "sc:abstract",
            "description": "sc:description",
            "programme": "tessera:programme",
            "callKind": "tessera:callKind",
            "MonetaryAmount": "sc:MonetaryAmount",
            "amount": "sc:amount",
            "minValue": "sc:minValue",
            "maxValue": "sc:maxValue",
            "currency": "sc:currency",
            "cofundingRate": "tessera:cofundingRate",
            "deadlines": "tessera:deadlines",
            "timezone": "tessera:timezone",
            "eligibleCountries": "tessera:eligibleCountries",
            "eligibleOrganisationTypes": "tessera:eligibleOrganisationTypes",
            "themes": "tessera:themes",
            "sdgs": "tessera:sdgs",
            "inLanguage": "sc:inLanguage",
            "contact": "tessera:contact",
            "website": {"@id": "tessera:website", "@type": "@id"},
        }
    ])
}

/// A call as sent and received (the row is [`CallRow`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FundingCall {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_kind: Option<String>,
    /// The publisher (an organisation, or a hub's instance actor).
    #[serde(default, deserialize_with = "crate::federation::lenient::one")]
    pub attributed_to: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For Mastodon: the title, the deadline, the programme and the amount, on one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// For servers that show content: the same, the description and the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The call's own short summary, as written.
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub abstract_text: Option<String>,
    /// The description, sanitised HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub source: Value,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_kind: Option<String>,
    /// A schema.org `MonetaryAmount` (`minValue`, `maxValue`, `currency`).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub amount: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cofunding_rate: Value,
    /// The opening, in the call's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// The last deadline, in the call's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Every deadline in order: `{"name": label, "endTime": RFC 3339}`.
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub deadlines: Value,
    /// ISO 3166-1 alpha-2 codes; empty: every country.
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub eligible_countries: Value,
    /// The directory's organisation types; empty: every type.
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub eligible_organisation_types: Value,
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
    pub sdgs: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub in_language: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        deserialize_with = "crate::federation::lenient::list"
    )]
    pub attachment: Value,
}

fn facet(tags: &Tags, name: &str) -> Vec<String> {
    tags.iter()
        .filter(|(f, v)| f == name && v != ANY)
        .map(|(_, v)| v.clone())
        .collect()
}

/// An instant in the call's zone: `2027-03-31 17:00 Europe/Brussels (UTC+02:00)`.
pub fn deadline_label(at: NaiveDateTime, zone: &str) -> String {
    let local = match zone.parse::<Tz>() {
        Ok(tz) => tz
            .from_utc_datetime(&at)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => at.format("%Y-%m-%d %H:%M").to_string(),
    };
    format!("{local} {zone} (UTC{})", offset_label(at, zone))
}

/// `10000` as `10,000`.
fn grouped(v: i64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "EUR 10,000–50,000", "up to EUR 50,000", "from EUR 10,000"; None without amounts.
pub fn amount_line(row: &CallRow) -> Option<String> {
    let cur = row.currency.as_deref().unwrap_or("EUR");
    let (min, max) = (row.amount_min.map(grouped), row.amount_max.map(grouped));
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(format!("{cur} {a}")),
        (Some(a), Some(b)) => Some(format!("{cur} {a}–{b}")),
        (None, Some(b)) => Some(format!("up to {cur} {b}")),
        (Some(a), None) => Some(format!("from {cur} {a}")),
        (None, None) => None,
    }
}

/// The summary Mastodon shows under the name: title, next or last deadline, programme,
/// kind and amount. Language-neutral codes, as the events' summary.
pub fn summary_line(row: &CallRow, deadlines: &[Deadline]) -> String {
    let now = crate::db::now();
    let next = deadlines
        .iter()
        .find(|d| d.due_at >= now)
        .or(deadlines.last());
    let mut parts = vec![row.title.clone()];
    match next {
        Some(d) => parts.push(format!(
            "Deadline {}",
            deadline_label(d.due_at, &row.time_zone)
        )),
        None => parts.push("Open until further notice".into()),
    }
    // Mastodon's readers get names, not codes; the wire's own terms keep the codes.
    let en =
        |list: &str, code: &str| crate::i18n::translate("en", &format!("vocab-{list}-{code}"), &[]);
    parts.push(format!(
        "{} · {}",
        en("programme", &row.programme),
        en("callkind", &row.call_kind)
    ));
    if let Some(amount) = amount_line(row) {
        parts.push(amount);
    }
    parts.join(" · ")
}

impl FundingCall {
    /// The wire form of one of our calls.
    pub fn for_row(
        row: &CallRow,
        publisher: &Actor,
        deadlines: &[Deadline],
        tags: &Tags,
    ) -> AppResult<FundingCall> {
        let id = Url::parse(&row.ap_id)?;
        let page = row.url.clone().unwrap_or_else(|| row.ap_id.clone());
        let esc = crate::text::escape_html;
        let mut content = String::new();
        if !row.summary.is_empty() {
            content.push_str(&format!("<p>{}</p>", esc(&row.summary)));
        }
        content.push_str(&row.description_html);
        let mut facts = Vec::new();
        for d in deadlines {
            let when = deadline_label(d.due_at, &row.time_zone);
            facts.push(if d.label.is_empty() {
                format!("Deadline: {}", esc(&when))
            } else {
                format!("Deadline ({}): {}", esc(&d.label), esc(&when))
            });
        }
        if let Some(amount) = amount_line(row) {
            facts.push(esc(&amount));
        }
        if let Some(link) = &row.link {
            facts.push(format!(
                "<a href=\"{0}\" rel=\"nofollow noopener\">{0}</a>",
                esc(link)
            ));
        }
        if !facts.is_empty() {
            content.push_str(&format!("<p>{}</p>", facts.join("<br>")));
        }
        let amount = if row.amount_min.is_some() || row.amount_max.is_some() {
            let mut a = json!({"type": "MonetaryAmount"});
            if let Some(v) = row.amount_min {
                a["minValue"] = json!(v);
            }
            if let Some(v) = row.amount_max {
                a["maxValue"] = json!(v);
            }
            a["currency"] = json!(row.currency.as_deref().unwrap_or("EUR"));
            a
        } else {
            Value::Null
        };
        let list = |values: Vec<String>| {
            if values.is_empty() {
                Value::Null
            } else {
                json!(values)
            }
        };
        let mut attachment = Vec::new();
        if let Some(link) = &row.link {
            attachment.push(json!({
                "type": "Link", "name": "Website", "mediaType": "text/html", "href": link
            }));
        }
        Ok(FundingCall {
            context: Some(call_context()),
            id,
            kind: "Page".into(),
            object_kind: Some(OBJECT_KIND.into()),
            attributed_to: json!(publisher.ap_id.to_string()),
            name: Some(row.title.clone()),
            summary: Some(summary_line(row, deadlines)),
            content: Some(content),
            media_type: Some("text/html".into()),
            abstract_text: (!row.summary.is_empty()).then(|| row.summary.clone()),
            description: Some(row.description_html.clone()),
            source: if row.description_source.is_empty() {
                Value::Null
            } else {
                json!({"content": row.description_source, "mediaType": "text/markdown"})
            },
            url: Some(json!(page)),
            to: json!(["https://www.w3.org/ns/activitystreams#Public"]),
            cc: publisher
                .followers_url
                .clone()
                .map(|f| json!([f]))
                .unwrap_or(Value::Null),
            published: Some(row.published.and_utc()),
            updated: row.updated.map(|u| u.and_utc()),
            programme: Some(row.programme.clone()),
            call_kind: Some(row.call_kind.clone()),
            amount,
            cofunding_rate: row.cofunding_rate.map(|r| json!(r)).unwrap_or_default(),
            start_time: row.opens_at.map(|t| local_rfc3339(t, &row.time_zone)),
            end_time: row.closes_at.map(|t| local_rfc3339(t, &row.time_zone)),
            timezone: Some(row.time_zone.clone()),
            deadlines: if deadlines.is_empty() {
                Value::Null
            } else {
                json!(deadlines
                    .iter()
                    .map(|d| {
                        let mut v = json!({"endTime": local_rfc3339(d.due_at, &row.time_zone)});
                        if !d.label.is_empty() {
                            v["name"] = json!(d.label);
                        }
                        v
                    })
                    .collect::<Vec<_>>())
            },
            eligible_countries: list(facet(tags, FACET_COUNTRY)),
            eligible_organisation_types: list(facet(tags, FACET_ORG_TYPE)),
            themes: list(facet(tags, FACET_THEME)),
            sdgs: list(facet(tags, FACET_SDG)),
            in_language: list(facet(tags, FACET_LANGUAGE)),
            contact: (!row.contact.is_empty()).then(|| row.contact.clone()),
            website: row.link.clone(),
            attachment: Value::Array(attachment),
        })
    }

    /// Whether a received object is a call: a `Page` (or `Article`) marked as one.
    pub fn is_call(object: &Value) -> bool {
        object.get("objectKind").and_then(Value::as_str) == Some(OBJECT_KIND)
    }

    /// The publisher's id.
    pub fn publisher_id(&self) -> Option<Url> {
        crate::federation::lenient::id_of(&self.attributed_to)
    }

    /// A received call as a row (without its key and ids), its deadlines and its tags.
    /// Read leniently: unknown codes are dropped (an unknown programme or kind reads as
    /// "other"), HTML is sanitised, times without a zone are UTC.
    pub fn into_form(
        self,
        publisher: &Actor,
        creator: Option<&Actor>,
    ) -> AppResult<(FundingCallForm, Vec<Deadline>, Tags)> {
        let title = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AppError::BadRequest("call without a name".into()))?;
        let title: String = title.chars().take(300).collect();
        let zone = self
            .timezone
            .as_deref()
            .filter(|z| z.parse::<Tz>().is_ok())
            .unwrap_or("UTC")
            .to_string();
        let instant = |raw: &str| {
            DateTime::parse_from_rfc3339(raw.trim())
                .map(|t| t.naive_utc())
                .ok()
        };
        let mut deadlines: Vec<Deadline> = strings_or_objects(&self.deadlines)
            .into_iter()
            .filter_map(|d| {
                let due = d.get("endTime").and_then(Value::as_str).and_then(instant)?;
                let label = d
                    .get("name")
                    .and_then(Value::as_str)
                    .map(|l| crate::text::plain_text(l, 200))
                    .unwrap_or_default();
                Some(Deadline { label, due_at: due })
            })
            .take(20)
            .collect();
        if deadlines.is_empty() {
            if let Some(end) = self.end_time.as_deref().and_then(instant) {
                deadlines.push(Deadline {
                    label: String::new(),
                    due_at: end,
                });
            }
        }
        deadlines.sort_by_key(|d| d.due_at);
        let closes_at = deadlines.last().map(|d| d.due_at);
        let code_in = |raw: Option<&String>, list: &[&str], fallback: &str| {
            raw.map(|r| r.trim().to_ascii_lowercase())
                .filter(|r| list.contains(&r.as_str()))
                .unwrap_or_else(|| fallback.to_string())
        };
        let amount = |key: &str| {
            self.amount
                .get(key)
                .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
                .filter(|v| *v >= 0)
        };
        let currency = self
            .amount
            .get("currency")
            .and_then(Value::as_str)
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| vocab::CURRENCIES.contains(&c.as_str()));
        let description_html = crate::text::sanitize_html(
            self.description
                .as_deref()
                .or(self.content.as_deref())
                .unwrap_or_default(),
        );
        let description_source = self
            .source
            .get("content")
            .and_then(Value::as_str)
            .filter(|_| {
                self.source.get("mediaType").and_then(Value::as_str) == Some("text/markdown")
            })
            .map(|s| s.chars().take(20_000).collect())
            .unwrap_or_default();
        let link = self
            .website
            .clone()
            .or_else(|| {
                strings_or_objects(&self.attachment)
                    .iter()
                    .find(|a| a.get("type").and_then(Value::as_str) == Some("Link"))
                    .and_then(|a| a.get("href").and_then(Value::as_str).map(str::to_string))
            })
            .and_then(|l| Url::parse(&l).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string());
        let page = match &self.url {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => crate::federation::lenient::id_of(other).map(|u| u.to_string()),
            None => None,
        }
        .or_else(|| Some(self.id.to_string()));
        let mut tags: Tags = Vec::new();
        let mut add = |facet: &str, values: Vec<String>, any: bool| {
            if values.is_empty() && any {
                tags.push((facet.to_string(), ANY.to_string()));
            }
            for v in values {
                if !tags.iter().any(|(f, x)| f == facet && *x == v) {
                    tags.push((facet.to_string(), v));
                }
            }
        };
        let words = |v: &Value| -> Vec<String> {
            strings_or_objects(v)
                .iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .take(60)
                .collect()
        };
        let countries: Vec<String> = words(&self.eligible_countries)
            .into_iter()
            .flat_map(|c| expand_country(&c))
            .collect();
        add(FACET_COUNTRY, countries, true);
        let types = words(&self.eligible_organisation_types)
            .into_iter()
            .filter(|t| vocab::ORGANISATION_TYPES.contains(&t.as_str()))
            .collect();
        add(FACET_ORG_TYPE, types, true);
        let themes = words(&self.themes)
            .into_iter()
            .filter(|t| vocab::THEMES.contains(&t.as_str()))
            .collect();
        add(FACET_THEME, themes, false);
        let sdgs = words(&self.sdgs)
            .into_iter()
            .filter(|t| vocab::SDGS.contains(&t.as_str()))
            .collect();
        add(FACET_SDG, sdgs, false);
        let languages = words(&self.in_language)
            .into_iter()
            .filter_map(|l| primary_language(&l))
            .collect();
        add(FACET_LANGUAGE, languages, false);
        let now = crate::db::now();
        let form = FundingCallForm {
            ap_id: self.id.to_string(),
            publisher_id: publisher.id,
            creator_id: creator.map(|c| c.id),
            is_local: false,
            title,
            summary: self
                .abstract_text
                .as_deref()
                .map(|s| crate::text::plain_text(s, 500))
                .unwrap_or_default(),
            description_source,
            description_html,
            programme: code_in(self.programme.as_ref(), vocab::PROGRAMMES, "other"),
            call_kind: code_in(self.call_kind.as_ref(), vocab::CALL_KINDS, "other"),
            amount_min: amount("minValue"),
            amount_max: amount("maxValue"),
            currency: currency.or_else(|| {
                (amount("minValue").is_some() || amount("maxValue").is_some())
                    .then(|| "EUR".to_string())
            }),
            cofunding_rate: self
                .cofunding_rate
                .as_i64()
                .filter(|r| (0..=100).contains(r))
                .map(|r| r as i32),
            opens_at: self.start_time.as_deref().and_then(instant),
            closes_at,
            time_zone: zone,
            link,
            contact: self
                .contact
                .as_deref()
                .map(|c| crate::text::plain_text(c, 300))
                .unwrap_or_default(),
            url: page,
            published: self.published.map(|p| p.naive_utc()).unwrap_or(now),
            updated: self.updated.map(|u| u.naive_utc()),
        };
        Ok((form, deadlines, tags))
    }
}

/// A list value as its items (a single value as a list of one).
fn strings_or_objects(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// A country code as stored: upper case, `EU27` expanded to the member states.
pub fn expand_country(raw: &str) -> Vec<String> {
    let upper = raw.trim().to_ascii_uppercase().replace(['-', ' '], "");
    if upper == vocab::EU27_CODE {
        return vocab::EU27.iter().map(|c| c.to_string()).collect();
    }
    if vocab::is_country(&upper) {
        vec![upper]
    } else {
        Vec::new()
    }
}

/// The primary subtag of a BCP 47 tag, lower case, if it looks like one.
pub fn primary_language(raw: &str) -> Option<String> {
    let primary = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
    ok.then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu27_expands_and_codes_are_checked() {
        assert_eq!(expand_country("eu-27").len(), 27);
        assert_eq!(expand_country("pt"), vec!["PT".to_string()]);
        assert!(expand_country("XX").is_empty());
        assert_eq!(primary_language("pt-BR"), Some("pt".into()));
        assert_eq!(primary_language("english"), None);
    }
}
