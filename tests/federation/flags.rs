//! Reports across servers (`Flag`). The Flags Mastodon, Lemmy and Mbin send (fixtures),
//! and Misskey's and GoToSocial's (Mastodon's shape, written here), re-aimed at a member's
//! post or a community thread here, land as open reports with their comment; a domain whose
//! reports are rejected is ignored; a Flag received twice is one report. A member's report
//! on remote content, forwarded, reaches its server as a Flag of the hub's own actor.

use crate::harness::communities::{input, text};
use crate::harness::moderation::{block_input, counts, post, reports};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{json, Value};
use tessera::db::models::actor::Actor;
use tessera::db::models::report::Report;
use tessera::services::{communities, domain_blocks, posts, reports as report_service, threads};

/// What the Flags aim at: alice's post, and ana's thread in the community `garden`.
struct Targets {
    alice: String,
    alice_post: String,
    ana: String,
    garden: String,
    garden_id: i64,
    thread: String,
}

async fn targets(hub: &Hub) -> Targets {
    let alice = hub.create_user("alice").await;
    let ana = hub.create_user("ana").await;
    let note = posts::PostInput {
        content: "Buy my course",
        summary: "",
        visibility: "public",
        in_reply_to: None,
        language: Some("en"),
    };
    let alice_post = posts::create(&hub.ctx, &alice, note).await.expect("post");
    communities::create(&hub.ctx, &ana, input("garden"))
        .await
        .expect("community");
    let (_, garden) = communities::get(&hub.ctx, "garden").await.expect("garden");
    let thread = threads::create_thread(&hub.ctx, &ana, "garden", text("Seeds", "Swap?", "en"))
        .await
        .expect("thread");
    Targets {
        alice: hub.actor_url("alice"),
        alice_post: alice_post.ap_id.to_string(),
        ana: hub.actor_url("ana"),
        garden: garden.ap_id.to_string(),
        garden_id: garden.id,
        thread: thread.ap_id.to_string(),
    }
}

