//! `/about`: the hub's rules, its contact point and the domains it blocks with their public
//! comments (Mastodon's practice); `/modlog`: the public moderation log (Lemmy's modlog).

use crate::db::models::instance_setting::InstanceSetting;
use crate::db::models::moderation_log::LogEntry;
use crate::web::page::{Page, WebResult};
use axum::extract::Query;
use minijinja::context;
use serde::Deserialize;

/// Entries per page of the moderation log.
pub const MODLOG_PAGE: i64 = 50;

pub async fn about(page: Page) -> WebResult {
    let data = &page.data;
    let profile = crate::services::instance::hub_profile(data).await?;
    let mut conn = data.pool.get().await?;
    let rules = InstanceSetting::all(&mut conn)
        .await?
        .get(crate::web::moderation_admin::RULES)
        .cloned()
        .unwrap_or_default();
    drop(conn);
    let blocks: Vec<_> = crate::services::blocklists::public_list(data)
        .await?
        .into_iter()
        .map(|b| context! { domain => b.domain, severity => b.severity, comment => b.comment })
        .collect();
    let allowlist = crate::services::domain_blocks::allowlist_mode(data).await?;
    page.render(
        "about.html",
        context! {
            rules_html => crate::text::markdown_to_html(&rules),
            contact => profile.contact,
            description => profile.description,
            blocks => blocks,
            allowlist => allowlist,
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct LogQuery {
    before: Option<i64>,
}

pub async fn modlog(page: Page, Query(q): Query<LogQuery>) -> WebResult {
    let data = &page.data;
    let mut conn = data.pool.get().await?;
    let entries = LogEntry::page(&mut conn, q.before, MODLOG_PAGE + 1).await?;
    let more = entries.len() as i64 > MODLOG_PAGE;
    let entries: Vec<_> = entries.into_iter().take(MODLOG_PAGE as usize).collect();
    let show_names = data.config.moderation.show_moderators;
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.moderator_id).collect();
    let moderators = if show_names {
        crate::db::models::actor::Actor::find_many(&mut conn, &ids).await?
    } else {
        Vec::new()
    };
    drop(conn);
    let next = more.then(|| entries.last().map(|e| e.id)).flatten();
    let rows: Vec<_> = entries
        .iter()
        .map(|e| {
            let moderator = e
                .moderator_id
                .and_then(|id| moderators.iter().find(|a| a.id == id))
                .map(|a| a.display_name_or_username());
            context! {
                at => crate::text::utc_minutes(e.created_at),
                action => e.action,
                subject => e.subject,
                reason => e.reason,
                moderator => moderator,
            }
        })
        .collect();
    page.render(
        "modlog.html",
        context! { entries => rows, next => next, show_names => show_names },
    )
    .await
}
