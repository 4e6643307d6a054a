//! Profile pages of local members (`/@name`) and remote people (`/@name@domain`) with their
//! public posts, and the search that finds remote people.

use crate::db::models::actor::Actor;
use crate::error::AppError;
use crate::web::page::{Page, WebError, WebResult};
use crate::web::posts::card;
use axum::extract::{Path, Query};
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// The page of an actor on this hub (local projects and organisations have their own).
pub fn href(actor: &Actor) -> String {
    if actor.is_local {
        match actor.kind.as_str() {
            // Communities are groups too; their id is their page (`/communities/x`).
            "Group" if actor.ap_id.path().starts_with("/communities/") => {
                actor.ap_id.path().to_string()
            }
            "Group" | "Organization" => {
                let kind = if actor.kind == "Group" {
                    crate::db::models::entry::KIND_PROJECT
                } else {
                    crate::db::models::entry::KIND_ORGANISATION
                };
                let segment = crate::services::entries::path_segment(kind);
                format!("/{segment}/{}", actor.username)
            }
            _ => format!("/@{}", actor.username),
        }
    } else {
        format!("/@{}@{}", actor.username, actor.domain)
    }
}

/// Posts per page of a profile.
const PROFILE_POSTS: i64 = 20;

#[derive(Deserialize)]
pub struct ProfileQuery {
    #[serde(default)]
    page: Option<String>,
}

/// `?page=`, from 1; capped so the offset cannot overflow.
pub(super) fn page_number(raw: Option<&str>) -> Result<i64, WebError> {
    match raw.filter(|p| !p.is_empty()) {
        None => Ok(1),
        Some(p) => match p.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Ok(n),
            _ => Err(WebError(AppError::BadRequest(format!(
                "{p:?} is not a page"
            )))),
        },
    }
}

fn person_item(actor: &Actor) -> Value {
    context! {
        handle => actor.handle(),
        display_name => actor.display_name_or_username(),
        href => href(actor),
    }
}

pub async fn profile(
    page: Page,
    Path(handle): Path<String>,
    Query(query): Query<ProfileQuery>,
) -> WebResult {
    let page_no = page_number(query.page.as_deref())?;
    let Some(handle) = handle.strip_prefix('@') else {
        return Err(WebError(AppError::NotFound));
    };
    let data = &page.data;
    let actor = match handle.split_once('@') {
        None => crate::services::actors::local(data, handle).await?,
        Some((name, domain)) if domain == data.config.server.domain => {
            crate::services::actors::local(data, name).await?
        }
        Some((name, domain)) => {
            match crate::services::actors::stored_remote(data, name, domain).await? {
                Some(a) => a,
                // Only members may make the hub fetch from other servers.
                None if page.user.is_some() => {
                    crate::services::actors::lookup(data, &format!("@{handle}")).await?
                }
                None => return Err(WebError(AppError::NotFound)),
            }
        }
    };
    if actor.is_local && actor.kind == "Application" {
        return Ok(page.redirect("/", None));
    }
    if actor.is_local && matches!(actor.kind.as_str(), "Group" | "Organization") {
        return Ok(page.redirect(&href(&actor), None));
    }
    let relations = crate::services::follows::relations(data, actor.id, 100).await?;
    let (relation, follow_id, follows_you) = match &page.user {
        None => (None, None, false),
        Some(u) if u.actor_id == actor.id => (Some("self"), None, false),
        Some(u) => {
            let mine = crate::services::follows::between(data, u.actor_id, actor.id).await?;
            let theirs = crate::services::follows::between(data, actor.id, u.actor_id).await?;
            let relation = match &mine {
                None => "none",
                Some(f) if f.is_accepted() => "accepted",
                Some(_) => "pending",
            };
            (
                Some(relation),
                mine.map(|f| f.id),
                theirs.is_some_and(|f| f.is_accepted()),
            )
        }
    };
    let (posts_total, posts) = crate::services::posts::listed_by_author(
        data,
        actor.id,
        PROFILE_POSTS,
        (page_no - 1) * PROFILE_POSTS,
    )
    .await?;
    let reacted = crate::web::posts::reacted(&page, posts.iter()).await?;
    let viewer = page.user.as_ref();
    let extras = crate::services::profiles::extras_of(data, actor.id).await?;
    // A member's pictures are uploads here; another server's are where it keeps them.
    let (avatar, header) = if actor.is_local {
        crate::services::profiles::pictures(data, actor.id).await?
    } else {
        (extras.icon_url.clone(), extras.image_url.clone())
    };
    let fields: Vec<minijinja::Value> = extras
        .field_list()
        .into_iter()
        .map(|f| context! { name => f.name, value_html => crate::text::sanitize_html(&f.value) })
        .collect();
    let languages: Vec<String> = extras
        .language_list()
        .iter()
        .map(|tag| crate::i18n::language_name(page.lang, tag).unwrap_or_else(|| tag.clone()))
        .collect();
    let country = extras
        .country
        .as_deref()
        .map(|c| crate::web::glance::country_label(&page, c));
    let profile = context! {
        moved_to => extras.moved_to.clone(),
        avatar => avatar,
        header => header,
        fields => fields,
        languages => languages,
        country => country,
        handle => actor.handle(),
        display_name => actor.display_name_or_username(),
        summary_html => crate::text::sanitize_html(&actor.summary),
        ap_id => actor.ap_id.to_string(),
        url => actor.profile_url.clone().unwrap_or_else(|| actor.ap_id.to_string()),
        local => actor.is_local,
        host => actor.domain,
        manually_approves_followers => actor.manually_approves_followers,
        published => actor.published.map(|p| p.format("%Y-%m-%d").to_string()),
        followers_count => relations.followers_count,
        following_count => relations.following_count,
        kind => actor.kind,
    };
    let origins = crate::web::origins::names(&page).await?;
    // What the viewer blocked or muted of this account.
    let (blocked, muted) = match &page.user {
        Some(u) if u.actor_id != actor.id => {
            let mut conn = data.pool.get().await?;
            let rows =
                crate::db::models::actor_block::ActorBlock::of(&mut conn, u.actor_id).await?;
            let has = |kind: &str| {
                rows.iter()
                    .any(|r| r.target_id == actor.id && r.kind == kind)
            };
            (has("block"), has("mute"))
        }
        _ => (false, false),
    };
    page.render(
        "profile.html",
        context! {
            actor_id => actor.id,
            blocked => blocked,
            muted => muted,
            origins => origins,
            profile => profile,
            followers => relations.followers.iter().map(person_item).collect::<Vec<_>>(),
            following => relations.following.iter().map(person_item).collect::<Vec<_>>(),
            relation => relation,
            follow_id => follow_id,
            follows_you => follows_you,
            events => crate::web::events::organizer_section(&page, &actor).await?,
            replication => crate::web::replications::profile_section(&page, &actor).await?,
            posts => posts.iter().map(|p| card(p, &actor, viewer, &reacted)).collect::<Vec<_>>(),
            posts_total => posts_total,
            newer_page => (page_no > 1).then_some(page_no - 1),
            older_page => (page_no * PROFILE_POSTS < posts_total).then_some(page_no + 1),
        },
    )
    .await
}
