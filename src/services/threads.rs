//! Threads and replies in communities: write, edit, delete, like, list and read as a tree.
//!
//! Delivery follows FEP-1b12. A post to a community hosted here is announced by the
//! community to its followers: the activity wrapped verbatim, and, for a Create, the object
//! itself so that Mastodon shows it as a boost. A post to a community elsewhere goes to that
//! community, which announces it (back to us too; the copy is recognised by its id).
//! Mentioned people and the remote author of the answered post get the activity directly.

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::db::models::follow::Follow;
use crate::db::models::post::{Post, PostForm, VISIBILITY_PUBLIC};
use crate::db::models::reaction::{Reaction, Reactions};
use crate::db::models::thread::{ThreadSummary, Threads};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::announce::Announce;
use crate::federation::activities::community::{ActKind, CommunityAct};
use crate::federation::activities::delete::Tombstone;
use crate::federation::objects::thread;
use crate::federation::outbox;
use crate::federation::Urls;
use crate::services::communities::check_may_post;
use crate::services::reactions::Reacted;
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;
use serde_json::Value;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Threads per page of a community.
pub const PAGE_SIZE: i64 = 30;
/// Replies deeper than this are shown at this depth (the tree stays readable).
pub const MAX_SHOWN_DEPTH: usize = 8;

/// What a member writes: a title (threads only), Markdown text and its language.
#[derive(Debug, Clone, Default)]
pub struct PostText {
    pub title: String,
    pub content: String,
    pub language: Option<String>,
}

/// One post of a thread in reading order, with its depth in the tree.
#[derive(Debug, Clone)]
pub struct ThreadEntry {
    pub post: Post,
    pub author: Actor,
    pub depth: usize,
    /// Whether the viewer liked it.
    pub liked: bool,
    /// Whether the viewer boosted it.
    pub boosted: bool,
}

/// A thread with its community and every reply, depth first, replies in arrival order.
pub struct ThreadTree {
    pub community: Community,
    pub community_actor: Actor,
    pub entries: Vec<ThreadEntry>,
}

impl ThreadTree {
    pub fn root(&self) -> &ThreadEntry {
        &self.entries[0]
    }
}

/// Checks the title (threads only), the text and the language, every field at once.
fn validate(text: &PostText, is_thread: bool) -> AppResult<()> {
    let mut c = Checks::new();
    let (title, content) = (text.title.trim(), text.content.as_str());
    let long = "thread-error-too-long";
    if c.check(
        !is_thread || !title.is_empty(),
        "title",
        "thread-error-title",
    ) {
        c.check(title.chars().count() <= MAX_TITLE_CHARS, "title", long);
    }
    if c.check(
        is_thread || !content.trim().is_empty(),
        "content",
        "error-post-empty",
    ) {
        c.check(content.chars().count() <= MAX_TEXT_CHARS, "content", long);
    }
    if let Some(lang) = &text.language {
        let known = crate::text::language_tag(lang).is_some() && lang != "und";
        c.check(known, "language", "error-post-language");
    }
    c.finish()
}

fn clean_language(text: &mut PostText) {
    text.language = text
        .language
        .take()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
}

/// The page and id of a new post (same scheme as other posts: `/posts/<random key>`).
fn new_post_id(base: &str) -> String {
    let mut bytes = [0u8; 12];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    format!("{base}/posts/{}", hex::encode(bytes))
}

