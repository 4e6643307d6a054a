//! The controlled vocabularies of the directory: stable codes, stored in the database and
//! sent on the wire. Their labels live in the translation catalogue as `vocab-<list>-<code>`
//! (for example `vocab-theme-health-care`). Pure data: every layer may use it.

/// Themes: the six DSI clusters first, then the wider fields hubs work in.
pub const THEMES: &[&str] = &[
    "migration-integration",
    "food-environment-climate",
    "health-care",
    "skills-learning",
    "digital-democracy",
    "cities-urban-development",
    "work-employment",
    "culture-arts",
    "science",
    "finance-economy",
];

/// DSI focus areas (DSI4EU's four kinds of openness).
pub const FOCUS: &[&str] = &[
    "open-data",
    "open-hardware",
    "open-networks",
    "open-knowledge",
];

pub const TECHNOLOGIES: &[&str] = &[
    "open-source",
    "ai",
    "p2p",
    "crowdsourcing",
    "iot",
    "blockchain",
    "open-data-platforms",
    "digital-fabrication",
    "mobile-apps",
    "online-platforms",
    "mapping-gis",
    "immersive-media",
];

/// The UN Sustainable Development Goals, 1 to 17, stored as their number.
pub const SDGS: &[&str] = &[
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
];

pub const PROJECT_STATUSES: &[&str] = &["idea", "active", "scaling", "completed"];

pub const ORGANISATION_TYPES: &[&str] = &[
    "public-authority",
    "funder",
    "support-organisation",
    "social-economy-enterprise",
    "ngo-association",
    "research",
    "business",
    "grassroots-network",
];

/// Organisation sizes, by staff (the EU's SME classes).
pub const ORGANISATION_SIZES: &[&str] = &["micro", "small", "medium", "large"];

/// An organisation's role in a project.
pub const LINK_ROLES: &[&str] = &["lead", "partner", "funder"];

/// How a project relates to another it took after (issue 22, part 5), strongest first.
pub const REPLICATION_RELATIONS: &[&str] = &["replicates", "adapts", "inspired_by"];

/// A member's role in a project or organisation.
pub const MEMBER_ROLES: &[&str] = &["admin", "editor"];

/// Suggested expertise and need tags. Tags are free (lower case, at most 50 characters),
/// but organisations that pick from this list find each other more often.
pub const SUGGESTED_TAGS: &[&str] = &[
    "funding",
    "mentoring",
    "legal-advice",
    "impact-evaluation",
    "volunteers",
    "software-development",
    "communication",
    "partnerships",
    "data-analysis",
    "training",
    "spaces",
    "public-procurement",
];

/// Facets stored in `directory_tags`, and the list that constrains each (None: free tags).
pub const FACETS: &[(&str, Option<&[&str]>)] = &[
    ("theme", Some(THEMES)),
    ("focus", Some(FOCUS)),
    ("technology", Some(TECHNOLOGIES)),
    ("sdg", Some(SDGS)),
    ("language", None),
    ("expertise", None),
    ("need", None),
];

/// Longest free tag, in characters, and most tags per facet.
pub const MAX_TAG_CHARS: usize = 50;
pub const MAX_TAGS: usize = 20;

/// A free tag as stored: trimmed, lower case, inner spaces as dashes; None if unusable.
pub fn normalise_tag(raw: &str) -> Option<String> {
    let words: Vec<String> = raw
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let tag = words.join("-");
    (!tag.is_empty() && tag.chars().count() <= MAX_TAG_CHARS).then_some(tag)
}

/// Funding programmes a call belongs to (issue 22), as EuroAccess and the Commission's
/// funding portal group them.
pub const PROGRAMMES: &[&str] = &[
    "esf-plus",
    "easi",
    "horizon-europe",
    "interreg",
    "erasmus-plus",
    "national",
    "regional",
    "private-foundation",
    "other",
];

/// What a call offers.
pub const CALL_KINDS: &[&str] = &[
    "grant",
    "prize",
    "loan-guarantee",
    "equity",
    "in-kind",
    "incubation",
    "training",
    "procurement",
    "other",
];

