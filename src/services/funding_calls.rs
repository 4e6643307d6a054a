//! Funding and support calls (issue 22): an organisation (funder, managing authority,
//! support organisation) or the hub publishes a call; its followers elsewhere and the peer
//! hubs receive it, and its edits and withdrawal. Received calls are kept when someone here
//! follows the publisher, or when a peer hub carries them. The calls page, exports and the
//! "calls for you" of a project or organisation read from here.

use crate::db::models::actor::Actor;
use crate::db::models::entry::{DirectoryEntry, KIND_PROJECT};
use crate::db::models::entry_link::EntryLink;
use crate::db::models::follow::Follow;
use crate::db::models::funding_call::{
    Deadline, FundingCall, FundingCallForm, Tags, ANY, FACET_COUNTRY, FACET_LANGUAGE,
    FACET_ORG_TYPE, FACET_SDG, FACET_THEME,
};
use crate::db::models::funding_call_query::CallFilter;
use crate::db::models::membership::Membership;
use crate::db::models::search_index::{self, Indexed};
use crate::db::models::search_terms;
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::{create::Create, delete::Delete, update::Update};
use crate::federation::objects::funding_call::{call_context, FundingCall as CallObject};
use crate::federation::{delivery, outbox, peering};
use crate::state::Ctx;
use chrono::NaiveDateTime;
use scoped_futures::ScopedFutureExt;
use std::collections::HashMap;

pub use crate::services::call_input::{validate, CallInput, DeadlineInput};

/// The publisher value that stands for the hub itself.
pub const HUB: &str = "hub";
/// The most rows a text search hands to the filters.
const SEARCH_LIMIT: i64 = 2_000;

/// A call with its publisher, deadlines and tags, for pages, the API and the wire.
#[derive(Debug, Clone)]
pub struct CallDetails {
    pub call: FundingCall,
    pub publisher: Actor,
    pub deadlines: Vec<Deadline>,
    pub tags: Tags,
}

impl CallDetails {
    /// The values of one facet, without the "any" marker.
    pub fn facet(&self, name: &str) -> Vec<String> {
        self.tags
            .iter()
            .filter(|(f, v)| f == name && v != ANY)
            .map(|(_, v)| v.clone())
            .collect()
    }
    pub fn countries(&self) -> Vec<String> {
        self.facet(FACET_COUNTRY)
    }
    pub fn organisation_types(&self) -> Vec<String> {
        self.facet(FACET_ORG_TYPE)
    }
    pub fn themes(&self) -> Vec<String> {
        self.facet(FACET_THEME)
    }
    pub fn sdgs(&self) -> Vec<String> {
        self.facet(FACET_SDG)
    }
    pub fn languages(&self) -> Vec<String> {
        self.facet(FACET_LANGUAGE)
    }
    pub fn status(&self, now: NaiveDateTime) -> &'static str {
        self.call.status(now)
    }
    /// The first deadline not yet past.
    pub fn next_deadline(&self, now: NaiveDateTime) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.due_at >= now)
    }
    /// Whether the eligible countries are exactly the EU's 27 (shown as "EU-27").
    pub fn is_eu27(&self) -> bool {
        let countries = self.countries();
        crate::vocabulary::EU27
            .iter()
            .all(|c| countries.iter().any(|x| x == c))
    }
    pub fn object(&self) -> AppResult<CallObject> {
        CallObject::for_row(&self.call, &self.publisher, &self.deadlines, &self.tags)
    }
}

/// The actor `user` publishes as: a local organisation they are an active member of, or
/// (admins) the hub's own actor.
pub async fn publisher_for(data: &Ctx, user: &User, handle: &str) -> AppResult<Actor> {
    let handle = handle.trim().trim_start_matches('@').to_lowercase();
    let mut conn = data.pool.get().await?;
    if handle == HUB {
        if !user.is_admin {
            return Err(AppError::Forbidden);
        }
        return Actor::find_local(&mut conn, data.config.host())
            .await?
            .ok_or(AppError::Validation("call-error-publisher"));
    }
    let actor = Actor::find_local(&mut conn, &handle)
        .await?
        .filter(|a| a.kind == "Organization")
        .ok_or(AppError::Validation("call-error-publisher"))?;
    match Membership::find(&mut conn, actor.id, user.id).await? {
        Some(m) if m.is_active() => Ok(actor),
        _ => Err(AppError::Forbidden),
    }
}

