//! What every page needs: the language, the logged-in member, CSRF, flash messages,
//! cookies, rendering, and turning errors into translated error pages.

use crate::db::models::session::Session;
use crate::db::models::user::User;
use crate::error::AppError;
use crate::limits::{Action, Key};
use crate::state::Ctx;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use minijinja::value::Value;

pub const SESSION_COOKIE: &str = "tessera_session";
const CSRF_COOKIE: &str = "tessera_csrf";
const FLASH_COOKIE: &str = "tessera_flash";

/// An error on an HTML route; [`render_errors`] turns it into a translated page.
#[derive(Debug)]
pub struct WebError(pub AppError);

impl<E: Into<AppError>> From<E> for WebError {
    fn from(e: E) -> Self {
        WebError(e.into())
    }
}

#[derive(Clone)]
struct ErrorPage {
    message_id: &'static str,
    /// A rate limit's wait, said in the message.
    retry_after_secs: Option<u64>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut response = self.0.status().into_response();
        self.0.add_retry_after(&mut response);
        let retry_after_secs = match self.0 {
            AppError::RateLimited { retry_after_secs } => Some(retry_after_secs),
            _ => None,
        };
        response.extensions_mut().insert(ErrorPage {
            message_id: self.0.message_id(),
            retry_after_secs,
        });
        response
    }
}

/// The arguments of `error-rate-limited-wait`: the wait in whole minutes, or in seconds under
/// a minute (`minutes` is then 0).
fn wait_args(secs: u64) -> Vec<(&'static str, crate::i18n::Arg)> {
    use crate::i18n::Arg;
    let minutes = if secs < 60 { 0 } else { secs.div_ceil(60) };
    vec![
        ("minutes", Arg::Num(minutes as f64)),
        ("seconds", Arg::Num(secs as f64)),
    ]
}

pub type WebResult = Result<Response, WebError>;

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Per-request page state.
pub struct Page {
    pub data: Ctx,
    pub lang: &'static str,
    pub user: Option<User>,
    session: Option<Session>,
    /// An admin whose admin powers wait for two-factor authentication (the configuration
    /// requires it); `user.is_admin` is then false.
    admin_needs_two_factor: bool,
    anon_csrf: String,
    new_anon_csrf: bool,
    flash: Option<String>,
    /// The path and query asked for, where "log in" comes back to.
    here: String,
    /// The client's address, as the rate limits count it (None outside the listener).
    client_ip: Option<std::net::IpAddr>,
}

/// `raw` if it is a path on this site ("/events/x?y#z"), for redirects after logging in:
/// never another host ("//evil.example", "/\\evil.example", "https://..."), a control
/// character or a very long value.
pub fn same_site_path(raw: &str) -> Option<&str> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && !raw.chars().any(|c| c.is_control())
        && raw.len() <= 2000;
    ok.then_some(raw)
}

/// The log-in page, coming back to `here` afterwards.
pub fn login_href(here: &str) -> String {
    coming_back("/login", here)
}

/// The sign-up page, whose "log in" afterwards comes back to `here`.
pub fn signup_href(here: &str) -> String {
    coming_back("/signup", here)
}

/// `base` with `?next=here`, unless `here` is the home page or one of these pages itself.
pub(crate) fn coming_back(base: &str, here: &str) -> String {
    let account_page = |h: &str| h.starts_with("/login") || h.starts_with("/signup");
    match same_site_path(here).filter(|h| *h != "/" && !account_page(h)) {
        Some(h) => format!(
            "{base}?next={}",
            url::form_urlencoded::byte_serialize(h.as_bytes()).collect::<String>()
        ),
        None => base.to_string(),
    }
}

impl Page {
    pub async fn from_headers(data: Ctx, headers: &HeaderMap) -> Result<Page, AppError> {
        let token = cookie_value(headers, SESSION_COOKIE);
        let found = match token {
            Some(t) if !t.is_empty() => crate::services::sessions::find(&data, &t).await?,
            _ => None,
        };
        let (session, mut user) = match found {
            Some((s, u)) => (Some(s), Some(u)),
            None => (None, None),
        };
        let admin_needs_two_factor = user
            .as_ref()
            .is_some_and(|u| crate::services::two_factor::required_for(&data, u));
        if let Some(u) = user.as_mut().filter(|_| admin_needs_two_factor) {
            u.is_admin = false;
        }
        let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let lang = crate::i18n::negotiate(user.as_ref().and_then(|u| u.locale.as_deref()), accept);
        let existing = cookie_value(headers, CSRF_COOKIE).filter(|c| c.len() == 64);
        let new_anon_csrf = existing.is_none();
        let anon_csrf = existing.unwrap_or_else(crate::services::sessions::random_token);
        let flash = cookie_value(headers, FLASH_COOKIE).filter(|f| {
            f.starts_with("flash-") && f.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        });
        Ok(Page {
            data,
            lang,
            user,
            session,
            admin_needs_two_factor,
            anon_csrf,
            new_anon_csrf,
            flash,
            here: "/".to_string(),
            client_ip: None,
        })
    }

