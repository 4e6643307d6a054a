//! Communities on the HTML side: the list with its language filter, creating and editing
//! (refused input kept, every mistake at its field), the community page with its threads
//! and compose form, and its Atom feed. Threads are in [`crate::web::threads`], following
//! in [`crate::web::community_follow`], moderation pages in
//! [`crate::web::community_moderation`].

use crate::db::models::actor::Actor;
use crate::db::models::community::{POSTING_FOLLOWERS, POSTING_MEMBERS};
use crate::db::models::follow::STATE_PENDING;
use crate::error::AppError;
use crate::services::communities::{self as service, CommunityDetails, CommunityInput};
use crate::services::threads::{self as threads, PostText};
use crate::state::Ctx;
use crate::web::community_follow::{posting_view, refusal_field};
use crate::web::events::{pairs, param, Pairs};
use crate::web::form_errors::FormErrors;
use crate::web::page::{self, Page, WebError, WebResult};
use crate::web::profiles::{href as actor_href, page_number};
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

/// How paths name a community: `handle` here, `handle@domain` elsewhere.
pub fn path_name(actor: &Actor) -> String {
    if actor.is_local {
        actor.username.clone()
    } else {
        format!("{}@{}", actor.username, actor.domain)
    }
}

/// The page of a community: its id for local ones (negotiated by `app`), `/c/…` for others.
pub fn community_href(actor: &Actor) -> String {
    if actor.is_local {
        format!("/communities/{}", actor.username)
    } else {
        format!("/c/{}", path_name(actor))
    }
}

/// Someone as thread pages and lists show them: name, handle and the hub they come from.
pub fn person(actor: &Actor) -> Value {
    context! {
        display_name => actor.display_name_or_username(),
        handle => actor.handle(),
        host => actor.domain,
        href => actor_href(actor),
        local => actor.is_local,
        id => actor.id,
    }
}

/// Post dates, as other cards show them.
pub fn date(at: chrono::NaiveDateTime) -> (String, String) {
    (crate::text::utc_minutes(at), crate::text::rfc3339(at))
}

/// What a page shows about a community.
pub fn community_view(details: &CommunityDetails) -> Value {
    let (c, a) = (&details.community, &details.actor);
    let href = community_href(a);
    let name = path_name(a);
    context! {
        name => a.display_name_or_username(),
        handle => a.handle(),
        path => name,
        href => href,
        local => a.is_local,
        host => a.domain,
        ap_id => a.ap_id.to_string(),
        description_html => Some(c.description_html.trim()).filter(|d| !d.is_empty()),
        rules_html => Some(c.rules_html.trim()).filter(|r| !r.is_empty()),
        languages => c.language_list(),
        approval => a.manually_approves_followers,
        members_only => c.posting == POSTING_MEMBERS,
        followers => details.followers,
        moderators => details.moderators.iter().map(person).collect::<Vec<_>>(),
        feed_href => format!("/communities/{name}/feed.atom"),
        original => (!a.is_local).then(|| a.profile_url.clone().unwrap_or_else(|| a.ap_id.to_string())),
    }
}

/// Whether the signed-in member moderates this community (only local ones are moderated
/// here).
pub fn moderates(page: &Page, details: &CommunityDetails) -> bool {
    details.actor.is_local
        && page
            .user
            .as_ref()
            .is_some_and(|u| details.moderators.iter().any(|m| m.id == u.actor_id))
}

fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    crate::text::with_query(path, &q.finish())
}