/// The publishers `user` may choose from: the organisations they belong to, and the hub
/// for admins.
pub async fn publishers_of(data: &Ctx, user: &User) -> AppResult<Vec<Actor>> {
    let mut conn = data.pool.get().await?;
    let mut out: Vec<Actor> = Membership::of_user(&mut conn, user.id)
        .await?
        .into_iter()
        .filter(|(m, a)| m.is_active() && a.kind == "Organization")
        .map(|(_, a)| a)
        .collect();
    if user.is_admin {
        if let Some(hub) = Actor::find_local(&mut conn, data.config.host()).await? {
            out.push(hub);
        }
    }
    Ok(out)
}

/// Whether `user` may edit or withdraw `call`: a member of the publishing organisation,
/// or an admin for the hub's calls.
pub async fn can_manage(data: &Ctx, user: &User, call: &FundingCall) -> AppResult<bool> {
    if !call.is_local {
        return Ok(false);
    }
    let mut conn = data.pool.get().await?;
    let publisher = Actor::find(&mut conn, call.publisher_id).await?;
    if publisher.as_ref().is_some_and(|p| p.kind == "Application") {
        return Ok(user.is_admin);
    }
    Ok(Membership::find(&mut conn, call.publisher_id, user.id)
        .await?
        .is_some_and(|m| m.is_active()))
}

fn new_key() -> String {
    let mut bytes = [0u8; 10];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    hex::encode(bytes)
}

/// Sends `activity` about a call to the publisher's followers elsewhere and to the peer
/// hubs, inside the caller's transaction.
async fn send<A: serde::Serialize>(
    conn: &mut DbConn,
    data: &Ctx,
    publisher: &Actor,
    id: &str,
    activity: &A,
) -> AppResult<()> {
    peering::announce::activity(conn, &data.config, activity, call_context()).await?;
    let inboxes = Follow::remote_follower_inboxes(conn, publisher.id).await?;
    if !inboxes.is_empty() {
        delivery::enqueue_with_context(conn, id, publisher, activity, call_context(), inboxes)
            .await?;
    }
    Ok(())
}

/// `user` publishes a call; followers of the publisher elsewhere and peer hubs receive it.
pub async fn create(data: &Ctx, user: &User, input: CallInput) -> AppResult<CallDetails> {
    // The publisher is checked with the fields, so that a refusal names all of them.
    let publisher = publisher_for(data, user, &input.publisher).await;
    let (publisher, (mut form, deadlines, tags)) = match (publisher, validate(&input)) {
        (Ok(p), Ok(v)) => (p, v),
        (p, v) => {
            let mut checks = Checks::new();
            if let Err(e) = p {
                checks.absorb("publisher", e);
            }
            if let Err(e) = v {
                checks.absorb("", e);
            }
            return Err(checks.error());
        }
    };
    let key = new_key();
    let ap_id = format!("{}/calls/{key}", data.config.base_url());
    form.ap_id = ap_id.clone();
    form.url = Some(ap_id);
    form.publisher_id = publisher.id;
    form.creator_id = Some(user.actor_id);
    let mut conn = data.pool.get().await?;
    let p = publisher.clone();
    let call = outbox::commit(data, &mut conn, |conn| {
        async move {
            let call = FundingCall::insert(conn, &key, &form, &deadlines, &tags)
                .await?
                .ok_or_else(|| AppError::Internal("call id collision".into()))?;
            let object = CallObject::for_row(&call, &p, &deadlines, &tags)?;
            let create = Create::for_call(&object)?;
            send(conn, data, &p, create.id.as_str(), &create).await?;
            Ok(call)
        }
        .scope_boxed()
    })
    .await?;
    details(&mut conn, call).await
}

