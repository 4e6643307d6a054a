//! Peering between hubs: an admin names another hub; the two instance actors follow each
//! other (Follow and Accept, approved by an admin when `peering.manual_approval` is set);
//! from then on each announces its public items to the other (`federation::peering`), and the
//! newcomer's existing items are read in the background (the backfill). Unpeering undoes
//! both follows and can remove the peer's items.
//!
//! Views for the admin page and the "federation at a glance" page are in
//! [`crate::services::peer_views`].

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::db::models::entry::DirectoryEntry;
use crate::db::models::event::Event;
use crate::db::models::follow::{Follow as FollowRow, STATE_ACCEPTED, STATE_PENDING};
use crate::db::models::peer::{self, Peer};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::answer::{Answer, AnswerKind};
use crate::federation::activities::follow::Follow;
use crate::federation::activities::undo::Undo;
use crate::federation::outbox;
use crate::federation::peering::profile;
use crate::federation::Urls;
use crate::state::Ctx;
use activitypub_federation::fetch::fetch_object_http;
use activitypub_federation::traits::Object;
use scoped_futures::ScopedFutureExt;
use serde_json::Value;
use url::Url;

pub use crate::services::peer_views::{
    glance, list, origin_names, CountrySummary, Glance, PeerHealth, PeerView,
};

fn require_admin(user: &User) -> AppResult<()> {
    if user.is_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `host[:port]` from what an admin typed: a domain, or a URL of the hub.
pub fn normalise_domain(raw: &str) -> AppResult<String> {
    let raw = raw.trim().trim_end_matches('/');
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme).map_err(|_| AppError::Validation("peering-error-domain"))?;
    let host = crate::state::authority(&url).to_ascii_lowercase();
    if host.is_empty() || url.path() != "/" || !host.contains('.') && !host.contains(':') {
        return Err(AppError::Validation("peering-error-domain"));
    }
    Ok(host)
}

async fn hub(data: &Ctx) -> AppResult<Actor> {
    crate::services::instance::ensure_instance_actor(&data.pool, &data.config).await
}

/// Fetches another hub's instance actor: its row, and its profile with the address of its
/// item collection. NotFound-like failures become `peering-error-unreachable`; an actor
/// that is no Tessera hub, `peering-error-not-a-hub`.
async fn fetch_hub(data: &Ctx, host: &str) -> AppResult<(Actor, String)> {
    let scheme = if data.config.server.https {
        "https"
    } else {
        "http"
    };
    let url = Url::parse(&format!("{scheme}://{host}/actor"))
        .map_err(|e| AppError::bad_input("hub address", e))?;
    let doc = match fetch_object_http::<_, Value>(&url, &data.reset_request_count()).await {
        Ok(res) => res.object,
        Err(e) => {
            tracing::info!(%url, error = %e, "peer hub not reachable");
            return Err(AppError::Validation("peering-error-unreachable"));
        }
    };
    let person: crate::federation::objects::person::Person =
        serde_json::from_value(doc).map_err(|_| AppError::Validation("peering-error-not-a-hub"))?;
    if person.kind != "Application" || crate::state::authority(&person.id) != host {
        return Err(AppError::Validation("peering-error-not-a-hub"));
    }
    let Some((hub_profile, items)) = profile::from_extension(
        person.name.as_deref().unwrap_or_default(),
        person.summary.as_deref().unwrap_or_default(),
        person.icon.as_ref(),
        &person.extension,
    ) else {
        return Err(AppError::Validation("peering-error-not-a-hub"));
    };
    let id = person.id.clone();
    <Actor as Object>::verify(&person, &id, data).await?;
    let actor = <Actor as Object>::from_json(person, data).await?;
    Ok((actor, profile::stored(&hub_profile, &items)))
}

