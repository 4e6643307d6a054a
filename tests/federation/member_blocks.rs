//! A member's own blocks, with a remote account: the account is sent a `Block` and the
//! follows both ways end; its later Follow is answered with a Reject and makes no follow;
//! its replies to the member's posts are dropped, while other accounts' still arrive;
//! unblocking sends `Undo{Block}`. A member's block of a whole domain does the same for
//! every account there, and only for that member. A remote account's own `Block` of a
//! member ends the follows both ways and stops the member following it until its `Undo`.

use crate::harness::moderation::{actor, follow_row, post};
use crate::harness::remote::FakeMastodon;
use crate::harness::{eventually, fixture, Hub, Network};
use serde_json::{json, Value};
use tessera::db::models::user::User;
use tessera::services::{blocks, follows, posts};

struct World {
    _net: Network,
    hub: Hub,
    fake: FakeMastodon,
    alice: User,
    /// alice's public post, by its id.
    post: String,
}

async fn world() -> World {
    let mut net = Network::bind(&["hub-a.test", "masto.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let alice = hub.create_user("alice").await;
    hub.create_user("bea").await;
    let domain = net.domain("masto.test");
    let fake = FakeMastodon::start(
        net.take("masto.test"),
        &domain,
        &["felix", "eve"],
        net.client(),
    )
    .await;
    let input = posts::PostInput {
        content: "Our garden opens on Saturday",
        summary: "",
        visibility: "public",
        in_reply_to: None,
        language: Some("en"),
    };
    let post = posts::create(&hub.ctx, &alice, input)
        .await
        .expect("post")
        .ap_id
        .to_string();
    World {
        _net: net,
        hub,
        fake,
        alice,
        post,
    }
}

impl World {
    fn follow(&self, who: &str, n: u32, object: &str) -> Value {
        let actor = self.fake.actor_id(who);
        json!({"id": format!("{actor}/follows/{n}"), "type": "Follow", "actor": actor, "object": object})
    }

    /// Mastodon's Create of a public reply by `who` to alice's post (the fixture).
    fn reply(&self, who: &str, n: u32) -> Value {
        let author = self.fake.actor_id(who);
        let id = format!("{author}/statuses/{n}");
        let public = "https://www.w3.org/ns/activitystreams#Public";
        let mut create = fixture("mastodon/activities/create_note.json");
        create["id"] = json!(format!("{id}/activity"));
        create["actor"] = json!(author);
        create["to"] = json!([public]);
        create["cc"] = json!([self.hub.actor_url("alice")]);
        let note = &mut create["object"];
        note["id"] = json!(id);
        note["attributedTo"] = json!(author);
        note["inReplyTo"] = json!(self.post);
        note["to"] = json!([public]);
        note["cc"] = json!([self.hub.actor_url("alice")]);
        note["tag"] = json!([{"type": "Mention", "href": self.hub.actor_url("alice")}]);
        create
    }

    async fn send(&self, who: &str, activity: &Value) {
        let status = self
            .fake
            .send(who, &self.hub, &self.hub.url("/inbox"), activity)
            .await;
        assert_eq!(status, 202, "{activity}");
    }

    /// The first activity the fake received for which `matches` holds, once it has come.
    async fn received(&self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        eventually(what, || async {
            self.fake.inbox_items().iter().any(&matches)
        })
        .await;
        self.fake
            .inbox_items()
            .into_iter()
            .find(|a| matches(a))
            .unwrap()
    }

    /// alice follows `who`, who accepts.
    async fn alice_follows(&self, who: &str) {
        let target = self.fake.actor_id(who);
        let (row, _) = follows::follow(&self.hub.ctx, &self.alice, &target)
            .await
            .expect("follow");
        let alice = self.hub.actor_url("alice");
        let accept = json!({"id": format!("{target}#accepts/{}", row.id), "type": "Accept", "actor": target,
            "object": {"id": row.ap_id, "type": "Follow", "actor": alice, "object": target}});
        self.send(who, &accept).await;
        assert!(follow_row(&self.hub, &alice, &target)
            .await
            .is_some_and(|f| f.is_accepted()));
    }
}

#[tokio::test]
async fn blocking_a_remote_account_ends_follows_and_refuses_it() {
    let w = world().await;
    let (alice, felix) = (w.hub.actor_url("alice"), w.fake.actor_id("felix"));

    // Before: felix and alice follow each other, felix's reply is kept.
    w.send("felix", &w.follow("felix", 1, &alice)).await;
    assert!(follow_row(&w.hub, &felix, &alice)
        .await
        .is_some_and(|f| f.is_accepted()));
    w.alice_follows("felix").await;
    let first = w.reply("felix", 1);
    w.send("felix", &first).await;
    assert!(
        post(&w.hub, first["object"]["id"].as_str().unwrap())
            .await
            .is_some(),
        "control reply"
    );

    let felix_id = actor(&w.hub, &felix).await.unwrap().id;
    blocks::block(&w.hub.ctx, &w.alice, felix_id)
        .await
        .expect("block");
    let block = w.received("the Block", |a| a["type"] == "Block").await;
    assert_eq!(block["actor"], alice);
    assert_eq!(block["object"], felix);
    assert!(
        follow_row(&w.hub, &felix, &alice).await.is_none(),
        "felix still follows alice"
    );
    assert!(
        follow_row(&w.hub, &alice, &felix).await.is_none(),
        "alice still follows felix"
    );

    // A later Follow: answered with a Reject, no follow made.
    let again = w.follow("felix", 2, &alice);
    w.send("felix", &again).await;
    let reject = w
        .received("the Reject", |a| {
            a["type"] == "Reject"
                && (a["object"]["id"] == again["id"] || a["object"] == again["id"])
        })
        .await;
    assert_eq!(reject["actor"], alice);
    assert!(
        follow_row(&w.hub, &felix, &alice).await.is_none(),
        "the follow was made"
    );
    assert!(
        !w.fake
            .inbox_items()
            .iter()
            .any(|a| a["type"] == "Accept" && a["object"]["id"] == again["id"]),
        "the blocked account's follow was accepted"
    );

    // A reply to alice's post: dropped. eve's, the same shape: kept.
    let blocked_reply = w.reply("felix", 2);
    w.send("felix", &blocked_reply).await;
    assert!(
        post(&w.hub, blocked_reply["object"]["id"].as_str().unwrap())
            .await
            .is_none(),
        "the blocked reply was kept"
    );
    let other_reply = w.reply("eve", 3);
    w.send("eve", &other_reply).await;
    assert!(post(&w.hub, other_reply["object"]["id"].as_str().unwrap())
        .await
        .is_some());

    // Unblocked: felix is sent Undo{Block}, and may follow again.
    blocks::unblock(&w.hub.ctx, &w.alice, felix_id)
        .await
        .expect("unblock");
    let undo = w.received("the Undo", |a| a["type"] == "Undo").await;
    assert_eq!(undo["object"]["type"], "Block");
    assert_eq!(undo["object"]["id"], block["id"]);
    w.send("felix", &w.follow("felix", 3, &alice)).await;
    assert!(follow_row(&w.hub, &felix, &alice)
        .await
        .is_some_and(|f| f.is_accepted()));
}

#[tokio::test]
async fn a_members_block_of_a_domain_refuses_its_accounts_for_that_member_only() {
    let w = world().await;
    let (alice, bea) = (w.hub.actor_url("alice"), w.hub.actor_url("bea"));
    let eve = w.fake.actor_id("eve");
    let first = w.follow("eve", 1, &alice);
    w.send("eve", &first).await;
    assert!(follow_row(&w.hub, &eve, &alice).await.is_some());

    blocks::block_domain(&w.hub.ctx, &w.alice, "MASTO.TEST", true)
        .await
        .expect("block domain");
    assert!(
        follow_row(&w.hub, &eve, &alice).await.is_none(),
        "eve still follows alice"
    );
    // eve's server is told the follow ended (Mastodon's soft block), so it stops showing
    // eve as a follower and stops expecting alice's followers-only posts.
    let ended = w
        .received("the Reject of the first follow", |a| {
            a["type"] == "Reject"
                && (a["object"]["id"] == first["id"] || a["object"] == first["id"])
        })
        .await;
    assert_eq!(ended["actor"], alice);
    let again = w.follow("eve", 2, &alice);
    w.send("eve", &again).await;
    w.received("the Reject", |a| {
        a["type"] == "Reject" && (a["object"]["id"] == again["id"] || a["object"] == again["id"])
    })
    .await;
    assert!(follow_row(&w.hub, &eve, &alice).await.is_none());
    let reply = w.reply("felix", 1);
    w.send("felix", &reply).await;
    assert!(
        post(&w.hub, reply["object"]["id"].as_str().unwrap())
            .await
            .is_none(),
        "a reply from the domain was kept"
    );

    // bea did not block it: eve follows her.
    w.send("eve", &w.follow("eve", 3, &bea)).await;
    assert!(follow_row(&w.hub, &eve, &bea)
        .await
        .is_some_and(|f| f.is_accepted()));
    // A member cannot block this hub.
    assert!(
        blocks::block_domain(&w.hub.ctx, &w.alice, &w.hub.domain, true)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_blocked_account_cannot_join_the_members_event() {
    let w = world().await;
    let client = w._net.client();
    let token = w.hub.token("alice").await;
    let event = crate::harness::events::create(&client, &w.hub, &token, json!({})).await;
    let (key, event_id) = (
        event["key"].as_str().unwrap(),
        event["id"].as_str().unwrap(),
    );
    let count = || async {
        let path = format!("/events/{key}");
        let (_, e) =
            crate::harness::api::call(&client, &w.hub, None, reqwest::Method::GET, &path, None)
                .await;
        e["participant_count"].as_i64().unwrap()
    };
    let join = |who: &str| {
        json!({"id": format!("{}/joins/1", w.fake.actor_id(who)), "type": "Join",
            "actor": w.fake.actor_id(who), "object": event_id})
    };
    // felix is known here (he followed alice), then blocked.
    w.send("felix", &w.follow("felix", 1, &w.hub.actor_url("alice")))
        .await;
    let felix = actor(&w.hub, &w.fake.actor_id("felix")).await.unwrap();
    blocks::block(&w.hub.ctx, &w.alice, felix.id)
        .await
        .expect("block");

    let refused = join("felix");
    w.send("felix", &refused).await;
    w.received("the Reject of felix's Join", |a| {
        a["type"] == "Reject"
            && (a["object"]["id"] == refused["id"] || a["object"] == refused["id"])
    })
    .await;
    assert_eq!(count().await, 0, "the blocked account was counted in");
    // eve, not blocked, joins.
    w.send("eve", &join("eve")).await;
    assert_eq!(count().await, 1);
}

#[tokio::test]
async fn a_block_from_a_remote_account_ends_follows_until_it_is_undone() {
    let w = world().await;
    let (alice, felix) = (w.hub.actor_url("alice"), w.fake.actor_id("felix"));
    w.send("felix", &w.follow("felix", 1, &alice)).await;
    w.alice_follows("felix").await;

    let block = json!({"id": format!("{felix}#blocks/1"), "type": "Block", "actor": felix, "object": alice});
    w.send("felix", &block).await;
    assert!(
        follow_row(&w.hub, &felix, &alice).await.is_none(),
        "felix still follows alice"
    );
    assert!(
        follow_row(&w.hub, &alice, &felix).await.is_none(),
        "alice still follows felix"
    );
    let follows_sent = || {
        w.fake
            .inbox_items()
            .iter()
            .filter(|a| a["type"] == "Follow" && a["actor"] == alice)
            .count()
    };
    let sent_before = follows_sent();
    let refused = follows::follow(&w.hub.ctx, &w.alice, &felix).await;
    assert!(
        matches!(
            refused,
            Err(tessera::error::AppError::NotAllowed("follow-error-blocked"))
        ),
        "{refused:?}"
    );
    // (Deliveries are queued in the same transaction as the follow: none was made.)
    assert_eq!(
        follows_sent(),
        sent_before,
        "a Follow was sent to an account that blocked alice"
    );
    assert!(follow_row(&w.hub, &alice, &felix).await.is_none());
    // bea is not concerned by felix's block of alice.
    let bea = w.hub.user("bea").await;
    follows::follow(&w.hub.ctx, &bea, &felix)
        .await
        .expect("bea may follow felix");

    // A Block of an account that is not here changes nothing and is acknowledged.
    let elsewhere = json!({"id": format!("{felix}#blocks/2"), "type": "Block", "actor": felix,
        "object": "https://elsewhere.test/users/zed"});
    w.send("felix", &elsewhere).await;

    let undo = json!({"id": format!("{felix}#blocks/1/undo"), "type": "Undo", "actor": felix, "object": block});
    w.send("felix", &undo).await;
    w.alice_follows("felix").await;
}
