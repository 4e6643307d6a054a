//! Events on the HTML side: the form (refused input kept), the event page with times in
//! the event's zone and the reader's, the list with its filters (400 for bad ones), the
//! month grid, joining and leaving, approval on the participants page (organisers only),
//! editing and cancelling, and French.

use crate::harness::browser::{escaped, member, shows, submit, Browser};
use crate::harness::event_form::{create, with, EVENT};
use crate::harness::Network;
use tessera::services::{events, sessions};

/// `changes` (`name=value;…`) as form fields.
fn parse(changes: &'static str) -> Vec<(&'static str, &'static str)> {
    changes
        .split(';')
        .map(|c| c.split_once('=').unwrap())
        .collect()
}

/// The join form is there.
fn has_join_form(page: &str, path: &str) -> bool {
    page.contains(&format!("action=\"{}/join\"", escaped(path)))
}

#[tokio::test]
async fn create_through_the_form_and_show_times() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let (status, form) = ana.get(&hub.url("/events/new")).await;
    assert_eq!(status, 200);
    assert!(form.contains("type=\"datetime-local\""), "{form}");
    assert!(form.contains("Workshops and skill sharing"));
    assert!(!form.contains("Unknown localization"));

    let path = create(&mut ana, &hub, EVENT).await;
    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url(&path)).await;
    assert_eq!(status, 200, "{page}");
    let ics = format!("{path}/calendar.ics");
    shows(
        &page,
        &[
            "Repair Café Alfama",
            "Tue 4 June 2030, 10:00–17:30 Europe/Lisbon (UTC+01:00)",
            "<strong>broken</strong>",
            "Casa Comum, Rua dos Remédios 10, 1100-441 Lisboa, Portugal",
            "openstreetmap.org",
            "Workshops and skill sharing",
            "Food, environment and climate",
            "0 / 30 places",
            "Log in to join",
            &ics,
            "calendar.google.com",
            "outlook.live.com",
            "Intl.DateTimeFormat().resolvedOptions().timeZone",
        ],
    );
    assert!(!page.contains("Your time"), "no reader zone known yet");
    assert!(!page.contains("Organiser tools"), "visitors manage nothing");
    assert!(!page.contains("Unknown localization"));

    // The reader's zone from the address, then from the cookie the page's script sets.
    let at = |zone: &str| hub.url(&format!("{path}?tz={zone}"));
    let (_, page) = visitor.get(&at("Europe/Paris")).await;
    shows(&page, &["Your time: 11:00–18:30 Europe/Paris"]);
    let res = net.client().get(hub.url(&path));
    let res = res.header("cookie", "tz=America%2FNew_York").send().await;
    let page = res.unwrap().text().await.unwrap();
    shows(&page, &["Your time: 05:00–12:30 America/New_York"]);
    // Same zone as the event's: nothing more to say.
    let (_, page) = visitor.get(&at("Europe/Lisbon")).await;
    assert!(!page.contains("Your time"));

    // The organiser sees the tools.
    let (_, page) = ana.get(&hub.url(&path)).await;
    shows(
        &page,
        &[
            "Organiser tools",
            "Edit the event",
            "Participants",
            "Cover picture",
        ],
    );
    let (status, _) = visitor.get(&hub.url("/events/no-such-event")).await;
    assert_eq!(status, 404);
    let (status, _) = visitor.get(&hub.url("/events/new")).await;
    assert_eq!(status, 401);
}

/// Refused input: changes (`name=value;…`) | the message | the field marked.
const REFUSED: &[&str] = &[
    "ends=2030-06-04T09:00|The end must come after the start.|ends",
    "starts=tomorrow|Enter the start and end as a date and time.|starts",
    "time_zone=Mars/Olympus|Enter a time zone such as Europe/Lisbon.|time_zone",
    "title=  |Give the event a title.|title",
    "capacity=lots|Places must be a whole number|capacity",
    "latitude=95|Enter both latitude|latitude",
    "online_url=ftp://files.example|The online address must be a web address|online_url",
    "join_mode=external|Enter the registration website|external_url",
    "place_name=;street=;postal_code=;locality=;country=|Give a place or an online address.|place_name",
];

