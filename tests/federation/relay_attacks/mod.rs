//! The relay attack table: every moderation and content activity, wrapped every way a hostile
//! server can wrap it (sent directly, announced by the community, by a foreign group, by a
//! person; inline and by reference), claiming every actor (the community, a local member,
//! a third party, the announcer itself, ...), against a community hosted here and one hosted
//! elsewhere. Each cell asserts the exact status and that the database is unchanged, or, for
//! what its actor may really do, that it was applied.
//!
//! The hostile servers sign correctly with their own keys: `remote.test` hosts the remote
//! community, its listed moderator and an author; `evil.test` a foreign community and a
//! person; `third.test` a third party. An activity announced by reference is served at its
//! id by its own server (so it is authentic); one announced inline is served nowhere.

mod world;

use serde_json::{json, Value};
use world::{prepare, send, state, Target, World};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Act {
    Lock,
    Unlock,
    Pin,
    Unpin,
    Remove,
    Restore,
    Ban,
    Unban,
    AddMod,
    RemoveMod,
    UpdateCommunity,
    EditThread,
    Reply,
    Like,
}

pub(crate) const ACTS: [Act; 14] = [
    Act::Lock,
    Act::Unlock,
    Act::Pin,
    Act::Unpin,
    Act::Remove,
    Act::Restore,
    Act::Ban,
    Act::Unban,
    Act::AddMod,
    Act::RemoveMod,
    Act::UpdateCommunity,
    Act::EditThread,
    Act::Reply,
    Act::Like,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wrapper {
    Direct,
    ByCommunity { by_ref: bool },
    ByForeignGroup { by_ref: bool },
    ByPerson { by_ref: bool },
}

const WRAPPERS: [Wrapper; 7] = [
    Wrapper::Direct,
    Wrapper::ByCommunity { by_ref: false },
    Wrapper::ByCommunity { by_ref: true },
    Wrapper::ByForeignGroup { by_ref: false },
    Wrapper::ByForeignGroup { by_ref: true },
    Wrapper::ByPerson { by_ref: false },
    Wrapper::ByPerson { by_ref: true },
];

/// Who the wrapped activity claims as its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claimed {
    /// The community that owns the thread.
    Community,
    /// ana, the local community's moderator (a local member).
    LocalModerator,
    /// mia, a local member (author of the local thread).
    LocalMember,
    /// tina on third.test.
    ThirdParty,
    /// Whoever sends or announces it (mallory when sent directly).
    Announcer,
    /// rmod, listed in the remote community's moderators collection.
    ListedModerator,
    /// rita, author of the remote thread.
    RemoteAuthor,
}

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// This status, and nothing changed.
    Refused(u16),
    /// 202, and nothing changed (acknowledged and ignored, or read again from the origin).
    Ignored,
    /// 202, and applied.
    Applied,
}
use Outcome::*;

/// The expectation for a thread in the community hosted here: nobody elsewhere may moderate
/// it, and nobody may speak for its members.
fn expect_local(act: Act, wrapper: Wrapper, claimed: Claimed) -> Outcome {
    let forged = matches!(
        claimed,
        Claimed::Community | Claimed::LocalModerator | Claimed::LocalMember
    );
    match wrapper {
        // Signed by a key of another host than the actor named: the inbox refuses it.
        Wrapper::Direct if forged => Refused(401),
        Wrapper::ByCommunity { .. } => Refused(401),
        Wrapper::Direct => match act {
            Act::Like => Applied,
            // Delete and Update of an object on another host than their actor.
            Act::Remove | Act::EditThread => Refused(400),
            // The community's posting rules (follow first).
            _ => Refused(403),
        },
        Wrapper::ByPerson { by_ref: true } => Ignored,
        Wrapper::ByPerson { by_ref: false } | Wrapper::ByForeignGroup { .. } => Refused(403),
    }
}

