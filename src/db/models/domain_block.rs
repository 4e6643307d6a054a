//! Domain blocks, the allow-list, block-list subscriptions and the blocks they (and peer
//! hubs) suggest. The rules in memory are built from these rows (`crate::domains`).

use crate::db::schema::{
    actors, blocklist_subscriptions, domain_allows, domain_block_suggestions, domain_blocks,
};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = domain_blocks)]
pub struct DomainBlock {
    pub id: i64,
    pub domain: String,
    pub severity: String,
    pub reject_media: bool,
    pub reject_reports: bool,
    pub public_comment: String,
    pub private_comment: String,
    pub obfuscate: bool,
    /// Empty when an admin made the block; else the subscription URL that brought it.
    pub source: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A block as written (new or replacing the one on the same domain).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = domain_blocks)]
pub struct DomainBlockForm {
    pub domain: String,
    pub severity: String,
    pub reject_media: bool,
    pub reject_reports: bool,
    pub public_comment: String,
    pub private_comment: String,
    pub obfuscate: bool,
    pub source: String,
}

impl DomainBlock {
    pub async fn all(conn: &mut DbConn) -> DbResult<Vec<DomainBlock>> {
        Ok(db_run!(conn, |c| domain_blocks::table
            .order(domain_blocks::domain.asc())
            .select(DomainBlock::as_select())
            .load(c)
            .await)?)
    }

