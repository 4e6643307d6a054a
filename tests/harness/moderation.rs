//! Moderation through the services: domain blocks as an admin makes them, the rows a test
//! looks at (actors, follows, posts, reports, deliveries), and a count of everything an
//! activity from a blocked party could have changed.

// Not every binary sharing the harness (the benches) uses each of these.
#![allow(dead_code)]

use super::Hub;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use tessera::db::models::actor::Actor;
use tessera::db::models::domain_block::DomainBlock;
use tessera::db::models::follow::Follow;
use tessera::db::models::post::Post;
use tessera::db::models::report::Report;
use tessera::db::schema::{actors, deliveries, follows, posts, received_activities, reports};
use tessera::services::domain_blocks::{self, BlockInput};

pub fn block_input(domain: &str, severity: &str) -> BlockInput {
    BlockInput {
        domain: domain.into(),
        severity: severity.into(),
        ..Default::default()
    }
}

/// An admin's block of `domain` (any spelling) with `severity` (limit, suspend, noop).
pub async fn block(hub: &Hub, domain: &str, severity: &str) -> DomainBlock {
    domain_blocks::save(&hub.ctx, None, &block_input(domain, severity), "")
        .await
        .unwrap_or_else(|e| panic!("block {domain}: {e:?}"))
}

pub async fn blocks(hub: &Hub) -> Vec<DomainBlock> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    DomainBlock::all(&mut conn).await.expect("blocks")
}

pub async fn actor(hub: &Hub, ap_id: &str) -> Option<Actor> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    Actor::find_by_ap_id(&mut conn, ap_id).await.expect("query")
}

/// The follow of `follower` to `followee` (ActivityPub ids), if both are known and it exists.
pub async fn follow_row(hub: &Hub, follower: &str, followee: &str) -> Option<Follow> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let a = Actor::find_by_ap_id(&mut conn, follower)
        .await
        .expect("query")?;
    let b = Actor::find_by_ap_id(&mut conn, followee)
        .await
        .expect("query")?;
    Follow::find_pair(&mut conn, a.id, b.id)
        .await
        .expect("query")
}

pub async fn post(hub: &Hub, ap_id: &str) -> Option<Post> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    Post::find_by_ap_id(&mut conn, ap_id).await.expect("query")
}

/// Every report, open or decided, oldest first.
pub async fn reports(hub: &Hub) -> Vec<Report> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let ids: Vec<i64> = tessera::db_run!(conn, |c| reports::table
        .order(reports::id.asc())
        .select(reports::id)
        .load(c)
        .await)
    .expect("reports");
    let mut all = Vec::new();
    for id in ids {
        all.push(
            Report::find(&mut conn, id)
                .await
                .expect("query")
                .expect("report"),
        );
    }
    all
}

/// (failed, last error) of each delivery to `inbox`.
pub async fn deliveries_to(hub: &Hub, inbox: &str) -> Vec<(bool, Option<String>)> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    tessera::db_run!(conn, |c| deliveries::table
        .filter(deliveries::inbox_url.eq(inbox))
        .select((deliveries::failed, deliveries::last_error))
        .load(c)
        .await)
    .expect("deliveries")
}

/// What an activity could have changed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub actors: i64,
    pub follows: i64,
    pub posts: i64,
    pub received: i64,
    pub reports: i64,
}

pub async fn counts(hub: &Hub) -> Counts {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    let actors =
        tessera::db_run!(conn, |c| actors::table.count().get_result::<i64>(c).await).unwrap();
    let follows =
        tessera::db_run!(conn, |c| follows::table.count().get_result::<i64>(c).await).unwrap();
    let posts =
        tessera::db_run!(conn, |c| posts::table.count().get_result::<i64>(c).await).unwrap();
    let received = tessera::db_run!(conn, |c| received_activities::table
        .count()
        .get_result::<i64>(c)
        .await)
    .unwrap();
    let reports =
        tessera::db_run!(conn, |c| reports::table.count().get_result::<i64>(c).await).unwrap();
    Counts {
        actors,
        follows,
        posts,
        received,
        reports,
    }
}
