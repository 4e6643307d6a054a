//! Moving accounts (Mastodon's `Move` with `alsoKnownAs`): an account elsewhere that moves
//! takes its followers here along, only when its new account names it; a member who moves
//! sends `Move` to their followers elsewhere and their followers here follow the new account.

use crate::harness::moderation::follow_row;
use crate::harness::{eventually, hub_and_fake, Hub};
use serde_json::{json, Value};
use tessera::services::{follows, moves};

async fn actor_doc(client: &reqwest::Client, url: &str) -> Value {
    client
        .get(url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn follows_it(hub: &Hub, follower: &str, followee: &str) -> bool {
    follow_row(hub, follower, followee).await.is_some()
}

#[tokio::test]
async fn a_remote_account_that_moves_takes_its_followers_here_along() {
    let (net, hub, fake) = hub_and_fake(&["felix", "felix2", "felix3", "gina"]).await;
    let client = net.client();
    let ana = hub.create_user("ana").await;
    let ana_id = hub.actor_url("ana");
    let (felix, felix2, felix3) = (
        fake.actor_id("felix"),
        fake.actor_id("felix2"),
        fake.actor_id("felix3"),
    );
    follows::follow(&hub.ctx, &ana, &felix).await.unwrap();
    let row = follow_row(&hub, &ana_id, &felix).await.unwrap();
    let accept = json!({"id": format!("{felix}/accepts/1"), "type": "Accept", "actor": felix,
        "object": row.ap_id});
    assert!(fake
        .send("felix", &hub, &hub.url("/inbox"), &accept)
        .await
        .is_success());
    let inbox = hub.url("/inbox");
    let moving = |n: u32, actor: &str, object: &str, target: &str| {
        json!({"id": format!("{actor}/moves/{n}"), "type": "Move", "actor": actor,
            "object": object, "target": target})
    };

    // To an account that does not name felix: nothing moves.
    fake.send("felix", &hub, &inbox, &moving(1, &felix, &felix, &felix3))
        .await;
    // Someone else cannot move felix.
    let gina = fake.actor_id("gina");
    let status = fake
        .send("gina", &hub, &inbox, &moving(2, &gina, &felix, &felix2))
        .await;
    assert!(status.is_client_error(), "{status}");
    assert!(follows_it(&hub, &ana_id, &felix).await);
    assert!(!follows_it(&hub, &ana_id, &felix3).await);

    // felix2 names felix: ana follows felix2 and no longer felix.
    let mut doc = actor_doc(&client, &felix2).await;
    doc["alsoKnownAs"] = json!([felix]);
    fake.set_actor("felix2", doc);
    fake.send("felix", &hub, &inbox, &moving(3, &felix, &felix, &felix2))
        .await;
    eventually("ana follows felix2", || async {
        follows_it(&hub, &ana_id, &felix2).await
    })
    .await;
    assert!(!follows_it(&hub, &ana_id, &felix).await);
    eventually("felix2's server gets the Follow", || async {
        fake.inbox_items()
            .iter()
            .any(|i| i["type"] == "Follow" && i["object"] == json!(felix2))
    })
    .await;
    let page = crate::harness::browser::member(&net, &hub, "ben")
        .await
        .get(&hub.url(&format!("/@felix@{}", fake.domain)))
        .await
        .1;
    assert!(page.contains("This account has moved to"), "{page}");
}

#[tokio::test]
async fn a_member_moves_to_an_account_that_names_them() {
    let (net, hub, fake) = hub_and_fake(&["felix"]).await;
    let client = net.client();
    let ana = hub.create_user("ana").await;
    let ana2 = hub.create_user("ana2").await;
    let ben = hub.create_user("ben").await;
    let (ana_id, ana2_id) = (hub.actor_url("ana"), hub.actor_url("ana2"));
    follows::follow(&hub.ctx, &ben, &ana_id).await.unwrap();
    // felix (elsewhere) follows ana.
    let felix = fake.actor_id("felix");
    let follow = json!({"id": format!("{felix}/follows/1"), "type": "Follow", "actor": felix,
        "object": ana_id});
    assert!(fake
        .send("felix", &hub, &hub.url("/inbox"), &follow)
        .await
        .is_success());

    // Refused until ana2 names ana.
    let handle = format!("@ana2@{}", hub.domain);
    let err = moves::move_to(&hub.ctx, &ana, &handle).await.unwrap_err();
    assert!(err.to_string().contains("move-error-not-alias"), "{err}");
    moves::set_aliases(&hub.ctx, &ana2, &[format!("@ana@{}", hub.domain)])
        .await
        .unwrap();
    let doc = actor_doc(&client, &ana2_id).await;
    assert_eq!(doc["alsoKnownAs"], json!([ana_id]));

    moves::move_to(&hub.ctx, &ana, &handle).await.unwrap();
    assert!(follows_it(&hub, &hub.actor_url("ben"), &ana2_id).await);
    assert!(!follows_it(&hub, &hub.actor_url("ben"), &ana_id).await);
    let doc = actor_doc(&client, &ana_id).await;
    assert_eq!(doc["movedTo"], json!(ana2_id));
    eventually("felix's server gets the Move", || async {
        fake.inbox_items().iter().any(|i| {
            i["type"] == "Move" && i["object"] == json!(ana_id) && i["target"] == json!(ana2_id)
        })
    })
    .await;
}
