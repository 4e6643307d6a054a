//! The "Upcoming events" section of an organiser's page: a project's page and a person's
//! profile list the next five events that have not ended, soonest first, with links to all
//! of them and to their iCalendar feed; cancelled events keep their badge, deleted and
//! ended ones go; a remote organiser's profile lists the events received from it; pages of
//! organisers with nothing coming up have no such section.

use crate::harness::api::call;
use crate::harness::browser::Browser;
use crate::harness::browser::{escaped, member, shows, submit};
use crate::harness::event_form::{create, with, EVENT};
use crate::harness::{eventually, Network, TwoHubs};
use reqwest::Method;

const HEADING: &str = "Upcoming events";

const PROJECT: &[(&str, &str)] = &[
    ("handle", "commons_lab"),
    ("name", "Commons Lab"),
    ("summary", "A lab for open care tools."),
];

/// A link to `path` as the templates write it.
fn href(path: &str) -> String {
    format!("href=\"{}\"", escaped(path))
}

/// The calendar links of an organiser named `filter` (`%40name`), as the page writes them.
fn links(filter: &str) -> [String; 2] {
    [
        href(&format!("/events?organizer={filter}")),
        href(&format!("/events/calendar.ics?organizer={filter}")),
    ]
}

fn has_links(page: &str, filter: &str) -> bool {
    links(filter).iter().all(|l| page.contains(l.as_str()))
}

/// The byte offset of `text` on the page (as typed or escaped).
fn at(page: &str, text: &str) -> usize {
    page.find(text)
        .or_else(|| page.find(&escaped(text)))
        .unwrap_or_else(|| panic!("{text} missing: {page}"))
}

