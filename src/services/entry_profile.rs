//! What a project's team changes beside its profile (its sources, its organisations) goes
//! out with its actor document, the one place other servers read them from.

use crate::db::models::actor::Actor;
use crate::db::models::entry::DirectoryEntry;
use crate::db::models::follow::Follow;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::update::Update;
use crate::federation::{outbox, peering, Urls};
use crate::state::Ctx;

/// Sends `project`'s actor document, with its sources and organisations as written in this
/// transaction, to its followers elsewhere, to `source` (the project it builds on, or an
/// organisation it links) when it is elsewhere, and to peer hubs.
pub async fn send(
    conn: &mut DbConn,
    data: &Ctx,
    project: &Actor,
    source: Option<&Actor>,
) -> AppResult<()> {
    let entry = DirectoryEntry::find(conn, project.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tags = DirectoryEntry::tags(conn, project.id).await?;
    let mut extension = crate::federation::objects::entry::to_extension(&entry, &tags);
    crate::federation::objects::replication::extend(conn, project.id, &mut extension).await?;
    crate::federation::objects::entry_link::extend(conn, project.id, &mut extension).await?;
    let mut inboxes = Follow::remote_follower_inboxes(conn, project.id).await?;
    if let Some(source) = source.filter(|s| !s.is_local) {
        let inbox = source.delivery_inbox().to_string();
        if !inboxes.contains(&inbox) {
            inboxes.push(inbox);
        }
    }
    if !inboxes.is_empty() {
        let base = data.config.base_url();
        let update = Update::for_actor_with(
            &Urls::new(&base),
            project.clone(),
            data,
            Some(extension.clone()),
        )
        .await?;
        outbox::queue(conn, update.id.as_str(), project, &update, inboxes).await?;
    }
    peering::announce::actor_changed(conn, data, "Update", project, Some(extension)).await
}
