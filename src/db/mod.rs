//! Database access: one pool over PostgreSQL or SQLite, chosen by the URL scheme.
//!
//! Queries are written once, in `models/<noun>.rs`, inside [`db_run!`], which expands the same
//! diesel expression for each backend. This module imports nothing from the layers above it.

pub mod models;
pub mod notify;
pub mod schema;
mod sqlite_plans;
pub mod types;

use diesel::connection::SimpleConnection;
use diesel::result::Error as DieselError;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{
    AnsiTransactionManager, AsyncConnection, AsyncPgConnection, TransactionManager,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use futures::future::BoxFuture;
use futures::FutureExt;
use scoped_futures::ScopedBoxFuture;
use std::path::PathBuf;
use std::time::Duration;

pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// How long a SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;
/// How much of the SQLite file each connection reads through a memory map. Every write
/// makes the other connections drop their page caches; read through the map, the pages
/// are the operating system's cache and are not copied again into each connection's (in
/// a profile of the backfill, copying pages and SQLite's page cache led the flat profile).
const SQLITE_MMAP_BYTES: u64 = 256 << 20;

/// Errors of this layer. Callers above map them to their own error type.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    BadUrl(String),
    #[error("could not prepare the SQLite folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("database connection failed: {0}")]
    Connect(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error(transparent)]
    Query(#[from] DieselError),
}

pub type DbResult<T> = Result<T, DbError>;

/// The pool's connections, for `/metrics` and the health page.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolUse {
    pub open: usize,
    pub idle: usize,
    pub max: usize,
    pub waiting: usize,
}

/// Which backend a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Postgres(String),
    /// A file path, or `:memory:`.
    Sqlite(String),
}

impl Backend {
    pub fn from_url(url: &str) -> DbResult<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres(url.to_string()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(DbError::BadUrl(url.to_string()));
            }
            Ok(Backend::Sqlite(path.to_string()))
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            Ok(Backend::Sqlite(path.to_string()))
        } else {
            Err(DbError::BadUrl(url.to_string()))
        }
    }
}

/// A pool of connections to one database.
#[derive(Clone)]
pub struct DbPool {
    kind: PoolKind,
    /// Writes its connections made to the tables federation documents are made of
    /// (`notify::DocWrites`).
    doc_writes: notify::WriteCount,
}

#[derive(Clone)]
enum PoolKind {
    Postgres(Pool<AsyncPgConnection>),
    Sqlite(Pool<SqliteConn>),
}

/// One pooled connection; pass `&mut DbConn` to the model functions.
pub enum DbConn {
    // Boxed: a pooled PostgreSQL connection is far larger than a SQLite one.
    Postgres(Box<Object<AsyncPgConnection>>),
    Sqlite(Object<SqliteConn>),
}

/// Runs one diesel expression on whichever backend `$conn` holds.
/// The expression is compiled once per backend, so it must be valid for both.
#[macro_export]
macro_rules! db_run {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Postgres(ref mut __pooled) => {
                let $c: &mut diesel_async::AsyncPgConnection = &mut *__pooled;
                $body
            }
            $crate::db::DbConn::Sqlite(ref mut __pooled) => {
                let $c: &mut $crate::db::SqliteConn = &mut *__pooled;
                $body
            }
        }
    };
}

fn pg_setup(
    url: &str,
    writes: notify::WriteCount,
) -> BoxFuture<'_, diesel::ConnectionResult<AsyncPgConnection>> {
    async move {
        let mut conn = AsyncPgConnection::establish(url).await?;
        conn.set_instrumentation(notify::DocWrites::new(writes));
        Ok(conn)
    }
    .boxed()
}

fn sqlite_setup(
    path: &str,
    writes: notify::WriteCount,
) -> BoxFuture<'static, diesel::ConnectionResult<SqliteConn>> {
    let path = path.to_string();
    async move {
        tokio::task::spawn_blocking(move || {
            sqlite_plans::install();
            let mut conn = SqliteConnection::establish(&path)?;
            conn.set_instrumentation(notify::DocWrites::new(writes));
            // WAL lets readers proceed during a write; foreign keys are off by default in SQLite.
            conn.batch_execute(&format!(
                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                 PRAGMA mmap_size = {SQLITE_MMAP_BYTES};"
            ))
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(SyncConnectionWrapper::new(conn))
        })
        .await
        .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?
    }
    .boxed()
}

