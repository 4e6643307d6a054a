//! `/api/v1/projects` and `/api/v1/organisations`: create, read, update and delete entries,
//! their updates, members and (for projects) linked organisations. Reading is public; every
//! change needs a token of a member (admin for deleting and for managing members).

use crate::api::entry_members;
use crate::api::posts::PostView;
use crate::api::replications::{self, ReplicationsView};
use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, Tags, KIND_PROJECT};
use crate::error::AppError;
use crate::services::entries::{self, EntryInput};
use crate::services::posts::{self, PostInput};
use crate::state::Ctx;
use axum::extract::{Extension, Path};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which kind of entry a nested router serves.
#[derive(Clone, Copy)]
pub struct Kind(pub &'static str);

pub fn router(kind: &'static str) -> Router {
    let mut r = Router::new()
        .route("/", post(create))
        .route(
            "/{handle}",
            get(read).put(replace).patch(patch).delete(remove),
        )
        .route("/{handle}/updates", get(list_updates).post(create_update))
        .route(
            "/{handle}/updates/{id}",
            put(edit_update).delete(delete_update),
        )
        .route(
            "/{handle}/members",
            get(entry_members::list_members).post(entry_members::invite),
        )
        .route(
            "/{handle}/members/{user_id}",
            put(entry_members::change_member).delete(entry_members::remove_member),
        )
        .route(
            "/{handle}/invitation",
            post(entry_members::answer_invitation),
        )
        .route(
            "/{handle}/{image}",
            put(entry_members::set_image)
                .delete(entry_members::remove_image)
                // Read whole, then checked against media.max_upload_bytes (413 past 16 MiB).
                .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        );
    if kind == KIND_PROJECT {
        r = r
            .route("/{handle}/links", post(entry_members::link))
            .route("/{handle}/links/{id}", delete(entry_members::unlink))
            .route(
                "/{handle}/replications",
                get(replications::list).post(replications::declare),
            )
            .route("/{handle}/replications/{id}", delete(replications::remove));
    }
    r.layer(Extension(Kind(kind)))
}

/// The JSON body of a create or update. Lists of codes may hold numbers (SDGs).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntryBody {
    handle: Option<String>,
    name: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    website: Option<Option<String>>,
    country: Option<Option<String>>,
    region: Option<String>,
    latitude: Option<Option<f64>>,
    longitude: Option<Option<f64>>,
    languages: Option<Vec<Value>>,
    themes: Option<Vec<Value>>,
    focus: Option<Vec<Value>>,
    technologies: Option<Vec<Value>>,
    sdgs: Option<Vec<Value>>,
    status: Option<Option<String>>,
    start_date: Option<Option<NaiveDate>>,
    end_date: Option<Option<NaiveDate>>,
    social_impact: Option<String>,
    beneficiaries: Option<String>,
    org_type: Option<Option<String>>,
    org_size: Option<Option<String>>,
    expertise: Option<Vec<Value>>,
    needs: Option<Vec<Value>>,
}

fn strings(values: Vec<Value>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| match v {
            Value::String(s) => s,
            other => other.to_string(),
        })
        .collect()
}

impl EntryBody {
    /// Applies the fields given onto `base` (everything else keeps its value).
    fn apply(self, mut base: EntryInput) -> EntryInput {
        macro_rules! set {
            ($field:ident) => {
                if let Some(v) = self.$field {
                    base.$field = v;
                }
            };
            ($field:ident, list) => {
                if let Some(v) = self.$field {
                    base.$field = strings(v);
                }
            };
        }
        set!(handle);
        set!(name);
        set!(summary);
        set!(description);
        set!(website);
        set!(country);
        set!(region);
        set!(latitude);
        set!(longitude);
        set!(languages, list);
        set!(themes, list);
        set!(focus, list);
        set!(technologies, list);
        set!(sdgs, list);
        set!(status);
        set!(start_date);
        set!(end_date);
        set!(social_impact);
        set!(beneficiaries);
        set!(org_type);
        set!(org_size);
        set!(expertise, list);
        set!(needs, list);
        base
    }
}

/// An entry as clients see it.
#[derive(Debug, Serialize)]
pub struct EntryDetailView {
    pub id: String,
    pub handle: String,
    pub kind: String,
    pub name: String,
    /// HTML.
    pub summary: String,
    /// Sanitised HTML, and the Markdown it was made from (local entries).
    pub description: String,
    pub description_source: String,
    pub url: Option<String>,
    pub local: bool,
    pub website: Option<String>,
    pub country: Option<String>,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub status: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub social_impact: String,
    pub beneficiaries: String,
    pub org_type: Option<String>,
    pub org_size: Option<String>,
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub focus: Vec<String>,
    pub technologies: Vec<String>,
    pub sdgs: Vec<String>,
    pub expertise: Vec<String>,
    pub needs: Vec<String>,
    pub followers: i64,
    pub links: Vec<LinkView>,
    /// Projects only: the projects it replicates, adapts or was inspired by, and those that
    /// declare it as theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replications: Option<ReplicationsView>,
}

#[derive(Debug, Serialize)]
pub struct LinkView {
    pub id: i64,
    pub role: String,
    /// The organisation (on a project) or the project (on an organisation).
    pub entry: ActorView,
}

