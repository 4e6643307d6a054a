//! Direct messages over the wire: Mastodon's direct shape going out (the recipients in `to`,
//! nobody in `cc`, a `Mention` tag each), Mastodon's private message coming in (the shared
//! fixture) and joining the conversation, the Note served only to a recipient's signed
//! fetch, never in the outbox or on the profile, and a conversation between two hubs
//! through the JSON API.

use crate::harness::{eventually, fixture, hub_and_fake, TwoHubs};
use serde_json::{json, Value};
use tessera::services::entries::{self, EntryInput};
use tessera::services::messages::{self, MessageInput};
use tessera::services::notifications;

fn message<'a>(to: &'a str, content: &'a str, conversation: Option<i64>) -> MessageInput<'a> {
    MessageInput {
        to,
        content,
        conversation,
        language: None,
    }
}

/// The Creates the fake server received whose object's content holds `text`.
fn creates_with(items: &[Value], text: &str) -> Vec<Value> {
    items
        .iter()
        .filter(|i| i["type"] == "Create")
        .filter(|i| {
            i["object"]["content"]
                .as_str()
                .is_some_and(|c| c.contains(text))
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_direct_message_goes_to_its_recipient_alone_and_an_answer_joins_the_conversation() {
    let (net, hub, fake) = hub_and_fake(&["felix", "gina"]).await;
    let client = net.client();
    let ana = hub.create_user("ana").await;
    let ana_id = hub.actor_url("ana");
    let (felix, gina) = (fake.actor_id("felix"), fake.actor_id("gina"));
    let inbox = hub.url("/inbox");

    // gina follows ana: a direct message is not for followers.
    let follow = json!({"id": format!("{gina}/follows/1"), "type": "Follow", "actor": gina,
        "object": ana_id});
    assert!(fake.send("gina", &hub, &inbox, &follow).await.is_success());

    let sent = messages::send(
        &hub.ctx,
        &ana,
        message(&felix, "Hello Felix, shall we talk?", None),
    )
    .await
    .unwrap();
    eventually("felix receives the message", || async {
        !creates_with(&fake.inbox_items(), "Hello Felix").is_empty()
    })
    .await;
    let create = creates_with(&fake.inbox_items(), "Hello Felix").remove(0);
    let note = &create["object"];
    assert_eq!(note["id"], json!(sent.ap_id));
    assert_eq!(note["to"], json!([felix]), "{note}");
    assert_eq!(note["cc"], json!([]), "{note}");
    assert_eq!(
        note["tag"],
        json!([{"type": "Mention", "href": felix, "name": format!("@felix@{}", fake.domain)}])
    );
    let text = create.to_string();
    assert!(
        !text.contains("#Public") && !text.contains("/followers"),
        "{text}"
    );
    assert!(note["content"].as_str().unwrap().contains("u-url mention"));

    // Served only to a recipient's signed fetch; 404 to anyone else, as if it did not exist.
    let unsigned = client
        .get(&sent.ap_id)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 404);
    assert_eq!(
        fake.signed_get("gina", &hub, &sent.ap_id).await.status(),
        404
    );
    let fetched = fake.signed_get("felix", &hub, &sent.ap_id).await;
    assert_eq!(fetched.status(), 200);
    let fetched: Value = fetched.json().await.unwrap();
    assert_eq!(fetched["to"], json!([felix]));
    // A forged signature is refused outright.
    let forged = client
        .get(&sent.ap_id)
        .header("accept", "application/activity+json")
        .header("date", httpdate::fmt_http_date(std::time::SystemTime::now()))
        .header(
            "signature",
            format!("keyId=\"{felix}#main-key\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date\",signature=\"AAAA\""),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);

    // Never in the outbox, on the profile or in the browser's view of the post.
    let outbox: Value = client
        .get(hub.url("/users/ana/outbox?page=1"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!outbox.to_string().contains(&sent.ap_id), "{outbox}");
    let profile = client
        .get(hub.url("/@ana"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!profile.contains("Hello Felix"));
    assert_eq!(client.get(&sent.ap_id).send().await.unwrap().status(), 404);

    // Felix answers, as Mastodon sends a private message (the shared fixture's shape).
    let mut reply = fixture("mastodon/activities/private_message.json");
    let reply_id = format!("{felix}/statuses/2");
    reply["id"] = json!(reply_id);
    reply["url"] = json!(reply_id);
    reply["atomUri"] = json!(reply_id);
    reply["attributedTo"] = json!(felix);
    reply["inReplyTo"] = json!(sent.ap_id);
    reply["to"] = json!([ana_id]);
    reply["tag"] =
        json!([{"type": "Mention", "href": ana_id, "name": format!("@ana@{}", hub.domain)}]);
    reply["content"] = json!("<p>@ana Gladly, on Tuesday?</p>");
    reply.as_object_mut().unwrap().remove("contentMap");
    reply.as_object_mut().unwrap().remove("replies");
    let wrapped = json!({"@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{reply_id}/activity"), "type": "Create", "actor": felix,
        "to": [ana_id], "cc": [], "object": reply});
    assert!(fake
        .send("felix", &hub, &inbox, &wrapped)
        .await
        .is_success());

    let list = messages::list(&hub.ctx, &ana, None).await.unwrap();
    assert_eq!(list.len(), 1, "one conversation");
    assert!(list[0].unread);
    assert_eq!(list[0].others.len(), 1);
    assert_eq!(list[0].others[0].ap_id.as_str(), felix);
    assert_eq!(messages::unread_count(&hub.ctx, &ana).await.unwrap(), 1);
    let kinds: Vec<String> = notifications::list(&hub.ctx, &ana, None)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert!(kinds.contains(&"message".to_string()), "{kinds:?}");
    let view = messages::read(&hub.ctx, &ana, list[0].id).await.unwrap();
    let contents: Vec<&str> = view
        .posts
        .iter()
        .map(|(p, _)| p.content_html.as_str())
        .collect();
    assert_eq!(contents.len(), 2, "{contents:?}");
    assert!(contents[1].contains("Gladly"));
    assert_eq!(messages::unread_count(&hub.ctx, &ana).await.unwrap(), 0);

    // Ana answers in the conversation: to Felix, in reply to his message.
    messages::send(&hub.ctx, &ana, message("", "Tuesday it is.", Some(view.id)))
        .await
        .unwrap();
    eventually("felix receives the answer", || async {
        !creates_with(&fake.inbox_items(), "Tuesday it is").is_empty()
    })
    .await;
    let answer = creates_with(&fake.inbox_items(), "Tuesday it is").remove(0);
    assert_eq!(answer["object"]["inReplyTo"], json!(reply_id));
    assert_eq!(answer["object"]["to"], json!([felix]));
    // gina, who follows ana, got none of it.
    assert!(fake
        .inbox_items()
        .iter()
        .filter(|i| i["type"] == "Create")
        .all(|i| !i.to_string().contains(&gina) || i["actor"] == json!(gina)));

    // Deleting a message tells its recipient alone (addressed as the message was).
    tessera::services::posts::delete(&hub.ctx, &ana, sent.id)
        .await
        .unwrap();
    eventually("felix receives the Delete", || async {
        fake.inbox_items().iter().any(|i| {
            i["type"] == "Delete"
                && (i["object"] == json!(sent.ap_id) || i["object"]["id"] == json!(sent.ap_id))
        })
    })
    .await;
    let delete = fake
        .inbox_items()
        .into_iter()
        .find(|i| i["type"] == "Delete")
        .unwrap();
    assert_eq!(delete["to"], json!([felix]), "{delete}");
    assert!(!delete.to_string().contains("#Public"));

    // Someone outside the conversation cannot read or answer it.
    let eva = hub.create_user("eva").await;
    assert!(messages::read(&hub.ctx, &eva, view.id).await.is_err());
    assert!(
        messages::send(&hub.ctx, &eva, message("", "me too", Some(view.id)))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_message_to_an_organisation_reaches_its_admins() {
    let (_net, hub, fake) = hub_and_fake(&["felix"]).await;
    let olga = hub.create_user("olga").await;
    let (_, org) = entries::create(
        &hub.ctx,
        &olga,
        "organisation",
        EntryInput {
            handle: "helpdesk".into(),
            name: "Help desk".into(),
            ..EntryInput::default()
        },
    )
    .await
    .unwrap();
    let felix = fake.actor_id("felix");
    let org_id = org.ap_id.to_string();
    let note_id = format!("{felix}/statuses/9");
    let create = json!({"id": format!("{note_id}/activity"), "type": "Create", "actor": felix,
        "to": [org_id], "cc": [],
        "object": {"id": note_id, "type": "Note", "attributedTo": felix, "to": [org_id],
            "cc": [], "content": "<p>Can you advise on ESF+ funding?</p>",
            "tag": [{"type": "Mention", "href": org_id, "name": "@helpdesk"}],
            "published": "2026-12-06T10:00:00Z"}});
    assert!(fake
        .send("felix", &hub, &hub.url("/inbox"), &create)
        .await
        .is_success());
    let list = messages::list(&hub.ctx, &olga, None).await.unwrap();
    assert_eq!(list.len(), 1, "olga, the admin, has the conversation");
    let others: Vec<String> = list[0].others.iter().map(|a| a.ap_id.to_string()).collect();
    assert!(
        others.contains(&felix) && others.contains(&org_id),
        "{others:?}"
    );
    let kinds: Vec<String> = notifications::list(&hub.ctx, &olga, None)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(kinds, ["message"]);

    // Her answer goes back to Felix (and stays addressed to the organisation).
    messages::send(
        &hub.ctx,
        &olga,
        message("", "Yes: ask us anything.", Some(list[0].id)),
    )
    .await
    .unwrap();
    eventually("felix receives the answer", || async {
        !creates_with(&fake.inbox_items(), "ask us anything").is_empty()
    })
    .await;
    let answer = creates_with(&fake.inbox_items(), "ask us anything").remove(0);
    let to = answer["object"]["to"].as_array().unwrap().clone();
    assert!(
        to.contains(&json!(felix)) && to.contains(&json!(org_id)),
        "{to:?}"
    );
}

#[tokio::test]
async fn two_hubs_hold_a_conversation_through_the_api() {
    let hubs = TwoHubs::start().await;
    let (a, b, client) = (&hubs.a, &hubs.b, &hubs.client);
    let res = client
        .post(a.url("/api/v1/conversations"))
        .bearer_auth(&hubs.ana)
        .json(&json!({"to": [format!("ben@{}", b.domain)], "content": "Hi Ben, from Tallinn."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent["status"]["visibility"], "direct");

    let ben_conversations = || async {
        client
            .get(b.url("/api/v1/conversations"))
            .bearer_auth(&hubs.ben)
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    eventually("ben has the conversation", || async {
        ben_conversations()
            .await
            .as_array()
            .is_some_and(|l| l.len() == 1)
    })
    .await;
    let conversation = ben_conversations().await[0].clone();
    assert_eq!(conversation["unread"], true);
    assert_eq!(
        conversation["accounts"][0]["handle"],
        json!(format!("@ana@{}", a.domain))
    );
    let id = conversation["id"].as_str().unwrap();
    let res = client
        .post(b.url(&format!("/api/v1/conversations/{id}")))
        .bearer_auth(&hubs.ben)
        .json(&json!({"content": "Hello Ana, from Lisbon."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);

    let a_id = sent["conversation_id"].as_str().unwrap();
    eventually("ana reads the answer in the same conversation", || async {
        let detail: Value = client
            .get(a.url(&format!("/api/v1/conversations/{a_id}")))
            .bearer_auth(&hubs.ana)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        detail["statuses"].as_array().is_some_and(|s| {
            s.len() == 2
                && s[1]["content"]
                    .as_str()
                    .unwrap_or("")
                    .contains("from Lisbon")
        })
    })
    .await;
    // Nobody else reads it: 404 for a conversation one is not in.
    a.create_user("eva").await;
    let eva = a.token("eva").await;
    let res = client
        .get(a.url(&format!("/api/v1/conversations/{a_id}")))
        .bearer_auth(&eva)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // An unknown recipient is a 422 at the field.
    let res = client
        .post(a.url("/api/v1/conversations"))
        .bearer_auth(&hubs.ana)
        .json(&json!({"to": ["nobody"], "content": "hello?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}
