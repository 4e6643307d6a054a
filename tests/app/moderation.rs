//! Decisions on reports, and what each does to the account concerned: a remote account
//! suspended is purged and refused; a member limited leaves search and public lists but
//! stays reachable; a member suspended cannot log in, loses their sessions and is no longer
//! served to the outside; a community moderator sees and decides only reports on their
//! communities, and cannot limit or suspend anyone.

use crate::harness::api::call;
use crate::harness::browser::{log_in, member, Browser, PASSWORD};
use crate::harness::communities::{follow as follow_community, input, text};
use crate::harness::events::create as create_event;
use crate::harness::moderation::{actor, follow_row, post, reports};
use crate::harness::remote::FakeMastodon;
use crate::harness::{fixture, Hub, Network, AP_ACCEPT};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::db::models::report::{Decision, Report};
use tessera::db::models::user::User;
use tessera::error::AppError;
use tessera::services::reports::{self, ReportInput};
use tessera::services::{accounts, communities, threads};

async fn report(hub: &Hub, by: &User, object: &str) -> Report {
    let input = ReportInput {
        object: object.into(),
        category: "spam".into(),
        comment: "Please look".into(),
        ..Default::default()
    };
    reports::create(&hub.ctx, Some(by), &input)
        .await
        .expect("report")
}

/// The names in the "people" section of the search page.
async fn people_found(b: &mut Browser, hub: &Hub, q: &str) -> Vec<String> {
    let (status, html) = b.get(&hub.url(&format!("/search?q={q}"))).await;
    assert_eq!(status, 200, "{html}");
    let Some(i) = html.find("id=\"results-people\"") else {
        return Vec::new();
    };
    let section = &html[i..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("class=\"result-name\">")
        .skip(1)
        .filter_map(|s| s.split_once("</a>").map(|(n, _)| n.to_string()))
        .collect()
}

#[tokio::test]
async fn suspending_a_reported_remote_account_purges_it_and_refuses_it() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    let root = hub.create_admin("root").await;
    let root = hub.user(&root.username).await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(
        net.take("masto.test"),
        &domain,
        &["felix", "eve"],
        net.client(),
    )
    .await;
    let (alice_url, felix) = (hub.actor_url("alice"), fake.actor_id("felix"));
    let inbox = hub.url("/inbox");
    let follow = |who: &str, n: u32| {
        json!({"id": format!("{}/follows/{n}", fake.actor_id(who)), "type": "Follow",
            "actor": fake.actor_id(who), "object": alice_url})
    };

    // felix follows alice and writes to her; eve, on the same server, follows her too.
    assert_eq!(
        fake.send("felix", &hub, &inbox, &follow("felix", 1)).await,
        202
    );
    assert_eq!(fake.send("eve", &hub, &inbox, &follow("eve", 1)).await, 202);
    let mut create = fixture("mastodon/activities/create_note.json");
    let note_id = format!("{felix}/statuses/1");
    create["id"] = json!(format!("{note_id}/activity"));
    create["actor"] = json!(felix);
    create["to"] = json!([alice_url]);
    create["cc"] = json!([]);
    create["object"]["id"] = json!(note_id);
    create["object"]["attributedTo"] = json!(felix);
    create["object"]["to"] = json!([alice_url]);
    create["object"]["cc"] = json!([]);
    create["object"]["inReplyTo"] = Value::Null;
    assert_eq!(fake.send("felix", &hub, &inbox, &create).await, 202);
    assert!(post(&hub, &note_id).await.is_some());

    let filed = report(&hub, &alice, &note_id).await;
    // A decision other than a dismissal needs its reason.
    let err = reports::decide(&hub.ctx, &root, filed.id, Decision::SuspendAccount, " ")
        .await
        .unwrap_err();
    assert_eq!(err.status(), 422, "{err:?}");

    let decided = reports::decide(
        &hub.ctx,
        &root,
        filed.id,
        Decision::SuspendAccount,
        "Spam ring",
    )
    .await
    .expect("decide");
    assert_eq!(decided.state, "resolved");
    assert_eq!(decided.decision, Some(Decision::SuspendAccount));
    assert_eq!(decided.decision_reason, "Spam ring");
    assert_eq!(actor(&hub, &felix).await.unwrap().standing, "suspended");
    assert!(
        post(&hub, &note_id).await.is_none(),
        "the suspended account's note is still here"
    );
    assert!(follow_row(&hub, &felix, &alice_url).await.is_none());
    assert!(reports::queue(&hub.ctx, &root, "open")
        .await
        .unwrap()
        .is_empty());
    assert!(reports::queue(&hub.ctx, &root, "resolved")
        .await
        .unwrap()
        .iter()
        .any(|r| r.id == filed.id));
    let again = reports::decide(&hub.ctx, &root, filed.id, Decision::Dismiss, "").await;
    assert_eq!(again.unwrap_err().status(), 409);

    // Its next activities are refused; its server's other accounts are not.
    assert_eq!(
        fake.send("felix", &hub, &inbox, &follow("felix", 2)).await,
        403
    );
    let mut later = create.clone();
    later["id"] = json!(format!("{felix}/statuses/2/activity"));
    later["object"]["id"] = json!(format!("{felix}/statuses/2"));
    assert_eq!(fake.send("felix", &hub, &inbox, &later).await, 403);
    assert!(post(&hub, &format!("{felix}/statuses/2")).await.is_none());
    assert!(follow_row(&hub, &felix, &alice_url).await.is_none());
    assert_eq!(fake.send("eve", &hub, &inbox, &follow("eve", 2)).await, 202);
    assert!(follow_row(&hub, &fake.actor_id("eve"), &alice_url)
        .await
        .is_some());
}

