//! Projects and organisations ("directory entries"): each is an actor of its own (`Group`
//! or `Organization`) that anyone can follow, with a directory profile, members who may
//! edit it, and updates it publishes to its followers.

use crate::db::models::actor::{Actor, ActorForm, ProfileChanges};
use crate::db::models::entry::{DirectoryEntry, EntryForm, Tags, KIND_ORGANISATION, KIND_PROJECT};
use crate::db::models::follow::Follow;
use crate::db::models::membership::{Membership, ROLE_ADMIN, STATE_ACTIVE};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult, Checks, FieldError};
use crate::federation::activities::update::Update;
use crate::federation::outbox;
use crate::federation::{peering, Urls};
use crate::state::Ctx;
use crate::vocabulary as vocab;
use chrono::NaiveDate;
use scoped_futures::ScopedFutureExt;

/// What a member fills in for a project or an organisation. Fields of the other kind are
/// ignored.
#[derive(Debug, Clone, Default)]
pub struct EntryInput {
    pub handle: String,
    pub name: String,
    pub summary: String,
    /// Markdown.
    pub description: String,
    pub website: Option<String>,
    pub country: Option<String>,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub focus: Vec<String>,
    pub technologies: Vec<String>,
    pub sdgs: Vec<String>,
    pub status: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub social_impact: String,
    pub beneficiaries: String,
    pub org_type: Option<String>,
    pub org_size: Option<String>,
    pub expertise: Vec<String>,
    pub needs: Vec<String>,
}

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_SUMMARY_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_TEXT_CHARS: usize = 2_000;

/// The ActivityStreams type of each kind of entry.
pub fn actor_type(kind: &str) -> &'static str {
    if kind == KIND_PROJECT {
        "Group"
    } else {
        "Organization"
    }
}

/// The path segment of each kind (`/projects/{handle}`, `/organisations/{handle}`).
pub fn path_segment(kind: &str) -> &'static str {
    if kind == KIND_PROJECT {
        "projects"
    } else {
        "organisations"
    }
}

/// Codes from a controlled list; unknown ones are an error, duplicates are dropped.
fn coded(values: &[String], list: &[&str]) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if !list.contains(&v) {
            return Err(AppError::Validation("entry-error-unknown-code"));
        }
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    Ok(out)
}

fn free_tags(values: &[String]) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        let tag = vocab::normalise_tag(v).ok_or(AppError::Validation("entry-error-tag"))?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > vocab::MAX_TAGS {
        return Err(AppError::Validation("entry-error-too-many-tags"));
    }
    Ok(out)
}

fn optional_code(value: &Option<String>, list: &[&str]) -> AppResult<Option<String>> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if list.contains(&v) => Ok(Some(v.to_string())),
        Some(_) => Err(AppError::Validation("entry-error-unknown-code")),
    }
}

/// A handle that is taken, as the form and the API report it.
fn handle_taken() -> AppError {
    AppError::Invalid(vec![FieldError {
        field: "handle",
        code: "signup-error-username-taken",
    }])
}

/// The validated parts of an input: the directory form and the tags.
pub struct Validated {
    pub name: String,
    pub summary: String,
    pub form: EntryForm,
    pub tags: Tags,
}

