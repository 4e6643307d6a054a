//! Communities on the HTML side: creating one through the form (refused input kept), the
//! list and its language filter, threads with nested replies in reading order, editing,
//! deleting and liking, moderators' remove, lock, pin and roles, the posting rules with
//! their translated refusals, French, the Atom feed, and `/posts/{key}` leading to the
//! thread.

use crate::harness::browser::{member, position, shows, submit, Browser};
use crate::harness::community_form::*;
use crate::harness::Network;

#[tokio::test]
async fn create_through_the_form_list_and_filter() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;

    // Refused: no name; the typed handle and languages stay, the message is translated.
    let mut fields = community("learning", "en, fr");
    fields[1] = ("name", "   ");
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        "/communities/new",
        "/communities/new",
        &fields,
    )
    .await;
    assert_eq!(status, 422, "{page}");
    shows(
        &page,
        &["Give the community a name.", "value=\"learning\"", "en, fr"],
    );
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    // A handle that is taken (a member's name).
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        "/communities/new",
        "/communities/new",
        &community("ana", "en"),
    )
    .await;
    assert_eq!(status, 422);
    shows(&page, &["This username is already taken."]);

    let name = create(&mut ana, &hub, &community("learning", "en, fr")).await;
    assert_eq!(name, "learning");
    let mut other = community("circulo", "pt");
    other[1] = ("name", "Círculo de reparação");
    create(&mut ana, &hub, &other).await;

    let mut visitor = Browser::new(&net);
    let (status, list) = visitor.get(&hub.url("/communities")).await;
    assert_eq!(status, 200, "{list}");
    let handle = format!("@learning@{}", hub.domain);
    shows(
        &list,
        &[
            "Repair Learning Circle",
            &handle,
            "Círculo de reparação",
            "Languages: en, fr",
            "0 followers",
            "0 threads",
        ],
    );
    assert!(
        !list.contains("Create a community"),
        "visitors create nothing"
    );
    let (_, list) = ana.get(&hub.url("/communities")).await;
    assert!(list.contains("Create a community"));
    assert!(
        list.contains("href=\"/communities\""),
        "the navigation links the list"
    );
    let (_, list) = visitor.get(&hub.url("/communities?lang=pt")).await;
    shows(&list, &["Círculo de reparação"]);
    assert!(!list.contains("Repair Learning Circle"), "{list}");
    let (_, list) = visitor.get(&hub.url("/communities?lang=de")).await;
    shows(&list, &["No community uses this language."]);

    // The page: handle to follow, description, rules, languages, moderators, feed link.
    let (status, page) = visitor.get(&hub.url("/c/learning")).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<html lang=\"en\""),
        "the filter keeps the page's language"
    );
    shows(
        &page,
        &[
            &handle,
            "<strong>repair</strong>",
            "Be kind.",
            "@ana@",
            "rel=\"alternate\" type=\"application/atom+xml\"",
            "/communities/learning/feed.atom",
            "No thread yet.",
            "Log in to follow and take part",
        ],
    );
    assert!(!page.contains("/communities/learning/edit"), "{page}");
    let (_, page) = ana.get(&hub.url("/c/learning")).await;
    assert!(page.contains("/communities/learning/edit"));
    assert!(page.contains("/communities/learning/moderation"));
    assert!(page.contains("Start a thread"));
    // The same page at the community's id (negotiated) and by its full handle.
    let (status, same) = visitor.get(&hub.url("/communities/learning")).await;
    assert_eq!(status, 200);
    shows(&same, &[&handle, "Be kind."]);
    let (status, same) = visitor
        .get(&hub.url(&format!("/c/learning@{}", hub.domain)))
        .await;
    assert_eq!(status, 200);
    shows(&same, &[&handle]);
    let (status, _) = visitor.get(&hub.url("/c/nothing-here")).await;
    assert_eq!(status, 404);

    // Settings: the form is prefilled; approval and members only show on the page.
    let (status, form) = ana.get(&hub.url("/communities/learning/edit")).await;
    assert_eq!(status, 200);
    shows(
        &form,
        &["We learn to **repair** things together.", "en, fr"],
    );
    let mut edited = community("learning", "en fr pt");
    edited.push(("approval_required", "true"));
    edited[5] = ("posting", "members");
    let (status, body, location) = submit(
        &mut ana,
        &hub,
        "/communities/learning/edit",
        "/communities/learning/edit",
        &edited,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some("/communities/learning"));
    let (_, page) = visitor.get(&hub.url("/c/learning")).await;
    shows(
        &page,
        &[
            "Follow requests are approved by the moderators.",
            "Only members chosen by the moderators",
            ">pt<",
        ],
    );
    let mut ben = member(&net, &hub, "ben").await;
    let (status, _) = ben.get(&hub.url("/communities/learning/edit")).await;
    assert_eq!(status, 403, "only moderators edit");
    let (status, _) = ben.get(&hub.url("/communities/learning/moderation")).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn threads_nest_replies_in_order_with_edit_delete_and_likes() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut ben = member(&net, &hub, "ben").await;
    create(&mut ana, &hub, &community("learning", "en, fr")).await;
    follow(&mut ben, &hub, "learning").await;

    let root = start_thread(
        &mut ben,
        &hub,
        "learning",
        "Fixing kettles",
        "Who has **tips**?",
    )
    .await;
    let first = reply(&mut ana, &hub, root, root, "Descale first.").await;
    let nested = reply(&mut ben, &hub, root, first, "With vinegar?").await;
    let deeper = reply(&mut ana, &hub, root, nested, "Citric acid works better.").await;
    let second = reply(&mut ben, &hub, root, root, "Thanks all.").await;

    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url(&format!("/threads/{root}"))).await;
    assert_eq!(status, 200, "{page}");
    shows(
        &page,
        &[
            "Fixing kettles",
            "<strong>tips</strong>",
            "4 replies",
            "In Repair Learning Circle",
            &format!("@ben@{}", hub.domain),
            &format!("from {}", hub.domain),
        ],
    );
    // Depth-first reading order, each reply at its depth.
    let at = |id: i64| position(&page, &format!("id=\"p{id}\""));
    assert!(at(root) < at(first) && at(first) < at(nested));
    assert!(at(nested) < at(deeper) && at(deeper) < at(second), "{page}");
    for (id, depth) in [(first, 1), (nested, 2), (deeper, 3), (second, 1)] {
        let li = format!("class=\"thread-entry depth-{depth}\" id=\"p{id}\"");
        assert!(page.contains(&li), "{li}: {page}");
    }
    assert!(!page.contains("/reply\""), "visitors get no reply forms");

    // The community lists the thread with its reply count and author.
    let (_, list) = visitor.get(&hub.url("/c/learning")).await;
    shows(
        &list,
        &["Fixing kettles", "4 replies", "by ben", "1 thread"],
    );

    // Any post's number leads to the thread, at that post.
    let res = visitor.get(&hub.url(&format!("/threads/{nested}"))).await;
    assert_eq!(res.0, 303);

    // Editing one's own reply (prefilled from the Markdown source).
    let edit = format!("/threads/{nested}/edit");
    let (status, form) = ben.get(&hub.url(&edit)).await;
    assert_eq!(status, 200);
    assert!(form.contains("With vinegar?"), "{form}");
    assert!(!form.contains("name=\"title\""), "replies have no title");
    let (status, _) = ana.get(&hub.url(&edit)).await;
    assert_eq!(status, 403, "someone else's post");
    let fields = [("content", "With *white* vinegar?"), ("language", "en")];
    let (status, body, location) = submit(&mut ben, &hub, &edit, &edit, &fields).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location, Some(format!("/threads/{root}#p{nested}")));
    // A refused edit keeps the text.
    let fields = [("content", "Still here"), ("language", "not a language!")];
    let (status, body, _) = submit(&mut ben, &hub, &edit, &edit, &fields).await;
    assert_eq!(status, 422);
    shows(&body, &["Still here", "Enter a valid language code"]);
    // The root's title can be edited.
    let edit_root = format!("/threads/{root}/edit");
    let fields = [
        ("title", "Fixing electric kettles"),
        ("content", "Who has **tips**?"),
        ("language", "en"),
    ];
    let (status, _, _) = submit(&mut ben, &hub, &edit_root, &edit_root, &fields).await;
    assert_eq!(status, 303);

    // Deleting one's own reply leaves a marker; its answers stay.
    let (status, _, location) = submit(
        &mut ana,
        &hub,
        &format!("/threads/{root}"),
        &format!("/threads/{first}/delete"),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location, Some(format!("/threads/{root}")));

    // Liking and taking it back.
    let like = format!("/threads/{deeper}/like");
    let (status, _, _) = submit(
        &mut ben,
        &hub,
        &format!("/threads/{root}"),
        &like,
        &[("liked", "true")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = ben.get(&hub.url(&format!("/threads/{root}"))).await;
    shows(
        &page,
        &[
            "Fixing electric kettles",
            "<em>white</em>",
            "(edited)",
            "Deleted.",
            "Citric acid works better.",
            "1 like",
            "Unlike",
            "aria-pressed=\"true\"",
        ],
    );
    assert!(!page.contains("Descale first."), "deleted text is gone");
    let (_, page) = visitor.get(&hub.url(&format!("/threads/{root}"))).await;
    assert!(page.contains("1 like"));
    let (status, _, _) = submit(
        &mut ben,
        &hub,
        &format!("/threads/{root}"),
        &like,
        &[("liked", "false")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = ben.get(&hub.url(&format!("/threads/{root}"))).await;
    assert!(!page.contains("1 like"), "{page}");

    // The page of a community post leads to its thread.
    let post = {
        let mut conn = hub.ctx.pool.get().await.unwrap();
        tessera::db::models::post::Post::find(&mut conn, nested)
            .await
            .unwrap()
            .unwrap()
    };
    let key = post.ap_id.rsplit('/').next().unwrap().to_string();
    let res = net
        .client()
        .get(hub.url(&format!("/posts/{key}")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, format!("/threads/{root}#p{nested}"));

    // Deleting the thread leads back to the community, which no longer lists it.
    let (status, _, location) = submit(
        &mut ben,
        &hub,
        &format!("/threads/{root}"),
        &format!("/threads/{root}/delete"),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/communities/learning"));
    let (_, list) = visitor.get(&hub.url("/c/learning")).await;
    assert!(!list.contains("Fixing electric kettles"));
    let (status, _) = visitor.get(&hub.url(&format!("/threads/{root}"))).await;
    assert_eq!(status, 410);
}

#[tokio::test]
async fn french_pages_and_the_atom_feed() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let mut bea = member(&net, &hub, "bea").await;
    bea.lang = "fr";
    create(&mut ana, &hub, &community("learning", "en, fr")).await;
    let root = start_thread(&mut ana, &hub, "learning", "Kettles & co", "First").await;
    reply(&mut ana, &hub, root, root, "A reply").await;

    let (status, page) = bea.get(&hub.url("/communities")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<html lang=\"fr\""), "{page}");
    shows(
        &page,
        &["Communautés", "Créer une communauté", "1 discussion"],
    );
    let (_, page) = bea.get(&hub.url("/c/learning")).await;
    shows(
        &page,
        &["Lancer une discussion", "Suivre", "Discussions en"],
    );
    // The compose form offers the reader's language when the community uses it.
    assert!(page.contains("name=\"language\" value=\"fr\""), "{page}");
    let fields = [("title", "Bonjour"), ("content", "x"), ("language", "fr")];
    let (status, page) = new_thread(&mut bea, &hub, &fields).await;
    assert_eq!(status, 403);
    shows(&page, &["Suivez cette communauté avant d’y publier."]);
    let (_, page) = bea.get(&hub.url(&format!("/threads/{root}"))).await;
    shows(
        &page,
        &["Dans Repair Learning Circle", "1 réponse", "Répondre"],
    );
    assert!(!page.contains("Unknown localization"));

    // The feed: threads and replies, newest first, as valid Atom.
    let res = net
        .client()
        .get(hub.url("/communities/learning/feed.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let xml = res.text().await.unwrap();
    let feed: atom_syndication::Feed = xml.parse().expect("a valid Atom document");
    assert_eq!(feed.title().as_str(), "Repair Learning Circle");
    assert_eq!(feed.entries().len(), 2, "{xml}");
    assert_eq!(feed.entries()[1].title().as_str(), "Kettles & co");
    assert_eq!(feed.entries()[0].title().as_str(), "A reply");
    let (status, _) = bea.get(&hub.url("/communities/nothing/feed.atom")).await;
    assert_eq!(status, 404);
    // A bad language filter says so instead of listing nothing.
    let (_, page) = bea.get(&hub.url("/c/learning?lang=%21%21")).await;
    assert!(page.contains("role=\"alert\""), "{page}");
}
