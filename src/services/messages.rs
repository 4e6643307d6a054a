//! Direct messages: private notes to one or more people (or to a project or organisation,
//! which reaches its admins), in Mastodon's direct shape: addressed to the recipients only,
//! each named by a `Mention` tag. They are grouped into conversations, never listed on
//! profiles, in outboxes, feeds, search or archives, and served over ActivityPub only to a
//! recipient's signed fetch.

use crate::db::models::actor::Actor;
use crate::db::models::actor_block::ActorBlock;
use crate::db::models::conversation;
use crate::db::models::membership::Membership;
use crate::db::models::post::{Post, PostForm, VISIBILITY_DIRECT};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::create::Create;
use crate::federation::objects::note::{parse_tags, Note, PostTag};
use crate::federation::outbox;
use crate::state::Ctx;
use crate::text::{escape_html as escape, text_to_html};
use scoped_futures::ScopedFutureExt;

/// Most recipients of one message (Mastodon has no limit; a hub has no mailing lists).
pub const MAX_RECIPIENTS: usize = 20;

pub struct MessageInput<'a> {
    /// Handles (`name`, `@name@hub.example`) or actor URLs, separated by commas or spaces;
    /// ignored when answering a conversation.
    pub to: &'a str,
    /// Plain text; blank lines separate paragraphs.
    pub content: &'a str,
    /// The conversation this answers (everyone in it receives the answer).
    pub conversation: Option<i64>,
    /// A BCP 47 language tag, or none.
    pub language: Option<&'a str>,
}

/// One conversation in a member's list.
#[derive(Debug, Clone)]
pub struct ConversationSummary {
    pub id: i64,
    /// Everyone in it but the member.
    pub others: Vec<Actor>,
    pub last: Post,
    pub last_author: Actor,
    pub unread: bool,
}

/// A conversation as its participant reads it.
#[derive(Debug, Clone)]
pub struct ConversationView {
    pub id: i64,
    pub others: Vec<Actor>,
    pub posts: Vec<(Post, Actor)>,
}

/// The handle of an actor as a mention names it: `@name@domain`.
pub fn handle(actor: &Actor) -> String {
    format!("@{}@{}", actor.username, actor.domain)
}

