//! Creating and editing events: the form (what was typed is kept when it is refused, with
//! every mistake beside its field), cancelling, deleting, and the cover picture.

use crate::db::models::event::{JOIN_MODES, STATUSES};
use crate::error::{AppError, AppResult, Checks};
use crate::i18n::Arg;
use crate::services::events::{self as service, EventDetails, EventInput};
use crate::vocabulary as vocab;
use crate::web::auth::CsrfOnly;
use crate::web::entries::label;
use crate::web::entry_images::{read_upload, size_label};
use crate::web::event_participation::{event_href, render_event, Problem};
use crate::web::events::{
    countries, join_mode_label, pairs, reader_zone, status_label, DEFAULT_ZONE,
};
use crate::web::form_errors::FormErrors;
use crate::web::page::{Page, WebResult};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::http::{HeaderMap, StatusCode};
use axum::Form;
use minijinja::context;
use minijinja::value::Value;

/// Zones offered in the form (any IANA name may be typed).
pub(crate) const ZONES: &[&str] = &[
    "Europe/Lisbon",
    "Atlantic/Azores",
    "Atlantic/Canary",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Luxembourg",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Vienna",
    "Europe/Prague",
    "Europe/Warsaw",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Helsinki",
    "Europe/Tallinn",
    "Europe/Riga",
    "Europe/Vilnius",
    "Europe/Budapest",
    "Europe/Bratislava",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Belgrade",
    "Europe/Bucharest",
    "Europe/Sofia",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "UTC",
];
/// The form's file field for the cover.
const FILE_FIELD: &str = "file";

/// A submitted form; checkbox groups repeat their name.
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

/// What the form shows, as text: an event's values or what was typed.
#[derive(Default)]
struct Draft {
    organizer: String,
    title: String,
    description: String,
    starts: String,
    ends: String,
    time_zone: String,
    place_name: String,
    street: String,
    postal_code: String,
    locality: String,
    region: String,
    country: String,
    latitude: String,
    longitude: String,
    online_url: String,
    category: String,
    themes: Vec<String>,
    language: String,
    status: String,
    join_mode: String,
    external_url: String,
    capacity: String,
}

fn number<T: std::str::FromStr>(text: &str) -> Result<Option<T>, ()> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| ()),
    }
}

impl Draft {
    fn from_fields(f: &Fields) -> Draft {
        Draft {
            organizer: f.one("organizer"),
            title: f.one("title"),
            description: f.one("description"),
            starts: f.one("starts"),
            ends: f.one("ends"),
            time_zone: f.one("time_zone"),
            place_name: f.one("place_name"),
            street: f.one("street"),
            postal_code: f.one("postal_code"),
            locality: f.one("locality"),
            region: f.one("region"),
            country: f.one("country"),
            latitude: f.one("latitude"),
            longitude: f.one("longitude"),
            online_url: f.one("online_url"),
            category: f.one("category"),
            themes: f.all("themes"),
            language: f.one("language"),
            status: f.one("status"),
            join_mode: f.one("join_mode"),
            external_url: f.one("external_url"),
            capacity: f.one("capacity"),
        }
    }

    fn from_input(i: EventInput) -> Draft {
        let text = |n: Option<f64>| n.map(|v| v.to_string()).unwrap_or_default();
        Draft {
            organizer: i.organizer,
            title: i.title,
            description: i.description,
            starts: i.starts,
            ends: i.ends,
            time_zone: i.time_zone,
            place_name: i.place_name,
            street: i.street,
            postal_code: i.postal_code,
            locality: i.locality,
            region: i.region,
            country: i.country,
            latitude: text(i.latitude),
            longitude: text(i.longitude),
            online_url: i.online_url,
            category: i.category,
            themes: i.themes,
            language: i.language,
            status: i.status,
            join_mode: i.join_mode,
            external_url: i.external_url,
            capacity: i.capacity.map(|c| c.to_string()).unwrap_or_default(),
        }
    }

    /// The service's input, and the numbers that do not parse (refused with the service's
    /// messages, together with what the service finds).
    fn input(&self) -> (EventInput, Checks) {
        let mut checks = Checks::new();
        let mut coordinate = |field: &'static str, text: &str| {
            let value = number::<f64>(text)
                .ok()
                .filter(|v| v.is_none_or(f64::is_finite));
            checks.check(value.is_some(), field, "event-error-coordinates");
            value.flatten()
        };
        let latitude = coordinate("latitude", &self.latitude);
        let longitude = coordinate("longitude", &self.longitude);
        let capacity = number::<i32>(&self.capacity).ok();
        checks.check(capacity.is_some(), "capacity", "event-error-capacity");
        let input = EventInput {
            organizer: self.organizer.trim().to_string(),
            title: self.title.clone(),
            description: self.description.clone(),
            starts: self.starts.clone(),
            ends: self.ends.clone(),
            time_zone: self.time_zone.clone(),
            place_name: self.place_name.clone(),
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            locality: self.locality.clone(),
            region: self.region.clone(),
            country: self.country.clone(),
            latitude,
            longitude,
            online_url: self.online_url.clone(),
            category: self.category.clone(),
            themes: self.themes.clone(),
            language: self.language.clone(),
            status: self.status.clone(),
            join_mode: self.join_mode.clone(),
            external_url: self.external_url.clone(),
            capacity: capacity.flatten(),
        };
        (input, checks)
    }
}

