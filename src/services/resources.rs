//! Knowledge resources (issue 22), the shared commons: a member publishes a case study,
//! toolkit, method, report, data set or training material, as themselves, as a project or
//! organisation they belong to, or (admins) as the hub. Followers of the publisher
//! elsewhere and the peer hubs receive it, its edits, its files and its deletion. The
//! library, a project's resources and the translations of a resource read from here.

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::db::models::media::Media;
use crate::db::models::membership::Membership;
use crate::db::models::resource::{
    Attachment, Parts, Resource, ResourceFilter, ResourceForm, FACET_LANGUAGE, FACET_THEME,
};
use crate::db::models::search_index::{self, Indexed};
use crate::db::models::search_terms;
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{
    announce::Announce, create::Create, delete::Delete, update::Update,
};
use crate::federation::objects::resource::{resource_context, Resource as ResourceObject};
use crate::federation::{delivery, outbox, peering};
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;
use std::collections::HashMap;

pub use crate::services::resource_input::{publishers_of, validate, ResourceInput, HUB};

/// The most rows a text search hands to the filters.
const SEARCH_LIMIT: i64 = 2_000;
/// Files one resource may carry.
pub const MAX_ATTACHMENTS: usize = crate::federation::objects::resource::MAX_ATTACHMENTS;

/// A resource with its publisher and parts, for pages, the API and the wire.
#[derive(Debug, Clone)]
pub struct ResourceDetails {
    pub resource: Resource,
    pub publisher: Actor,
    pub parts: Parts,
}

