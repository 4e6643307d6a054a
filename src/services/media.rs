//! Logos and banners of projects and organisations: checked (PNG, JPEG, GIF or WebP, by
//! their bytes, not by what the client claims; size and dimensions limited), stored as files
//! named by their SHA-256, served with their type and long caching, and sent to followers
//! as the actor's `icon` and `image`.

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::db::models::media::{Media, MediaForm, ROLE_BANNER, ROLE_LOGO};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::federation::activities::update::Update;
use crate::federation::outbox;
use crate::federation::Urls;
use crate::state::Ctx;
use sha2::Digest;
use std::path::PathBuf;

/// Largest width or height accepted, in pixels.
pub const MAX_DIMENSION: usize = 8000;

/// The type and file extension of an image we accept, read from its first bytes.
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Png => Some(("image/png", "png")),
        imagesize::ImageType::Jpeg => Some(("image/jpeg", "jpg")),
        imagesize::ImageType::Gif => Some(("image/gif", "gif")),
        imagesize::ImageType::Webp => Some(("image/webp", "webp")),
        _ => None,
    }
}

fn media_dir(data: &Ctx) -> PathBuf {
    PathBuf::from(&data.config.media.dir)
}

/// The public URL of a stored file.
pub fn url(data: &Ctx, media: &Media) -> String {
    format!("{}/media/{}", data.config.base_url(), media.file_name)
}

/// A member sets the logo or banner of a project or organisation they belong to.
pub async fn set_image(
    data: &Ctx,
    user: &User,
    actor: &Actor,
    role: &str,
    bytes: &[u8],
) -> AppResult<Media> {
    crate::services::entries::require_member(data, user, actor, false).await?;
    if ![ROLE_LOGO, ROLE_BANNER].contains(&role) {
        return Err(AppError::NotFound);
    }
    let media = store(data, actor, role, bytes).await?;
    announce_profile(data, actor).await?;
    Ok(media)
}

/// Checks an uploaded image and stores it as `actor`'s picture in `role` (replacing the
/// previous one). Used for logos and banners, and for event covers (`event:<key>`).
pub async fn store(data: &Ctx, actor: &Actor, role: &str, bytes: &[u8]) -> AppResult<Media> {
    if bytes.len() > data.config.media.max_upload_bytes {
        return Err(AppError::Validation("media-error-too-large"));
    }
    let (content_type, ext) = sniff(bytes).ok_or(AppError::Validation("media-error-type"))?;
    let size = imagesize::blob_size(bytes).map_err(|_| AppError::Validation("media-error-type"))?;
    if size.width == 0
        || size.height == 0
        || size.width > MAX_DIMENSION
        || size.height > MAX_DIMENSION
    {
        return Err(AppError::Validation("media-error-dimensions"));
    }
    let file_name = format!("{}.{ext}", hex::encode(sha2::Sha256::digest(bytes)));
    write_file(data, &file_name, bytes).await?;
    let form = MediaForm {
        actor_id: actor.id,
        role: role.to_string(),
        file_name,
        content_type: content_type.to_string(),
        byte_size: bytes.len() as i64,
        width: size.width as i32,
        height: size.height as i32,
    };
    let mut conn = data.pool.get().await?;
    let media = Media::set(&mut conn, &form).await?;
    Ok(media)
}

/// Whether `bytes` start like an image we accept.
pub fn looks_like_image(bytes: &[u8]) -> bool {
    sniff(bytes).is_some()
}

/// Whether `bytes` look like a whole PDF file: its header, and its end-of-file marker near
/// the end (a truncated upload has none).
fn is_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// Checks a file attached to a knowledge resource (a PDF or an image, by its bytes, within
/// `media.max_document_bytes`) and stores it as `actor`'s media in `role`.
pub async fn store_attachment(
    data: &Ctx,
    actor: &Actor,
    role: &str,
    bytes: &[u8],
) -> AppResult<Media> {
    if bytes.len() > data.config.media.max_document_bytes {
        return Err(AppError::Validation("media-error-too-large"));
    }
    if !is_pdf(bytes) {
        if sniff(bytes).is_none() {
            return Err(AppError::Validation("resource-error-file-type"));
        }
        // Images go through the same checks as logos.
        let limit = data.config.media.max_upload_bytes;
        if bytes.len() > limit {
            return Err(AppError::Validation("media-error-too-large"));
        }
        return store(data, actor, role, bytes).await;
    }
    let file_name = format!("{}.pdf", hex::encode(sha2::Sha256::digest(bytes)));
    write_file(data, &file_name, bytes).await?;
    let form = MediaForm {
        actor_id: actor.id,
        role: role.to_string(),
        file_name,
        content_type: "application/pdf".to_string(),
        byte_size: bytes.len() as i64,
        width: 0,
        height: 0,
    };
    let mut conn = data.pool.get().await?;
    Ok(Media::set(&mut conn, &form).await?)
}

