//! Communities: create and edit (moderators), list and find, moderators and members, bans,
//! follow requests of approval-based communities, and the posting rules every thread and
//! reply passes through (local or received).

use crate::db::models::actor::{Actor, ActorForm, ProfileChanges};
use crate::db::models::community::{
    Community, CommunityBan, CommunityForm, CommunityRole, CommunitySummary, Posting,
    POSTING_FOLLOWERS, POSTING_MEMBERS, ROLE_MEMBER, ROLE_MODERATOR,
};
use crate::db::models::follow::{Follow, STATE_ACCEPTED, STATE_PENDING};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks, FieldError};
use crate::federation::activities::update::Update;
use crate::federation::outbox;
use crate::federation::Urls;
use crate::state::Ctx;
use crate::text::markdown_to_html;
use scoped_futures::ScopedFutureExt;

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const MAX_RULES_CHARS: usize = 10_000;
pub const MAX_LANGUAGES: usize = 24;

/// What a moderator fills in to create or edit a community.
#[derive(Debug, Clone, Default)]
pub struct CommunityInput {
    /// The handle (`@handle@hub`); ignored on edit.
    pub handle: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    /// Markdown.
    pub rules: String,
    /// BCP 47 tags.
    pub languages: Vec<String>,
    /// Follow requests wait for a moderator.
    pub approval_required: bool,
    /// [`POSTING_FOLLOWERS`] or [`POSTING_MEMBERS`].
    pub posting: String,
}

/// A community with what a page or the API shows about it.
pub struct CommunityDetails {
    pub community: Community,
    pub actor: Actor,
    pub moderators: Vec<Actor>,
    pub members: Vec<Actor>,
    pub followers: i64,
}

/// Checks every field, reporting each failing one by the name the form and the API give
/// it; returns the cleaned languages.
fn validate(input: &CommunityInput, checks: &mut Checks) -> Vec<String> {
    let too_long = "community-error-too-long";
    let name = input.name.trim();
    if checks.check(!name.is_empty(), "name", "community-error-name") {
        checks.check(name.chars().count() <= MAX_NAME_CHARS, "name", too_long);
    }
    checks.check(
        input.description.chars().count() <= MAX_DESCRIPTION_CHARS,
        "description",
        too_long,
    );
    checks.check(
        input.rules.chars().count() <= MAX_RULES_CHARS,
        "rules",
        too_long,
    );
    checks.take("posting", posting_of(input));
    let mut languages = Vec::new();
    for raw in input
        .languages
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
    {
        let tag = crate::text::language_tag(raw);
        if checks.check(tag.is_some(), "languages", "community-error-language") {
            languages.extend(tag.filter(|t| !languages.contains(t)));
        }
    }
    checks.check(
        languages.len() <= MAX_LANGUAGES,
        "languages",
        "community-error-language",
    );
    languages
}

/// The posting rule the input names (`followers` or `members`).
fn posting_of(input: &CommunityInput) -> AppResult<Posting> {
    input
        .posting
        .parse()
        .map_err(|_| AppError::Validation("community-error-posting"))
}

/// Markdown description as the actor's `summary` (what Mastodon and Lemmy show).
fn form_for(actor_id: i64, input: &CommunityInput, languages: &[String]) -> CommunityForm {
    CommunityForm {
        actor_id,
        description_source: input.description.trim().to_string(),
        description_html: markdown_to_html(input.description.trim()),
        rules_source: input.rules.trim().to_string(),
        rules_html: markdown_to_html(input.rules.trim()),
        languages: languages.join(" "),
        // Checked by `validate` before any form is built.
        posting: posting_of(input).unwrap_or(POSTING_FOLLOWERS),
        moderators_url: None,
        featured_url: None,
    }
}

