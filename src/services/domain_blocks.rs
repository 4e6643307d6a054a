//! Domain blocks and the allow-list, as admins change them: each change is written, the
//! rules in memory (`crate::domains`) reloaded, its effects applied (a limited domain's
//! actors leave public lists; a suspended one's follows end and its content is removed),
//! logged publicly and in the audit log. Mastodon's CSV is read and written in
//! [`crate::services::blocklists`], with subscriptions and suggestions.

use crate::db::models::domain_block::{self, DomainAllow, DomainBlock, DomainBlockForm};
use crate::db::models::instance_setting::InstanceSetting;
use crate::db::models::user::User;
use crate::domains::{normalize, Rule, Rules, Severity};
use crate::error::{AppError, AppResult, Checks};
use crate::services::audit;
use crate::state::{AppState, Ctx};

/// The instance setting that holds the federation mode.
pub const FEDERATION_MODE: &str = "federation_mode";
pub const MODE_ALLOWLIST: &str = "allowlist";
pub const MODE_BLOCKLIST: &str = "blocklist";
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A block as typed in the admin form, the API or a CSV line.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, PartialEq)]
pub struct BlockInput {
    pub domain: String,
    pub severity: String,
    #[serde(default)]
    pub reject_media: bool,
    #[serde(default)]
    pub reject_reports: bool,
    #[serde(default)]
    pub public_comment: String,
    #[serde(default)]
    pub private_comment: String,
    #[serde(default)]
    pub obfuscate: bool,
}

/// Checks a block and makes the row to write: the domain normalised, never our own.
pub fn validate(own_domain: &str, input: &BlockInput, source: &str) -> AppResult<DomainBlockForm> {
    let mut checks = Checks::new();
    let domain = normalize(&input.domain);
    checks.check(domain.is_some(), "domain", "blocks-error-domain");
    if let Some(d) = &domain {
        checks.check(
            !crate::domains::covers(d, own_domain),
            "domain",
            "blocks-error-own-domain",
        );
    }
    let severity = Severity::parse(&input.severity);
    checks.check(severity.is_some(), "severity", "blocks-error-severity");
    checks.check(
        input.public_comment.chars().count() <= MAX_COMMENT_CHARS,
        "public_comment",
        "blocks-error-comment",
    );
    checks.check(
        input.private_comment.chars().count() <= MAX_COMMENT_CHARS,
        "private_comment",
        "blocks-error-comment",
    );
    checks.finish()?;
    Ok(DomainBlockForm {
        domain: domain.unwrap_or_default(),
        severity: severity.unwrap_or(Severity::Suspend).as_str().to_string(),
        reject_media: input.reject_media,
        reject_reports: input.reject_reports,
        public_comment: input.public_comment.trim().to_string(),
        private_comment: input.private_comment.trim().to_string(),
        obfuscate: input.obfuscate,
        source: source.to_string(),
    })
}

/// Builds the rules from the database and puts them in place for this process.
pub async fn reload(state: &AppState) -> AppResult<()> {
    let mut conn = state.pool.get().await?;
    let blocks = DomainBlock::all(&mut conn).await?;
    let settings = InstanceSetting::all(&mut conn).await?;
    let allowed = if settings.get(FEDERATION_MODE).map(String::as_str) == Some(MODE_ALLOWLIST) {
        let list = DomainAllow::all(&mut conn).await?;
        Some(list.into_iter().map(|a| a.domain).collect())
    } else {
        None
    };
    let rules = Rules::new(
        &state.config.server.domain,
        blocks.into_iter().filter_map(|b| {
            let severity = Severity::parse(&b.severity)?;
            Some((
                b.domain,
                Rule {
                    severity,
                    reject_media: b.reject_media,
                    reject_reports: b.reject_reports,
                },
            ))
        }),
        allowed,
    );
    state.domains.replace(rules);
    Ok(())
}

/// Keeps the rules of this process in step with the database (another process sharing a
/// PostgreSQL database may have changed them).
pub async fn run_reload(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(crate::domains::RELOAD_SECS)).await;
        if let Err(e) = reload(&state).await {
            tracing::warn!(error = %e, "reloading the domain rules failed");
        }
    }
}

/// Applies the rules to what is stored: `domain_limited` on every remote actor, and the
/// removal of what suspended domains brought. Returns the number of actors purged.
pub async fn enforce(state: &AppState) -> AppResult<usize> {
    let rules = state.domains.rules();
    let mut conn = state.pool.get().await?;
    let known = domain_block::known_domains(&mut conn).await?;
    let limited: Vec<String> = known
        .iter()
        .filter(|d| rules.is_limited(d))
        .cloned()
        .collect();
    domain_block::set_limited_domains(&mut conn, &limited).await?;
    // The allow-list refuses exchanges but removes nothing: switching it off restores them.
    let suspended: Vec<String> = known
        .into_iter()
        .filter(|d| {
            rules
                .rule(d)
                .is_some_and(|r| r.severity == Severity::Suspend)
        })
        .collect();
    let ids = domain_block::actors_on(&mut conn, &suspended).await?;
    for id in &ids {
        domain_block::purge_remote_actor(&mut conn, *id).await?;
    }
    if !ids.is_empty() {
        tracing::info!(actors = ids.len(), domains = ?suspended, "content of suspended domains removed");
    }
    Ok(ids.len())
}

