//! Replication and scaling (issue 22, part 5): a project states that it replicates, adapts
//! or was inspired by another project, here or on another hub, with a short note. Members
//! who may edit the project's links may declare and remove sources. Each change sends the
//! project's actor again (an `Update`) to its followers elsewhere, to peer hubs, and to the
//! source's inbox when the source is elsewhere, so that its hub shows the replica even
//! without peering.

use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, KIND_PROJECT};
use crate::db::models::replication::{Replication, ReplicationForm};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::objects::replication::{MAX_NOTE_CHARS, MAX_SOURCES};
use crate::federation::outbox;
use crate::services::{entries, entry_profile};
use crate::state::Ctx;
use crate::vocabulary as vocab;
use scoped_futures::ScopedFutureExt;

/// What a member types: the source (`handle`, `@handle`, `@handle@host` or an actor URL),
/// the relation and a note.
#[derive(Debug, Clone, Default)]
pub struct ReplicationInput {
    pub source: String,
    pub relation: String,
    pub note: String,
}

/// A project that declares a source, with its entry (for its country) when held.
pub struct Replica {
    pub replication: Replication,
    pub project: Actor,
    pub entry: Option<DirectoryEntry>,
}

/// Whether `actor` is a project of the directory (here or elsewhere), not a person, an
/// organisation or a community.
async fn is_project(conn: &mut DbConn, actor: &Actor) -> AppResult<bool> {
    if actor.kind != "Group" {
        return Ok(false);
    }
    Ok(DirectoryEntry::find(conn, actor.id)
        .await?
        .is_some_and(|e| e.entry_kind == KIND_PROJECT))
}

/// The source a member typed, as a stored project actor; each refusal names the field.
async fn resolve_source(data: &Ctx, raw: &str, project: &Actor) -> AppResult<Actor> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::Validation("replication-error-source-required"));
    }
    crate::services::actors::parse_target(raw)?;
    let source = match crate::services::actors::lookup(data, raw).await {
        Ok(actor) => actor,
        Err(AppError::NotFound) => {
            return Err(AppError::Validation("replication-error-source-not-found"))
        }
        Err(e) => return Err(e),
    };
    if source.id == project.id {
        return Err(AppError::Validation("replication-error-self"));
    }
    let mut conn = data.pool.get().await?;
    if !is_project(&mut conn, &source).await? {
        return Err(AppError::Validation("replication-error-not-project"));
    }
    Ok(source)
}

/// Checks every field of `input` for `project`, all at once.
async fn check(
    data: &Ctx,
    project: &Actor,
    input: &ReplicationInput,
) -> AppResult<(Actor, ReplicationForm)> {
    let mut c = Checks::new();
    let relation = input.relation.trim();
    c.check(
        vocab::REPLICATION_RELATIONS.contains(&relation),
        "relation",
        "replication-error-relation",
    );
    let note = input.note.trim();
    c.check(
        note.chars().count() <= MAX_NOTE_CHARS,
        "note",
        "replication-error-note-too-long",
    );
    let source = c.take("source", resolve_source(data, &input.source, project).await);
    if let Some(source) = &source {
        let mut conn = data.pool.get().await?;
        let held = Replication::sources_of(&mut conn, project.id).await?;
        let declared = held
            .iter()
            .any(|(r, _)| r.source_ap_id == source.ap_id.as_str());
        c.check(
            declared || held.len() < MAX_SOURCES,
            "source",
            "replication-error-too-many",
        );
    }
    c.finish()?;
    let source = source.ok_or_else(|| AppError::Internal("a source checked as found".into()))?;
    let form = ReplicationForm {
        source_ap_id: source.ap_id.to_string(),
        source_id: Some(source.id),
        relation: relation.to_string(),
        note: note.to_string(),
    };
    Ok((source, form))
}

/// The local project `handle`, if `user` may edit its links.
async fn editable(data: &Ctx, user: &User, handle: &str) -> AppResult<Actor> {
    let (_, project) = entries::local(data, KIND_PROJECT, handle).await?;
    entries::require_member(data, user, &project, false).await?;
    Ok(project)
}

/// A member of `handle` declares a source (or changes the relation and note of one).
pub async fn declare(
    data: &Ctx,
    user: &User,
    handle: &str,
    input: &ReplicationInput,
) -> AppResult<(Replication, Actor)> {
    let project = editable(data, user, handle).await?;
    let (source, form) = check(data, &project, input).await?;
    let data2 = data.reset_request_count();
    let mut conn = data.pool.get().await?;
    let source2 = source.clone();
    let row = outbox::commit(data, &mut conn, |conn| {
        async move {
            let row = Replication::upsert(conn, project.id, &form).await?;
            entry_profile::send(conn, &data2, &project, Some(&source2)).await?;
            Ok(row)
        }
        .scope_boxed()
    })
    .await?;
    Ok((row, source))
}

/// A member of `handle` removes a declaration; a source elsewhere is told too.
pub async fn remove(data: &Ctx, user: &User, handle: &str, id: i64) -> AppResult<()> {
    let project = editable(data, user, handle).await?;
    let mut conn = data.pool.get().await?;
    let row = Replication::find(&mut conn, id)
        .await?
        .filter(|r| r.project_id == project.id)
        .ok_or(AppError::NotFound)?;
    let source = Actor::find_by_ap_id(&mut conn, &row.source_ap_id).await?;
    let data2 = data.reset_request_count();
    outbox::commit(data, &mut conn, |conn| {
        async move {
            Replication::delete(conn, row.id).await?;
            entry_profile::send(conn, &data2, &project, source.as_ref()).await
        }
        .scope_boxed()
    })
    .await
}

/// What `project` declares, each source with its row when this hub holds it.
pub async fn sources(data: &Ctx, project: &Actor) -> AppResult<Vec<(Replication, Option<Actor>)>> {
    let mut conn = data.pool.get().await?;
    Ok(Replication::sources_of(&mut conn, project.id).await?)
}

/// The projects, here or elsewhere, that declare `source` as theirs.
pub async fn replicas(data: &Ctx, source: &Actor) -> AppResult<Vec<Replica>> {
    let mut conn = data.pool.get().await?;
    let rows = Replication::replicas_of(&mut conn, source.ap_id.as_str()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (replication, project) in rows {
        let entry = DirectoryEntry::find(&mut conn, project.id).await?;
        out.push(Replica {
            replication,
            project,
            entry,
        });
    }
    Ok(out)
}

/// The countries of `replicas`, each once, in the order first met.
pub fn countries(replicas: &[Replica]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in replicas
        .iter()
        .filter(|r| r.replication.relation != "inspired_by")
        .filter_map(|r| r.entry.as_ref().and_then(|e| e.country.clone()))
    {
        if !out.contains(&code) {
            out.push(code);
        }
    }
    out
}
