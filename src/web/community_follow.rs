//! Following a community: the button on its page, and the one a reply or new-thread form
//! offers to a member who may not post there yet (the form's text comes along and comes
//! back, ready to send); and what such a form says about the posting rules.

use crate::db::models::follow::STATE_PENDING;
use crate::error::AppError;
use crate::services::communities::{self as service, CommunityDetails};
use crate::web::auth::CsrfOnly;
use crate::web::communities::{community_href, path_name, render, ThreadDraft};
use crate::web::events::Pairs;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebError, WebResult};
use crate::web::threads::ReplyDraft;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// The follow button: alone, or in a reply or new-thread form whose text comes along.
#[derive(Deserialize, Default)]
pub struct FollowForm {
    #[serde(default)]
    csrf_token: String,
    /// The post a reply answers, when the button is in a reply form.
    #[serde(default)]
    reply_to: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    language: String,
}

/// `POST /communities/{name}/follow`: back to the community, not to an actor page. From a
/// reply or new-thread form (where a non-follower is offered the button), the page of that
/// form again with what was typed in it, ready to send.
pub async fn follow(
    mut page: Page,
    Path(name): Path<String>,
    Form(form): Form<FollowForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let (_, actor) = service::get(&page.data, &name).await?;
    let (row, _) = crate::services::follows::follow(&page.data, user, &path_name(&actor)).await?;
    let accepted = row.is_accepted();
    let drafted = !form.title.trim().is_empty() || !form.content.trim().is_empty();
    if drafted {
        page.notice(if accepted {
            "flash-followed-draft"
        } else {
            "flash-follow-sent-draft"
        });
        if let Ok(parent) = form.reply_to.parse::<i64>() {
            let user = page.user.as_ref();
            let tree = crate::services::threads::tree(&page.data, user, parent).await?;
            let draft = ReplyDraft {
                parent,
                content: form.content,
                language: form.language,
                errors: FormErrors::default(),
                removal: false,
            };
            return crate::web::threads::render(page, tree, Some(draft), StatusCode::OK).await;
        }
        let draft = ThreadDraft {
            title: form.title,
            content: form.content,
            language: form.language,
            errors: FormErrors::default(),
        };
        return render(page, &name, &Pairs::new(), draft, StatusCode::OK).await;
    }
    let flash = if accepted {
        "flash-followed"
    } else {
        "flash-follow-sent"
    };
    Ok(page.redirect(&community_href(&actor), Some(flash)))
}

/// Whether and why the signed-in member may not post in a community (a reply form or the
/// new-thread form says so beside the text), with the Follow button when following is what
/// is missing. `None` for visitors and for those who may post.
pub async fn posting_view(
    page: &Page,
    details: &CommunityDetails,
) -> Result<Option<Value>, WebError> {
    let Some(user) = &page.user else {
        return Ok(None);
    };
    let author = crate::services::actors::by_id(&page.data, user.actor_id).await?;
    let Some(rule) = service::posting_refusal(&page.data, details, &author).await? else {
        return Ok(None);
    };
    let follow =
        crate::services::follows::between(&page.data, user.actor_id, details.actor.id).await?;
    let pending = follow.as_ref().is_some_and(|f| f.state == STATE_PENDING);
    let follow_first = rule == "community-error-follow-first";
    let message = match (follow_first, pending) {
        (true, true) => page.t("community-request-pending"),
        (true, false) => page.t("community-posting-follow"),
        (false, _) => page.t(rule),
    };
    Ok(Some(context! {
        message => message,
        can_follow => follow_first && follow.is_none(),
        follow_action => format!("/communities/{}/follow", path_name(&details.actor)),
    }))
}

/// The form field a refusal of a community rule is about: the note where the form says
/// why, and offers to follow.
pub fn refusal_field(error: &AppError) -> &'static str {
    match error {
        AppError::NotAllowed(
            "community-error-follow-first"
            | "community-error-members-only"
            | "community-error-banned",
        ) => "posting",
        _ => "",
    }
}

/// `POST /communities/{name}/unfollow`: also withdraws a pending request.
pub async fn unfollow(
    page: Page,
    Path(name): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let (_, actor) = service::get(&page.data, &name).await?;
    if let Some(row) =
        crate::services::follows::between(&page.data, user.actor_id, actor.id).await?
    {
        crate::services::follows::unfollow(&page.data, user, row.id).await?;
    }
    Ok(page.redirect(&community_href(&actor), Some("flash-unfollowed")))
}
