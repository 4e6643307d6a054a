//! Communities and other software: a signed Mastodon reply (the `create_note` fixture)
//! enters a thread and is announced; a Mastodon post mentioning the community starts a
//! thread; a non-follower is refused. Lemmy's Group, its announced Page and comment, and its
//! like, lock, removal and ban (fixtures under `lemmy/`) are read and applied.

use crate::harness::communities::{arrived, input, text};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use serde_json::{json, Value};
use tessera::db::models::post::Post;
use tessera::db::models::user::User;
use tessera::services::communities;
use tessera::services::{follows, threads};

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

    // ana likes felix's reply: felix's server gets the Like itself, not only inside the
    // community's Announce (some servers cannot fetch what is announced by id).
    threads::like(&hub.ctx, &ana, stored.id, true)
        .await
        .expect("like");
    eventually("felix's server gets the Like directly", || async {
        fake.inbox_items()
            .iter()
            .any(|i| i["type"] == "Like" && i["object"] == json!(stored.ap_id))
    })
    .await;

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
        .replace("http://lemmy-alpha:8541", &base)
        .replace("https://lemmy-alpha", &base)
        .replace("http://lemmy-alpha", &base)
        .replace("/c/main", "/users/main")
        .replace("/c/test", "/users/main")
        .replace("/u/lemmy_aplha", "/users/lemmy_alpha")
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
    // Its moderators, as Lemmy serves them: moderation by anyone else is refused.
    fake.serve(
        &format!("{community_id}/moderators"),
        json!({"type": "OrderedCollection", "id": format!("{community_id}/moderators"),
            "orderedItems": [fake.actor_id("lemmy_alpha"), fake.actor_id("lemmy_beta")]}),
    );

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

    // Every community activity Lemmy sends, announced by the community, is accepted:
    // applied (pin, unpin, unlock) or ignored with a log line (reports, warnings, moderator
    // changes, the community's own Update), never an error.
    let dir = format!(
        "{}/../shared/fixtures/activitypub/lemmy/activities/community",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for (n, name) in names.iter().enumerate() {
        let mut inner = lemmy(&format!("lemmy/activities/community/{name}"), &fake);
        if inner["type"] == "Announce" {
            inner = inner["object"].clone();
        }
        if inner["object"]
            .as_str()
            .is_some_and(|o| o.contains("/post/"))
        {
            inner["object"] = json!(page_id);
        }
        if inner["object"]["object"]
            .as_str()
            .is_some_and(|o| o.contains("/post/"))
        {
            inner["object"]["object"] = json!(page_id);
        }
        inner["id"] = json!(format!("http://{}/activities/fixture/{n}", fake.domain));
        assert_eq!(send_announced(100 + n as u32, inner).await, 202, "{name}");
        let mut conn = hub.ctx.pool.get().await.unwrap();
        let page = Post::find_by_ap_id(&mut conn, &page_id)
            .await
            .unwrap()
            .unwrap();
        match name.as_str() {
            "add_featured_post.json" => assert!(page.pinned, "{name}"),
            "remove_featured_post.json" => assert!(!page.pinned, "{name}"),
            "lock_page.json" => assert!(page.locked, "{name}"),
            "undo_lock_page.json" => assert!(!page.locked, "{name}"),
            _ => {}
        }
    }

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
