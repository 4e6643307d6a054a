//! Posts: members write short public notes (or notes for their followers), delete them, and
//! read a home timeline of their own posts, the posts of those they follow and posts
//! addressed to them.

use crate::db::models::actor::Actor;
use crate::db::models::follow::{Follow, STATE_ACCEPTED};
use crate::db::models::post::{
    Post, PostForm, Visibility, VISIBILITY_FOLLOWERS, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED,
};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::{create::Create, delete::Delete, update::Update};
use crate::federation::objects::note::Note;
use crate::federation::outbox;
use crate::state::Ctx;
use crate::text::{escape_html as escape, text_to_html};
use scoped_futures::ScopedFutureExt;

/// Longest post, in characters (Mastodon's default is 500; hubs write longer updates).
pub const MAX_CHARS: usize = 5000;
/// Longest content warning, in characters.
pub const MAX_SUMMARY_CHARS: usize = 500;
/// Visibilities a member can choose (direct messages need mentions, which come later).
pub const WRITABLE_VISIBILITIES: &[Visibility] =
    &[VISIBILITY_PUBLIC, VISIBILITY_UNLISTED, VISIBILITY_FOLLOWERS];

pub struct PostInput<'a> {
    /// Plain text; blank lines separate paragraphs.
    pub content: &'a str,
    /// A content warning shown before the text, or empty.
    pub summary: &'a str,
    pub visibility: &'a str,
    /// The ActivityPub id or local number of the post this answers.
    pub in_reply_to: Option<&'a str>,
    /// A BCP 47 language tag, or none.
    pub language: Option<&'a str>,
}

/// The visibility a member chose, if they may choose it.
fn writable_visibility(name: &str) -> AppResult<Visibility> {
    name.parse()
        .ok()
        .filter(|v| WRITABLE_VISIBILITIES.contains(v))
        .ok_or(AppError::Validation("error-post-visibility"))
}

/// Longest title of an update of a project or organisation, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Checks the title (updates of entries only), the text, the content warning, the
/// visibility and the language, reporting every failing field at once.
fn validate(input: &PostInput<'_>, title: Option<&str>) -> AppResult<()> {
    let mut c = Checks::new();
    c.check(
        title.is_none_or(|t| t.chars().count() <= MAX_TITLE_CHARS),
        "title",
        "error-post-too-long",
    );
    let content = input.content.trim();
    if c.check(!content.is_empty(), "content", "error-post-empty") {
        c.check(
            content.chars().count() <= MAX_CHARS,
            "content",
            "error-post-too-long",
        );
    }
    c.check(
        input.summary.trim().chars().count() <= MAX_SUMMARY_CHARS,
        "summary",
        "error-post-too-long",
    );
    c.take("visibility", writable_visibility(input.visibility));
    if let Some(lang) = input.language {
        c.check(
            crate::text::language_tag(lang).is_some(),
            "language",
            "error-post-language",
        );
    }
    c.finish()
}

