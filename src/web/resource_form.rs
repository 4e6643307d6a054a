//! Publishing, editing and deleting knowledge resources, and their files: the form keeps
//! what was typed when it is refused, with every mistake beside its field; a refused file
//! is explained at the upload form of the resource's page.

use crate::error::{AppError, AppResult};
use crate::i18n::Arg;
use crate::services::resource_input::{MAX_BODY_CHARS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS};
use crate::services::resources::{self as service, ResourceDetails, ResourceInput, HUB};
use crate::vocabulary as vocab;
use crate::web::auth::CsrfOnly;
use crate::web::entries::label;
use crate::web::entry_images::{read_upload, size_label};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use crate::web::resources::{render_resource, resource_href};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery};
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;

/// The form's fields in their order on the page, for the error summary.
const FIELDS: &[&str] = &[
    "publisher",
    "kind",
    "title",
    "summary",
    "body",
    "licence",
    "authors",
    "projects",
    "language",
    "languages",
    "translation_of",
    "themes",
];

/// The upload form's file field.
const FILE_FIELD: &str = "file";

struct Fields(Vec<(String, String)>);

impl Fields {
    fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// What the form shows, as text.
#[derive(Default)]
struct Draft {
    publisher: String,
    kind: String,
    title: String,
    summary: String,
    body: String,
    licence: String,
    language: String,
    languages: String,
    themes: Vec<String>,
    authors: String,
    projects: String,
    translation_of: String,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Draft {
    fn from_fields(f: &Fields) -> Draft {
        Draft {
            publisher: f.one("publisher"),
            kind: f.one("kind"),
            title: f.one("title"),
            summary: f.one("summary"),
            body: f.one("body"),
            licence: f.one("licence"),
            language: f.one("language"),
            languages: f.one("languages"),
            themes: f.all("themes"),
            authors: f.one("authors"),
            projects: f.one("projects"),
            translation_of: f.one("translation_of"),
        }
    }

    /// The fields of an existing resource: to edit it, or to start a translation of it.
    fn from_details(d: &ResourceDetails) -> Draft {
        let r = &d.resource;
        let authors: Vec<String> = d
            .parts
            .authors
            .iter()
            .map(|a| a.ap_id.clone().unwrap_or_else(|| a.name.clone()))
            .collect();
        Draft {
            publisher: d.publisher.username.clone(),
            kind: r.resource_kind.clone(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            body: r.body_source.clone(),
            licence: r.licence.clone(),
            language: r.language.clone(),
            languages: d
                .languages()
                .into_iter()
                .skip(1)
                .collect::<Vec<_>>()
                .join(", "),
            themes: d.themes(),
            authors: authors.join("\n"),
            projects: d.parts.projects.join("\n"),
            translation_of: r.translation_of.clone().unwrap_or_default(),
        }
    }

    fn input(&self) -> ResourceInput {
        ResourceInput {
            publisher: self.publisher.clone(),
            kind: self.kind.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            licence: self.licence.clone(),
            language: self.language.clone(),
            languages: words(&self.languages),
            themes: self.themes.clone(),
            authors: lines(&self.authors),
            projects: lines(&self.projects),
            translation_of: self.translation_of.clone(),
        }
    }
}

fn options(page: &Page, list: &str, codes: &[&str], chosen: &[String]) -> Vec<Value> {
    codes
        .iter()
        .map(|c| {
            context! {
                code => c,
                label => label(page, list, c),
                checked => chosen.iter().any(|x| x == c),
            }
        })
        .collect()
}

async fn render(
    page: Page,
    editing: Option<&ResourceDetails>,
    draft: Draft,
    errors: FormErrors,
) -> WebResult {
    let user = page.require_user()?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let publishers: Vec<Value> = match editing {
        Some(_) => Vec::new(),
        None => service::publishers_of(&page.data, user)
            .await?
            .iter()
            .map(|a| {
                let (value, label) = if a.kind == "Application" {
                    (HUB.to_string(), page.t("calls-publisher-hub"))
                } else if a.id == user.actor_id {
                    (String::new(), page.t("resource-form-publisher-me"))
                } else {
                    (
                        a.username.clone(),
                        format!("{} ({})", a.display_name_or_username(), a.handle()),
                    )
                };
                context! { selected => draft.publisher.trim_start_matches('@') == value, value => value, label => label }
            })
            .collect(),
    };
    let one = |v: &str| vec![v.to_string()];
    let form = context! {
        kinds => options(&page, "resourcekind", vocab::RESOURCE_KINDS, &one(&draft.kind)),
        licences => options(&page, "licence", vocab::LICENCES, &one(&draft.licence)),
        themes => options(&page, "theme", vocab::THEMES, &draft.themes),
        title => draft.title,
        summary => draft.summary,
        body => draft.body,
        language => draft.language,
        languages => draft.languages,
        authors => draft.authors,
        projects => draft.projects,
        translation_of => draft.translation_of,
    };
    let action = match editing {
        Some(d) => format!("{}/edit", resource_href(&d.resource.key)),
        None => "/resources/new".to_string(),
    };
    page.render_status(
        status,
        "resource_form.html",
        context! {
            editing => editing.is_some(),
            resource_href => editing.map(|d| resource_href(&d.resource.key)),
            resource_title => editing.map(|d| d.resource.title.clone()),
            publishers => publishers,
            action => action,
            form => form,
            errors => errors.ordered(FIELDS).view(&page, ""),
            max => context! { title => MAX_TITLE_CHARS, summary => MAX_SUMMARY_CHARS, body => MAX_BODY_CHARS },
        },
    )
    .await
}

/// `GET /resources/new`, optionally `?translation_of={key}` (the new resource starts as a
/// copy of that one, to translate) or `?publisher=`.
pub async fn new_form(page: Page, RawQuery(raw): RawQuery) -> WebResult {
    page.require_user()?;
    let pairs = crate::text::query_pairs(raw.as_deref());
    let param = |n: &str| {
        crate::web::events::param(&pairs, n)
            .unwrap_or_default()
            .to_string()
    };
    let mut draft = match param("translation_of").as_str() {
        "" => Draft {
            kind: "case-study".into(),
            licence: "cc-by".into(),
            ..Default::default()
        },
        key => {
            let original = service::by_key(&page.data, key).await?;
            let mut d = Draft::from_details(&original);
            d.translation_of = original.translation_root().to_string();
            d.publisher = String::new();
            d.languages = String::new();
            d
        }
    };
    draft.language = page.lang.to_string();
    if !param("publisher").is_empty() {
        draft.publisher = param("publisher");
    }
    render(page, None, draft, FormErrors::default()).await
}

/// `POST /resources/new`: the new resource's page, or the form again with every mistake.
pub async fn create(page: Page, Form(fields): Form<Vec<(String, String)>>) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let draft = Draft::from_fields(&fields);
    match service::create(&page.data, user, draft.input()).await {
        Ok(d) => Ok(page.redirect(
            &resource_href(&d.resource.key),
            Some("flash-resource-created"),
        )),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, None, draft, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `GET /resources/{key}/edit`.
pub async fn edit_form(page: Page, Path(key): Path<String>) -> WebResult {
    let user = page.require_user()?;
    let details = service::managed(&page.data, user, &key).await?;
    let draft = Draft::from_details(&details);
    render(page, Some(&details), draft, FormErrors::default()).await
}

/// `POST /resources/{key}/edit`.
pub async fn update(
    page: Page,
    Path(key): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    let details = service::managed(&page.data, user, &key).await?;
    let draft = Draft::from_fields(&fields);
    match service::update(&page.data, user, &key, draft.input()).await {
        Ok(d) => Ok(page.redirect(
            &resource_href(&d.resource.key),
            Some("flash-resource-updated"),
        )),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, Some(&details), draft, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /resources/{key}/delete`: removed here and everywhere it went.
pub async fn delete(page: Page, Path(key): Path<String>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::delete(&page.data, user, &key).await?;
    Ok(page.redirect("/resources", Some("flash-resource-deleted")))
}

/// `POST /resources/{key}/files`: a file (`multipart/form-data` with `csrf_token`,
/// `file` and `name`).
pub async fn upload(
    page: Page,
    Path(key): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let user = page.require_user()?;
    // Before reading the body: strangers do not get to make the hub read megabytes.
    let details = service::managed(&page.data, user, &key).await?;
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let limit = page.data.config.media.max_document_bytes;
    let upload = read_upload(&mut multipart, FILE_FIELD, limit)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    page.check_csrf(&upload.csrf_token)?;
    let name = upload
        .text
        .iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let too_large = |bytes: usize| {
        let args = [("size", Arg::Str(size_label(&page, bytes)))];
        crate::i18n::translate(page.lang, "entry-images-error-too-large", &args)
    };
    let refusal: AppResult<()> = if upload.too_large {
        Err(AppError::Validation("media-error-too-large"))
    } else {
        service::add_attachment(&page.data, user, &key, &upload.image, &name)
            .await
            .map(|_| ())
    };
    let (message, status) = match refusal {
        Ok(()) => {
            let to = format!("{}#files", resource_href(&key));
            return Ok(page.redirect(&to, Some("flash-resource-file-added")));
        }
        Err(AppError::Validation("media-error-too-large")) => {
            // Images have the logos' limit, other files the documents' one.
            let image = crate::services::media::looks_like_image(&upload.image);
            let bytes = if image && !upload.too_large {
                page.data.config.media.max_upload_bytes
            } else {
                limit
            };
            (too_large(bytes), StatusCode::PAYLOAD_TOO_LARGE)
        }
        Err(AppError::Validation(id)) => (page.t(id), StatusCode::BAD_REQUEST),
        Err(e) => return Err(e.into()),
    };
    render_resource(page, details, Some((message, status))).await
}

/// `POST /resources/{key}/files/{n}/delete`.
pub async fn remove_file(
    page: Page,
    Path((key, n)): Path<(String, usize)>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::remove_attachment(&page.data, user, &key, n).await?;
    let to = format!("{}#files", resource_href(&key));
    Ok(page.redirect(&to, Some("flash-resource-file-removed")))
}
