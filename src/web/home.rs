//! Home page, source notice, stylesheet and the not-found page.

use crate::error::AppError;
use crate::web::page::{Page, WebError, WebResult};
use axum::http::header;
use axum::response::IntoResponse;
use minijinja::context;

pub async fn home(page: Page) -> WebResult {
    let stats = crate::services::instance::stats(&page.data).await?;
    page.render(
        "home.html",
        context! { stats => context! { users => stats.users } },
    )
    .await
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
