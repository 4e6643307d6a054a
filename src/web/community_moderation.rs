//! Moderating a community hosted here: the moderation page (follow requests, moderators and
//! members, bans) and the moderators' buttons on thread pages (remove, lock, pin).

use crate::error::AppError;
use crate::services::communities as service;
use crate::services::{moderation, threads};
use crate::web::auth::CsrfOnly;
use crate::web::communities::{community_view, date, person};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

fn moderation_href(name: &str) -> String {
    format!("/communities/{name}/moderation")
}

/// What was typed in the add and ban forms, shown again with a refusal.
#[derive(Default)]
struct Problem {
    /// The refused form (`role`, `ban`, `people`), whose ids start with its name.
    form: &'static str,
    /// The rule it broke (a translation id).
    code: &'static str,
    who: String,
    role: String,
    reason: String,
    days: String,
    remove_posts: bool,
}

async fn render(page: Page, name: &str, problem: Option<Problem>) -> WebResult {
    let user = page.require_user()?;
    let requests = service::follow_requests(&page.data, user, name).await?;
    let bans = service::bans(&page.data, user, name).await?;
    let details = service::get_details(&page.data, name).await?;
    let requests: Vec<_> = requests
        .iter()
        .map(|(f, a)| context! { id => f.id, who => person(a) })
        .collect();
    let people: Vec<_> = details
        .moderators
        .iter()
        .map(|a| (a, "moderator"))
        .chain(details.members.iter().map(|a| (a, "member")))
        .map(|(a, role)| context! { who => person(a), role => role })
        .collect();
    let bans: Vec<_> = bans
        .iter()
        .map(|(b, a)| {
            context! {
                who => person(a),
                reason => b.reason,
                until => b.expires_at.map(|e| date(e).0),
            }
        })
        .collect();
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let p = problem.unwrap_or_default();
    let field = if p.form == "people" {
        ""
    } else {
        field_of(p.code)
    };
    let errors = match p.code {
        "" => FormErrors::default(),
        code => FormErrors::one(&page, field, code),
    };
    page.render_status(
        status,
        "community_moderation.html",
        context! {
            community => community_view(&details),
            requests => requests,
            people => people,
            bans => bans,
            problem => context! {
                form => p.form,
                errors => errors.view(&page, p.form),
                who => p.who,
                role => if p.role.is_empty() { "member".to_string() } else { p.role },
                reason => p.reason,
                days => p.days,
                remove_posts => p.remove_posts,
            },
        },
    )
    .await
}

/// `GET /communities/{name}/moderation` (moderators).
pub async fn page(page: Page, Path(name): Path<String>) -> WebResult {
    render(page, &name, None).await
}

/// The field of the add or ban form a rule is about.
fn field_of(code: &str) -> &'static str {
    match code {
        "community-error-role" => "role",
        "moderation-error-reason" => "reason",
        "moderation-error-days" => "days",
        _ => "who",
    }
}

/// Errors a moderator can fix in a form; others are error pages.
fn fixable(e: &AppError) -> Option<&'static str> {
    match e {
        AppError::Validation(id) => Some(id),
        AppError::NotFound | AppError::BadRequest(_) => Some("lookup-error-not-found"),
        _ => None,
    }
}