/// A local call by key that `user` may manage, or NotFound/Forbidden.
pub async fn managed(data: &Ctx, user: &User, key: &str) -> AppResult<CallDetails> {
    let details = by_key(data, key).await?;
    if !can_manage(data, user, &details.call).await? {
        return Err(AppError::Forbidden);
    }
    Ok(details)
}

/// An edit: every field is replaced (the publisher stays); everyone who got the call gets
/// the Update.
pub async fn update(
    data: &Ctx,
    user: &User,
    key: &str,
    input: CallInput,
) -> AppResult<CallDetails> {
    let current = managed(data, user, key).await?;
    let (mut form, deadlines, tags) = validate(&input)?;
    let call = current.call.clone();
    form.ap_id = call.ap_id.clone();
    form.url = call.url.clone();
    form.publisher_id = call.publisher_id;
    form.creator_id = call.creator_id;
    form.published = call.published;
    form.updated = Some(crate::db::now());
    let publisher = current.publisher.clone();
    let mut conn = data.pool.get().await?;
    let saved = outbox::commit(data, &mut conn, |conn| {
        async move {
            let saved = FundingCall::replace(conn, call.id, &form, &deadlines, &tags).await?;
            let object = CallObject::for_row(&saved, &publisher, &deadlines, &tags)?;
            let update = Update::for_call(&object)?;
            send(conn, data, &publisher, update.id.as_str(), &update).await?;
            Ok(saved)
        }
        .scope_boxed()
    })
    .await?;
    details(&mut conn, saved).await
}

