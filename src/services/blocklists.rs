//! Block lists: Mastodon's CSV (`#domain,#severity,#reject_media,#reject_reports,
//! #public_comment,#obfuscate`) read and written, lists published at a URL that the hub
//! subscribes to and keeps in step (GoToSocial's domain permission subscriptions), and the
//! suggestions that subscriptions held for review and peer hubs make, which an admin applies
//! or dismisses.

use crate::db::models::domain_block::{
    BlockSuggestion, BlocklistSubscription, DomainBlock, SUGGESTION_APPLIED, SUGGESTION_DISMISSED,
};
use crate::db::models::user::User;
use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::domain_blocks::{self, BlockInput};
use crate::state::Ctx;

/// Mastodon's header line, as its export writes it.
pub const CSV_HEADER: [&str; 6] = [
    "#domain",
    "#severity",
    "#reject_media",
    "#reject_reports",
    "#public_comment",
    "#obfuscate",
];
/// The largest list read (a CSV file or a subscription's answer).
pub const MAX_LIST_BYTES: usize = 2 * 1024 * 1024;

/// One CSV line that could not be read, with its line number (1-based).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BadLine {
    pub line: usize,
    pub text: String,
}

/// Writes blocks in Mastodon's export format.
pub fn to_csv(blocks: &[DomainBlock]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(CSV_HEADER);
    for b in blocks {
        let severity = crate::domains::Severity::parse(&b.severity)
            .map_or("suspend", crate::domains::Severity::mastodon_name);
        let _ = out.write_record([
            b.domain.as_str(),
            severity,
            bool_text(b.reject_media),
            bool_text(b.reject_reports),
            b.public_comment.as_str(),
            bool_text(b.obfuscate),
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn truthy(raw: &str) -> bool {
    matches!(
        raw.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes" | "t"
    )
}

/// Reads a block list: Mastodon's CSV with its header (columns in any order, with or
/// without `#`), or a bare list of domains, one per line (severity suspend). Lines starting
/// with `#` after the header and empty lines are skipped.
pub fn parse_csv(text: &str) -> (Vec<BlockInput>, Vec<BadLine>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut columns: Option<Vec<String>> = None;
    let (mut blocks, mut bad) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                bad.push(BadLine {
                    line,
                    text: e.to_string(),
                });
                continue;
            }
        };
        let fields: Vec<&str> = record.iter().collect();
        let first = fields.first().map(|f| f.trim()).unwrap_or_default();
        if first.is_empty() && fields.len() <= 1 {
            continue;
        }
        let names: Vec<String> = fields
            .iter()
            .map(|f| f.trim().trim_start_matches('#').to_ascii_lowercase())
            .collect();
        if columns.is_none() && blocks.is_empty() && names.iter().any(|n| n == "domain") {
            columns = Some(names);
            continue;
        }
        if first.starts_with('#') {
            continue;
        }
        let get = |name: &str| -> &str {
            match &columns {
                Some(cols) => cols
                    .iter()
                    .position(|c| c == name)
                    .and_then(|i| fields.get(i))
                    .copied()
                    .unwrap_or(""),
                None if name == "domain" => first,
                None => "",
            }
        };
        let severity = match get("severity").trim() {
            "" => "suspend",
            s => s,
        };
        let input = BlockInput {
            domain: get("domain").trim().to_string(),
            severity: severity.to_string(),
            reject_media: truthy(get("reject_media")),
            reject_reports: truthy(get("reject_reports")),
            public_comment: get("public_comment").trim().to_string(),
            private_comment: String::new(),
            obfuscate: truthy(get("obfuscate")),
        };
        if crate::domains::normalize(&input.domain).is_none()
            || crate::domains::Severity::parse(&input.severity).is_none()
        {
            bad.push(BadLine {
                line,
                text: record.iter().collect::<Vec<_>>().join(","),
            });
            continue;
        }
        blocks.push(input);
    }
    (blocks, bad)
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct ImportSummary {
    pub applied: usize,
    pub unchanged: usize,
    pub held: usize,
    pub bad: Vec<BadLine>,
}

/// Imports a CSV an admin uploaded: every readable line becomes a block (an existing block
/// on the same domain is replaced).
pub async fn import(data: &Ctx, by: Option<&User>, text: &str) -> AppResult<ImportSummary> {
    if text.len() > MAX_LIST_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let (blocks, bad) = parse_csv(text);
    let mut summary = ImportSummary {
        bad,
        ..Default::default()
    };
    for input in blocks {
        match domain_blocks::save(data, by, &input, "").await {
            Ok(_) => summary.applied += 1,
            Err(AppError::Invalid(_) | AppError::Validation(_)) => summary.bad.push(BadLine {
                line: 0,
                text: input.domain.clone(),
            }),
            Err(e) => return Err(e),
        }
    }
    let mut conn = data.pool.get().await?;
    audit::admin(
        &mut conn,
        by,
        "domain_blocks_import",
        &format!("{} applied, {} refused", summary.applied, summary.bad.len()),
    )
    .await?;
    Ok(summary)
}

/// Subscribes to a list published at `url`.
pub async fn subscribe(
    data: &Ctx,
    by: Option<&User>,
    url: &str,
    auto_apply: bool,
) -> AppResult<BlocklistSubscription> {
    let parsed = url::Url::parse(url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or(AppError::Validation("blocks-error-url"))?;
    let mut conn = data.pool.get().await?;
    let sub = BlocklistSubscription::insert(&mut conn, parsed.as_str(), auto_apply)
        .await
        .map_err(|_| AppError::Validation("blocks-error-url-taken"))?;
    audit::admin(&mut conn, by, "blocklist_subscribe", parsed.as_str()).await?;
    Ok(sub)
}

/// Ends a subscription; the blocks it brought are lifted.
pub async fn unsubscribe(data: &Ctx, by: Option<&User>, id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let sub = BlocklistSubscription::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let brought = DomainBlock::from_source(&mut conn, &sub.url).await?;
    BlocklistSubscription::delete(&mut conn, id).await?;
    audit::admin(&mut conn, by, "blocklist_unsubscribe", &sub.url).await?;
    drop(conn);
    for block in brought {
        domain_blocks::remove(data, by, &block.domain).await?;
    }
    Ok(())
}

async fn fetch_list(data: &Ctx, url: &str) -> AppResult<String> {
    let response = data
        .http
        .get(url)
        .header("Accept", "text/csv, text/plain;q=0.9, */*;q=0.1")
        .send()
        .await
        .map_err(|e| AppError::Remote(e.to_string()))?;
    if !response.status().is_success() {
        return Err(AppError::Remote(format!(
            "{url} answered {}",
            response.status()
        )));
    }
    if response
        .content_length()
        .is_some_and(|n| n as usize > MAX_LIST_BYTES)
    {
        return Err(AppError::Remote(format!("{url} is larger than the limit")));
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| AppError::Remote(e.to_string()))?;
    if bytes.len() > MAX_LIST_BYTES {
        return Err(AppError::Remote(format!("{url} is larger than the limit")));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Fetches one subscription and brings the hub in step: new entries applied (or held for
/// review), changed ones updated, entries no longer listed lifted. Blocks an admin made by
/// hand are never touched by a subscription.
pub async fn sync(data: &Ctx, sub: &BlocklistSubscription) -> AppResult<ImportSummary> {
    let text = match fetch_list(data, &sub.url).await {
        Ok(t) => t,
        Err(e) => {
            let mut conn = data.pool.get().await?;
            BlocklistSubscription::record(&mut conn, sub.id, None, Some(&e.to_string())).await?;
            return Err(e);
        }
    };
    let (blocks, bad) = parse_csv(&text);
    // An answer without a single readable entry but with unreadable lines (a maintenance
    // page, a login wall) is not a list that dropped everything: nothing is lifted.
    if blocks.is_empty() && !bad.is_empty() {
        let e = AppError::Remote(format!("{} is not a block list", sub.url));
        let mut conn = data.pool.get().await?;
        BlocklistSubscription::record(&mut conn, sub.id, None, Some(&e.to_string())).await?;
        return Err(e);
    }
    let mut summary = ImportSummary {
        bad,
        ..Default::default()
    };
    let mut conn = data.pool.get().await?;
    let brought = DomainBlock::from_source(&mut conn, &sub.url).await?;
    let mut listed = std::collections::HashSet::new();
    for input in &blocks {
        let form = match domain_blocks::validate(&data.config.server.domain, input, &sub.url) {
            Ok(f) => f,
            Err(_) => continue,
        };
        listed.insert(form.domain.clone());
        let existing = DomainBlock::find_by_domain(&mut conn, &form.domain).await?;
        match existing {
            // An admin's own block wins over any list.
            Some(b) if b.source != sub.url => summary.unchanged += 1,
            Some(b)
                if (
                    b.severity.as_str(),
                    b.reject_media,
                    b.reject_reports,
                    &b.public_comment,
                ) == (
                    form.severity.as_str(),
                    form.reject_media,
                    form.reject_reports,
                    &form.public_comment,
                ) =>
            {
                summary.unchanged += 1
            }
            Some(_) => {
                drop(conn);
                domain_blocks::save(data, None, input, &sub.url).await?;
                conn = data.pool.get().await?;
                summary.applied += 1;
            }
            None if sub.auto_apply => {
                drop(conn);
                domain_blocks::save(data, None, input, &sub.url).await?;
                conn = data.pool.get().await?;
                summary.applied += 1;
            }
            None => {
                if BlockSuggestion::propose(&mut conn, &form, &sub.url).await? {
                    summary.held += 1;
                } else {
                    summary.unchanged += 1;
                }
            }
        }
    }
    drop(conn);
    for gone in brought.iter().filter(|b| !listed.contains(&b.domain)) {
        domain_blocks::remove(data, None, &gone.domain).await?;
    }
    let mut conn = data.pool.get().await?;
    BlocklistSubscription::record(&mut conn, sub.id, Some(blocks.len() as i32), None).await?;
    tracing::info!(url = %sub.url, applied = summary.applied, held = summary.held, "block list subscription synced");
    Ok(summary)
}

/// Fetches every subscription, and every active peer hub's public blocks as suggestions.
pub async fn sync_all(data: &Ctx) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let subs = BlocklistSubscription::all(&mut conn).await?;
    drop(conn);
    for sub in subs {
        if let Err(e) = sync(data, &sub).await {
            tracing::warn!(url = %sub.url, error = %e, "block list subscription failed");
        }
    }
    if let Err(e) = peer_recommendations(data).await {
        tracing::warn!(error = %e, "reading peer hubs' block recommendations failed");
    }
    Ok(())
}

/// Keeps subscriptions in step, in the background.
pub async fn run(data: Ctx) {
    loop {
        let hours = data.config.moderation.subscription_interval_hours.max(1);
        tokio::time::sleep(std::time::Duration::from_secs(hours * 3600)).await;
        let _ = sync_all(&data).await;
    }
}

/// One block as Mastodon's `GET /api/v1/instance/domain_blocks` shows it: what peer hubs
/// read as recommendations, and what the `/about` page lists.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct PublicBlock {
    pub domain: String,
    /// SHA-256 of the domain, hex (so that an obfuscated domain can still be matched).
    pub digest: String,
    /// `silence` or `suspend` (Mastodon's names).
    pub severity: String,
    #[serde(default)]
    pub comment: Option<String>,
}

pub fn public_view(b: &DomainBlock) -> PublicBlock {
    use sha2::Digest;
    let severity = crate::domains::Severity::parse(&b.severity)
        .map_or("suspend", crate::domains::Severity::mastodon_name);
    PublicBlock {
        domain: if b.obfuscate {
            domain_blocks::obfuscated(&b.domain)
        } else {
            b.domain.clone()
        },
        digest: hex::encode(sha2::Sha256::digest(b.domain.as_bytes())),
        severity: severity.to_string(),
        comment: Some(b.public_comment.clone()).filter(|c| !c.is_empty()),
    }
}

/// The hub's blocks as the public sees them (noop blocks are not blocks to the public).
pub async fn public_list(data: &Ctx) -> AppResult<Vec<PublicBlock>> {
    let mut conn = data.pool.get().await?;
    Ok(DomainBlock::all(&mut conn)
        .await?
        .iter()
        .filter(|b| b.severity != "noop")
        .map(public_view)
        .collect())
}

/// Reads each active peer hub's public blocks (`/api/v1/instance/domain_blocks`) as
/// suggestions for an admin to review; obfuscated domains cannot be read and are skipped.
pub async fn peer_recommendations(data: &Ctx) -> AppResult<usize> {
    let mut conn = data.pool.get().await?;
    let peers = crate::db::models::peer::Peer::all(&mut conn).await?;
    drop(conn);
    let mut proposed = 0;
    for peer in peers.iter().filter(|p| p.is_active()) {
        let url = format!(
            "{}://{}/api/v1/instance/domain_blocks",
            data.config.scheme(),
            peer.host
        );
        let response = match data
            .http
            .get(&url)
            .header("Accept", "application/json")
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => {
                tracing::info!(%url, status = %r.status(), "peer offers no block list");
                continue;
            }
            Err(e) => {
                tracing::info!(%url, error = %e, "peer block list unreachable");
                continue;
            }
        };
        let Ok(list) = response.json::<Vec<PublicBlock>>().await else {
            continue;
        };
        let mut conn = data.pool.get().await?;
        let source = format!("peer:{}", peer.host);
        for block in list.iter().take(10_000) {
            if block.domain.contains('*') {
                continue;
            }
            let input = BlockInput {
                domain: block.domain.clone(),
                severity: block.severity.clone(),
                public_comment: block.comment.clone().unwrap_or_default(),
                ..Default::default()
            };
            let Ok(form) = domain_blocks::validate(&data.config.server.domain, &input, &source)
            else {
                continue;
            };
            if DomainBlock::find_by_domain(&mut conn, &form.domain)
                .await?
                .is_some()
            {
                continue;
            }
            if BlockSuggestion::propose(&mut conn, &form, &source).await? {
                proposed += 1;
            }
        }
    }
    Ok(proposed)
}

/// Applies a pending suggestion as a block.
pub async fn apply_suggestion(data: &Ctx, by: Option<&User>, id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let s = BlockSuggestion::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !BlockSuggestion::settle(&mut conn, id, SUGGESTION_APPLIED).await? {
        return Err(AppError::Conflict(
            "the suggestion was already settled".into(),
        ));
    }
    drop(conn);
    let input = BlockInput {
        domain: s.domain,
        severity: s.severity,
        reject_media: s.reject_media,
        reject_reports: s.reject_reports,
        public_comment: s.public_comment,
        private_comment: format!("suggested by {}", s.source),
        obfuscate: false,
    };
    // A subscription's entry stays its own, so that it is lifted when the list drops it.
    let source = if s.source.starts_with("peer:") {
        ""
    } else {
        s.source.as_str()
    };
    domain_blocks::save(data, by, &input, source).await?;
    Ok(())
}

pub async fn dismiss_suggestion(data: &Ctx, by: Option<&User>, id: i64) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let s = BlockSuggestion::find(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !BlockSuggestion::settle(&mut conn, id, SUGGESTION_DISMISSED).await? {
        return Err(AppError::Conflict(
            "the suggestion was already settled".into(),
        ));
    }
    audit::admin(&mut conn, by, "domain_suggestion_dismiss", &s.domain).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_export_is_read() {
        let text = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n\
                    spam.example,suspend,false,false,Spam wave,false\n\
                    noisy.example,silence,true,true,\"Loud, rude\",true\n\
                    not a domain,suspend,false,false,,false\n\
                    odd.example,vaporise,false,false,,false\n";
        let (blocks, bad) = parse_csv(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1].domain, "noisy.example");
        assert_eq!(blocks[1].severity, "silence");
        assert!(blocks[1].reject_media && blocks[1].reject_reports && blocks[1].obfuscate);
        assert_eq!(blocks[1].public_comment, "Loud, rude");
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), vec![4, 5]);
    }

    #[test]
    fn bare_lists_and_reordered_columns_are_read() {
        let (blocks, bad) = parse_csv("a.example\n\nb.example\n");
        assert_eq!(blocks.len(), 2);
        assert!(bad.is_empty());
        assert_eq!(blocks[0].severity, "suspend");
        let (blocks, _) = parse_csv("severity,domain\nsilence,c.example\n");
        assert_eq!(blocks[0].domain, "c.example");
        assert_eq!(blocks[0].severity, "silence");
    }
}
