//! Posting in a community one does not follow yet (issue 19): the reply and new-thread
//! forms say so and offer the Follow button right there; a refused reply keeps what was
//! typed, with the message and the button; following from the form brings the text back,
//! ready to send.

use crate::harness::browser::{csrf, member, submit};
use crate::harness::community_form::{community, create, start_thread};
use crate::harness::Network;

const NOTE: &str = "Only followers of this community can post here.";
const FOLLOW: &str = "formaction=\"&#x2f;communities&#x2f;learning&#x2f;follow\"";

#[tokio::test]
async fn a_non_followers_reply_keeps_the_draft_and_offers_follow() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    create(&mut ana, &hub, &community("learning", "en")).await;
    let root = start_thread(&mut ana, &hub, "learning", "Bokashi", "Who tried it?").await;
    let thread = format!("/threads/{root}");
    let mut bob = member(&net, &hub, "bob").await;

    // Before anything is typed, the reply form says why and offers to follow.
    let (_, page) = bob.get(&hub.url(&thread)).await;
    assert!(page.contains(NOTE) && page.contains(FOLLOW), "{page}");

    // A refused reply: the draft, the message, and the button, at the form.
    let draft = "We tried it on a balcony: it works.";
    let reply = format!("/threads/{root}/reply");
    let fields = [("content", draft), ("language", "en")];
    let (status, page, _) = submit(&mut bob, &hub, &thread, &reply, &fields).await;
    assert_eq!(status, 403, "{page}");
    let textarea = format!("id=\"reply-{root}-content\" name=\"content\"");
    let at = page.find(&textarea).expect("the reply form");
    assert!(
        page[at..].contains(&format!(">{draft}</textarea>")),
        "{page}"
    );
    let link = format!(
        "<a href=\"#reply-{root}-posting\">Follow this community before you post in it.</a>"
    );
    assert!(page.contains(&link) && page.contains(FOLLOW), "{page}");
    assert!(
        page.contains(&format!("id=\"reply-{root}\" open")),
        "the form is open"
    );
    assert!(
        page.contains("<title>Error: Bokashi"),
        "the title says so first"
    );

    // The button in that form follows, and the thread comes back with the draft.
    let token = csrf(&page);
    let root_id = root.to_string();
    let (status, page, _, _) = bob
        .post(
            &hub.url("/communities/learning/follow"),
            &[
                ("csrf_token", &token),
                ("reply_to", &root_id),
                ("content", draft),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("You now follow this community. Your text is below, ready to send."));
    assert!(page.contains(&format!(">{draft}</textarea>")) && !page.contains(FOLLOW));
    let (status, _, location) = submit(&mut bob, &hub, &thread, &reply, &fields).await;
    assert_eq!(status, 303);
    assert!(location.unwrap().starts_with(&format!("{thread}#p")));

    // The new-thread form on the community page does the same.
    let mut cleo = member(&net, &hub, "cleo").await;
    let (_, page) = cleo.get(&hub.url("/c/learning")).await;
    let compose = page.find("id=\"compose\"").expect("the compose form");
    assert!(page[compose..].contains(NOTE) && page[compose..].contains(FOLLOW));
    let fields = [("title", "Worms"), ("content", "Vermicomposting next?")];
    let (status, page, _) = submit(
        &mut cleo,
        &hub,
        "/c/learning",
        "/communities/learning/threads",
        &fields,
    )
    .await;
    assert_eq!(status, 403);
    assert!(page.contains("value=\"Worms\"") && page.contains(">Vermicomposting next?</textarea>"));
    assert!(page.contains("<a href=\"#compose-posting\">"), "{page}");
    let (status, page, _) = submit(
        &mut cleo,
        &hub,
        "/c/learning",
        "/communities/learning/follow",
        &fields,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("value=\"Worms\"") && !page.contains(FOLLOW));
}
