//! Moderation in the JSON API: the public block list (`/instance/domain_blocks`, Mastodon's
//! shape, which peer hubs read as recommendations) and moderation log; reports (file, queue,
//! decide, forward); members' blocks and mutes; and for admins domain blocks (with CSV
//! import and export), the allow-list and accounts' standing.

use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::domain_block::DomainBlock;
use crate::db::models::report::{Decision, Report};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::services::{accounts, blocklists, blocks, domain_blocks, reports};
use crate::state::Ctx;
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router {
    Router::new()
        .route("/instance/domain_blocks", get(public_blocks))
        .route("/modlog", get(modlog))
        .route("/reports", get(queue).post(create_report))
        .route("/reports/{id}/decision", post(decide))
        .route("/reports/{id}/forward", post(forward))
        .route("/blocks", get(my_blocks))
        .route("/accounts/{id}/block", post(block).delete(unblock))
        .route("/accounts/{id}/mute", post(mute).delete(unmute))
        .route("/domain_blocks", post(block_domain).delete(unblock_domain))
        .route(
            "/admin/domain_blocks",
            get(admin_blocks).post(admin_save_block),
        )
        .route("/admin/domain_blocks/{domain}", delete(admin_remove_block))
        .route(
            "/admin/domain_blocks.csv",
            get(admin_export).post(admin_import),
        )
        .route("/admin/domain_allows", post(admin_allow))
        .route("/admin/domain_allows/{domain}", delete(admin_disallow))
        .route("/admin/federation_mode", post(admin_mode))
        .route("/admin/accounts/{id}/standing", post(admin_standing))
}

fn require_admin(user: &User) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /api/v1/instance/domain_blocks`: public, as Mastodon answers it.
async fn public_blocks(data: Ctx) -> AppResult<Json<Vec<blocklists::PublicBlock>>> {
    Ok(Json(blocklists::public_list(&data).await?))
}

#[derive(Serialize)]
struct LogView {
    id: i64,
    action: String,
    subject: String,
    reason: String,
    moderator: Option<String>,
    created_at: String,
}

#[derive(Deserialize)]
struct Before {
    before: Option<i64>,
}

/// `GET /api/v1/modlog?before=ID`: the public moderation log, newest first.
async fn modlog(data: Ctx, Query(q): Query<Before>) -> AppResult<Json<Vec<LogView>>> {
    let mut conn = data.pool.get().await?;
    let entries =
        crate::db::models::moderation_log::LogEntry::page(&mut conn, q.before, 50).await?;
    let names = if data.config.moderation.show_moderators {
        let ids: Vec<i64> = entries.iter().filter_map(|e| e.moderator_id).collect();
        Actor::find_many(&mut conn, &ids).await?
    } else {
        Vec::new()
    };
    Ok(Json(
        entries
            .into_iter()
            .map(|e| LogView {
                id: e.id,
                moderator: e
                    .moderator_id
                    .and_then(|id| names.iter().find(|a| a.id == id))
                    .map(|a| a.handle()),
                action: e.action,
                subject: e.subject,
                reason: e.reason,
                created_at: crate::text::rfc3339(e.created_at),
            })
            .collect(),
    ))
}

/// A report as its moderators see it.
#[derive(Serialize)]
pub struct ReportView {
    id: i64,
    state: String,
    category: String,
    legal_ground: String,
    comment: String,
    objects: Vec<String>,
    object_kind: String,
    target: Option<ActorView>,
    reporter: Option<ActorView>,
    origin_domain: Option<String>,
    forwarded: bool,
    decision: Option<Decision>,
    decision_reason: String,
    created_at: String,
}

async fn report_views(data: &Ctx, list: &[Report]) -> AppResult<Vec<ReportView>> {
    let ids: Vec<i64> = list
        .iter()
        .flat_map(|r| [r.target_id, r.reporter_id])
        .flatten()
        .collect();
    let mut conn = data.pool.get().await?;
    let actors = Actor::find_many(&mut conn, &ids).await?;
    let view = |id: Option<i64>| {
        id.and_then(|id| actors.iter().find(|a| a.id == id))
            .map(ActorView::new)
    };
    Ok(list
        .iter()
        .map(|r| ReportView {
            id: r.id,
            state: r.state.clone(),
            category: r.category.as_str().to_string(),
            legal_ground: r.legal_ground.clone(),
            comment: r.comment.clone(),
            objects: r.object_ids().iter().map(|s| s.to_string()).collect(),
            object_kind: r.object_kind.clone(),
            target: view(r.target_id),
            reporter: view(r.reporter_id),
            origin_domain: Some(r.origin_domain.clone()).filter(|d| !d.is_empty()),
            forwarded: r.forwarded_at.is_some(),
            decision: r.decision,
            decision_reason: r.decision_reason.clone(),
            created_at: crate::text::rfc3339(r.created_at),
        })
        .collect())
}

#[derive(Deserialize)]
struct StateQuery {
    #[serde(default)]
    state: String,
}

/// `GET /api/v1/reports?state=open|resolved`: the queue of an admin or community moderator.
async fn queue(
    data: Ctx,
    ApiUser(user): ApiUser,
    Query(q): Query<StateQuery>,
) -> AppResult<Json<Vec<ReportView>>> {
    let list = reports::queue(&data, &user, &q.state).await?;
    Ok(Json(report_views(&data, &list).await?))
}

/// `POST /api/v1/reports`: a member's report (`object`, `category`, `legal_ground`,
/// `comment`, `forward`).
async fn create_report(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<reports::ReportInput>,
) -> Response {
    match reports::create(&data, Some(&user), &input).await {
        Ok(r) => match report_views(&data, &[r]).await {
            Ok(mut v) => (StatusCode::CREATED, Json(v.remove(0))).into_response(),
            Err(e) => e.into_response(),
        },
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct DecisionInput {
    decision: Decision,
    #[serde(default)]
    reason: String,
}

async fn decide(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> AppResult<Json<ReportView>> {
    let id = parse_id(&id, "report")?;
    let r = reports::decide(&data, &user, id, input.decision, &input.reason).await?;
    Ok(Json(report_views(&data, &[r]).await?.remove(0)))
}

async fn forward(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = parse_id(&id, "report")?;
    let report = reports::queue(&data, &user, "open")
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound)?;
    reports::forward(&data, &report).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Serialize)]
struct MyBlocksView {
    blocked: Vec<ActorView>,
    muted: Vec<ActorView>,
    domains: Vec<String>,
}

async fn my_blocks(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<MyBlocksView>> {
    let b = blocks::list(&data, &user).await?;
    Ok(Json(MyBlocksView {
        blocked: b.blocked.iter().map(ActorView::new).collect(),
        muted: b.muted.iter().map(ActorView::new).collect(),
        domains: b.domains,
    }))
}

async fn block(data: Ctx, ApiUser(user): ApiUser, Path(id): Path<String>) -> AppResult<StatusCode> {
    blocks::block(&data, &user, parse_id(&id, "account")?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unblock(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    blocks::unblock(&data, &user, parse_id(&id, "account")?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn mute(data: Ctx, ApiUser(user): ApiUser, Path(id): Path<String>) -> AppResult<StatusCode> {
    blocks::mute(&data, &user, parse_id(&id, "account")?, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unmute(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    blocks::mute(&data, &user, parse_id(&id, "account")?, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct DomainInput {
    domain: String,
    #[serde(default)]
    comment: String,
}

async fn block_domain(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<DomainInput>,
) -> AppResult<StatusCode> {
    blocks::block_domain(&data, &user, &input.domain, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unblock_domain(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<DomainInput>,
) -> AppResult<StatusCode> {
    blocks::block_domain(&data, &user, &input.domain, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A domain block as admins see it.
#[derive(Serialize)]
struct BlockView {
    domain: String,
    severity: String,
    reject_media: bool,
    reject_reports: bool,
    public_comment: String,
    private_comment: String,
    obfuscate: bool,
    source: Option<String>,
    created_at: String,
}

impl BlockView {
    fn new(b: &DomainBlock) -> BlockView {
        BlockView {
            domain: b.domain.clone(),
            severity: b.severity.clone(),
            reject_media: b.reject_media,
            reject_reports: b.reject_reports,
            public_comment: b.public_comment.clone(),
            private_comment: b.private_comment.clone(),
            obfuscate: b.obfuscate,
            source: Some(b.source.clone()).filter(|s| !s.is_empty()),
            created_at: crate::text::rfc3339(b.created_at),
        }
    }
}

async fn admin_blocks(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Json<Vec<BlockView>>> {
    require_admin(&user)?;
    let mut conn = data.pool.get().await?;
    Ok(Json(
        DomainBlock::all(&mut conn)
            .await?
            .iter()
            .map(BlockView::new)
            .collect(),
    ))
}

async fn admin_save_block(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<domain_blocks::BlockInput>,
) -> Response {
    if let Err(e) = require_admin(&user) {
        return e.into_response();
    }
    match domain_blocks::save(&data, Some(&user), &input, "").await {
        Ok(b) => (StatusCode::CREATED, Json(BlockView::new(&b))).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn admin_remove_block(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(domain): Path<String>,
) -> AppResult<StatusCode> {
    require_admin(&user)?;
    domain_blocks::remove(&data, Some(&user), &domain).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/admin/domain_blocks.csv`: Mastodon's export format.
