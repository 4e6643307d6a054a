//! Invite links (`/admin/invites`): admins make them with an expiry and a number of uses,
//! see how often each was used, and revoke them. `/invite/{code}` opens the sign-up form
//! with the code. `services::invites` does the work.

use crate::db::models::invite::InviteState;
use crate::i18n::{self, Arg};
use crate::services::invites::{self as service, InviteDetails, InviteInput};
use crate::web::auth::CsrfOnly;
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// The create form as typed: `expires_in_days` ("never" or days) and `max_uses`
/// ("unlimited" or a number), named as the API's body names them.
#[derive(Deserialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    expires_in_days: String,
    #[serde(default)]
    max_uses: String,
}

fn row(page: &Page, d: &InviteDetails) -> Value {
    let i = &d.invite;
    let uses = match i.max_uses {
        Some(max) => i18n::translate(
            page.lang,
            "invites-uses-of",
            &[
                ("uses", Arg::Num(f64::from(i.uses))),
                ("max", Arg::Num(f64::from(max))),
            ],
        ),
        None => i18n::translate(
            page.lang,
            "invites-uses-unlimited",
            &[("uses", Arg::Num(f64::from(i.uses)))],
        ),
    };
    context! {
        id => i.id,
        url => d.url,
        created_at => crate::text::utc_minutes(i.created_at),
        expires_at => i.expires_at.map(crate::text::utc_minutes),
        uses => uses,
        state => d.state.as_str(),
        state_label => page.t(&format!("invites-state-{}", d.state.as_str().replace('_', "-"))),
        active => d.state == InviteState::Active,
    }
}

async fn render(
    page: &Page,
    status: StatusCode,
    form: InviteForm,
    errors: FormErrors,
) -> WebResult {
    let invites = service::list(&page.data).await?;
    let rows: Vec<Value> = invites.iter().map(|d| row(page, d)).collect();
    let expiries: Vec<Value> = service::EXPIRY_CHOICES
        .iter()
        .map(|d| {
            let label = i18n::translate(
                page.lang,
                "invites-expires-days",
                &[("days", Arg::Num(*d as f64))],
            );
            context! { value => d.to_string(), label => label }
        })
        .collect();
    let uses: Vec<Value> = service::USES_CHOICES
        .iter()
        .map(|n| {
            let label = i18n::translate(
                page.lang,
                "invites-max-uses-n",
                &[("count", Arg::Num(f64::from(*n)))],
            );
            context! { value => n.to_string(), label => label }
        })
        .collect();
    let settings = crate::services::instance::effective(&page.data).await?;
    page.render_status(
        status,
        "admin_invites.html",
        context! {
            invites => rows,
            expiries => expiries,
            uses_choices => uses,
            mode => settings.registration_mode.as_str(),
            form => context! {
                expires_in_days => if form.expires_in_days.is_empty() { "7".to_string() } else { form.expires_in_days },
                max_uses => if form.max_uses.is_empty() { "1".to_string() } else { form.max_uses },
            },
            errors => errors.ordered(&["expires_in_days", "max_uses"]).view(page, "invite"),
        },
    )
    .await
}

pub async fn page(page: Page) -> WebResult {
    page.require_admin()?;
    render(
        &page,
        StatusCode::OK,
        InviteForm::default(),
        FormErrors::default(),
    )
    .await
}

/// A choice of the form: `none` (the word for "no limit") or a number; anything else is
/// passed on as out of range, for the service to refuse.
fn choice<T: std::str::FromStr + From<i8>>(value: &str, none: &str) -> Option<T> {
    match value.trim() {
        v if v == none || v.is_empty() => None,
        v => Some(v.parse().unwrap_or_else(|_| T::from(-1))),
    }
}

pub async fn create(page: Page, Form(form): Form<InviteForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let admin = page.require_admin()?;
    let input = InviteInput {
        expires_in_days: choice::<i64>(&form.expires_in_days, "never"),
        max_uses: choice::<i32>(&form.max_uses, "unlimited"),
    };
    match service::create(&page.data, admin, input).await {
        Ok(_) => Ok(page.redirect("/admin/invites", Some("flash-invite-created"))),
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "") else {
                return Err(e.into());
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await
        }
    }
}

pub async fn revoke(page: Page, Path(id): Path<i64>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    page.require_admin()?;
    service::revoke(&page.data, id).await?;
    Ok(page.redirect("/admin/invites", Some("flash-invite-revoked")))
}

/// `/invite/{code}`: the short link handed out, leading to the sign-up form with the code.
pub async fn open(Path(code): Path<String>) -> WebResult {
    let code: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(100)
        .collect();
    Ok(Redirect::to(&format!("/signup?invite={code}")).into_response())
}
