//! Communities across hubs (FEP-1b12): members of B and C hold a thread in a community of A
//! and every hub shows every reply in the same order; a moderator's actions on A reach B
//! and C; likes, edits and deletions travel; the posting rules hold. Mastodon and Lemmy
//! payloads are in `community_interop.rs`.

use crate::harness::communities::{arrived, follow, input, text};
use crate::harness::{eventually, Hub, Network};
use tessera::db::models::post::Post;
use tessera::db::models::user::User;
use tessera::services::communities;
use tessera::services::moderation;
use tessera::services::threads;

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
    // A title is required, languages are checked (each refusal names its field).
    let invalid = |r: Result<Post, tessera::error::AppError>| match r {
        Err(tessera::error::AppError::Invalid(fields)) => {
            fields.iter().map(|f| (f.field, f.code)).collect::<Vec<_>>()
        }
        other => panic!("expected invalid fields, got {other:?}"),
    };
    assert_eq!(
        invalid(threads::create_thread(&hub.ctx, &ana, "open", text(" ", "x", "en")).await),
        [("title", "thread-error-title")]
    );
    assert_eq!(
        invalid(threads::create_thread(&hub.ctx, &ana, "open", text("t", "x", "not a tag!")).await),
        [("language", "error-post-language")]
    );
}
