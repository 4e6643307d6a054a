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
    page.render(
        "home.html",
        context! { stats => context! { users => stats.users } },
    )
    .await
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
    page.render_status(
        status,
        "home.html",
        context! {
            my_entries => my_entries,
            timeline => cards(&rows, Some(user)),
            older => older,
            paged => before.is_some(),
            compose => draft.value(),
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
                role_label => label(page, "memberrole", &m.role),
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

pub async fn not_found() -> WebError {
    WebError(AppError::NotFound)
}
