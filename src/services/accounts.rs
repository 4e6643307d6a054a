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
