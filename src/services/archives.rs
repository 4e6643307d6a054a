//! What a member takes with them and brings along: an archive of everything they own (a
//! `.tar.gz`: their actor, their posts as an ActivityStreams outbox, who they follow in
//! Mastodon's CSV, their followers, the events they organise, their participations and
//! memberships, their avatar and header), and the import of a Mastodon follows CSV.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::follow::{Follow, STATE_ACCEPTED};
use crate::db::models::membership::Membership;
use crate::db::models::participation::Participation;
use crate::db::models::post::Post;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::state::Ctx;
use activitypub_federation::traits::Object;
use serde_json::{json, Value};

/// Most accounts one import follows (Mastodon's own limit for a follows import is 7,500).
pub const MAX_IMPORT: usize = 7_500;

/// `user@domain`, as Mastodon's CSV names accounts.
fn address(actor: &Actor) -> String {
    format!("{}@{}", actor.username, actor.domain)
}

async fn everyone(data: &Ctx, actor_id: i64, following: bool) -> AppResult<Vec<(Follow, Actor)>> {
    let mut conn = data.pool.get().await?;
    let mut out = Vec::new();
    loop {
        let offset = out.len() as i64;
        let page = if following {
            Follow::following(&mut conn, actor_id, STATE_ACCEPTED, 500, offset).await?
        } else {
            Follow::followers(&mut conn, actor_id, STATE_ACCEPTED, 500, offset).await?
        };
        let done = page.len() < 500;
        out.extend(page);
        if done {
            return Ok(out);
        }
    }
}

/// Mastodon's `following_accounts.csv`: who the member follows.
pub async fn following_csv(data: &Ctx, user: &User) -> AppResult<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    out.write_record([
        "Account address",
        "Show boosts",
        "Notify on new posts",
        "Languages",
    ])
    .map_err(io)?;
    for (_, actor) in everyone(data, user.actor_id, true).await? {
        out.write_record([address(&actor).as_str(), "true", "false", ""])
            .map_err(io)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

/// The whole archive, as `(file name, bytes)` entries; [`archive`] packs them.
pub async fn entries(data: &Ctx, user: &User) -> AppResult<Vec<(String, Vec<u8>)>> {
    let actor = crate::services::actors::by_id(data, user.actor_id).await?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let json_file = |name: &str, value: &Value| {
        (
            name.to_string(),
            serde_json::to_vec_pretty(value).unwrap_or_default(),
        )
    };
    let person = actor.clone().into_json(data).await?;
    files.push(json_file("actor.json", &serde_json::to_value(&person)?));

    let mut conn = data.pool.get().await?;
    let mut notes = Vec::new();
    // Direct messages stay out: they belong to their conversation as much as to the author.
    let posts = Post::all_by_author(&mut conn, actor.id)
        .await?
        .into_iter()
        .filter(|p| p.visibility != crate::db::models::post::VISIBILITY_DIRECT);
    for post in posts {
        let note =
            crate::federation::objects::note::Note::for_post(&mut conn, &post, &actor).await?;
        notes.push(json!({
            "type": "Create",
            "actor": actor.ap_id.to_string(),
            "published": crate::text::rfc3339(post.published),
            "object": serde_json::to_value(&note)?,
        }));
    }
    files.push(json_file(
        "outbox.json",
        &json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "type": "OrderedCollection",
            "totalItems": notes.len(),
            "orderedItems": notes,
        }),
    ));
    drop(conn);
    files.push((
        "following_accounts.csv".into(),
        following_csv(data, user).await?.into_bytes(),
    ));
    let mut followers = String::from("Account address\n");
    for (_, a) in everyone(data, actor.id, false).await? {
        followers.push_str(&address(&a));
        followers.push('\n');
    }
    files.push(("followers.csv".into(), followers.into_bytes()));

    let mut conn = data.pool.get().await?;
    let mut events = Vec::new();
    for event in Event::of_organizer(&mut conn, actor.id).await? {
        let tags = Event::tags(&mut conn, event.id).await?;
        let object = crate::federation::objects::event::Event::for_row(&event, &actor, &tags)?;
        events.push(serde_json::to_value(&object)?);
    }
    files.push(json_file("events.json", &json!(events)));
    let mut participations = Vec::new();
    for p in Participation::of_actor(&mut conn, actor.id).await? {
        if let Some(event) = Event::find(&mut conn, p.event_id).await? {
            participations.push(json!({
                "event": event.ap_id,
                "title": event.title,
                "starts": crate::text::rfc3339(event.starts_at),
                "state": p.state.to_string(),
                "message": p.message,
                "joined": crate::text::rfc3339(p.created_at),
            }));
        }
    }
    files.push(json_file("participations.json", &json!(participations)));
    let memberships: Vec<Value> = Membership::of_user(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|(m, entry)| {
            json!({
                "entry": entry.ap_id.to_string(),
                "name": entry.display_name_or_username(),
                "role": m.role.to_string(),
                "state": m.state.to_string(),
                "since": crate::text::rfc3339(m.created_at),
            })
        })
        .collect();
    files.push(json_file("memberships.json", &json!(memberships)));
    drop(conn);

    for m in crate::services::media::of_actor(data, actor.id).await? {
        let (bytes, _) = crate::services::media::file(data, &m.file_name).await?;
        let ext = m.file_name.rsplit('.').next().unwrap_or("bin");
        let name = if m.role == crate::db::models::media::ROLE_LOGO {
            "avatar"
        } else {
            "header"
        };
        files.push((format!("media/{name}.{ext}"), bytes));
    }
    Ok(files)
}

