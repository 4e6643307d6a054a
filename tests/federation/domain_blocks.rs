//! Domain blocks at the door. A suspended domain's signed activities are refused (403) in
//! every spelling of its name (the domain, a subdomain, upper case, a trailing dot, punycode
//! or Unicode), with nothing stored and nothing fetched; so is an allowed server's Announce
//! of a blocked actor's post. The hub makes no request to a suspended domain, nor delivers
//! to it. Suspending removes what the domain brought. In allow-list mode only the listed
//! domains federate. (Limits: `limited_domains.rs`.)

use crate::harness::api::call;
use crate::harness::moderation::{actor, block, counts, deliveries_to, follow_row, post, Counts};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use reqwest::Method;
use serde_json::{json, Value};
use tessera::services::domain_blocks;

fn follow(fake: &FakeMastodon, who: &str, n: u32, object: &str) -> Value {
    let actor = fake.actor_id(who);
    json!({"id": format!("{actor}/follows/{n}"), "type": "Follow", "actor": actor, "object": object})
}

/// Mastodon's Create of a Note (the fixture), by `who` of `fake`, addressed to `to`.
fn note(fake: &FakeMastodon, who: &str, n: u32, to: &str) -> Value {
    let mut create = fixture("mastodon/activities/create_note.json");
    let author = fake.actor_id(who);
    let id = format!("{author}/statuses/{n}");
    create["id"] = json!(format!("{id}/activity"));
    create["actor"] = json!(author);
    create["to"] = json!([to]);
    create["cc"] = json!([]);
    create["object"]["id"] = json!(id);
    create["object"]["attributedTo"] = json!(author);
    create["object"]["to"] = json!([to]);
    create["object"]["cc"] = json!([]);
    create["object"]["inReplyTo"] = Value::Null;
    create
}

/// `activity` with every `from` (a `host:port`) written as `to`.
fn respelled(activity: &Value, from: &str, to: &str) -> Value {
    serde_json::from_str(&activity.to_string().replace(from, to)).unwrap()
}

/// One way of naming a blocked domain: how the admin typed the block, the host the remote
/// server runs on, and how its activities spell that host (`None`: as it is).
struct Spelling {
    what: &'static str,
    typed: &'static str,
    host: &'static str,
    spelled: Option<&'static str>,
}

const SPELLINGS: &[Spelling] = &[
    Spelling {
        what: "the domain itself",
        typed: "bad.test",
        host: "bad.test",
        spelled: None,
    },
    Spelling {
        what: "a subdomain",
        typed: "parent.test",
        host: "social.parent.test",
        spelled: None,
    },
    Spelling {
        what: "upper case, both ways",
        typed: "LOUD.TEST.",
        host: "loud.test",
        spelled: Some("LOUD.TEST"),
    },
    Spelling {
        what: "a trailing-dot host",
        typed: "dot.test",
        host: "dot.test.",
        spelled: None,
    },
    Spelling {
        what: "a Unicode block, a punycode host",
        typed: "bücher.test",
        host: "xn--bcher-kva.test",
        spelled: None,
    },
    Spelling {
        what: "a punycode block, Unicode in the activity",
        typed: "xn--mnchen-3ya.test",
        host: "xn--mnchen-3ya.test",
        spelled: Some("münchen.test"),
    },
];

