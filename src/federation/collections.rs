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
use crate::state::Ctx;
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

/// The `Create` of a public post of ours at `{post}/activity`, as the outboxes list it, when
/// no copy was kept (a post nobody followed was never sent, but its outbox names it).
pub async fn create_of_post(data: &Ctx, post_id: &str) -> AppResult<Option<Value>> {
    let mut conn = data.pool.get().await?;
    let Some(post) = Post::find_by_ap_id(&mut conn, post_id).await? else {
        return Ok(None);
    };
    let listed = matches!(
        post.visibility,
        crate::db::models::post::VISIBILITY_PUBLIC | crate::db::models::post::VISIBILITY_UNLISTED
    );
    if !post.is_local || !listed || post.deleted_at.is_some() || post.removed_at.is_some() {
        return Ok(None);
    }
    let Some(author) = Actor::find(&mut conn, post.author_id).await? else {
        return Ok(None);
    };
    let mut create = match post.community_id {
        Some(id) => match Actor::find(&mut conn, id).await? {
            Some(community) if post.in_reply_to.is_none() => {
                thread_create(&post, &author, &community)
            }
            _ => return Ok(None),
        },
        None => {
            let note = Note::for_post(&mut conn, &post, &author).await?;
            serde_json::to_value(Create::for_note(&note)?)?
        }
    };
    create["@context"] = crate::federation::actor_context();
    Ok(Some(create))
}

/// A community outbox item: a thread started here as the Create by its author; one started
/// on another server as the community's Announce of it, at `/threads/{id}/activity`, since
/// only ids of ours can be served.
fn thread_create(root: &Post, author: &Actor, community: &Actor) -> Value {
    let object = thread::to_json(root, author, community, None);
    if !root.is_local {
        let origin = community.parsed_ap_id().origin().ascii_serialization();
        return json!({
            "id": format!("{origin}/threads/{}/activity", root.id),
            "type": "Announce",
            "actor": community.ap_id.to_string(),
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": community.followers_url.as_deref().map(|f| vec![f]).unwrap_or_default(),
            "published": object["published"].clone(),
            "object": object,
        });
    }
    json!({
        "id": format!("{}/activity", root.ap_id),
        "type": "Create",
        "actor": author.ap_id.to_string(),
        "to": object["to"].clone(),
        "cc": object["cc"].clone(),
        "audience": community.ap_id.to_string(),
        "published": object["published"].clone(),
        "object": object,
    })
}

/// The outbox item of a standing thread of a community here, at `/threads/{id}/activity`.
pub async fn thread_activity(data: &Ctx, root_id: i64) -> AppResult<Value> {
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, root_id)
        .await?
        .filter(|p| p.in_reply_to.is_none() && p.deleted_at.is_none() && p.removed_at.is_none())
        .filter(|p| {
            matches!(
                p.visibility,
                crate::db::models::post::VISIBILITY_PUBLIC
                    | crate::db::models::post::VISIBILITY_UNLISTED
            )
        })
        .ok_or(crate::error::AppError::NotFound)?;
    let community = match post.community_id {
        Some(id) => Actor::find(&mut conn, id).await?,
        None => None,
    }
    .filter(|c| c.is_local)
    .ok_or(crate::error::AppError::NotFound)?;
    let author = Actor::find(&mut conn, post.author_id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let mut item = thread_create(&post, &author, &community);
    item["@context"] = crate::federation::actor_context();
    Ok(item)
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
        .map(|t| thread_create(&t.root, &t.author, community))
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

/// An actor's `featured` collection (Mastodon's pinned posts): a community's pinned
/// threads, as Pages; members, projects and organisations pin nothing, so theirs is empty,
/// but it is served, since Mastodon-compatible servers fetch it on every lookup.
pub async fn featured(data: &Ctx, actor: &Actor) -> AppResult<Value> {
    let mut conn = data.pool.get().await?;
    let items: Vec<Value> = if is_community(&mut conn, actor).await? {
        Threads::pinned(&mut conn, actor.id)
            .await?
            .iter()
            .map(|(post, author)| thread::to_json(post, author, actor, None))
            .collect()
    } else {
        Vec::new()
    };
    Ok(json!({
        "@context": crate::federation::actor_context(),
        "id": format!("{}/featured", actor.ap_id),
        "type": "OrderedCollection",
        "totalItems": items.len(),
        "orderedItems": items,
    }))
}

/// A thread of a community hosted here as one conversation (FEP-7888's `context`): the
/// thread and its standing replies, oldest first so that parents come before answers, each
/// embedded; paged like the other collections.
pub async fn thread_context(data: &Ctx, root_id: i64, page: Option<i64>) -> AppResult<Value> {
    let mut conn = data.pool.get().await?;
    let rows = Threads::posts(&mut conn, root_id).await?;
    let Some((root, _)) = rows.first() else {
        return Err(crate::error::AppError::NotFound);
    };
    let community = match root.community_id {
        Some(id) => Actor::find(&mut conn, id).await?,
        None => None,
    }
    .filter(|c| c.is_local)
    .ok_or(crate::error::AppError::NotFound)?;
    if root.id != root_id || root.deleted_at.is_some() || root.removed_at.is_some() {
        return Err(crate::error::AppError::NotFound);
    }
    let standing: Vec<&(Post, Actor)> = rows
        .iter()
        .filter(|(p, _)| p.deleted_at.is_none() && p.removed_at.is_none())
        .collect();
    let id = thread::context_url(&community, root_id);
    let total = standing.len() as i64;
    let items = match page {
        None => Vec::new(),
        Some(n) => standing
            .iter()
            .skip(((n.max(1) - 1) * PAGE_SIZE) as usize)
            .take(PAGE_SIZE as usize)
            .map(|(post, author)| thread::to_json(post, author, &community, None))
            .collect(),
    };
    Ok(document(&id, total, page.map(|n| n.max(1)), items))
}

/// How many upcoming events an actor's `events` collection lists.
const EVENTS_LISTED: usize = 100;

/// The upcoming events a local actor organises (Mobilizon's `events` collection of a group),
/// soonest first, each embedded.
pub async fn events(data: &Ctx, actor: &Actor, page: Option<i64>) -> AppResult<Value> {
    use crate::db::models::event::Event as EventRow;
    let mut conn = data.pool.get().await?;
    let now = crate::db::now();
    let upcoming: Vec<EventRow> = EventRow::of_organizer(&mut conn, actor.id)
        .await?
        .into_iter()
        .filter(|e| e.is_local && e.ends_at > now)
        .take(EVENTS_LISTED)
        .collect();
    let id = format!("{}/events", actor.ap_id);
    let total = upcoming.len() as i64;
    let mut items = Vec::new();
    if let Some(n) = page {
        let shown = upcoming
            .iter()
            .skip(((n.max(1) - 1) * PAGE_SIZE) as usize)
            .take(PAGE_SIZE as usize);
        for row in shown {
            let tags = EventRow::tags(&mut conn, row.id).await?;
            let mut event = crate::federation::objects::event::Event::for_row(row, actor, &tags)?;
            event.context = None;
            items.push(serde_json::to_value(event)?);
        }
    }
    let mut doc = document(&id, total, page.map(|n| n.max(1)), items);
    // Events carry Mobilizon's and schema.org's terms.
    doc["@context"] = crate::federation::objects::event::event_context();
    Ok(doc)
}
