//! Creating and editing projects and organisations: the form, what was typed, and every
//! mistake beside its field when it is refused.

use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, Tags, KIND_PROJECT};
use crate::error::{AppResult, Checks};
use crate::services::entries::{self as service, EntryInput};
use crate::vocabulary as vocab;
use crate::web::entries::{entry_href, label, Kind};
use crate::web::entry_images::{self, Refusal};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Value;

/// A submitted form. Checkbox groups repeat their name, which a struct cannot receive.
pub struct Fields(Vec<(String, String)>);

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

/// What the form shows: an entry's values, or what was typed, as text.
#[derive(Default)]
struct Draft {
    handle: String,
    name: String,
    summary: String,
    description: String,
    website: String,
    country: String,
    region: String,
    latitude: String,
    longitude: String,
    languages: String,
    themes: Vec<String>,
    focus: Vec<String>,
    technologies: Vec<String>,
    sdgs: Vec<String>,
    status: String,
    start_date: String,
    end_date: String,
    social_impact: String,
    beneficiaries: String,
    org_type: String,
    org_size: String,
    expertise: String,
    needs: String,
}

fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl Draft {
    fn from_fields(f: &Fields) -> Draft {
        Draft {
            handle: f.one("handle"),
            name: f.one("name"),
            summary: f.one("summary"),
            description: f.one("description"),
            website: f.one("website"),
            country: f.one("country"),
            region: f.one("region"),
            latitude: f.one("latitude"),
            longitude: f.one("longitude"),
            languages: f.one("languages"),
            themes: f.all("themes"),
            focus: f.all("focus"),
            technologies: f.all("technologies"),
            sdgs: f.all("sdgs"),
            status: f.one("status"),
            start_date: f.one("start_date"),
            end_date: f.one("end_date"),
            social_impact: f.one("social_impact"),
            beneficiaries: f.one("beneficiaries"),
            org_type: f.one("org_type"),
            org_size: f.one("org_size"),
            expertise: f.one("expertise"),
            needs: f.one("needs"),
        }
    }

    fn from_entry(entry: &DirectoryEntry, actor: &Actor, tags: &Tags) -> Draft {
        let facet = |name: &str| -> Vec<String> {
            tags.iter()
                .filter(|(f, _)| f == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Draft {
            handle: actor.username.clone(),
            name: actor.display_name.clone(),
            summary: crate::text::html_to_text(&actor.summary),
            description: entry.description_source.clone(),
            website: entry.website.clone().unwrap_or_default(),
            country: entry.country.clone().unwrap_or_default(),
            region: entry.region.clone(),
            latitude: entry.latitude.map(|l| l.to_string()).unwrap_or_default(),
            longitude: entry.longitude.map(|l| l.to_string()).unwrap_or_default(),
            languages: facet("language").join(", "),
            themes: facet("theme"),
            focus: facet("focus"),
            technologies: facet("technology"),
            sdgs: facet("sdg"),
            status: entry.status.clone().unwrap_or_default(),
            start_date: entry.start_date.map(|d| d.to_string()).unwrap_or_default(),
            end_date: entry.end_date.map(|d| d.to_string()).unwrap_or_default(),
            social_impact: entry.social_impact.clone(),
            beneficiaries: entry.beneficiaries.clone(),
            org_type: entry.org_type.clone().unwrap_or_default(),
            org_size: entry.org_size.clone().unwrap_or_default(),
            expertise: facet("expertise").join(", "),
            needs: facet("need").join(", "),
        }
    }

    /// The service's input, and the numbers and dates that do not parse (refused with the
    /// service's messages, together with what the service finds).
    fn input(&self) -> (EntryInput, Checks) {
        let mut checks = Checks::new();
        let mut number = |field: &'static str, t: &str| -> Option<f64> {
            let value = optional(t).map(|n| n.parse::<f64>().ok().filter(|v| v.is_finite()));
            checks.check(value != Some(None), field, "entry-error-coordinates");
            value.flatten()
        };
        let latitude = number("latitude", &self.latitude);
        let longitude = number("longitude", &self.longitude);
        let mut date = |field: &'static str, t: &str| -> Option<NaiveDate> {
            let value = optional(t).map(|d| d.parse::<NaiveDate>().ok());
            checks.check(value != Some(None), field, "entry-error-dates");
            value.flatten()
        };
        let start_date = date("start_date", &self.start_date);
        let end_date = date("end_date", &self.end_date);
        let input = EntryInput {
            handle: self.handle.trim().to_string(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            website: optional(&self.website),
            country: optional(&self.country),
            region: self.region.clone(),
            latitude,
            longitude,
            languages: comma_list(&self.languages),
            themes: self.themes.clone(),
            focus: self.focus.clone(),
            technologies: self.technologies.clone(),
            sdgs: self.sdgs.clone(),
            status: optional(&self.status),
            start_date,
            end_date,
            social_impact: self.social_impact.clone(),
            beneficiaries: self.beneficiaries.clone(),
            org_type: optional(&self.org_type),
            org_size: optional(&self.org_size),
            expertise: comma_list(&self.expertise),
            needs: comma_list(&self.needs),
        };
        (input, checks)
    }
}

/// The form's fields in their order on the page, for the error summary.
const FIELDS: &[&str] = &[
    "handle",
    "name",
    "summary",
    "description",
    "status",
    "start_date",
    "end_date",
    "org_type",
    "org_size",
    "website",
    "country",
    "region",
    "latitude",
    "longitude",
    "languages",
    "themes",
    "focus",
    "technologies",
    "sdgs",
    "social_impact",
    "beneficiaries",
    "expertise",
    "needs",
];

/// The service's answer, unless the form's own parsing refused some fields already: then
/// the service's checks are added (the handle's too, for a new entry), so that every
/// mistake shows at once.
async fn checked<T>(
    page: &Page,
    kind: &str,
    input: &EntryInput,
    mut checks: Checks,
    new: bool,
    save: impl std::future::Future<Output = AppResult<T>>,
) -> AppResult<T> {
    if checks.is_empty() {
        return save.await;
    }
    let found = if new {
        service::check_new(&page.data, kind, input).await.err()
    } else {
        service::validate(kind, input).err()
    };
    if let Some(e) = found {
        checks.absorb("", e);
    }
    Err(checks.error())
}

/// The options of a controlled list, labelled, with those in `chosen` marked.
fn options(page: &Page, list: &[&str], label_list: &str, chosen: &[String]) -> Vec<Value> {
    list.iter()
        .map(|code| {
            context! {
                code => code,
                label => label(page, label_list, code),
                checked => chosen.iter().any(|c| c == code),
            }
        })
        .collect()
}

/// Renders the form: for a new entry (`editing` None) or for editing an entry, whose page
/// also has the logo and banner forms (`refusal`: an upload refused there).
async fn render(
    page: Page,
    kind: &'static str,
    editing: Option<&Actor>,
    draft: Draft,
    errors: FormErrors,
    is_admin: bool,
    refusal: Option<Refusal>,
) -> WebResult {
    let one = |v: &str| vec![v.to_string()];
    let status = match (errors.is_empty(), &refusal) {
        (false, _) => StatusCode::UNPROCESSABLE_ENTITY,
        (true, Some(r)) => r.status,
        (true, None) => StatusCode::OK,
    };
    let images = match editing {
        Some(actor) => Some(entry_images::section(&page, actor, refusal.as_ref()).await?),
        None => None,
    };
    let handle = editing.map(|a| a.username.as_str());
    let action = match handle {
        Some(h) => format!("{}/edit", entry_href(kind, h)),
        None => format!("/{}/new", service::path_segment(kind)),
    };
    let form = context! {
        handle => draft.handle,
        name => draft.name,
        summary => draft.summary,
        description => draft.description,
        website => draft.website,
        country => draft.country.to_ascii_uppercase(),
        region => draft.region,
        latitude => draft.latitude,
        longitude => draft.longitude,
        languages => draft.languages,
        start_date => draft.start_date,
        end_date => draft.end_date,
        social_impact => draft.social_impact,
        beneficiaries => draft.beneficiaries,
        expertise => draft.expertise,
        needs => draft.needs,
        themes => options(&page, vocab::THEMES, "theme", &draft.themes),
        focus => options(&page, vocab::FOCUS, "focus", &draft.focus),
        technologies => options(&page, vocab::TECHNOLOGIES, "technology", &draft.technologies),
        sdgs => options(&page, vocab::SDGS, "sdg", &draft.sdgs),
        statuses => options(&page, vocab::PROJECT_STATUSES, "status", &one(&draft.status)),
        org_types => options(&page, vocab::ORGANISATION_TYPES, "orgtype", &one(&draft.org_type)),
        org_sizes => options(&page, vocab::ORGANISATION_SIZES, "orgsize", &one(&draft.org_size)),
    };
    page.render_status(
        status,
        "entry_form.html",
        context! {
            kind => kind,
            is_project => kind == KIND_PROJECT,
            editing => handle.is_some(),
            entry_href => handle.map(|h| entry_href(kind, h)),
            // The saved name: the typed one may be empty or refused.
            entry_name => editing.map(|a| a.display_name_or_username()),
            action => action,
            form => form,
            errors => errors.ordered(FIELDS).view(&page, ""),
            is_admin => is_admin,
            images => images,
            countries => crate::web::events::countries(page.lang),
            suggested_tags => vocab::SUGGESTED_TAGS,
            max => context! {
                name => service::MAX_NAME_CHARS,
                summary => service::MAX_SUMMARY_CHARS,
                description => service::MAX_DESCRIPTION_CHARS,
                text => service::MAX_TEXT_CHARS,
                handle => crate::services::users::USERNAME_MAX,
            },
        },
    )
    .await
}

/// `GET /projects/new`, `/organisations/new`.
pub async fn new_form(page: Page, Kind(kind): Kind) -> WebResult {
    page.require_user()?;
    let errors = FormErrors::default();
    render(page, kind, None, Draft::default(), errors, false, None).await
}

/// `POST /projects/new`, `/organisations/new`: the creator becomes the first admin.
pub async fn create(
    page: Page,
    Kind(kind): Kind,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let draft = Draft::from_fields(&fields);
    // `/{kind}/new` is this form: the handle `new` is reserved, as are other paths.
    let (input, checks) = draft.input();
    let save = service::create(&page.data, user, kind, input.clone());
    match checked(&page, kind, &input, checks, true, save).await {
        Ok((_, actor)) => {
            let to = entry_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-entry-created")))
        }
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, kind, None, draft, errors, false, None).await,
            None => Err(e.into()),
        },
    }
}

