//! The calls pages: the list with its facets and search, a call's page, the "calls for
//! you" and "calls published" sections of project and organisation pages, and the calls
//! calendar and feed. The form is in [`crate::web::call_form`].

use crate::db::models::actor::Actor;
use crate::db::models::funding_call::{Deadline, STATUSES, STATUS_CLOSED, STATUS_OPEN};
use crate::error::AppError;
use crate::i18n::Arg;
use crate::services::call_feeds::{self, DeadlineFilter};
use crate::services::funding_calls::{self as service, CallDetails, Match, Reason};
use crate::state::Ctx;
use crate::text::{query_pairs, with_query};
use crate::vocabulary as vocab;
use crate::web::entries::label;
use crate::web::events::{date_label, pairs, param, Pairs};
use crate::web::page::{self, Page, WebError, WebResult};
use axum::extract::RawQuery;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use minijinja::context;
use minijinja::value::Value;

/// Calls per page of the list.
const PAGE_SIZE: i64 = 20;
/// Calls in the "calls for you" section.
const FOR_YOU: usize = 5;
/// Deadline windows offered, in days.
const WINDOWS: &[i64] = &[7, 30, 90];
/// Filters of the list besides `q` and `page`.
const FILTERS: &[&str] = &[
    "programme",
    "kind",
    "country",
    "org_type",
    "theme",
    "sdg",
    "language",
    "status",
    "deadline",
    "publisher",
    "local",
];

pub fn call_href(key: &str) -> String {
    format!("/calls/{key}")
}

/// "Mon 31 March 2027, 17:00 Europe/Brussels".
pub fn deadline_when(page: &Page, at: NaiveDateTime, zone: &str) -> String {
    let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
    let local = tz.from_utc_datetime(&at);
    let args = [
        ("date", Arg::Str(date_label(page, local.date_naive()))),
        ("time", Arg::Str(local.format("%H:%M").to_string())),
        ("zone", Arg::Str(tz.name().to_string())),
    ];
    crate::i18n::translate(page.lang, "calls-deadline-when", &args)
}

fn days_left(page: &Page, d: &Deadline, now: NaiveDateTime) -> String {
    let days = (d.due_at - now).num_days();
    crate::i18n::translate(
        page.lang,
        "calls-days-left",
        &[("days", Arg::Num(days as f64))],
    )
}

pub fn status_label(page: &Page, status: &str) -> String {
    page.t(&format!("calls-status-{status}"))
}

/// "EUR 10,000 – 50,000", in the page's language; None without amounts.
pub fn amount_label(page: &Page, d: &CallDetails) -> Option<String> {
    let c = &d.call;
    let cur = c.currency.clone().unwrap_or_else(|| "EUR".into());
    let n = |v: i64| grouped(page.lang, v);
    let args = |pairs: Vec<(&'static str, String)>| {
        let mut out: Vec<(&str, Arg)> = pairs.into_iter().map(|(k, v)| (k, Arg::Str(v))).collect();
        out.push(("currency", Arg::Str(cur.clone())));
        out
    };
    let (id, a) = match (c.amount_min, c.amount_max) {
        (Some(a), Some(b)) if a == b => ("calls-amount-exact", args(vec![("min", n(a))])),
        (Some(a), Some(b)) => (
            "calls-amount-range",
            args(vec![("min", n(a)), ("max", n(b))]),
        ),
        (None, Some(b)) => ("calls-amount-up-to", args(vec![("max", n(b))])),
        (Some(a), None) => ("calls-amount-from", args(vec![("min", n(a))])),
        (None, None) => return None,
    };
    Some(crate::i18n::translate(page.lang, id, &a))
}

/// An amount with thousands grouped as the language writes them (10,000 / 10 000).
fn grouped(lang: &str, v: i64) -> String {
    let sep = if lang == "en" { ',' } else { '\u{202f}' };
    let digits = v.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    if v < 0 {
        out.insert(0, '-');
    }
    out
}