#[tokio::test]
async fn project_and_profile_pages_list_upcoming_events() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let (status, body, location) =
        submit(&mut ana, &hub, "/projects/new", "/projects/new", PROJECT).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some("/projects/commons_lab"));
    let mut visitor = Browser::new(&net);

    // Nothing planned yet: no section on either page.
    for path in ["/projects/commons_lab", "/@ana"] {
        let (status, page) = visitor.get(&hub.url(path)).await;
        assert_eq!(status, 200, "{page}");
        assert!(!page.contains(HEADING), "{path}: {page}");
        assert!(!page.contains("upcoming-events"), "{path}: {page}");
    }

    // An event of the project, one of the project that has ended, and one of ana's own.
    let fields = with(&[("organizer", "commons_lab")]);
    let repair = create(&mut ana, &hub, &fields).await;
    let fields = with(&[
        ("organizer", "commons_lab"),
        ("title", "Old Soldering Evening"),
        ("starts", "2020-03-03T18:00"),
        ("ends", "2020-03-03T21:00"),
    ]);
    let old = create(&mut ana, &hub, &fields).await;
    let fields = with(&[
        ("title", "Ana's Garden Walk"),
        ("starts", "2031-01-06T09:00"),
        ("ends", "2031-01-06T11:00"),
        ("place_name", ""),
        ("street", ""),
        ("postal_code", ""),
        ("locality", ""),
        ("country", ""),
        ("latitude", ""),
        ("longitude", ""),
        ("online_url", "https://meet.example/walk"),
    ]);
    let walk = create(&mut ana, &hub, &fields).await;

    let (status, page) = visitor.get(&hub.url("/projects/commons_lab")).await;
    assert_eq!(status, 200, "{page}");
    shows(
        &page,
        &[
            HEADING,
            &format!("{}>Repair Café Alfama</a>", href(&repair)),
            "Tue 4 June 2030, 10:00–17:30 Europe/Lisbon",
            "Casa Comum, Rua dos Remédios 10, 1100-441 Lisboa, Portugal",
            "All events",
            "Subscribe (iCalendar)",
        ],
    );
    assert!(has_links(&page, "%40commons_lab"), "{page}");
    // Ended events and other organisers' events are not listed.
    for absent in ["Old Soldering Evening", old.as_str(), "Garden Walk", &walk] {
        assert!(!page.contains(&escaped(absent)), "{absent}: {page}");
    }
    // The section comes before the rest of the page's lists.
    assert!(at(&page, HEADING) < at(&page, "id=\"links-heading\""));

    // The links lead to the organiser's calendar, as a list and as iCalendar.
    let (status, list) = visitor
        .get(&hub.url("/events?organizer=%40commons_lab"))
        .await;
    assert_eq!(status, 200, "{list}");
    assert!(list.contains("Repair Café Alfama") && !list.contains("Garden Walk"));
    let ics = net
        .client()
        .get(hub.url("/events/calendar.ics?organizer=%40commons_lab"))
        .send()
        .await
        .unwrap();
    assert_eq!(ics.status(), 200);
    let ics = ics.text().await.unwrap();
    assert!(ics.contains("SUMMARY:Repair Café Alfama"), "{ics}");
    assert!(!ics.contains("Garden Walk"), "{ics}");

    // ana's profile lists her own event, online.
    let (status, page) = visitor.get(&hub.url("/@ana")).await;
    assert_eq!(status, 200, "{page}");
    shows(
        &page,
        &[
            HEADING,
            &format!("{}>Ana&#x27;s Garden Walk</a>", href(&walk)),
            "Mon 6 January 2031, 09:00–11:00 Europe/Lisbon",
            "Online",
        ],
    );
    assert!(has_links(&page, "%40ana"), "{page}");
    assert!(!page.contains("Repair Café Alfama"), "{page}");
    assert!(at(&page, HEADING) < at(&page, "id=\"posts-heading\""));

    // Five at most, soonest first, whatever the order they were made in.
    for day in ["05", "03", "01", "04", "02"] {
        let changed = [
            ("title", format!("Seed Swap {day}")),
            ("starts", format!("2030-09-{day}T14:00")),
            ("ends", format!("2030-09-{day}T16:00")),
        ];
        let mut fields: Vec<(&str, &str)> = EVENT
            .iter()
            .filter(|(k, _)| !changed.iter().any(|(c, _)| c == k))
            .copied()
            .collect();
        fields.extend(changed.iter().map(|(k, v)| (*k, v.as_str())));
        create(&mut ana, &hub, &fields).await;
    }
    let (_, page) = visitor.get(&hub.url("/@ana")).await;
    let offsets: Vec<usize> = ["01", "02", "03", "04", "05"]
        .iter()
        .map(|d| at(&page, &format!("Seed Swap {d}")))
        .collect();
    assert!(offsets.windows(2).all(|w| w[0] < w[1]), "{page}");
    assert!(
        !page.contains("Garden Walk"),
        "the sixth is left out: {page}"
    );
    assert!(has_links(&page, "%40ana"), "{page}");

    // Cancelled: still listed, with its badge; deleted: gone.
    let cancel = format!("{repair}/cancel");
    let (status, _, _) = submit(&mut ana, &hub, &repair, &cancel, &[]).await;
    assert_eq!(status, 303);
    let (_, page) = visitor.get(&hub.url("/projects/commons_lab")).await;
    shows(
        &page,
        &[
            "event-card is-cancelled",
            "Repair Café Alfama",
            ">Cancelled</span>",
        ],
    );

    // In French.
    visitor.lang = "fr";
    let (_, page) = visitor.get(&hub.url("/projects/commons_lab")).await;
    shows(
        &page,
        &[
            "Événements à venir",
            "Tous les événements",
            "S'abonner (iCalendar)",
            "Annulé",
            "mar. 4 juin 2030, 10:00–17:30 Europe/Lisbon",
        ],
    );
    assert!(!page.contains("Unknown localization"), "{page}");
    visitor.lang = "en";

    let delete = format!("{repair}/delete");
    let (status, _, _) = submit(&mut ana, &hub, &repair, &delete, &[]).await;
    assert_eq!(status, 303);
    // Only the ended event is left: no section at all.
    let (status, page) = visitor.get(&hub.url("/projects/commons_lab")).await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains(HEADING), "{page}");
    assert!(!page.contains("Repair Café Alfama"), "{page}");
    assert!(!page.contains(&links("%40commons_lab")[0]), "{page}");
}

#[tokio::test]
async fn a_remote_organisers_profile_lists_the_events_received_from_it() {
    let hubs = TwoHubs::start().await;
    hubs.ben_follows_ana().await;
    let TwoHubs {
        net,
        a,
        b,
        client,
        ana,
        ..
    } = hubs;
    let profile = format!("/@ana@{}", a.domain);
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&b.url(&profile)).await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains(HEADING), "{page}");

    let body = crate::harness::events::event_body();
    let (status, event) = call(&client, &a, Some(&ana), Method::POST, "/events", Some(body)).await;
    assert_eq!(status, 201, "{event}");
    let title = "Peer-learning visit: social housing retrofits";
    eventually("the event reaches hub B", || async {
        let (_, page) = Browser::new(&net).get(&b.url(&profile)).await;
        page.contains(title)
    })
    .await;

    let (_, page) = visitor.get(&b.url(&profile)).await;
    shows(
        &page,
        &[
            HEADING,
            "Fri 2 July 2027, 10:00–17:30 Europe/Lisbon",
            "Online",
        ],
    );
    let filter = format!("%40ana%40{}", a.domain.replace(':', "%3A"));
    assert!(has_links(&page, &filter), "{page}");
    // The event's page here, not on hub A.
    let (_, list) = visitor
        .get(&b.url(&format!("/events?organizer={filter}")))
        .await;
    let (_, found) = call(&client, &b, None, Method::GET, "/events", None).await;
    let key = found["items"][0]["key"].as_str().unwrap().to_string();
    assert!(page.contains(&href(&format!("/events/{key}"))), "{page}");
    assert!(list.contains(title), "{list}");
}
