//! Events for benchmarks: 10,000 events by 500 organisers (a fifth remote), from six
//! months ago to eighteen months ahead, in twenty towns or online, each made by the event
//! form's `validate` and stored with `Event::insert`.

use chrono::Duration as Span;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use scoped_futures::ScopedFutureExt;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::event::{
    Event, EventForm, Tags, FACET_HASHTAG, JOIN_APPROVAL, JOIN_EXTERNAL, JOIN_FREE, JOIN_NONE,
    STATUS_CANCELLED, STATUS_POSTPONED, STATUS_TENTATIVE,
};
use tessera::db::{DbError, DbPool};
use tessera::services::events::{self, EventInput};
use tessera::vocabulary as vocab;

pub const EVENTS: usize = 10_000;
pub const ORGANISERS: usize = 500;
const BATCH: usize = 500;

/// (country, town, zone, latitude, longitude, usual language)
const TOWNS: &[(&str, &str, &str, f64, f64, &str)] = &[
    ("PT", "Lisboa", "Europe/Lisbon", 38.72, -9.14, "pt"),
    ("PT", "Porto", "Europe/Lisbon", 41.15, -8.61, "pt"),
    ("ES", "Madrid", "Europe/Madrid", 40.42, -3.70, "es"),
    ("ES", "Barcelona", "Europe/Madrid", 41.39, 2.17, "es"),
    ("FR", "Paris", "Europe/Paris", 48.86, 2.35, "fr"),
    ("FR", "Lyon", "Europe/Paris", 45.76, 4.84, "fr"),
    ("BE", "Bruxelles", "Europe/Brussels", 50.85, 4.35, "fr"),
    ("NL", "Amsterdam", "Europe/Amsterdam", 52.37, 4.90, "nl"),
    ("DE", "Berlin", "Europe/Berlin", 52.52, 13.40, "de"),
    ("DE", "München", "Europe/Berlin", 48.14, 11.58, "de"),
    ("IT", "Milano", "Europe/Rome", 45.46, 9.19, "it"),
    ("IT", "Roma", "Europe/Rome", 41.90, 12.50, "it"),
    ("AT", "Wien", "Europe/Vienna", 48.21, 16.37, "de"),
    ("PL", "Warszawa", "Europe/Warsaw", 52.23, 21.01, "pl"),
    ("EE", "Tallinn", "Europe/Tallinn", 59.44, 24.75, "et"),
    ("EE", "Tartu", "Europe/Tallinn", 58.38, 26.72, "et"),
    ("FI", "Helsinki", "Europe/Helsinki", 60.17, 24.94, "fi"),
    ("SE", "Stockholm", "Europe/Stockholm", 59.33, 18.07, "sv"),
    ("IE", "Dublin", "Europe/Dublin", 53.35, -6.26, "en"),
    ("GR", "Athína", "Europe/Athens", 37.98, 23.73, "el"),
];
/// Zones of online-only events.
const ONLINE_ZONES: &[&str] = &[
    "UTC",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Tallinn",
    "Europe/Helsinki",
    "Europe/Brussels",
    "Europe/London",
];
const LANGUAGES: &[&str] = &["en", "fr", "de", "es", "it", "pt", "nl", "pl", "et", "fi"];
const VENUES: &[&str] = &[
    "Community Centre",
    "Town Library",
    "Makerspace",
    "Co-working Loft",
    "City Hall, Room 2",
    "University Auditorium",
    "Neighbourhood House",
    "Repair Café",
    "Innovation Hub",
    "Old Market Hall",
];
const ADJECTIVES: &[&str] = &[
    "Open",
    "Civic",
    "Green",
    "Circular",
    "Digital",
    "Local",
    "Shared",
    "Inclusive",
    "Urban",
    "Rural",
    "Fair",
    "Solar",
];
const TOPICS: &[&str] = &[
    "Data",
    "Energy",
    "Food",
    "Care",
    "Housing",
    "Mobility",
    "Democracy",
    "Skills",
    "Water",
    "Culture",
    "Health",
    "Finance",
    "Repair",
];
const FORMATS: &[&str] = &[
    "Meetup",
    "Workshop",
    "Hackathon",
    "Conference",
    "Webinar",
    "Round Table",
    "Open Day",
    "Training",
    "Assembly",
    "Festival",
    "Study Circle",
];
const HASHTAGS: &[&str] = &[
    "opendata",
    "repaircafe",
    "civictech",
    "commons",
    "climate",
    "cooperatives",
    "foss",
    "participation",
    "citizenscience",
    "zerowaste",
];
const WORDS: &[&str] = &[
    "we",
    "will",
    "meet",
    "to",
    "discuss",
    "the",
    "next",
    "steps",
    "for",
    "our",
    "community",
    "project",
    "and",
    "share",
    "what",
    "we",
    "learned",
    "about",
    "energy",
    "housing",
    "data",
    "with",
    "neighbours",
    "volunteers",
    "students",
    "city",
    "council",
    "everyone",
    "is",
    "welcome",
    "bring",
    "a",
    "laptop",
    "ideas",
    "questions",
    "coffee",
    "provided",
    "session",
    "in",
    "small",
    "groups",
    "then",
    "a",
    "short",
    "presentation",
    "of",
    "results",
    "followed",
    "by",
    "an",
    "open",
    "discussion",
    "on",
    "funding",
    "tools",
    "and",
    "partners",
];

