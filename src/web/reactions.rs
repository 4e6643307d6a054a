//! `POST /posts/{id}/favourite` and `POST /posts/{id}/boost`: a member favourites or boosts
//! a post (`on=true`) or takes it back (`on=false`), then returns to the page it was on.

use crate::services::reactions as service;
use crate::web::page::{same_site_path, Page, WebResult};
use axum::extract::Path;
use axum::Form;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReactionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    on: String,
    /// The page the button was on, at the post (a path on this hub).
    #[serde(default)]
    back: String,
}

async fn react(page: Page, id: i64, form: ReactionForm, boost: bool) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let on = form.on == "true";
    let result = if boost {
        service::boost(&page.data, user, id, on).await
    } else {
        service::favourite(&page.data, user, id, on).await
    };
    let post = result?;
    let to = match same_site_path(&form.back) {
        Some(back) => back.to_string(),
        None => match post.thread_id {
            Some(root) => format!("/threads/{root}#p{}", post.id),
            None if post.community_id.is_some() => format!("/threads/{}", post.id),
            None => format!("/posts/reply?to={}", post.id),
        },
    };
    Ok(page.redirect(&to, None))
}

pub async fn favourite(
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<ReactionForm>,
) -> WebResult {
    react(page, id, form, false).await
}

pub async fn boost(page: Page, Path(id): Path<i64>, Form(form): Form<ReactionForm>) -> WebResult {
    react(page, id, form, true).await
}