    /// The page as asked for at `path` (and `query`), for handlers mounted outside the
    /// router that read headers themselves: "log in" comes back there.
    pub fn at(mut self, path: &str, query: Option<&str>) -> Page {
        self.here = match query.filter(|q| !q.is_empty()) {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        };
        self
    }

    /// Shows a message (a translation id) at the top of the page about to be rendered, as a
    /// flash does after a redirect.
    pub fn notice(&mut self, id: &str) {
        self.flash = Some(id.to_string());
    }

    /// The member's session (None for visitors).
    pub fn session_id(&self) -> Option<i64> {
        self.session.as_ref().map(|s| s.id)
    }

    pub fn csrf_token(&self) -> &str {
        self.session
            .as_ref()
            .map(|s| s.csrf_token.as_str())
            .unwrap_or(&self.anon_csrf)
    }

    /// Checks a submitted form token (synchroniser token for members, double-submit cookie
    /// for visitors), in constant time.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), WebError> {
        let expected = self.csrf_token().as_bytes();
        let given = submitted.as_bytes();
        let same = expected.len() == given.len()
            && expected
                .iter()
                .zip(given)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(WebError(AppError::Csrf))
        }
    }

    /// Counts one `action` (posting, a password change, a sign-up) against the client's
    /// address and the member, if any: over either quota, 429.
    pub fn limit(&self, action: Action) -> Result<(), WebError> {
        let mut keys = vec![Key::client(self.client_ip)];
        keys.extend(self.user.as_ref().map(|u| Key::Account(u.id)));
        Ok(self.data.limits.check_all(action, &keys)?)
    }

    /// Counts a log-in attempt against the client's address and the account name typed.
    pub fn limit_login(&self, typed_name: &str) -> Result<(), WebError> {
        let keys = [Key::client(self.client_ip), Key::name(typed_name)];
        Ok(self.data.limits.check_all(Action::Login, &keys)?)
    }

    pub fn require_user(&self) -> Result<&User, WebError> {
        self.user.as_ref().ok_or(WebError(AppError::Unauthorized))
    }

    /// Whether the member's account is an admin's, even while its admin powers wait for
    /// two-factor authentication.
    pub fn is_admin_account(&self) -> bool {
        self.admin_needs_two_factor || self.user.as_ref().is_some_and(|u| u.is_admin)
    }

    /// An admin, who has turned two-factor authentication on when the configuration
    /// requires it (`accounts.require_admin_two_factor`).
    pub fn require_admin(&self) -> Result<&User, WebError> {
        let user = self.require_user()?;
        if self.admin_needs_two_factor {
            return Err(WebError(AppError::NotAllowed("two-factor-required-admin")));
        }
        if !user.is_admin {
            return Err(WebError(AppError::Forbidden));
        }
        Ok(user)
    }

    pub fn t(&self, id: &str) -> String {
        crate::i18n::translate(self.lang, id, &[])
    }

    fn secure(&self) -> &'static str {
        if self.data.config.server.https {
            "; Secure"
        } else {
            ""
        }
    }

    pub fn cookie(&self, name: &str, value: &str, max_age: i64) -> HeaderValue {
        let text = format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
            self.secure()
        );
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// Renders `template` with the base context and `extra`.
    pub async fn render(&self, template: &str, extra: Value) -> WebResult {
        self.render_status(StatusCode::OK, template, extra).await
    }

    pub async fn render_status(
        &self,
        status: StatusCode,
        template: &str,
        extra: Value,
    ) -> WebResult {
        let settings = crate::services::instance::effective(&self.data).await?;
        let logo_url = crate::services::instance::logo_url(&self.data).await?;
        let current_user = match &self.user {
            Some(u) => {
                let pending = crate::services::follows::pending_count(&self.data, u).await?;
                let notices = crate::services::reports::unseen_decisions(&self.data, u).await?;
                let unread = crate::services::notifications::unread_count(&self.data, u).await?;
                let messages = crate::services::messages::unread_count(&self.data, u).await?;
                let actor = crate::services::actors::by_id(&self.data, u.actor_id).await?;
                Some(context! {
                    username => u.username,
                    display_name => actor.display_name_or_username(),
                    is_admin => u.is_admin,
                    handle => actor.handle(),
                    pending_requests => pending,
                    moderation_notices => notices,
                    notifications => unread,
                    messages => messages,
                    two_factor_required => self.admin_needs_two_factor,
                })
            }
            None => None,
        };
        let config = &self.data.config;
        let base = context! {
            lang => self.lang,
            instance => context! {
                name => settings.name,
                description => settings.description,
                domain => config.server.domain,
                country => config.instance.country,
                languages => config.instance.languages,
                registration_mode => settings.registration_mode.as_str(),
                logo_url => logo_url,
            },
            current_user => current_user,
            csrf_token => self.csrf_token(),
            login_href => login_href(&self.here),
            signup_href => signup_href(&self.here),
            here => self.here,
            // A page answering a refused form: the title says so first, as screen readers
            // read it first (error pages have titles of their own).
            refused => status.is_client_error() && template != "error.html",
            flash => self.flash.as_deref().map(|f| self.t(f)),
        };
        let html = crate::web::templates::shared()
            .render(template, context! { ..extra, ..base })
            .map_err(|e| AppError::Internal(format!("template {template}: {e:#}")))?;
        let mut response = (status, Html(html)).into_response();
        let headers = response.headers_mut();
        if self.new_anon_csrf {
            headers.append(
                SET_COOKIE,
                self.cookie(CSRF_COOKIE, &self.anon_csrf, 86_400),
            );
        }
        if self.flash.is_some() {
            headers.append(SET_COOKIE, self.cookie(FLASH_COOKIE, "", 0));
        }
        Ok(response)
    }

    /// A 303 redirect, optionally carrying a flash message (a translation id).
    pub fn redirect(&self, to: &str, flash: Option<&str>) -> Response {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(v) = HeaderValue::from_str(to) {
            response.headers_mut().insert(LOCATION, v);
        }
        if let Some(f) = flash {
            response
                .headers_mut()
                .append(SET_COOKIE, self.cookie(FLASH_COOKIE, f, 60));
        }
        response
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let data = Ctx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut page = Page::from_headers(data, &parts.headers)
            .await
            .map_err(|e| WebError(e).into_response())?;
        // Behind the library's router the original URI is the one asked for.
        let uri = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map_or(&parts.uri, |o| &o.0);
        page.client_ip = page
            .data
            .limits
            .client_ip(&parts.extensions, &parts.headers);
        if parts.method == axum::http::Method::GET {
            page.here = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        }
        Ok(page)
    }
}