#[tokio::test]
async fn refused_input_is_explained_and_kept() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    for case in REFUSED {
        let parts: Vec<&'static str> = case.split('|').collect();
        let (message, field) = (parts[1], parts[2]);
        let fields = with(&parse(parts[0]));
        let new = "/events/new";
        let (status, page, _) = submit(&mut ana, &hub, new, new, &fields).await;
        assert_eq!(status, 422, "{case}: {page}");
        shows(&page, &[message, &format!("id=\"{field}-error\"")]);
        // What was typed stays.
        assert!(page.contains("value=\"food-environment-climate\" checked"));
        assert!(page.contains("value=\"pt\"") && page.contains("Bring **broken** things."));
    }
    // Nothing was created.
    let (_, list) = ana.get(&hub.url("/events")).await;
    assert!(list.contains("No events match."), "{list}");
}

/// An online meetup on 1 July 2030, about health.
const ONLINE: &str = "title=Online Care Meetup;place_name=;street=;postal_code=;locality=;\
    country=;latitude=;longitude=;online_url=https://meet.example/care;themes=health-care;\
    starts=2030-07-01T18:00;ends=2030-07-01T19:00";

#[tokio::test]
async fn list_filters_and_month_view() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let path = create(&mut ana, &hub, EVENT).await;
    let online = create(&mut ana, &hub, &with(&parse(ONLINE))).await;

    let mut visitor = Browser::new(&net);
    let (status, page) = visitor.get(&hub.url("/events")).await;
    assert_eq!(status, 200);
    let ana_link = format!("href=\"{}\"", escaped("/@ana"));
    shows(
        &page,
        &[
            "2 events",
            "Repair Café Alfama",
            "Online Care Meetup",
            "Tue 4 June 2030, 10:00–17:30 Europe/Lisbon",
            "Casa Comum",
            "Online",
            &ana_link,
            "0 / 30 places",
            &path,
            "/events/calendar.ics",
            "/events/feed.atom",
            "Month view",
        ],
    );
    // The repair café comes first (sooner), and visitors get no "New event".
    assert!(page.find("Repair Café").unwrap() < page.find("Online Care Meetup").unwrap());
    assert!(!page.contains("New event"));
    let (_, page) = ana.get(&hub.url("/events")).await;
    assert!(page.contains("New event"));

    let has = |page: &str, title: &str| page.contains(title);
    for (query, repair, meetup) in [
        ("theme=food-environment-climate", true, false),
        ("theme=health-care", false, true),
        ("mode=online", false, true),
        ("country=PT", true, false),
        ("country=FR", false, false),
        ("from=2030-06-05", false, true),
        ("to=2030-06-30", true, false),
        ("local=true&language=pt", true, true),
        ("organizer=%40ana", true, true),
        ("theme=&country=&mode=", true, true),
    ] {
        let (status, page) = visitor.get(&hub.url(&format!("/events?{query}"))).await;
        assert_eq!(status, 200, "{query}: {page}");
        let found = (
            has(&page, "Repair Café Alfama"),
            has(&page, "Online Care Meetup"),
        );
        assert_eq!(found, (repair, meetup), "{query}: {page}");
    }
    // In person: the repair café, not the online-only meetup.
    let (status, page) = visitor.get(&hub.url("/events?mode=physical")).await;
    assert_eq!(status, 200);
    assert!(has(&page, "Repair Café Alfama"), "{page}");
    assert!(!has(&page, "Online Care Meetup"), "{page}");
    // The subscription link repeats the filters.
    let (_, page) = visitor.get(&hub.url("/events?theme=health-care")).await;
    shows(&page, &["/events/calendar.ics?theme=health-care"]);

    // Bad filters: a translated 400 page.
    let bad = [
        "theme=astrology",
        "mode=teleport",
        "from=June",
        "country=ZZ",
        "bogus=1",
        "page=0",
    ];
    for query in bad {
        let (status, page) = visitor.get(&hub.url(&format!("/events?{query}"))).await;
        assert_eq!(status, 400, "{query}: {page}");
        assert!(page.contains("These filters are not valid."), "{page}");
    }
    visitor.lang = "fr";
    let (status, page) = visitor.get(&hub.url("/events?mode=x")).await;
    assert_eq!(status, 400);
    assert!(page.contains("Ces filtres ne sont pas valides."), "{page}");
    visitor.lang = "en";

    // The month grid: the repair café on Tuesday 4 June, in the reader's zone.
    let month = |query: &str| hub.url(&format!("/events/month?{query}"));
    let (status, page) = visitor
        .get(&month("year=2030&month=6&tz=Europe/Lisbon"))
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("June 2030"), "{page}");
    let day = page.find(">Tue 4 June 2030<").expect("the 4th");
    let cell = &page[day..day + page[day..].find("</td>").unwrap()];
    shows(cell, &["10:00", "Repair Café Alfama", &path]);
    assert!(!page.contains("Online Care Meetup"), "{page}");
    // Monday first: 1 June 2030 is a Saturday, after five empty days.
    let first_week = &page[page.find("<tbody>").unwrap()..page.find(">Sat 1 June 2030<").unwrap()];
    assert_eq!(first_week.matches("empty-day").count(), 5, "{first_week}");
    // Next month, with the filters kept.
    let (_, page) = visitor
        .get(&month("year=2030&month=7&theme=health-care"))
        .await;
    let next = "/events/month?theme=health-care&year=2030&month=8";
    shows(&page, &["Online Care Meetup", &online, next]);
    let query = "year=2030&month=7&theme=food-environment-climate";
    let (_, page) = visitor.get(&month(query)).await;
    assert!(!page.contains("Online Care Meetup"));
    // The current month by default; bad months are refused.
    let (status, _) = visitor.get(&hub.url("/events/month")).await;
    assert_eq!(status, 200);
    for query in ["month=13", "year=abc", "theme=astrology"] {
        let (status, page) = visitor.get(&month(query)).await;
        assert_eq!(status, 400, "{query}: {page}");
        assert!(page.contains("These filters are not valid."));
    }
}

