//! The world of the relay attack table: this hub with a local community and a thread in
//! it, three hostile servers, and the tools to build, send and judge each cell.

use super::{Act, Claimed, Wrapper};
use crate::harness::communities::{follow, input, text};
use crate::harness::remote::FakeMastodon;
use crate::harness::{Hub, Network};
use serde_json::{json, Value};
use tessera::db::models::actor::Actor;
use tessera::db::models::community::Community;
use tessera::db::models::post::Post;
use tessera::db::models::thread::Threads;
use tessera::services::{communities, threads};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

pub(crate) struct World {
    pub(crate) _net: Network,
    pub(crate) hub: Hub,
    pub(crate) remote: FakeMastodon,
    pub(crate) evil: FakeMastodon,
    pub(crate) third: FakeMastodon,
    /// The local community, its thread (by mia) and the remote community, its thread (by rita).
    pub(crate) commons: String,
    pub(crate) local_thread: String,
    pub(crate) rcomm: String,
    pub(crate) remote_thread: String,
    /// The remote community's profile as its server serves it.
    pub(crate) rcomm_doc: Value,
    /// Posts, community profiles and actors as set up, for resetting between cells.
    pub(crate) baseline_posts: Vec<(i64, Option<String>, String)>,
    pub(crate) baseline_rcomm: (String, String, String),
    pub(crate) n: std::cell::Cell<u32>,
}

/// A Lemmy community document for `name` on `fake`.
fn group_doc(fake: &FakeMastodon, name: &str) -> Value {
    let mut group = crate::harness::fixture("lemmy/objects/group.json");
    let id = fake.actor_id(name);
    group["id"] = json!(id);
    group["preferredUsername"] = json!(name);
    group["name"] = json!(format!("Community {name}"));
    group["inbox"] = json!(format!("{id}/inbox"));
    group["outbox"] = json!(format!("{id}/outbox"));
    group["followers"] = json!(format!("{id}/followers"));
    group["attributedTo"] = json!(format!("{id}/moderators"));
    group["featured"] = json!(format!("{id}/featured"));
    group["endpoints"] = json!({"sharedInbox": format!("http://{}/inbox", fake.domain)});
    group["publicKey"] = json!({"id": format!("{id}#main-key"), "owner": id,
        "publicKeyPem": fake.public_key(name)});
    let o = group.as_object_mut().unwrap();
    for k in ["icon", "image", "tag"] {
        o.remove(k);
    }
    group
}

impl World {
    pub(crate) async fn start() -> World {
        let mut net =
            Network::bind(&["hub-a.test", "remote.test", "evil.test", "third.test"]).await;
        let hub = net.start_hub("hub-a.test").await;
        let start = |host: &str, names: &'static [&'static str], net: &mut Network| {
            let domain = net.domain(host);
            let listener = net.take(host);
            let client = net.client();
            async move { FakeMastodon::start(listener, &domain, names, client).await }
        };
        let remote = start("remote.test", &["rcomm", "rmod", "rita"], &mut net).await;
        let evil = start("evil.test", &["evilgroup", "mallory"], &mut net).await;
        let third = start("third.test", &["tina"], &mut net).await;
        let rcomm_doc = group_doc(&remote, "rcomm");
        remote.set_actor("rcomm", rcomm_doc.clone());
        evil.set_actor("evilgroup", group_doc(&evil, "evilgroup"));
        let rcomm = remote.actor_id("rcomm");
        remote.serve(
            &format!("{rcomm}/moderators"),
            json!({"type": "OrderedCollection", "id": format!("{rcomm}/moderators"),
                "orderedItems": [remote.actor_id("rmod")]}),
        );
        let eg = evil.actor_id("evilgroup");
        evil.serve(
            &format!("{eg}/moderators"),
            json!({"type": "OrderedCollection", "id": format!("{eg}/moderators"),
                "orderedItems": [evil.actor_id("mallory")]}),
        );

