//! What a hub sends its peers: an `Announce` by the instance actor of the activity that
//! created, changed or deleted one of its public items (or, in relay mode, one of a peer's),
//! embedded whole, so that a peer can apply it without fetching anything. Enqueued in the
//! transaction that made the change, like every delivery.

use crate::config::Config;
use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::federation::activities::announce::Announce;
use crate::federation::activities::create::Create;
use crate::federation::activities::update::Update;
use crate::federation::outbox;
use crate::federation::{actor_context, delivery, Urls};
use crate::state::Ctx;
use serde_json::{json, Value};

/// The inboxes of the peers that follow our instance actor, except those on `skip` hosts.
async fn peer_inboxes(conn: &mut DbConn, hub: &Actor, skip: &[String]) -> AppResult<Vec<String>> {
    let inboxes = Follow::remote_follower_inboxes(conn, hub.id).await?;
    Ok(inboxes
        .into_iter()
        .filter(|inbox| {
            let host = url::Url::parse(inbox)
                .map(|u| crate::state::authority(&u))
                .unwrap_or_default();
            !skip.contains(&host)
        })
        .collect())
}

/// Enqueues the hub's `Announce` of `activity` to every peer but those on `skip` hosts
/// (the origin and the sender, when relaying). `context` defines the embedded terms.
pub async fn to_peers(
    conn: &mut DbConn,
    config: &Config,
    activity: &Value,
    context: Value,
    skip: &[String],
) -> AppResult<()> {
    let Some(hub) = Actor::find_local(conn, config.host()).await? else {
        return Ok(());
    };
    let inboxes = peer_inboxes(conn, &hub, skip).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let base = config.base_url();
    let urls = Urls::new(&base);
    let mut object = activity.clone();
    if let Some(map) = object.as_object_mut() {
        map.remove("@context");
        // When the change happened: peers apply changes to one item in this order.
        map.entry("published").or_insert_with(|| {
            json!(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        });
    }
    let announce = Announce::by_hub(&urls, &hub, object)?;
    delivery::enqueue_with_context(
        conn,
        announce.id.as_str(),
        &hub,
        &announce,
        context,
        inboxes,
    )
    .await
}

/// A project, organisation or community here was created (`verb` "Create") or changed
/// ("Update"): its peers get the actor document. `extension` carries terms written in the
/// caller's transaction, not yet visible to the connection that renders the document.
pub async fn actor_changed(
    conn: &mut DbConn,
    data: &Ctx,
    verb: &str,
    actor: &Actor,
    extension: Option<serde_json::Map<String, Value>>,
) -> AppResult<()> {
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let update = Update::for_actor_with(&urls, actor.clone(), data, extension).await?;
    let activity = if verb == "Create" {
        serde_json::to_value(Create::for_actor(&urls, update)?)?
    } else {
        serde_json::to_value(update)?
    };
    to_peers(conn, &data.config, &activity, actor_context(), &[]).await
}

/// The same for an activity about an item already built by the caller (events, deletes).
pub async fn activity<A: serde::Serialize>(
    conn: &mut DbConn,
    config: &Config,
    activity: &A,
    context: Value,
) -> AppResult<()> {
    let value = serde_json::to_value(activity)?;
    to_peers(conn, config, &value, context, &[]).await
}

/// The hub profile changed: peers get the instance actor again.
pub async fn announce_instance_actor(data: &Ctx) -> AppResult<()> {
    let hub = crate::federation::instance::ensure_instance_actor(&data.pool, &data.config).await?;
    let mut conn = data.pool.get().await?;
    // Published as the actor's `updated`: peers keep the newest profile whatever order
    // the deliveries of two quick changes arrive in.
    crate::db::models::instance_setting::InstanceSetting::set(
        &mut conn,
        crate::federation::instance::PROFILE_UPDATED_AT,
        &crate::text::rfc3339(crate::db::now()),
    )
    .await?;
    let inboxes = Follow::remote_follower_inboxes(&mut conn, hub.id).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let base = data.config.base_url();
    let update = Update::for_actor(&Urls::new(&base), hub.clone(), data).await?;
    outbox::send(data, &mut conn, update.id.as_str(), &hub, &update, inboxes).await
}