#[tokio::test]
async fn join_and_leave_from_the_page() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let path = create(&mut ana, &hub, EVENT).await;
    let mut bob = member(&net, &hub, "bob").await;

    let (_, page) = bob.get(&hub.url(&path)).await;
    assert!(has_join_form(&page, &path), "{page}");
    assert!(!page.contains("join-message"), "no message in free mode");
    let (status, body, location) =
        submit(&mut bob, &hub, &path, &format!("{path}/join"), &[]).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location, Some(format!("{path}#participation")));
    let (_, page) = bob.get(&hub.url(&path)).await;
    assert!(page.contains("You are registered."), "flash: {page}");
    assert!(page.contains("Your registration: Accepted"), "{page}");
    assert!(page.contains(&escaped("1 / 30 places")), "{page}");
    assert!(!has_join_form(&page, &path));
    let (_, list) = bob.get(&hub.url("/events")).await;
    assert!(list.contains(&escaped("1 / 30 places")), "{list}");

    let (status, _, location) = submit(&mut bob, &hub, &path, &format!("{path}/leave"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location, Some(format!("{path}#participation")));
    let (_, page) = bob.get(&hub.url(&path)).await;
    assert!(page.contains(&escaped("0 / 30 places")), "{page}");
    assert!(!page.contains("Your registration"));
    assert!(has_join_form(&page, &path));

    // Without a token, nothing happens.
    let (status, _, _, _) = bob.post(&hub.url(&format!("{path}/join")), &[]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn approval_on_the_participants_page() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let path = create(&mut ana, &hub, &with(&[("join_mode", "approval")])).await;
    let mut bob = member(&net, &hub, "bob").await;

    let (_, page) = bob.get(&hub.url(&path)).await;
    assert!(page.contains("name=\"message\""), "{page}");
    assert!(page.contains("Ask to join"));
    let message = [("message", "I fix <radios>.")];
    let (status, _, _) = submit(&mut bob, &hub, &path, &format!("{path}/join"), &message).await;
    assert_eq!(status, 303);
    let (_, page) = bob.get(&hub.url(&path)).await;
    shows(
        &page,
        &["Your registration: Awaiting approval", "0 / 30 places"],
    );

    // Only organisers see the participants.
    let participants = format!("{path}/participants");
    let mut carol = member(&net, &hub, "carol").await;
    let (status, page) = carol.get(&hub.url(&participants)).await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("You are not allowed to do that."));
    let (status, _) = Browser::new(&net).get(&hub.url(&participants)).await;
    assert_eq!(status, 401);

    let (status, page) = ana.get(&hub.url(&participants)).await;
    assert_eq!(status, 200, "{page}");
    shows(
        &page,
        &[
            "bob",
            "I fix <radios>.",
            "Awaiting approval",
            "1 awaiting approval",
            "0 accepted",
            "This hub",
            "Approve",
            "Decline",
        ],
    );
    assert!(!page.contains("<radios>"));
    let marker = "/participants/";
    let at = page.find(marker).expect("a decision form") + marker.len();
    let id: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let approve = format!("{participants}/{id}/approve");
    let (status, _, location) = submit(&mut ana, &hub, &participants, &approve, &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(participants.as_str()));
    let (_, page) = ana.get(&hub.url(&participants)).await;
    assert!(page.contains("Participant approved."), "{page}");
    assert!(page.contains("1 accepted"), "{page}");
    assert!(!page.contains("/approve\""), "no decision left: {page}");

    let (_, page) = bob.get(&hub.url(&path)).await;
    assert!(page.contains("Your registration: Accepted"), "{page}");
    assert!(page.contains(&escaped("1 / 30 places")));
    // Others cannot decide.
    let decline = format!("{participants}/{id}/decline");
    let (status, _, _) = submit(&mut carol, &hub, &path, &decline, &[]).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn edit_cancel_and_french() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let mut ana = member(&net, &hub, "ana").await;
    let path = create(&mut ana, &hub, EVENT).await;
    let edit = format!("{path}/edit");

    // The edit form holds the saved values, wall-clock times in the event's zone.
    let (status, form) = ana.get(&hub.url(&edit)).await;
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("value=\"2030-06-04T10:00\""), "{form}");
    assert!(form.contains(&format!("value=\"{}\"", escaped("Europe/Lisbon"))));
    assert!(form.contains("value=\"Casa Comum\""));
    let mut bob = member(&net, &hub, "bob").await;
    let (status, _) = bob.get(&hub.url(&edit)).await;
    assert_eq!(status, 403);

    let fields = with(&[("title", "Repair Café Mouraria"), ("status", "scheduled")]);
    let (status, body, location) = submit(&mut ana, &hub, &edit, &edit, &fields).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location.as_deref(), Some(path.as_str()));
    let (_, page) = bob.get(&hub.url(&path)).await;
    assert!(page.contains("Repair Café Mouraria"), "{page}");
    assert!(has_join_form(&page, &path));
    // A refused edit keeps what was typed.
    let fields = with(&[("title", "Still typing"), ("ends", "2030-06-03T10:00")]);
    let (status, body, _) = submit(&mut ana, &hub, &edit, &edit, &fields).await;
    assert_eq!(status, 422);
    assert!(body.contains("value=\"Still typing\""), "{body}");

    // Cancelled: the badge, no more joining.
    let (status, _, location) = submit(&mut ana, &hub, &path, &format!("{path}/cancel"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(path.as_str()));
    let (_, page) = bob.get(&hub.url(&path)).await;
    shows(
        &page,
        &[
            "event-status-cancelled\">Cancelled",
            "This event was cancelled",
        ],
    );
    assert!(!has_join_form(&page, &path));
    let (status, page, _) = submit(&mut bob, &hub, &path, &format!("{path}/join"), &[]).await;
    assert_eq!(status, 422);
    assert!(page.contains("This event was cancelled: you cannot join it."));
    let (_, list) = bob.get(&hub.url("/events")).await;
    assert!(list.contains(">Cancelled<"), "{list}");

    // In French.
    bob.lang = "fr";
    let (_, page) = bob.get(&hub.url(&path)).await;
    shows(
        &page,
        &[
            "<html lang=\"fr\"",
            "Quand",
            "Annulé",
            "mar. 4 juin 2030, 10:00–17:30 Europe/Lisbon (UTC+01:00)",
            "Ateliers et partage de savoir-faire",
            "Ajouter à l'agenda",
        ],
    );
    let (_, list) = bob.get(&hub.url("/events")).await;
    shows(&list, &["1 événement", "Vue du mois"]);
    let (_, month) = bob.get(&hub.url("/events/month?year=2030&month=6")).await;
    shows(&month, &["juin 2030", "lun."]);
    for page in [&page, &list, &month] {
        assert!(!page.contains("Unknown localization"));
    }

    // Deleted: gone, back to the list.
    let (status, _, location) = submit(&mut ana, &hub, &path, &format!("{path}/delete"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/events"));
    let (status, _) = bob.get(&hub.url(&path)).await;
    assert_eq!(status, 404);
}

/// A 4 × 2 pixel PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 240, 202, 234, 52, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 224, 14, 158, 2, 71, 12,
    200, 28, 0, 94, 34, 7, 145, 111, 60, 251, 105, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Posts `bytes` as the `file` field of the cover form (built by hand: multipart).
async fn post_cover(net: &Network, url: &str, cookie: &str, csrf: &str, bytes: &[u8]) -> String {
    let b = "tessera-test-cover";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"c.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    let res = net.client().post(url).header("cookie", cookie);
    let res = res.header("content-type", format!("multipart/form-data; boundary={b}"));
    let res = res.body(body).send().await.unwrap();
    format!("{} {}", res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn cover_upload_and_removal() {
    let mut net = Network::bind(&["hub-a.test"]).await;
    let hub = net.start_hub("hub-a.test").await;
    let user = hub.create_user("ana").await;
    let (token, session) = sessions::create(&hub.ctx, &user).await.unwrap();
    let input = events::EventInput {
        title: "Online repair".into(),
        starts: "2030-06-04T10:00".into(),
        ends: "2030-06-04T12:00".into(),
        time_zone: "Europe/Lisbon".into(),
        online_url: "https://meet.example/repair".into(),
        ..Default::default()
    };
    let created = events::create(&hub.ctx, &user, input).await;
    let path = format!("/events/{}", created.unwrap().event.key);
    let cookie = format!("tessera_session={token}");
    let url = hub.url(&format!("{path}/cover"));
    let csrf = session.csrf_token.as_str();
    let page = |net: &Network| net.client().get(hub.url(&path)).header("cookie", &cookie);

    // Refused files are explained on the event page; the right one is shown there.
    let code = |answer: &str| answer[..3].to_string();
    let answer = post_cover(&net, &url, &cookie, csrf, b"").await;
    assert_eq!(code(&answer), "400");
    shows(&answer, &["Choose an image file to upload."]);
    let answer = post_cover(&net, &url, &cookie, csrf, b"not an image").await;
    assert!(answer.starts_with("400") && answer.contains("Upload a PNG, JPEG"));
    let answer = post_cover(&net, &url, &cookie, &"0".repeat(64), PNG).await;
    assert_eq!(code(&answer), "403");
    // Others may not, even with their own token.
    let bob = hub.create_user("bob").await;
    let (bob_token, bob_session) = sessions::create(&hub.ctx, &bob).await.unwrap();
    let bob_cookie = format!("tessera_session={bob_token}");
    let answer = post_cover(&net, &url, &bob_cookie, &bob_session.csrf_token, PNG).await;
    assert_eq!(code(&answer), "403");
    assert_eq!(code(&post_cover(&net, &url, "", csrf, PNG).await), "401");
    let answer = post_cover(&net, &url, &cookie, csrf, PNG).await;
    assert_eq!(code(&answer), "303");
    let html = page(&net).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("class=\"event-cover\""), "{html}");
    assert!(html.contains("Remove the cover"));

    let res = net.client().post(hub.url(&format!("{path}/cover/delete")));
    let res = res.header("cookie", &cookie).form(&[("csrf_token", csrf)]);
    assert_eq!(res.send().await.unwrap().status(), 303);
    let html = page(&net).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("class=\"event-cover\""), "{html}");
}