/// Our instance actor follows `theirs` (in the caller's transaction), unless it already does.
async fn follow_hub(conn: &mut DbConn, base: &str, ours: &Actor, theirs: &Actor) -> AppResult<()> {
    if FollowRow::find_pair(conn, ours.id, theirs.id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let ap_id = Urls::new(base).new_activity("follow");
    FollowRow::upsert(conn, &ap_id, ours.id, theirs.id, STATE_PENDING).await?;
    let activity = Follow::new(Url::parse(&ap_id)?, ours, theirs);
    outbox::queue(
        conn,
        &ap_id,
        ours,
        &activity,
        vec![theirs.inbox_url.clone()],
    )
    .await
}

/// An admin asks another hub to peer.
pub async fn add(data: &Ctx, user: &User, domain: &str) -> AppResult<PeerView> {
    require_admin(user)?;
    let host = normalise_domain(domain)?;
    if host == data.config.server.domain {
        return Err(AppError::Validation("peering-error-self"));
    }
    let mut conn = data.pool.get().await?;
    let existing = Peer::find_by_host(&mut conn, &host).await?;
    drop(conn);
    match existing.as_ref().map(|p| p.state) {
        Some(peer::STATE_ACTIVE | peer::STATE_REQUESTED) => {
            return Err(AppError::Validation("peering-error-already"))
        }
        Some(peer::STATE_AWAITING) => {
            approve(data, user, &host).await?;
            return view_of(data, &host).await;
        }
        _ => {}
    }
    let (theirs, stored) = fetch_hub(data, &host).await?;
    let ours = hub(data).await?;
    let base = data.config.base_url();
    let view_host = host.clone();
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            // A fresh request: a follow left from an earlier peering is replaced.
            if let Some(old) = FollowRow::find_pair(conn, ours.id, theirs.id).await? {
                FollowRow::delete(conn, old.id).await?;
            }
            let peer = Peer::upsert(conn, &host, theirs.id, peer::STATE_REQUESTED, &stored).await?;
            Peer::reset_backfill(conn, peer.id).await?;
            follow_hub(conn, &base, &ours, &theirs).await
        }
        .scope_boxed()
    })
    .await?;
    view_of(data, &view_host).await
}

async fn view_of(data: &Ctx, host: &str) -> AppResult<PeerView> {
    list(data)
        .await?
        .into_iter()
        .find(|p| p.host == host)
        .ok_or(AppError::NotFound)
}

/// The hub behind a Follow of our instance actor: the follower's instance actor and what we
/// store of its profile, when it is a Tessera hub (anything else asks like any follower).
pub async fn hub_asking(data: &Ctx, follower: &Actor) -> AppResult<Option<(Actor, String)>> {
    if follower.kind != "Application" {
        return Ok(None);
    }
    match fetch_hub(data, &follower.domain).await {
        Ok(found) => Ok(Some(found)),
        Err(AppError::Validation(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Another hub (as [`hub_asking`] found it) asks to peer.
pub async fn receive_follow(
    data: &Ctx,
    follower: &Actor,
    follow: Follow,
    (theirs, stored): (Actor, String),
) -> AppResult<()> {
    let host = follower.domain.clone();
    let ours = hub(data).await?;
    let mut conn = data.pool.get().await?;
    let existing = Peer::find_by_host(&mut conn, &host).await?;
    // We asked them (or peer already): their follow-back is accepted at once. Otherwise
    // the configuration decides.
    let we_asked = existing
        .as_ref()
        .is_some_and(|p| matches!(p.state, peer::STATE_REQUESTED | peer::STATE_ACTIVE));
    let accept_now = we_asked || !data.config.peering.manual_approval;
    let base = data.config.base_url();
    let manual = !accept_now;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let state = if accept_now {
                STATE_ACCEPTED
            } else {
                STATE_PENDING
            };
            FollowRow::upsert(conn, follow.id.as_str(), theirs.id, ours.id, state).await?;
            if !accept_now {
                let peer =
                    Peer::upsert(conn, &host, theirs.id, peer::STATE_AWAITING, &stored).await?;
                if !we_asked {
                    Peer::reset_backfill(conn, peer.id).await?;
                }
                return Ok(());
            }
            let accept = Answer::for_follow(AnswerKind::Accept, &Urls::new(&base), &ours, follow)?;
            outbox::queue(
                conn,
                accept.id.as_str(),
                &ours,
                &accept,
                vec![theirs.delivery_inbox().to_string()],
            )
            .await?;
            let mut peer =
                Peer::upsert(conn, &host, theirs.id, peer::STATE_REQUESTED, &stored).await?;
            if !we_asked {
                // A new peering (perhaps after an earlier one ended): read everything again.
                Peer::reset_backfill(conn, peer.id).await?;
                peer.backfill_state = peer::BACKFILL_NONE;
            }
            follow_hub(conn, &base, &ours, &theirs).await?;
            settle(conn, &peer, &ours, &theirs).await
        }
        .scope_boxed()
    })
    .await?;
    if manual {
        tracing::info!(peer = %follower.domain, "peering request awaits an admin");
    }
    data.backfill.wake();
    Ok(())
}

/// Moves a peer to `active` once both follows are accepted, and starts the backfill the
/// first time our follow of them is accepted.
async fn settle(conn: &mut DbConn, peer: &Peer, ours: &Actor, theirs: &Actor) -> AppResult<()> {
    let out = FollowRow::find_pair(conn, ours.id, theirs.id).await?;
    let inc = FollowRow::find_pair(conn, theirs.id, ours.id).await?;
    let out_ok = out.as_ref().is_some_and(FollowRow::is_accepted);
    let inc_ok = inc.as_ref().is_some_and(FollowRow::is_accepted);
    if out_ok && inc_ok && peer.state != peer::STATE_ACTIVE {
        Peer::set_state(conn, peer.id, peer::STATE_ACTIVE).await?;
    }
    if out_ok && peer.backfill_state == peer::BACKFILL_NONE {
        if let (_, Some(items)) = profile::parse_stored(&peer.profile) {
            Peer::start_backfill(conn, peer.id, &items).await?;
        }
    }
    Ok(())
}

/// The other hub accepted our instance actor's follow.
pub async fn follow_accepted(data: &Ctx, row: &FollowRow) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let (Some(ours), Some(theirs)) = (
        Actor::find(&mut conn, row.follower_id).await?,
        Actor::find(&mut conn, row.followee_id).await?,
    ) else {
        return Ok(());
    };
    if !(ours.is_local && ours.kind == "Application") {
        return Ok(());
    }
    let Some(peer) = Peer::find_by_host(&mut conn, &theirs.domain).await? else {
        return Ok(());
    };
    settle(&mut conn, &peer, &ours, &theirs).await?;
    data.backfill.wake();
    Ok(())
}

