//! Direct messages in the pages: "contact" on an organisation's page reaches its admins,
//! conversations listed with their unread mark and the menu's count, an answer from the
//! conversation page, refusals at their field, and nobody else let in.

use crate::harness::browser::{csrf, member, shows, submit};
use crate::harness::Network;
use reqwest::StatusCode;
use tessera::services::entries::{self, EntryInput};

#[tokio::test]
async fn contact_on_an_organisation_page_opens_a_conversation_with_its_admins() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut olga = member(&net, &hub, "olga").await;
    let mut ben = member(&net, &hub, "ben").await;
    let mut eva = member(&net, &hub, "eva").await;
    let (_, org) = entries::create(
        &hub.ctx,
        &hub.user("olga").await,
        "organisation",
        EntryInput {
            handle: "helpdesk".into(),
            name: "Social Economy Help Desk".into(),
            ..EntryInput::default()
        },
    )
    .await
    .unwrap();

    // Ben finds the contact button on the page; its form says who reads the message.
    let (status, page) = ben.get(&hub.url("/organisations/helpdesk")).await;
    assert_eq!(status, 200);
    let contact = format!(
        "/messages/new?to={}",
        percent_encoding::utf8_percent_encode(
            org.ap_id.as_str(),
            percent_encoding::NON_ALPHANUMERIC
        )
    );
    assert!(page.contains("/messages/new?to="), "{page}");
    let (status, form) = ben.get(&hub.url(&contact)).await;
    assert_eq!(status, 200);
    shows(
        &form,
        &[
            "Contact Social Economy Help Desk",
            "reaches the people who run",
        ],
    );

    // An empty message and an unknown recipient are refused at their fields.
    let (status, body, _) = submit(
        &mut ben,
        &hub,
        &contact,
        "/messages",
        &[("to", "nobody@nowhere.invalid"), ("content", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&body, &["Write your message before sending it."]);
    let (status, body, _) = submit(
        &mut ben,
        &hub,
        &contact,
        "/messages",
        &[("to", "nobody"), ("content", "Hello?")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    shows(&body, &["No account was found at that name or address."]);

    let (status, _, location) = submit(
        &mut ben,
        &hub,
        &contact,
        "/messages",
        &[
            ("to", org.ap_id.as_str()),
            ("content", "Can you help us apply for ESF+?"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(location.starts_with("/messages/"), "{location}");
    let conversation = location.split('#').next().unwrap().to_string();

    // Olga, the organisation's admin, sees the count in her menu, the conversation marked
    // new, and the message.
    let (_, home) = olga.get(&hub.url("/")).await;
    shows(&home, &["Messages (1)"]);
    let (_, list) = olga.get(&hub.url("/messages")).await;
    shows(&list, &["Can you help us apply for ESF+?", "New"]);
    let (status, page) = olga.get(&hub.url(&conversation)).await;
    assert_eq!(status, 200);
    shows(
        &page,
        &[
            "Can you help us apply for ESF+?",
            "Social Economy Help Desk",
        ],
    );
    let (_, home) = olga.get(&hub.url("/")).await;
    assert!(!home.contains("Messages (1)"));
    assert!(
        !home.contains("Notifications ("),
        "reading the conversation reads its notification"
    );

    // Her answer reaches Ben in the same conversation.
    let token = csrf(&page);
    let (status, _, _, _) = olga
        .post(
            &hub.url(&conversation),
            &[("csrf_token", &token), ("content", "Yes: come on Tuesday.")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, page) = ben.get(&hub.url(&conversation)).await;
    shows(
        &page,
        &["Can you help us apply for ESF+?", "Yes: come on Tuesday."],
    );

    // Nobody else gets in, and nothing shows on the profiles.
    let (status, _) = eva.get(&hub.url(&conversation)).await;
    assert_eq!(status, 404);
    let (_, list) = eva.get(&hub.url("/messages")).await;
    assert!(!list.contains("ESF+"));
    let (_, profile) = eva.get(&hub.url("/@ben")).await;
    assert!(!profile.contains("ESF+"));
    let (_, profile) = eva.get(&hub.url("/@olga")).await;
    assert!(!profile.contains("Tuesday"));
    let (_, home) = eva.get(&hub.url("/")).await;
    assert!(!home.contains("ESF+"));
}

#[tokio::test]
async fn a_profile_offers_a_message_and_the_answer_form_keeps_what_was_typed() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    hub.create_user("ben").await;
    let (_, profile) = ana.get(&hub.url("/@ben")).await;
    assert!(
        profile.contains("/messages/new?to="),
        "the profile offers a message"
    );
    let (_, own) = ana.get(&hub.url("/@ana")).await;
    assert!(!own.contains("/messages/new?to="), "not to oneself");

    let (status, _, location) = submit(
        &mut ana,
        &hub,
        "/messages/new",
        "/messages",
        &[("to", "ben"), ("content", "Lunch?")],
    )
    .await;
    assert_eq!(status, 303);
    let conversation = location.unwrap().split('#').next().unwrap().to_string();
    let (_, page) = ana.get(&hub.url(&conversation)).await;
    let token = csrf(&page);
    let long = "x".repeat(5001);
    let (status, body, _, _) = ana
        .post(
            &hub.url(&conversation),
            &[("csrf_token", &token), ("content", &long)],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains(&long), "what was typed is kept");
    let (_, list) = ana.get(&hub.url("/messages")).await;
    shows(&list, &["ben", "You: Lunch?"]);
}
