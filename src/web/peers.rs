//! Peer hubs on the admin page: ask another hub to peer, approve or refuse its request,
//! unpeer, restart the backfill; and the table of peers with their state, the items we
//! hold from them, delivery health and backfill progress. `services::peering` does the work.

use crate::db::models::peer::BackfillState;
use crate::i18n::{self, Arg};
use crate::services::peering::{self as service, PeerView};
use crate::web::admin::{render, Refused};
use crate::web::auth::CsrfOnly;
use crate::web::form_errors::FormErrors;
use crate::web::glance::country_label;
use crate::web::page::{Page, WebError, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// A refused "ask to peer" form: the domain as typed and why.
pub struct PeerDraft {
    pub domain: String,
    pub errors: FormErrors,
}

fn when(at: Option<chrono::NaiveDateTime>) -> Option<String> {
    at.map(crate::text::utc_minutes)
}

fn count(page: &Page, id: &str, n: i64) -> String {
    i18n::translate(page.lang, id, &[("count", Arg::Num(n as f64))])
}

/// One row of the peers table.
fn row(page: &Page, p: &PeerView) -> Value {
    let c = &p.counts;
    let items = i18n::translate(
        page.lang,
        "admin-peers-items",
        &[
            ("projects", Arg::Num(c.projects as f64)),
            ("organisations", Arg::Num(c.organisations as f64)),
            ("events", Arg::Num(c.events as f64)),
            ("communities", Arg::Num(c.communities as f64)),
        ],
    );
    let h = &p.health;
    let (health_state, health) = if h.unavailable {
        ("unavailable", page.t("admin-peers-health-unavailable"))
    } else if h.consecutive_failures > 0 {
        let n = i64::from(h.consecutive_failures);
        ("failing", count(page, "admin-peers-health-failing", n))
    } else {
        ("ok", page.t("admin-peers-health-ok"))
    };
    let last_error = h
        .last_error
        .as_deref()
        .filter(|_| health_state != "ok")
        .map(|e| {
            i18n::translate(
                page.lang,
                "admin-peers-health-last-error",
                &[("error", Arg::Str(e.to_string()))],
            )
        });
    context! {
        host => p.host,
        name => if p.name.is_empty() { p.host.clone() } else { p.name.clone() },
        href => format!("https://{}/", p.host),
        country => (!p.profile.country.is_empty()).then(|| country_label(page, &p.profile.country)),
        state => p.state,
        state_label => page.t(&format!("peer-state-{}", p.state)),
        items => items,
        total => c.total(),
        last_contact => when(p.last_contact_at),
        health_state => health_state,
        health => health,
        last_error => last_error,
        pending => (h.pending_deliveries > 0)
            .then(|| count(page, "admin-peers-health-pending", h.pending_deliveries)),
        backfill_state => p.backfill_state,
        backfill => page.t(&format!("peer-backfill-{}", p.backfill_state)),
        backfill_items => (p.backfill_items > 0 || p.backfill_state != BackfillState::None)
            .then(|| count(page, "admin-peers-backfill-items", i64::from(p.backfill_items))),
        backfill_error => p.backfill_error,
        awaiting => p.state == "awaiting",
        ended => p.state == "ended",
    }
}

/// The peer hubs section of the admin page.
pub async fn section(page: &Page, draft: Option<&PeerDraft>) -> Result<Value, WebError> {
    let peers = service::list(&page.data).await?;
    Ok(context! {
        rows => peers.iter().map(|p| row(page, p)).collect::<Vec<_>>(),
        domain => draft.map(|d| d.domain.clone()).unwrap_or_default(),
        errors => match draft {
            Some(d) => d.errors.view(page, "peer"),
            None => FormErrors::default().view(page, "peer"),
        },
    })
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    domain: String,
}

/// `POST /admin/peers`: an admin asks another hub to peer.
pub async fn add(page: Page, Form(form): Form<AddForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_admin()?;
    match service::add(&page.data, user, form.domain.trim()).await {
        Ok(_) => Ok(page.redirect("/admin#peers-heading", Some("flash-peer-requested"))),
        Err(e) => match FormErrors::of(&page, &e, "domain") {
            Some(errors) => {
                let refused = Refused {
                    peer: Some(PeerDraft {
                        domain: form.domain,
                        errors,
                    }),
                    ..Refused::default()
                };
                render(&page, StatusCode::UNPROCESSABLE_ENTITY, refused).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /admin/peers/{host}/approve`.
pub async fn approve(
    page: Page,
    Path(host): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_admin()?;
    service::approve(&page.data, user, &host).await?;
    Ok(page.redirect("/admin#peers-heading", Some("flash-peer-approved")))
}

/// `POST /admin/peers/{host}/reject`.
pub async fn reject(page: Page, Path(host): Path<String>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_admin()?;
    service::reject(&page.data, user, &host).await?;
    Ok(page.redirect("/admin#peers-heading", Some("flash-peer-rejected")))
}

/// `POST /admin/peers/{host}/resync`: the backfill starts again from the first page.
pub async fn resync(page: Page, Path(host): Path<String>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_admin()?;
    service::resync(&page.data, user, &host).await?;
    Ok(page.redirect("/admin#peers-heading", Some("flash-peer-resync")))
}

#[derive(Deserialize)]
pub struct UnpeerForm {
    #[serde(default)]
    csrf_token: String,
    /// The checkbox: present ("true") when ticked.
    #[serde(default)]
    remove_entries: Option<String>,
}

/// `POST /admin/peers/{host}/unpeer`, optionally removing that hub's entries here.
pub async fn unpeer(
    page: Page,
    Path(host): Path<String>,
    Form(form): Form<UnpeerForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_admin()?;
    let remove = form
        .remove_entries
        .is_some_and(|v| !v.is_empty() && v != "false");
    service::unpeer(&page.data, user, &host, remove).await?;
    Ok(page.redirect("/admin#peers-heading", Some("flash-peer-ended")))
}