/// `GET /communities`: local communities first, then remote ones, optionally in a language.
pub async fn list(page: Page, RawQuery(query): RawQuery) -> WebResult {
    let pairs = pairs(query.as_deref());
    let lang = param(&pairs, "lang").map(str::to_string);
    let rows = service::list(&page.data, lang.as_deref()).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|s| {
            let a = &s.actor;
            context! {
                name => a.display_name_or_username(),
                handle => a.handle(),
                href => community_href(a),
                local => a.is_local,
                host => a.domain,
                languages => s.community.language_list().join(", "),
                followers => s.followers,
                threads => s.threads,
                summary => crate::text::plain_text_words(&s.community.description_html)
                    .chars().take(240).collect::<String>(),
            }
        })
        .collect();
    let origins = crate::web::origins::names(&page).await?;
    page.render(
        "communities.html",
        context! {
            communities => items,
            filter_lang => lang.unwrap_or_default(),
            origins => origins,
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct CommunityForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    handle: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    rules: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    approval_required: Option<String>,
    #[serde(default)]
    posting: String,
}

impl CommunityForm {
    fn input(&self) -> CommunityInput {
        CommunityInput {
            handle: self.handle.trim().trim_start_matches('@').to_string(),
            name: self.name.clone(),
            description: self.description.clone(),
            rules: self.rules.clone(),
            languages: self
                .languages
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            approval_required: self.approval_required.is_some(),
            posting: if self.posting.is_empty() {
                POSTING_FOLLOWERS.to_string()
            } else {
                self.posting.clone()
            },
        }
    }

    fn of(details: &CommunityDetails) -> CommunityForm {
        CommunityForm {
            handle: details.actor.username.clone(),
            name: details.actor.display_name.clone(),
            description: details.community.description_source.clone(),
            rules: details.community.rules_source.clone(),
            languages: details.community.language_list().join(", "),
            approval_required: details
                .actor
                .manually_approves_followers
                .then(|| "true".into()),
            posting: details.community.posting.to_string(),
            ..CommunityForm::default()
        }
    }
}

/// The community form's fields in their order on the page, for the error summary.
const FIELDS: &[&str] = &[
    "handle",
    "name",
    "description",
    "rules",
    "languages",
    "posting",
];

/// The create form (`editing` None) or the settings form, with every mistake if refused.
async fn render_form(
    page: Page,
    editing: Option<&CommunityDetails>,
    form: &CommunityForm,
    errors: FormErrors,
) -> WebResult {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (action, community) = match editing {
        Some(d) => (
            format!("/communities/{}/edit", path_name(&d.actor)),
            Some(community_view(d)),
        ),
        None => ("/communities/new".to_string(), None),
    };
    let values = context! {
        handle => form.handle,
        name => form.name,
        description => form.description,
        rules => form.rules,
        languages => form.languages,
        approval_required => form.approval_required.is_some(),
        posting => if form.posting.is_empty() { POSTING_FOLLOWERS.as_str() } else { form.posting.as_str() },
    };
    page.render_status(
        status,
        "community_form.html",
        context! {
            editing => community,
            action => action,
            form => values,
            errors => errors.ordered(FIELDS).view(&page, ""),
            postings => [POSTING_FOLLOWERS, POSTING_MEMBERS],
            max => context! {
                name => service::MAX_NAME_CHARS,
                description => service::MAX_DESCRIPTION_CHARS,
                rules => service::MAX_RULES_CHARS,
            },
        },
    )
    .await
}

/// `GET /communities/new`.
pub async fn new_form(page: Page) -> WebResult {
    page.require_user()?;
    render_form(page, None, &CommunityForm::default(), FormErrors::default()).await
}

/// `POST /communities/new`: the creator becomes its first moderator.
pub async fn create(page: Page, Form(form): Form<CommunityForm>) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    match service::create(&page.data, user, form.input()).await {
        Ok(details) => Ok(page.redirect(
            &community_href(&details.actor),
            Some("flash-community-created"),
        )),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => render_form(page, None, &form, errors).await,
            None => Err(e.into()),
        },
    }
}

/// `GET /communities/{name}/edit` (moderators).
pub async fn edit_form(page: Page, Path(name): Path<String>) -> WebResult {
    let user = page.require_user()?;
    service::require_moderator(&page.data, user, &name).await?;
    let details = service::get_details(&page.data, &name).await?;
    let form = CommunityForm::of(&details);
    render_form(page, Some(&details), &form, FormErrors::default()).await
}

/// `POST /communities/{name}/edit`.
pub async fn update(
    page: Page,
    Path(name): Path<String>,
    Form(form): Form<CommunityForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    match service::update(&page.data, user, &name, form.input()).await {
        Ok(details) => Ok(page.redirect(
            &community_href(&details.actor),
            Some("flash-community-saved"),
        )),
        Err(e) => match FormErrors::of(&page, &e, "") {
            Some(errors) => {
                let details = service::get_details(&page.data, &name).await?;
                render_form(page, Some(&details), &form, errors).await
            }
            None => Err(e.into()),
        },
    }
}

/// What the compose form shows: empty, or what was typed when the thread was refused.
#[derive(Default)]
pub struct ThreadDraft {
    pub title: String,
    pub content: String,
    pub language: String,
    pub errors: FormErrors,
}

/// `GET /communities/{name}` for browsers (mounted by `app`, which negotiates) and
/// `GET /c/{name}`. Renders its own error pages, like the other negotiated pages.
pub async fn page(data: Ctx, headers: HeaderMap, name: String, query: Option<String>) -> Response {
    let response = match Page::from_headers(data.clone(), &headers).await {
        Ok(page) => {
            let pairs = pairs(query.as_deref());
            let page = page.at(&format!("/communities/{name}"), query.as_deref());
            render(page, &name, &pairs, ThreadDraft::default(), StatusCode::OK)
                .await
                .into_response()
        }
        Err(e) => WebError(e).into_response(),
    };
    page::error_page(data, &headers, response).await
}

/// `GET /c/{name}`: the same page, by a name with a domain for communities elsewhere.
pub async fn show(
    data: Ctx,
    headers: HeaderMap,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    page(data, headers, name, query).await
}

