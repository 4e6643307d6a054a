//! Reports on pages: the report form (`/report?object=…`, for members and for anyone
//! without an account), the queue moderators work (`/reports`), and a member's own page of
//! reports, decisions about them, blocks and mutes (`/settings/moderation`).

use crate::db::models::actor::Actor;
use crate::db::models::report::{Decision, Report, ReportCategory};
use crate::error::AppError;
use crate::services::reports::{self, ReportInput};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ObjectQuery {
    #[serde(default)]
    object: String,
    #[serde(default)]
    state: String,
}

fn categories() -> Vec<&'static str> {
    ReportCategory::ALL.iter().map(|c| c.as_str()).collect()
}

async fn render_form(
    page: &Page,
    status: StatusCode,
    input: &ReportInput,
    errors: Option<FormErrors>,
) -> WebResult {
    let mut conn = page.data.pool.get().await?;
    let found = reports::find_reported(&mut conn, &input.object).await.ok();
    drop(conn);
    let target = found.as_ref().map(|f| {
        context! {
            kind => f.kind,
            handle => reports::handle(&f.account),
            name => f.account.display_name_or_username(),
            remote => !f.account.is_local,
            domain => f.account.domain.clone(),
        }
    });
    let errors = errors.map(|e| {
        e.ordered(&["object", "category", "legal_ground", "comment", "contact"])
            .view(page, "report")
    });
    page.render_status(
        status,
        "report_form.html",
        context! {
            target => target,
            categories => categories(),
            draft => context! {
                object => input.object,
                category => input.category,
                legal_ground => input.legal_ground,
                comment => input.comment,
                contact => input.contact,
                forward => input.forward,
            },
            errors => errors,
        },
    )
    .await
}

/// `GET /report?object=…`
pub async fn form(page: Page, Query(q): Query<ObjectQuery>) -> WebResult {
    let input = ReportInput {
        object: q.object,
        category: "spam".into(),
        ..Default::default()
    };
    render_form(&page, StatusCode::OK, &input, None).await
}

#[derive(Deserialize)]
pub struct ReportForm {
    csrf_token: String,
    #[serde(default)]
    object: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    legal_ground: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    forward: Option<String>,
}

/// `POST /report`
pub async fn create(page: Page, Form(form): Form<ReportForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let input = ReportInput {
        object: form.object,
        category: form.category,
        legal_ground: form.legal_ground,
        comment: form.comment,
        contact: form.contact,
        forward: form.forward.is_some(),
    };
    match reports::file(&page.data, page.user.as_ref(), &input).await {
        Ok((report, secret)) => {
            let status_url =
                secret.map(|s| format!("{}/report/status/{s}", page.data.config.base_url()));
            page.render(
                "report_done.html",
                context! { id => report.id, member => page.user.is_some(), status_url => status_url },
            )
            .await
        }
        Err(e) => match FormErrors::of(&page, &e, "object") {
            Some(errors) => render_form(&page, e.status(), &input, Some(errors)).await,
            None => Err(e.into()),
        },
    }
}

async fn view(page: &Page, r: &Report, actors: &[Actor]) -> minijinja::Value {
    let who = |id: Option<i64>| {
        id.and_then(|id| actors.iter().find(|a| a.id == id))
            .map(|a| context! { handle => reports::handle(a), href => crate::web::profiles::href(a), remote => !a.is_local })
    };
    context! {
        id => r.id,
        at => crate::text::utc_minutes(r.created_at),
        category => r.category.as_str(),
        legal_ground => r.legal_ground,
        comment => r.comment,
        objects => r.object_ids(),
        kind => r.object_kind,
        target => who(r.target_id),
        reporter => who(r.reporter_id),
        contact => r.reporter_contact,
        origin => r.origin_domain,
        forwarded => r.forwarded_at.is_some(),
        state => r.state,
        decision => r.decision.map(|d| d.as_str()),
        decision_reason => r.decision_reason,
        decided_at => r.decided_at.map(crate::text::utc_minutes),
        community => who(r.community_id),
        admin => page.user.as_ref().is_some_and(|u| u.is_admin),
    }
}

