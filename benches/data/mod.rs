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

/// On PostgreSQL, has the planner read the tables after the bulk load, as autovacuum does on
/// a running hub within a minute of such a change (its threshold is a tenth of a table).
/// Timing queries on tables the planner has never looked at measures a state no hub stays
/// in: with no statistics it took 10,000 calls for four rows and a search with a country
/// for three seconds. SQLite keeps no statistics unless asked, and Tessera does not ask.
pub async fn analyze(pool: &tessera::db::DbPool) {
    use diesel_async::RunQueryDsl;
    if !pool.is_postgres() {
        return;
    }
    let mut conn = pool.get().await.unwrap();
    tessera::db_run!(conn, |c| diesel::sql_query("ANALYZE").execute(c).await).unwrap();
}
