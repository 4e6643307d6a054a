//! Communities across hubs (FEP-1b12): members of B and C hold a thread in a community of A
//! and every hub shows every reply in the same order; a moderator's actions on A reach B
//! and C; a Mastodon reply and a Mastodon mention enter the community; posting rules hold
//! for remote posts too.

use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use serde_json::{json, Value};
use tessera::db::models::post::Post;
use tessera::db::models::user::User;
use tessera::services::communities::{self, CommunityInput};
use tessera::services::threads::{self, PostText};
use tessera::services::{follows, moderation};

pub fn input(handle: &str) -> CommunityInput {
    CommunityInput {
        handle: handle.into(),
        name: "Cities and urban development".into(),
        description: "Peer learning on **housing** and mobility.".into(),
        rules: "1. Be kind.".into(),
        languages: vec!["en".into(), "pt".into()],
        approval_required: false,
        posting: "followers".into(),
    }
}

pub fn text(title: &str, content: &str, lang: &str) -> PostText {
    PostText {
        title: title.into(),
        content: content.into(),
        language: Some(lang.into()),
    }
}

/// A post by its ActivityPub id on `hub`, once it has arrived.
pub async fn arrived(hub: &Hub, ap_id: &str) -> Post {
    eventually(&format!("{ap_id} reaches {}", hub.domain), || async {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Post::find_by_ap_id(&mut conn, ap_id)
            .await
            .unwrap()
            .is_some()
    })
    .await;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Post::find_by_ap_id(&mut conn, ap_id)
        .await
        .unwrap()
        .unwrap()
}

/// `user` on `hub` follows `target` and waits until it is accepted.
pub async fn follow(hub: &Hub, user: &User, target: &str) {
    let (row, followee) = follows::follow(&hub.ctx, user, target)
        .await
        .expect("follow");
    eventually(&format!("{target} accepts"), || async {
        follows::between(&hub.ctx, row.follower_id, followee.id)
            .await
            .unwrap()
            .is_some_and(|f| f.state == "accepted")
    })
    .await;
}

/// The thread of `post` on `hub` as (ap_id, depth) in reading order.
async fn shape(hub: &Hub, post: &Post) -> Vec<(String, usize)> {
    let tree = threads::tree(&hub.ctx, None, post.id).await.expect("tree");
    tree.entries
        .iter()
        .map(|e| (e.post.ap_id.clone(), e.depth))
        .collect()
}

struct ThreeHubs {
    _net: Network,
    a: Hub,
    b: Hub,
    c: Hub,
    ana: User,
    ben: User,
    cai: User,
}

async fn three_hubs() -> ThreeHubs {
    let mut net = Network::bind(&["hub-a.test", "hub-b.test", "hub-c.test"]).await;
    let a = net.start_hub("hub-a.test").await;
    let b = net.start_hub("hub-b.test").await;
    let c = net.start_hub("hub-c.test").await;
    let ana = a.create_user("ana").await;
    let ben = b.create_user("ben").await;
    let cai = c.create_user("cai").await;
    ThreeHubs {
        _net: net,
        a,
        b,
        c,
        ana,
        ben,
        cai,
    }
}

