//! Knowledge resources received from other hubs: stored with their publisher and origin
//! when someone here follows the publisher, or always when a peer hub carries them (peers
//! keep each other's libraries); changed by Update and removed by Delete, in both cases only
//! by the resource's own server.

use crate::db::models::follow::Follow;
use crate::db::models::resource::Resource;
use crate::error::{AppError, AppResult};
use crate::federation::activities::ensure;
use crate::federation::objects::resource::Resource as ResourceObject;
use crate::inbound::load_actor;
use crate::state::{authority, Ctx};
use scoped_futures::ScopedFutureExt;
use serde_json::Value;
use url::Url;

/// A Create or Update of a resource by `actor`, kept only if someone here follows the
/// publisher (or already has it).
pub async fn receive(data: &Ctx, activity: &Url, actor: &Url, object: Value) -> AppResult<()> {
    store(data, activity, actor, object, false).await
}

/// As [`receive`]; resources to `keep` (carried by a peer hub) are kept whoever follows.
pub async fn store(
    data: &Ctx,
    activity: &Url,
    actor: &Url,
    object: Value,
    keep: bool,
) -> AppResult<()> {
    let resource: ResourceObject = serde_json::from_value(object)
        .map_err(|e| AppError::BadRequest(format!("unreadable resource: {e}")))?;
    ensure(
        authority(&resource.id) == authority(actor),
        format!("{actor} may not publish {}", resource.id),
    )?;
    let publisher_id = resource.publisher_id().unwrap_or_else(|| actor.clone());
    ensure(
        authority(&publisher_id) == authority(actor),
        format!("{} is not published on {actor}'s server", resource.id),
    )?;
    let mut conn = data.pool.get().await?;
    let existing = Resource::find_by_ap_id(&mut conn, resource.id.as_str()).await?;
    if existing.as_ref().is_some_and(|r| r.is_local) {
        return Err(AppError::Forbidden);
    }
    drop(conn);
    let publisher = load_actor(&publisher_id, data).await?;
    let creator = if &publisher_id == actor {
        None
    } else {
        Some(load_actor(actor, data).await?)
    };
    let mut conn = data.pool.get().await?;
    if existing.is_none() && !keep && !Follow::has_local_follower(&mut conn, publisher.id).await? {
        tracing::info!(%activity, object = %resource.id,
            "resource from a publisher nobody here follows; dropped");
        return Ok(());
    }
    let was_new = existing.is_none();
    let (form, parts) = resource.into_form(&publisher, creator.as_ref())?;
    // The row and its parts are written together: a reader never sees a resource without
    // its tags, and a failure leaves nothing half written.
    let stored = conn
        .transaction::<_, AppError, _>(|conn| {
            async move {
                crate::services::resources::store_received(conn, existing, form, parts).await
            }
            .scope_boxed()
        })
        .await?;
    if let Some(row) = stored {
        tracing::info!(%activity, object = %row.ap_id, publisher = %publisher.ap_id,
            new = was_new, "resource received");
    }
    Ok(())
}

/// A Delete of `resource`, which only its own server may send.
pub async fn delete(data: &Ctx, actor: &Url, object: &Url, resource: Resource) -> AppResult<()> {
    ensure(
        !resource.is_local && authority(object) == authority(actor),
        format!("{actor} may not delete {object}"),
    )?;
    let mut conn = data.pool.get().await?;
    Resource::delete(&mut conn, resource.id).await?;
    tracing::info!(%object, "resource deleted by its origin");
    Ok(())
}
