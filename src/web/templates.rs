//! The template environment: templates compiled into the binary, and `t()` for translations.

use crate::i18n::{self, Arg};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, State};

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = templates![
    "base.html",
    "home.html",
    "signup.html",
    "signup_done.html",
    "login.html",
    "profile.html",
    "post.html",
    "_post.html",
    "_compose.html",
    "_form.html",
    "_organizer_events.html",
    "_call_card.html",
    "_entry_calls.html",
    "_entry_replication.html",
    "_resource_card.html",
    "_entry_resources.html",
    "_event_filter_fields.html",
    "search.html",
    "follow_requests.html",
    "settings.html",
    "admin.html",
    "_admin_hub.html",
    "_admin_peers.html",
    "federation.html",
    "dashboard.html",
    "map.html",
    "network.html",
    "error.html",
    "source.html",
    "entry.html",
    "entry_form.html",
    "entry_members.html",
    "replications.html",
    "directory.html",
    "events.html",
    "calls.html",
    "call.html",
    "call_form.html",
    "resources.html",
    "resource.html",
    "resource_form.html",
    "events_month.html",
    "event.html",
    "event_form.html",
    "event_participants.html",
    "communities.html",
    "community.html",
    "community_form.html",
    "community_moderation.html",
    "thread.html",
    "thread_form.html",
    "_thread_post.html",
    "_posting_note.html",
    "password.html",
    "admin_invites.html",
    "admin_moderation.html",
    "admin_audit.html",
    "admin_health.html",
    "report_form.html",
    "report_done.html",
    "report_status.html",
    "notifications.html",
    "messages.html",
    "message_new.html",
    "message_conversation.html",
    "_message_form.html",
    "notification_settings.html",
    "email_settings.html",
    "email_link.html",
    "password_forgot.html",
    "password_forgot_sent.html",
    "password_reset.html",
    "reports.html",
    "my_moderation.html",
    "about.html",
    "modlog.html",
    "login_two_factor.html",
    "security.html",
    "security_two_factor.html",
    "security_recovery.html",
    "account_data.html",
];

pub struct Templates {
    env: Environment<'static>,
}

fn translate(state: &State, id: String, kwargs: Kwargs) -> Result<String, Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| i18n::DEFAULT.to_string());
    let mut args = Vec::new();
    for key in kwargs.args() {
        let value: Value = kwargs.get(key)?;
        let arg = match i64::try_from(value.clone()) {
            Ok(n) => Arg::Num(n as f64),
            Err(_) => Arg::Str(value.to_string()),
        };
        args.push((key, arg));
    }
    let text = i18n::translate(&lang, &id, &args);
    if text.is_empty() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("no message {id}"),
        ));
    }
    Ok(text)
}

/// `login_to("participation")`: the log-in page, coming back to this page (`here`) at that
/// place, the action a visitor was offered ("log in to join" comes back to joining).
fn login_to(state: &State, anchor: String) -> String {
    let here = state
        .lookup("here")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "/".to_string());
    let path = here.split('#').next().unwrap_or("/");
    crate::web::page::login_href(&format!("{path}#{anchor}"))
}

static SHARED: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();

/// Loads the templates once at start-up, so that a broken template stops the start rather
/// than the first page.
pub fn init() -> anyhow::Result<()> {
    if SHARED.get().is_none() {
        let _ = SHARED.set(Templates::new()?);
    }
    Ok(())
}

/// The web layer's templates (loaded by [`init`]; loaded here if it was not called).
pub fn shared() -> &'static Templates {
    SHARED.get_or_init(|| Templates::new().expect("the built-in templates load"))
}

impl Templates {
    pub fn new() -> anyhow::Result<Templates> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        env.add_function("t", translate);
        // `{{ tag|language_name(lang) }}`: "et" reads "Estonian" on an English page (CLDR).
        env.add_filter("language_name", |tag: String, lang: String| {
            crate::i18n::language_name(&lang, &tag).unwrap_or(tag)
        });
        env.add_function("login_to", login_to);
        Ok(Templates { env })
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, Error> {
        self.env.get_template(name)?.render(ctx)
    }
}
