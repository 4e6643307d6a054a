//! `/admin/moderation`: the hub's defences, for admins. Domain blocks (with Mastodon's CSV
//! import and export), the allow-list mode, block-list subscriptions and the suggestions
//! they and peer hubs make, accounts' standing, and the hub's rules; `/admin/audit` lists
//! every admin action.

use crate::db::models::domain_block::{
    BlockSuggestion, BlocklistSubscription, DomainAllow, DomainBlock,
};
use crate::db::models::instance_setting::InstanceSetting;
use crate::error::AppError;
use crate::services::{accounts, blocklists, domain_blocks};
use crate::web::auth::CsrfOnly;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::{Multipart, Path};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

/// The instance setting holding the hub's rules (Markdown).
pub const RULES: &str = "rules";

/// A refused form of the page: which one, what was typed, and why.
#[derive(Default)]
pub struct Problem {
    form: &'static str,
    errors: Option<FormErrors>,
    draft: minijinja::Value,
}

async fn render(page: &Page, status: StatusCode, problem: Problem) -> WebResult {
    page.require_admin()?;
    let data = &page.data;
    let mut conn = data.pool.get().await?;
    let blocks: Vec<_> = DomainBlock::all(&mut conn)
        .await?
        .into_iter()
        .map(|b| {
            context! {
                domain => b.domain,
                severity => b.severity,
                reject_media => b.reject_media,
                reject_reports => b.reject_reports,
                public_comment => b.public_comment,
                private_comment => b.private_comment,
                obfuscate => b.obfuscate,
                source => b.source,
            }
        })
        .collect();
    let allows: Vec<_> = DomainAllow::all(&mut conn)
        .await?
        .into_iter()
        .map(|a| context! { domain => a.domain, comment => a.comment })
        .collect();
    let subscriptions: Vec<_> = BlocklistSubscription::all(&mut conn)
        .await?
        .into_iter()
        .map(|s| {
            context! {
                id => s.id,
                url => s.url,
                auto_apply => s.auto_apply,
                entries => s.entries,
                last_fetched_at => s.last_fetched_at.map(crate::text::utc_minutes),
                last_error => s.last_error,
            }
        })
        .collect();
    let suggestions: Vec<_> = BlockSuggestion::pending(&mut conn)
        .await?
        .into_iter()
        .map(|s| {
            context! {
                id => s.id,
                domain => s.domain,
                severity => s.severity,
                public_comment => s.public_comment,
                source => s.source,
            }
        })
        .collect();
    let settings = InstanceSetting::all(&mut conn).await?;
    drop(conn);
    let allowlist = domain_blocks::allowlist_mode(data).await?;
    let errors = problem
        .errors
        .as_ref()
        .map(|e| e.view(page, problem.form))
        .unwrap_or_default();
    page.render_status(
        status,
        "admin_moderation.html",
        context! {
            blocks => blocks,
            allows => allows,
            allowlist => allowlist,
            subscriptions => subscriptions,
            suggestions => suggestions,
            rules => settings.get(RULES).cloned().unwrap_or_default(),
            problem => context! { form => problem.form, errors => errors, draft => problem.draft },
        },
    )
    .await
}

pub async fn page(page: Page) -> WebResult {
    render(&page, StatusCode::OK, Problem::default()).await
}

/// Answers a refused form on the page, or the error page for anything else.
async fn refused(
    page: &Page,
    form: &'static str,
    field: &'static str,
    error: AppError,
    draft: minijinja::Value,
) -> WebResult {
    let Some(errors) = FormErrors::of(page, &error, field) else {
        return Err(error.into());
    };
    let problem = Problem {
        form,
        errors: Some(errors),
        draft,
    };
    render(page, error.status(), problem).await
}

#[derive(Deserialize)]
pub struct BlockForm {
    csrf_token: String,
    domain: String,
    severity: String,
    #[serde(default)]
    reject_media: Option<String>,
    #[serde(default)]
    reject_reports: Option<String>,
    #[serde(default)]
    obfuscate: Option<String>,
    #[serde(default)]
    public_comment: String,
    #[serde(default)]
    private_comment: String,
}