/// Splits what was typed in the "to" field into handles or URLs.
fn split_recipients(to: &str) -> Vec<String> {
    let mut names: Vec<String> = to
        .split([',', ' ', '\n', '\t', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    names.dedup();
    names
}

/// Everyone who wrote or was addressed in a conversation `me` reads, except `me`: the
/// authors, the stored audiences (local members, entries and remote actors we know) and the
/// accounts the posts mention (fetched if we do not know them yet).
async fn participants(data: &Ctx, me: &Actor, posts: &[(Post, Actor)]) -> AppResult<Vec<Actor>> {
    let mut found: Vec<Actor> = Vec::new();
    let mut mentioned: Vec<String> = Vec::new();
    {
        let mut conn = data.pool.get().await?;
        for (post, author) in posts {
            found.push(author.clone());
            found.extend(conversation::audience(&mut conn, post.id).await?);
            mentioned.extend(
                parse_tags(&post.tags)
                    .into_iter()
                    .filter(|t| t.kind == "Mention")
                    .filter_map(|t| t.href),
            );
        }
    }
    mentioned.sort();
    mentioned.dedup();
    for href in mentioned {
        if found.iter().any(|a| a.ap_id.as_str() == href) {
            continue;
        }
        match crate::services::actors::lookup(data, &href).await {
            Ok(actor) => found.push(actor),
            Err(e) => {
                tracing::info!(%href, error = %e, "a mentioned account of a conversation is not reachable")
            }
        }
    }
    // Members of an entry's conversations write as themselves; the entry stays addressed.
    found.retain(|a| a.id != me.id);
    found.sort_by_key(|a| a.id);
    found.dedup_by_key(|a| a.id);
    Ok(found)
}

/// Who a new message goes to, as typed, each resolved (remote ones by WebFinger).
async fn resolve(data: &Ctx, me: &Actor, to: &str) -> AppResult<Vec<Actor>> {
    let names = split_recipients(to);
    let mut c = Checks::new();
    c.check(!names.is_empty(), "to", "error-message-no-recipient");
    c.check(
        names.len() <= MAX_RECIPIENTS,
        "to",
        "error-message-too-many-recipients",
    );
    c.finish()?;
    let mut actors = Vec::with_capacity(names.len());
    for name in names {
        match crate::services::actors::lookup(data, &name).await {
            Ok(actor) if actor.id != me.id && actor.kind != "Application" => actors.push(actor),
            Ok(_) => {}
            Err(AppError::NotFound)
            | Err(AppError::BadRequest(_))
            | Err(AppError::Validation(_)) => {
                let mut c = Checks::new();
                c.fail("to", "error-message-unknown-recipient");
                return c.finish().map(|_| Vec::new());
            }
            Err(e) => return Err(e),
        }
    }
    actors.sort_by_key(|a| a.id);
    actors.dedup_by_key(|a| a.id);
    if actors.is_empty() {
        let mut c = Checks::new();
        c.fail("to", "error-message-no-recipient");
        c.finish()?;
    }
    Ok(actors)
}

/// The local actors who read a message to `recipients`: each local person, each local
/// project or organisation and its active admins, every remote recipient (so that its signed
/// fetch is allowed). Local members who blocked the author are left out.
async fn audience_of(
    conn: &mut DbConn,
    author: &Actor,
    recipients: &[Actor],
) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for r in recipients {
        if r.is_local && ActorBlock::blocks(conn, r.id, author.id).await? {
            continue;
        }
        ids.push(r.id);
        if r.is_local && r.kind != "Person" {
            for (m, u) in Membership::of_actor(conn, r.id).await? {
                if m.is_active() && m.is_admin() && u.actor_id != author.id {
                    ids.push(u.actor_id);
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The HTML of a message: the recipients' mentions first, as Mastodon writes them, then
/// the text.
fn message_html(recipients: &[Actor], content: &str) -> String {
    let mentions: Vec<String> = recipients
        .iter()
        .map(|a| {
            let page = a.profile_url.clone().unwrap_or_else(|| a.ap_id.to_string());
            format!(
                "<span class=\"h-card\"><a href=\"{}\" class=\"u-url mention\">@<span>{}</span></a></span>",
                escape(&page),
                escape(&a.username)
            )
        })
        .collect();
    let body = text_to_html(content);
    match body.strip_prefix("<p>") {
        Some(rest) if !mentions.is_empty() => format!("<p>{} {rest}", mentions.join(" ")),
        _ => body,
    }
}

/// `user` sends a direct message: a new conversation, or an answer in one they take part in.
pub async fn send(data: &Ctx, user: &User, input: MessageInput<'_>) -> AppResult<Post> {
    let mut c = Checks::new();
    let content = input.content.trim();
    if c.check(!content.is_empty(), "content", "error-message-empty") {
        c.check(
            content.chars().count() <= crate::services::posts::MAX_CHARS,
            "content",
            "error-post-too-long",
        );
    }
    if let Some(lang) = input.language {
        c.check(
            crate::text::language_tag(lang).is_some(),
            "language",
            "error-post-language",
        );
    }
    c.finish()?;
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let (recipients, parent, conversation_id) = match input.conversation {
        Some(id) => {
            let view = read(data, user, id).await?;
            let (last, _) = view.posts.last().cloned().ok_or(AppError::NotFound)?;
            (view.others, Some(last.ap_id), Some(id))
        }
        None => (resolve(data, &me, input.to).await?, None, None),
    };
    if recipients.is_empty() {
        return Err(AppError::Validation("error-message-no-recipient"));
    }
    let ap_id = crate::services::posts::new_post_url(&data.config.base_url());
    let tags: Vec<PostTag> = recipients
        .iter()
        .map(|a| PostTag {
            kind: "Mention".into(),
            name: handle(a),
            href: Some(a.ap_id.to_string()),
        })
        .collect();
    let form = PostForm {
        ap_id: ap_id.clone(),
        author_id: me.id,
        kind: "Note".into(),
        name: None,
        summary: String::new(),
        content_html: message_html(&recipients, content),
        language: input.language.map(str::to_string),
        url: Some(ap_id),
        in_reply_to: parent,
        visibility: VISIBILITY_DIRECT,
        sensitive: false,
        attachments: "[]".into(),
        is_local: true,
        published: crate::db::now(),
        updated: None,
        community_id: None,
        thread_id: None,
        source: content.to_string(),
        tags: serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
    };
    let mut conn = data.pool.get().await?;
    let me_in = me.clone();
    let recipients_in = recipients.clone();
    let (post, notified) = outbox::commit(data, &mut conn, |conn| {
        async move {
            let post = Post::insert(conn, &form)
                .await?
                .ok_or_else(|| AppError::Internal("post id collision".into()))?;
            let conversation_id = conversation_id.unwrap_or(post.id);
            conversation::set(conn, post.id, conversation_id).await?;
            conversation::mark_read(conn, me_in.id, conversation_id, post.id).await?;
            let audience = audience_of(conn, &me_in, &recipients_in).await?;
            Post::set_audience(conn, post.id, &audience).await?;
            let mut inboxes: Vec<String> = recipients_in
                .iter()
                .filter(|a| !a.is_local)
                .map(|a| a.delivery_inbox().to_string())
                .collect();
            inboxes.sort();
            inboxes.dedup();
            if !inboxes.is_empty() {
                let note = Note::for_post(conn, &post, &me_in).await?;
                let create = Create::for_note(&note)?;
                outbox::queue(conn, create.id.as_str(), &me_in, &create, inboxes).await?;
            }
            let mut notified = Vec::new();
            for id in audience {
                if let Some(actor) = Actor::find(conn, id).await? {
                    if actor.is_local && actor.kind == "Person" {
                        notified.push(id);
                    }
                }
            }
            Ok((post, notified))
        }
        .scope_boxed()
    })
    .await?;
    for member in notified {
        let about = crate::services::notifications::About {
            actor_id: Some(me.id),
            post_id: Some(post.id),
            ..Default::default()
        };
        crate::services::notifications::notify(data, member, "message", about, &post.ap_id).await;
    }
    Ok(post)
}

/// A received direct message joins its conversation (the one of the post it answers, if we
/// have it and the member takes part in it; otherwise a new one), reaches the admins of a
/// local project or organisation it is addressed to, and is notified. `audience` is the
/// local actors it addresses; returns the local actors to store as its audience.
pub async fn received(
    conn: &mut DbConn,
    post: &Post,
    author: &Actor,
    audience: &[Actor],
) -> AppResult<Vec<i64>> {
    let conversation_id = match &post.in_reply_to {
        Some(parent) => match Post::find_by_ap_id(conn, parent).await? {
            Some(p) if p.visibility == VISIBILITY_DIRECT => {
                conversation::of_post(conn, p.id).await?
            }
            _ => None,
        },
        None => None,
    };
    conversation::set(conn, post.id, conversation_id.unwrap_or(post.id)).await?;
    audience_of(conn, author, audience).await
}

/// The conversations `user` takes part in, the latest first.
pub async fn list(
    data: &Ctx,
    user: &User,
    before: Option<i64>,
) -> AppResult<Vec<ConversationSummary>> {
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let mut conn = data.pool.get().await?;
    let latest = conversation::latest_of(&mut conn, me.id, before, 40).await?;
    let ids: Vec<i64> = latest.iter().map(|(c, _)| *c).collect();
    let marks = conversation::read_marks(&mut conn, me.id, &ids).await?;
    drop(conn);
    let mut out = Vec::with_capacity(latest.len());
    for (id, last_id) in latest {
        let posts = {
            let mut conn = data.pool.get().await?;
            conversation::posts_for(&mut conn, id, me.id).await?
        };
        let Some((last, last_author)) = posts.iter().find(|(p, _)| p.id == last_id).cloned() else {
            continue;
        };
        let others = participants_known(data, &me, &posts).await?;
        let read = marks.iter().find(|(c, _)| *c == id).map(|(_, r)| *r);
        out.push(ConversationSummary {
            id,
            others,
            unread: last_author.id != me.id && read.is_none_or(|r| r < last_id),
            last,
            last_author,
        });
    }
    Ok(out)
}

/// Participants for a list: the stored ones only (a list never fetches).
async fn participants_known(
    data: &Ctx,
    me: &Actor,
    posts: &[(Post, Actor)],
) -> AppResult<Vec<Actor>> {
    let mut found: Vec<Actor> = Vec::new();
    let mut conn = data.pool.get().await?;
    for (post, author) in posts {
        found.push(author.clone());
        found.extend(conversation::audience(&mut conn, post.id).await?);
    }
    found.retain(|a| a.id != me.id);
    found.sort_by_key(|a| a.id);
    found.dedup_by_key(|a| a.id);
    Ok(found)
}

/// A conversation `user` takes part in (404 for anyone else), marked read.
pub async fn read(data: &Ctx, user: &User, id: i64) -> AppResult<ConversationView> {
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let posts = {
        let mut conn = data.pool.get().await?;
        conversation::posts_for(&mut conn, id, me.id).await?
    };
    let Some((last, _)) = posts.last() else {
        return Err(AppError::NotFound);
    };
    {
        let mut conn = data.pool.get().await?;
        conversation::mark_read(&mut conn, me.id, id, last.id).await?;
        // Its messages' notifications are read too: the menu's counts agree.
        let ids: Vec<i64> = posts.iter().map(|(p, _)| p.id).collect();
        crate::db::models::notification::Notification::mark_read_about_posts(
            &mut conn, user.id, &ids,
        )
        .await?;
    }
    let others = participants(data, &me, &posts).await?;
    Ok(ConversationView { id, others, posts })
}

/// How many conversations have a message `user` has not read (the menu's count).
pub async fn unread_count(data: &Ctx, user: &User) -> AppResult<i64> {
    let mut conn = data.pool.get().await?;
    let latest = conversation::latest_of(&mut conn, user.actor_id, None, 500).await?;
    let ids: Vec<i64> = latest.iter().map(|(c, _)| *c).collect();
    let marks = conversation::read_marks(&mut conn, user.actor_id, &ids).await?;
    let mut unread = 0;
    for (id, last_id) in latest {
        let read = marks.iter().find(|(c, _)| *c == id).map(|(_, r)| *r);
        if read.is_some_and(|r| r >= last_id) {
            continue;
        }
        if Post::find(&mut conn, last_id)
            .await?
            .is_some_and(|p| p.author_id != user.actor_id)
        {
            unread += 1;
        }
    }
    Ok(unread)
}