#[tokio::test]
async fn members_of_three_hubs_hold_a_thread_and_moderation_reaches_everyone() {
    let h = three_hubs().await;
    let community = communities::create(&h.a.ctx, &h.ana, input("cities"))
        .await
        .expect("community");
    let handle = format!("cities@{}", h.a.domain);
    follow(&h.b, &h.ben, &handle).await;
    follow(&h.c, &h.cai, &handle).await;

    // ben (B) starts a thread in A's community, mentioning cai (C).
    let root = threads::create_thread(
        &h.b.ctx,
        &h.ben,
        &handle,
        text(
            "Housing co-ops",
            &format!("How do you fund #housing co-ops, @cai@{}?", h.c.domain),
            "en",
        ),
    )
    .await
    .expect("thread");
    assert!(
        root.content_html.contains("class=\"u-url mention\""),
        "{}",
        root.content_html
    );
    let on_a = arrived(&h.a, &root.ap_id).await;
    assert_eq!(on_a.community_id, Some(community.actor.id));
    assert_eq!(on_a.name.as_deref(), Some("Housing co-ops"));
    assert_eq!(on_a.language.as_deref(), Some("en"));
    let on_c = arrived(&h.c, &root.ap_id).await;

    // cai (C) replies to the thread; ana (A) answers cai; ben (B) replies to the root.
    let r1 = threads::reply(
        &h.c.ctx,
        &h.cai,
        on_c.id,
        text("", "Municipal loans.", "pt"),
    )
    .await
    .expect("reply 1");
    let r1_a = arrived(&h.a, &r1.ap_id).await;
    arrived(&h.b, &r1.ap_id).await;
    let r2 = threads::reply(
        &h.a.ctx,
        &h.ana,
        r1_a.id,
        text("", "Same in Tallinn.", "en"),
    )
    .await
    .expect("reply 2");
    arrived(&h.b, &r2.ap_id).await;
    arrived(&h.c, &r2.ap_id).await;
    let r3 = threads::reply(&h.b.ctx, &h.ben, root.id, text("", "Thanks both!", "en"))
        .await
        .expect("reply 3");
    arrived(&h.a, &r3.ap_id).await;
    arrived(&h.c, &r3.ap_id).await;

    let expected = vec![
        (root.ap_id.clone(), 0),
        (r1.ap_id.clone(), 1),
        (r2.ap_id.clone(), 2),
        (r3.ap_id.clone(), 1),
    ];
    for hub in [&h.a, &h.b, &h.c] {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        let local_root = Post::find_by_ap_id(&mut conn, &root.ap_id)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        assert_eq!(shape(hub, &local_root).await, expected, "on {}", hub.domain);
    }
    // The language of each reply travelled.
    let on_b = arrived(&h.b, &r1.ap_id).await;
    assert_eq!(on_b.language.as_deref(), Some("pt"));

    // A moderator on A removes cai's reply, locks and pins the thread: B and C follow.
    moderation::set_removed(&h.a.ctx, &h.ana, r1_a.id, true, "off topic")
        .await
        .expect("remove");
    moderation::set_locked(&h.a.ctx, &h.ana, on_a.id, true, "")
        .await
        .expect("lock");
    moderation::set_pinned(&h.a.ctx, &h.ana, on_a.id, true)
        .await
        .expect("pin");
    for hub in [&h.b, &h.c] {
        eventually(&format!("moderation reaches {}", hub.domain), || async {
            let mut conn = hub.ctx.pool.get().await.unwrap();
            let reply = Post::find_by_ap_id(&mut conn, &r1.ap_id)
                .await
                .unwrap()
                .unwrap();
            let thread = Post::find_by_ap_id(&mut conn, &root.ap_id)
                .await
                .unwrap()
                .unwrap();
            reply.removed_at.is_some() && thread.locked && thread.pinned
        })
        .await;
    }
    // A locked thread takes no more replies, here or from elsewhere.
    let refused = threads::reply(&h.b.ctx, &h.ben, root.id, text("", "One more", "en")).await;
    assert!(
        matches!(
            refused,
            Err(tessera::error::AppError::NotAllowed("thread-error-locked"))
        ),
        "{refused:?}"
    );

    // Restoring federates too.
    moderation::set_removed(&h.a.ctx, &h.ana, r1_a.id, false, "")
        .await
        .expect("restore");
    eventually("restoration reaches C", || async {
        let mut conn = h.c.ctx.pool.get().await.unwrap();
        let reply = Post::find_by_ap_id(&mut conn, &r1.ap_id)
            .await
            .unwrap()
            .unwrap();
        reply.removed_at.is_none()
    })
    .await;

    // A ban on A reaches B, and B refuses ben's next thread there at once.
    moderation::ban(
        &h.a.ctx,
        &h.ana,
        "cities",
        &format!("ben@{}", h.b.domain),
        "spam",
        false,
        None,
    )
    .await
    .expect("ban");
    eventually("the ban reaches B", || async {
        threads::create_thread(&h.b.ctx, &h.ben, &handle, text("Again", "x", "en"))
            .await
            .is_err_and(|e| {
                matches!(
                    e,
                    tessera::error::AppError::NotAllowed("community-error-banned")
                )
            })
    })
    .await;
}

