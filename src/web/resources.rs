//! The library: the list of knowledge resources with its facets and search, a resource's
//! page (its files, authors, related projects and translations), and the resources section
//! of a project's page. The form and the files are in [`crate::web::resource_form`].

use crate::db::models::actor::Actor;
use crate::db::models::resource::{FACET_LANGUAGE, FACET_THEME};
use crate::error::AppError;
use crate::i18n::Arg;
use crate::services::resources::{self as service, ResourceDetails};
use crate::state::Ctx;
use crate::text::with_query;
use crate::vocabulary as vocab;
use crate::web::entries::label;
use crate::web::events::{date_label, pairs, param, Pairs};
use crate::web::page::{self, Page, WebError, WebResult};
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use minijinja::value::Value;
use std::collections::HashMap;

/// Resources per page of the library.
const PAGE_SIZE: i64 = 20;
/// Resources in a project page's section.
const ON_PROJECT: i64 = 5;
/// Filters of the library besides `q` and `page`.
const FILTERS: &[&str] = &[
    "kind",
    "theme",
    "language",
    "licence",
    "publisher",
    "project",
    "author",
    "local",
];

pub fn resource_href(key: &str) -> String {
    format!("/resources/{key}")
}

fn language_label(page: &Page, code: &str) -> String {
    crate::i18n::language_name(page.lang, code).unwrap_or_else(|| code.to_string())
}

/// Where a link to an actor goes: its page here when we know it, else its address.
fn actor_link(known: &HashMap<String, Actor>, ap_id: &str) -> String {
    match known.get(ap_id) {
        Some(a) if a.kind == "Application" && a.is_local => "/about".into(),
        Some(a) => crate::web::profiles::href(a),
        None => ap_id.to_string(),
    }
}

fn publisher_view(page: &Page, a: &Actor) -> Value {
    let local_hub = a.kind == "Application" && a.is_local;
    let href = if local_hub {
        "/about".to_string()
    } else {
        crate::web::profiles::href(a)
    };
    let name = if local_hub {
        page.t("calls-publisher-hub")
    } else {
        a.display_name_or_username().to_string()
    };
    context! { name => name, href => href, local => a.is_local, host => a.domain }
}

/// One resource as lists show it.
pub fn card(page: &Page, d: &ResourceDetails) -> Value {
    let r = &d.resource;
    let themes: Vec<String> = vocab::THEMES
        .iter()
        .filter(|t| d.themes().iter().any(|x| x == *t))
        .map(|t| label(page, "theme", t))
        .collect();
    let authors: Vec<String> = d.parts.authors.iter().map(|a| a.name.clone()).collect();
    context! {
        title => r.title,
        href => resource_href(&r.key),
        kind => label(page, "resourcekind", &r.resource_kind),
        kind_code => r.resource_kind,
        summary => r.summary,
        licence => label(page, "licence", &r.licence),
        languages => d.languages().iter().map(|l| language_label(page, l)).collect::<Vec<_>>(),
        lang => r.language,
        authors => authors,
        themes => themes,
        files => d.parts.attachments.len(),
        published => date_label(page, r.published.date()),
        publisher => publisher_view(page, &d.publisher),
    }
}

