//! Blocks hold when content is relayed. A remote community (Lemmy's shape, FEP-1b12) that a
//! member follows announces posts of its server's people and of other servers'; a post by
//! an actor of a suspended domain, or by a suspended account, is refused in the
//! community's Announce just as it is when its author sends it, and nothing is fetched from
//! a suspended domain to check it.

use crate::harness::communities::arrived;
use crate::harness::moderation::{actor, block, post};
use crate::harness::remote::FakeMastodon;
use crate::harness::{fixture, Hub, Network};
use serde_json::{json, Value};
use tessera::services::{accounts, follows};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

struct World {
    _net: Network,
    hub: Hub,
    /// The community's server (the community `rcomm` and its member `rita`).
    remote: FakeMastodon,
    /// Another server, whose `mallory` posts in the community.
    bad: FakeMastodon,
    rcomm: String,
}

/// A Lemmy community document for `name` on `fake` (as `relay_attacks` builds it).
fn group_doc(fake: &FakeMastodon, name: &str) -> Value {
    let mut group = fixture("lemmy/objects/group.json");
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

async fn world() -> World {
    let mut net = Network::bind(&["hub-a.test", "remote.test", "bad.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let domain = net.domain("remote.test");
    let remote = FakeMastodon::start(
        net.take("remote.test"),
        &domain,
        &["rcomm", "rmod", "rita"],
        net.client(),
    )
    .await;
    let domain = net.domain("bad.test");
    let bad = FakeMastodon::start(net.take("bad.test"), &domain, &["mallory"], net.client()).await;
    remote.set_actor("rcomm", group_doc(&remote, "rcomm"));
    let rcomm = remote.actor_id("rcomm");
    remote.serve(
        &format!("{rcomm}/moderators"),
        json!({"type": "OrderedCollection", "id": format!("{rcomm}/moderators"),
            "orderedItems": [remote.actor_id("rmod")]}),
    );
    // mia follows the community, which accepts.
    let mia = hub.create_user("mia").await;
    let (row, _) = follows::follow(&hub.ctx, &mia, &rcomm)
        .await
        .expect("follow");
    let accept = json!({"id": format!("{rcomm}/accepts/1"), "type": "Accept", "actor": rcomm,
        "object": {"id": row.ap_id, "type": "Follow", "actor": hub.actor_url("mia"), "object": rcomm}});
    assert_eq!(
        remote
            .send("rcomm", &hub, &hub.url("/inbox"), &accept)
            .await,
        202
    );
    World {
        _net: net,
        hub,
        remote,
        bad,
        rcomm,
    }
}

impl World {
    /// The Create of a thread by `who` of `fake` in the community (served at its id by its
    /// author's server), and the community's Announce of it.
    fn relay(&self, fake: &FakeMastodon, who: &str, n: u32) -> (String, Value) {
        let author = fake.actor_id(who);
        let page = format!("http://{}/post/{who}-{n}", fake.domain);
        let create = json!({"id": format!("http://{}/activities/create/{who}-{n}", fake.domain),
            "type": "Create", "actor": author, "to": [PUBLIC], "cc": [self.rcomm], "audience": self.rcomm,
            "object": {"id": page, "type": "Page", "attributedTo": author, "name": format!("Thread {n}"),
                "content": "<p>Hello</p>", "to": [PUBLIC], "cc": [self.rcomm], "audience": self.rcomm,
                "published": "2026-12-01T10:00:00Z"}});
        fake.serve(create["id"].as_str().unwrap(), create.clone());
        fake.serve(&page, create["object"].clone());
        let announce = json!({"id": format!("{}/announces/{who}-{n}", self.rcomm), "type": "Announce",
            "actor": self.rcomm, "to": [PUBLIC], "cc": [format!("{}/followers", self.rcomm)],
            "object": create});
        (page, announce)
    }

    async fn announce(&self, activity: &Value) -> u16 {
        self.remote
            .send("rcomm", &self.hub, &self.hub.url("/inbox"), activity)
            .await
            .as_u16()
    }
}

#[tokio::test]
async fn a_communitys_relay_of_a_suspended_domains_post_is_refused() {
    let w = world().await;
    // Before the block, mallory's thread arrives through the community.
    let (page, announce) = w.relay(&w.bad, "mallory", 1);
    assert_eq!(w.announce(&announce).await, 202);
    arrived(&w.hub, &page).await;

    block(&w.hub, "bad.test", "suspend").await;
    assert!(
        post(&w.hub, &page).await.is_none(),
        "the suspended domain's thread stayed"
    );
    let fetches = w.bad.fetches().len();
    let (page, announce) = w.relay(&w.bad, "mallory", 2);
    assert_eq!(w.announce(&announce).await, 403);
    assert!(post(&w.hub, &page).await.is_none());
    assert_eq!(
        w.bad.fetches().len(),
        fetches,
        "the hub fetched from the suspended domain"
    );

    // The community's own people still come through.
    let (page, announce) = w.relay(&w.remote, "rita", 3);
    assert_eq!(w.announce(&announce).await, 202);
    arrived(&w.hub, &page).await;
}

#[tokio::test]
async fn a_communitys_relay_of_a_suspended_accounts_post_is_refused() {
    let w = world().await;
    let (page, announce) = w.relay(&w.remote, "rita", 1);
    assert_eq!(w.announce(&announce).await, 202);
    arrived(&w.hub, &page).await;

    let rita = actor(&w.hub, &w.remote.actor_id("rita")).await.unwrap();
    accounts::set_standing(&w.hub.ctx, None, rita.id, "suspended", "Spam ring")
        .await
        .expect("suspend");
    assert!(
        post(&w.hub, &page).await.is_none(),
        "the suspended account's thread stayed"
    );

    // Sent by rita herself: refused.
    let (page, announce) = w.relay(&w.remote, "rita", 2);
    let create = announce["object"].clone();
    assert_eq!(
        w.remote
            .send("rita", &w.hub, &w.hub.url("/inbox"), &create)
            .await,
        403
    );
    // Relayed by her community: refused as well, nothing kept.
    let status = w.announce(&announce).await;
    assert!(
        post(&w.hub, &page).await.is_none(),
        "a suspended account's thread came in through its community's Announce"
    );
    assert_eq!(status, 403);

    // Others of the community still come through.
    let (page, announce) = w.relay(&w.remote, "rmod", 3);
    assert_eq!(w.announce(&announce).await, 202);
    arrived(&w.hub, &page).await;
}
