//! Members of projects and organisations: admins invite members of this hub by handle,
//! invitees accept or decline, admins change roles and remove members. The creator is the
//! first admin, and the last admin cannot leave.

use crate::db::models::actor::Actor;
use crate::db::models::membership::{
    MemberRole, Membership, ROLE_ADMIN, STATE_ACTIVE, STATE_INVITED,
};
use crate::db::models::user::{User, STATUS_ACTIVE};
use crate::error::{AppError, AppResult};
use crate::services::entries::require_member;
use crate::state::Ctx;
use crate::vocabulary::MEMBER_ROLES;

/// A role named in a form or request (`admin`, `editor`).
fn member_role(name: &str) -> AppResult<MemberRole> {
    Some(name)
        .filter(|r| MEMBER_ROLES.contains(r))
        .and_then(|r| r.parse().ok())
        .ok_or(AppError::Validation("member-error-role"))
}

/// An admin of `actor` invites the member `handle` (of this hub) with `role`.
pub async fn invite(
    data: &Ctx,
    admin: &User,
    actor: &Actor,
    handle: &str,
    role: &str,
) -> AppResult<(Membership, User)> {
    require_member(data, admin, actor, true).await?;
    let role = member_role(role)?;
    let name = handle.trim().trim_start_matches('@');
    let name = name
        .strip_suffix(&format!("@{}", data.config.server.domain))
        .unwrap_or(name)
        .to_lowercase();
    let mut conn = data.pool.get().await?;
    let invitee = User::find_by_username(&mut conn, &name)
        .await?
        .filter(|u| u.status == STATUS_ACTIVE)
        .ok_or(AppError::Validation("member-error-unknown"))?;
    if let Some(existing) = Membership::find(&mut conn, actor.id, invitee.id).await? {
        if existing.is_active() {
            return Err(AppError::Validation("member-error-already"));
        }
    }
    let membership = Membership::upsert(
        &mut conn,
        actor.id,
        invitee.id,
        role,
        STATE_INVITED,
        Some(admin.id),
    )
    .await?;
    drop(conn);
    let about = crate::services::notifications::About {
        actor_id: Some(actor.id),
        ..Default::default()
    };
    let dedupe = format!("membership:{}", membership.id);
    crate::services::notifications::notify(data, invitee.actor_id, "invitation", about, &dedupe)
        .await;
    Ok((membership, invitee))
}

/// The invitee accepts (`accept`) or declines an invitation.
pub async fn answer(data: &Ctx, user: &User, actor: &Actor, accept: bool) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let membership = Membership::find(&mut conn, actor.id, user.id)
        .await?
        .filter(|m| m.state == STATE_INVITED)
        .ok_or(AppError::NotFound)?;
    if accept {
        Membership::set_state(&mut conn, membership.id, STATE_ACTIVE).await?;
    } else {
        Membership::delete(&mut conn, membership.id).await?;
    }
    Ok(())
}

/// An admin changes a member's role, or a member leaves / an admin removes one (`role`
/// None). The last active admin can neither leave nor lose the admin role.
pub async fn change(
    data: &Ctx,
    by: &User,
    actor: &Actor,
    user_id: i64,
    role: Option<&str>,
) -> AppResult<()> {
    let leaving_self = by.id == user_id && role.is_none();
    if !leaving_self {
        require_member(data, by, actor, true).await?;
    }
    let role = role.map(member_role).transpose()?;
    let mut conn = data.pool.get().await?;
    let target = Membership::find(&mut conn, actor.id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let loses_admin = target.is_admin() && role != Some(ROLE_ADMIN);
    if loses_admin && Membership::count_admins(&mut conn, actor.id).await? <= 1 {
        return Err(AppError::Validation("member-error-last-admin"));
    }
    match role {
        Some(r) => {
            Membership::upsert(
                &mut conn,
                actor.id,
                user_id,
                r,
                target.state,
                target.invited_by,
            )
            .await?;
        }
        None => Membership::delete(&mut conn, target.id).await?,
    }
    Ok(())
}

/// Members and invitations of an entry.
pub async fn list(data: &Ctx, actor: &Actor) -> AppResult<Vec<(Membership, User)>> {
    let mut conn = data.pool.get().await?;
    Ok(Membership::of_actor(&mut conn, actor.id).await?)
}

/// The entries `user` belongs to or is invited to.
pub async fn of_user(data: &Ctx, user: &User) -> AppResult<Vec<(Membership, Actor)>> {
    let mut conn = data.pool.get().await?;
    Ok(Membership::of_user(&mut conn, user.id).await?)
}
