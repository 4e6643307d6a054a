//! The page of a project or organisation: its profile, logo and banner, partners, team,
//! updates and feed, who can help an organisation, with the follow button, the invitation
//! answer and the update form for members; deleting it.

use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, Tags, KIND_ORGANISATION, KIND_PROJECT};
use crate::db::models::membership::Membership;
use crate::db::models::post::VISIBILITY_PUBLIC;
use crate::db::models::user::User;
use crate::services::entries as service;
use crate::services::posts::PostInput;
use crate::state::Ctx;
use crate::vocabulary as vocab;
use crate::web::auth::CsrfOnly;
use crate::web::form_errors::FormErrors;
use crate::web::page::{self, Page, WebError, WebResult};
use crate::web::posts::card;
use crate::web::profiles::{href, page_number};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// Updates per page of an entry.
const UPDATES_PAGE: i64 = 10;

/// The kind of entry a URL is about, from its first segment (`/projects/…`,
/// `/organisations/…`), so one handler serves both.
pub struct Kind(pub &'static str);

impl<S: Send + Sync> FromRequestParts<S> for Kind {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        let path = parts.uri.path().trim_start_matches('/');
        let first = path.split('/').next().unwrap_or_default();
        Ok(Kind(service::parse_kind(first)?))
    }
}

/// The page of an entry, from its kind and handle.
pub fn entry_href(kind: &str, handle: &str) -> String {
    format!("/{}/{handle}", service::path_segment(kind))
}

/// The translated label of a code of a controlled list (`vocab-<list>-<code>`).
pub fn label(page: &Page, list: &str, code: &str) -> String {
    page.t(&format!("vocab-{list}-{code}"))
}

/// The codes of `facet` in `tags` that belong to `list`, labelled: stored tags of other
/// servers may hold codes this hub has no label for, which are left out.
/// Listed in the vocabulary's order (SDG 3 before SDG 10), not the database's.
fn chips(page: &Page, tags: &Tags, facet: &str, list: &[&str], label_list: &str) -> Vec<Value> {
    list.iter()
        .filter(|code| tags.iter().any(|(f, v)| f == facet && v == *code))
        .map(|code| context! { code => code, label => label(page, label_list, code) })
        .collect()
}

