//! Publishing, editing and withdrawing calls: the form keeps what was typed when it is
//! refused, with every mistake beside its field.

use crate::error::{AppResult, Checks};
use crate::services::funding_calls::{self as service, CallDetails, CallInput, DeadlineInput, HUB};
use crate::vocabulary as vocab;
use crate::web::auth::CsrfOnly;
use crate::web::entries::label;
use crate::web::form_errors::FormErrors;
use crate::web::funding_calls::call_href;
use crate::web::page::{Page, WebResult};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Form;
use minijinja::context;
use minijinja::value::Value;

/// Rows of deadlines the form offers (filled ones, plus empty ones up to this number).
const DEADLINE_ROWS: usize = 4;

/// The form's fields in their order on the page, for the error summary.
const FIELDS: &[&str] = &[
    "publisher",
    "title",
    "summary",
    "description",
    "programme",
    "kind",
    "amount_min",
    "amount_max",
    "currency",
    "cofunding_rate",
    "time_zone",
    "opens",
    "deadlines",
    "countries",
    "organisation_types",
    "themes",
    "sdgs",
    "languages",
    "link",
    "contact",
];

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
    title: String,
    summary: String,
    description: String,
    programme: String,
    kind: String,
    amount_min: String,
    amount_max: String,
    currency: String,
    cofunding_rate: String,
    opens: String,
    time_zone: String,
    deadlines: Vec<(String, String)>,
    countries: String,
    organisation_types: Vec<String>,
    themes: Vec<String>,
    sdgs: Vec<String>,
    languages: String,
    link: String,
    contact: String,
}

/// Words of a list typed in one field ("PT, EE eu27").
fn words(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn number<T: std::str::FromStr>(text: &str) -> Result<Option<T>, ()> {
    match text
        .trim()
        .replace([',', ' ', '\u{202f}', '\u{a0}'], "")
        .as_str()
    {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| ()),
    }
}

impl Draft {
    fn from_fields(f: &Fields) -> Draft {
        let labels = f.all("deadline_label");
        let dues = f.all("deadline_due");
        Draft {
            publisher: f.one("publisher"),
            title: f.one("title"),
            summary: f.one("summary"),
            description: f.one("description"),
            programme: f.one("programme"),
            kind: f.one("kind"),
            amount_min: f.one("amount_min"),
            amount_max: f.one("amount_max"),
            currency: f.one("currency"),
            cofunding_rate: f.one("cofunding_rate"),
            opens: f.one("opens"),
            time_zone: f.one("time_zone"),
            deadlines: labels.into_iter().zip(dues).collect(),
            countries: f.one("countries"),
            organisation_types: f.all("organisation_types"),
            themes: f.all("themes"),
            sdgs: f.all("sdgs"),
            languages: f.one("languages"),
            link: f.one("link"),
            contact: f.one("contact"),
        }
    }

    fn from_details(d: &CallDetails) -> Draft {
        let c = &d.call;
        let local = |t| crate::services::event_input::utc_to_local_input(t, &c.time_zone);
        let countries = if d.is_eu27() {
            let mut out = vec![vocab::EU27_CODE.to_string()];
            out.extend(
                d.countries()
                    .into_iter()
                    .filter(|x| !vocab::EU27.contains(&x.as_str())),
            );
            out
        } else {
            d.countries()
        };
        Draft {
            publisher: d.publisher.username.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            description: c.description_source.clone(),
            programme: c.programme.clone(),
            kind: c.call_kind.clone(),
            amount_min: c.amount_min.map(|v| v.to_string()).unwrap_or_default(),
            amount_max: c.amount_max.map(|v| v.to_string()).unwrap_or_default(),
            currency: c.currency.clone().unwrap_or_default(),
            cofunding_rate: c.cofunding_rate.map(|v| v.to_string()).unwrap_or_default(),
            opens: c.opens_at.map(local).unwrap_or_default(),
            time_zone: c.time_zone.clone(),
            deadlines: d
                .deadlines
                .iter()
                .map(|x| (x.label.clone(), local(x.due_at)))
                .collect(),
            countries: countries.join(", "),
            organisation_types: d.organisation_types(),
            themes: d.themes(),
            sdgs: d.sdgs(),
            languages: d.languages().join(", "),
            link: c.link.clone().unwrap_or_default(),
            contact: c.contact.clone(),
        }
    }

    /// The service's input, and the numbers that do not parse.
    fn input(&self) -> (CallInput, Checks) {
        let mut checks = Checks::new();
        let amount_min = number::<i64>(&self.amount_min);
        checks.check(amount_min.is_ok(), "amount_min", "call-error-amount");
        let amount_max = number::<i64>(&self.amount_max);
        checks.check(amount_max.is_ok(), "amount_max", "call-error-amount");
        let rate = number::<i32>(&self.cofunding_rate);
        checks.check(rate.is_ok(), "cofunding_rate", "call-error-rate");
        let input = CallInput {
            publisher: self.publisher.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            programme: self.programme.clone(),
            kind: self.kind.clone(),
            amount_min: amount_min.ok().flatten(),
            amount_max: amount_max.ok().flatten(),
            currency: self.currency.clone(),
            cofunding_rate: rate.ok().flatten(),
            opens: self.opens.clone(),
            time_zone: self.time_zone.clone(),
            deadlines: self
                .deadlines
                .iter()
                .map(|(label, due)| DeadlineInput {
                    label: label.clone(),
                    due: due.clone(),
                })
                .collect(),
            countries: words(&self.countries),
            organisation_types: self.organisation_types.clone(),
            themes: self.themes.clone(),
            sdgs: self.sdgs.clone(),
            languages: words(&self.languages),
            link: self.link.clone(),
            contact: self.contact.clone(),
        };
        (input, checks)
    }
}