/// Checks every field of `input` for an entry of `kind`, reporting each failing one by
/// the name the form and the API give it.
pub fn validate(kind: &str, input: &EntryInput) -> AppResult<Validated> {
    let mut c = Checks::new();
    let too_long = "entry-error-too-long";
    let short = |text: &str, max: usize| text.chars().count() <= max;
    let name = input.name.trim().to_string();
    if c.check(!name.is_empty(), "name", "entry-error-name-required") {
        c.check(short(&name, MAX_NAME_CHARS), "name", too_long);
    }
    c.check(
        short(&input.summary, MAX_SUMMARY_CHARS),
        "summary",
        too_long,
    );
    c.check(
        short(&input.description, MAX_DESCRIPTION_CHARS),
        "description",
        too_long,
    );
    let project = kind == KIND_PROJECT;
    c.check(short(&input.region, MAX_TEXT_CHARS), "region", too_long);
    if project {
        for (field, text) in [
            ("social_impact", &input.social_impact),
            ("beneficiaries", &input.beneficiaries),
        ] {
            c.check(short(text, MAX_TEXT_CHARS), field, too_long);
        }
    }
    let website = match input
        .website
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        None => None,
        Some(w) => {
            let url = url::Url::parse(w)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
            c.check(url.is_some(), "website", "entry-error-website");
            url.map(|u| u.to_string())
        }
    };
    let country = match input
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(code) => {
            let upper = code.to_ascii_uppercase();
            let known = isocountry::CountryCode::for_alpha2(&upper).is_ok();
            c.check(known, "country", "entry-error-country")
                .then_some(upper)
        }
    };
    let in_range = |v: Option<f64>, max: f64| v.is_some_and(|v| v.is_finite() && v.abs() <= max);
    let (latitude, longitude) = match (input.latitude, input.longitude) {
        (None, None) => (None, None),
        (la, lo) => {
            // Each coordinate is marked on its own: the missing or out-of-range one.
            c.check(in_range(la, 90.0), "latitude", "entry-error-coordinates");
            c.check(in_range(lo, 180.0), "longitude", "entry-error-coordinates");
            (la, lo)
        }
    };
    let mut languages = Vec::new();
    for l in input
        .languages
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
    {
        let tag = crate::text::language_tag(l);
        if c.check(tag.is_some(), "languages", "entry-error-language") {
            languages.extend(tag.filter(|t| !languages.contains(t)));
        }
    }
    let mut tags: Tags = Vec::new();
    let mut add = |facet: &str, values: Option<Vec<String>>| {
        let values = values.unwrap_or_default();
        tags.extend(values.into_iter().map(|v| (facet.to_string(), v)));
    };
    add("language", Some(languages));
    add(
        "theme",
        c.take("themes", coded(&input.themes, vocab::THEMES)),
    );
    add("focus", c.take("focus", coded(&input.focus, vocab::FOCUS)));
    add(
        "technology",
        c.take(
            "technologies",
            coded(&input.technologies, vocab::TECHNOLOGIES),
        ),
    );
    add("sdg", c.take("sdgs", coded(&input.sdgs, vocab::SDGS)));
    if !project {
        add(
            "expertise",
            c.take("expertise", free_tags(&input.expertise)),
        );
        add("need", c.take("needs", free_tags(&input.needs)));
    }
    let (start_date, end_date) = if project {
        if let (Some(s), Some(e)) = (input.start_date, input.end_date) {
            c.check(e >= s, "end_date", "entry-error-dates");
        }
        (input.start_date, input.end_date)
    } else {
        (None, None)
    };
    let status = if project {
        c.take(
            "status",
            optional_code(&input.status, vocab::PROJECT_STATUSES),
        )
        .flatten()
    } else {
        None
    };
    let (org_type, org_size) = if project {
        (None, None)
    } else {
        (
            c.take(
                "org_type",
                optional_code(&input.org_type, vocab::ORGANISATION_TYPES),
            )
            .flatten(),
            c.take(
                "org_size",
                optional_code(&input.org_size, vocab::ORGANISATION_SIZES),
            )
            .flatten(),
        )
    };
    c.finish()?;
    let form = EntryForm {
        entry_kind: kind.to_string(),
        description_source: input.description.trim().to_string(),
        description_html: crate::text::markdown_to_html(input.description.trim()),
        website,
        country,
        region: input.region.trim().to_string(),
        latitude,
        longitude,
        status,
        start_date,
        end_date,
        social_impact: if project {
            input.social_impact.trim().to_string()
        } else {
            String::new()
        },
        beneficiaries: if project {
            input.beneficiaries.trim().to_string()
        } else {
            String::new()
        },
        org_type,
        org_size,
    };
    Ok(Validated {
        name,
        summary: crate::text::text_to_html(input.summary.trim()),
        form,
        tags,
    })
}

/// Checks a new entry: its handle (its form, and that no one here has it: people, projects,
/// organisations and communities share the names) with every other field, so that a
/// refusal names all of them. Returns the handle and the validated fields.
pub async fn check_new(
    data: &Ctx,
    kind: &str,
    input: &EntryInput,
) -> AppResult<(String, Validated)> {
    let mut checks = Checks::new();
    let handle = checks.take(
        "handle",
        crate::services::users::validate_username(&input.handle, false),
    );
    if let Some(name) = &handle {
        let mut conn = data.pool.get().await?;
        let taken = Actor::find_local(&mut conn, name).await?.is_some();
        checks.check(!taken, "handle", "signup-error-username-taken");
    }
    let valid = checks.take("", validate(kind, input));
    match (handle, valid) {
        (Some(handle), Some(valid)) if checks.is_empty() => Ok((handle, valid)),
        _ => Err(checks.error()),
    }
}