/// The publisher withdraws the call: it is removed here and everyone who got it gets a
/// Delete.
pub async fn withdraw(data: &Ctx, user: &User, key: &str) -> AppResult<()> {
    let current = managed(data, user, key).await?;
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let delete = Delete::for_call(&current.call, &current.publisher)?;
            send(conn, data, &current.publisher, delete.id.as_str(), &delete).await?;
            FundingCall::delete(conn, current.call.id).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

async fn details(conn: &mut DbConn, call: FundingCall) -> AppResult<CallDetails> {
    let publisher = Actor::find(conn, call.publisher_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let deadlines = FundingCall::deadlines(conn, call.id).await?;
    let tags = FundingCall::tags(conn, call.id).await?;
    Ok(CallDetails {
        call,
        publisher,
        deadlines,
        tags,
    })
}

/// Any call (local or received) by its key in our URLs.
pub async fn by_key(data: &Ctx, key: &str) -> AppResult<CallDetails> {
    let mut conn = data.pool.get().await?;
    let call = FundingCall::find_by_key(&mut conn, key)
        .await?
        .ok_or(AppError::NotFound)?;
    details(&mut conn, call).await
}

/// Attaches publishers, deadlines and tags to calls with three queries in all.
pub async fn with_details(
    conn: &mut DbConn,
    calls: Vec<FundingCall>,
) -> AppResult<Vec<CallDetails>> {
    let ids: Vec<i64> = calls.iter().map(|c| c.id).collect();
    let mut tags: HashMap<i64, Tags> = HashMap::new();
    for (id, facet, value) in FundingCall::tags_of(conn, &ids).await? {
        tags.entry(id).or_default().push((facet, value));
    }
    let mut deadlines: HashMap<i64, Vec<Deadline>> = HashMap::new();
    for (id, label, due_at) in FundingCall::deadlines_of(conn, &ids).await? {
        deadlines
            .entry(id)
            .or_default()
            .push(Deadline { label, due_at });
    }
    let mut publisher_ids: Vec<i64> = calls.iter().map(|c| c.publisher_id).collect();
    publisher_ids.sort_unstable();
    publisher_ids.dedup();
    let publishers: HashMap<i64, Actor> = Actor::find_many(conn, &publisher_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(calls
        .into_iter()
        .filter_map(|call| {
            Some(CallDetails {
                publisher: publishers.get(&call.publisher_id)?.clone(),
                deadlines: deadlines.remove(&call.id).unwrap_or_default(),
                tags: tags.remove(&call.id).unwrap_or_default(),
                call,
            })
        })
        .collect())
}

/// Narrows `filter` to the calls a text search finds (stemmed, as the directory's).
pub async fn search_ids(conn: &mut DbConn, q: &str) -> AppResult<Option<Vec<i64>>> {
    let words = search_terms::words(q);
    if words.is_empty() {
        return Ok(None);
    }
    // The list is ordered by deadline, not relevance: the matches need no ranking.
    Ok(Some(
        search_index::matches_unranked(conn, Indexed::Call, &words, SEARCH_LIMIT).await?,
    ))
}

/// One page of matching calls and how many match.
pub async fn list(
    data: &Ctx,
    filter: &CallFilter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<CallDetails>, i64)> {
    let mut conn = data.pool.get().await?;
    let (rows, total) = FundingCall::page_counted(&mut conn, filter, limit, offset).await?;
    Ok((with_details(&mut conn, rows).await?, total))
}

/// Deadlines between two instants with their calls (calendars).
pub async fn deadlines_between(
    data: &Ctx,
    from: NaiveDateTime,
    until: NaiveDateTime,
    narrow: &CallFilter,
    limit: i64,
) -> AppResult<Vec<(CallDetails, Deadline)>> {
    let mut conn = data.pool.get().await?;
    let rows = FundingCall::deadlines_between(&mut conn, from, until, narrow, limit).await?;
    let mut calls: Vec<FundingCall> = rows.iter().map(|(c, _)| c.clone()).collect();
    calls.sort_by_key(|c| c.id);
    calls.dedup_by_key(|c| c.id);
    let by_id: HashMap<i64, CallDetails> = with_details(&mut conn, calls)
        .await?
        .into_iter()
        .map(|d| (d.call.id, d))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(c, d)| Some((by_id.get(&c.id)?.clone(), d)))
        .collect())
}

/// The newest calls, for the Atom feed.
pub async fn newest(data: &Ctx, limit: i64) -> AppResult<Vec<CallDetails>> {
    let mut conn = data.pool.get().await?;
    let rows = FundingCall::newest(&mut conn, limit).await?;
    with_details(&mut conn, rows).await
}

/// The calls of one publisher (its page).
pub async fn of_publisher(data: &Ctx, publisher: &Actor) -> AppResult<Vec<CallDetails>> {
    let mut conn = data.pool.get().await?;
    let rows = FundingCall::of_publisher(&mut conn, publisher.id).await?;
    with_details(&mut conn, rows).await
}

pub use crate::services::call_matching::{for_entry, Match, Reason};

/// What a project or organisation looks like to the matching: its themes, country and the
/// organisation types it stands for (its own, or for a project those of its organisations).
pub async fn profile_of(conn: &mut DbConn, actor: &Actor) -> AppResult<Option<EntryProfile>> {
    let Some(entry) = DirectoryEntry::find(conn, actor.id).await? else {
        return Ok(None);
    };
    let themes = DirectoryEntry::tags(conn, actor.id)
        .await?
        .into_iter()
        .filter(|(f, _)| f == "theme")
        .map(|(_, v)| v)
        .collect();
    let mut org_types: Vec<String> = entry.org_type.iter().cloned().collect();
    if entry.entry_kind == KIND_PROJECT {
        for (_, org) in EntryLink::organisations_of(conn, actor.id).await? {
            if let Some(t) = DirectoryEntry::find(conn, org.id)
                .await?
                .and_then(|e| e.org_type)
            {
                if !org_types.contains(&t) {
                    org_types.push(t);
                }
            }
        }
    }
    Ok(Some(EntryProfile {
        themes,
        country: entry.country,
        org_types,
    }))
}

/// The parts of a directory entry a call is matched against.
#[derive(Debug, Clone, Default)]
pub struct EntryProfile {
    pub themes: Vec<String>,
    pub country: Option<String>,
    pub org_types: Vec<String>,
}

/// The row a received call becomes, for `inbound` (kept here so that the write and the
/// search index stay in one place).
pub async fn store_received(
    conn: &mut DbConn,
    existing: Option<FundingCall>,
    form: FundingCallForm,
    deadlines: Vec<Deadline>,
    tags: Tags,
) -> AppResult<Option<FundingCall>> {
    match existing {
        Some(row) => {
            let mut form = form;
            form.published = row.published;
            Ok(Some(
                FundingCall::replace(conn, row.id, &form, &deadlines, &tags).await?,
            ))
        }
        None => Ok(FundingCall::insert(conn, &new_key(), &form, &deadlines, &tags).await?),
    }
}

/// Most days ahead a deadline window may reach.
const MAX_WINDOW_DAYS: i64 = 730;

/// The filter a query string asks for (the calls page, its exports and the API) and the
/// page number. A value outside its list is refused with a message naming the parameter.
pub async fn query_filter(data: &Ctx, pairs: &[(String, String)]) -> AppResult<(CallFilter, i64)> {
    use crate::db::models::funding_call::STATUSES;
    use crate::vocabulary as vocab;
    let one = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let coded = |name: &str, list: &[&str], error: &'static str| -> AppResult<Option<String>> {
        match one(name) {
            None => Ok(None),
            Some(v) => {
                let v = v.to_ascii_lowercase();
                if list.contains(&v.as_str()) {
                    Ok(Some(v))
                } else {
                    Err(AppError::Validation(error))
                }
            }
        }
    };
    let now = crate::db::now();
    let mut filter = CallFilter {
        programme: coded(
            "programme",
            vocab::PROGRAMMES,
            "calls-error-filter-programme",
        )?,
        kind: coded("kind", vocab::CALL_KINDS, "calls-error-filter-kind")?,
        org_type: coded(
            "org_type",
            vocab::ORGANISATION_TYPES,
            "calls-error-filter-org-type",
        )?,
        theme: coded("theme", vocab::THEMES, "calls-error-filter-theme")?,
        sdg: coded("sdg", vocab::SDGS, "calls-error-filter-sdg")?,
        now,
        ..Default::default()
    };
    if let Some(c) = one("country") {
        let c = c.to_ascii_uppercase();
        if !vocab::is_country(&c) {
            return Err(AppError::Validation("calls-error-filter-country"));
        }
        filter.country = Some(c);
    }
    if let Some(l) = one("language") {
        filter.language = Some(
            crate::federation::objects::funding_call::primary_language(&l)
                .ok_or(AppError::Validation("calls-error-filter-language"))?,
        );
    }
    match one("status").as_deref() {
        None => {}
        Some("all") => filter.status = Some("all".into()),
        Some(s) if STATUSES.contains(&s) => filter.status = Some(s.into()),
        Some(_) => return Err(AppError::Validation("calls-error-filter-status")),
    }
    if let Some(days) = one("deadline") {
        let days: i64 = days
            .parse()
            .ok()
            .filter(|d| (1..=MAX_WINDOW_DAYS).contains(d))
            .ok_or(AppError::Validation("calls-error-filter-deadline"))?;
        filter.deadline_before = Some(now + chrono::Duration::days(days));
    }
    filter.local_only = matches!(one("local").as_deref(), Some("1" | "true" | "on"));
    if let Some(handle) = one("publisher") {
        let actor = crate::services::actors::lookup_stored(data, &handle)
            .await?
            .ok_or(AppError::Validation("calls-error-filter-publisher"))?;
        filter.publisher_id = Some(actor.id);
    }
    if let Some(q) = one("q") {
        let mut conn = data.pool.get().await?;
        filter.ids = search_ids(&mut conn, &q).await?;
    }
    let page = match one("page") {
        None => 1,
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .ok_or(AppError::Validation("calls-error-filter-page"))?,
    };
    Ok((filter, page))
}
