//! Finding people: local members, and remote actors by `@name@domain` or URL
//! (WebFinger, then a signed fetch), stored and refreshed.

use crate::db::models::actor::Actor;
use crate::error::{AppError, AppResult};
use crate::state::{authority, Ctx};
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::fetch::webfinger::webfinger_resolve_actor;
use url::Url;

/// A parsed search query.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    Url(Url),
    Handle {
        name: String,
        domain: Option<String>,
    },
}

pub fn parse_target(query: &str) -> AppResult<Target> {
    let q = query.trim();
    let invalid = || AppError::Validation("lookup-error-invalid");
    if q.starts_with("https://") || q.starts_with("http://") {
        return Url::parse(q).map(Target::Url).map_err(|_| invalid());
    }
    let q = q.strip_prefix('@').unwrap_or(q);
    let (name, domain) = match q.split_once('@') {
        Some((n, d)) => (n, Some(d.to_lowercase())),
        None => (q, None),
    };
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c));
    let domain_ok = domain.as_deref().is_none_or(|d| {
        Url::parse(&format!("http://{d}/"))
            .ok()
            .is_some_and(|u| authority(&u) == d && u.path() == "/")
    });
    if !name_ok || !domain_ok {
        return Err(invalid());
    }
    Ok(Target::Handle {
        name: name.to_string(),
        domain,
    })
}

/// A local actor that is visible (active members and the instance actor).
async fn visible_local(data: &Ctx, name: &str) -> AppResult<Actor> {
    let mut conn = data.pool.get().await?;
    Actor::find_local_visible(&mut conn, &name.to_lowercase())
        .await?
        .ok_or(AppError::NotFound)
}

/// A local member by username (profile pages).
pub async fn local(data: &Ctx, name: &str) -> AppResult<Actor> {
    visible_local(data, name).await
}

/// Resolves a query to a stored actor, fetching remote ones when unknown or stale. An actor
/// of a domain the hub does not federate with is not found, even when its row is kept (a
/// suspended domain's actors stay stored so that they are not fetched again).
pub async fn lookup(data: &Ctx, query: &str) -> AppResult<Actor> {
    let actor = lookup_any(data, query).await?;
    if !actor.is_local && data.domains.rules().is_suspended(&actor.domain) {
        tracing::info!(query, "lookup of an actor of a blocked domain refused");
        return Err(AppError::NotFound);
    }
    Ok(actor)
}

async fn lookup_any(data: &Ctx, query: &str) -> AppResult<Actor> {
    let ours = &data.config.server.domain;
    let not_found = |e: AppError| {
        tracing::info!(query, error = %e, "lookup failed");
        match e {
            AppError::Database(_) | AppError::Internal(_) => e,
            _ => AppError::NotFound,
        }
    };
    match parse_target(query)? {
        Target::Url(url) if authority(&url) == *ours => {
            let path = url.path().trim_end_matches('/');
            let name = path
                .strip_prefix("/users/")
                .or_else(|| path.strip_prefix("/@"))
                .or_else(|| path.strip_prefix("/projects/"))
                .or_else(|| path.strip_prefix("/organisations/"))
                .or_else(|| path.strip_prefix("/communities/"))
                .or_else(|| path.strip_prefix("/c/"))
                .ok_or(AppError::NotFound)?;
            visible_local(data, name).await
        }
        Target::Url(url) => ObjectId::<Actor>::from(url)
            .dereference(data)
            .await
            .map_err(not_found),
        Target::Handle { name, domain: None } => visible_local(data, &name).await,
        Target::Handle {
            name,
            domain: Some(d),
        } if d == *ours => visible_local(data, &name).await,
        Target::Handle {
            name,
            domain: Some(d),
        } => {
            let stored = {
                let mut conn = data.pool.get().await?;
                Actor::find_remote_by_handle(&mut conn, &name, &d).await?
            };
            if let Some(actor) = stored {
                // Refreshes a stale copy; a fetch failure returns what we have.
                return ObjectId::<Actor>::from(actor.parsed_ap_id().clone())
                    .dereference(data)
                    .await
                    .map_err(not_found);
            }
            webfinger_resolve_actor::<crate::state::AppState, Actor>(&format!("{name}@{d}"), data)
                .await
                .map_err(not_found)
        }
    }
}

/// A remote actor already stored here, by handle parts; never fetches.
pub async fn stored_remote(data: &Ctx, name: &str, domain: &str) -> AppResult<Option<Actor>> {
    let mut conn = data.pool.get().await?;
    Ok(Actor::find_remote_by_handle(&mut conn, name, domain).await?)
}

pub async fn by_id(data: &Ctx, id: i64) -> AppResult<Actor> {
    let mut conn = data.pool.get().await?;
    Actor::find(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// An actor already stored here, by handle (`name`, `name@domain`, `@name@domain`) or id
/// URL; never fetches (for filters, where a typo must not cause a request elsewhere).
pub async fn lookup_stored(data: &Ctx, query: &str) -> AppResult<Option<Actor>> {
    let ours = data.config.server.domain.clone();
    let mut conn = data.pool.get().await?;
    match parse_target(query) {
        Ok(Target::Url(url)) => Ok(Actor::find_by_ap_id(&mut conn, url.as_str()).await?),
        Ok(Target::Handle { name, domain }) => match domain {
            Some(d) if d != ours => Ok(Actor::find_remote_by_handle(&mut conn, &name, &d).await?),
            _ => Ok(Actor::find_local(&mut conn, &name.to_lowercase()).await?),
        },
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_handles_and_urls() {
        assert_eq!(
            parse_target("@alice@hub.example").ok(),
            Some(Target::Handle {
                name: "alice".into(),
                domain: Some("hub.example".into())
            })
        );
        assert_eq!(
            parse_target("bob").ok(),
            Some(Target::Handle {
                name: "bob".into(),
                domain: None
            })
        );
        assert!(matches!(
            parse_target("https://x.example/users/a"),
            Ok(Target::Url(_))
        ));
        assert!(parse_target("@a@b/c").is_err());
        assert!(parse_target("@a b@c").is_err());
        assert!(parse_target("").is_err());
    }
}