impl ResourceDetails {
    fn facet(&self, name: &str) -> Vec<String> {
        self.parts
            .tags
            .iter()
            .filter(|(f, _)| f == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
    pub fn themes(&self) -> Vec<String> {
        self.facet(FACET_THEME)
    }
    /// Its languages, the one it is written in first.
    pub fn languages(&self) -> Vec<String> {
        let mut out = vec![self.resource.language.clone()];
        out.extend(
            self.facet(FACET_LANGUAGE)
                .into_iter()
                .filter(|l| *l != self.resource.language),
        );
        out
    }
    pub fn object(&self) -> AppResult<ResourceObject> {
        ResourceObject::for_row(&self.resource, &self.publisher, &self.parts)
    }
    /// The id its translations share: its original's, or its own.
    pub fn translation_root(&self) -> &str {
        self.resource
            .translation_of
            .as_deref()
            .unwrap_or(&self.resource.ap_id)
    }
}

/// Whether `user` may edit or delete `resource`: its creator, a member of the publishing
/// project or organisation, or an admin (for the hub's and for any local resource, as
/// moderation).
pub async fn can_manage(data: &Ctx, user: &User, resource: &Resource) -> AppResult<bool> {
    if !resource.is_local {
        return Ok(false);
    }
    if user.is_admin
        || resource.publisher_id == user.actor_id
        || resource.creator_id == Some(user.actor_id)
    {
        return Ok(true);
    }
    let mut conn = data.pool.get().await?;
    Ok(Membership::find(&mut conn, resource.publisher_id, user.id)
        .await?
        .is_some_and(|m| m.is_active()))
}

fn new_key() -> String {
    let mut bytes = [0u8; 10];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    hex::encode(bytes)
}

/// Sends `activity` about a resource to the publisher's followers elsewhere and to the peer
/// hubs, inside the caller's transaction. The projects of this hub it names relay it to
/// their own followers, as a community relays its threads (FEP-1b12): Lemmy and Mbin take
/// it into the project's community, Mastodon shows the `boost` (the Article itself).
async fn send<A: serde::Serialize>(
    conn: &mut DbConn,
    data: &Ctx,
    publisher: &Actor,
    id: &str,
    activity: &A,
    projects: &[String],
    boost: Option<serde_json::Value>,
) -> AppResult<()> {
    peering::announce::activity(conn, &data.config, activity, resource_context()).await?;
    let inboxes = Follow::remote_follower_inboxes(conn, publisher.id).await?;
    if !inboxes.is_empty() {
        delivery::enqueue_with_context(conn, id, publisher, activity, resource_context(), inboxes)
            .await?;
    }
    let base = data.config.base_url();
    let urls = crate::federation::Urls::new(&base);
    for p in projects {
        let Some(project) = Actor::find_by_ap_id(conn, p).await? else {
            continue;
        };
        if !project.is_local || project.kind != "Group" || project.id == publisher.id {
            continue;
        }
        let followers = Follow::remote_follower_inboxes(conn, project.id).await?;
        if followers.is_empty() {
            continue;
        }
        let wrapped = serde_json::to_value(activity)?;
        for object in std::iter::once(wrapped).chain(boost.clone()) {
            let announce = Announce::by_community(&urls, &project, object)?;
            delivery::enqueue_with_context(
                conn,
                announce.id.as_str(),
                &project,
                &announce,
                resource_context(),
                followers.clone(),
            )
            .await?;
        }
    }
    Ok(())
}

/// `user` publishes a resource; followers of the publisher elsewhere and peer hubs get it.
pub async fn create(data: &Ctx, user: &User, input: ResourceInput) -> AppResult<ResourceDetails> {
    let (mut form, tags, found) =
        crate::services::resource_input::resolve(data, user, &input, true, None).await?;
    let publisher = found
        .publisher
        .ok_or_else(|| AppError::Internal("a resource without publisher".into()))?;
    let key = new_key();
    let ap_id = format!("{}/resources/{key}", data.config.base_url());
    form.ap_id = ap_id.clone();
    form.url = Some(ap_id);
    form.publisher_id = publisher.id;
    form.creator_id = Some(user.actor_id);
    form.translation_of = found.translation_of;
    let parts = Parts {
        tags,
        authors: found.authors,
        projects: found.projects,
        attachments: Vec::new(),
    };
    let mut conn = data.pool.get().await?;
    let p = publisher.clone();
    let row = outbox::commit(data, &mut conn, |conn| {
        async move {
            let row = Resource::insert(conn, &key, &form, &parts)
                .await?
                .ok_or_else(|| AppError::Internal("resource id collision".into()))?;
            let object = ResourceObject::for_row(&row, &p, &parts)?;
            let create = Create::for_resource(&object)?;
            let mut boost = serde_json::to_value(&object)?;
            boost.as_object_mut().map(|o| o.remove("@context"));
            send(
                conn,
                data,
                &p,
                create.id.as_str(),
                &create,
                &parts.projects,
                Some(boost),
            )
            .await?;
            Ok(row)
        }
        .scope_boxed()
    })
    .await?;
    details(&mut conn, row).await
}

/// A local resource by key that `user` may manage, or NotFound/Forbidden.
pub async fn managed(data: &Ctx, user: &User, key: &str) -> AppResult<ResourceDetails> {
    let details = by_key(data, key).await?;
    if !can_manage(data, user, &details.resource).await? {
        return Err(AppError::Forbidden);
    }
    Ok(details)
}

/// Writes the new state of one of our resources and sends its Update.
async fn save(
    data: &Ctx,
    current: &ResourceDetails,
    form: ResourceForm,
    parts: Parts,
) -> AppResult<ResourceDetails> {
    let id = current.resource.id;
    let publisher = current.publisher.clone();
    let mut conn = data.pool.get().await?;
    let saved = outbox::commit(data, &mut conn, |conn| {
        async move {
            let saved = Resource::replace(conn, id, &form, &parts).await?;
            let object = ResourceObject::for_row(&saved, &publisher, &parts)?;
            let update = Update::for_resource(&object)?;
            send(
                conn,
                data,
                &publisher,
                update.id.as_str(),
                &update,
                &parts.projects,
                None,
            )
            .await?;
            Ok(saved)
        }
        .scope_boxed()
    })
    .await?;
    details(&mut conn, saved).await
}

/// An edit: every field is replaced (the publisher and the files stay).
pub async fn update(
    data: &Ctx,
    user: &User,
    key: &str,
    input: ResourceInput,
) -> AppResult<ResourceDetails> {
    let current = managed(data, user, key).await?;
    let own = current.resource.ap_id.clone();
    let (mut form, tags, found) =
        crate::services::resource_input::resolve(data, user, &input, false, Some(&own)).await?;
    let r = &current.resource;
    form.ap_id = r.ap_id.clone();
    form.url = r.url.clone();
    form.publisher_id = r.publisher_id;
    form.creator_id = r.creator_id;
    form.published = r.published;
    form.updated = Some(crate::db::now());
    form.translation_of = found.translation_of;
    let parts = Parts {
        tags,
        authors: found.authors,
        projects: found.projects,
        attachments: current.parts.attachments.clone(),
    };
    save(data, &current, form, parts).await
}

/// The resource's row as a form, to write it again with other parts.
fn form_of(r: &Resource) -> ResourceForm {
    ResourceForm {
        ap_id: r.ap_id.clone(),
        publisher_id: r.publisher_id,
        creator_id: r.creator_id,
        is_local: r.is_local,
        resource_kind: r.resource_kind.clone(),
        title: r.title.clone(),
        summary: r.summary.clone(),
        body_source: r.body_source.clone(),
        body_html: r.body_html.clone(),
        licence: r.licence.clone(),
        language: r.language.clone(),
        translation_of: r.translation_of.clone(),
        url: r.url.clone(),
        published: r.published,
        updated: Some(crate::db::now()),
    }
}

/// Attaches a file (a PDF or an image, checked by its bytes) with a name to show; everyone
/// who has the resource gets its Update.
pub async fn add_attachment(
    data: &Ctx,
    user: &User,
    key: &str,
    bytes: &[u8],
    name: &str,
) -> AppResult<ResourceDetails> {
    let current = managed(data, user, key).await?;
    if current.parts.attachments.len() >= MAX_ATTACHMENTS {
        return Err(AppError::Validation("resource-error-attachments-full"));
    }
    let name = name.trim();
    if name.chars().count() > crate::services::resource_input::MAX_NAME_CHARS {
        return Err(AppError::Validation("resource-error-too-long"));
    }
    if bytes.is_empty() {
        return Err(AppError::Validation("resource-error-file-empty"));
    }
    let role = format!("resource:{key}:{}", new_key());
    let media =
        crate::services::media::store_attachment(data, &current.publisher, &role, bytes).await?;
    let mut parts = current.parts.clone();
    parts.attachments.push(Attachment {
        url: crate::services::media::url(data, &media),
        media_type: media.content_type.clone(),
        name: name.to_string(),
        byte_size: Some(media.byte_size),
        file_name: Some(media.file_name.clone()),
    });
    save(data, &current, form_of(&current.resource), parts).await
}

/// Removes the file at `position` (from 1, as pages number them).
pub async fn remove_attachment(
    data: &Ctx,
    user: &User,
    key: &str,
    position: usize,
) -> AppResult<ResourceDetails> {
    let current = managed(data, user, key).await?;
    let mut parts = current.parts.clone();
    if position == 0 || position > parts.attachments.len() {
        return Err(AppError::NotFound);
    }
    let removed = parts.attachments.remove(position - 1);
    let saved = save(data, &current, form_of(&current.resource), parts).await?;
    if let Some(file) = removed.file_name {
        // The media row named after this resource's file goes; the file stays while
        // another row (another resource, a logo) names the same bytes.
        let mut conn = data.pool.get().await?;
        for m in Media::of_actor(&mut conn, current.publisher.id).await? {
            if m.file_name == file && m.role.starts_with(&format!("resource:{key}:")) {
                Media::remove(&mut conn, m.actor_id, &m.role).await?;
            }
        }
    }
    Ok(saved)
}

/// Deleted here and everywhere it went.
pub async fn delete(data: &Ctx, user: &User, key: &str) -> AppResult<()> {
    let current = managed(data, user, key).await?;
    let mut conn = data.pool.get().await?;
    let publisher = current.publisher.clone();
    let row = current.resource.clone();
    let projects = current.parts.projects.clone();
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let delete = Delete::for_resource(&row, &publisher)?;
            send(
                conn,
                data,
                &publisher,
                delete.id.as_str(),
                &delete,
                &projects,
                None,
            )
            .await?;
            Resource::delete(conn, row.id).await?;
            Media::remove_prefixed(conn, publisher.id, &format!("resource:{}:", row.key)).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

async fn details(conn: &mut DbConn, row: Resource) -> AppResult<ResourceDetails> {
    with_details(conn, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Any resource (local or received) by its key in our URLs.
pub async fn by_key(data: &Ctx, key: &str) -> AppResult<ResourceDetails> {
    let mut conn = data.pool.get().await?;
    let row = Resource::find_by_key(&mut conn, key)
        .await?
        .ok_or(AppError::NotFound)?;
    details(&mut conn, row).await
}

/// Attaches publishers and parts to resources, with a handful of queries in all.
pub async fn with_details(
    conn: &mut DbConn,
    rows: Vec<Resource>,
) -> AppResult<Vec<ResourceDetails>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut parts = Resource::parts_of(conn, &ids).await?;
    let mut publisher_ids: Vec<i64> = rows.iter().map(|r| r.publisher_id).collect();
    publisher_ids.sort_unstable();
    publisher_ids.dedup();
    let publishers: HashMap<i64, Actor> = Actor::find_many(conn, &publisher_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|resource| {
            Some(ResourceDetails {
                publisher: publishers.get(&resource.publisher_id)?.clone(),
                parts: parts.remove(&resource.id).unwrap_or_default(),
                resource,
            })
        })
        .collect())
}

/// One page of matching resources and how many match.
pub async fn list(
    data: &Ctx,
    filter: &ResourceFilter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<ResourceDetails>, i64)> {
    let mut conn = data.pool.get().await?;
    let total = Resource::count(&mut conn, filter).await?;
    let rows = Resource::page(&mut conn, filter, limit, offset).await?;
    Ok((with_details(&mut conn, rows).await?, total))
}

/// How many resources each value of `facet` (`kind`, `licence`, `theme`, `language`) has
/// among those the filter leaves, the filter on that facet itself lifted.
pub async fn facet_counts(
    data: &Ctx,
    filter: &ResourceFilter,
    facet: &str,
) -> AppResult<HashMap<String, i64>> {
    let mut f = filter.clone();
    match facet {
        "kind" => f.kind = None,
        "licence" => f.licence = None,
        FACET_THEME => f.theme = None,
        FACET_LANGUAGE => f.language = None,
        _ => {}
    }
    let mut conn = data.pool.get().await?;
    Ok(Resource::facet_counts(&mut conn, &f, facet)
        .await?
        .into_iter()
        .collect())
}

/// The original and the translations of a resource, itself included.
pub async fn translations(data: &Ctx, d: &ResourceDetails) -> AppResult<Vec<Resource>> {
    let mut conn = data.pool.get().await?;
    Ok(Resource::translations(&mut conn, d.translation_root()).await?)
}

/// The resources related to a project (here or elsewhere), newest first.
pub async fn of_project(
    data: &Ctx,
    project: &Actor,
    limit: i64,
) -> AppResult<Vec<ResourceDetails>> {
    let filter = ResourceFilter {
        project: Some(project.ap_id.to_string()),
        ..Default::default()
    };
    Ok(list(data, &filter, limit, 0).await?.0)
}

/// The row a received resource becomes, for `inbound` (kept here so that the write and the
/// search index stay in one place).
pub async fn store_received(
    conn: &mut DbConn,
    existing: Option<Resource>,
    form: ResourceForm,
    parts: Parts,
) -> AppResult<Option<Resource>> {
    match existing {
        Some(row) => {
            let mut form = form;
            form.published = row.published;
            Ok(Some(Resource::replace(conn, row.id, &form, &parts).await?))
        }
        None => Ok(Resource::insert(conn, &new_key(), &form, &parts).await?),
    }
}

/// The filter a query string asks for (the library, the API) and the page number. A value
/// outside its list is refused with a message naming the parameter.
pub async fn query_filter(
    data: &Ctx,
    pairs: &[(String, String)],
) -> AppResult<(ResourceFilter, i64)> {
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
    let mut filter = ResourceFilter {
        kind: coded("kind", vocab::RESOURCE_KINDS, "resources-error-filter-kind")?,
        theme: coded("theme", vocab::THEMES, "resources-error-filter-theme")?,
        licence: coded("licence", vocab::LICENCES, "resources-error-filter-licence")?,
        ..Default::default()
    };
    if let Some(l) = one("language") {
        filter.language = Some(
            crate::federation::objects::funding_call::primary_language(&l)
                .ok_or(AppError::Validation("resources-error-filter-language"))?,
        );
    }
    filter.local_only = matches!(one("local").as_deref(), Some("1" | "true" | "on"));
    for (name, error) in [
        ("publisher", "resources-error-filter-publisher"),
        ("project", "resources-error-filter-project"),
        ("author", "resources-error-filter-author"),
    ] {
        if let Some(handle) = one(name) {
            let actor = crate::services::actors::lookup_stored(data, &handle)
                .await?
                .ok_or(AppError::Validation(error))?;
            match name {
                "publisher" => filter.publisher_id = Some(actor.id),
                "project" => filter.project = Some(actor.ap_id.to_string()),
                _ => filter.author = Some(actor.ap_id.to_string()),
            }
        }
    }
    if let Some(q) = one("q") {
        let words = search_terms::words(&q);
        if !words.is_empty() {
            let mut conn = data.pool.get().await?;
            filter.ids = Some(
                search_index::matches_unranked(&mut conn, Indexed::Resource, &words, SEARCH_LIMIT)
                    .await?,
            );
        }
    }
    let page = match one("page") {
        None => 1,
        Some(p) => p
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .ok_or(AppError::Validation("resources-error-filter-page"))?,
    };
    Ok((filter, page))
}

/// The actors stored here among `ap_ids` (authors, related projects), by id, for links.
pub async fn known_actors(data: &Ctx, ap_ids: &[String]) -> AppResult<HashMap<String, Actor>> {
    let mut conn = data.pool.get().await?;
    let mut out = HashMap::new();
    for id in ap_ids.iter().take(60) {
        if let Some(a) = Actor::find_by_ap_id(&mut conn, id).await? {
            out.insert(id.clone(), a);
        }
    }
    Ok(out)
}
