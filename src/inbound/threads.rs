//! Threads and replies arriving from other servers, and the `Announce` of a community.
//!
//! An activity reaches us in one of two ways: sent to us by its actor (signature checked by
//! the inbox), or wrapped in an `Announce` by a community (FEP-1b12). What the Announce
//! carries is processed only as what its own actor may do: [`crate::inbound::trust`]
//! takes it inline when it comes from the announcer's host and from its origin otherwise,
//! and a community relays only what concerns its own content. For a community hosted here
//! we enforce its rules, store, and announce the activity to the community's followers; for
//! a community elsewhere we store what it announces. Moderation is in
//! [`crate::inbound::moderation`].

use crate::db::models::actor::Actor;
use crate::db::models::community::Community;
use crate::db::models::post::{Post, VISIBILITY_PUBLIC, VISIBILITY_UNLISTED};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::announce::Announce;
use crate::federation::activities::{ensure, object_id, object_type, single_type};
use crate::federation::objects::note::POST_TYPES;
use crate::federation::objects::person::ACTOR_TYPES;
use crate::federation::objects::thread::candidate_communities;
use crate::federation::outbox;
use crate::federation::Urls;
use crate::inbound::load_actor;
use crate::inbound::moderation::{
    community_post, receive_like, receive_moderation, receive_removal,
};
use crate::inbound::trust::{self, is_activity};
use crate::state::Ctx;
use crate::text::plain_text;
use activitypub_federation::fetch::fetch_object_http;
use scoped_futures::ScopedFutureExt;
use serde_json::{json, Value};
use url::Url;

/// How many missing parents are fetched, one after another, for one reply.
const MAX_PARENT_FETCHES: usize = 8;

/// The community (with its actor) among the ids an object names, if we know one.
async fn named_community(
    conn: &mut DbConn,
    object: &Value,
) -> AppResult<Option<(Community, Actor)>> {
    for id in candidate_communities(object) {
        if let Some(actor) = Actor::find_by_ap_id(conn, &id).await? {
            if let Some(c) = Community::find(conn, actor.id).await? {
                return Ok(Some((c, actor)));
            }
        }
    }
    Ok(None)
}

/// A community relays only what concerns its own content.
pub(crate) fn relayed_by_owner(via: Option<&Actor>, community: &Actor) -> AppResult<()> {
    match via {
        Some(v) if v.id != community.id => Err(AppError::Refused(format!(
            "{} relayed an activity about {}, which it does not own",
            v.ap_id, community.ap_id
        ))),
        _ => Ok(()),
    }
}