pub async fn save_block(page: Page, Form(form): Form<BlockForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    let input = domain_blocks::BlockInput {
        domain: form.domain,
        severity: form.severity,
        reject_media: form.reject_media.is_some(),
        reject_reports: form.reject_reports.is_some(),
        public_comment: form.public_comment,
        private_comment: form.private_comment,
        obfuscate: form.obfuscate.is_some(),
    };
    match domain_blocks::save(&page.data, Some(admin), &input, "").await {
        Ok(_) => Ok(page.redirect("/admin/moderation#blocks", Some("flash-block-saved"))),
        Err(e) => {
            let draft = minijinja::Value::from_serialize(&input);
            refused(&page, "block", "domain", e, draft).await
        }
    }
}

#[derive(Deserialize)]
pub struct DomainForm {
    csrf_token: String,
    domain: String,
    #[serde(default)]
    comment: String,
}

pub async fn remove_block(page: Page, Form(form): Form<DomainForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    domain_blocks::remove(&page.data, Some(admin), &form.domain).await?;
    Ok(page.redirect("/admin/moderation#blocks", Some("flash-block-removed")))
}

/// `GET /admin/moderation/blocks.csv`: the blocks in Mastodon's export format.
pub async fn export(page: Page) -> WebResult {
    page.require_admin()?;
    let mut conn = page.data.pool.get().await?;
    let csv = blocklists::to_csv(&DomainBlock::all(&mut conn).await?);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"domain_blocks.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// `POST /admin/moderation/blocks/import`: a CSV file (or pasted text).
pub async fn import(page: Page, mut multipart: Multipart) -> WebResult {
    let (mut csrf, mut text) = (String::new(), String::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let value = field
            .bytes()
            .await
            .map_err(|e| AppError::bad_input("form", e))?;
        if value.len() > blocklists::MAX_LIST_BYTES {
            return Err(AppError::PayloadTooLarge.into());
        }
        let value = String::from_utf8_lossy(&value).into_owned();
        match name.as_str() {
            "csrf_token" => csrf = value,
            "file" | "text" if !value.trim().is_empty() => text = value,
            _ => {}
        }
    }
    page.check_csrf(&csrf)?;
    let admin = page.require_admin()?;
    if text.trim().is_empty() {
        let e = AppError::Validation("blocks-error-import-empty");
        return refused(&page, "import", "file", e, minijinja::Value::UNDEFINED).await;
    }
    let summary = blocklists::import(&page.data, Some(admin), &text).await?;
    let mut page = page;
    page.notice(if summary.bad.is_empty() {
        "flash-blocks-imported"
    } else {
        "flash-blocks-imported-with-errors"
    });
    let mut problem = Problem::default();
    if !summary.bad.is_empty() {
        let lines: Vec<String> = summary
            .bad
            .iter()
            .map(|b| format!("{} ({})", b.text, b.line))
            .collect();
        problem.form = "import";
        problem.errors = Some(FormErrors::message(
            "file",
            format!("{} {}", page.t("blocks-import-bad-lines"), lines.join("; ")),
        ));
    }
    render(&page, StatusCode::OK, problem).await
}

#[derive(Deserialize)]
pub struct ModeForm {
    csrf_token: String,
    #[serde(default)]
    allowlist: Option<String>,
}

pub async fn set_mode(page: Page, Form(form): Form<ModeForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    let on = form.allowlist.as_deref() == Some("on");
    domain_blocks::set_allowlist_mode(&page.data, Some(admin), on).await?;
    Ok(page.redirect("/admin/moderation#allowlist", Some("flash-mode-saved")))
}

pub async fn allow(page: Page, Form(form): Form<DomainForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    match domain_blocks::allow(&page.data, Some(admin), &form.domain, &form.comment).await {
        Ok(()) => Ok(page.redirect("/admin/moderation#allowlist", Some("flash-allow-saved"))),
        Err(e) => {
            let draft = context! { domain => form.domain, comment => form.comment };
            refused(&page, "allow", "domain", e, draft).await
        }
    }
}

pub async fn disallow(page: Page, Form(form): Form<DomainForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    domain_blocks::disallow(&page.data, Some(admin), &form.domain).await?;
    Ok(page.redirect("/admin/moderation#allowlist", Some("flash-allow-removed")))
}

#[derive(Deserialize)]
pub struct SubscriptionForm {
    csrf_token: String,
    url: String,
    #[serde(default)]
    auto_apply: Option<String>,
}

pub async fn subscribe(page: Page, Form(form): Form<SubscriptionForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    let auto = form.auto_apply.is_some();
    match blocklists::subscribe(&page.data, Some(admin), &form.url, auto).await {
        Ok(sub) => {
            // A first fetch at once, so the admin sees what the list holds; a failure is
            // shown on the subscription and retried later.
            let _ = blocklists::sync(&page.data, &sub).await;
            Ok(page.redirect("/admin/moderation#subscriptions", Some("flash-subscribed")))
        }
        Err(e) => {
            let draft = context! { url => form.url, auto_apply => auto };
            refused(&page, "subscription", "url", e, draft).await
        }
    }
}

pub async fn unsubscribe(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    blocklists::unsubscribe(&page.data, Some(admin), id).await?;
    Ok(page.redirect(
        "/admin/moderation#subscriptions",
        Some("flash-unsubscribed"),
    ))
}

pub async fn sync(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.require_admin()?;
    let mut conn = page.data.pool.get().await?;
    let sub = BlocklistSubscription::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let flash = match blocklists::sync(&page.data, &sub).await {
        Ok(_) => "flash-synced",
        Err(_) => "flash-sync-failed",
    };
    Ok(page.redirect("/admin/moderation#subscriptions", Some(flash)))
}

pub async fn apply_suggestion(
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    blocklists::apply_suggestion(&page.data, Some(admin), id).await?;
    Ok(page.redirect("/admin/moderation#suggestions", Some("flash-block-saved")))
}

pub async fn dismiss_suggestion(
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    blocklists::dismiss_suggestion(&page.data, Some(admin), id).await?;
    Ok(page.redirect(
        "/admin/moderation#suggestions",
        Some("flash-suggestion-dismissed"),
    ))
}

pub async fn ask_peers(page: Page, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.require_admin()?;
    blocklists::peer_recommendations(&page.data).await?;
    Ok(page.redirect("/admin/moderation#suggestions", Some("flash-peers-asked")))
}

#[derive(Deserialize)]
pub struct RulesForm {
    csrf_token: String,
    rules: String,
}

pub async fn save_rules(page: Page, Form(form): Form<RulesForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    if form.rules.chars().count() > 10_000 {
        let e = AppError::Validation("settings-error-too-long");
        let draft = context! { rules => form.rules };
        return refused(&page, "rules", "rules", e, draft).await;
    }
    let mut conn = page.data.pool.get().await?;
    InstanceSetting::set(&mut conn, RULES, form.rules.trim()).await?;
    crate::services::audit::admin(&mut conn, Some(admin), "rules", "").await?;
    Ok(page.redirect("/admin/moderation#rules", Some("flash-rules-saved")))
}

#[derive(Deserialize)]
pub struct StandingForm {
    csrf_token: String,
    account: String,
    standing: String,
    #[serde(default)]
    reason: String,
}

pub async fn set_standing(page: Page, Form(form): Form<StandingForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    let draft = context! { account => form.account.clone(), standing => form.standing.clone(), reason => form.reason.clone() };
    let found = crate::services::actors::lookup(&page.data, form.account.trim()).await;
    let actor = match found {
        Ok(a) => a,
        Err(_) => {
            let e = AppError::Validation("account-error-unknown");
            return refused(&page, "standing", "account", e, draft).await;
        }
    };
    let result = accounts::set_standing(
        &page.data,
        Some(admin),
        actor.id,
        &form.standing,
        &form.reason,
    )
    .await;
    match result {
        Ok(_) => Ok(page.redirect("/admin/moderation#accounts", Some("flash-standing-saved"))),
        Err(e) => refused(&page, "standing", "account", e, draft).await,
    }
}

/// `GET /admin/audit`: the newest admin actions.
pub async fn audit(page: Page) -> WebResult {
    page.require_admin()?;
    let mut conn = page.data.pool.get().await?;
    let entries = crate::db::models::moderation_log::AuditEntry::newest(&mut conn, 200).await?;
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.user_id).collect();
    let mut names = std::collections::HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
            if let Some(u) = crate::db::models::user::User::find(&mut conn, id).await? {
                slot.insert(u.username);
            }
        }
    }
    let rows: Vec<_> = entries
        .iter()
        .map(|e| {
            context! {
                at => crate::text::utc_minutes(e.created_at),
                who => e.user_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default(),
                action => e.action,
                detail => e.detail,
            }
        })
        .collect();
    page.render("admin_audit.html", context! { entries => rows })
        .await
}
