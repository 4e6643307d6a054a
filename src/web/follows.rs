//! Follow and unfollow buttons, and the incoming follow requests page.

use crate::web::auth::CsrfOnly;
use crate::web::page::{Page, WebResult};
use crate::web::profiles::href;
use axum::extract::Path;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FollowForm {
    csrf_token: String,
    target: String,
}

pub async fn follow(page: Page, Form(form): Form<FollowForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let (row, target) = crate::services::follows::follow(&page.data, user, &form.target).await?;
    let flash = if row.is_accepted() {
        "flash-followed"
    } else {
        "flash-follow-sent"
    };
    Ok(page.redirect(&href(&target), Some(flash)))
}

pub async fn unfollow(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let row = crate::services::follows::outgoing(&page.data, user)
        .await?
        .into_iter()
        .find(|(f, _)| f.id == id);
    crate::services::follows::unfollow(&page.data, user, id).await?;
    let to = row.map(|(_, a)| href(&a)).unwrap_or_else(|| "/".into());
    Ok(page.redirect(&to, Some("flash-unfollowed")))
}

pub async fn requests(page: Page) -> WebResult {
    let user = page.require_user()?;
    let rows = crate::services::follows::pending_requests(&page.data, user).await?;
    let requests: Vec<_> = rows
        .iter()
        .map(|(f, a)| {
            context! {
                id => f.id,
                handle => a.handle(),
                display_name => a.display_name_or_username(),
                href => href(a),
            }
        })
        .collect();
    page.render("follow_requests.html", context! { requests => requests })
        .await
}

pub async fn accept(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    crate::services::follows::accept_request(&page.data, user, id).await?;
    Ok(page.redirect("/follow-requests", Some("flash-request-accepted")))
}

pub async fn reject(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    crate::services::follows::reject_request(&page.data, user, id).await?;
    Ok(page.redirect("/follow-requests", Some("flash-request-rejected")))
}
