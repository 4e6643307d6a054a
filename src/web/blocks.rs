//! A member's block, mute and domain-block buttons (on profile pages and the member's
//! moderation settings).

use crate::error::AppError;
use crate::services::blocks;
use crate::web::page::{Page, WebResult};
use axum::Form;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct BlockForm {
    csrf_token: String,
    target: i64,
    /// block, unblock, mute or unmute.
    action: String,
    #[serde(default)]
    back: String,
}

fn back(form_back: &str) -> String {
    crate::web::page::same_site_path(form_back)
        .unwrap_or("/settings/moderation")
        .to_string()
}

/// `POST /blocks`
pub async fn account(page: Page, Form(form): Form<BlockForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let data = &page.data;
    let flash = match form.action.as_str() {
        "block" => blocks::block(data, user, form.target)
            .await
            .map(|_| "flash-blocked"),
        "unblock" => blocks::unblock(data, user, form.target)
            .await
            .map(|_| "flash-unblocked"),
        "mute" => blocks::mute(data, user, form.target, true)
            .await
            .map(|_| "flash-muted"),
        "unmute" => blocks::mute(data, user, form.target, false)
            .await
            .map(|_| "flash-unmuted"),
        other => Err(AppError::BadRequest(format!("unknown action {other}"))),
    }?;
    Ok(page.redirect(&back(&form.back), Some(flash)))
}

#[derive(Deserialize)]
pub struct DomainForm {
    csrf_token: String,
    domain: String,
    #[serde(default)]
    unblock: Option<String>,
}

/// `POST /blocks/domains`
pub async fn domain(page: Page, Form(form): Form<DomainForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let blocked = form.unblock.is_none();
    match blocks::block_domain(&page.data, user, &form.domain, blocked).await {
        Ok(()) => {
            let flash = if blocked {
                "flash-domain-blocked"
            } else {
                "flash-domain-unblocked"
            };
            Ok(page.redirect("/settings/moderation#domains", Some(flash)))
        }
        Err(AppError::Validation(code)) => {
            Ok(page.redirect("/settings/moderation#domains", Some(code)))
        }
        Err(e) => Err(e.into()),
    }
}
