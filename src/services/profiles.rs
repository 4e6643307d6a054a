//! A member's profile: display name, bio (typed in Markdown), locked account, language of
//! the pages, up to four fields (name and value, as Mastodon shows them; a value that is a
//! web address becomes a link), the languages they work in, their country, and the avatar
//! and header pictures (checked as every upload is). Followers elsewhere get each change in
//! an Update of the person.

use crate::db::models::actor::{Actor, ProfileChanges};
use crate::db::models::actor_profile::{ActorProfile, Field, ProfileExtras};
use crate::db::models::follow::Follow;
use crate::db::models::media::{Media, ROLE_BANNER, ROLE_LOGO};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::update::Update;
use crate::federation::outbox;
use crate::federation::Urls;
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;

/// As many fields as Mastodon allows.
pub const MAX_FIELDS: usize = 4;
const MAX_FIELD_NAME: usize = 100;
const MAX_FIELD_VALUE: usize = 255;
const MAX_LANGUAGES: usize = 10;

#[derive(Default)]
pub struct ProfileInput<'a> {
    pub display_name: &'a str,
    /// Markdown.
    pub summary: &'a str,
    pub manually_approves_followers: bool,
    pub locale: Option<&'a str>,
    /// (name, value) pairs as typed; both empty: no field.
    pub fields: Vec<(String, String)>,
    /// BCP 47 tags separated by commas or spaces.
    pub languages: &'a str,
    /// ISO 3166-1 alpha-2, or empty.
    pub country: &'a str,
}

/// A field's value as HTML: escaped text, or a link when it is a web address (`rel="me"`,
/// which Mastodon checks for its verified links).
fn value_html(value: &str) -> String {
    let value = value.trim();
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && !value.contains(char::is_whitespace) => {
            let shown = value
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/');
            format!(
                "<a href=\"{}\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">{}</a>",
                crate::text::escape_html(u.as_str()),
                crate::text::escape_html(shown)
            )
        }
        _ => crate::text::escape_html(value),
    }
}

/// A bio's Markdown as HTML; HTML typed in it is shown as typed, not applied (as Lemmy
/// does), and the result is sanitised as remote HTML is.
fn bio_html(source: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let events = Parser::new_ext(source, crate::text::markdown_options()).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    crate::text::sanitize_html(&html)
}

/// The value as typed back into the form (a link's address, or the text).
pub fn value_text(html: &str) -> String {
    if let Some(rest) = html.strip_prefix("<a href=\"") {
        if let Some((href, _)) = rest.split_once('"') {
            return crate::text::plain_text(href, MAX_FIELD_VALUE * 4);
        }
    }
    crate::text::plain_text(html, MAX_FIELD_VALUE * 4)
}