fn free_values(tags: &Tags, facet: &str) -> Vec<String> {
    tags.iter()
        .filter(|(f, _)| f == facet)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The directory fields of an entry as its page shows them.
fn entry_view(page: &Page, entry: &DirectoryEntry, actor: &Actor, tags: &Tags) -> Value {
    let kind = entry.entry_kind.as_str();
    let country_name = entry
        .country
        .as_deref()
        .and_then(|c| crate::web::directory::country_name(page.lang, c));
    let coded = |code: &Option<String>, list: &[&str], label_list: &str| {
        code.as_deref()
            .filter(|c| list.contains(c))
            .map(|c| label(page, label_list, c))
    };
    let href = entry_href(kind, &actor.username);
    context! {
        kind => kind,
        is_project => kind == KIND_PROJECT,
        feed_href => format!("{href}/feed.atom"),
        href => href,
        username => actor.username,
        handle => actor.handle(),
        ap_id => actor.ap_id.to_string(),
        name => actor.display_name_or_username(),
        summary_html => crate::text::sanitize_html(&actor.summary),
        description_html => entry.description_html,
        website => entry.website,
        country => entry.country,
        country_name => country_name,
        region => Some(entry.region.trim()).filter(|r| !r.is_empty()),
        latitude => entry.latitude,
        longitude => entry.longitude,
        status => coded(&entry.status, vocab::PROJECT_STATUSES, "status"),
        start_date => entry.start_date.map(|d| d.to_string()),
        end_date => entry.end_date.map(|d| d.to_string()),
        social_impact => Some(entry.social_impact.trim()).filter(|s| !s.is_empty()),
        beneficiaries => Some(entry.beneficiaries.trim()).filter(|s| !s.is_empty()),
        org_type => coded(&entry.org_type, vocab::ORGANISATION_TYPES, "orgtype"),
        org_size => coded(&entry.org_size, vocab::ORGANISATION_SIZES, "orgsize"),
        languages => free_values(tags, "language"),
        themes => chips(page, tags, "theme", vocab::THEMES, "theme"),
        focus => chips(page, tags, "focus", vocab::FOCUS, "focus"),
        technologies => chips(page, tags, "technology", vocab::TECHNOLOGIES, "technology"),
        sdgs => chips(page, tags, "sdg", vocab::SDGS, "sdg"),
        expertise => free_values(tags, "expertise"),
        needs => free_values(tags, "need"),
    }
}

/// A member of an entry as the team lists show them.
pub async fn member_view(page: &Page, m: &Membership, user: &User) -> Result<Value, WebError> {
    let actor = crate::services::actors::by_id(&page.data, user.actor_id).await?;
    let role = if vocab::MEMBER_ROLES.contains(&m.role.as_str()) {
        label(page, "memberrole", m.role.as_str())
    } else {
        m.role.to_string()
    };
    Ok(context! {
        user_id => user.id,
        name => actor.display_name_or_username(),
        handle => actor.handle(),
        href => href(&actor),
        role => m.role,
        role_label => role,
        invited => !m.is_active(),
        is_self => page.user.as_ref().is_some_and(|u| u.id == user.id),
    })
}

/// The partner organisations of a project, or the projects of an organisation.
pub async fn link_views(page: &Page, actor: &Actor) -> Result<Vec<Value>, WebError> {
    let rows = service::links(&page.data, actor).await?;
    Ok(rows
        .iter()
        .map(|(link, other)| {
            let role = vocab::LINK_ROLES
                .contains(&link.role.as_str())
                .then(|| label(page, "linkrole", &link.role));
            context! {
                id => link.id,
                name => other.display_name_or_username(),
                handle => other.handle(),
                href => href(other),
                role_label => role,
            }
        })
        .collect())
}

/// The organisations whose expertise covers some of `actor`'s needs, best first, each with
/// the needs it covers. None for projects and for organisations without needs, whose page
/// has no such section.
async fn helper_views(
    page: &Page,
    entry: &DirectoryEntry,
    actor: &Actor,
    tags: &Tags,
) -> Result<Option<Vec<Value>>, WebError> {
    if entry.entry_kind != KIND_ORGANISATION || !tags.iter().any(|(f, _)| f == "need") {
        return Ok(None);
    }
    let found = crate::services::directory::who_can_help(&page.data, actor).await?;
    let views = found
        .iter()
        .map(|(hit, covers)| {
            let other = &hit.actor;
            // Remote organisations have a page here too: their profile.
            let link = if other.is_local {
                entry_href(&hit.entry.entry_kind, &other.username)
            } else {
                href(other)
            };
            context! {
                name => other.display_name_or_username(),
                handle => other.handle(),
                href => link,
                local => other.is_local,
                domain => other.domain,
                covers => covers,
            }
        })
        .collect();
    Ok(Some(views))
}

/// What the update form shows: empty, or what was typed when it was refused.
#[derive(Default)]
pub struct UpdateDraft {
    title: String,
    content: String,
    language: String,
    errors: FormErrors,
}

impl UpdateDraft {
    /// What the form reads; its ids start with `update-`.
    fn value(&self, page: &Page) -> Value {
        let errors = self.errors.view(page, "update");
        context! {
            title => self.title,
            content => self.content,
            language => self.language,
            errors => errors,
            max_chars => crate::services::posts::MAX_CHARS,
            max_title_chars => crate::services::posts::MAX_TITLE_CHARS,
        }
    }
}

/// `GET /projects/{handle}` and `/organisations/{handle}` for browsers. Mounted by `app`,
/// which answers ActivityPub clients, so it renders its own error pages.
pub async fn show(
    data: Ctx,
    headers: HeaderMap,
    kind: &'static str,
    handle: String,
    query: Option<String>,
) -> Response {
    let response = match Page::from_headers(data.clone(), &headers).await {
        Ok(page) => show_entry(
            page.at(
                &format!("/{}/{handle}", crate::services::entries::path_segment(kind)),
                query.as_deref(),
            ),
            kind,
            &handle,
            query.as_deref(),
        )
        .await
        .into_response(),
        Err(e) => WebError(e).into_response(),
    };
    page::error_page(data, &headers, response).await
}

async fn show_entry(
    page: Page,
    kind: &'static str,
    handle: &str,
    query: Option<&str>,
) -> WebResult {
    let raw_page = query.and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "page")
            .map(|(_, v)| v.into_owned())
    });
    let page_no = page_number(raw_page.as_deref())?;
    let (entry, actor) = service::local(&page.data, kind, handle).await?;
    render_entry(
        page,
        entry,
        actor,
        page_no,
        UpdateDraft::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_entry(
    page: Page,
    entry: DirectoryEntry,
    actor: Actor,
    page_no: i64,
    draft: UpdateDraft,
    status: StatusCode,
) -> WebResult {
    let data = &page.data;
    let tags = service::of_actor(data, actor.id)
        .await?
        .map(|(_, t)| t)
        .unwrap_or_default();
    let memberships = crate::services::memberships::list(data, &actor).await?;
    let mine = page
        .user
        .as_ref()
        .and_then(|u| memberships.iter().find(|(m, _)| m.user_id == u.id))
        .map(|(m, _)| m.clone());
    let is_member = mine.as_ref().is_some_and(|m| m.is_active());
    let mut team = Vec::new();
    // Invitations are the members' business; visitors see who is on the team.
    for (m, u) in memberships
        .iter()
        .filter(|(m, _)| is_member || m.is_active())
    {
        team.push(member_view(&page, m, u).await?);
    }
    let relations = crate::services::follows::relations(data, actor.id, 0).await?;
    let (relation, follow_id) = match &page.user {
        None => (None, None),
        Some(u) => match crate::services::follows::between(data, u.actor_id, actor.id).await? {
            None => (Some("none"), None),
            Some(f) if f.is_accepted() => (Some("accepted"), Some(f.id)),
            Some(f) => (Some("pending"), Some(f.id)),
        },
    };
    let (updates_total, updates) = crate::services::posts::listed_by_author(
        data,
        actor.id,
        UPDATES_PAGE,
        (page_no - 1) * UPDATES_PAGE,
    )
    .await?;
    let reacted = crate::web::posts::reacted(&page, updates.iter()).await?;
    let viewer = page.user.as_ref();
    let membership = mine.as_ref().map(|m| {
        context! {
            active => m.is_active(),
            admin => m.is_admin(),
            role_label => label(&page, "memberrole", m.role.as_str()),
        }
    });
    page.render_status(
        status,
        "entry.html",
        context! {
            entry => entry_view(&page, &entry, &actor, &tags),
            images => crate::web::entry_images::images_view(&page, &actor).await?,
            helpers => helper_views(&page, &entry, &actor, &tags).await?,
            events => crate::web::events::organizer_section(&page, &actor).await?,
            calls => crate::web::funding_calls::entry_section(&page, &actor).await?,
            resources => crate::web::resources::entry_section(&page, &actor).await?,
            needs_total => tags.iter().filter(|(f, _)| f == "need").count(),
            links => link_views(&page, &actor).await?,
            replication => crate::web::replications::entry_section(&page, &actor).await?,
            team => team,
            membership => membership,
            followers_count => relations.followers_count,
            relation => relation,
            follow_id => follow_id,
            updates => updates.iter().map(|p| card(p, &actor, viewer, &reacted)).collect::<Vec<_>>(),
            updates_total => updates_total,
            newer_page => (page_no > 1).then_some(page_no - 1),
            older_page => (page_no * UPDATES_PAGE < updates_total).then_some(page_no + 1),
            update_form => draft.value(&page),
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    language: String,
}

/// `POST /{kind}/{handle}/updates`: a member publishes an update of the entry.
pub async fn post_update(
    page: Page,
    Kind(kind): Kind,
    Path(handle): Path<String>,
    Form(form): Form<UpdateForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let (entry, actor) = service::local(&page.data, kind, &handle).await?;
    service::require_member(&page.data, user, &actor, false).await?;
    let input = PostInput {
        content: &form.content,
        summary: "",
        visibility: VISIBILITY_PUBLIC.as_str(),
        in_reply_to: None,
        language: Some(form.language.trim()).filter(|l| !l.is_empty()),
    };
    let title = Some(form.title.as_str());
    let to = entry_href(kind, &actor.username);
    match crate::services::posts::create_for_entry(&page.data, actor.clone(), title, input).await {
        Ok(_) => Ok(page.redirect(&format!("{to}#updates"), Some("flash-update-published"))),
        Err(e) => match FormErrors::of(&page, &e, "") {
            // Answered at the form's address, whose GET leads back to the entry's page.
            Some(errors) => {
                let draft = UpdateDraft {
                    errors: errors.ordered(&["title", "content", "language"]),
                    title: form.title,
                    content: form.content,
                    language: form.language,
                };
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                render_entry(page, entry, actor, 1, draft, status).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /{kind}/{handle}/delete`: an admin deletes the entry (confirmed on the edit page).
pub async fn delete(
    page: Page,
    Kind(kind): Kind,
    Path(handle): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::delete(&page.data, user, kind, &handle).await?;
    Ok(page.redirect("/", Some("flash-entry-deleted")))
}
