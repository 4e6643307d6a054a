//! The public items a hub offers its peers (`/actor/items`): its projects, organisations,
//! communities, events, funding calls and knowledge resources, and in relay mode those of its peers. Read in keyset order
//! (by row id), so that pages stay stable while items are added and a reader can resume.

use crate::db::schema::{actors, communities, directory_entries, events, funding_calls, resources};
use crate::db::{db_run, DbConn, DbResult};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// The sections of the collection, read one after the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Entries,
    Communities,
    Events,
    Calls,
    Resources,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Entries,
        Section::Communities,
        Section::Events,
        Section::Calls,
        Section::Resources,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Entries => "entries",
            Section::Communities => "communities",
            Section::Events => "events",
            Section::Calls => "calls",
            Section::Resources => "resources",
        }
    }

    pub fn parse(raw: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn next(self) -> Option<Section> {
        match self {
            Section::Entries => Some(Section::Communities),
            Section::Communities => Some(Section::Events),
            Section::Events => Some(Section::Calls),
            Section::Calls => Some(Section::Resources),
            Section::Resources => None,
        }
    }
}

/// Up to `limit` ids (actor ids for entries and communities, row ids for events and calls) after
/// `after`, with whether each is local. `relayed` are the peer hosts whose items are
/// included too (empty unless in relay mode).
pub async fn page(
    conn: &mut DbConn,
    section: Section,
    after: i64,
    limit: i64,
    relayed: &[String],
) -> DbResult<Vec<(i64, bool)>> {
    let relayed = relayed.to_vec();
    Ok(match section {
        Section::Entries => db_run!(conn, |c| directory_entries::table
            .inner_join(actors::table)
            .filter(
                actors::is_local
                    .eq(true)
                    .or(actors::domain.eq_any(relayed.clone()))
            )
            .filter(actors::id.gt(after))
            .order(actors::id.asc())
            .limit(limit)
            .select((actors::id, actors::is_local))
            .load(c)
            .await)?,
        Section::Communities => db_run!(conn, |c| communities::table
            .inner_join(actors::table)
            .filter(
                actors::is_local
                    .eq(true)
                    .or(actors::domain.eq_any(relayed.clone()))
            )
            .filter(actors::id.gt(after))
            .order(actors::id.asc())
            .limit(limit)
            .select((actors::id, actors::is_local))
            .load(c)
            .await)?,
        Section::Events => db_run!(conn, |c| events::table
            .inner_join(actors::table.on(actors::id.eq(events::organizer_id)))
            .filter(
                events::is_local
                    .eq(true)
                    .or(actors::domain.eq_any(relayed.clone()))
            )
            .filter(events::id.gt(after))
            .order(events::id.asc())
            .limit(limit)
            .select((events::id, events::is_local))
            .load(c)
            .await)?,
        Section::Calls => db_run!(conn, |c| funding_calls::table
            .inner_join(actors::table.on(actors::id.eq(funding_calls::publisher_id)))
            .filter(
                funding_calls::is_local
                    .eq(true)
                    .or(actors::domain.eq_any(relayed.clone()))
            )
            .filter(funding_calls::id.gt(after))
            .order(funding_calls::id.asc())
            .limit(limit)
            .select((funding_calls::id, funding_calls::is_local))
            .load(c)
            .await)?,
        Section::Resources => db_run!(conn, |c| resources::table
            .inner_join(actors::table.on(actors::id.eq(resources::publisher_id)))
            .filter(
                resources::is_local
                    .eq(true)
                    .or(actors::domain.eq_any(relayed.clone()))
            )
            .filter(resources::id.gt(after))
            .order(resources::id.asc())
            .limit(limit)
            .select((resources::id, resources::is_local))
            .load(c)
            .await)?,
    })
}

/// How many items the collection holds.
pub async fn count(conn: &mut DbConn, relayed: &[String]) -> DbResult<i64> {
    let relayed = relayed.to_vec();
    let entries: i64 = db_run!(conn, |c| directory_entries::table
        .inner_join(actors::table)
        .filter(
            actors::is_local
                .eq(true)
                .or(actors::domain.eq_any(relayed.clone()))
        )
        .count()
        .get_result(c)
        .await)?;
    let groups: i64 = db_run!(conn, |c| communities::table
        .inner_join(actors::table)
        .filter(
            actors::is_local
                .eq(true)
                .or(actors::domain.eq_any(relayed.clone()))
        )
        .count()
        .get_result(c)
        .await)?;
    let evs: i64 = db_run!(conn, |c| events::table
        .inner_join(actors::table.on(actors::id.eq(events::organizer_id)))
        .filter(
            events::is_local
                .eq(true)
                .or(actors::domain.eq_any(relayed.clone()))
        )
        .count()
        .get_result(c)
        .await)?;
    let calls: i64 = db_run!(conn, |c| funding_calls::table
        .inner_join(actors::table.on(actors::id.eq(funding_calls::publisher_id)))
        .filter(
            funding_calls::is_local
                .eq(true)
                .or(actors::domain.eq_any(relayed.clone()))
        )
        .count()
        .get_result(c)
        .await)?;
    let library: i64 = db_run!(conn, |c| resources::table
        .inner_join(actors::table.on(actors::id.eq(resources::publisher_id)))
        .filter(
            resources::is_local
                .eq(true)
                .or(actors::domain.eq_any(relayed.clone()))
        )
        .count()
        .get_result(c)
        .await)?;
    Ok(entries + groups + evs + calls + library)
}

/// The last change applied to an item received from a peer hub.
pub async fn version(
    conn: &mut DbConn,
    object_id: &str,
) -> DbResult<Option<(chrono::NaiveDateTime, bool)>> {
    use crate::db::schema::hub_item_versions as v;
    Ok(db_run!(conn, |c| v::table
        .find(object_id)
        .select((v::changed_at, v::deleted))
        .first(c)
        .await
        .optional())?)
}

/// Records the change just applied.
pub async fn set_version(
    conn: &mut DbConn,
    object_id: &str,
    changed_at: chrono::NaiveDateTime,
    deleted: bool,
) -> DbResult<()> {
    use crate::db::schema::hub_item_versions as v;
    db_run!(conn, |c| diesel::insert_into(v::table)
        .values((
            v::object_id.eq(object_id),
            v::changed_at.eq(changed_at),
            v::deleted.eq(deleted),
        ))
        .on_conflict(v::object_id)
        .do_update()
        .set((v::changed_at.eq(changed_at), v::deleted.eq(deleted)))
        .execute(c)
        .await)?;
    Ok(())
}
