//! PostgreSQL `LISTEN`/`NOTIFY`: how one process learns at once that another committed work
//! for it. Triggers notify on commit (the `delivery_wakeups` migration); each process
//! listens on a connection of its own, outside the pool.

use super::{Backend, DbResult};
use crate::db::db_run;
use diesel::QueryResult;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures::StreamExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Notified when deliveries are queued.
pub const DELIVERIES: &str = "tessera_deliveries";
/// Notified when a table that federation documents are made of changes (`doc_changes`).
pub const DOCS: &str = "tessera_docs";

/// Calls `wake` on every notification of `channel`, for as long as the task runs. After a
/// lost connection it connects again and wakes once, for what it may have missed meanwhile.
/// Returns at once on SQLite: one process owns a SQLite database.
pub async fn listen(url: &str, channel: &'static str, wake: impl Fn() + Send) {
    let Ok(Backend::Postgres(url)) = Backend::from_url(url) else {
        return;
    };
    let mut first = true;
    loop {
        match AsyncPgConnection::establish(&url).await {
            Ok(mut conn) => match conn.batch_execute(&format!("LISTEN {channel}")).await {
                Ok(()) => {
                    if !first {
                        wake();
                    }
                    first = false;
                    let mut notifications = std::pin::pin!(conn.notifications_stream());
                    while let Some(notification) = notifications.next().await {
                        match notification {
                            Ok(_) => wake(),
                            Err(e) => {
                                tracing::warn!(channel, error = %e, "notification connection lost");
                                break;
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(channel, error = %e, "LISTEN failed"),
            },
            Err(e) => tracing::warn!(channel, error = %e, "cannot connect to listen"),
        }
        // The queue is also polled, so a pause here delays nothing for long.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// The tables federation documents are made of. The `doc_changes` migrations put a trigger
/// on each of them (a test keeps the three lists equal).
pub const DOC_TABLES: &[&str] = &[
    "actors",
    "users",
    "follows",
    "instance_settings",
    "outgoing_activities",
    "posts",
    "post_audience",
    "directory_entries",
    "directory_tags",
    "memberships",
    "entry_links",
    "project_replications",
    "media",
    "events",
    "event_tags",
    "participations",
    "communities",
    "community_roles",
    "community_bans",
    "post_likes",
    "post_boosts",
    "domain_blocks",
    "actor_blocks",
    "funding_calls",
    "funding_call_deadlines",
    "funding_call_tags",
    "resources",
    "resource_tags",
    "resource_authors",
    "resource_projects",
    "resource_attachments",
];

/// Writes to [`DOC_TABLES`] made by one pool's connections, counted as they are made. Part
/// of the document cache's generation: a write made here is served at once, without
/// waiting for the poll or the notification (which tell of everyone's writes). Per pool,
/// so that hubs sharing a process (the tests) do not drop each other's documents.
#[derive(Clone, Default, Debug)]
pub struct WriteCount(Arc<AtomicU64>);

impl WriteCount {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    fn add(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Installed on every pooled connection: counts a write to one of [`DOC_TABLES`] when its
/// statement finishes, and again when its transaction commits (a document rendered from
/// what was read in between is then dropped too).
pub struct DocWrites {
    pending: bool,
    count: WriteCount,
}

impl DocWrites {
    pub fn new(count: WriteCount) -> Self {
        DocWrites {
            pending: false,
            count,
        }
    }
}

/// The first bytes of a statement's text: enough to know what it writes, without writing
/// out the rest (and its bound values).
struct Head {
    bytes: [u8; 64],
    len: usize,
}

impl std::fmt::Write for Head {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let room = self.bytes.len() - self.len;
        let take = s.len().min(room);
        self.bytes[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        if take < s.len() {
            Err(std::fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// The table an `INSERT`, `UPDATE` or `DELETE` statement writes, as diesel writes them.
fn written_table(sql: &str) -> Option<&str> {
    let sql = sql.trim_start();
    let upper = |n: usize| sql.get(..n).map(str::to_ascii_uppercase);
    let rest = [("INSERT INTO ", 12), ("UPDATE ", 7), ("DELETE FROM ", 12)]
        .iter()
        .find(|(word, n)| upper(*n).as_deref() == Some(*word))
        .map(|(_, n)| &sql[*n..])?;
    let rest = rest.trim_start().trim_start_matches(['"', '`']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

impl diesel::connection::Instrumentation for DocWrites {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        use std::fmt::Write;
        let diesel::connection::InstrumentationEvent::FinishQuery { query, error, .. } = event
        else {
            return;
        };
        let mut head = Head {
            bytes: [0; 64],
            len: 0,
        };
        let _ = write!(head, "{query}");
        let sql = String::from_utf8_lossy(&head.bytes[..head.len]);
        let sql = sql.trim_start();
        let word = |w: &str| {
            sql.get(..w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
        };
        if word("COMMIT") || word("RELEASE") {
            if self.pending && error.is_none() {
                self.count.add();
            }
            self.pending = !word("COMMIT") && self.pending;
        } else if word("ROLLBACK") && !sql.to_ascii_uppercase().contains("SAVEPOINT") {
            self.pending = false;
        } else if error.is_none() && written_table(sql).is_some_and(|t| DOC_TABLES.contains(&t)) {
            self.count.add();
            self.pending = true;
        }
    }
}

const VERSION_QUERY: &str = "SELECT version FROM doc_version WHERE id = 1";

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    version: i64,
}

/// SQLite: how many writes were made to the tables federation documents are made of (the
/// `doc_changes` triggers count them); on PostgreSQL they notify [`DOCS`] instead.
pub async fn doc_version(conn: &mut super::DbConn) -> super::DbResult<i64> {
    use diesel_async::RunQueryDsl;
    let query = diesel::sql_query(VERSION_QUERY);
    let row: Version = db_run!(conn, |c| query.get_result(c).await)?;
    Ok(row.version)
}

/// SQLite: a connection of its own for reading [`doc_version`], so that a pool whose
/// connections are all busy does not delay the poll (the test hubs' pools have four).
/// `None` for PostgreSQL and for an in-memory database (another connection would open
/// another database): the caller reads through the pool then.
pub struct DocVersionReader(diesel::SqliteConnection);

impl DocVersionReader {
    pub async fn open(url: &str) -> Option<Self> {
        let Ok(Backend::Sqlite(path)) = Backend::from_url(url) else {
            return None;
        };
        if path == ":memory:" || path.starts_with("file::memory:") {
            return None;
        }
        let opened = tokio::task::spawn_blocking(move || {
            use diesel::connection::SimpleConnection;
            use diesel::Connection;
            let mut conn = diesel::SqliteConnection::establish(&path)?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {};",
                super::SQLITE_BUSY_TIMEOUT_MS
            ))
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok::<_, diesel::ConnectionError>(conn)
        })
        .await;
        match opened {
            Ok(Ok(conn)) => Some(DocVersionReader(conn)),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "cannot open a connection to watch the documents' version");
                None
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot open a connection to watch the documents' version");
                None
            }
        }
    }

    /// The current count; the reader comes back with it (the read blocks, so it runs on a
    /// blocking thread).
    pub async fn read(self) -> (Option<Self>, DbResult<i64>) {
        let read = tokio::task::spawn_blocking(move || {
            use diesel::RunQueryDsl;
            let mut this = self;
            let row: QueryResult<Version> =
                diesel::sql_query(VERSION_QUERY).get_result(&mut this.0);
            (this, row.map(|r| r.version))
        })
        .await;
        match read {
            Ok((this, result)) => (Some(this), result.map_err(Into::into)),
            Err(e) => (None, Err(super::DbError::Connect(e.to_string()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_table_is_read_from_the_statement() {
        assert_eq!(
            written_table(r#"INSERT INTO "actors" ("a") VALUES ($1)"#),
            Some("actors")
        );
        assert_eq!(
            written_table(r#"UPDATE "posts" SET "x" = $1"#),
            Some("posts")
        );
        assert_eq!(
            written_table("delete from `events` where id = ?"),
            Some("events")
        );
        assert_eq!(written_table(r#"SELECT "actors"."id" FROM "actors""#), None);
        assert_eq!(written_table("COMMIT"), None);
    }

    /// Every table of the list has the trigger in both migrations, and no other does.
    #[test]
    fn the_tables_are_those_of_the_migrations() {
        let mut ours: Vec<&str> = DOC_TABLES.to_vec();
        ours.sort_unstable();
        for (file, marker) in [
            (
                include_str!("../../migrations/postgres/2026-12-09-000026_doc_changes/up.sql"),
                "_docs AFTER",
            ),
            (
                include_str!("../../migrations/sqlite/2026-12-09-000026_doc_changes/up.sql"),
                "_doc_update AFTER",
            ),
        ] {
            let mut theirs: Vec<&str> = file
                .lines()
                .filter(|l| l.starts_with("CREATE TRIGGER") && l.contains(marker))
                .filter_map(|l| l.split(" ON ").nth(1)?.split_whitespace().next())
                .collect();
            theirs.sort_unstable();
            assert_eq!(theirs, ours);
        }
    }
}
