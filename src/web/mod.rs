//! Server-rendered HTML pages. Handlers call `services`; every string is translated in the
//! templates; every form carries a CSRF token.

mod about;
mod account_data;
mod admin;
mod auth;
mod blocks;
pub mod calendars;
mod call_form;
mod charts;
mod communities;
mod community_follow;
mod community_moderation;
mod dashboards;
mod directory;
mod emails;
mod entries;
mod entry_form;
mod entry_images;
mod event_form;
mod event_participation;
mod events;
mod federation_map;
pub(crate) mod feeds;
mod follows;
mod form_errors;
mod funding_calls;
mod glance;
mod health;
mod home;
mod instance;
mod invites;
mod map;
mod members;
mod messages;
mod moderation_admin;
mod network;
mod notifications;
mod origins;
mod page;
mod password;
mod peers;
mod posts;
mod profiles;
mod reactions;
mod reload;
mod replications;
mod reports;
mod resource_form;
mod resources;
mod search;
mod security;
mod settings;
pub mod templates;
mod threads;

pub use communities::page as community_page;
pub use entries::show as entry_page;
pub use events::show as event_page;
pub use funding_calls::show as call_page;
pub use page::{Page, WebError};
pub use posts::show as post_page;
pub use resources::show as resource_page;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router {
    let mut router = Router::new();
    // The same pages for both kinds; handlers read the kind from the first path segment.
    // `GET /{segment}/{handle}` itself is mounted by `app`, which negotiates it.
    for segment in ["projects", "organisations"] {
        let entry = format!("/{segment}/{{handle}}");
        router = router
            .route(
                &format!("/{segment}/new"),
                get(entry_form::new_form).post(entry_form::create),
            )
            .route(
                &format!("{entry}/edit"),
                get(entry_form::edit_form).post(entry_form::update),
            )
            .route(&format!("{entry}/delete"), post(entries::delete))
            .route(&format!("{entry}/feed.atom"), get(feeds::entry_feed))
            .route(&format!("{entry}/updates"), post(entries::post_update))
            // No body limit: the handler applies `media.max_upload_bytes` and says "too large".
            .route(
                &format!("{entry}/images/{{role}}"),
                post(entry_images::upload).layer(axum::extract::DefaultBodyLimit::disable()),
            )
            .route(
                &format!("{entry}/images/{{role}}/remove"),
                post(entry_images::remove),
            )
            .route(
                &format!("{entry}/members"),
                get(members::page).post(members::invite),
            )
            .route(
                &format!("{entry}/members/{{user_id}}/role"),
                post(members::change_role),
            )
            .route(
                &format!("{entry}/members/{{user_id}}/remove"),
                post(members::remove),
            )
            .route(&format!("{entry}/invitation/accept"), post(members::accept))
            .route(
                &format!("{entry}/invitation/decline"),
                post(members::decline),
            );
    }
    router
        .route("/projects/{handle}/links", post(members::link))
        .route(
            "/projects/{handle}/links/{id}/delete",
            post(members::unlink),
        )
        .route(
            "/projects/{handle}/replications",
            get(replications::manage).post(replications::declare),
        )
        .route(
            "/projects/{handle}/replications/{id}/delete",
            post(replications::remove),
        )
        .route("/communities", get(communities::list))
        .route(
            "/communities/new",
            get(communities::new_form).post(communities::create),
        )
        // `GET /communities/{name}` is mounted by `app`, which negotiates it; `/c/{name}`
        // serves the page of communities elsewhere (`handle@domain`) too.
        .route("/c/{name}", get(communities::show))
        .route(
            "/communities/{name}/edit",
            get(communities::edit_form).post(communities::update),
        )
        .route("/communities/{name}/follow", post(community_follow::follow))
        .route(
            "/communities/{name}/unfollow",
            post(community_follow::unfollow),
        )
        .route(
            "/communities/{name}/threads",
            post(communities::create_thread),
        )
        .route("/communities/{name}/feed.atom", get(communities::feed))
        .route(
            "/communities/{name}/moderation",
            get(community_moderation::page),
        )
        .route(
            "/communities/{name}/moderation/requests/{id}/accept",
            post(community_moderation::accept),
        )
        .route(
            "/communities/{name}/moderation/requests/{id}/decline",
            post(community_moderation::decline),
        )
        .route(
            "/communities/{name}/moderation/roles",
            post(community_moderation::add_role),
        )
        .route(
            "/communities/{name}/moderation/roles/{id}/remove",
            post(community_moderation::remove_role),
        )
        .route(
            "/communities/{name}/moderation/bans",
            post(community_moderation::ban),
        )
        .route(
            "/communities/{name}/moderation/bans/{id}/remove",
            post(community_moderation::unban),
        )
        .route("/threads/{id}", get(threads::show))
        .route("/threads/{id}/reply", post(threads::reply))
        .route(
            "/threads/{id}/edit",
            get(threads::edit_form).post(threads::update),
        )
        .route("/threads/{id}/delete", post(threads::delete))
        .route("/threads/{id}/like", post(threads::like))
        .route("/threads/{id}/remove", post(community_moderation::remove))
        .route("/threads/{id}/lock", post(community_moderation::lock))
        .route("/threads/{id}/pin", post(community_moderation::pin))
        .route("/", get(home::home))
        .route("/source", get(home::source))
        .route("/dashboard", get(dashboards::page))
        .route("/map", get(map::page))
        .route("/network", get(network::page))
        .route("/directory", get(directory::page))
        // The form posts to its own address; `POST /events` is kept for older pages.
        .route("/events", get(events::list).post(event_form::create))
        .route(
            "/events/new",
            get(event_form::new_form).post(event_form::create),
        )
        .route("/events/month", get(events::month))
        .route("/calls", get(funding_calls::list))
        .route(
            "/calls/new",
            get(call_form::new_form).post(call_form::create),
        )
        .route("/calls/calendar.ics", get(funding_calls::calendar))
        .route("/calls/feed.atom", get(funding_calls::feed))
        .route(
            "/calls/{key}/edit",
            get(call_form::edit_form).post(call_form::update),
        )
        .route("/calls/{key}/withdraw", post(call_form::withdraw))
        .route("/resources", get(resources::list))
        .route(
            "/resources/new",
            get(resource_form::new_form).post(resource_form::create),
        )
        .route(
            "/resources/{key}/edit",
            get(resource_form::edit_form).post(resource_form::update),
        )
        .route("/resources/{key}/delete", post(resource_form::delete))
        // No body limit: the handler applies `media.max_document_bytes` and says "too large".
        .route(
            "/resources/{key}/files",
            post(resource_form::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/resources/{key}/files/{n}/delete",
            post(resource_form::remove_file),
        )
        .route(
            "/events/{key}/edit",
            get(event_form::edit_form).post(event_form::update),
        )
        .route("/events/{key}/cancel", post(event_form::cancel))
        .route("/events/{key}/delete", post(event_form::delete))
        // No body limit: the handler applies `media.max_upload_bytes` and says "too large".
        .route(
            "/events/{key}/cover",
            post(event_form::upload_cover).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/events/{key}/cover/delete", post(event_form::remove_cover))
        .route("/events/{key}/join", post(event_participation::join))
        .route("/events/{key}/leave", post(event_participation::leave))
        .route(
            "/events/{key}/participants",
            get(event_participation::participants),
        )
        .route(
            "/events/{key}/participants/{id}/approve",
            post(event_participation::approve),
        )
        .route(
            "/events/{key}/participants/{id}/decline",
            post(event_participation::decline),
        )
        .route("/static/style.css", get(home::stylesheet))
        .route("/favicon.svg", get(home::favicon))
        .route("/favicon.ico", get(home::favicon))
        .route("/signup", get(auth::signup_form).post(auth::signup))
        .route("/login", get(auth::login_form).post(auth::login))
        .route(
            "/login/two-factor",
            get(auth::two_factor_form).post(auth::two_factor),
        )
        .route("/logout", post(auth::logout))
        .route("/search", get(search::search))
        .route("/{handle}", get(profiles::profile))
        .route("/posts", post(posts::create))
        .route("/posts/reply", get(posts::reply))
        .route("/posts/{id}/delete", post(posts::delete))
        .route("/posts/{id}/favourite", post(reactions::favourite))
        .route("/posts/{id}/boost", post(reactions::boost))
        .route("/follows", post(follows::follow))
        .route("/follows/{id}/delete", post(follows::unfollow))
        .route("/follow-requests", get(follows::requests))
        .route("/follow-requests/{id}/accept", post(follows::accept))
        .route("/follow-requests/{id}/reject", post(follows::reject))
        .route("/settings", get(settings::form).post(settings::save))
        .route(
            "/settings/pictures/{which}",
            post(settings::upload_picture).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/settings/pictures/{which}/remove",
            post(settings::remove_picture),
        )
        .route("/notifications", get(notifications::list))
        .route("/messages", get(messages::list).post(messages::create))
        .route("/messages/new", get(messages::new))
        .route("/messages/{id}", get(messages::show).post(messages::answer))
        .route(
            "/settings/notifications",
            get(notifications::settings).post(notifications::save),
        )
        .route(
            "/settings/email",
            get(emails::settings).post(emails::change),
        )
        .route("/email/verify/{secret}", get(emails::verify))
        .route(
            "/password/forgot",
            get(emails::forgot).post(emails::forgot_send),
        )
        .route(
            "/password/reset/{secret}",
            get(emails::reset_form).post(emails::reset),
        )
        .route("/settings/security", get(security::page))
        .route("/settings/account", get(account_data::page))
        .route("/settings/account/archive", get(account_data::archive))
        .route(
            "/settings/account/following_accounts.csv",
            get(account_data::following_csv),
        )
        .route(
            "/settings/account/import",
            post(account_data::import).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/settings/account/delete", post(account_data::delete))
        .route("/settings/account/aliases", post(account_data::aliases))
        .route("/settings/account/move", post(account_data::move_away))
        .route(
            "/settings/security/two-factor",
            get(security::setup).post(security::start),
        )
        .route(
            "/settings/security/two-factor/confirm",
            post(security::confirm),
        )
        .route(
            "/settings/security/two-factor/disable",
            post(security::disable),
        )
        .route(
            "/settings/security/two-factor/recovery",
            post(security::renew_recovery),
        )
        .route(
            "/settings/security/sessions/{id}/end",
            post(security::end_session),
        )
        .route(
            "/settings/security/sessions/end-others",
            post(security::end_other_sessions),
        )
        .route("/settings/security/tokens", post(security::create_token))
        .route(
            "/settings/security/tokens/{id}/revoke",
            post(security::revoke_token),
        )
        .route(
            "/settings/password",
            get(password::form).post(password::save),
        )
        .route("/admin", get(admin::page))
        .route("/admin/moderation", get(moderation_admin::page))
        .route(
            "/admin/moderation/blocks",
            post(moderation_admin::save_block),
        )
        .route(
            "/admin/moderation/blocks/remove",
            post(moderation_admin::remove_block),
        )
        .route(
            "/admin/moderation/blocks.csv",
            get(moderation_admin::export),
        )
        .route(
            "/admin/moderation/blocks/import",
            post(moderation_admin::import),
        )
        .route("/admin/moderation/mode", post(moderation_admin::set_mode))
        .route("/admin/moderation/allow", post(moderation_admin::allow))
        .route(
            "/admin/moderation/allow/remove",
            post(moderation_admin::disallow),
        )
        .route(
            "/admin/moderation/subscriptions",
            post(moderation_admin::subscribe),
        )
        .route(
            "/admin/moderation/subscriptions/{id}/remove",
            post(moderation_admin::unsubscribe),
        )
        .route(
            "/admin/moderation/subscriptions/{id}/sync",
            post(moderation_admin::sync),
        )
        .route(
            "/admin/moderation/suggestions/{id}/apply",
            post(moderation_admin::apply_suggestion),
        )
        .route(
            "/admin/moderation/suggestions/{id}/dismiss",
            post(moderation_admin::dismiss_suggestion),
        )
        .route(
            "/admin/moderation/suggestions/peers",
            post(moderation_admin::ask_peers),
        )
        .route(
            "/admin/moderation/rules",
            post(moderation_admin::save_rules),
        )
        .route(
            "/admin/moderation/accounts",
            post(moderation_admin::set_standing),
        )
        .route("/admin/audit", get(moderation_admin::audit))
        .route("/admin/health", get(health::page))
        .route("/about", get(about::about))
        .route("/modlog", get(about::modlog))
        .route("/report", get(reports::form).post(reports::create))
        .route("/report/status/{secret}", get(reports::status))
        .route("/reports", get(reports::queue))
        .route("/reports/{id}/decide", post(reports::decide))
        .route("/reports/{id}/forward", post(reports::forward))
        .route("/settings/moderation", get(reports::mine))
        .route("/blocks", post(blocks::account))
        .route("/blocks/domains", post(blocks::domain))
        .route("/admin/settings", post(admin::save_settings))
        .route("/admin/signups/{id}/approve", post(admin::approve))
        .route("/admin/signups/{id}/reject", post(admin::reject))
        .route("/admin/invites", get(invites::page).post(invites::create))
        .route("/admin/invites/{id}/revoke", post(invites::revoke))
        .route("/invite/{code}", get(invites::open))
        .route("/admin/hub", post(instance::save))
        // No body limit: the handler applies `media.max_upload_bytes` and says "too large".
        .route(
            "/admin/hub/logo",
            post(instance::upload_logo).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/admin/hub/logo/remove", post(instance::remove_logo))
        .route("/admin/peers", post(peers::add))
        .route("/admin/peers/{host}/approve", post(peers::approve))
        .route("/admin/peers/{host}/reject", post(peers::reject))
        .route("/admin/peers/{host}/resync", post(peers::resync))
        .route("/admin/peers/{host}/unpeer", post(peers::unpeer))
        .route("/federation", get(glance::page))
        .fallback(home::not_found)
        .layer(middleware::from_fn(page::render_errors))
        .layer(middleware::from_fn(reload::get_to_form))
}