/// Where a post goes: its author's remote followers (unless it is for nobody else) and the
/// author of the post it answers.
async fn delivery_inboxes(
    conn: &mut DbConn,
    author: &Actor,
    parent_author: Option<&Actor>,
) -> AppResult<Vec<String>> {
    let mut inboxes = Follow::remote_follower_inboxes(conn, author.id).await?;
    if let Some(parent) = parent_author.filter(|a| !a.is_local) {
        inboxes.push(parent.delivery_inbox().to_string());
    }
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

/// Where an edit or deletion of `post` goes: for a direct message, its remote recipients
/// only (its followers must not learn of it); otherwise as [`delivery_inboxes`].
async fn inboxes_for(
    conn: &mut DbConn,
    post: &Post,
    author: &Actor,
    parent_author: Option<&Actor>,
) -> AppResult<Vec<String>> {
    if post.visibility != crate::db::models::post::VISIBILITY_DIRECT {
        return delivery_inboxes(conn, author, parent_author).await;
    }
    let mut inboxes: Vec<String> = crate::db::models::conversation::audience(conn, post.id)
        .await?
        .iter()
        .filter(|a| !a.is_local)
        .map(|a| a.delivery_inbox().to_string())
        .collect();
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

/// The page and id of a local post: `/posts/<random key>`, so ids cannot be enumerated.
pub(crate) fn new_post_url(base: &str) -> String {
    let mut bytes = [0u8; 12];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    format!("{base}/posts/{}", hex::encode(bytes))
}

/// `user` publishes a post; it is delivered to their followers elsewhere.
pub async fn create(data: &Ctx, user: &User, input: PostInput<'_>) -> AppResult<Post> {
    validate(&input, None)?;
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    let content_html = text_to_html(input.content.trim());
    publish(data, author, input, None, content_html).await
}

/// How an update of a project or organisation reads: its title (if any) as the first line,
/// because Mastodon shows a Note's content in full but not its `name`, then the Markdown
/// body, then a link to the entry's page.
pub fn entry_update_html(title: Option<&str>, markdown: &str, page: &str) -> String {
    let mut html = String::new();
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        html.push_str(&format!("<p><strong>{}</strong></p>", escape(t)));
    }
    html.push_str(&crate::text::markdown_to_html(markdown));
    let page = escape(page);
    html.push_str(&format!("<p><a href=\"{page}\">{page}</a></p>"));
    html
}

/// A project or organisation publishes an update (Markdown, optional title); checked by
/// the caller for membership.
pub async fn create_for_entry(
    data: &Ctx,
    author: Actor,
    title: Option<&str>,
    input: PostInput<'_>,
) -> AppResult<Post> {
    validate(&input, title)?;
    let page = author
        .profile_url
        .clone()
        .unwrap_or_else(|| author.ap_id.to_string());
    let html = entry_update_html(title, input.content.trim(), &page);
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    publish(data, author, input, title, html).await
}

async fn publish(
    data: &Ctx,
    author: Actor,
    input: PostInput<'_>,
    title: Option<String>,
    content_html: String,
) -> AppResult<Post> {
    let mut conn = data.pool.get().await?;
    let parent = match input.in_reply_to.map(str::trim).filter(|s| !s.is_empty()) {
        Some(reference) => Some(visible_by_reference(&mut conn, Some(&author), reference).await?),
        None => None,
    };
    let ap_id = new_post_url(&data.config.base_url());
    let now = crate::db::now();
    let local_parent_author = parent
        .as_ref()
        .filter(|(_, a)| a.is_local)
        .map(|(_, a)| a.id);
    let form = PostForm {
        ap_id: ap_id.clone(),
        author_id: author.id,
        kind: "Note".into(),
        name: title,
        summary: input.summary.trim().to_string(),
        content_html,
        language: input.language.map(str::to_string),
        url: Some(ap_id),
        in_reply_to: parent.as_ref().map(|(p, _)| p.ap_id.clone()),
        visibility: writable_visibility(input.visibility)?,
        sensitive: !input.summary.trim().is_empty(),
        attachments: "[]".into(),
        is_local: true,
        published: now,
        updated: None,
        community_id: None,
        thread_id: None,
        source: input.content.trim().to_string(),
        tags: "[]".into(),
    };
    let post = outbox::commit(data, &mut conn, |conn| {
        async move {
            let post = Post::insert(conn, &form)
                .await?
                .ok_or_else(|| AppError::Internal("post id collision".into()))?;
            let parent_author = parent.as_ref().map(|(_, a)| a);
            if let Some(local_parent) = parent_author.filter(|a| a.is_local) {
                // The author of the answered post sees the answer even without following.
                Post::set_audience(conn, post.id, &[local_parent.id]).await?;
            }
            let inboxes = delivery_inboxes(conn, &author, parent_author).await?;
            if !inboxes.is_empty() {
                let note = Note::for_post(conn, &post, &author).await?;
                let create = Create::for_note(&note)?;
                outbox::queue(conn, create.id.as_str(), &author, &create, inboxes).await?;
            }
            Ok(post)
        }
        .scope_boxed()
    })
    .await?;
    if let Some(parent_author) = local_parent_author {
        let about = crate::services::notifications::About {
            actor_id: Some(post.author_id),
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
    }
    Ok(post)
}

/// `user` deletes one of their posts; remote copies are deleted with a Tombstone.
pub async fn delete(data: &Ctx, user: &User, post_id: i64) -> AppResult<()> {
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    delete_as(data, author, post_id).await
}

/// `user` edits one of their posts (its text, content warning and language; not who may
/// see it, as on Mastodon); followers elsewhere get an Update.
pub async fn edit(data: &Ctx, user: &User, post_id: i64, input: PostInput<'_>) -> AppResult<Post> {
    validate(&input, None)?;
    let author = crate::services::actors::by_id(data, user.actor_id).await?;
    let html = text_to_html(input.content.trim());
    edit_as(data, author, post_id, None, input, html).await
}

/// An edit of a project's or organisation's update; checked by the caller for membership.
pub async fn edit_for_entry(
    data: &Ctx,
    author: Actor,
    post_id: i64,
    title: Option<&str>,
    input: PostInput<'_>,
) -> AppResult<Post> {
    validate(&input, title)?;
    let page = author
        .profile_url
        .clone()
        .unwrap_or_else(|| author.ap_id.to_string());
    let html = entry_update_html(title, input.content.trim(), &page);
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    edit_as(data, author, post_id, title, input, html).await
}

async fn edit_as(
    data: &Ctx,
    author: Actor,
    post_id: i64,
    title: Option<String>,
    input: PostInput<'_>,
    content_html: String,
) -> AppResult<Post> {
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(AppError::NotFound)?;
    if post.author_id != author.id {
        return Err(AppError::Forbidden);
    }
    let form = PostForm {
        ap_id: post.ap_id.clone(),
        author_id: post.author_id,
        kind: post.kind.clone(),
        name: title,
        summary: input.summary.trim().to_string(),
        content_html,
        language: input.language.map(str::to_string),
        url: post.url.clone(),
        in_reply_to: post.in_reply_to.clone(),
        visibility: post.visibility,
        sensitive: !input.summary.trim().is_empty(),
        attachments: post.attachments.clone(),
        is_local: true,
        published: post.published,
        updated: Some(crate::db::now()),
        community_id: post.community_id,
        thread_id: post.thread_id,
        source: input.content.trim().to_string(),
        tags: post.tags.clone(),
    };
    let parent_author = parent_author(&mut conn, &post).await?;
    let post = outbox::commit(data, &mut conn, |conn| {
        async move {
            let post = Post::replace(conn, post.id, &form).await?;
            let inboxes = inboxes_for(conn, &post, &author, parent_author.as_ref()).await?;
            if !inboxes.is_empty() {
                let note = Note::for_post(conn, &post, &author).await?;
                let update = Update::for_note(&note)?;
                outbox::queue(conn, update.id.as_str(), &author, &update, inboxes).await?;
            }
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

/// Deletes a post of `author` (a member's own, or an entry's, checked by the caller).
pub async fn delete_as(data: &Ctx, author: Actor, post_id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let post = Post::find(&mut conn, post_id)
        .await?
        .filter(|p| p.deleted_at.is_none())
        .ok_or(AppError::NotFound)?;
    if post.author_id != author.id {
        return Err(AppError::Forbidden);
    }
    let parent_author = parent_author(&mut conn, &post).await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let note = Note::for_post(conn, &post, &author).await?;
            // Read before the deletion forgets who it was addressed to.
            let inboxes = inboxes_for(conn, &post, &author, parent_author.as_ref()).await?;
            Post::mark_deleted(conn, post.id).await?;
            if !inboxes.is_empty() {
                let delete = Delete::for_post(&post, &author, note.to, note.cc)?;
                outbox::queue(conn, delete.id.as_str(), &author, &delete, inboxes).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// Whether `viewer` (an actor id, or nobody) may read `post` by `author`.
async fn can_see(
    conn: &mut DbConn,
    post: &Post,
    author: &Actor,
    viewer: Option<&Actor>,
) -> AppResult<bool> {
    Ok(match post.visibility {
        VISIBILITY_PUBLIC | VISIBILITY_UNLISTED => true,
        _ => match viewer {
            None => false,
            Some(v) if v.id == author.id => true,
            Some(v) => {
                let follows = post.visibility == VISIBILITY_FOLLOWERS
                    && Follow::find_pair(conn, v.id, author.id)
                        .await?
                        .is_some_and(|f| f.state == STATE_ACCEPTED);
                follows || Post::is_addressed_to(conn, post.id, v.id).await?
            }
        },
    })
}

async fn visible(
    conn: &mut DbConn,
    viewer: Option<&Actor>,
    post: Option<Post>,
) -> AppResult<(Post, Actor)> {
    let post = post.ok_or(AppError::NotFound)?;
    if post.deleted_at.is_some() {
        return Err(AppError::Gone);
    }
    let author = Actor::find(conn, post.author_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Hidden posts answer "not found", as if they did not exist.
    if !can_see(conn, &post, &author, viewer).await? {
        return Err(AppError::NotFound);
    }
    Ok((post, author))
}

/// A post by local number or ActivityPub id, if `viewer` may see it.
async fn visible_by_reference(
    conn: &mut DbConn,
    viewer: Option<&Actor>,
    reference: &str,
) -> AppResult<(Post, Actor)> {
    let post = match reference.parse::<i64>() {
        Ok(id) => Post::find(conn, id).await?,
        Err(_) => Post::find_by_ap_id(conn, reference).await?,
    };
    visible(conn, viewer, post).await
}

async fn viewer_actor(data: &Ctx, viewer: Option<&User>) -> AppResult<Option<Actor>> {
    match viewer {
        Some(u) => Ok(Some(
            crate::services::actors::by_id(data, u.actor_id).await?,
        )),
        None => Ok(None),
    }
}

/// A post by local number or ActivityPub id, as `viewer` (or an anonymous visitor) sees it.
pub async fn get(data: &Ctx, viewer: Option<&User>, reference: &str) -> AppResult<(Post, Actor)> {
    let viewer = viewer_actor(data, viewer).await?;
    let mut conn = data.pool.get().await?;
    visible_by_reference(&mut conn, viewer.as_ref(), reference).await
}

/// A local post by the key in its URL (`/posts/<key>`). Deleted posts answer Gone.
pub async fn get_local(data: &Ctx, viewer: Option<&User>, key: &str) -> AppResult<(Post, Actor)> {
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let ap_id = format!("{}/posts/{key}", data.config.base_url());
    let viewer = viewer_actor(data, viewer).await?;
    let mut conn = data.pool.get().await?;
    let post = Post::find_by_ap_id(&mut conn, &ap_id).await?;
    visible(&mut conn, viewer.as_ref(), post).await
}

/// The public replies to a post, oldest first.
pub async fn replies(data: &Ctx, post: &Post) -> AppResult<Vec<(Post, Actor)>> {
    let mut conn = data.pool.get().await?;
    Ok(Post::replies(&mut conn, &post.ap_id, 200).await?)
}

/// `user`'s home timeline, newest first; `before` is the last post id of the previous page.
pub async fn home_timeline(
    data: &Ctx,
    user: &User,
    before: Option<i64>,
    limit: i64,
) -> AppResult<Vec<(Post, Actor)>> {
    let mut conn = data.pool.get().await?;
    let posts = Post::home_timeline(&mut conn, user.actor_id, before, limit.clamp(1, 100)).await?;
    // Accounts the member blocked or muted stay out of it (a page may then be shorter; the
    // next one starts after its last post all the same).
    let hidden =
        crate::db::models::actor_block::ActorBlock::hidden_from(&mut conn, user.actor_id).await?;
    Ok(posts
        .into_iter()
        .filter(|(p, a)| !hidden.contains(&a.id) && !hidden.contains(&p.author_id))
        .collect())
}

/// An actor's public posts, newest first (profiles and the outbox).
pub async fn listed_by_author(
    data: &Ctx,
    author_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<(i64, Vec<Post>)> {
    let mut conn = data.pool.get().await?;
    let total = Post::count_listed_by_author(&mut conn, author_id).await?;
    let posts = Post::listed_by_author(&mut conn, author_id, limit, offset).await?;
    Ok((total, posts))
}
