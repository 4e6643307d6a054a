//! What a person types into the resource form or sends to the API, checked field by field:
//! lengths and codes here, then (in [`resolve`]) the publisher, the authors, the related
//! projects and the original of a translation, looked up here or elsewhere. Every failing
//! field is reported at once.

use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, KIND_PROJECT};
use crate::db::models::membership::Membership;
use crate::db::models::resource::{
    Author, Resource, ResourceForm, AUTHOR_ORGANISATION, AUTHOR_PERSON, FACET_LANGUAGE, FACET_THEME,
};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::objects::funding_call::primary_language;
use crate::state::Ctx;
use crate::vocabulary as vocab;
use serde::Deserialize;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_SUMMARY_CHARS: usize = 1000;
pub const MAX_BODY_CHARS: usize = 50_000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_AUTHORS: usize = 20;
pub const MAX_PROJECTS: usize = 20;
pub const MAX_LANGUAGES: usize = 10;

/// The publisher value that stands for the hub itself.
pub const HUB: &str = "hub";

/// A resource as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ResourceInput {
    /// Empty (the member), the handle of a local project or organisation the member
    /// belongs to, or `hub` (admins only). Ignored on edits.
    pub publisher: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub licence: String,
    /// The language it is written in (a BCP 47 tag; its primary subtag is kept).
    pub language: String,
    /// Further languages it contains.
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    /// `@name`, `@name@server`, an actor URL, or a name alone (someone without an account).
    pub authors: Vec<String>,
    /// Projects here or elsewhere: `@handle`, `@handle@server` or URL.
    pub projects: Vec<String>,
    /// The resource this translates: its address here or its ActivityPub id.
    pub translation_of: String,
}

/// The checked fields that need no lookup: the row (without ids, publisher, addresses and
/// translation) and the tags.
pub fn validate(input: &ResourceInput) -> AppResult<(ResourceForm, Vec<(String, String)>)> {
    let mut c = Checks::new();
    let out = check_fields(&mut c, input);
    c.finish()?;
    Ok(out)
}

fn check_fields(c: &mut Checks, input: &ResourceInput) -> (ResourceForm, Vec<(String, String)>) {
    let short = |text: &str, max: usize| text.chars().count() <= max;
    let title = input.title.trim().to_string();
    if c.check(!title.is_empty(), "title", "resource-error-title") {
        c.check(
            short(&title, MAX_TITLE_CHARS),
            "title",
            "resource-error-too-long",
        );
    }
    let summary = input.summary.trim().to_string();
    c.check(
        short(&summary, MAX_SUMMARY_CHARS),
        "summary",
        "resource-error-too-long",
    );
    c.check(
        short(&input.body, MAX_BODY_CHARS),
        "body",
        "resource-error-too-long",
    );
    let kind = input.kind.trim().to_ascii_lowercase();
    c.check(
        vocab::RESOURCE_KINDS.contains(&kind.as_str()),
        "kind",
        "resource-error-kind",
    );
    let licence = input.licence.trim().to_ascii_lowercase();
    c.check(
        vocab::LICENCES.contains(&licence.as_str()),
        "licence",
        "resource-error-licence",
    );
    let language =
        primary_language(&input.language).filter(|l| crate::i18n::language_name("en", l).is_some());
    c.check(language.is_some(), "language", "resource-error-language");
    let mut tags = Vec::new();
    if let Some(l) = &language {
        tags.push((FACET_LANGUAGE.to_string(), l.clone()));
    }
    let mut extra = 0;
    for raw in &input.languages {
        if raw.trim().is_empty() {
            continue;
        }
        match primary_language(raw).filter(|l| crate::i18n::language_name("en", l).is_some()) {
            Some(l) => {
                if !tags.iter().any(|(_, v)| *v == l) {
                    tags.push((FACET_LANGUAGE.to_string(), l));
                    extra += 1;
                }
            }
            None => c.fail("languages", "resource-error-language"),
        }
    }
    c.check(
        extra <= MAX_LANGUAGES,
        "languages",
        "resource-error-too-many",
    );
    for t in &input.themes {
        let t = t.trim().to_ascii_lowercase();
        if t.is_empty() {
            continue;
        }
        if c.check(
            vocab::THEMES.contains(&t.as_str()),
            "themes",
            "resource-error-code",
        ) && !tags.iter().any(|(f, v)| f == FACET_THEME && *v == t)
        {
            tags.push((FACET_THEME.to_string(), t));
        }
    }
    let filled = |list: &[String]| list.iter().filter(|x| !x.trim().is_empty()).count();
    c.check(
        filled(&input.authors) <= MAX_AUTHORS,
        "authors",
        "resource-error-too-many",
    );
    c.check(
        filled(&input.projects) <= MAX_PROJECTS,
        "projects",
        "resource-error-too-many",
    );
    let now = crate::db::now();
    let form = ResourceForm {
        ap_id: String::new(),
        publisher_id: 0,
        creator_id: None,
        is_local: true,
        resource_kind: kind,
        title,
        summary,
        body_source: input.body.clone(),
        body_html: crate::text::markdown_to_html(&input.body),
        licence,
        language: language.unwrap_or_default(),
        translation_of: None,
        url: None,
        published: now,
        updated: None,
    };
    (form, tags)
}