/// `user` creates a community and becomes its first moderator.
pub async fn create(data: &Ctx, user: &User, input: CommunityInput) -> AppResult<CommunityDetails> {
    let mut checks = Checks::new();
    let handle = checks.take(
        "handle",
        crate::services::users::validate_username(&input.handle, false),
    );
    if let Some(name) = &handle {
        // Names are shared with people, projects and organisations; checked here with the
        // other fields (the database's unique index catches a race).
        let mut conn = data.pool.get().await?;
        let taken = Actor::find_local(&mut conn, name).await?.is_some();
        checks.check(!taken, "handle", "signup-error-username-taken");
    }
    let languages = validate(&input, &mut checks);
    checks.finish()?;
    let handle = handle.unwrap_or_default();
    let keys = crate::services::users::generate_keys().await?;
    let base = data.config.base_url();
    let id = format!("{base}/communities/{handle}");
    let now = crate::db::now();
    let actor_form = ActorForm {
        ap_id: id.clone(),
        kind: "Group".into(),
        username: handle,
        domain: data.config.server.domain.clone(),
        display_name: input.name.trim().to_string(),
        summary: markdown_to_html(input.description.trim()),
        inbox_url: format!("{id}/inbox"),
        shared_inbox_url: Some(Urls::new(&base).shared_inbox()),
        outbox_url: Some(format!("{id}/outbox")),
        followers_url: Some(format!("{id}/followers")),
        following_url: Some(format!("{id}/following")),
        profile_url: Some(id.clone()),
        public_key_pem: keys.public_key,
        private_key_pem: Some(keys.private_key),
        is_local: true,
        manually_approves_followers: input.approval_required,
        discoverable: true,
        published: Some(now),
        last_refreshed_at: now,
        domain_limited: false,
    };
    let creator = user.actor_id;
    let data2 = data.reset_request_count();
    let mut conn = data.pool.get().await?;
    let result = outbox::commit(data, &mut conn, |conn| {
        async move {
            let actor = Actor::insert(conn, &actor_form).await?;
            let community = Community::save(conn, &form_for(actor.id, &input, &languages)).await?;
            Community::set_role(conn, actor.id, creator, ROLE_MODERATOR).await?;
            // Peer hubs list every community (issue 8).
            let extension = crate::federation::objects::community::to_extension(
                &community,
                actor.ap_id.as_str(),
            );
            crate::federation::peering::announce::actor_changed(
                conn,
                &data2,
                "Create",
                &actor,
                Some(extension),
            )
            .await?;
            Ok(actor)
        }
        .scope_boxed()
    })
    .await;
    let actor = match result {
        Err(AppError::Database(e)) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::Invalid(vec![FieldError {
                field: "handle",
                code: "signup-error-username-taken",
            }]))
        }
        other => other?,
    };
    details(&mut conn, actor.id).await
}

/// A moderator edits a community; its followers elsewhere get an Update of the Group.
pub async fn update(
    data: &Ctx,
    user: &User,
    name: &str,
    input: CommunityInput,
) -> AppResult<CommunityDetails> {
    let (_, actor) = require_moderator(data, user, name).await?;
    let mut checks = Checks::new();
    let languages = validate(&input, &mut checks);
    checks.finish()?;
    let changes = ProfileChanges {
        display_name: input.name.trim().to_string(),
        summary: markdown_to_html(input.description.trim()),
        manually_approves_followers: input.approval_required,
    };
    let base = data.config.base_url();
    let data2 = data.reset_request_count();
    let mut conn = data.pool.get().await?;
    let actor = outbox::commit(data, &mut conn, |conn| {
        async move {
            let actor = Actor::update_profile(conn, actor.id, &changes).await?;
            let community = Community::save(conn, &form_for(actor.id, &input, &languages)).await?;
            let inboxes = Follow::remote_follower_inboxes(conn, actor.id).await?;
            let extension = crate::federation::objects::community::to_extension(
                &community,
                actor.ap_id.as_str(),
            );
            crate::federation::peering::announce::actor_changed(
                conn,
                &data2,
                "Update",
                &actor,
                Some(extension.clone()),
            )
            .await?;
            if !inboxes.is_empty() {
                let update = Update::for_actor_with(
                    &Urls::new(&base),
                    actor.clone(),
                    &data2,
                    Some(extension),
                )
                .await?;
                outbox::queue(conn, update.id.as_str(), &actor, &update, inboxes).await?;
            }
            Ok(actor)
        }
        .scope_boxed()
    })
    .await?;
    details(&mut conn, actor.id).await
}

