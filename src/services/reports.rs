//! Reports (notice and action): made by members, by anyone through the public form, or by
//! other servers (`Flag`); worked by admins (every report) and community moderators (those
//! on their communities); each decision recorded with its reason in the report and the
//! moderation log, which is the statement of reasons the reporter and the affected member
//! read. A report on remote content may be forwarded to its server as a `Flag`.

use crate::db::models::actor::Actor;
use crate::db::models::event::Event;
use crate::db::models::post::Post;
use crate::db::models::report::{
    Decision, NewReport, Report, ReportCategory, STATE_OPEN, STATE_RESOLVED,
};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::flag::Flag;
use crate::federation::{outbox, Urls};
use crate::services::audit;
use crate::state::Ctx;
use url::Url;

pub const MAX_COMMENT_CHARS: usize = 5000;
pub const MAX_LEGAL_GROUND_CHARS: usize = 500;

/// What is reported, found by its address.
#[derive(Debug, Clone)]
pub struct Reported {
    /// post, thread, reply, event, project, organisation, community or account.
    pub kind: &'static str,
    pub ap_id: String,
    /// The account responsible: the author, the organiser, or the actor itself.
    pub account: Actor,
    /// The community it was posted in (or that is reported), if any.
    pub community_id: Option<i64>,
    pub post: Option<Post>,
    pub event: Option<Event>,
}

/// Finds what `address` names: an actor (by id or profile page), a post or an event we hold.
pub async fn find_reported(conn: &mut DbConn, address: &str) -> AppResult<Reported> {
    let address = address.trim();
    Url::parse(address).map_err(|_| AppError::Validation("report-error-object"))?;
    if let Some(post) = Post::find_by_ap_id(conn, address).await? {
        let account = Actor::find(conn, post.author_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let kind = match (post.community_id.is_some(), post.thread_id.is_some()) {
            (true, false) => "thread",
            (true, true) => "reply",
            _ => "post",
        };
        return Ok(Reported {
            kind,
            ap_id: post.ap_id.clone(),
            community_id: post.community_id,
            account,
            post: Some(post),
            event: None,
        });
    }
    if let Some(event) = Event::find_by_ap_id(conn, address).await? {
        let account = Actor::find(conn, event.organizer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(Reported {
            kind: "event",
            ap_id: event.ap_id.to_string(),
            community_id: None,
            account,
            post: None,
            event: Some(event),
        });
    }
    let actor = match Actor::find_by_ap_id(conn, address).await? {
        Some(a) => Some(a),
        None => Actor::find_by_profile_url(conn, address).await?,
    };
    let actor = actor.ok_or(AppError::Validation("report-error-object"))?;
    let is_community = crate::db::models::community::Community::find(conn, actor.id)
        .await?
        .is_some();
    let kind = match actor.kind.as_str() {
        "Group" if is_community => "community",
        "Group" => "project",
        "Organization" => "organisation",
        _ => "account",
    };
    Ok(Reported {
        kind,
        ap_id: actor.ap_id.to_string(),
        community_id: is_community.then_some(actor.id),
        account: actor,
        post: None,
        event: None,
    })
}

/// A report as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ReportInput {
    /// The address (ActivityPub id or page) of what is reported.
    pub object: String,
    pub category: String,
    #[serde(default)]
    pub legal_ground: String,
    #[serde(default)]
    pub comment: String,
    /// How to reach an anonymous reporter (required without an account).
    #[serde(default)]
    pub contact: String,
    /// Forward the report to the server of remote content.
    #[serde(default)]
    pub forward: bool,
}

/// Files a report, by a member (`reporter`) or anonymously, and forwards it when asked.
pub async fn create(data: &Ctx, reporter: Option<&User>, input: &ReportInput) -> AppResult<Report> {
    Ok(file(data, reporter, input).await?.0)
}

/// [`create`], also giving an anonymous reporter the secret of the private link
/// (`/report/status/{secret}`) where they read the decision and its reasons; only its hash
/// is stored.
pub async fn file(
    data: &Ctx,
    reporter: Option<&User>,
    input: &ReportInput,
) -> AppResult<(Report, Option<String>)> {
    let mut checks = Checks::new();
    let category: Option<ReportCategory> = ReportCategory::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == input.category.trim());
    checks.check(category.is_some(), "category", "report-error-category");
    let legal_ground = input.legal_ground.trim();
    if category == Some(ReportCategory::Illegal) {
        checks.check(
            !legal_ground.is_empty(),
            "legal_ground",
            "report-error-legal-ground",
        );
    }
    checks.check(
        legal_ground.chars().count() <= MAX_LEGAL_GROUND_CHARS,
        "legal_ground",
        "report-error-too-long",
    );
    checks.check(
        input.comment.chars().count() <= MAX_COMMENT_CHARS,
        "comment",
        "report-error-too-long",
    );
    let contact = input.contact.trim();
    if reporter.is_none() {
        checks.check(
            contact.contains('@') && contact.chars().count() <= 200,
            "contact",
            "report-error-contact",
        );
    }
    let mut conn = data.pool.get().await?;
    let reported = checks.take("object", find_reported(&mut conn, &input.object).await);
    checks.finish()?;
    let reported = reported.ok_or(AppError::Validation("report-error-object"))?;
    let category = category.unwrap_or(ReportCategory::Other);
    let secret = reporter
        .is_none()
        .then(crate::services::sessions::random_token);
    let report = Report::insert(
        &mut conn,
        &NewReport {
            reporter_id: reporter.map(|u| u.actor_id),
            reporter_contact: if reporter.is_some() {
                String::new()
            } else {
                contact.to_string()
            },
            origin_domain: String::new(),
            flag_ap_id: None,
            target_id: Some(reported.account.id),
            objects: reported.ap_id.clone(),
            object_kind: reported.kind.to_string(),
            community_id: reported.community_id,
            category,
            legal_ground: if category == ReportCategory::Illegal {
                legal_ground.to_string()
            } else {
                String::new()
            },
            comment: input.comment.trim().to_string(),
            state: STATE_OPEN.to_string(),
            created_at: crate::db::now(),
            status_token_hash: secret.as_deref().map(crate::services::sessions::hash_token),
        },
    )
    .await?
    .ok_or_else(|| AppError::Internal("report not stored".into()))?;
    tracing::info!(report = report.id, object = %reported.ap_id, "report filed");
    drop(conn);
    if input.forward && !reported.account.is_local {
        forward(data, &report).await?;
        let mut conn = data.pool.get().await?;
        let report = Report::find(&mut conn, report.id)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok((report, secret));
    }
    Ok((report, secret))
}