/// `POST /communities/{name}/moderation/requests/{id}/accept`.
pub async fn accept(
    page: Page,
    Path((name, id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    decide(page, name, id, form, true).await
}

/// `POST /communities/{name}/moderation/requests/{id}/decline`.
pub async fn decline(
    page: Page,
    Path((name, id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    decide(page, name, id, form, false).await
}

async fn decide(page: Page, name: String, id: i64, form: CsrfOnly, accept: bool) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::decide_request(&page.data, user, &name, id, accept).await?;
    let flash = if accept {
        "flash-community-request-accepted"
    } else {
        "flash-community-request-declined"
    };
    Ok(page.redirect(&moderation_href(&name), Some(flash)))
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    role: String,
}

/// `POST /communities/{name}/moderation/roles`: gives someone (by handle) a role.
pub async fn add_role(
    page: Page,
    Path(name): Path<String>,
    Form(form): Form<RoleForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    match service::set_role(&page.data, user, &name, form.who.trim(), &form.role).await {
        Ok(_) => Ok(page.redirect(&moderation_href(&name), Some("flash-community-role-set"))),
        Err(e) => match fixable(&e) {
            Some(id) => {
                let problem = Problem {
                    form: "role",
                    code: id,
                    who: form.who,
                    role: form.role,
                    ..Problem::default()
                };
                render(page, &name, Some(problem)).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /communities/{name}/moderation/roles/{actor_id}/remove`.
pub async fn remove_role(
    page: Page,
    Path((name, actor_id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    match service::remove_role(&page.data, user, &name, actor_id).await {
        Ok(()) => Ok(page.redirect(
            &moderation_href(&name),
            Some("flash-community-role-removed"),
        )),
        Err(AppError::Validation(id)) => {
            let problem = Problem {
                form: "people",
                code: id,
                ..Problem::default()
            };
            render(page, &name, Some(problem)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct BanForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    remove_posts: Option<String>,
    #[serde(default)]
    days: String,
}

/// `POST /communities/{name}/moderation/bans`: from the moderation page or a thread.
pub async fn ban(page: Page, Path(name): Path<String>, Form(form): Form<BanForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let days = match form.days.trim() {
        "" => Ok(None),
        d => d
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::Validation("moderation-error-days")),
    };
    let result = match days {
        Ok(days) => {
            moderation::ban(
                &page.data,
                user,
                &name,
                form.who.trim(),
                &form.reason,
                form.remove_posts.is_some(),
                days,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(page.redirect(&moderation_href(&name), Some("flash-community-banned"))),
        Err(e) => match fixable(&e) {
            Some(id) => {
                let problem = Problem {
                    form: "ban",
                    code: id,
                    who: form.who,
                    reason: form.reason,
                    days: form.days,
                    remove_posts: form.remove_posts.is_some(),
                    ..Problem::default()
                };
                render(page, &name, Some(problem)).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /communities/{name}/moderation/bans/{actor_id}/remove`.
pub async fn unban(
    page: Page,
    Path((name, actor_id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    moderation::unban(&page.data, user, &name, actor_id).await?;
    Ok(page.redirect(&moderation_href(&name), Some("flash-community-unbanned")))
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    csrf_token: String,
    /// `true` to set the flag, anything else to clear it.
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
}

/// Back to the thread of post `id`, at the post.
async fn back_to(page: &Page, id: i64) -> Result<String, crate::web::WebError> {
    let tree = threads::tree(&page.data, page.user.as_ref(), id).await?;
    let root = tree.root().post.id;
    Ok(crate::web::threads::post_href(root, id))
}

/// `POST /threads/{id}/remove`: removes (or restores, `value` not `true`) a post. A refused
/// reason comes back in the post's removal form on the thread page.
pub async fn remove(page: Page, Path(id): Path<i64>, Form(form): Form<FlagForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let on = form.value == "true";
    if let Err(e) = moderation::set_removed(&page.data, user, id, on, &form.reason).await {
        let Some(errors) = FormErrors::of(&page, &e, "reason") else {
            return Err(e.into());
        };
        let draft = crate::web::threads::ReplyDraft {
            parent: id,
            content: form.reason,
            language: String::new(),
            errors,
            removal: true,
        };
        let tree = threads::tree(&page.data, page.user.as_ref(), id).await?;
        return crate::web::threads::render(page, tree, Some(draft), e.status()).await;
    }
    let flash = if on {
        "flash-post-removed"
    } else {
        "flash-post-restored"
    };
    let to = back_to(&page, id).await?;
    Ok(page.redirect(&to, Some(flash)))
}

/// `POST /threads/{id}/lock`.
pub async fn lock(page: Page, Path(id): Path<i64>, Form(form): Form<FlagForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let on = form.value == "true";
    moderation::set_locked(&page.data, user, id, on, &form.reason).await?;
    let flash = if on {
        "flash-thread-locked"
    } else {
        "flash-thread-unlocked"
    };
    Ok(page.redirect(&format!("/threads/{id}"), Some(flash)))
}

/// `POST /threads/{id}/pin`.
pub async fn pin(page: Page, Path(id): Path<i64>, Form(form): Form<FlagForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let on = form.value == "true";
    moderation::set_pinned(&page.data, user, id, on).await?;
    let flash = if on {
        "flash-thread-pinned"
    } else {
        "flash-thread-unpinned"
    };
    Ok(page.redirect(&format!("/threads/{id}"), Some(flash)))
}
