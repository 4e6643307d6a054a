//! Create of a post: a remote actor published a Note (or Article, Page, Question); we send
//! ours when a member posts.
//!
//! Like Mastodon, we keep a remote post only when someone here has a reason to see it: a
//! local member follows its author, it is addressed to or mentions a local member, or it
//! replies to a post we have. Anything else is acknowledged and dropped.

use crate::db::models::actor::Actor;
use crate::db::models::follow::Follow;
use crate::db::models::post::Post;
use crate::error::{AppError, AppResult};
use crate::federation::activities::{ensure, load_actor, object_type, single_type};
use crate::federation::objects::note::{audience_urls, Note, POST_TYPES};
use crate::federation::Ctx;
use activitypub_federation::fetch::fetch_object_http;
use activitypub_federation::kinds::activity::CreateType;
use activitypub_federation::protocol::verification::verify_domains_match;
use activitypub_federation::traits::Activity;
use scoped_futures::ScopedFutureExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Create {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: CreateType,
    pub actor: Url,
    pub object: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub to: Value,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub cc: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    /// Every other term as sent (`audience`, `summary`, ...), so that a community can
    /// announce the activity verbatim.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, Value>,
}

impl Create {
    /// The Create of one of our events, addressed like the event.
    pub fn for_event(event: &crate::federation::objects::event::Event) -> AppResult<Create> {
        let mut body = event.clone();
        body.context = None;
        Ok(Create {
            id: Url::parse(&format!("{}/activity", event.id))?,
            kind: CreateType::Create,
            actor: event
                .organizer_id()
                .ok_or_else(|| AppError::Internal("event without organiser".into()))?,
            to: event.to.clone(),
            cc: event.cc.clone(),
            published: event.published,
            object: serde_json::to_value(body)?,
            rest: Default::default(),
        })
    }

    /// The Create of our own note; its id is derived from the note's, as Mastodon does.
    pub fn for_note(note: &Note) -> AppResult<Create> {
        let mut body = note.clone();
        body.context = None;
        Ok(Create {
            id: Url::parse(&format!("{}/activity", note.id))?,
            kind: CreateType::Create,
            actor: note
                .authors()
                .into_iter()
                .next()
                .ok_or_else(|| AppError::Internal("note without author".into()))?,
            to: note.to.clone(),
            cc: note.cc.clone(),
            published: note.published,
            object: serde_json::to_value(body)?,
            rest: Default::default(),
        })
    }
}

/// The object of a Create or Update: embedded, or fetched (signed) when only its id is given.
pub async fn embedded_or_fetched(object: &Value, data: &Ctx) -> AppResult<Value> {
    match object {
        Value::String(id) => {
            let url = Url::parse(id)?;
            Ok(fetch_object_http::<_, Value>(&url, data).await?.object)
        }
        other => Ok(other.clone()),
    }
}

/// Parses a post object and checks that `actor` may publish it.
pub fn parse_note(object: Value, actor: &Url) -> AppResult<Note> {
    let note = read_note(object)?;
    check_author(&note, actor)?;
    Ok(note)
}

/// Parses a post object, without judging who sent it.
pub fn read_note(object: Value) -> AppResult<Note> {
    serde_json::from_value(object)
        .map_err(|e| AppError::BadRequest(format!("unreadable post object: {e}")))
}

/// Checks that `actor` may publish `note`: on its host and, when it names authors, one of them.
pub fn check_author(note: &Note, actor: &Url) -> AppResult<()> {
    verify_domains_match(&note.id, actor)?;
    let authors = note.authors();
    ensure(
        authors.is_empty() || authors.contains(actor),
        format!("{} is not attributed to {actor}", note.id),
    )
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
    type DataType = crate::app::AppState;
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
        single_type(&mut object, POST_TYPES);
        let kind = object_type(&object).unwrap_or_default().to_string();
        if kind == "Event" {
            return crate::services::remote_events::receive(data, &self.id, &self.actor, object)
                .await;
        }
        if !POST_TYPES.contains(&kind.as_str()) {
            tracing::info!(activity = %self.id, kind, "Create of an object type we do not keep; ignored");
            return Ok(());
        }
        let author = load_actor(&self.actor, data).await?;
        let raw = serde_json::to_value(&self)?;
        if crate::services::remote_threads::receive_post(data, &raw, object.clone(), &author, None)
            .await?
        {
            return Ok(());
        }
        let note = parse_note(object, &self.actor)?;
        let mut conn = data.pool.get().await?;
        if Post::find_by_ap_id(&mut conn, note.id.as_str())
            .await?
            .is_some()
        {
            tracing::info!(activity = %self.id, object = %note.id, "post already known; ignored");
            return Ok(());
        }
        let mut audience = local_audience(&mut conn, &note).await?;
        let parent = match note.reply_target() {
            Some(parent) => Post::find_by_ap_id(&mut conn, &parent).await?,
            None => None,
        };
        let replies_to_known = parent.is_some();
        // A reply to a member's post reaches that member, addressed or not.
        if let Some(parent) = parent {
            if let Some(parent_author) = Actor::find(&mut conn, parent.author_id).await? {
                if parent_author.is_local && !audience.iter().any(|a| a.id == parent_author.id) {
                    audience.push(parent_author);
                }
            }
        }
        let followed = Follow::has_local_follower(&mut conn, author.id).await?;
        if audience.is_empty() && !replies_to_known && !followed {
            tracing::info!(activity = %self.id, object = %note.id,
                "post from an actor nobody here follows, addressed to nobody here; dropped");
            return Ok(());
        }
        let form = note.into_form(&author)?;
        let audience_ids: Vec<i64> = audience.iter().map(|a| a.id).collect();
        let post = conn
            .transaction::<_, AppError, _>(|conn| {
                async move {
                    let post = Post::insert(conn, &form).await?;
                    if let Some(post) = &post {
                        Post::set_audience(conn, post.id, &audience_ids).await?;
                    }
                    Ok(post)
                }
                .scope_boxed()
            })
            .await?;
        if let Some(post) = post {
            tracing::info!(activity = %self.id, object = %post.ap_id,
                visibility = %post.visibility, "post received");
        }
        Ok(())
    }
}