/// The form's fields in their order on the page, for the error summary.
const FIELDS: &[&str] = &[
    "organizer",
    "title",
    "description",
    "category",
    "language",
    "status",
    "starts",
    "ends",
    "time_zone",
    "place_name",
    "street",
    "postal_code",
    "locality",
    "region",
    "country",
    "latitude",
    "longitude",
    "online_url",
    "themes",
    "join_mode",
    "capacity",
    "external_url",
];

/// The service's answer to `input`, unless the form's own parsing refused some fields
/// already: then the service's checks are added, so that every mistake shows at once.
async fn checked<T>(
    input: &EventInput,
    mut checks: Checks,
    save: impl std::future::Future<Output = AppResult<T>>,
) -> AppResult<T> {
    if checks.is_empty() {
        return save.await;
    }
    if let Err(e) = service::validate(input) {
        checks.absorb("", e);
    }
    Err(checks.error())
}

/// The options of a list, labelled, with `chosen` marked.
fn options(codes: &[&str], label: impl Fn(&str) -> String, chosen: &[String]) -> Vec<Value> {
    codes
        .iter()
        .map(|code| {
            context! {
                code => code,
                label => label(code),
                checked => chosen.iter().any(|c| c == code),
            }
        })
        .collect()
}

/// Who the user may organise as: themselves, and the projects and organisations they are
/// an active member of.
async fn organizers(page: &Page, chosen: &str) -> Result<Vec<Value>, crate::web::WebError> {
    let user = page.require_user()?;
    let own = crate::services::actors::by_id(&page.data, user.actor_id).await?;
    let chosen = chosen.trim().trim_start_matches('@');
    let mut out = vec![context! {
        value => own.username,
        label => page.t("event-form-organizer-self"),
        selected => chosen.is_empty() || chosen == own.username,
    }];
    for (m, actor) in crate::services::memberships::of_user(&page.data, user).await? {
        if m.is_active() && matches!(actor.kind.as_str(), "Group" | "Organization") {
            out.push(context! {
                value => actor.username,
                label => format!("{} ({})", actor.display_name_or_username(), actor.handle()),
                selected => chosen == actor.username,
            });
        }
    }
    Ok(out)
}

/// Renders the form for a new event (`editing` None) or for editing one.
async fn render(
    page: Page,
    editing: Option<&EventDetails>,
    draft: Draft,
    errors: FormErrors,
) -> WebResult {
    let one = |v: &str| vec![v.to_string()];
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let organizer_choices = match editing {
        None => Some(organizers(&page, &draft.organizer).await?),
        Some(_) => None,
    };
    let form = context! {
        title => draft.title,
        description => draft.description,
        starts => draft.starts,
        ends => draft.ends,
        time_zone => draft.time_zone,
        place_name => draft.place_name,
        street => draft.street,
        postal_code => draft.postal_code,
        locality => draft.locality,
        region => draft.region,
        country => draft.country.trim().to_ascii_uppercase(),
        latitude => draft.latitude,
        longitude => draft.longitude,
        online_url => draft.online_url,
        language => draft.language,
        external_url => draft.external_url,
        capacity => draft.capacity,
        categories => options(vocab::EVENT_CATEGORIES, |c| label(&page, "event-category", c), &one(&draft.category)),
        themes => options(vocab::THEMES, |c| label(&page, "theme", c), &draft.themes),
        statuses => options(STATUSES, |c| status_label(&page, c), &one(&draft.status)),
        join_modes => options(JOIN_MODES, |c| join_mode_label(&page, c), &one(&draft.join_mode)),
    };
    // The form's own address: a refusal is answered there and can be reloaded.
    let action = match editing {
        Some(d) => format!("{}/edit", event_href(&d.event.key)),
        None => "/events/new".to_string(),
    };
    page.render_status(
        status,
        "event_form.html",
        context! {
            editing => editing.is_some(),
            event_href => editing.map(|d| event_href(&d.event.key)),
            event_title => editing.map(|d| d.event.title.clone()),
            organizer_name => editing.map(|d| d.organizer.display_name_or_username().to_string()),
            organizers => organizer_choices,
            action => action,
            form => form,
            errors => errors.ordered(FIELDS).view(&page, ""),
            countries => countries(page.lang),
            zones => ZONES,
            max => context! {
                title => service::MAX_TITLE_CHARS,
                description => service::MAX_DESCRIPTION_CHARS,
                text => service::MAX_TEXT_CHARS,
                capacity => service::MAX_CAPACITY,
            },
        },
    )
    .await
}

