//! A member's own settings: profile (name, bio in Markdown, fields, languages, country,
//! avatar and header), locked account, language.

use crate::error::AppError;
use crate::i18n::Arg;
use crate::services::profiles::{self, ProfileInput, MAX_FIELDS};
use crate::web::auth::CsrfOnly;
use crate::web::entry_images::{read_upload, size_label};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

const FIELDS: &[&str] = &[
    "display_name",
    "summary",
    "field_0",
    "field_1",
    "field_2",
    "field_3",
    "languages",
    "country",
];

/// The page, with `form` as typed (or as stored), `errors`, and a refused picture upload.
async fn render(
    page: &Page,
    status: StatusCode,
    form: Value,
    errors: Value,
    picture_error: Option<(&str, String)>,
) -> WebResult {
    let user = page.require_user()?;
    let (avatar, header) = profiles::pictures(&page.data, user.actor_id).await?;
    page.render_status(
        status,
        "settings.html",
        context! {
            form => form,
            saved => false,
            errors => errors,
            avatar => avatar,
            header => header,
            max_size => size_label(page, page.data.config.media.max_upload_bytes),
            picture_error => picture_error.map(|(which, message)| context! { which => which, message => message }),
            countries => crate::web::events::countries(page.lang),
        },
    )
    .await
}

async fn stored_form(page: &Page) -> Result<Value, crate::web::page::WebError> {
    let user = page.require_user()?;
    let actor = crate::services::actors::by_id(&page.data, user.actor_id).await?;
    let extras = profiles::extras_of(&page.data, actor.id).await?;
    let mut fields: Vec<Value> = extras
        .field_list()
        .iter()
        .map(|f| context! { name => f.name, value => profiles::value_text(&f.value) })
        .collect();
    fields.resize(MAX_FIELDS, context! { name => "", value => "" });
    Ok(context! {
        display_name => actor.display_name,
        summary => profiles::bio_source(&page.data, user, &actor).await?,
        manually_approves_followers => actor.manually_approves_followers,
        locale => user.locale.clone().unwrap_or_default(),
        fields => fields,
        languages => extras.language_list().join(", "),
        country => extras.country.unwrap_or_default(),
    })
}

pub async fn form(page: Page) -> WebResult {
    let form = stored_form(&page).await?;
    let errors = FormErrors::default().view(&page, "");
    render(&page, StatusCode::OK, form, errors, None).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf_token: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    manually_approves_followers: Option<String>,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    field_name_0: String,
    #[serde(default)]
    field_value_0: String,
    #[serde(default)]
    field_name_1: String,
    #[serde(default)]
    field_value_1: String,
    #[serde(default)]
    field_name_2: String,
    #[serde(default)]
    field_value_2: String,
    #[serde(default)]
    field_name_3: String,
    #[serde(default)]
    field_value_3: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    country: String,
}

impl SettingsForm {
    fn pairs(&self) -> Vec<(String, String)> {
        vec![
            (self.field_name_0.clone(), self.field_value_0.clone()),
            (self.field_name_1.clone(), self.field_value_1.clone()),
            (self.field_name_2.clone(), self.field_value_2.clone()),
            (self.field_name_3.clone(), self.field_value_3.clone()),
        ]
    }
}

pub async fn save(page: Page, Form(form): Form<SettingsForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    let input = ProfileInput {
        display_name: &form.display_name,
        summary: &form.summary,
        manually_approves_followers: form.manually_approves_followers.is_some(),
        locale: Some(form.locale.as_str()).filter(|l| !l.is_empty()),
        fields: form.pairs(),
        languages: &form.languages,
        country: &form.country,
    };
    match profiles::update(&page.data, user, input).await {
        Ok(()) => Ok(page.redirect("/settings", Some("flash-settings-saved"))),
        Err(e) => {
            let Some(errors) = FormErrors::of(&page, &e, "") else {
                return Err(e.into());
            };
            let errors = errors.ordered(FIELDS).view(&page, "");
            let fields: Vec<Value> = form
                .pairs()
                .into_iter()
                .map(|(name, value)| context! { name => name, value => value })
                .collect();
            let typed = context! {
                display_name => form.display_name,
                summary => form.summary,
                manually_approves_followers => form.manually_approves_followers.is_some(),
                locale => form.locale,
                fields => fields,
                languages => form.languages,
                country => form.country,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY, typed, errors, None).await
        }
    }
}

fn which_of(raw: &str) -> Result<&'static str, AppError> {
    match raw {
        "avatar" => Ok("avatar"),
        "header" => Ok("header"),
        _ => Err(AppError::NotFound),
    }
}

/// `POST /settings/pictures/{avatar|header}`: multipart with `csrf_token` and `image`.
pub async fn upload_picture(
    page: Page,
    Path(which): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let which = which_of(&which)?;
    let user = page.require_user()?;
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let limit = page.data.config.media.max_upload_bytes;
    let upload = read_upload(&mut multipart, "image", limit)
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
        match profiles::set_picture(&page.data, user, which, &upload.image).await {
            Ok(()) => {
                let flash = format!("flash-profile-{which}-saved");
                return Ok(page.redirect("/settings#pictures", Some(&flash)));
            }
            Err(AppError::Validation("media-error-too-large")) => {
                (too_large(), StatusCode::PAYLOAD_TOO_LARGE)
            }
            Err(AppError::Validation(id)) => (page.t(id), StatusCode::BAD_REQUEST),
            Err(e) => return Err(e.into()),
        }
    };
    let form = stored_form(&page).await?;
    let errors = FormErrors::default().view(&page, "");
    render(&page, status, form, errors, Some((which, message))).await
}

pub async fn remove_picture(
    page: Page,
    Path(which): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let which = which_of(&which)?;
    let user = page.require_user()?;
    profiles::remove_picture(&page.data, user, which).await?;
    let flash = format!("flash-profile-{which}-removed");
    Ok(page.redirect("/settings#pictures", Some(&flash)))
}