/// Announces a received activity (and, for a new post, the post) to the followers of a
/// community hosted here.
pub(crate) async fn relay(
    data: &Ctx,
    community: &Actor,
    activity: &Value,
    object: Option<Value>,
) -> AppResult<()> {
    if !community.is_local {
        return Ok(());
    }
    let mut conn = data.pool.get().await?;
    let inboxes =
        crate::db::models::follow::Follow::remote_follower_inboxes(&mut conn, community.id).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let mut wrapped = activity.clone();
    if let Some(map) = wrapped.as_object_mut() {
        map.remove("@context");
    }
    let mut announces = vec![Announce::by_community(&urls, community, wrapped)?];
    if let Some(object) = object {
        announces.push(Announce::by_community(&urls, community, object)?);
    }
    let community = community.clone();
    outbox::commit(data, &mut conn, |conn| {
        async move {
            for a in &announces {
                outbox::queue(conn, a.id.as_str(), &community, a, inboxes.clone()).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

/// The community a post belongs to, if it is one we know: its parent's, or the first it
/// names (`audience`, `to`, `cc`, the Lemmy and Mastodon ways of addressing one).
pub async fn community_of(data: &Ctx, object: &Value) -> AppResult<Option<(Community, Actor)>> {
    let note = crate::federation::objects::note::read_note(object.clone())?;
    let mut conn = data.pool.get().await?;
    let parent = match note.reply_target() {
        Some(p) => Post::find_by_ap_id(&mut conn, &p).await?,
        None => None,
    };
    if let Some(id) = parent.as_ref().and_then(|p| p.community_id) {
        if let Some(found) = Community::with_actor(&mut conn, id).await? {
            return Ok(Some(found));
        }
    }
    named_community(&mut conn, object).await
}

/// A Create or Update of a post in `community` (as [`community_of`] found it), sent by its
/// author (`via` None) or relayed by the community `via`.
pub async fn receive_post(
    data: &Ctx,
    activity: &Value,
    object: Value,
    author: &Actor,
    via: Option<&Actor>,
    community: (Community, Actor),
) -> AppResult<()> {
    receive_post_at(data, activity, object, author, via, community, 0).await
}

fn receive_post_at<'a>(
    data: &'a Ctx,
    activity: &'a Value,
    object: Value,
    author: &'a Actor,
    via: Option<&'a Actor>,
    (community, community_actor): (Community, Actor),
    depth: usize,
) -> futures::future::BoxFuture<'a, AppResult<()>> {
    Box::pin(async move {
        let note = crate::federation::objects::note::read_note(object.clone())?;
        let mut conn = data.pool.get().await?;
        let parent = match note.reply_target() {
            Some(p) => Post::find_by_ap_id(&mut conn, &p).await?,
            None => None,
        };
        relayed_by_owner(via, &community_actor)?;
        crate::federation::objects::note::check_author(&note, author.parsed_ap_id())?;
        let is_update = activity.get("type").and_then(Value::as_str) == Some("Update");
        if let Some(existing) = Post::find_by_ap_id(&mut conn, note.id.as_str()).await? {
            if !is_update {
                tracing::info!(object = %note.id, "community post already known");
                return Ok(());
            }
            if existing.author_id != author.id || existing.is_local {
                return Err(AppError::Refused(format!(
                    "{} may not edit {}",
                    author.ap_id, note.id
                )));
            }
            let mut form = note.clone().into_form(author)?;
            if data.domains.rules().rejects_media(&author.domain) {
                form.attachments = "[]".into();
            }
            form.published = existing.published;
            form.updated = Some(form.updated.unwrap_or_else(crate::db::now));
            form.community_id = existing.community_id;
            form.thread_id = existing.thread_id;
            form.in_reply_to = existing.in_reply_to.clone();
            form.visibility = existing.visibility;
            form.name = form.name.or(existing.name.clone());
            Post::replace(&mut conn, existing.id, &form).await?;
            drop(conn);
            tracing::info!(object = %note.id, "community post edited by its author");
            return relay(data, &community_actor, activity, None).await;
        }
        if is_update {
            tracing::info!(object = %note.id, "Update of a community post we do not have; ignored");
            return Ok(());
        }
        let visibility = note.visibility(author.followers_url.as_deref());
        if visibility != VISIBILITY_PUBLIC && visibility != VISIBILITY_UNLISTED {
            // A private message mentioning the community is not a public thread: sent to us
            // directly, it is an ordinary post; relayed, it is nothing we keep.
            drop(conn);
            if via.is_some() {
                tracing::info!(object = %note.id, "relayed private post; ignored");
                return Ok(());
            }
            let id = activity
                .get("id")
                .and_then(object_id)
                .ok_or_else(|| AppError::BadRequest("activity without id".into()))?;
            return crate::inbound::create::receive_ordinary(data, &id, object, author, false)
                .await;
        }
        // The thread this joins: the parent's, fetched from its origin when a community
        // elsewhere announced the reply before its parent reached us.
        let parent = match (note.reply_target(), parent) {
            (None, _) => None,
            (Some(_), Some(p)) => Some(p),
            (Some(url), None) if !community_actor.is_local && depth < MAX_PARENT_FETCHES => {
                drop(conn);
                fetch_parent(data, &url, &community_actor, depth).await?;
                conn = data.pool.get().await?;
                Post::find_by_ap_id(&mut conn, &url).await?
            }
            (Some(url), None) => {
                return Err(AppError::BadRequest(format!(
                    "{} answers {url}, which is not in {}",
                    note.id, community_actor.ap_id
                )));
            }
        };
        let root = match &parent {
            Some(p) if p.community_id != Some(community_actor.id) => {
                return Err(AppError::BadRequest(format!(
                    "{} answers a post of another community",
                    note.id
                )));
            }
            Some(p) => match p.thread_id {
                Some(r) => Post::find(&mut conn, r).await?,
                None => Some(p.clone()),
            },
            None => None,
        };
        // Hosted here, the community's rules are ours to enforce. Elsewhere, a copy sent to us
        // directly (not relayed by the community) must not slip past the bans and locks the
        // community told us of: only the community lets someone in again.
        let relayed = via.is_some();
        if community_actor.is_local || !relayed {
            if community_actor.is_local {
                crate::services::communities::check_may_post(&mut conn, &community, author).await?;
            } else if Community::is_banned(
                &mut conn,
                community_actor.id,
                author.id,
                crate::db::now(),
            )
            .await?
            {
                return Err(AppError::NotAllowed("community-error-banned"));
            }
            if let Some(root) = &root {
                if root.locked {
                    return Err(AppError::NotAllowed("thread-error-locked"));
                }
                if root.removed_at.is_some() || root.deleted_at.is_some() {
                    return Err(AppError::NotAllowed("thread-error-locked"));
                }
            }
        }
        let mut form = note.into_form(author)?;
        if data.domains.rules().rejects_media(&author.domain) {
            form.attachments = "[]".into();
        }
        form.community_id = Some(community_actor.id);
        form.thread_id = root.as_ref().map(|r| r.id);
        if form.thread_id.is_none() && form.name.is_none() {
            form.name = Some(title_of_mention(
                &form.content_html,
                &community_actor.username,
                &community_actor.domain,
            ));
        }
        let local_parent_author = match &parent {
            Some(p) => Actor::find(&mut conn, p.author_id)
                .await?
                .filter(|a| a.is_local)
                .map(|a| a.id),
            None => None,
        };
        if let Some(post) = Post::insert(&mut conn, &form).await? {
            if let Some(a) = local_parent_author {
                Post::set_audience(&mut conn, post.id, &[a]).await?;
            }
            tracing::info!(object = %post.ap_id, community = %community_actor.ap_id, "community post received");
        }
        drop(conn);
        relay(data, &community_actor, activity, Some(object)).await
    })
}

/// The title of a thread started by a post that mentions the community (Mastodon's way):
/// its first line of text, as Lemmy does, without the mention of the community and the
/// mentions that open it, the way people address a post.
fn title_of_mention(html: &str, username: &str, domain: &str) -> String {
    // Lines end at paragraphs and line breaks; `<br>` would otherwise glue two lines.
    let lined = html
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let text = plain_text(&lined, 2000);
    let community_names = [format!("@{username}"), format!("@{username}@{domain}")];
    let line = text.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let opening = words
            .iter()
            .take_while(|w| w.starts_with('@') && w.len() > 1)
            .count();
        let kept: Vec<&str> = words[opening..]
            .iter()
            .filter(|w| {
                let bare = w.trim_end_matches([',', ':', '.', ';', '!', '?']);
                !community_names.iter().any(|n| n.eq_ignore_ascii_case(bare))
            })
            .copied()
            .collect();
        (!kept.is_empty()).then(|| kept.join(" "))
    });
    line.map(|l| l.chars().take(100).collect())
        .unwrap_or_else(|| "…".to_string())
}

/// Fetches a missing parent post from its origin and stores it into the community.
async fn fetch_parent(data: &Ctx, url: &str, community: &Actor, depth: usize) -> AppResult<()> {
    let url = Url::parse(url).map_err(|e| AppError::bad_input("inReplyTo URL", e))?;
    let mut object = fetch_object_http::<_, Value>(&url, data).await?.object;
    single_type(&mut object, POST_TYPES);
    let Some(author_id) = object.get("attributedTo").and_then(object_id) else {
        return Err(AppError::BadRequest(format!("{url} has no author")));
    };
    let author = load_actor(&author_id, data).await?;
    let create = json!({"type": "Create", "id": format!("{url}#fetched"), "actor": author_id, "object": object});
    let Some(found) = community_of(data, &object).await? else {
        tracing::info!(object = %url, "fetched parent names no community we know; ignored");
        return Ok(());
    };
    receive_post_at(
        data,
        &create,
        object,
        &author,
        Some(community),
        found,
        depth + 1,
    )
    .await
}

/// An `Announce`: by a community, an activity wrapped verbatim or a post itself (Lemmy's
/// and our second announce, for Mastodon). Anyone else's Announce of a post is a boost
/// ([`crate::inbound::reactions`]); anyone else's Announce of an activity is refused, since
/// only a community relays what others did.
pub async fn receive_announce(data: &Ctx, announce: &Value, announcer: &Actor) -> AppResult<()> {
    let inner = announce.get("object").cloned().unwrap_or(Value::Null);
    let mut conn = data.pool.get().await?;
    let is_community = Community::find(&mut conn, announcer.id).await?.is_some();
    drop(conn);
    if !is_community {
        if inner.is_object() && is_activity(&inner) {
            return Err(AppError::Refused(format!(
                "{} is not a community; it may not relay a {} of {}",
                announcer.ap_id,
                trust::kind_of(&inner),
                inner
                    .get("actor")
                    .and_then(object_id)
                    .map(|u| u.to_string())
                    .unwrap_or_default()
            )));
        }
        // A person's boost of a post.
        return crate::inbound::reactions::receive_boost(data, announce, announcer, true).await;
    }
    if let Some(id) = object_id(&inner) {
        let mut conn = data.pool.get().await?;
        if Post::find_by_ap_id(&mut conn, id.as_str()).await?.is_some() {
            // The post itself, announced again (our second announce, for Mastodon).
            return Ok(());
        }
    }
    let carried = trust::announced(data, announcer, &inner).await?;
    if is_activity(&carried) {
        return receive_vouched(data, &carried, Some(announcer)).await;
    }
    let mut object = carried;
    single_type(&mut object, POST_TYPES);
    if !object_type(&object).is_some_and(|t| POST_TYPES.contains(&t)) {
        tracing::info!(actor = %announcer.ap_id, "announced object of a type we do not keep; ignored");
        return Ok(());
    }
    let author_id = object
        .get("attributedTo")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("post without author".into()))?;
    let id = object_id(&object).ok_or_else(|| AppError::BadRequest("post without id".into()))?;
    let author = load_actor(&author_id, data).await?;
    let create = json!({"type": "Create", "id": format!("{id}#announced"), "actor": author_id, "object": object});
    match community_of(data, &object).await? {
        Some(found) => receive_post(data, &create, object, &author, Some(announcer), found).await,
        None => {
            tracing::info!(actor = %announcer.ap_id, "announced post names no community we know; ignored");
            Ok(())
        }
    }
}

