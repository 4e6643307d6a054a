//! Accounts: sign-up, approval, log-in, profile edits.

use crate::config::RegistrationMode;
use crate::db::models::actor::{Actor, ActorForm};
use crate::db::models::invite::Invite;
use crate::db::models::session::Session;
use crate::db::models::user::{NewUser, User, UserStatus, STATUS_ACTIVE, STATUS_PENDING};
use crate::db::{is_unique_violation, DbPool};
use crate::error::{AppError, AppResult, Checks, FieldError};
use crate::federation::Urls;
use crate::state::Ctx;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use scoped_futures::ScopedFutureExt;
use std::sync::OnceLock;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 30;
pub const PASSWORD_MIN: usize = 10;
const PASSWORD_MAX: usize = 1024;

/// Names nobody may take by signing up: they would impersonate the hub or its staff, or
/// shadow a path. An admin may still create them with `tessera user create`.
const RESERVED: &[&str] = &[
    "abuse",
    "edit",
    "new",
    "actor",
    "admin",
    "administrator",
    "api",
    "help",
    "hostmaster",
    "inbox",
    "info",
    "instance",
    "mod",
    "moderator",
    "noreply",
    "no_reply",
    "outbox",
    "postmaster",
    "relay",
    "root",
    "security",
    "settings",
    "staff",
    "static",
    "support",
    "system",
    "tessera",
    "users",
    "webmaster",
];

pub use crate::federation::instance::{generate_keys, Keys};

/// Normalises and checks a username; the error is a translation id.
pub fn validate_username(raw: &str, allow_reserved: bool) -> AppResult<String> {
    let name = raw.trim().to_lowercase();
    let len = name.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
        return Err(AppError::Validation("signup-error-username-length"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(AppError::Validation("signup-error-username-chars"));
    }
    if !allow_reserved && RESERVED.contains(&name.as_str()) {
        return Err(AppError::Validation("signup-error-username-reserved"));
    }
    Ok(name)
}

pub fn validate_password(password: &str) -> AppResult<()> {
    let len = password.chars().count();
    if len < PASSWORD_MIN || password.len() > PASSWORD_MAX {
        return Err(AppError::Validation("signup-error-password-short"));
    }
    Ok(())
}

pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let password = password.to_string();
    let hash = hash.to_string();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to check against when the user does not exist, so both cases take as long.
async fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return h;
    }
    let h = hash_password("tessera-dummy-password")
        .await
        .unwrap_or_default();
    DUMMY.get_or_init(|| h)
}

pub struct NewAccount<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub is_admin: bool,
    pub status: UserStatus,
    pub reason: &'a str,
}

/// Creates the user and its `Person` actor in one transaction.
pub async fn create(
    pool: &DbPool,
    config: &crate::config::Config,
    new: NewAccount<'_>,
) -> AppResult<User> {
    create_with_invite(pool, config, new, None).await
}

/// A use of invite `code` at `now`, taken in the transaction that creates the account.
struct InviteUse<'a> {
    code: &'a str,
    now: chrono::NaiveDateTime,
}

