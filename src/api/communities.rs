//! `/api/v1/communities`: peer-learning communities (FEP-1b12 groups, as Lemmy has them).
//! List, create, read and edit them (moderators); list and start their threads (handlers in
//! [`crate::api::threads`]); moderators manage roles, bans and follow requests.
//!
//! `{name}` in paths is the community's key: `handle` for one hosted here, `handle@domain`
//! for one elsewhere that this hub knows.

use crate::api::threads;
use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::community::{
    Community, CommunityRole, Posting, POSTING_FOLLOWERS, ROLE_MEMBER, ROLE_MODERATOR,
};
use crate::error::AppError;
use crate::services::communities::{self, CommunityDetails, CommunityInput};
use crate::services::moderation;
use crate::state::Ctx;
use crate::text::rfc3339_seconds;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

pub fn router() -> Router {
    Router::new()
        .route("/", get(list).post(create))
        .route("/{name}", get(read).patch(patch))
        .route(
            "/{name}/threads",
            get(threads::list_in_community).post(threads::create_in_community),
        )
        .route("/{name}/bans", get(bans).post(ban))
        .route("/{name}/bans/{actor_id}", delete(unban))
        .route("/{name}/roles", get(roles).post(set_role))
        .route("/{name}/roles/{actor_id}", delete(remove_role))
        .route("/{name}/follow-requests", get(follow_requests))
        .route("/{name}/follow-requests/{id}/accept", post(accept))
        .route("/{name}/follow-requests/{id}/reject", post(reject))
}

/// The key of a community in API paths: `handle` here, `handle@domain` elsewhere.
pub fn community_key(actor: &Actor) -> String {
    if actor.is_local {
        actor.username.clone()
    } else {
        format!("{}@{}", actor.username, actor.domain)
    }
}

/// A community named inside another answer (a thread's).
#[derive(Debug, Serialize)]
pub struct CommunityRef {
    pub id: String,
    pub key: String,
    pub handle: String,
    pub name: String,
    pub local: bool,
}

impl CommunityRef {
    pub fn new(actor: &Actor) -> CommunityRef {
        CommunityRef {
            id: actor.ap_id.to_string(),
            key: community_key(actor),
            handle: actor.handle(),
            name: actor.display_name_or_username().to_string(),
            local: actor.is_local,
        }
    }
}

/// A community as clients see it.
#[derive(Debug, Serialize)]
pub struct CommunityView {
    /// The ActivityPub id.
    pub id: String,
    /// The key in API paths (`/api/v1/communities/{key}`).
    pub key: String,
    /// `@handle@domain`.
    pub handle: String,
    pub name: String,
    /// Sanitised HTML.
    pub description: String,
    /// The Markdown as typed (communities hosted here).
    pub description_source: String,
    /// Sanitised HTML.
    pub rules: String,
    pub rules_source: String,
    /// BCP 47 tags.
    pub languages: Vec<String>,
    /// `followers` (any follower may post) or `members` (members and moderators only).
    pub posting: Posting,
    /// Follow requests wait for a moderator.
    pub approval_required: bool,
    pub local: bool,
    pub url: Option<String>,
    pub followers: i64,
    /// Visible threads (in lists only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads: Option<i64>,
    /// Moderators (on a single community).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderators: Option<Vec<ActorView>>,
    pub created_at: String,
    /// The caller's role (`moderator`, `member`), with a token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<CommunityRole>,
}

impl CommunityView {
    fn new(community: &Community, actor: &Actor, followers: i64) -> CommunityView {
        CommunityView {
            id: actor.ap_id.to_string(),
            key: community_key(actor),
            handle: actor.handle(),
            name: actor.display_name_or_username().to_string(),
            description: community.description_html.clone(),
            description_source: community.description_source.clone(),
            rules: community.rules_html.clone(),
            rules_source: community.rules_source.clone(),
            languages: community
                .language_list()
                .into_iter()
                .map(str::to_string)
                .collect(),
            posting: community.posting,
            approval_required: actor.manually_approves_followers,
            local: actor.is_local,
            url: actor.profile_url.clone(),
            followers,
            threads: None,
            moderators: None,
            created_at: rfc3339_seconds(community.created_at),
            role: None,
        }
    }

