//! The hub profile on the admin page: country, region, languages, clusters, themes and
//! contact in one form, the logo uploaded and removed on its own. `services::instance`
//! checks and stores them, as it does for the API.

use crate::error::AppError;
use crate::i18n::Arg;
use crate::services::instance::{self as service, HubProfileInput};
use crate::vocabulary as vocab;
use crate::web::admin::{render, Refused};
use crate::web::auth::CsrfOnly;
use crate::web::entries::label;
use crate::web::entry_images::{read_upload, size_label};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebError, WebResult};
use axum::extract::multipart::MultipartRejection;
use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;

/// The logo form's file field.
const FILE_FIELD: &str = "logo";

/// A refused profile form: what was typed and every mistake.
pub struct HubDraft {
    pub input: HubProfileInput,
    pub errors: FormErrors,
}

/// The profile form's fields in their order on the page.
const FIELDS: &[&str] = &[
    "country",
    "region",
    "languages",
    "clusters",
    "themes",
    "contact",
];

/// The hub profile section of the admin page: the saved profile, or a refused draft.
pub async fn section(
    page: &Page,
    draft: Option<&HubDraft>,
    logo_error: Option<String>,
) -> Result<Value, WebError> {
    let profile = service::hub_profile(&page.data).await?;
    let input = match draft {
        Some(d) => d.input.clone(),
        None => HubProfileInput {
            country: profile.country.clone(),
            region: profile.region.clone(),
            languages: profile.languages.join(", "),
            clusters: profile.clusters.join(", "),
            themes: profile.themes.clone(),
            contact: profile.contact.clone(),
        },
    };
    let themes: Vec<Value> = vocab::THEMES
        .iter()
        .map(|code| {
            context! {
                code => code,
                label => label(page, "theme", code),
                checked => input.themes.iter().any(|t| t == code),
            }
        })
        .collect();
    let limit = page.data.config.media.max_upload_bytes;
    Ok(context! {
        name => profile.name,
        country => input.country,
        region => input.region,
        languages => input.languages,
        clusters => input.clusters,
        contact => input.contact,
        themes => themes,
        errors => match draft {
            Some(d) => d.errors.view(page, "hub"),
            None => FormErrors::default().view(page, "hub"),
        },
        logo_url => profile.logo_url,
        logo_error => logo_error,
        logo_hint => crate::i18n::translate(
            page.lang,
            "admin-hub-logo-hint",
            &[("size", Arg::Str(size_label(page, limit)))],
        ),
    })
}

/// The form's fields (`themes` repeats) as the service's input, and the CSRF token.
fn input_of(fields: &[(String, String)]) -> (HubProfileInput, String) {
    let mut input = HubProfileInput::default();
    let mut token = String::new();
    for (k, v) in fields {
        match k.as_str() {
            "csrf_token" => token = v.clone(),
            "country" => input.country = v.clone(),
            "region" => input.region = v.clone(),
            "languages" => input.languages = v.clone(),
            "clusters" => input.clusters = v.clone(),
            "themes" => input.themes.push(v.clone()),
            "contact" => input.contact = v.clone(),
            _ => {}
        }
    }
    (input, token)
}

/// `POST /admin/hub`: an admin saves the hub profile.
pub async fn save(page: Page, Form(fields): Form<Vec<(String, String)>>) -> WebResult {
    let (input, token) = input_of(&fields);
    page.check_csrf(&token)?;
    let user = page.require_admin()?;
    match service::update_hub_profile(&page.data, user, &input).await {
        Ok(_) => Ok(page.redirect("/admin#hub-heading", Some("flash-hub-profile-saved"))),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => {
                let refused = Refused {
                    hub: Some(HubDraft {
                        input,
                        errors: errors.ordered(FIELDS),
                    }),
                    ..Refused::default()
                };
                render(&page, StatusCode::UNPROCESSABLE_ENTITY, refused).await
            }
            None => Err(e.into()),
        },
    }
}

/// `POST /admin/hub/logo`: an admin uploads the hub's logo (`multipart/form-data` with
/// `csrf_token` and `logo`).
pub async fn upload_logo(
    page: Page,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    // Before reading the body: only admins get to make the hub read megabytes.
    let user = page.require_admin()?;
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let limit = page.data.config.media.max_upload_bytes;
    let upload = read_upload(&mut multipart, FILE_FIELD, limit)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    page.check_csrf(&upload.csrf_token)?;
    let too_large = || {
        let args = [("size", Arg::Str(size_label(&page, limit)))];
        crate::i18n::translate(page.lang, "entry-images-error-too-large", &args)
    };
    let (message, status) = if upload.too_large {
        (too_large(), StatusCode::PAYLOAD_TOO_LARGE)
    } else if upload.image.is_empty() {
        (page.t("entry-images-error-empty"), StatusCode::BAD_REQUEST)
    } else {
        match service::set_hub_logo(&page.data, user, &upload.image).await {
            Ok(()) => {
                return Ok(page.redirect("/admin#hub-logo", Some("flash-hub-logo-saved")));
            }
            Err(AppError::Validation("media-error-too-large")) => {
                (too_large(), StatusCode::PAYLOAD_TOO_LARGE)
            }
            Err(AppError::Validation(id)) => (page.t(id), StatusCode::BAD_REQUEST),
            Err(e) => return Err(e.into()),
        }
    };
    let refused = Refused {
        logo: Some(message),
        ..Refused::default()
    };
    render(&page, status, refused).await
}

/// `POST /admin/hub/logo/remove`: an admin removes the hub's logo.
pub async fn remove_logo(page: Page, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_admin()?;
    service::remove_hub_logo(&page.data, user).await?;
    Ok(page.redirect("/admin#hub-logo", Some("flash-hub-logo-removed")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_themes_are_all_kept() {
        let fields: Vec<(String, String)> = [
            ("csrf_token", "t"),
            ("country", "pt"),
            ("themes", "health-care"),
            ("themes", "science"),
            ("languages", "pt, en"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (input, token) = input_of(&fields);
        assert_eq!(token, "t");
        assert_eq!(input.country, "pt");
        assert_eq!(input.themes, vec!["health-care", "science"]);
        assert_eq!(input.languages, "pt, en");
    }
}