/// What the lookups found.
pub struct Resolved {
    pub publisher: Option<Actor>,
    pub authors: Vec<Author>,
    /// ActivityPub ids of the related projects.
    pub projects: Vec<String>,
    /// The id of the original, for a translation.
    pub translation_of: Option<String>,
}

/// Checks every field, the lookups included; `publisher` is looked up only for a new
/// resource. Returns the row, the tags and what the lookups found.
pub async fn resolve(
    data: &Ctx,
    user: &User,
    input: &ResourceInput,
    new: bool,
    own_ap_id: Option<&str>,
) -> AppResult<(ResourceForm, Vec<(String, String)>, Resolved)> {
    let mut c = Checks::new();
    let (form, tags) = check_fields(&mut c, input);
    let publisher = if new {
        c.take(
            "publisher",
            publisher_for(data, user, &input.publisher).await,
        )
    } else {
        None
    };
    let mut authors = Vec::new();
    for raw in input
        .authors
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
    {
        match author(data, raw).await {
            Ok(a) => {
                if !authors.contains(&a) {
                    authors.push(a)
                }
            }
            Err(e) => c.absorb("authors", e),
        }
    }
    let mut projects = Vec::new();
    for raw in input
        .projects
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        match project(data, raw).await {
            Ok(id) => {
                if !projects.contains(&id) {
                    projects.push(id)
                }
            }
            Err(e) => c.absorb("projects", e),
        }
    }
    let translation_of = match input.translation_of.trim() {
        "" => None,
        raw => match original(data, raw, own_ap_id).await {
            Ok(id) => Some(id),
            Err(e) => {
                c.absorb("translation_of", e);
                None
            }
        },
    };
    c.finish()?;
    Ok((
        form,
        tags,
        Resolved {
            publisher,
            authors,
            projects,
            translation_of,
        },
    ))
}

/// The actor `user` publishes as: themselves, a local project or organisation they are an
/// active member of, or (admins) the hub's own actor.
pub async fn publisher_for(data: &Ctx, user: &User, handle: &str) -> AppResult<Actor> {
    let handle = handle.trim().trim_start_matches('@').to_lowercase();
    let mut conn = data.pool.get().await?;
    let me = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if handle.is_empty() || handle == me.username {
        return Ok(me);
    }
    if handle == HUB {
        if !user.is_admin {
            return Err(AppError::Validation("resource-error-publisher"));
        }
        return Actor::find_local(&mut conn, data.config.host())
            .await?
            .ok_or(AppError::Validation("resource-error-publisher"));
    }
    let actor = Actor::find_local(&mut conn, &handle)
        .await?
        .filter(|a| a.kind == "Organization" || a.kind == "Group")
        .ok_or(AppError::Validation("resource-error-publisher"))?;
    match Membership::find(&mut conn, actor.id, user.id).await? {
        Some(m) if m.is_active() => Ok(actor),
        _ => Err(AppError::Validation("resource-error-publisher")),
    }
}

/// The actors `user` may publish as: themselves, the projects and organisations they
/// belong to, and the hub for admins.
pub async fn publishers_of(data: &Ctx, user: &User) -> AppResult<Vec<Actor>> {
    let mut conn = data.pool.get().await?;
    let mut out: Vec<Actor> = Actor::find(&mut conn, user.actor_id)
        .await?
        .into_iter()
        .collect();
    out.extend(
        Membership::of_user(&mut conn, user.id)
            .await?
            .into_iter()
            .filter(|(m, _)| m.is_active())
            .map(|(_, a)| a),
    );
    if user.is_admin {
        if let Some(hub) = Actor::find_local(&mut conn, data.config.host()).await? {
            out.push(hub);
        }
    }
    Ok(out)
}