/// The expectation for a thread in the community hosted on remote.test, whose moderators
/// are the community itself and rmod.
fn expect_remote(act: Act, wrapper: Wrapper, claimed: Claimed) -> Outcome {
    let on_remote = matches!(
        claimed,
        Claimed::Community | Claimed::ListedModerator | Claimed::RemoteAuthor
    ) || (claimed == Claimed::Announcer
        && matches!(wrapper, Wrapper::ByCommunity { .. }));
    let moderator = on_remote && claimed != Claimed::RemoteAuthor;
    let author = claimed == Claimed::RemoteAuthor;
    let community = matches!(claimed, Claimed::Community)
        || (claimed == Claimed::Announcer && matches!(wrapper, Wrapper::ByCommunity { .. }));
    let authentic = match wrapper {
        Wrapper::Direct => claimed != Claimed::LocalModerator && claimed != Claimed::LocalMember,
        // Inline: trusted only from the announcer's host. By reference: fetched from the
        // claimed actor's host, which serves it unless it is this hub.
        Wrapper::ByCommunity { by_ref } => on_remote || (by_ref && claimed == Claimed::ThirdParty),
        _ => false,
    };
    match wrapper {
        Wrapper::Direct if !authentic => Refused(401),
        Wrapper::ByPerson { by_ref: true } => Ignored,
        Wrapper::ByPerson { by_ref: false } | Wrapper::ByForeignGroup { .. } => Refused(403),
        Wrapper::ByCommunity { .. } if !authentic => Refused(403),
        _ => {
            let direct = wrapper == Wrapper::Direct;
            match act {
                Act::Lock | Act::Unlock | Act::Pin | Act::Unpin | Act::Ban | Act::Unban => {
                    if moderator {
                        Applied
                    } else {
                        Refused(403)
                    }
                }
                Act::Remove if direct && !on_remote => Refused(400),
                Act::Remove if author || moderator => Applied,
                Act::Restore if moderator => Applied,
                Act::Remove | Act::Restore => Refused(403),
                Act::AddMod | Act::RemoveMod if moderator => Ignored,
                Act::AddMod | Act::RemoveMod => Refused(403),
                // Sent by the community itself, its profile is taken; relayed by it, the
                // profile is read again from its server (unchanged there).
                Act::UpdateCommunity if direct && community => Applied,
                Act::UpdateCommunity if direct => Refused(403),
                Act::UpdateCommunity => Ignored,
                Act::EditThread if author => Applied,
                // The relayed thread is fetched from its server, which does not serve it.
                Act::EditThread if !on_remote && !direct => Refused(403),
                Act::EditThread => Refused(400),
                Act::Reply | Act::Like => Applied,
            }
        }
    }
}

async fn run_table(w: &World, t: &Target, claims: &[Claimed]) -> usize {
    let mut cells = 0;
    for act in ACTS {
        for wrapper in WRAPPERS {
            for &claimed in claims {
                let expected = if t.local {
                    expect_local(act, wrapper, claimed)
                } else {
                    expect_remote(act, wrapper, claimed)
                };
                prepare(w, t, act).await;
                let before = state(&w.hub).await;
                let status = send(w, t, act, wrapper, claimed).await;
                let after = state(&w.hub).await;
                let cell = format!(
                    "{} thread, {act:?} {wrapper:?} claiming {claimed:?}",
                    if t.local { "local" } else { "remote" }
                );
                match expected {
                    Refused(code) => {
                        assert_eq!(status, code, "{cell}: status");
                        assert_eq!(before, after, "{cell}: refused, yet something changed");
                    }
                    Ignored => {
                        assert_eq!(status, 202, "{cell}: status");
                        assert_eq!(before, after, "{cell}: ignored, yet something changed");
                    }
                    Applied => {
                        assert_eq!(status, 202, "{cell}: status");
                        assert_ne!(before, after, "{cell}: allowed, yet not applied");
                    }
                }
                cells += 1;
            }
        }
    }
    cells
}