impl DbPool {
    /// Opens a pool, creating the SQLite folder when needed. Does not run migrations.
    pub async fn connect(url: &str, max_size: usize) -> DbResult<Self> {
        let doc_writes = notify::WriteCount::default();
        let writes = doc_writes.clone();
        match Backend::from_url(url)? {
            Backend::Postgres(url) => {
                let mut config = ManagerConfig::default();
                config.custom_setup = Box::new(move |url| pg_setup(url, writes.clone()));
                let manager =
                    AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
                let pool = Pool::builder(manager)
                    .max_size(max_size)
                    .wait_timeout(Some(Duration::from_secs(30)))
                    .runtime(deadpool::Runtime::Tokio1)
                    .build()
                    .map_err(|e| DbError::Connect(e.to_string()))?;
                let pool = DbPool {
                    kind: PoolKind::Postgres(pool),
                    doc_writes,
                };
                pool.get().await?;
                Ok(pool)
            }
            Backend::Sqlite(path) => {
                sqlite_plans::install();
                if path != ":memory:" {
                    if let Some(parent) = PathBuf::from(&path).parent() {
                        if !parent.as_os_str().is_empty() {
                            std::fs::create_dir_all(parent)
                                .map_err(|e| DbError::Folder(parent.to_path_buf(), e))?;
                        }
                    }
                }
                let mut config = ManagerConfig::default();
                config.custom_setup = Box::new(move |url| sqlite_setup(url, writes.clone()));
                let manager =
                    AsyncDieselConnectionManager::<SqliteConn>::new_with_config(path, config);
                let pool = Pool::builder(manager)
                    .max_size(max_size)
                    .wait_timeout(Some(Duration::from_secs(30)))
                    .runtime(deadpool::Runtime::Tokio1)
                    .build()
                    .map_err(|e| DbError::Connect(e.to_string()))?;
                let pool = DbPool {
                    kind: PoolKind::Sqlite(pool),
                    doc_writes,
                };
                pool.get().await?;
                Ok(pool)
            }
        }
    }

    pub async fn get(&self) -> DbResult<DbConn> {
        match &self.kind {
            PoolKind::Postgres(p) => p
                .get()
                .await
                .map(|c| DbConn::Postgres(Box::new(c)))
                .map_err(|e| DbError::Connect(e.to_string())),
            PoolKind::Sqlite(p) => p
                .get()
                .await
                .map(DbConn::Sqlite)
                .map_err(|e| DbError::Connect(e.to_string())),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.kind, PoolKind::Postgres(_))
    }

    /// The count of writes this pool's connections made to the tables federation
    /// documents are made of (the document cache's generation follows it).
    pub fn doc_writes(&self) -> notify::WriteCount {
        self.doc_writes.clone()
    }

    /// Applies the embedded migrations of this backend; returns how many ran.
    pub async fn migrate(&self) -> DbResult<usize> {
        let conn = self.get().await?;
        match conn {
            DbConn::Postgres(obj) => {
                let inner: AsyncPgConnection = Object::take(*obj);
                tokio::task::spawn_blocking(move || {
                    let mut wrapper: diesel_async::async_connection_wrapper::AsyncConnectionWrapper<
                        AsyncPgConnection,
                    > = diesel_async::async_connection_wrapper::AsyncConnectionWrapper::from(inner);
                    wrapper
                        .run_pending_migrations(PG_MIGRATIONS)
                        .map(|v| v.len())
                        .map_err(|e| DbError::Migration(e.to_string()))
                })
                .await
                .map_err(|e| DbError::Migration(e.to_string()))?
            }
            DbConn::Sqlite(mut obj) => {
                let wrapper: &mut SqliteConn = &mut obj;
                wrapper
                    .spawn_blocking(|c| {
                        Ok(c.run_pending_migrations(SQLITE_MIGRATIONS)
                            .map(|v| v.len())
                            .map_err(|e| e.to_string()))
                    })
                    .await?
                    .map_err(DbError::Migration)
            }
        }
    }

