//! A person's boost of a post arrives (an `Announce` by anyone but a community or a hub), or
//! its `Undo`: counted when the post is one we keep, acknowledged and ignored otherwise.
//! Likes arrive through [`crate::inbound::moderation::receive_like`], which counts likes of
//! any post and relays those of a community's content.

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::db::models::reaction::{Reaction, Reactions};
use crate::error::{AppError, AppResult};
use crate::federation::activities::object_id;
use crate::state::Ctx;
use serde_json::Value;

/// `announcer` boosts the post `object` (an id or the post embedded) with `announce`;
/// `on` false when the boost is undone.
pub async fn receive_boost(
    data: &Ctx,
    announce: &Value,
    announcer: &Actor,
    on: bool,
) -> AppResult<()> {
    let id = announce
        .get("id")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("Announce without id".into()))?;
    if !crate::inbound::trust::same_host(&id, announcer.parsed_ap_id()) {
        return Err(AppError::BadRequest(format!(
            "{id} is not an activity of {}",
            announcer.ap_id
        )));
    }
    let Some(post_id) = announce.get("object").and_then(object_id) else {
        return Ok(());
    };
    let mut conn = data.pool.get().await?;
    let Some(post) = Post::find_by_ap_id(&mut conn, post_id.as_str()).await? else {
        tracing::info!(activity = %id, object = %post_id, "boost of a post we do not keep; ignored");
        return Ok(());
    };
    if on {
        let added = Reactions::add(
            &mut conn,
            Reaction::Boost,
            post.id,
            announcer.id,
            id.as_str(),
        )
        .await?;
        if added {
            crate::services::reactions::notify_reaction(data, &post, announcer.id, "boost").await;
        }
        tracing::info!(activity = %id, object = %post.ap_id, "boost counted");
    } else {
        Reactions::remove(&mut conn, Reaction::Boost, post.id, announcer.id).await?;
        tracing::info!(activity = %id, object = %post.ap_id, "boost withdrawn");
    }
    Ok(())
}