/// Every community here (local ones first, then remote ones someone here follows).
pub async fn list(data: &Ctx, language: Option<&str>) -> AppResult<Vec<CommunitySummary>> {
    let mut conn = data.pool.get().await?;
    Ok(Community::list(&mut conn, language).await?)
}

/// Splits `name` or `name@domain` (a leading `@` allowed).
fn split_handle(name: &str) -> (&str, Option<&str>) {
    let name = name.trim().trim_start_matches('@');
    match name.split_once('@') {
        Some((user, domain)) => (user, Some(domain)),
        None => (name, None),
    }
}

/// A community by handle: `name` (here) or `name@domain` (elsewhere, known here). The own
/// domain in a handle means here.
pub async fn get(data: &Ctx, name: &str) -> AppResult<(Community, Actor)> {
    let (user, domain) = split_handle(name);
    let domain = domain.filter(|d| !d.eq_ignore_ascii_case(&data.config.server.domain));
    let mut conn = data.pool.get().await?;
    Community::by_handle(&mut conn, user, domain)
        .await?
        .ok_or(AppError::NotFound)
}

/// A community with its moderators, members and follower count.
/// Whether the actor is a community (here or elsewhere).
pub async fn is_community(data: &Ctx, actor_id: i64) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    Ok(Community::find(&mut conn, actor_id).await?.is_some())
}