/// The eligible countries as the page names them: "EU-27" for the member states, then the
/// others by name; "Every country" when open to all.
pub fn countries_label(page: &Page, d: &CallDetails) -> String {
    let codes = d.countries();
    if codes.is_empty() {
        return page.t("calls-countries-any");
    }
    let mut names = Vec::new();
    let eu = d.is_eu27();
    if eu {
        names.push(page.t("calls-eu27"));
    }
    for code in &codes {
        if eu && vocab::EU27.contains(&code.as_str()) {
            continue;
        }
        names.push(crate::i18n::country_name(page.lang, code).unwrap_or_else(|| code.clone()));
    }
    names.join(", ")
}

fn labels(page: &Page, list: &str, codes: &[String], order: &[&str]) -> Vec<String> {
    order
        .iter()
        .filter(|c| codes.iter().any(|x| x == *c))
        .map(|c| label(page, list, c))
        .collect()
}

fn publisher_view(page: &Page, a: &Actor) -> Value {
    let href = if a.kind == "Application" && a.is_local {
        "/about".to_string()
    } else if a.is_local {
        crate::web::profiles::href(a)
    } else {
        a.profile_url.clone().unwrap_or_else(|| a.ap_id.to_string())
    };
    let name = if a.kind == "Application" && a.is_local {
        page.t("calls-publisher-hub")
    } else {
        a.display_name_or_username().to_string()
    };
    context! { name => name, href => href, local => a.is_local, host => a.domain }
}

/// One call as lists show it.
pub fn card(page: &Page, d: &CallDetails, now: NaiveDateTime) -> Value {
    let c = &d.call;
    let status = d.status(now);
    let next = d.next_deadline(now);
    context! {
        title => c.title,
        href => call_href(&c.key),
        summary => c.summary,
        status => status,
        status_label => status_label(page, status),
        programme => label(page, "programme", &c.programme),
        kind => label(page, "callkind", &c.call_kind),
        amount => amount_label(page, d),
        deadline => next.or(d.deadlines.last()).map(|x| deadline_when(page, x.due_at, &c.time_zone)),
        days_left => next.filter(|_| status == STATUS_OPEN).map(|x| days_left(page, x, now)),
        countries => countries_label(page, d),
        themes => labels(page, "theme", &d.themes(), vocab::THEMES),
        publisher => publisher_view(page, &d.publisher),
    }
}

fn options(page: &Page, list: &str, codes: &[&str], chosen: &str) -> Vec<Value> {
    codes
        .iter()
        .map(|c| context! { code => c, label => label(page, list, c), selected => *c == chosen })
        .collect()
}

/// The facets' choices with what is chosen.
fn filter_form(page: &Page, pairs: &Pairs) -> Value {
    let one = |name: &str| param(pairs, name).unwrap_or_default().to_string();
    let statuses: Vec<Value> = ["", STATUSES[0], STATUSES[1], STATUSES[2], "all"]
        .iter()
        .map(|s| {
            let label = match *s {
                "" => page.t("calls-status-current"),
                "all" => page.t("calls-status-all"),
                other => status_label(page, other),
            };
            context! { code => s, label => label, selected => one("status") == *s }
        })
        .collect();
    let windows: Vec<Value> = WINDOWS
        .iter()
        .map(|d| {
            context! {
                code => d.to_string(),
                label => crate::i18n::translate(page.lang, "calls-window-days", &[("days", Arg::Num(*d as f64))]),
                selected => one("deadline") == d.to_string(),
            }
        })
        .collect();
    context! {
        q => one("q"),
        programmes => options(page, "programme", vocab::PROGRAMMES, &one("programme")),
        kinds => options(page, "callkind", vocab::CALL_KINDS, &one("kind")),
        org_types => options(page, "orgtype", vocab::ORGANISATION_TYPES, &one("org_type")),
        themes => options(page, "theme", vocab::THEMES, &one("theme")),
        sdgs => options(page, "sdg", vocab::SDGS, &one("sdg")),
        statuses => statuses,
        windows => windows,
        country => one("country").to_ascii_uppercase(),
        language => one("language"),
        publisher => one("publisher"),
        local => matches!(one("local").as_str(), "1" | "true" | "on"),
        countries => crate::web::events::countries(page.lang),
        active => pairs.iter().any(|(k, v)| !v.trim().is_empty() && (k == "q" || FILTERS.contains(&k.as_str()))),
    }
}

