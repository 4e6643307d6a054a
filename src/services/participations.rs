//! Taking part in events, in Mobilizon's shapes: a Join is answered with Accept or Reject.
//!
//! For our own events this hub decides: free events accept up to the capacity and put
//! the rest on a waiting list, promoted in order of arrival when places free up; approval
//! events wait for an organiser. A Join we cannot honour (cancelled, past, no registration
//! or registration elsewhere) is rejected at once, never left unanswered; people still
//! waiting or awaiting approval when an event is cancelled or deleted are rejected then.
//! Every change of the participant count is sent as an Update of the event.
//!
//! For remote events we send our member's Join to the organiser and keep the answer.

use crate::db::models::actor::Actor;
use crate::db::models::event::{Event, JOIN_APPROVAL, JOIN_FREE};
use crate::db::models::participation::{
    Participation, STATE_ACCEPTED, STATE_PENDING, STATE_REJECTED, STATE_WAITING,
};
use crate::db::models::user::User;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::federation::activities::answer::{Answer, AnswerKind};
use crate::federation::activities::join::{Join, Leave};
use crate::federation::outbox;
use crate::federation::Urls;
use crate::services::events::{self, can_manage, enqueue_update};
use crate::state::{authority, Ctx};
use scoped_futures::ScopedFutureExt;
use serde_json::{json, Value};

/// Longest message a participant may add to a Join.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Why a Join cannot be honoured (the message id shown to a local member).
fn refusal(event: &Event) -> Option<&'static str> {
    if event.is_cancelled() {
        return Some("event-error-join-cancelled");
    }
    if event.ends_at < crate::db::now() {
        return Some("event-error-join-past");
    }
    if event.join_mode != JOIN_FREE && event.join_mode != JOIN_APPROVAL {
        return Some("event-error-join-closed");
    }
    None
}

/// The Join a participation stands for, embedded in our Accept and Reject as Mobilizon
/// expects (it matches the answer by the Join's id).
fn join_object(p: &Participation, actor: &Actor, event: &Event) -> Value {
    json!({
        "type": "Join",
        "id": p.ap_id,
        "actor": actor.ap_id.to_string(),
        "object": event.ap_id,
    })
}

/// Sends our answer to a remote participant, in the caller's transaction.
async fn answer(
    conn: &mut DbConn,
    base: &str,
    organizer: &Actor,
    event: &Event,
    p: &Participation,
    actor: &Actor,
    accepted: bool,
) -> AppResult<()> {
    if actor.is_local {
        return Ok(());
    }
    let urls = Urls::new(base);
    let object = join_object(p, actor, event);
    let inbox = vec![actor.delivery_inbox().to_string()];
    if accepted {
        let accept = Answer::for_join(AnswerKind::Accept, &urls, organizer, actor, object)?;
        outbox::queue(conn, accept.id.as_str(), organizer, &accept, inbox).await?;
    } else {
        let reject = Answer::for_join(AnswerKind::Reject, &urls, organizer, actor, object)?;
        outbox::queue(conn, reject.id.as_str(), organizer, &reject, inbox).await?;
    }
    Ok(())
}

