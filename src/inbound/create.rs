//! A Create arrives: of an event, of a funding call, of a post in a community, or of an ordinary post.
//!
//! Like Mastodon, we keep an ordinary remote post only when someone here has a reason to see
//! it: a local member follows its author, it is addressed to or mentions a local member, or
//! it replies to a post we have. Anything else is acknowledged and dropped.

use crate::db::models::actor::Actor;
use crate::db::models::actor_block::ActorBlock;
use crate::db::models::follow::Follow;
use crate::db::models::post::{Post, VISIBILITY_DIRECT};
use crate::error::{AppError, AppResult};
use crate::federation::activities::create::Create;
use crate::federation::activities::{object_id, object_type, single_type};
use crate::federation::objects::note::{audience_urls, parse_note, Note, POST_TYPES};
use crate::inbound::{load_actor, threads};
use crate::state::Ctx;
use activitypub_federation::fetch::fetch_object_http;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use scoped_futures::ScopedFutureExt;
use serde_json::Value;
use url::Url;

/// The object of a Create or Update: embedded, or fetched (signed) when only its id is given.
pub async fn embedded_or_fetched(object: &Value, data: &Ctx) -> AppResult<Value> {
    match object {
        Value::String(id) => {
            let url = Url::parse(id).map_err(|e| AppError::bad_input("object id", e))?;
            Ok(fetch_object_http::<_, Value>(&url, data).await?.object)
        }
        other => Ok(other.clone()),
    }
}

/// Local actors a post addresses or mentions.
async fn local_audience(conn: &mut crate::db::DbConn, note: &Note) -> AppResult<Vec<Actor>> {
    let mut ids = note.to_and_cc();
    if let Value::Array(tags) = &note.tag {
        ids.extend(
            tags.iter()
                .filter(|t| object_type(t) == Some("Mention"))
                .filter_map(|t| t.get("href").map(audience_urls))
                .flatten(),
        );
    }
    ids.sort();
    ids.dedup();
    Ok(Actor::find_local_by_ap_ids(conn, &ids).await?)
}

#[async_trait::async_trait]
impl Activity for Create {
    type DataType = crate::state::AppState;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }
    fn actor(&self) -> &Url {
        &self.actor
    }

    async fn verify(&self, _data: &Ctx) -> AppResult<()> {
        verify_domains_match(&self.id, &self.actor)?;
        Ok(())
    }

    async fn receive(self, data: &Ctx) -> AppResult<()> {
        let mut object = embedded_or_fetched(&self.object, data).await?;
        if crate::federation::objects::funding_call::FundingCall::is_call(&object) {
            return crate::inbound::funding_calls::receive(data, &self.id, &self.actor, object)
                .await;
        }
        if crate::federation::objects::resource::Resource::is_resource(&object) {
            return crate::inbound::resources::receive(data, &self.id, &self.actor, object).await;
        }
        single_type(&mut object, POST_TYPES);
        let kind = object_type(&object).unwrap_or_default().to_string();
        if kind == "Event" {
            return crate::inbound::events::receive(data, &self.id, &self.actor, object).await;
        }
        if !POST_TYPES.contains(&kind.as_str()) {
            tracing::info!(activity = %self.id, kind, "Create of an object type we do not keep; ignored");
            return Ok(());
        }
        let author = load_actor(&self.actor, data).await?;
        match threads::community_of(data, &object).await? {
            Some(community) => {
                let raw = serde_json::to_value(&self)?;
                threads::receive_post(data, &raw, object, &author, None, community).await
            }
            None => receive_ordinary(data, &self.id, object, &author, false).await,
        }
    }
}