async fn admin_export(data: Ctx, ApiUser(user): ApiUser) -> AppResult<Response> {
    require_admin(&user)?;
    let mut conn = data.pool.get().await?;
    let csv = blocklists::to_csv(&DomainBlock::all(&mut conn).await?);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

/// `POST /api/v1/admin/domain_blocks.csv` with a CSV body: imported.
async fn admin_import(
    data: Ctx,
    ApiUser(user): ApiUser,
    body: axum::body::Bytes,
) -> AppResult<Json<blocklists::ImportSummary>> {
    require_admin(&user)?;
    let text = std::str::from_utf8(&body).map_err(|e| AppError::bad_input("CSV body", e))?;
    Ok(Json(blocklists::import(&data, Some(&user), text).await?))
}

async fn admin_allow(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<DomainInput>,
) -> AppResult<StatusCode> {
    require_admin(&user)?;
    domain_blocks::allow(&data, Some(&user), &input.domain, &input.comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn admin_disallow(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(domain): Path<String>,
) -> AppResult<StatusCode> {
    require_admin(&user)?;
    domain_blocks::disallow(&data, Some(&user), &domain).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct ModeInput {
    allowlist: bool,
}

async fn admin_mode(
    data: Ctx,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<ModeInput>,
) -> AppResult<StatusCode> {
    require_admin(&user)?;
    domain_blocks::set_allowlist_mode(&data, Some(&user), input.allowlist).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct StandingInput {
    standing: String,
    #[serde(default)]
    reason: String,
}

async fn admin_standing(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StandingInput>,
) -> AppResult<Json<ActorView>> {
    require_admin(&user)?;
    let id = parse_id(&id, "account")?;
    let actor =
        accounts::set_standing(&data, Some(&user), id, &input.standing, &input.reason).await?;
    Ok(Json(ActorView::new(&actor)))
}
