//! What the admin page and the "federation at a glance" page show of our peers.

use crate::db::models::host::Host;
use crate::db::models::peer::{self, ItemCounts, Peer};
use crate::error::AppResult;
use crate::federation::peering::profile;
use crate::services::instance::HubProfile;
use crate::state::Ctx;
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};

/// How deliveries to a peer are going.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerHealth {
    pub consecutive_failures: i32,
    pub last_success_at: Option<NaiveDateTime>,
    pub last_failure_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub unavailable: bool,
    pub pending_deliveries: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeerView {
    pub host: String,
    /// The hub's name, or its host when it has not told us one.
    pub name: String,
    pub profile: HubProfile,
    pub state: crate::db::models::peer::PeerState,
    pub counts: ItemCounts,
    pub last_contact_at: Option<NaiveDateTime>,
    pub health: PeerHealth,
    pub backfill_state: crate::db::models::peer::BackfillState,
    pub backfill_items: i32,
    pub backfill_error: Option<String>,
}

/// Every peer, active or not, by host.
pub async fn list(data: &Ctx) -> AppResult<Vec<PeerView>> {
    let mut conn = data.pool.get().await?;
    let peers = Peer::all(&mut conn).await?;
    let counts = Peer::item_counts(&mut conn).await?;
    let pending = peer::pending_deliveries(&mut conn).await?;
    let mut views = Vec::with_capacity(peers.len());
    refresh_stale_profiles(data, &mut conn, &peers).await?;
    for p in peers {
        let host = Host::get(&mut conn, &p.host).await?;
        let (profile, _) = profile::parse_stored(&p.profile);
        let name = if profile.name.trim().is_empty() {
            p.host.clone()
        } else {
            profile.name.clone()
        };
        views.push(PeerView {
            name,
            profile,
            state: p.state,
            counts: counts.get(&p.host).cloned().unwrap_or_default(),
            last_contact_at: p.last_contact_at,
            health: PeerHealth {
                consecutive_failures: host.consecutive_failures,
                last_success_at: host.last_success_at,
                last_failure_at: host.last_failure_at,
                last_error: host.last_error.clone(),
                unavailable: host.unavailable,
                pending_deliveries: pending.get(&p.host).copied().unwrap_or(0),
            },
            backfill_state: p.backfill_state,
            backfill_items: p.backfill_items,
            backfill_error: p.backfill_error.clone(),
            host: p.host,
        });
    }
    Ok(views)
}

/// An active peer as the home page names it.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerName {
    pub host: String,
    pub name: String,
    pub country: String,
}

/// The active peers by name, for pages that show who we peer with but not what they hold
/// (counting every remote item, as [`list`] does, is for the admin and federation pages).
pub async fn active_names(data: &Ctx) -> AppResult<Vec<PeerName>> {
    let mut conn = data.pool.get().await?;
    let peers: Vec<Peer> = Peer::all(&mut conn)
        .await?
        .into_iter()
        .filter(|p| p.state == peer::STATE_ACTIVE)
        .collect();
    refresh_stale_profiles(data, &mut conn, &peers).await?;
    Ok(peers
        .into_iter()
        .map(|p| {
            let (profile, _) = profile::parse_stored(&p.profile);
            let name = if profile.name.trim().is_empty() {
                p.host.clone()
            } else {
                profile.name
            };
            PeerName {
                host: p.host,
                name,
                country: profile.country,
            }
        })
        .collect())
}

/// A peer's profile is kept from its instance actor, which it sends again when it changes.
/// One not heard of for a day is read again in the background when shown, so a missed
/// Update corrects itself; this showing uses the stored one.
const PROFILE_MAX_AGE_HOURS: i64 = 24;

async fn refresh_stale_profiles(
    data: &Ctx,
    conn: &mut crate::db::DbConn,
    peers: &[Peer],
) -> AppResult<()> {
    use crate::db::models::actor::Actor;
    let ids: Vec<i64> = peers.iter().filter_map(|p| p.actor_id).collect();
    let cutoff = crate::db::now() - chrono::Duration::hours(PROFILE_MAX_AGE_HOURS);
    for actor in Actor::find_many(conn, &ids).await? {
        if actor.is_local || actor.last_refreshed_at > cutoff {
            continue;
        }
        let data = data.reset_request_count();
        let id = actor.ap_id.0.clone();
        tokio::spawn(async move {
            let object = activitypub_federation::fetch::object_id::ObjectId::<Actor>::from(id);
            if let Err(e) = object.dereference_forced(&data).await {
                tracing::info!(actor = %object, error = %e, "peer profile not refreshed");
            }
        });
    }
    Ok(())
}

/// The hubs of one country (this hub included) and the items they hold.
#[derive(Debug, Clone, PartialEq)]
pub struct CountrySummary {
    /// ISO 3166-1 alpha-2, or "" for hubs that did not say.
    pub country: String,
    pub hubs: Vec<String>,
    pub counts: ItemCounts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Glance {
    pub this_hub: HubProfile,
    pub peers: Vec<PeerView>,
    pub countries: Vec<CountrySummary>,
}

/// This hub and its active peers, grouped by country, most items first.
pub async fn glance(data: &Ctx) -> AppResult<Glance> {
    let this_hub = crate::services::instance::hub_profile(data).await?;
    let peers: Vec<PeerView> = list(data)
        .await?
        .into_iter()
        .filter(|p| p.state == peer::STATE_ACTIVE)
        .collect();
    let mut conn = data.pool.get().await?;
    let own = peer::local_item_counts(&mut conn).await?;
    let mut by_country: BTreeMap<String, CountrySummary> = BTreeMap::new();
    let mut add = |country: &str, name: &str, counts: &ItemCounts| {
        let entry = by_country
            .entry(country.to_string())
            .or_insert_with(|| CountrySummary {
                country: country.to_string(),
                hubs: vec![],
                counts: ItemCounts::default(),
            });
        entry.hubs.push(name.to_string());
        entry.counts.projects += counts.projects;
        entry.counts.organisations += counts.organisations;
        entry.counts.events += counts.events;
        entry.counts.communities += counts.communities;
    };
    add(&this_hub.country, &this_hub.name, &own);
    for p in &peers {
        add(&p.profile.country, &p.name, &p.counts);
    }
    let mut countries: Vec<CountrySummary> = by_country.into_values().collect();
    countries.sort_by(|a, b| {
        b.counts
            .total()
            .cmp(&a.counts.total())
            .then(a.country.cmp(&b.country))
    });
    Ok(Glance {
        this_hub,
        peers,
        countries,
    })
}

/// host → hub name, for showing where a remote item comes from.
pub async fn origin_names(data: &Ctx) -> AppResult<HashMap<String, String>> {
    let mut conn = data.pool.get().await?;
    Ok(Peer::all(&mut conn)
        .await?
        .into_iter()
        .filter_map(|p| {
            let (profile, _) = profile::parse_stored(&p.profile);
            (!profile.name.trim().is_empty()).then_some((p.host, profile.name))
        })
        .collect())
}
