//! A thread on the HTML side: the root post and its nested replies, replying to any post,
//! editing and deleting one's own posts, likes. Moderators' buttons post to
//! [`crate::web::community_moderation`].

use crate::error::AppError;
use crate::services::communities as communities_service;
use crate::services::threads::{self as service, PostText, ThreadTree};
use crate::web::auth::CsrfOnly;
use crate::web::communities::{community_href, community_view, date, moderates, path_name, person};
use crate::web::community_follow::{posting_view, refusal_field};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// A form under a post shown again: a reply (refused with its mistakes, or kept while its
/// writer followed the community), or a moderator's removal whose reason was refused
/// (`removal`; the reason is in `content`).
pub struct ReplyDraft {
    pub parent: i64,
    pub content: String,
    pub language: String,
    pub errors: FormErrors,
    pub removal: bool,
}

/// Where a post is read: its thread's page, at the post.
pub fn post_href(root_id: i64, post_id: i64) -> String {
    if root_id == post_id {
        format!("/threads/{root_id}")
    } else {
        format!("/threads/{root_id}#p{post_id}")
    }
}

/// `GET /threads/{id}`: any post of a thread leads to the thread, at that post.
pub async fn show(page: Page, Path(id): Path<i64>) -> WebResult {
    let tree = service::tree(&page.data, page.user.as_ref(), id).await?;
    let root = tree.root().post.id;
    if root != id {
        return Ok(page.redirect(&format!("/threads/{root}#p{id}"), None));
    }
    render(page, tree, None, StatusCode::OK).await
}

