//! Notifications as members meet them: what happens to them (followed, answered, liked,
//! asked to join an event, accepted, a report decided) shows in the menu's count and on
//! `/notifications`, once, never from someone they muted; each kind can be hidden, e-mailed
//! at once or gathered in a digest; the API lists and clears them. From other servers too.

use crate::harness::api::call;
use crate::harness::browser::{csrf, member, shows};
use crate::harness::mail::{queued, sent_to};
use crate::harness::moderation::follow_row;
use crate::harness::{fixture, hub_and_fake, Network};
use reqwest::Method;
use serde_json::json;
use tessera::services::{blocks, emails, follows, notifications, posts, reactions};

fn note(content: &str, reply_to: Option<&str>) -> posts::PostInput<'static> {
    posts::PostInput {
        content: Box::leak(content.to_string().into_boxed_str()),
        summary: "",
        visibility: "public",
        in_reply_to: reply_to.map(|r| &*Box::leak(r.to_string().into_boxed_str())),
        language: Some("en"),
    }
}

async fn kinds(hub: &crate::harness::Hub, name: &str) -> Vec<String> {
    let user = hub.user(name).await;
    notifications::list(&hub.ctx, &user, None)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect()
}

#[tokio::test]
async fn a_member_is_told_who_followed_answered_and_liked_and_reads_it_once() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana_b = member(&net, &hub, "ana").await;
    let (ana, bob, cleo) = (
        hub.user("ana").await,
        hub.create_user("bob").await,
        hub.create_user("cleo").await,
    );
    let post = posts::create(&hub.ctx, &ana, note("Seeds to swap", None))
        .await
        .unwrap();

    follows::follow(&hub.ctx, &bob, &hub.actor_url("ana"))
        .await
        .unwrap();
    let reply = posts::create(
        &hub.ctx,
        &bob,
        note("I have beans", Some(post.ap_id.as_str())),
    )
    .await
    .unwrap();
    reactions::favourite(&hub.ctx, &bob, post.id, true)
        .await
        .unwrap();
    // Liked again after an unlike: still one notification. Her own like: none.
    reactions::favourite(&hub.ctx, &bob, post.id, false)
        .await
        .unwrap();
    reactions::favourite(&hub.ctx, &bob, post.id, true)
        .await
        .unwrap();
    reactions::favourite(&hub.ctx, &ana, reply.id, true)
        .await
        .unwrap();
    assert_eq!(kinds(&hub, "ana").await, ["like", "reply", "follow"]);
    assert_eq!(
        kinds(&hub, "bob").await,
        ["like"],
        "bob is told of ana's like"
    );

    // The menu counts them; the page says who did what and links there; then they are read.
    let (_, home) = ana_b.get(&hub.url("/")).await;
    shows(&home, &["Notifications (3)"]);
    let (status, page) = ana_b.get(&hub.url("/notifications")).await;
    assert_eq!(status, 200);
    let bob_is = format!("bob (@bob@{})", hub.domain);
    shows(
        &page,
        &[
            &format!("{bob_is} follows you"),
            &format!("{bob_is} replied to you"),
            "liked your post",
            reply.ap_id.as_str(),
        ],
    );
    let (_, home) = ana_b.get(&hub.url("/")).await;
    assert!(
        !home.contains("Notifications ("),
        "still counted after reading"
    );

    // Muted: cleo's acts no longer reach ana.
    blocks::mute(&hub.ctx, &ana, cleo.actor_id, true)
        .await
        .unwrap();
    posts::create(&hub.ctx, &cleo, note("Me too", Some(post.ap_id.as_str())))
        .await
        .unwrap();
    reactions::favourite(&hub.ctx, &cleo, post.id, true)
        .await
        .unwrap();
    assert_eq!(
        kinds(&hub, "ana").await.len(),
        3,
        "a muted account notified"
    );

    // The API lists them with their type and account, and clears them.
    let token = hub.token("ana").await;
    let client = net.client();
    posts::create(&hub.ctx, &bob, note("And peas", Some(post.ap_id.as_str())))
        .await
        .unwrap();
    let (status, list) = call(
        &client,
        &hub,
        Some(&token),
        Method::GET,
        "/notifications",
        None,
    )
    .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list[0]["type"], "reply");
    assert_eq!(list[0]["read"], false);
    assert_eq!(list[0]["account"]["name"], "bob", "{list}");
    assert_eq!(list[3]["type"], "follow");
    let (status, _) = call(
        &client,
        &hub,
        Some(&token),
        Method::POST,
        "/notifications/read",
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        notifications::unread_count(&hub.ctx, &ana).await.unwrap(),
        0
    );
    let (status, _) = call(&client, &hub, None, Method::GET, "/notifications", None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn preferences_hide_a_kind_or_send_it_by_email_at_once_or_in_a_digest() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana_b = member(&net, &hub, "ana").await;
    let bob = hub.create_user("bob").await;
    // ana confirms an address (e-mail needs one).
    let ana = hub.user("ana").await;
    emails::send_verification(&hub.ctx, &ana, "ana@example.org", "en")
        .await
        .unwrap();
    let mail = sent_to(&hub, "ana@example.org", 1).await.remove(0);
    let link = crate::harness::mail::link(&mail, &hub, "/email/verify/");
    ana_b.get(&link).await;
    let ana = hub.user("ana").await;

    // The preferences form: follows hidden, likes e-mailed at once, replies daily.
    let (status, form) = ana_b.get(&hub.url("/settings/notifications")).await;
    assert_eq!(status, 200);
    let token = csrf(&form);
    let mut fields = vec![("csrf_token", token.as_str())];
    for k in notifications::KINDS {
        if *k != "follow" {
            fields.push((Box::leak(format!("web_{k}").into_boxed_str()), "on"));
        }
    }
    fields.push(("email_like", "instant"));
    fields.push(("email_reply", "daily"));
    let (status, _, _, location) = ana_b
        .post(&hub.url("/settings/notifications"), &fields)
        .await;
    assert_eq!(
        (status.as_u16(), location.as_deref()),
        (303, Some("/settings/notifications"))
    );
    let (_, form) = ana_b.get(&hub.url("/settings/notifications")).await;
    assert!(
        form.contains("value=\"instant\" selected"),
        "the choice is not shown"
    );

    let post = posts::create(&hub.ctx, &ana, note("Seeds to swap", None))
        .await
        .unwrap();
    follows::follow(&hub.ctx, &bob, &hub.actor_url("ana"))
        .await
        .unwrap();
    assert!(
        !kinds(&hub, "ana").await.contains(&"follow".to_string()),
        "a hidden kind is listed"
    );
    reactions::favourite(&hub.ctx, &bob, post.id, true)
        .await
        .unwrap();
    let like_mail = sent_to(&hub, "ana@example.org", 2).await.remove(1);
    assert!(
        like_mail.subject.contains("liked your post"),
        "{}",
        like_mail.subject
    );
    assert!(
        like_mail.text_body.contains(post.ap_id.as_str()),
        "{}",
        like_mail.text_body
    );

    // Replies wait for the daily digest: not before a day, then all in one message.
    for text in ["Beans", "Peas"] {
        posts::create(&hub.ctx, &bob, note(text, Some(post.ap_id.as_str())))
            .await
            .unwrap();
    }
    assert_eq!(notifications::send_digests(&hub.ctx).await.unwrap(), 0);
    hub.ctx.clock.advance(chrono::Duration::hours(25));
    assert_eq!(notifications::send_digests(&hub.ctx).await.unwrap(), 1);
    let digest = sent_to(&hub, "ana@example.org", 3).await.remove(2);
    assert!(
        digest.subject.starts_with("2 notifications"),
        "{}",
        digest.subject
    );
    assert_eq!(
        digest.text_body.matches("replied to you").count(),
        2,
        "{}",
        digest.text_body
    );
    assert_eq!(
        notifications::send_digests(&hub.ctx).await.unwrap(),
        0,
        "sent twice"
    );
    assert_eq!(queued(&hub).await.len(), 3);
}

