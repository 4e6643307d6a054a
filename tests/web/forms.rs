//! Refused forms (issue 19): every mistake at once, each beside its field, with a summary
//! at the top that links to the fields and takes the focus; what was typed comes back; and
//! the refusal is answered at the form's own address, which a reload shows again.

use crate::harness::browser::{escaped, member, submit, Browser};
use crate::harness::forms::{assert_refused, refused_fields};
use crate::harness::{community_form, event_form, Network};

#[tokio::test]
async fn sign_up_answers_every_mistake_beside_its_field() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut visitor = Browser::new(&net);
    let fields = [
        ("username", "Al"),
        ("password", "short"),
        ("password_confirm", "something else"),
    ];
    let (status, page, _) = submit(&mut visitor, &hub, "/signup", "/signup", &fields).await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "errors",
        &[
            (
                "username",
                "The username must be between 3 and 30 characters.",
            ),
            (
                "password",
                "The password must be at least 10 characters long.",
            ),
            ("password_confirm", "The two passwords do not match."),
        ],
    );
    // The hint stays described after the message; what was typed comes back (passwords
    // are not sent back); the title says there is an error first.
    assert!(page.contains("aria-describedby=\"username-error username-hint\""));
    assert!(page.contains("value=\"Al\""), "{page}");
    assert!(!page.contains("value=\"short\""));
    assert!(page.contains("<title>Error: Create an account"), "{page}");
    // The address of the answer is the form's: reloading it shows the form.
    let (status, form) = visitor.get(&hub.url("/signup")).await;
    assert_eq!(status, 200);
    assert!(refused_fields(&form).is_empty() && !form.contains("autofocus"));

    // A name that is taken is found with the others.
    hub.create_user("ana").await;
    let fields = [
        ("username", "ana"),
        ("password", "a long enough password"),
        ("password_confirm", "another long password"),
    ];
    let (status, page, _) = submit(&mut visitor, &hub, "/signup", "/signup", &fields).await;
    assert_eq!(status, 422);
    assert_refused(
        &page,
        "errors",
        &[
            ("username", "This username is already taken."),
            ("password_confirm", "The two passwords do not match."),
        ],
    );

    // In French too.
    visitor.lang = "fr";
    let fields = [
        ("username", "x"),
        ("password", "p"),
        ("password_confirm", "p"),
    ];
    let (_, page, _) = submit(&mut visitor, &hub, "/signup", "/signup", &fields).await;
    assert!(
        page.contains("Ce formulaire contient 2 erreurs\u{202f}:"),
        "{page}"
    );
}

#[tokio::test]
async fn the_event_form_shows_three_mistakes_from_one_submission() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let fields = event_form::with(&[
        ("title", "  "),
        ("time_zone", "Mars/Olympus"),
        ("capacity", "lots"),
    ]);
    let (new, html) = ("/events/new", "/events/new");
    let (_, form) = ana.get(&hub.url(new)).await;
    let action = format!("action=\"{}\"", escaped("/events/new"));
    assert!(form.contains(&action), "the form posts to itself");
    let (status, page, _) = submit(&mut ana, &hub, new, html, &fields).await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "errors",
        &[
            ("title", "Give the event a title."),
            ("time_zone", "Enter a time zone such as Europe/Lisbon."),
            (
                "capacity",
                "Places must be a whole number from 1 to 1,000,000, or empty.",
            ),
        ],
    );
    assert!(page.contains("value=\"lots\"") && page.contains("value=\"Casa Comum\""));
    let (status, _) = ana.get(&hub.url(new)).await;
    assert_eq!(status, 200, "the refused form's address is the form");

    // Coordinates are marked one by one; the old address still creates events.
    let fields = event_form::with(&[("latitude", "95"), ("longitude", "")]);
    let (_, page, _) = submit(&mut ana, &hub, new, new, &fields).await;
    assert_eq!(refused_fields(&page), ["latitude", "longitude"]);
    let (status, _, location) = submit(&mut ana, &hub, new, "/events", event_form::EVENT).await;
    assert_eq!(status, 303);
    assert!(location.unwrap().starts_with("/events/"));
}

#[tokio::test]
async fn project_and_community_forms_show_every_mistake() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let new = "/projects/new";
    let fields = [
        ("handle", "ana"),
        ("name", " "),
        ("website", "ftp://files.example"),
        ("country", "ZZ"),
        ("latitude", "95"),
        ("longitude", "4.84"),
        ("end_date", "not a date"),
        ("region", "Lyon"),
    ];
    let (status, page, _) = submit(&mut ana, &hub, new, new, &fields).await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "errors",
        &[
            ("handle", "This username is already taken."),
            ("name", "Enter a name."),
            (
                "end_date",
                "The end date must be a valid date on or after the start date.",
            ),
            (
                "website",
                "Enter a web address starting with http:// or https://.",
            ),
            ("country", "Choose a country from the list."),
            (
                "latitude",
                "Enter a latitude between -90 and 90 and a longitude between -180 and 180, or leave both empty.",
            ),
        ],
    );
    assert!(page.contains("value=\"Lyon\"") && page.contains("value=\"not a date\""));

    let mut fields = community_form::community("Not A Handle", "en, not a tag!");
    fields[1] = ("name", "  ");
    let (status, page, _) = submit(
        &mut ana,
        &hub,
        "/communities/new",
        "/communities/new",
        &fields,
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "errors",
        &[
            (
                "handle",
                "Use only lowercase letters a-z, digits and underscores.",
            ),
            ("name", "Give the community a name."),
            (
                "languages",
                "Enter valid language codes such as en, fr or pt-BR (at most 24).",
            ),
        ],
    );
    let (status, _) = ana.get(&hub.url("/communities/new")).await;
    assert_eq!(status, 200);
}