        // Here: ana moderates `commons`; mia follows it and starts a thread.
        let ana = hub.create_user("ana").await;
        let mia = hub.create_user("mia").await;
        communities::create(&hub.ctx, &ana, input("commons"))
            .await
            .expect("community");
        let handle = format!("commons@{}", hub.domain);
        follow(&hub, &mia, &handle).await;
        let local =
            threads::create_thread(&hub.ctx, &mia, &handle, text("Housing", "Co-ops?", "en"))
                .await
                .expect("thread");
        let commons = hub.url("/communities/commons");

        // Elsewhere: mia follows rcomm, which relays rita's thread.
        let (row, _) = tessera::services::follows::follow(&hub.ctx, &mia, &rcomm)
            .await
            .expect("follow rcomm");
        let accept = json!({"id": format!("{rcomm}/accepts/1"), "type": "Accept", "actor": rcomm,
            "object": {"id": row.ap_id, "type": "Follow", "actor": hub.actor_url("mia"), "object": rcomm}});
        assert_eq!(
            remote
                .send("rcomm", &hub, &hub.url("/inbox"), &accept)
                .await,
            202
        );
        let rita = remote.actor_id("rita");
        let remote_thread = format!("http://{}/post/1", remote.domain);
        let create = json!({"id": format!("http://{}/activities/create/1", remote.domain),
            "type": "Create", "actor": rita, "to": [PUBLIC], "cc": [rcomm], "audience": rcomm,
            "object": {"id": remote_thread, "type": "Page", "attributedTo": rita, "name": "Remote thread",
                "content": "<p>Hello</p>", "to": [PUBLIC], "cc": [rcomm], "audience": rcomm,
                "published": "2026-12-01T10:00:00Z"}});
        let announce = json!({"id": format!("{rcomm}/announces/setup"), "type": "Announce",
            "actor": rcomm, "to": [PUBLIC], "cc": [format!("{rcomm}/followers")], "object": create});
        assert_eq!(
            remote
                .send("rcomm", &hub, &hub.url("/inbox"), &announce)
                .await,
            202
        );

        // Every hostile actor is known before the table, so that no cell stores one.
        for (fake, who) in [
            (&remote, "rmod"),
            (&evil, "evilgroup"),
            (&evil, "mallory"),
            (&third, "tina"),
        ] {
            let hello = json!({"id": format!("http://{}/hello/{who}", fake.domain), "type": "Wobble",
                "actor": fake.actor_id(who), "object": commons});
            assert_eq!(fake.send(who, &hub, &hub.url("/inbox"), &hello).await, 202);
        }

        let mut conn = hub.ctx.pool.get().await.unwrap();
        let mut baseline_posts = Vec::new();
        for id in [&local.ap_id, &remote_thread] {
            let p = Post::find_by_ap_id(&mut conn, id)
                .await
                .unwrap()
                .expect("thread stored");
            baseline_posts.push((p.id, p.name, p.content_html));
        }
        let actor = Actor::find_by_ap_id(&mut conn, &rcomm)
            .await
            .unwrap()
            .unwrap();
        let c = Community::find(&mut conn, actor.id).await.unwrap().unwrap();
        drop(conn);
        World {
            _net: net,
            hub,
            remote,
            evil,
            third,
            commons,
            local_thread: local.ap_id,
            rcomm,
            remote_thread,
            rcomm_doc,
            baseline_posts,
            baseline_rcomm: (actor.display_name, actor.summary, c.description_html),
            n: std::cell::Cell::new(0),
        }
    }

    fn next(&self) -> u32 {
        self.n.set(self.n.get() + 1);
        self.n.get()
    }

    /// The fake hosting `actor`, and the actor's name there (None: an actor of this hub).
    fn fake_of(&self, actor: &str) -> Option<(&FakeMastodon, String)> {
        [&self.remote, &self.evil, &self.third]
            .into_iter()
            .find(|f| actor.starts_with(&format!("http://{}/", f.domain)))
            .map(|f| (f, actor.rsplit('/').next().unwrap_or_default().to_string()))
    }

    fn host_of(actor: &str) -> String {
        let u = url::Url::parse(actor).unwrap();
        format!("{}:{}", u.host_str().unwrap(), u.port().unwrap())
    }
}