/// Sends an activity about a post in `community`. Hosted here: the community announces it
/// (and `boost`, the object, for Mastodon) to its remote followers. Elsewhere: it goes to
/// the community's inbox. `direct` inboxes (mentions, the answered author) get it as well.
pub(crate) async fn distribute(
    conn: &mut DbConn,
    base: &str,
    community: &Actor,
    actor: &Actor,
    activity: CommunityAct,
    boost: Option<Value>,
    mut direct: Vec<String>,
) -> AppResult<()> {
    if community.is_local {
        let followers = Follow::remote_follower_inboxes(conn, community.id).await?;
        if !followers.is_empty() {
            let urls = Urls::new(base);
            let announce =
                Announce::by_community(&urls, community, serde_json::to_value(&activity)?)?;
            outbox::queue(
                conn,
                announce.id.as_str(),
                community,
                &announce,
                followers.clone(),
            )
            .await?;
            if let Some(object) = boost {
                let announce = Announce::by_community(&urls, community, object)?;
                outbox::queue(
                    conn,
                    announce.id.as_str(),
                    community,
                    &announce,
                    followers.clone(),
                )
                .await?;
            }
        }
        // The author and the mentioned get the activity itself even when their server
        // also follows the community: a server that reads only what it can fetch would
        // lose a like relayed inside the Announce. Servers drop the second copy by its id.
    } else {
        direct.push(community.delivery_inbox().to_string());
    }
    direct.sort();
    direct.dedup();
    if !direct.is_empty() {
        outbox::queue(conn, activity.id.as_str(), actor, &activity, direct).await?;
    }
    Ok(())
}

/// Inboxes of remote actors that get a post directly: the mentioned and the answered.
fn direct_inboxes(mentioned: &[Actor], parent_author: Option<&Actor>) -> Vec<String> {
    mentioned
        .iter()
        .chain(parent_author)
        .filter(|a| !a.is_local)
        .map(|a| a.delivery_inbox().to_string())
        .collect()
}

/// `user` starts a thread in a community (here or elsewhere).
pub async fn create_thread(
    data: &Ctx,
    user: &User,
    community: &str,
    mut text: PostText,
) -> AppResult<Post> {
    clean_language(&mut text);
    validate(&text, true)?;
    let (community, community_actor) = crate::services::communities::get(data, community).await?;
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    write(data, author, community, community_actor, None, text).await
}

