//! A project's organisations: its members link one (here or elsewhere) as lead, partner
//! or funder, and remove the link. Other hubs learn it with the project's actor document
//! (`organisationLinks`, see `federation::objects::entry_link`).

use crate::db::models::actor::Actor;
use crate::db::models::entry::KIND_PROJECT;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::outbox;
use crate::services::entries::{local, require_member};
use crate::services::entry_profile;
use crate::state::Ctx;
use crate::vocabulary as vocab;
use scoped_futures::ScopedFutureExt;

/// A project member links an organisation (here or elsewhere, by handle or URL) with a role.
pub async fn link_organisation(
    data: &Ctx,
    user: &User,
    project: &str,
    organisation: &str,
    role: &str,
) -> AppResult<(crate::db::models::entry_link::EntryLink, Actor)> {
    let (_, project) = local(data, KIND_PROJECT, project).await?;
    require_member(data, user, &project, false).await?;
    if !vocab::LINK_ROLES.contains(&role) {
        return Err(AppError::Validation("link-error-role"));
    }
    let org = crate::services::actors::lookup(data, organisation).await?;
    if org.kind != "Organization" {
        return Err(AppError::Validation("link-error-not-organisation"));
    }
    // Other hubs learn the link with the project's actor document; the organisation too,
    // when it is elsewhere.
    let data2 = data.reset_request_count();
    let (role, org2) = (role.to_string(), org.clone());
    let mut conn = data.pool.get().await?;
    let link = outbox::commit(data, &mut conn, |conn| {
        async move {
            let link =
                crate::db::models::entry_link::EntryLink::upsert(conn, project.id, org2.id, &role)
                    .await?;
            entry_profile::send(conn, &data2, &project, Some(&org2)).await?;
            Ok(link)
        }
        .scope_boxed()
    })
    .await?;
    Ok((link, org))
}

/// A project member removes a link.
pub async fn unlink(data: &Ctx, user: &User, project: &str, link_id: i64) -> AppResult<()> {
    let (_, project) = local(data, KIND_PROJECT, project).await?;
    require_member(data, user, &project, false).await?;
    let mut conn = data.pool.get().await?;
    let link = crate::db::models::entry_link::EntryLink::find(&mut conn, link_id)
        .await?
        .filter(|l| l.project_id == project.id)
        .ok_or(AppError::NotFound)?;
    let org = Actor::find(&mut conn, link.organisation_id).await?;
    let data2 = data.reset_request_count();
    outbox::commit(data, &mut conn, |conn| {
        async move {
            crate::db::models::entry_link::EntryLink::delete(conn, link.id).await?;
            entry_profile::send(conn, &data2, &project, org.as_ref()).await
        }
        .scope_boxed()
    })
    .await
}