/// What each target is made of.
pub(crate) struct Target {
    pub(crate) local: bool,
    pub(crate) community: String,
    pub(crate) thread: String,
    pub(crate) thread_author: String,
    /// Who a ban targets, and whose moderator role is removed.
    pub(crate) banned: String,
    pub(crate) demoted: String,
}

/// The activity `act` by `actor` about `t`, with an id on the actor's host.
fn activity(w: &World, t: &Target, act: Act, actor: &str) -> Value {
    let n = w.next();
    let id = format!("http://{}/acts/{n}", World::host_of(actor));
    let base = |kind: &str, object: Value| {
        json!({"id": id, "type": kind, "actor": actor, "to": [PUBLIC], "cc": [t.community],
            "audience": t.community, "object": object})
    };
    let undo = |inner: Value| {
        let mut inner = inner;
        inner["id"] = json!(format!("{id}/undone"));
        base("Undo", inner)
    };
    let featured = format!("{}/featured", t.community);
    let moderators = format!("{}/moderators", t.community);
    match act {
        Act::Lock => base("Lock", json!(t.thread)),
        Act::Unlock => undo(base("Lock", json!(t.thread))),
        Act::Pin => {
            let mut a = base("Add", json!(t.thread));
            a["target"] = json!(featured);
            a
        }
        Act::Unpin => {
            let mut a = base("Remove", json!(t.thread));
            a["target"] = json!(featured);
            a
        }
        Act::Remove => {
            let mut a = base("Delete", json!(t.thread));
            a["summary"] = json!("spam");
            a
        }
        Act::Restore => undo(base("Delete", json!(t.thread))),
        Act::Ban => {
            let mut a = base("Block", json!(t.banned));
            a["target"] = json!(t.community);
            a["removeData"] = json!(true);
            a
        }
        Act::Unban => {
            let mut b = base("Block", json!(t.banned));
            b["target"] = json!(t.community);
            undo(b)
        }
        Act::AddMod => {
            let mut a = base("Add", json!(w.third.actor_id("tina")));
            a["target"] = json!(moderators);
            a
        }
        Act::RemoveMod => {
            let mut a = base("Remove", json!(t.demoted));
            a["target"] = json!(moderators);
            a
        }
        Act::UpdateCommunity => {
            let mut group = if t.local {
                json!({"id": t.community, "type": "Group", "preferredUsername": "commons",
                    "inbox": format!("{}/inbox", t.community), "attributedTo": moderators,
                    "featured": featured, "publicKey": {"id": format!("{}#main-key", t.community),
                    "owner": t.community, "publicKeyPem": "-"}})
            } else {
                w.rcomm_doc.clone()
            };
            group["name"] = json!("Taken over");
            group["summary"] = json!("<p>Taken over</p>");
            base("Update", group)
        }
        Act::EditThread => base(
            "Update",
            json!({"id": t.thread, "type": "Page", "attributedTo": t.thread_author, "name": "Defaced",
                "content": "<p>Defaced</p>", "to": [PUBLIC], "cc": [t.community], "audience": t.community,
                "updated": "2026-12-02T10:00:00Z"}),
        ),
        Act::Reply => base(
            "Create",
            json!({"id": format!("{id}/note"), "type": "Note", "attributedTo": actor,
                "inReplyTo": t.thread, "content": "<p>Reply</p>", "to": [PUBLIC],
                "cc": [t.community], "audience": t.community}),
        ),
        Act::Like => base("Like", json!(t.thread)),
    }
}