    pub async fn find_by_domain(conn: &mut DbConn, domain: &str) -> DbResult<Option<DomainBlock>> {
        Ok(db_run!(conn, |c| domain_blocks::table
            .filter(domain_blocks::domain.eq(domain))
            .select(DomainBlock::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Writes the block on `form.domain`, replacing the one there; the previous row, if any.
    pub async fn save(
        conn: &mut DbConn,
        form: &DomainBlockForm,
    ) -> DbResult<(DomainBlock, Option<DomainBlock>)> {
        let before = DomainBlock::find_by_domain(conn, &form.domain).await?;
        let now = crate::db::now();
        let row = db_run!(conn, |c| diesel::insert_into(domain_blocks::table)
            .values((
                form,
                domain_blocks::created_at.eq(now),
                domain_blocks::updated_at.eq(now),
            ))
            .on_conflict(domain_blocks::domain)
            .do_update()
            .set((form, domain_blocks::updated_at.eq(now)))
            .returning(DomainBlock::as_returning())
            .get_result(c)
            .await)?;
        Ok((row, before))
    }

    /// Removes the block on `domain`; the removed row.
    pub async fn delete(conn: &mut DbConn, domain: &str) -> DbResult<Option<DomainBlock>> {
        let before = DomainBlock::find_by_domain(conn, domain).await?;
        db_run!(conn, |c| diesel::delete(
            domain_blocks::table.filter(domain_blocks::domain.eq(domain))
        )
        .execute(c)
        .await)?;
        Ok(before)
    }

    /// The blocks a subscription brought.
    pub async fn from_source(conn: &mut DbConn, source: &str) -> DbResult<Vec<DomainBlock>> {
        Ok(db_run!(conn, |c| domain_blocks::table
            .filter(domain_blocks::source.eq(source))
            .select(DomainBlock::as_select())
            .load(c)
            .await)?)
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = domain_allows)]
pub struct DomainAllow {
    pub domain: String,
    pub comment: String,
    pub created_at: NaiveDateTime,
}

impl DomainAllow {
    pub async fn all(conn: &mut DbConn) -> DbResult<Vec<DomainAllow>> {
        Ok(db_run!(conn, |c| domain_allows::table
            .order(domain_allows::domain.asc())
            .select(DomainAllow::as_select())
            .load(c)
            .await)?)
    }

    pub async fn add(conn: &mut DbConn, domain: &str, comment: &str) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::insert_into(domain_allows::table)
            .values((
                domain_allows::domain.eq(domain),
                domain_allows::comment.eq(comment),
                domain_allows::created_at.eq(now),
            ))
            .on_conflict(domain_allows::domain)
            .do_update()
            .set(domain_allows::comment.eq(comment))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn remove(conn: &mut DbConn, domain: &str) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::delete(
            domain_allows::table.filter(domain_allows::domain.eq(domain))
        )
        .execute(c)
        .await)?;
        Ok(n > 0)
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = blocklist_subscriptions)]
pub struct BlocklistSubscription {
    pub id: i64,
    pub url: String,
    /// New entries are applied at once; else held for review as suggestions.
    pub auto_apply: bool,
    pub last_fetched_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub entries: i32,
    pub created_at: NaiveDateTime,
}

impl BlocklistSubscription {
    pub async fn all(conn: &mut DbConn) -> DbResult<Vec<BlocklistSubscription>> {
        Ok(db_run!(conn, |c| blocklist_subscriptions::table
            .order(blocklist_subscriptions::id.asc())
            .select(BlocklistSubscription::as_select())
            .load(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<BlocklistSubscription>> {
        Ok(db_run!(conn, |c| blocklist_subscriptions::table
            .find(id)
            .select(BlocklistSubscription::as_select())
            .first(c)
            .await
            .optional())?)
    }

    pub async fn insert(
        conn: &mut DbConn,
        url: &str,
        auto_apply: bool,
    ) -> DbResult<BlocklistSubscription> {
        let now = crate::db::now();
        Ok(db_run!(conn, |c| diesel::insert_into(
            blocklist_subscriptions::table
        )
        .values((
            blocklist_subscriptions::url.eq(url),
            blocklist_subscriptions::auto_apply.eq(auto_apply),
            blocklist_subscriptions::created_at.eq(now),
        ))
        .returning(BlocklistSubscription::as_returning())
        .get_result(c)
        .await)?)
    }

    pub async fn delete(conn: &mut DbConn, id: i64) -> DbResult<()> {
        db_run!(conn, |c| diesel::delete(
            blocklist_subscriptions::table.find(id)
        )
        .execute(c)
        .await)?;
        Ok(())
    }

    /// Records the outcome of a fetch: the number of entries read, or the error.
    pub async fn record(
        conn: &mut DbConn,
        id: i64,
        entries: Option<i32>,
        error: Option<&str>,
    ) -> DbResult<()> {
        let now = crate::db::now();
        db_run!(conn, |c| diesel::update(
            blocklist_subscriptions::table.find(id)
        )
        .set((
            blocklist_subscriptions::last_fetched_at.eq(now),
            blocklist_subscriptions::last_error.eq(error),
        ))
        .execute(c)
        .await)?;
        if let Some(n) = entries {
            db_run!(conn, |c| diesel::update(
                blocklist_subscriptions::table.find(id)
            )
            .set(blocklist_subscriptions::entries.eq(n))
            .execute(c)
            .await)?;
        }
        Ok(())
    }
}

/// A block proposed by a subscription held for review, or by a peer hub.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = domain_block_suggestions)]
pub struct BlockSuggestion {
    pub id: i64,
    pub domain: String,
    pub severity: String,
    pub reject_media: bool,
    pub reject_reports: bool,
    pub public_comment: String,
    pub source: String,
    pub state: String,
    pub created_at: NaiveDateTime,
}

pub const SUGGESTION_PENDING: &str = "pending";
pub const SUGGESTION_APPLIED: &str = "applied";
pub const SUGGESTION_DISMISSED: &str = "dismissed";

impl BlockSuggestion {
    /// Records a suggestion; one already made by the same source is refreshed but keeps
    /// its state (a dismissed one stays dismissed). Whether it is new.
    pub async fn propose(
        conn: &mut DbConn,
        form: &DomainBlockForm,
        source: &str,
    ) -> DbResult<bool> {
        let now = crate::db::now();
        let n = db_run!(conn, |c| diesel::insert_into(
            domain_block_suggestions::table
        )
        .values((
            domain_block_suggestions::domain.eq(&form.domain),
            domain_block_suggestions::severity.eq(&form.severity),
            domain_block_suggestions::reject_media.eq(form.reject_media),
            domain_block_suggestions::reject_reports.eq(form.reject_reports),
            domain_block_suggestions::public_comment.eq(&form.public_comment),
            domain_block_suggestions::source.eq(source),
            domain_block_suggestions::state.eq(SUGGESTION_PENDING),
            domain_block_suggestions::created_at.eq(now),
        ))
        .on_conflict((
            domain_block_suggestions::domain,
            domain_block_suggestions::source
        ))
        .do_nothing()
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    pub async fn pending(conn: &mut DbConn) -> DbResult<Vec<BlockSuggestion>> {
        Ok(db_run!(conn, |c| domain_block_suggestions::table
            .filter(domain_block_suggestions::state.eq(SUGGESTION_PENDING))
            .order(domain_block_suggestions::id.asc())
            .select(BlockSuggestion::as_select())
            .load(c)
            .await)?)
    }

    pub async fn find(conn: &mut DbConn, id: i64) -> DbResult<Option<BlockSuggestion>> {
        Ok(db_run!(conn, |c| domain_block_suggestions::table
            .find(id)
            .select(BlockSuggestion::as_select())
            .first(c)
            .await
            .optional())?)
    }

    /// Moves a pending suggestion to `state`; false when it was no longer pending.
    pub async fn settle(conn: &mut DbConn, id: i64, state: &str) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::update(
            domain_block_suggestions::table
                .find(id)
                .filter(domain_block_suggestions::state.eq(SUGGESTION_PENDING))
        )
        .set(domain_block_suggestions::state.eq(state))
        .execute(c)
        .await)?;
        Ok(n > 0)
    }
}

/// The remote domains (`host[:port]` as stored on actors) we hold actors of.
pub async fn known_domains(conn: &mut DbConn) -> DbResult<Vec<String>> {
    Ok(db_run!(conn, |c| actors::table
        .filter(actors::is_local.eq(false))
        .select(actors::domain)
        .distinct()
        .load(c)
        .await)?)
}

/// Sets `domain_limited` on the actors of exactly `limited` (stored domains) and clears it
/// elsewhere; the directory's copy in memory hears of each entry that changed.
pub async fn set_limited_domains(conn: &mut DbConn, limited: &[String]) -> DbResult<()> {
    let now_limited: Vec<i64> = db_run!(conn, |c| diesel::update(
        actors::table
            .filter(actors::domain.eq_any(limited))
            .filter(actors::domain_limited.eq(false))
    )
    .set(actors::domain_limited.eq(true))
    .returning(actors::id)
    .get_results(c)
    .await)?;
    let no_longer: Vec<i64> = db_run!(conn, |c| diesel::update(
        actors::table
            .filter(actors::domain.ne_all(limited))
            .filter(actors::domain_limited.eq(true))
    )
    .set(actors::domain_limited.eq(false))
    .returning(actors::id)
    .get_results(c)
    .await)?;
    for id in now_limited.into_iter().chain(no_longer) {
        if crate::db::models::entry::DirectoryEntry::find(conn, id)
            .await?
            .is_some()
        {
            crate::db::models::directory_facets::log_change(conn, id).await?;
        }
    }
    Ok(())
}

/// The remote actors whose stored domain is one of `domains`.
pub async fn actors_on(conn: &mut DbConn, domains: &[String]) -> DbResult<Vec<i64>> {
    if domains.is_empty() {
        return Ok(Vec::new());
    }
    Ok(db_run!(conn, |c| actors::table
        .filter(actors::domain.eq_any(domains))
        .filter(actors::is_local.eq(false))
        .select(actors::id)
        .load(c)
        .await)?)
}

/// Removes what a remote actor of a suspended domain brought here: its follows (both ways),
/// its directory entry, events, posts (and, for a community, the posts in it), likes, boosts
/// and participations, and its search document; the counters it took part in are counted
/// again. The actor row stays, so that its id is not fetched anew.
pub async fn purge_remote_actor(conn: &mut DbConn, actor_id: i64) -> DbResult<()> {
    use crate::db::models::search_index::{self, Indexed};
    use crate::db::schema::{community_roles, participations, post_boosts, post_likes, posts};
    use diesel::sql_types::BigInt;
    crate::db::models::follow::Follow::delete_all(conn, actor_id).await?;
    if crate::db::models::entry::DirectoryEntry::find(conn, actor_id)
        .await?
        .is_some()
    {
        crate::db::models::entry::DirectoryEntry::delete(conn, actor_id).await?;
    }
    for event in crate::db::models::event::Event::of_organizer(conn, actor_id).await? {
        crate::db::models::event::Event::delete(conn, event.id).await?;
    }
    let post_ids: Vec<i64> = db_run!(conn, |c| posts::table
        .filter(
            posts::author_id
                .eq(actor_id)
                .or(posts::community_id.eq(actor_id))
        )
        .filter(posts::is_local.eq(false))
        .select(posts::id)
        .load(c)
        .await)?;
    for id in post_ids {
        crate::db::models::post::Post::delete(conn, id).await?;
    }
    let touched: Vec<i64> = db_run!(conn, |c| post_likes::table
        .filter(post_likes::actor_id.eq(actor_id))
        .select(post_likes::post_id)
        .union(
            post_boosts::table
                .filter(post_boosts::actor_id.eq(actor_id))
                .select(post_boosts::post_id)
        )
        .load(c)
        .await)?;
    db_run!(conn, |c| diesel::delete(
        post_likes::table.filter(post_likes::actor_id.eq(actor_id))
    )
    .execute(c)
    .await)?;
    db_run!(conn, |c| diesel::delete(
        post_boosts::table.filter(post_boosts::actor_id.eq(actor_id))
    )
    .execute(c)
    .await)?;
    for post in touched {
        let sql = "UPDATE posts SET \
            like_count = (SELECT COUNT(*) FROM post_likes WHERE post_likes.post_id = posts.id), \
            boost_count = (SELECT COUNT(*) FROM post_boosts WHERE post_boosts.post_id = posts.id) \
            WHERE id = ";
        match conn {
            DbConn::Sqlite(c) => {
                diesel::sql_query(format!("{sql}?"))
                    .bind::<BigInt, _>(post)
                    .execute(&mut **c)
                    .await?;
            }
            DbConn::Postgres(c) => {
                diesel::sql_query(format!("{sql}$1"))
                    .bind::<BigInt, _>(post)
                    .execute(&mut ***c)
                    .await?;
            }
        }
    }
    let events: Vec<i64> = db_run!(conn, |c| participations::table
        .filter(participations::actor_id.eq(actor_id))
        .select(participations::event_id)
        .load(c)
        .await)?;
    db_run!(conn, |c| diesel::delete(
        participations::table.filter(participations::actor_id.eq(actor_id))
    )
    .execute(c)
    .await)?;
    for event in events {
        use crate::db::models::participation::{Participation, STATE_ACCEPTED};
        let count = Participation::count(conn, event, STATE_ACCEPTED).await? as i32;
        crate::db::models::event::Event::set_participant_count(conn, event, count).await?;
    }
    db_run!(conn, |c| diesel::delete(
        community_roles::table.filter(community_roles::actor_id.eq(actor_id))
    )
    .execute(c)
    .await)?;
    search_index::remove(conn, Indexed::Actor, actor_id).await?;
    Ok(())
}