#[tokio::test]
async fn a_suspended_domain_is_refused_in_every_spelling() {
    let mut hosts = vec!["hub-a.test"];
    hosts.extend(SPELLINGS.iter().map(|s| s.host));
    let mut net = Network::bind(&hosts).await;
    // The hub's resolver looks names up without their trailing dot.
    net.alias("dot.test", "dot.test.");
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("alice").await;
    let alice = hub.actor_url("alice");
    let inbox = hub.url("/users/alice/inbox");

    for (i, case) in SPELLINGS.iter().enumerate() {
        let domain = net.domain(case.host);
        let fake = FakeMastodon::start(
            net.take(case.host),
            &domain,
            &["known", "stranger"],
            net.client(),
        )
        .await;
        let what = case.what;
        let n = 10 * i as u32;

        // Before the block, the server federates: its Follow is accepted.
        let hello = follow(&fake, "known", n, &alice);
        assert_eq!(
            fake.send("known", &hub, &inbox, &hello).await,
            202,
            "{what}"
        );
        let known = fake.actor_id("known");
        assert!(
            follow_row(&hub, &known, &alice)
                .await
                .is_some_and(|f| f.is_accepted()),
            "{what}: control follow"
        );

        block(&hub, case.typed, "suspend").await;
        // What it brought is removed (its actors are stored as `host:port`, any spelling).
        assert!(
            follow_row(&hub, &known, &alice).await.is_none(),
            "{what}: the follow outlived the suspension"
        );

        let before: Counts = counts(&hub).await;
        let fetches = fake.fetches().len();
        let spell = |v: Value| match case.spelled {
            Some(s) => respelled(&v, &domain, &domain.replace(case.host, s)),
            None => v,
        };
        let attempts = [
            (
                "a known actor's Follow",
                "known",
                spell(follow(&fake, "known", n + 1, &alice)),
            ),
            (
                "a stranger's Follow",
                "stranger",
                spell(follow(&fake, "stranger", n + 2, &alice)),
            ),
            (
                "a stranger's Create",
                "stranger",
                spell(note(&fake, "stranger", n + 3, &alice)),
            ),
        ];
        for (label, who, activity) in attempts {
            let status = fake.send(who, &hub, &inbox, &activity).await;
            assert_eq!(status, 403, "{what}, {label}: {activity}");
            let status = fake.send(who, &hub, &hub.url("/inbox"), &activity).await;
            assert_eq!(status, 403, "{what}, {label}, shared inbox");
        }
        assert_eq!(counts(&hub).await, before, "{what}: something was stored");
        assert_eq!(
            fake.fetches().len(),
            fetches,
            "{what}: the hub fetched from it"
        );
        assert!(
            actor(&hub, &fake.actor_id("stranger")).await.is_none(),
            "{what}"
        );
    }
}