/// An activity about community content, received directly (`via` None, signature already
/// checked) or announced by the community `via` (and then taken as its actor stands behind
/// it, by [`trust::announced`]).
pub async fn receive_vouched(data: &Ctx, activity: &Value, via: Option<&Actor>) -> AppResult<()> {
    let id = activity
        .get("id")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("activity without id".into()))?;
    let actor_id = activity
        .get("actor")
        .and_then(object_id)
        .ok_or_else(|| AppError::BadRequest("activity without actor".into()))?;
    ensure(
        trust::same_host(&id, &actor_id),
        format!("{id} is not an activity of {actor_id}"),
    )?;
    let kind = activity
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let object = activity.get("object").cloned().unwrap_or(Value::Null);
    match kind {
        "Create" | "Update" => {
            let via =
                via.ok_or_else(|| AppError::BadRequest("Create without a community".into()))?;
            let mut object = trust::trusted_object(data, &object, &actor_id).await?;
            single_type(&mut object, POST_TYPES);
            let object_kind = object_type(&object).unwrap_or_default();
            if kind == "Update" && ACTOR_TYPES.contains(&object_kind) {
                return community_updated(data, &id, &object, via).await;
            }
            if !POST_TYPES.contains(&object_kind) {
                tracing::info!(activity = %id, "announced object of a type we do not keep; ignored");
                return Ok(());
            }
            let author = load_actor(&actor_id, data).await?;
            match community_of(data, &object).await? {
                Some(found) => {
                    receive_post(data, activity, object, &author, Some(via), found).await
                }
                None => {
                    tracing::info!(activity = %id, "announced post names no community we know; ignored");
                    Ok(())
                }
            }
        }
        "Delete" => removal(data, activity, &actor_id, &object, true, via).await,
        "Like" => receive_like(data, activity, &actor_id, &object, true, via).await,
        "Lock" | "Add" | "Remove" | "Block" => {
            receive_moderation(data, activity, kind, &actor_id, &object, true, via).await
        }
        "Undo" => {
            let undone = object
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            // The undone activity is the Undo's actor's (or its server's) own.
            if let Some(inner_actor) = object.get("actor").and_then(object_id) {
                if !trust::same_host(&inner_actor, &actor_id) {
                    return Err(AppError::Refused(format!(
                        "{actor_id} may not undo an activity of {inner_actor}"
                    )));
                }
            }
            let inner = object.get("object").cloned().unwrap_or(Value::Null);
            match undone {
                "Delete" => removal(data, activity, &actor_id, &inner, false, via).await,
                "Like" | "Dislike" => {
                    receive_like(data, activity, &actor_id, &inner, false, via).await
                }
                "Lock" | "Block" => {
                    receive_moderation(data, activity, undone, &actor_id, &inner, false, via).await
                }
                other => {
                    tracing::info!(activity = %id, undone = other, "announced Undo of an unsupported type; ignored");
                    Ok(())
                }
            }
        }
        other => {
            tracing::info!(activity = %id, kind = other, "announced activity of an unsupported type; ignored");
            Ok(())
        }
    }
}