/// Choices of a facet, each with how many resources it has, in the list's order.
fn options(
    page: &Page,
    list: &str,
    codes: &[&str],
    chosen: &str,
    counts: &HashMap<String, i64>,
) -> Vec<Value> {
    codes
        .iter()
        .map(|c| {
            context! {
                code => c,
                label => label(page, list, c),
                count => counts.get(*c).copied().unwrap_or(0),
                selected => *c == chosen,
            }
        })
        .collect()
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

/// `GET /resources`: the library, newest first, narrowed by its facets and search.
pub async fn list(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    let pairs = pairs(raw.as_deref());
    let one = |name: &str| param(&pairs, name).unwrap_or_default().to_string();
    let (filter, no) = match service::query_filter(&page.data, &pairs).await {
        Ok(found) => found,
        Err(AppError::Validation(id)) => {
            let message = page.t(id);
            return page
                .render_status(
                    StatusCode::BAD_REQUEST,
                    "resources.html",
                    context! { error => message, filters => context! { q => one("q") } },
                )
                .await;
        }
        Err(e) => return Err(e.into()),
    };
    let (items, total) =
        service::list(&page.data, &filter, PAGE_SIZE, (no - 1) * PAGE_SIZE).await?;
    let mut counts = HashMap::new();
    for facet in ["kind", "licence", FACET_THEME, FACET_LANGUAGE] {
        counts.insert(
            facet,
            service::facet_counts(&page.data, &filter, facet).await?,
        );
    }
    let mut languages: Vec<(String, i64)> = counts[FACET_LANGUAGE]
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let chosen_language = one("language").to_ascii_lowercase();
    let mut language_options: Vec<Value> = languages
        .iter()
        .map(|(code, count)| {
            context! {
                code => code,
                label => language_label(&page, code),
                count => count,
                selected => *code == chosen_language,
            }
        })
        .collect();
    if !chosen_language.is_empty() && !languages.iter().any(|(c, _)| *c == chosen_language) {
        language_options.push(context! {
            code => chosen_language,
            label => language_label(&page, &chosen_language),
            count => 0,
            selected => true,
        });
    }
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let paged = |n: i64| {
        let add = if n > 1 {
            vec![("page", n.to_string())]
        } else {
            vec![]
        };
        with_query("/resources", &query(&pairs, &["page"], &add))
    };
    let filters = context! {
        q => one("q"),
        kinds => options(&page, "resourcekind", vocab::RESOURCE_KINDS, &one("kind"), &counts["kind"]),
        licences => options(&page, "licence", vocab::LICENCES, &one("licence"), &counts["licence"]),
        themes => options(&page, "theme", vocab::THEMES, &one("theme"), &counts[FACET_THEME]),
        languages => language_options,
        publisher => one("publisher"),
        project => one("project"),
        author => one("author"),
        local => matches!(one("local").as_str(), "1" | "true" | "on"),
        active => pairs.iter().any(|(k, v)| !v.trim().is_empty() && (k == "q" || FILTERS.contains(&k.as_str()))),
    };
    let cards: Vec<Value> = items.iter().map(|d| card(&page, d)).collect();
    page.render(
        "resources.html",
        context! {
            filters => filters,
            resources => cards,
            total => total,
            page => no,
            pages => pages,
            previous_href => (no > 1).then(|| paged((no - 1).min(pages))),
            next_href => (no < pages).then(|| paged(no + 1)),
            json_href => with_query("/api/v1/resources", &query(&pairs, &[], &[])),
            may_publish => page.user.is_some(),
            origins => crate::web::origins::names(&page).await?,
        },
    )
    .await
}

/// A file's size as the page's language writes it.
fn file_size(page: &Page, bytes: Option<i64>) -> Option<String> {
    bytes.map(|b| crate::web::entry_images::size_label(page, b.max(0) as usize))
}

/// A resource's page; `problem` is a refused file, shown at the upload form.
pub async fn render_resource(
    page: Page,
    d: ResourceDetails,
    problem: Option<(String, StatusCode)>,
) -> WebResult {
    let r = &d.resource;
    let manage = match &page.user {
        Some(u) => service::can_manage(&page.data, u, r).await?,
        None => false,
    };
    let mut ids: Vec<String> = d
        .parts
        .authors
        .iter()
        .filter_map(|a| a.ap_id.clone())
        .collect();
    ids.extend(d.parts.projects.iter().cloned());
    let known = service::known_actors(&page.data, &ids).await?;
    let authors: Vec<Value> = d
        .parts
        .authors
        .iter()
        .map(|a| {
            context! {
                name => a.name,
                href => a.ap_id.as_deref().map(|id| actor_link(&known, id)),
                organisation => a.kind == crate::db::models::resource::AUTHOR_ORGANISATION,
            }
        })
        .collect();
    let projects: Vec<Value> = d
        .parts
        .projects
        .iter()
        .map(|id| {
            let name = known
                .get(id)
                .map(|a| a.display_name_or_username().to_string())
                .unwrap_or_else(|| id.clone());
            context! { name => name, href => actor_link(&known, id) }
        })
        .collect();
    let files: Vec<Value> = d
        .parts
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let kind = if a.media_type == "application/pdf" {
                "PDF".to_string()
            } else {
                a.media_type.trim_start_matches("image/").to_ascii_uppercase()
            };
            context! {
                n => i + 1,
                name => if a.name.is_empty() { page.t("resource-file-unnamed") } else { a.name.clone() },
                url => a.url,
                kind => kind,
                image => a.media_type.starts_with("image/"),
                size => file_size(&page, a.byte_size),
            }
        })
        .collect();
    let translations: Vec<Value> = service::translations(&page.data, &d)
        .await?
        .iter()
        .filter(|t| t.id != r.id)
        .map(|t| {
            context! {
                href => resource_href(&t.key),
                title => t.title,
                language => language_label(&page, &t.language),
                lang => t.language,
                original => t.translation_of.is_none(),
            }
        })
        .collect();
    let licence_url = vocab::licence_url(&r.licence);
    let (upload_error, status) = match problem {
        Some((m, s)) => (Some(m), s),
        None => (None, StatusCode::OK),
    };
    let max_size =
        crate::web::entry_images::size_label(&page, page.data.config.media.max_document_bytes);
    let origins = crate::web::origins::names(&page).await?;
    let edited = r.updated.map(|u| date_label(&page, u.date()));
    page.render_status(
        status,
        "resource.html",
        context! {
            resource => card(&page, &d),
            key => r.key,
            body_html => r.body_html,
            licence_url => licence_url,
            authors => authors,
            projects => projects,
            files => files,
            translations => translations,
            translation => r.translation_of.is_some(),
            edited => edited,
            local => r.is_local,
            origin => (!r.is_local).then(|| d.publisher.domain.clone()),
            origins => origins,
            origin_url => (!r.is_local).then(|| r.url.clone()).flatten(),
            manage => manage,
            may_attach => manage && d.parts.attachments.len() < service::MAX_ATTACHMENTS,
            upload_error => upload_error,
            max_size => max_size,
            translate_href => format!("/resources/new?translation_of={}", r.key),
        },
    )
    .await
}