/// `user` replies to a post of a thread (the root or any reply).
pub async fn reply(data: &Ctx, user: &User, parent_id: i64, mut text: PostText) -> AppResult<Post> {
    clean_language(&mut text);
    text.title.clear();
    validate(&text, false)?;
    let mut conn = data.pool.get().await?;
    let parent = Post::find(&mut conn, parent_id)
        .await?
        .filter(|p| p.deleted_at.is_none() && p.removed_at.is_none())
        .ok_or(AppError::NotFound)?;
    let community_id = parent.community_id.ok_or(AppError::NotFound)?;
    let (community, community_actor) = Community::with_actor(&mut conn, community_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let root = match parent.thread_id {
        Some(root) => Post::find(&mut conn, root)
            .await?
            .ok_or(AppError::NotFound)?,
        None => parent.clone(),
    };
    if root.locked {
        return Err(AppError::NotAllowed("thread-error-locked"));
    }
    if root.removed_at.is_some() || root.deleted_at.is_some() {
        return Err(AppError::NotFound);
    }
    drop(conn);
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    let parent_author = parent.author_id;
    let post = write(
        data,
        author,
        community,
        community_actor,
        Some((parent, root.id)),
        text,
    )
    .await?;
    let about = crate::services::notifications::About {
        actor_id: Some(user.actor_id),
        post_id: Some(post.id),
        ..Default::default()
    };
    crate::services::notifications::notify(
        data,
        parent_author,
        "reply",
        about,
        post.ap_id.as_str(),
    )
    .await;
    Ok(post)
}

async fn write(
    data: &Ctx,
    author: Actor,
    community: Community,
    community_actor: Actor,
    parent: Option<(Post, i64)>,
    text: PostText,
) -> AppResult<Post> {
    {
        let mut conn = data.pool.get().await?;
        // Rules are the host's to enforce; for a community elsewhere we check what we know
        // (bans and membership travel with its moderation) and the host decides.
        if community_actor.is_local {
            check_may_post(&mut conn, &community, &author).await?;
        } else if Community::is_banned(&mut conn, community_actor.id, author.id, crate::db::now())
            .await?
        {
            return Err(AppError::NotAllowed("community-error-banned"));
        }
    }
    let rendered = crate::services::thread_text::render(data, text.content.trim()).await;
    let base = data.config.base_url();
    let id = new_post_id(&base);
    let title = text.title.trim().to_string();
    let form = PostForm {
        ap_id: id.clone(),
        author_id: author.id,
        kind: if parent.is_some() { "Note" } else { "Page" }.into(),
        name: (!title.is_empty()).then_some(title),
        summary: String::new(),
        content_html: rendered.html,
        language: text.language.clone(),
        url: Some(id),
        in_reply_to: parent.as_ref().map(|(p, _)| p.ap_id.clone()),
        visibility: VISIBILITY_PUBLIC,
        sensitive: false,
        attachments: "[]".into(),
        is_local: true,
        published: crate::db::now(),
        updated: None,
        community_id: Some(community_actor.id),
        thread_id: parent.as_ref().map(|(_, root)| *root),
        source: text.content.trim().to_string(),
        tags: serde_json::to_string(&rendered.tags).unwrap_or_else(|_| "[]".into()),
    };
    let mentioned = rendered.mentioned;
    let mut conn = data.pool.get().await?;
    let parent_author = match &parent {
        Some((p, _)) => Actor::find(&mut conn, p.author_id).await?,
        None => None,
    };
    let post = outbox::commit(data, &mut conn, |conn| {
        async move {
            let post = Post::insert(conn, &form)
                .await?
                .ok_or_else(|| AppError::Internal("post id collision".into()))?;
            let local_audience: Vec<i64> = mentioned
                .iter()
                .chain(parent_author.as_ref())
                .filter(|a| a.is_local && a.id != post.author_id)
                .map(|a| a.id)
                .collect();
            Post::set_audience(conn, post.id, &local_audience).await?;
            let object = thread::to_json(&post, &author, &community_actor, parent_author.as_ref());
            let urls = Urls::new(&base);
            let create = CommunityAct::new(
                &urls,
                ActKind::Create,
                &author,
                &community_actor,
                object.clone(),
            )?;
            let direct = direct_inboxes(&mentioned, parent_author.as_ref());
            distribute(
                conn,
                &base,
                &community_actor,
                &author,
                create,
                Some(object),
                direct,
            )
            .await?;
            Ok(post)
        }
        .scope_boxed()
    })
    .await?;
    Ok(post)
}

/// A community post of `user`'s, with its community actor (403 for someone else's).
async fn own_post(conn: &mut DbConn, user: &User, post_id: i64) -> AppResult<(Post, Actor)> {
    let post = Post::find(conn, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(AppError::NotFound)?;
    if post.author_id != user.actor_id {
        return Err(AppError::Forbidden);
    }
    let community = match post.community_id {
        Some(id) => Actor::find(conn, id).await?.ok_or(AppError::NotFound)?,
        None => return Err(AppError::NotFound),
    };
    Ok((post, community))
}

/// `user` edits their thread or reply; everyone who has it gets an Update.
pub async fn edit(data: &Ctx, user: &User, post_id: i64, mut text: PostText) -> AppResult<Post> {
    clean_language(&mut text);
    let mut conn = data.pool.get().await?;
    let (post, community_actor) = own_post(&mut conn, user, post_id).await?;
    let is_thread = post.thread_id.is_none();
    if !is_thread {
        text.title.clear();
    }
    validate(&text, is_thread)?;
    drop(conn);
    let rendered = crate::services::thread_text::render(data, text.content.trim()).await;
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    let base = data.config.base_url();
    let title = text.title.trim().to_string();
    let form = PostForm {
        ap_id: post.ap_id.clone(),
        author_id: post.author_id,
        kind: post.kind.clone(),
        name: if is_thread { Some(title) } else { None },
        summary: post.summary.clone(),
        content_html: rendered.html,
        language: text.language.clone(),
        url: post.url.clone(),
        in_reply_to: post.in_reply_to.clone(),
        visibility: post.visibility,
        sensitive: post.sensitive,
        attachments: post.attachments.clone(),
        is_local: true,
        published: post.published,
        updated: Some(crate::db::now()),
        community_id: post.community_id,
        thread_id: post.thread_id,
        source: text.content.trim().to_string(),
        tags: serde_json::to_string(&rendered.tags).unwrap_or_else(|_| "[]".into()),
    };
    let mentioned = rendered.mentioned;
    let mut conn = data.pool.get().await?;
    let parent_author = parent_author(&mut conn, &post).await?;
    let post = outbox::commit(data, &mut conn, |conn| {
        async move {
            let post = Post::replace(conn, post.id, &form).await?;
            let object = thread::to_json(&post, &author, &community_actor, parent_author.as_ref());
            let urls = Urls::new(&base);
            let update =
                CommunityAct::new(&urls, ActKind::Update, &author, &community_actor, object)?;
            let direct = direct_inboxes(&mentioned, parent_author.as_ref());
            distribute(conn, &base, &community_actor, &author, update, None, direct).await?;
            Ok(post)
        }
        .scope_boxed()
    })
    .await?;
    Ok(post)
}

async fn parent_author(conn: &mut DbConn, post: &Post) -> AppResult<Option<Actor>> {
    Ok(match &post.in_reply_to {
        Some(parent) => match Post::find_by_ap_id(conn, parent).await? {
            Some(p) => Actor::find(conn, p.author_id).await?,
            None => None,
        },
        None => None,
    })
}

/// `user` deletes their thread or reply; remote copies get a Delete with a Tombstone.
pub async fn delete(data: &Ctx, user: &User, post_id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let (post, community_actor) = own_post(&mut conn, user, post_id).await?;
    let author = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = data.config.base_url();
    let parent_author = parent_author(&mut conn, &post).await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            Post::mark_deleted(conn, post.id).await?;
            let kind = if post.thread_id.is_none() {
                "Page"
            } else {
                "Note"
            };
            let tombstone = serde_json::to_value(Tombstone::of(&post.ap_id, Some(kind))?)?;
            let delete = CommunityAct::new(
                &Urls::new(&base),
                ActKind::Delete,
                &author,
                &community_actor,
                tombstone,
            )?;
            let direct = direct_inboxes(&[], parent_author.as_ref());
            distribute(conn, &base, &community_actor, &author, delete, None, direct).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// `user` likes a community post (once); the Like goes where the post's community goes.
pub async fn like(data: &Ctx, user: &User, post_id: i64, liked: bool) -> AppResult<Post> {
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none() && p.removed_at.is_none())
        .ok_or(AppError::NotFound)?;
    let community_actor = match post.community_id {
        Some(id) => Actor::find(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?,
        None => return Err(AppError::NotFound),
    };
    let liker = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let post_author = Actor::find(&mut conn, post.author_id).await?;
    let base = data.config.base_url();
    let post_id = post.id;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let urls = Urls::new(&base);
            let direct = direct_inboxes(&[], post_author.as_ref());
            if liked {
                let like = CommunityAct::new(
                    &urls,
                    ActKind::Like,
                    &liker,
                    &community_actor,
                    Value::String(post.ap_id.clone()),
                )?;
                if Reactions::add(conn, Reaction::Like, post.id, liker.id, like.id.as_str()).await?
                {
                    distribute(conn, &base, &community_actor, &liker, like, None, direct).await?;
                }
            } else if let Some(like_id) =
                Reactions::remove(conn, Reaction::Like, post.id, liker.id).await?
            {
                let like = CommunityAct::like_of(&like_id, &liker, &community_actor, &post.ap_id)?;
                let undo = like.undo(&urls, &community_actor)?;
                distribute(conn, &base, &community_actor, &liker, undo, None, direct).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    if liked {
        crate::services::reactions::notify_reaction(data, &post, user.actor_id, "like").await;
    }
    Ok(post)
}

/// A page of a community's threads (pinned first, then newest), optionally in one language.
pub async fn list(
    data: &Ctx,
    community: &str,
    language: Option<&str>,
    page: i64,
) -> AppResult<(i64, Vec<ThreadSummary>)> {
    let (_, actor) = crate::services::communities::get(data, community).await?;
    let language = language.map(str::trim).filter(|l| !l.is_empty());
    if let Some(l) = language {
        if crate::text::language_tag(l).is_none() {
            return Err(AppError::Validation("error-post-language"));
        }
    }
    let page = page.max(1);
    let mut conn = data.pool.get().await?;
    Ok(Threads::list(
        &mut conn,
        actor.id,
        language,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    .await?)
}

/// A thread by the local number of any of its posts, as a tree in reading order. Removed
/// and deleted posts stay in place (shown as such) so that their replies keep their parent.
pub async fn tree(data: &Ctx, viewer: Option<&User>, post_id: i64) -> AppResult<ThreadTree> {
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let community_id = post.community_id.ok_or(AppError::NotFound)?;
    let root_id = post.thread_id.unwrap_or(post.id);
    let (community, community_actor) = Community::with_actor(&mut conn, community_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = Threads::posts(&mut conn, root_id).await?;
    let Some((root, _)) = rows.first() else {
        return Err(AppError::NotFound);
    };
    if root.id != root_id {
        return Err(AppError::NotFound);
    }
    if root.deleted_at.is_some() {
        return Err(AppError::Gone);
    }
    drop(conn);
    let ids: Vec<i64> = rows.iter().map(|(p, _)| p.id).collect();
    let reacted = crate::services::reactions::reacted(data, viewer, &ids).await?;
    let entries = order(&rows, &reacted);
    Ok(ThreadTree {
        community,
        community_actor,
        entries,
    })
}

/// Depth-first order: each post followed by its replies, oldest first. Iterative, with each
/// post placed once, so deep chains and cycles in received data cannot hurt.
fn order(rows: &[(Post, Actor)], reacted: &Reacted) -> Vec<ThreadEntry> {
    use std::collections::HashMap;
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (post, _)) in rows.iter().enumerate().skip(1) {
        if let Some(parent) = post.in_reply_to.as_deref() {
            children.entry(parent).or_default().push(i);
        }
    }
    let mut placed = vec![false; rows.len()];
    let mut out = Vec::with_capacity(rows.len());
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, depth)) = stack.pop() {
        if placed[i] {
            continue;
        }
        placed[i] = true;
        let (post, author) = &rows[i];
        out.push(ThreadEntry {
            post: post.clone(),
            author: author.clone(),
            depth: depth.min(MAX_SHOWN_DEPTH),
            liked: reacted.liked(post.id),
            boosted: reacted.boosted(post.id),
        });
        if let Some(kids) = children.get(post.ap_id.as_str()) {
            // Reversed onto the stack, so the oldest reply comes out first.
            stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
        }
    }
    // Replies whose parent we never received still belong to the thread.
    for (i, (post, author)) in rows.iter().enumerate() {
        if !placed[i] {
            out.push(ThreadEntry {
                post: post.clone(),
                author: author.clone(),
                depth: 1,
                liked: reacted.liked(post.id),
                boosted: reacted.boosted(post.id),
            });
        }
    }
    out
}

/// The threads with the latest posts across communities, for the home page.
pub async fn active(
    data: &Ctx,
    limit: i64,
) -> AppResult<Vec<crate::db::models::thread::ThreadSummary>> {
    let mut conn = data.pool.get().await?;
    Ok(crate::db::models::thread::Threads::active(&mut conn, limit).await?)
}
