//! Creating and editing projects and organisations: the form, what was typed, and which
//! field a refusal is about.

use crate::db::models::actor::Actor;
use crate::db::models::directory::{DirectoryEntry, Tags, KIND_PROJECT};
use crate::error::AppError;
use crate::services::entries::{self as service, EntryInput};
use crate::vocabulary as vocab;
use crate::web::entries::{entry_href, label, Kind};
use crate::web::entry_images::{self, Refusal};
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
            summary: crate::services::users::html_to_text(&actor.summary),
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

    /// The service's input; numbers and dates that do not parse are refused here, with the
    /// service's own messages.
    fn input(&self) -> Result<EntryInput, &'static str> {
        let number = |t: &str| -> Result<Option<f64>, &'static str> {
            match optional(t) {
                None => Ok(None),
                Some(n) => n
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or("entry-error-coordinates"),
            }
        };
        let date = |t: &str| -> Result<Option<NaiveDate>, &'static str> {
            match optional(t) {
                None => Ok(None),
                Some(d) => d.parse().map(Some).map_err(|_| "entry-error-dates"),
            }
        };
        Ok(EntryInput {
            handle: self.handle.trim().to_string(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            website: optional(&self.website),
            country: optional(&self.country),
            region: self.region.clone(),
            latitude: number(&self.latitude)?,
            longitude: number(&self.longitude)?,
            languages: comma_list(&self.languages),
            themes: self.themes.clone(),
            focus: self.focus.clone(),
            technologies: self.technologies.clone(),
            sdgs: self.sdgs.clone(),
            status: optional(&self.status),
            start_date: date(&self.start_date)?,
            end_date: date(&self.end_date)?,
            social_impact: self.social_impact.clone(),
            beneficiaries: self.beneficiaries.clone(),
            org_type: optional(&self.org_type),
            org_size: optional(&self.org_size),
            expertise: comma_list(&self.expertise),
            needs: comma_list(&self.needs),
        })
    }

    /// The field a refusal is about, so the form can mark it (the services return one id
    /// for several fields).
    fn field_of(&self, error_id: &str) -> &'static str {
        let long = |t: &str, max: usize| t.chars().count() > max;
        let unknown =
            |values: &[String], list: &[&str]| values.iter().any(|v| !list.contains(&v.trim()));
        let bad_code = |value: &str, list: &[&str]| {
            optional(value).is_some_and(|v| !list.contains(&v.as_str()))
        };
        let bad_tags = |text: &str| {
            let tags = comma_list(text);
            tags.len() > vocab::MAX_TAGS || tags.iter().any(|t| vocab::normalise_tag(t).is_none())
        };
        match error_id {
            id if id.starts_with("signup-error-username") => "handle",
            "entry-error-name-required" => "name",
            "entry-error-website" => "website",
            "entry-error-country" => "country",
            "entry-error-coordinates" => "coordinates",
            "entry-error-language" => "languages",
            "entry-error-dates" => "end_date",
            "entry-error-tag" | "entry-error-too-many-tags" if bad_tags(&self.needs) => "needs",
            "entry-error-tag" | "entry-error-too-many-tags" => "expertise",
            "entry-error-too-long" => [
                ("name", long(&self.name, service::MAX_NAME_CHARS)),
                ("summary", long(&self.summary, service::MAX_SUMMARY_CHARS)),
                (
                    "description",
                    long(&self.description, service::MAX_DESCRIPTION_CHARS),
                ),
                ("region", long(&self.region, service::MAX_TEXT_CHARS)),
                (
                    "social_impact",
                    long(&self.social_impact, service::MAX_TEXT_CHARS),
                ),
                (
                    "beneficiaries",
                    long(&self.beneficiaries, service::MAX_TEXT_CHARS),
                ),
            ]
            .into_iter()
            .find(|(_, l)| *l)
            .map_or("", |(f, _)| f),
            "entry-error-unknown-code" => [
                ("themes", unknown(&self.themes, vocab::THEMES)),
                ("focus", unknown(&self.focus, vocab::FOCUS)),
                (
                    "technologies",
                    unknown(&self.technologies, vocab::TECHNOLOGIES),
                ),
                ("sdgs", unknown(&self.sdgs, vocab::SDGS)),
                ("status", bad_code(&self.status, vocab::PROJECT_STATUSES)),
                (
                    "org_type",
                    bad_code(&self.org_type, vocab::ORGANISATION_TYPES),
                ),
                (
                    "org_size",
                    bad_code(&self.org_size, vocab::ORGANISATION_SIZES),
                ),
            ]
            .into_iter()
            .find(|(_, bad)| *bad)
            .map_or("", |(f, _)| f),
            _ => "",
        }
    }
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

/// Every country, by name.
fn countries() -> Vec<Value> {
    let mut all: Vec<_> = isocountry::CountryCode::iter().collect();
    all.sort_by_key(|c| c.name());
    all.into_iter()
        .map(|c| context! { code => c.alpha2(), name => c.name() })
        .collect()
}

/// Renders the form: for a new entry (`editing` None) or for editing an entry, whose page
/// also has the logo and banner forms (`refusal`: an upload refused there).
async fn render(
    page: Page,
    kind: &'static str,
    editing: Option<&Actor>,
    draft: Draft,
    error: Option<&'static str>,
    is_admin: bool,
    refusal: Option<Refusal>,
) -> WebResult {
    let one = |v: &str| vec![v.to_string()];
    let status = match (error, &refusal) {
        (Some(_), _) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, Some(r)) => r.status,
        (None, None) => StatusCode::OK,
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
        error_field => error.map(|id| draft.field_of(id)),
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
            error => error.map(|id| page.t(id)),
            is_admin => is_admin,
            images => images,
            countries => countries(),
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
    render(page, kind, None, Draft::default(), None, false, None).await
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
    let draft = Draft::from_fields(&fields);
    let result = match draft.input() {
        // `/{kind}/new` is this form, so no entry can live there.
        Ok(input) if input.handle.eq_ignore_ascii_case("new") => {
            Err(AppError::Validation("signup-error-username-reserved"))
        }
        Ok(input) => service::create(&page.data, user, kind, input).await,
        Err(id) => Err(AppError::Validation(id)),
    };
    match result {
        Ok((_, actor)) => {
            let to = entry_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-entry-created")))
        }
        Err(AppError::Validation(id)) => {
            render(page, kind, None, draft, Some(id), false, None).await
        }
        Err(e) => Err(e.into()),
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
    render(page, kind, Some(&actor), draft, None, admin, refusal).await
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
    let result = match draft.input() {
        Ok(input) => service::update(&page.data, user, kind, &actor.username, input).await,
        Err(id) => Err(AppError::Validation(id)),
    };
    match result {
        Ok(_) => {
            let to = entry_href(kind, &actor.username);
            Ok(page.redirect(&to, Some("flash-entry-saved")))
        }
        Err(AppError::Validation(id)) => {
            let admin = membership.is_admin();
            render(page, kind, Some(&actor), draft, Some(id), admin, None).await
        }
        Err(e) => Err(e.into()),
    }
}
