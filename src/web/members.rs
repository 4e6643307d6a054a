//! The team of a project or organisation: members, invitations and their answers, roles,
//! leaving; and the organisations linked to a project.

use crate::db::models::actor::Actor;
use crate::db::models::entry::KIND_PROJECT;
use crate::error::AppError;
use crate::services::entries as entries_service;
use crate::services::memberships as service;
use crate::vocabulary as vocab;
use crate::web::auth::CsrfOnly;
use crate::web::entries::{entry_href, label, link_views, member_view, Kind};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// What the forms of the members page show after a refusal.
#[derive(Default)]
struct Refused {
    /// The typed handle and role of a refused invitation.
    invite: Option<(String, String)>,
    /// The typed organisation and role of a refused link.
    link: Option<(String, String)>,
    /// The form a refusal is about (`invite`, `link`, `members`) and why.
    errors: Option<(&'static str, FormErrors)>,
}

/// The field of the invitation or link form a rule is about.
fn field_of(code: &str) -> &'static str {
    match code {
        "member-error-role" | "link-error-role" => "role",
        "link-error-not-organisation" | "lookup-error-not-found" | "lookup-error-invalid" => {
            "organisation"
        }
        _ => "handle",
    }
}

fn role_options(page: &Page, list: &[&str], label_list: &str) -> Vec<Value> {
    list.iter()
        .map(|code| context! { code => code, label => label(page, label_list, code) })
        .collect()
}

async fn render(page: Page, kind: &'static str, actor: Actor, refused: Refused) -> WebResult {
    let user = page.require_user()?;
    let rows = service::list(&page.data, &actor).await?;
    let mine = rows
        .iter()
        .find(|(m, _)| m.user_id == user.id)
        .map(|(m, _)| m.clone())
        .ok_or(AppError::Forbidden)?;
    let mut members = Vec::new();
    for (m, u) in &rows {
        members.push(member_view(&page, m, u).await?);
    }
    let is_project = kind == KIND_PROJECT;
    let links = if is_project {
        link_views(&page, &actor).await?
    } else {
        Vec::new()
    };
    let status = if refused.errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (error_form, errors) = refused.errors.unwrap_or_default();
    // Each form's ids start with its name (`invite-handle`, `link-role`).
    let errors = errors.view(&page, error_form);
    let (invite_handle, invite_role) = refused.invite.unwrap_or_default();
    let (link_target, link_role) = refused.link.unwrap_or_default();
    page.render_status(
        status,
        "entry_members.html",
        context! {
            entry => context! {
                name => actor.display_name_or_username(),
                handle => actor.handle(),
                href => entry_href(kind, &actor.username),
                is_project => is_project,
            },
            me => context! {
                active => mine.is_active(),
                admin => mine.is_admin(),
                role_label => label(&page, "memberrole", mine.role.as_str()),
            },
            members => members,
            links => links,
            member_roles => role_options(&page, vocab::MEMBER_ROLES, "memberrole"),
            link_roles => role_options(&page, vocab::LINK_ROLES, "linkrole"),
            invite => context! { handle => invite_handle, role => invite_role },
            link => context! { target => link_target, role => link_role },
            errors => errors,
            error_form => error_form,
        },
    )
    .await
}

/// The members page of `handle`, with an error in the form it is about.
async fn refuse(
    page: Page,
    kind: &'static str,
    handle: &str,
    error_id: &'static str,
    mut refused: Refused,
    form: &'static str,
) -> WebResult {
    let (_, actor) = entries_service::local(&page.data, kind, handle).await?;
    let field = if form == "members" {
        ""
    } else {
        field_of(error_id)
    };
    refused.errors = Some((form, FormErrors::one(&page, field, error_id)));
    render(page, kind, actor, refused).await
}

fn members_href(kind: &str, handle: &str) -> String {
    format!("{}/members", entry_href(kind, handle))
}

/// `GET /{kind}/{handle}/members`: for members and invitees.
pub async fn page(page: Page, Kind(kind): Kind, Path(handle): Path<String>) -> WebResult {
    page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, &handle).await?;
    render(page, kind, actor, Refused::default()).await
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    handle: String,
    #[serde(default)]
    role: String,
}