/// What a knowledge resource is.
pub const RESOURCE_KINDS: &[&str] = &[
    "case-study",
    "toolkit",
    "method",
    "report",
    "dataset",
    "training",
    "other",
];

/// The licences a resource may carry: the Creative Commons 4.0 licences, CC0, and "all
/// rights reserved".
pub const LICENCES: &[&str] = &[
    "cc-by",
    "cc-by-sa",
    "cc-by-nc",
    "cc-by-nc-sa",
    "cc-by-nd",
    "cc-by-nc-nd",
    "cc0",
    "all-rights-reserved",
];

/// The deed of a licence, as sent on the wire (`license`); None for "all rights reserved".
pub fn licence_url(code: &str) -> Option<String> {
    match code {
        "cc0" => Some("https://creativecommons.org/publicdomain/zero/1.0/".into()),
        "all-rights-reserved" => None,
        c if LICENCES.contains(&c) => Some(format!(
            "https://creativecommons.org/licenses/{}/4.0/",
            c.trim_start_matches("cc-")
        )),
        _ => None,
    }
}

/// The code of a licence deed URL (any version, http or https), if it is one we list.
pub fn licence_of_url(url: &str) -> Option<&'static str> {
    let rest = url
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .strip_prefix("creativecommons.org/")?;
    if rest.starts_with("publicdomain/zero/") {
        return Some("cc0");
    }
    let name = rest.strip_prefix("licenses/")?.split('/').next()?;
    let code = format!("cc-{}", name.to_ascii_lowercase());
    LICENCES.iter().copied().find(|c| *c == code)
}

/// The 27 member states of the European Union (ISO 3166-1 alpha-2): what "EU-27" stands for
/// among a call's eligible countries.
#[rustfmt::skip]
pub const EU27: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The shortcut for [`EU27`] in forms, the API and the wire.
pub const EU27_CODE: &str = "EU27";

/// Currencies a call's amounts may be given in (ISO 4217): the euro, the other currencies of
/// European countries, and the dollar for foundations that give in it.
#[rustfmt::skip]
pub const CURRENCIES: &[&str] = &[
    "EUR", "BGN", "CZK", "DKK", "HUF", "PLN", "RON", "SEK", "CHF", "NOK", "ISK", "GBP",
    "ALL", "BAM", "MKD", "RSD", "TRY", "UAH", "MDL", "GEL", "USD",
];

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && isocountry::CountryCode::for_alpha2(code).is_ok()
}

/// Event categories: FEP-8a8e's recommended list (a superset of Mobilizon's, which
/// reads the seven it lacks as MEETING).
pub const EVENT_CATEGORIES: &[&str] = &[
    "ARTS",
    "AUTO_BOAT_AIR",
    "BOOK_CLUBS",
    "BUSINESS",
    "CAUSES",
    "CLIMATE_ENVIRONMENT",
    "COMMUNITY",
    "COMEDY",
    "CRAFTS",
    "CREATIVE_JAM",
    "DIY_MAKER_SPACES",
    "FAMILY_EDUCATION",
    "FASHION_BEAUTY",
    "FESTIVALS",
    "FILM_MEDIA",
    "FOOD_DRINK",
    "GAMES",
    "INCLUSIVE_SPACES",
    "LANGUAGE_CULTURE",
    "LEARNING",
    "LGBTQ",
    "MEETING",
    "MEDITATION_WELLBEING",
    "MOVEMENTS_POLITICS",
    "MUSIC",
    "NETWORKING",
    "OUTDOORS_ADVENTURE",
    "PARTY",
    "PERFORMING_VISUAL_ARTS",
    "PETS",
    "PHOTOGRAPHY",
    "SCIENCE_TECH",
    "SPIRITUALITY_RELIGION_BELIEFS",
    "SPORTS",
    "THEATRE",
    "WORKSHOPS_SKILL_SHARING",
];

