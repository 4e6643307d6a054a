//! Posts on the HTML side: the compose and reply forms, deleting, the page of a local post,
//! and the card that every list of posts shows.

use crate::db::models::actor::Actor;
use crate::db::models::post::{Post, VISIBILITY_FOLLOWERS, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED};
use crate::db::models::user::User;
use crate::error::AppError;
use crate::federation::objects::note::parse_attachments;
use crate::services::posts::{self as service, PostInput};
use crate::services::reactions::Reacted;
use crate::state::Ctx;
use crate::web::auth::CsrfOnly;
use crate::web::form_errors::FormErrors;
use crate::web::page::{self, Page, WebError, WebResult};
use crate::web::profiles::href;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// Remote data becomes a link only when it is http(s): `javascript:` parses as a URL too.
fn web_link(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| u.to_string())
}

/// Whether an ActivityPub id is the page of a local post (local ids are their pages).
fn is_local_post(data: &Ctx, ap_id: &str) -> bool {
    ap_id.starts_with(&format!("{}/posts/", data.config.base_url()))
}

/// The content of a post as cards show it. Updates of local projects and organisations
/// carry their title as a first line and a link back to the entry, for Mastodon; the card
/// shows the title already and sits on or links to that page, so both are left out.
fn shown_content(post: &Post, author: &Actor) -> String {
    let html = post.content_html.as_str();
    if !(author.is_local && matches!(author.kind.as_str(), "Group" | "Organization")) {
        return html.to_string();
    }
    let page = author
        .profile_url
        .clone()
        .unwrap_or_else(|| author.ap_id.to_string());
    let link = service::entry_update_html(None, "", &page);
    let html = html.strip_suffix(&link).unwrap_or(html);
    let title_line = post
        .name
        .as_deref()
        .map(|t| service::entry_update_html(Some(t), "", &page))
        .and_then(|h| h.strip_suffix(&link).map(str::to_string));
    match title_line {
        Some(line) => html.strip_prefix(&line).unwrap_or(html).to_string(),
        None => html.to_string(),
    }
}

/// A post as the templates show it (rows never reach templates as they are).
pub fn card(post: &Post, author: &Actor, viewer: Option<&User>, reacted: &Reacted) -> Value {
    let attachments: Vec<Value> = parse_attachments(&post.attachments)
        .into_iter()
        .filter_map(|a| {
            Some(context! {
                href => web_link(&a.url)?,
                is_image => a.media_type.as_deref().is_some_and(|m| m.starts_with("image/")),
                description => a.name.filter(|n| !n.trim().is_empty()),
            })
        })
        .collect();
    let permalink = post
        .url
        .as_deref()
        .and_then(web_link)
        .or_else(|| web_link(&post.ap_id));
    // Local posts are answered on their page; remote ones on a page that shows the post.
    let reply_href = if post.is_local {
        permalink.as_ref().map(|p| format!("{p}#reply"))
    } else {
        Some(format!("/posts/reply?to={}", post.id))
    };
    context! {
        id => post.id,
        local => post.is_local,
        author => context! {
            display_name => author.display_name_or_username(),
            handle => author.handle(),
            href => href(author),
        },
        name => post.name,
        summary => Some(post.summary.trim()).filter(|s| !s.is_empty()),
        sensitive => post.sensitive,
        content_html => shown_content(post, author),
        attachments => attachments,
        language => post.language,
        in_reply_to => post.in_reply_to.as_deref().and_then(web_link),
        visibility => post.visibility,
        published_iso => crate::text::rfc3339(post.published),
        published => crate::text::utc_minutes(post.published),
        edited => post.updated.is_some(),
        permalink => permalink,
        reply_href => reply_href,
        mine => viewer.is_some_and(|u| u.actor_id == post.author_id),
        ap_id => post.ap_id.clone(),
        likes => post.like_count,
        boosts => post.boost_count,
        liked => reacted.liked(post.id),
        boosted => reacted.boosted(post.id),
        can_react => viewer.is_some() && post.deleted_at.is_none() && post.removed_at.is_none(),
        can_boost => post.visibility == VISIBILITY_PUBLIC || post.visibility == VISIBILITY_UNLISTED,
    }
}

pub fn cards(rows: &[(Post, Actor)], viewer: Option<&User>, reacted: &Reacted) -> Vec<Value> {
    rows.iter()
        .map(|(p, a)| card(p, a, viewer, reacted))
        .collect()
}

/// The viewer's favourites and boosts among `posts`, for [`card`].
pub async fn reacted<'a>(
    page: &Page,
    posts: impl IntoIterator<Item = &'a Post>,
) -> Result<Reacted, crate::web::WebError> {
    let ids: Vec<i64> = posts.into_iter().map(|p| p.id).collect();
    Ok(crate::services::reactions::reacted(&page.data, page.user.as_ref(), &ids).await?)
}

/// What the compose form shows: empty, or what was typed when the post was refused.
#[derive(Default)]
pub struct Draft {
    content: String,
    summary: String,
    visibility: String,
    language: String,
    in_reply_to: Option<String>,
    /// Why it was refused, each mistake at its field.
    errors: FormErrors,
}

