//! What a hub e-mailed: the stored messages (once the worker has sent them) and the files
//! its file transport wrote.

use super::{eventually, Hub};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use tessera::db::models::email::OutgoingMail;
use tessera::db::schema::outgoing_mail;

/// Every message queued on `hub`, oldest first.
pub async fn queued(hub: &Hub) -> Vec<OutgoingMail> {
    let mut conn = hub.ctx.pool.get().await.expect("conn");
    tessera::db_run!(conn, |c| outgoing_mail::table
        .order(outgoing_mail::id)
        .select(OutgoingMail::as_select())
        .load(c)
        .await)
    .expect("mail")
}

/// The messages sent to `to`, once `count` of them have been sent (and written as files).
pub async fn sent_to(hub: &Hub, to: &str, count: usize) -> Vec<OutgoingMail> {
    eventually(&format!("{count} message(s) to {to}"), || async {
        queued(hub)
            .await
            .iter()
            .filter(|m| m.recipient == to && m.sent_at.is_some())
            .count()
            >= count
    })
    .await;
    let sent: Vec<OutgoingMail> = queued(hub)
        .await
        .into_iter()
        .filter(|m| m.recipient == to)
        .collect();
    let written = files(hub).iter().filter(|f| f.contains(to)).count();
    assert!(written >= count, "{written} file(s) for {to}, {count} sent");
    sent
}

/// The `.eml` files the file transport wrote.
pub fn files(hub: &Hub) -> Vec<String> {
    let dir = &hub.ctx.config.email.dir;
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The first link to `path_prefix` on this hub in a message's text.
pub fn link(mail: &OutgoingMail, hub: &Hub, path_prefix: &str) -> String {
    let start = hub.url(path_prefix);
    let at = mail
        .text_body
        .find(&start)
        .unwrap_or_else(|| panic!("no link to {start} in {}", mail.text_body));
    mail.text_body[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}