/// Brings a local event's participants in line with its state: a cancelled event turns
/// down everyone still waiting or pending; otherwise free places go to the waiting list in
/// order. Stores the accepted count and returns the event as it now is.
pub async fn settle(
    conn: &mut DbConn,
    data: &Ctx,
    event: Event,
    organizer: &Actor,
) -> AppResult<Event> {
    let base = &data.config.base_url();
    let everyone = Participation::of_event(conn, event.id).await?;
    if event.is_cancelled() {
        for (p, actor) in everyone
            .iter()
            .filter(|(p, _)| p.state == STATE_WAITING || p.state == STATE_PENDING)
        {
            Participation::set_state(conn, p.id, STATE_REJECTED).await?;
            answer(conn, base, organizer, &event, p, actor, false).await?;
        }
    } else if event.join_mode == JOIN_FREE || event.join_mode == JOIN_APPROVAL {
        let accepted = everyone.iter().filter(|(p, _)| p.is_accepted()).count() as i64;
        let free = match event.capacity {
            Some(c) => (c as i64 - accepted).max(0),
            None => i64::MAX,
        };
        for (p, actor) in everyone
            .iter()
            .filter(|(p, _)| p.state == STATE_WAITING)
            .take(free.min(10_000) as usize)
        {
            Participation::set_state(conn, p.id, STATE_ACCEPTED).await?;
            answer(conn, base, organizer, &event, p, actor, true).await?;
            // A member of ours who was waiting is told they have a place now.
            let about = crate::services::notifications::About {
                actor_id: Some(organizer.id),
                event_id: Some(event.id),
                ..Default::default()
            };
            let dedupe = format!("promoted:{}", p.id);
            crate::services::notifications::notify_in(
                conn,
                data,
                actor.id,
                "participation_promoted",
                about,
                &dedupe,
            )
            .await?;
        }
    }
    let count = Participation::count(conn, event.id, STATE_ACCEPTED).await? as i32;
    if count != event.participant_count {
        Event::set_participant_count(conn, event.id, count).await?;
    }
    Ok(Event {
        participant_count: count,
        ..event
    })
}