/// A member removes the logo or banner.
pub async fn remove_image(data: &Ctx, user: &User, actor: &Actor, role: &str) -> AppResult<()> {
    crate::services::entries::require_member(data, user, actor, false).await?;
    let mut conn = data.pool.get().await?;
    if !Media::remove(&mut conn, actor.id, role).await? {
        return Err(AppError::NotFound);
    }
    drop(conn);
    announce_profile(data, actor).await
}

/// Written to a temporary name first, so that a crash never leaves half a file under the
/// name readers use. Identical content shares one file.
async fn write_file(data: &Ctx, file_name: &str, bytes: &[u8]) -> AppResult<()> {
    let dir = media_dir(data);
    let path = dir.join(file_name);
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        return Ok(());
    }
    let io = |e: std::io::Error| AppError::Internal(format!("media folder {}: {e}", dir.display()));
    tokio::fs::create_dir_all(&dir).await.map_err(io)?;
    let tmp = dir.join(format!(".{file_name}.{}", std::process::id()));
    tokio::fs::write(&tmp, bytes).await.map_err(io)?;
    tokio::fs::rename(&tmp, &path).await.map_err(io)?;
    Ok(())
}

/// Followers elsewhere get the new icon and image in an Update of the actor.
async fn announce_profile(data: &Ctx, actor: &Actor) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    // Peer hubs hold a copy of every project and organisation, pictures included.
    crate::federation::peering::announce::actor_changed(&mut conn, data, "Update", actor, None)
        .await?;
    data.queue.wake();
    let inboxes = Follow::remote_follower_inboxes(&mut conn, actor.id).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let base = data.config.base_url();
    let update = Update::for_actor(&Urls::new(&base), actor.clone(), data).await?;
    outbox::send(data, &mut conn, update.id.as_str(), actor, &update, inboxes).await
}

/// A stored file and its type, for serving. Only names of the form `<sha256>.<ext>` that a
/// row refers to are served.
pub async fn file(data: &Ctx, file_name: &str) -> AppResult<(Vec<u8>, String)> {
    let valid = file_name.split_once('.').is_some_and(|(hash, ext)| {
        hash.len() == 64
            && hash.chars().all(|c| c.is_ascii_hexdigit())
            && ["png", "jpg", "gif", "webp", "pdf"].contains(&ext)
    });
    if !valid {
        return Err(AppError::NotFound);
    }
    let mut conn = data.pool.get().await?;
    let media = Media::by_file_name(&mut conn, file_name)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let bytes = tokio::fs::read(media_dir(data).join(file_name))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((bytes, media.content_type))
}

/// The images of an actor, for its pages and actor document.
pub async fn of_actor(data: &Ctx, actor_id: i64) -> AppResult<Vec<Media>> {
    let mut conn = data.pool.get().await?;
    Ok(Media::of_actor(&mut conn, actor_id).await?)
}

/// The logo address of each of `actor_ids` that has one, by actor id.
pub async fn logos(
    data: &Ctx,
    actor_ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, String>> {
    let mut conn = data.pool.get().await?;
    let rows = Media::of_actors(&mut conn, actor_ids, crate::db::models::media::ROLE_LOGO).await?;
    // Remote actors show the icon their server publishes.
    let mut logos = crate::db::models::actor::Actor::icon_urls(&mut conn, actor_ids).await?;
    logos.extend(rows.iter().map(|m| (m.actor_id, url(data, m))));
    Ok(logos)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pdf_needs_its_header_and_its_end() {
        assert!(super::is_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"));
        assert!(!super::is_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"));
        assert!(!super::is_pdf(b"<html>%%EOF</html>"));
    }
}