#[tokio::test]
async fn relayed_activities_are_trusted_no_more_than_their_actor() {
    let w = World::start().await;
    let local = Target {
        local: true,
        community: w.commons.clone(),
        thread: w.local_thread.clone(),
        thread_author: w.hub.actor_url("mia"),
        banned: w.hub.actor_url("ana"),
        demoted: w.hub.actor_url("ana"),
    };
    let remote = Target {
        local: false,
        community: w.rcomm.clone(),
        thread: w.remote_thread.clone(),
        thread_author: w.remote.actor_id("rita"),
        banned: w.remote.actor_id("rita"),
        demoted: w.remote.actor_id("rmod"),
    };
    let mut cells = run_table(
        &w,
        &local,
        &[
            Claimed::Community,
            Claimed::LocalModerator,
            Claimed::LocalMember,
            Claimed::ThirdParty,
            Claimed::Announcer,
        ],
    )
    .await;
    cells += run_table(
        &w,
        &remote,
        &[
            Claimed::Community,
            Claimed::LocalModerator,
            Claimed::ThirdParty,
            Claimed::Announcer,
            Claimed::ListedModerator,
            Claimed::RemoteAuthor,
        ],
    )
    .await;
    assert_eq!(cells, 14 * 7 * 11);
}

/// What cannot be fetched at its id is confirmed by its object's own server: a relayed Create
/// stands for the post its author's server serves, a relayed Delete once that post is gone;
/// a relayed post (Mastodon's shape) is taken from its server, never from the announce.
#[tokio::test]
async fn the_origin_confirms_what_cannot_be_fetched_at_its_id() {
    use tessera::db::models::post::Post;
    let w = World::start().await;
    let tina = w.third.actor_id("tina");
    let rcomm = w.rcomm.clone();
    let note_id = format!("http://{}/notes/77", w.third.domain);
    let note = json!({"id": note_id, "type": "Note", "attributedTo": tina,
        "inReplyTo": w.remote_thread, "content": "<p>From third</p>",
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [rcomm], "audience": rcomm});
    let mut n = 0;
    let mut announce = |object: Value| {
        n += 1;
        json!({"id": format!("{rcomm}/announces/confirm-{n}"), "type": "Announce", "actor": rcomm,
            "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": object})
    };
    let send = |a: Value| {
        let w = &w;
        async move {
            w.remote
                .send("rcomm", &w.hub, &w.hub.url("/inbox"), &a)
                .await
                .as_u16()
        }
    };
    let stored = || async {
        let mut conn = w.hub.ctx.pool.get().await.unwrap();
        Post::find_by_ap_id(&mut conn, &note_id).await.unwrap()
    };
    // The post announced as itself, served nowhere: refused. The Create, whose id (with a
    // fragment) cannot be fetched, while the post is served nowhere: refused.
    assert_eq!(send(announce(note.clone())).await, 403);
    let create = json!({"id": format!("{note_id}#create"), "type": "Create", "actor": tina,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [rcomm], "object": note});
    assert_eq!(send(announce(create.clone())).await, 403);
    assert!(stored().await.is_none());
    // Once its server serves the post, the same Create stands for it.
    w.third.serve(&note_id, note.clone());
    assert_eq!(send(announce(create)).await, 202);
    let post = stored().await.expect("reply stored");
    assert!(post.deleted_at.is_none());

    // A Delete by its author, relayed: refused while the post is still served, applied once
    // its server answers with a Tombstone.
    let delete = json!({"id": format!("{note_id}#delete"), "type": "Delete", "actor": tina,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": note_id});
    assert_eq!(send(announce(delete.clone())).await, 403);
    assert!(stored().await.unwrap().deleted_at.is_none());
    w.third
        .serve(&note_id, json!({"id": note_id, "type": "Tombstone"}));
    assert_eq!(send(announce(delete)).await, 202);
    assert!(stored().await.unwrap().deleted_at.is_some());
}

/// An actor id that redirects to someone else's actor stands for nobody: the like it signs
/// and the event it organises are refused, whoever is at the other end.
#[tokio::test]
async fn an_actor_id_that_redirects_stands_for_nobody_else() {
    use tessera::db::models::event::Event;
    let w = World::start().await;
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let (rcomm, rita) = (w.rcomm.clone(), w.remote.actor_id("rita"));
    let decoy = format!("http://{}/people/tina", w.remote.domain);
    w.remote
        .serve(&decoy, json!({"redirect": w.third.actor_id("tina")}));
    let before = state(&w.hub).await;
    // rcomm relays a like "by" the decoy, inline (it is on rcomm's host).
    let like = json!({"id": format!("http://{}/likes/decoy", w.remote.domain), "type": "Like",
        "actor": decoy, "object": w.remote_thread, "audience": rcomm});
    let announce = json!({"id": format!("{rcomm}/announces/decoy"), "type": "Announce",
        "actor": rcomm, "to": [public], "object": like});
    let status = w
        .remote
        .send("rcomm", &w.hub, &w.hub.url("/inbox"), &announce)
        .await;
    assert_eq!(status, 403);
    // rita publishes an event "organised by" the decoy.
    let event_id = format!("http://{}/events/decoy", w.remote.domain);
    let create = json!({"id": format!("{event_id}/activity"), "type": "Create", "actor": rita,
        "to": [public], "object": {"id": event_id, "type": "Event", "name": "Decoy",
        "attributedTo": decoy, "startTime": "2027-03-01T10:00:00Z", "to": [public]}});
    let status = w
        .remote
        .send("rita", &w.hub, &w.hub.url("/inbox"), &create)
        .await;
    assert_eq!(status, 403);
    assert_eq!(before, state(&w.hub).await, "the decoy changed something");
    let mut conn = w.hub.ctx.pool.get().await.unwrap();
    assert!(Event::find_by_ap_id(&mut conn, &event_id)
        .await
        .unwrap()
        .is_none());
}

/// A reply sent straight to us for a community elsewhere does not slip past the bans and
/// locks that community told us of; the community itself may still relay what it accepts.
#[tokio::test]
async fn a_direct_copy_does_not_bypass_a_remote_communitys_bans_and_locks() {
    use tessera::db::models::post::Post;
    let w = World::start().await;
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let rcomm = w.rcomm.clone();
    let (tina, rita) = (w.third.actor_id("tina"), w.remote.actor_id("rita"));
    let reply = |author: &str, key: &str| {
        let host = if author == tina {
            &w.third.domain
        } else {
            &w.remote.domain
        };
        let id = format!("http://{host}/notes/{key}");
        json!({"id": format!("{id}/create"), "type": "Create", "actor": author, "to": [public],
            "cc": [rcomm], "object": {"id": id, "type": "Note", "attributedTo": author,
            "inReplyTo": w.remote_thread, "content": "<p>Hi</p>", "to": [public],
            "cc": [rcomm], "audience": rcomm}})
    };
    let announce = |key: &str, inner: Value| {
        json!({"id": format!("{rcomm}/announces/{key}"), "type": "Announce", "actor": rcomm,
            "to": [public], "object": inner})
    };
    let inbox = w.hub.url("/inbox");
    // rcomm bans tina: her reply sent straight to us is refused.
    let ban = json!({"id": format!("{rcomm}/bans/1"), "type": "Block", "actor": rcomm,
        "object": tina, "target": rcomm, "to": [public]});
    assert_eq!(w.remote.send("rcomm", &w.hub, &inbox, &ban).await, 202);
    assert_eq!(
        w.third
            .send("tina", &w.hub, &inbox, &reply(&tina, "t1"))
            .await,
        403
    );
    // rcomm locks the thread: rita's direct reply is refused, but one rcomm relays stands.
    let lock = json!({"id": format!("{rcomm}/locks/1"), "type": "Lock", "actor": rcomm,
        "object": w.remote_thread, "to": [public]});
    assert_eq!(w.remote.send("rcomm", &w.hub, &inbox, &lock).await, 202);
    assert_eq!(
        w.remote
            .send("rita", &w.hub, &inbox, &reply(&rita, "r1"))
            .await,
        403
    );
    let relayed = announce("r2", reply(&rita, "r2"));
    assert_eq!(w.remote.send("rcomm", &w.hub, &inbox, &relayed).await, 202);
    let mut conn = w.hub.ctx.pool.get().await.unwrap();
    for (key, host, kept) in [
        ("t1", &w.third.domain, false),
        ("r1", &w.remote.domain, false),
        ("r2", &w.remote.domain, true),
    ] {
        let id = format!("http://{host}/notes/{key}");
        let found = Post::find_by_ap_id(&mut conn, &id).await.unwrap();
        assert_eq!(found.is_some(), kept, "{id}");
    }
}