/// `GET /events/new`.
pub async fn new_form(page: Page, headers: HeaderMap) -> WebResult {
    page.require_user()?;
    // The hub's zone, as most of its events happen there; a reader's own zone otherwise
    // only when the hub has none of its own.
    let hub_zone = crate::services::instance::event_zone(&page.data).await?;
    let zone = match hub_zone.as_str() {
        DEFAULT_ZONE => {
            reader_zone(&pairs(None), &headers).map_or(hub_zone.clone(), |z| z.name().to_string())
        }
        _ => hub_zone,
    };
    let draft = Draft {
        time_zone: zone,
        language: page.lang.to_string(),
        join_mode: "free".into(),
        ..Default::default()
    };
    render(page, None, draft, FormErrors::default()).await
}

/// `POST /events/new` (and `POST /events`): the new event's page, or the form again with
/// what was typed and every mistake.
pub async fn create(page: Page, Form(fields): Form<Vec<(String, String)>>) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let mut draft = Draft::from_fields(&fields);
    // New events are scheduled; the status is chosen when editing.
    draft.status = String::new();
    let (input, checks) = draft.input();
    let save = service::create(&page.data, user, input.clone());
    match checked(&input, checks, save).await {
        Ok(details) => {
            let to = event_href(&details.event.key);
            Ok(page.redirect(&to, Some("flash-event-created")))
        }
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, None, draft, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `GET /events/{key}/edit`: organisers only.
pub async fn edit_form(page: Page, Path(key): Path<String>) -> WebResult {
    let user = page.require_user()?;
    let details = service::managed(&page.data, user, &key).await?;
    let draft = Draft::from_input(service::input_from(&details));
    render(page, Some(&details), draft, FormErrors::default()).await
}

/// `POST /events/{key}/edit`.
pub async fn update(
    page: Page,
    Path(key): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    let details = service::managed(&page.data, user, &key).await?;
    let mut draft = Draft::from_fields(&fields);
    draft.organizer = details.organizer.username.clone();
    let (input, checks) = draft.input();
    let save = service::update(&page.data, user, &key, input.clone());
    match checked(&input, checks, save).await {
        Ok(_) => Ok(page.redirect(&event_href(&key), Some("flash-event-saved"))),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, Some(&details), draft, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /events/{key}/cancel` (confirmed on the event page).
pub async fn cancel(page: Page, Path(key): Path<String>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::cancel(&page.data, user, &key).await?;
    Ok(page.redirect(&event_href(&key), Some("flash-event-cancelled")))
}

/// `POST /events/{key}/delete` (confirmed on the event page).
pub async fn delete(page: Page, Path(key): Path<String>, Form(form): Form<CsrfOnly>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::delete(&page.data, user, &key).await?;
    Ok(page.redirect("/events", Some("flash-event-deleted")))
}

/// `POST /events/{key}/cover`: an organiser uploads the cover (`multipart/form-data` with
/// `csrf_token` and `file`); a refused file is explained on the event page.
pub async fn upload_cover(
    page: Page,
    headers: HeaderMap,
    Path(key): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> WebResult {
    let user = page.require_user()?;
    // Before reading the body: strangers do not get to make the hub read megabytes.
    let details = service::managed(&page.data, user, &key).await?;
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
        (page.t("media-error-empty"), StatusCode::BAD_REQUEST)
    } else {
        match service::set_cover(&page.data, user, &key, Some(&upload.image)).await {
            Ok(_) => {
                let to = format!("{}#organiser-tools", event_href(&key));
                return Ok(page.redirect(&to, Some("flash-event-cover-saved")));
            }
            Err(AppError::Validation("media-error-too-large")) => {
                (too_large(), StatusCode::PAYLOAD_TOO_LARGE)
            }
            Err(AppError::Validation(id)) => (page.t(id), StatusCode::BAD_REQUEST),
            Err(e) => return Err(e.into()),
        }
    };
    let reader = reader_zone(&pairs(None), &headers);
    let problem = Problem {
        place: "cover",
        message,
        status,
    };
    render_event(page, details, reader, Some(problem)).await
}

/// `POST /events/{key}/cover/delete`.
pub async fn remove_cover(
    page: Page,
    Path(key): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::set_cover(&page.data, user, &key, None).await?;
    let to = format!("{}#organiser-tools", event_href(&key));
    Ok(page.redirect(&to, Some("flash-event-cover-removed")))
}
