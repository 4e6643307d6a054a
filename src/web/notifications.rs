//! A member's notifications (`/notifications`: newest first, the unread ones marked, read
//! once shown) and their preferences (`/settings/notifications`: shown here or not, and
//! e-mailed at once, daily, weekly or never, per kind).

use crate::services::notifications::{self as service, EMAIL_CHOICES, KINDS};
use crate::web::page::{Page, WebResult};
use axum::extract::Query;
use axum::Form;
use minijinja::context;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    before: Option<i64>,
}

/// `GET /notifications`
pub async fn list(page: Page, Query(q): Query<PageQuery>) -> WebResult {
    let user = page.require_user()?;
    let rows = service::list(&page.data, user, q.before).await?;
    let mut items = Vec::with_capacity(rows.len());
    for n in &rows {
        let line = service::describe(&page.data, page.lang, n).await?;
        items.push(context! {
            id => n.id,
            kind => n.kind,
            text => line.text,
            link => line.link,
            unread => n.read_at.is_none(),
            at => crate::text::utc_minutes(n.created_at),
            at_iso => crate::text::rfc3339(n.created_at),
            actor_href => line.actor.as_ref().map(crate::web::profiles::href),
        });
    }
    // Shown, so read (as on Mastodon): the menu's count clears.
    if let Some(newest) = rows.first() {
        service::mark_read(&page.data, user, Some(newest.id)).await?;
    }
    let older = (rows.len() >= 60)
        .then(|| {
            rows.last()
                .map(|n| format!("/notifications?before={}", n.id))
        })
        .flatten();
    page.render(
        "notifications.html",
        context! { items => items, older => older },
    )
    .await
}

/// `GET /settings/notifications`
pub async fn settings(page: Page) -> WebResult {
    let user = page.require_user()?;
    let prefs = service::preferences(&page.data, user).await?;
    let rows: Vec<_> = prefs
        .iter()
        .map(|p| context! { kind => p.kind, web => p.web, email => p.email })
        .collect();
    page.render(
        "notification_settings.html",
        context! { prefs => rows, choices => EMAIL_CHOICES, has_email => user.email.is_some() },
    )
    .await
}

/// `POST /settings/notifications`: `web_<kind>` (a checkbox) and `email_<kind>` per kind.
pub async fn save(page: Page, Form(form): Form<HashMap<String, String>>) -> WebResult {
    page.check_csrf(
        form.get("csrf_token")
            .map(String::as_str)
            .unwrap_or_default(),
    )?;
    let user = page.require_user()?;
    let choices: Vec<(String, bool, String)> = KINDS
        .iter()
        .map(|k| {
            let web = form.contains_key(&format!("web_{k}"));
            let email = form
                .get(&format!("email_{k}"))
                .cloned()
                .unwrap_or_else(|| "off".into());
            (k.to_string(), web, email)
        })
        .collect();
    service::save_preferences(&page.data, user, &choices).await?;
    Ok(page.redirect("/settings/notifications", Some("flash-notifications-saved")))
}
