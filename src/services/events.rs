//! Events: a person, project or organisation publishes an event; edits, cancellation and
//! deletion reach the organiser's followers and the event's participants elsewhere.
//! Received events (Mobilizon, Gancio, other hubs) are kept when someone here follows their
//! organiser. Participation is in [`crate::services::participations`].

use crate::db::models::actor::Actor;
use crate::db::models::event::{
    CalendarFilter, Event, EventForm, Tags, FACET_HASHTAG, FACET_THEME, STATUS_CANCELLED,
};
use crate::db::models::follow::Follow;
use crate::db::models::membership::Membership;
use crate::db::models::participation::Participation;
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Checks};
use crate::federation::activities::{create::Create, delete::Delete, update::Update};
use crate::federation::objects::event::{event_context, Event as EventObject};
use crate::federation::outbox;
use crate::federation::{delivery, peering};
use crate::state::Ctx;
use scoped_futures::ScopedFutureExt;

pub use crate::services::event_input::{
    input_from, local_to_utc, utc_to_local_input, validate, EventInput, MAX_CAPACITY, MAX_DAYS,
    MAX_DESCRIPTION_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS,
};

/// An event with its organiser and tags, for pages and the API.
#[derive(Debug, Clone)]
pub struct EventDetails {
    pub event: Event,
    pub organizer: Actor,
    pub tags: Tags,
}

impl EventDetails {
    pub fn themes(&self) -> Vec<String> {
        facet(&self.tags, FACET_THEME)
    }
    pub fn hashtags(&self) -> Vec<String> {
        facet(&self.tags, FACET_HASHTAG)
    }
}

