//! A Flag arrives: another server's report about one of our accounts, or about content in
//! one of our communities, lands in the queue.

use crate::db::models::actor::Actor;
use crate::db::models::report::{NewReport, Report, ReportCategory, STATE_OPEN};
use crate::error::{AppError, AppResult};
use crate::federation::activities::flag::Flag;
use crate::services::reports;
use crate::state::Ctx;
use activitypub_federation::traits::Activity;
use url::Url;

#[async_trait::async_trait]
impl Activity for Flag {
    type DataType = crate::state::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }
    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        if self.object_ids().is_empty() {
            return Err(AppError::BadRequest("Flag without an object".into()));
        }
        Ok(())
    }
    async fn receive(self, data: &Ctx) -> AppResult<()> {
        receive_flag(data, &self).await
    }
}

/// A `Flag` from another server lands in the queue (unless its domain's reports are
/// rejected): the first named actor is the account, the rest are the objects.
async fn receive_flag(data: &Ctx, flag: &Flag) -> AppResult<()> {
    let host = flag.actor.host_str().unwrap_or_default();
    if data.domains.rules().rejects_reports(host) {
        tracing::info!(activity = %flag.id, "report from a domain whose reports are rejected; ignored");
        return Ok(());
    }
    let mut conn = data.pool.get().await?;
    let mut account: Option<Actor> = None;
    let mut objects = Vec::new();
    let mut community = None;
    let mut kind = "account";
    for id in flag.object_ids() {
        match reports::find_reported(&mut conn, id.as_str()).await {
            Ok(found) => {
                if found.post.is_some() || found.event.is_some() {
                    objects.push(found.ap_id.clone());
                    kind = found.kind;
                    community = community.or(found.community_id);
                } else if found.kind == "community" && account.is_some() {
                    community = community.or(found.community_id);
                    continue;
                }
                if account.is_none() {
                    account = Some(found.account);
                }
            }
            Err(_) => {
                tracing::info!(activity = %flag.id, object = %id, "flagged object unknown here")
            }
        }
    }
    let Some(account) = account else {
        tracing::info!(activity = %flag.id, "Flag names nothing we hold; ignored");
        return Ok(());
    };
    // Only what this hub answers for: one of our accounts or content in one of our
    // communities (Mastodon's rule too). A report on a third server's account belongs there,
    // and accepting it would let anyone fill our queue.
    let local_community = match community {
        Some(id) => Actor::find(&mut conn, id)
            .await?
            .is_some_and(|c| c.is_local),
        None => false,
    };
    if !account.is_local && !local_community {
        tracing::info!(activity = %flag.id, account = %account.ap_id, "Flag about another server's account; ignored");
        return Ok(());
    }
    if objects.is_empty() {
        objects.push(account.ap_id.to_string());
        kind = if account.kind == "Person" {
            "account"
        } else {
            kind
        };
    }
    let inserted = Report::insert(
        &mut conn,
        &NewReport {
            reporter_id: None,
            reporter_contact: String::new(),
            origin_domain: crate::state::authority(&flag.actor),
            flag_ap_id: Some(flag.id.to_string()),
            target_id: Some(account.id),
            objects: objects.join("\n"),
            object_kind: kind.to_string(),
            community_id: community,
            category: ReportCategory::Other,
            legal_ground: String::new(),
            comment: flag.comment(),
            state: STATE_OPEN.to_string(),
            created_at: crate::db::now(),
            status_token_hash: None,
        },
    )
    .await?;
    if let Some(r) = inserted {
        tracing::info!(report = r.id, activity = %flag.id, "report received from another server");
    }
    Ok(())
}