/// Whether a typed author names an account (else it is a name alone).
fn names_an_account(raw: &str) -> bool {
    raw.starts_with('@') || raw.starts_with("https://") || raw.starts_with("http://")
}

async fn author(data: &Ctx, raw: &str) -> AppResult<Author> {
    if !names_an_account(raw) {
        if raw.chars().count() > MAX_NAME_CHARS || raw.chars().any(char::is_control) {
            return Err(AppError::Validation("resource-error-author"));
        }
        return Ok(Author {
            ap_id: None,
            name: raw.to_string(),
            kind: AUTHOR_PERSON.into(),
        });
    }
    let actor = crate::services::actors::lookup(data, raw)
        .await
        .map_err(|e| match e {
            AppError::Database(_) | AppError::Internal(_) => e,
            _ => AppError::Validation("resource-error-author"),
        })?;
    let kind = match actor.kind.as_str() {
        "Person" | "Service" => AUTHOR_PERSON,
        "Organization" | "Group" => AUTHOR_ORGANISATION,
        _ => return Err(AppError::Validation("resource-error-author")),
    };
    Ok(Author {
        ap_id: Some(actor.ap_id.to_string()),
        name: actor.display_name_or_username().to_string(),
        kind: kind.into(),
    })
}

/// A project here or elsewhere, by handle or URL: its ActivityPub id.
async fn project(data: &Ctx, raw: &str) -> AppResult<String> {
    let refuse = |e: AppError| match e {
        AppError::Database(_) | AppError::Internal(_) => e,
        _ => AppError::Validation("resource-error-project"),
    };
    let actor = crate::services::actors::lookup(data, raw)
        .await
        .map_err(refuse)?;
    let mut conn = data.pool.get().await?;
    let is_project = DirectoryEntry::find(&mut conn, actor.id)
        .await?
        .is_some_and(|e| e.entry_kind == KIND_PROJECT);
    if !is_project {
        return Err(AppError::Validation("resource-error-project"));
    }
    Ok(actor.ap_id.to_string())
}

/// The original a translation belongs to: the resource named (by its page here, its key or
/// its id), or that resource's own original.
async fn original(data: &Ctx, raw: &str, own: Option<&str>) -> AppResult<String> {
    let mut conn = data.pool.get().await?;
    let base = format!("{}/resources/", data.config.base_url());
    let key = raw.strip_prefix(&base).unwrap_or(raw).trim_matches('/');
    let found = match Resource::find_by_ap_id(&mut conn, raw).await? {
        Some(r) => Some(r),
        None => Resource::find_by_key(&mut conn, key).await?,
    };
    let found = found.ok_or(AppError::Validation("resource-error-translation"))?;
    let root = found.translation_of.clone().unwrap_or(found.ap_id.clone());
    if own.is_some_and(|o| o == root || o == found.ap_id) {
        return Err(AppError::Validation("resource-error-translation"));
    }
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_checked_at_once() {
        let input = ResourceInput {
            kind: "poster".into(),
            licence: "gpl".into(),
            language: "klingon".into(),
            themes: vec!["nope".into()],
            ..Default::default()
        };
        let Err(AppError::Invalid(fields)) = validate(&input) else {
            panic!("refused")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
        for f in ["title", "kind", "licence", "language", "themes"] {
            assert!(names.contains(&f), "{f} in {names:?}");
        }
    }

    #[test]
    fn a_good_resource_passes() {
        let input = ResourceInput {
            kind: "toolkit".into(),
            title: "Co-design toolkit".into(),
            licence: "cc-by-sa".into(),
            language: "pt-PT".into(),
            languages: vec!["en".into(), "pt".into()],
            body: "**Steps**".into(),
            ..Default::default()
        };
        let (form, tags) = validate(&input).unwrap();
        assert_eq!(form.language, "pt");
        assert!(form.body_html.contains("<strong>"));
        assert_eq!(tags.len(), 2, "{tags:?}");
        assert!(names_an_account("@ana@hub.example"));
        assert!(!names_an_account("Ana Lima"));
    }
}