impl EntryDetailView {
    fn new(
        entry: &DirectoryEntry,
        actor: &Actor,
        tags: &Tags,
        followers: i64,
        links: Vec<LinkView>,
    ) -> Self {
        let of = |facet: &str| -> Vec<String> {
            tags.iter()
                .filter(|(f, _)| f == facet)
                .map(|(_, v)| v.clone())
                .collect()
        };
        EntryDetailView {
            id: actor.ap_id.to_string(),
            handle: actor.handle(),
            kind: entry.entry_kind.clone(),
            name: actor.display_name_or_username().to_string(),
            summary: actor.summary.clone(),
            description: entry.description_html.clone(),
            description_source: entry.description_source.clone(),
            url: actor.profile_url.clone(),
            local: actor.is_local,
            website: entry.website.clone(),
            country: entry.country.clone(),
            region: entry.region.clone(),
            latitude: entry.latitude,
            longitude: entry.longitude,
            status: entry.status.clone(),
            start_date: entry.start_date,
            end_date: entry.end_date,
            social_impact: entry.social_impact.clone(),
            beneficiaries: entry.beneficiaries.clone(),
            org_type: entry.org_type.clone(),
            org_size: entry.org_size.clone(),
            languages: of("language"),
            themes: of("theme"),
            focus: of("focus"),
            technologies: of("technology"),
            sdgs: of("sdg"),
            expertise: of("expertise"),
            needs: of("need"),
            followers,
            links,
            replications: None,
        }
    }
}

async fn detail(data: &Ctx, kind: &str, handle: &str) -> Result<EntryDetailView, AppError> {
    let (entry, actor) = entries::local(data, kind, handle).await?;
    let tags = entries::of_actor(data, actor.id)
        .await?
        .map(|(_, t)| t)
        .unwrap_or_default();
    let followers = entries::follower_count(data, &actor).await?;
    let links = entries::links(data, &actor)
        .await?
        .into_iter()
        .map(|(l, a)| LinkView {
            id: l.id,
            role: l.role,
            entry: ActorView::new(&a),
        })
        .collect();
    let mut view = EntryDetailView::new(&entry, &actor, &tags, followers, links);
    if entry.entry_kind == KIND_PROJECT {
        view.replications = Some(replications::of_project(data, &actor).await?);
    }
    Ok(view)
}

async fn create(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<(StatusCode, Json<EntryDetailView>), AppError> {
    let input = body.apply(EntryInput::default());
    let (_, actor) = entries::create(&data, &user, kind, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&data, kind, &actor.username).await?),
    ))
}

async fn read(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    Path(handle): Path<String>,
) -> Result<Json<EntryDetailView>, AppError> {
    Ok(Json(detail(&data, kind, &handle).await?))
}

/// PUT replaces every field (missing ones become empty); PATCH changes only those given.
async fn replace(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<Json<EntryDetailView>, AppError> {
    let base = EntryInput {
        handle: handle.clone(),
        ..EntryInput::default()
    };
    entries::update(&data, &user, kind, &handle, body.apply(base)).await?;
    Ok(Json(detail(&data, kind, &handle).await?))
}

async fn patch(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<Json<EntryDetailView>, AppError> {
    let (entry, actor) = entries::local(&data, kind, &handle).await?;
    let tags = entries::of_actor(&data, actor.id)
        .await?
        .map(|(_, t)| t)
        .unwrap_or_default();
    let base = entries::input_from(&entry, &actor, &tags);
    entries::update(&data, &user, kind, &handle, body.apply(base)).await?;
    Ok(Json(detail(&data, kind, &handle).await?))
}

async fn remove(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
) -> Result<StatusCode, AppError> {
    entries::delete(&data, &user, kind, &handle).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateBody {
    #[serde(default)]
    title: Option<String>,
    content: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    language: Option<String>,
}

impl UpdateBody {
    fn input(&self) -> PostInput<'_> {
        PostInput {
            content: &self.content,
            summary: &self.summary,
            visibility: crate::db::models::post::VISIBILITY_PUBLIC.as_str(),
            in_reply_to: None,
            language: self.language.as_deref(),
        }
    }
}

async fn list_updates(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    Path(handle): Path<String>,
) -> Result<Json<Vec<PostView>>, AppError> {
    let (_, actor) = entries::local(&data, kind, &handle).await?;
    let (_, rows) = posts::listed_by_author(&data, actor.id, 100, 0).await?;
    Ok(Json(
        rows.iter().map(|p| PostView::new(p, &actor)).collect(),
    ))
}

/// The entry's actor, if `user` is one of its members.
async fn as_member(
    data: &Ctx,
    user: &crate::db::models::user::User,
    kind: &str,
    handle: &str,
) -> Result<Actor, AppError> {
    let (_, actor) = entries::local(data, kind, handle).await?;
    entries::require_member(data, user, &actor, false).await?;
    Ok(actor)
}

async fn create_update(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    crate::api::ApiPoster(user): crate::api::ApiPoster,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<(StatusCode, Json<PostView>), AppError> {
    let actor = as_member(&data, &user, kind, &handle).await?;
    let post =
        posts::create_for_entry(&data, actor.clone(), body.title.as_deref(), body.input()).await?;
    Ok((StatusCode::CREATED, Json(PostView::new(&post, &actor))))
}

async fn edit_update(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path((handle, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<Json<PostView>, AppError> {
    let id = parse_id(&id, "update")?;
    let actor = as_member(&data, &user, kind, &handle).await?;
    let post = posts::edit_for_entry(
        &data,
        actor.clone(),
        id,
        body.title.as_deref(),
        body.input(),
    )
    .await?;
    Ok(Json(PostView::new(&post, &actor)))
}

async fn delete_update(
    data: Ctx,
    Extension(Kind(kind)): Extension<Kind>,
    ApiUser(user): ApiUser,
    Path((handle, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "update")?;
    let actor = as_member(&data, &user, kind, &handle).await?;
    posts::delete_as(&data, actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