async fn actor_id(hub: &Hub, ap_id: &str) -> i64 {
    let mut conn = hub.ctx.pool.get().await.unwrap();
    Actor::find_by_ap_id(&mut conn, ap_id)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Serves a Mastodon instance actor at `/actor` on `fake`, with the keys of `keys`.
async fn serve_instance_actor(fake: &FakeMastodon, client: &reqwest::Client, keys: &str) -> String {
    let mut doc: Value = client
        .get(fake.actor_id(keys))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = format!("http://{}/actor", fake.domain);
    doc["id"] = json!(id);
    doc["type"] = json!("Application");
    doc["preferredUsername"] = json!(fake.domain.split(':').next().unwrap());
    doc["inbox"] = json!(format!("{id}/inbox"));
    doc["outbox"] = json!(format!("{id}/outbox"));
    doc["publicKey"]["id"] = json!(format!("{id}#main-key"));
    doc["publicKey"]["owner"] = json!(id);
    fake.serve(&id, doc);
    id
}

/// The report made from the Flag `flag_id`.
async fn report_of(hub: &Hub, flag_id: &str) -> Report {
    let all = reports(hub).await;
    let found: Vec<Report> = all
        .into_iter()
        .filter(|r| r.flag_ap_id.as_deref() == Some(flag_id))
        .collect();
    assert_eq!(found.len(), 1, "reports of {flag_id}: {found:?}");
    found.into_iter().next().unwrap()
}

#[tokio::test]
async fn flags_from_other_servers_land_as_open_reports() {
    let mut net = Network::bind(&["hub-a.test", "masto.test", "quiet.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let t = targets(&hub).await;
    let domain = net.domain("masto.test");
    let gts_name = "masto.test";
    let fake = FakeMastodon::start(
        net.take("masto.test"),
        &domain,
        &[
            "instance",
            "lemmy_alpha",
            "BentiGorlich",
            "9f4kq2x0ab",
            gts_name,
        ],
        net.client(),
    )
    .await;
    let client = net.client();
    let inbox = hub.url("/inbox");
    let alice_id = actor_id(&hub, &t.alice).await;
    let ana_id = actor_id(&hub, &t.ana).await;

    // Mastodon: from its instance actor, about an account and its posts.
    let instance = serve_instance_actor(&fake, &client, "instance").await;
    let mut mastodon = fixture("mastodon/activities/flag.json");
    let mastodon_id = format!("http://{domain}/ccb4f39a-506a-490e-9a8c-71831c7713a4");
    mastodon["id"] = json!(mastodon_id);
    mastodon["actor"] = json!(instance);
    mastodon["object"] = json!([t.alice, t.alice_post]);
    mastodon["to"] = json!(t.alice);
    assert_eq!(fake.send("instance", &hub, &inbox, &mastodon).await, 202);
    let r = report_of(&hub, &mastodon_id).await;
    assert_eq!(r.state, "open");
    assert_eq!(r.comment, "Please take a look at this user and their posts");
    assert_eq!(r.target_id, Some(alice_id));
    assert!(r.object_ids().contains(&t.alice_post.as_str()), "{r:?}");
    assert_eq!(r.origin_domain, domain);
    assert_eq!(r.reporter_id, None);

    // Lemmy: from the reporting person, about a post, the community in `to`, the reason in
    // `summary`.
    let mut lemmy = fixture("lemmy/activities/community/report_page.json");
    let lemmy_id = format!("http://{domain}/activities/flag/98b0933f-5e45-4a95-a15f-e0dc86361ba4");
    lemmy["id"] = json!(lemmy_id);
    lemmy["actor"] = json!(fake.actor_id("lemmy_alpha"));
    lemmy["to"] = json!([t.garden]);
    lemmy["audience"] = json!(t.garden);
    lemmy["object"] = json!(t.thread);
    assert_eq!(fake.send("lemmy_alpha", &hub, &inbox, &lemmy).await, 202);
    let r = report_of(&hub, &lemmy_id).await;
    assert_eq!(
        (r.state.as_str(), r.comment.as_str()),
        ("open", "report this post")
    );
    assert_eq!(r.target_id, Some(ana_id));
    assert_eq!(r.community_id, Some(t.garden_id));
    assert!(r.object_ids().contains(&t.thread.as_str()), "{r:?}");

    // Mbin: the post, then its author; the comment in both `summary` and `content`.
    let mut mbin = fixture("mbin/activities/flag.json");
    let mbin_id = format!("http://{domain}/reports/45f8a01d-a73e-4575-bffa-c9f24c61f458");
    mbin["id"] = json!(mbin_id);
    mbin["actor"] = json!(fake.actor_id("BentiGorlich"));
    mbin["object"] = json!([t.thread, t.ana]);
    mbin["audience"] = json!(t.garden);
    mbin["to"] = json!([t.garden]);
    assert_eq!(fake.send("BentiGorlich", &hub, &inbox, &mbin).await, 202);
    let r = report_of(&hub, &mbin_id).await;
    assert_eq!(
        (r.state.as_str(), r.comment.as_str()),
        ("open", "dikjhgasdpas dsaü")
    );
    assert_eq!(r.target_id, Some(ana_id));
    assert_eq!(r.community_id, Some(t.garden_id));

    // Misskey (written here: no fixture): Mastodon's shape from its instance actor, a
    // `/users/<id>` Person, an id of a random UUID on its host, no `to`.
    let misskey_id = format!("http://{domain}/0b8f7c3e-2f0a-4d55-9d5c-5f1a2b3c4d5e");
    let misskey = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": misskey_id, "type": "Flag", "actor": fake.actor_id("9f4kq2x0ab"),
        "content": "Spam account", "object": [t.alice]
    });
    assert_eq!(fake.send("9f4kq2x0ab", &hub, &inbox, &misskey).await, 202);
    let r = report_of(&hub, &misskey_id).await;
    assert_eq!(
        (r.comment.as_str(), r.target_id),
        ("Spam account", Some(alice_id))
    );

    // GoToSocial (written here): its instance actor is `/users/<host>`; reports have ids
    // under `/reports/`; account then statuses.
    let gts_id = format!("http://{domain}/reports/01HZX3K5Q9W8E7R6T5Y4U3I2O1");
    let gts = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": gts_id, "type": "Flag", "actor": fake.actor_id(gts_name),
        "content": "<p>Harassment in replies</p>", "object": [t.alice, t.alice_post]
    });
    assert_eq!(fake.send(gts_name, &hub, &inbox, &gts).await, 202);
    let r = report_of(&hub, &gts_id).await;
    assert_eq!(r.comment, "Harassment in replies");
    assert!(r.object_ids().contains(&t.alice_post.as_str()));
    assert_eq!(reports(&hub).await.len(), 5);

    // Received twice (the same id): one report, whether the inbox or the queue sees it again.
    assert_eq!(fake.send("instance", &hub, &inbox, &mastodon).await, 202);
    let again: tessera::federation::activities::flag::Flag =
        serde_json::from_value(mastodon.clone()).unwrap();
    activitypub_federation::traits::Activity::receive(again, &hub.ctx)
        .await
        .expect("receive");
    report_of(&hub, &mastodon_id).await;
    assert_eq!(reports(&hub).await.len(), 5);

    // A server whose reports are rejected: taken before the rule, ignored after it.
    let quiet_domain = net.domain("quiet.test");
    let quiet =
        FakeMastodon::start(net.take("quiet.test"), &quiet_domain, &["qi"], net.client()).await;
    let quiet_flag = |n: u32| {
        json!({"id": format!("http://{quiet_domain}/flags/{n}"), "type": "Flag",
            "actor": quiet.actor_id("qi"), "content": "Look", "object": [t.alice]})
    };
    assert_eq!(quiet.send("qi", &hub, &inbox, &quiet_flag(1)).await, 202);
    report_of(&hub, &format!("http://{quiet_domain}/flags/1")).await;
    let mut rule = block_input("quiet.test", "noop");
    rule.reject_reports = true;
    domain_blocks::save(&hub.ctx, None, &rule, "")
        .await
        .unwrap();
    let before = counts(&hub).await.reports;
    assert_eq!(quiet.send("qi", &hub, &inbox, &quiet_flag(2)).await, 202);
    assert_eq!(
        counts(&hub).await.reports,
        before,
        "a rejected domain's report was kept"
    );
    // Its other activities still arrive (the rule is about reports only).
    let hello = json!({"id": format!("http://{quiet_domain}/follows/1"), "type": "Follow",
        "actor": quiet.actor_id("qi"), "object": t.alice});
    assert_eq!(quiet.send("qi", &hub, &inbox, &hello).await, 202);

    // A report about a third server's account (known here, but not ours and not in one of
    // our communities) belongs to that server: acknowledged, not queued.
    eventually("qi is known here", || async {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Actor::find_by_ap_id(&mut conn, &quiet.actor_id("qi"))
            .await
            .unwrap()
            .is_some()
    })
    .await;
    let before = counts(&hub).await.reports;
    let mut third = fixture("mastodon/activities/flag.json");
    third["id"] = json!(format!("http://{domain}/flags/third-party"));
    third["actor"] = json!(instance);
    third["object"] = json!([quiet.actor_id("qi")]);
    third["to"] = json!(quiet.actor_id("qi"));
    assert_eq!(fake.send("instance", &hub, &inbox, &third).await, 202);
    assert_eq!(
        counts(&hub).await.reports,
        before,
        "a report about another server's account was queued"
    );
}