    /// How many connections are open, idle, allowed at most, and waited for.
    pub fn pool_use(&self) -> PoolUse {
        let status = match &self.kind {
            PoolKind::Postgres(p) => p.status(),
            PoolKind::Sqlite(p) => p.status(),
        };
        PoolUse {
            open: status.size,
            idle: status.available,
            max: status.max_size,
            waiting: status.waiting,
        }
    }

    /// The database's size in bytes: its pages on SQLite (the write-ahead log aside), what
    /// PostgreSQL reports for the database.
    pub async fn size_bytes(&self) -> DbResult<i64> {
        use diesel::sql_types::BigInt;
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Bytes {
            #[diesel(sql_type = BigInt)]
            bytes: i64,
        }
        let mut conn = self.get().await?;
        let query = if self.is_postgres() {
            "SELECT pg_database_size(current_database()) AS bytes"
        } else {
            "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()"
        };
        let row: Bytes = db_run!(conn, |c| diesel::sql_query(query).get_result(c).await)?;
        Ok(row.bytes)
    }

    /// Cheap liveness probe for `/readyz`.
    pub async fn ping(&self) -> DbResult<()> {
        let mut conn = self.get().await?;
        use diesel_async::SimpleAsyncConnection;
        db_run!(conn, |c| c.batch_execute("SELECT 1").await)?;
        Ok(())
    }
}

impl DbConn {
    /// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise.
    /// On SQLite the transaction takes the write lock at once, so that a transaction that
    /// reads first and writes later waits for the write lock instead of failing as busy.
    pub async fn transaction<'a, 'conn, R, E, F>(&'conn mut self, f: F) -> Result<R, E>
    where
        'a: 'conn,
        F: for<'r> FnOnce(&'r mut DbConn) -> ScopedBoxFuture<'a, 'r, Result<R, E>> + Send + 'a,
        E: From<DbError> + Send + 'a,
        R: Send + 'a,
    {
        match self {
            DbConn::Postgres(c) => AnsiTransactionManager::begin_transaction(&mut ***c)
                .await
                .map_err(|e| E::from(DbError::Query(e)))?,
            DbConn::Sqlite(c) => {
                let c: &mut SqliteConn = c;
                <SqliteConn as AsyncConnection>::TransactionManager::begin_transaction(c)
                    .await
                    .map_err(|e| E::from(DbError::Query(e)))?;
                // Take the write lock first (a no-op write), so that a transaction that
                // reads and then writes waits for other writers instead of failing as busy.
                use diesel_async::SimpleAsyncConnection;
                if let Err(e) = c
                    .batch_execute("UPDATE instance_settings SET key = key WHERE 0")
                    .await
                {
                    let _ =
                        <SqliteConn as AsyncConnection>::TransactionManager::rollback_transaction(
                            c,
                        )
                        .await;
                    return Err(E::from(DbError::Query(e)));
                }
            }
        }
        let result = f(self).await;
        let end = match (&result, &mut *self) {
            (Ok(_), DbConn::Postgres(c)) => {
                AnsiTransactionManager::commit_transaction(&mut ***c).await
            }
            (Ok(_), DbConn::Sqlite(c)) => {
                <SqliteConn as AsyncConnection>::TransactionManager::commit_transaction(&mut **c)
                    .await
            }
            (Err(_), DbConn::Postgres(c)) => {
                AnsiTransactionManager::rollback_transaction(&mut ***c).await
            }
            (Err(_), DbConn::Sqlite(c)) => {
                <SqliteConn as AsyncConnection>::TransactionManager::rollback_transaction(&mut **c)
                    .await
            }
        };
        match (result, end) {
            (Ok(v), Ok(())) => Ok(v),
            (Ok(_), Err(e)) => Err(E::from(DbError::Query(e))),
            (Err(e), _) => Err(e),
        }
    }
}

/// The current time as stored in `Timestamp` columns (UTC, microsecond precision so that
/// both backends round-trip the same value).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::Duration::microseconds(1)).unwrap_or(now)
}

/// True when the error is a unique-constraint violation (a row that already exists).
pub fn is_unique_violation(e: &DbError) -> bool {
    matches!(
        e,
        DbError::Query(DieselError::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _
        ))
    )
}

#[allow(unused_imports)]
pub(crate) use db_run;
