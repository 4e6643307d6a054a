//! Home page (the timeline and compose form for members, the hub's presentation for
//! visitors), source notice, stylesheet and the not-found page.

use crate::db::models::user::User;
use crate::error::AppError;
use crate::web::entries::label;
use crate::web::page::{Page, WebError, WebResult};
use crate::web::posts::{cards, Draft};
use crate::web::profiles::href;
use axum::extract::Query;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// Posts per page of the home timeline.
const TIMELINE_PAGE: i64 = 20;

#[derive(Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    before: Option<String>,
}

pub async fn home(page: Page, Query(query): Query<HomeQuery>) -> WebResult {
    if page.user.is_some() {
        let before = match query.before.as_deref().filter(|b| !b.is_empty()) {
            Some(b) => Some(
                b.parse::<i64>()
                    .map_err(|_| AppError::BadRequest(format!("{b:?} is not a post id")))?,
            ),
            None => None,
        };
        return member_home(page, before, Draft::default(), StatusCode::OK).await;
    }
    let stats = crate::services::instance::stats(&page.data).await?;
    let front = front_door(&page).await?;
    page.render(
        "home.html",
        context! { stats => context! { users => stats.users }, ..front },
    )
    .await
}

/// How many of each the home page shows.
const UPCOMING: i64 = 4;
const NEWEST: i64 = 6;
const ACTIVE_THREADS: i64 = 5;

/// What every visitor sees first: the hub's profile, what is coming up, what is new, what
/// is being discussed, and the hubs it peers with.
async fn front_door(page: &Page) -> Result<Value, WebError> {
    let data = &page.data;
    let profile = crate::services::instance::hub_profile(data).await?;
    let filter = crate::db::models::event::CalendarFilter {
        from: Some(crate::db::now()),
        ..Default::default()
    };
    let upcoming = crate::services::events::first(data, &filter, UPCOMING).await?;
    let upcoming: Vec<Value> = upcoming
        .iter()
        .map(|d| crate::web::events::card(page, d))
        .collect();
    let newest = crate::services::directory::newest(data, NEWEST).await?;
    let ids: Vec<i64> = newest.iter().map(|h| h.actor.id).collect();
    let logos = crate::services::media::logos(data, &ids).await?;
    let newest: Vec<Value> = newest
        .iter()
        .map(|h| {
            let logo = logos.get(&h.actor.id).cloned();
            context! { logo => logo, ..crate::web::directory::card(page, h) }
        })
        .collect();
    let threads: Vec<Value> = crate::services::threads::active(data, ACTIVE_THREADS)
        .await?
        .iter()
        .map(|t| {
            context! {
                title => t.root.name.clone().unwrap_or_default(),
                href => crate::web::threads::post_href(t.root.id, t.root.id),
                author => t.author.display_name_or_username(),
                replies => t.replies,
            }
        })
        .collect();
    let peers: Vec<Value> = crate::services::peer_views::active_names(data)
        .await?
        .into_iter()
        .map(|p| {
            let country = crate::web::directory::country_name(page.lang, &p.country);
            context! { name => p.name, host => p.host, country => country }
        })
        .collect();
    let country = crate::web::directory::country_name(page.lang, &profile.country);
    Ok(context! {
        hub => context! {
            country => country,
            clusters => profile.clusters,
            languages => profile
                .languages
                .iter()
                .map(|l| crate::i18n::language_name(page.lang, l).unwrap_or_else(|| l.clone()))
                .collect::<Vec<_>>(),
        },
        upcoming => upcoming,
        newest => newest,
        active_threads => threads,
        peers => peers,
    })
}

/// The compose form (empty, or refused with an error) above the home timeline.
pub async fn member_home(
    page: Page,
    before: Option<i64>,
    draft: Draft,
    status: StatusCode,
) -> WebResult {
    let user = page.require_user()?;
    let rows =
        crate::services::posts::home_timeline(&page.data, user, before, TIMELINE_PAGE).await?;
    // A full page may have more behind it; the last id is where the next one starts.
    let older = match rows.last() {
        Some((last, _)) if rows.len() as i64 == TIMELINE_PAGE => Some(last.id),
        _ => None,
    };
    let my_entries = my_entries(&page, user).await?;
    let front = front_door(&page).await?;
    let reacted = crate::web::posts::reacted(&page, rows.iter().map(|(p, _)| p)).await?;
    page.render_status(
        status,
        "home.html",
        context! {
            my_entries => my_entries,
            timeline => cards(&rows, Some(user), &reacted),
            older => older,
            paged => before.is_some(),
            compose => draft.value(&page),
            ..front
        },
    )
    .await
}

/// The projects and organisations `user` belongs to, invitations first.
async fn my_entries(page: &Page, user: &User) -> Result<Vec<Value>, WebError> {
    let mut rows = crate::services::memberships::of_user(&page.data, user).await?;
    rows.sort_by_key(|(m, _)| m.is_active());
    Ok(rows
        .iter()
        .map(|(m, actor)| {
            context! {
                name => actor.display_name_or_username(),
                handle => actor.handle(),
                href => href(actor),
                is_project => actor.kind == "Group",
                invited => !m.is_active(),
                role_label => label(page, "memberrole", m.role.as_str()),
            }
        })
        .collect())
}

pub async fn source(page: Page) -> WebResult {
    page.render("source.html", context! {}).await
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("static/style.css"),
    )
}

/// The tile mark of Tessera, for hubs without a logo (browsers ask for `/favicon.ico`
/// whatever the page says; SVG is what they get).
pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("static/favicon.svg"),
    )
}

pub async fn not_found() -> WebError {
    WebError(AppError::NotFound)
}
