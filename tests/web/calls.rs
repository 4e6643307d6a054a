//! Funding calls on the HTML side (issue 22): the form refuses with every mistake beside its
//! field and keeps what was typed, a call's page, the calls list with its facets (400 for a
//! bad one), editing and withdrawing, and French.

use crate::harness::browser::{member, shows, submit, Browser};
use crate::harness::forms::assert_refused;
use crate::harness::Network;

const CALL: &[(&str, &str)] = &[
    ("publisher", "hub"),
    ("title", "Care in the neighbourhood"),
    ("summary", "Grants for community care pilots."),
    ("description", "Pilots of **community care**."),
    ("programme", "esf-plus"),
    ("kind", "grant"),
    ("amount_min", "10 000"),
    ("amount_max", "50,000"),
    ("currency", "EUR"),
    ("cofunding_rate", "80"),
    ("time_zone", "Europe/Lisbon"),
    ("opens", ""),
    ("deadline_label", "Outline"),
    ("deadline_due", "2030-03-01T17:00"),
    ("deadline_label", ""),
    ("deadline_due", ""),
    ("countries", "EU27, no"),
    ("organisation_types", "ngo-association"),
    ("themes", "health-care"),
    ("sdgs", "3"),
    ("languages", "pt, en"),
    ("link", "https://fund.example/care"),
    ("contact", "calls@fund.example"),
];

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = CALL
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .copied()
        .collect();
    fields.extend_from_slice(changes);
    fields
}

#[tokio::test]
async fn a_call_is_published_through_the_form_shown_listed_edited_and_withdrawn() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut bob = member(&net, &hub, "bob").await;
    // Without an organisation (or admin rights) there is nothing to publish for.
    let (status, page) = bob.get(&hub.url("/calls/new")).await;
    assert_eq!(status, 422, "{page}");
    shows(&page, &["be a member of an organisation"]);

    hub.create_admin("root").await;
    let mut root = Browser::new(&net);
    let (status, _, _) =
        crate::harness::browser::log_in(&mut root, &hub, "root", crate::harness::browser::PASSWORD)
            .await;
    assert_eq!(status, 303);
    let (status, form) = root.get(&hub.url("/calls/new")).await;
    assert_eq!(status, 200);
    shows(
        &form,
        &[
            "This hub",
            "ESF+",
            "Loan or guarantee",
            "NGO or association",
            "EU27",
        ],
    );

    // Refused: every mistake beside its field, what was typed kept.
    let bad = with(&[
        ("title", ""),
        ("amount_min", "lots"),
        ("countries", "Atlantis"),
        ("deadline_due", "tomorrow"),
        ("link", "ftp://x"),
    ]);
    let (status, page, _) = submit(&mut root, &hub, "/calls/new", "/calls/new", &bad).await;
    assert_eq!(status, 422, "{page}");
    assert_refused(
        &page,
        "errors",
        &[
            ("title", "Give the call a title."),
            ("amount_min", "An amount is a whole number, 0 or more."),
            (
                "deadlines",
                "Give a date and time such as 2027-03-31 17:00.",
            ),
            (
                "countries",
                "Give countries by their two-letter code (PT, EE), or EU27 for the member states.",
            ),
            ("link", "Give a full web address starting with https://."),
        ],
    );
    shows(&page, &["Pilots of **community care**.", "value=\"lots\""]);

    let (status, _, location) = submit(&mut root, &hub, "/calls/new", "/calls/new", CALL).await;
    assert_eq!(status, 303);
    let path = location.expect("the call's page");
    assert!(path.starts_with("/calls/"), "{path}");
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url(&path)).await;
    assert_eq!(status, 200);
    shows(
        &page,
        &[
            "Care in the neighbourhood",
            "Open",
            "Fri 1 March 2030, 17:00 Europe/Lisbon",
            "EUR 10,000 – 50,000",
            "80 %",
            "EU-27, Norway",
            "NGO or association",
            "Health and care",
            "Good health and well-being",
            "English, Portuguese",
            "<strong>community care</strong>",
            "mailto:calls@fund.example",
            "Go to the call and apply",
        ],
    );
    assert!(
        !page.contains("Withdraw the call"),
        "visitors do not manage it"
    );

    // Listed, found by facets; a bad facet is a 400 with the message.
    let (_, list) = visitor
        .get(&hub.url("/calls?country=EE&org_type=ngo-association"))
        .await;
    shows(&list, &["1 call", "Care in the neighbourhood", "Deadline:"]);
    let (_, list) = visitor.get(&hub.url("/calls?country=US")).await;
    shows(&list, &["0 calls", "No call matches"]);
    let (status, list) = visitor.get(&hub.url("/calls?programme=lottery")).await;
    assert_eq!(status, 400);
    shows(&list, &["That programme is not in the list."]);

    // French.
    let res = net
        .client()
        .get(hub.url(&path))
        .header("Accept-Language", "fr")
        .send()
        .await
        .unwrap();
    let page = res.text().await.unwrap();
    shows(
        &page,
        &[
            "Ouvert",
            "Pays éligibles",
            "UE-27, Norvège",
            "FSE+",
            "Subvention",
        ],
    );

    // Edited, then withdrawn.
    let edit = format!("{path}/edit");
    let (status, form) = root.get(&hub.url(&edit)).await;
    assert_eq!(status, 200);
    shows(&form, &["EU27, NO", "2030-03-01T17:00"]);
    let changed = with(&[("title", "Care in the neighbourhood, round 2")]);
    let (status, _, location) = submit(&mut root, &hub, &edit, &edit, &changed).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(path.as_str()));
    let (_, page) = root.get(&hub.url(&path)).await;
    shows(
        &page,
        &["Care in the neighbourhood, round 2", "Withdraw the call"],
    );
    let withdraw = format!("{path}/withdraw");
    let (status, _, location) = submit(&mut root, &hub, &path, &withdraw, &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/calls"));
    let (status, _) = visitor.get(&hub.url(&path)).await;
    assert_eq!(status, 404);
}