    async fn details(
        data: &Ctx,
        d: &CommunityDetails,
        user: Option<&crate::db::models::user::User>,
    ) -> Result<CommunityView, AppError> {
        let mut view = CommunityView::new(&d.community, &d.actor, d.followers);
        view.moderators = Some(d.moderators.iter().map(ActorView::new).collect());
        if let Some(u) = user {
            view.role = communities::role_in(data, d.actor.id, u.actor_id).await?;
        }
        Ok(view)
    }
}

/// `GET /communities?lang=`: local ones first, then remote ones followed here.
async fn list(data: Ctx, RawQuery(raw): RawQuery) -> Result<Json<Vec<CommunityView>>, AppError> {
    let mut language = None;
    for (k, v) in crate::text::query_pairs(raw.as_deref()) {
        match k.as_str() {
            "lang" | "language" => language = Some(v.trim().to_string()).filter(|l| !l.is_empty()),
            other => return Err(AppError::BadRequest(format!("unknown parameter {other:?}"))),
        }
    }
    if let Some(l) = &language {
        if crate::text::language_tag(l).is_none() {
            return Err(AppError::Validation("community-error-language"));
        }
    }
    let rows = communities::list(&data, language.as_deref()).await?;
    Ok(Json(
        rows.iter()
            .map(|s| {
                let mut v = CommunityView::new(&s.community, &s.actor, s.followers);
                v.threads = Some(s.threads);
                v
            })
            .collect(),
    ))
}

/// A create or a partial edit: fields not given keep their value (defaults on create).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CommunityBody {
    handle: Option<String>,
    name: Option<String>,
    description: Option<String>,
    rules: Option<String>,
    languages: Option<Vec<String>>,
    approval_required: Option<bool>,
    posting: Option<String>,
}

impl CommunityBody {
    fn apply(self, mut input: CommunityInput) -> CommunityInput {
        macro_rules! set {
            ($($field:ident),*) => {$(if let Some(v) = self.$field { input.$field = v; })*};
        }
        set!(
            handle,
            name,
            description,
            rules,
            languages,
            approval_required,
            posting
        );
        input
    }
}

