//! `/api/v1/projects/{handle}/replications`: the projects a project replicates, adapts or
//! was inspired by (its sources), and the projects that declare it as theirs (its replicas,
//! with their countries). Reading is public; declaring and removing need a token of a
//! member of the project. Routes are in [`super::entries::router`].

use crate::api::{parse_id, ActorView, ApiJson, ApiUser};
use crate::db::models::actor::Actor;
use crate::db::models::entry::KIND_PROJECT;
use crate::db::models::replication::Replication;
use crate::error::AppError;
use crate::services::entries;
use crate::services::replications::{self, Replica, ReplicationInput};
use crate::state::Ctx;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

/// A source a project declares.
#[derive(Debug, Serialize)]
pub struct ReplicationView {
    pub id: i64,
    /// `replicates`, `adapts` or `inspired_by`.
    pub relation: String,
    /// Plain text.
    pub note: String,
    /// The source's actor id, as declared.
    pub source_id: String,
    /// The source, when this hub holds it.
    pub source: Option<ActorView>,
}

impl ReplicationView {
    pub fn new(r: &Replication, source: Option<&Actor>) -> ReplicationView {
        ReplicationView {
            id: r.id,
            relation: r.relation.clone(),
            note: r.note.clone(),
            source_id: r.source_ap_id.clone(),
            source: source.map(ActorView::new),
        }
    }
}

/// A project that declares this one as its source.
#[derive(Debug, Serialize)]
pub struct ReplicaView {
    pub relation: String,
    pub note: String,
    /// ISO 3166 code of the replica's country, when it gives one.
    pub country: Option<String>,
    pub project: ActorView,
}

impl ReplicaView {
    pub fn new(r: &Replica) -> ReplicaView {
        ReplicaView {
            relation: r.replication.relation.clone(),
            note: r.replication.note.clone(),
            country: r.entry.as_ref().and_then(|e| e.country.clone()),
            project: ActorView::new(&r.project),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ReplicationsView {
    pub sources: Vec<ReplicationView>,
    pub replicas: Vec<ReplicaView>,
    /// The countries of the replicas that replicate or adapt the project, each once.
    pub replicated_in: Vec<String>,
}

/// Both directions of `project`, for this endpoint and the project's own view.
pub async fn of_project(data: &Ctx, project: &Actor) -> Result<ReplicationsView, AppError> {
    let sources = replications::sources(data, project).await?;
    let replicas = replications::replicas(data, project).await?;
    Ok(ReplicationsView {
        sources: sources
            .iter()
            .map(|(r, a)| ReplicationView::new(r, a.as_ref()))
            .collect(),
        replicated_in: replications::countries(&replicas),
        replicas: replicas.iter().map(ReplicaView::new).collect(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReplicationBody {
    #[serde(default)]
    source: String,
    #[serde(default)]
    relation: String,
    #[serde(default)]
    note: String,
}

pub(super) async fn list(
    data: Ctx,
    Path(handle): Path<String>,
) -> Result<Json<ReplicationsView>, AppError> {
    let (_, project) = entries::local(&data, KIND_PROJECT, &handle).await?;
    Ok(Json(of_project(&data, &project).await?))
}

pub(super) async fn declare(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path(handle): Path<String>,
    ApiJson(body): ApiJson<ReplicationBody>,
) -> Result<(StatusCode, Json<ReplicationView>), AppError> {
    let input = ReplicationInput {
        source: body.source,
        relation: body.relation,
        note: body.note,
    };
    let (row, source) = replications::declare(&data, &user, &handle, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(ReplicationView::new(&row, Some(&source))),
    ))
}

pub(super) async fn remove(
    data: Ctx,
    ApiUser(user): ApiUser,
    Path((handle, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id, "replication")?;
    replications::remove(&data, &user, &handle, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