/// A Delete (or its Undo) of what may be a community post; of anything else, ignored.
async fn removal(
    data: &Ctx,
    activity: &Value,
    actor: &Url,
    object: &Value,
    on: bool,
    via: Option<&Actor>,
) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let found = community_post(&mut conn, object).await?;
    drop(conn);
    match found {
        Some((post, community)) => {
            receive_removal(data, activity, actor, post, community, on, via).await
        }
        None => {
            tracing::info!(%actor, "Delete of something that is no community post; ignored");
            Ok(())
        }
    }
}

/// A community's profile changed (Lemmy announces the Update of a moderator): only the
/// community itself says so, and it is read again from its own server, never taken from
/// the relayed copy.
async fn community_updated(
    data: &Ctx,
    activity: &Url,
    object: &Value,
    via: &Actor,
) -> AppResult<()> {
    let target =
        object_id(object).ok_or_else(|| AppError::BadRequest("Update without object id".into()))?;
    if target != *via.parsed_ap_id() {
        return Err(AppError::Refused(format!(
            "{} may not relay an update of {target}",
            via.ap_id
        )));
    }
    activitypub_federation::fetch::object_id::ObjectId::<Actor>::from(target.clone())
        .dereference_forced(&data.reset_request_count())
        .await?;
    tracing::info!(%activity, community = %target, "community profile read again from its server");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::title_of_mention;

    #[test]
    fn a_mention_of_the_community_is_not_in_the_title() {
        let mastodon = "<p>tanks<br><span class=\"h-card\"><a href=\"https://hub/c/circle\" \
            class=\"u-url mention\">@<span>circle</span></a></span> anyone has a rain barrel?</p>";
        assert_eq!(title_of_mention(mastodon, "circle", "hub"), "tanks");
        let opening = "<p>@circle@hub, @ana anyone has a rain barrel?</p><p>more</p>";
        assert_eq!(
            title_of_mention(opening, "circle", "hub"),
            "anyone has a rain barrel?"
        );
        let inside = "<p>Rain barrels for @circle: who has one?</p>";
        assert_eq!(
            title_of_mention(inside, "circle", "hub"),
            "Rain barrels for who has one?"
        );
        assert_eq!(title_of_mention("<p>@circle</p>", "circle", "hub"), "…");
        assert_eq!(
            title_of_mention("<p>@circle</p><p>Second line</p>", "circle", "hub"),
            "Second line"
        );
    }
}