/// The member's archive as a `.tar.gz`.
pub async fn archive(data: &Ctx, user: &User) -> AppResult<Vec<u8>> {
    let files = entries(data, user).await?;
    let folder = format!("{}-{}", user.username, data.config.host());
    tokio::task::spawn_blocking(move || pack(&folder, files))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

fn pack(folder: &str, files: Vec<(String, Vec<u8>)>) -> AppResult<Vec<u8>> {
    let io = |e: std::io::Error| AppError::Internal(format!("archive: {e}"));
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    for (name, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(now);
        header.set_cksum();
        tar.append_data(&mut header, format!("{folder}/{name}"), bytes.as_slice())
            .map_err(io)?;
    }
    tar.into_inner().map_err(io)?.finish().map_err(io)
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportReport {
    pub followed: usize,
    /// Addresses that could not be followed, with why.
    pub failed: Vec<(String, String)>,
}

/// The addresses of a follows CSV: Mastodon's export (a header row, the address first) or
/// one address per line; `@` in front is allowed. Refused when it holds none or too many.
pub fn parse_follows(csv_text: &str) -> AppResult<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let mut out: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| AppError::Validation("import-error-csv"))?;
        let Some(first) = record.get(0) else { continue };
        let first = first.trim().trim_start_matches('@');
        if first.is_empty() || first.eq_ignore_ascii_case("Account address") {
            continue;
        }
        let valid = first
            .split_once('@')
            .is_some_and(|(u, d)| !u.is_empty() && (d.contains('.') || d.contains(':')));
        if !valid {
            return Err(AppError::Validation("import-error-csv"));
        }
        let handle = format!("@{first}");
        if !out.contains(&handle) {
            out.push(handle);
        }
    }
    if out.is_empty() {
        return Err(AppError::Validation("import-error-empty"));
    }
    if out.len() > MAX_IMPORT {
        return Err(AppError::Validation("import-error-too-many"));
    }
    Ok(out)
}

/// Follows every address of `handles` (already parsed), one after the other; those
/// already followed count as followed.
pub async fn import_follows(data: &Ctx, user: &User, handles: &[String]) -> ImportReport {
    let mut report = ImportReport::default();
    for handle in handles {
        match crate::services::follows::follow(data, user, handle).await {
            Ok(_) => report.followed += 1,
            Err(AppError::Conflict(_)) => report.followed += 1,
            Err(e) => {
                tracing::info!(%handle, error = %e, "import: not followed");
                report.failed.push((handle.clone(), e.to_string()));
            }
        }
    }
    tracing::info!(user = %user.username, followed = report.followed,
        failed = report.failed.len(), "follows imported");
    report
}