#[tokio::test]
async fn a_forwarded_report_reaches_the_remote_server_as_the_hubs_flag() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(net.take("masto.test"), &domain, &["felix"], net.client()).await;
    let felix = fake.actor_id("felix");

    // felix's note to alice is kept here.
    let mut create = fixture("mastodon/activities/create_note.json");
    let note_id = format!("{felix}/statuses/1");
    create["id"] = json!(format!("{note_id}/activity"));
    create["actor"] = json!(felix);
    create["to"] = json!([hub.actor_url("alice")]);
    create["cc"] = json!([]);
    create["object"]["id"] = json!(note_id);
    create["object"]["attributedTo"] = json!(felix);
    create["object"]["to"] = json!([hub.actor_url("alice")]);
    create["object"]["cc"] = json!([]);
    create["object"]["inReplyTo"] = Value::Null;
    assert_eq!(
        fake.send("felix", &hub, &hub.url("/inbox"), &create).await,
        202
    );
    assert!(post(&hub, &note_id).await.is_some());

    let report = report_service::create(
        &hub.ctx,
        Some(&alice),
        &report_service::ReportInput {
            object: note_id.clone(),
            category: "spam".into(),
            comment: "Selling pills".into(),
            forward: true,
            ..Default::default()
        },
    )
    .await
    .expect("report");
    assert_eq!(report.state, "open");

    eventually("the Flag reaches felix's server", || async {
        fake.inbox_items().iter().any(|a| a["type"] == "Flag")
    })
    .await;
    let flag = fake
        .inbox_items()
        .into_iter()
        .find(|a| a["type"] == "Flag")
        .unwrap();
    assert_eq!(flag["actor"], hub.url("/actor"));
    assert_eq!(flag["object"], json!([felix, note_id]));
    assert_eq!(flag["content"], "Selling pills");
    assert!(
        flag["id"].as_str().unwrap().starts_with(&hub.url("/")),
        "{flag}"
    );
    // The reporter stays anonymous.
    assert!(!flag.to_string().contains("alice"), "{flag}");

    // Queued by the instance actor (whose key signs it), once, and marked forwarded.
    let instance = {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        Actor::find_by_ap_id(&mut conn, &hub.url("/actor"))
            .await
            .unwrap()
            .unwrap()
    };
    let mut conn = hub.ctx.pool.get().await.unwrap();
    use tessera::db::schema::outgoing_activities as out;
    let senders: Vec<i64> = tessera::db_run!(conn, |c| out::table
        .filter(out::ap_id.eq(flag["id"].as_str().unwrap()))
        .select(out::actor_id)
        .load(c)
        .await)
    .unwrap();
    assert_eq!(senders, [instance.id]);
    let stored = Report::find(&mut conn, report.id).await.unwrap().unwrap();
    drop(conn);
    assert!(stored.forwarded_at.is_some());
    report_service::forward(&hub.ctx, &stored)
        .await
        .expect("forward again");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let flags = fake
        .inbox_items()
        .iter()
        .filter(|a| a["type"] == "Flag")
        .count();
    assert_eq!(flags, 1, "forwarded twice");
}