/// [`create`], taking a use of an invite in the same transaction: when the invite has
/// none left, nothing is created (`invite-error-used-up`); when the account cannot be
/// created, the use is not spent.
async fn create_with_invite(
    pool: &DbPool,
    config: &crate::config::Config,
    new: NewAccount<'_>,
    invite: Option<InviteUse<'_>>,
) -> AppResult<User> {
    let keys = generate_keys().await?;
    let hash = hash_password(new.password).await?;
    let base = config.base_url();
    let urls = Urls::new(&base);
    let name = new.username.to_string();
    let form = ActorForm {
        ap_id: urls.user(&name),
        kind: "Person".into(),
        username: name.clone(),
        domain: config.server.domain.clone(),
        display_name: String::new(),
        summary: String::new(),
        inbox_url: urls.user_inbox(&name),
        shared_inbox_url: Some(urls.shared_inbox()),
        outbox_url: Some(urls.user_outbox(&name)),
        followers_url: Some(urls.user_followers(&name)),
        following_url: Some(urls.user_following(&name)),
        profile_url: Some(urls.profile_page(&name)),
        public_key_pem: keys.public_key,
        private_key_pem: Some(keys.private_key),
        is_local: true,
        manually_approves_followers: false,
        discoverable: true,
        published: Some(crate::db::now()),
        last_refreshed_at: crate::db::now(),
        domain_limited: false,
    };
    let invite = invite.map(|i| (i.code.to_string(), i.now));
    let mut conn = pool.get().await?;
    let result = conn
        .transaction::<_, AppError, _>(|conn| {
            async move {
                if let Some((code, now)) = &invite {
                    if !Invite::claim(conn, code, *now).await? {
                        return Err(AppError::Invalid(vec![FieldError {
                            field: "invite",
                            code: "invite-error-used-up",
                        }]));
                    }
                }
                let actor = Actor::insert(conn, &form).await?;
                let user = User::insert(
                    conn,
                    &NewUser {
                        actor_id: actor.id,
                        username: &name,
                        password_hash: &hash,
                        is_admin: new.is_admin,
                        status: new.status,
                        signup_reason: new.reason,
                        created_at: crate::db::now(),
                    },
                )
                .await?;
                Ok(user)
            }
            .scope_boxed()
        })
        .await;
    match result {
        Err(AppError::Database(e)) if is_unique_violation(&e) => {
            Err(AppError::Validation("signup-error-username-taken"))
        }
        other => other,
    }
}

/// What a person types to sign up; `invite` is the code of an invite link, or "".
pub struct SignUp<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub password_confirm: &'a str,
    pub reason: &'a str,
    pub invite: &'a str,
    /// An address to confirm (a link is sent there), or "".
    pub email: &'a str,
    /// The page's language, for the confirmation message.
    pub lang: &'a str,
}

/// Public sign-up, following the registration mode. Returns the user (pending or active).
/// By invitation, a usable invite is needed; where sign-ups are approved, one lets the
/// person in at once; an open hub needs none and takes no use of one given.
pub async fn sign_up(data: &Ctx, input: SignUp<'_>) -> AppResult<User> {
    let SignUp {
        username,
        password,
        password_confirm,
        reason,
        invite,
        email,
        lang,
    } = input;
    let settings = crate::services::instance::effective(data).await?;
    let code = invite.trim();
    // Every field is checked, so that the form can show all its mistakes at once.
    let mut checks = Checks::new();
    let (status, invite) = match settings.registration_mode {
        RegistrationMode::Closed => return Err(AppError::Validation("signup-error-closed")),
        RegistrationMode::Open => (STATUS_ACTIVE, None),
        RegistrationMode::Approval if code.is_empty() => (STATUS_PENDING, None),
        RegistrationMode::Approval | RegistrationMode::Invite => {
            if code.is_empty() {
                checks.fail("invite", "invite-error-required");
            } else {
                checks.take("invite", crate::services::invites::usable(data, code).await);
            }
            let now = data.clock.now();
            (STATUS_ACTIVE, Some(InviteUse { code, now }))
        }
    };
    let username = checks.take("username", validate_username(username, false));
    checks.take("password", validate_password(password));
    checks.check(
        password == password_confirm,
        "password_confirm",
        "signup-error-password-mismatch",
    );
    checks.check(
        reason.chars().count() <= 1000,
        "reason",
        "signup-error-reason-long",
    );
    if let Some(name) = &username {
        let mut conn = data.pool.get().await?;
        let taken = Actor::find_local(&mut conn, name).await?.is_some();
        checks.check(!taken, "username", "signup-error-username-taken");
    }
    let email = match email.trim() {
        "" => None,
        typed => checks.take("email", crate::services::emails::normalize_address(typed)),
    };
    if let Some(address) = &email {
        let mut conn = data.pool.get().await?;
        let taken = crate::db::models::email::user_id_by_email(&mut conn, address)
            .await?
            .is_some();
        checks.check(!taken, "email", "email-error-taken");
    }
    checks.finish()?;
    let username = username.unwrap_or_default();
    let account = NewAccount {
        username: &username,
        password,
        is_admin: false,
        status,
        reason: reason.trim(),
    };
    let created = create_with_invite(&data.pool, &data.config, account, invite).await;
    if let (Err(AppError::Invalid(_)), false) = (&created, code.is_empty()) {
        // The invite was used up (or revoked, or expired) after the check above: say which.
        if let Err(why) = crate::services::invites::usable(data, code).await {
            let mut checks = Checks::new();
            checks.absorb("invite", why);
            return Err(checks.error());
        }
    }
    let user = created?;
    if let Some(address) = &email {
        crate::services::emails::send_verification(data, &user, address, lang).await?;
    }
    Ok(user)
}