impl Draft {
    /// An empty reply to `parent`, as private as the parent by default (as Mastodon does).
    fn reply_to(parent: &Post) -> Draft {
        let visibility = if service::WRITABLE_VISIBILITIES.contains(&parent.visibility) {
            parent.visibility.to_string()
        } else {
            VISIBILITY_FOLLOWERS.to_string()
        };
        Draft {
            visibility,
            in_reply_to: Some(parent.id.to_string()),
            ..Draft::default()
        }
    }

    /// What `_compose.html` reads; the form's ids start with `compose` (or `reply`).
    pub fn value(&self, page: &Page) -> Value {
        let visibility = if self.visibility.is_empty() {
            VISIBILITY_PUBLIC.as_str()
        } else {
            self.visibility.as_str()
        };
        context! {
            content => self.content,
            summary => self.summary,
            visibility => visibility,
            language => self.language,
            in_reply_to => self.in_reply_to,
            errors => self.errors.view(page, if self.in_reply_to.is_some() { "reply" } else { "compose" }),
            visibilities => service::WRITABLE_VISIBILITIES,
            max_chars => service::MAX_CHARS,
            max_summary_chars => service::MAX_SUMMARY_CHARS,
        }
    }
}

#[derive(Deserialize)]
pub struct ComposeForm {
    // Defaults everywhere: a missing token is a CSRF failure (403), not a malformed form.
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    in_reply_to: String,
}

/// `POST /posts`: a new post from the home page, or a reply from a post's page.
pub async fn create(page: Page, Form(form): Form<ComposeForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let in_reply_to = Some(form.in_reply_to.trim()).filter(|s| !s.is_empty());
    let input = PostInput {
        content: &form.content,
        summary: &form.summary,
        visibility: Some(form.visibility.as_str())
            .filter(|v| !v.is_empty())
            .unwrap_or(VISIBILITY_PUBLIC.as_str()),
        in_reply_to,
        language: Some(form.language.trim()).filter(|s| !s.is_empty()),
    };
    match service::create(&page.data, user, input).await {
        Ok(post) => {
            let to = match &post.in_reply_to {
                Some(parent) if is_local_post(&page.data, parent) => {
                    format!("{parent}#post-{}", post.id)
                }
                Some(_) => post.ap_id.clone(),
                None => "/".into(),
            };
            Ok(page.redirect(&to, Some("flash-post-published")))
        }
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "") else {
                return Err(e.into());
            };
            let draft = Draft {
                errors: errors.ordered(&["content", "summary", "language", "visibility"]),
                in_reply_to: in_reply_to.map(str::to_string),
                content: form.content,
                summary: form.summary,
                visibility: form.visibility,
                language: form.language,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            match draft.in_reply_to.clone() {
                Some(parent) => {
                    let user = page.user.as_ref();
                    let (post, author) = service::get(&page.data, user, &parent).await?;
                    render_post(page, post, author, draft, status).await
                }
                None => super::home::member_home(page, None, draft, status).await,
            }
        }
    }
}

/// `POST /posts/{id}/delete`: the author deletes a post.
pub async fn delete(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::delete(&page.data, user, id).await?;
    Ok(page.redirect("/", Some("flash-post-deleted")))
}

/// `GET /posts/{key}` for browsers. Mounted by `app`, which answers ActivityPub clients, so
/// it renders its own error pages (the web router's middleware does not wrap it).
pub async fn show(data: Ctx, headers: HeaderMap, key: String) -> Response {
    let response = match Page::from_headers(data.clone(), &headers).await {
        Ok(page) => show_local(page.at(&format!("/posts/{key}"), None), &key)
            .await
            .into_response(),
        Err(e) => WebError(e).into_response(),
    };
    page::error_page(data, &headers, response).await
}

async fn show_local(page: Page, key: &str) -> WebResult {
    let (post, author) = service::get_local(&page.data, page.user.as_ref(), key).await?;
    // Community posts are read in their thread, nested.
    if post.community_id.is_some() {
        let root = post.thread_id.unwrap_or(post.id);
        return Ok(page.redirect(&format!("/threads/{root}#p{}", post.id), None));
    }
    let draft = Draft::reply_to(&post);
    render_post(page, post, author, draft, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ReplyQuery {
    #[serde(default)]
    to: String,
}

/// `GET /posts/reply?to=<id>`: a post from elsewhere, with the form to answer it.
pub async fn reply(page: Page, Query(query): Query<ReplyQuery>) -> WebResult {
    let user = page.require_user()?;
    let id: i64 = query.to.parse().map_err(|_| AppError::NotFound)?;
    let (post, author) = service::get(&page.data, Some(user), &id.to_string()).await?;
    let draft = Draft::reply_to(&post);
    render_post(page, post, author, draft, StatusCode::OK).await
}

async fn render_post(
    page: Page,
    post: Post,
    author: Actor,
    draft: Draft,
    status: StatusCode,
) -> WebResult {
    let replies = service::replies(&page.data, &post).await?;
    let reacted = reacted(
        &page,
        std::iter::once(&post).chain(replies.iter().map(|(p, _)| p)),
    )
    .await?;
    let viewer = page.user.as_ref();
    page.render_status(
        status,
        "post.html",
        context! {
            post => card(&post, &author, viewer, &reacted),
            replies => cards(&replies, viewer, &reacted),
            compose => draft.value(&page),
        },
    )
    .await
}