/// The outcome of a Join of one of our events.
enum Admission {
    /// Recorded (newly or before) in this state.
    Recorded(Participation, bool),
    Refused(&'static str),
}

async fn admit(
    conn: &mut DbConn,
    event: &Event,
    actor: &Actor,
    join_id: &str,
    message: &str,
) -> AppResult<Admission> {
    if let Some(existing) = Participation::find(conn, event.id, actor.id).await? {
        return Ok(Admission::Recorded(existing, false));
    }
    if let Some(why) = refusal(event) {
        return Ok(Admission::Refused(why));
    }
    if crate::db::models::actor_block::ActorBlock::blocks(conn, event.organizer_id, actor.id)
        .await?
    {
        return Ok(Admission::Refused("the organiser blocked this account"));
    }
    let state = if event.join_mode == JOIN_APPROVAL {
        STATE_PENDING
    } else {
        let accepted = Participation::count(conn, event.id, STATE_ACCEPTED).await?;
        match event.capacity {
            Some(c) if accepted >= c as i64 => STATE_WAITING,
            _ => STATE_ACCEPTED,
        }
    };
    let message: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    let (p, new) =
        Participation::insert(conn, join_id, event.id, actor.id, state, &message).await?;
    Ok(Admission::Recorded(p, new))
}

/// A member asks to take part in an event (ours or elsewhere).
pub async fn join(data: &Ctx, user: &User, key: &str, message: &str) -> AppResult<Participation> {
    let details = events::by_key(data, key).await?;
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let join_id = urls.new_activity("join");
    let mut conn = data.pool.get().await?;
    let event = details.event;
    let organizer = details.organizer;
    let (event_id, organizer_id, local) = (event.id, organizer.id, event.is_local);
    let message = message.trim().to_string();
    let result = outbox::commit(data, &mut conn, |conn| {
        async move {
            if event.is_local {
                return match admit(conn, &event, &me, &join_id, &message).await? {
                    Admission::Refused(why) => Err(AppError::Validation(why)),
                    Admission::Recorded(p, new) => {
                        if new {
                            let event = settle(conn, data, event, &organizer).await?;
                            enqueue_update(conn, &event, &organizer).await?;
                        }
                        Ok(p)
                    }
                };
            }
            if let Some(p) = Participation::find(conn, event.id, me.id).await? {
                return Ok(p);
            }
            if let Some(why) = refusal(&event) {
                return Err(AppError::Validation(why));
            }
            // Pending until the organiser's server answers.
            let (p, _) =
                Participation::insert(conn, &join_id, event.id, me.id, STATE_PENDING, &message)
                    .await?;
            let join = Join::new(&join_id, &me, &event, &organizer, &message)?;
            let inbox = vec![organizer.delivery_inbox().to_string()];
            outbox::queue(conn, join.id.as_str(), &me, &join, inbox).await?;
            Ok(p)
        }
        .scope_boxed()
    })
    .await?;
    if local {
        notify_request(data, event_id, organizer_id, &result).await;
    }
    Ok(result)
}

/// Tells an event's organiser (a member here) of a request waiting for their answer.
async fn notify_request(data: &Ctx, event: i64, organizer: i64, p: &Participation) {
    if p.state != STATE_PENDING {
        return;
    }
    let about = crate::services::notifications::About {
        actor_id: Some(p.actor_id),
        event_id: Some(event),
        ..Default::default()
    };
    crate::services::notifications::notify(
        data,
        organizer,
        "participation_request",
        about,
        &p.ap_id,
    )
    .await;
}

/// A member withdraws (from any state); a freed place goes to the waiting list.
pub async fn leave(data: &Ctx, user: &User, key: &str) -> AppResult<()> {
    let details = events::by_key(data, key).await?;
    let me = crate::services::actors::by_id(data, user.actor_id).await?;
    let base = data.config.base_url();
    let mut conn = data.pool.get().await?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            let event = details.event;
            let organizer = details.organizer;
            let p = Participation::find(conn, event.id, me.id)
                .await?
                .ok_or(AppError::NotFound)?;
            Participation::delete(conn, p.id).await?;
            if event.is_local {
                let event = settle(conn, data, event, &organizer).await?;
                enqueue_update(conn, &event, &organizer).await?;
            } else {
                let urls = Urls::new(&base);
                let leave = Leave::new(&urls, &me, &event)?;
                let inbox = vec![organizer.delivery_inbox().to_string()];
                outbox::queue(conn, leave.id.as_str(), &me, &leave, inbox).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// The participants of a local event, for its organisers, in order of arrival.
pub async fn participants(
    data: &Ctx,
    user: &User,
    key: &str,
) -> AppResult<(events::EventDetails, Vec<(Participation, Actor)>)> {
    let details = events::managed(data, user, key).await?;
    let mut conn = data.pool.get().await?;
    let list = Participation::of_event(&mut conn, details.event.id).await?;
    Ok((details, list))
}

/// The participation of `user` in an event, if any (for the event page).
pub async fn mine(data: &Ctx, user: &User, event: &Event) -> AppResult<Option<Participation>> {
    let mut conn = data.pool.get().await?;
    Ok(Participation::find(&mut conn, event.id, user.actor_id).await?)
}

/// An organiser approves (within the capacity; beyond it the person waits) or turns down
/// a participant.
pub async fn decide(
    data: &Ctx,
    user: &User,
    key: &str,
    participation_id: i64,
    approve: bool,
) -> AppResult<Participation> {
    let details = events::managed(data, user, key).await?;
    let base = data.config.base_url();
    let (event_id, organizer_id) = (details.event.id, details.organizer.id);
    let mut conn = data.pool.get().await?;
    let before = Participation::find_by_id(&mut conn, participation_id).await?;
    let result = outbox::commit(data, &mut conn, |conn| {
        async move {
            let event = details.event;
            let organizer = details.organizer;
            let p = Participation::find_by_id(conn, participation_id)
                .await?
                .filter(|p| p.event_id == event.id)
                .ok_or(AppError::NotFound)?;
            let actor = Actor::find(conn, p.actor_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let state = if !approve {
                STATE_REJECTED
            } else if p.is_accepted() {
                STATE_ACCEPTED
            } else {
                let accepted = Participation::count(conn, event.id, STATE_ACCEPTED).await?;
                match event.capacity {
                    Some(c) if accepted >= c as i64 => STATE_WAITING,
                    _ => STATE_ACCEPTED,
                }
            };
            if state != p.state {
                Participation::set_state(conn, p.id, state).await?;
                if state != STATE_WAITING {
                    answer(
                        conn,
                        &base,
                        &organizer,
                        &event,
                        &p,
                        &actor,
                        state == STATE_ACCEPTED,
                    )
                    .await?;
                }
                let event = settle(conn, data, event, &organizer).await?;
                enqueue_update(conn, &event, &organizer).await?;
            }
            Ok(Participation { state, ..p })
        }
        .scope_boxed()
    })
    .await?;
    let was_accepted = before.is_some_and(|p| p.is_accepted());
    if result.is_accepted() && !was_accepted {
        let about = crate::services::notifications::About {
            actor_id: Some(organizer_id),
            event_id: Some(event_id),
            ..Default::default()
        };
        crate::services::notifications::notify(
            data,
            result.actor_id,
            "participation_accepted",
            about,
            &result.ap_id,
        )
        .await;
    }
    Ok(result)
}

/// A remote person's Join of one of our events: admitted, waiting, pending or refused;
/// refused and accepted Joins are answered at once.
pub async fn receive_join(
    data: &Ctx,
    join_id: &str,
    actor: Actor,
    event_id: &str,
    message: &str,
) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let Some(event) = Event::find_by_ap_id(&mut conn, event_id).await? else {
        drop(conn);
        return refuse_unknown(data, join_id, &actor, event_id).await;
    };
    if !event.is_local {
        tracing::info!(activity = %join_id, object = %event_id, "Join of a remote event; not ours to answer");
        return Ok(());
    }
    let organizer = Actor::find(&mut conn, event.organizer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = data.config.base_url();
    let (join_id, event_id) = (join_id.to_string(), event_id.to_string());
    let (event_row, organizer_id, actor_id) = (event.id, organizer.id, actor.id);
    let message = message.to_string();
    outbox::commit(data, &mut conn, |conn| {
        async move {
            match admit(conn, &event, &actor, &join_id, &message).await? {
                Admission::Refused(why) => {
                    tracing::info!(activity = %join_id, object = %event_id, why, "Join refused");
                    // No row: answer the Join as it came.
                    let p = Participation {
                        id: 0,
                        ap_id: join_id.clone(),
                        event_id: event.id,
                        actor_id: actor.id,
                        state: STATE_REJECTED,
                        message: String::new(),
                        created_at: crate::db::now(),
                        updated_at: crate::db::now(),
                    };
                    answer(conn, &base, &organizer, &event, &p, &actor, false).await?;
                }
                Admission::Recorded(p, new) => {
                    tracing::info!(activity = %join_id, object = %event_id, state = %p.state, new, "Join recorded");
                    match p.state {
                        STATE_ACCEPTED => {
                            answer(conn, &base, &organizer, &event, &p, &actor, true).await?
                        }
                        STATE_REJECTED => {
                            answer(conn, &base, &organizer, &event, &p, &actor, false).await?
                        }
                        _ => {}
                    }
                    if new {
                        let event = settle(conn, data, event, &organizer).await?;
                        enqueue_update(conn, &event, &organizer).await?;
                    }
                }
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    let mut conn = data.pool.get().await?;
    if let Some(p) = Participation::find(&mut conn, event_row, actor_id).await? {
        drop(conn);
        notify_request(data, event_row, organizer_id, &p).await;
    }
    Ok(())
}

/// A Join of an event that is not here. One under our own address (deleted, or never
/// existed) is refused by the hub's instance actor, so the person's server does not wait
/// for ever; a Join of someone else's event is not ours to answer.
async fn refuse_unknown(data: &Ctx, join_id: &str, actor: &Actor, event_id: &str) -> AppResult<()> {
    let ours = url::Url::parse(event_id).is_ok_and(|u| authority(&u) == data.config.server.domain);
    if !ours {
        tracing::info!(activity = %join_id, object = %event_id, "Join of something that is not an event here; ignored");
        return Ok(());
    }
    let base = data.config.base_url();
    let urls = Urls::new(&base);
    let mut conn = data.pool.get().await?;
    let Some(hub) = Actor::find_by_ap_id(&mut conn, &urls.instance_actor()).await? else {
        return Err(AppError::Internal("the instance actor is missing".into()));
    };
    tracing::info!(activity = %join_id, object = %event_id, "Join of an event that is not here; refused");
    let join = json!({"type": "Join", "id": join_id, "actor": actor.ap_id.to_string(), "object": event_id});
    let reject = Answer::for_join(AnswerKind::Reject, &urls, &hub, actor, join)?;
    let inbox = vec![actor.delivery_inbox().to_string()];
    outbox::send(data, &mut conn, reject.id.as_str(), &hub, &reject, inbox).await
}

/// The event an undone Join was for (some servers leave that way rather than with Leave):
/// the embedded Join names it; a bare Join id is looked up among the participations here.
/// None when the object is no Join we know.
pub async fn undone_join(data: &Ctx, actor: &Actor, join: &Value) -> AppResult<Option<String>> {
    let id_of = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    let event_id = match join.get("object").and_then(id_of) {
        Some(event_id) => event_id,
        None => {
            let Some(join_id) = id_of(join) else {
                return Ok(None);
            };
            let mut conn = data.pool.get().await?;
            let Some(p) = Participation::find_by_ap_id(&mut conn, &join_id).await? else {
                return Ok(None);
            };
            if p.actor_id != actor.id {
                return Err(AppError::Forbidden);
            }
            let event = Event::find(&mut conn, p.event_id).await?;
            let Some(event) = event else {
                return Ok(None);
            };
            event.ap_id
        }
    };
    Ok(Some(event_id))
}

/// A remote person leaves one of our events (Leave, or Undo of their Join).
pub async fn receive_leave(data: &Ctx, actor: &Actor, event_id: &str) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let Some(event) = Event::find_by_ap_id(&mut conn, event_id).await? else {
        tracing::info!(object = %event_id, "Leave of an event we do not have; ignored");
        return Ok(());
    };
    let Some(p) = Participation::find(&mut conn, event.id, actor.id).await? else {
        tracing::info!(object = %event_id, actor = %actor.ap_id, "Leave by a non-participant; ignored");
        return Ok(());
    };
    let organizer = Actor::find(&mut conn, event.organizer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    outbox::commit(data, &mut conn, |conn| {
        async move {
            Participation::delete(conn, p.id).await?;
            if event.is_local {
                let event = settle(conn, data, event, &organizer).await?;
                enqueue_update(conn, &event, &organizer).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// The participation of ours an Accept or Reject answers (by the Join's id, or an embedded
/// Join's actor and event), if any.
pub async fn answered_join(data: &Ctx, object: &Value) -> AppResult<Option<Participation>> {
    let mut conn = data.pool.get().await?;
    let mut found = None;
    if let Some(id) = crate::federation::activities::object_id(object) {
        found = Participation::find_by_ap_id(&mut conn, id.as_str()).await?;
    }
    if found.is_none() && object.get("type").and_then(Value::as_str) == Some("Join") {
        let field = |name: &str| {
            object
                .get(name)
                .and_then(crate::federation::activities::object_id)
        };
        if let (Some(a), Some(e)) = (field("actor"), field("object")) {
            let actor = Actor::find_by_ap_id(&mut conn, a.as_str()).await?;
            let event = Event::find_by_ap_id(&mut conn, e.as_str()).await?;
            if let (Some(actor), Some(event)) = (actor, event) {
                found = Participation::find(&mut conn, event.id, actor.id).await?;
            }
        }
    }
    Ok(found)
}

/// The organiser's server answered one of our members' Joins. Only the event's own server
/// may answer (Mobilizon answers as a moderator of the organising group, so the check is
/// by host, not by actor).
pub async fn receive_answer(
    data: &Ctx,
    accepter: &Actor,
    p: Participation,
    accepted: bool,
) -> AppResult<()> {
    let mut conn = data.pool.get().await?;
    let event = Event::find(&mut conn, p.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let event_host = url::Url::parse(&event.ap_id).map(|u| authority(&u))?;
    if event.is_local || event_host != accepter.domain {
        return Err(AppError::Forbidden);
    }
    let state = if accepted {
        STATE_ACCEPTED
    } else {
        STATE_REJECTED
    };
    Participation::set_state(&mut conn, p.id, state).await?;
    tracing::info!(event = %event.ap_id, state = %state, "answer to a Join received");
    Ok(())
}

/// Whether `user` manages the event (for pages deciding what to show).
pub async fn manages(data: &Ctx, user: &User, event: &Event) -> AppResult<bool> {
    let mut conn = data.pool.get().await?;
    can_manage(&mut conn, user, event).await
}
