//! Data sets and timing shared by the benchmarks (not tests): directory entries and
//! events as a busy hub holds them, and percentiles.

#![allow(dead_code)]

pub mod entries;
pub mod events;

use std::time::Duration;

/// The `p` quantile (0..=1) of `sorted` samples, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

/// On PostgreSQL, vacuums and analyses the tables after the bulk load, as autovacuum does on
/// a running hub within a minute of such a change (its threshold is a tenth of a table):
/// the statistics let the planner choose, and the visibility map lets counts read the
/// indexes alone (without it, counting calls by country read every row it found twice).
/// Timing queries on tables the planner has never looked at measures a state no hub stays
/// in: with no statistics it took 10,000 calls for four rows and a search with a country
/// for three seconds. SQLite keeps no statistics unless asked, and Tessera does not ask.
pub async fn analyze(pool: &tessera::db::DbPool) {
    use diesel_async::RunQueryDsl;
    if !pool.is_postgres() {
        return;
    }
    let mut conn = pool.get().await.unwrap();
    tessera::db_run!(conn, |c| diesel::sql_query("VACUUM ANALYZE")
        .execute(c)
        .await)
    .unwrap();
}

/// Waits for the hub's first pass of needs matching (a minute after it started) to tell the
/// entries just loaded about the organisations that can help them: a one-off burst of
/// thousands of notifications after a bulk load, which would otherwise be measured as part
/// of whatever page it overlaps. Done when no notification was added for six seconds.
pub async fn settle(pool: &tessera::db::DbPool, hub_started: std::time::Instant) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::notifications;
    let first_pass = hub_started + Duration::from_secs(62);
    tokio::time::sleep_until(first_pass.into()).await;
    let mut last = -1;
    let mut quiet = 0;
    while quiet < 3 {
        let mut conn = pool.get().await.unwrap();
        let n: i64 =
            tessera::db_run!(conn, |c| notifications::table.count().get_result(c).await).unwrap();
        quiet = if n == last { quiet + 1 } else { 0 };
        last = n;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
