//! Direct messages: the member's conversations (`/messages`), one conversation with its
//! answer form (`/messages/{id}`), and a new message (`/messages/new?to=…`, which the
//! "contact" button of a project or organisation opens, addressed to the entry).

use crate::db::models::actor::Actor;
use crate::db::models::post::Post;
use crate::error::AppError;
use crate::services::messages::{self as service, MessageInput};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

fn person(actor: &Actor) -> Value {
    context! {
        display_name => actor.display_name_or_username(),
        handle => actor.handle(),
        href => crate::web::profiles::href(actor),
        kind => actor.kind,
    }
}

fn message(post: &Post, author: &Actor, me: i64) -> Value {
    context! {
        id => post.id,
        author => person(author),
        mine => author.id == me,
        content_html => post.content_html,
        published => crate::text::utc_minutes(post.published),
        published_iso => crate::text::rfc3339(post.published),
        language => post.language,
    }
}

/// What the message form shows again after a refusal.
#[derive(Default)]
struct Draft {
    to: String,
    content: String,
    language: String,
    errors: FormErrors,
}

impl Draft {
    fn value(&self, page: &Page, prefix: &str) -> Value {
        context! {
            to => self.to,
            content => self.content,
            language => self.language,
            errors => self.errors.view(page, prefix),
            max_chars => crate::services::posts::MAX_CHARS,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    before: Option<i64>,
}

/// `GET /messages`
pub async fn list(page: Page, Query(q): Query<ListQuery>) -> WebResult {
    let user = page.require_user()?;
    let rows = service::list(&page.data, user, q.before).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|c| {
            context! {
                id => c.id,
                others => c.others.iter().map(person).collect::<Vec<_>>(),
                // What was typed, for ours (without the mentions the wire needs).
                excerpt => if c.last.source.is_empty() {
                    crate::text::plain_text(&c.last.content_html, 160)
                } else {
                    crate::text::plain_text(&c.last.source, 160)
                },
                last_author => person(&c.last_author),
                last_mine => c.last_author.id == user.actor_id,
                at => crate::text::utc_minutes(c.last.published),
                at_iso => crate::text::rfc3339(c.last.published),
                unread => c.unread,
            }
        })
        .collect();
    let older = (rows.len() >= 40)
        .then(|| {
            rows.last()
                .map(|c| format!("/messages?before={}", c.last.id))
        })
        .flatten();
    page.render("messages.html", context! { items => items, older => older })
        .await
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default)]
    to: String,
}

/// `GET /messages/new?to=<handle>`
pub async fn new(page: Page, Query(q): Query<NewQuery>) -> WebResult {
    page.require_user()?;
    // An address the contact button gave reads better as the handle people know.
    let typed = q.to.trim();
    let known = match typed.starts_with("http") {
        true => crate::services::actors::lookup_stored(&page.data, typed)
            .await
            .ok()
            .flatten(),
        false => None,
    };
    let draft = Draft {
        to: known
            .map(|a| a.handle())
            .unwrap_or_else(|| typed.to_string()),
        ..Draft::default()
    };
    render_new(page, draft, StatusCode::OK).await
}

async fn render_new(page: Page, draft: Draft, status: StatusCode) -> WebResult {
    // Addressed to one known project or organisation: say that its admins read it.
    let entry = match draft.to.split([',', ' ']).filter(|s| !s.is_empty()).count() {
        1 => crate::services::actors::lookup_stored(&page.data, draft.to.trim())
            .await
            .ok()
            .flatten()
            .filter(|a| matches!(a.kind.as_str(), "Group" | "Organization"))
            .map(|a| person(&a)),
        _ => None,
    };
    let form = draft.value(&page, "message");
    page.render_status(
        status,
        "message_new.html",
        context! { form => form, entry => entry },
    )
    .await
}

#[derive(Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    language: String,
}

/// `POST /messages`: a new conversation.
pub async fn create(page: Page, Form(form): Form<MessageForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let input = MessageInput {
        to: &form.to,
        content: &form.content,
        conversation: None,
        language: Some(form.language.trim()).filter(|s| !s.is_empty()),
    };
    match service::send(&page.data, user, input).await {
        Ok(post) => {
            let id = conversation_of(&page, &post).await?;
            Ok(page.redirect(
                &format!("/messages/{id}#m{}", post.id),
                Some("flash-message-sent"),
            ))
        }
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "content") else {
                return Err(e.into());
            };
            let draft = Draft {
                to: form.to,
                content: form.content,
                language: form.language,
                errors: errors.ordered(&["to", "content", "language"]),
            };
            render_new(page, draft, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

async fn conversation_of(page: &Page, post: &Post) -> Result<i64, crate::web::WebError> {
    let mut conn = page.data.pool.get().await.map_err(AppError::from)?;
    Ok(crate::db::models::conversation::of_post(&mut conn, post.id)
        .await
        .map_err(AppError::from)?
        .unwrap_or(post.id))
}

/// `GET /messages/{id}`
pub async fn show(page: Page, Path(id): Path<i64>) -> WebResult {
    render_conversation(page, id, Draft::default(), StatusCode::OK).await
}

async fn render_conversation(page: Page, id: i64, draft: Draft, status: StatusCode) -> WebResult {
    let user = page.require_user()?;
    let view = service::read(&page.data, user, id).await?;
    let posts: Vec<Value> = view
        .posts
        .iter()
        .map(|(p, a)| message(p, a, user.actor_id))
        .collect();
    let others: Vec<Value> = view.others.iter().map(person).collect();
    let form = draft.value(&page, "answer");
    page.render_status(
        status,
        "message_conversation.html",
        context! { id => id, posts => posts, others => others, form => form },
    )
    .await
}

/// `POST /messages/{id}`: an answer to everyone in the conversation.
pub async fn answer(page: Page, Path(id): Path<i64>, Form(form): Form<MessageForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let input = MessageInput {
        to: "",
        content: &form.content,
        conversation: Some(id),
        language: Some(form.language.trim()).filter(|s| !s.is_empty()),
    };
    match service::send(&page.data, user, input).await {
        Ok(post) => Ok(page.redirect(
            &format!("/messages/{id}#m{}", post.id),
            Some("flash-message-sent"),
        )),
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "content") else {
                return Err(e.into());
            };
            let draft = Draft {
                content: form.content,
                language: form.language,
                errors: errors.ordered(&["content", "language"]),
                ..Draft::default()
            };
            render_conversation(page, id, draft, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}
