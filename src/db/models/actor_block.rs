//! A member's blocks and mutes of accounts, and blocks of whole domains.

use crate::db::schema::{actor_blocks, actor_domain_blocks, actors};
use crate::db::{db_run, DbConn, DbResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const KIND_BLOCK: &str = "block";
pub const KIND_MUTE: &str = "mute";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = actor_blocks)]
pub struct ActorBlock {
    pub id: i64,
    pub actor_id: i64,
    pub target_id: i64,
    pub kind: String,
    pub ap_id: Option<String>,
    pub created_at: NaiveDateTime,
}

impl ActorBlock {
    /// Adds a block or mute; false when it was there already.
    pub async fn add(
        conn: &mut DbConn,
        actor_id: i64,
        target_id: i64,
        kind: &str,
        ap_id: Option<&str>,
    ) -> DbResult<bool> {
        let now = crate::db::now();
        let n = db_run!(conn, |c| diesel::insert_into(actor_blocks::table)
            .values((
                actor_blocks::actor_id.eq(actor_id),
                actor_blocks::target_id.eq(target_id),
                actor_blocks::kind.eq(kind),
                actor_blocks::ap_id.eq(ap_id),
                actor_blocks::created_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(c)
            .await)?;
        Ok(n > 0)
    }

    /// Removes a block or mute; the removed row.
    pub async fn remove(
        conn: &mut DbConn,
        actor_id: i64,
        target_id: i64,
        kind: &str,
    ) -> DbResult<Option<ActorBlock>> {
        Ok(db_run!(conn, |c| diesel::delete(
            actor_blocks::table
                .filter(actor_blocks::actor_id.eq(actor_id))
                .filter(actor_blocks::target_id.eq(target_id))
                .filter(actor_blocks::kind.eq(kind))
        )
        .returning(ActorBlock::as_returning())
        .get_result(c)
        .await
        .optional())?)
    }

    pub async fn of(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<ActorBlock>> {
        Ok(db_run!(conn, |c| actor_blocks::table
            .filter(actor_blocks::actor_id.eq(actor_id))
            .order(actor_blocks::id.desc())
            .select(ActorBlock::as_select())
            .load(c)
            .await)?)
    }

    /// Whether `owner` blocked `other` (kind block), by account or by `other`'s domain.
    pub async fn blocks(conn: &mut DbConn, owner: i64, other: i64) -> DbResult<bool> {
        let by_account: i64 = db_run!(conn, |c| actor_blocks::table
            .filter(actor_blocks::actor_id.eq(owner))
            .filter(actor_blocks::target_id.eq(other))
            .filter(actor_blocks::kind.eq(KIND_BLOCK))
            .count()
            .get_result(c)
            .await)?;
        if by_account > 0 {
            return Ok(true);
        }
        let domain: Option<String> = db_run!(conn, |c| actors::table
            .find(other)
            .filter(actors::is_local.eq(false))
            .select(actors::domain)
            .first(c)
            .await
            .optional())?;
        let Some(domain) = domain else {
            return Ok(false);
        };
        let blocked = ActorDomainBlock::of(conn, owner).await?;
        Ok(blocked
            .iter()
            .any(|d| crate::domains::covers(&d.domain, &domain)))
    }

    /// The accounts `owner` blocked or muted (either hides them from `owner`).
    pub async fn hidden_from(conn: &mut DbConn, owner: i64) -> DbResult<Vec<i64>> {
        Ok(db_run!(conn, |c| actor_blocks::table
            .filter(actor_blocks::actor_id.eq(owner))
            .select(actor_blocks::target_id)
            .load(c)
            .await)?)
    }
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = actor_domain_blocks)]
pub struct ActorDomainBlock {
    pub actor_id: i64,
    pub domain: String,
    pub created_at: NaiveDateTime,
}

impl ActorDomainBlock {
    pub async fn add(conn: &mut DbConn, actor_id: i64, domain: &str) -> DbResult<bool> {
        let now = crate::db::now();
        let n = db_run!(conn, |c| diesel::insert_into(actor_domain_blocks::table)
            .values((
                actor_domain_blocks::actor_id.eq(actor_id),
                actor_domain_blocks::domain.eq(domain),
                actor_domain_blocks::created_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(c)
            .await)?;
        Ok(n > 0)
    }

    pub async fn remove(conn: &mut DbConn, actor_id: i64, domain: &str) -> DbResult<bool> {
        let n = db_run!(conn, |c| diesel::delete(
            actor_domain_blocks::table
                .filter(actor_domain_blocks::actor_id.eq(actor_id))
                .filter(actor_domain_blocks::domain.eq(domain))
        )
        .execute(c)
        .await)?;
        Ok(n > 0)
    }

    pub async fn of(conn: &mut DbConn, actor_id: i64) -> DbResult<Vec<ActorDomainBlock>> {
        Ok(db_run!(conn, |c| actor_domain_blocks::table
            .filter(actor_domain_blocks::actor_id.eq(actor_id))
            .order(actor_domain_blocks::domain.asc())
            .select(ActorDomainBlock::as_select())
            .load(c)
            .await)?)
    }
}
