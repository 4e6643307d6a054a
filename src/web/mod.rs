//! Server-rendered HTML pages. Handlers call `services`; every string is translated in the
//! templates; every form carries a CSRF token.

mod admin;
mod auth;
mod follows;
mod home;
mod page;
mod posts;
mod profiles;
mod settings;
pub mod templates;

pub use page::{Page, WebError};
pub use posts::show as post_page;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router {
    Router::new()
        .route("/", get(home::home))
        .route("/source", get(home::source))
        .route("/static/style.css", get(home::stylesheet))
        .route("/signup", get(auth::signup_form).post(auth::signup))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/search", get(profiles::search))
        .route("/{handle}", get(profiles::profile))
        .route("/posts", post(posts::create))
        .route("/posts/reply", get(posts::reply))
        .route("/posts/{id}/delete", post(posts::delete))
        .route("/follows", post(follows::follow))
        .route("/follows/{id}/delete", post(follows::unfollow))
        .route("/follow-requests", get(follows::requests))
        .route("/follow-requests/{id}/accept", post(follows::accept))
        .route("/follow-requests/{id}/reject", post(follows::reject))
        .route("/settings", get(settings::form).post(settings::save))
        .route("/admin", get(admin::page))
        .route("/admin/settings", post(admin::save_settings))
        .route("/admin/signups/{id}/approve", post(admin::approve))
        .route("/admin/signups/{id}/reject", post(admin::reject))
        .fallback(home::not_found)
        .layer(middleware::from_fn(page::render_errors))
}