/// Renders error responses of HTML routes as translated pages.
pub async fn render_errors(data: Ctx, request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let here = (request.method() == axum::http::Method::GET)
        .then(|| request.uri().path_and_query().map(|p| p.to_string()))
        .flatten();
    let response = next.run(request).await;
    error_page_at(data, &headers, response, here).await
}

/// Replaces a [`WebError`] response with its translated page; other responses pass through.
/// Public for HTML handlers mounted outside [`crate::web::router`] (negotiated in `app`).
pub async fn error_page(data: Ctx, headers: &HeaderMap, response: Response) -> Response {
    error_page_at(data, headers, response, None).await
}

/// [`error_page`] for a request of `here` (a GET's path and query), where "log in" on a
/// 401 page comes back to.
async fn error_page_at(
    data: Ctx,
    headers: &HeaderMap,
    response: Response,
    here: Option<String>,
) -> Response {
    let Some(error) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = response.status();
    let mut page = match Page::from_headers(data, headers).await {
        Ok(p) => p,
        Err(_) => return response,
    };
    if let Some(here) = here {
        page.here = here;
    }
    let message = match error.retry_after_secs {
        Some(secs) => {
            crate::i18n::translate(page.lang, "error-rate-limited-wait", &wait_args(secs))
        }
        None => page.t(error.message_id),
    };
    let retry_after = response
        .headers()
        .get(axum::http::header::RETRY_AFTER)
        .cloned();
    let rendered = match page
        .render_status(
            status,
            "error.html",
            context! { status => status.as_u16(), message => message },
        )
        .await
    {
        Ok(r) => r,
        Err(_) => (status, message).into_response(),
    };
    let mut rendered = rendered;
    if let Some(value) = retry_after {
        rendered
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, value);
    }
    rendered
}