#[tokio::test]
async fn what_other_servers_send_notifies_once() {
    let (_net, hub, fake) = hub_and_fake(&["felix"]).await;
    let alice = hub.create_user("alice").await;
    let post = posts::create(&hub.ctx, &alice, note("Our garden opens", None))
        .await
        .unwrap();
    let felix = fake.actor_id("felix");
    let inbox = hub.url("/inbox");
    let follow = json!({"id": format!("{felix}/follows/1"), "type": "Follow", "actor": felix, "object": hub.actor_url("alice")});
    assert_eq!(fake.send("felix", &hub, &inbox, &follow).await, 202);
    assert!(follow_row(&hub, &felix, &hub.actor_url("alice"))
        .await
        .is_some());

    // Mastodon's reply (the fixture), mentioning alice.
    let mut create = fixture("mastodon/activities/create_note.json");
    let id = format!("{felix}/statuses/1");
    create["id"] = json!(format!("{id}/activity"));
    create["actor"] = json!(felix);
    create["to"] = json!(["https://www.w3.org/ns/activitystreams#Public"]);
    create["cc"] = json!([hub.actor_url("alice")]);
    create["object"]["id"] = json!(id);
    create["object"]["attributedTo"] = json!(felix);
    create["object"]["inReplyTo"] = json!(post.ap_id.as_str());
    create["object"]["tag"] = json!([{"type": "Mention", "href": hub.actor_url("alice")}]);
    assert_eq!(fake.send("felix", &hub, &inbox, &create).await, 202);
    let like = json!({"id": format!("{felix}#likes/1"), "type": "Like", "actor": felix, "object": post.ap_id.as_str()});
    for _ in 0..2 {
        assert_eq!(fake.send("felix", &hub, &inbox, &like).await, 202);
    }
    assert_eq!(kinds(&hub, "alice").await, ["like", "reply", "follow"]);
    let lines = notifications::list(&hub.ctx, &alice, None).await.unwrap();
    let line = notifications::describe(&hub.ctx, "fr", &lines[2])
        .await
        .unwrap();
    assert!(line.text.contains("vous suit"), "{}", line.text);
    assert!(line.link.contains("/@felix@"), "{}", line.link);
}