/// `GET /{kind}/{handle}/edit`: members only.
pub async fn edit_form(page: Page, Kind(kind): Kind, Path(handle): Path<String>) -> WebResult {
    edit_page(page, kind, &handle, None).await
}

/// The edit page with the saved values, and an image upload refused on it if any.
pub async fn edit_page(
    page: Page,
    kind: &'static str,
    handle: &str,
    refusal: Option<Refusal>,
) -> WebResult {
    let user = page.require_user()?;
    let (entry, actor) = service::local(&page.data, kind, handle).await?;
    let membership = service::require_member(&page.data, user, &actor, false).await?;
    let tags = service::of_actor(&page.data, actor.id)
        .await?
        .map(|(_, t)| t)
        .unwrap_or_default();
    let draft = Draft::from_entry(&entry, &actor, &tags);
    let admin = membership.is_admin();
    let errors = FormErrors::default();
    render(page, kind, Some(&actor), draft, errors, admin, refusal).await
}

/// `POST /{kind}/{handle}/edit`.
pub async fn update(
    page: Page,
    Kind(kind): Kind,
    Path(handle): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    let (_, actor) = service::local(&page.data, kind, &handle).await?;
    let membership = service::require_member(&page.data, user, &actor, false).await?;
    let mut draft = Draft::from_fields(&fields);
    draft.handle = actor.username.clone();
    let (input, checks) = draft.input();
    let save = service::update(&page.data, user, kind, &actor.username, input.clone());
    match checked(&page, kind, &input, checks, false, save).await {
        Ok(_) => {
            let to = entry_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-entry-saved")))
        }
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => {
                let admin = membership.is_admin();
                render(page, kind, Some(&actor), draft, errors, admin, None).await
            }
            None => Err(e.into()),
        },
    }
}