/// A query string of `pairs` without `skip` and empty values, plus `add`.
fn query(pairs: &Pairs, skip: &[&str], add: &[(&str, String)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.trim().is_empty() && !skip.contains(&k.as_str()) {
            out.append_pair(k, v.trim());
        }
    }
    for (k, v) in add {
        out.append_pair(k, v);
    }
    out.finish()
}

/// `GET /calls`: open and forthcoming calls (or as filtered), soonest deadline first.
pub async fn list(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    let pairs = pairs(raw.as_deref());
    let (filter, no) = match service::query_filter(&page.data, &pairs).await {
        Ok(found) => found,
        Err(AppError::Validation(id)) => {
            let message = page.t(id);
            return page
                .render_status(
                    StatusCode::BAD_REQUEST,
                    "calls.html",
                    context! { error => message, filters => filter_form(&page, &Vec::new()) },
                )
                .await;
        }
        Err(e) => return Err(e.into()),
    };
    let (calls, total) =
        service::list(&page.data, &filter, PAGE_SIZE, (no - 1) * PAGE_SIZE).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let paged = |n: i64| {
        let add = if n > 1 {
            vec![("page", n.to_string())]
        } else {
            vec![]
        };
        with_query("/calls", &query(&pairs, &["page"], &add))
    };
    let filters = query(&pairs, &["page"], &[]);
    let now = crate::db::now();
    let cards: Vec<Value> = calls.iter().map(|d| card(&page, d, now)).collect();
    let may_publish = match &page.user {
        Some(u) => !service::publishers_of(&page.data, u).await?.is_empty(),
        None => false,
    };
    page.render(
        "calls.html",
        context! {
            filters => filter_form(&page, &pairs),
            calls => cards,
            total => total,
            page => no,
            pages => pages,
            previous_href => (no > 1).then(|| paged((no - 1).min(pages))),
            next_href => (no < pages).then(|| paged(no + 1)),
            csv_href => with_query("/api/v1/calls.csv", &filters),
            json_href => with_query("/api/v1/calls.json", &filters),
            ics_href => with_query("/calls/calendar.ics", &query(&pairs, &["page", "q", "status", "deadline", "programme", "kind", "org_type", "sdg", "language", "publisher", "local"], &[])),
            may_publish => may_publish,
        },
    )
    .await
}

/// A call's page.
async fn show_page(page: Page, key: &str) -> WebResult {
    let d = service::by_key(&page.data, key).await?;
    let c = &d.call;
    let now = crate::db::now();
    let status = d.status(now);
    let manage = match &page.user {
        Some(u) => service::can_manage(&page.data, u, c).await?,
        None => false,
    };
    let deadlines: Vec<Value> = d
        .deadlines
        .iter()
        .map(|x| {
            context! {
                label => x.label,
                when => deadline_when(&page, x.due_at, &c.time_zone),
                past => x.due_at < now,
                next => d.next_deadline(now).is_some_and(|n| n == x),
            }
        })
        .collect();
    let origins = crate::web::origins::names(&page).await?;
    page.render(
        "call.html",
        context! {
            call => card(&page, &d, now),
            key => c.key,
            description_html => c.description_html,
            deadlines => deadlines,
            closed => status == STATUS_CLOSED,
            opens => c.opens_at.map(|o| deadline_when(&page, o, &c.time_zone)),
            cofunding_rate => c.cofunding_rate,
            org_types => labels(&page, "orgtype", &d.organisation_types(), vocab::ORGANISATION_TYPES),
            sdgs => labels(&page, "sdg", &d.sdgs(), vocab::SDGS),
            languages => d.languages().iter().map(|l| crate::i18n::language_name(page.lang, l).unwrap_or_else(|| l.clone())).collect::<Vec<_>>(),
            link => c.link,
            contact => c.contact,
            contact_is_email => c.contact.contains('@') && !c.contact.contains(' ') && !c.contact.starts_with("http"),
            local => c.is_local,
            origin => (!c.is_local).then(|| d.publisher.domain.clone()),
            origins => origins,
            origin_url => (!c.is_local).then(|| c.url.clone()).flatten(),
            manage => manage,
        },
    )
    .await
}