/// The community page with its threads (`?lang=`, `?page=`) and the compose form.
pub async fn render(
    page: Page,
    name: &str,
    pairs: &Pairs,
    draft: ThreadDraft,
    status: StatusCode,
) -> WebResult {
    let details = service::get_details(&page.data, name).await?;
    let path = path_name(&details.actor);
    let lang = param(pairs, "lang").unwrap_or_default().to_string();
    let number = page_number(param(pairs, "page"))?;
    let (total, rows, filter_error) =
        match threads::list(&page.data, &path, Some(&lang), number).await {
            Ok((total, rows)) => (total, rows, None),
            Err(AppError::Validation(id)) => (0, vec![], Some(page.t(id))),
            Err(e) => return Err(e.into()),
        };
    let items: Vec<Value> = rows
        .iter()
        .map(|s| {
            let (published, published_iso) = date(s.root.published);
            context! {
                href => format!("/threads/{}", s.root.id),
                title => s.root.name.clone().unwrap_or_default(),
                author => person(&s.author),
                language => s.root.language,
                replies => s.replies,
                published => published,
                published_iso => published_iso,
                pinned => s.root.pinned,
                locked => s.root.locked,
            }
        })
        .collect();
    let pages = ((total + threads::PAGE_SIZE - 1) / threads::PAGE_SIZE).max(1);
    let here = community_href(&details.actor);
    let page_href = |n: i64| {
        with_query(
            &here,
            &[
                ("lang", lang.clone()),
                ("page", if n > 1 { n.to_string() } else { String::new() }),
            ],
        )
    };
    let follow = match &page.user {
        Some(u) => crate::services::follows::between(&page.data, u.actor_id, details.actor.id)
            .await?
            .map(|f| context! { pending => f.state == STATE_PENDING }),
        None => None,
    };
    let languages = details.community.language_list();
    // A new thread defaults to the reader's language when the community uses it.
    let language = if draft.language.is_empty() && draft.errors.is_empty() {
        languages
            .iter()
            .find(|l| l.split('-').next() == Some(page.lang))
            .map(|l| l.to_string())
            .unwrap_or_default()
    } else {
        draft.language.clone()
    };
    let compose = context! {
        title => draft.title,
        content => draft.content,
        language => language,
        errors => draft.errors.ordered(&["posting", "title", "content", "language"]).view(&page, "compose"),
        posting => posting_view(&page, &details).await?,
        max_title => threads::MAX_TITLE_CHARS,
        max_text => threads::MAX_TEXT_CHARS,
    };
    let own = moderates(&page, &details);
    let is_member = page
        .user
        .as_ref()
        .is_some_and(|u| details.members.iter().any(|m| m.id == u.actor_id));
    let origins = crate::web::origins::names(&page).await?;
    page.render_status(
        status,
        "community.html",
        context! {
            origins => origins,
            community => community_view(&details),
            threads => items,
            total => total,
            page => number,
            pages => pages,
            previous_href => (number > 1).then(|| page_href(number - 1)),
            next_href => (number < pages).then(|| page_href(number + 1)),
            filter_lang => lang,
            filter_error => filter_error,
            clear_href => here.clone(),
            follow => follow,
            moderator => own,
            member => is_member,
            compose => compose,
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct ThreadForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    language: String,
}

/// `POST /communities/{name}/threads`: a refusal shows the community page again with what
/// was typed and the reason (follow first, members only, banned, bad input).
pub async fn create_thread(
    page: Page,
    Path(name): Path<String>,
    Form(form): Form<ThreadForm>,
) -> WebResult {
    page.check_csrf(&form.csrf_token)?;
    let user = page.require_user()?;
    page.limit(crate::limits::Action::Posting)?;
    let text = PostText {
        title: form.title.clone(),
        content: form.content.clone(),
        language: Some(form.language.clone()),
    };
    match threads::create_thread(&page.data, user, &name, text).await {
        Ok(post) => Ok(page.redirect(
            &format!("/threads/{}", post.id),
            Some("flash-thread-published"),
        )),
        Err(e) => match FormErrors::of(&page, &e, refusal_field(&e)) {
            Some(errors) => {
                let draft = ThreadDraft {
                    title: form.title,
                    content: form.content,
                    language: form.language,
                    errors,
                };
                render(page, &name, &Pairs::new(), draft, e.status()).await
            }
            None => Err(e.into()),
        },
    }
}

/// `GET /communities/{name}/feed.atom`: its newest visible posts.
pub async fn feed(data: Ctx, headers: HeaderMap, Path(name): Path<String>) -> Response {
    match crate::services::feeds::community_feed(&data, &name).await {
        Ok(feed) => crate::web::feeds::respond(&headers, feed),
        Err(e) => e.into_response(),
    }
}
