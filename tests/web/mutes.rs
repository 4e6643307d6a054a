//! A thread page as a member who blocked or muted someone sees it: that account's replies
//! stay in place, folded, and everyone else sees them as before.

use crate::harness::browser::{member, shows, Browser};
use crate::harness::communities::{input, text};
use crate::harness::Network;
use tessera::services::{blocks, communities, threads};

#[tokio::test]
async fn replies_of_a_muted_account_are_folded_for_the_member_only() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana_b = member(&net, &hub, "ana").await;
    let (ana, bob) = (hub.user("ana").await, hub.create_user("bob").await);
    communities::create(&hub.ctx, &ana, input("garden"))
        .await
        .expect("community");
    let (_, garden) = communities::get(&hub.ctx, "garden").await.unwrap();
    crate::harness::communities::follow(&hub, &bob, garden.ap_id.as_str()).await;
    let root = threads::create_thread(&hub.ctx, &ana, "garden", text("Seeds", "Swap?", "en"))
        .await
        .expect("thread");
    threads::reply(
        &hub.ctx,
        &bob,
        root.id,
        text("", "Buy my seeds cheap", "en"),
    )
    .await
    .expect("reply");
    let path = hub.url(&format!("/threads/{}", root.id));

    let (_, before) = ana_b.get(&path).await;
    shows(&before, &["Buy my seeds cheap"]);
    assert!(!before.contains("muted-post"), "folded before the mute");

    let bob_actor = bob.actor_id;
    blocks::mute(&hub.ctx, &ana, bob_actor, true)
        .await
        .expect("mute");
    let (status, after) = ana_b.get(&path).await;
    assert_eq!(status, 200);
    shows(&after, &["From an account you blocked or muted"]);
    let folded = after.find("muted-post").expect("the reply is folded");
    let text_at = after.find("Buy my seeds cheap").expect("still readable");
    assert!(text_at > folded, "the reply is not inside the fold");

    // Someone else, and a visitor, see the reply as before.
    let (_, visitor) = Browser::new(&net).get(&path).await;
    assert!(!visitor.contains("muted-post"));
    shows(&visitor, &["Buy my seeds cheap"]);
}