/// `user` creates a project or organisation and becomes its first admin.
pub async fn create(
    data: &Ctx,
    user: &User,
    kind: &str,
    input: EntryInput,
) -> AppResult<(DirectoryEntry, Actor)> {
    let (handle, valid) = check_new(data, kind, &input).await?;
    let keys = crate::services::users::generate_keys().await?;
    let base = data.config.base_url();
    let id = format!("{base}/{}/{handle}", path_segment(kind));
    let now = crate::db::now();
    let form = ActorForm {
        ap_id: id.clone(),
        kind: actor_type(kind).into(),
        username: handle.clone(),
        domain: data.config.server.domain.clone(),
        display_name: valid.name,
        summary: valid.summary,
        inbox_url: format!("{id}/inbox"),
        shared_inbox_url: Some(Urls::new(&base).shared_inbox()),
        outbox_url: Some(format!("{id}/outbox")),
        followers_url: Some(format!("{id}/followers")),
        following_url: Some(format!("{id}/following")),
        profile_url: Some(id.clone()),
        public_key_pem: keys.public_key,
        private_key_pem: Some(keys.private_key),
        is_local: true,
        // Public projects and organisations accept followers at once.
        manually_approves_followers: false,
        discoverable: true,
        published: Some(now),
        last_refreshed_at: now,
        domain_limited: false,
    };
    let user_id = user.id;
    let data2 = data.reset_request_count();
    let mut conn = data.pool.get().await?;
    let result = outbox::commit(data, &mut conn, |conn| {
        async move {
            let actor = Actor::insert(conn, &form).await?;
            let entry = DirectoryEntry::save(conn, &actor, &valid.form, &valid.tags).await?;
            Membership::upsert(conn, actor.id, user_id, ROLE_ADMIN, STATE_ACTIVE, None).await?;
            // Peer hubs get every new entry (issue 8).
            let extension = crate::federation::objects::entry::to_extension(&entry, &valid.tags);
            peering::announce::actor_changed(conn, &data2, "Create", &actor, Some(extension))
                .await?;
            Ok((entry, actor))
        }
        .scope_boxed()
    })
    .await;
    match result {
        Err(AppError::Database(e)) if crate::db::is_unique_violation(&e) => Err(handle_taken()),
        other => other,
    }
}

/// A local entry of `kind` by handle.
pub async fn local(data: &Ctx, kind: &str, handle: &str) -> AppResult<(DirectoryEntry, Actor)> {
    let mut conn = data.pool.get().await?;
    DirectoryEntry::find_local(&mut conn, kind, &handle.to_lowercase())
        .await?
        .ok_or(AppError::NotFound)
}

/// The entry of any actor, local or remote.
pub async fn of_actor(data: &Ctx, actor_id: i64) -> AppResult<Option<(DirectoryEntry, Tags)>> {
    let mut conn = data.pool.get().await?;
    match DirectoryEntry::find(&mut conn, actor_id).await? {
        Some(entry) => {
            let tags = DirectoryEntry::tags(&mut conn, actor_id).await?;
            Ok(Some((entry, tags)))
        }
        None => Ok(None),
    }
}

/// The membership that lets `user` edit `actor`, or Forbidden.
pub async fn require_member(
    data: &Ctx,
    user: &User,
    actor: &Actor,
    admin: bool,
) -> AppResult<Membership> {
    let mut conn = data.pool.get().await?;
    match Membership::find(&mut conn, actor.id, user.id).await? {
        Some(m) if m.is_active() && (!admin || m.role == ROLE_ADMIN) => Ok(m),
        _ => Err(AppError::Forbidden),
    }
}

/// Saves an edit by a member and sends the new profile to the entry's followers.
pub async fn update(
    data: &Ctx,
    user: &User,
    kind: &str,
    handle: &str,
    input: EntryInput,
) -> AppResult<(DirectoryEntry, Actor)> {
    let (_, actor) = local(data, kind, handle).await?;
    require_member(data, user, &actor, false).await?;
    let valid = validate(kind, &input)?;
    let base = data.config.base_url();
    let data2 = data.reset_request_count();
    let changes = ProfileChanges {
        display_name: valid.name,
        summary: valid.summary,
        manually_approves_followers: false,
    };
    let mut conn = data.pool.get().await?;
    let result = outbox::commit(data, &mut conn, |conn| {
        async move {
            let actor = Actor::update_profile(conn, actor.id, &changes).await?;
            let entry = DirectoryEntry::save(conn, &actor, &valid.form, &valid.tags).await?;
            let mut extension =
                crate::federation::objects::entry::to_extension(&entry, &valid.tags);
            // The declared sources go with every profile: a reader replaces what it held.
            crate::federation::objects::replication::extend(conn, actor.id, &mut extension).await?;
            crate::federation::objects::entry_link::extend(conn, actor.id, &mut extension).await?;
            let inboxes = Follow::remote_follower_inboxes(conn, actor.id).await?;
            if !inboxes.is_empty() {
                let update = Update::for_actor_with(
                    &Urls::new(&base),
                    actor.clone(),
                    &data2,
                    Some(extension.clone()),
                )
                .await?;
                outbox::queue(conn, update.id.as_str(), &actor, &update, inboxes).await?;
            }
            peering::announce::actor_changed(conn, &data2, "Update", &actor, Some(extension))
                .await?;
            Ok((entry, actor))
        }
        .scope_boxed()
    })
    .await?;
    Ok(result)
}