/// The report an anonymous reporter's private link names.
pub async fn by_status_secret(data: &Ctx, secret: &str) -> AppResult<Report> {
    if secret.len() > 200 {
        return Err(AppError::NotFound);
    }
    let mut conn = data.pool.get().await?;
    Report::by_status_token(&mut conn, &crate::services::sessions::hash_token(secret))
        .await?
        .ok_or(AppError::NotFound)
}

/// How many decisions about a member's account (its content removed, the account limited
/// or suspended) they have not seen yet, since they last opened their moderation page.
/// Shown in their menu until they do; a decision on a report they made is a notification.
pub async fn unseen_decisions(data: &Ctx, user: &User) -> AppResult<i64> {
    let mut conn = data.pool.get().await?;
    let since = user.moderation_seen_at;
    Ok(
        crate::db::models::moderation_log::LogEntry::count_about_since(
            &mut conn,
            user.actor_id,
            since,
        )
        .await?,
    )
}

/// The member opened their moderation page: what it shows is no longer new.
pub async fn mark_seen(data: &Ctx, user: &User) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    User::set_moderation_seen(&mut conn, user.id).await?;
    Ok(())
}

/// Sends a report to the server of the reported account as a `Flag` from the hub's own
/// actor (Mastodon's shape), once.
pub async fn forward(data: &Ctx, report: &Report) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if report.forwarded_at.is_some() {
        return Ok(());
    }
    let target = Actor::find(&mut conn, report.target_id.ok_or(AppError::NotFound)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.is_local {
        return Err(AppError::BadRequest(
            "local content is not forwarded".into(),
        ));
    }
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let hub = Actor::find_by_ap_id(&mut conn, &urls.instance_actor())
        .await?
        .ok_or_else(|| AppError::Internal("no instance actor".into()))?;
    let objects: Vec<Url> = report
        .object_ids()
        .into_iter()
        .filter_map(|o| Url::parse(o).ok())
        .collect();
    let id = Url::parse(&urls.new_activity("flag"))?;
    let mut comment = report.comment.clone();
    if !report.legal_ground.is_empty() {
        comment = format!("[{}] {}", report.legal_ground, comment);
    }
    let flag = Flag::new(
        id.clone(),
        hub.parsed_ap_id().clone(),
        target.parsed_ap_id(),
        &objects,
        comment.trim(),
    );
    let inbox = target
        .shared_inbox_url
        .clone()
        .unwrap_or_else(|| target.inbox_url.clone());
    let report_id = report.id;
    outbox::commit(data, &mut conn, |c| {
        use scoped_futures::ScopedFutureExt;
        async move {
            outbox::queue(c, id.as_str(), &hub, &flag, vec![inbox]).await?;
            Report::set_forwarded(c, report_id).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    tracing::info!(report = report.id, "report forwarded as a Flag");
    Ok(())
}

/// The reports `user` may work: every one for an admin, those on the communities they
/// moderate for a community moderator, none for others.
pub async fn queue(data: &Ctx, user: &User, state: &str) -> AppResult<Vec<Report>> {
    let state = if state == STATE_RESOLVED {
        STATE_RESOLVED
    } else {
        STATE_OPEN
    };
    let mut conn = data.pool.get().await?;
    if user.is_admin {
        return Ok(Report::list(&mut conn, state, None, 200).await?);
    }
    let moderated =
        crate::db::models::community::Community::moderated_by(&mut conn, user.actor_id).await?;
    if moderated.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(Report::list(&mut conn, state, Some(&moderated), 200).await?)
}

/// Whether `user` may decide on `report`, and with which powers (`true`: admin).
async fn powers(conn: &mut DbConn, user: &User, report: &Report) -> AppResult<bool> {
    if user.is_admin {
        return Ok(true);
    }
    let Some(community) = report.community_id else {
        return Err(AppError::Forbidden);
    };
    if crate::services::communities::is_moderator(conn, community, user.actor_id).await? {
        Ok(false)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A decision on an open report, with its reason (the statement of reasons).
pub async fn decide(
    data: &Ctx,
    user: &User,
    report_id: i64,
    decision: Decision,
    reason: &str,
) -> AppResult<Report> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::Validation("report-error-too-long"));
    }
    let mut conn = data.pool.get().await?;
    let report = Report::find(&mut conn, report_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let admin = powers(&mut conn, user, &report).await?;
    if report.state != STATE_OPEN {
        return Err(AppError::Conflict("the report was already decided".into()));
    }
    let moderator_only = matches!(decision, Decision::Dismiss | Decision::RemoveContent);
    if !admin && !moderator_only {
        return Err(AppError::Forbidden);
    }
    if decision != Decision::Dismiss && reason.is_empty() {
        return Err(AppError::Validation("report-error-reason"));
    }
    let target = match report.target_id {
        Some(id) => Actor::find(&mut conn, id).await?,
        None => None,
    };
    drop(conn);
    let subject = target.as_ref().map(handle).unwrap_or_else(|| {
        report
            .objects
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    });
    match decision {
        Decision::Dismiss => {}
        Decision::RemoveContent => remove_content(data, user, &report).await?,
        Decision::LimitAccount | Decision::SuspendAccount => {
            let target = target.as_ref().ok_or(AppError::NotFound)?;
            let standing = if decision == Decision::LimitAccount {
                crate::services::accounts::STANDING_LIMITED
            } else {
                crate::services::accounts::STANDING_SUSPENDED
            };
            crate::services::accounts::set_standing(data, Some(user), target.id, standing, reason)
                .await?;
        }
        Decision::BlockDomain => {
            let target = target.as_ref().ok_or(AppError::NotFound)?;
            if target.is_local {
                return Err(AppError::Validation("report-error-local-domain"));
            }
            let input = crate::services::domain_blocks::BlockInput {
                domain: target.domain.clone(),
                severity: "suspend".into(),
                public_comment: reason.to_string(),
                ..Default::default()
            };
            crate::services::domain_blocks::save(data, Some(user), &input, "").await?;
        }
    }
    let mut conn = data.pool.get().await?;
    if !Report::decide(&mut conn, report.id, decision, reason, user.actor_id).await? {
        return Err(AppError::Conflict("the report was already decided".into()));
    }
    // Dismissals are not public, but the reporter reads them with the report; every other
    // decision is in the public log, as the affected account's statement of reasons.
    if decision != Decision::Dismiss {
        audit::log(
            &mut conn,
            audit::Logged {
                action: decision.as_str(),
                subject: &subject,
                reason,
                moderator_id: Some(user.actor_id),
                affected_id: target.as_ref().map(|t| t.id),
                report_id: Some(report.id),
            },
        )
        .await?;
    }
    if admin {
        audit::admin(
            &mut conn,
            Some(user),
            &format!("report_{}", decision.as_str()),
            &format!("report {} on {subject}", report.id),
        )
        .await?;
    }
    let decided = Report::find(&mut conn, report.id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    tell_by_email(data, &decided, target.as_ref()).await?;
    if let Some(reporter) = decided.reporter_id {
        let about = crate::services::notifications::About {
            report_id: Some(decided.id),
            ..Default::default()
        };
        let key = decided.id.to_string();
        crate::services::notifications::notify(data, reporter, "report_decided", about, &key).await;
    }
    Ok(decided)
}

/// The statement of reasons by e-mail: to an anonymous reporter at the address they gave,
/// and to a member of this hub whose account or content the decision touched (at their
/// verified address). Members also read it on their moderation page.
async fn tell_by_email(data: &Ctx, report: &Report, target: Option<&Actor>) -> AppResult<()> {
    let Some(decision) = report.decision else {
        return Ok(());
    };
    let lang = crate::i18n::DEFAULT;
    let decision_text =
        |lang: &str| crate::i18n::translate(lang, &format!("decision-{}", decision.as_str()), &[]);
    let reason = if report.decision_reason.is_empty() {
        "-".to_string()
    } else {
        report.decision_reason.clone()
    };
    if !report.reporter_contact.is_empty() {
        let mail = crate::services::emails::compose(
            lang,
            "report-decided",
            &[
                ("id", report.id.to_string()),
                ("hub", data.config.server.domain.clone()),
                ("decision", decision_text(lang)),
                ("reason", reason.clone()),
            ],
            Some(&format!("{}/modlog", data.config.base_url())),
        );
        crate::services::emails::send(data, &report.reporter_contact, mail).await?;
    }
    let affected = target.filter(|t| t.is_local && decision != Decision::Dismiss);
    if let Some(actor) = affected {
        let mut conn = data.pool.get().await?;
        let member = User::find_by_actor(&mut conn, actor.id).await?;
        drop(conn);
        if let Some((member, address)) = member.and_then(|m| m.email.clone().map(|a| (m, a))) {
            let lang = crate::i18n::negotiate(member.locale.as_deref(), None);
            let mail = crate::services::emails::compose(
                lang,
                "moderation-decision",
                &[
                    ("username", member.username.clone()),
                    ("hub", data.config.server.domain.clone()),
                    ("decision", decision_text(lang)),
                    ("reason", reason),
                ],
                Some(&format!("{}/settings/moderation", data.config.base_url())),
            );
            crate::services::emails::send(data, &address, mail).await?;
        }
    }
    Ok(())
}

/// `name@domain` of an actor.
pub fn handle(actor: &Actor) -> String {
    format!("{}@{}", actor.username, actor.domain)
}

/// Removes what a report names: a post or an event (a local one is deleted where it was
/// sent too; a remote one is removed here). Accounts, entries and communities are not
/// content: they are limited or suspended instead.
async fn remove_content(data: &Ctx, user: &User, report: &Report) -> AppResult<()> {
    let mut removed = 0;
    for address in report.object_ids() {
        let mut conn = data.pool.get().await?;
        let found = match find_reported(&mut conn, address).await {
            Ok(f) => f,
            Err(_) => continue,
        };
        drop(conn);
        if let Some(post) = found.post {
            remove_post(data, user, post, &report.decision_reason).await?;
            removed += 1;
        } else if let Some(event) = found.event {
            let mut conn = data.pool.get().await?;
            if found.account.is_local {
                let organizer = found.account.clone();
                outbox::commit(data, &mut conn, |c| {
                    use scoped_futures::ScopedFutureExt;
                    async move { crate::services::events::delete_local(c, &event, &organizer).await }
                        .scope_boxed()
                })
                .await?;
            } else {
                Event::delete(&mut conn, event.id).await?;
            }
            removed += 1;
        }
    }
    if removed == 0 {
        return Err(AppError::Validation("report-error-nothing-to-remove"));
    }
    Ok(())
}

async fn remove_post(data: &Ctx, user: &User, post: Post, why: &str) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    if let Some(community_id) = post.community_id {
        let community = Actor::find(&mut conn, community_id).await?;
        if community.is_some_and(|c| c.is_local) {
            drop(conn);
            return crate::services::moderation::set_removed(data, user, post.id, true, why).await;
        }
    }
    if !user.is_admin {
        return Err(AppError::Forbidden);
    }
    if post.is_local {
        let author = Actor::find(&mut conn, post.author_id)
            .await?
            .ok_or(AppError::NotFound)?;
        drop(conn);
        crate::services::posts::delete_as(data, author, post.id).await
    } else {
        Post::delete(&mut conn, post.id).await?;
        Ok(())
    }
}

/// The reports a member filed, with their outcomes.
pub async fn mine(data: &Ctx, user: &User) -> AppResult<Vec<Report>> {
    let mut conn = data.pool.get().await?;
    Ok(Report::by_reporter(&mut conn, user.actor_id).await?)
}