/// `POST /{kind}/{handle}/members`: an admin invites a member of this hub.
pub async fn invite(
    page: Page,
    Kind(kind): Kind,
    Path(handle): Path<String>,
    Form(form): Form<InviteForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, &handle).await?;
    match service::invite(&page.data, user, &actor, &form.handle, &form.role).await {
        Ok(_) => {
            let to = members_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-member-invited")))
        }
        Err(AppError::Validation(id)) => {
            let refused = Refused {
                invite: Some((form.handle, form.role)),
                ..Refused::default()
            };
            refuse(page, kind, &handle, id, refused, "invite").await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    role: String,
}

/// `POST /{kind}/{handle}/members/{user_id}/role`: an admin changes a member's role.
pub async fn change_role(
    page: Page,
    Kind(kind): Kind,
    Path((handle, user_id)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, &handle).await?;
    match service::change(&page.data, user, &actor, user_id, Some(&form.role)).await {
        Ok(()) => {
            let to = members_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-member-role-changed")))
        }
        Err(AppError::Validation(id)) => {
            refuse(page, kind, &handle, id, Refused::default(), "members").await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /{kind}/{handle}/members/{user_id}/remove`: an admin removes a member, a member
/// leaves, or an admin withdraws an invitation.
pub async fn remove(
    page: Page,
    Kind(kind): Kind,
    Path((handle, user_id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, &handle).await?;
    match service::change(&page.data, user, &actor, user_id, None).await {
        Ok(()) if user_id == user.id => {
            let to = entry_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-member-left")))
        }
        Ok(()) => {
            let to = members_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-member-removed")))
        }
        Err(AppError::Validation(id)) => {
            refuse(page, kind, &handle, id, Refused::default(), "members").await
        }
        Err(e) => Err(e.into()),
    }
}

async fn answer(page: Page, kind: &'static str, handle: &str, accept: bool) -> WebResult {
    let user = page.require_user()?;
    let (_, actor) = entries_service::local(&page.data, kind, handle).await?;
    service::answer(&page.data, user, &actor, accept).await?;
    let (to, flash) = if accept {
        (
            entry_href(kind, &actor.username),
            "flash-invitation-accepted",
        )
    } else {
        ("/".to_string(), "flash-invitation-declined")
    };
    Ok(page.redirect(&to, Some(flash)))
}

/// `POST /{kind}/{handle}/invitation/accept`.
pub async fn accept(
    page: Page,
    Kind(kind): Kind,
    Path(handle): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    answer(page, kind, &handle, true).await
}

/// `POST /{kind}/{handle}/invitation/decline`.
pub async fn decline(
    page: Page,
    Kind(kind): Kind,
    Path(handle): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    answer(page, kind, &handle, false).await
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    role: String,
}

/// `POST /projects/{handle}/links`: a member links an organisation, here or elsewhere.
pub async fn link(page: Page, Path(handle): Path<String>, Form(form): Form<LinkForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let result = crate::services::entry_links::link_organisation(
        &page.data,
        user,
        &handle,
        form.organisation.trim(),
        &form.role,
    )
    .await;
    let error_id = match result {
        Ok(_) => {
            let to = members_href(KIND_PROJECT, &handle.to_lowercase());
            return Ok(page.redirect(&to, Some("flash-link-added")));
        }
        Err(AppError::Validation(id)) => id,
        // Nobody found at that address is the member's typing, not a missing page.
        Err(AppError::NotFound) if !form.organisation.trim().is_empty() => "lookup-error-not-found",
        Err(AppError::NotFound) => "lookup-error-invalid",
        Err(e) => return Err(e.into()),
    };
    let refused = Refused {
        link: Some((form.organisation, form.role)),
        ..Refused::default()
    };
    refuse(page, KIND_PROJECT, &handle, error_id, refused, "link").await
}

/// `POST /projects/{handle}/links/{id}/delete`.
pub async fn unlink(
    page: Page,
    Path((handle, id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    crate::services::entry_links::unlink(&page.data, user, &handle, id).await?;
    let to = members_href(KIND_PROJECT, &handle.to_lowercase());
    Ok(page.redirect(&to, Some("flash-link-removed")))
}
