//! Funding calls received from other hubs: stored with their publisher and origin when
//! someone here follows the publisher, or always when a peer hub carries them (peers keep
//! each other's calls, as their calendars); changed by Update and withdrawn by Delete, in
//! both cases only by the call's own server.

use crate::db::models::follow::Follow;
use crate::db::models::funding_call::FundingCall;
use crate::error::{AppError, AppResult};
use crate::federation::activities::ensure;
use crate::federation::objects::funding_call::FundingCall as CallObject;
use crate::inbound::load_actor;
use crate::state::{authority, Ctx};
use scoped_futures::ScopedFutureExt;
use serde_json::Value;
use url::Url;

/// A Create or Update of a call by `actor`, kept only if someone here follows the publisher.
pub async fn receive(data: &Ctx, activity: &Url, actor: &Url, object: Value) -> AppResult<()> {
    store(data, activity, actor, object, false).await
}

/// As [`receive`]; calls to `keep` (carried by a peer hub) are kept whoever follows.
pub async fn store(
    data: &Ctx,
    activity: &Url,
    actor: &Url,
    object: Value,
    keep: bool,
) -> AppResult<()> {
    let call: CallObject = serde_json::from_value(object)
        .map_err(|e| AppError::BadRequest(format!("unreadable funding call: {e}")))?;
    ensure(
        authority(&call.id) == authority(actor),
        format!("{actor} may not publish {}", call.id),
    )?;
    let publisher_id = call.publisher_id().unwrap_or_else(|| actor.clone());
    ensure(
        authority(&publisher_id) == authority(actor),
        format!("{} is not published on {actor}'s server", call.id),
    )?;
    let mut conn = data.pool.get().await?;
    let existing = FundingCall::find_by_ap_id(&mut conn, call.id.as_str()).await?;
    if existing.as_ref().is_some_and(|c| c.is_local) {
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
        tracing::info!(%activity, object = %call.id,
            "funding call from a publisher nobody here follows; dropped");
        return Ok(());
    }
    let was_new = existing.is_none();
    let (form, deadlines, tags) = call.into_form(&publisher, creator.as_ref())?;
    // The row, its deadlines and its tags are written together: a reader never sees a call
    // without its tags, and a failure leaves nothing half written.
    let stored = conn
        .transaction::<_, AppError, _>(|conn| {
            async move {
                crate::services::funding_calls::store_received(
                    conn, existing, form, deadlines, tags,
                )
                .await
            }
            .scope_boxed()
        })
        .await?;
    if let Some(row) = stored {
        tracing::info!(%activity, object = %row.ap_id, publisher = %publisher.ap_id,
            new = was_new, "funding call received");
    }
    Ok(())
}

/// A Delete (withdrawal) of `call`, which only its own server may send.
pub async fn delete(data: &Ctx, actor: &Url, object: &Url, call: FundingCall) -> AppResult<()> {
    ensure(
        !call.is_local && authority(object) == authority(actor),
        format!("{actor} may not withdraw {object}"),
    )?;
    let mut conn = data.pool.get().await?;
    FundingCall::delete(&mut conn, call.id).await?;
    tracing::info!(%object, "funding call withdrawn by its origin");
    Ok(())
}