/// The service's answer, unless the form's own parsing refused fields already: then the
/// service's checks are added, so that every mistake shows at once.
async fn checked<T>(
    input: &CallInput,
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
    editing: Option<&CallDetails>,
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
                let value = if a.kind == "Application" {
                    HUB.to_string()
                } else {
                    a.username.clone()
                };
                let label = if a.kind == "Application" {
                    page.t("calls-publisher-hub")
                } else {
                    format!("{} ({})", a.display_name_or_username(), a.handle())
                };
                context! { selected => draft.publisher == value, value => value, label => label }
            })
            .collect(),
    };
    let mut rows = draft.deadlines.clone();
    while rows.len() < DEADLINE_ROWS {
        rows.push(Default::default());
    }
    let deadlines: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (l, d))| context! { n => i + 1, label => l, due => d })
        .collect();
    let one = |v: &str| vec![v.to_string()];
    let form = context! {
        title => draft.title,
        summary => draft.summary,
        description => draft.description,
        programmes => options(&page, "programme", vocab::PROGRAMMES, &one(&draft.programme)),
        kinds => options(&page, "callkind", vocab::CALL_KINDS, &one(&draft.kind)),
        amount_min => draft.amount_min,
        amount_max => draft.amount_max,
        currencies => vocab::CURRENCIES.iter().map(|c| context! { code => c, checked => *c == draft.currency }).collect::<Vec<_>>(),
        cofunding_rate => draft.cofunding_rate,
        opens => draft.opens,
        time_zone => draft.time_zone,
        deadlines => deadlines,
        countries => draft.countries,
        org_types => options(&page, "orgtype", vocab::ORGANISATION_TYPES, &draft.organisation_types),
        themes => options(&page, "theme", vocab::THEMES, &draft.themes),
        sdgs => options(&page, "sdg", vocab::SDGS, &draft.sdgs),
        languages => draft.languages,
        link => draft.link,
        contact => draft.contact,
    };
    let action = match editing {
        Some(d) => format!("{}/edit", call_href(&d.call.key)),
        None => "/calls/new".to_string(),
    };
    page.render_status(
        status,
        "call_form.html",
        context! {
            editing => editing.is_some(),
            call_href => editing.map(|d| call_href(&d.call.key)),
            call_title => editing.map(|d| d.call.title.clone()),
            publishers => publishers,
            action => action,
            form => form,
            errors => errors.ordered(FIELDS).view(&page, ""),
            zones => crate::web::event_form::ZONES,
            max => context! {
                title => crate::services::call_input::MAX_TITLE_CHARS,
                summary => crate::services::call_input::MAX_SUMMARY_CHARS,
                description => crate::services::call_input::MAX_DESCRIPTION_CHARS,
                text => crate::services::call_input::MAX_TEXT_CHARS,
            },
        },
    )
    .await
}

/// `GET /calls/new`: members of an organisation, and admins for the hub.
pub async fn new_form(
    page: Page,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> WebResult {
    let user = page.require_user()?;
    if service::publishers_of(&page.data, user).await?.is_empty() {
        return Err(crate::error::AppError::Validation("calls-error-no-publisher").into());
    }
    let pairs = crate::text::query_pairs(raw.as_deref());
    let publisher = crate::web::events::param(&pairs, "publisher")
        .unwrap_or_default()
        .trim_start_matches('@')
        .to_string();
    let draft = Draft {
        publisher,
        time_zone: crate::services::instance::event_zone(&page.data).await?,
        programme: "esf-plus".into(),
        kind: "grant".into(),
        languages: page.lang.to_string(),
        ..Default::default()
    };
    render(page, None, draft, FormErrors::default()).await
}

/// `POST /calls/new`: the new call's page, or the form again with every mistake.
pub async fn create(page: Page, Form(fields): Form<Vec<(String, String)>>) -> WebResult {
    let fields = Fields(fields);
    page.check_csrf(&fields.one("csrf_token"))?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let draft = Draft::from_fields(&fields);
    let (input, checks) = draft.input();
    let save = service::create(&page.data, user, input.clone());
    match checked(&input, checks, save).await {
        Ok(d) => Ok(page.redirect(&call_href(&d.call.key), Some("flash-call-created"))),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, None, draft, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `GET /calls/{key}/edit`.
pub async fn edit_form(page: Page, Path(key): Path<String>) -> WebResult {
    let user = page.require_user()?;
    let details = service::managed(&page.data, user, &key).await?;
    let draft = Draft::from_details(&details);
    render(page, Some(&details), draft, FormErrors::default()).await
}

/// `POST /calls/{key}/edit`.
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
    let (input, checks) = draft.input();
    let save = service::update(&page.data, user, &key, input.clone());
    match checked(&input, checks, save).await {
        Ok(d) => Ok(page.redirect(&call_href(&d.call.key), Some("flash-call-updated"))),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render(page, Some(&details), draft, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /calls/{key}/withdraw`: removed here and everywhere it went.
pub async fn withdraw(
    page: Page,
    Path(key): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    service::withdraw(&page.data, user, &key).await?;
    Ok(page.redirect("/calls", Some("flash-call-withdrawn")))
}