#[tokio::test]
async fn likes_and_edits_and_deletions_travel_through_the_community() {
    let h = three_hubs().await;
    communities::create(&h.a.ctx, &h.ana, input("health"))
        .await
        .expect("community");
    let handle = format!("health@{}", h.a.domain);
    follow(&h.b, &h.ben, &handle).await;
    follow(&h.c, &h.cai, &handle).await;
    let root = threads::create_thread(
        &h.b.ctx,
        &h.ben,
        &handle,
        text("Care homes", "Ideas?", "en"),
    )
    .await
    .expect("thread");
    let on_c = arrived(&h.c, &root.ap_id).await;
    threads::like(&h.c.ctx, &h.cai, on_c.id, true)
        .await
        .expect("like");
    for hub in [&h.a, &h.b] {
        eventually(&format!("the like reaches {}", hub.domain), || async {
            let mut conn = hub.ctx.pool.get().await.unwrap();
            Post::find_by_ap_id(&mut conn, &root.ap_id)
                .await
                .unwrap()
                .unwrap()
                .like_count
                == 1
        })
        .await;
    }
    threads::like(&h.c.ctx, &h.cai, on_c.id, false)
        .await
        .expect("unlike");
    eventually("the unlike reaches B", || async {
        let mut conn = h.b.ctx.pool.get().await.unwrap();
        Post::find_by_ap_id(&mut conn, &root.ap_id)
            .await
            .unwrap()
            .unwrap()
            .like_count
            == 0
    })
    .await;

    threads::edit(
        &h.b.ctx,
        &h.ben,
        root.id,
        text("Care homes (edited)", "New ideas?", "en"),
    )
    .await
    .expect("edit");
    eventually("the edit reaches C", || async {
        let mut conn = h.c.ctx.pool.get().await.unwrap();
        let p = Post::find_by_ap_id(&mut conn, &root.ap_id)
            .await
            .unwrap()
            .unwrap();
        p.name.as_deref() == Some("Care homes (edited)") && p.content_html.contains("New ideas")
    })
    .await;
    threads::delete(&h.b.ctx, &h.ben, root.id)
        .await
        .expect("delete");
    for hub in [&h.a, &h.c] {
        eventually(&format!("the deletion reaches {}", hub.domain), || async {
            let mut conn = hub.ctx.pool.get().await.unwrap();
            Post::find_by_ap_id(&mut conn, &root.ap_id)
                .await
                .unwrap()
                .unwrap()
                .deleted_at
                .is_some()
        })
        .await;
    }
}

async fn with_mastodon() -> (Network, Hub, FakeMastodon, User) {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("masto.test");
    let listener = net.take("masto.test");
    let fake = FakeMastodon::start(listener, &domain, &["felix", "stranger"], net.client()).await;
    let ana = hub.create_user("ana").await;
    (net, hub, fake, ana)
}

/// The Mastodon fixture's Create{Note}, by `name` on the fake, answering `in_reply_to`.
fn mastodon_reply(
    fake: &FakeMastodon,
    name: &str,
    n: u32,
    in_reply_to: &str,
    extra_cc: &str,
) -> Value {
    let mut create = fixture("mastodon/activities/create_note.json");
    let actor = fake.actor_id(name);
    let note_id = format!("{actor}/statuses/{n}");
    create["id"] = json!(format!("{note_id}/activity"));
    create["actor"] = json!(actor);
    create["to"] = json!([format!("{actor}/followers")]);
    create["cc"] = json!(["https://www.w3.org/ns/activitystreams#Public", extra_cc]);
    let (to, cc) = (create["to"].clone(), create["cc"].clone());
    let o = &mut create["object"];
    o["id"] = json!(note_id);
    o["attributedTo"] = json!(actor);
    o["inReplyTo"] = json!(in_reply_to);
    o["url"] = json!(note_id);
    o["to"] = to;
    o["cc"] = cc;
    o["tag"] = json!([]);
    o["replies"] = Value::Null;
    create
}