async fn views(page: &Page, list: &[Report]) -> Result<Vec<minijinja::Value>, AppError> {
    let ids: Vec<i64> = list
        .iter()
        .flat_map(|r| [r.target_id, r.reporter_id, r.community_id])
        .flatten()
        .collect();
    let mut conn = page.data.pool.get().await?;
    let actors = Actor::find_many(&mut conn, &ids).await?;
    drop(conn);
    let mut out = Vec::with_capacity(list.len());
    for r in list {
        out.push(view(page, r, &actors).await);
    }
    Ok(out)
}

/// `GET /reports`: the queue (`?state=resolved` for decided ones).
pub async fn queue(page: Page, Query(q): Query<ObjectQuery>) -> WebResult {
    let user = page.require_user()?;
    let list = reports::queue(&page.data, user, &q.state).await?;
    let items = views(&page, &list).await?;
    let decisions: Vec<&str> = if user.is_admin {
        Decision::ALL.iter().map(|d| d.as_str()).collect()
    } else {
        vec![Decision::Dismiss.as_str(), Decision::RemoveContent.as_str()]
    };
    page.render(
        "reports.html",
        context! {
            reports => items,
            resolved => q.state == "resolved",
            decisions => decisions,
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf_token: String,
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /reports/{id}/decide`
pub async fn decide(page: Page, Path(id): Path<i64>, Form(form): Form<DecisionForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let decision = Decision::ALL
        .iter()
        .copied()
        .find(|d| d.as_str() == form.decision)
        .ok_or_else(|| AppError::BadRequest(format!("unknown decision {}", form.decision)))?;
    match reports::decide(&page.data, user, id, decision, &form.reason).await {
        Ok(_) => Ok(page.redirect("/reports", Some("flash-report-decided"))),
        Err(AppError::Validation(code)) => {
            Ok(page.redirect(&format!("/reports#report-{id}"), Some(code)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /reports/{id}/forward`
pub async fn forward(
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<crate::web::auth::CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    reports::queue(&page.data, user, "open")
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound)?;
    let mut conn = page.data.pool.get().await?;
    let report = Report::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    reports::forward(&page.data, &report).await?;
    Ok(page.redirect("/reports", Some("flash-report-forwarded")))
}

/// `GET /report/status/{secret}`: what an anonymous reporter reads of their report: its
/// state, and once decided, the decision with its reasons.
pub async fn status(page: Page, Path(secret): Path<String>) -> WebResult {
    let report = reports::by_status_secret(&page.data, &secret).await?;
    let mut view = views(&page, std::slice::from_ref(&report)).await?;
    page.render("report_status.html", context! { report => view.remove(0) })
        .await
}

/// `GET /settings/moderation`: my reports and their outcomes, decisions about my account
/// (statements of reasons), and what I blocked or muted.
pub async fn mine(page: Page) -> WebResult {
    let user = page.require_user()?;
    let unseen_since = user.moderation_seen_at;
    reports::mark_seen(&page.data, user).await?;
    let is_new = |t: chrono::NaiveDateTime| unseen_since.is_none_or(|seen| t > seen);
    let filed = reports::mine(&page.data, user).await?;
    let new_reports: Vec<i64> = filed
        .iter()
        .filter(|r| r.decided_at.is_some_and(is_new))
        .map(|r| r.id)
        .collect();
    let filed = views(&page, &filed).await?;
    let mut conn = page.data.pool.get().await?;
    let about_me =
        crate::db::models::moderation_log::LogEntry::about(&mut conn, user.actor_id).await?;
    drop(conn);
    let statements: Vec<_> = about_me
        .iter()
        .map(|e| {
            context! {
                at => crate::text::utc_minutes(e.created_at),
                new => is_new(e.created_at),
                action => e.action,
                reason => e.reason,
            }
        })
        .collect();
    let blocks = crate::services::blocks::list(&page.data, user).await?;
    let people = |list: &[Actor]| -> Vec<minijinja::Value> {
        list.iter()
            .map(|a| context! { id => a.id, handle => reports::handle(a), href => crate::web::profiles::href(a) })
            .collect()
    };
    page.render(
        "my_moderation.html",
        context! {
            filed => filed,
            new_reports => new_reports,
            statements => statements,
            blocked => people(&blocks.blocked),
            muted => people(&blocks.muted),
            domains => blocks.domains,
        },
    )
    .await
}