#[tokio::test]
async fn a_limited_member_leaves_search_and_lists_but_stays_reachable() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    let root = hub.create_admin("root").await;
    let root = hub.user(&root.username).await;
    hub.create_user("beatrix").await;
    let client = net.client();
    let token = hub.token("beatrix").await;
    let event = create_event(&client, &hub, &token, json!({})).await;
    let key = event["key"].as_str().unwrap().to_string();
    let listed = || async {
        let (_, page) = call(&client, &hub, None, Method::GET, "/events", None).await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["key"] == key.as_str())
    };
    let mut visitor = Browser::new(&net);
    assert_eq!(
        people_found(&mut visitor, &hub, "beatrix").await,
        ["beatrix"]
    );
    assert!(listed().await);

    let filed = report(&hub, &alice, &hub.actor_url("beatrix")).await;
    reports::decide(
        &hub.ctx,
        &root,
        filed.id,
        Decision::LimitAccount,
        "Repeated spam",
    )
    .await
    .expect("decide");
    assert_eq!(
        actor(&hub, &hub.actor_url("beatrix"))
            .await
            .unwrap()
            .standing,
        "limited"
    );
    assert!(
        people_found(&mut visitor, &hub, "beatrix").await.is_empty(),
        "still found"
    );
    assert!(!listed().await, "a limited member's event is still listed");

    // Reachable directly, and still a member who can use the hub.
    let (status, direct) = call(
        &client,
        &hub,
        None,
        Method::GET,
        &format!("/events/{key}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{direct}");
    let (status, _) = call(&client, &hub, Some(&token), Method::GET, "/timeline", None).await;
    assert_eq!(status, 200);

    // Back in good standing: found again.
    accounts::set_standing(
        &hub.ctx,
        Some(&root),
        filed.target_id.unwrap(),
        "ok",
        "Appeal granted",
    )
    .await
    .expect("standing");
    assert_eq!(
        people_found(&mut visitor, &hub, "beatrix").await,
        ["beatrix"]
    );
    assert!(listed().await);

    // Her profile page stays open to anyone while she is limited.
    accounts::set_standing(
        &hub.ctx,
        Some(&root),
        filed.target_id.unwrap(),
        "limited",
        "Again",
    )
    .await
    .expect("standing");
    let (status, page) = visitor.get(&hub.url("/@beatrix")).await;
    assert_eq!(status, 200, "{page}");
}

