//! Hubs we peer with: the state of the peering, the peer's hub profile as last seen, when it
//! last talked to us, and where the backfill of its items stands.

use crate::db::schema::{actors, communities, directory_entries, events, peers};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;

crate::text_enum! {
    /// Where a peering stands.
    pub enum PeerState ("peer state") {
        /// We asked to peer and wait for the other hub's Accept.
        Requested = "requested",
        /// The other hub asked; an admin here decides (manual approval).
        Awaiting = "awaiting",
        /// Both instance actors follow each other.
        Active = "active",
        /// Unpeered (by either side) or refused.
        Ended = "ended",
    }
}

crate::text_enum! {
    /// Where the backfill of a peer's items stands.
    pub enum BackfillState ("backfill state") {
        None = "none",
        Pending = "pending",
        Done = "done",
        Failed = "failed",
    }
}

// The names call sites have always used, now typed.
pub const STATE_REQUESTED: PeerState = PeerState::Requested;
pub const STATE_AWAITING: PeerState = PeerState::Awaiting;
pub const STATE_ACTIVE: PeerState = PeerState::Active;
pub const STATE_ENDED: PeerState = PeerState::Ended;

pub const BACKFILL_NONE: BackfillState = BackfillState::None;
pub const BACKFILL_PENDING: BackfillState = BackfillState::Pending;
pub const BACKFILL_DONE: BackfillState = BackfillState::Done;
pub const BACKFILL_FAILED: BackfillState = BackfillState::Failed;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = peers)]
pub struct Peer {
    pub id: i64,
    pub host: String,
    pub actor_id: Option<i64>,
    pub state: PeerState,
    /// The peer's hub profile as JSON (see `services::instance::HubProfile`).
    pub profile: String,
    pub last_contact_at: Option<NaiveDateTime>,
    pub backfill_state: BackfillState,
    pub backfill_next: Option<String>,
    pub backfill_items: i32,
    pub backfill_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// How many public items of one origin host we hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemCounts {
    pub projects: i64,
    pub organisations: i64,
    pub events: i64,
    pub communities: i64,
}

impl ItemCounts {
    pub fn total(&self) -> i64 {
        self.projects + self.organisations + self.events + self.communities
    }
}

impl Peer {
    pub fn is_active(&self) -> bool {
        self.state == STATE_ACTIVE
    }