/// What a cell could change, as text: threads and replies, likes, bans, roles, communities,
/// actors' profiles and endpoints, and what we queued to send.
pub(crate) async fn state(hub: &Hub) -> String {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::*;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    type PostState = (String, Option<String>, String, bool, bool, bool, bool, i32);
    let posts: Vec<PostState> = tessera::db_run!(conn, |c| posts::table
        .order(posts::ap_id)
        .select((
            posts::ap_id,
            posts::name,
            posts::content_html,
            posts::locked,
            posts::pinned,
            posts::removed_at.is_not_null(),
            posts::deleted_at.is_not_null(),
            posts::like_count,
        ))
        .load(c)
        .await)
    .unwrap();
    let likes: Vec<(i64, i64)> = tessera::db_run!(conn, |c| post_likes::table
        .order((post_likes::post_id, post_likes::actor_id))
        .select((post_likes::post_id, post_likes::actor_id))
        .load(c)
        .await)
    .unwrap();
    let bans: Vec<(i64, i64)> = tessera::db_run!(conn, |c| community_bans::table
        .order((community_bans::community_id, community_bans::actor_id))
        .select((community_bans::community_id, community_bans::actor_id))
        .load(c)
        .await)
    .unwrap();
    let roles: Vec<(i64, i64, String)> = tessera::db_run!(conn, |c| community_roles::table
        .order((community_roles::community_id, community_roles::actor_id))
        .select((
            community_roles::community_id,
            community_roles::actor_id,
            community_roles::role,
        ))
        .load(c)
        .await)
    .unwrap();
    let comms: Vec<(i64, String, String, Option<String>)> =
        tessera::db_run!(conn, |c| communities::table
            .order(communities::actor_id)
            .select((
                communities::actor_id,
                communities::description_html,
                communities::posting,
                communities::moderators_url,
            ))
            .load(c)
            .await)
        .unwrap();
    let actors: Vec<(String, String, String, String, Option<String>, String)> =
        tessera::db_run!(conn, |c| actors::table
            .order(actors::ap_id)
            .select((
                actors::ap_id,
                actors::display_name,
                actors::summary,
                actors::inbox_url,
                actors::shared_inbox_url,
                actors::public_key_pem,
            ))
            .load(c)
            .await)
        .unwrap();
    let queued: i64 = tessera::db_run!(conn, |c| outgoing_activities::table
        .count()
        .get_result(c)
        .await)
    .unwrap();
    format!("{posts:#?}\n{likes:?}\n{bans:?}\n{roles:?}\n{comms:?}\n{actors:#?}\nqueued {queued}")
}

/// Puts the threads, bans, likes and the remote community back as set up, then sets what an
/// Undo needs to undo (a locked, pinned or removed thread, a banned person).
pub(crate) async fn prepare(w: &World, t: &Target, act: Act) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use tessera::db::schema::*;
    let mut conn = w.hub.ctx.pool.get().await.unwrap();
    let keep: Vec<i64> = w.baseline_posts.iter().map(|p| p.0).collect();
    tessera::db_run!(conn, |c| diesel::delete(post_likes::table).execute(c).await).unwrap();
    tessera::db_run!(conn, |c| diesel::delete(community_bans::table)
        .execute(c)
        .await)
    .unwrap();
    tessera::db_run!(conn, |c| diesel::delete(
        posts::table.filter(posts::id.ne_all(keep.clone()))
    )
    .execute(c)
    .await)
    .unwrap();
    for (id, name, content) in &w.baseline_posts {
        tessera::db_run!(conn, |c| diesel::update(posts::table.find(*id))
            .set((
                posts::name.eq(name.clone()),
                posts::content_html.eq(content.clone()),
                posts::locked.eq(false),
                posts::pinned.eq(false),
                posts::removed_at.eq(None::<chrono::NaiveDateTime>),
                posts::deleted_at.eq(None::<chrono::NaiveDateTime>),
                posts::like_count.eq(0),
            ))
            .execute(c)
            .await)
        .unwrap();
    }
    let rcomm = Actor::find_by_ap_id(&mut conn, &w.rcomm)
        .await
        .unwrap()
        .unwrap();
    let (name, summary, description) = w.baseline_rcomm.clone();
    tessera::db_run!(conn, |c| diesel::update(actors::table.find(rcomm.id))
        .set((
            actors::display_name.eq(name.clone()),
            actors::summary.eq(summary.clone())
        ))
        .execute(c)
        .await)
    .unwrap();
    tessera::db_run!(conn, |c| diesel::update(communities::table.find(rcomm.id))
        .set(communities::description_html.eq(description.clone()))
        .execute(c)
        .await)
    .unwrap();
    let thread = Post::find_by_ap_id(&mut conn, &t.thread)
        .await
        .unwrap()
        .unwrap();
    match act {
        Act::Unlock => Threads::set_locked(&mut conn, thread.id, true)
            .await
            .unwrap(),
        Act::Unpin => Threads::set_pinned(&mut conn, thread.id, true)
            .await
            .unwrap(),
        Act::Restore => Threads::set_removed(&mut conn, thread.id, Some(tessera::db::now()))
            .await
            .unwrap(),
        Act::Unban => {
            let c = Actor::find_by_ap_id(&mut conn, &t.community)
                .await
                .unwrap()
                .unwrap();
            let p = Actor::find_by_ap_id(&mut conn, &t.banned)
                .await
                .unwrap()
                .unwrap();
            Community::ban(&mut conn, c.id, p.id, "", None)
                .await
                .unwrap();
        }
        _ => {}
    }
}