/// `GET /calls/{key}` for browsers. Mounted by `app`, which answers ActivityPub clients,
/// so it renders its own error pages.
pub async fn show(data: Ctx, headers: HeaderMap, key: String) -> Response {
    let response = match Page::from_headers(data.clone(), &headers).await {
        Ok(page) => {
            let page = page.at(&call_href(&key), None);
            show_page(page, &key).await.into_response()
        }
        Err(e) => WebError(e).into_response(),
    };
    page::error_page(data, &headers, response).await
}

fn reason_label(page: &Page, r: &Reason) -> String {
    match r {
        Reason::Themes(themes) => {
            let names: Vec<String> = themes.iter().map(|t| label(page, "theme", t)).collect();
            crate::i18n::translate(
                page.lang,
                "calls-reason-themes",
                &[("themes", Arg::Str(names.join(", ")))],
            )
        }
        Reason::Country(c) => crate::i18n::translate(
            page.lang,
            "calls-reason-country",
            &[(
                "country",
                Arg::Str(crate::i18n::country_name(page.lang, c).unwrap_or_else(|| c.clone())),
            )],
        ),
        Reason::OrganisationType(t) => crate::i18n::translate(
            page.lang,
            "calls-reason-org-type",
            &[("type", Arg::Str(label(page, "orgtype", t)))],
        ),
        Reason::Open => page.t("calls-reason-open"),
    }
}

/// The calls sections of a project's or organisation's page: the calls it fits, and for an
/// organisation those it published. None when both are empty.
pub async fn entry_section(page: &Page, actor: &Actor) -> Result<Option<Value>, WebError> {
    let now = crate::db::now();
    let matches: Vec<Match> = service::for_entry(&page.data, actor, FOR_YOU).await?;
    let fits: Vec<Value> = matches
        .iter()
        .map(|m| {
            let reasons: Vec<String> = m.reasons.iter().map(|r| reason_label(page, r)).collect();
            context! { call => card(page, &m.details, now), reasons => reasons }
        })
        .collect();
    let published: Vec<Value> = if actor.kind == "Organization" {
        service::of_publisher(&page.data, actor)
            .await?
            .iter()
            .map(|d| card(page, d, now))
            .collect()
    } else {
        Vec::new()
    };
    if fits.is_empty() && published.is_empty() {
        return Ok(None);
    }
    let publisher = if actor.is_local {
        format!("@{}", actor.username)
    } else {
        actor.handle()
    };
    Ok(Some(context! {
        fits => fits,
        published => published,
        published_href => with_query("/calls", &url::form_urlencoded::Serializer::new(String::new()).append_pair("publisher", &publisher).append_pair("status", "all").finish()),
    }))
}

fn deadline_filter(raw: Option<&str>) -> Result<DeadlineFilter, AppError> {
    let pairs = query_pairs(raw);
    let mut f = DeadlineFilter::default();
    if let Some(t) = param(&pairs, "theme") {
        if !vocab::THEMES.contains(&t) {
            return Err(AppError::Validation("calls-error-filter-theme"));
        }
        f.theme = Some(t.to_string());
    }
    if let Some(c) = param(&pairs, "country") {
        let c = c.to_ascii_uppercase();
        if !vocab::is_country(&c) {
            return Err(AppError::Validation("calls-error-filter-country"));
        }
        f.country = Some(c);
    }
    Ok(f)
}

/// `GET /calls/calendar.ics`: every deadline (of calls for a theme or a country).
pub async fn calendar(data: Ctx, RawQuery(raw): RawQuery) -> Response {
    let result = async {
        let f = deadline_filter(raw.as_deref())?;
        call_feeds::calendar_ics(&data, &f).await
    }
    .await;
    match result {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"calls.ics\"",
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /calls/feed.atom`: the newest calls.
pub async fn feed(data: Ctx, headers: HeaderMap) -> Response {
    match call_feeds::feed(&data).await {
        Ok(feed) => crate::web::feeds::respond(&headers, feed),
        Err(e) => e.into_response(),
    }
}

/// The deadlines the hub's events calendar carries, for the same theme and country.
pub fn hub_deadline_filter(raw: Option<&str>) -> Option<DeadlineFilter> {
    let pairs = query_pairs(raw);
    // A calendar narrowed to one organiser, to online events or to a language is about
    // events only.
    if ["organizer", "mode", "language", "local"]
        .iter()
        .any(|k| param(&pairs, k).is_some())
    {
        return None;
    }
    deadline_filter(raw).ok()
}