#[tokio::test]
async fn a_suspended_member_cannot_log_in_and_their_sessions_end() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    let root = hub.create_admin("root").await;
    let root = hub.user(&root.username).await;
    let mut bea = member(&net, &hub, "bea").await;
    let client = net.client();
    let token = hub.token("bea").await;
    let (status, _) = bea.get(&hub.url("/settings")).await;
    assert_eq!(status, 200);
    let (status, _) = call(&client, &hub, Some(&token), Method::GET, "/timeline", None).await;
    assert_eq!(status, 200);

    let filed = report(&hub, &alice, &hub.actor_url("bea")).await;
    reports::decide(
        &hub.ctx,
        &root,
        filed.id,
        Decision::SuspendAccount,
        "Threats",
    )
    .await
    .expect("decide");

    // The open session and the API token stop working.
    let (status, _) = bea.get(&hub.url("/settings")).await;
    assert_ne!(status, 200, "the session outlived the suspension");
    let (status, _) = call(&client, &hub, Some(&token), Method::GET, "/timeline", None).await;
    assert_eq!(status, 401);
    // A new log-in is refused, and no new token is given.
    let mut fresh = Browser::new(&net);
    let (status, _, cookies) = log_in(&mut fresh, &hub, "bea", PASSWORD).await;
    assert_ne!(status, 303, "a suspended member logged in");
    assert!(
        !cookies.iter().any(|c| c.starts_with("tessera_session=")),
        "{cookies:?}"
    );
    assert!(
        tessera::services::sessions::create_api_token(&hub.ctx, "bea")
            .await
            .is_err()
    );
    // Admins cannot be suspended by mistake through a report either.
    let on_root = report(&hub, &alice, &hub.actor_url("root")).await;
    let err = reports::decide(
        &hub.ctx,
        &root,
        on_root.id,
        Decision::SuspendAccount,
        "Oops",
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), 422, "{err:?}");

    // Reinstated, bea logs in again.
    accounts::set_standing(
        &hub.ctx,
        Some(&root),
        filed.target_id.unwrap(),
        "ok",
        "Appeal granted",
    )
    .await
    .expect("standing");
    let (status, _, _) = log_in(&mut fresh, &hub, "bea", PASSWORD).await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn a_suspended_member_is_no_longer_served_to_the_outside() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let root = hub.create_admin("root").await;
    let root = hub.user(&root.username).await;
    let bea = hub.create_user("bea").await;
    let client = net.client();
    let fetch = || async {
        let res = client
            .get(hub.actor_url("bea"))
            .header("accept", AP_ACCEPT)
            .send()
            .await
            .unwrap();
        res.status().as_u16()
    };
    assert_eq!(fetch().await, 200);
    accounts::set_standing(&hub.ctx, Some(&root), bea.actor_id, "suspended", "Threats")
        .await
        .expect("standing");
    assert!(
        matches!(fetch().await, 404 | 410),
        "the actor is still served"
    );
    let (status, _) = Browser::new(&net).get(&hub.url("/@bea")).await;
    assert!(
        matches!(status.as_u16(), 404 | 410),
        "the profile is still shown: {status}"
    );
}

#[tokio::test]
async fn a_community_moderator_works_only_reports_on_their_communities() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let ana = hub.create_user("ana").await;
    let bea = hub.create_user("bea").await;
    let cid = hub.create_user("cid").await;
    let dan = hub.create_user("dan").await;
    communities::create(&hub.ctx, &ana, input("garden"))
        .await
        .expect("community");
    let handle = format!("garden@{}", hub.domain);
    follow_community(&hub, &bea, &handle).await;
    let thread = threads::create_thread(&hub.ctx, &bea, &handle, text("Cheap pills", "Buy", "en"))
        .await
        .expect("thread");
    let on_garden = report(&hub, &cid, thread.ap_id.as_str()).await;
    let elsewhere = report(&hub, &cid, &hub.actor_url("dan")).await;
    assert!(on_garden.community_id.is_some());
    assert_eq!(elsewhere.community_id, None);

    // ana sees the report on her community only.
    let queue = reports::queue(&hub.ctx, &ana, "open").await.expect("queue");
    assert_eq!(
        queue.iter().map(|r| r.id).collect::<Vec<_>>(),
        [on_garden.id]
    );
    // Someone who moderates nothing sees no queue at all.
    assert_eq!(
        reports::queue(&hub.ctx, &dan, "open")
            .await
            .unwrap_err()
            .status(),
        403
    );

    // She may not limit or suspend accounts, block domains, or decide other reports.
    for decision in [
        Decision::SuspendAccount,
        Decision::LimitAccount,
        Decision::BlockDomain,
    ] {
        let err = reports::decide(&hub.ctx, &ana, on_garden.id, decision, "Spam")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Forbidden), "{decision:?}: {err:?}");
        assert_eq!(err.status(), 403);
    }
    let err = reports::decide(&hub.ctx, &ana, elsewhere.id, Decision::Dismiss, "")
        .await
        .unwrap_err();
    assert_eq!(err.status(), 403);
    let err = accounts::set_standing(&hub.ctx, Some(&ana), bea.actor_id, "suspended", "x")
        .await
        .unwrap_err();
    assert_eq!(err.status(), 403);
    assert_eq!(
        actor(&hub, &hub.actor_url("bea")).await.unwrap().standing,
        "ok"
    );
    assert_eq!(
        actor(&hub, &hub.actor_url("dan")).await.unwrap().standing,
        "ok"
    );
    assert!(
        reports(&hub).await.iter().all(|r| r.state == "open"),
        "a refused decision was recorded"
    );

    // She may remove the content from her community.
    let decided = reports::decide(
        &hub.ctx,
        &ana,
        on_garden.id,
        Decision::RemoveContent,
        "Off-topic",
    )
    .await
    .expect("remove");
    assert_eq!(decided.state, "resolved");
    assert!(post(&hub, thread.ap_id.as_str())
        .await
        .unwrap()
        .removed_at
        .is_some());
}