#[tokio::test]
async fn a_mastodon_reply_and_mention_enter_the_community() {
    let (_net, hub, fake, ana) = with_mastodon().await;
    let c = communities::create(&hub.ctx, &ana, input("democracy"))
        .await
        .expect("community");
    let community_id = c.actor.ap_id.to_string();
    let inbox = hub.url("/communities/democracy/inbox");
    let root = threads::create_thread(
        &hub.ctx,
        &ana,
        "democracy",
        text("Citizen panels", "Who runs one?", "en"),
    )
    .await
    .expect("thread");

    // A stranger who does not follow the community is refused, with a 403.
    let stranger = mastodon_reply(&fake, "stranger", 1, &root.ap_id, &ana_id(&hub));
    assert_eq!(fake.send("stranger", &hub, &inbox, &stranger).await, 403);

    // felix follows the community from Mastodon, then replies to the thread.
    let follow = json!({"id": format!("{}/follows/1", fake.actor_id("felix")), "type": "Follow",
        "actor": fake.actor_id("felix"), "object": community_id});
    assert_eq!(fake.send("felix", &hub, &inbox, &follow).await, 202);
    let reply = mastodon_reply(&fake, "felix", 2, &root.ap_id, &ana_id(&hub));
    assert_eq!(
        fake.send("felix", &hub, &hub.url("/users/ana/inbox"), &reply)
            .await,
        202
    );
    let stored = arrived(&hub, reply["object"]["id"].as_str().unwrap()).await;
    assert_eq!(stored.community_id, Some(c.actor.id));
    assert_eq!(stored.thread_id, Some(root.id));
    assert_eq!(
        stored.language.as_deref(),
        Some("en"),
        "contentMap gives the language"
    );
    let tree = threads::tree(&hub.ctx, None, root.id).await.unwrap();
    assert_eq!(tree.entries.len(), 2);

    // The community announced the reply to its followers (felix): the Create verbatim and
    // the Note itself for Mastodon.
    eventually("felix receives the announces", || async {
        let items = fake.inbox_items();
        let announces: Vec<&Value> = items.iter().filter(|i| i["type"] == "Announce").collect();
        announces
            .iter()
            .any(|a| a["object"]["type"] == "Create" && a["object"]["object"]["id"] == stored.ap_id)
            && announces
                .iter()
                .any(|a| a["object"]["type"] == "Note" && a["object"]["id"] == stored.ap_id)
    })
    .await;
    let announce = fake
        .inbox_items()
        .into_iter()
        .find(|i| i["type"] == "Announce")
        .unwrap();
    assert_eq!(announce["actor"], json!(community_id));
    assert!(announce["cc"]
        .to_string()
        .contains("/communities/democracy/followers"));

    // A post that mentions the community starts a thread, titled by its first line.
    let mut mention = mastodon_reply(&fake, "felix", 3, "", &community_id);
    mention["object"]["inReplyTo"] = Value::Null;
    mention["object"]["content"] =
        json!("<p>Participatory budgets in Lisbon</p><p>We ran one.</p>");
    mention["object"]["contentMap"] = Value::Null;
    mention["object"]["tag"] = json!([{"type": "Mention", "href": community_id,
        "name": format!("@democracy@{}", hub.domain)}]);
    assert_eq!(fake.send("felix", &hub, &inbox, &mention).await, 202);
    let thread = arrived(&hub, mention["object"]["id"].as_str().unwrap()).await;
    assert_eq!(thread.community_id, Some(c.actor.id));
    assert_eq!(thread.thread_id, None);
    assert_eq!(
        thread.name.as_deref(),
        Some("Participatory budgets in Lisbon")
    );
}

fn ana_id(hub: &Hub) -> String {
    hub.actor_url("ana")
}

