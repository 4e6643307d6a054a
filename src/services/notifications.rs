//! Notifications: what happened that concerns a member (a new follower or follow request,
//! a mention, a reply, a like or boost, a participation request or its acceptance, a report's
//! outcome), shown in the menu's count and on `/notifications`, and e-mailed by preference:
//! at once, or gathered in a daily or weekly digest. Nothing is notified about accounts the
//! member blocked or muted, nor about the member's own acts.

use crate::db::models::actor::Actor;
use crate::db::models::actor_block::ActorBlock;
use crate::db::models::event::Event;
use crate::db::models::notification::{NewNotification, Notification, NotificationPref};
use crate::db::models::post::Post;
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::i18n::{translate, Arg};
use crate::state::Ctx;

/// Every kind, in the order the preferences page lists them.
pub const KINDS: &[&str] = &[
    "follow",
    "follow_request",
    "message",
    "mention",
    "reply",
    "like",
    "boost",
    "participation_request",
    "participation_accepted",
    "participation_promoted",
    "event_changed",
    "event_cancelled",
    "invitation",
    "needs_match",
    "report_decided",
];

/// How a kind may be e-mailed.
pub const EMAIL_CHOICES: &[&str] = &["off", "instant", "daily", "weekly"];

/// What a notification is about.
#[derive(Debug, Clone, Copy, Default)]
pub struct About {
    /// Who did it.
    pub actor_id: Option<i64>,
    pub post_id: Option<i64>,
    pub event_id: Option<i64>,
    pub report_id: Option<i64>,
}

/// A member's choice for `kind` (the default when they made none: shown, not e-mailed).
pub fn pref_or_default(prefs: &[NotificationPref], user_id: i64, kind: &str) -> NotificationPref {
    prefs
        .iter()
        .find(|p| p.kind == kind)
        .cloned()
        .unwrap_or(NotificationPref {
            user_id,
            kind: kind.to_string(),
            web: true,
            email: "off".into(),
        })
}

/// Notifies the member whose actor is `recipient` (nothing for a remote actor; for the
/// requests a project, organisation or community receives, its admins or moderators). `dedupe` names the event (an activity id, a row id) so that receiving
/// it twice notifies once. Never fails the caller's work: a failure is logged.
pub async fn notify(data: &Ctx, recipient: i64, kind: &str, about: About, dedupe: &str) {
    let result = match data.pool.get().await {
        Ok(mut conn) => notify_in(&mut conn, data, recipient, kind, about, dedupe).await,
        Err(e) => Err(e.into()),
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, kind, "notification not stored");
    }
}

/// [`notify`] on the caller's connection, in its transaction (a notification about what the
/// transaction does is stored with it, or not at all); errors are the caller's.
pub async fn notify_in(
    conn: &mut crate::db::DbConn,
    data: &Ctx,
    recipient: i64,
    kind: &str,
    about: About,
    dedupe: &str,
) -> AppResult<()> {
    if about.actor_id == Some(recipient) {
        return Ok(());
    }
    let mut target = None;
    let users = match User::find_by_actor(conn, recipient).await? {
        Some(user) => vec![user],
        // A project's or organisation's requests go to its admins.
        None if FOR_ENTRY_ADMINS.contains(&kind) => {
            use crate::db::models::community::{Community, ROLE_MODERATOR};
            let mut admins: Vec<User> =
                crate::db::models::membership::Membership::of_actor(conn, recipient)
                    .await?
                    .into_iter()
                    .filter(|(m, _)| m.is_active() && m.is_admin())
                    .map(|(_, u)| u)
                    .collect();
            // A community's follow requests (from limited accounts) go to its moderators.
            for moderator in Community::with_role(conn, recipient, ROLE_MODERATOR).await? {
                if let Some(user) = User::find_by_actor(conn, moderator.id).await? {
                    admins.push(user);
                }
            }
            target = Some(recipient);
            admins
        }
        None => vec![],
    };
    for user in users {
        if user.status == crate::db::models::user::STATUS_ACTIVE {
            notify_user(conn, data, &user, kind, about, dedupe, target).await?;
        }
    }
    Ok(())
}

/// Kinds whose recipient may be a project or organisation (its admins are told) or a
/// community (its moderators are).
const FOR_ENTRY_ADMINS: &[&str] = &["participation_request", "follow_request", "needs_match"];

