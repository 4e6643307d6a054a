//! An account's standing, as admins decide it, local or remote: limited (out of public lists,
//! search and the directory; its follow requests wait for approval) or suspended (a local
//! member cannot log in and the outside no longer sees the actor; a remote actor's content
//! is removed and nothing more is accepted from it). Each decision is logged publicly (the
//! affected member's statement of reasons) and in the audit log.

use crate::db::models::actor::Actor;
use crate::db::models::user::{User, UserStatus};
use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::state::Ctx;

pub const STANDING_OK: &str = "ok";
pub const STANDING_LIMITED: &str = "limited";
pub const STANDING_SUSPENDED: &str = "suspended";

pub async fn set_standing(
    data: &Ctx,
    by: Option<&User>,
    actor_id: i64,
    standing: &str,
    reason: &str,
) -> AppResult<Actor> {
    if ![STANDING_OK, STANDING_LIMITED, STANDING_SUSPENDED].contains(&standing) {
        return Err(AppError::BadRequest(format!("unknown standing {standing}")));
    }
    if by.is_some_and(|u| !u.is_admin) {
        return Err(AppError::Forbidden);
    }
    let mut conn = data.pool.get().await?;
    let actor = Actor::find(&mut conn, actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = data.config.base_url();
    if actor.ap_id.as_str() == crate::federation::Urls::new(&base).instance_actor() {
        return Err(AppError::Forbidden);
    }
    let member = if actor.is_local {
        crate::db::models::user::User::find_by_actor(&mut conn, actor.id).await?
    } else {
        None
    };
    if member.as_ref().is_some_and(|m| m.is_admin) && standing != STANDING_OK {
        // An admin is first made an ordinary member; a hub never locks out its admins.
        return Err(AppError::Validation("account-error-admin"));
    }
    Actor::set_standing(&mut conn, actor.id, standing).await?;
    if let Some(member) = &member {
        let status = match standing {
            STANDING_SUSPENDED => Some(UserStatus::Suspended),
            _ if member.status == UserStatus::Suspended => Some(UserStatus::Active),
            _ => None,
        };
        if let Some(status) = status {
            User::set_status(&mut conn, member.id, status).await?;
        }
    }
    if standing == STANDING_SUSPENDED && !actor.is_local {
        crate::db::models::domain_block::purge_remote_actor(&mut conn, actor.id).await?;
    }
    let handle = crate::services::reports::handle(&actor);
    let action = format!("account_{standing}");
    audit::admin(&mut conn, by, &action, &handle).await?;
    audit::log(
        &mut conn,
        audit::Logged {
            action: &action,
            subject: &handle,
            reason,
            moderator_id: by.map(|u| u.actor_id),
            affected_id: Some(actor.id),
            report_id: None,
        },
    )
    .await?;
    Actor::find(&mut conn, actor.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether an activity from `actor` is refused: a suspended account.
pub fn refuses(actor: &Actor) -> bool {
    actor.standing == STANDING_SUSPENDED
}

/// What a member must hand over before deleting their account: the projects and
/// organisations they are the only admin of, the communities they are the only moderator
/// of (as on Lemmy and Mobilizon, a group is never left without someone to run it).
pub async fn hand_over_first(data: &Ctx, user: &User) -> AppResult<Vec<Actor>> {
    use crate::db::models::community::{Community, ROLE_MODERATOR};
    use crate::db::models::membership::Membership;
    let mut conn = data.pool.get().await?;
    let mut out = Vec::new();
    for (m, entry) in Membership::of_user(&mut conn, user.id).await? {
        if m.is_active()
            && m.is_admin()
            && Membership::count_admins(&mut conn, entry.id).await? <= 1
        {
            out.push(entry);
        }
    }
    for community_id in Community::moderated_by(&mut conn, user.actor_id).await? {
        if Community::with_role(&mut conn, community_id, ROLE_MODERATOR)
            .await?
            .len()
            <= 1
        {
            if let Some(actor) = Actor::find(&mut conn, community_id).await? {
                out.push(actor);
            }
        }
    }
    Ok(out)
}

/// Deletes a member's account, by the policy in the README ("Deleting an account"): every
/// server this hub knows gets a `Delete` of the person; their posts become tombstones, their
/// events are deleted (participants elsewhere told), their participations, follows, roles,
/// pictures, profile, sessions, tokens, notifications and e-mail address go; the actor row
/// stays, blank, with its keys (to sign the deliveries) and its name (never given to anyone
/// else), and answers 410 Gone. Refused while they must hand something over first, and for
/// the hub's last admin.
pub async fn delete_account(
    data: &Ctx,
    user: &User,
    password: &str,
    confirm: &str,
) -> AppResult<()> {
    use crate::db::models::actor::ProfileChanges;
    use crate::db::models::actor_profile::{ActorProfile, ProfileExtras};
    use crate::db::models::community::Community;
    use crate::db::models::follow::Follow;
    use crate::db::models::media::{Media, ROLE_BANNER, ROLE_LOGO};
    use crate::db::models::participation::Participation;
    use crate::db::models::post::Post;
    use crate::federation::outbox;
    use scoped_futures::ScopedFutureExt;
    let mut checks = crate::error::Checks::new();
    checks.check(
        confirm.trim().eq_ignore_ascii_case(&user.username),
        "confirm",
        "account-delete-error-confirm",
    );
    let right = crate::services::users::verify_password(password, &user.password_hash).await;
    checks.check(right, "current_password", "password-error-current");
    checks.finish()?;
    let mut conn = data.pool.get().await?;
    if user.is_admin && User::count_admins(&mut conn).await? <= 1 {
        return Err(AppError::Validation("account-delete-error-last-admin"));
    }
    if !hand_over_first(data, user).await?.is_empty() {
        return Err(AppError::Validation("account-delete-error-hand-over"));
    }
    let actor = Actor::find(&mut conn, user.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let user_id = user.id;
    let handle = crate::services::reports::handle(&actor);
    let logged = handle.clone();
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let inboxes = Actor::known_inboxes(conn).await?;
            let delete = crate::federation::activities::delete::Delete::for_actor(&actor)?;
            if !inboxes.is_empty() {
                outbox::queue(conn, delete.id.as_str(), &actor, &delete, inboxes).await?;
            }
            crate::services::events::delete_all_of(conn, &actor).await?;
            Post::mark_all_deleted(conn, actor.id).await?;
            let joined = Participation::delete_all_of(conn, actor.id).await?;
            for event_id in joined {
                if let Some(event) = crate::db::models::event::Event::find(conn, event_id).await? {
                    if event.is_local {
                        if let Some(organizer) = Actor::find(conn, event.organizer_id).await? {
                            // A freed place goes to the waiting list.
                            crate::services::participations::settle(conn, data, event, &organizer)
                                .await?;
                        }
                    }
                }
            }
            Follow::delete_all(conn, actor.id).await?;
            for community_id in Community::roles_of(conn, actor.id).await? {
                Community::remove_role(conn, community_id, actor.id).await?;
            }
            Media::remove(conn, actor.id, ROLE_LOGO).await?;
            Media::remove(conn, actor.id, ROLE_BANNER).await?;
            let no_extras = ProfileExtras {
                fields: "[]".into(),
                ..Default::default()
            };
            ActorProfile::save(conn, actor.id, &no_extras).await?;
            let blank = ProfileChanges {
                display_name: String::new(),
                summary: String::new(),
                manually_approves_followers: false,
            };
            Actor::update_profile(conn, actor.id, &blank).await?;
            Actor::set_icon_url(conn, actor.id, None).await?;
            User::delete(conn, user_id).await?;
            audit::admin(conn, None, "account_deleted", &logged).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    tracing::info!(account = %handle, "account deleted by its member");
    Ok(())
}