/// Lemmy's ids, rewritten onto the fake server: `/c/x` and `/u/x` become `/users/x`.
fn lemmy(path: &str, fake: &FakeMastodon) -> Value {
    let text = fixture(path).to_string();
    let base = format!("http://{}", fake.domain);
    let text = text
        .replace("https://enterprise.lemmy.ml", &base)
        .replace("http://enterprise.lemmy.ml", &base)
        .replace("https://ds9.lemmy.ml", &base)
        .replace("http://ds9.lemmy.ml", &base)
        .replace("/c/main", "/users/main")
        .replace("/u/lemmy_beta", "/users/lemmy_beta")
        .replace("/u/lemmy_alpha", "/users/lemmy_alpha")
        .replace("/u/main", "/users/main");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn lemmy_community_fixtures_are_handled() {
    let mut net = Network::bind(&["hub-b.test", "lemmy.test"]).await;
    let hub = net.start_hub("hub-b.test").await;
    let domain = net.domain("lemmy.test");
    let listener = net.take("lemmy.test");
    let fake = FakeMastodon::start(
        listener,
        &domain,
        &["main", "lemmy_alpha", "lemmy_beta"],
        net.client(),
    )
    .await;
    // The community is Lemmy's Group document, served with the fake's key.
    let mut group = lemmy("lemmy/objects/group.json", &fake);
    let community_id = fake.actor_id("main");
    group["id"] = json!(community_id);
    group["preferredUsername"] = json!("main");
    group["inbox"] = json!(format!("{community_id}/inbox"));
    group["followers"] = json!(format!("{community_id}/followers"));
    group["attributedTo"] = json!(format!("{community_id}/moderators"));
    group["featured"] = json!(format!("{community_id}/featured"));
    group["endpoints"] = json!({"sharedInbox": format!("http://{}/inbox", fake.domain)});
    group["publicKey"] = json!({"id": format!("{community_id}#main-key"), "owner": community_id,
        "publicKeyPem": fake.public_key("main")});
    group["icon"] = Value::Null;
    group["image"] = Value::Null;
    fake.set_actor("main", group);

    let ben = hub.create_user("ben").await;
    let (row, followee) = follows::follow(&hub.ctx, &ben, &community_id)
        .await
        .expect("follow");
    let mut conn = hub.ctx.pool.get().await.unwrap();
    let stored = tessera::db::models::community::Community::find(&mut conn, followee.id)
        .await
        .unwrap()
        .expect("a Lemmy Group is a community");
    drop(conn);
    assert_eq!(stored.languages, "fr de");
    let accept = json!({"id": format!("{community_id}/accept/1"), "type": "Accept", "actor": community_id,
        "object": {"id": row.ap_id, "type": "Follow", "actor": hub.actor_url("ben"), "object": community_id}});
    assert_eq!(
        fake.send("main", &hub, &hub.url("/inbox"), &accept).await,
        202
    );

    // Announce{Create{Page}}: the thread is stored in the community.
    let announce = lemmy(
        "lemmy/activities/community/announce_create_page.json",
        &fake,
    );
    assert_eq!(
        fake.send("main", &hub, &hub.url("/inbox"), &announce).await,
        202
    );
    let page_id = announce["object"]["object"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = arrived(&hub, &page_id).await;
    assert_eq!(page.community_id, Some(followee.id));
    assert_eq!(page.name.as_deref(), Some("post 4"));

    // A comment on it, announced (Lemmy's create_comment, answering the page).
    let mut comment = lemmy(
        "lemmy/activities/create_or_update/create_comment.json",
        &fake,
    );
    comment["object"]["inReplyTo"] = json!(page_id);
    let wrapped = json!({"id": format!("{community_id}/announce/2"), "type": "Announce",
        "actor": community_id, "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": comment});
    assert_eq!(
        fake.send("main", &hub, &hub.url("/inbox"), &wrapped).await,
        202
    );
    let note = arrived(&hub, comment["object"]["id"].as_str().unwrap()).await;
    assert_eq!(note.thread_id, Some(page.id));

    // Like, lock, removal and ban, each announced by the community.
    let send_announced = |n: u32, inner: Value| {
        let a = json!({"id": format!("{community_id}/announce/x{n}"), "type": "Announce",
            "actor": community_id, "object": inner});
        let fake = &fake;
        let hub = &hub;
        async move { fake.send("main", hub, &hub.url("/inbox"), &a).await }
    };
    let mut like = lemmy("lemmy/activities/voting/like_note.json", &fake);
    like["object"] = json!(note.ap_id);
    assert_eq!(send_announced(3, like).await, 202);
    let mut lock = lemmy("lemmy/activities/community/lock_page.json", &fake);
    lock["object"] = json!(page_id);
    assert_eq!(send_announced(4, lock).await, 202);
    let mut remove = lemmy("lemmy/activities/deletion/remove_note.json", &fake);
    remove["object"] = json!(note.ap_id);
    assert_eq!(send_announced(5, remove).await, 202);
    let block = lemmy("lemmy/activities/block/block_user.json", &fake);
    assert_eq!(send_announced(6, block).await, 202);

    let mut conn = hub.ctx.pool.get().await.unwrap();
    let note = Post::find_by_ap_id(&mut conn, &note.ap_id)
        .await
        .unwrap()
        .unwrap();
    let page = Post::find_by_ap_id(&mut conn, &page_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(note.like_count, 1);
    assert!(note.removed_at.is_some(), "removed by the moderator");
    assert!(page.locked);
    let alpha =
        tessera::db::models::actor::Actor::find_by_ap_id(&mut conn, &fake.actor_id("lemmy_alpha"))
            .await
            .unwrap()
            .unwrap();
    assert!(tessera::db::models::community::Community::is_banned(
        &mut conn,
        followee.id,
        alpha.id,
        chrono::Utc::now().naive_utc() - chrono::Duration::days(3650)
    )
    .await
    .unwrap());
    drop(conn);

    // An announce of another community's post is refused.
    let mut stray = lemmy(
        "lemmy/activities/community/announce_create_page.json",
        &fake,
    );
    stray["id"] = json!(format!("{community_id}/announce/stray"));
    stray["object"]["id"] = json!(format!("http://{}/activities/create/stray", fake.domain));
    stray["object"]["object"]["id"] = json!(format!("http://{}/post/99", fake.domain));
    stray["object"]["object"]["audience"] =
        json!(format!("http://{}/users/lemmy_beta", fake.domain));
    stray["object"]["object"]["to"] = json!(["https://www.w3.org/ns/activitystreams#Public"]);
    stray["object"]["cc"] = json!([]);
    stray["actor"] = json!(community_id);
    fake.send("main", &hub, &hub.url("/inbox"), &stray).await;
    let mut conn = hub.ctx.pool.get().await.unwrap();
    assert!(
        Post::find_by_ap_id(&mut conn, &format!("http://{}/post/99", fake.domain))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn posting_rules_are_enforced_here() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let ana = hub.create_user("ana").await;
    let bo = hub.create_user("bo").await;
    let mut i = input("closed");
    i.posting = "members".into();
    communities::create(&hub.ctx, &ana, i)
        .await
        .expect("community");
    communities::create(&hub.ctx, &ana, input("open"))
        .await
        .expect("community");
    let err = |r: Result<Post, tessera::error::AppError>| match r {
        Err(tessera::error::AppError::NotAllowed(id)) => id,
        other => panic!("expected a refusal, got {other:?}"),
    };
    // Not following: refused; following: allowed.
    assert_eq!(
        err(threads::create_thread(&hub.ctx, &bo, "open", text("t", "x", "en")).await),
        "community-error-follow-first"
    );
    follow(&hub, &bo, "open").await;
    let t = threads::create_thread(&hub.ctx, &bo, "open", text("t", "x", "en"))
        .await
        .expect("post");
    // Members only: a follower is refused until a moderator makes them a member.
    follow(&hub, &bo, "closed").await;
    assert_eq!(
        err(threads::create_thread(&hub.ctx, &bo, "closed", text("t", "x", "en")).await),
        "community-error-members-only"
    );
    communities::set_role(&hub.ctx, &ana, "closed", "bo", "member")
        .await
        .expect("member");
    threads::create_thread(&hub.ctx, &bo, "closed", text("t", "x", "en"))
        .await
        .expect("member posts");
    // Only moderators moderate.
    assert!(matches!(
        moderation::set_locked(&hub.ctx, &bo, t.id, true, "").await,
        Err(tessera::error::AppError::Forbidden)
    ));
    // A ban for a day with removal of everything posted.
    let other = threads::create_thread(&hub.ctx, &ana, "open", text("t2", "x", "en"))
        .await
        .expect("post");
    moderation::ban(&hub.ctx, &ana, "open", "bo", "spam", true, Some(1))
        .await
        .expect("ban");
    assert_eq!(
        err(threads::reply(&hub.ctx, &bo, other.id, text("", "y", "en")).await),
        "community-error-banned"
    );
    let mut conn = hub.ctx.pool.get().await.unwrap();
    assert!(Post::find(&mut conn, t.id)
        .await
        .unwrap()
        .unwrap()
        .removed_at
        .is_some());
    drop(conn);
    // A title is required, languages are checked.
    assert!(matches!(
        threads::create_thread(&hub.ctx, &ana, "open", text(" ", "x", "en")).await,
        Err(tessera::error::AppError::Validation("thread-error-title"))
    ));
    assert!(matches!(
        threads::create_thread(&hub.ctx, &ana, "open", text("t", "x", "not a tag!")).await,
        Err(tessera::error::AppError::Validation("error-post-language"))
    ));
}