pub async fn details(conn: &mut DbConn, actor_id: i64) -> AppResult<CommunityDetails> {
    let (community, actor) = Community::with_actor(conn, actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(CommunityDetails {
        moderators: Community::with_role(conn, actor_id, ROLE_MODERATOR).await?,
        members: Community::with_role(conn, actor_id, ROLE_MEMBER).await?,
        followers: Follow::count_followers(conn, actor_id, STATE_ACCEPTED).await?,
        community,
        actor,
    })
}

pub async fn get_details(data: &Ctx, name: &str) -> AppResult<CommunityDetails> {
    let (_, actor) = get(data, name).await?;
    let mut conn = data.pool.get().await?;
    details(&mut conn, actor.id).await
}

/// Whether `actor_id` moderates the community.
pub async fn is_moderator(conn: &mut DbConn, community_id: i64, actor_id: i64) -> AppResult<bool> {
    Ok(Community::role_of(conn, community_id, actor_id).await? == Some(ROLE_MODERATOR))
}

/// A local community that `user` moderates (403 otherwise).
pub async fn require_moderator(
    data: &Ctx,
    user: &User,
    name: &str,
) -> AppResult<(Community, Actor)> {
    let (community, actor) = get(data, name).await?;
    if !actor.is_local {
        return Err(AppError::Forbidden);
    }
    let mut conn = data.pool.get().await?;
    if !is_moderator(&mut conn, actor.id, user.actor_id).await? {
        return Err(AppError::Forbidden);
    }
    Ok((community, actor))
}

/// A moderator gives someone (a local member or a remote actor, by handle) a role:
/// [`ROLE_MODERATOR`] (local members only) or [`ROLE_MEMBER`].
pub async fn set_role(
    data: &Ctx,
    user: &User,
    name: &str,
    who: &str,
    role: &str,
) -> AppResult<Actor> {
    let (_, community) = require_moderator(data, user, name).await?;
    let role: CommunityRole = role
        .parse()
        .map_err(|_| AppError::Validation("community-error-role"))?;
    let target = crate::services::actors::lookup(data, who).await?;
    if role == ROLE_MODERATOR && !(target.is_local && target.kind == "Person") {
        return Err(AppError::Validation("community-error-moderator-local"));
    }
    let mut conn = data.pool.get().await?;
    Community::set_role(&mut conn, community.id, target.id, role).await?;
    Ok(target)
}

/// A moderator removes someone's role; the last moderator cannot step down.
pub async fn remove_role(data: &Ctx, user: &User, name: &str, actor_id: i64) -> AppResult<()> {
    let (_, community) = require_moderator(data, user, name).await?;
    let mut conn = data.pool.get().await?;
    let role = Community::role_of(&mut conn, community.id, actor_id).await?;
    if role == Some(ROLE_MODERATOR)
        && Community::with_role(&mut conn, community.id, ROLE_MODERATOR)
            .await?
            .len()
            <= 1
    {
        return Err(AppError::Validation("community-error-last-moderator"));
    }
    Community::remove_role(&mut conn, community.id, actor_id).await?;
    Ok(())
}

/// Who is banned, newest first (moderators only).
pub async fn bans(data: &Ctx, user: &User, name: &str) -> AppResult<Vec<(CommunityBan, Actor)>> {
    let (_, community) = require_moderator(data, user, name).await?;
    let mut conn = data.pool.get().await?;
    Ok(Community::bans(&mut conn, community.id).await?)
}

/// Follow requests waiting for a moderator, oldest first.
pub async fn follow_requests(
    data: &Ctx,
    user: &User,
    name: &str,
) -> AppResult<Vec<(Follow, Actor)>> {
    let (_, community) = require_moderator(data, user, name).await?;
    let mut conn = data.pool.get().await?;
    let mut rows = Follow::followers(&mut conn, community.id, STATE_PENDING, 200, 0).await?;
    rows.reverse();
    Ok(rows)
}

/// A moderator accepts or declines a follow request.
pub async fn decide_request(
    data: &Ctx,
    user: &User,
    name: &str,
    follow_id: i64,
    accept: bool,
) -> AppResult<()> {
    let (_, community) = require_moderator(data, user, name).await?;
    if accept {
        crate::services::follows::accept_request_as(data, community, follow_id).await
    } else {
        crate::services::follows::reject_request_as(data, community, follow_id).await
    }
}

/// The posting rules of a community we host, for a new thread or reply by `author`:
/// not banned; a member or moderator where posting is for members, else also an accepted
/// follower. Moderators may always post.
pub async fn check_may_post(
    conn: &mut DbConn,
    community: &Community,
    author: &Actor,
) -> AppResult<()> {
    let now = crate::db::now();
    if Community::is_banned(conn, community.actor_id, author.id, now).await? {
        return Err(AppError::NotAllowed("community-error-banned"));
    }
    let role = Community::role_of(conn, community.actor_id, author.id).await?;
    if role.is_some() {
        return Ok(());
    }
    if community.posting == POSTING_MEMBERS {
        return Err(AppError::NotAllowed("community-error-members-only"));
    }
    let follows = Follow::find_pair(conn, author.id, community.actor_id)
        .await?
        .is_some_and(|f| f.state == STATE_ACCEPTED);
    if !follows {
        return Err(AppError::NotAllowed("community-error-follow-first"));
    }
    Ok(())
}

/// The posting rule that keeps `author` from posting in a community now, if any (its
/// translation id: `community-error-follow-first`, `-members-only`, `-banned`), so that a
/// form can say so, and offer to follow, before anything is typed. For a community here
/// these are the rules of [`check_may_post`]; for one elsewhere, whose host decides, only
/// its bans are known here (as when posting).
pub async fn posting_refusal(
    data: &Ctx,
    details: &CommunityDetails,
    author: &Actor,
) -> AppResult<Option<&'static str>> {
    let mut conn = data.pool.get().await?;
    let community = &details.community;
    let result = if details.actor.is_local {
        check_may_post(&mut conn, community, author).await
    } else if Community::is_banned(&mut conn, details.actor.id, author.id, crate::db::now()).await?
    {
        Err(AppError::NotAllowed("community-error-banned"))
    } else {
        Ok(())
    };
    match result {
        Ok(()) => Ok(None),
        Err(AppError::NotAllowed(rule)) => Ok(Some(rule)),
        Err(e) => Err(e),
    }
}

/// The role (`moderator`, `member`) `actor_id` holds in a community, if any (for the API's
/// views: what the caller may see and do).
pub async fn role_in(
    data: &Ctx,
    community_id: i64,
    actor_id: i64,
) -> AppResult<Option<CommunityRole>> {
    let mut conn = data.pool.get().await?;
    Ok(Community::role_of(&mut conn, community_id, actor_id).await?)
}