/// A follow between our instance actor and a peer's was undone or refused: the peering is
/// over (either side may end it).
pub async fn follow_ended(data: &Ctx, row: &FollowRow) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    for id in [row.follower_id, row.followee_id] {
        if let Some(actor) = Actor::find(&mut conn, id).await? {
            if !actor.is_local && actor.kind == "Application" {
                if let Some(peer) = Peer::find_by_host(&mut conn, &actor.domain).await? {
                    Peer::set_state(&mut conn, peer.id, peer::STATE_ENDED).await?;
                    tracing::info!(peer = %peer.host, "peering ended by the other hub");
                }
            }
        }
    }
    Ok(())
}

async fn peer_and_actors(data: &Ctx, host: &str) -> AppResult<(Peer, Actor, Actor)> {
    let mut conn = data.pool.get().await?;
    let peer = Peer::find_by_host(&mut conn, host)
        .await?
        .ok_or(AppError::NotFound)?;
    let theirs = match peer.actor_id {
        Some(id) => Actor::find(&mut conn, id).await?,
        None => None,
    }
    .ok_or(AppError::NotFound)?;
    drop(conn);
    Ok((peer, hub(data).await?, theirs))
}

/// An admin accepts a hub's request to peer (manual approval); we follow it back.
pub async fn approve(data: &Ctx, user: &User, host: &str) -> AppResult<()> {
    require_admin(user)?;
    let (peer, ours, theirs) = peer_and_actors(data, host).await?;
    let mut conn = data.pool.get().await?;
    let request = FollowRow::find_pair(&mut conn, theirs.id, ours.id)
        .await?
        .filter(|f| !f.is_accepted())
        .ok_or(AppError::NotFound)?;
    drop(conn);
    crate::services::follows::accept_request_as(data, ours.clone(), request.id).await?;
    let base = data.config.base_url();
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            Peer::set_state(conn, peer.id, peer::STATE_REQUESTED).await?;
            follow_hub(conn, &base, &ours, &theirs).await?;
            settle(conn, &peer, &ours, &theirs).await
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// An admin refuses a hub's request to peer.
pub async fn reject(data: &Ctx, user: &User, host: &str) -> AppResult<()> {
    require_admin(user)?;
    let (peer, ours, theirs) = peer_and_actors(data, host).await?;
    let mut conn = data.pool.get().await?;
    let request = FollowRow::find_pair(&mut conn, theirs.id, ours.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Peer::set_state(&mut conn, peer.id, peer::STATE_ENDED).await?;
    drop(conn);
    crate::services::follows::reject_request_as(data, ours, request.id).await
}

/// An admin ends a peering: our follow is undone, theirs refused, so nothing flows either
/// way; with `remove_entries`, what we hold from that hub goes too.
pub async fn unpeer(data: &Ctx, user: &User, host: &str, remove_entries: bool) -> AppResult<()> {
    require_admin(user)?;
    let (peer, ours, theirs) = peer_and_actors(data, host).await?;
    let base = data.config.base_url();
    let host = peer.host.clone();
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let urls = Urls::new(&base);
            let inbox = vec![theirs.delivery_inbox().to_string()];
            if let Some(out) = FollowRow::find_pair(conn, ours.id, theirs.id).await? {
                let undo = Undo::for_follow(&urls, &ours, Follow::from_row(&out, &ours, &theirs)?)?;
                outbox::queue(conn, undo.id.as_str(), &ours, &undo, inbox.clone()).await?;
                FollowRow::delete(conn, out.id).await?;
            }
            if let Some(inc) = FollowRow::find_pair(conn, theirs.id, ours.id).await? {
                let reject = Answer::for_follow(
                    AnswerKind::Reject,
                    &urls,
                    &ours,
                    Follow::from_row(&inc, &theirs, &ours)?,
                )?;
                outbox::queue(conn, reject.id.as_str(), &ours, &reject, inbox).await?;
                FollowRow::delete(conn, inc.id).await?;
            }
            Peer::set_state(conn, peer.id, peer::STATE_ENDED).await?;
            Peer::reset_backfill(conn, peer.id).await?;
            if remove_entries {
                remove_items_of(conn, &host).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// An admin reads a peer's items again from the start (after an outage, say).
pub async fn resync(data: &Ctx, user: &User, host: &str) -> AppResult<()> {
    require_admin(user)?;
    let (peer, _, _) = peer_and_actors(data, host).await?;
    if !peer.is_active() {
        return Err(AppError::Validation("peering-error-not-active"));
    }
    let (_, items) = profile::parse_stored(&peer.profile);
    let items = items.ok_or(AppError::Validation("peering-error-not-a-hub"))?;
    let mut conn = data.pool.get().await?;
    Peer::start_backfill(&mut conn, peer.id, &items).await?;
    data.backfill.wake();
    Ok(())
}

/// Removes the projects, organisations, communities and events we hold from `host`.
async fn remove_items_of(conn: &mut DbConn, host: &str) -> AppResult<()> {
    for id in Peer::event_ids_of_host(conn, host).await? {
        Event::delete(conn, id).await?;
    }
    for id in Peer::item_actor_ids(conn, host).await? {
        if let Some(actor) = Actor::find(conn, id).await? {
            forget_actor(conn, &actor, false).await?;
        }
    }
    tracing::info!(peer = host, "items of a former peer removed");
    Ok(())
}

/// A remote item actor leaves the directory (and the community list) with its events;
/// `gone` (deleted at its origin) also ends every follow of it.
pub async fn forget_actor(conn: &mut DbConn, actor: &Actor, gone: bool) -> AppResult<()> {
    if actor.is_local {
        return Ok(());
    }
    if DirectoryEntry::find(conn, actor.id).await?.is_some() {
        DirectoryEntry::delete(conn, actor.id).await?;
    }
    crate::db::models::replication::Replication::delete_all(conn, actor.id).await?;
    Community::delete(conn, actor.id).await?;
    for event in Event::of_organizer(conn, actor.id).await? {
        Event::delete(conn, event.id).await?;
    }
    for call in crate::db::models::funding_call::FundingCall::of_publisher(conn, actor.id).await? {
        crate::db::models::funding_call::FundingCall::delete(conn, call.id).await?;
    }
    for resource in crate::db::models::resource::Resource::of_publisher(conn, actor.id).await? {
        crate::db::models::resource::Resource::delete(conn, resource.id).await?;
    }
    if gone {
        FollowRow::delete_all(conn, actor.id).await?;
    }
    Ok(())
}