/// `GET /resources/{key}` for browsers. Mounted by `app`, which answers ActivityPub
/// clients, so it renders its own error pages.
pub async fn show(data: Ctx, headers: HeaderMap, key: String) -> Response {
    let response = match Page::from_headers(data.clone(), &headers).await {
        Ok(page) => {
            let page = page.at(&resource_href(&key), None);
            match service::by_key(&page.data, &key).await {
                Ok(d) => render_resource(page, d, None).await.into_response(),
                Err(e) => WebError(e).into_response(),
            }
        }
        Err(e) => WebError(e).into_response(),
    };
    page::error_page(data, &headers, response).await
}

/// The resources section of a project's page: those related to it. None when there are
/// none and nobody here could add one.
pub async fn entry_section(page: &Page, actor: &Actor) -> Result<Option<Value>, WebError> {
    if actor.kind != "Group" {
        return Ok(None);
    }
    let items = service::of_project(&page.data, actor, ON_PROJECT).await?;
    if items.is_empty() {
        return Ok(None);
    }
    let handle = if actor.is_local {
        format!("@{}", actor.username)
    } else {
        actor.handle()
    };
    let all = with_query(
        "/resources",
        &url::form_urlencoded::Serializer::new(String::new())
            .append_pair("project", &handle)
            .finish(),
    );
    Ok(Some(context! {
        items => items.iter().map(|d| card(page, d)).collect::<Vec<_>>(),
        all_href => all,
        count => crate::i18n::translate(page.lang, "resources-total", &[("count", Arg::Num(items.len() as f64))]),
    }))
}
