//! Directory entries for benchmarks: 20,000 projects and organisations (a fifth remote,
//! from 40 hosts) with names, prose, countries and tags drawn from the vocabularies, saved
//! through `DirectoryEntry::save`, the path local edits and federation take.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use scoped_futures::ScopedFutureExt;
use tessera::db::models::actor::{Actor, ActorForm};
use tessera::db::models::entry::{DirectoryEntry, EntryForm, KIND_ORGANISATION, KIND_PROJECT};
use tessera::db::{DbError, DbPool};
use tessera::vocabulary as vocab;

pub const ENTRIES: usize = 20_000;
const BATCH: usize = 500;

const COUNTRIES: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];
/// Rough centres of `COUNTRIES` (latitude, longitude), for entries that give coordinates.
const CENTRES: &[(f64, f64)] = &[
    (47.6, 14.1),
    (50.6, 4.6),
    (42.7, 25.3),
    (45.4, 15.9),
    (35.0, 33.2),
    (49.8, 15.5),
    (56.0, 9.5),
    (58.7, 25.5),
    (62.5, 26.0),
    (46.6, 2.4),
    (51.1, 10.4),
    (39.3, 22.0),
    (47.2, 19.4),
    (53.2, -7.9),
    (42.8, 12.6),
    (56.9, 24.9),
    (55.3, 23.9),
    (49.8, 6.1),
    (35.9, 14.4),
    (52.2, 5.5),
    (52.1, 19.4),
    (39.6, -8.0),
    (45.9, 24.9),
    (48.7, 19.6),
    (46.1, 14.8),
    (40.2, -3.6),
    (62.0, 15.0),
];
const LANGUAGES: &[&str] = &["en", "fr", "de", "es", "it", "pt", "nl", "pl", "el", "sv"];
const FIRST: &[&str] = &[
    "Green",
    "Open",
    "Civic",
    "Shared",
    "Digital",
    "Urban",
    "Rural",
    "Circular",
    "Social",
    "Common",
    "Local",
    "Solar",
    "Fair",
    "Healthy",
    "Smart",
    "Creative",
    "Inclusive",
    "Bright",
];
const SECOND: &[&str] = &[
    "Energy",
    "Food",
    "Care",
    "Learning",
    "Data",
    "Housing",
    "Mobility",
    "Water",
    "Skills",
    "Democracy",
    "Finance",
    "Culture",
    "Health",
    "Makers",
    "Transport",
    "Waste",
    "Garden",
];
const THIRD: &[&str] = &[
    "Lab",
    "Network",
    "Hub",
    "Cooperative",
    "Collective",
    "Foundation",
    "Alliance",
    "Project",
    "Platform",
    "Initiative",
    "Commons",
    "Studio",
    "Forum",
    "School",
    "Circle",
];
const WORDS: &[&str] = &[
    "community",
    "neighbourhood",
    "volunteers",
    "citizens",
    "municipality",
    "schools",
    "refugees",
    "elderly",
    "youth",
    "farmers",
    "repair",
    "energy",
    "solar",
    "bicycles",
    "housing",
    "software",
    "open",
    "data",
    "platform",
    "mapping",
    "training",
    "workshops",
    "funding",
    "research",
    "climate",
    "biodiversity",
    "water",
    "health",
    "clinics",
    "art",
    "music",
    "library",
    "makerspace",
    "recycling",
    "kitchen",
    "market",
    "cooperative",
];

pub fn pick<'a>(rng: &mut StdRng, list: &[&'a str], min: usize, max: usize) -> Vec<&'a str> {
    let n = rng.gen_range(min..=max);
    list.choose_multiple(rng, n).copied().collect()
}