#[tokio::test]
async fn organisers_hear_of_requests_and_participants_of_their_acceptance() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    hub.create_user("ana").await;
    hub.create_user("bob").await;
    let client = net.client();
    let (org, bob) = (hub.token("ana").await, hub.token("bob").await);
    let event = crate::harness::events::create(
        &client,
        &hub,
        &org,
        json!({"join_mode": "approval", "capacity": null}),
    )
    .await;
    let key = event["key"].as_str().unwrap();
    let (_, p) = call(
        &client,
        &hub,
        Some(&bob),
        Method::POST,
        &format!("/events/{key}/join"),
        None,
    )
    .await;
    assert_eq!(p["state"], "pending");
    assert_eq!(kinds(&hub, "ana").await, ["participation_request"]);
    let title = event["title"].as_str().unwrap();
    let ana = hub.user("ana").await;
    let line = notifications::describe(
        &hub.ctx,
        "en",
        &notifications::list(&hub.ctx, &ana, None).await.unwrap()[0],
    )
    .await
    .unwrap();
    assert!(
        line.text.contains(title) && line.link.ends_with(&format!("/events/{key}")),
        "{line:?}"
    );
    let (status, _) = call(
        &client,
        &hub,
        Some(&org),
        Method::POST,
        &format!("/events/{key}/participants/{}/approve", p["id"]),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(kinds(&hub, "bob").await, ["participation_accepted"]);
}