fn prose(rng: &mut StdRng, words: usize) -> String {
    let mut s: String = (0..words)
        .map(|_| *WORDS.choose(rng).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s + "."
}

pub struct Organiser {
    pub actor: Actor,
    pub town: usize,
}

/// `ORGANISERS` people, projects and organisations (a fifth remote) that hold events.
pub async fn organisers(pool: &DbPool, base: &str, domain: &str) -> Vec<Organiser> {
    let mut rng = StdRng::seed_from_u64(11);
    let mut conn = pool.get().await.unwrap();
    let mut out = Vec::with_capacity(ORGANISERS);
    for i in 0..ORGANISERS {
        let kind = ["Person", "Group", "Organization"][rng.gen_range(0..3)];
        let local = i % 5 != 4;
        let username = format!("org{i}");
        let (domain, id) = if local {
            let path = match kind {
                "Person" => "users",
                "Group" => "projects",
                _ => "organisations",
            };
            (domain.to_string(), format!("{base}/{path}/{username}"))
        } else {
            let far = format!("far{}.example", i % 25);
            let id = format!("https://{far}/@{username}");
            (far, id)
        };
        let name = format!(
            "{} {} {}",
            ADJECTIVES.choose(&mut rng).unwrap(),
            TOPICS.choose(&mut rng).unwrap(),
            ["Lab", "Collective", "Network", "Cooperative", "Hub"][rng.gen_range(0..5)]
        );
        let form = ActorForm {
            ap_id: id.clone(),
            kind: kind.into(),
            username,
            domain,
            display_name: name,
            summary: format!("<p>{}</p>", prose(&mut rng, 20)),
            inbox_url: format!("{id}/inbox"),
            shared_inbox_url: None,
            outbox_url: None,
            followers_url: None,
            following_url: None,
            profile_url: Some(id),
            // Keys play no part in the calendar; generating 500 would take a while.
            public_key_pem: "bench".into(),
            private_key_pem: None,
            is_local: local,
            manually_approves_followers: false,
            discoverable: true,
            published: None,
            last_refreshed_at: tessera::db::now(),
            domain_limited: false,
        };
        out.push(Organiser {
            actor: Actor::insert(&mut conn, &form).await.unwrap(),
            town: rng.gen_range(0..TOWNS.len()),
        });
    }
    out
}

/// One generated event: key, row, tags.
pub fn event(rng: &mut StdRng, base: &str, organisers: &[Organiser]) -> (String, EventForm, Tags) {
    // Some organisers publish far more than others (the busiest about 60 events).
    let org = &organisers[(ORGANISERS as f64 * rng.gen::<f64>().powf(1.5)) as usize];
    let mut key_bytes = [0u8; 10];
    rng.fill(&mut key_bytes);
    let key = hex::encode(key_bytes);
    // A third online only, a third hybrid, a third in person; mostly in the organiser's town.
    let mode = rng.gen_range(0..3);
    let town = if rng.gen_bool(0.8) {
        org.town
    } else {
        rng.gen_range(0..TOWNS.len())
    };
    let (country, locality, zone, lat, lon, town_lang) = TOWNS[town];
    let zone = if mode == 0 {
        *ONLINE_ZONES.choose(rng).unwrap()
    } else {
        zone
    };
    let language = match rng.gen_range(0..20) {
        0 => String::new(),
        1 => ["pt-BR", "en-GB", "de-AT", "fr-BE"][rng.gen_range(0..4)].to_string(),
        2..=9 => "en".to_string(),
        10..=11 => LANGUAGES.choose(rng).unwrap().to_string(),
        _ => town_lang.to_string(),
    };
    // Between six months ago and eighteen months ahead, in daytime where it happens.
    let today = tessera::db::now().date();
    let day = today + Span::days(rng.gen_range(-183..=548));
    let start = day.and_hms_opt(rng.gen_range(8..=19), 15 * rng.gen_range(0..4), 0);
    let start = start.unwrap();
    let length = match rng.gen_range(0..10) {
        0..=6 => Span::minutes(30 * rng.gen_range(2..=8)),
        7..=8 => Span::hours(rng.gen_range(6..=9)),
        _ => Span::days(rng.gen_range(1..=3)) + Span::hours(rng.gen_range(0..=8)),
    };
    let wall = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
    let (join_mode, capacity) = match rng.gen_range(0..10) {
        0..=3 => (JOIN_FREE, Some(rng.gen_range(10..=200))),
        4..=5 => (JOIN_APPROVAL, Some(rng.gen_range(10..=60))),
        6 => (JOIN_EXTERNAL, None),
        7 => (JOIN_FREE, None),
        _ => (JOIN_NONE, None),
    };
    let status = match rng.gen_range(0..100) {
        0..=4 => STATUS_CANCELLED,
        5..=9 => STATUS_TENTATIVE,
        10..=11 => STATUS_POSTPONED,
        _ => "scheduled",
    };
    let physical = mode != 0;
    let online = mode != 1;
    let coordinates = physical && rng.gen_bool(0.6);
    let words = rng.gen_range(30..=120);
    let mut description = prose(rng, words);
    for _ in 0..rng.gen_range(0..=2) {
        let words = rng.gen_range(20..=80);
        description.push_str("\n\n");
        description.push_str(&prose(rng, words));
    }
    if rng.gen_bool(0.3) {
        description.push_str("\n\n- welcome and introductions\n- talks\n- open discussion");
    }
    let themes = rng.gen_range(1..=3);
    let hashtags = rng.gen_range(0..=2);
    let input = EventInput {
        title: format!(
            "{} {} {}",
            ADJECTIVES.choose(rng).unwrap(),
            TOPICS.choose(rng).unwrap(),
            FORMATS.choose(rng).unwrap()
        ),
        description,
        starts: wall(start),
        ends: wall(start + length),
        time_zone: zone.into(),
        place_name: if physical {
            VENUES.choose(rng).unwrap().to_string()
        } else {
            String::new()
        },
        street: if physical {
            format!(
                "Rua {} {}",
                TOPICS.choose(rng).unwrap(),
                rng.gen_range(1..200)
            )
        } else {
            String::new()
        },
        postal_code: if physical {
            format!("{:05}", rng.gen_range(1000..99999))
        } else {
            String::new()
        },
        locality: if physical {
            locality.into()
        } else {
            String::new()
        },
        country: if physical {
            country.into()
        } else {
            String::new()
        },
        latitude: coordinates.then_some(lat),
        longitude: coordinates.then_some(lon),
        online_url: if online {
            format!("https://meet.example/{key}")
        } else {
            String::new()
        },
        category: if rng.gen_bool(0.8) {
            vocab::EVENT_CATEGORIES.choose(rng).unwrap().to_string()
        } else {
            String::new()
        },
        themes: (vocab::THEMES.choose_multiple(rng, themes))
            .map(|t| t.to_string())
            .collect(),
        language,
        status: status.into(),
        join_mode: join_mode.into(),
        external_url: if join_mode == JOIN_EXTERNAL {
            format!("https://tickets.example/{key}")
        } else {
            String::new()
        },
        capacity,
        ..Default::default()
    };
    let (mut form, mut tags) = events::validate(&input).expect("valid event");
    let a = &org.actor;
    form.organizer_id = a.id;
    form.is_local = a.is_local;
    form.ap_id = if a.is_local {
        format!("{base}/events/{key}")
    } else {
        format!("https://{}/events/{key}", a.domain)
    };
    form.url = Some(form.ap_id.clone());
    form.creator_id = (a.is_local && a.kind == "Person").then_some(a.id);
    let now = tessera::db::now();
    let published = (form.starts_at - Span::days(rng.gen_range(2..=120)))
        .min(now - Span::minutes(rng.gen_range(1..=10_000)));
    form.published = published;
    if rng.gen_bool(0.25) {
        form.updated = Some((published + Span::hours(rng.gen_range(1..=500))).min(now));
    }
    form.participant_count = match capacity {
        Some(c) => rng.gen_range(0..=c),
        None => rng.gen_range(0..=40),
    };
    for tag in HASHTAGS.choose_multiple(rng, hashtags) {
        tags.push((FACET_HASHTAG.into(), tag.to_string()));
    }
    (key, form, tags)
}

/// Saves `EVENTS` generated events by `organisers`.
pub async fn fill(pool: &DbPool, base: &str, organisers: &[Organiser]) {
    let mut rng = StdRng::seed_from_u64(7);
    let all: Vec<_> = (0..EVENTS)
        .map(|_| event(&mut rng, base, organisers))
        .collect();
    for batch in all.chunks(BATCH) {
        let mut conn = pool.get().await.unwrap();
        conn.transaction::<_, DbError, _>(|c| {
            async move {
                for (key, form, tags) in batch {
                    Event::insert(c, key, form, tags).await?.expect("new event");
                }
                Ok(())
            }
            .scope_boxed()
        })
        .await
        .unwrap();
    }
}