async fn create(
    data: Ctx,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    ApiJson(body): ApiJson<CommunityBody>,
) -> Result<(StatusCode, Json<CommunityView>), AppError> {
    let input = body.apply(CommunityInput {
        posting: POSTING_FOLLOWERS.to_string(),
        ..Default::default()
    });
    let details = communities::create(&data, &user, input).await?;
    let view = CommunityView::details(&data, &details, Some(&user)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

async fn read(
    data: Ctx,
    user: Option<ApiUser>,
    Path(name): Path<String>,
) -> Result<Json<CommunityView>, AppError> {
    let details = communities::get_details(&data, &name).await?;
    let user = user.map(|ApiUser(u)| u);
    Ok(Json(
        CommunityView::details(&data, &details, user.as_ref()).await?,
    ))
}

async fn patch(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<CommunityBody>,
) -> Result<Json<CommunityView>, AppError> {
    let (community, actor) = communities::require_moderator(&data, &user, &name).await?;
    if body.handle.as_deref().is_some_and(|h| {
        !h.trim()
            .trim_start_matches('@')
            .eq_ignore_ascii_case(&actor.username)
    }) {
        return Err(AppError::BadRequest(
            "a community's handle does not change".into(),
        ));
    }
    let current = CommunityInput {
        handle: actor.username.clone(),
        name: actor.display_name.clone(),
        description: community.description_source.clone(),
        rules: community.rules_source.clone(),
        languages: community
            .language_list()
            .into_iter()
            .map(str::to_string)
            .collect(),
        approval_required: actor.manually_approves_followers,
        posting: community.posting.to_string(),
    };
    let details = communities::update(&data, &user, &name, body.apply(current)).await?;
    Ok(Json(
        CommunityView::details(&data, &details, Some(&user)).await?,
    ))
}

/// Someone with a role or a ban: `actor_id` is the number used in `DELETE` paths.
#[derive(Debug, Serialize)]
pub struct RoleView {
    pub actor_id: i64,
    pub actor: ActorView,
    pub role: CommunityRole,
}

impl RoleView {
    fn new(actor: &Actor, role: CommunityRole) -> RoleView {
        RoleView {
            actor_id: actor.id,
            actor: ActorView::new(actor),
            role,
        }
    }
}

/// `GET /communities/{name}/roles` (moderators): moderators, then members.
async fn roles(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(name): Path<String>,
) -> Result<Json<Vec<RoleView>>, AppError> {
    communities::require_moderator(&data, &user, &name).await?;
    let d = communities::get_details(&data, &name).await?;
    let moderators = d
        .moderators
        .iter()
        .map(|a| RoleView::new(a, ROLE_MODERATOR));
    let members = d.members.iter().map(|a| RoleView::new(a, ROLE_MEMBER));
    Ok(Json(moderators.chain(members).collect()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    /// A handle (`name` here, `@name@domain` elsewhere) or an actor URL.
    actor: String,
    role: String,
}

async fn set_role(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<RoleBody>,
) -> Result<Json<RoleView>, AppError> {
    let actor = communities::set_role(&data, &user, &name, &body.actor, &body.role).await?;
    // The service has checked the role by now.
    let role = body
        .role
        .parse()
        .map_err(|_| AppError::Validation("community-error-role"))?;
    Ok(Json(RoleView::new(&actor, role)))
}

async fn remove_role(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((name, actor_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let actor_id = parse_id(&actor_id, "actor")?;
    communities::remove_role(&data, &user, &name, actor_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize)]
pub struct BanView {
    pub actor_id: i64,
    pub actor: ActorView,
    pub reason: String,
    /// `null` for a ban without end.
    pub expires_at: Option<String>,
    pub created_at: String,
}

/// `GET /communities/{name}/bans` (moderators): newest first.
async fn bans(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(name): Path<String>,
) -> Result<Json<Vec<BanView>>, AppError> {
    let rows = communities::bans(&data, &user, &name).await?;
    Ok(Json(
        rows.iter()
            .map(|(b, a)| BanView {
                actor_id: a.id,
                actor: ActorView::new(a),
                reason: b.reason.clone(),
                expires_at: b.expires_at.map(rfc3339_seconds),
                created_at: rfc3339_seconds(b.created_at),
            })
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct BanBody {
    /// A handle (`name` here, `@name@domain` elsewhere) or an actor URL.
    actor: String,
    reason: String,
    /// Also remove everything they posted in the community.
    remove_posts: bool,
    /// 1-3650; without it the ban has no end.
    days: Option<i64>,
}

/// `POST /communities/{name}/bans`: `201` with the ban.
async fn ban(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<BanBody>,
) -> Result<(StatusCode, Json<BanView>), AppError> {
    if body.actor.trim().is_empty() {
        return Err(AppError::BadRequest("actor is required".into()));
    }
    let target = moderation::ban(
        &data,
        &user,
        &name,
        &body.actor,
        &body.reason,
        body.remove_posts,
        body.days,
    )
    .await?;
    let rows = communities::bans(&data, &user, &name).await?;
    let (b, a) = rows
        .iter()
        .find(|(_, a)| a.id == target.id)
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(BanView {
            actor_id: a.id,
            actor: ActorView::new(a),
            reason: b.reason.clone(),
            expires_at: b.expires_at.map(rfc3339_seconds),
            created_at: rfc3339_seconds(b.created_at),
        }),
    ))
}

async fn unban(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((name, actor_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let actor_id = parse_id(&actor_id, "actor")?;
    moderation::unban(&data, &user, &name, actor_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize)]
pub struct FollowRequestView {
    /// The number in `.../follow-requests/{id}/accept`.
    pub id: i64,
    pub actor_id: i64,
    pub actor: ActorView,
    pub created_at: String,
}

/// `GET /communities/{name}/follow-requests` (moderators): oldest first.
async fn follow_requests(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(name): Path<String>,
) -> Result<Json<Vec<FollowRequestView>>, AppError> {
    let rows = communities::follow_requests(&data, &user, &name).await?;
    Ok(Json(
        rows.iter()
            .map(|(f, a)| FollowRequestView {
                id: f.id,
                actor_id: a.id,
                actor: ActorView::new(a),
                created_at: rfc3339_seconds(f.created_at),
            })
            .collect(),
    ))
}

async fn decide(
    data: Ctx,
    user: crate::db::models::user::User,
    name: String,
    id: String,
    accept: bool,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "follow request")?;
    communities::decide_request(&data, &user, &name, id, accept).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn accept(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((name, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    decide(data, user, name, id, true).await
}

async fn reject(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((name, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    decide(data, user, name, id, false).await
}