async fn notify_user(
    conn: &mut crate::db::DbConn,
    data: &Ctx,
    user: &User,
    kind: &str,
    about: About,
    dedupe: &str,
    target: Option<i64>,
) -> AppResult<()> {
    if about.actor_id == Some(user.actor_id) {
        return Ok(());
    }
    if let Some(actor) = about.actor_id {
        if ActorBlock::hidden_from(conn, user.actor_id)
            .await?
            .contains(&actor)
        {
            return Ok(());
        }
    }
    let pref = NotificationPref::find(conn, user.id, kind)
        .await?
        .unwrap_or(NotificationPref {
            user_id: user.id,
            kind: kind.into(),
            web: true,
            email: "off".into(),
        });
    if !pref.web && pref.email == "off" {
        return Ok(());
    }
    let stored = Notification::insert(
        conn,
        &NewNotification {
            user_id: user.id,
            kind: kind.to_string(),
            actor_id: about.actor_id,
            post_id: about.post_id,
            event_id: about.event_id,
            report_id: about.report_id,
            dedupe_key: format!("{}:{kind}:{dedupe}", user.id),
            created_at: data.clock.now(),
            target_actor_id: target,
        },
    )
    .await?;
    let Some(stored) = stored else {
        return Ok(());
    };
    if !pref.web {
        // Wanted by e-mail only: not in the menu's count.
        Notification::mark_read(conn, user.id, Some(stored.id)).await?;
    }
    if pref.email == "instant" {
        if let Some(address) = user.email.as_deref() {
            let lang = crate::i18n::negotiate(user.locale.as_deref(), None);
            let line = describe(data, lang, &stored).await?;
            let mail = crate::services::emails::compose(
                lang,
                "notification",
                &[
                    ("username", user.username.clone()),
                    ("hub", data.config.server.domain.clone()),
                    ("what", line.text.clone()),
                ],
                Some(&line.link),
            );
            crate::services::emails::queue(conn, data, address, mail).await?;
            crate::services::emails::wake(data);
            Notification::mark_emailed(conn, &[stored.id]).await?;
        }
    }
    Ok(())
}

/// One notification in words, with the address it leads to.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub link: String,
    /// Who did it (for a page to link), if anyone.
    pub actor: Option<Actor>,
}

/// Describes `n` in `lang`: "Ana (@ana@hub) replied to your post", with its link.
pub async fn describe(data: &Ctx, lang: &str, n: &Notification) -> AppResult<Line> {
    let mut conn = data.pool.get().await?;
    let actor = match n.actor_id {
        Some(id) => Actor::find(&mut conn, id).await?,
        None => None,
    };
    let post = match n.post_id {
        Some(id) => Post::find(&mut conn, id).await?,
        None => None,
    };
    let conversation = match &post {
        Some(p) if p.visibility == crate::db::models::post::VISIBILITY_DIRECT => {
            crate::db::models::conversation::of_post(&mut conn, p.id).await?
        }
        _ => None,
    };
    let event = match n.event_id {
        Some(id) => Event::find(&mut conn, id).await?,
        None => None,
    };
    drop(conn);
    let base = data.config.base_url();
    let who = actor
        .as_ref()
        .map(|a| {
            format!(
                "{} (@{}@{})",
                a.display_name_or_username(),
                a.username,
                a.domain
            )
        })
        .unwrap_or_default();
    let link = if let Some(c) = conversation {
        format!("{base}/messages/{c}")
    } else if let Some(p) = &post {
        if p.community_id.is_some() {
            format!("{base}/threads/{}#p{}", p.thread_id.unwrap_or(p.id), p.id)
        } else if p.is_local {
            p.ap_id.to_string()
        } else {
            format!("{base}/posts/reply?to={}", p.id)
        }
    } else if let Some(e) = &event {
        format!("{base}/events/{}", e.key)
    } else if n.report_id.is_some() {
        format!("{base}/settings/moderation")
    } else if n.kind == "follow_request" {
        format!("{base}/follow-requests")
    } else if let Some(a) = &actor {
        match (a.is_local, a.kind.as_str()) {
            (true, "Person") => format!("{base}/@{}", a.username),
            (true, _) => a.ap_id.to_string(),
            (false, _) => format!("{base}/@{}@{}", a.username, a.domain),
        }
    } else {
        format!("{base}/notifications")
    };
    let title = event
        .as_ref()
        .map(|e| e.title.clone())
        .or_else(|| post.as_ref().and_then(|p| p.name.clone()))
        .unwrap_or_default();
    // A follow request to a project, organisation or community says which.
    let target = match (n.kind.as_str(), n.target_actor_id) {
        ("follow_request", Some(id)) => {
            let mut conn = data.pool.get().await?;
            Actor::find(&mut conn, id).await?
        }
        _ => None,
    };
    // A community's requests are answered on its moderation page.
    let link = match &target {
        Some(t) if t.is_local && t.ap_id.path().starts_with("/communities/") => {
            format!("{base}{}/moderation#requests-heading", t.ap_id.path())
        }
        _ => link,
    };
    let key = match &target {
        Some(_) => format!("notification-{}-entry", n.kind),
        None => format!("notification-{}", n.kind),
    };
    let args = [
        ("who", Arg::Str(who)),
        ("title", Arg::Str(title)),
        (
            "target",
            Arg::Str(
                target
                    .as_ref()
                    .map(|t| t.display_name_or_username().to_string())
                    .unwrap_or_default(),
            ),
        ),
    ];
    let text = translate(lang, &key, &args);
    Ok(Line { text, link, actor })
}

