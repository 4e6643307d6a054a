//! Addresses a browser shows after a form: a refused form is answered at the address it
//! was posted to, with what was typed and why it was refused. Forms that are pages of their
//! own post to their page's address (`/signup`, `/events/new`, `…/edit`), so reloading it
//! shows the form. Forms that sit on another page (a reply on a thread, the admin page's
//! forms) post to addresses of their own; reloading one of those, or following a link to
//! it, must not meet an empty "405 Method Not Allowed": it leads (303) to the page that
//! holds the form, at the form.

use axum::extract::Request;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Middleware of the web router: a GET (or HEAD) of an address that only takes POST is
/// sent to the page holding its form.
pub async fn get_to_form(request: Request, next: Next) -> Response {
    let get = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let response = next.run(request).await;
    if !get || response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let mut redirect = StatusCode::SEE_OTHER.into_response();
    if let Ok(to) = HeaderValue::from_str(&holding_page(&path, &query)) {
        redirect.headers_mut().insert(LOCATION, to);
    }
    redirect
}

/// A community's page by the name its paths use (`handle@domain` for one elsewhere).
fn community(name: &str) -> String {
    if name.contains('@') {
        format!("/c/{name}")
    } else {
        format!("/communities/{name}")
    }
}

/// The page (and the place on it) whose form posts to `path` (and `query`); the home page
/// for anything else. Segments are taken from the request as they are: they end up in our
/// own paths.
pub fn holding_page(path: &str, query: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        // The reply form of a post's page says which post in its address (`?to=ID`).
        ["posts"] => match query
            .strip_prefix("to=")
            .filter(|id| id.parse::<i64>().is_ok())
        {
            Some(id) => format!("/posts/reply?to={id}#reply"),
            None => "/#compose".into(),
        },
        // The favourite and boost buttons of a post: its page here.
        ["posts", id, "favourite" | "boost"] if id.parse::<i64>().is_ok() => {
            format!("/posts/reply?to={id}")
        }
        ["follow-requests", ..] => "/follow-requests".into(),
        ["admin", "settings"] => "/admin#instance-heading".into(),
        ["admin", "hub"] => "/admin#hub-heading".into(),
        ["admin", "hub", "logo", ..] => "/admin#hub-logo".into(),
        ["admin", "peers", ..] => "/admin#peers-heading".into(),
        ["admin", "signups", ..] => "/admin#pending-heading".into(),
        ["admin", "invites", ..] => "/admin/invites".into(),
        ["admin", "moderation", "blocks", ..] => "/admin/moderation#blocks".into(),
        ["admin", "moderation", "mode" | "allow", ..] => "/admin/moderation#allowlist".into(),
        ["admin", "moderation", "subscriptions", ..] => "/admin/moderation#subscriptions".into(),
        ["admin", "moderation", "suggestions", ..] => "/admin/moderation#suggestions".into(),
        ["admin", "moderation", "accounts"] => "/admin/moderation#accounts".into(),
        ["admin", "moderation", "rules"] => "/admin/moderation#rules".into(),
        ["reports", id, ..] => format!("/reports#report-{id}"),
        ["blocks", ..] => "/settings/moderation".into(),
        // A reply answers post `id`; the thread's page leads to the thread at that post.
        ["threads", id, ..] => format!("/threads/{id}"),
        ["communities", name, "threads"] => format!("{}#compose", community(name)),
        ["communities", name, "moderation", ..] => format!("/communities/{name}/moderation"),
        ["communities", name, ..] => community(name),
        ["calls", key, "withdraw"] => format!("/calls/{key}"),
        ["events", key, "join" | "leave"] => format!("/events/{key}#participation"),
        ["events", key, "participants", ..] => format!("/events/{key}/participants"),
        ["events", key, ..] => format!("/events/{key}#organiser-tools"),
        [kind @ ("projects" | "organisations"), handle, rest @ ..] => {
            let entry = format!("/{kind}/{handle}");
            match rest {
                ["updates"] => format!("{entry}#post-update"),
                ["images", ..] => format!("{entry}/edit#images"),
                ["delete"] => format!("{entry}/edit#delete-heading"),
                ["members" | "links", ..] => format!("{entry}/members"),
                ["replications", ..] => format!("{entry}/replications"),
                _ => entry,
            }
        }
        _ => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_only_addresses_lead_to_their_form() {
        for (path, page) in [
            ("/threads/12/reply", "/threads/12"),
            ("/communities/circle/threads", "/communities/circle#compose"),
            (
                "/communities/circle@lemmy.test/follow",
                "/c/circle@lemmy.test",
            ),
            (
                "/communities/circle/moderation/bans",
                "/communities/circle/moderation",
            ),
            ("/events/ab12/join", "/events/ab12#participation"),
            ("/events/ab12/cover/delete", "/events/ab12#organiser-tools"),
            ("/projects/roofs/updates", "/projects/roofs#post-update"),
            ("/projects/roofs/links/3/delete", "/projects/roofs/members"),
            (
                "/projects/roofs/replications/3/delete",
                "/projects/roofs/replications",
            ),
            (
                "/organisations/coop/invitation/accept",
                "/organisations/coop",
            ),
            ("/admin/hub", "/admin#hub-heading"),
            ("/admin/invites/3/revoke", "/admin/invites"),
            ("/admin/moderation/blocks", "/admin/moderation#blocks"),
            (
                "/admin/moderation/subscriptions/2/sync",
                "/admin/moderation#subscriptions",
            ),
            ("/reports/7/decide", "/reports#report-7"),
            ("/posts", "/#compose"),
            ("/posts?to=31", "/posts/reply?to=31#reply"),
            ("/posts?to=%2F%2Fevil", "/#compose"),
            ("/posts/4/delete", "/"),
            ("/posts/4/boost", "/posts/reply?to=4"),
            ("/posts/x/favourite", "/"),
            ("/logout", "/"),
        ] {
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            assert_eq!(holding_page(path, query), page, "{path}");
        }
    }
}