    pub async fn find_by_host(conn: &mut DbConn, host: &str) -> DbResult<Option<Peer>> {
        Ok(db_run!(conn, |c| peers::table
            .filter(peers::host.eq(host))
            .select(Peer::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<Peer>> {
        Ok(db_run!(conn, |c| peers::table
            .find(id)
            .select(Peer::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Every peer ever recorded, by host.
    pub async fn all(conn: &mut DbConn) -> DbResult<Vec<Peer>> {
        Ok(db_run!(conn, |c| peers::table
            .order(peers::host.asc())
            .select(Peer::as_select())
            .load(c)
            .await)?)
    }

    /// Records a peer in `state`, or moves an existing one to it.
    pub async fn upsert(
        conn: &mut DbConn,
        host: &str,
        actor_id: i64,
        state: PeerState,
        profile: &str,
    ) -> DbResult<Peer> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(peers::table)
            .values((
                peers::host.eq(host),
                peers::actor_id.eq(Some(actor_id)),
                peers::state.eq(state),
                peers::profile.eq(profile),
                peers::created_at.eq(now),
                peers::updated_at.eq(now),
            ))
            .on_conflict(peers::host)
            .do_update()
            .set((
                peers::actor_id.eq(Some(actor_id)),
                peers::state.eq(state),
                peers::profile.eq(profile),
                peers::updated_at.eq(now),
            ))
            .returning(Peer::as_returning())
            .get_result(c)
            .await)?)
    }

    pub async fn set_state(conn: &mut DbConn, id: i64, state: PeerState) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(peers::table.find(id))
            .set((peers::state.eq(state), peers::updated_at.eq(now)))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Stores `profile` for `host` when `newer` says it is newer than the one held. A
    /// compare-and-swap on the held text: two Updates applied at once cannot leave the
    /// older profile in place. Returns whether it was stored.
    pub async fn set_profile_if_newer(
        conn: &mut DbConn,
        host: &str,
        profile: &str,
        newer: impl Fn(&str) -> bool,
    ) -> DbResult<bool> {
        // Each lost race means another profile was stored meanwhile; a few rounds settle it.
        for _ in 0..8 {
            let Some(held) = Self::find_by_host(conn, host).await? else {
                return Ok(false);
            };
            if !newer(&held.profile) {
                return Ok(false);
            }
            let swapped = db_run!(conn, |c| diesel::update(
                peers::table
                    .filter(peers::host.eq(host))
                    .filter(peers::profile.eq(&held.profile))
            )
            .set(peers::profile.eq(profile))
            .execute(c)
            .await)?;
            if swapped == 1 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Notes that `host` sent us something (no-op for a host we do not peer with).
    pub async fn touch(conn: &mut DbConn, host: &str) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(
            peers::table.filter(peers::host.eq(host))
        )
        .set(peers::last_contact_at.eq(Some(now)))
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Schedules a backfill starting at `first` (the peer's item collection).
    pub async fn start_backfill(conn: &mut DbConn, id: i64, first: &str) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(peers::table.find(id))
            .set((
                peers::backfill_state.eq(BACKFILL_PENDING),
                peers::backfill_next.eq(Some(first)),
                peers::backfill_items.eq(0),
                peers::backfill_error.eq(None::<String>),
                peers::updated_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Forgets the backfill (a peering that ended; the next one starts from scratch).
    pub async fn reset_backfill(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::update(peers::table.find(id))
            .set((
                peers::backfill_state.eq(BACKFILL_NONE),
                peers::backfill_next.eq(None::<String>),
                peers::backfill_items.eq(0),
                peers::backfill_error.eq(None::<String>),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Records one page done: where to go on (None: finished) and how many items it held.
    pub async fn backfill_advanced(
        conn: &mut DbConn,
        id: i64,
        next: Option<&str>,
        items: i32,
    ) -> DbResult<()> {
        let now = crate::db::now();
        let state = if next.is_some() {
            BACKFILL_PENDING
        } else {
            BACKFILL_DONE
        };
        db_run!(conn, |c| diesel::update(peers::table.find(id))
            .set((
                peers::backfill_state.eq(state),
                peers::backfill_next.eq(next),
                peers::backfill_items.eq(peers::backfill_items + items),
                peers::backfill_error.eq(None::<String>),
                peers::updated_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Records why the backfill stopped; `give_up` ends it, otherwise it is retried later.
    pub async fn backfill_failed(
        conn: &mut DbConn,
        id: i64,
        error: &str,
        give_up: bool,
    ) -> DbResult<()> {
        let now = crate::db::now();
        let state = if give_up {
            BACKFILL_FAILED
        } else {
            BACKFILL_PENDING
        };
        db_run!(conn, |c| diesel::update(peers::table.find(id))
            .set((
                peers::backfill_state.eq(state),
                peers::backfill_error.eq(Some(error)),
                peers::updated_at.eq(now),
            ))
            .execute(c)
            .await)?;
        Ok(())
    }

    /// Peers whose backfill has pages left to fetch.
    pub async fn pending_backfills(conn: &mut DbConn) -> DbResult<Vec<Peer>> {
        Ok(db_run!(conn, |c| peers::table
            .filter(peers::backfill_state.eq(BACKFILL_PENDING))
            .filter(peers::state.ne(STATE_ENDED))
            .order(peers::id.asc())
            .select(Peer::as_select())
            .load(c)
            .await)?)
    }

    /// Public items we hold, by origin host (remote items only).
    pub async fn item_counts(conn: &mut DbConn) -> DbResult<HashMap<String, ItemCounts>> {
        let entries: Vec<(String, String, i64)> = db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(actors::is_local.eq(false))
            .group_by((actors::domain, directory_entries::entry_kind))
            .select((
                actors::domain,
                directory_entries::entry_kind,
                diesel::dsl::count_star(),
            ))
            .load(c)
            .await)?;
        let event_rows: Vec<(String, i64)> = db_run!(conn, |c| events::table
            .inner_join(actors::table.on(actors::id.eq(events::organizer_id)))
            .filter(events::is_local.eq(false))
            .group_by(actors::domain)
            .select((actors::domain, diesel::dsl::count_star()))
            .load(c)
            .await)?;
        let community_rows: Vec<(String, i64)> = db_run!(conn, |c| communities::table
            .inner_join(actors::table)
            .filter(actors::is_local.eq(false))
            .group_by(actors::domain)
            .select((actors::domain, diesel::dsl::count_star()))
            .load(c)
            .await)?;
        let mut counts: HashMap<String, ItemCounts> = HashMap::new();
        for (host, kind, n) in entries {
            let c = counts.entry(host).or_default();
            if kind == crate::db::models::entry::KIND_PROJECT {
                c.projects += n;
            } else {
                c.organisations += n;
            }
        }
        for (host, n) in event_rows {
            counts.entry(host).or_default().events += n;
        }
        for (host, n) in community_rows {
            counts.entry(host).or_default().communities += n;
        }
        Ok(counts)
    }

    /// Ids of the remote actors of `host` that are directory entries or communities.
    pub async fn item_actor_ids(conn: &mut DbConn, host: &str) -> DbResult<Vec<i64>> {
        let mut ids: Vec<i64> = db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(actors::domain.eq(host))
            .filter(actors::is_local.eq(false))
            .select(actors::id)
            .load(c)
            .await)?;
        let more: Vec<i64> = db_run!(conn, |c| communities::table
            .inner_join(actors::table)
            .filter(actors::domain.eq(host))
            .filter(actors::is_local.eq(false))
            .select(actors::id)
            .load(c)
            .await)?;
        ids.extend(more);
        Ok(ids)
    }

    /// Ids of the events we keep that are organised on `host`.
    pub async fn event_ids_of_host(conn: &mut DbConn, host: &str) -> DbResult<Vec<i64>> {
        Ok(db_run!(conn, |c| events::table
            .inner_join(actors::table.on(actors::id.eq(events::organizer_id)))
            .filter(actors::domain.eq(host))
            .filter(events::is_local.eq(false))
            .select(events::id)
            .load(c)
            .await)?)
    }
}

/// Deliveries still to be made, by host (what "delivery health" shows beside failures).
pub async fn pending_deliveries(conn: &mut DbConn) -> DbResult<HashMap<String, i64>> {
    use crate::db::schema::deliveries;
    let rows: Vec<(String, i64)> = db_run!(conn, |c| deliveries::table
        .filter(deliveries::failed.eq(false))
        .group_by(deliveries::host)
        .select((deliveries::host, diesel::dsl::count_star()))
        .load(c)
        .await)?;
    Ok(rows.into_iter().collect())
}

/// This hub's own public items.
pub async fn local_item_counts(conn: &mut DbConn) -> DbResult<ItemCounts> {
    let entries: Vec<(String, i64)> = db_run!(conn, |c| directory_entries::table
        .inner_join(actors::table)
        .filter(actors::is_local.eq(true))
        .group_by(directory_entries::entry_kind)
        .select((directory_entries::entry_kind, diesel::dsl::count_star()))
        .load(c)
        .await)?;
    let events: i64 = db_run!(conn, |c| events::table
        .filter(events::is_local.eq(true))
        .count()
        .get_result(c)
        .await)?;
    let groups: i64 = db_run!(conn, |c| communities::table
        .inner_join(actors::table)
        .filter(actors::is_local.eq(true))
        .count()
        .get_result(c)
        .await)?;
    let mut counts = ItemCounts {
        events,
        communities: groups,
        ..Default::default()
    };
    for (kind, n) in entries {
        if kind == crate::db::models::entry::KIND_PROJECT {
            counts.projects += n;
        } else {
            counts.organisations += n;
        }
    }
    Ok(counts)
}
