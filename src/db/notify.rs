//! PostgreSQL `LISTEN`/`NOTIFY`: how one process learns at once that another committed work
//! for it. Triggers notify on commit (the `delivery_wakeups` migration); each process
//! listens on a connection of its own, outside the pool.

use super::Backend;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures::StreamExt;
use std::time::Duration;

/// Notified when deliveries are queued.
pub const DELIVERIES: &str = "tessera_deliveries";

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