/// A post outside any community. Like Mastodon, kept only when someone here has a reason to
/// see it, or (`keep`) when a member asked for it by its address.
pub(crate) async fn receive_ordinary(
    data: &Ctx,
    activity: &Url,
    object: Value,
    author: &Actor,
    keep: bool,
) -> AppResult<()> {
    let note = parse_note(object, author.parsed_ap_id())?;
    let mut conn = data.pool.get().await?;
    if Post::find_by_ap_id(&mut conn, note.id.as_str())
        .await?
        .is_some()
    {
        tracing::info!(%activity, object = %note.id, "post already known; ignored");
        return Ok(());
    }
    let mut audience = local_audience(&mut conn, &note).await?;
    let parent = match note.reply_target() {
        Some(parent) => Post::find_by_ap_id(&mut conn, &parent).await?,
        None => None,
    };
    let replies_to_known = parent.is_some();
    // A reply to a member's post reaches that member, addressed or not; one from someone
    // the member blocked is not taken at all, and blocked senders reach nobody.
    if let Some(parent) = parent {
        if let Some(parent_author) = Actor::find(&mut conn, parent.author_id).await? {
            if parent_author.is_local
                && ActorBlock::blocks(&mut conn, parent_author.id, author.id).await?
            {
                tracing::info!(%activity, "reply from an account its parent's author blocked; dropped");
                return Ok(());
            }
            if parent_author.is_local && !audience.iter().any(|a| a.id == parent_author.id) {
                audience.push(parent_author);
            }
        }
    }
    let mut reachable = Vec::with_capacity(audience.len());
    for member in audience {
        if !ActorBlock::blocks(&mut conn, member.id, author.id).await? {
            reachable.push(member);
        }
    }
    let audience = reachable;
    let followed = Follow::has_local_follower(&mut conn, author.id).await?;
    if audience.is_empty() && !replies_to_known && !followed && !keep {
        tracing::info!(%activity, object = %note.id,
            "post from an actor nobody here follows, addressed to nobody here; dropped");
        return Ok(());
    }
    let parent_author = match note.reply_target() {
        Some(parent) => Post::find_by_ap_id(&mut conn, &parent)
            .await?
            .map(|p| p.author_id),
        None => None,
    };
    let mentioned: Vec<String> = match &note.tag {
        Value::Array(tags) => tags
            .iter()
            .filter(|t| object_type(t) == Some("Mention"))
            .filter_map(|t| t.get("href").and_then(object_id))
            .map(|u| u.to_string())
            .collect(),
        _ => Vec::new(),
    };
    let notified: Vec<(i64, &'static str)> = audience
        .iter()
        .filter_map(|a| {
            if Some(a.id) == parent_author {
                Some((a.id, "reply"))
            } else if mentioned.iter().any(|m| m == a.ap_id.as_str()) {
                Some((a.id, "mention"))
            } else {
                None
            }
        })
        .collect();
    let mut form = note.into_form(author)?;
    // A domain whose media we reject brings its words, not its pictures.
    if data.domains.rules().rejects_media(&author.domain) {
        form.attachments = "[]".into();
    }
    let audience_ids: Vec<i64> = audience.iter().map(|a| a.id).collect();
    let direct = form.visibility == VISIBILITY_DIRECT;
    let stored = conn
        .transaction::<_, AppError, _>(|conn| {
            async move {
                let Some(post) = Post::insert(conn, &form).await? else {
                    return Ok(None);
                };
                let audience_ids = if direct {
                    // A direct message joins its conversation; one to a project or
                    // organisation reaches its admins.
                    crate::services::messages::received(conn, &post, author, &audience).await?
                } else {
                    audience_ids
                };
                Post::set_audience(conn, post.id, &audience_ids).await?;
                Ok(Some((post, audience_ids)))
            }
            .scope_boxed()
        })
        .await?;
    if let Some((post, audience_ids)) = stored {
        tracing::info!(%activity, object = %post.ap_id,
            visibility = %post.visibility, "post received");
        let notified: Vec<(i64, &'static str)> = if direct {
            let mut people = Vec::new();
            for id in audience_ids {
                if Actor::find(&mut conn, id)
                    .await?
                    .is_some_and(|a| a.is_local && a.kind == "Person")
                {
                    people.push((id, "message"));
                }
            }
            people
        } else {
            notified
        };
        for (member, kind) in notified {
            let about = crate::services::notifications::About {
                actor_id: Some(author.id),
                post_id: Some(post.id),
                ..Default::default()
            };
            crate::services::notifications::notify(data, member, kind, about, post.ap_id.as_str())
                .await;
        }
    }
    Ok(())
}
