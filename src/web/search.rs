//! `GET /search`: one field for everything. An address (`@name@host`, a URL) is looked up,
//! fetched from its server when unknown, and opened; any other text is searched across
//! projects and organisations, communities, events, threads and people, with a count per
//! kind and a longer list of one kind on `?kind=`.

use crate::error::AppError;
use crate::inbound::resolve::Found;
use crate::services::search::{self as service, Results, KINDS};
use crate::web::communities::community_href;
use crate::web::directory::{card as entry_card, excerpt};
use crate::web::event_participation::event_href;
use crate::web::events::{when_label, zone_of};
use crate::web::page::{Page, WebResult};
use crate::web::profiles::href;
use crate::web::threads::post_href;
use axum::extract::Query;
use axum::http::StatusCode;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: Option<String>,
}

/// Whether `q` names something by address rather than by words.
fn is_address(q: &str) -> bool {
    q.starts_with("https://")
        || q.starts_with("http://")
        || (q.contains('@') && !q.contains(char::is_whitespace))
}

/// The page here of what an address led to: a profile or community, a thread at the
/// post, a post with its reply form, an event.
async fn found_href(page: &Page, found: Found) -> Result<String, crate::web::WebError> {
    Ok(match found {
        Found::Actor(actor) => {
            if crate::services::communities::is_community(&page.data, actor.id).await? {
                community_href(&actor)
            } else {
                href(&actor)
            }
        }
        Found::Post(post) if post.community_id.is_some() => {
            post_href(post.thread_id.unwrap_or(post.id), post.id)
        }
        Found::Post(post) if post.is_local => url::Url::parse(&post.ap_id)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| format!("/posts/reply?to={}", post.id)),
        Found::Post(post) => format!("/posts/reply?to={}", post.id),
        Found::Event(event) => event_href(&event.key),
    })
}

pub async fn search(page: Page, Query(query): Query<SearchQuery>) -> WebResult {
    let q = query.q.trim().to_string();
    let kind = query.kind.filter(|k| !k.is_empty());
    if q.is_empty() {
        return page
            .render("search.html", context! { query => q, searched => false })
            .await;
    }
    let mut error = None;
    if is_address(&q) {
        // Fetching from other servers is for members, as on Mastodon; visitors get a
        // search of what this hub knows.
        if page.user.is_some() {
            match crate::inbound::resolve::resolve(&page.data, &q).await {
                Ok(found) => return Ok(page.redirect(&found_href(&page, found).await?, None)),
                Err(AppError::Validation(id)) => error = Some(page.t(id)),
                Err(e @ (AppError::Database(_) | AppError::Internal(_))) => return Err(e.into()),
                // Whatever the other server answered, there is nothing here to show.
                Err(e) => {
                    tracing::info!(query = %q, error = %e, "search: lookup failed");
                    error = Some(page.t("lookup-error-not-found"));
                }
            }
        } else {
            error = Some(page.t("search-lookup-log-in"));
        }
    }
    let results = match service::search(&page.data, &q, kind.as_deref()).await {
        Ok(r) => r,
        Err(AppError::Validation(id)) => {
            return page
                .render_status(
                    StatusCode::BAD_REQUEST,
                    "search.html",
                    context! { query => q, searched => false, error => page.t(id) },
                )
                .await
        }
        Err(e) => return Err(e.into()),
    };
    let status = match (&error, total(&results)) {
        (Some(_), 0) => StatusCode::NOT_FOUND,
        _ => StatusCode::OK,
    };
    let sections = sections(&page, &results, &q, kind.as_deref());
    page.render_status(
        status,
        "search.html",
        context! {
            query => q,
            searched => true,
            error => error,
            kind => kind,
            total => total(&results),
            tabs => tabs(&page, &results, &q, kind.as_deref()),
            sections => sections,
        },
    )
    .await
}

fn total(results: &Results) -> i64 {
    results.counts.iter().map(|(_, n)| n).sum()
}

fn kind_href(q: &str, kind: Option<&str>) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    url.append_pair("q", q);
    if let Some(k) = kind {
        url.append_pair("kind", k);
    }
    format!("/search?{}", url.finish())
}

/// "All" and one tab per kind, each with its count.
fn tabs(page: &Page, results: &Results, q: &str, kind: Option<&str>) -> Vec<Value> {
    let mut out = vec![context! {
        label => page.t("search-kind-all"),
        count => total(results),
        href => kind_href(q, None),
        current => kind.is_none(),
    }];
    for (k, n) in &results.counts {
        out.push(context! {
            label => page.t(&format!("search-kind-{k}")),
            count => n,
            href => kind_href(q, Some(k)),
            current => kind == Some(*k),
        });
    }
    out
}

/// The results of each kind that has some, in [`KINDS`] order.
fn sections(page: &Page, r: &Results, q: &str, only: Option<&str>) -> Vec<Value> {
    let mut out = Vec::new();
    for kind in KINDS {
        let items: Vec<Value> = match *kind {
            "entries" => r.entries.iter().map(|h| entry_item(page, h)).collect(),
            "communities" => r
                .communities
                .iter()
                .map(|a| actor_item(a, community_href(a)))
                .collect(),
            "events" => r
                .events
                .iter()
                .map(|e| {
                    context! {
                        name => e.title,
                        href => event_href(&e.key),
                        meta => when_label(page, e, zone_of(e), false),
                        summary => Some(excerpt(&e.description_html)).filter(|s| !s.is_empty()),
                    }
                })
                .collect(),
            "threads" => r
                .threads
                .iter()
                .map(|(post, author, community)| {
                    let title = post.name.clone().filter(|n| !n.is_empty());
                    context! {
                        name => title.unwrap_or_else(|| excerpt(&post.content_html)),
                        href => post_href(post.id, post.id),
                        meta => community.as_ref().map(|c| format!("{} · {}", c.display_name_or_username(), author.display_name_or_username())),
                        summary => Some(excerpt(&post.content_html)).filter(|s| !s.is_empty()),
                    }
                })
                .collect(),
            _ => r
                .people
                .iter()
                .map(|a| actor_item(a, href(a)))
                .collect(),
        };
        let count = r.counts.iter().find(|(k, _)| k == kind).map_or(0, |c| c.1);
        if items.is_empty() {
            continue;
        }
        out.push(context! {
            kind => kind,
            heading => page.t(&format!("search-kind-{kind}")),
            items => items,
            count => count,
            more => (only.is_none() && count as usize > items.len()).then(|| kind_href(q, Some(kind))),
        });
    }
    out
}

fn entry_item(page: &Page, hit: &crate::db::models::directory_search::SearchHit) -> Value {
    let card = entry_card(page, hit);
    context! {
        name => card.get_attr("name").ok(),
        href => card.get_attr("href").ok(),
        meta => card.get_attr("kind_label").ok(),
        summary => card.get_attr("summary").ok(),
    }
}

fn actor_item(actor: &crate::db::models::actor::Actor, href: String) -> Value {
    context! {
        name => actor.display_name_or_username(),
        href => href,
        meta => actor.handle(),
        summary => Some(excerpt(&actor.summary)).filter(|s| !s.is_empty()),
    }
}