#[tokio::test]
async fn a_limited_remote_accounts_follows_wait_for_approval() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("alice").await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(
        net.take("masto.test"),
        &domain,
        &["felix", "eve"],
        net.client(),
    )
    .await;
    let alice_url = hub.actor_url("alice");
    let follow = |who: &str, n: u32| {
        json!({"id": format!("{}/follows/{n}", fake.actor_id(who)), "type": "Follow",
            "actor": fake.actor_id(who), "object": alice_url})
    };
    // Known first (a harmless activity), then limited by an admin.
    for who in ["felix", "eve"] {
        let hello = json!({"id": format!("{}/hello", fake.actor_id(who)), "type": "Wobble",
            "actor": fake.actor_id(who), "object": alice_url});
        assert_eq!(fake.send(who, &hub, &hub.url("/inbox"), &hello).await, 202);
    }
    let felix = actor(&hub, &fake.actor_id("felix")).await.unwrap();
    accounts::set_standing(&hub.ctx, None, felix.id, "limited", "Spam")
        .await
        .expect("limit");

    assert_eq!(
        fake.send("felix", &hub, &hub.url("/inbox"), &follow("felix", 1))
            .await,
        202
    );
    assert_eq!(
        fake.send("eve", &hub, &hub.url("/inbox"), &follow("eve", 1))
            .await,
        202
    );
    let felix_follow = follow_row(&hub, &fake.actor_id("felix"), &alice_url)
        .await
        .expect("row");
    assert_eq!(
        felix_follow.state, "pending",
        "alice is not locked, but felix is limited"
    );
    let eve_follow = follow_row(&hub, &fake.actor_id("eve"), &alice_url)
        .await
        .expect("row");
    assert_eq!(eve_follow.state, "accepted");
}

#[tokio::test]
async fn a_block_domain_decision_suspends_the_reported_accounts_server() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    let root = hub.create_admin("root").await;
    let root = hub.user(&root.username).await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(
        net.take("masto.test"),
        &domain,
        &["felix", "eve"],
        net.client(),
    )
    .await;
    let alice_url = hub.actor_url("alice");
    let follow = |who: &str, n: u32| {
        json!({"id": format!("{}/follows/{n}", fake.actor_id(who)), "type": "Follow",
            "actor": fake.actor_id(who), "object": alice_url})
    };
    for who in ["felix", "eve"] {
        assert_eq!(
            fake.send(who, &hub, &hub.url("/inbox"), &follow(who, 1))
                .await,
            202
        );
    }
    let filed = report(&hub, &alice, &fake.actor_id("felix")).await;
    reports::decide(
        &hub.ctx,
        &root,
        filed.id,
        Decision::BlockDomain,
        "Spam server",
    )
    .await
    .expect("decide");
    let blocks = crate::harness::moderation::blocks(&hub).await;
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        (blocks[0].domain.as_str(), blocks[0].severity.as_str()),
        ("masto.test", "suspend")
    );
    assert_eq!(blocks[0].public_comment, "Spam server");
    // Every account of that server is purged and refused, not only the one reported.
    assert!(follow_row(&hub, &fake.actor_id("eve"), &alice_url)
        .await
        .is_none());
    assert_eq!(
        fake.send("eve", &hub, &hub.url("/inbox"), &follow("eve", 2))
            .await,
        403
    );

    // A report on a member here cannot block this hub's own domain.
    let on_member = report(&hub, &root, &alice_url).await;
    let err = reports::decide(&hub.ctx, &root, on_member.id, Decision::BlockDomain, "No")
        .await
        .unwrap_err();
    assert_eq!(err.status(), 422, "{err:?}");
    assert!(!hub.ctx.domains.rules().is_suspended(&hub.domain));
}