#[tokio::test]
async fn an_allowed_servers_announce_of_a_blocked_actors_post_is_refused() {
    let mut net = Network::bind(&["hub-a.test", "bad.test", "good.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("alice").await;
    let bad_domain = net.domain("bad.test");
    let bad = FakeMastodon::start(
        net.take("bad.test"),
        &bad_domain,
        &["mallory"],
        net.client(),
    )
    .await;
    let good_domain = net.domain("good.test");
    let good =
        FakeMastodon::start(net.take("good.test"), &good_domain, &["gina"], net.client()).await;
    let (gina, mallory) = (good.actor_id("gina"), bad.actor_id("mallory"));
    let inbox = hub.url("/users/alice/inbox");

    // gina boosts: a bad.test post by its id, embedded, and a good.test id credited to mallory.
    let shapes = |n: u32| -> Vec<(&'static str, Value)> {
        let bad_post = format!("{mallory}/statuses/{n}");
        let announce = |k: u32, object: Value| {
            json!({"id": format!("{gina}/announces/{n}-{k}"), "type": "Announce", "actor": gina,
                "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": object})
        };
        vec![
            ("the post's id", announce(1, json!(bad_post))),
            (
                "the post embedded",
                announce(
                    2,
                    json!({"id": bad_post, "type": "Note", "attributedTo": mallory, "content": "hi"}),
                ),
            ),
            (
                "a post here credited to the blocked actor",
                announce(
                    3,
                    json!({"id": format!("{gina}/statuses/{n}"), "type": "Note",
                    "attributedTo": mallory, "content": "hi"}),
                ),
            ),
        ]
    };
    // Before the block, each shape is taken (and ignored: nobody here keeps the post).
    for (label, activity) in shapes(1) {
        assert_eq!(
            good.send("gina", &hub, &inbox, &activity).await,
            202,
            "control: {label}"
        );
    }

    block(&hub, "bad.test", "suspend").await;
    let before = counts(&hub).await;
    let bad_fetches = bad.fetches().len();
    for (label, activity) in shapes(2) {
        assert_eq!(
            good.send("gina", &hub, &inbox, &activity).await,
            403,
            "{label}"
        );
    }
    assert_eq!(counts(&hub).await, before);
    assert_eq!(
        bad.fetches().len(),
        bad_fetches,
        "the hub fetched from the blocked domain"
    );

    // gina's own boosts and posts still arrive.
    let own = json!({"id": format!("{gina}/announces/own"), "type": "Announce", "actor": gina,
        "object": format!("{gina}/statuses/7")});
    assert_eq!(good.send("gina", &hub, &inbox, &own).await, 202);
}

#[tokio::test]
async fn nothing_is_fetched_from_a_suspended_domain() {
    let mut net = Network::bind(&["hub-a.test", "bad.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    let domain = net.domain("bad.test");
    let bad = FakeMastodon::start(net.take("bad.test"), &domain, &["stranger"], net.client()).await;
    let stranger = bad.actor_id("stranger");
    block(&hub, "bad.test", "suspend").await;

    let client = net.client();
    let token = hub.token("alice").await;
    for target in [format!("@stranger@{domain}"), stranger.clone()] {
        let res = (client.post(hub.url("/api/v1/follows")))
            .bearer_auth(&token)
            .json(&json!({"target": target}))
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), 201, "{target}");
    }
    let lookup = format!(
        "/posts?ap_id={}",
        url::form_urlencoded::byte_serialize(format!("{stranger}/statuses/1").as_bytes())
            .collect::<String>()
    );
    let (status, _) = call(&client, &hub, Some(&token), Method::GET, &lookup, None).await;
    assert_ne!(status, 200);
    assert!(
        tessera::services::follows::follow(&hub.ctx, &alice, &stranger)
            .await
            .is_err()
    );
    // Every request of the hub goes through the same client.
    assert!(hub.ctx.http.get(&stranger).send().await.is_err());
    assert!(
        bad.fetches().is_empty(),
        "requests reached it: {:?}",
        bad.fetches()
    );
    assert!(actor(&hub, &stranger).await.is_none());

    // Lifted, the same follow goes out (so the refusals above were the block's doing).
    domain_blocks::remove(&hub.ctx, None, "bad.test")
        .await
        .unwrap();
    tessera::services::follows::follow(&hub.ctx, &alice, &stranger)
        .await
        .expect("follow once lifted");
    assert!(!bad.fetches().is_empty());
}

#[tokio::test]
async fn suspending_a_domain_removes_what_it_brought_and_sends_it_nothing() {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice_user = hub.create_user("alice").await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(net.take("masto.test"), &domain, &["felix"], net.client()).await;
    let (alice, felix) = (hub.actor_url("alice"), fake.actor_id("felix"));

    // felix follows alice, alice follows felix, and felix's note to alice is kept.
    assert_eq!(
        fake.send(
            "felix",
            &hub,
            &hub.url("/inbox"),
            &follow(&fake, "felix", 1, &alice)
        )
        .await,
        202
    );
    tessera::services::follows::follow(&hub.ctx, &alice_user, &felix)
        .await
        .expect("follow");
    let create = note(&fake, "felix", 2, &alice);
    assert_eq!(
        fake.send("felix", &hub, &hub.url("/inbox"), &create).await,
        202
    );
    let note_id = create["object"]["id"].as_str().unwrap();
    assert!(post(&hub, note_id).await.is_some(), "the note was kept");
    assert!(follow_row(&hub, &felix, &alice).await.is_some());
    assert!(follow_row(&hub, &alice, &felix).await.is_some());

    // Limited first: nothing is removed, the actor is marked.
    block(&hub, "masto.test", "limit").await;
    assert!(actor(&hub, &felix).await.unwrap().domain_limited);
    assert!(post(&hub, note_id).await.is_some());
    assert!(follow_row(&hub, &felix, &alice).await.is_some());

    // Suspended: the follows both ways and the note are gone; the actor row stays.
    block(&hub, "masto.test", "suspend").await;
    assert!(follow_row(&hub, &felix, &alice).await.is_none());
    assert!(follow_row(&hub, &alice, &felix).await.is_none());
    assert!(post(&hub, note_id).await.is_none());
    assert!(actor(&hub, &felix).await.is_some());
    // The stored actor is not found for a new follow, by id or by handle.
    for target in [felix.clone(), format!("@felix@{domain}")] {
        let followed = tessera::services::follows::follow(&hub.ctx, &alice_user, &target).await;
        assert!(
            followed.is_err(),
            "{target}: a member followed a suspended domain's actor"
        );
    }
    assert!(follow_row(&hub, &alice, &felix).await.is_none());

    // A report forwarded to it is queued but dropped without a request.
    let received_before = fake.inbox_items().len();
    let input = tessera::services::reports::ReportInput {
        object: felix.clone(),
        category: "spam".into(),
        comment: "Spam wave".into(),
        forward: true,
        ..Default::default()
    };
    tessera::services::reports::create(&hub.ctx, Some(&alice_user), &input)
        .await
        .expect("report");
    let inbox = format!("http://{domain}/inbox");
    eventually("the delivery is given up", || async {
        deliveries_to(&hub, &inbox)
            .await
            .iter()
            .any(|(failed, _)| *failed)
    })
    .await;
    let (_, error) = deliveries_to(&hub, &inbox).await.remove(0);
    assert!(error.unwrap_or_default().contains("blocked"));
    assert_eq!(
        fake.inbox_items().len(),
        received_before,
        "a request reached it"
    );
}

#[tokio::test]
async fn in_allowlist_mode_only_listed_domains_federate() {
    let mut net = Network::bind(&["hub-a.test", "peer.example", "other.example"]).await;
    let hub: Hub = net.start_hub("hub-a.test").await;
    let alice_user = hub.create_user("alice").await;
    hub.create_user("bea").await;
    let alice = hub.actor_url("alice");
    let inbox = hub.url("/users/alice/inbox");
    let peer_domain = net.domain("peer.example");
    let peer = FakeMastodon::start(
        net.take("peer.example"),
        &peer_domain,
        &["pia"],
        net.client(),
    )
    .await;
    let other_domain = net.domain("other.example");
    let other = FakeMastodon::start(
        net.take("other.example"),
        &other_domain,
        &["otto", "oscar"],
        net.client(),
    )
    .await;

    // Before the mode, other.example federates.
    assert_eq!(
        other
            .send("otto", &hub, &inbox, &follow(&other, "otto", 1, &alice))
            .await,
        202
    );

    domain_blocks::set_allowlist_mode(&hub.ctx, None, true)
        .await
        .unwrap();
    domain_blocks::allow(&hub.ctx, None, "peer.example", "our partners")
        .await
        .unwrap();
    let before = counts(&hub).await;
    let fetches = other.fetches().len();
    assert_eq!(
        other
            .send("otto", &hub, &inbox, &follow(&other, "otto", 2, &alice))
            .await,
        403
    );
    assert_eq!(
        other
            .send("oscar", &hub, &inbox, &follow(&other, "oscar", 3, &alice))
            .await,
        403
    );
    assert_eq!(counts(&hub).await, before);
    assert!(
        tessera::services::follows::follow(&hub.ctx, &alice_user, &other.actor_id("oscar"))
            .await
            .is_err()
    );
    assert_eq!(
        other.fetches().len(),
        fetches,
        "the hub fetched from an unlisted domain"
    );
    // The mode refuses, it removes nothing: otto's earlier follow is still here, but
    // alice's new post is not delivered to him (given up without a request).
    assert!(follow_row(&hub, &other.actor_id("otto"), &alice)
        .await
        .is_some());
    let received = other.inbox_items().len();
    let note = tessera::services::posts::PostInput {
        content: "Only for the listed",
        summary: "",
        visibility: "public",
        in_reply_to: None,
        language: None,
    };
    tessera::services::posts::create(&hub.ctx, &alice_user, note)
        .await
        .expect("post");
    let shared_inbox = format!("http://{other_domain}/inbox");
    eventually("the delivery to other.example is given up", || async {
        deliveries_to(&hub, &shared_inbox)
            .await
            .iter()
            .any(|(failed, _)| *failed)
    })
    .await;
    assert_eq!(
        other.inbox_items().len(),
        received,
        "a delivery reached an unlisted domain"
    );

    // The listed domain federates, and so does the hub with itself.
    assert_eq!(
        peer.send("pia", &hub, &inbox, &follow(&peer, "pia", 1, &alice))
            .await,
        202
    );
    assert!(follow_row(&hub, &peer.actor_id("pia"), &alice)
        .await
        .is_some_and(|f| f.is_accepted()));
    let bea = hub.user("bea").await;
    tessera::services::follows::follow(&hub.ctx, &bea, &alice)
        .await
        .expect("local follow");

    // Off again: other.example is back.
    domain_blocks::set_allowlist_mode(&hub.ctx, None, false)
        .await
        .unwrap();
    assert_eq!(
        other
            .send("oscar", &hub, &inbox, &follow(&other, "oscar", 4, &alice))
            .await,
        202
    );
}
