//! Replication and scaling on the pages: the section of a project's page (what it
//! replicates, adapts or was inspired by; where it has been replicated, by country, and by
//! which projects), and the page where its members declare and remove sources.

use crate::db::models::actor::Actor;
use crate::db::models::entry::KIND_PROJECT;
use crate::i18n::{self, Arg};
use crate::services::entries as entries_service;
use crate::services::replications::{self as service, ReplicationInput};
use crate::vocabulary as vocab;
use crate::web::auth::CsrfOnly;
use crate::web::entries::entry_href;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebError, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// Where a project links to: its page here (a project of another hub has one when this hub
/// holds a copy), else its address elsewhere.
fn project_href(actor: Option<&Actor>, ap_id: &str) -> String {
    match actor {
        Some(a) if a.is_local => entry_href(KIND_PROJECT, &a.username),
        Some(a) => crate::web::profiles::href(a),
        None => ap_id.to_string(),
    }
}

/// "A", "A and B", "A, B and C", in the page's language.
fn and_list(page: &Page, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => {
            let args = [
                ("first", Arg::Str(head.join(", "))),
                ("last", Arg::Str(last.clone())),
            ];
            i18n::translate(page.lang, "replication-list-and", &args)
        }
    }
}

/// What a project declares, as its page and the management page list it.
async fn source_views(page: &Page, project: &Actor) -> Result<Vec<Value>, WebError> {
    let rows = service::sources(&page.data, project).await?;
    Ok(rows
        .iter()
        .map(|(r, source)| {
            let name = source
                .as_ref()
                .map(|a| a.display_name_or_username().to_string())
                .unwrap_or_else(|| r.source_ap_id.clone());
            context! {
                id => r.id,
                relation => r.relation,
                relation_label => page.t(&format!("replication-relation-{}", r.relation)),
                name => name,
                handle => source.as_ref().map(|a| a.handle()),
                href => project_href(source.as_ref(), &r.source_ap_id),
                note => Some(r.note.as_str()).filter(|n| !n.is_empty()),
            }
        })
        .collect())
}

/// The section of a project's page; None for organisations, which have none.
pub async fn entry_section(page: &Page, actor: &Actor) -> Result<Option<Value>, WebError> {
    if actor.kind != "Group" {
        return Ok(None);
    }
    section(page, actor, true).await
}

/// The same section on the page this hub shows of a project of another hub (the copy it
/// holds), when there is something to say.
pub async fn profile_section(page: &Page, actor: &Actor) -> Result<Option<Value>, WebError> {
    let project = match entries_service::of_actor(&page.data, actor.id).await? {
        Some((entry, _)) => entry.entry_kind == KIND_PROJECT,
        None => false,
    };
    if actor.is_local || !project {
        return Ok(None);
    }
    section(page, actor, false).await
}

async fn section(page: &Page, actor: &Actor, empty: bool) -> Result<Option<Value>, WebError> {
    let sources = source_views(page, actor).await?;
    let replicas = service::replicas(&page.data, actor).await?;
    if !empty && sources.is_empty() && replicas.is_empty() {
        return Ok(None);
    }
    let countries: Vec<String> = service::countries(&replicas)
        .iter()
        .filter_map(|c| crate::web::directory::country_name(page.lang, c))
        .collect();
    let replica_views: Vec<Value> = replicas
        .iter()
        .map(|r| {
            let country = r
                .entry
                .as_ref()
                .and_then(|e| e.country.as_deref())
                .and_then(|c| crate::web::directory::country_name(page.lang, c));
            let relation = &r.replication.relation;
            context! {
                name => r.project.display_name_or_username(),
                handle => r.project.handle(),
                href => project_href(Some(&r.project), r.project.ap_id.as_str()),
                local => r.project.is_local,
                country => country,
                relation_label => page.t(&format!("replication-replica-{relation}")),
                note => Some(r.replication.note.as_str()).filter(|n| !n.is_empty()),
            }
        })
        .collect();
    let replicated_in = (!countries.is_empty()).then(|| {
        let args = [("countries", Arg::Str(and_list(page, &countries)))];
        i18n::translate(page.lang, "replication-replicated-in", &args)
    });
    Ok(Some(context! {
        sources => sources,
        replicas => replica_views,
        replicated_in => replicated_in,
        manage_href => format!("{}/replications", entry_href(KIND_PROJECT, &actor.username)),
    }))
}

/// What the form shows after a refusal: what was typed, and why.
#[derive(Default)]
struct Draft {
    source: String,
    relation: String,
    note: String,
    errors: FormErrors,
}

async fn render(page: Page, project: Actor, draft: Draft, status: StatusCode) -> WebResult {
    let relations: Vec<Value> = vocab::REPLICATION_RELATIONS
        .iter()
        .map(|code| {
            context! {
                code => code,
                label => page.t(&format!("replication-relation-{code}")),
                hint => page.t(&format!("replication-relation-{code}-hint")),
            }
        })
        .collect();
    let sources = source_views(&page, &project).await?;
    let errors = draft
        .errors
        .ordered(&["source", "relation", "note"])
        .view(&page, "replication");
    page.render_status(
        status,
        "replications.html",
        context! {
            entry => context! {
                name => project.display_name_or_username(),
                handle => project.handle(),
                href => entry_href(KIND_PROJECT, &project.username),
            },
            sources => sources,
            relations => relations,
            form => context! {
                source => draft.source,
                relation => if draft.relation.is_empty() { "replicates".to_string() } else { draft.relation },
                note => draft.note,
                max_note => crate::federation::objects::replication::MAX_NOTE_CHARS,
                max_sources => crate::federation::objects::replication::MAX_SOURCES,
            },
            errors => errors,
        },
    )
    .await
}

/// The project `handle`, if the member may edit it.
async fn editable(page: &Page, handle: &str) -> Result<Actor, WebError> {
    let user = page.require_user()?;
    let (_, project) = entries_service::local(&page.data, KIND_PROJECT, handle).await?;
    entries_service::require_member(&page.data, user, &project, false).await?;
    Ok(project)
}

/// `GET /projects/{handle}/replications`: for the project's members.
pub async fn manage(page: Page, Path(handle): Path<String>) -> WebResult {
    let project = editable(&page, &handle).await?;
    render(page, project, Draft::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct DeclareForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    relation: String,
    #[serde(default)]
    note: String,
}

/// `POST /projects/{handle}/replications`: a member declares a source.
pub async fn declare(
    page: Page,
    Path(handle): Path<String>,
    Form(form): Form<DeclareForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let input = ReplicationInput {
        source: form.source.clone(),
        relation: form.relation.clone(),
        note: form.note.clone(),
    };
    match service::declare(&page.data, user, &handle, &input).await {
        Ok(_) => {
            let to = format!(
                "{}/replications",
                entry_href(KIND_PROJECT, &handle.to_lowercase())
            );
            Ok(page.redirect(&to, Some("flash-replication-added")))
        }
        Err(e) => match FormErrors::of(&page, &e, "source") {
            Some(errors) => {
                let project = editable(&page, &handle).await?;
                let draft = Draft {
                    source: form.source,
                    relation: form.relation,
                    note: form.note,
                    errors,
                };
                render(page, project, draft, StatusCode::UNPROCESSABLE_ENTITY).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /projects/{handle}/replications/{id}/delete`.
pub async fn remove(
    page: Page,
    Path((handle, id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::remove(&page.data, user, &handle, id).await?;
    let to = format!(
        "{}/replications",
        entry_href(KIND_PROJECT, &handle.to_lowercase())
    );
    Ok(page.redirect(&to, Some("flash-replication-removed")))
}