fn facet(tags: &Tags, name: &str) -> Vec<String> {
    tags.iter()
        .filter(|(f, _)| f == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The actor `user` organises as: themselves, or a local project or organisation they are
/// an active member of.
pub async fn organizer_for(data: &Ctx, user: &User, handle: &str) -> AppResult<Actor> {
    let own = crate::services::actors::by_id(data, user.actor_id).await?;
    let handle = handle.trim().trim_start_matches('@').to_lowercase();
    if handle.is_empty() || handle == own.username {
        return Ok(own);
    }
    let mut conn = data.pool.get().await?;
    let actor = Actor::find_local(&mut conn, &handle)
        .await?
        .filter(|a| matches!(a.kind.as_str(), "Group" | "Organization"))
        .ok_or(AppError::Validation("event-error-organizer"))?;
    match Membership::find(&mut conn, actor.id, user.id).await? {
        Some(m) if m.is_active() => Ok(actor),
        _ => Err(AppError::Forbidden),
    }
}

/// Whether `user` may edit `event` and see its participants: its organiser, or a member
/// of the organising project or organisation.
pub async fn can_manage(conn: &mut DbConn, user: &User, event: &Event) -> AppResult<bool> {
    if !event.is_local {
        return Ok(false);
    }
    if event.organizer_id == user.actor_id {
        return Ok(true);
    }
    Ok(Membership::find(conn, event.organizer_id, user.id)
        .await?
        .is_some_and(|m| m.is_active()))
}

fn new_key() -> String {
    let mut bytes = [0u8; 10];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    hex::encode(bytes)
}

/// Where an event's activities go: the organiser's followers elsewhere and everyone
/// elsewhere who asked to take part.
pub async fn audience_inboxes(
    conn: &mut DbConn,
    event: &Event,
    organizer: &Actor,
) -> AppResult<Vec<String>> {
    let mut inboxes = Follow::remote_follower_inboxes(conn, organizer.id).await?;
    for (_, actor) in Participation::of_event(conn, event.id).await? {
        if !actor.is_local {
            inboxes.push(actor.delivery_inbox().to_string());
        }
    }
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

/// Sends the event as it now is (`Update`), inside the caller's transaction.
pub async fn enqueue_update(conn: &mut DbConn, event: &Event, organizer: &Actor) -> AppResult<()> {
    let inboxes = audience_inboxes(conn, event, organizer).await?;
    if inboxes.is_empty() {
        return Ok(());
    }
    let tags = Event::tags(conn, event.id).await?;
    let object = EventObject::for_row(event, organizer, &tags)?;
    let update = Update::for_event(&object, event.sequence)?;
    delivery::enqueue_with_context(
        conn,
        update.id.as_str(),
        organizer,
        &update,
        event_context(),
        inboxes,
    )
    .await?;
    Ok(())
}

/// `user` publishes an event; the organiser's followers elsewhere receive it.
pub async fn create(data: &Ctx, user: &User, input: EventInput) -> AppResult<EventDetails> {
    // The organiser is checked with the fields, so that a refusal names all of them.
    let organizer = organizer_for(data, user, &input.organizer).await;
    let valid = validate(&input);
    let (organizer, (mut form, tags)) = match (organizer, valid) {
        (Ok(organizer), Ok(valid)) => (organizer, valid),
        (organizer, valid) => {
            let mut checks = Checks::new();
            if let Err(e) = organizer {
                checks.absorb("organizer", e);
            }
            if let Err(e) = valid {
                checks.absorb("", e);
            }
            return Err(checks.error());
        }
    };
    let key = new_key();
    let ap_id = format!("{}/events/{key}", data.config.base_url());
    form.ap_id = ap_id.clone();
    form.url = Some(ap_id);
    form.organizer_id = organizer.id;
    form.creator_id = Some(user.actor_id);
    let mut conn = data.pool.get().await?;
    let org = organizer.clone();
    let config = &data.config;
    let event = outbox::commit(data, &mut conn, |conn| {
        async move {
            let event = Event::insert(conn, &key, &form, &tags)
                .await?
                .ok_or_else(|| AppError::Internal("event id collision".into()))?;
            // Peer hubs keep every public event (issue 8).
            let object = EventObject::for_row(&event, &org, &tags)?;
            let create = Create::for_event(&object)?;
            peering::announce::activity(conn, config, &create, event_context()).await?;
            let inboxes = Follow::remote_follower_inboxes(conn, org.id).await?;
            if !inboxes.is_empty() {
                let object = EventObject::for_row(&event, &org, &tags)?;
                let create = Create::for_event(&object)?;
                delivery::enqueue_with_context(
                    conn,
                    create.id.as_str(),
                    &org,
                    &create,
                    event_context(),
                    inboxes,
                )
                .await?;
            }
            Ok(event)
        }
        .scope_boxed()
    })
    .await?;
    let tags = Event::tags(&mut conn, event.id).await?;
    Ok(EventDetails {
        event,
        organizer,
        tags,
    })
}

/// A local event by key that `user` may manage, or NotFound/Forbidden.
pub async fn managed(data: &Ctx, user: &User, key: &str) -> AppResult<EventDetails> {
    let details = by_key(data, key).await?;
    let mut conn = data.pool.get().await?;
    if !can_manage(&mut conn, user, &details.event).await? {
        return Err(AppError::Forbidden);
    }
    Ok(details)
}

/// An edit: every field is replaced; followers and participants elsewhere get an Update.
/// A larger capacity lets people in from the waiting list.
pub async fn update(
    data: &Ctx,
    user: &User,
    key: &str,
    input: EventInput,
) -> AppResult<EventDetails> {
    let current = managed(data, user, key).await?;
    let (mut form, tags) = validate(&input)?;
    let event = current.event.clone();
    // Asked before the change: a cancellation turns those still waiting down.
    let to_tell = {
        let mut conn = data.pool.get().await?;
        participants_to_tell(&mut conn, event.id).await?
    };
    form.ap_id = event.ap_id.clone();
    form.url = event.url.clone();
    form.organizer_id = event.organizer_id;
    form.creator_id = event.creator_id;
    form.cover_url = event.cover_url.clone();
    form.participant_count = event.participant_count;
    form.published = event.published;
    form.updated = Some(crate::db::now());
    let saved = save(data, current.organizer, event.id, form, tags).await?;
    tell_participants(data, &event, &saved.event, &to_tell).await;
    Ok(saved)
}

/// The actors of the members of ours who take part in the event, or wait or ask to: those
/// told when it changes.
pub async fn participants_to_tell(conn: &mut DbConn, event_id: i64) -> AppResult<Vec<i64>> {
    use crate::db::models::participation::STATE_REJECTED;
    Ok(Participation::of_event(conn, event_id)
        .await?
        .into_iter()
        .filter(|(p, a)| a.is_local && p.state != STATE_REJECTED)
        .map(|(_, a)| a.id)
        .collect())
}

/// Tells `recipients` that the event was cancelled, or that what they plan by changed
/// (title, time, place, online address, status); nothing for other edits. An update received
/// twice tells once.
pub async fn tell_participants(data: &Ctx, before: &Event, after: &Event, recipients: &[i64]) {
    let planned = |e: &Event| {
        (
            e.title.clone(),
            e.starts_at,
            e.ends_at,
            e.time_zone.clone(),
            e.place_name.clone(),
            e.address.clone(),
            e.online_url.clone(),
            e.status.clone(),
        )
    };
    let kind = if after.is_cancelled() && !before.is_cancelled() {
        "event_cancelled"
    } else if planned(before) != planned(after) {
        "event_changed"
    } else {
        return;
    };
    let dedupe = {
        use sha2::{Digest, Sha256};
        let text = format!("{:?}", planned(after));
        format!("{}:{}", after.id, &hex::encode(Sha256::digest(text))[..16])
    };
    let about = crate::services::notifications::About {
        actor_id: Some(after.organizer_id),
        event_id: Some(after.id),
        ..Default::default()
    };
    for recipient in recipients {
        crate::services::notifications::notify(data, *recipient, kind, about, &dedupe).await;
    }
}

/// Writes an edit of a local event and sends it, promoting from the waiting list first.
pub async fn save(
    data: &Ctx,
    organizer: Actor,
    id: i64,
    form: EventForm,
    tags: Tags,
) -> AppResult<EventDetails> {
    let mut conn = data.pool.get().await?;
    let org = organizer.clone();
    let config = &data.config;
    let event = outbox::commit(data, &mut conn, |conn| {
        async move {
            let event = Event::replace(conn, id, &form, &tags).await?;
            let event = crate::services::participations::settle(conn, data, event, &org).await?;
            enqueue_update(conn, &event, &org).await?;
            let object = EventObject::for_row(&event, &org, &tags)?;
            let update = Update::for_event(&object, event.sequence)?;
            peering::announce::activity(conn, config, &update, event_context()).await?;
            Ok(event)
        }
        .scope_boxed()
    })
    .await?;
    let tags = Event::tags(&mut conn, event.id).await?;
    Ok(EventDetails {
        event,
        organizer,
        tags,
    })
}

/// The organiser cancels the event: it stays listed as cancelled, everyone elsewhere gets
/// the Update, and those still waiting or awaiting approval are turned down.
pub async fn cancel(data: &Ctx, user: &User, key: &str) -> AppResult<EventDetails> {
    let current = managed(data, user, key).await?;
    let mut input = input_from(&current);
    input.status = STATUS_CANCELLED.into();
    update(data, user, key, input).await
}

/// The organiser deletes the event: followers and participants elsewhere get a Delete.
pub async fn delete(data: &Ctx, user: &User, key: &str) -> AppResult<()> {
    let current = managed(data, user, key).await?;
    let config = &data.config;
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let delete = Delete::for_event(&current.event, &current.organizer)?;
            peering::announce::activity(conn, config, &delete, event_context()).await?;
            delete_local(conn, &current.event, &current.organizer).await
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// Deletes one local event and sends the Delete, in the caller's transaction.
pub async fn delete_local(conn: &mut DbConn, event: &Event, organizer: &Actor) -> AppResult<()> {
    let inboxes = audience_inboxes(conn, event, organizer).await?;
    if !inboxes.is_empty() {
        let delete = Delete::for_event(event, organizer)?;
        outbox::queue(conn, delete.id.as_str(), organizer, &delete, inboxes).await?;
    }
    Event::delete(conn, event.id).await?;
    Ok(())
}

/// Every event of a local organiser that is going away (a deleted project).
pub async fn delete_all_of(conn: &mut DbConn, organizer: &Actor) -> AppResult<()> {
    for event in Event::of_organizer(conn, organizer.id).await? {
        delete_local(conn, &event, organizer).await?;
    }
    Ok(())
}

/// Sets or removes the cover picture of a local event (stored like a logo: by its
/// SHA-256, under the organiser, with the role `event:<key>`).
pub async fn set_cover(
    data: &Ctx,
    user: &User,
    key: &str,
    bytes: Option<&[u8]>,
) -> AppResult<EventDetails> {
    let current = managed(data, user, key).await?;
    let role = format!("event:{key}");
    let cover_url = match bytes {
        Some(bytes) => {
            let media =
                crate::services::media::store(data, &current.organizer, &role, bytes).await?;
            Some(crate::services::media::url(data, &media))
        }
        None => {
            let mut conn = data.pool.get().await?;
            crate::db::models::media::Media::remove(&mut conn, current.organizer.id, &role).await?;
            None
        }
    };
    let input = input_from(&current);
    let (mut form, tags) = validate(&input)?;
    let event = current.event.clone();
    form.ap_id = event.ap_id.clone();
    form.url = event.url.clone();
    form.organizer_id = event.organizer_id;
    form.creator_id = event.creator_id;
    form.cover_url = cover_url;
    form.participant_count = event.participant_count;
    form.published = event.published;
    form.updated = Some(crate::db::now());
    save(data, current.organizer, event.id, form, tags).await
}

async fn details(conn: &mut DbConn, event: Event) -> AppResult<EventDetails> {
    let organizer = Actor::find(conn, event.organizer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tags = Event::tags(conn, event.id).await?;
    Ok(EventDetails {
        event,
        organizer,
        tags,
    })
}

/// Any event (local or remote) by its key in our URLs.
pub async fn by_key(data: &Ctx, key: &str) -> AppResult<EventDetails> {
    let mut conn = data.pool.get().await?;
    let event = Event::find_by_key(&mut conn, key)
        .await?
        .ok_or(AppError::NotFound)?;
    details(&mut conn, event).await
}

/// Attaches organisers and tags to a list of events with two queries in all.
async fn with_details(conn: &mut DbConn, events: Vec<Event>) -> AppResult<Vec<EventDetails>> {
    use std::collections::HashMap;
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let mut tags: HashMap<i64, Tags> = HashMap::new();
    for (id, facet, value) in Event::tags_of(conn, &ids).await? {
        tags.entry(id).or_default().push((facet, value));
    }
    let mut organizer_ids: Vec<i64> = events.iter().map(|e| e.organizer_id).collect();
    organizer_ids.sort_unstable();
    organizer_ids.dedup();
    let organizers: HashMap<i64, Actor> = Actor::find_many(conn, &organizer_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    events
        .into_iter()
        .map(|event| {
            let organizer = organizers.get(&event.organizer_id).cloned();
            Ok(EventDetails {
                organizer: organizer.ok_or(AppError::NotFound)?,
                tags: tags.remove(&event.id).unwrap_or_default(),
                event,
            })
        })
        .collect()
}

/// One page of the calendar and the number of matching events.
pub async fn calendar(
    data: &Ctx,
    filter: &CalendarFilter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<EventDetails>, i64)> {
    let mut conn = data.pool.get().await?;
    let (events, total) = Event::calendar(&mut conn, filter, limit, offset).await?;
    Ok((with_details(&mut conn, events).await?, total))
}

/// The first `limit` events of the calendar, without their total (the home page, the
/// month view).
pub async fn first(
    data: &Ctx,
    filter: &CalendarFilter,
    limit: i64,
) -> AppResult<Vec<EventDetails>> {
    let mut conn = data.pool.get().await?;
    let events = Event::first(&mut conn, filter, limit, 0).await?;
    with_details(&mut conn, events).await
}

/// The newest events, for the Atom feed.
pub async fn newest(data: &Ctx, limit: i64) -> AppResult<Vec<EventDetails>> {
    let mut conn = data.pool.get().await?;
    let events = Event::newest(&mut conn, limit).await?;
    with_details(&mut conn, events).await
}

/// Every event of one organiser (for its iCalendar feed and page).
pub async fn of_organizer(data: &Ctx, organizer: &Actor) -> AppResult<Vec<EventDetails>> {
    let mut conn = data.pool.get().await?;
    let events = Event::of_organizer(&mut conn, organizer.id).await?;
    with_details(&mut conn, events).await
}

/// The next events of one organiser that have not ended, soonest first, at most `limit`,
/// and how many there are in all (for its page).
pub async fn upcoming_of(
    data: &Ctx,
    organizer: &Actor,
    limit: i64,
) -> AppResult<(Vec<EventDetails>, i64)> {
    let filter = CalendarFilter {
        organizer_id: Some(organizer.id),
        from: Some(crate::db::now()),
        ..Default::default()
    };
    calendar(data, &filter, limit, 0).await
}