/// The part of a domain shown publicly for an obfuscated block (as Mastodon does: some
/// letters replaced by `*`, the dots and the ends kept).
pub fn obfuscated(domain: &str) -> String {
    domain
        .split('.')
        .map(|label| {
            let n = label.chars().count();
            label
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i > 0 && i + 1 < n && i % 2 == 1 {
                        '*'
                    } else {
                        c
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Writes a block (an admin's, or a subscription's when `source` is its URL), then applies
/// it. Logged publicly with the public comment and in the audit log.
pub async fn save(
    data: &Ctx,
    by: Option<&User>,
    input: &BlockInput,
    source: &str,
) -> AppResult<DomainBlock> {
    let form = validate(&data.config.server.domain, input, source)?;
    let mut conn = data.pool.get().await?;
    let (row, before) = DomainBlock::save(&mut conn, &form).await?;
    let detail = format!(
        "{} {}{}{}",
        row.domain,
        row.severity,
        if row.reject_media {
            " reject_media"
        } else {
            ""
        },
        if row.reject_reports {
            " reject_reports"
        } else {
            ""
        },
    );
    let action = if before.is_some() {
        "domain_block_update"
    } else {
        "domain_block"
    };
    audit::admin(&mut conn, by, action, &detail).await?;
    if before
        .as_ref()
        .map(|b| (&b.severity, b.reject_media, b.reject_reports))
        != Some((&row.severity, row.reject_media, row.reject_reports))
    {
        let shown = if row.obfuscate {
            obfuscated(&row.domain)
        } else {
            row.domain.clone()
        };
        audit::log(
            &mut conn,
            audit::Logged {
                action: &format!("domain_{}", row.severity),
                subject: &shown,
                reason: &row.public_comment,
                moderator_id: by.map(|u| u.actor_id),
                affected_id: None,
                report_id: None,
            },
        )
        .await?;
    }
    drop(conn);
    reload(data).await?;
    enforce(data).await?;
    Ok(row)
}

/// Lifts the block on `domain` (any spelling).
pub async fn remove(data: &Ctx, by: Option<&User>, domain: &str) -> AppResult<()> {
    let domain = normalize(domain).ok_or(AppError::NotFound)?;
    let mut conn = data.pool.get().await?;
    let removed = DomainBlock::delete(&mut conn, &domain)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::admin(&mut conn, by, "domain_unblock", &removed.domain).await?;
    let shown = if removed.obfuscate {
        obfuscated(&removed.domain)
    } else {
        removed.domain.clone()
    };
    audit::log(
        &mut conn,
        audit::Logged {
            action: "domain_unblock",
            subject: &shown,
            reason: "",
            moderator_id: by.map(|u| u.actor_id),
            affected_id: None,
            report_id: None,
        },
    )
    .await?;
    drop(conn);
    reload(data).await?;
    enforce(data).await?;
    Ok(())
}

/// Whether the hub federates only with the domains on its allow-list.
pub async fn allowlist_mode(data: &Ctx) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    let settings = InstanceSetting::all(&mut conn).await?;
    Ok(settings.get(FEDERATION_MODE).map(String::as_str) == Some(MODE_ALLOWLIST))
}

pub async fn set_allowlist_mode(data: &Ctx, by: Option<&User>, on: bool) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let mode = if on { MODE_ALLOWLIST } else { MODE_BLOCKLIST };
    InstanceSetting::set(&mut conn, FEDERATION_MODE, mode).await?;
    audit::admin(&mut conn, by, "federation_mode", mode).await?;
    drop(conn);
    reload(data).await
}

pub async fn allow(data: &Ctx, by: Option<&User>, domain: &str, comment: &str) -> AppResult<()> {
    let domain = normalize(domain).ok_or(AppError::Validation("blocks-error-domain"))?;
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::Validation("blocks-error-comment"));
    }
    let mut conn = data.pool.get().await?;
    DomainAllow::add(&mut conn, &domain, comment.trim()).await?;
    audit::admin(&mut conn, by, "domain_allow", &domain).await?;
    drop(conn);
    reload(data).await
}

pub async fn disallow(data: &Ctx, by: Option<&User>, domain: &str) -> AppResult<()> {
    let domain = normalize(domain).ok_or(AppError::NotFound)?;
    let mut conn = data.pool.get().await?;
    if !DomainAllow::remove(&mut conn, &domain).await? {
        return Err(AppError::NotFound);
    }
    audit::admin(&mut conn, by, "domain_disallow", &domain).await?;
    drop(conn);
    reload(data).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_normalised_and_never_our_own() {
        let input = |domain: &str| BlockInput {
            domain: domain.into(),
            severity: "silence".into(),
            ..Default::default()
        };
        let form = validate("hub.example", &input("Spam.Example."), "").unwrap();
        assert_eq!(form.domain, "spam.example");
        assert_eq!(form.severity, "limit");
        assert!(validate("hub.example", &input("hub.example"), "").is_err());
        assert!(validate("a.hub.example:8080", &input("hub.example"), "").is_err());
        assert!(validate("hub.example", &input("not a domain"), "").is_err());
        let mut bad = input("x.example");
        bad.severity = "obliterate".into();
        assert!(validate("hub.example", &bad, "").is_err());
    }

    #[test]
    fn obfuscation_keeps_the_shape() {
        assert_eq!(obfuscated("badplace.example"), "b*d*l*ce.e*a*p*e");
        assert_eq!(obfuscated("ab.cd"), "ab.cd");
    }
}