/// The time zone of each European country's capital (ISO 3166-1 alpha-2), for the zone a
/// hub offers first for its events when its admin did not set `instance.timezone`.
#[rustfmt::skip]
pub const COUNTRY_ZONES: &[(&str, &str)] = &[
    ("AD", "Europe/Andorra"), ("AL", "Europe/Tirane"), ("AT", "Europe/Vienna"), ("BA", "Europe/Sarajevo"),
    ("BE", "Europe/Brussels"), ("BG", "Europe/Sofia"), ("BY", "Europe/Minsk"), ("CH", "Europe/Zurich"),
    ("CY", "Asia/Nicosia"), ("CZ", "Europe/Prague"), ("DE", "Europe/Berlin"), ("DK", "Europe/Copenhagen"),
    ("EE", "Europe/Tallinn"), ("ES", "Europe/Madrid"), ("FI", "Europe/Helsinki"), ("FR", "Europe/Paris"),
    ("GB", "Europe/London"), ("GE", "Asia/Tbilisi"), ("GR", "Europe/Athens"), ("HR", "Europe/Zagreb"),
    ("HU", "Europe/Budapest"), ("IE", "Europe/Dublin"), ("IS", "Atlantic/Reykjavik"), ("IT", "Europe/Rome"),
    ("LI", "Europe/Vaduz"), ("LT", "Europe/Vilnius"), ("LU", "Europe/Luxembourg"), ("LV", "Europe/Riga"),
    ("MC", "Europe/Monaco"), ("MD", "Europe/Chisinau"), ("ME", "Europe/Podgorica"), ("MK", "Europe/Skopje"),
    ("MT", "Europe/Malta"), ("NL", "Europe/Amsterdam"), ("NO", "Europe/Oslo"), ("PL", "Europe/Warsaw"),
    ("PT", "Europe/Lisbon"), ("RO", "Europe/Bucharest"), ("RS", "Europe/Belgrade"), ("SE", "Europe/Stockholm"),
    ("SI", "Europe/Ljubljana"), ("SK", "Europe/Bratislava"), ("SM", "Europe/San_Marino"), ("TR", "Europe/Istanbul"),
    ("UA", "Europe/Kyiv"), ("VA", "Europe/Vatican"), ("XK", "Europe/Belgrade"),
];

/// The zone of a country's capital, if it is one of [`COUNTRY_ZONES`].
pub fn country_zone(country: &str) -> Option<&'static str> {
    COUNTRY_ZONES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(country))
        .map(|(_, z)| *z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised() {
        assert_eq!(
            normalise_tag("  Legal Advice "),
            Some("legal-advice".into())
        );
        assert_eq!(
            normalise_tag("Évaluation_d'impact"),
            Some("évaluation-dimpact".into())
        );
        assert_eq!(normalise_tag("--"), None);
        assert_eq!(normalise_tag(&"x".repeat(51)), None);
    }

    #[test]
    fn codes_are_unique_and_url_safe() {
        for (_, list) in FACETS {
            if let Some(list) = list {
                let mut seen = std::collections::HashSet::new();
                for code in *list {
                    assert!(seen.insert(code), "{code} twice");
                    assert!(code
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
                }
            }
        }
    }

    #[test]
    fn call_lists_are_codes_and_eu27_are_countries() {
        assert_eq!(
            licence_of_url(&licence_url("cc-by-sa").unwrap()),
            Some("cc-by-sa")
        );
        assert_eq!(
            licence_of_url("http://creativecommons.org/publicdomain/zero/1.0/"),
            Some("cc0")
        );
        assert_eq!(licence_of_url("https://example.org/licenses/by/4.0/"), None);
        for list in [PROGRAMMES, CALL_KINDS, RESOURCE_KINDS, LICENCES] {
            for code in list {
                assert!(code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            }
        }
        assert_eq!(EU27.len(), 27);
        assert!(EU27.iter().all(|c| is_country(c)));
        assert!(!is_country("EU") && !is_country("pt"));
    }

    #[test]
    fn every_country_zone_is_a_known_zone() {
        for (country, zone) in super::COUNTRY_ZONES {
            assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{country}: {zone}");
        }
        assert_eq!(super::country_zone("ee"), Some("Europe/Tallinn"));
        assert_eq!(super::country_zone("US"), None);
    }
}
