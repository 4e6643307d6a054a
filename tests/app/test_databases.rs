//! The suite leaves nothing behind: each test's database is removed when the test ends, also
//! when it fails, and also while the hub still holds connections to it.

use crate::harness::fresh_database;
use tessera::db::DbPool;

/// Whether the database at `url` still exists: its file on SQLite, its row in `pg_database`
/// on PostgreSQL.
async fn exists(url: &str, postgres_name: Option<&str>) -> bool {
    let Some(name) = postgres_name else {
        let path = url.strip_prefix("sqlite://").expect("a SQLite URL");
        return std::path::Path::new(path).exists();
    };
    use diesel::sql_types::BigInt;
    use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let server = std::env::var("TESSERA_TEST_DATABASE_URL").expect("a PostgreSQL server");
    let mut conn = AsyncPgConnection::establish(&server)
        .await
        .expect("connect");
    let count: Count =
        diesel::sql_query("SELECT COUNT(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<diesel::sql_types::Text, _>(name)
            .get_result(&mut conn)
            .await
            .expect("count");
    count.n > 0
}

#[tokio::test]
async fn a_test_database_is_removed_when_its_test_ends_even_with_open_connections() {
    let (url, database) = fresh_database().await;
    let name = database.postgres_name().map(str::to_string);
    let pool = DbPool::connect(&url, 2).await.expect("connect");
    pool.migrate().await.expect("migrate");
    pool.ping().await.expect("an open connection");
    assert!(exists(&url, name.as_deref()).await);
    drop(database);
    assert!(!exists(&url, name.as_deref()).await, "{url} is left behind");
}

#[tokio::test]
async fn a_failing_tests_database_is_removed_too() {
    let (sent, received) = tokio::sync::oneshot::channel();
    // A test that panics while its hub's database is open: the runtime unwinds its future.
    let failing = tokio::spawn(async move {
        let (url, database) = fresh_database().await;
        let pool = DbPool::connect(&url, 2).await.expect("connect");
        pool.migrate().await.expect("migrate");
        let name = database.postgres_name().map(str::to_string);
        let _ = sent.send((url, name));
        panic!("a failing test");
    });
    assert!(failing.await.is_err_and(|e| e.is_panic()));
    let (url, name) = received.await.expect("the test reached its database");
    assert!(!exists(&url, name.as_deref()).await, "{url} is left behind");
}