/// A page of the member's notifications (newest first), without the kinds they turned off
/// on the web.
pub async fn list(data: &Ctx, user: &User, before: Option<i64>) -> AppResult<Vec<Notification>> {
    let mut conn = data.pool.get().await?;
    let prefs = NotificationPref::of(&mut conn, user.id).await?;
    let hidden: Vec<&str> = prefs
        .iter()
        .filter(|p| !p.web)
        .map(|p| p.kind.as_str())
        .collect();
    let rows = Notification::page(&mut conn, user.id, before, 60).await?;
    Ok(rows
        .into_iter()
        .filter(|n| !hidden.contains(&n.kind.as_str()))
        .collect())
}

pub async fn unread_count(data: &Ctx, user: &User) -> AppResult<i64> {
    let mut conn = data.pool.get().await?;
    Ok(Notification::count_unread(&mut conn, user.id).await?)
}

/// Marks the member's notifications read, up to `up_to` (all when None).
pub async fn mark_read(data: &Ctx, user: &User, up_to: Option<i64>) -> AppResult<usize> {
    let mut conn = data.pool.get().await?;
    Ok(Notification::mark_read(&mut conn, user.id, up_to).await?)
}

pub async fn preferences(data: &Ctx, user: &User) -> AppResult<Vec<NotificationPref>> {
    let mut conn = data.pool.get().await?;
    let prefs = NotificationPref::of(&mut conn, user.id).await?;
    Ok(KINDS
        .iter()
        .map(|k| pref_or_default(&prefs, user.id, k))
        .collect())
}

/// Saves the member's choices; an unknown kind or e-mail choice is refused.
pub async fn save_preferences(
    data: &Ctx,
    user: &User,
    choices: &[(String, bool, String)],
) -> AppResult<()> {
    for (kind, _, email) in choices {
        if !KINDS.contains(&kind.as_str()) {
            return Err(AppError::BadRequest(format!(
                "unknown notification kind {kind}"
            )));
        }
        if !EMAIL_CHOICES.contains(&email.as_str()) {
            return Err(AppError::BadRequest(format!(
                "unknown e-mail choice {email}"
            )));
        }
    }
    let mut conn = data.pool.get().await?;
    for (kind, web, email) in choices {
        NotificationPref::save(
            &mut conn,
            &NotificationPref {
                user_id: user.id,
                kind: kind.clone(),
                web: *web,
                email: email.clone(),
            },
        )
        .await?;
    }
    Ok(())
}

/// The digests: every hour, members whose oldest notification waiting for a daily (weekly)
/// digest is a day (a week) old receive everything waiting in one message. So a digest
/// comes at most once a day (week), and only when there is something in it.
pub async fn run_digests(data: Ctx) {
    loop {
        if let Err(e) = send_digests(&data).await {
            tracing::warn!(error = %e, "notification digests");
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// One pass of [`run_digests`]; returns how many digests were queued.
pub async fn send_digests(data: &Ctx) -> AppResult<usize> {
    let mut queued = 0;
    for (cadence, age) in [
        ("daily", chrono::Duration::days(1)),
        ("weekly", chrono::Duration::weeks(1)),
    ] {
        let mut conn = data.pool.get().await?;
        let mut wanted: Vec<(i64, Vec<String>)> = Vec::new();
        for (user_id, kind) in NotificationPref::users_with_email(&mut conn, cadence).await? {
            match wanted.iter_mut().find(|(u, _)| *u == user_id) {
                Some((_, kinds)) => kinds.push(kind),
                None => wanted.push((user_id, vec![kind])),
            }
        }
        for (user_id, kinds) in wanted {
            let Some(user) = User::find(&mut conn, user_id).await? else {
                continue;
            };
            let Some(address) = user.email.clone() else {
                continue;
            };
            let waiting = Notification::not_emailed(&mut conn, user.id, &kinds).await?;
            let due = waiting
                .first()
                .is_some_and(|oldest| oldest.created_at + age <= data.clock.now());
            if !due {
                continue;
            }
            let lang = crate::i18n::negotiate(user.locale.as_deref(), None);
            let mut lines = Vec::with_capacity(waiting.len());
            for n in &waiting {
                let line = describe(data, lang, n).await?;
                lines.push(format!("- {}\n  {}", line.text, line.link));
            }
            let mail = crate::services::emails::compose(
                lang,
                &format!("digest-{cadence}"),
                &[
                    ("username", user.username.clone()),
                    ("hub", data.config.server.domain.clone()),
                    ("count", waiting.len().to_string()),
                    ("list", lines.join("\n")),
                ],
                Some(&format!("{}/notifications", data.config.base_url())),
            );
            crate::services::emails::queue(&mut conn, data, &address, mail).await?;
            let ids: Vec<i64> = waiting.iter().map(|n| n.id).collect();
            Notification::mark_emailed(&mut conn, &ids).await?;
            queued += 1;
        }
    }
    if queued > 0 {
        crate::services::emails::wake(data);
    }
    Ok(queued)
}