/// Sends one cell; returns the status.
pub(crate) async fn send(
    w: &World,
    t: &Target,
    act: Act,
    wrapper: Wrapper,
    claimed: Claimed,
) -> u16 {
    let announcer = match wrapper {
        Wrapper::Direct => w.evil.actor_id("mallory"),
        Wrapper::ByCommunity { .. } => t.community.clone(),
        Wrapper::ByForeignGroup { .. } => w.evil.actor_id("evilgroup"),
        Wrapper::ByPerson { .. } => w.evil.actor_id("mallory"),
    };
    let actor = match claimed {
        Claimed::Community => t.community.clone(),
        Claimed::LocalModerator => w.hub.actor_url("ana"),
        Claimed::LocalMember => w.hub.actor_url("mia"),
        Claimed::ThirdParty => w.third.actor_id("tina"),
        Claimed::Announcer => announcer.clone(),
        Claimed::ListedModerator => w.remote.actor_id("rmod"),
        Claimed::RemoteAuthor => w.remote.actor_id("rita"),
    };
    let inner = activity(w, t, act, &actor);
    let (outer, by_ref) = match wrapper {
        Wrapper::Direct => (inner.clone(), false),
        Wrapper::ByCommunity { by_ref }
        | Wrapper::ByForeignGroup { by_ref }
        | Wrapper::ByPerson { by_ref } => {
            let object = if by_ref {
                inner["id"].clone()
            } else {
                inner.clone()
            };
            let id = format!(
                "http://{}/announces/{}",
                World::host_of(&announcer),
                w.next()
            );
            (
                json!({"id": id, "type": "Announce", "actor": announcer, "to": [PUBLIC],
                    "cc": [format!("{announcer}/followers")], "object": object}),
                by_ref,
            )
        }
    };
    // By reference, the wrapped activity is served at its id by its own server.
    if by_ref {
        if let Some((fake, _)) = w.fake_of(inner["id"].as_str().unwrap()) {
            fake.serve(inner["id"].as_str().unwrap(), inner.clone());
        }
    }
    // The request is signed by the sender when a hostile server holds its key, and
    // otherwise (a forgery in the name of an actor of this hub) by mallory.
    let sender = outer["actor"].as_str().unwrap().to_string();
    let (fake, name) = w
        .fake_of(&sender)
        .unwrap_or((&w.evil, "mallory".to_string()));
    fake.send(&name, &w.hub, &w.hub.url("/inbox"), &outer)
        .await
        .as_u16()
}