/// The entry kinds, for callers that take a kind from a URL.
pub fn parse_kind(raw: &str) -> AppResult<&'static str> {
    match raw {
        "project" | "projects" => Ok(KIND_PROJECT),
        "organisation" | "organisations" | "organization" | "organizations" => {
            Ok(KIND_ORGANISATION)
        }
        _ => Err(AppError::NotFound),
    }
}

/// An admin deletes a project or organisation: its followers elsewhere get a Delete of the
/// actor, its directory entry, members and links go, and its updates are deleted.
pub async fn delete(data: &Ctx, user: &User, kind: &str, handle: &str) -> AppResult<()> {
    let (_, actor) = local(data, kind, handle).await?;
    require_member(data, user, &actor, true).await?;
    let config = &data.config;
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let inboxes = Follow::remote_follower_inboxes(conn, actor.id).await?;
            let delete = crate::federation::activities::delete::Delete::for_actor(&actor)?;
            if !inboxes.is_empty() {
                outbox::queue(conn, delete.id.as_str(), &actor, &delete, inboxes).await?;
            }
            peering::announce::activity(conn, config, &delete, crate::federation::actor_context())
                .await?;
            crate::services::events::delete_all_of(conn, &actor).await?;
            DirectoryEntry::delete(conn, actor.id).await?;
            crate::db::models::membership::Membership::delete_all(conn, actor.id).await?;
            crate::db::models::entry_link::EntryLink::delete_all(conn, actor.id).await?;
            crate::db::models::replication::Replication::delete_all(conn, actor.id).await?;
            crate::db::models::post::Post::mark_all_deleted(conn, actor.id).await?;
            Follow::delete_all(conn, actor.id).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// The organisations of a project, or the projects of an organisation, with roles.
pub async fn links(
    data: &Ctx,
    actor: &Actor,
) -> AppResult<Vec<(crate::db::models::entry_link::EntryLink, Actor)>> {
    let mut conn = data.pool.get().await?;
    if actor.kind == "Group" {
        Ok(crate::db::models::entry_link::EntryLink::organisations_of(&mut conn, actor.id).await?)
    } else {
        Ok(crate::db::models::entry_link::EntryLink::projects_of(&mut conn, actor.id).await?)
    }
}

/// The input that reproduces an entry as stored (for edit forms and partial updates).
pub fn input_from(entry: &DirectoryEntry, actor: &Actor, tags: &Tags) -> EntryInput {
    let of = |facet: &str| -> Vec<String> {
        tags.iter()
            .filter(|(f, _)| f == facet)
            .map(|(_, v)| v.clone())
            .collect()
    };
    EntryInput {
        handle: actor.username.clone(),
        name: actor.display_name.clone(),
        summary: crate::text::html_to_text(&actor.summary),
        description: entry.description_source.clone(),
        website: entry.website.clone(),
        country: entry.country.clone(),
        region: entry.region.clone(),
        latitude: entry.latitude,
        longitude: entry.longitude,
        languages: of("language"),
        themes: of("theme"),
        focus: of("focus"),
        technologies: of("technology"),
        sdgs: of("sdg"),
        status: entry.status.clone(),
        start_date: entry.start_date,
        end_date: entry.end_date,
        social_impact: entry.social_impact.clone(),
        beneficiaries: entry.beneficiaries.clone(),
        org_type: entry.org_type.clone(),
        org_size: entry.org_size.clone(),
        expertise: of("expertise"),
        needs: of("need"),
    }
}

/// Followers of an entry (accepted), for its page and API.
pub async fn follower_count(data: &Ctx, actor: &Actor) -> AppResult<i64> {
    let mut conn = data.pool.get().await?;
    Ok(Follow::count_followers(
        &mut conn,
        actor.id,
        crate::db::models::follow::STATE_ACCEPTED,
    )
    .await?)
}