/// Checks the extras; every mistake is reported at once with `checks`.
fn extras(input: &ProfileInput<'_>, checks: &mut Checks) -> ProfileExtras {
    let mut fields = Vec::new();
    for (i, (name, value)) in input.fields.iter().enumerate().take(MAX_FIELDS) {
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() && value.is_empty() {
            continue;
        }
        let field = match i {
            0 => "field_0",
            1 => "field_1",
            2 => "field_2",
            _ => "field_3",
        };
        checks.check(
            !name.is_empty() && !value.is_empty(),
            field,
            "profile-error-field-half",
        );
        checks.check(
            name.chars().count() <= MAX_FIELD_NAME && value.chars().count() <= MAX_FIELD_VALUE,
            field,
            "profile-error-field-long",
        );
        fields.push(Field {
            name: name.to_string(),
            value: value_html(value),
        });
    }
    let mut languages: Vec<String> = Vec::new();
    for raw in input
        .languages
        .split([',', ' '])
        .filter(|t| !t.trim().is_empty())
    {
        match crate::text::language_tag(raw) {
            Some(tag) if !languages.contains(&tag) => languages.push(tag),
            Some(_) => {}
            None => checks.fail("languages", "profile-error-language"),
        }
    }
    checks.check(
        languages.len() <= MAX_LANGUAGES,
        "languages",
        "profile-error-languages-many",
    );
    let country = Some(input.country.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    if let Some(c) = &country {
        checks.check(
            isocountry::CountryCode::for_alpha2(c).is_ok(),
            "country",
            "profile-error-country",
        );
    }
    ProfileExtras {
        fields: serde_json::to_string(&fields).unwrap_or_else(|_| "[]".into()),
        languages: languages.join(" "),
        country,
    }
}

/// Saves a member's profile and tells their remote followers (Update{Person}).
pub async fn update(data: &Ctx, user: &User, input: ProfileInput<'_>) -> AppResult<()> {
    let mut checks = Checks::new();
    let too_long = "settings-error-too-long";
    checks.check(
        input.display_name.chars().count() <= 100,
        "display_name",
        too_long,
    );
    checks.check(input.summary.chars().count() <= 2000, "summary", too_long);
    let extras = extras(&input, &mut checks);
    checks.finish()?;
    let locale = input.locale.filter(|l| crate::i18n::SUPPORTED.contains(l));
    let source = input.summary.trim().to_string();
    let changes = ProfileChanges {
        display_name: input.display_name.trim().to_string(),
        summary: bio_html(&source),
        manually_approves_followers: input.manually_approves_followers,
    };
    let mut conn = data.pool.get().await?;
    let (user_id, actor_id) = (user.id, user.actor_id);
    outbox::commit(data, &mut conn, |conn| {
        async move {
            User::set_locale(conn, user_id, locale).await?;
            ActorProfile::set_bio_source(conn, user_id, &source).await?;
            ActorProfile::save(conn, actor_id, &extras).await?;
            let actor = Actor::update_profile(conn, actor_id, &changes).await?;
            queue_update(conn, data, actor).await
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// Queues an Update of the person to its followers elsewhere, in the caller's transaction.
async fn queue_update(conn: &mut crate::db::DbConn, data: &Ctx, actor: Actor) -> AppResult<()> {
    let inboxes = Follow::remote_follower_inboxes(conn, actor.id).await?;
    if !inboxes.is_empty() {
        let base = data.config.base_url();
        let signer = actor.clone();
        let update =
            Update::for_actor(&Urls::new(&base), actor, &data.reset_request_count()).await?;
        outbox::queue(conn, update.id.as_str(), &signer, &update, inboxes).await?;
    }
    Ok(())
}

/// The bio as the member typed it (older bios, typed before Markdown, as plain text).
pub async fn bio_source(data: &Ctx, user: &User, actor: &Actor) -> AppResult<String> {
    let mut conn = data.pool.get().await?;
    Ok(ActorProfile::bio_source(&mut conn, user.id)
        .await?
        .unwrap_or_else(|| crate::text::html_to_text(&actor.summary)))
}

pub async fn extras_of(data: &Ctx, actor_id: i64) -> AppResult<ActorProfile> {
    let mut conn = data.pool.get().await?;
    ActorProfile::find(&mut conn, actor_id)
        .await?
        .ok_or(AppError::NotFound)
}

fn picture_role(which: &str) -> AppResult<&'static str> {
    match which {
        "avatar" => Ok(ROLE_LOGO),
        "header" => Ok(ROLE_BANNER),
        _ => Err(AppError::NotFound),
    }
}

/// Sets the member's avatar or header (`which`) from uploaded bytes.
pub async fn set_picture(data: &Ctx, user: &User, which: &str, bytes: &[u8]) -> AppResult<()> {
    let role = picture_role(which)?;
    let actor = crate::services::actors::by_id(data, user.actor_id).await?;
    let media = crate::services::media::store(data, &actor, role, bytes).await?;
    if role == ROLE_LOGO {
        // Where cards and posts look for an account's picture.
        let url = crate::services::media::url(data, &media);
        let mut conn = data.pool.get().await?;
        Actor::set_icon_url(&mut conn, actor.id, Some(&url)).await?;
    }
    announce(data, actor).await
}

pub async fn remove_picture(data: &Ctx, user: &User, which: &str) -> AppResult<()> {
    let role = picture_role(which)?;
    let actor = crate::services::actors::by_id(data, user.actor_id).await?;
    let mut conn = data.pool.get().await?;
    if !Media::remove(&mut conn, actor.id, role).await? {
        return Err(AppError::NotFound);
    }
    if role == ROLE_LOGO {
        Actor::set_icon_url(&mut conn, actor.id, None).await?;
    }
    drop(conn);
    announce(data, actor).await
}

async fn announce(data: &Ctx, actor: Actor) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move { queue_update(conn, data, actor).await }.scope_boxed()
    })
    .await
}

/// A local member's avatar and header URLs (None when not set).
pub async fn pictures(data: &Ctx, actor_id: i64) -> AppResult<(Option<String>, Option<String>)> {
    let media = crate::services::media::of_actor(data, actor_id).await?;
    let url = |role| {
        media
            .iter()
            .find(|m| m.role == role)
            .map(|m| crate::services::media::url(data, m))
    };
    Ok((url(ROLE_LOGO), url(ROLE_BANNER)))
}

#[cfg(test)]
mod tests {
    use super::value_html;

    #[test]
    fn field_values_link_web_addresses_only() {
        assert_eq!(
            value_html("https://example.org/me/"),
            "<a href=\"https://example.org/me/\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">example.org/me</a>"
        );
        assert_eq!(value_html("<b>Lisbon</b>"), "&lt;b&gt;Lisbon&lt;/b&gt;");
        assert_eq!(value_html("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(
            super::bio_html("**Cities** <b>&</b> care"),
            "<p><strong>Cities</strong> &lt;b&gt;&amp;&lt;/b&gt; care</p>\n"
        );
        for typed in ["https://example.org/a?b=1&c=2", "Tom & Jerry <3", "she/her"] {
            assert_eq!(super::value_text(&value_html(typed)), typed);
        }
    }
}
