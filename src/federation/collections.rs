//! Outbox, followers and following as paged `OrderedCollection`s (Mastodon's shape: the
//! collection gives `totalItems` and `first`; pages are `?page=N`).

use crate::db::models::actor::Actor;
use crate::db::models::community::{Community, ROLE_MODERATOR};
use crate::db::models::follow::{Follow, STATE_ACCEPTED};
use crate::db::models::post::Post;
use crate::db::models::thread::Threads;
use crate::error::AppResult;
use crate::federation::activities::create::Create;
use crate::federation::objects::note::Note;
use crate::federation::objects::thread;
use crate::federation::Ctx;
use serde_json::{json, Value};

pub const PAGE_SIZE: i64 = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Outbox,
    Followers,
    Following,
}

/// The collection document (no page) or one page of it.
pub fn document(id: &str, total: i64, page: Option<i64>, items: Vec<Value>) -> Value {
    let context = crate::federation::objects::note::note_context();
    match page {
        None => json!({
            "@context": context,
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": format!("{id}?page=1"),
        }),
        Some(n) => {
            let mut doc = json!({
                "@context": context,
                "id": format!("{id}?page={n}"),
                "type": "OrderedCollectionPage",
                "partOf": id,
                "totalItems": total,
                "orderedItems": items,
            });
            if n * PAGE_SIZE < total {
                doc["next"] = json!(format!("{id}?page={}", n + 1));
            }
            if n > 1 {
                doc["prev"] = json!(format!("{id}?page={}", n - 1));
            }
            doc
        }
    }
}

/// Builds the collection of `kind` for a local actor. Only accepted follows are listed.
pub async fn for_actor(
    data: &Ctx,
    actor: &Actor,
    kind: Kind,
    page: Option<i64>,
) -> AppResult<Value> {
    let id = match kind {
        Kind::Outbox => actor.outbox_url.clone(),
        Kind::Followers => actor.followers_url.clone(),
        Kind::Following => actor.following_url.clone(),
    }
    .unwrap_or_else(|| format!("{}/{kind:?}", actor.ap_id).to_lowercase());
    let mut conn = data.pool.get().await?;
    let page = page.map(|p| p.max(1));
    let offset = page.map(|p| (p - 1) * PAGE_SIZE).unwrap_or(0);
    let (total, items) = match kind {
        // Public posts, each as its Create activity (what Mastodon shows as "posts").
        Kind::Outbox if is_community(&mut conn, actor).await? => {
            community_outbox(&mut conn, actor, page, offset).await?
        }
        Kind::Outbox => {
            let total = Post::count_listed_by_author(&mut conn, actor.id).await?;
            let rows = match page {
                Some(_) => Post::listed_by_author(&mut conn, actor.id, PAGE_SIZE, offset).await?,
                None => vec![],
            };
            let mut items = Vec::with_capacity(rows.len());
            for post in rows {
                let note = Note::for_post(&mut conn, &post, actor).await?;
                items.push(serde_json::to_value(Create::for_note(&note)?)?);
            }
            (total, items)
        }
        Kind::Followers => {
            let total = Follow::count_followers(&mut conn, actor.id, STATE_ACCEPTED).await?;
            let rows = match page {
                Some(_) => {
                    Follow::followers(&mut conn, actor.id, STATE_ACCEPTED, PAGE_SIZE, offset)
                        .await?
                }
                None => vec![],
            };
            (
                total,
                rows.into_iter()
                    .map(|(_, a)| json!(a.ap_id.to_string()))
                    .collect(),
            )
        }
        Kind::Following => {
            let total = Follow::count_following(&mut conn, actor.id, STATE_ACCEPTED).await?;
            let rows = match page {
                Some(_) => {
                    Follow::following(&mut conn, actor.id, STATE_ACCEPTED, PAGE_SIZE, offset)
                        .await?
                }
                None => vec![],
            };
            (
                total,
                rows.into_iter()
                    .map(|(_, a)| json!(a.ap_id.to_string()))
                    .collect(),
            )
        }
    };
    Ok(document(&id, total, page, items))
}

async fn is_community(conn: &mut crate::db::DbConn, actor: &Actor) -> AppResult<bool> {
    Ok(actor.kind == "Group" && Community::find(conn, actor.id).await?.is_some())
}

/// A community's outbox: its threads, newest first, each as the Create by its author (the
/// activities the community announced).
async fn community_outbox(
    conn: &mut crate::db::DbConn,
    community: &Actor,
    page: Option<i64>,
    offset: i64,
) -> AppResult<(i64, Vec<Value>)> {
    let (total, threads) = Threads::list(conn, community.id, None, PAGE_SIZE, offset).await?;
    if page.is_none() {
        return Ok((total, vec![]));
    }
    let items = threads
        .into_iter()
        .map(|t| {
            let object = thread::to_json(&t.root, &t.author, community, None);
            json!({
                "id": format!("{}/activity", t.root.ap_id),
                "type": "Create",
                "actor": t.author.ap_id.to_string(),
                "to": object["to"].clone(),
                "cc": object["cc"].clone(),
                "audience": community.ap_id.to_string(),
                "object": object,
            })
        })
        .collect();
    Ok((total, items))
}

/// Who moderates a local community (Lemmy's `attributedTo` collection).
pub async fn moderators(data: &Ctx, actor: &Actor) -> AppResult<Value> {
    let mut conn = data.pool.get().await?;
    if !is_community(&mut conn, actor).await? {
        return Err(crate::error::AppError::NotFound);
    }
    let mods = Community::with_role(&mut conn, actor.id, ROLE_MODERATOR).await?;
    let items: Vec<Value> = mods.iter().map(|a| json!(a.ap_id.to_string())).collect();
    Ok(json!({
        "@context": crate::federation::objects::note::note_context(),
        "id": format!("{}/moderators", actor.ap_id),
        "type": "OrderedCollection",
        "totalItems": items.len(),
        "orderedItems": items,
    }))
}

/// The pinned threads of a local community (its `featured` collection), as Pages.
pub async fn featured(data: &Ctx, actor: &Actor) -> AppResult<Value> {
    let mut conn = data.pool.get().await?;
    if !is_community(&mut conn, actor).await? {
        return Err(crate::error::AppError::NotFound);
    }
    let items: Vec<Value> = Threads::pinned(&mut conn, actor.id)
        .await?
        .iter()
        .map(|(post, author)| thread::to_json(post, author, actor, None))
        .collect();
    Ok(json!({
        "@context": crate::federation::actor_context(),
        "id": format!("{}/featured", actor.ap_id),
        "type": "OrderedCollection",
        "totalItems": items.len(),
        "orderedItems": items,
    }))
}