/// Text where one word in `share` is a topic word and the rest come from a vocabulary of
/// 4,000 made-up words, the frequent ones far more often (as in real prose).
fn sentence(rng: &mut StdRng, words: usize, share: u32) -> String {
    const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "po"];
    (0..words)
        .map(|_| {
            if rng.gen_ratio(1, share) {
                return WORDS.choose(rng).unwrap().to_string();
            }
            let n = (4_000.0 * rng.gen::<f64>().powi(3)) as usize;
            let (a, b, c) = (n % 10, n / 10 % 10, n / 100 % 40);
            format!(
                "{}{}{}",
                SYLLABLES[a],
                SYLLABLES[b],
                SYLLABLES[c % 10].repeat(1 + c / 10)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One generated entry: actor form, entry form, tags. Local entries live at `base`.
pub fn entry(
    rng: &mut StdRng,
    i: usize,
    base: &str,
    domain: &str,
) -> (ActorForm, EntryForm, Vec<(String, String)>) {
    let project = rng.gen_bool(0.6);
    let kind = if project {
        KIND_PROJECT
    } else {
        KIND_ORGANISATION
    };
    let local = rng.gen_bool(0.8);
    let domain = if local {
        domain.to_string()
    } else {
        format!("far{}.example", i % 40)
    };
    let username = format!("e{i}");
    let path = if project { "projects" } else { "organisations" };
    let id = if local {
        format!("{base}/{path}/{username}")
    } else {
        format!("https://{domain}/{path}/{username}")
    };
    let name = format!(
        "{} {} {}",
        FIRST.choose(rng).unwrap(),
        SECOND.choose(rng).unwrap(),
        THIRD.choose(rng).unwrap()
    );
    let now = tessera::db::now();
    let actor = ActorForm {
        ap_id: id.clone(),
        kind: if project { "Group" } else { "Organization" }.into(),
        username,
        domain,
        display_name: name,
        summary: format!("<p>{}</p>", sentence(rng, 12, 4)),
        inbox_url: format!("{id}/inbox"),
        shared_inbox_url: None,
        outbox_url: None,
        followers_url: None,
        following_url: None,
        profile_url: Some(id),
        // Keys play no part in searching; generating 20,000 would take minutes.
        public_key_pem: "bench".into(),
        private_key_pem: None,
        is_local: local,
        manually_approves_followers: false,
        discoverable: true,
        published: None,
        last_refreshed_at: now,
        domain_limited: false,
    };
    let description = sentence(rng, 60, 20);
    // As `choose` draws it, so that the data set is the one the other benchmarks measured.
    let country = rng.gen_range(0..COUNTRIES.len() as u32) as usize;
    // Three entries in five give coordinates near their country's centre; drawn from their
    // own generator, so that the other fields are what they were before coordinates.
    let mut geo = StdRng::seed_from_u64(i as u64 ^ 0x6e6f_6465);
    let point = geo.gen_bool(0.6).then(|| {
        let (lat, lon) = CENTRES[country];
        (
            lat + geo.gen_range(-1.0..1.0),
            lon + geo.gen_range(-1.5..1.5),
        )
    });
    let form = EntryForm {
        entry_kind: kind.into(),
        description_html: format!("<p>{description}</p>"),
        description_source: description,
        website: None,
        country: Some(COUNTRIES[country].to_string()),
        region: String::new(),
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        status: project.then(|| vocab::PROJECT_STATUSES.choose(rng).unwrap().to_string()),
        start_date: None,
        end_date: None,
        social_impact: String::new(),
        beneficiaries: String::new(),
        org_type: (!project).then(|| vocab::ORGANISATION_TYPES.choose(rng).unwrap().to_string()),
        org_size: None,
    };
    let mut tags = Vec::new();
    let mut add = |facet: &str, values: Vec<&str>| {
        tags.extend(
            values
                .into_iter()
                .map(|v| (facet.to_string(), v.to_string())),
        );
    };
    add("theme", pick(rng, vocab::THEMES, 1, 3));
    add("focus", pick(rng, vocab::FOCUS, 0, 1));
    add("technology", pick(rng, vocab::TECHNOLOGIES, 0, 2));
    add("sdg", pick(rng, vocab::SDGS, 1, 3));
    add("language", pick(rng, LANGUAGES, 1, 2));
    if !project {
        add("expertise", pick(rng, vocab::SUGGESTED_TAGS, 1, 4));
        add("need", pick(rng, vocab::SUGGESTED_TAGS, 0, 3));
    }
    (actor, form, tags)
}

/// Saves `ENTRIES` generated entries, a fifth of them remote, local ones at `base`.
pub async fn fill(pool: &DbPool, base: &str, domain: &str) {
    let mut rng = StdRng::seed_from_u64(7);
    let all: Vec<_> = (0..ENTRIES)
        .map(|i| entry(&mut rng, i, base, domain))
        .collect();
    for batch in all.chunks(BATCH) {
        let mut conn = pool.get().await.unwrap();
        conn.transaction::<_, DbError, _>(|c| {
            async move {
                for (actor, form, tags) in batch {
                    let actor = Actor::insert(c, actor).await?;
                    DirectoryEntry::save(c, &actor, form, tags).await?;
                }
                Ok(())
            }
            .scope_boxed()
        })
        .await
        .unwrap();
    }
}