/// The thread page; `draft` is a refused reply to show again.
pub async fn render(
    page: Page,
    tree: ThreadTree,
    draft: Option<ReplyDraft>,
    status: StatusCode,
) -> WebResult {
    let details =
        communities_service::get_details(&page.data, &path_name(&tree.community_actor)).await?;
    let moderator = moderates(&page, &details);
    let posting = posting_view(&page, &details).await?;
    let root = tree.root();
    let locked = root.post.locked;
    let viewer = page.user.as_ref().map(|u| u.actor_id);
    let default_language = root.post.language.clone().unwrap_or_default();
    // Posts of accounts the viewer blocked or muted stay in place (the replies to them
    // would make no sense without) but folded, as Mastodon and Lemmy hide them.
    let hidden_authors =
        crate::services::blocks::hidden_from(&page.data, page.user.as_ref()).await?;
    let entries: Vec<Value> = tree
        .entries
        .iter()
        .map(|e| {
            let p = &e.post;
            let removed = p.removed_at.is_some();
            let deleted = p.deleted_at.is_some();
            // Moderators still read removed posts, to restore them.
            let hidden = deleted || (removed && !moderator);
            let (published, published_iso) = date(p.published);
            let here = draft.as_ref().filter(|d| d.parent == p.id);
            let reply = here.filter(|d| !d.removal).map(|d| {
                let prefix = format!("reply-{}", p.id);
                context! {
                    content => d.content,
                    language => d.language,
                    errors => d.errors.view(&page, &prefix),
                }
            });
            let removal = here.filter(|d| d.removal).map(|d| {
                let prefix = format!("remove-{}", p.id);
                context! { reason => d.content, errors => d.errors.view(&page, &prefix) }
            });
            // Hashtags written in the text are links there already; only the others (a
            // server may tag a post without writing the tag) are listed under it.
            let text = crate::text::plain_text_words(&p.content_html).to_lowercase();
            let tags: Vec<Value> = crate::federation::objects::note::parse_tags(&p.tags)
                .into_iter()
                .filter(|t| t.kind == "Hashtag")
                .filter(|t| {
                    let name = t.name.trim_start_matches('#').to_lowercase();
                    !text.contains(&format!("#{name}"))
                })
                .map(|t| context! { name => t.name })
                .collect();
            context! {
                id => p.id,
                depth => e.depth,
                is_root => p.thread_id.is_none() && p.id == root.post.id,
                title => p.name,
                author => person(&e.author),
                language => p.language,
                published => published,
                published_iso => published_iso,
                edited => p.updated.is_some(),
                content_html => (!hidden).then(|| p.content_html.clone()),
                tags => if hidden { vec![] } else { tags },
                removed => removed,
                deleted => deleted,
                muted => hidden_authors.contains(&p.author_id),
                likes => p.like_count,
                liked => e.liked,
                can_like => viewer.is_some() && !removed && !deleted,
                boosts => p.boost_count,
                boosted => e.boosted,
                can_reply => viewer.is_some() && !locked && !removed && !deleted,
                mine => viewer == Some(p.author_id) && !deleted,
                ap_id => p.ap_id.clone(),
                author_is_moderator => details.moderators.iter().any(|m| m.id == p.author_id),
                reply => reply,
                removal => removal,
                reply_language => default_language,
            }
        })
        .collect();
    let title = root.post.name.clone().unwrap_or_default();
    page.render_status(
        status,
        "thread.html",
        context! {
            thread => context! {
                id => root.post.id,
                title => title,
                locked => locked,
                pinned => root.post.pinned,
                removed => root.post.removed_at.is_some(),
                replies => tree.entries.len().saturating_sub(1),
            },
            community => community_view(&details),
            entries => entries,
            moderator => moderator,
            posting => posting,
            max_text => service::MAX_TEXT_CHARS,
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    language: String,
}

/// `POST /threads/{id}/reply`: answers the post `id` (the root or any reply).
pub async fn reply(page: Page, Path(id): Path<i64>, Form(form): Form<TextForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let text = PostText {
        title: String::new(),
        content: form.content.clone(),
        language: Some(form.language.clone()),
    };
    match service::reply(&page.data, user, id, text).await {
        Ok(post) => {
            let root = post.thread_id.unwrap_or(post.id);
            Ok(page.redirect(&post_href(root, post.id), Some("flash-reply-published")))
        }
        Err(e) => match FormErrors::of(&page, &e, refusal_field(&e)) {
            // Answered at the reply's address, whose GET leads back to the thread.
            Some(errors) => {
                let draft = ReplyDraft {
                    parent: id,
                    content: form.content,
                    language: form.language,
                    errors: errors.ordered(&["posting", "content", "language"]),
                    removal: false,
                };
                let tree = service::tree(&page.data, page.user.as_ref(), id).await?;
                render(page, tree, Some(draft), e.status()).await
            }
            None => Err(e.into()),
        },
    }
}

/// The edit form of one's own post.
async fn render_form(
    page: Page,
    id: i64,
    form: Option<&TextForm>,
    errors: FormErrors,
) -> WebResult {
    let user = page.require_user()?;
    let tree = service::tree(&page.data, Some(user), id).await?;
    let root = tree.root().post.id;
    let entry = tree
        .entries
        .iter()
        .find(|e| e.post.id == id)
        .ok_or(AppError::NotFound)?;
    if entry.post.author_id != user.actor_id {
        return Err(AppError::Forbidden.into());
    }
    if entry.post.deleted_at.is_some() {
        return Err(AppError::Gone.into());
    }
    let p = &entry.post;
    let values = match form {
        Some(f) => context! { title => f.title, content => f.content, language => f.language },
        None => context! {
            title => p.name.clone().unwrap_or_default(),
            content => p.source,
            language => p.language.clone().unwrap_or_default(),
        },
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let errors = errors
        .ordered(&["title", "content", "language"])
        .view(&page, "edit");
    page.render_status(
        status,
        "thread_form.html",
        context! {
            id => id,
            is_root => p.thread_id.is_none(),
            back_href => post_href(root, id),
            community => context! {
                name => tree.community_actor.display_name_or_username(),
                href => community_href(&tree.community_actor),
            },
            form => values,
            errors => errors,
            max_title => service::MAX_TITLE_CHARS,
            max_text => service::MAX_TEXT_CHARS,
        },
    )
    .await
}

/// `GET /threads/{id}/edit` (the author).
pub async fn edit_form(page: Page, Path(id): Path<i64>) -> WebResult {
    render_form(page, id, None, FormErrors::default()).await
}

/// `POST /threads/{id}/edit`.
pub async fn update(page: Page, Path(id): Path<i64>, Form(form): Form<TextForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let text = PostText {
        title: form.title.clone(),
        content: form.content.clone(),
        language: Some(form.language.clone()),
    };
    match service::edit(&page.data, user, id, text).await {
        Ok(post) => {
            let root = post.thread_id.unwrap_or(post.id);
            Ok(page.redirect(&post_href(root, post.id), Some("flash-thread-saved")))
        }
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render_form(page, id, Some(&form), errors).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /threads/{id}/delete`: a deleted thread leads back to its community.
pub async fn delete(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let tree = service::tree(&page.data, Some(user), id).await?;
    let root = tree.root().post.id;
    service::delete(&page.data, user, id).await?;
    let to = if root == id {
        community_href(&tree.community_actor)
    } else {
        format!("/threads/{root}")
    };
    Ok(page.redirect(&to, Some("flash-thread-deleted")))
}

#[derive(Deserialize)]
pub struct LikeForm {
    #[serde(default)]
    csrf_token: String,
    /// `true` to like, anything else to take the like back.
    #[serde(default)]
    liked: String,
}

/// `POST /threads/{id}/like`.
pub async fn like(page: Page, Path(id): Path<i64>, Form(form): Form<LikeForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let post = service::like(&page.data, user, id, form.liked == "true").await?;
    let root = post.thread_id.unwrap_or(post.id);
    Ok(page.redirect(&format!("/threads/{root}#p{}", post.id), None))
}