/// Checks credentials. A wrong password and an unknown user get the same answer, in
/// about the same time.
pub async fn authenticate(data: &Ctx, username: &str, password: &str) -> AppResult<User> {
    let name = username.trim().to_lowercase();
    let user = {
        let mut conn = data.pool.get().await?;
        User::find_by_username(&mut conn, &name).await?
    };
    let Some(user) = user else {
        verify_password(password, dummy_hash().await).await;
        return Err(AppError::Validation("login-error-invalid"));
    };
    if !verify_password(password, &user.password_hash).await {
        return Err(AppError::Validation("login-error-invalid"));
    }
    match user.status {
        STATUS_ACTIVE => Ok(user),
        crate::db::models::user::UserStatus::Suspended => {
            Err(AppError::Validation("login-error-suspended"))
        }
        _ => Err(AppError::Validation("login-error-pending")),
    }
}

/// Changes a member's password. The current one is asked again, so that a session left
/// open on a shared computer cannot take the account over; every other session of the
/// member ends (`keep_session` is the one making the change).
pub async fn change_password(
    data: &Ctx,
    user: &User,
    current: &str,
    new: &str,
    confirm: &str,
    keep_session: Option<i64>,
) -> AppResult<()> {
    let mut checks = Checks::new();
    let right = verify_password(current, &user.password_hash).await;
    checks.check(right, "current_password", "password-error-current");
    checks.take("new_password", validate_password(new));
    checks.check(
        new == confirm,
        "new_password_confirm",
        "signup-error-password-mismatch",
    );
    checks.finish()?;
    let hash = hash_password(new).await?;
    let mut conn = data.pool.get().await?;
    User::set_password_hash(&mut conn, user.id, &hash).await?;
    Session::delete_others(&mut conn, user.id, keep_session).await?;
    drop(conn);
    crate::services::emails::notify_password_changed(data, user).await?;
    Ok(())
}

pub async fn list_pending(data: &Ctx) -> AppResult<Vec<User>> {
    let mut conn = data.pool.get().await?;
    Ok(User::list_pending(&mut conn).await?)
}

async fn pending_user(data: &Ctx, id: i64) -> AppResult<User> {
    let mut conn = data.pool.get().await?;
    User::find(&mut conn, id)
        .await?
        .filter(|u| u.status == STATUS_PENDING)
        .ok_or(AppError::NotFound)
}

pub async fn approve(data: &Ctx, id: i64) -> AppResult<()> {
    let user = pending_user(data, id).await?;
    let mut conn = data.pool.get().await?;
    User::set_status(&mut conn, user.id, STATUS_ACTIVE).await?;
    Ok(())
}

/// A rejected application leaves nothing behind: the user and its actor are deleted.
pub async fn reject(data: &Ctx, id: i64) -> AppResult<()> {
    let user = pending_user(data, id).await?;
    let mut conn = data.pool.get().await?;
    User::delete_with_actor(&mut conn, &user).await?;
    Ok(())
}

/// Generates a readable random password for `tessera user create`.
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
