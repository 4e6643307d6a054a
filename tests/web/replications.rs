//! Replication and scaling on the pages (issue 22, part 5): the form refuses with every
//! mistake beside its field and keeps what was typed; both projects' pages show the
//! relation, the replicating project's page its source and note, the source's page the
//! countries it was replicated in (in French too); removal; the directory's checkbox.

use crate::harness::browser::{escaped, member, shows, submit, Browser};
use crate::harness::forms::assert_refused;
use crate::harness::replications::{href, project};
use crate::harness::Network;

#[tokio::test]
async fn a_member_declares_a_replication_and_both_pages_show_it() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let client = net.client();
    let token = hub.token("ana").await;
    project(
        &client,
        &hub,
        &token,
        "green_roofs",
        "Green Roofs Lisboa",
        "pt",
    )
    .await;
    project(&client, &hub, &token, "tartu_roofs", "Tartu Roofs", "ee").await;
    project(&client, &hub, &token, "porto_roofs", "Porto Roofs", "pt").await;
    let manage = "/projects/tartu_roofs/replications";

    // Members find the page from the project's page; visitors and others may not use it.
    let (_, page) = ana.get(&hub.url("/projects/tartu_roofs")).await;
    shows(
        &page,
        &[
            "Replication and scaling",
            "No replication declared yet.",
            manage,
        ],
    );
    let mut visitor = Browser::new(&net);
    let (status, _) = visitor.get(&hub.url(manage)).await;
    assert_ne!(status, 200);
    let mut bob = member(&net, &hub, "bob").await;
    let (status, _) = bob.get(&hub.url(manage)).await;
    assert_eq!(status, 403);

    // Every mistake beside its field, what was typed kept.
    let long = "é".repeat(501);
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        manage,
        manage,
        &[("source", ""), ("relation", "copies"), ("note", &long)],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "replication-errors",
        &[
            (
                "replication-source",
                "Enter the project this one builds on.",
            ),
            (
                "replication-relation",
                "Choose replicates, adapts or inspired by.",
            ),
            ("replication-note", "The note is too long."),
        ],
    );
    assert!(
        page.contains(&format!(">{long}</textarea>")),
        "the note is kept"
    );
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        manage,
        manage,
        &[
            ("source", "@nobody_here"),
            ("relation", "adapts"),
            ("note", "Kept"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_refused(
        &page,
        "replication-errors",
        &[(
            "replication-source",
            "No project was found at that address.",
        )],
    );
    shows(&page, &["value=\"@nobody_here\"", ">Kept</textarea>"]);
    assert!(
        page.contains("<option value=\"adapts\" selected>"),
        "{page}"
    );

    // Declared: Tartu adapts Green Roofs, Porto replicates it.
    let note = "Same roofs, colder winters & snow.";
    let fields = [
        ("source", "@green_roofs"),
        ("relation", "adapts"),
        ("note", note),
    ];
    let (status, _, location) = submit(&mut ana, &hub, manage, manage, &fields).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(manage));
    let porto = "/projects/porto_roofs/replications";
    let fields = [
        ("source", "green_roofs"),
        ("relation", "replicates"),
        ("note", ""),
    ];
    let (status, _, _) = submit(&mut ana, &hub, porto, porto, &fields).await;
    assert_eq!(status, 303);

    let (_, page) = visitor.get(&hub.url("/projects/tartu_roofs")).await;
    shows(
        &page,
        &[
            "Adapts",
            &href("/projects/green_roofs"),
            "Green Roofs Lisboa",
            note,
        ],
    );
    let (_, page) = visitor.get(&hub.url("/projects/green_roofs")).await;
    shows(
        &page,
        &[
            "Replicated in Estonia and Portugal",
            "2 projects build on this one",
            &href("/projects/tartu_roofs"),
            "adapts this project",
            "replicates this project",
            note,
        ],
    );
    visitor.lang = "fr";
    let (_, page) = visitor.get(&hub.url("/projects/green_roofs")).await;
    shows(
        &page,
        &[
            "Reproduction et essaimage",
            "Reproduit dans ces pays : Estonie et Portugal",
            "adapte ce projet",
        ],
    );
    let (_, page) = visitor.get(&hub.url("/projects/tartu_roofs")).await;
    shows(&page, &["Adapte"]);

    // The directory's checkbox keeps the sources only.
    visitor.lang = "en";
    let (status, page) = visitor.get(&hub.url("/directory?replicated=1")).await;
    assert_eq!(status, 200);
    shows(
        &page,
        &[
            "Green Roofs Lisboa",
            "name=\"replicated\" value=\"1\" checked",
        ],
    );
    assert!(!page.contains("Tartu Roofs"), "{page}");
    let (_, page) = visitor.get(&hub.url("/directory")).await;
    shows(&page, &["Tartu Roofs", "Green Roofs Lisboa"]);

    // Removed from the management page: gone from both pages.
    let (_, page) = ana.get(&hub.url(manage)).await;
    let marker = format!(
        "action=\"{}/replications/",
        escaped("/projects/tartu_roofs")
    );
    let at = page.find(&marker).expect("a remove form") + marker.len();
    let id: String = page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let action = format!("{manage}/{id}/delete");
    let (status, _, _) = submit(&mut ana, &hub, manage, &action, &[]).await;
    assert_eq!(status, 303);
    let (_, page) = visitor.get(&hub.url("/projects/green_roofs")).await;
    shows(
        &page,
        &["Replicated in Portugal", "A project builds on this one"],
    );
    assert!(!page.contains("Estonia"), "{page}");
    let (_, page) = visitor.get(&hub.url("/projects/tartu_roofs")).await;
    assert!(!page.contains(note) && !page.contains(&escaped(note)));
    // A reload of the removal's address leads back to the page of its form.
    let (status, location) = ana.get_location(&hub.url(&action)).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(manage));
}
